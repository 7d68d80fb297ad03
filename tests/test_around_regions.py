"""Around-Lambda rates outside us-east-1 (pricing/around-lambda.json): a region's bill by hand
arithmetic at that region's rates, and a rate the book does not know for a region is an
error at the scenario key that needs it, never us-east-1's rate."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacalc.around.book import ALL_RATES
from lambdacalc.cli import app
from tests.around_support import BOOK
from tests.around_support import around_bill as _bill
from tests.around_support import bill_lines as _lines
from tests.around_support import scenario_file as _path

FN = "functions:\n  - name: f\n    memory_mb: 128\n    duration_ms: 10\n"


def _error(tmp_path: Path, text: str) -> str:
    result = CliRunner().invoke(app, ["cost", str(_path(tmp_path, text))])
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_eu_west_1_bill_at_irelands_rates(tmp_path: Path) -> None:
    # 100 GB through the NAT gateway: 100 × 1024² KB ÷ 1,000,000 requests = 104.8576 KB each
    text = (
        "region: eu-west-1\n"
        "around: {nat_gateways: 1, interface_endpoints: {count: 2, azs: 2}}\n"
        + FN
        + "    requests_per_month: 1000000\n    sqs: {}\n"
        "    vpc: {egress: nat, nat_kb_per_request: 104.8576}\n"
    )
    lines = _lines(_bill(tmp_path, text))
    # SQS at $0.40/M (eu-west-1's first tier): 1M sends, 1M receives, 1M deletes
    assert lines["f", "sqs", "send requests"] == Decimal("0.40")
    # 5 pollers × 3 × 43,800 min = 657,000 empty receives × $0.40/M = $0.2628
    assert lines["f", "sqs", "empty receives"] == Decimal("0.2628")
    assert lines["", "sqs", "free tier (requests)"] == Decimal("-0.40")
    # NAT gateway at $0.048 (us-east-1: $0.045): 730 h × $0.048 = $35.04; 100 GB × $0.048
    assert lines["", "nat_gateway", "hours"] == Decimal("35.04")
    assert lines["f", "nat_gateway", "data processed"] == Decimal("4.80")
    # interface endpoints at $0.011 an hour (us-east-1: $0.01): 2 × 2 × 730 × $0.011 = $32.12
    assert lines["", "vpc_endpoints", "hours"] == Decimal("32.12")
    # 3,657,000 − 1,000,000 free = 2,657,000 × $0.40/M = $1.0628 + 35.04 + 4.80 + 32.12
    assert sum(lines.values()) == Decimal("73.0228")


def test_us_west_2_rest_api_is_awss_example(tmp_path: Path) -> None:
    # AWS's REST example "reflects pricing for ... US West (Oregon)": 5M × $3.50/M = $17.50
    # (https://aws.amazon.com/api-gateway/pricing/); and Oregon's NAT gateway at $0.045
    text = "region: us-west-2\n" + FN + "    requests_per_month: 5000000\n    api: rest\n"
    assert _bill(tmp_path, text).total_usd == Decimal("17.50")


def test_eu_central_1_nat_gateway_and_endpoints(tmp_path: Path) -> None:
    # Frankfurt: 730 h × $0.052 = $37.96; 1 endpoint × 3 AZs × 730 h × $0.012 = $26.28
    text = (
        "region: eu-central-1\naround: {vpc: nat, interface_endpoints: {count: 1, azs: 3}}\n"
        + FN
        + "    requests_per_month: 0\n"
    )
    assert _bill(tmp_path, text).total_usd == Decimal("64.24")


def test_ap_northeast_1_nat_gateway(tmp_path: Path) -> None:
    # Tokyo $0.062: 2 gateways × 730 h × $0.062 = $90.52; 10 GB × $0.062 = $0.62
    kb = Decimal(10 * 1024 * 1024) / 1000
    text = (
        "region: ap-northeast-1\naround: {nat_gateways: 2}\n"
        + FN
        + f"    requests_per_month: 1000\n    vpc: {{egress: nat, nat_kb_per_request: {kb}}}\n"
    )
    assert _bill(tmp_path, text).total_usd == Decimal("91.14")


@pytest.mark.parametrize(
    ("region", "extra", "key", "says"),
    [
        ("eu-west-1", "    log_bytes_per_request: 100\n", "log_bytes_per_request",
         "CloudWatch Logs ingestion (Standard) price for eu-west-1 is unknown"),
        ("eu-west-1", "    data_out_kb_per_request: 5\n", "data_out_kb_per_request",
         "data transfer out to the internet price for eu-west-1 is unknown"),
        ("us-west-2", "    api: http\n", "api", "HTTP API request price for us-west-2 is unknown"),
        ("us-west-2", "    sqs: {}\n", "sqs", "SQS standard queue request price for us-west-2"),
        ("ap-northeast-1", "    tracing: true\n", "tracing",
         "X-Ray trace recorded price for ap-northeast-1 is unknown"),
        ("ap-south-1", "    api: rest\n", "api", "(the book has no region ap-south-1)"),
    ],
)  # fmt: skip
def test_a_rate_the_region_lacks_is_an_error_not_us_east_1s(
    tmp_path: Path, region: str, extra: str, key: str, says: str
) -> None:
    line = _error(tmp_path, f"region: {region}\n" + FN + "    requests_per_month: 1000\n" + extra)
    assert f"s.yaml:7:5: functions[0].{key} (function 'f')" in line, line
    assert says in line and "--around-prices" in line, line


def test_every_region_says_where_each_rate_comes_from() -> None:
    for code, region in BOOK.regions.items():
        assert region.sources, code
        assert all(tag in BOOK.sources for tag in region.sources), code
        known = [r.key for r in ALL_RATES if region.rates.get(r.key) is not None]
        assert known, code  # no empty region
    # us-east-1 is complete; the others are partial and never copied wholesale from it
    assert all(BOOK.regions["us-east-1"].rates.get(r.key) is not None for r in ALL_RATES)
    for code in ("us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"):
        assert any(BOOK.regions[code].rates.get(r.key) is None for r in ALL_RATES), code
