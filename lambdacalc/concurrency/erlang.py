"""Erlang B: the probability that a request finds every environment busy (throttled)."""

import math
from decimal import Decimal

from lambdacalc.concurrency.scaling import _count, validate_throttle_target
from lambdacalc.errors import InputError, field

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
            f"stops at {MAX_LOAD_ERLANGS:,.0f}); check {field('rps')} and {field('duration_s')}"
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
