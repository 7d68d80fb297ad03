"""`lambdacalc prices import-around`: the around-Lambda book built from AWS's Price List offers
of the services around Lambda (docs/prices.md), from the small hand-written offers in
tests/fixtures/pricelist/around (the layouts of AWS's files, placeholder SKUs)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacalc.around.book import ALL_RATES, parse_around_book
from lambdacalc.around.files import load_around_book
from lambdacalc.cli import app
from lambdacalc.errors import PricingError
from lambdacalc.pricelist_around import import_around_offers

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pricelist" / "around"
OFFERS = sorted(FIXTURES.glob("*.json"))
BUNDLED = load_around_book()


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _import(*docs: tuple[Any, str]) -> Any:
    return import_around_offers(list(docs), name="t")


def _all() -> Any:
    return _import(*((json.loads(p.read_text()), p.name) for p in OFFERS))


def test_the_fixtures_import_to_the_bundled_us_east_1_rates() -> None:
    imported = _all()
    book = parse_around_book(imported.book, "imported")
    us = book.regions["us-east-1"]
    # every rate the offers carry for us-east-1 is the bundled book's (per request × 1,000,000
    # = per million: 0.0000035 → 3.50; tier bounds in requests or GB as the offers give them)
    carried = {r.key for r in ALL_RATES if us.rates.get(r.key) is not None}
    not_carried = {"logs_infrequent_access_storage_usd_per_gb_month"}  # no rule: docs/prices.md
    assert carried == {r.key for r in ALL_RATES} - not_carried
    for key in carried:
        assert us.rates[key] == BUNDLED.regions["us-east-1"].rates[key], key
    # the $0 first ranges become the free tier: 1M SQS requests, 100 GB out (Global- SKU),
    # 5 GB-month of logs stored, 100,000 traces recorded and 1M scanned
    free = book.free_tier
    assert free.sqs_requests == Decimal(1_000_000) and free.data_out_gb == Decimal(100)
    assert free.logs_storage_gb_month == Decimal(5)
    assert (free.xray_traces_recorded, free.xray_traces_scanned) == (100_000, 1_000_000)
    assert free.logs_ingestion_gb == 0  # no $0 range in the vended-log offer: a warning says so
    assert any("free GB of logs ingested" in w for w in imported.warnings)


def test_each_region_keeps_its_own_rates_and_no_others() -> None:
    book = parse_around_book(_all().book, "imported")
    eu = book.regions["eu-west-1"]
    assert eu.rates["nat_gateway_usd_per_hour"] == Decimal("0.048")  # EU-NatGateway-Hours
    assert eu.rates["logs_standard_storage_usd_per_gb_month"] == Decimal("0.03")
    # no eu-west-1 API Gateway row in the offers: unknown there, not us-east-1's price
    assert eu.rates["api_rest_tiers_usd_per_million"] is None
    assert set(book.regions) == {"us-east-1", "eu-west-1", "us-west-2"}
    assert book.regions["us-west-2"].sources == ("PL1",)  # apigateway-bulk.json alone


def test_skipped_rows_and_tiered_flat_rates_are_reported() -> None:
    imported = _all()
    skipped = next(w for w in imported.warnings if w.startswith("skipped products"))
    # the regional NAT gateway, an instance, an API cache and CloudWatch metrics are not read
    for row in ("RegionalNatGateway-Hours", "BoxUsage:m5.xlarge", "CacheUsage", "CW:Metric"):
        assert row in skipped
    # the endpoint's GB price is tiered in the offer; the book keeps the first petabyte's
    assert any("keeps the first tier's price (0.01)" in w for w in imported.warnings)


def _sqs_with(change: Any) -> Any:
    doc = copy.deepcopy(_load("queue-bulk.json"))
    term = doc["terms"]["OnDemand"]["FXSQSUSE1STDAAAA"]
    dims = next(iter(term.values()))["priceDimensions"]
    change(dims)
    return doc


def _second(dims: dict[str, Any]) -> dict[str, Any]:
    return sorted(dims.values(), key=lambda d: int(d["beginRange"]))[1]


@pytest.mark.parametrize(
    ("doc", "says"),
    [
        (lambda: _load("../bulk-index.json"), "service code is 'AWSLambda'"),
        (lambda: _sqs_with(lambda d: _second(d).update(beginRange="2000000")), "leaves a gap"),
        (lambda: _sqs_with(lambda d: _second(d).update(unit="GB")), "unit 'GB' is not one"),
        (lambda: _sqs_with(lambda d: _second(d).update(pricePerUnit={"CNY": "1"})),
         "no USD price"),
        (lambda: {"offerCode": "AWSXRay", "products": {}, "terms": {"OnDemand": {}}},
         "no prices of the services around Lambda found"),
        (lambda: {"schema_version": 1, "regions": {}}, "looks like a lambdacalc price book"),
    ],
)  # fmt: skip
def test_a_file_lambdacalc_cannot_use_is_one_error(doc: Any, says: str) -> None:
    with pytest.raises(PricingError) as error:
        _import((doc(), "offer.json"))
    assert says in str(error.value) and "offer.json" in str(error.value), error.value


def test_two_offers_pricing_one_rate_differently_is_an_error() -> None:
    other = _sqs_with(lambda d: _second(d).update(pricePerUnit={"USD": "0.0000005"}))
    with pytest.raises(PricingError, match="price the same thing differently"):
        _import((_load("queue-bulk.json"), "a.json"), (other, "b.json"))


def test_cli_writes_a_book_cost_reads_with_around_prices(tmp_path: Path) -> None:
    out = tmp_path / "around.json"
    args = ["prices", "import-around", *map(str, OFFERS), "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "Wrote" in result.stderr and "--around-prices" in result.stderr
    again = CliRunner().invoke(app, args)  # never replaced without --force
    assert again.exit_code == 2 and "--force" in again.stderr
    scenario = tmp_path / "s.yaml"
    # eu-west-1 at the imported book's rates: 730 h × $0.048 = $35.04 (the bundled book's
    # eu-west-1 rate too); 1,000 requests × 100 KB = 100,000 KB ÷ 1024² × $0.048 = $0.004578
    scenario.write_text(
        "region: eu-west-1\nfunctions:\n  - name: f\n    memory_mb: 128\n    duration_ms: 10\n"
        "    requests_per_month: 1000\n    vpc: {egress: nat, nat_kb_per_request: 100}\n",
        encoding="utf-8",
    )
    cost = CliRunner().invoke(
        app, ["cost", str(scenario), "--format", "json", "--around-prices", str(out)]
    )
    assert cost.exit_code == 0, cost.stderr
    assert round(json.loads(cost.stdout)["around_monthly_usd"], 6) == 35.044578


def test_cli_error_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["prices", "import-around", str(bad)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: bad.json"), result.stderr


def test_a_zero_first_range_without_a_free_allowance_stays_a_tier() -> None:
    # API Gateway has no always-free allowance in the book (its free tier is for new
    # accounts), so a $0 first range is priced as a tier, not dropped
    doc = copy.deepcopy(_load("apigateway-bulk.json"))
    term = next(iter(doc["terms"]["OnDemand"]["FXAGUSE1HTTPAAAA"].values()))
    first = next(d for d in term["priceDimensions"].values() if d["beginRange"] == "0")
    first["pricePerUnit"] = {"USD": "0.0000000000"}
    book = _import((doc, "apigateway-bulk.json")).book
    assert book["regions"]["us-east-1"]["api_http_tiers_usd_per_million"] == [
        {"up_to": "300000000", "usd": "0.00"},
        {"up_to": None, "usd": "0.90"},
    ]
    assert "free_tier" in book and not book["free_tier"]


def test_the_account_wide_free_allowance_wins_over_a_regional_first_range() -> None:
    # an offer whose regional row still starts with a free first GB, beside the account-wide
    # Global- SKU's 100 GB: the book keeps 100 GB and says so
    doc = copy.deepcopy(_load("datatransfer-bulk.json"))
    term = next(iter(doc["terms"]["OnDemand"]["FXDTUSE1OUTAAAAA"].values()))
    dims = term["priceDimensions"]
    first = next(d for d in dims.values() if d["beginRange"] == "0")
    first["beginRange"] = "1"
    dims["FREE"] = {"unit": "GB", "beginRange": "0", "endRange": "1", "rateCode": "FREE",
                    "pricePerUnit": {"USD": "0.0000000000"}}  # fmt: skip
    imported = _import((doc, "datatransfer-bulk.json"))
    assert imported.book["free_tier"]["data_out_gb"] == "100"
    assert any("keeps the account-wide 100" in w for w in imported.warnings)
    tiers = imported.book["regions"]["us-east-1"]["data_out_internet_tiers_usd_per_gb"]
    assert tiers[0] == {"up_to": "10240", "usd": "0.09"}
