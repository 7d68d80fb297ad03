"""What one function's plan means, in words (`_limit_warnings`), and the provisioned
concurrency it is worth keeping, priced (`_provisioned`)."""

from decimal import Decimal
from typing import TYPE_CHECKING

from lambdacalc.concurrency.function_limits import ConcurrencyReport, FunctionInputs, _pc_cap
from lambdacalc.concurrency.pc import PcPlan, pc_count, pc_plan
from lambdacalc.concurrency.scaling import (
    MAX_ON_DEMAND_INIT_S,
    Ramp,
    _ceil,
    unreserved_minimum,
)
from lambdacalc.concurrency.sources import (
    SQS_PROVISIONED_SCALE_PER_MINUTE,
    SQS_SCALE_PER_MINUTE,
    SQS_START_CONCURRENCY,
    QueueScaling,
)
from lambdacalc.errors import field
from lambdacalc.units import percent_text

if TYPE_CHECKING:
    from lambdacalc.cost.rates import RateCard


_SOURCES = {"sqs": "SQS", "kinesis": "Kinesis/DynamoDB stream", "": "event source"}


def _number(value: Decimal) -> str:
    """A concurrency for a sentence: whole numbers as such, else to two decimals."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _backlog_warnings(steps: Ramp, queue: QueueScaling) -> list[str]:
    """What the SQS ramp means for the queue: how deep it gets and for how long."""
    how = (
        f"starts at {SQS_START_CONCURRENCY} concurrent batches and adds up to "
        f"{SQS_SCALE_PER_MINUTE} per minute"
        if queue.mode == "standard"
        else f"starts at {queue.start_concurrency:,} (10 per minimum poller) and adds up to "
        f"{SQS_PROVISIONED_SCALE_PER_MINUTE:,} per minute"
    )
    if steps.backlog_peak is None:
        return [
            f"the SQS queue grows by {_number(steps.backlog_growth_rps)} requests a second for "
            "as long as this rate holds: the event source (or the function's limit) cannot "
            "keep up"
        ]
    if steps.backlog_peak == 0:
        return []
    lasting = (
        "and does not drain while the rate holds (no capacity above the need)"
        if steps.backlog_seconds is None
        else f"and is empty again after {_number(steps.backlog_seconds)} s"
    )
    return [
        f"SQS {queue.mode} mode {how}: reaching {_number(steps.to_concurrency)} takes "
        f"{_number(steps.seconds_to_scale)} s; meanwhile messages wait in the queue (delayed, "
        f"not throttled): the backlog peaks at about {_ceil(steps.backlog_peak):,} requests "
        f"{lasting}"
    ]


def _limit_warnings(
    report: ConcurrencyReport, inputs: FunctionInputs, queue: QueueScaling | None
) -> list[str]:
    """What the report's limits, scaling and throttling mean for the traffic, in words."""
    binding = report.binding_limit
    limit = report.concurrency_limit
    required = report.required_concurrency
    source_cap = report.event_source_max_concurrency
    steps = report.ramp
    warnings: list[str] = []
    if binding == "requests_per_second":
        warnings.append(
            f"the requests-per-second quota (10 × {limit} = {report.rps_limit_rps} rps) binds "
            f"before concurrency does; serving {report.peak_rps} rps needs a quota of "
            f"{_ceil(report.quota_needed)}"
        )
    elif binding in ("account", "reserved"):
        if Decimal(limit) < required:
            warnings.append(
                f"{binding} concurrency {limit} is below the {_number(required)} the traffic needs"
            )
        else:
            warnings.append(
                f"{binding} concurrency {limit} is exactly the {_number(required)} the traffic "
                "needs: no headroom for bursts"
            )
    if source_cap is not None and Decimal(source_cap) < required:
        warnings.append(
            f"the {_SOURCES[report.event_source or '']} event source drives at most "
            f"{source_cap} concurrent invocations, below the {_number(required)} needed: the "
            "backlog grows, the source is the bottleneck"
        )
    if queue is not None:
        reserved = inputs.reserved_concurrency
        if reserved is not None and queue.max_concurrency > reserved:
            warnings.append(
                f"the SQS event source may invoke up to {queue.max_concurrency:,} at once, above "
                f"{field('reserved_concurrency')} {reserved}: AWS advises reserved concurrency "
                "at least the source's maximum, or Lambda may throttle its messages"
            )
        warnings.extend(_backlog_warnings(steps, queue))
    if steps.throttled_requests > 0:
        warnings.append(
            f"scaling to {_ceil(steps.to_concurrency)} takes {steps.seconds_to_scale} s; "
            f"about {_ceil(steps.throttled_requests)} requests are throttled on the way"
        )
    if report.throttle_probability > float(report.throttle_target):
        warnings.append(
            f"throttle probability {percent_text(report.throttle_probability)} is above the "
            f"target {percent_text(report.throttle_target)}; a limit of "
            f"{report.concurrency_for_target} meets it"
        )
    return [*warnings, *_input_warnings(inputs)]


def _input_warnings(inputs: FunctionInputs) -> list[str]:
    """An implausible INIT (seconds meant as milliseconds?) and an assumed account limit."""
    warnings: list[str] = []
    if inputs.init_duration_s > MAX_ON_DEMAND_INIT_S:
        warnings.append(
            f"an INIT of {inputs.init_duration_s} s is above the 10 s on-demand limit "
            "(only PC and SnapStart allow longer); did you mean milliseconds?"
        )
    if inputs.account_limit is None:
        warnings.append(
            "assumes the default account limit of 1000; new accounts may have 10 or 50 "
            "(check with aws lambda get-account-settings)"
        )
    return warnings


def _provisioned(
    report: ConcurrencyReport,
    inputs: FunctionInputs,
    rates: "RateCard | None",
    account_limit: int,
) -> tuple[PcPlan | None, list[str]]:
    """The provisioned concurrency the peak asks for, capped by the binding limit, and priced
    when `rates` are given; with what stopped it, in words."""
    required, peak_rps = report.required_concurrency, report.peak_rps
    wanted = pc_count(required, peak_rps, inputs.pc_target_utilization)  # validates the target
    source_cap = report.event_source_max_concurrency
    cap, cap_source = _pc_cap(inputs, account_limit, report.limit_source, source_cap)
    warnings: list[str] = []
    plan: PcPlan | None = None
    if cap < 1:
        warnings.append(
            f"no provisioned concurrency can be configured: an account limit of {account_limit} "
            f"leaves nothing above the {unreserved_minimum(account_limit)} that stays unreserved"
        )
    elif rates is not None:
        count = min(wanted, cap)
        plan = pc_plan(
            average_rps=report.rps,
            duration_s=inputs.duration_s,
            memory_mb=inputs.memory_mb,
            count=count,
            rates=rates,
            cold_start_percent=inputs.cold_start_percent,
            init_duration_s=inputs.init_duration_s,
        )._replace(needed=wanted, capped_by=cap_source if wanted > cap else None)
    if cap >= 1 and wanted > cap:
        why = {
            "event_source": f"the {_SOURCES[report.event_source or '']} event source's maximum "
            f"of {cap:,}: PC above it would never be used",
            "reserved": f"{field('reserved_concurrency')} {cap:,}: PC cannot exceed the "
            "reservation",
            "account": f"{cap:,}, the account limit {account_limit:,} less the "
            f"{unreserved_minimum(account_limit)} that stays unreserved",
        }[cap_source]
        warnings.append(
            f"the peak asks for {wanted:,} provisioned concurrency, but the binding limit caps "
            f"it at {why}; PC is sized to {cap:,}"
        )
    return plan, warnings
