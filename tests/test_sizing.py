"""Memory right-sizing core: worked numbers (arithmetic in the comments) and properties."""

from __future__ import annotations

import itertools
from decimal import Context, Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambdacalc.cli.params import measured, memory_list_mb
from lambdacalc.cost.rates import RateCard
from lambdacalc.cost.rules import tiered_cost_usd
from lambdacalc.errors import InputError
from lambdacalc.sizing import (
    POWER_TUNING_DEFAULT_SIZES_MB,
    SWEEP_SIZES_MB,
    Basis,
    CpuBoundSource,
    DurationModel,
    MemoryFloor,
    Point,
    RecommendationBasis,
    SizeOption,
    Strategy,
    candidate_sizes,
    check_memory_mb,
    compare,
    cost_options,
    rank,
    strategy_phrase,
)
from lambdacalc.workload import FunctionWorkload, SavingsPlan

D = Decimal


def load(requests: Decimal = Decimal(0), **fields: Any) -> FunctionWorkload:
    """A function's traffic and charges for sizing (its own size and duration do not enter
    the sweep here: no stated provisioned duration to scale)."""
    return FunctionWorkload("f", 128, D(1), requests, **fields)


# x86_64, us-east-1, from first principles: $0.20 per 1M requests, duration tiers at 6B and 15B
# GB-s. The free tier (1M requests, 400,000 GB-s) is the RateCard default.
X86_US_EAST_1 = RateCard(
    request_usd=D("0.0000002"),
    duration_tiers=(
        (D("6000000000"), D("0.0000166667")),
        (D("15000000000"), D("0.0000150000")),
        (None, D("0.0000133334")),
    ),
    ephemeral_usd_per_gb_s=D("0.0000000309"),
)
NO_TRAFFIC = load()
TEN_MILLION = load(D(10_000_000))


# --- the chapter's example: 128 MB at 2.5 s against 1024 MB at 0.3 s ----------------------------


def test_chapter_example_cost_per_invocation_from_first_principles() -> None:
    model = DurationModel.build([Point(128, D(2500)), Point(1024, D(300))])
    result = compare(model, [128, 1024], X86_US_EAST_1, TEN_MILLION, baseline_mb=128)
    small, large = result.option(128), result.option(1024)
    # 128 MB: 2.5 s x 128/1024 GB = 0.3125 GB-s; x $0.0000166667 = $0.00000520834375;
    #         + $0.0000002 request = $0.00000540834375
    assert small.gb_s_per_invocation == D("0.3125")
    assert small.cost_per_invocation_usd == D("0.00000540834375")
    assert small.cost_per_million_usd == D("5.40834375")
    # 1024 MB: 0.3 s x 1 GB = 0.3 GB-s; x $0.0000166667 = $0.00000500001; + $0.0000002
    #          = $0.00000520001
    assert large.gb_s_per_invocation == D("0.3")
    assert large.cost_per_invocation_usd == D("0.00000520001")
    assert small.basis is Basis.MEASURED and large.basis is Basis.MEASURED


def test_chapter_example_monthly_applies_requests_free_tier_and_tiers() -> None:
    result = compare(
        DurationModel.build([Point(128, D(2500)), Point(1024, D(300))]),
        [128, 1024],
        X86_US_EAST_1,
        TEN_MILLION,
    )
    # requests: (10,000,000 - 1,000,000 free) x $0.0000002 = $1.80 for either size
    # 128 MB: 10M x 0.3125 = 3,125,000 GB-s - 400,000 free = 2,725,000 x $0.0000166667
    #         = $45.4167575; + $1.80 = $47.2167575
    assert result.option(128).monthly_usd == D("47.2167575")
    # 1024 MB: 10M x 0.3 = 3,000,000 - 400,000 = 2,600,000 x $0.0000166667 = $43.33342; + $1.80
    assert result.option(1024).monthly_usd == D("45.13342")


def test_chapter_example_recommendation_and_reason() -> None:
    result = compare(
        DurationModel.build([Point(128, D(2500)), Point(1024, D(300))]),
        [128, 1024],
        X86_US_EAST_1,
        TEN_MILLION,
    )
    # speed: 2500 / 300 = 8.33x; cost: 0.00000520001 / 0.00000540834375 = 0.9615 -> 3.85% cheaper
    assert result.recommendation.option is not None
    assert result.recommendation.option.memory_mb == 1024
    assert result.baseline.memory_mb == 128  # the smallest measured size when none is given
    assert result.recommendation.reason == (
        "1024 MB: 8.3× faster and 4% cheaper per invocation than 128 MB"
    )


