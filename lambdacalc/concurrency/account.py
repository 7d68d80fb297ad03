"""The account view: every function of a scenario against the account's limit."""

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from lambdacalc.concurrency.erlang import concurrency_for_target, erlang_b
from lambdacalc.concurrency.function_advice import _number
from lambdacalc.concurrency.scaling import (
    DEFAULT_ACCOUNT_LIMIT,
    DEFAULT_THROTTLE_TARGET,
    _ceil,
    _count,
    _non_negative,
    above_limit_warning,
    unreserved_minimum,
    validate_throttle_target,
)
from lambdacalc.concurrency.sources import QueueScaling, queue_ramp
from lambdacalc.errors import InputError
from lambdacalc.units import (
    HUNDRED,
    ZERO,
    percent_text,
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


class _Allocation(NamedTuple):
    limit: int
    minimum: int
    reserved_total: int
    provisioned_outside: int
    pool: int
    pool_demand: Decimal


def _allocate(functions: Sequence[FunctionConcurrency], limit: int) -> _Allocation:
    """The account's split between reservations and the unreserved pool, every function's
    figures checked (InputError names the first that cannot be)."""
    if not functions:
        raise InputError("the scenario lists no functions; add at least one")
    minimum = unreserved_minimum(limit)
    names: set[str] = set()
    reserved_total = 0
    provisioned_outside = 0
    for function in functions:
        if function.reserved_concurrency is None and _plainly_valid(function, names):
            names.add(function.name)  # the usual function: nothing to say about it
            provisioned_outside += function.provisioned_concurrency
            continue
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

    pool_demand = ZERO
    for f in functions:
        if f.reserved_concurrency is None:
            peak = f.peak_concurrency  # _driven(f), without a call when no queue feeds it
            driven = peak if f.queue is None and type(peak) is Decimal else _driven(f)
            demand = driven - f.provisioned_concurrency
            pool_demand += demand if demand > ZERO else ZERO  # max(ZERO, demand)
    return _Allocation(limit, minimum, reserved_total, provisioned_outside, pool, pool_demand)


def _plainly_valid(function: FunctionConcurrency, names: set[str]) -> bool:
    """Whether `_allocate`'s checks of a function without a reservation plainly pass: a new
    name, finite Decimal concurrencies with 0 <= average <= peak, and a whole, non-negative
    PC. The fast path of a fleet (no message built per function); anything else takes the
    checks themselves, which word the error. tests/test_concurrency.py holds the two equal."""
    average, peak, provisioned = (
        function.average_concurrency,
        function.peak_concurrency,
        function.provisioned_concurrency,
    )
    return (
        type(average) is Decimal
        and type(peak) is Decimal
        and type(provisioned) is int
        and average.is_finite()
        and peak.is_finite()
        and ZERO <= average <= peak
        and provisioned >= 0
        and function.name not in names
    )


def _fits(functions: Sequence[FunctionConcurrency], pool: int, pool_demand: Decimal) -> bool:
    """Whether peak demand fits: the pool's within it, each reservation's within itself."""
    return pool_demand <= pool and all(
        _driven(f) <= f.reserved_concurrency
        for f in functions
        if f.reserved_concurrency is not None
    )


def _capacity_warnings(
    functions: Sequence[FunctionConcurrency], limit: int, pool: int, pool_demand: Decimal
) -> list[str]:
    """The account plan's first warnings: peaks beyond the limit, the pool or a reservation
    (when the plan does not fit, its first warning is among them)."""
    warnings: list[str] = []
    peak_total = sum((Decimal(f.peak_concurrency) for f in functions), ZERO)
    if peak_total > limit:
        warnings.append(above_limit_warning(peak_total, limit))
    if pool_demand > pool:
        warnings.append(
            f"the unreserved pool of {pool:,} is short of its peak demand {_ceil(pool_demand):,}"
        )
    for f in functions:
        reserved = f.reserved_concurrency
        if reserved is None:
            continue
        if reserved == 0:
            warnings.append(
                f"function '{f.name}' has reserved concurrency 0: every request is throttled"
            )
        elif _driven(f) > reserved:
            warnings.append(
                f"function '{f.name}' peaks at {_ceil(Decimal(f.peak_concurrency)):,}, "
                f"above its reserved {reserved:,}"
            )
    return warnings


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
    _, minimum, reserved_total, provisioned_outside, pool, pool_demand = _allocate(functions, limit)
    pool_blocked = erlang_b(pool, pool_demand)
    rows = [_row(f, pool, pool_demand, pool_blocked) for f in functions]

    average_total = sum((Decimal(f.average_concurrency) for f in functions), ZERO)
    peak_total = sum((Decimal(f.peak_concurrency) for f in functions), ZERO)
    exposed = [row for row in rows if row.demand_on_limit > 0 and row.throttle_probability > 0]
    first = (
        max(exposed, key=lambda row: (row.throttle_probability, _closeness(row))).name
        if exposed
        else None
    )
    fits = _fits(functions, pool, pool_demand)
    warnings = _capacity_warnings(functions, limit, pool, pool_demand)
    above = [row for row in rows if row.demand_on_limit > 0 and row.throttle_probability > target]
    warnings.extend(_throttle_warnings(above, target, pool_blocked, pool_demand))
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


def _row(
    f: FunctionConcurrency, pool: int, pool_demand: Decimal, pool_blocked: float
) -> FunctionRow:
    """One function against its limit: its reservation, or the unreserved pool it shares."""
    driven = _driven(f)
    if f.reserved_concurrency is not None:
        return FunctionRow(
            name=f.name,
            average_concurrency=Decimal(f.average_concurrency),
            peak_concurrency=Decimal(f.peak_concurrency),
            reserved_concurrency=f.reserved_concurrency,
            provisioned_concurrency=f.provisioned_concurrency,
            pool="reserved",
            limit=f.reserved_concurrency,
            demand_on_limit=driven,
            utilization_percent=_percent(driven, f.reserved_concurrency),
            throttle_probability=erlang_b(f.reserved_concurrency, driven),
        )
    return FunctionRow(
        name=f.name,
        average_concurrency=Decimal(f.average_concurrency),
        peak_concurrency=Decimal(f.peak_concurrency),
        reserved_concurrency=None,
        provisioned_concurrency=f.provisioned_concurrency,
        pool="unreserved",
        limit=pool,
        demand_on_limit=max(ZERO, driven - f.provisioned_concurrency),
        utilization_percent=pool_demand / pool * HUNDRED,
        throttle_probability=pool_blocked,
    )


def _throttle_warnings(
    above: Sequence[FunctionRow], target: Decimal, pool_blocked: float, pool_demand: Decimal
) -> list[str]:
    """For the rows whose throttle probability is above the target: the limit that meets it."""
    warnings: list[str] = []
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
    return warnings
