"""Benchmarks for `lambdacalc concurrency`; plain python, prints figures, asserts nothing.

    python benchmarks/bench_concurrency.py [--runs N]

1. Erlang B inversion at a load of 1,000,000 erlangs (goal: under 50 ms).
2. `lambdacalc concurrency --rps 100 --duration 0.2 --format json` as a whole process against
   `python -c pass`, interleaved, median of N runs each (goal: at most 6x). Skipped until the
   CLI exists.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lambdacalc.concurrency import concurrency_for_target, erlang_b  # noqa: E402


def _time_ms(action: object, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def bench_erlang(runs: int) -> None:
    load = 1_000_000
    for target in (0.001, 0.01, 1e-6):
        servers = concurrency_for_target(load, target)
        timings = _time_ms(lambda target=target: concurrency_for_target(load, target), runs)
        print(
            f"concurrency_for_target(load={load:,}, target={target:g}) = {servers:,}: "
            f"median {statistics.median(timings):.2f} ms, max {max(timings):.2f} ms "
            f"(goal < 50 ms)"
        )
    timings = _time_ms(lambda: erlang_b(100_000, 99_000), runs)
    print(
        f"erlang_b(100,000, 99,000) = {erlang_b(100_000, 99_000):.4e}: "
        f"median {statistics.median(timings):.2f} ms"
    )


MINIMAL_TYPER_APP = """
import typer
app = typer.Typer(add_completion=False)
@app.command()
def one(rps: str = typer.Option("1")) -> None:
    print("{}")
@app.command()
def two() -> None:
    pass
app()
"""


def bench_cli(runs: int) -> None:
    if importlib.util.find_spec("lambdacalc.cli") is None:
        print("CLI benchmark skipped: lambdacalc.cli does not exist yet")
        return
    # An installed package has its bytecode compiled; PYTHONDONTWRITEBYTECODE=1 (set in some
    # sandboxes) would make every run recompile lambdacalc from source, so the children run
    # without it and the warm-up run writes __pycache__.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    args = ["concurrency", "--rps", "100", "--duration", "0.2", "--format", "json"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import typer' (reference)": [sys.executable, "-c", "import typer"],
        "minimal two-command typer app (reference)": [
            sys.executable,
            "-c",
            MINIMAL_TYPER_APP,
            "one",
            "--rps",
            "3",
        ],
        "lambdacalc " + " ".join(args): [
            sys.executable,
            "-c",
            "import sys; from lambdacalc.cli import main; sys.argv[0] = 'lambdacalc'; main()",
            *args,
        ],
    }
    for command in commands.values():  # warm the caches, write bytecode
        subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so drift in machine load hits every command alike
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
            timings[name].append((time.perf_counter() - start) * 1000)
    base = statistics.median(timings["python -c pass"])
    for name, values in timings.items():
        median = statistics.median(values)
        print(
            f"{name}: median {median:.1f} ms, min {min(values):.1f} ms, "
            f"{median / base:.2f}x python -c pass"
        )
    print(f"goal for lambdacalc: <= 6x python -c pass ({runs} interleaved runs each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    bench_erlang(args.runs)
    bench_cli(args.runs)


if __name__ == "__main__":
    main()