def test_free_tier_covers_a_small_workload() -> None:
    # 500,000 requests (< 1M free); 500,000 x 0.3125 GB-s = 156,250 GB-s (< 400,000 free)
    result = compare(
        DurationModel.build([Point(128, D(2500))]),
        [128],
        X86_US_EAST_1,
        load(D(500_000)),
    )
    assert result.option(128).monthly_usd == 0


def test_no_traffic_costs_nothing_per_month_but_still_per_invocation() -> None:
    result = compare(DurationModel.build([Point(128, D(100))]), [128], X86_US_EAST_1, NO_TRAFFIC)
    assert result.option(128).monthly_usd == 0
    # 0.1 s x 0.125 GB = 0.0125 GB-s x $0.0000166667 = $0.00000020833375; + $0.0000002
    assert result.option(128).cost_per_invocation_usd == D("0.00000040833375")


def test_tiers_are_walked_in_order() -> None:
    # 7B billable GB-s: 6B x $0.0000166667 = $100,000.20; 1B x $0.000015 = $15,000 -> $115,000.20
    assert tiered_cost_usd(X86_US_EAST_1.duration_tiers, D(7_000_000_000)) == D("115000.2")
    # 16B: $100,000.20 + 9B x $0.000015 = $135,000 + 1B x $0.0000133334 = $13,333.40
    #      -> $248,333.60
    assert tiered_cost_usd(X86_US_EAST_1.duration_tiers, D(16_000_000_000)) == D("248333.6")
    assert tiered_cost_usd(X86_US_EAST_1.duration_tiers, D(6_000_000_000)) == D("100000.2")


def test_monthly_beyond_the_first_tier() -> None:
    # 10,240 MB at 1000 ms = 10 GB-s per call; 700M calls = 7,000,000,000 GB-s through the
    # tiers: 6B x $0.0000166667 = $100,000.20 + 1B x $0.000015 = $15,000 -> $115,000.20.
    # The free 400,000 GB-s are the month's first, so they come off at the first tier's rate
    # (as lambdacalc cost does): 400,000 x $0.0000166667 = $6.66668 -> $114,993.53332.
    # (Taking them off the top instead would credit them at $0.000015: $6.00, giving $114,994.)
    # requests: 699,000,000 x $0.0000002 = $139.80; total $115,133.33332
    result = compare(
        DurationModel.build([Point(10240, D(1000))]),
        [10240],
        X86_US_EAST_1,
        load(D(700_000_000)),
    )
    assert result.option(10240).monthly_usd == D("115133.33332")


def test_ephemeral_storage_above_512_mb_is_charged() -> None:
    # 1024 MB of /tmp: 512 MB extra = 0.5 GB; 1 s billed -> 0.5 GB-s x $0.0000000309
    # = $0.00000001545 per call, on top of 1 s x 0.125 GB x $0.0000166667 = $0.0000020833375
    # and $0.0000002: 0.0000020833375 + 0.0000002 + 0.00000001545 = $0.0000022987875
    result = compare(
        DurationModel.build([Point(128, D(1000))]),
        [128],
        X86_US_EAST_1,
        load(D(0), ephemeral_storage_mb=1024),
    )
    assert result.option(128).cost_per_invocation_usd == D("0.0000022987875")


# --- the duration model ------------------------------------------------------------------------


def test_single_point_model_scales_the_cpu_share() -> None:
    # cpu_bound 0.9 at 128 MB, 2500 ms: 250 ms waits, 2250 ms computes. At 256 MB the computing
    # halves: 250 + 1125 = 1375 ms; at 512 MB: 250 + 562.5 = 812.5 ms
    model = DurationModel.build([Point(128, D(2500))], cpu_bound=D("0.9"))
    assert model.cpu_bound_source is CpuBoundSource.STATED
    assert model.predict(256) == (D("1375.000"), Basis.EXTRAPOLATED)
    assert model.predict(512) == (D("812.500"), Basis.EXTRAPOLATED)
    assert model.predict(128) == (D(2500), Basis.MEASURED)


