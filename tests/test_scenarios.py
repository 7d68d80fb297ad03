"""Every bundled scenario prices to the total its header comment works out by hand, and
renders exactly as its golden files record (run pytest --update-golden to accept a change).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacalc import prices
from lambdacalc.cli import app
from lambdacalc.cost import Component, price, price_needs
from lambdacalc.errors import PricingError, ScenarioError
from lambdacalc.prices import PriceRef
from lambdacalc.pricing_files import load_price_book
from lambdacalc.scenario import check_region, load
from lambdacalc.units import to_cents

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"

GOLDEN = ROOT / "tests" / "golden"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))
FORMATS = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}


def expected_total(path: Path) -> Decimal:
    # $ for USD; ¥ for a China region's bill, which is in CNY
    match = re.search(r"^# Expected: [$¥]([\d,]+\.\d\d) a month$", path.read_text(), re.M)
    assert match, f"{path.name} must state '# Expected: $X.YY a month' in its header"
    return Decimal(match.group(1).replace(",", ""))


def test_there_are_bundled_scenarios() -> None:
    assert len(SCENARIO_FILES) >= 10


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_prices_to_its_stated_total(path: Path) -> None:
    workload = load(str(path)).workload
    bill = price(workload, load_price_book(region=workload.account.region))
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
        total = data["total_monthly_usd" if data["currency"] == "USD" else "total_monthly_cny"]
        assert to_cents(total) == expected_total(path)


# --- the prices a scenario needs ------------------------------------------------------------

RAW_BOOK = json.loads((ROOT / "pricing" / "aws-lambda.json").read_text())
REGIONS_WITH_NULLS = sorted(
    code for code, entry in RAW_BOOK["regions"].items() if "null" in json.dumps(entry)
)


def unknown_in_data_file(region: dict[str, Any], ref: PriceRef) -> bool:
    """Read straight from the data file, not through PriceBook: is this price null there?"""
    holder = region.get(ref.part) if ref.part else region
    if holder is None:
        return True
    value = holder.get(ref.field)
    if ref.field == "duration_tiers":
        return value is None or any(t["usd_per_gb_s"] is None for t in value)
    return value is None


def test_some_regions_lack_prices() -> None:
    assert len(REGIONS_WITH_NULLS) >= 10  # else the test below proves little


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_price_and_check_region_agree_with_the_needed_prices(path: Path) -> None:
    """In every region with a null price, `price` fails iff a price the function needs is
    null in the data file, and `check_region` fails then too, with the same reason and a
    line number; otherwise both pass."""
    book = load_price_book()
    loaded = load(str(path))
    for code in REGIONS_WITH_NULLS:
        account = loaded.workload.account._replace(region=code)
        workload = loaded.workload._replace(account=account)
        here = loaded._replace(workload=workload)
        region = RAW_BOOK["regions"][code]
        unknown = [
            need
            for fn in workload.functions
            for need in price_needs(fn)
            if unknown_in_data_file(region, need.price)
        ]
        try:
            price(workload, book)
        except PricingError as exc:
            assert unknown, f"{code}: price() failed on a price nothing needs: {exc}"
            first = unknown[0].price
            missing_arch = first.part in ("x86_64", "arm64") and region[first.part] is None
            assert (f"{first.part} prices" if missing_arch else first.what) in str(exc)
            with pytest.raises(ScenarioError) as located:
                check_region(here, book)
            assert str(located.value).endswith(str(exc)), code
            assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", str(located.value))
        else:
            assert not unknown, f"{code}: {unknown} are null, yet price() did not fail"
            check_region(here, book)


# Which line item each price is charged on.
CHARGED_ON = {
    **{prices.REQUEST[a]: Component.REQUESTS for a in prices.Architecture},
    **{prices.DURATION[a]: Component.DURATION for a in prices.Architecture},
    **{
        prices.PROVISIONED_CONCURRENCY[a]: Component.PROVISIONED_CONCURRENCY
        for a in prices.Architecture
    },
    **{prices.PROVISIONED_DURATION[a]: Component.PROVISIONED_DURATION for a in prices.Architecture},
    prices.EDGE_REQUEST: Component.REQUESTS,
    prices.EDGE_DURATION: Component.DURATION,
    prices.EPHEMERAL_STORAGE: Component.EPHEMERAL_STORAGE,
    prices.SNAPSTART_CACHE: Component.SNAPSTART_CACHE,
    prices.SNAPSTART_RESTORE: Component.SNAPSTART_RESTORE,
    prices.RESPONSE_STREAMING: Component.RESPONSE_STREAMING,
    **{prices.TENANT_ENVIRONMENT[a]: Component.TENANT_ISOLATION for a in prices.Architecture},
    prices.DURABLE_OPERATION: Component.DURABLE_OPERATIONS,
    prices.DURABLE_WRITTEN: Component.DURABLE_DATA_WRITTEN,
    prices.DURABLE_RETAINED: Component.DURABLE_DATA_RETAINED,
    prices.SQS_EPU: Component.EVENT_POLLER_UNITS,
    prices.KAFKA_EPU: Component.EVENT_POLLER_UNITS,
}


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_needed_prices_are_exactly_the_ones_charged(path: Path) -> None:
    """No price is asked for that no line item uses, and no line item uses one not asked
    for (us-east-1 knows them all, so every charge is made)."""
    workload = load(str(path)).workload
    bill = price(workload, load_price_book(region=workload.account.region))
    for fn, cost in zip(workload.functions, bill.functions, strict=True):
        needed = {CHARGED_ON[need.price] for need in price_needs(fn)}
        charged = {
            item.component
            for item in cost.items
            if item.component in CHARGED_ON.values()
            and (item.quantity or item.component is Component.REQUESTS)
        }
        assert needed == charged, fn.name
