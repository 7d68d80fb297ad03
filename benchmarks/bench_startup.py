"""Start-up of whole `lambdacalc` processes against `python -c pass`, interleaved.

    python benchmarks/bench_startup.py [--runs N] [--check]

Goals (issues 2, 3, 5 and 14): --version <= 2x, --help <= 8x, concurrency <= 6x, cost of
a small scenario <= 12x, compare-memory --sweep --format json <= 12x (as its table).
"""

from __future__ import annotations

from harness import PY, ROOT, Bench, lambdacalc

SCENARIO = str(ROOT / "scenarios" / "api-backend.yaml")
GOALS = {
    "--version": (lambdacalc("--version"), 2.0),
    "--help": (lambdacalc("--help"), 8.0),
    "concurrency --rps 100 --duration 0.2 -f json": (
        lambdacalc("concurrency", "--rps", "100", "--duration", "0.2", "--format", "json"),
        6.0,
    ),
    "cost api-backend.yaml -f json": (lambdacalc("cost", SCENARIO, "--format", "json"), 12.0),
    "compare-memory --sweep -f json": (
        lambdacalc(
            "compare-memory", "--duration", "2.5s", "--memory", "128", "--sweep", "-f", "json"
        ),
        12.0,
    ),
    "compare-memory --sweep (table)": (
        lambdacalc("compare-memory", "--duration", "2.5s", "--memory", "128", "--sweep"),
        12.0,
    ),
}


def main() -> None:
    bench = Bench("start-up vs python -c pass", runs=15)
    bench.parse()
    commands = {"python -c pass": [PY, "-c", "pass"]}
    commands.update({name: cmd for name, (cmd, _) in GOALS.items()})
    samples = bench.run(commands)
    base = samples["python -c pass"].wall
    print(f"python -c pass: {base * 1000:.1f} ms (median)")
    base_cpu = samples["python -c pass"].cpu
    for name, (_, goal) in GOALS.items():
        sample = samples[name]
        detail = f"{sample.wall * 1000:.0f} ms; CPU {sample.cpu / base_cpu:.1f}x"
        bench.ratio(name, sample.wall, base, goal, detail)
    bench.finish()


if __name__ == "__main__":
    main()