def test_one_point_defaults_to_fully_cpu_bound() -> None:
    model = DurationModel.build([Point(128, D(2500))])
    assert model.cpu_bound == 1
    assert model.cpu_bound_source is CpuBoundSource.DEFAULT
    # 2500 x 128 / 1024 = 312.5 ms
    assert model.predict(1024)[0] == D("312.500")


def test_single_thread_plateau_above_1769_mb() -> None:
    model = DurationModel.build([Point(128, D(2500))], cpu_bound=D(1), threads=1)
    # one vCPU at 1769 MB: 2500 x 128 / 1769 = 180.89315997... -> 180.893 ms
    plateau = D("180.893")
    assert model.predict(1769)[0] == plateau
    for memory_mb in (1770, 2048, 3008, 10240):
        assert model.predict(memory_mb)[0] == plateau
    # just below, it still gains: 2500 x 128 / 1768 = 180.9954... -> 180.995 ms
    assert model.predict(1768)[0] == D("180.995")


def test_speed_strategy_stops_at_the_plateau() -> None:
    # every size from 1769 MB up is equally fast; ties go to the cheaper, i.e. the smallest
    model = DurationModel.build([Point(128, D(2500))], cpu_bound=D(1), threads=1)
    result = compare(model, SWEEP_SIZES_MB, X86_US_EAST_1, NO_TRAFFIC, strategy=Strategy.SPEED)
    assert result.recommendation.option is not None
    assert result.recommendation.option.memory_mb == 1769


def test_more_threads_keep_gaining() -> None:
    two = DurationModel.build([Point(128, D(2500))], cpu_bound=D(1), threads=2)
    # two vCPUs at 3538 MB: 2500 x 128 / 3538 = 90.4465799... -> 90.447 ms, then flat
    assert two.predict(3538)[0] == D("90.447")
    assert two.predict(8000)[0] == D("90.447")
    six = DurationModel.build([Point(128, D(2500))], cpu_bound=D(1), threads=6)
    # six threads never plateau below 10,240 MB: 2500 x 128 / 10240 = 31.25 ms
    assert six.predict(10240)[0] == D("31.250")


def test_interpolation_between_measured_points() -> None:
    model = DurationModel.build([Point(128, D(2500)), Point(1024, D(300))])
    # along d = a + b/m through both: b = (2500 - 300) x 128 x 1024 / (1024 - 128)
    # = 2200 x 131072 / 896 = 321,828.571...; d(256) = 2500 + b x (1/256 - 1/128)
    # = 2500 - 321,828.571 / 256 = 2500 - 1257.142857 = 1242.857 ms
    assert model.predict(256) == (D("1242.857"), Basis.INTERPOLATED)


def test_extrapolation_uses_the_fitted_model_and_is_marked() -> None:
    # d = io + k/m fits 128 MB 1000 ms, 256 MB 550 ms, 512 MB 325 ms exactly:
    # 1000 - 550 = k/256 -> k = 115,200 MB-ms, io = 1000 - 900 = 100 ms (90% CPU-bound at 128)
    model = DurationModel.build([Point(128, D(1000)), Point(256, D(550)), Point(512, D(325))])
    assert model.cpu_bound_source is CpuBoundSource.FITTED
    assert model.cpu_bound == D("0.9")
    # 1024 MB: 100 + 115,200 / 1024 = 212.5 ms
    assert model.predict(1024) == (D("212.500"), Basis.EXTRAPOLATED)
    # 3008 MB, one thread: 100 + 115,200 / 1769 = 100 + 65.1215... = 165.122 ms
    assert model.predict(3008) == (D("165.122"), Basis.EXTRAPOLATED)
    result = compare(model, [128, 512, 1024], X86_US_EAST_1, NO_TRAFFIC)
    assert [o.extrapolated for o in result.options] == [False, False, True]


def test_extrapolation_below_the_lowest_point() -> None:
    # fully CPU-bound fit (300 ms x 1024 = 307,200 = 600 ms x 512): 256 MB -> 1200 ms
    model = DurationModel.build([Point(512, D(600)), Point(1024, D(300))])
    assert model.predict(256) == (D("1200.000"), Basis.EXTRAPOLATED)


