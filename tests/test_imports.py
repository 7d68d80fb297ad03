"""The fast paths stay fast: machine-readable output never imports rich, and a valid
scenario never needs pydantic. (Timings live in benchmarks/, not in tests.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys
from lambdacalc.cli import main
sys.argv = ["lambdacalc", *{args!r}]
try:
    main()
except SystemExit:
    pass
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & {{"rich", "yaml", "pydantic"}})
print("LOADED:" + ",".join(heavy), file=sys.stderr)
"""


def loaded(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED:"))
    return set(filter(None, line.removeprefix("LOADED:").split(",")))


def test_cost_json_loads_neither_rich_nor_pydantic() -> None:
    assert loaded("cost", "scenarios/api-backend.yaml", "--format", "json") == {"yaml"}


def test_cost_csv_of_a_json_scenario_loads_nothing_heavy(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        '{"functions": [{"name": "a", "memory_mb": 128, "duration_ms": 1, '
        '"requests_per_month": 1}]}'
    )
    assert loaded("cost", str(path), "--format", "csv") == set()


def test_concurrency_json_loads_nothing_heavy() -> None:
    args = ("concurrency", "--rps", "100", "--duration", "0.2", "--format", "json")
    assert loaded(*args) == set()


def test_compare_memory_machine_output_loads_nothing_heavy() -> None:
    chapter = ("compare-memory", "--duration", "2.5s", "--memory", "128")
    assert loaded(*chapter, "--format", "json") == set()
    assert loaded(*chapter, "--sweep", "--format", "csv") == set()
    assert "rich" in loaded(*chapter)


def test_prices_machine_output_loads_nothing_heavy() -> None:
    assert loaded("prices", "--format", "json") == set()


def test_table_output_loads_rich() -> None:
    assert "rich" in loaded("cost", "scenarios/api-backend.yaml")


def test_an_invalid_scenario_gets_pydantic_messages(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("functions:\n  - name: a\n    memory_mb: 64\n")
    assert "pydantic" in loaded("cost", str(path), "--format", "json")


def test_command_modules_keep_real_annotations() -> None:
    """typer reads each command's annotations; as strings (PEP 563) they must be eval'd on
    every run, which cost ~10 ms of start-up. Command modules therefore keep real ones."""
    for path in (ROOT / "lambdacalc" / "cli").glob("*.py"):
        assert "from __future__ import annotations" not in path.read_text(), path.name
