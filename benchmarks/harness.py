"""The one benchmark harness: interleaved runs, ratios against a baseline measured in the
same run, figures with their goals, and `--check` to exit non-zero when one misses.

Each script under benchmarks/ builds a `Bench`, records figures and calls `finish()`:

    bench = Bench("cost")                     # parses --runs and --check
    t = bench.run({"python -c pass": [...], "cost": [...]})   # interleaved processes
    bench.ratio("cost start-up", t["cost"].wall, t["python -c pass"].wall, goal=12)
    bench.finish()                            # prints the table; --check: exit 1 on a miss

Processes are timed with os.wait4, so each run gives its wall time, its CPU time (user +
system, children included) and its peak resident memory. Medians are compared: a ratio of
medians of interleaved runs, so drift in the machine's load hits the baseline alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # in-process figures measure this checkout


def child_env() -> dict[str, str]:
    """The environment for measured processes: bytecode written and read, as after `pip
    install` (PYTHONDONTWRITEBYTECODE would make every run recompile lambdacalc)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def lambdacalc(*args: str) -> list[str]:
    """The command line that runs lambdacalc as its console script does."""
    return [
        PY,
        "-c",
        "import sys; from lambdacalc.cli import main; sys.argv[0] = 'lambdacalc'; main()",
        *args,
    ]


@dataclass
class Sample:
    """Medians over runs of one command: wall and CPU seconds, peak RSS in MiB."""

    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss_mib: list[float] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def peak_mib(self) -> float:
        return max(self.rss_mib)


def run_once(cmd: Sequence[str] | str, stdin: Path | None = None) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MiB) of one run; output discarded; a failure stops the run."""
    shell = isinstance(cmd, str)
    with open(stdin if stdin else os.devnull, "rb") as inp:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            shell=shell,
            stdin=inp,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=child_env(),
            cwd=ROOT,
        )
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"benchmark command failed ({proc.returncode}): {cmd}\n{err.decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    goal: float | None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.goal is None or self.value <= self.goal


class Bench:
    def __init__(self, title: str, argv: Sequence[str] | None = None, runs: int = 11) -> None:
        parser = argparse.ArgumentParser(description=title)
        parser.add_argument("--runs", type=int, default=runs, help="interleaved runs per command")
        parser.add_argument(
            "--check", action="store_true", help="exit 1 if any figure misses its goal"
        )
        self.parser = parser
        self.title = title
        self.figures: list[Figure] = []
        self._argv = argv

    def parse(self) -> argparse.Namespace:
        self.args = self.parser.parse_args(self._argv)
        return self.args

    @property
    def runs(self) -> int:
        return int(getattr(self, "args", self.parse()).runs)

    def run(
        self,
        commands: Mapping[str, Sequence[str] | str],
        runs: int | None = None,
        warm: bool = True,
        stdin: Path | None = None,
    ) -> dict[str, Sample]:
        """Run every command `runs` times, interleaved (a, b, c, a, b, c, …), after one
        warm-up run each (file cache, bytecode)."""
        if warm:
            for cmd in commands.values():
                run_once(cmd, stdin)
        samples = {name: Sample() for name in commands}
        for _ in range(runs or self.runs):
            for name, cmd in commands.items():
                wall, cpu, rss = run_once(cmd, stdin)
                samples[name].walls.append(wall)
                samples[name].cpus.append(cpu)
                samples[name].rss_mib.append(rss)
        return samples

    def time_calls(self, action: Callable[[], object], runs: int | None = None) -> float:
        """Median seconds of an in-process call, after a warm-up call."""
        action()
        timings = []
        for _ in range(runs or self.runs):
            start = time.perf_counter()
            action()
            timings.append(time.perf_counter() - start)
        return statistics.median(timings)

    def figure(
        self, name: str, value: float, unit: str, goal: float | None = None, detail: str = ""
    ) -> Figure:
        fig = Figure(name, value, unit, goal, detail)
        self.figures.append(fig)
        mark = "" if goal is None else (" OK" if fig.ok else " MISS")
        goal_text = "" if goal is None else f" (goal <= {goal:g}{unit})"
        print(f"  {name}: {value:.3g}{unit}{goal_text}{mark}{'  ' + detail if detail else ''}")
        sys.stdout.flush()
        return fig

    def ratio(
        self, name: str, value: float, base: float, goal: float | None = None, detail: str = ""
    ) -> Figure:
        return self.figure(name, value / base, "x", goal, detail)

    def finish(self) -> None:
        missed = [f for f in self.figures if not f.ok]
        print(
            f"{self.title}: {len(self.figures) - len(missed)} of {len(self.figures)} figures "
            f"within their goals ({self.runs} interleaved runs)"
        )
        if missed and getattr(self, "args", None) is not None and self.args.check:
            for f in missed:
                print(f"MISSED {f.name}: {f.value:.3g}{f.unit} > {f.goal:g}{f.unit}")
            sys.exit(1)
