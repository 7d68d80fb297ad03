"""Concurrency planning for AWS Lambda: a pure core with no I/O.

Formulas (units in the names; λ = requests per second, d = mean duration in seconds):

* Little's law: concurrency = rps × effective_duration_s, where
  effective_duration_s = duration_s + (cold_start_percent / 100) × init_duration_s
  (an environment is busy through INIT as well as the invocation).
* Requests-per-second quota: a concurrency quota c admits at most 10 × c synchronous requests
  per second, so serving λ needs max(λ × d, λ / 10) of quota; the second term wins when d < 0.1 s.
* Unreserved minimum: min(100, account limit) always stays unreserved, so reserved concurrency
  plus provisioned concurrency of functions without a reservation may use at most the rest.
* Burst scaling, per function: a token bucket of 1,000 environments refilled at 100 per second,
  so scaling from c0 to n takes max(0, (n − c0 − 1000) / 100) seconds (0 → 5,000 takes 40 s).
* Throttling: Erlang B, the M/G/c/c loss probability B(c, a) with offered load a = λ × d erlangs.
  It depends on the duration only through its mean. Computed in log form for loads up to and
  beyond 1,000,000. The probability is a float (it is not money); loads may be given as Decimal.
* Provisioned concurrency (PC) break-even utilisation u* = r_pc / (r_on_demand − r_pc_duration),
  with the rates in USD per GB-second passed in, so this module needs no price book.

Every error a user can cause raises lambdacalc.errors.InputError with a one-line message.
"""

import math
from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING, NamedTuple

from lambdacalc.errors import InputError
from lambdacalc.limits import MAX_MEMORY_MB, MIN_MEMORY_MB
from lambdacalc.units import (
    HUNDRED,
    MB_PER_GB,
    MS_PER_S,
    ONE,
    S_PER_MONTH,
    ZERO,
    ceil_ms,
    percent_text,
)

if TYPE_CHECKING:
    from lambdacalc.workload import Workload

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


def unreserved_minimum(account_limit: int) -> int:
    """Concurrency that always stays unreserved: 100, or the whole limit if that is smaller."""
    return min(UNRESERVED_MINIMUM, account_limit)


MIN_THROTTLE_TARGET = Decimal("1E-12")  # one in a trillion; far smaller underflows a float
MIN_PC_TARGET_UTILIZATION = Decimal("0.01")  # below it the suggested PC count is absurd


def validate_throttle_target(target: Decimal) -> Decimal:
    """A throttle probability target must lie strictly between 0 and 1 (and not be so small
    that it is 0 as a float, where the Erlang search takes its logarithm)."""
    number = _finite_decimal("--throttle-target", target)
    if not 0 < number < 1:
        raise InputError(
            f"--throttle-target must be between 0 and 1, exclusive (got {target}); "
            "e.g. 0.001 for 0.1%"
        )
    if number < MIN_THROTTLE_TARGET:
        raise InputError(
            f"--throttle-target {target} is below {MIN_THROTTLE_TARGET:f} (one in a "
            "trillion), the smallest lambdacalc sizes for; e.g. 0.001 for 0.1%"
        )
    return number


# --- Little's law ------------------------------------------------------------------------


def effective_duration_s(
    duration_s: Decimal, cold_start_percent: Decimal = ZERO, init_duration_s: Decimal = ZERO
) -> Decimal:
    """Mean time an environment is busy per request: duration + cold fraction × INIT."""
    duration = _positive("--duration", duration_s)
    if duration > MAX_DURATION_S:
        raise InputError(
            f"--duration {duration_s} s is above Lambda's maximum of 900 s; "
            "did you mean milliseconds (e.g. 150ms)?"
        )
    percent = _non_negative("--cold-start-percent", cold_start_percent)
    if percent > HUNDRED:
        raise InputError(
            f"--cold-start-percent must be at most 100 (got {cold_start_percent}); "
            "give a percentage such as 1"
        )
    init = _non_negative("--init-duration", init_duration_s)
    if init > MAX_DURATION_S:
        raise InputError(
            f"--init-duration {init_duration_s} s is above 900 s; did you mean milliseconds?"
        )
    return duration + percent / HUNDRED * init


def required_concurrency(rps: Decimal, duration_s: Decimal) -> Decimal:
    """Little's law: mean environments in use = requests per second × seconds per request."""
    return _positive("--rps", rps) * _positive("--duration", duration_s)


def rps_quota_concurrency(rps: Decimal) -> Decimal:
    """Concurrency quota the 10-requests-per-second-per-unit rule needs to admit `rps`."""
    return _positive("--rps", rps) / RPS_PER_CONCURRENCY


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
    start_rps = _non_negative("--rps", from_rps)
    end_rps = _positive("--peak-rps", to_rps)
    duration = _positive("--duration", duration_s)
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
                "--sqs-max-concurrency cannot be combined with --sqs-provisioned-pollers "
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
    start_rps = _non_negative("--rps", from_rps)
    end_rps = _positive("--peak-rps", to_rps)
    duration = _positive("--duration", duration_s)
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


