"""The worked examples of AWS's own pricing pages, priced through lambdacalc's around-Lambda core
(`price_around` over the bundled book) and checked to the cent.

Where each example was read: the pricing pages render their rate tables in JavaScript, so
the stored copies of them hold prose and examples only. API Gateway's examples were read from
a Markdown copy of https://aws.amazon.com/api-gateway/pricing/ (dated 2025-11-02 in a public
repository); CloudWatch's from a public copy of the Logs examples of
https://aws.amazon.com/cloudwatch/pricing/; X-Ray's example is in tests/test_around.py.

Not found in the stored material (the tests that stay in tests/test_around.py say so too):
a worked example on https://aws.amazon.com/sqs/pricing/ (the page's rules are there, "each
64 KB chunk of a payload is billed as 1 request (for example, an API action with a 256 KB
payload is billed as 4 requests)", but no priced example), on
https://aws.amazon.com/vpc/pricing/ for NAT gateways, and on
https://aws.amazon.com/ec2/pricing/on-demand/ for data transfer out. Data transfer out is
checked below against the REST API examples' data-transfer lines instead.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from lambdacalc.units import to_cents
from tests.around_support import around_bill as _bill

FN = "functions:\n  - name: f\n    memory_mb: 128\n    duration_ms: 10\n"
APIGW = "https://aws.amazon.com/api-gateway/pricing/"
CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/"


def _line(bill: Any, service: str, component: str) -> Decimal:
    found = [x.cost_usd for x in bill.lines if x.service == service and x.component == component]
    assert len(found) == 1, [(x.service, x.component) for x in bill.lines]
    return Decimal(found[0])


# --- API Gateway: https://aws.amazon.com/api-gateway/pricing/, "Pricing Examples" ---------------


def test_http_api_example_1_serverless_web_application(tmp_path: Path) -> None:
    """HTTP APIs, Pricing Example 1: 10,000 page loads a minute, 12 KB request + 46 KB
    response. AWS: 10,000 × 60 × 24 × 30 = 432 million requests; 300M × $1.00/M = $300 +
    132M × $0.90/M = $118.8; total $418.8. (58 KB is under 512 KB: one metered request.)"""
    text = FN + "    requests_per_month: 432000000\n    api: {type: http, kb_per_request: 58}\n"
    bill = _bill(tmp_path, text)
    assert bill.total_usd == Decimal("418.80"), APIGW


def test_http_api_example_2_uploads_metered_per_512_kb(tmp_path: Path) -> None:
    """HTTP APIs, Pricing Example 2: 25 uploads a minute of 4.5 MB each. AWS: 25 × 60 × 24
    × 30 = 1,080,000 calls × (4.5 MB ÷ 512 KB = 9 metered requests) = 9,720,000 × $1/M
    = $9.72. Here 4.5 MB = 4,608 KB: ⌈4,608 ÷ 512⌉ = 9."""
    text = FN + "    requests_per_month: 1080000\n    api: {type: http, kb_per_request: 4608}\n"
    assert _bill(tmp_path, text).total_usd == Decimal("9.72"), APIGW


def test_rest_api_example_five_million_calls_with_data_transfer(tmp_path: Path) -> None:
    """REST APIs, Edge Optimized and Regional, first example: 5 million calls returning 3 KB,
    no caching. AWS: 5M × $3.50/M = $17.50; 3 KB × 5M = 15 million KB = 14.3 GB × $0.09 =
    $1.29; total $18.79. Here 15,000,000 KB ÷ 1024² = 14.30511 GB × $0.09 = $1.28746 and
    17.50 + 1.28746 = $18.78746 → $18.79. (AWS's free tier for API Gateway is for new
    accounts only, and the example has none; the always-free 100 GB out is switched off
    because the example charges its data transfer from the first GB.)"""
    text = (
        "around: {free_tier: false}\n"
        + FN
        + "    requests_per_month: 5000000\n    api: rest\n    data_out_kb_per_request: 3\n"
    )
    bill = _bill(tmp_path, text)
    assert _line(bill, "api_gateway", "REST requests") == Decimal("17.50")
    assert to_cents(_line(bill, "data_transfer", "out to the internet")) == Decimal("1.29")
    assert to_cents(bill.total_usd) == Decimal("18.79"), APIGW


def test_rest_api_example_fifteen_billion_calls_on_the_tiers(tmp_path: Path) -> None:
    """REST APIs, second example: 15 billion calls returning 4 KB. AWS's API call charges:
    333M × $3.50/M = $1,165.50 + 667M × $2.80/M = $1,867.60 + 14B × $2.38/M = $33,320.00 =
    $36,353.10 — reproduced to the cent.

    Its data-transfer line is not AWS's tiered rate: it prices 4 KB × 15B = 57,220.46 GB at a
    flat $0.09 = $5,149.84 (total $41,502.94), while the EC2 data-transfer-out tiers it points
    to charge the first 10 TB at $0.09, the next 40 TB at $0.085 and the next 100 TB at $0.07.
    lambdacalc uses the tiers: 60,000,000,000 KB ÷ 1024² = 57,220.458984375 GB = 10,240 ×
    0.09 + 40,960 × 0.085 + 6,020.458984375 × 0.07 = 921.60 + 3,481.60 + 421.43212890625 =
    $4,824.63212890625 → $4,824.63, so our total is $36,353.10 + $4,824.63 = $41,177.73."""
    text = (
        "around: {free_tier: false}\n"
        + FN
        + "    requests_per_month: 15000000000\n    api: rest\n    data_out_kb_per_request: 4\n"
    )
    bill = _bill(tmp_path, text)
    assert _line(bill, "api_gateway", "REST requests") == Decimal("36353.10"), APIGW
    data_out = _line(bill, "data_transfer", "out to the internet")
    # (Decimal's 28 significant digits leave a unit in the last place)
    assert abs(data_out - Decimal("4824.63212890625")) < Decimal("1e-20")
    assert to_cents(bill.total_usd) == Decimal("41177.73")


def test_private_rest_api_example_endpoint_data_and_hours(tmp_path: Path) -> None:
    """REST APIs, Private APIs: 5 million calls, 0.3 KB requests and 3 KB responses, one
    interface endpoint in one AZ. AWS: API calls 5M × $3.50/M = $17.50; (3 + 0.3) KB × 5M =
    16.5 million KB = 15.7 GB × $0.01/GB = $0.16 endpoint data; 720 hours × $0.01 = $7.20;
    total $24.86. Here 16,500,000 KB ÷ 1024² = 15.73563 GB × $0.01 = $0.1573563 → $0.16, as
    AWS. The endpoint hours differ on purpose: AWS's example bills a 720-hour month,
    lambdacalc's month is 730 hours (as AWS's own calculator), so 730 × $0.01 = $7.30 and
    our total is AWS's $24.86 + 10 h × $0.01 = $24.96."""
    text = (
        "around: {interface_endpoints: {count: 1, azs: 1}}\n"
        + FN
        + "    requests_per_month: 5000000\n    api: rest\n"
        "    vpc: {egress: none, endpoint_kb_per_request: 3.3}\n"
    )
    bill = _bill(tmp_path, text)
    assert _line(bill, "api_gateway", "REST requests") == Decimal("17.50")
    assert to_cents(_line(bill, "vpc_endpoints", "data processed")) == Decimal("0.16"), APIGW
    assert _line(bill, "vpc_endpoints", "hours") == Decimal("7.30")
    assert to_cents(bill.total_usd) == Decimal("24.96")


