"""One function against its limits: `plan_function`."""

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from lambdacalc.concurrency.erlang import concurrency_for_target, erlang_b
from lambdacalc.concurrency.pc import PcPlan, pc_count, pc_plan
from lambdacalc.concurrency.scaling import (
    DEFAULT_ACCOUNT_LIMIT,
    DEFAULT_PC_TARGET_UTILIZATION,
    DEFAULT_THROTTLE_TARGET,
    MAX_ON_DEMAND_INIT_S,
    RPS_PER_CONCURRENCY,
    BindingLimit,
    Ramp,
    _ceil,
    _count,
    _positive,
    effective_duration_s,
    ramp,
    rps_limit_rps,
    unreserved_minimum,
    validate_throttle_target,
)
from lambdacalc.concurrency.sources import (
    SQS_PROVISIONED_SCALE_PER_MINUTE,
    SQS_SCALE_PER_MINUTE,
    SQS_START_CONCURRENCY,
    QueueScaling,
    kinesis_max_concurrency,
    queue_ramp,
    sqs_scaling,
)
from lambdacalc.errors import InputError, field
from lambdacalc.units import (
    HUNDRED,
    ONE,
    ZERO,
    percent_text,
)

if TYPE_CHECKING:
    from lambdacalc.cost.rates import RateCard

# --- one function against its limits ------------------------------------------------------


class FunctionInputs(NamedTuple):
    """What `lambdacalc concurrency --rps …` asks about one function."""

    rps: Decimal
    duration_s: Decimal
    peak_rps: Decimal | None = None
    cold_start_percent: Decimal = ZERO
    init_duration_s: Decimal = ZERO
    account_limit: int | None = None  # None: not known; AWS's default 1000 is assumed, and said
    reserved_concurrency: int | None = None
    provisioned_concurrency: int | None = None
    other_usage_concurrency: int = 0
    throttle_target: Decimal = DEFAULT_THROTTLE_TARGET
    pc_target_utilization: Decimal = DEFAULT_PC_TARGET_UTILIZATION
    sqs_max_concurrency: int | None = None
    kinesis_shards: int | None = None
    sqs: bool = False  # fed by an SQS standard queue (implied by the two SQS settings)
    sqs_provisioned_pollers: tuple[int, int] | None = None  # provisioned mode (MIN, MAX)
    parallelization_factor: int = 1
    memory_mb: Decimal = Decimal(128)


class ConcurrencyReport(NamedTuple):
    rps: Decimal
    peak_rps: Decimal
    duration_s: Decimal
    effective_duration_s: Decimal
    average_concurrency: Decimal
    required_concurrency: Decimal  # at the peak rate (the average when no peak is given)
    rps_quota_concurrency: Decimal  # peak rps / 10
    quota_needed: Decimal  # max of the two above
    concurrency_limit: int  # what this function can reach: reserved, or account − others
    limit_source: str  # "account" or "reserved"
    rps_limit_rps: Decimal  # 10 × concurrency_limit
    utilization_percent: Decimal  # required / limit × 100
    headroom: Decimal  # limit − required (negative when it does not fit)
    event_source: str | None  # "sqs" or "kinesis"
    event_source_max_concurrency: int | None
    event_source_mode: str | None  # SQS: "standard" or "provisioned"; None otherwise
    binding_limit: BindingLimit
    erlang_b: float  # B(limit, peak load): refused for want of concurrency
    throttle_probability: float  # with the RPS quota: 1 − (1 − B) × min(1, 10 c / λ)
    throttle_target: Decimal
    concurrency_for_target: int  # Erlang B answer, raised to the RPS quota's need
    ramp: Ramp
    provisioned: PcPlan | None
    warnings: tuple[str, ...]  # an input named as `errors.field`: the edge says its flag or key

    @property
    def seconds_to_scale(self) -> Decimal:
        return self.ramp.seconds_to_scale


def _account_limit(inputs: FunctionInputs) -> int:
    given = inputs.account_limit
    return _count(field("account_limit"), DEFAULT_ACCOUNT_LIMIT if given is None else given)


