"""`lambdacalc prices` shows the 2025-26 prices (durable functions, event poller units, tenant
isolation) per region, known or unknown, in every format; golden files record a hand-made book
(tests/fixtures/prices/new-prices.json: us-east-1 with AWS's published figures, us-west-2
without them). Run pytest --update-golden to accept an intended change, and read the diff."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.pricing_files import load_price_book
from lambdacalc.render.common import to_markdown
from lambdacalc.render.prices import PricesReport

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
BOOK = ROOT / "tests" / "fixtures" / "prices" / "new-prices.json"
REGIONS = ("us-east-1", "us-west-2")
NEW_FIELDS = (
    "durable_operation_usd_per_million",
    "durable_written_usd_per_gb",
    "durable_retained_usd_per_gb_month",
    "sqs_epu_usd_per_hour",
    "kafka_epu_usd_per_hour",
)


def run(*args: str) -> str:
    result = CliRunner().invoke(app, ["prices", "--prices", str(BOOK), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _check_golden(name: str, text: str, update_golden: bool) -> None:
    golden = GOLDEN / name
    if update_golden:
        golden.write_text(text)
    assert golden.exists(), f"missing {golden.name}; run pytest --update-golden"
    assert text == golden.read_text()


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_prices_region_golden(region: str, fmt: str, update_golden: bool) -> None:
    _check_golden(f"prices-{region}.{fmt}", run("--region", region, "-f", fmt), update_golden)


@pytest.mark.parametrize("region", REGIONS)
def test_prices_region_markdown_golden(
    region: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the book's own blocks only: the around-Lambda rates (another book) have their tests
    monkeypatch.chdir(ROOT)  # the subtitle names the book as given: a relative path
    book = load_price_book(BOOK.relative_to(ROOT))
    doc = PricesReport(book, region).doc(markdown=True)
    _check_golden(f"prices-{region}.md", to_markdown(doc), update_golden)


def test_text_shows_each_new_price_or_unknown() -> None:
    known = run("--region", "us-east-1")
    for line, value in [
        ("x86_64         Tenant isolation per GB, each new environment", "$0.000167"),
        ("arm64          Tenant isolation per GB, each new environment", "unknown"),
        ("Durable operations per 1M", "$8.00"),
        ("Durable data written per GB", "$0.25"),
        ("Durable data retained per GB-month", "$0.15"),
        ("SQS event poller unit per hour", "$0.00925"),
        ("Kafka event poller unit per hour", "$0.185"),
    ]:
        row = next(r for r in known.splitlines() if line in r)
        assert row.rstrip().endswith(value), row
    unknown = run("--region", "us-west-2")
    for line in ("Durable operations per 1M", "SQS event poller unit per hour"):
        row = next(r for r in unknown.splitlines() if line in r)
        assert row.rstrip().endswith("unknown"), row


def test_json_has_the_new_prices_as_the_book_does() -> None:
    region = json.loads(run("--region", "us-east-1", "-f", "json"))["regions"]["us-east-1"]
    assert {k: region[k] for k in NEW_FIELDS} == {
        "durable_operation_usd_per_million": "8.00",
        "durable_written_usd_per_gb": "0.25",
        "durable_retained_usd_per_gb_month": "0.15",
        "sqs_epu_usd_per_hour": "0.00925",
        "kafka_epu_usd_per_hour": "0.185",
    }
    assert region["x86_64"]["tenant_environment_usd_per_gb"] == "0.000167"
    assert region["arm64"]["tenant_environment_usd_per_gb"] is None
    west = json.loads(run("--region", "us-west-2", "-f", "json"))["regions"]["us-west-2"]
    assert all(west[k] is None for k in NEW_FIELDS)  # unknown stays null, never 0


def test_csv_appends_the_new_columns_after_the_old_ones() -> None:
    """JSON and CSV stay additive: the columns of the first release keep their places."""
    header = run("-f", "csv").splitlines()[0].split(",")
    assert header[:19][-2:] == ["edge.request_usd_per_million", "edge.duration_usd_per_gb_s"]
    assert header[19:] == ["tenant_environment_usd_per_gb", *NEW_FIELDS]
    rows = {
        (r["region"], r["architecture"]): r for r in csv.DictReader(io.StringIO(run("-f", "csv")))
    }
    assert rows[("us-east-1", "x86_64")]["tenant_environment_usd_per_gb"] == "0.000167"
    assert rows[("us-east-1", "arm64")]["tenant_environment_usd_per_gb"] == ""
    assert rows[("us-east-1", "arm64")]["sqs_epu_usd_per_hour"] == "0.00925"  # per region
    assert rows[("us-west-2", "x86_64")]["kafka_epu_usd_per_hour"] == ""