def test_stated_cpu_bound_overrides_the_fit() -> None:
    model = DurationModel.build([Point(512, D(600)), Point(1024, D(300))], cpu_bound=D(0))
    assert model.predict(256)[0] == D("600.000")
    assert model.predict(2048)[0] == D("300.000")


def test_points_that_do_not_identify_a_share_fall_back_to_the_default() -> None:
    # both above the single-thread plateau: the CPU share is the same at both sizes
    model = DurationModel.build([Point(2048, D(100)), Point(3008, D(100))])
    assert model.cpu_bound_source is CpuBoundSource.DEFAULT
    # below: 100 x 1769 / 1024 = 172.7539... -> 172.754 ms
    assert model.predict(1024)[0] == D("172.754")


def test_durations_that_rise_with_memory_extrapolate_flat() -> None:
    model = DurationModel.build([Point(128, D(100)), Point(256, D(110))])
    assert model.predict(512)[0] == D("110.000")


def test_duplicate_sizes() -> None:
    DurationModel.build([Point(128, D(100)), Point(128, D(100))])  # same duration: fine
    with pytest.raises(InputError, match="measured twice"):
        DurationModel.build([Point(128, D(100)), Point(128, D(120))])


# --- the memory floor --------------------------------------------------------------------------


def test_floor_excludes_small_sizes_and_says_why() -> None:
    model = DurationModel.build([Point(1024, D(100))], cpu_bound=D(0))
    # 180 MB used + 20% = 216 MB: 128 MB is excluded, 256 MB is not
    floor = MemoryFloor(D(180))
    result = compare(model, [128, 256, 1024], X86_US_EAST_1, NO_TRAFFIC, floor=floor)
    assert result.option(128).excluded_reason == (
        "below the memory floor (180 MB used + 20% headroom = 216 MB)"
    )
    assert result.option(256).eligible
    assert result.option(1024).eligible


def test_floor_boundary_is_inclusive() -> None:
    # 200 MB + 20% = 240 MB exactly: 239 is below, 240 is allowed
    model = DurationModel.build([Point(1024, D(100))], cpu_bound=D(0))
    options = cost_options(model, [239, 240], X86_US_EAST_1, NO_TRAFFIC, floor=MemoryFloor(D(200)))
    assert [o.eligible for o in options] == [False, True]


def test_io_bound_function_cheapest_is_the_smallest_above_its_floor() -> None:
    model = DurationModel.build([Point(1024, D(100))], cpu_bound=D(0))
    floor = MemoryFloor(D(180))  # floor 216 MB
    defaults = compare(
        model, candidate_sizes(current_mb=1024), X86_US_EAST_1, TEN_MILLION, floor=floor
    )
    best = defaults.recommendation.option
    assert best is not None
    assert best.memory_mb == 256
    # 100 ms at 0.25 GB = 0.025 GB-s x $0.0000166667 = $0.0000004166675; + $0.0000002
    assert best.cost_per_invocation_usd == D("0.0000006166675")
    assert defaults.option(128).excluded_reason is not None
    # 1024 MB: 0.1 GB-s -> $0.00000186667; 0.0000006166675 / 0.00000186667 = 0.3304 -> 67% cheaper
    assert defaults.recommendation.reason == (
        "256 MB: as fast and 67% cheaper per invocation than 1024 MB"
    )
    swept = compare(model, SWEEP_SIZES_MB, X86_US_EAST_1, TEN_MILLION, floor=floor)
    assert swept.recommendation.option is not None
    # on the 1 MB sweep, the floor itself: 216 MB; 0.1 s x 216/1024 GB = 0.02109375 GB-s
    # x $0.0000166667 = $0.000000351563203125; + $0.0000002 = $0.000000551563203125
    assert swept.recommendation.option.memory_mb == 216
    assert swept.recommendation.option.cost_per_invocation_usd == D("0.000000551563203125")


def test_io_bound_reason_against_the_current_size() -> None:
    model = DurationModel.build([Point(1024, D(100))], cpu_bound=D(0))
    result = compare(model, [256, 1024], X86_US_EAST_1, NO_TRAFFIC, baseline_mb=1024)
    # 1024 MB: 0.1 GB-s x $0.0000166667 = $0.00000166667 + $0.0000002 = $0.00000186667
    # 256 MB: $0.0000006166675 / $0.00000186667 = 0.3304 -> 67% cheaper; same duration
    assert result.recommendation.reason == (
        "256 MB: as fast and 67% cheaper per invocation than 1024 MB"
    )


