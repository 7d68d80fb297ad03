"""Event sources: SQS scaling (standard and provisioned mode), Kinesis/DynamoDB stream
concurrency, and how a queue backs up while Lambda scales to it.
"""

from decimal import Decimal
from typing import NamedTuple

from lambdacalc.concurrency.scaling import (
    MAX_PARALLELIZATION_FACTOR,
    Ramp,
    _count,
    _non_negative,
    _positive,
)
from lambdacalc.errors import InputError, field
from lambdacalc.units import (
    ZERO,
)

# SQS event source mappings, standard queues ("Configuring scaling behavior for SQS event
# source mappings", https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html):
# Lambda starts with 5 concurrent batches, adds up to 300 per minute while messages remain,
# and processes at most 1,000 batches at once per event source mapping. MaximumConcurrency
# (ScalingConfig) is 2 to 1,000 (https://docs.aws.amazon.com/AWSCloudFormation/latest/
# TemplateReference/aws-properties-lambda-eventsourcemapping-scalingconfig.html).
SQS_START_CONCURRENCY = 5
SQS_SCALE_PER_MINUTE = 300
SQS_DEFAULT_MAX_CONCURRENCY = 1000
SQS_MIN_MAX_CONCURRENCY = 2
SQS_MAX_MAX_CONCURRENCY = 1000
# Provisioned mode (GA November 2025; same page, and the parameters page
# https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html): each event
# poller drives up to 10 concurrent invokes; Lambda adds up to 1,000 concurrency per minute
# between MinimumPollers (2-200) and MaximumPollers (2-2,000, default 200), so at most
# 20,000 concurrent. Newer API text allows MaximumPollers up to 10,000; lambdacalc keeps the
# developer guide's 2,000. The minimum pollers are ready before traffic arrives (DERIVED:
# 10 × minimum concurrent invokes at once).
SQS_INVOKES_PER_POLLER = 10
SQS_PROVISIONED_SCALE_PER_MINUTE = 1000
SQS_MIN_POLLERS_RANGE = (2, 200)
SQS_MAX_POLLERS_RANGE = (2, 2000)
SQS_DEFAULT_MAX_POLLERS = 200


class QueueScaling(NamedTuple):
    """How an SQS event source mapping grows its concurrent batches."""

    mode: str  # "standard" or "provisioned"
    start_concurrency: int  # ready when messages arrive: 5, or 10 × minimum pollers
    per_second: Decimal  # added while messages remain: 300 or 1,000 per minute, over 60
    max_concurrency: int  # the mapping's ceiling: MaximumConcurrency, 1,000, 10 × max pollers


def sqs_scaling(
    max_concurrency: int | None = None, pollers: tuple[int, int] | None = None
) -> QueueScaling:
    """Standard mode (start 5, +300 per minute, at most MaximumConcurrency or 1,000) or
    provisioned mode (start 10 × minimum pollers, +1,000 per minute, at most 10 × maximum)."""
    if pollers is not None:
        if max_concurrency is not None:
            raise InputError(
                f"{field('sqs_max_concurrency')} cannot be combined with "
                f"{field('sqs_provisioned_pollers')} "
                "(AWS allows one or the other); drop one"
            )
        low, high = sqs_pollers(pollers)
        return QueueScaling(
            "provisioned",
            SQS_INVOKES_PER_POLLER * low,
            Decimal(SQS_PROVISIONED_SCALE_PER_MINUTE) / 60,
            SQS_INVOKES_PER_POLLER * high,
        )
    cap = SQS_DEFAULT_MAX_CONCURRENCY if max_concurrency is None else max_concurrency
    return QueueScaling(
        "standard",
        SQS_START_CONCURRENCY,
        Decimal(SQS_SCALE_PER_MINUTE) / 60,
        sqs_max_concurrency(cap),
    )


