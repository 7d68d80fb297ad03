"""Issue 11 in the core: the SQS ramp and its backlog, provisioned pollers, MaximumConcurrency's
range, PC capped at the binding limit, throttle probability in percent, and the account view
agreeing with the function view. Numbers are worked by hand in the comments."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambdacalc.cli.params import duration_ms
from lambdacalc.concurrency import (
    FunctionConcurrency,
    FunctionInputs,
    QueueScaling,
    plan_account,
    plan_function,
    queue_ramp,
    sqs_scaling,
)
from lambdacalc.cost.rates import RateCard
from lambdacalc.errors import InputError, name_fields
from lambdacalc.units import percent_text

D = Decimal
STANDARD = QueueScaling("standard", 5, D(300) / 60, 1000)
RATES = RateCard(
    request_usd=D("0.0000002"),
    duration_tiers=((None, D("0.0000166667")),),
    provisioned_usd_per_gb_s=D("0.0000041667"),
    provisioned_duration_usd_per_gb_s=D("0.0000097222"),
)


def test_standard_sqs_ramp_to_1000_takes_199_seconds_and_the_queue_backs_up() -> None:
    # 400 rps × 2.5 s = 1,000 batches at once; from 5, at 300 a minute = 5 a second:
    # (1,000 − 5) / 5 = 199 s
    steps = queue_ramp(D(0), D(400), D("2.5"), D(1000), STANDARD)
    assert steps.seconds_to_scale == 199
    assert steps.limited_by == "event_source"
    assert steps.throttled_requests == 0  # a queue delays, it does not refuse
    # depth = r t1² / (2 d) = 5 × 199² / 5 = 39,601 requests
    assert steps.backlog_peak == 39601
    assert steps.backlog_seconds is None  # the need is the ceiling: nothing left to drain it


def test_backlog_drains_in_as_long_again_when_there_is_room() -> None:
    # 100 rps × 2 s = 200; t1 = (200 − 5) / 5 = 39 s; peak 5 × 39² / (2 × 2) = 1,901.25;
    # capacity keeps growing 5/s above the need and drains it in another 39 s: 78 s
    steps = queue_ramp(D(0), D(100), D(2), D(1000), STANDARD)
    assert steps.seconds_to_scale == 39
    assert steps.backlog_peak == D("1901.25")
    assert steps.backlog_seconds == 78


def test_backlog_drains_slower_when_the_ceiling_stops_the_ramp() -> None:
    # as above with a ceiling of 250: room 50 is reached after 10 s, having drained
    # 5 × 10² / 4 = 125; the other 1,776.25 go at 50 / 2 = 25 a second: 71.05 s.
    # 39 + 10 + 71.05 = 120.05 s
    steps = queue_ramp(D(0), D(100), D(2), D(250), STANDARD)
    assert steps.backlog_seconds == D("120.05")


def test_a_source_below_the_need_grows_the_queue_for_good() -> None:
    # 100 rps × 2 s = 200 against 150: 100 − 150 / 2 = 25 requests a second more each second
    steps = queue_ramp(D(0), D(100), D(2), D(150), STANDARD)
    assert steps.backlog_peak is None and steps.backlog_seconds is None
    assert steps.backlog_growth_rps == 25


def test_provisioned_pollers_start_higher_and_scale_faster() -> None:
    scaling = sqs_scaling(None, (2, 200))
    # 10 invokes per poller: starts at 20, tops out at 2,000; 1,000 a minute
    assert (scaling.start_concurrency, scaling.max_concurrency) == (20, 2000)
    # to 1,000: (1,000 − 20) / (1,000 / 60) = 58.8 s
    steps = queue_ramp(D(0), D(400), D("2.5"), D(1000), scaling)
    assert steps.seconds_to_scale == pytest.approx(D("58.8"))
    # more than standard mode's 1,000 is possible: 2,000 × 10 = 20,000 at most
    assert sqs_scaling(None, (200, 2000)).max_concurrency == 20000


@pytest.mark.parametrize(
    ("max_concurrency", "pollers", "message"),
    [
        (1001, None, "2 to 1,000"),
        (20000, None, "2 to 1,000"),
        (1, None, "at least 2"),
        (None, (1, 10), "minimum must be 2 to 200"),
        (None, (2, 2001), "maximum must be 2 to 2,000"),
        (None, (50, 10), "above the maximum"),
        (100, (2, 10), "cannot be combined"),
    ],
)
def test_sqs_settings_outside_the_api_ranges_are_errors(
    max_concurrency: int | None, pollers: tuple[int, int] | None, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        sqs_scaling(max_concurrency, pollers)


def test_the_function_view_uses_the_sqs_ramp_and_says_why() -> None:
    report = plan_function(
        FunctionInputs(rps=D(400), duration_s=D("2.5"), sqs_max_concurrency=1000)
    )
    assert report.seconds_to_scale == 199
    assert report.ramp.limited_by == "event_source"
    assert not any("1250" in w or "1,250" in w for w in report.warnings)
    assert any("300 per minute" in w and "39,601" in w for w in report.warnings)
    # a plain SQS source (no MaximumConcurrency) is capped at 1,000 per mapping
    plain = plan_function(FunctionInputs(rps=D(10), duration_s=D(1), sqs=True))
    assert plain.event_source_max_concurrency == 1000
    # Kinesis keeps the function's own ramp
    stream = plan_function(FunctionInputs(rps=D(10), duration_s=D(1), kinesis_shards=20))
    assert stream.ramp.limited_by == "function"


def test_pc_advice_never_exceeds_the_event_source_that_binds() -> None:
    # 280 rps × 3 s = 840; PC for the peak at 0.7: 840 / 0.7 = 1,200; SQS caps at 500
    report = plan_function(
        FunctionInputs(
            rps=D(280),
            duration_s=D(3),
            sqs_max_concurrency=500,
            account_limit=1000,
            memory_mb=D(1024),
        ),
        RATES,
    )
    assert report.binding_limit == "event_source"
    assert report.provisioned is not None
    assert report.provisioned.environments == 500
    assert report.provisioned.needed == 1200
    assert report.provisioned.capped_by == "event_source"
    assert any("caps it at the SQS event source's maximum of 500" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("inputs", "count", "capped_by"),
    [
        # 100 × 2 = 200 → 200 / 0.7 = 285.7 → 286, above the 250 reserved
        (FunctionInputs(rps=D(100), duration_s=D(2), reserved_concurrency=250), 250, "reserved"),
        # 400 × 2.5 = 1,000 → 1,429, above 1,000 − 100 unreserved = 900
        (FunctionInputs(rps=D(400), duration_s=D("2.5"), account_limit=1000), 900, "account"),
        # 10 × 1 = 10 → 15 PC, below every cap
        (FunctionInputs(rps=D(10), duration_s=D(1), account_limit=1000), 15, None),
    ],
)
def test_pc_is_capped_by_reserved_and_by_the_account(
    inputs: FunctionInputs, count: int, capped_by: str | None
) -> None:
    plan = plan_function(inputs, RATES).provisioned
    assert plan is not None
    assert (plan.environments, plan.capped_by) == (count, capped_by)


def test_warnings_name_the_reserved_field_and_the_cli_names_its_flag() -> None:
    """The core speaks of `reserved_concurrency`; `lambdacalc concurrency` shows `--reserved`
    (the flag that sets it), as it does for errors."""
    from typer.testing import CliRunner

    from lambdacalc.cli import app

    # SQS standard queue at its default maximum of 1,000 above a reservation of 250;
    # 100 rps × 2 s = 200 → 286 PC at 0.7, capped at the 250 reserved
    inputs = FunctionInputs(rps=D(100), duration_s=D(2), reserved_concurrency=250, sqs=True)
    said = [name_fields(w) for w in plan_function(inputs, RATES).warnings]
    assert any("above reserved_concurrency 250: AWS advises" in w for w in said)
    assert any("caps it at reserved_concurrency 250: PC cannot exceed" in w for w in said)
    assert not any("--reserved" in w for w in said)
    args = ["--rps", "100", "--duration", "2", "--reserved", "250", "--sqs", "-f", "json"]
    result = CliRunner().invoke(app, ["concurrency", *args])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)["warnings"]
    assert any("above --reserved 250: AWS advises" in w for w in shown)
    assert any("caps it at --reserved 250: PC cannot exceed" in w for w in shown)
    assert not any("\ue000" in w or "reserved_concurrency" in w for w in shown)


def test_no_pc_is_suggested_when_the_account_has_none_to_give() -> None:
    # a limit of 50 keeps all 50 unreserved: min(100, 50)
    report = plan_function(FunctionInputs(rps=D(10), duration_s=D(1), account_limit=50), RATES)
    assert report.provisioned is None
    assert any("no provisioned concurrency can be configured" in w for w in report.warnings)


def test_percent_text() -> None:
    assert percent_text(0.00569) == "0.569%"
    assert percent_text(D("0.001")) == "0.1%"
    assert percent_text(2.47e-12) == "2.47e-10%"
    assert percent_text(0) == "0%"
    assert percent_text(1) == "100%"


def test_throttle_warning_is_in_percent() -> None:
    # 1,000 on a limit of 1,000: B(1000, 1000) ≈ 2.48%, above 0.1%
    report = plan_function(FunctionInputs(rps=D(400), duration_s=D("2.5"), account_limit=1000))
    line = next(w for w in report.warnings if w.startswith("throttle probability"))
    assert "2.48% is above the target 0.1%" in line


def test_equal_limit_and_need_is_not_below() -> None:
    # 5 rps × 2 s = 10 on a limit of 10
    report = plan_function(FunctionInputs(rps=D(5), duration_s=D(2), account_limit=10))
    assert not any("below the 10" in w for w in report.warnings)
    assert any("exactly the 10" in w for w in report.warnings)


def test_the_account_view_warns_above_the_throttle_target_like_the_function_view() -> None:
    # one pooled function at 700 on a pool of 900 (1,000 − 100 reserved): fits, B ≈ 0
    # a reserved one at 90 on 100: B(100, 90) ≈ 2.7% > 0.1%: it fits but is throttled
    functions = [
        FunctionConcurrency("api", D(300), D(700)),
        FunctionConcurrency("worker", D(50), D(90), reserved_concurrency=100),
    ]
    report = plan_account(functions, account_limit=1000)
    assert report.fits and not report.meets_throttle_target
    assert any("'worker'" in w and "above the target 0.1%" in w for w in report.warnings)
    loose = plan_account(functions, account_limit=1000, throttle_target=D("0.05"))
    assert loose.meets_throttle_target


def test_throttled_first_needs_a_chance_above_zero_and_demand() -> None:
    # both probabilities underflow to 0: nobody is "throttled first"
    quiet = plan_account([FunctionConcurrency("a", D(1), D(1))], account_limit=1000)
    assert quiet.throttled_first is None
    # a reserved function with no demand on it is never named, even with reserved 0
    idle = plan_account(
        [
            FunctionConcurrency("a", D(1), D(1)),
            FunctionConcurrency("off", D(0), D(0), reserved_concurrency=0),
        ],
        account_limit=1000,
    )
    assert idle.throttled_first is None


def test_capped_pc_is_never_more_than_fully_used() -> None:
    # 840 average on 500 PC would be 168%; PC cannot run above 100%
    report = plan_function(
        FunctionInputs(rps=D(280), duration_s=D(3), sqs_max_concurrency=500), RATES
    )
    assert report.provisioned is not None and report.provisioned.utilization == 1


# --- one rule for a bare duration: an invariant -------------------------------------------------


@given(st.decimals(min_value=D("0.001"), max_value=D(60), places=3))
def test_bare_seconds_and_ms_spellings_agree(seconds: Decimal) -> None:
    parse = duration_ms("--duration")
    bare = parse(f"{seconds}")
    assert bare == parse(f"{seconds}s") == parse(f"{seconds * 1000}ms")
    assert bare == seconds * 1000