def _limit_for_function(inputs: FunctionInputs) -> tuple[int, str]:
    limit = _account_limit(inputs)
    other = _count(field("other_usage_concurrency"), inputs.other_usage_concurrency, minimum=0)
    minimum = unreserved_minimum(limit)
    reserved = inputs.reserved_concurrency
    provisioned = inputs.provisioned_concurrency
    if provisioned is not None:
        _count(field("provisioned_concurrency"), provisioned)
    if reserved is not None:
        _count(field("reserved_concurrency"), reserved)
        if reserved > limit:
            raise InputError(
                f"{field('reserved_concurrency')} {reserved} is above the account limit {limit}; "
                f"lower it or raise {field('account_limit')}"
            )
        if reserved > limit - minimum:
            raise InputError(
                f"{field('reserved_concurrency')} {reserved} leaves {limit - reserved} unreserved, "
                f"below the minimum "
                f"of {minimum}; reserve at most {limit - minimum}"
            )
        if provisioned is not None and provisioned > reserved:
            raise InputError(
                f"{field('provisioned_concurrency')} {provisioned} is above "
                f"{field('reserved_concurrency')} {reserved}; "
                "PC cannot exceed reserved concurrency"
            )
        if other > limit - reserved:
            raise InputError(
                f"{field('other_usage_concurrency')} {other} is more than the {limit - reserved} "
                f"left outside the "
                f"reservation; lower it or raise {field('account_limit')}"
            )
        return reserved, "reserved"
    if provisioned is not None and provisioned > limit - minimum:
        raise InputError(
            f"{field('provisioned_concurrency')} {provisioned} leaves {limit - provisioned} "
            f"unreserved, below the "
            f"minimum of {minimum}; provision at most {limit - minimum}"
        )
    if other >= limit:
        raise InputError(
            f"{field('other_usage_concurrency')} {other} takes the whole account limit {limit}; "
            f"lower it or raise {field('account_limit')}"
        )
    return limit - other, "account"


def _event_source(inputs: FunctionInputs) -> tuple[str | None, int | None, QueueScaling | None]:
    sqs = (
        inputs.sqs
        or inputs.sqs_max_concurrency is not None
        or inputs.sqs_provisioned_pollers is not None
    )
    if sqs and inputs.kinesis_shards is not None:
        raise InputError(
            f"give either an SQS setting ({field('sqs')}, {field('sqs_max_concurrency')}, "
            f"{field('sqs_provisioned_pollers')}) or {field('kinesis_shards')}, not both; "
            "plan each event source separately"
        )
    if sqs:
        scaling = sqs_scaling(inputs.sqs_max_concurrency, inputs.sqs_provisioned_pollers)
        return "sqs", scaling.max_concurrency, scaling
    if inputs.kinesis_shards is not None:
        return (
            "kinesis",
            kinesis_max_concurrency(inputs.kinesis_shards, inputs.parallelization_factor),
            None,
        )
    if inputs.parallelization_factor != 1:
        raise InputError(
            f"{field('parallelization_factor')} needs {field('kinesis_shards')}; add the shard "
            f"count"
        )
    return None, None, None


def throttle_probability(concurrency: int, load_erlangs: Decimal, rps: Decimal) -> float:
    """Share of synchronous requests refused: 1 − (1 − B(c, a)) × min(1, 10 × c / rps)."""
    blocked = erlang_b(concurrency, load_erlangs)
    admitted = min(ONE, rps_limit_rps(concurrency) / _positive(field("rps"), rps))
    return 1.0 - (1.0 - blocked) * float(admitted)


_SOURCES = {"sqs": "SQS", "kinesis": "Kinesis/DynamoDB stream", "": "event source"}


