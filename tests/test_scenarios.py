"""Every bundled scenario prices to the total its header comment works out by hand, and
renders exactly as its golden files record (run pytest --update-golden to accept a change).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.cost import price
from lambdacalc.pricing_files import load_price_book
from lambdacalc.scenario import load
from lambdacalc.units import to_cents

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"

GOLDEN = ROOT / "tests" / "golden"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))
FORMATS = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}


def expected_total(path: Path) -> Decimal:
    match = re.search(r"^# Expected: \$([\d,]+\.\d\d) a month$", path.read_text(), re.M)
    assert match, f"{path.name} must state '# Expected: $X.YY a month' in its header"
    return Decimal(match.group(1).replace(",", ""))


def test_there_are_bundled_scenarios() -> None:
    assert len(SCENARIO_FILES) >= 10


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_prices_to_its_stated_total(path: Path) -> None:
    bill = price(load(str(path)).workload, load_price_book())
    assert to_cents(bill.total_usd) == expected_total(path)
    assert not bill.warnings


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_carries_the_schema_modeline(path: Path) -> None:
    first = path.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=./scenario.schema.json"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_golden_output(path: Path, fmt: str, update_golden: bool) -> None:
    result = CliRunner().invoke(app, ["cost", str(path.relative_to(ROOT)), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"{path.stem}.{FORMATS[fmt]}"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(result.stdout)
    assert golden.exists(), f"missing {golden.name}; run pytest --update-golden"
    assert result.stdout == golden.read_text()
    if fmt == "json":
        data = json.loads(result.stdout, parse_float=Decimal)
        assert to_cents(data["total_monthly_usd"]) == expected_total(path)
