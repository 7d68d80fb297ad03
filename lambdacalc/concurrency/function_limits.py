"""One function's plan: what it reads (`FunctionInputs`), what it answers
(`ConcurrencyReport`), and the limits that apply to it, each input checked."""

from decimal import Decimal
from typing import NamedTuple

from lambdacalc.concurrency.erlang import erlang_b
from lambdacalc.concurrency.pc import PcPlan
from lambdacalc.concurrency.scaling import (
    DEFAULT_ACCOUNT_LIMIT,
    DEFAULT_PC_TARGET_UTILIZATION,
    DEFAULT_THROTTLE_TARGET,
    BindingLimit,
    Ramp,
    _count,
    _positive,
    effective_duration_s,
    rps_limit_rps,
    unreserved_minimum,
)
from lambdacalc.concurrency.sources import QueueScaling, kinesis_max_concurrency, sqs_scaling
from lambdacalc.errors import InputError, field
from lambdacalc.units import ONE, ZERO


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


def _traffic(inputs: FunctionInputs) -> tuple[Decimal, Decimal, Decimal]:
    """The average and peak rps and the effective duration in seconds, checked."""
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
    return rps, peak_rps, duration_eff_s
