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


def bench_cli(runs: int) -> None:
    if importlib.util.find_spec("lambdacalc.cli") is None:
        print("CLI benchmark skipped: lambdacalc.cli does not exist yet")
        return
    cli = [
        sys.executable,
        "-c",
        "import sys; from lambdacalc.cli import main; sys.argv[0] = 'lambdacalc'; main()",
        "concurrency",
        "--rps",
        "100",
        "--duration",
        "0.2",
        "--format",
        "json",
    ]
    bare = [sys.executable, "-c", "pass"]
    subprocess.run(cli, cwd=REPO, check=True, capture_output=True)  # warm the caches
    cli_ms: list[float] = []
    bare_ms: list[float] = []
    for _ in range(runs):
        for command, sink in ((bare, bare_ms), (cli, cli_ms)):
            start = time.perf_counter()
            subprocess.run(command, cwd=REPO, check=True, capture_output=True)
            sink.append((time.perf_counter() - start) * 1000)
    cli_median, bare_median = statistics.median(cli_ms), statistics.median(bare_ms)
    print(f"python -c pass: median {bare_median:.1f} ms, min {min(bare_ms):.1f} ms")
    print(
        f"lambdacalc concurrency --rps 100 --duration 0.2 --format json: "
        f"median {cli_median:.1f} ms, min {min(cli_ms):.1f} ms"
    )
    print(f"ratio of medians: {cli_median / bare_median:.2f}x (goal <= 6x), {runs} runs each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    bench_erlang(args.runs)
    bench_cli(args.runs)


if __name__ == "__main__":
    main()