def test_websocket_example_chat_application(tmp_path: Path) -> None:
    """WebSocket APIs, chat application (US East, N. Virginia): 1,000 users connected 12 hours
    a day, each sending 100 and receiving 500 messages of 3 KB a day. AWS: (100 + 500) ×
    1,000 × 30 = 18M messages × $1.00/M = $18; 1,000 × 12 × 60 × 30 = 21,600,000 connection
    minutes × $0.25/M = $5.40; total $23.40. (3 KB is under 32 KB: one metered message.)"""
    text = FN + (
        "    requests_per_month: 18000000\n"
        "    api: {type: websocket, messages_per_month: 18000000, message_kb: 3,"
        " connection_minutes_per_month: 21600000}\n"
    )
    bill = _bill(tmp_path, text)
    assert _line(bill, "api_gateway", "WebSocket messages") == Decimal("18.00")
    assert _line(bill, "api_gateway", "WebSocket connection minutes") == Decimal("5.40")
    assert bill.total_usd == Decimal("23.40"), APIGW


# --- CloudWatch Logs: https://aws.amazon.com/cloudwatch/pricing/, Logs examples ----------------


def test_cloudwatch_logs_example_access_logs_ingestion_after_the_free_tier(
    tmp_path: Path,
) -> None:
    """AWS's "monitoring with logs": 1 GB of access logs a day for a 30-day month. AWS: ingested
    30 GB; 0 to 5 GB $0, 5 to 30 GB $0.50 × 25 = $12.50. lambdacalc bills the 30 GB at $0.50
    = $15.00 and credits the free 5 GB at $0.50 = −$2.50: $12.50, as AWS.

    The example's storage line ($0.03 for 6 GB archived, "assume log data compresses to
    6GB") is not reproduced: lambdacalc stores the uncompressed steady state of a retention
    period (docs/around-lambda.md), an upper bound, as it cannot know the compression. So the
    storage line is left out here (retention 1 day: 30 × 1 ÷ 30.4166 = 0.98630 GB-month, under
    the free 5 GB-month: storage $0.0295890 − credit 0.0295890 = $0)."""
    # 30,720 requests of 1 MB (1024² B) of logs each = 30 × 1024³ B = 30 GB
    text = (
        "around: {logs: {retention_days: 1}}\n"
        + FN
        + f"    requests_per_month: {30 * 1024}\n    log_bytes_per_request: {1024**2}\n"
    )
    bill = _bill(tmp_path, text)
    ingestion = _line(bill, "logs", "ingestion (Standard)")
    free = _line(bill, "logs", "free tier (ingestion)")
    assert ingestion == Decimal("15.00") and free == Decimal("-2.50")
    assert ingestion + free == Decimal("12.50"), CLOUDWATCH
    assert bill.total_usd == Decimal("12.50")  # storage and its credit cancel, as above


