"""Benchmarks for `lambdacalc cost` (issue 2 goals), each against a baseline in the same run.

    python benchmarks/bench_cost.py

1. Start-up: `lambdacalc cost scenarios/api-backend.yaml --format json` as a whole process,
   against `python -c pass` (goal: median at most 12x).
2. The cost engine alone on 10,000 functions (goal: under 100 ms), and on 20,000 to show it
   is linear.
3. A 10,000-function scenario file end to end (goal: JSON under 1 s, YAML under 2 s).

Bytecode is compiled first, as `pip install` does: with PYTHONDONTWRITEBYTECODE set (as on
our machines) an editable checkout would otherwise recompile every module on every run.
"""

from __future__ import annotations

import compileall
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
LAMBDACALC = shutil.which("lambdacalc") or f"{PY} -m lambdacalc"


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def interleaved(a: list[str], b: list[str], rounds: int = 25) -> tuple[float, float]:
    timed(a), timed(b)  # warm the file cache
    xs, ys = [], []
    for _ in range(rounds):
        xs.append(timed(a))
        ys.append(timed(b))
    return statistics.median(xs), statistics.median(ys)


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


def engine_ms(n: int) -> float:
    from lambdacalc.cost import price
    from lambdacalc.pricing_files import load_price_book
    from lambdacalc.scenario import quick_workload

    book = load_price_book()
    workload = quick_workload(
        json.loads(
            json.dumps({"functions": [function_dict(i) for i in range(n)]}), parse_float=Decimal
        ),
        "bench",
    )
    assert workload is not None
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        price(workload, book)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    compileall.compile_dir(str(ROOT / "lambdacalc"), quiet=1)
    cmd = LAMBDACALC.split()
    scenario = str(ROOT / "scenarios" / "api-backend.yaml")

    base, cost = interleaved([PY, "-c", "pass"], [*cmd, "cost", scenario, "--format", "json"])
    ratio = cost / base
    print(
        f"start-up   python -c pass {base * 1000:6.1f} ms | cost --format json "
        f"{cost * 1000:6.1f} ms | {ratio:4.1f}x (goal <= 12x) {'OK' if ratio <= 12 else 'MISS'}"
    )

    e10, e20 = engine_ms(10_000), engine_ms(20_000)
    print(
        f"engine     10,000 functions {e10:6.1f} ms (goal < 100 ms) "
        f"{'OK' if e10 < 100 else 'MISS'} | 20,000 functions {e20:6.1f} ms "
        f"(x{e20 / e10:.2f} for 2x the size)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        as_json, as_yaml = write_scenarios(Path(tmp), 10_000)
        t_json = statistics.median(
            timed([*cmd, "cost", str(as_json), "-f", "json"]) for _ in range(3)
        )
        t_yaml = statistics.median(
            timed([*cmd, "cost", str(as_yaml), "-f", "json"]) for _ in range(3)
        )
    print(
        f"end to end 10,000-function file: JSON {t_json * 1000:6.0f} ms (goal < 1000) "
        f"{'OK' if t_json < 1 else 'MISS'} | YAML {t_yaml * 1000:6.0f} ms (goal < 2000) "
        f"{'OK' if t_yaml < 2 else 'MISS'}"
    )


if __name__ == "__main__":
    main()