def queue_ramp(
    from_rps: Decimal,
    to_rps: Decimal,
    duration_s: Decimal,
    ceiling: Decimal,
    scaling: QueueScaling,
) -> Ramp:
    """A step in an SQS-fed function's traffic: nothing is refused, the queue backs up.

    Capacity grows as c(t) = min(ceiling, c0 + r t), from c0 = max(start, from_rps × d)
    at r batches per second (5 = 300/min standard, 1,000/min provisioned) while messages
    wait. With need n = to_rps × d, the backlog grows until c reaches n at t1 = (n − c0) / r,
    to a depth of ∫(to_rps − c/d) dt = r t1² / (2d); capacity keeps growing while messages
    wait, so (with room above n) it drains in as long again, or, once c is at the ceiling,
    at (ceiling − n) / d per second. Standard mode from 0 to 1,000: (1,000 − 5) / 5 = 199 s.
    """
    start_rps = _non_negative(field("rps"), from_rps)
    end_rps = _positive(field("peak_rps"), to_rps)
    duration = _positive(field("duration_s"), duration_s)
    cap = _non_negative("concurrency ceiling", ceiling)
    rate = scaling.per_second
    start = min(cap, max(Decimal(scaling.start_concurrency), start_rps * duration))
    needed = end_rps * duration
    target = max(start, min(needed, cap))
    t_s = (target - start) / rate
    growth = max(ZERO, end_rps - cap / duration)
    peak: Decimal | None
    seconds: Decimal | None
    if needed <= start:
        peak, seconds = ZERO, ZERO
    elif needed > cap:
        peak, seconds = None, None  # the source (or the function's limit) is too small
    else:
        t_need = (needed - start) / rate
        peak = rate * t_need * t_need / (2 * duration)
        room = cap - needed
        if rate * t_need <= room:
            seconds = 2 * t_need
        elif room == 0:
            seconds = None
        else:
            t_room = room / rate
            drained = rate * t_room * t_room / (2 * duration)
            seconds = t_need + t_room + (peak - drained) * duration / room
    return Ramp(
        from_concurrency=start,
        to_concurrency=target,
        seconds_to_scale=t_s,
        throttled_requests=ZERO,
        throttled_rps_after_ramp=ZERO,
        limited_by="event_source",
        backlog_peak=peak,
        backlog_seconds=seconds,
        backlog_growth_rps=growth,
    )


# --- event sources -----------------------------------------------------------------------


def kinesis_max_concurrency(shards: int, parallelization_factor: int = 1) -> int:
    """Kinesis or DynamoDB Streams: at most shards × ParallelizationFactor concurrent batches."""
    shard_count = _count(field("kinesis_shards"), shards)
    factor = _count(field("parallelization_factor"), parallelization_factor)
    if factor > MAX_PARALLELIZATION_FACTOR:
        raise InputError(
            f"{field('parallelization_factor')} must be 1 to 10 (got {parallelization_factor}); "
            f"lower it"
        )
    return shard_count * factor


def sqs_max_concurrency(maximum_concurrency: int) -> int:
    """SQS: the event source mapping's MaximumConcurrency, 2 to 1,000 (the API's range;
    without a setting a standard-mode mapping processes at most 1,000 batches at once)."""
    value = _count(
        field("sqs_max_concurrency"), maximum_concurrency, minimum=SQS_MIN_MAX_CONCURRENCY
    )
    if value > SQS_MAX_MAX_CONCURRENCY:
        raise InputError(
            f"{field('sqs_max_concurrency')} must be {SQS_MIN_MAX_CONCURRENCY} to "
            f"{SQS_MAX_MAX_CONCURRENCY:,} (the API's MaximumConcurrency range; got {value}); "
            f"for more, use {field('sqs_provisioned_pollers')}"
        )
    return value


def sqs_pollers(pollers: tuple[int, int]) -> tuple[int, int]:
    """Provisioned mode's (MinimumPollers 2–200, MaximumPollers 2–2,000), minimum ≤ maximum."""
    low, high = pollers
    flag = field("sqs_provisioned_pollers")
    for what, value, (lo, hi) in (
        ("minimum", low, SQS_MIN_POLLERS_RANGE),
        ("maximum", high, SQS_MAX_POLLERS_RANGE),
    ):
        _count(f"{flag} {what}", value, minimum=0)
        if not lo <= value <= hi:
            raise InputError(
                f"{flag}: the {what} must be {lo} to {hi:,} pollers (got {value}); "
                f"e.g. {field('sqs_provisioned_pollers')} 2:200"
            )
    if low > high:
        raise InputError(
            f"{flag}: the minimum {low} is above the maximum {high}; give MIN:MAX, e.g. 10:200"
        )
    return low, high