def test_floor_above_every_candidate_recommends_nothing() -> None:
    model = DurationModel.build([Point(1024, D(100))])
    result = compare(
        model, [128, 256], X86_US_EAST_1, NO_TRAFFIC, floor=MemoryFloor(D(2000)), baseline_mb=128
    )
    assert result.recommendation.option is None
    assert "no size compared reaches the memory floor" in result.recommendation.reason
    assert result.recommendation.to_measure == ""  # no size fits, whatever the CPU share


def test_max_memory_used_above_the_limit_is_an_input_error() -> None:
    with pytest.raises(InputError, match="10240"):
        MemoryFloor(D(10241))
    with pytest.raises(InputError):
        MemoryFloor(D(0))
    with pytest.raises(InputError):
        MemoryFloor(D(100), headroom=D("-0.1"))


# --- strategies --------------------------------------------------------------------------------


@pytest.mark.parametrize("strategy", list(Strategy))
def test_every_strategy_recommends(strategy: Strategy) -> None:
    model = DurationModel.build([Point(128, D(2500))], cpu_bound=D("0.9"))
    result = compare(
        model,
        POWER_TUNING_DEFAULT_SIZES_MB,
        X86_US_EAST_1,
        TEN_MILLION,
        strategy=strategy,
        max_duration_ms=D(500),
    )
    assert result.recommendation.option is not None
    assert strategy_phrase(strategy)
    assert rank(result.options, strategy)[0] == result.recommendation.option


def test_max_duration_picks_the_cheapest_within_budget() -> None:
    model = DurationModel.build([Point(128, D(2500))], cpu_bound=D(1))  # basis `given`
    result = compare(
        model,
        POWER_TUNING_DEFAULT_SIZES_MB,
        X86_US_EAST_1,
        NO_TRAFFIC,
        strategy=Strategy.MAX_DURATION,
        max_duration_ms=D(500),
    )
    # 512 MB: 2500 x 128/512 = 625 ms > 500 (excluded); 1024 MB: 312.5 -> 313 ms billed
    # x 1 GB = 0.313 GB-s; 1536 MB: 208.333 -> 209 ms x 1.5 GB = 0.3135 GB-s; 1024 wins
    assert result.option(512).excluded_reason == "slower than the 500 ms budget"
    assert result.recommendation.option is not None
    assert result.recommendation.option.memory_mb == 1024


def test_no_size_meets_the_budget() -> None:
    model = DurationModel.build([Point(128, D(2500))], cpu_bound=D(0))
    result = compare(
        model, [128, 256], X86_US_EAST_1, NO_TRAFFIC, strategy=Strategy.MAX_DURATION,
        max_duration_ms=D(500),
    )  # fmt: skip
    assert result.recommendation.option is None
    assert result.recommendation.reason == (
        "no size meets the 500 ms budget; the fastest allowed, 128 MB, takes 2500 ms"
    )


def test_max_duration_strategy_needs_a_budget() -> None:
    model = DurationModel.build([Point(128, D(2500))])
    with pytest.raises(InputError, match="max_duration_ms"):
        compare(model, [128], X86_US_EAST_1, NO_TRAFFIC, strategy=Strategy.MAX_DURATION)


def test_cost_ties_go_to_the_faster() -> None:
    # fully CPU-bound from 128 MB @ 2000 ms: 256 MB -> 1000 ms; both 0.25 GB-s, same cost
    model = DurationModel.build([Point(128, D(2000))], cpu_bound=D(1))
    result = compare(model, [128, 256], X86_US_EAST_1, NO_TRAFFIC)
    assert result.recommendation.option is not None
    assert result.recommendation.option.memory_mb == 256
    assert result.recommendation.reason == (
        "256 MB: 2.0× faster and the same cost per invocation as 128 MB"
    )


