"""`concurrency`, `compare-memory` and `logs analyze` render exactly as their golden files
record, in every output format, as `cost` does in test_scenarios.py (run
pytest --update-golden to accept an intended change, and read the diff).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app
from tests.cli_support import run_fast

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
FORMATS = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}

COMMANDS = {
    "concurrency-flags": ["concurrency", "--rps", "100", "--duration", "150ms"],
    "concurrency-scenario": ["concurrency", "scenarios/provisioned-concurrency.yaml"],
    "compare-memory": [
        "compare-memory",
        "--measured",
        "128=2500ms",
        "--measured",
        "1024=300ms",
        "--sizes",
        "128,1024",
    ],
    "logs-analyze": ["logs", "analyze", "tests/fixtures/logs/tail-text.log"],
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", COMMANDS)
def test_golden_output(
    name: str, fmt: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the commands name files relative to the repository
    result = CliRunner().invoke(app, [*COMMANDS[name], "--format", fmt])
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"cmd-{name}.{FORMATS[fmt]}"
    if update_golden:
        golden.write_text(result.stdout)
    assert golden.exists(), f"missing {golden.name}; run pytest --update-golden"
    assert result.stdout == golden.read_text()
    if fmt == "json":
        json.loads(result.stdout, parse_float=Decimal)  # well-formed


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", [name for name in COMMANDS if name != "logs-analyze"])
def test_golden_output_without_typer(name: str, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The executable runs these plain command lines without typer (lambdacalc.cli.fast):
    the same output to the byte."""
    monkeypatch.chdir(ROOT)
    ran = run_fast([*COMMANDS[name], "--format", fmt])
    assert ran is not None, "a plain command line is run without typer"
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout == (GOLDEN / f"cmd-{name}.{FORMATS[fmt]}").read_text()