# --- Erlang B ----------------------------------------------------------------------------
#
# B(c, a) = (a^c / c!) / Σ_{k≤c} a^k / k!  =  pmf(c) / cdf(c) of a Poisson(a) variable.
# 1/B = S(c, a) = Σ_{j=0..c} Π_{i<j} (c − i) / a. For c ≤ a every factor is ≤ 1, so the sum is
# formed directly from its first term down, stopping once the terms no longer matter (about
# 9·√a terms near c ≈ a). For c > a, ln B = ln pmf(c) − ln(1 − sf(c)) with the upper tail
# sf(c) = pmf(c) × Σ_{k≥1} Π_{i=1..k} a / (c + i), a series whose factors are all < 1.
# ln pmf uses Loader's saddle-point form, exact to ~1e-15 relative even at c ≈ a ≈ 1e6.

_LN_2PI = math.log(2 * math.pi)
# The sums below take about 9·√load steps when servers ≈ load: ~60 ms at this bound.
MAX_LOAD_ERLANGS = 1e9
_STOP = 1e-17  # relative size of a term below which a float sum no longer changes


def _stirling_error(n: int) -> float:
    """ln(n!) − [(n + ½) ln n − n + ½ ln 2π], for n ≥ 1."""
    if n <= 15:
        return math.lgamma(n + 1) - (n + 0.5) * math.log(n) + n - 0.5 * _LN_2PI
    nn = float(n) * n
    return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * nn)) / nn) / nn) / nn) / n


def _deviance(x: float, mean: float) -> float:
    """x ln(x / mean) + mean − x, without cancellation when x ≈ mean."""
    if abs(x - mean) < 0.1 * (x + mean):
        v = (x - mean) / (x + mean)
        total = (x - mean) * v
        term = 2 * x * v
        v2 = v * v
        j = 1
        while True:
            term *= v2
            updated = total + term / (2 * j + 1)
            if updated == total:
                return total
            total = updated
            j += 1
    return x * math.log(x / mean) + mean - x


def _log_poisson_pmf(k: int, mean: float) -> float:
    if k == 0:
        return -mean
    return -_stirling_error(k) - _deviance(float(k), mean) - 0.5 * (_LN_2PI + math.log(k))


def _log_erlang_b(servers: int, load: float) -> float:
    if servers == 0:
        return 0.0
    if load == 0.0:
        return -math.inf
    if servers <= load:
        total = 1.0
        term = 1.0
        for i in range(servers):
            term *= (servers - i) / load
            total += term
            if term < _STOP * total:
                break
        return -math.log(total)
    log_pmf = _log_poisson_pmf(servers, load)
    tail = 0.0
    term = 1.0
    i = servers
    while True:
        i += 1
        term *= load / i
        tail += term
        if term < _STOP * tail:
            break
    upper = math.exp(log_pmf) * tail  # P(X > servers), below ½ here
    return log_pmf - math.log1p(-upper)


def _load_float(load_erlangs: Decimal | float | int) -> float:
    try:
        load = float(load_erlangs)
    except (TypeError, ValueError, ArithmeticError) as error:
        raise InputError(
            f"load {load_erlangs!r} is not a number; give erlangs (rps × s)"
        ) from error
    if not math.isfinite(load) or load < 0:
        raise InputError(
            f"load must be a finite number of erlangs, 0 or more (got {load_erlangs}); "
            "give rps × duration in seconds"
        )
    if load > MAX_LOAD_ERLANGS:
        raise InputError(
            f"{load:,.0f} concurrent executions is far beyond any Lambda account (this model "
            f"stops at {MAX_LOAD_ERLANGS:,.0f}); check --rps and --duration"
        )
    return load


def log_erlang_b(servers: int, load_erlangs: Decimal | float | int) -> float:
    """Natural log of the Erlang B blocking probability B(servers, load_erlangs).

    `servers` is a whole number ≥ 0; `load_erlangs` ≥ 0 (Decimal, int or float). Returns a
    float ≤ 0 (−inf when the load is 0 and servers > 0). Never overflows: ln B(1000, 100) is
    about −1406.96 although B itself underflows a float.
    """
    return _log_erlang_b(_count("servers", servers, minimum=0), _load_float(load_erlangs))


def erlang_b(servers: int, load_erlangs: Decimal | float | int) -> float:
    """Erlang B blocking probability, a float in [0, 1]: the share of requests refused."""
    return math.exp(log_erlang_b(servers, load_erlangs))


def _log_normal_cdf(x: float) -> float:
    if x > -30:
        return math.log(0.5 * math.erfc(-x / math.sqrt(2)))
    x2 = x * x
    return -x2 / 2 - math.log(-x) - 0.5 * _LN_2PI + math.log1p(-1 / x2 + 3 / (x2 * x2))


def _square_root_staffing(load: float, target: float) -> int:
    """Start for the search: c ≈ a + β√a with φ(β) / (√a Φ(β)) = target (Halfin–Whitt)."""
    if load < 100:
        return 0
    log_goal = math.log(target * math.sqrt(load))
    low, high = -(target * math.sqrt(load)) - 10.0, 40.0
    for _ in range(80):  # φ/Φ decreases in β, so bisect on its log
        beta = (low + high) / 2
        log_ratio = -beta * beta / 2 - 0.5 * _LN_2PI - _log_normal_cdf(beta)
        if log_ratio > log_goal:
            low = beta
        else:
            high = beta
    return max(0, math.floor(load + high * math.sqrt(load)))