def test_balanced_weighs_normalised_cost_and_duration() -> None:
    # 128 MB @ 1000 ms, 50% CPU-bound: 256 MB -> 750 ms, 1024 MB -> 562.5 ms (563 billed)
    # per call: 128: 0.125 GB-s -> 0.0000002 + 0.00000208333750 = 0.0000022833375
    #           256: 0.1875 GB-s -> 0.0000002 + 0.00000312500625 = 0.00000332500625
    #           1024: 0.563 GB-s -> 0.0000002 + 0.0000093833521 = 0.0000095833521
    # weight 0.5, max cost 0.0000095833521, max duration 1000:
    #   128: 0.5 x 0.2383 + 0.5 x 1.0 = 0.619; 256: 0.5 x 0.3470 + 0.5 x 0.75 = 0.548;
    #   1024: 0.5 x 1.0 + 0.5 x 0.5625 = 0.781  -> 256 MB
    model = DurationModel.build([Point(128, D(1000))], cpu_bound=D("0.5"))
    sizes = [128, 256, 1024]
    balanced = compare(model, sizes, X86_US_EAST_1, NO_TRAFFIC, strategy=Strategy.BALANCED)
    assert balanced.recommendation.option is not None
    assert balanced.recommendation.option.memory_mb == 256
    cost_only = compare(
        model, sizes, X86_US_EAST_1, NO_TRAFFIC, strategy=Strategy.BALANCED,
        balanced_weight=D(1),
    )  # fmt: skip
    assert cost_only.recommendation.option is not None
    assert cost_only.recommendation.option.memory_mb == 128
    speed_only = compare(
        model, sizes, X86_US_EAST_1, NO_TRAFFIC, strategy=Strategy.BALANCED,
        balanced_weight=D(0),
    )  # fmt: skip
    assert speed_only.recommendation.option is not None
    assert speed_only.recommendation.option.memory_mb == 1024


def test_balanced_weight_outside_0_1_is_an_input_error() -> None:
    model = DurationModel.build([Point(128, D(1000))])
    with pytest.raises(InputError, match="balanced_weight"):
        compare(model, [128], X86_US_EAST_1, NO_TRAFFIC, balanced_weight=D("1.5"))


def test_current_size_already_best() -> None:
    model = DurationModel.build([Point(128, D(100))], cpu_bound=D(0))
    result = compare(model, [128, 256], X86_US_EAST_1, NO_TRAFFIC)
    assert result.recommendation.reason == (
        "128 MB: the current size is already the cheapest per invocation of the sizes compared"
    )


def test_baseline_is_added_to_the_sizes() -> None:
    model = DurationModel.build([Point(128, D(100))])
    result = compare(model, [256], X86_US_EAST_1, NO_TRAFFIC, baseline_mb=512)
    assert [o.memory_mb for o in result.options] == [256, 512]


# --- candidate sizes and parsing ---------------------------------------------------------------


def test_candidate_sizes() -> None:
    assert candidate_sizes() == (128, 256, 512, 1024, 1536, 2048, 3008)
    assert candidate_sizes(current_mb=640, measured_mb=[1769]) == (
        128, 256, 512, 640, 1024, 1536, 1769, 2048, 3008,
    )  # fmt: skip
    assert candidate_sizes(current_mb=640, explicit_mb=[256, 128]) == (128, 256, 640)
    sweep = candidate_sizes(sweep=True)
    assert len(sweep) == 10_113  # 10,240 - 128 + 1
    assert sweep[0] == 128 and sweep[-1] == 10_240
    with pytest.raises(InputError, match="sizes_mb and sweep"):
        candidate_sizes(explicit_mb=[128], sweep=True)


@pytest.mark.parametrize("bad", ["127", "10241", "128.5", "abc", "", "-128", "nan"])
def test_bad_memory_sizes(bad: str) -> None:
    with pytest.raises(InputError):
        check_memory_mb(bad)


def test_memory_size_forms() -> None:
    assert check_memory_mb("1024") == 1024
    assert check_memory_mb("1024MB") == 1024
    assert check_memory_mb("1GB") == 1024  # the one size rule: MB or GB, bare = MB
    assert check_memory_mb(D("128.0")) == 128
    assert memory_list_mb("--sizes")("128, 256,1024").sizes_mb == (128, 256, 1024)
    with pytest.raises(InputError):
        memory_list_mb("--sizes")(" , ")


def test_parse_measured() -> None:
    parse = measured("--measured")
    assert parse("128=2500ms") == (128, D(2500))
    assert parse("1024=0.3s") == (1024, D("300.0"))
    assert parse("1024=0.3") == (1024, D("300.0"))  # bare numbers are seconds, as everywhere
    assert parse("1GB=300ms") == (1024, D(300))


