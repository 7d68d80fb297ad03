"""The costs around Lambda (docs/around-lambda.md): each rule with numbers worked by hand,
each pricing page's example where one was found, and the scenario keys' errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacalc.around.book import API_REQUESTS, parse_around_book
from lambdacalc.around.engine import price_around
from lambdacalc.cli import app
from lambdacalc.units import to_cents
from tests.around_support import BOOK
from tests.around_support import around_bill as _around
from tests.around_support import bill_lines as _lines
from tests.around_support import scenario_file as _scenario

BOOK_PATH = Path(__file__).resolve().parent.parent / "pricing" / "around-lambda.json"


def _cost_json(path: Path, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["cost", str(path), "--format", "json", *extra])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


FN = "functions:\n  - name: f\n    memory_mb: 128\n    duration_ms: 10\n"


# --- 1. CloudWatch Logs -------------------------------------------------------------------------


def test_logs_ingestion_and_storage_worked_by_hand(tmp_path: Path) -> None:
    bill = _around(
        tmp_path, FN + "    requests_per_month: 30000000\n    log_bytes_per_request: 1500\n"
    )
    lines = _lines(bill)
    # 30,000,000 × 1,500 B = 45,000,000,000 B ÷ 1024³ = 41.9095158577 GB
    # Standard, first tier: 41.9095158577 × $0.50 = $20.9547579288 → $20.95
    assert to_cents(lines["f", "logs", "ingestion (Standard)"]) == Decimal("20.95")
    # 30 days kept: 41.9095158577 × 30 ÷ (730 ÷ 24 = 30.4166…) = 41.3354 GB-month × $0.03
    # = $1.2400627 → $1.24
    assert to_cents(lines["f", "logs", "storage (Standard)"]) == Decimal("1.24")
    # free: 5 GB × $0.50 = -$2.50; 5 GB-month × $0.03 = -$0.15
    assert lines["", "logs", "free tier (ingestion)"] == Decimal("-2.50")
    assert lines["", "logs", "free tier (storage)"] == Decimal("-0.15")
    # 20.9547579288 + 1.2400627 − 2.50 − 0.15 = 19.5448206 → $19.54
    assert to_cents(bill.total_usd) == Decimal("19.54")


def test_logs_infrequent_access_and_retention_from_the_account(tmp_path: Path) -> None:
    text = (
        "around:\n  logs: {log_class: infrequent_access, retention_days: 7}\n  free_tier: false\n"
        + FN
        + "    requests_per_month: 1073741824\n    log_bytes_per_request: 10\n"
    )
    lines = _lines(_around(tmp_path, text))
    # 1024³ requests × 10 B = 10 GB; IA first tier $0.25 → $2.50
    assert lines["f", "logs", "ingestion (IA)"] == Decimal("2.50")
    # 10 GB × 7 ÷ 30.4166… = 2.30137 GB-month × $0.03 = $0.069041 → $0.07
    assert to_cents(lines["f", "logs", "storage (IA)"]) == Decimal("0.07")


def test_the_functions_log_settings_win_over_the_accounts(tmp_path: Path) -> None:
    text = (
        "around:\n  logs: {log_class: infrequent_access}\n"
        + FN
        + "    requests_per_month: 1\n    log_bytes_per_request: 10\n"
        "    logs: {log_class: standard, retention_days: 1}\n"
    )
    components = {x.component for x in _around(tmp_path, text).lines}
    assert "ingestion (Standard)" in components


def test_vended_log_tiers_reproduce_a_60_tb_month() -> None:
    # Duckbill Group, "Lambda logs just got a whole lot cheaper" (on AWS's May 2025 change):
    # 60 TB of Lambda logs a month cost $30,000 at the old flat $0.50 and $12,500 tiered —
    # with 1 TB = 1,000 GB: 10,000 × 0.50 + 20,000 × 0.25 + 20,000 × 0.10 + 10,000 × 0.05
    # = 5,000 + 5,000 + 2,000 + 500 = $12,500. https://www.duckbillgroup.com/?p=9080
    from lambdacalc.around.rules import BYTES_PER_GB
    from lambdacalc.workload import Account, FunctionWorkload, Workload

    decimal_tb = json.loads(Path(BOOK_PATH).read_text())
    tiers = decimal_tb["regions"]["us-east-1"]["logs_standard_ingestion_tiers_usd_per_gb"]
    for tier, bound in zip(tiers, ("10000", "30000", "50000", None), strict=True):
        tier["up_to"] = bound
    book = parse_around_book(decimal_tb, "decimal-tb")

    def ingestion(book: Any, gb: int) -> Decimal:
        fn = FunctionWorkload(
            "f", 128, Decimal(1), gb * BYTES_PER_GB, log_bytes_per_request=Decimal(1)
        )
        bill = price_around(Workload("w", Account(free_tier=False), (fn,)), book)
        return _lines(bill)["f", "logs", "ingestion (Standard)"]

    assert ingestion(book, 60_000) == Decimal("12500.00")
    # the bundled book counts 1 TB = 1,024 GB, as AWS's own vended-logs example does
    # (72 TB, tests/test_around_aws_examples.py) and its Price List spells tier ranges, so
    # the third-party $12,500 above (1 TB = 1,000 GB) is not AWS's arithmetic:
    # 61,440 GB = 10,240 × 0.50 + 20,480 × 0.25 + 20,480 × 0.10 + 10,240 × 0.05
    # = 5,120 + 5,120 + 2,048 + 512 = $12,800
    assert ingestion(BOOK, 61_440) == Decimal("12800.00")


def _error(tmp_path: Path, text: str) -> str:
    result = CliRunner().invoke(app, ["cost", str(_scenario(tmp_path, text))])
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


RATE = "    requests_per_month: 1000\n"


@pytest.mark.parametrize(
    ("extra", "where", "says"),
    [
        ("    log_bytes_per_request: 9\n    logs: {retention_days: 10}\n", ":7:", "10 is not"),
        ("    log_bytes_per_request: 9\n    logs: {log_class: cold}\n", ":7:", "log_class"),
        ("    logs: {retention_days: 7}\n", ":2:", "add log_bytes_per_request"),
        ("    log_bytes_per_request: -1\n", ":6:", "log_bytes_per_request"),
    ],
)
def test_log_settings_errors_name_file_line_and_column(
    tmp_path: Path, extra: str, where: str, says: str
) -> None:
    line = _error(tmp_path, FN + RATE + extra)
    assert f"s.yaml{where}" in line and says in line, line


def test_cost_shows_around_lambda_beside_an_unchanged_lambda_total(tmp_path: Path) -> None:
    plain = _scenario(tmp_path, "name: x\n" + FN + RATE)
    before = _cost_json(plain)
    assert before["around_monthly_usd"] == 0 and before["around"] is None
    text = CliRunner().invoke(app, ["cost", str(plain)]).stdout
    assert "Around Lambda" not in text  # nothing around: no section
    logged = _scenario(tmp_path, "name: x\n" + FN + RATE + "    log_bytes_per_request: 1e9\n")
    after = _cost_json(logged)
    assert after["total_monthly_usd"] == before["total_monthly_usd"]  # Lambda's line as is
    # 1,000 × 10^9 B = 931.3225746155 GB × $0.50 = 465.66 − 2.50 free; storage 931.32 × 30
    # ÷ 30.4166 = 918.5647 GB-month × 0.03 = 27.5569 − 0.15 → around 490.568 → 490.57
    assert round(after["around_monthly_usd"], 2) == 490.57
    assert after["grand_total_monthly_usd"] == pytest.approx(
        after["total_monthly_usd"] + after["around_monthly_usd"]
    )
    text = CliRunner().invoke(app, ["cost", str(logged)], terminal_width=200).stdout
    assert "Around Lambda" in text and "CloudWatch Logs ingestion (Standard)" in text
    assert "Lambda + " in text and "around = " in text


# --- 2. API Gateway ------------------------------------------------------------------------------


def test_rest_api_with_data_out_reproduces_a_published_example(tmp_path: Path) -> None:
    # AWS's own REST API example (tests/test_around_aws_examples.py cites the page), as AWS
    # for Engineers, "AWS API Gateway pricing explained" (2025-05-19) restates it: 5M REST API
    # calls with 3 KB responses = $18.79, data transfer included, no free tier:
    # 5,000,000 × $3.50/M = $17.50; 5,000,000 × 3 KB = 15,000,000 KB ÷ 1024² = 14.3051 GB
    # × $0.09 = $1.2875; 17.50 + 1.2875 = $18.7875 → $18.79.
    # https://awsforengineers.com/blog/aws-api-gateway-pricing-explained
    text = (
        "around: {free_tier: false}\n"
        + FN
        + "    requests_per_month: 5000000\n    api: rest\n    data_out_kb_per_request: 3\n"
    )
    assert to_cents(_around(tmp_path, text).total_usd) == Decimal("18.79")


def test_http_api_example_and_512_kb_metering(tmp_path: Path) -> None:
    # same page: 216 million HTTP API requests a month = $216 (216 × $1.00, first tier)
    bill = _around(tmp_path, FN + "    requests_per_month: 216000000\n    api: http\n")
    assert bill.total_usd == Decimal("216.00")
    # 600 KB of request + response is two 512 KB units: 1M × 2 × $1.00/M = $2.00
    text = FN + "    requests_per_month: 1000000\n    api: {type: http, kb_per_request: 600}\n"
    assert _around(tmp_path, text).total_usd == Decimal("2.00")


def test_rest_api_tiers_on_the_accounts_total(tmp_path: Path) -> None:
    # two functions, 600M requests each: 1.2B on the account's tiers
    # 333M × 3.50 + 667M × 2.80 + 200M × 2.38 = 1,165.50 + 1,867.60 + 476.00 = $3,509.10,
    # half each (same quantity); the unit price is a blend, so none is shown
    two = "functions:\n" + "".join(
        f"  - name: {n}\n    memory_mb: 128\n    duration_ms: 10\n"
        "    requests_per_month: 600000000\n    api: rest\n"
        for n in ("a", "b")
    )
    bill = _around(tmp_path, two)
    assert bill.total_usd == Decimal("3509.10")
    assert {x.cost_usd for x in bill.lines} == {Decimal("1754.55")}
    assert {x.unit_price_usd for x in bill.lines} == {None}


def test_websocket_messages_in_32_kb_units_and_connection_minutes(tmp_path: Path) -> None:
    # AWS's API Gateway pricing page: "Messages are metered in 32 KB increments. So, a
    # 33 KB message is metered as two messages." https://aws.amazon.com/api-gateway/pricing/
    # 1M messages of 33 KB = 2M metered × $1.00/M = $2.00; 10M connection minutes × $0.25/M
    # = $2.50; total $4.50
    text = FN + (
        "    requests_per_month: 1000000\n"
        "    api: {type: websocket, message_kb: 33, connection_minutes_per_month: 10000000}\n"
    )
    lines = _lines(_around(tmp_path, text))
    assert lines["f", "api_gateway", "WebSocket messages"] == Decimal("2.00")
    assert lines["f", "api_gateway", "WebSocket connection minutes"] == Decimal("2.50")


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ("    api: soap\n", "rest"),
        ("    api: websocket\n", "connection_minutes_per_month"),
        ("    api: {type: rest, kb_per_request: 9}\n", "only HTTP APIs"),
        ("    api: {type: http, message_kb: 9}\n", "only for type: websocket"),
        ("    api: {type: websocket, message_kb: 200, connection_minutes_per_month: 1}\n", "128"),
    ],
)
def test_api_errors_name_file_line_and_column(tmp_path: Path, extra: str, says: str) -> None:
    line = _error(tmp_path, FN + RATE + extra)
    assert "s.yaml:6:" in line and says in line, line


def test_a_region_without_around_prices_is_an_error_at_the_key(tmp_path: Path) -> None:
    line = _error(tmp_path, "region: eu-west-1\n" + FN + RATE + "    api: http\n")
    assert "s.yaml:7:5: functions[0].api (function 'f')" in line, line
    assert "HTTP API request price for eu-west-1 is unknown" in line and "--around-prices" in line


def test_around_prices_overrides_the_bundled_book(tmp_path: Path) -> None:
    book = json.loads(BOOK_PATH.read_text())
    book["regions"]["eu-west-1"] = {"api_http_tiers_usd_per_million": [{"up_to": None, "usd": "2"}]}
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps(book))
    path = _scenario(tmp_path, "region: eu-west-1\n" + FN + RATE + "    api: http\n")
    data = _cost_json(path, "--around-prices", str(mine))
    assert data["around_monthly_usd"] == pytest.approx(0.002)  # 1,000 × $2/M


# --- 3. SQS --------------------------------------------------------------------------------------


def test_sqs_requests_chunks_batches_and_idle_polling(tmp_path: Path) -> None:
    text = FN + (
        "    requests_per_month: 2000000\n    sqs: {message_kb: 100, messages_per_invocation: 10}\n"
    )
    lines = _lines(_around(tmp_path, text))
    # 2M invocations × 10 messages = 20M messages; 100 KB = two 64 KB chunks: 40M sends
    assert lines["f", "sqs", "send requests"] == Decimal("16.00")  # 40M × $0.40/M
    # a batch of 10 × 100 KB = 1,000 KB = 16 chunks of 64 KB: 32M receives × $0.40/M
    assert lines["f", "sqs", "receive requests"] == Decimal("12.80")
    # one DeleteMessageBatch per batch of ≤ 10: 2M × $0.40/M
    assert lines["f", "sqs", "delete requests"] == Decimal("0.80")
    # 5 pollers × 3 long polls a minute × 43,800 minutes = 657,000 × $0.40/M = $0.2628
    assert lines["f", "sqs", "empty receives"] == Decimal("0.2628")
    # free: the first 1M requests × $0.40/M
    assert lines["", "sqs", "free tier (requests)"] == Decimal("-0.40")


def test_sqs_pricing_page_rule_fifo_and_64_kb_chunks(tmp_path: Path) -> None:
    # Amazon SQS pricing: "Each 64 KB chunk of a payload is billed as 1 request (for example,
    # an API action with a 256 KB payload is billed as 4 requests)"
    # (https://aws.amazon.com/sqs/pricing/, read in a public copy of the page's pricing
    # bullets). The page has no priced worked example in the stored material, so this
    # one is lambdacalc's own.
    # FIFO $0.50/M; 1M invocations of one 256 KB
    # message: 4M sends + 4M receives + 1M deletes + 657,000 empty = 9,657,000 − 1M free
    # = 8,657,000 × $0.50/M = $4.3285 → $4.33
    text = FN + "    requests_per_month: 1000000\n    sqs: {queue_type: fifo, message_kb: 256}\n"
    assert to_cents(_around(tmp_path, text).total_usd) == Decimal("4.33")


def test_sqs_provisioned_pollers_poll_the_idle_queue(tmp_path: Path) -> None:
    text = FN + (
        "    requests_per_month: 0\n"
        "    sqs: {provisioned_pollers: {minimum: 10, maximum: 20}}\n"
        "around: {free_tier: false}\n"
    )
    # 10 pollers × 3 × 43,800 = 1,314,000 empty receives × $0.40/M = $0.5256
    assert _around(tmp_path, text).total_usd == Decimal("0.5256")


def test_sqs_errors(tmp_path: Path) -> None:
    fifo = "    sqs: {queue_type: fifo, messages_per_invocation: 11}\n"
    line = _error(tmp_path, FN + RATE + fifo)
    assert "s.yaml:6:" in line and "at most 10" in line
    line = _error(tmp_path, FN + RATE + "    sqs: {queue_type: lifo}\n")
    assert "s.yaml:6:" in line and "fifo" in line


# --- 4. Data transfer out and NAT gateways -----------------------------------------------------


def test_data_out_tiers_and_the_free_100_gb(tmp_path: Path) -> None:
    # No worked example of https://aws.amazon.com/ec2/pricing/on-demand/ (data transfer) was
    # found in the stored material; AWS's API Gateway examples check the first tier
    # (tests/test_around_aws_examples.py), this checks the second and the free 100 GB by hand.
    # 20,480 GB = 10,240 × $0.09 + 10,240 × $0.085 = 921.60 + 870.40 = $1,792.00;
    # free: 100 GB × $0.09 = −$9.00 → $1,783.00. 20,480 GB = 1024² KB × 20,480 ÷ 1M requests
    kb = Decimal(20480 * 1024 * 1024) / 1_000_000
    text = FN + f"    requests_per_month: 1000000\n    data_out_kb_per_request: {kb}\n"
    bill = _around(tmp_path, text)
    assert bill.total_usd == Decimal("1783.00")


@pytest.mark.parametrize(
    ("gateways", "gb", "expected"),
    [
        # No worked NAT gateway example of https://aws.amazon.com/vpc/pricing/ was found in
        # the stored material, so these are a third party's, at AWS's us-east-1 rates:
        # basavytix.com, "AWS NAT Gateway pricing" (us-east-1): 1 gateway, 500 GB a month:
        # 730 h × $0.045 = $32.85 + 500 GB × $0.045 = $22.50 → $55.35
        (1, 500, Decimal("55.35")),
        # same page: 3 gateways, 2 TB: 3 × 730 × $0.045 = $98.55 + 2,048 × $0.045 = $92.16
        # → $190.71. https://basavytix.com/blog/aws-nat-gateway-pricing
        (3, 2048, Decimal("190.71")),
    ],
)
def test_nat_gateway_published_examples(
    tmp_path: Path, gateways: int, gb: int, expected: Decimal
) -> None:
    kb = Decimal(gb * 1024 * 1024) / 1_000_000
    text = (
        f"around: {{nat_gateways: {gateways}}}\n" + FN + "    requests_per_month: 1000000\n"
        f"    vpc: {{egress: nat, nat_kb_per_request: {kb}}}\n"
    )
    assert _around(tmp_path, text).total_usd == expected


def test_nat_gateway_hours_and_data_processed(tmp_path: Path) -> None:
    # Amazon VPC pricing (us-east-1): $0.045 per NAT gateway hour and per GB processed.
    # https://aws.amazon.com/vpc/pricing/ — one gateway all month: 730 × $0.045 = $32.85,
    # the "$33 a month NAT gateway" of issue 17; 100 GB processed × $0.045 = $4.50
    kb = Decimal(100 * 1024 * 1024) / 1_000_000
    text = (
        "around: {vpc: nat}\n" + FN + f"    requests_per_month: 1000000\n"
        f"    vpc: {{egress: nat, nat_kb_per_request: {kb}}}\n"
    )
    lines = _lines(_around(tmp_path, text))
    assert lines["", "nat_gateway", "hours"] == Decimal("32.85")
    assert lines["f", "nat_gateway", "data processed"] == Decimal("4.50")
    # two gateways (one per AZ), the account's setting for every function; none for one
    two = (
        "around: {vpc: nat, nat_gateways: 2}\n" + FN + "    requests_per_month: 1\n"
        "  - name: g\n    memory_mb: 128\n    duration_ms: 1\n    requests_per_month: 1\n"
        "    vpc: none\n"
    )
    bill = _around(tmp_path, two)
    assert _lines(bill)["", "nat_gateway", "hours"] == Decimal("65.70")
    assert not [x for x in bill.lines if x.function == "g"]


def test_vpc_errors(tmp_path: Path) -> None:
    line = _error(tmp_path, FN + RATE + "    vpc: public\n")
    assert "s.yaml:6:" in line and "nat" in line
    line = _error(tmp_path, "around: {vpc: {egress: nat, nat_kb_per_request: 3}}\n" + FN + RATE)
    assert "s.yaml:1:" in line and "per function" in line
    line = _error(tmp_path, "around: {nat_gateways: 0}\n" + FN + RATE)
    assert "s.yaml:1:" in line and "nat_gateways" in line


# --- 5. X-Ray ------------------------------------------------------------------------------------


def test_xray_pricing_page_example_1(tmp_path: Path) -> None:
    # AWS X-Ray pricing, example 1 (https://aws.amazon.com/xray/pricing/): 2,000 requests
    # an hour sampled at 10%: 2,000 × 24 h × 31 days × 10% = 148,800 traces recorded;
    # 148,800 − 100,000 free = 48,800 × $0.000005 = $0.244 → $0.24. Scanned and retrieved
    # 620,000 + 155,000 = 775,000, under the 1,000,000 free: $0. (The page's X-Ray Insights
    # line, $0.15, is a separate feature lambdacalc does not price.)
    text = FN + (
        "    requests_per_month: 1488000\n"  # 2,000 × 24 × 31
        "    tracing: {sample_percent: 10, traces_scanned_per_month: 775000}\n"
    )
    bill = _around(tmp_path, text)
    assert bill.total_usd == Decimal("0.244")
    assert to_cents(bill.total_usd) == Decimal("0.24")


def test_xray_sampled_traces_and_free_tier(tmp_path: Path) -> None:
    # 10M requests at 10% = 1M traces recorded × $5.00/M = $5.00, − 100,000 free × $5/M =
    # −$0.50; 2M scanned × $0.50/M = $1.00 − 1M free × $0.50/M = −$0.50 → $5.00
    text = FN + (
        "    requests_per_month: 10000000\n"
        "    tracing: {sample_percent: 10, traces_scanned_per_month: 2000000}\n"
    )
    assert _around(tmp_path, text).total_usd == Decimal("5.00")


def test_xray_default_rule_one_a_second_and_five_percent(tmp_path: Path) -> None:
    # 26,280,000 requests a month = 10 a second (730 h × 3,600 s = 2,628,000 s);
    # traced: 1 + 5% × 9 = 1.45 a second × 2,628,000 = 3,810,600 × $5/M = $19.053
    text = FN + "    requests_per_month: 26280000\n    tracing: true\naround: {free_tier: false}\n"
    assert _around(tmp_path, text).total_usd == Decimal("19.053")
    # below one a second every request is traced: 1,000 × $5/M
    text = FN + "    requests_per_month: 1000\n    tracing: true\naround: {free_tier: false}\n"
    assert _around(tmp_path, text).total_usd == Decimal("0.005")
    off = FN + "    requests_per_month: 1000\n    tracing: false\n"
    assert _around(tmp_path, off).lines == ()


def test_tracing_errors(tmp_path: Path) -> None:
    line = _error(tmp_path, FN + RATE + "    tracing: {sample_percent: 150}\n")
    assert "s.yaml:6:" in line and "sample_percent" in line


def test_free_tier_false_drops_every_around_allowance(tmp_path: Path) -> None:
    text = "free_tier: false\n" + FN + "    requests_per_month: 1000\n    sqs: {}\n"
    assert not [x for x in _around(tmp_path, text).lines if "free" in x.component]


# --- invariants ----------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(
    requests=st.lists(st.integers(0, 10**12), min_size=1, max_size=4),
    log_bytes=st.integers(0, 10**5),
    api=st.sampled_from(["rest", "http"]),
    free=st.booleans(),
)
def test_tier_shares_add_up_and_lambda_is_untouched(
    requests: list[int], log_bytes: int, api: str, free: bool
) -> None:
    from lambdacalc.around.settings import ApiSettings, AroundAccount, AroundFunction
    from lambdacalc.cost import price
    from lambdacalc.cost.rules import tiered_cost_usd
    from lambdacalc.pricing_files import load_price_book
    from lambdacalc.workload import Account, FunctionWorkload, Workload

    functions = tuple(
        FunctionWorkload(
            f"f{i}", 128, Decimal(10), Decimal(r),
            log_bytes_per_request=Decimal(log_bytes),
            around=AroundFunction(api=ApiSettings(api)),
        )
        for i, r in enumerate(requests)
    )  # fmt: skip
    workload = Workload("w", Account(free_tier=free, around=AroundAccount()), functions)
    bill = price_around(workload, BOOK)
    # the functions' shares of the account's API Gateway tiers add up to the tiered cost
    tiers = BOOK.tiers("us-east-1", API_REQUESTS[api])
    whole = tiered_cost_usd([(t.up_to, t.usd / 10**6) for t in tiers], Decimal(sum(requests)))
    shares = sum(x.cost_usd for x in bill.lines if x.service == "api_gateway")
    assert abs(shares - whole) < Decimal("1e-9")
    # the total is the lines' sum, per function and account lines together
    by_function = sum(bill.function_usd(f.name) for f in functions) + bill.function_usd("")
    # (sums in another order: equal to Decimal's 28 significant digits, a few units in the last)
    assert abs(bill.total_usd - by_function) <= abs(by_function) * Decimal("1e-26") + Decimal(
        "1e-20"
    )
    assert bill.total_usd >= 0 or free  # only credits can make it negative, and never below
    # Lambda's own bill is priced without it
    plain = price(workload._replace(functions=tuple(f._replace(around=None) for f in functions)),
                  load_price_book())  # fmt: skip
    assert price(workload, load_price_book()).total_usd == plain.total_usd


def test_interface_endpoints_hours_per_az_and_gb(tmp_path: Path) -> None:
    # AWS PrivateLink pricing (us-east-1): $0.01 per endpoint per AZ hour and $0.01 a GB.
    # 3 endpoints × 2 AZs × 730 h = 4,380 h × $0.01 = $43.80; 1,048.576 KB × 1M requests
    # = 1,048,576,000 KB ÷ 1024² = 1,000 GB × $0.01 = $10.00 → $53.80
    text = (
        "around: {interface_endpoints: {count: 3, azs: 2}}\n"
        + FN
        + (
            "    requests_per_month: 1000000\n"
            "    vpc: {egress: none, endpoint_kb_per_request: 1048.576}\n"
        )
    )
    lines = _lines(_around(tmp_path, text))
    assert lines["", "vpc_endpoints", "hours"] == Decimal("43.80")
    assert lines["f", "vpc_endpoints", "data processed"] == Decimal("10.00")
    line = _error(tmp_path, "region: ap-northeast-1\n" + text)
    assert "s.yaml:2:10: around.interface_endpoints:" in line and "unknown" in line
