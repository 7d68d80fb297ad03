"""Durable functions, tenant isolation and provisioned-mode event pollers: AWS's worked
examples line by line (https://aws.amazon.com/lambda/pricing/), and the rules behind them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.cost import Component, price
from lambdacalc.cost.rules_extras import epu_hours
from lambdacalc.pricing_files import load_price_book
from lambdacalc.scenario import load
from lambdacalc.units import to_cents

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
BOOK = load_price_book()


def line_items(name: str) -> dict[Component, Decimal]:
    bill = price(load(str(ROOT / "scenarios" / f"{name}.yaml")).workload, BOOK)
    (fn,) = bill.functions
    out: dict[Component, Decimal] = {}
    for item in fn.items:
        out[item.component] = out.get(item.component, D(0)) + item.cost_usd
    return {c: to_cents(v) for c, v in out.items()}


def test_durable_example_line_by_line() -> None:
    items = line_items("durable-insurance-claims")
    # compute: 32,000,000 GB-s × $0.0000133334 = $426.6688 less the free 400,000 GB-s
    # ($5.33336) = $421.33544; requests 2M × $0.20/M = $0.40 less 1M free ($0.20)
    assert items[Component.DURATION] == D("426.67")
    assert items[Component.FREE_TIER] == D("-5.53")  # $5.33336 + $0.20
    assert items[Component.DURABLE_OPERATIONS] == D("32.00")  # 4M × $8/M
    assert items[Component.DURABLE_DATA_WRITTEN] == D("26.00")  # 104 GB × $0.25
    assert items[Component.DURABLE_DATA_RETAINED] == D("10.92")  # 72.8 GB-months × $0.15


def test_tenant_isolation_example_line_by_line() -> None:
    items = line_items("tenant-isolation-saas")
    assert items[Component.REQUESTS] == D("2.00")  # 10M × $0.20/M
    assert items[Component.DURATION] == D("333.33")  # 20M GB-s × $0.0000166667 = $333.334
    assert items[Component.TENANT_ISOLATION] == D("33.40")  # 200,000 × 1 GB × $0.000167


def test_provisioned_mode_examples_line_by_line() -> None:
    assert line_items("esm-provisioned-sqs")[Component.EVENT_POLLER_UNITS] == D("74.00")
    assert line_items("esm-provisioned-kafka")[Component.EVENT_POLLER_UNITS] == D("148.00")
    assert line_items("esm-provisioned-kafka-group")[Component.EVENT_POLLER_UNITS] == D("133.20")


def test_epu_hours_are_whole_epus_per_second_with_a_one_minute_minimum() -> None:
    # SQS: one poller an EPU; 10 pollers × 720 h = 7,200 EPU-hours
    assert epu_hours(10, 1, D(720)) == 7200
    # Kafka: 11 pollers need 2 EPUs of 10
    assert epu_hours(11, 10, D(1)) == 2
    # 10 seconds on bill a minute: 1 EPU × 60 s = 1/60 EPU-hour
    assert epu_hours(1, 10, D(10) / 3600) == D(60) / 3600
    # and part of a second counts a whole one: 1.5 s → 2 s
    assert epu_hours(1, 1, D(3601.5) / 3600) == D(3602) / 3600


def test_new_charges_are_separate_columns_of_csv_and_keys_of_json() -> None:
    path = str(ROOT / "scenarios" / "durable-insurance-claims.yaml")
    csv = CliRunner().invoke(app, ["cost", path, "--format", "csv"]).stdout
    header, row = csv.splitlines()[:2]
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert values["components.durable_operations"] == "32"
    assert values["components.durable_data_written"] == "26"
    assert values["components.durable_data_retained"] == "10.92"
    js = CliRunner().invoke(app, ["cost", path, "--format", "json"]).stdout
    assert '"durable_data_retained": 10.92' in js


def test_concurrency_holds_a_streamed_response_as_long_as_its_bytes_need() -> None:
    from lambdacalc.concurrency.from_workload import functions_from_workload
    from lambdacalc.workload import Account, FunctionWorkload, Workload

    # 26 MB: 20 MB beyond 6 MB at 2 MB/s = 10 s, not the stated 1 s: busy 10 s a request
    fn = FunctionWorkload(
        "video", 1024, D(1000), D(2_628_000), response_bytes_per_request=D(26 * 1024 * 1024)
    )
    (row,) = functions_from_workload(Workload("w", Account(), (fn,)))
    assert row.busy_s == 10
    assert row.average_concurrency == 10  # 1 request a second (2,628,000 a month) × 10 s
