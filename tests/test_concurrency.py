"""The concurrency core: worked numbers (arithmetic in the comments) and invariants."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lambdacalc.cli.common import FLAG_OF_FIELD
from lambdacalc.concurrency import (
    FunctionConcurrency,
    FunctionInputs,
    break_even_utilization,
    concurrency_for_target,
    effective_duration_s,
    erlang_b,
    fit_warning,
    functions_from_workload,
    kinesis_max_concurrency,
    log_erlang_b,
    pc_count,
    pc_plan,
    plan_account,
    plan_function,
    plan_workload,
    quota_needed,
    ramp,
    required_concurrency,
    seconds_to_scale,
)
from lambdacalc.concurrency.sources import QueueScaling
from lambdacalc.cost.rates import RateCard, provisioned_rate_card
from lambdacalc.errors import InputError
from lambdacalc.prices import Architecture
from lambdacalc.pricing_files import load_price_book
from lambdacalc.workload import Account, FunctionWorkload, ProvisionedConcurrency, Workload

D = Decimal

# us-east-1, x86_64, tier 1 (lambda-pricing reference): PC, PC duration, on-demand, request
TIER1_X86 = RateCard(
    provisioned_usd_per_gb_s=D("0.0000041667"),
    provisioned_duration_usd_per_gb_s=D("0.0000097222"),
    duration_tiers=((None, D("0.0000166667")),),
    request_usd=D("0.0000002"),
)


def _textbook_log_b(servers: int, load: float) -> float:
    """ln B by the plain recursion ln(1/B(n)) = softplus(ln(1/B(n−1)) + ln(n/a)), O(c)."""
    log_inverse = 0.0
    for n in range(1, servers + 1):
        x = log_inverse + math.log(n / load)
        log_inverse = x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))
    return -log_inverse


# --- Little's law and the RPS quota ----------------------------------------------------------


def test_the_default_limit_is_assumed_only_when_none_is_given() -> None:
    assumed = plan_function(FunctionInputs(rps=D(10), duration_s=D(1)))
    given = plan_function(FunctionInputs(rps=D(10), duration_s=D(1), account_limit=1000))
    assert assumed.concurrency_limit == given.concurrency_limit == 1000
    assert any("assumes the default account limit" in w for w in assumed.warnings)
    assert not any("assumes the default account limit" in w for w in given.warnings)
    assert assumed._replace(warnings=()) == given._replace(warnings=())


def test_littles_law_100_rps_for_2_s_is_200() -> None:
    # 100 requests/s × 2 s each = 200 in flight on average
    assert required_concurrency(D(100), D(2)) == D(200)


def test_init_time_occupies_environments() -> None:
    # 1 % cold starts with a 1.5 s INIT: d_eff = 0.2 + 0.01 × 1.5 = 0.215 s
    assert effective_duration_s(D("0.2"), D(1), D("1.5")) == D("0.215")
    report = plan_function(
        FunctionInputs(
            rps=D(100), duration_s=D("0.2"), cold_start_percent=D(1), init_duration_s=D("1.5")
        )
    )
    # 100 rps × 0.215 s = 21.5
    assert report.required_concurrency == D("21.5")


def test_long_init_is_questioned() -> None:
    report = plan_function(
        FunctionInputs(rps=D(10), duration_s=D(1), cold_start_percent=D(1), init_duration_s=D(800))
    )
    # 10 rps × (1 + 0.01 × 800) s = 90, but 800 s of INIT is far above the 10 s limit
    assert report.required_concurrency == D(90)
    assert any("did you mean milliseconds" in w for w in report.warnings)


def test_peak_rps_sizes_for_the_peak() -> None:
    report = plan_function(FunctionInputs(rps=D(100), peak_rps=D(400), duration_s=D("0.5")))
    # average 100 × 0.5 = 50; peak 400 × 0.5 = 200; utilisation 200 / 1000 = 20 %
    assert report.average_concurrency == D(50)
    assert report.required_concurrency == D(200)
    assert report.utilization_percent == D(20)
    assert report.headroom == D(800)
    assert report.binding_limit == "none"


def test_rps_quota_binds_for_short_functions() -> None:
    # 20,000 rps × 0.05 s = 1,000 concurrency, but 10 × 1,000 = 10,000 rps < 20,000:
    # the quota needed is 20,000 / 10 = 2,000
    assert quota_needed(D(20000), D("0.05")) == D(2000)
    report = plan_function(FunctionInputs(rps=D(20000), duration_s=D("0.05")))
    assert report.required_concurrency == D(1000)
    assert report.quota_needed == D(2000)
    assert report.binding_limit == "requests_per_second"
    assert report.concurrency_for_target >= 2000
    # half the requests are refused by the rate quota alone: 1 − 10,000 / 20,000
    assert report.throttle_probability >= 0.5
    assert any("requests-per-second" in w for w in report.warnings)


def test_reserved_concurrency_binds() -> None:
    report = plan_function(FunctionInputs(rps=D(300), duration_s=D(1), reserved_concurrency=200))
    # needs 300 × 1 = 300 against a reservation of 200: 150 % utilisation, headroom −100
    assert report.concurrency_limit == 200
    assert report.limit_source == "reserved"
    assert report.utilization_percent == D(150)
    assert report.headroom == D(-100)
    assert report.binding_limit == "reserved"


def test_other_usage_shrinks_the_account_limit() -> None:
    report = plan_function(FunctionInputs(rps=D(100), duration_s=D(5), other_usage_concurrency=600))
    # 1,000 − 600 = 400 left; needs 100 × 5 = 500
    assert report.concurrency_limit == 400
    assert report.binding_limit == "account"


def test_event_source_cap_binds() -> None:
    # 10 shards × factor 2 = 20 concurrent batches; needs 50 × 1 = 50
    assert kinesis_max_concurrency(10, 2) == 20
    report = plan_function(
        FunctionInputs(rps=D(50), duration_s=D(1), kinesis_shards=10, parallelization_factor=2)
    )
    assert report.binding_limit == "event_source"
    assert report.event_source_max_concurrency == 20
    sqs = plan_function(FunctionInputs(rps=D(50), duration_s=D(1), sqs_max_concurrency=100))
    assert sqs.binding_limit == "none"  # 100 ≥ 50


# --- burst scaling ---------------------------------------------------------------------------


def test_scaling_0_to_5000_takes_40_s() -> None:
    # 1,000 at once, then 100/s for the other 4,000: 4,000 / 100 = 40 s
    assert seconds_to_scale(D(0), D(5000)) == D(40)
    # 0 → 10,000: 9,000 / 100 = 90 s; within the first burst: 0 s
    assert seconds_to_scale(D(0), D(10000)) == D(90)
    assert seconds_to_scale(D(0), D(800)) == D(0)


def test_requests_throttled_during_a_step() -> None:
    # 0 → 5,000 rps at 1 s: capacity 1,000 + 100 t serves that many rps; the refused rate falls
    # from 4,000 rps to 0 over 40 s, a triangle of 4,000 × 40 / 2 = 80,000 requests
    steps = ramp(D(0), D(5000), D(1), D(100000))
    assert steps.seconds_to_scale == D(40)
    assert steps.throttled_requests == D(80000)
    assert steps.throttled_rps_after_ramp == D(0)


def test_step_capped_by_the_limit_keeps_throttling() -> None:
    # 1,000 → 3,000 rps at 1 s with a ceiling of 2,500: from 1,000 the burst reaches 2,000 at
    # once and 2,500 after 5 s; refused rps falls from 1,000 to 500:
    # (1,000 + 500) / 2 × 5 = 3,750 requests, then 500 rps for good
    steps = ramp(D(1000), D(3000), D(1), D(2500))
    assert steps.seconds_to_scale == D(5)
    assert steps.throttled_requests == D(3750)
    assert steps.throttled_rps_after_ramp == D(500)


# --- Erlang B ----------------------------------------------------------------------------------


def test_erlang_b_30_servers_25_erlangs() -> None:
    # textbook value 0.0526 (the three classic methods agree on 0.0526032)
    assert erlang_b(30, 25) == pytest.approx(0.0526032, rel=1e-5)
    assert erlang_b(30, D(25)) == pytest.approx(0.0526032, rel=1e-5)


def test_erlang_b_large_load() -> None:
    # 99,000 erlangs on 100,000 servers: 8.2258e-6
    assert erlang_b(100_000, 99_000) == pytest.approx(8.2258e-6, rel=1e-4)
    # overload: close to 1 − c/a = 1 − 100,000 / 150,000 = 0.3333
    assert erlang_b(100_000, 150_000) == pytest.approx(0.333347, rel=1e-5)


def test_erlang_b_in_logs_does_not_underflow() -> None:
    # B(1000, 100) is below the smallest float; its log is −1406.96
    assert erlang_b(1000, 100) == 0.0
    assert log_erlang_b(1000, 100) == pytest.approx(-1406.958, rel=1e-6)


def test_erlang_b_edges() -> None:
    assert erlang_b(0, 5) == 1.0  # no servers: everything refused
    assert erlang_b(1, 1) == pytest.approx(0.5)  # a / (1 + a)
    assert erlang_b(3, 0) == 0.0


def test_inversion_textbook_cases() -> None:
    # a = 2.5 at 1 %: B(6) = 0.0282, B(7) = 0.00998 → 7
    assert concurrency_for_target(2.5, 0.01) == 7
    # reference values: a = 90,000 → 89,191 at 1 %, 90,290 at 0.1 %; a = 10 → 18 at 1 %
    assert concurrency_for_target(90_000, 0.01) == 89_191
    assert concurrency_for_target(90_000, 0.001) == 90_290
    assert concurrency_for_target(10, 0.01) == 18


def test_inversion_at_a_load_of_a_million() -> None:
    servers = concurrency_for_target(1_000_000, 0.001)
    assert erlang_b(servers, 1_000_000) <= 0.001 < erlang_b(servers - 1, 1_000_000)


@settings(max_examples=200, deadline=None)
@given(
    servers=st.integers(min_value=0, max_value=2000),
    load=st.floats(min_value=0.01, max_value=3000),
)
def test_erlang_b_matches_the_textbook_recursion(servers: int, load: float) -> None:
    assert log_erlang_b(servers, load) == pytest.approx(
        _textbook_log_b(servers, load), rel=1e-9, abs=1e-12
    )


@settings(max_examples=200, deadline=None)
@given(
    servers=st.integers(min_value=0, max_value=20_000),
    load=st.floats(min_value=0.01, max_value=100_000),
)
def test_probability_falls_as_the_limit_rises(servers: int, load: float) -> None:
    assert log_erlang_b(servers + 1, load) < log_erlang_b(servers, load)


@settings(max_examples=200, deadline=None)
@given(
    servers=st.integers(min_value=1, max_value=20_000),
    load=st.floats(min_value=0.01, max_value=100_000),
    growth=st.floats(min_value=1e-3, max_value=10),
)
def test_probability_rises_with_load(servers: int, load: float, growth: float) -> None:
    assert log_erlang_b(servers, load * (1 + growth)) > log_erlang_b(servers, load)


@settings(max_examples=200, deadline=None)
@given(
    load=st.floats(min_value=0.01, max_value=200_000),
    target=st.floats(min_value=1e-9, max_value=0.99),
)
def test_concurrency_for_target_is_the_smallest(load: float, target: float) -> None:
    servers = concurrency_for_target(load, target)
    assert erlang_b(servers, load) <= target
    assert servers == 0 or erlang_b(servers - 1, load) > target


@settings(max_examples=100, deadline=None)
@given(
    rps=st.decimals(min_value=D("0.001"), max_value=D(100000), places=3),
    duration_s=st.decimals(min_value=D("0.001"), max_value=D(900), places=3),
)
def test_littles_law_is_exact(rps: Decimal, duration_s: Decimal) -> None:
    report = plan_function(FunctionInputs(rps=rps, duration_s=duration_s))
    assert report.required_concurrency == rps * duration_s
    assert report.quota_needed >= report.required_concurrency
    assert report.ramp.throttled_requests >= 0


# --- provisioned concurrency -------------------------------------------------------------------


def test_break_even_is_60_percent_at_tier1_x86() -> None:
    # 0.0000041667 / (0.0000166667 − 0.0000097222) = 0.0000041667 / 0.0000069445 = 0.6
    assert break_even_utilization(TIER1_X86) == D("0.6")
    assert f"{break_even_utilization(TIER1_X86):.3f}" == "0.600"


def test_break_even_never_when_on_demand_is_cheaper() -> None:
    cheap = TIER1_X86._replace(duration_tiers=((None, D("0.0000090000")),))
    assert break_even_utilization(cheap) is None


def test_pc_is_priced_at_the_billing_engines_rate_card() -> None:
    """The bundled book's us-east-1 x86_64 rates, through the engine's own rate card: the PC
    rates, the first on-demand tier and the request price per request ($0.20 per million)."""
    card = provisioned_rate_card(load_price_book(None), "us-east-1", Architecture.X86_64)
    assert card.provisioned_usd_per_gb_s == TIER1_X86.provisioned_usd_per_gb_s
    assert card.provisioned_duration_usd_per_gb_s == TIER1_X86.provisioned_duration_usd_per_gb_s
    assert card.duration_tiers[0][1] == TIER1_X86.duration_tiers[0][1]
    assert card.request_usd == TIER1_X86.request_usd  # 0.20 / 1,000,000


def test_pc_count_at_target_utilisation() -> None:
    # peak 200 / 0.7 = 285.7 → 286; rps check 100 / 10 = 10
    assert pc_count(D(200), D(100)) == 286
    # short function: peak 20,000 rps × 0.01 s = 200 → 286, but 20,000 / 10 = 2,000 wins
    assert pc_count(D(200), D(20000)) == 2000


def test_pc_monthly_cost_against_on_demand() -> None:
    plan = pc_plan(average_rps=D(100), duration_s=D(2), memory_mb=1024, count=286, rates=TIER1_X86)
    # month = 730 h × 3,600 s = 2,628,000 s; requests 100 × 2,628,000 = 262,800,000
    # invoked GB-s 262,800,000 × 2 s × 1 GB = 525,600,000
    # PC: 286 × 1 GB × 2,628,000 s = 751,608,000 GB-s × 0.0000041667 = 3,131.7250536
    #   + 525,600,000 × 0.0000097222 = 5,109.98832 + requests 262,800,000 × 0.0000002 = 52.56
    #   = 8,294.2733736
    assert plan.monthly_usd == D("8294.2733736")
    # on demand: 525,600,000 × 0.0000166667 = 8,760.01752 + 52.56 = 8,812.57752
    assert plan.on_demand_monthly_usd == D("8812.57752")
    # average in flight 100 × 2 = 200 on 286: 0.699 > 0.6, so PC is cheaper
    assert plan.utilization == D(200) / D(286)
    assert plan.monthly_usd < plan.on_demand_monthly_usd


def test_plan_function_prices_pc_when_given_rates() -> None:
    report = plan_function(
        FunctionInputs(rps=D(100), duration_s=D(2), memory_mb=D(1024)), TIER1_X86
    )
    assert report.provisioned is not None
    assert report.provisioned.environments == 286
    assert report.provisioned.break_even_utilization == D("0.6")


# --- the account view ------------------------------------------------------------------------


def test_account_view_pool_and_first_throttled() -> None:
    functions = [
        FunctionConcurrency("api", D(300), D(600)),
        FunctionConcurrency("worker", D(50), D(90), reserved_concurrency=100),
        FunctionConcurrency("cron", D(10), D(20), provisioned_concurrency=50),
    ]
    report = plan_account(functions, account_limit=1000)
    # unreserved pool: 1,000 − 100 reserved − 50 PC (cron has no reservation) = 850
    assert report.unreserved_pool == 850
    # pool demand: api 600 + cron max(0, 20 − 50) = 600; utilisation 600 / 850 = 70.6 %
    assert report.pool_peak_demand == D(600)
    assert report.pool_headroom == D(250)
    assert report.peak_total == D(710)  # 600 + 90 + 20
    assert report.fits
    # worker: B(100, 90) ≈ 0.0269 is far above B(850, 600) ≈ 0, so it is throttled first
    assert report.throttled_first == "worker"
    worker = next(row for row in report.functions if row.name == "worker")
    assert worker.throttle_probability == pytest.approx(erlang_b(100, 90))
    assert worker.throttle_probability > report.pool_throttle_probability


def test_account_view_overloaded_pool() -> None:
    functions = [FunctionConcurrency("a", D(500), D(900)), FunctionConcurrency("b", D(100), D(300))]
    report = plan_account(functions, account_limit=1000)
    # 900 + 300 = 1,200 on a pool of 1,000
    assert not report.fits
    assert report.throttled_first == "a"  # same pool probability, larger demand
    assert report.pool_throttle_probability == pytest.approx(erlang_b(1000, 1200))


# --- bad input -------------------------------------------------------------------------------

BAD_FUNCTION_INPUTS = [
    ({"rps": D(0)}, "--rps"),
    ({"rps": D(-5)}, "--rps"),
    ({"rps": D("NaN")}, "--rps"),
    ({"rps": D("Infinity")}, "--rps"),
    ({"duration_s": D(0)}, "--duration"),
    ({"duration_s": D("sNaN")}, "--duration"),
    ({"duration_s": D(901)}, "milliseconds"),
    ({"peak_rps": D(50)}, "--peak-rps"),
    ({"reserved_concurrency": 1001}, "above the account limit"),
    ({"reserved_concurrency": 950}, "unreserved"),
    ({"reserved_concurrency": 100, "provisioned_concurrency": 150}, "PC cannot exceed"),
    ({"provisioned_concurrency": 950}, "unreserved"),
    ({"throttle_target": D(0)}, "--throttle-target"),
    ({"throttle_target": D(1)}, "--throttle-target"),
    ({"throttle_target": D("NaN")}, "--throttle-target"),
    ({"cold_start_percent": D(150), "init_duration_s": D(1)}, "--cold-start-percent"),
    ({"cold_start_percent": D(1)}, "--init-duration"),
    ({"cold_start_percent": D("NaN"), "init_duration_s": D(1)}, "--cold-start-percent"),
    ({"other_usage_concurrency": 1000}, "--other-usage"),
    ({"account_limit": 0}, "--limit"),
    ({"sqs_max_concurrency": 10, "kinesis_shards": 2}, "not both"),
    ({"kinesis_shards": 2, "parallelization_factor": 11}, "--parallelization-factor"),
    ({"pc_target_utilization": D("1.5")}, "--pc-target-utilization"),
    ({"rps": D("1e12"), "duration_s": D(900)}, "beyond any Lambda account"),
]


@pytest.mark.parametrize(("changes", "expected"), BAD_FUNCTION_INPUTS)
def test_bad_function_inputs_raise_one_line_errors(
    changes: dict[str, object], expected: str
) -> None:
    fields: dict[str, object] = {"rps": D(100), "duration_s": D("0.2"), **changes}
    with pytest.raises(InputError) as error:
        plan_function(FunctionInputs(**fields))  # type: ignore[arg-type]
    # the core names the input field; the CLI shows the flag that sets it
    assert "--" not in str(error.value)
    (message,) = error.value.said(FLAG_OF_FIELD)
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("functions", "expected"),
    [
        ([], "no functions"),
        ([FunctionConcurrency("a", D(1), D(2), reserved_concurrency=950)], "unreserved"),
        (
            [
                FunctionConcurrency("a", D(1), D(2), reserved_concurrency=500),
                FunctionConcurrency("b", D(1), D(2), provisioned_concurrency=450),
            ],
            "unreserved",
        ),
        (
            [
                FunctionConcurrency(
                    "a", D(1), D(2), reserved_concurrency=10, provisioned_concurrency=20
                )
            ],
            "above its reserved",
        ),
        ([FunctionConcurrency("a", D(5), D(2))], "below its average"),
        ([FunctionConcurrency("a", D(-1), D(2))], "negative"),
        ([FunctionConcurrency("a", D(1), D("NaN"))], "finite"),
        ([FunctionConcurrency("a", D(1), D(2)), FunctionConcurrency("a", D(1), D(2))], "twice"),
    ],
)
def test_bad_account_inputs(functions: list[FunctionConcurrency], expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        plan_account(functions, account_limit=1000)


@pytest.mark.parametrize("target", [0.0, 1.0, -0.1, 2.0, math.nan, math.inf])
def test_inversion_rejects_targets_outside_0_1(target: float) -> None:
    with pytest.raises(InputError):
        concurrency_for_target(10, target)


@pytest.mark.parametrize("load", [-1.0, math.nan, math.inf, 1e12])
def test_erlang_b_rejects_bad_loads(load: float) -> None:
    with pytest.raises(InputError):
        erlang_b(10, load)


# --- scenarios (the records the scenario loader builds) ---------------------------------------


def _workload(*functions: FunctionWorkload, limit: int = 1000) -> Workload:
    return Workload("test", Account(concurrency_limit=limit), tuple(functions))


def test_functions_from_workload_use_littles_law() -> None:
    # 2,628,000 requests a month = 1 rps; 1 rps × (0.5 s + 10 % × 2 s INIT) = 0.7 average;
    # peak 30 rps × 0.7 s = 21
    workload = _workload(
        FunctionWorkload(
            name="api",
            memory_mb=512,
            duration_ms=D(500),
            requests_per_month=D(2628000),
            cold_start_percent=D(10),
            init_duration_ms=D(2000),
            peak_requests_per_second=D(30),
            reserved_concurrency=50,
            provisioned=ProvisionedConcurrency(environments=20),
        )
    )
    [function] = functions_from_workload(workload)
    assert function.average_concurrency == D("0.7")
    assert function.peak_concurrency == D(21)
    assert function.reserved_concurrency == 50
    assert function.provisioned_concurrency == 20
    assert fit_warning(workload) is None


def test_fit_warning_when_the_scenario_does_not_fit() -> None:
    # 2,628,000,000 a month = 1,000 rps × 2 s = 2,000 on a limit of 1,000
    busy = FunctionWorkload(
        name="busy", memory_mb=128, duration_ms=D(2000), requests_per_month=D(2628000000)
    )
    warning = fit_warning(_workload(busy))
    assert warning is not None
    assert warning.startswith("concurrency: ")
    assert "\n" not in warning
    assert plan_workload(_workload(busy)).fits is False


def test_account_view_kill_switch_and_idle_functions() -> None:
    functions = [
        FunctionConcurrency("off", D(1), D(2), reserved_concurrency=0),
        FunctionConcurrency("idle", D(0), D(0)),
    ]
    report = plan_account(functions, account_limit=1000)
    off = next(row for row in report.functions if row.name == "off")
    # a reservation of 0 refuses everything: B(0, a) = 1, and no utilisation to speak of
    assert off.throttle_probability == 1.0
    assert off.utilization_percent is None
    assert report.throttled_first == "off"
    assert any("reserved concurrency 0" in w for w in report.warnings)
    quiet = plan_account([FunctionConcurrency("idle", D(0), D(0))], account_limit=1000)
    assert quiet.throttled_first is None
    assert quiet.pool_throttle_probability == 0.0


@settings(max_examples=200, deadline=None)
@given(
    start=st.decimals(min_value=0, max_value=50_000, places=1),
    low=st.decimals(min_value=0, max_value=50_000, places=1),
    extra=st.decimals(min_value=0, max_value=50_000, places=1),
)
def test_scaling_time_grows_with_the_target(start: Decimal, low: Decimal, extra: Decimal) -> None:
    assert seconds_to_scale(start, low) <= seconds_to_scale(start, low + extra)
    assert seconds_to_scale(start + extra, low) <= seconds_to_scale(start, low)
    assert seconds_to_scale(start, low) >= 0


@settings(max_examples=200, deadline=None)
@given(
    from_rps=st.decimals(min_value=0, max_value=20_000, places=1),
    step_rps=st.decimals(min_value=D("0.1"), max_value=50_000, places=1),
    duration_s=st.decimals(min_value=D("0.001"), max_value=10, places=3),
    ceiling=st.integers(min_value=1, max_value=100_000),
)
def test_ramp_never_refuses_more_than_arrives(
    from_rps: Decimal, step_rps: Decimal, duration_s: Decimal, ceiling: int
) -> None:
    steps = ramp(from_rps, from_rps + step_rps, duration_s, D(ceiling))
    assert 0 <= steps.throttled_requests <= (from_rps + step_rps) * steps.seconds_to_scale
    assert steps.to_concurrency <= max(D(ceiling), steps.from_concurrency)


@settings(max_examples=300, deadline=None)
@given(
    peaks=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=900),  # requests per second at peak
            st.one_of(st.none(), st.integers(min_value=0, max_value=400)),  # reserved
            st.integers(min_value=0, max_value=300),  # provisioned environments
        ),
        min_size=1,
        max_size=5,
    ),
    limit=st.integers(min_value=100, max_value=2000),
)
def test_fit_warning_answers_as_the_full_plan(
    peaks: list[tuple[int, int | None, int]], limit: int
) -> None:
    # fit_warning's shortcut (allocation only, when it fits) must say what the account
    # plan says: None exactly when the plan fits, else the plan's first warning
    functions = [
        FunctionWorkload(
            name=f"f{i}",
            memory_mb=128,
            duration_ms=D(1000),  # 1 s: peak concurrency = peak requests per second
            requests_per_month=D(2628000),
            peak_requests_per_second=D(rps),
            reserved_concurrency=reserved,
            provisioned=ProvisionedConcurrency(environments=pc) if pc else None,
        )
        for i, (rps, reserved, pc) in enumerate(peaks)
    ]
    workload = _workload(*functions, limit=limit)
    try:
        report = plan_workload(workload)
    except InputError as error:
        assert fit_warning(workload) == f"concurrency: {error}"
        return
    warning = fit_warning(workload)
    if report.fits:
        assert warning is None
    else:
        assert warning is not None
        reason = report.warnings[0] if report.warnings else "it does not fit the account limit"
        assert warning.startswith(f"concurrency: {reason}; ")


# --- the allocation's fast path (`account._plainly_valid`) --------------------------------

_odd_concurrency = st.sampled_from(
    [Decimal(0), Decimal("0.5"), Decimal(3), Decimal("-1"), Decimal("NaN"), Decimal("Infinity")]
) | st.sampled_from([0, 2, -1, True, 1.5])
_odd_count = st.sampled_from([0, 1, 3, -1, True, Decimal(1), None])


@settings(max_examples=500)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            _odd_concurrency,
            _odd_concurrency,
            st.none() | _odd_count,  # reserved: mostly none (the fast path's case)
            _odd_count,
            st.sampled_from([None, QueueScaling("standard", 5, Decimal(5), 2)]),
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from([1, 5, 150, 1000]),
)
def test_allocation_fast_path_agrees_with_its_checks(rows: list[tuple], limit: int) -> None:
    """Every function through the plain checks (the fast path turned off) gives the same
    allocation, or the same error, as the fast path: it only skips what plainly passes."""
    from unittest import mock

    from lambdacalc.concurrency import account

    functions = [
        FunctionConcurrency(name, average, peak, reserved, pc or 0, queue)  # type: ignore[arg-type]
        for name, average, peak, reserved, pc, queue in rows
    ]

    def allocate() -> object:
        try:
            return account._allocate(functions, limit)
        except (InputError, TypeError) as error:
            return (type(error), str(error))

    fast = allocate()
    with mock.patch.object(account, "_plainly_valid", return_value=False):
        plain = allocate()
    assert fast == plain


# --- fit_warning's fast path (`from_workload._plain_peak_total`) ------------------------------

_odd_decimal = st.sampled_from(
    [*(Decimal(x) for x in ("0", "0.0", "1", "2.50", "1E+3", "-1", "NaN", "Infinity"))]
)


@settings(max_examples=500)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d"]),
            st.sampled_from([Decimal(1000), Decimal("0.5"), Decimal(3000), Decimal(0)]),
            # 2,628,000 requests a month at 1 s each: an average concurrency of 1
            st.integers(-1, 8_000_000).map(Decimal) | st.just(Decimal("2.6E+9")),
            _odd_decimal,  # cold_start_percent
            _odd_decimal,  # init_duration_ms
            st.none() | _odd_decimal | st.integers(0, 4).map(Decimal),  # peak rps
            st.sampled_from([None, None, None, 0, 5]),  # reserved
            st.sampled_from([None, None, ProvisionedConcurrency(environments=1)]),
            st.sampled_from([None, None, Decimal(7 * 1024 * 1024)]),  # streamed bytes
        ),
        min_size=0,
        max_size=4,
    ),
    st.sampled_from([1, 2, 3, 5, 150, 0, True]),
)
# 6,570,000 requests a month of 1 s: 6,570,000 / 2,628,000 s = an average (and peak) of 2.5,
# just above a limit of 2 (the fast path's own warning), or within one of 3
@example([("a", D(1000), D(6_570_000), D(0), D(0), None, None, None, None)], 2)
@example([("a", D(1000), D(6_570_000), D(0), D(0), None, None, None, None)], 3)
def test_fit_fast_path_answers_as_the_full_path(rows: list[tuple], limit: int) -> None:
    """The fast path answers (None, or the peaks above the limit) as the full path would;
    else the full path answers (the same text, or the same error): turning the fast path off
    changes nothing."""
    from decimal import InvalidOperation
    from unittest import mock

    from lambdacalc.concurrency import from_workload

    workload = Workload(
        "w",
        Account(concurrency_limit=limit),
        tuple(
            FunctionWorkload(
                name,
                128,
                duration,
                requests,
                cold_start_percent=cold,
                init_duration_ms=init,
                peak_requests_per_second=peak,
                reserved_concurrency=reserved,
                provisioned=pc,
                response_bytes_per_request=stream,
            )
            for name, duration, requests, cold, init, peak, reserved, pc, stream in rows
        ),
    )

    def answer() -> object:
        try:
            return fit_warning(workload)
        except (InvalidOperation, TypeError) as error:
            return (type(error), str(error))

    fast = answer()
    with mock.patch.object(from_workload, "_plain_peak_total", return_value=None):
        full = answer()
    assert fast == full
