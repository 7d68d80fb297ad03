"""Each billing rule of `lambdacalc.cost.rules`, on its own, with the arithmetic shown. The
engine and the sweep both rest on these (tests/test_sweep_equivalence.py prices with them)."""

from __future__ import annotations

from decimal import Decimal

from lambdacalc.cost.rules import (
    cold_starts,
    extra_storage_mb,
    function_at,
    has_init,
    init_extra_ms,
    pc_billed_hours,
    pc_billed_ms,
    pc_billed_seconds,
    pc_served,
    pc_window,
    plan_commitment_usd,
    plan_keep,
    requests_per_async_event,
    requests_per_invocation,
    snapstart_cache_hours,
    snapstart_charged,
    snapstart_restores,
    storage_gb_s,
    streamed_gb,
    tiered_cost_usd,
    usage,
)
from lambdacalc.units import billed_duration_ms
from lambdacalc.workload import FunctionWorkload, ProvisionedConcurrency, SnapStart

D = Decimal
TIERS = ((D(6_000_000_000), D("0.0000166667")), (None, D("0.000015")))


def fn(**fields: object) -> FunctionWorkload:
    return FunctionWorkload("f", 1024, D(100), D(1_000_000), **fields)  # type: ignore[arg-type]


def test_billed_ms_rounds_up_or_keeps_a_billed_mean() -> None:
    assert billed_duration_ms(D("100.1")) == 101
    assert billed_duration_ms(D("1.3333"), already_billed=True) == D("1.3333")
    assert billed_duration_ms(D("0.5"), already_billed=True) == 1  # no call is billed under 1 ms


def test_tiers_are_walked_from_zero() -> None:
    # 7B GB-s: 6B x $0.0000166667 = $100,000.20 + 1B x $0.000015 = $15,000
    assert tiered_cost_usd(TIERS, D(7_000_000_000)) == D("115000.2")
    assert tiered_cost_usd(TIERS, D(400_000)) == D("6.66668")  # 400,000 x $0.0000166667


def test_init_extra_ms_and_cold_starts() -> None:
    # a cold call of 100.2 ms with 250.5 ms INIT is billed ceil(350.7) = 351 ms; its own
    # 101 ms are billed anyway, so INIT adds 250
    assert init_extra_ms(D("250.5"), D("100.2"), D(101)) == 250
    assert cold_starts(D(1_000_000), D("2.5")) == D(25_000)  # 2.5% of 1M
    assert has_init(fn(cold_start_percent=D(1), init_duration_ms=D(300)))
    assert not has_init(fn(cold_start_percent=D(1)))


def test_storage_above_512_mb_by_billed_ms() -> None:
    assert extra_storage_mb(512) == 0 and extra_storage_mb(2048) == 1536
    # 1,000,000 billed s x 0.5 GB extra = 500,000 GB-s
    assert storage_gb_s(D(1_000_000_000), 1024) == D(500_000)


def test_provisioned_concurrency_window_and_billing() -> None:
    # 61 minutes round up to 65: 13 five-minute steps = 13/12 h = 3,900 s
    assert pc_billed_seconds(D(61) / 60) == 3900
    assert pc_billed_hours(D(1)) == 1  # 1 h exactly gains no step from Decimal noise
    # enabled 365 h of 730: half the month's 1M requests are meant for PC; 2 environments
    # x 365 h x 3,600,000 ms = 2,628,000,000 environment-ms
    meant, enabled_ms = pc_window(D(1_000_000), 2, D(365), None)
    assert (meant, enabled_ms) == (D(500_000), D(2_628_000_000))
    assert pc_window(D(1_000_000), 2, D(365), D(5_000_000))[0] == D(1_000_000)  # at most all
    # at 10,000 ms each, 2,628,000,000 ms serve 262,800 of the 500,000 (Little's law)
    assert pc_served(meant, enabled_ms, D(10_000)) == (D(262_800), D(262_800))
    assert pc_served(meant, enabled_ms, D(100))[0] == D(500_000)
    assert pc_billed_ms(None, D(101)) == 101 and pc_billed_ms(D("80.2"), D(101)) == 81


def test_async_events_streaming_and_snapstart() -> None:
    assert requests_per_async_event(D(256)) == 1
    assert requests_per_async_event(D(1024)) == 13  # 1 + ceil(768 / 64)
    assert requests_per_invocation(fn(async_event_kb=D(300))) == 2  # 1 + ceil(44 / 64)
    # 7 MB each: 1 MB beyond the free 6 MB x 1M calls = 1M MB = 976.5625 GB
    assert streamed_gb(fn(response_bytes_per_request=D(7 * 1024 * 1024))) == D("976.5625")
    assert streamed_gb(fn(response_bytes_per_request=D(1024))) == 0
    assert snapstart_charged(fn(snapstart=SnapStart("python")))
    assert not snapstart_charged(fn(snapstart=SnapStart("java")))
    assert snapstart_cache_hours(D(1)) == 3 and snapstart_cache_hours(D(730)) == 730
    assert snapstart_restores(D(1_000_000), D(2)) == D(20_000)


def test_savings_plan_terms() -> None:
    assert plan_keep(D(17)) == D("0.83")
    assert plan_commitment_usd(D("1.5")) == D("1095")  # $1.50 x 730 h


def test_a_function_at_another_size() -> None:
    # a stated PC duration scales with the on-demand one: 150 x 100 / 200 = 75 ms
    pc = fn(provisioned=ProvisionedConcurrency(1, duration_ms=D(150)))._replace(duration_ms=D(200))
    at = function_at(pc, 2048, D(100))
    assert (at.memory_mb, at.duration_ms) == (2048, D(100))
    assert at.provisioned is not None and at.provisioned.duration_ms == D(75)
    billed = fn(duration_billed=True)
    assert function_at(billed, 4096, D("0.4")).duration_ms == 1  # a billed mean, at least 1 ms


def test_usage_applies_the_rules_to_one_function() -> None:
    # 1M calls x 101 ms x 1 GB = 101,000 GB-s; 1% cold, each + ceil(300 + 100.5) - 101 = 300 ms:
    # 10,000 x 0.3 s x 1 GB = 3,000 GB-s; /tmp 1024 MB: (101,000,000 + 3,000,000) ms x 512 MB
    # / 1,024,000 = 52,000 GB-s
    cold = fn(cold_start_percent=D(1), init_duration_ms=D(300), ephemeral_storage_mb=1024)
    u = usage(cold._replace(duration_ms=D("100.5")))
    assert (u.billed_ms, u.od_gb_s, u.init_gb_s, u.storage_gb_s) == (
        D(101),
        D(101_000),
        D(3_000),
        D(52_000),
    )