def test_cloudwatch_vended_logs_example_72_tb_settles_tb_as_1024_gb(tmp_path: Path) -> None:
    """Vended logs (VPC flow logs, the same Standard-class volume tiers Lambda's logs have had
    since May 2025): 72 TB ingested a month. AWS: 0 to 10 TB @ $0.50 = 10 × 1,024 × $0.50 =
    $5,120.00; 10 to 30 TB @ $0.25 = 20 × 1,024 × $0.25 = $5,120.00; 30 to 50 TB @ $0.10 =
    20 × 1,024 × $0.10 = $2,048.00; 50 to 72 TB @ $0.05 = 22 × 1,024 × $0.05 = $1,126.40;
    total ingestion $13,414.40. AWS counts a TB as 1,024 GB here, which is why the book's
    tier bounds are 10,240, 30,720 and 51,200 GB. The example's archive line (30 TB
    compressed × $0.03) is not reproduced, for the reason in the test above."""
    gb = 72 * 1024
    text = (
        "around: {free_tier: false}\n"
        + FN
        + f"    requests_per_month: {gb}\n    log_bytes_per_request: {1024**3}\n"
    )
    bill = _bill(tmp_path, text)
    assert _line(bill, "logs", "ingestion (Standard)") == Decimal("13414.40"), CLOUDWATCH
