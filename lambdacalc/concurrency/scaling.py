"""Account and function limits, input checks, Little's law and burst scaling.

Constants are per Region and per account unless noted.
"""

from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from lambdacalc.errors import InputError, field
from lambdacalc.units import (
    HUNDRED,
    ONE,
    ZERO,
)

# --- constants (per Region, per account unless noted) -------------------------------------

DEFAULT_ACCOUNT_LIMIT = 1000
UNRESERVED_MINIMUM = 100
RPS_PER_CONCURRENCY = Decimal(10)
BURST_ENVIRONMENTS = Decimal(1000)  # per function: the bucket's size ...
REFILL_ENVIRONMENTS_PER_S = Decimal(100)  # ... and its refill, i.e. 1,000 per 10 s
MAX_DURATION_S = Decimal(900)
MAX_ON_DEMAND_INIT_S = Decimal(10)
DEFAULT_THROTTLE_TARGET = Decimal("0.001")
DEFAULT_PC_TARGET_UTILIZATION = Decimal("0.7")
MAX_PARALLELIZATION_FACTOR = 10


BindingLimit = str  # one of BINDING_LIMITS
BINDING_LIMITS = ("account", "reserved", "requests_per_second", "event_source", "none")


# --- validation helpers ------------------------------------------------------------------


def _finite_decimal(label: str, value: Decimal | int) -> Decimal:
    number = Decimal(value)
    if not number.is_finite():
        raise InputError(f"{label} must be a finite number (got {value}); give a plain number")
    return number


def _positive(label: str, value: Decimal | int) -> Decimal:
    number = _finite_decimal(label, value)
    if number <= 0:
        raise InputError(f"{label} must be above 0 (got {value}); give a positive number")
    return number


def _non_negative(label: str, value: Decimal | int) -> Decimal:
    number = _finite_decimal(label, value)
    if number < 0:
        raise InputError(f"{label} cannot be negative (got {value}); give 0 or more")
    return number


