"""Erlang B at fleet scale, in process (the start-up of `lambdacalc concurrency` as a whole
process is measured with the others in bench_startup.py).

    python benchmarks/bench_concurrency.py [--runs N] [--check]

Goal (issue 3): inverting Erlang B at a load of 1,000,000 erlangs under 50 ms.
"""

from __future__ import annotations

from harness import ROOT, Bench  # noqa: F401  (ROOT puts the checkout first on sys.path)

from lambdacalc.concurrency import concurrency_for_target, erlang_b


def main() -> None:
    bench = Bench("Erlang B", runs=21)
    bench.parse()
    load = 1_000_000
    for target in (0.001, 0.01, 1e-6):
        seconds = bench.time_calls(lambda target=target: concurrency_for_target(load, target))
        bench.figure(
            f"concurrency_for_target(load={load:,}, target={target:g})", seconds * 1000, " ms", 50.0
        )
    seconds = bench.time_calls(lambda: erlang_b(100_000, 99_000))
    bench.figure("erlang_b(100,000, 99,000)", seconds * 1000, " ms")
    bench.finish()


if __name__ == "__main__":
    main()
