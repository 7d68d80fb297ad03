"""The cost engine, component by component, against prices worked out by hand.

Rates (us-east-1, pricing/aws-lambda.json): requests $0.20/M; x86 duration $0.0000166667 /
$0.0000150000 / $0.0000133334 per GB-s at 0–6B / 6B–15B / over 15B; arm $0.0000133334 /
$0.0000120001 / $0.0000106667 at 0–7.5B / 7.5B–18.75B / over; /tmp $0.0000000309;
PC x86 $0.0000041667, PC duration x86 $0.0000097222; free tier 1M requests + 400,000 GB-s.
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lambdacalc import prices
from lambdacalc.cli import app
from lambdacalc.cost import Component, price, price_needs, tiered_cost_usd
from lambdacalc.errors import PricingError
from lambdacalc.prices import Architecture, Tier
from lambdacalc.pricing_files import load_price_book
from lambdacalc.units import to_cents
from lambdacalc.workload import (
    Account,
    FunctionWorkload,
    ProvisionedConcurrency,
    SavingsPlan,
    SnapStart,
    Workload,
)

BOOK = load_price_book()
ARM = Architecture.ARM64


def fn(**kw: object) -> FunctionWorkload:
    base: dict[str, object] = {
        "name": "f",
        "memory_mb": 1024,
        "duration_ms": D(100),
        "requests_per_month": D(1_000_000),
    }
    base.update(kw)
    return FunctionWorkload(**base)  # type: ignore[arg-type]


def bill(*functions: FunctionWorkload, free_tier: bool = False, **account: object):  # type: ignore[no-untyped-def]
    acct = Account(free_tier=free_tier, **account)  # type: ignore[arg-type]
    return price(Workload("t", acct, functions), BOOK)


def test_requests_and_duration_without_free_tier() -> None:
    b = bill(fn())
    f = b.functions[0]
    # 1,000,000 × $0.20 / 1,000,000 = $0.20
    assert f.component_usd(Component.REQUESTS) == D("0.2")
    # 1,000,000 × 0.1 s × 1 GB = 100,000 GB-s × $0.0000166667 = $1.66667
    assert f.on_demand_gb_s == D(100_000)
    assert f.component_usd(Component.DURATION) == D("1.66667")
    assert b.total_usd == D("1.86667")


def test_duration_is_billed_in_whole_milliseconds_rounded_up() -> None:
    # 12.1 ms bills as 13 ms: 1,000,000 × 0.013 s × 1 GB = 13,000 GB-s
    f = bill(fn(duration_ms=D("12.1"))).functions[0]
    assert f.billed_duration_ms == 13
    assert f.on_demand_gb_s == D(13_000)


def test_a_duration_already_billed_is_not_rounded_up_again() -> None:
    # A mean of Billed Durations 1, 1, 2 ms is 4/3 ms: 1,000,000 × 4/3 ms × 1 GB
    # = 1,333.33… GB-s, not 1,000,000 × 2 ms = 2,000 GB-s; the same number without the
    # flag is a planned average and bills ceil(1.33…) = 2 ms.
    mean = D(4) / D(3)
    billed = bill(fn(duration_ms=mean, duration_billed=True)).functions[0]
    assert billed.billed_duration_ms == mean
    assert billed.on_demand_gb_s == D(1_000_000) * mean / 1000
    assert abs(billed.on_demand_gb_s - D("1333.333333")) < D("0.000001")
    planned = bill(fn(duration_ms=mean)).functions[0]
    assert planned.on_demand_gb_s == D(2_000)
    # provisioned concurrency's default duration follows the function's, unrounded too:
    # 100 requests served × 4/3 ms × 1 GB / 1000 = 0.1333… GB-s
    pc = ProvisionedConcurrency(1, requests_per_month=D(100))
    served = bill(fn(duration_ms=mean, duration_billed=True, provisioned=pc)).functions[0]
    assert served.provisioned_duration_gb_s == D(100) * mean / 1000


def test_init_adds_ceil_of_init_plus_duration_minus_ceil_duration() -> None:
    # 2% of 1,000,000 = 20,000 cold starts; ceil(250.4 + 100) − 100 = 251 ms extra each
    # 20,000 × 0.251 s × 1 GB = 5,020 GB-s × $0.0000166667 = $0.083666834
    f = bill(fn(cold_start_percent=D(2), init_duration_ms=D("250.4"))).functions[0]
    assert f.init_gb_s == D(5020)
    assert f.component_usd(Component.INIT) == D("5020") * D("0.0000166667")


def test_ephemeral_storage_is_extra_gb_times_seconds_without_memory() -> None:
    # 1,000,000 × 0.1 s = 100,000 s × (1536 − 512)/1024 GB = 100,000 GB-s × $0.0000000309
    # = $0.00309 — the same at 128 MB or 10 GB of memory
    for memory in (128, 10240):
        f = bill(fn(memory_mb=memory, ephemeral_storage_mb=1536)).functions[0]
        assert f.component_usd(Component.EPHEMERAL_STORAGE) == D("0.00309")
    assert Component.EPHEMERAL_STORAGE not in {i.component for i in bill(fn()).functions[0].items}


def test_tiered_cost_is_continuous_at_the_boundaries() -> None:
    tiers = BOOK.duration_tiers("us-east-1", Architecture.X86_64)
    # 6B × $0.0000166667 = $100,000.20
    assert tiered_cost_usd(tiers, D(6_000_000_000)) == D("100000.2")
    # + 1 GB-s in the second tier at $0.000015
    assert tiered_cost_usd(tiers, D(6_000_000_001)) == D("100000.200015")
    # 15B: $100,000.20 + 9B × $0.000015 = $235,000.20; + 5B × $0.0000133334 = $66,667
    assert tiered_cost_usd(tiers, D(20_000_000_000)) == D("301667.2")
    assert tiered_cost_usd((Tier(None, D("0.5")),), D(3)) == D("1.5")


def test_arm_tiers_have_their_own_boundaries() -> None:
    tiers = BOOK.duration_tiers("us-east-1", ARM)
    # 7.5B × $0.0000133334 = $100,000.50 — the first arm tier ends at 7.5B, not 6B
    assert tiered_cost_usd(tiers, D(7_500_000_000)) == D("100000.5")


def test_tiers_apply_to_the_account_not_each_function() -> None:
    # Two functions of 4B GB-s each: 8B in all, so 2B fall in the second tier.
    # 4B GB-s = 1,000,000,000 × 4 s × 1 GB
    big = {"memory_mb": 1024, "duration_ms": D(4000), "requests_per_month": D(1_000_000_000)}
    b = bill(fn(name="a", **big), fn(name="b", **big))
    # 6B × 0.0000166667 + 2B × 0.000015 = 100,000.20 + 30,000 = $130,000.20, split evenly
    duration = [f.component_usd(Component.DURATION) for f in b.functions]
    assert duration[0] == duration[1] == D("65000.1")
    assert [t.name for t in b.tiers] == ["first 6B GB-s", "next 9B GB-s"]
    assert [t.gb_s for t in b.tiers] == [D(6_000_000_000), D(2_000_000_000)]


def test_free_tier_is_shared_by_the_account_and_split_by_usage() -> None:
    # x86: 1,000,000 × 0.1 s × 1 GB = 100,000 GB-s; arm: 3,000,000 × 0.1 s × 1 GB = 300,000
    # Free 400,000 GB-s covers both exactly; 1M free requests split 1 : 3.
    b = bill(
        fn(name="x"),
        fn(name="a", architecture=ARM, requests_per_month=D(3_000_000)),
        free_tier=True,
    )
    shares = {s.function: s for s in b.free_tier.shares}
    assert shares["x"].requests == D(250_000)
    assert shares["a"].requests == D(750_000)
    assert shares["x"].gb_s == D(100_000)
    assert shares["a"].gb_s == D(300_000)
    # Left to pay: requests (4,000,000 − 1,000,000) × $0.20/M = $0.60; duration $0.
    assert b.total_usd == D("0.6")
    assert b.free_tier.gb_s_used == D(400_000)


def test_free_tier_never_exceeds_usage_or_makes_a_function_negative() -> None:
    b = bill(fn(requests_per_month=D(10)), free_tier=True)
    assert b.free_tier.requests_used == 10
    assert b.total_usd == 0
    assert all(f.total_usd >= 0 for f in b.functions)


def test_free_tier_does_not_reduce_provisioned_concurrency() -> None:
    pc = ProvisionedConcurrency(
        environments=1, hours_per_month=D(730), requests_per_month=D(1_000_000)
    )
    b = bill(fn(provisioned=pc), free_tier=True)
    f = b.functions[0]
    # All invocations are PC-served: no on-demand GB-s, so no free GB-s are used.
    assert b.free_tier.gb_s_used == 0
    # PC: 1 × 1 GB × 730 h × 3600 s = 2,628,000 GB-s × $0.0000041667 = $10.9500876
    assert f.component_usd(Component.PROVISIONED_CONCURRENCY) == D("10.9500876")
    # PC duration: 1,000,000 × 0.1 s × 1 GB = 100,000 GB-s × $0.0000097222 = $0.97222
    assert f.component_usd(Component.PROVISIONED_DURATION) == D("0.97222")
    # Requests $0.20 − $0.20 free = 0: total = 10.9500876 + 0.97222
    assert f.total_usd == D("11.9223076")


def test_provisioned_concurrency_serves_traffic_in_its_window_up_to_capacity() -> None:
    # 7,300,000 requests a month = 2.7777 rps on average; PC enabled 73 h (1/10 of the
    # month) sees 730,000 of them. Capacity: 1 env × 73 h × 3,600,000 ms / 100 ms = 2,628,000.
    pc = ProvisionedConcurrency(environments=1, hours_per_month=D(73))
    f = bill(fn(requests_per_month=D(7_300_000), provisioned=pc)).functions[0]
    assert f.provisioned_requests == D(730_000)
    assert f.on_demand_requests == D(6_570_000)
    # With 2,000 ms per request the single environment holds only
    # 73 × 3,600,000 / 2,000 = 131,400 of them; the rest spill over.
    f2 = bill(fn(requests_per_month=D(7_300_000), duration_ms=D(2000), provisioned=pc)).functions[0]
    assert f2.provisioned_requests == D(131_400)


def test_provisioned_concurrency_within_capacity_bills_every_request_on_pc() -> None:
    # Worked from the rules (us-east-1, no free tier), shaped like AWS's PC example 1 but not
    # a copy of its figures: 1,024 MB, PC 1,000 enabled for 2 hours, 1.2M invocations of 1 s.
    # Capacity 1,000 × 7,200 s ÷ 1 s = 7,200,000 ≥ 1,200,000: all on PC, nothing spills.
    pc = ProvisionedConcurrency(1000, D(2), D(1_200_000))
    b = bill(fn(duration_ms=D(1000), requests_per_month=D(1_200_000), provisioned=pc))
    f = b.functions[0]
    # PC: 1,000 × 1 GB × 7,200 s = 7,200,000 GB-s × $0.0000041667 = $30.00024 → $30.00
    assert to_cents(f.component_usd(Component.PROVISIONED_CONCURRENCY)) == D("30.00")
    # PC duration: 1,200,000 × 1 s × 1 GB = 1,200,000 GB-s × $0.0000097222 = $11.66664 → $11.67
    assert to_cents(f.component_usd(Component.PROVISIONED_DURATION)) == D("11.67")
    # Requests: 1,200,000 × $0.20/M = $0.24; total 30.00024 + 11.66664 + 0.24 = 41.90688 → $41.91
    assert f.component_usd(Component.REQUESTS) == D("0.24")
    assert to_cents(b.total_usd) == D("41.91")
    assert f.on_demand_requests == 0
    assert not b.warnings


def test_provisioned_requests_given_beyond_capacity_spill_over_with_a_warning() -> None:
    # 10 environments enabled 720 h (a 30-day month) = 10 × 2,592,000 s = 25,920,000
    # environment-seconds; at 1 s a request (one at a time each) at most 25,920,000 requests
    # run on PC. 30,000,000 are given to PC: 30,000,000 − 25,920,000 = 4,080,000 go on demand.
    pc = ProvisionedConcurrency(10, D(720), D(30_000_000))
    b = bill(fn(duration_ms=D(1000), requests_per_month=D(30_000_000), provisioned=pc))
    f = b.functions[0]
    assert f.provisioned_requests == D(25_920_000)
    assert f.on_demand_requests == D(4_080_000)
    # PC: 10 × 1 GB × 2,592,000 s = 25,920,000 GB-s × $0.0000041667 = $108.000864
    assert f.component_usd(Component.PROVISIONED_CONCURRENCY) == D("108.000864")
    # PC duration: 25,920,000 × 1 s × 1 GB = 25,920,000 GB-s × $0.0000097222 = $251.999424
    assert f.component_usd(Component.PROVISIONED_DURATION) == D("251.999424")
    # On-demand: 4,080,000 × 1 s × 1 GB = 4,080,000 GB-s × $0.0000166667 = $68.000136
    assert f.on_demand_gb_s == D(4_080_000)
    assert f.component_usd(Component.DURATION) == D("68.000136")
    # Requests: all 30,000,000 × $0.20/M = $6
    assert f.component_usd(Component.REQUESTS) == D(6)
    # 108.000864 + 251.999424 + 68.000136 + 6 = $434.000424
    assert b.total_usd == D("434.000424")
    assert b.warnings == (
        "f: 4,080,000 of the 30,000,000 requests given to provisioned concurrency are priced "
        "on demand: 10 environments enabled 720 h serve at most 25,920,000 requests of "
        "1,000 ms (one at a time each); lower provisioned_concurrency.requests_per_month or "
        "raise its count",
    )


def test_spill_over_warning_shows_a_fractional_duration_as_it_is() -> None:
    # 2 environments × 1.01 h × 3,600,000 ms = 7,272,000 environment-ms; at 999.5 ms a
    # request that is 7,272,000 ÷ 999.5 = 7,275.64 requests, shown whole: 7,276. The
    # duration is shown as given (999.5 ms), so the sentence multiplies out.
    pc = ProvisionedConcurrency(2, D("1.01"), D(900_000))
    b = bill(fn(duration_ms=D("999.5"), requests_per_month=D(1_000_000), provisioned=pc))
    (warning,) = b.warnings
    assert "serve at most 7,276 requests of 999.5 ms" in warning


def test_derived_provisioned_requests_are_capped_the_same_way_without_a_warning() -> None:
    # Not given: the traffic in the window is 30,000,000 × 720 / 730 = 29,589,041.1, above
    # the 25,920,000 capacity worked out above; spill-over is the model, not a surprise.
    pc = ProvisionedConcurrency(10, D(720))
    b = bill(fn(duration_ms=D(1000), requests_per_month=D(30_000_000), provisioned=pc))
    assert b.functions[0].provisioned_requests == D(25_920_000)
    assert b.functions[0].on_demand_requests == D(4_080_000)
    assert not b.warnings


def test_capacity_counts_the_provisioned_duration_not_the_functions() -> None:
    # PC invocations of 500 ms (pc duration_ms) on a 1,000 ms function: 1 environment × 1 h
    # = 3,600,000 ms ÷ 500 ms = 7,200 requests; 10,000 given, 2,800 go on demand.
    pc = ProvisionedConcurrency(1, D(1), D(10_000), D(500))
    b = bill(fn(duration_ms=D(1000), requests_per_month=D(10_000), provisioned=pc))
    assert b.functions[0].provisioned_requests == D(7_200)
    assert b.functions[0].on_demand_requests == D(2_800)
    assert "2,800 of the 10,000 requests" in b.warnings[0]


def test_more_provisioned_requests_than_the_function_has_is_a_warning() -> None:
    # 2,000,000 given to PC of a function with 1,000,000: PC serves the 1,000,000 (capacity
    # 1 × 730 h × 3,600,000 ms ÷ 100 ms = 26,280,000); none is left on demand.
    pc = ProvisionedConcurrency(1, D(730), D(2_000_000))
    b = bill(fn(provisioned=pc))
    assert b.functions[0].provisioned_requests == D(1_000_000)
    assert b.functions[0].on_demand_requests == 0
    assert b.warnings == (
        "f: provisioned_concurrency.requests_per_month (2,000,000) is more than the "
        "function's 1,000,000 requests a month; at most those can run on provisioned "
        "concurrency",
    )


@settings(max_examples=200, deadline=None)
@given(
    count=st.integers(1, 1000),
    hours=st.decimals(D("0.1"), D(730), places=2),
    duration=st.decimals(D("0.5"), D(900_000), places=1),
    requests=st.decimals(D(0), D(10) ** 11, places=0),
    given_share=st.none() | st.decimals(D(0), D(2), places=2),
)
def test_provisioned_concurrency_never_serves_more_than_it_can_hold(
    count: int, hours: D, duration: D, requests: D, given_share: D | None
) -> None:
    given_requests = None if given_share is None else requests * given_share
    pc = ProvisionedConcurrency(count, hours, given_requests)
    f = bill(fn(duration_ms=duration, requests_per_month=requests, provisioned=pc)).functions[0]
    # Little's law: count × hours × 3,600,000 ms ÷ ms per request, one at a time each
    assert f.provisioned_requests <= count * hours * 3_600_000 / duration
    assert f.provisioned_requests + f.on_demand_requests == requests
    assert f.on_demand_requests >= 0
    if given_requests is not None:
        assert f.provisioned_requests <= given_requests


def test_price_needs_lists_only_what_the_function_is_charged_for() -> None:
    x86 = prices.Architecture.X86_64
    # No requests: no GB-s, so no duration price; the request line is always shown.
    assert [n.price for n in price_needs(fn(requests_per_month=D(0)))] == [prices.REQUEST[x86]]
    # /tmp above 512 MB, PC and SnapStart with restores: each price, with its setting.
    full = fn(
        ephemeral_storage_mb=1024,
        provisioned=ProvisionedConcurrency(1, D(1)),
        snapstart=SnapStart("python", restore_percent=D(1)),
    )
    assert [(n.price.what, n.setting) for n in price_needs(full)] == [
        ("x86_64 request", ""),
        ("x86_64 duration", ""),
        ("ephemeral storage", "ephemeral_storage_mb"),
        ("x86_64 provisioned concurrency", "provisioned_concurrency"),
        ("x86_64 provisioned duration", "provisioned_concurrency"),
        ("SnapStart cache", "snapstart"),
        ("SnapStart restore", "snapstart"),
    ]
    # No restores, no restore price; Java pays no SnapStart price at all.
    no_restores = [n.price for n in price_needs(fn(snapstart=SnapStart("python")))]
    assert prices.SNAPSTART_RESTORE not in no_restores
    java = [n.price for n in price_needs(fn(snapstart=SnapStart("java", restore_percent=D(1))))]
    assert prices.SNAPSTART_CACHE not in java
    # Lambda@Edge: its own request and duration prices.
    assert [n.price for n in price_needs(fn(edge=True))] == [
        prices.EDGE_REQUEST,
        prices.EDGE_DURATION,
    ]


def test_provisioned_hours_round_up_to_five_minutes() -> None:
    # 1 h 1 min bills as 1 h 5 min = 1.0833… h: 1 × 1 GB × 3,900 s = 3,900 GB-s
    pc = ProvisionedConcurrency(
        environments=1, hours_per_month=D(61) / D(60), requests_per_month=D(0)
    )
    item = next(
        i
        for i in bill(fn(provisioned=pc)).functions[0].items
        if i.component is Component.PROVISIONED_CONCURRENCY
    )
    assert item.quantity == D(3900)


def test_savings_plan_discount_without_commitment_skips_requests_and_storage() -> None:
    b = bill(fn(ephemeral_storage_mb=1536), savings_plan=SavingsPlan(D(17)))
    f = b.functions[0]
    # Only the duration ($1.66667) is eligible: 17% of it = −$0.2833339
    assert f.component_usd(Component.SAVINGS_PLAN) == D("-0.2833339")
    assert b.savings_plan is not None
    assert b.savings_plan.eligible_on_demand_usd == D("1.66667")


def test_savings_plan_commitment_covers_usage_up_to_it() -> None:
    # Eligible: $1.66667 of duration. A $0.001/h commitment = $0.73 a month buys usage worth
    # $0.73 / 0.83 = $0.879518…; effect = 0.73 − 0.879518… = −$0.149518…
    b = bill(fn(), savings_plan=SavingsPlan(D(17), D("0.001")))
    assert b.savings_plan is not None
    assert to_cents(b.savings_plan.effect_usd) == D("-0.15")
    assert b.savings_plan.covered_on_demand_usd == D("0.73") / D("0.83")
    # The best commitment: 1.66667 × 0.83 / 730 = $0.0018950…/h, saving 17% = −$0.2833339
    assert b.savings_plan.optimal_effect_usd == D("-0.2833339")


def test_over_commitment_costs_more_than_it_saves() -> None:
    # $1/h = $730 a month for $1.66667 of usage: the bill rises by 730 − 1.66667
    b = bill(fn(), savings_plan=SavingsPlan(D(17), D(1)))
    assert b.savings_plan is not None
    assert b.savings_plan.effect_usd == D("728.33333")
    assert b.total_usd == D("0.2") + D(730)
    # $730 covers up to 730 / 0.83 = $879.52 of usage; the usage is $1.66667, which the plan
    # buys for 1.66667 x 0.83 = $1.3833361; the rest, 730 - 1.3833361 = $728.62, pays for nothing
    item = next(i for i in b.functions[0].items if i.component is Component.SAVINGS_PLAN)
    assert item.detail == (
        "the $730.00 commitment paid in place of the $1.67 of eligible on-demand usage it "
        "covers at 17% off; $728.62 of it pays for nothing (more than the usage)"
    )
    # the bill is lowest at 1.66667 x 0.83 / 730 = $0.001895/h
    assert b.warnings == (
        "Savings Plan: the $730.00 a month commitment ($1/h) is more than the eligible usage: "
        "it covers up to $879.52 of on-demand usage, but there is $1.67, so $728.62 a month "
        "pays for nothing; the bill is lowest at $0.0019/h",
    )


def test_a_commitment_within_the_usage_says_what_it_covers_and_warns_of_nothing() -> None:
    b = bill(fn(), savings_plan=SavingsPlan(D(17), D("0.001")))
    item = next(i for i in b.functions[0].items if i.component is Component.SAVINGS_PLAN)
    # $0.73 a month buys usage worth 0.73 / 0.83 = $0.879518… (see above)
    assert item.detail == (
        "the $0.73 commitment paid in place of the $0.88 of eligible on-demand usage it covers "
        "at 17% off"
    )
    assert b.warnings == ()
    discount = bill(fn(), savings_plan=SavingsPlan(D(17)))
    item = next(i for i in discount.functions[0].items if i.component is Component.SAVINGS_PLAN)
    assert item.detail == (
        "17% off eligible usage (duration after the free tier, provisioned concurrency): "
        "$1.67 at on-demand prices"
    )


def test_unknown_region_and_unknown_prices_are_errors() -> None:
    with pytest.raises(PricingError, match="no prices for region 'xx-nowhere-1'"):
        price(Workload("t", Account(region="xx-nowhere-1"), (fn(),)), BOOK)
    with pytest.raises(PricingError, match="arm64 prices for ca-west-1 are unknown"):
        price(Workload("t", Account(region="ca-west-1"), (fn(architecture=ARM),)), BOOK)
    with pytest.raises(PricingError, match="cn-north-1"):
        price(Workload("t", Account(region="cn-north-1"), (fn(),)), BOOK)


def test_other_regions_use_their_own_prices() -> None:
    # eu-south-1 (Milan): requests $0.23/M; x86 $0.0000195172/GB-s
    # 1,000,000 × $0.23/M = $0.23; 100,000 GB-s × $0.0000195172 = $1.95172
    b = price(Workload("t", Account(region="eu-south-1", free_tier=False), (fn(),)), BOOK)
    assert b.total_usd == D("0.23") + D("1.95172")


def test_concurrency_is_not_the_engines_business() -> None:
    # 100 rps × 20 s = 2,000 concurrent executions, above 1,000: `lambdacalc cost` warns
    # (tests/test_cli.py), through the concurrency model, not through the pricing engine.
    b = bill(fn(duration_ms=D(20_000), peak_requests_per_second=D(100)))
    assert not b.warnings


def test_init_plus_duration_beyond_the_timeout_is_a_warning() -> None:
    # 895 s + 10 s of INIT = 905 s > Lambda's 900 s limit
    b = bill(fn(duration_ms=D(895_000), cold_start_percent=D(1), init_duration_ms=D(10_000)))
    assert b.warnings == ("f: INIT plus duration exceeds Lambda's 900 s timeout",)


def test_total_is_the_sum_of_functions_and_components() -> None:
    b = bill(
        fn(name="a", ephemeral_storage_mb=2048, cold_start_percent=D(1), init_duration_ms=D(500)),
        fn(name="b", architecture=ARM, provisioned=ProvisionedConcurrency(2, D(100))),
        free_tier=True,
        savings_plan=SavingsPlan(D(10), D("0.002")),
    )
    assert b.total_usd == sum(f.total_usd for f in b.functions)
    for f in b.functions:
        assert f.total_usd == sum(i.cost_usd for i in f.items)


def test_cost_command_reports_the_requests_moved_to_on_demand(tmp_path: Path) -> None:
    # The hand-worked spill-over above, as a scenario: 10 × 720 h at 1 s = 25,920,000 on PC,
    # 4,080,000 on demand, $434.000424 → $434.00.
    scenario = tmp_path / "spill.yaml"
    scenario.write_text(
        "free_tier: false\n"
        "functions:\n"
        "  - name: f\n"
        "    memory_mb: 1024\n"
        "    duration_ms: 1000\n"
        "    requests_per_month: 30000000\n"
        "    provisioned_concurrency: {count: 10, hours_per_month: 720, "
        "requests_per_month: 30000000}\n"
    )
    result = CliRunner().invoke(app, ["cost", str(scenario), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout, parse_float=D)
    assert to_cents(data["total_monthly_usd"]) == D("434.00")
    assert any("4,080,000 of the 30,000,000 requests" in w for w in data["warnings"])
    table = CliRunner().invoke(app, ["cost", str(scenario)])
    assert "4,080,000 of the 30,000,000" in " ".join(table.stdout.split())


def test_init_details_read_each_function_as_written() -> None:
    """The duration loop words each INIT detail once per pair of figures (by identity):
    1 and 1.0 are equal but written differently, and each function keeps its own text."""
    fns = [
        FunctionWorkload(
            name=f"f{i}",
            memory_mb=128,
            duration_ms=D(100),
            requests_per_month=D(1000),
            cold_start_percent=percent,
            init_duration_ms=D(300),
        )
        for i, percent in enumerate([D("1"), D("1.0"), D("1")])
    ]
    bill = price(Workload("w", Account(), tuple(fns)), BOOK)
    details = [
        next(i.detail for i in f.items if i.component is Component.INIT) for f in bill.functions
    ]
    assert details == ["1% × 300 ms", "1.0% × 300 ms", "1% × 300 ms"]
    # and every Usage let go: each function's cost is in the bill, in order
    assert [f.name for f in bill.functions] == ["f0", "f1", "f2"]