def concurrency_for_target(load_erlangs: Decimal | float | int, target: Decimal | float) -> int:
    """Smallest whole concurrency c with B(c, load_erlangs) ≤ target.

    B falls strictly as c grows, so the answer is unique. The search starts from the
    square-root staffing estimate (within a few units of the answer for loads ≥ 100) and walks
    the recursion ln(1/B(n)) = softplus(ln(1/B(n−1)) + ln(n/a)) from there, each step O(1);
    the result is then confirmed against log_erlang_b itself.
    """
    load = _load_float(load_erlangs)
    if load == 0:
        raise InputError("load must be above 0 erlangs to size for a throttle target; add traffic")
    goal = float(validate_throttle_target(Decimal(str(target))))
    log_goal = math.log(goal)
    servers = _square_root_staffing(load, goal)
    log_inverse = -_log_erlang_b(servers, load)  # ln(1/B), grows with servers
    if log_inverse < -log_goal:
        while log_inverse < -log_goal:
            servers += 1
            x = log_inverse + math.log(servers / load)
            log_inverse = x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))
    else:
        while servers > 0 and log_inverse > 0:
            grown = math.expm1(log_inverse)
            previous = math.log(grown) - math.log(servers / load)
            if previous < -log_goal:
                break
            servers -= 1
            log_inverse = previous
    # float rounding can leave the walk one step off at the boundary: settle it exactly
    while servers > 0 and _log_erlang_b(servers - 1, load) <= log_goal:
        servers -= 1
    while _log_erlang_b(servers, load) > log_goal:
        servers += 1
    return servers


# --- event sources -----------------------------------------------------------------------


def kinesis_max_concurrency(shards: int, parallelization_factor: int = 1) -> int:
    """Kinesis or DynamoDB Streams: at most shards × ParallelizationFactor concurrent batches."""
    shard_count = _count("--kinesis-shards", shards)
    factor = _count("--parallelization-factor", parallelization_factor)
    if factor > MAX_PARALLELIZATION_FACTOR:
        raise InputError(
            f"--parallelization-factor must be 1 to 10 (got {parallelization_factor}); lower it"
        )
    return shard_count * factor


def sqs_max_concurrency(maximum_concurrency: int) -> int:
    """SQS: the event source mapping's MaximumConcurrency, 2 to 1,000 (the API's range;
    without a setting a standard-mode mapping processes at most 1,000 batches at once)."""
    value = _count("--sqs-max-concurrency", maximum_concurrency, minimum=SQS_MIN_MAX_CONCURRENCY)
    if value > SQS_MAX_MAX_CONCURRENCY:
        raise InputError(
            f"--sqs-max-concurrency must be {SQS_MIN_MAX_CONCURRENCY} to "
            f"{SQS_MAX_MAX_CONCURRENCY:,} (the API's MaximumConcurrency range; got {value}); "
            "for more, use --sqs-provisioned-pollers"
        )
    return value


def sqs_pollers(pollers: tuple[int, int]) -> tuple[int, int]:
    """Provisioned mode's (MinimumPollers 2–200, MaximumPollers 2–2,000), minimum ≤ maximum."""
    low, high = pollers
    flag = "--sqs-provisioned-pollers"
    for what, value, (lo, hi) in (
        ("minimum", low, SQS_MIN_POLLERS_RANGE),
        ("maximum", high, SQS_MAX_POLLERS_RANGE),
    ):
        _count(f"{flag} {what}", value, minimum=0)
        if not lo <= value <= hi:
            raise InputError(
                f"{flag}: the {what} must be {lo} to {hi:,} pollers (got {value}); "
                "e.g. --sqs-provisioned-pollers 2:200"
            )
    if low > high:
        raise InputError(
            f"{flag}: the minimum {low} is above the maximum {high}; give MIN:MAX, e.g. 10:200"
        )
    return low, high


# --- provisioned concurrency -------------------------------------------------------------


class PcRates(NamedTuple):
    """USD rates for one Region and architecture (taken from a price book by the caller)."""

    pc_usd_per_gb_s: Decimal  # PC configured, per GB-second allocated
    pc_duration_usd_per_gb_s: Decimal  # duration of invocations running on PC
    on_demand_usd_per_gb_s: Decimal  # on-demand duration (the tier that applies)
    request_usd: Decimal  # per request, the same on PC and on demand


class PcPlan(NamedTuple):
    environments: int  # provisioned concurrency to configure (JSON: count)
    utilization: Decimal  # average concurrency / count, at most 1
    monthly_usd: Decimal  # PC allocation + PC duration + requests, one 730-hour month
    on_demand_monthly_usd: Decimal  # the same traffic on demand (with billed INIT)
    break_even_utilization: Decimal | None  # None: PC is never cheaper at these rates
    needed: int = 0  # PC the peak asks for, before the cap (0: not set by plan_function)
    capped_by: str | None = None  # the limit PC was cut down to: event_source, reserved, account