@pytest.mark.parametrize("bad", ["128", "128=", "=300ms", "128:300", "64=300ms", "128=fast",
                                 "128=0ms", "128=-5ms", "128=20m"])  # fmt: skip
def test_parse_measured_rejects(bad: str) -> None:
    with pytest.raises(InputError):
        measured("--measured")(bad)


def test_rates_need_an_open_last_tier() -> None:
    with pytest.raises(InputError):
        RateCard(D("0.0000002"), ((D(100), D("0.00001")),))


def test_bad_model_inputs() -> None:
    with pytest.raises(InputError, match="threads 0"):
        DurationModel.build([Point(128, D(100))], threads=0)
    with pytest.raises(InputError, match="cpu_bound"):
        DurationModel.build([Point(128, D(100))], cpu_bound=D("1.2"))
    with pytest.raises(InputError):
        DurationModel.build([])


# --- properties --------------------------------------------------------------------------------

memory_sizes = st.integers(min_value=128, max_value=10_240)
durations_ms = st.decimals(min_value=1, max_value=900_000, places=3)
shares = st.decimals(min_value=0, max_value=1, places=3)


@given(point_mb=memory_sizes, duration=durations_ms, sizes=st.lists(memory_sizes, min_size=2))
@settings(max_examples=200)
def test_io_bound_cost_per_invocation_rises_with_memory(
    point_mb: int, duration: Decimal, sizes: list[int]
) -> None:
    model = DurationModel.build([Point(point_mb, duration)], cpu_bound=D(0))
    ordered = sorted(set(sizes))
    options = cost_options(model, ordered, X86_US_EAST_1, TEN_MILLION)
    costs = [o.cost_per_invocation_usd for o in options]
    assert all(a < b for a, b in itertools.pairwise(costs))


@given(
    point_mb=memory_sizes,
    duration=durations_ms,
    share=shares,
    threads=st.integers(min_value=1, max_value=8),
    sizes=st.lists(memory_sizes, min_size=2),
)
@settings(max_examples=200)
def test_predicted_duration_never_rises_with_memory(
    point_mb: int, duration: Decimal, share: Decimal, threads: int, sizes: list[int]
) -> None:
    model = DurationModel.build([Point(point_mb, duration)], cpu_bound=share, threads=threads)
    predicted = [d for d, _ in model.predict_many(sorted(set(sizes)))]
    assert all(a >= b for a, b in itertools.pairwise(predicted))


@given(
    points=st.lists(st.tuples(memory_sizes, durations_ms), min_size=2, max_size=6),
    sizes=st.lists(memory_sizes, min_size=2),
    threads=st.integers(min_value=1, max_value=8),
)
@settings(max_examples=200)
def test_measured_curves_that_fall_never_rise_between_or_beyond_points(
    points: list[tuple[int, Decimal]], sizes: list[int], threads: int
) -> None:
    # make the measured durations non-increasing in memory, as real measurements mostly are
    by_size = dict(points)
    ordered_sizes = sorted(by_size)
    falling = sorted((by_size[m] for m in ordered_sizes), reverse=True)
    model = DurationModel.build(
        [Point(m, d) for m, d in zip(ordered_sizes, falling, strict=True)], threads=threads
    )
    predicted = [d for d, _ in model.predict_many(sorted(set(sizes) | set(ordered_sizes)))]
    assert all(a >= b for a, b in itertools.pairwise(predicted))


@given(point_mb=memory_sizes, duration=durations_ms, share=shares)
@settings(max_examples=100)
def test_the_model_passes_through_its_point(
    point_mb: int, duration: Decimal, share: Decimal
) -> None:
    model = DurationModel.build([Point(point_mb, duration)], cpu_bound=share)
    assert model.predict(point_mb) == (duration, Basis.MEASURED)


def test_a_predicted_duration_is_never_zero() -> None:
    # 0.01 ms at 128 MB, fully CPU-bound, 2 threads: at 2560 MB 0.01 x 128 / 2560 = 0.0005 ms,
    # which rounds to 0.000 at the microsecond; it is kept at 1 µs (billed 1 ms), so the
    # reason's speed ratio 0.01 / 0.001 = 10× does not divide by zero
    model = DurationModel.build([Point(128, D("0.01"))], cpu_bound=D(1), threads=2)
    assert model.predict(2560) == (D("0.001"), Basis.EXTRAPOLATED)
    result = compare(model, [128, 2560], X86_US_EAST_1, NO_TRAFFIC, strategy=Strategy.SPEED)
    assert result.recommendation.reason.startswith("2560 MB: 10.0× faster")