def _count(label: str, value: int, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{label} must be a whole number (got {value}); drop the fraction")
    if value < minimum:
        raise InputError(f"{label} must be at least {minimum} (got {value}); raise it")
    return value


def _ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def above_limit_warning(peak_total: Decimal, account_limit: int) -> str:
    """The account plan's warning when its functions' peaks add up to more than its limit."""
    return f"peak concurrency {_ceil(peak_total):,} is above the account limit {account_limit:,}"


def unreserved_minimum(account_limit: int) -> int:
    """Concurrency that always stays unreserved: 100, or the whole limit if that is smaller."""
    return min(UNRESERVED_MINIMUM, account_limit)


MIN_THROTTLE_TARGET = Decimal("1E-12")  # one in a trillion; far smaller underflows a float
MIN_PC_TARGET_UTILIZATION = Decimal("0.01")  # below it the suggested PC count is absurd


def validate_throttle_target(target: Decimal) -> Decimal:
    """A throttle probability target must lie strictly between 0 and 1 (and not be so small
    that it is 0 as a float, where the Erlang search takes its logarithm)."""
    number = _finite_decimal(field("throttle_target"), target)
    if not 0 < number < 1:
        raise InputError(
            f"{field('throttle_target')} must be between 0 and 1, exclusive (got {target}); "
            "e.g. 0.001 for 0.1%"
        )
    if number < MIN_THROTTLE_TARGET:
        raise InputError(
            f"{field('throttle_target')} {target} is below {MIN_THROTTLE_TARGET:f} (one in a "
            "trillion), the smallest lambdacalc sizes for; e.g. 0.001 for 0.1%"
        )
    return number


# --- Little's law ------------------------------------------------------------------------


def effective_duration_s(
    duration_s: Decimal, cold_start_percent: Decimal = ZERO, init_duration_s: Decimal = ZERO
) -> Decimal:
    """Mean time an environment is busy per request: duration + cold fraction × INIT."""
    duration = _positive(field("duration_s"), duration_s)
    if duration > MAX_DURATION_S:
        raise InputError(
            f"{field('duration_s')} {duration_s} s is above Lambda's maximum of 900 s; "
            "did you mean milliseconds (e.g. 150ms)?"
        )
    percent = _non_negative(field("cold_start_percent"), cold_start_percent)
    if percent > HUNDRED:
        raise InputError(
            f"{field('cold_start_percent')} must be at most 100 (got {cold_start_percent}); "
            "give a percentage such as 1"
        )
    init = _non_negative(field("init_duration_s"), init_duration_s)
    if init > MAX_DURATION_S:
        raise InputError(
            f"{field('init_duration_s')} {init_duration_s} s is above 900 s; did you mean "
            f"milliseconds?"
        )
    return duration + percent / HUNDRED * init


def required_concurrency(rps: Decimal, duration_s: Decimal) -> Decimal:
    """Little's law: mean environments in use = requests per second × seconds per request."""
    return _positive(field("rps"), rps) * _positive(field("duration_s"), duration_s)


def rps_quota_concurrency(rps: Decimal) -> Decimal:
    """Concurrency quota the 10-requests-per-second-per-unit rule needs to admit `rps`."""
    return _positive(field("rps"), rps) / RPS_PER_CONCURRENCY


def rps_limit_rps(concurrency: Decimal | int) -> Decimal:
    """Synchronous requests per second a concurrency quota admits (10 × the quota)."""
    return RPS_PER_CONCURRENCY * Decimal(concurrency)


def quota_needed(rps: Decimal, duration_s: Decimal) -> Decimal:
    """Concurrency quota needed to serve `rps`: max(rps × duration_s, rps / 10)."""
    return max(required_concurrency(rps, duration_s), rps_quota_concurrency(rps))


# --- burst scaling -----------------------------------------------------------------------


def seconds_to_scale(from_concurrency: Decimal, to_concurrency: Decimal) -> Decimal:
    """Seconds for one function to grow from `from_concurrency` to `to_concurrency`.

    Lambda adds up to 1,000 environments at once and refills that allowance continuously at
    100 per second: t = max(0, (to − from − 1000) / 100).
    """
    start = _non_negative("starting concurrency", from_concurrency)
    end = _non_negative("target concurrency", to_concurrency)
    gap = end - start - BURST_ENVIRONMENTS
    return max(ZERO, gap / REFILL_ENVIRONMENTS_PER_S)


class Ramp(NamedTuple):
    """A step in traffic from `from_rps` to `to_rps` and what Lambda serves on the way."""

    from_concurrency: Decimal  # capacity already warm before the step
    to_concurrency: Decimal  # capacity the ramp stops at (needed, or the ceiling if lower)
    seconds_to_scale: Decimal
    throttled_requests: Decimal  # requests refused while capacity grows
    throttled_rps_after_ramp: Decimal  # refused for good when the ceiling is below the need
    limited_by: str = "function"  # "function" (1,000 per 10 s) or "event_source" (SQS ramp)
    # a queue (SQS) delays instead of refusing: the most requests waiting at once (None:
    # it grows for as long as the rate holds), how long until the queue is empty again
    # (None: not while the rate holds) and how fast it grows when the source is too small
    backlog_peak: Decimal | None = ZERO
    backlog_seconds: Decimal | None = ZERO
    backlog_growth_rps: Decimal = ZERO


def ramp(from_rps: Decimal, to_rps: Decimal, duration_s: Decimal, ceiling: Decimal) -> Ramp:
    """Requests throttled while one function scales after traffic steps from_rps → to_rps.

    One unit of capacity serves k = min(1 / duration_s, 10) requests per second (the
    concurrency limit and the 10× RPS quota together). Capacity grows as
    c(t) = min(ceiling, c0 + 1000 + 100 t) with c0 = from_rps / k, so the refused rate
    to_rps − k × c(t) falls linearly; its integral up to the end of the ramp t* is
    to_rps × t* − k × (c0 + 1000) × t* − k × 50 × t*².
    """
    start_rps = _non_negative(field("rps"), from_rps)
    end_rps = _positive(field("peak_rps"), to_rps)
    duration = _positive(field("duration_s"), duration_s)
    cap = _non_negative("concurrency ceiling", ceiling)
    per_unit_rps = min(ONE / duration, RPS_PER_CONCURRENCY)
    start = min(start_rps / per_unit_rps, cap)
    needed = end_rps / per_unit_rps
    target = max(start, min(needed, cap))
    t_s = seconds_to_scale(start, target)
    initial = start + BURST_ENVIRONMENTS
    throttled = end_rps * t_s - per_unit_rps * initial * t_s
    throttled -= per_unit_rps * REFILL_ENVIRONMENTS_PER_S / 2 * t_s * t_s
    shortfall = max(ZERO, end_rps - per_unit_rps * cap)
    return Ramp(
        from_concurrency=start,
        to_concurrency=target,
        seconds_to_scale=t_s,
        throttled_requests=max(ZERO, throttled),
        throttled_rps_after_ramp=shortfall,
    )
