"""SnapStart, response streaming, large async events and Lambda@Edge (issue 6), each worked
by hand from AWS's published us-east-1 rates: SnapStart cache $0.0000015046 per GB-s, restore
$0.0001397998 per GB; streaming $0.008 per GB beyond 6 MB a response, 100 GB a month free;
Lambda@Edge $0.60 per 1M requests and $0.00005001 per GB-s."""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.cost import Component, price, requests_per_async_event
from lambdacalc.errors import PricingError
from lambdacalc.pricing_files import load_price_book
from lambdacalc.units import to_cents
from lambdacalc.workload import Account, FunctionWorkload, SavingsPlan, SnapStart, Workload

BOOK = load_price_book()
MB = 1024 * 1024


def fn(**kw: object) -> FunctionWorkload:
    base: dict[str, object] = {
        "name": "f",
        "memory_mb": 1024,
        "duration_ms": D(100),
        "requests_per_month": D(1_000_000),
    }
    base.update(kw)
    return FunctionWorkload(**base)  # type: ignore[arg-type]


def bill(*functions: FunctionWorkload, **account: object):  # type: ignore[no-untyped-def]
    return price(Workload("t", Account(**account), functions), BOOK)  # type: ignore[arg-type]


def test_snapstart_matches_aws_example() -> None:
    snap = SnapStart("python", D(744), D(1))
    f = bill(
        fn(duration_ms=D(2000), requests_per_month=D(7_440_000), snapstart=snap), free_tier=False
    ).functions[0]
    # cache: 1 GB × 744 h × 3,600 s = 2,678,400 GB-s × $0.0000015046 = $4.02992064
    assert f.component_usd(Component.SNAPSTART_CACHE) == D("4.02992064")
    # restore: 1% × 7,440,000 = 74,400 × 1 GB × $0.0001397998 = $10.40110512
    assert f.component_usd(Component.SNAPSTART_RESTORE) == D("10.40110512")
    # AWS rounds each component: $1.49 + $248.00 + $4.03 + $10.40 = $263.92
    parts = [to_cents(i.cost_usd) for i in f.items]
    assert parts == [D("1.49"), D("248.00"), D("4.03"), D("10.40")]
    assert to_cents(f.total_usd) == D("263.92")


def test_snapstart_cache_is_charged_for_at_least_three_hours_and_not_for_java() -> None:
    # 1 h active bills 3 h: 0.5 GB × 3 × 3,600 = 5,400 GB-s
    f = bill(fn(memory_mb=512, snapstart=SnapStart("dotnet", D(1)))).functions[0]
    cache = next(i for i in f.items if i.component is Component.SNAPSTART_CACHE)
    assert cache.quantity == D(5400)
    java = bill(fn(snapstart=SnapStart("java", D(730), D(50)))).functions[0]
    assert not {Component.SNAPSTART_CACHE, Component.SNAPSTART_RESTORE} & {
        i.component for i in java.items
    }


@pytest.mark.parametrize(
    ("kb", "requests"),
    # 1 + ceil((kb − 256) / 64)
    [(1, 1), (256, 1), (D("256.5"), 2), (320, 2), (321, 3), (512, 5), (1024, 13)],
)
def test_async_events_count_one_request_per_64_kb_beyond_256(kb: int, requests: int) -> None:
    assert requests_per_async_event(D(kb)) == requests


def test_a_1mb_async_event_bills_13_requests() -> None:
    f = bill(fn(async_event_kb=D(1024)), free_tier=False).functions[0]
    item = f.items[0]
    assert item.component is Component.REQUESTS
    # 1,000,000 events × 13 = 13,000,000 requests × $0.0000002 = $2.60
    assert item.quantity == D(13_000_000)
    assert item.cost_usd == D("2.6")
    assert item.detail == "13 per 1024 KB event"


def test_streaming_bills_bytes_beyond_6mb_and_shares_100gb_free() -> None:
    # 6 MB or less per response: nothing to pay
    small = bill(fn(response_bytes_per_request=D(6 * MB))).functions[0]
    assert Component.RESPONSE_STREAMING not in {i.component for i in small.items}
    # 1,000,000 × 1 MB = 1,000,000 MB = 976.5625 GB × $0.008 = $7.8125
    f = bill(fn(response_bytes_per_request=D(7 * MB)), free_tier=False).functions[0]
    assert f.component_usd(Component.RESPONSE_STREAMING) == D("7.8125")
    # with the free tier, 100 GB × $0.008 = $0.80 comes off
    b = bill(fn(response_bytes_per_request=D(7 * MB), duration_ms=D(600)))
    assert b.free_tier.streaming_gb_used == 100
    without = bill(
        fn(response_bytes_per_request=D(7 * MB), duration_ms=D(600)), free_tier=False
    ).total_usd
    # 1M × 0.6 s × 1 GB = 600,000 GB-s, of which 400,000 free × $0.0000166667 = $6.66668
    assert without - b.total_usd == D("0.2") + D("6.66668") + D("0.8")  # requests, GB-s, GB