def _number(value: Decimal) -> str:
    """A concurrency for a sentence: whole numbers as such, else to two decimals."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _pc_cap(
    inputs: FunctionInputs, account_limit: int, limit_source: str, source_cap: int | None
) -> tuple[int, str]:
    """The most PC worth configuring and the limit that sets it: the event source's maximum
    (PC above it is never used), the reservation (PC ≤ reserved), or the account limit less
    the unreserved minimum (PC outside reservations cannot take it)."""
    caps: list[tuple[int, str]]
    if limit_source == "reserved" and inputs.reserved_concurrency is not None:
        caps = [(inputs.reserved_concurrency, "reserved")]
    else:
        caps = [(account_limit - unreserved_minimum(account_limit), "account")]
    if source_cap is not None:
        caps.append((source_cap, "event_source"))
    return min(caps, key=lambda item: item[0])


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


def plan_function(inputs: FunctionInputs, rates: "RateCard | None" = None) -> ConcurrencyReport:
    """Everything `lambdacalc concurrency --rps …` reports for one function.

    Pass `rates` to price provisioned concurrency; without them `provisioned` is None.
    """
    rps = _positive(field("rps"), inputs.rps)
    peak_rps = rps if inputs.peak_rps is None else _positive(field("peak_rps"), inputs.peak_rps)
    if peak_rps < rps:
        raise InputError(
            f"{field('peak_rps')} {inputs.peak_rps} is below {field('rps')} {inputs.rps}; "
            "the peak must be at least the average"
        )
    duration_eff_s = effective_duration_s(
        inputs.duration_s, inputs.cold_start_percent, inputs.init_duration_s
    )
    if inputs.cold_start_percent and not inputs.init_duration_s:
        raise InputError(
            f"{field('cold_start_percent')} needs {field('init_duration_s')}; give both or neither"
        )
    target = validate_throttle_target(inputs.throttle_target)
    account_limit = _account_limit(inputs)
    limit, limit_source = _limit_for_function(inputs)
    source, source_cap, queue = _event_source(inputs)

    required = peak_rps * duration_eff_s
    quota_concurrency = peak_rps / RPS_PER_CONCURRENCY
    limit_dec = Decimal(limit)
    rps_cap = rps_limit_rps(limit)
    throttled = throttle_probability(limit, required, peak_rps)

    from_rps = ZERO if inputs.peak_rps is None else rps
    if queue is not None:
        ceiling = min(limit_dec, Decimal(queue.max_concurrency))
        steps = queue_ramp(from_rps, peak_rps, duration_eff_s, ceiling, queue)
    else:
        steps = ramp(from_rps, peak_rps, duration_eff_s, limit_dec)

    report = ConcurrencyReport(
        rps=rps,
        peak_rps=peak_rps,
        duration_s=Decimal(inputs.duration_s),
        effective_duration_s=duration_eff_s,
        average_concurrency=rps * duration_eff_s,
        required_concurrency=required,
        rps_quota_concurrency=quota_concurrency,
        quota_needed=max(required, quota_concurrency),
        concurrency_limit=limit,
        limit_source=limit_source,
        rps_limit_rps=rps_cap,
        utilization_percent=required / limit_dec * HUNDRED,
        headroom=limit_dec - required,
        event_source=source,
        event_source_max_concurrency=source_cap,
        event_source_mode=None if queue is None else queue.mode,
        binding_limit=_binding_limit(limit_source, duration_eff_s, peak_rps, limit, source_cap),
        erlang_b=erlang_b(limit, required),
        throttle_probability=throttled,
        throttle_target=target,
        concurrency_for_target=max(
            concurrency_for_target(required, target), _ceil(quota_concurrency)
        ),
        ramp=steps,
        provisioned=None,
        warnings=(),
    )
    warnings = _limit_warnings(report, inputs, queue)
    plan, pc_warnings = _provisioned(report, inputs, rates, account_limit)
    return report._replace(provisioned=plan, warnings=(*warnings, *pc_warnings))


def _binding_limit(
    limit_source: BindingLimit,
    duration_eff_s: Decimal,
    peak_rps: Decimal,
    limit: int,
    source_cap: int | None,
) -> BindingLimit:
    """Which limit binds: of the requests per second each lets through, the smallest one
    at or below the peak demand ("none" when all are above it)."""
    capacities: list[tuple[Decimal, BindingLimit]] = [
        (Decimal(limit) / duration_eff_s, limit_source),
        (rps_limit_rps(limit), "requests_per_second"),
    ]
    if source_cap is not None:
        capacities.append((Decimal(source_cap) / duration_eff_s, "event_source"))
    short = [item for item in capacities if item[0] <= peak_rps]
    return min(short, key=lambda item: item[0])[1] if short else "none"


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