# --- the tie rule: never a slower size for no saving ------------------------------------------


def _compared_cost(option: SizeOption, by_month: bool) -> Decimal:
    """The cost the ranking compares, to its 20 significant digits."""
    value = option.monthly_usd if by_month else option.cost_per_invocation_usd
    return Context(prec=20).plus(value)


@settings(max_examples=150, deadline=None)
@given(
    current_mb=st.sampled_from((*POWER_TUNING_DEFAULT_SIZES_MB, 1408, 1769)),
    duration_ms=st.decimals(min_value=1, max_value=3000, places=1),
    cpu_bound=st.sampled_from([D(0), D("0.5"), D("0.9"), D(1)]),
    threads=st.sampled_from([1, 2]),
    commitment=st.sampled_from([None, D("0.01"), D(5)]),
    init=st.booleans(),
    requests=st.sampled_from([D(0), D(1_000_000), D(50_000_000)]),
)
def test_never_a_slower_size_for_no_saving(
    current_mb: int,
    duration_ms: Decimal,
    cpu_bound: Decimal,
    threads: int,
    commitment: Decimal | None,
    init: bool,
    requests: Decimal,
) -> None:
    rates = RateCard(
        request_usd=X86_US_EAST_1.request_usd,
        duration_tiers=X86_US_EAST_1.duration_tiers,
        savings_plan=SavingsPlan(D(17), commitment) if commitment is not None else None,
    )
    workload = load(
        requests,
        cold_start_percent=D(1) if init else D(0),
        init_duration_ms=D(300) if init else D(0),
    )
    model = DurationModel.build(
        [Point(current_mb, duration_ms)], cpu_bound=cpu_bound, threads=threads
    )
    result = compare(model, POWER_TUNING_DEFAULT_SIZES_MB, rates, workload, baseline_mb=current_mb)
    rec, base = result.recommendation.option, result.baseline
    assert result.recommendation.basis is RecommendationBasis.GIVEN
    assert rec is not None
    by_month = result.by_month
    if rec.duration_ms.quantize(D("0.001")) > base.duration_ms.quantize(D("0.001")):
        # slower only for a real saving, in the cost the ranking compares
        assert _compared_cost(rec, by_month) < _compared_cost(base, by_month)
    if _compared_cost(rec, by_month) == _compared_cost(base, by_month):
        assert rec.duration_ms.quantize(D("0.001")) <= base.duration_ms.quantize(D("0.001"))
        if rec.duration_ms.quantize(D("0.001")) == base.duration_ms.quantize(D("0.001")):
            assert rec.memory_mb == base.memory_mb  # the current size is kept among equals


def test_a_commitment_compares_months_and_ties_go_to_the_fastest() -> None:
    # 1408 MB at 100.1 ms, fully CPU-bound, 1M calls, $1/h committed: $730 a month covers
    # $879.52 of usage at 17% off, more than any size uses, so every month is $0.20 + $730.
    rates = RateCard(
        request_usd=X86_US_EAST_1.request_usd,
        duration_tiers=X86_US_EAST_1.duration_tiers,
        free_requests=D(0),
        free_gb_s=D(0),
        savings_plan=SavingsPlan(D(17), D(1)),
    )
    model = DurationModel.build([Point(1408, D("100.1"))], cpu_bound=D(1))
    result = compare(
        model, POWER_TUNING_DEFAULT_SIZES_MB, rates, load(D(1_000_000)), baseline_mb=1408
    )
    assert result.by_month
    assert {o.monthly_usd for o in result.options} == {D("730.2")}
    # per call 256 MB (551 ms x 0.25 GB = 0.13775 GB-s) beats 1408 MB (101 x 1.375 = 0.138875)
    assert result.option(256).cost_per_invocation_usd < result.baseline.cost_per_invocation_usd
    assert result.recommendation.option is not None
    assert result.recommendation.option.memory_mb == 2048  # the fastest of the equal months
    assert "every size compared" in result.warnings[0]