def test_a_streamed_response_takes_at_least_its_bytes_at_2_mb_a_second() -> None:
    # 26 MB: 20 MB beyond the uncapped 6 MB at 2 MB/s = 10 s, so 100 ms is billed as 10,000 ms:
    # 1M × 10 s × 1 GB = 10,000,000 GB-s × $0.0000166667 = $166.667
    b = bill(fn(response_bytes_per_request=D(26 * MB)), free_tier=False)
    assert b.functions[0].component_usd(Component.DURATION) == D("166.667")
    assert b.functions[0].billed_duration_ms == 10_000
    assert b.warnings == (
        "f: a 26 MB streamed response takes at least 10,000 ms (beyond the first 6 MB Lambda "
        "streams at most 2 MB/s), so its duration is billed as 10,000 ms, not 100 ms (+9,900 "
        "ms a request); give the measured duration if it is longer",
    )
    # a longer stated duration is billed as it is, without a warning
    slow = bill(fn(response_bytes_per_request=D(26 * MB), duration_ms=D(12_000)))
    assert slow.functions[0].billed_duration_ms == 12_000
    assert not slow.warnings


def test_edge_has_its_own_prices_and_no_free_tier_tiers_or_savings_plan() -> None:
    edge = fn(name="edge", edge=True, memory_mb=128, duration_ms=D(50), requests_per_month=D(10**7))
    b = bill(edge, savings_plan=SavingsPlan(D(17)))
    f = b.functions[0]
    # AWS's example: 10M × 0.05 s × 0.125 GB = 62,500 GB-s × $0.00005001 = $3.125625
    assert f.component_usd(Component.DURATION) == D("3.125625")
    # 10M × $0.60/M = $6.00
    assert f.component_usd(Component.REQUESTS) == D("6")
    assert to_cents(f.total_usd) == D("9.13")
    assert b.free_tier.shares == ()  # nothing of the free tier went to it
    assert b.tiers == ()  # nor did it count towards the regional duration tiers
    assert b.savings_plan is not None and b.savings_plan.eligible_on_demand_usd == 0


def test_a_regular_function_keeps_the_free_tier_beside_an_edge_one() -> None:
    edge = fn(name="edge", edge=True, memory_mb=128)
    regular = fn(name="api")
    b = bill(edge, regular)
    # only api's 1,000,000 requests and 100,000 GB-s are covered; the edge function pays all
    assert [s.function for s in b.free_tier.shares] == ["api"]
    assert b.functions[1].total_usd == 0


def test_features_need_known_prices() -> None:
    with pytest.raises(PricingError, match="SnapStart cache price for us-east-2 is unknown"):
        price(
            Workload("t", Account(region="us-east-2"), (fn(snapstart=SnapStart("python")),)), BOOK
        )
    with pytest.raises(PricingError, match="Lambda@Edge request price for eu-west-1"):
        price(Workload("t", Account(region="eu-west-1"), (fn(edge=True),)), BOOK)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    edge: true\n    architecture: arm64\n", "Lambda@Edge runs on x86_64 only"),
        ("    edge: true\n    ephemeral_storage_mb: 1024\n", "512 MB of /tmp"),
        (
            "    edge: true\n    provisioned_concurrency: {count: 1}\n",
            "Lambda@Edge has no provisioned concurrency",
        ),
        (
            "    snapstart: {runtime: python}\n    provisioned_concurrency: {count: 1}\n",
            "SnapStart and provisioned concurrency cannot be used together",
        ),
        ("    async_event_kb: 1025\n", "functions[0].async_event_kb: input should be less than"),
        ("    snapstart: {runtime: ruby}\n", "functions[0].snapstart.runtime"),
        ("    response_streaming: {bytes_per_request: 7XB}\n", "unknown size unit 'xb'"),
    ],
)
def test_invalid_combinations_are_one_line_errors(tmp_path: Path, extra: str, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "functions:\n  - name: f\n    memory_mb: 128\n    duration_ms: 10\n"
        "    requests_per_month: 1\n" + extra
    )
    result = CliRunner().invoke(app, ["cost", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    # located: file:line:col of the function (or of the key itself), then the key path
    assert re.match(rf"Error: {re.escape(str(path))}:\d+:\d+: functions\[0\]", result.stderr)
    assert "Traceback" not in result.stderr
