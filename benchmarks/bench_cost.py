"""`lambdacalc cost` on fleets: 10,000 and 100,000 functions, from JSON and YAML files.

    python benchmarks/bench_cost.py [--runs N] [--check]

Goals (issues 2 and 14), every process timed interleaved with its baseline:
1. the cost engine alone on 10,000 functions: under 100 ms (in process);
2. `cost fleet-10000.json --format json`: at most 0.5 s (median wall time; printed with
   its ratio to `python -c pass` in the same runs, as the machine's speed varies);
3. `cost fleet-10000.yaml --format json`: at most 1.3x a process that only runs
   `yaml.load(…, CSafeLoader)` on the same file;
4. 100,000 functions: linear (at most 11x the 10,000-function time) and a peak RSS of at
   most 300 MiB, the JSON output streamed.
"""

from __future__ import annotations

import gc
import json
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from harness import PY, Bench, lambdacalc


def function_dict(i: int) -> dict[str, object]:
    return {
        "name": f"fn-{i}",
        "architecture": "arm64" if i % 3 == 0 else "x86_64",
        "memory_mb": 128 + (i * 37) % 3000,
        "duration_ms": 20 + (i * 13) % 2000,
        "requests_per_month": 10_000 + (i * 7919) % 5_000_000,
        **({"ephemeral_storage_mb": 1024} if i % 10 == 0 else {}),
        **({"cold_start_percent": 1, "init_duration_ms": 300} if i % 4 == 0 else {}),
    }


def write_scenarios(folder: Path, n: int) -> tuple[Path, Path]:
    data = {"name": f"fleet-{n}", "functions": [function_dict(i) for i in range(n)]}
    as_json = folder / f"fleet-{n}.json"
    as_json.write_text(json.dumps(data))
    as_yaml = folder / f"fleet-{n}.yaml"
    lines = [f"name: fleet-{n}", "functions:"]
    for f in data["functions"]:  # type: ignore[union-attr]
        items = list(f.items())  # type: ignore[union-attr]
        lines.append(f"  - {items[0][0]}: {items[0][1]}")
        lines += [f"    {k}: {v}" for k, v in items[1:]]
    as_yaml.write_text("\n".join(lines) + "\n")
    return as_json, as_yaml


def engine_s(n: int, runs: int) -> float:
    from lambdacalc.cost import price
    from lambdacalc.pricing_files import load_price_book
    from lambdacalc.scenario import quick_workload

    book = load_price_book()
    functions = json.loads(
        json.dumps({"functions": [function_dict(i) for i in range(n)]}), parse_float=Decimal
    )
    workload = quick_workload(functions, "bench")
    assert workload is not None
    timings = []
    gc.disable()  # as the `cost` command runs it (cli/startup.collector_paused)
    try:
        for _ in range(runs):
            start = time.perf_counter()
            price(workload, book)
            timings.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return statistics.median(timings)


def main() -> None:
    bench = Bench("cost on fleets", runs=7)
    args = bench.parse()
    e10 = engine_s(10_000, args.runs)
    bench.figure("engine, 10,000 functions", e10 * 1000, " ms", 100.0)
    with tempfile.TemporaryDirectory() as tmp:
        json10, yaml10 = write_scenarios(Path(tmp), 10_000)
        json100, _ = write_scenarios(Path(tmp), 100_000)
        yaml_only = f"import yaml; yaml.load(open({str(yaml10)!r}), Loader=yaml.CSafeLoader)"
        t = bench.run(
            {
                "json10": lambdacalc("cost", str(json10), "--format", "json"),
                "yaml10": lambdacalc("cost", str(yaml10), "--format", "json"),
                "yaml.load": [PY, "-c", yaml_only],
                "python -c pass": [PY, "-c", "pass"],
            }
        )
        # the goal is in seconds, which swing with the machine's speed: the ratio to
        # `python -c pass` in the same runs tells a slow machine from slow code
        bench.figure(
            "cost 10,000 functions from JSON",
            t["json10"].wall,
            " s",
            0.5,
            f"CPU {t['json10'].cpu:.2f} s; {t['json10'].wall / t['python -c pass'].wall:.1f}x "
            f"python -c pass ({t['python -c pass'].wall * 1000:.1f} ms)",
        )
        bench.ratio(
            "cost 10,000 functions from YAML vs yaml.load alone",
            t["yaml10"].wall,
            t["yaml.load"].wall,
            1.3,
            f"{t['yaml10'].wall:.2f} s vs {t['yaml.load'].wall:.2f} s",
        )
        big = bench.run(
            {
                "json10": lambdacalc("cost", str(json10), "--format", "json"),
                "json100": lambdacalc("cost", str(json100), "--format", "json"),
            },
            runs=max(3, args.runs // 2),
        )
        bench.ratio(
            "cost 100,000 vs 10,000 functions (linear: 10x)",
            big["json100"].cpu,
            big["json10"].cpu,
            11.0,
            f"CPU {big['json100'].cpu:.1f} s vs {big['json10'].cpu:.2f} s",
        )
        bench.figure("cost 100,000 functions, peak RSS", big["json100"].peak_mib, " MiB", 300.0)
    bench.finish()


if __name__ == "__main__":
    main()