def break_even_utilization(rates: PcRates) -> Decimal | None:
    """Utilisation above which PC costs less than on demand: r_pc / (r_od − r_pc_duration)."""
    saving = rates.on_demand_usd_per_gb_s - rates.pc_duration_usd_per_gb_s
    if saving <= 0:
        return None
    return rates.pc_usd_per_gb_s / saving


def pc_count(
    peak_concurrency: Decimal,
    peak_rps: Decimal,
    target_utilization: Decimal = DEFAULT_PC_TARGET_UTILIZATION,
) -> int:
    """PC for the peak at a target utilisation, and enough that 10 × PC ≥ peak rps (≥ 1)."""
    utilization = _positive("--pc-target-utilization", target_utilization)
    if not MIN_PC_TARGET_UTILIZATION <= utilization <= 1:
        raise InputError(
            f"--pc-target-utilization must be from {MIN_PC_TARGET_UTILIZATION} to 1 "
            f"(got {target_utilization}); AWS uses 0.7"
        )
    for_concurrency = _ceil(_non_negative("peak concurrency", peak_concurrency) / utilization)
    for_rps = _ceil(_non_negative("--peak-rps", peak_rps) / RPS_PER_CONCURRENCY)
    return max(1, for_concurrency, for_rps)


def _check_rates(rates: PcRates) -> None:
    _non_negative("PC price per GB-s", rates.pc_usd_per_gb_s)
    _non_negative("PC duration price per GB-s", rates.pc_duration_usd_per_gb_s)
    _non_negative("on-demand duration price per GB-s", rates.on_demand_usd_per_gb_s)
    _non_negative("request price", rates.request_usd)


def pc_plan(
    *,
    average_rps: Decimal,
    duration_s: Decimal,
    memory_mb: Decimal | int,
    count: int,
    rates: PcRates,
    cold_start_percent: Decimal = ZERO,
    init_duration_s: Decimal = ZERO,
) -> PcPlan:
    """Monthly cost of `count` PC serving `average_rps` all month, against on demand.

    PC side: count × memory_gb × month_s × r_pc + billed GB-s × r_pc_duration + requests.
    On-demand side: billed GB-s (plus billed INIT for the cold-start share) × r_od + requests.
    Billed duration is rounded up to the millisecond. Spillover above PC is not modelled.
    """
    _check_rates(rates)
    rps = _positive("--rps", average_rps)
    memory = _finite_decimal("--memory", memory_mb)
    if not MIN_MEMORY_MB <= memory <= MAX_MEMORY_MB:
        raise InputError(
            f"--memory must be {MIN_MEMORY_MB} to {MAX_MEMORY_MB} MB (got {memory_mb}); "
            f"e.g. --memory 512"
        )
    units = _count("provisioned concurrency", count)
    memory_gb = memory / MB_PER_GB
    billed_s = ceil_ms(_positive("--duration", duration_s) * MS_PER_S) / MS_PER_S
    requests = rps * S_PER_MONTH
    percent = _non_negative("--cold-start-percent", cold_start_percent)
    init_s = _non_negative("--init-duration", init_duration_s)
    billed_init_s = ceil_ms(init_s * MS_PER_S) / MS_PER_S if init_s else ZERO
    invoke_gb_s = requests * billed_s * memory_gb
    init_gb_s = requests * percent / HUNDRED * billed_init_s * memory_gb
    request_usd = requests * rates.request_usd
    allocated_gb_s = Decimal(units) * memory_gb * S_PER_MONTH
    pc_usd = (
        allocated_gb_s * rates.pc_usd_per_gb_s
        + invoke_gb_s * rates.pc_duration_usd_per_gb_s
        + request_usd
    )
    on_demand_usd = (invoke_gb_s + init_gb_s) * rates.on_demand_usd_per_gb_s + request_usd
    return PcPlan(
        environments=units,
        # at most 1: PC capped below the need runs full, and the rest spills over (or waits)
        utilization=min(ONE, rps * billed_s / Decimal(units)),
        monthly_usd=pc_usd,
        on_demand_monthly_usd=on_demand_usd,
        break_even_utilization=break_even_utilization(rates),
    )


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
    warnings: tuple[str, ...]

    @property
    def seconds_to_scale(self) -> Decimal:
        return self.ramp.seconds_to_scale


def _account_limit(inputs: FunctionInputs) -> int:
    given = inputs.account_limit
    return _count("--limit", DEFAULT_ACCOUNT_LIMIT if given is None else given)


def _limit_for_function(inputs: FunctionInputs) -> tuple[int, str]:
    limit = _account_limit(inputs)
    other = _count("--other-usage", inputs.other_usage_concurrency, minimum=0)
    minimum = unreserved_minimum(limit)
    reserved = inputs.reserved_concurrency
    provisioned = inputs.provisioned_concurrency
    if provisioned is not None:
        _count("--provisioned", provisioned)
    if reserved is not None:
        _count("--reserved", reserved)
        if reserved > limit:
            raise InputError(
                f"--reserved {reserved} is above the account limit {limit}; "
                "lower it or raise --limit"
            )
        if reserved > limit - minimum:
            raise InputError(
                f"--reserved {reserved} leaves {limit - reserved} unreserved, below the minimum "
                f"of {minimum}; reserve at most {limit - minimum}"
            )
        if provisioned is not None and provisioned > reserved:
            raise InputError(
                f"--provisioned {provisioned} is above --reserved {reserved}; "
                "PC cannot exceed reserved concurrency"
            )
        if other > limit - reserved:
            raise InputError(
                f"--other-usage {other} is more than the {limit - reserved} left outside the "
                "reservation; lower it or raise --limit"
            )
        return reserved, "reserved"
    if provisioned is not None and provisioned > limit - minimum:
        raise InputError(
            f"--provisioned {provisioned} leaves {limit - provisioned} unreserved, below the "
            f"minimum of {minimum}; provision at most {limit - minimum}"
        )
    if other >= limit:
        raise InputError(
            f"--other-usage {other} takes the whole account limit {limit}; "
            "lower it or raise --limit"
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
            "give either an SQS setting (--sqs, --sqs-max-concurrency, "
            "--sqs-provisioned-pollers) or --kinesis-shards, not both; "
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
        raise InputError("--parallelization-factor needs --kinesis-shards; add the shard count")
    return None, None, None


def throttle_probability(concurrency: int, load_erlangs: Decimal, rps: Decimal) -> float:
    """Share of synchronous requests refused: 1 − (1 − B(c, a)) × min(1, 10 × c / rps)."""
    blocked = erlang_b(concurrency, load_erlangs)
    admitted = min(ONE, rps_limit_rps(concurrency) / _positive("--rps", rps))
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


def plan_function(inputs: FunctionInputs, rates: PcRates | None = None) -> ConcurrencyReport:
    """Everything `lambdacalc concurrency --rps …` reports for one function.

    Pass `rates` to price provisioned concurrency; without them `provisioned` is None.
    """
    rps = _positive("--rps", inputs.rps)
    peak_rps = rps if inputs.peak_rps is None else _positive("--peak-rps", inputs.peak_rps)
    if peak_rps < rps:
        raise InputError(
            f"--peak-rps {inputs.peak_rps} is below --rps {inputs.rps}; "
            "the peak must be at least the average"
        )
    duration_eff_s = effective_duration_s(
        inputs.duration_s, inputs.cold_start_percent, inputs.init_duration_s
    )
    if inputs.cold_start_percent and not inputs.init_duration_s:
        raise InputError("--cold-start-percent needs --init-duration; give both or neither")
    target = validate_throttle_target(inputs.throttle_target)
    account_limit = _account_limit(inputs)
    limit, limit_source = _limit_for_function(inputs)
    source, source_cap, queue = _event_source(inputs)

    average = rps * duration_eff_s
    required = peak_rps * duration_eff_s
    quota_concurrency = peak_rps / RPS_PER_CONCURRENCY
    needed = max(required, quota_concurrency)
    limit_dec = Decimal(limit)
    rps_cap = rps_limit_rps(limit)

    # requests per second each limit lets through; the smallest one below demand binds
    capacities: list[tuple[Decimal, BindingLimit]] = [
        (limit_dec / duration_eff_s, limit_source),
        (rps_cap, "requests_per_second"),
    ]
    if source_cap is not None:
        capacities.append((Decimal(source_cap) / duration_eff_s, "event_source"))
    short = [item for item in capacities if item[0] <= peak_rps]
    binding: BindingLimit = min(short, key=lambda item: item[0])[1] if short else "none"

    blocked = erlang_b(limit, required)
    throttled = throttle_probability(limit, required, peak_rps)
    for_target = max(concurrency_for_target(required, target), _ceil(quota_concurrency))

    from_rps = ZERO if inputs.peak_rps is None else rps
    if queue is not None:
        ceiling = min(limit_dec, Decimal(queue.max_concurrency))
        steps = queue_ramp(from_rps, peak_rps, duration_eff_s, ceiling, queue)
    else:
        steps = ramp(from_rps, peak_rps, duration_eff_s, limit_dec)

    warnings: list[str] = []
    if binding == "requests_per_second":
        warnings.append(
            f"the requests-per-second quota (10 × {limit} = {rps_cap} rps) binds before "
            f"concurrency does; serving {peak_rps} rps needs a quota of {_ceil(needed)}"
        )
    elif binding in ("account", "reserved"):
        if limit_dec < required:
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
            f"the {_SOURCES[source or '']} event source drives at most {source_cap} concurrent "
            "invocations, "
            f"below the {_number(required)} needed: the backlog grows, the source is the "
            "bottleneck"
        )
    if queue is not None:
        reserved = inputs.reserved_concurrency
        if reserved is not None and queue.max_concurrency > reserved:
            warnings.append(
                f"the SQS event source may invoke up to {queue.max_concurrency:,} at once, above "
                f"--reserved {reserved}: AWS advises reserved concurrency at least the source's "
                "maximum, or Lambda may throttle its messages"
            )
        warnings.extend(_backlog_warnings(steps, queue))
    if steps.throttled_requests > 0:
        warnings.append(
            f"scaling to {_ceil(steps.to_concurrency)} takes {steps.seconds_to_scale} s; "
            f"about {_ceil(steps.throttled_requests)} requests are throttled on the way"
        )
    if throttled > float(target):
        warnings.append(
            f"throttle probability {percent_text(throttled)} is above the target "
            f"{percent_text(target)}; a limit of {for_target} meets it"
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

    wanted = pc_count(required, peak_rps, inputs.pc_target_utilization)  # validates the target
    cap, cap_source = _pc_cap(inputs, account_limit, limit_source, source_cap)
    plan: PcPlan | None = None
    if cap < 1:
        warnings.append(
            f"no provisioned concurrency can be configured: an account limit of {account_limit} "
            f"leaves nothing above the {unreserved_minimum(account_limit)} that stays unreserved"
        )
    elif rates is not None:
        count = min(wanted, cap)
        plan = pc_plan(
            average_rps=rps,
            duration_s=inputs.duration_s,
            memory_mb=inputs.memory_mb,
            count=count,
            rates=rates,
            cold_start_percent=inputs.cold_start_percent,
            init_duration_s=inputs.init_duration_s,
        )._replace(needed=wanted, capped_by=cap_source if wanted > cap else None)
    if cap >= 1 and wanted > cap:
        why = {
            "event_source": f"the {_SOURCES[source or '']} event source's maximum of {cap:,}: "
            "PC above it "
            "would never be used",
            "reserved": f"--reserved {cap:,}: PC cannot exceed the reservation",
            "account": f"{cap:,}, the account limit {account_limit:,} less the "
            f"{unreserved_minimum(account_limit)} that stays unreserved",
        }[cap_source]
        warnings.append(
            f"the peak asks for {wanted:,} provisioned concurrency, but the binding limit caps "
            f"it at {why}; PC is sized to {cap:,}"
        )

    return ConcurrencyReport(
        rps=rps,
        peak_rps=peak_rps,
        duration_s=Decimal(inputs.duration_s),
        effective_duration_s=duration_eff_s,
        average_concurrency=average,
        required_concurrency=required,
        rps_quota_concurrency=quota_concurrency,
        quota_needed=needed,
        concurrency_limit=limit,
        limit_source=limit_source,
        rps_limit_rps=rps_cap,
        utilization_percent=required / limit_dec * HUNDRED,
        headroom=limit_dec - required,
        event_source=source,
        event_source_max_concurrency=source_cap,
        event_source_mode=None if queue is None else queue.mode,
        binding_limit=binding,
        erlang_b=blocked,
        throttle_probability=throttled,
        throttle_target=target,
        concurrency_for_target=for_target,
        ramp=steps,
        provisioned=plan,
        warnings=tuple(warnings),
    )


# --- the account view --------------------------------------------------------------------


class FunctionConcurrency(NamedTuple):
    """One function in an account: its concurrency at average and peak, and its settings."""

    name: str
    average_concurrency: Decimal
    peak_concurrency: Decimal
    reserved_concurrency: int | None = None
    provisioned_concurrency: int = 0
    queue: QueueScaling | None = None  # fed by SQS: the mapping drives at most its maximum
    busy_s: Decimal | None = None  # seconds per request (for the SQS ramp's backlog)


class FunctionRow(NamedTuple):
    name: str
    average_concurrency: Decimal
    peak_concurrency: Decimal
    reserved_concurrency: int | None
    provisioned_concurrency: int
    pool: str  # "reserved" (its own reservation) or "unreserved" (the shared pool)
    limit: int  # its reservation, or the unreserved pool it shares
    demand_on_limit: Decimal  # peak on the reservation; peak above its PC on the pool
    utilization_percent: Decimal | None  # demand / limit × 100 (the pool's total for pool);
    # None for a reservation of 0, which throttles every request
    throttle_probability: float


def _percent(demand: Decimal, limit: int) -> Decimal | None:
    return None if limit == 0 else demand / limit * HUNDRED


def _closeness(row: FunctionRow) -> tuple[Decimal, Decimal]:
    """Tie-break for equal (or underflowed) probabilities: utilisation, then demand."""
    use = row.utilization_percent if row.utilization_percent is not None else Decimal("Infinity")
    return use, row.demand_on_limit


class AccountReport(NamedTuple):
    account_limit: int
    unreserved_minimum: int
    reserved_total: int
    provisioned_outside_reserved: int  # PC of functions with no reservation
    unreserved_pool: int  # limit − reserved − PC outside reservations
    average_total: Decimal
    peak_total: Decimal
    pool_peak_demand: Decimal  # Σ over pool functions of max(0, peak − PC)
    pool_utilization_percent: Decimal
    pool_headroom: Decimal
    pool_throttle_probability: float
    fits: bool  # every peak fits its limit (capacity); see meets_throttle_target for the rest
    throttle_target: Decimal
    meets_throttle_target: bool  # no function's throttle probability is above the target
    throttled_first: str | None
    functions: tuple[FunctionRow, ...]
    warnings: tuple[str, ...]


def _driven(function: FunctionConcurrency) -> Decimal:
    """The concurrency a function's traffic can drive: its peak, or for an SQS-fed function
    no more than its event source mapping's maximum (the rest waits in the queue)."""
    peak = Decimal(function.peak_concurrency)
    if function.queue is None:
        return peak
    return min(peak, Decimal(function.queue.max_concurrency))


def _queue_warnings(function: FunctionConcurrency, rows: Sequence["FunctionRow"]) -> list[str]:
    """For an SQS-fed function: the source's cap below its peak, and the ramp's backlog."""
    queue = function.queue
    peak = Decimal(function.peak_concurrency)
    if queue is None or function.busy_s is None or peak == 0:
        return []
    row = next(r for r in rows if r.name == function.name)
    lines = []
    if peak > queue.max_concurrency:
        lines.append(
            f"function '{function.name}': its SQS event source drives at most "
            f"{queue.max_concurrency:,} of the {_number(peak)} its peak needs; the queue grows "
            "while the peak lasts"
        )
    ceiling = min(Decimal(queue.max_concurrency), Decimal(row.limit))
    steps = queue_ramp(ZERO, peak / function.busy_s, function.busy_s, ceiling, queue)
    if steps.backlog_peak:
        lasting = (
            "does not drain while the peak lasts"
            if steps.backlog_seconds is None
            else f"is empty again after {_number(steps.backlog_seconds)} s"
        )
        lines.append(
            f"function '{function.name}' (SQS {queue.mode} mode): reaching "
            f"{_number(steps.to_concurrency)} takes {_number(steps.seconds_to_scale)} s; its "
            f"queue backs up to about {_ceil(steps.backlog_peak):,} requests and {lasting}"
        )
    return lines


def plan_account(
    functions: Sequence[FunctionConcurrency],
    account_limit: int = DEFAULT_ACCOUNT_LIMIT,
    throttle_target: Decimal = DEFAULT_THROTTLE_TARGET,
) -> AccountReport:
    """Every function against the account limit and the unreserved pool they share.

    Functions with reserved concurrency R are each their own loss system, B(R, peak). The rest
    draw on U = limit − ΣR − ΣPC(no reservation) beyond their own PC and share one blocking
    probability B(U, Σ max(0, peak − PC)). Spillover traffic is burstier than Poisson, so the
    pool figure is optimistic when PC is set. The function throttled first has the highest
    throttle probability (ties: the highest utilisation, then the largest demand); there is
    none when no function with demand on its limit has a throttle probability above 0. As in
    the single-function view, a throttle probability above `throttle_target` is a warning.
    """
    limit = _count("account limit", account_limit)
    target = validate_throttle_target(throttle_target)
    if not functions:
        raise InputError("the scenario lists no functions; add at least one")
    minimum = unreserved_minimum(limit)
    names: set[str] = set()
    reserved_total = 0
    provisioned_outside = 0
    for function in functions:
        label = f"function '{function.name}'"
        if function.name in names:
            raise InputError(f"{label} appears twice; give each function a unique name")
        names.add(function.name)
        average = _non_negative(f"{label}: average concurrency", function.average_concurrency)
        peak = _non_negative(f"{label}: peak concurrency", function.peak_concurrency)
        if peak < average:
            raise InputError(
                f"{label}: peak concurrency {peak} is below its average {average}; swap them"
            )
        provisioned = _count(
            f"{label}: provisioned concurrency", function.provisioned_concurrency, 0
        )
        if function.reserved_concurrency is not None:
            reserved = _count(f"{label}: reserved concurrency", function.reserved_concurrency, 0)
            if reserved > limit:
                raise InputError(
                    f"{label}: reserved concurrency {reserved} is above the account limit "
                    f"{limit}; lower it or raise the limit"
                )
            if provisioned > reserved:
                raise InputError(
                    f"{label}: provisioned concurrency {provisioned} is above its reserved "
                    f"{reserved}; lower the PC or raise the reservation"
                )
            reserved_total += reserved
        else:
            provisioned_outside += provisioned
    allocated = reserved_total + provisioned_outside
    if allocated > limit - minimum:
        raise InputError(
            f"reserved ({reserved_total}) + provisioned ({provisioned_outside}) leave "
            f"{limit - allocated} unreserved, below the minimum of {minimum}; "
            f"allocate at most {limit - minimum}"
        )
    pool = limit - allocated

    pool_demand = sum(
        (
            max(ZERO, _driven(f) - f.provisioned_concurrency)
            for f in functions
            if f.reserved_concurrency is None
        ),
        ZERO,
    )
    pool_blocked = erlang_b(pool, pool_demand)
    rows: list[FunctionRow] = []
    for f in functions:
        peak = Decimal(f.peak_concurrency)
        driven = _driven(f)
        if f.reserved_concurrency is not None:
            rows.append(
                FunctionRow(
                    name=f.name,
                    average_concurrency=Decimal(f.average_concurrency),
                    peak_concurrency=peak,
                    reserved_concurrency=f.reserved_concurrency,
                    provisioned_concurrency=f.provisioned_concurrency,
                    pool="reserved",
                    limit=f.reserved_concurrency,
                    demand_on_limit=driven,
                    utilization_percent=_percent(driven, f.reserved_concurrency),
                    throttle_probability=erlang_b(f.reserved_concurrency, driven),
                )
            )
        else:
            rows.append(
                FunctionRow(
                    name=f.name,
                    average_concurrency=Decimal(f.average_concurrency),
                    peak_concurrency=peak,
                    reserved_concurrency=None,
                    provisioned_concurrency=f.provisioned_concurrency,
                    pool="unreserved",
                    limit=pool,
                    demand_on_limit=max(ZERO, driven - f.provisioned_concurrency),
                    utilization_percent=pool_demand / pool * HUNDRED,
                    throttle_probability=pool_blocked,
                )
            )

    average_total = sum((Decimal(f.average_concurrency) for f in functions), ZERO)
    peak_total = sum((Decimal(f.peak_concurrency) for f in functions), ZERO)
    exposed = [row for row in rows if row.demand_on_limit > 0 and row.throttle_probability > 0]
    first = (
        max(exposed, key=lambda row: (row.throttle_probability, _closeness(row))).name
        if exposed
        else None
    )
    fits = pool_demand <= pool and all(
        row.demand_on_limit <= row.limit for row in rows if row.pool == "reserved"
    )
    warnings: list[str] = []
    if peak_total > limit:
        warnings.append(
            f"peak concurrency {_ceil(peak_total):,} is above the account limit {limit:,}"
        )
    if pool_demand > pool:
        warnings.append(
            f"the unreserved pool of {pool:,} is short of its peak demand {_ceil(pool_demand):,}"
        )
    for row in rows:
        if row.pool == "reserved" and row.limit == 0:
            warnings.append(
                f"function '{row.name}' has reserved concurrency 0: every request is throttled"
            )
        elif row.pool == "reserved" and row.demand_on_limit > row.limit:
            warnings.append(
                f"function '{row.name}' peaks at {_ceil(Decimal(row.peak_concurrency)):,}, "
                f"above its reserved {row.limit:,}"
            )
    above = [row for row in rows if row.demand_on_limit > 0 and row.throttle_probability > target]
    pool_rows = [row for row in above if row.pool == "unreserved"]
    if pool_rows:
        listed = ", ".join(f"'{row.name}'" for row in pool_rows)
        warnings.append(
            f"throttle probability {percent_text(pool_blocked)} in the unreserved pool "
            f"(functions {listed}) is above the target {percent_text(target)}; a pool of "
            f"{concurrency_for_target(pool_demand, target):,} meets it"
        )
    for row in above:
        if row.pool == "reserved" and row.limit > 0:
            warnings.append(
                f"function '{row.name}': throttle probability "
                f"{percent_text(row.throttle_probability)} is above the target "
                f"{percent_text(target)}; reserved concurrency of "
                f"{concurrency_for_target(row.demand_on_limit, target):,} meets it"
            )
    for f in functions:
        warnings.extend(_queue_warnings(f, rows))
    if provisioned_outside and pool_demand:
        warnings.append(
            "spillover above PC is burstier than Poisson; the pool's throttle figure is a floor"
        )
    return AccountReport(
        account_limit=limit,
        unreserved_minimum=minimum,
        reserved_total=reserved_total,
        provisioned_outside_reserved=provisioned_outside,
        unreserved_pool=pool,
        average_total=average_total,
        peak_total=peak_total,
        pool_peak_demand=pool_demand,
        pool_utilization_percent=pool_demand / pool * HUNDRED,
        pool_headroom=pool - pool_demand,
        pool_throttle_probability=pool_blocked,
        fits=fits,
        throttle_target=target,
        meets_throttle_target=not above,
        throttled_first=first,
        functions=tuple(rows),
        warnings=tuple(warnings),
    )


def functions_from_workload(workload: "Workload") -> list[FunctionConcurrency]:
    """Each function's average and peak concurrency from its traffic (Little's law).

    Average rps = requests_per_month / seconds in a month; the peak uses
    peak_requests_per_second when given, else the average. INIT occupies environments for
    the cold-start share. Scenario values are already validated by the scenario loader.
    """
    rows: list[FunctionConcurrency] = []
    for fn in workload.functions:
        busy_s = (fn.duration_ms + fn.cold_start_percent / HUNDRED * fn.init_duration_ms) / MS_PER_S
        average_rps = fn.requests_per_month / S_PER_MONTH
        peak_rps = fn.peak_requests_per_second or average_rps
        rows.append(
            FunctionConcurrency(
                name=fn.name,
                average_concurrency=average_rps * busy_s,
                peak_concurrency=max(average_rps, peak_rps) * busy_s,
                reserved_concurrency=fn.reserved_concurrency,
                provisioned_concurrency=fn.provisioned.environments if fn.provisioned else 0,
                queue=None
                if fn.sqs is None
                else sqs_scaling(fn.sqs.max_concurrency, fn.sqs.pollers),
                busy_s=busy_s,
            )
        )
    return rows


def plan_workload(
    workload: "Workload", throttle_target: Decimal = DEFAULT_THROTTLE_TARGET
) -> AccountReport:
    """The account view of a scenario: its functions against its account's limit."""
    return plan_account(
        functions_from_workload(workload), workload.account.concurrency_limit, throttle_target
    )


def fit_warning(workload: "Workload") -> str | None:
    """One line for `cost` when the scenario's concurrency does not fit, else None."""
    try:
        report = plan_workload(workload)
    except InputError as error:
        return f"concurrency: {error}"
    if report.fits:
        return None
    reason = report.warnings[0] if report.warnings else "it does not fit the account limit"
    return f"concurrency: {reason}; run `lambdacalc concurrency` on the scenario for details"
