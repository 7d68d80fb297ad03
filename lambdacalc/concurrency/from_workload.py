"""The account view of a scenario's workload: each function's concurrency from its traffic
(`functions_from_workload`), the plan (`plan_workload`), and `cost`'s one-line fit check."""

from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING

from lambdacalc.concurrency.scaling import DEFAULT_THROTTLE_TARGET, _count, above_limit_warning
from lambdacalc.errors import InputError
from lambdacalc.units import HUNDRED, MS_PER_S, S_PER_MONTH, ZERO
from lambdacalc.workload import FunctionWorkload

if TYPE_CHECKING:
    from lambdacalc.concurrency.account import AccountReport, FunctionConcurrency
    from lambdacalc.workload import Workload

# (the account plan's modules are imported where used: a fleet that plainly fits, the usual
# `cost` run, needs none of them)


def functions_from_workload(workload: "Workload") -> "list[FunctionConcurrency]":
    """Each function's average and peak concurrency from its traffic (Little's law).

    Average rps = requests_per_month / seconds in a month; the peak uses
    peak_requests_per_second when given, else the average. INIT occupies environments for
    the cold-start share, and a streamed response for at least what its bytes need at 2 MB/s
    beyond 6 MB. Scenario values are already validated by the scenario loader.
    """
    from lambdacalc.concurrency.account import FunctionConcurrency
    from lambdacalc.concurrency.sources import sqs_scaling

    rows: list[FunctionConcurrency] = []
    for fn in workload.functions:
        duration_ms = fn.duration_ms
        if fn.response_bytes_per_request is not None:
            # a streamed response lasts at least what its bytes need (the bill's own rule)
            from lambdacalc.cost.rules import streamed_duration_ms

            duration_ms = streamed_duration_ms(fn, duration_ms)
        busy_s = _busy_s(duration_ms, fn.cold_start_percent, fn.init_duration_ms)
        average_rps = fn.requests_per_month / S_PER_MONTH
        peak_rps = fn.peak_requests_per_second or average_rps
        rows.append(
            FunctionConcurrency(  # (positional: a keyword call costs more, 10,000 times)
                fn.name,  # name
                average_rps * busy_s,  # average_concurrency
                max(average_rps, peak_rps) * busy_s,  # peak_concurrency
                fn.reserved_concurrency,  # reserved_concurrency
                fn.provisioned.environments if fn.provisioned else 0,  # provisioned_concurrency
                None
                if fn.sqs is None
                else sqs_scaling(fn.sqs.max_concurrency, fn.sqs.pollers),  # queue
                busy_s,  # busy_s
            )
        )
    return rows


def _busy_s(duration_ms: Decimal, cold_start_percent: Decimal, init_ms: Decimal) -> Decimal:
    """Seconds an environment is held per request: the duration and the cold-start share of
    INIT (Little's law multiplies this by the request rate)."""
    return (duration_ms + cold_start_percent / HUNDRED * init_ms) / MS_PER_S


def plan_workload(
    workload: "Workload", throttle_target: Decimal = DEFAULT_THROTTLE_TARGET
) -> "AccountReport":
    """The account view of a scenario: its functions against its account's limit."""
    from lambdacalc.concurrency.account import plan_account

    return plan_account(
        functions_from_workload(workload), workload.account.concurrency_limit, throttle_target
    )


def fit_warning(workload: "Workload") -> str | None:
    """One line for `cost` when the scenario's concurrency does not fit, else None."""
    peak_total = _plain_peak_total(workload)
    if peak_total is not None:  # (a fleet's usual case: without the allocation's records)
        limit = workload.account.concurrency_limit
        return None if peak_total <= limit else _fit_line(above_limit_warning(peak_total, limit))
    from lambdacalc.concurrency.account import _allocate, _capacity_warnings, _fits

    try:
        # the allocation answers without the full plan (Erlang figures, rows, advice)
        functions = functions_from_workload(workload)
        limit = _count("account limit", workload.account.concurrency_limit)
        allocation = _allocate(functions, limit)
        if _fits(functions, allocation.pool, allocation.pool_demand):
            return None
        # it does not fit: the plan's first warning is one of these (a short one to compute)
        warnings = _capacity_warnings(functions, limit, allocation.pool, allocation.pool_demand)
    except InputError as error:
        return f"concurrency: {error}"
    return _fit_line(warnings[0] if warnings else "it does not fit the account limit")


def _fit_line(reason: str) -> str:
    return f"concurrency: {reason}; run `lambdacalc concurrency` on the scenario for details"


# The fields of a function its concurrency depends on, read in one call (a fleet's loop)
_FIT_FIELDS = itemgetter(
    *(
        FunctionWorkload._fields.index(name)
        for name in (
            "name",
            "duration_ms",
            "requests_per_month",
            "cold_start_percent",
            "init_duration_ms",
            "peak_requests_per_second",
            "reserved_concurrency",
            "provisioned",
            "sqs",
            "response_bytes_per_request",
        )
    )
)


def _plain_peak_total(workload: "Workload") -> Decimal | None:
    """The sum of the functions' peak concurrencies, when `fit_warning`'s full path plainly
    reads the same: no function has a reservation, provisioned concurrency, an SQS source or
    a response stream (so every one is in the unreserved pool, the whole limit, and the
    pool's peak demand is this sum) and each function's figures pass the allocation's checks
    (`account._plainly_valid`). Then the plan fits when the sum is within the limit, and its
    first warning is otherwise that the peaks are above it. Only the peaks are worked out, by
    the same operations as `functions_from_workload` (`_busy_s`). Anything else is None,
    for the full path to answer; tests/test_concurrency.py holds the two equal."""
    limit = workload.account.concurrency_limit
    functions = workload.functions
    if type(limit) is not int or limit < 1 or not functions:
        return None
    names: set[str] = set()
    peak_total = ZERO
    fields = _FIT_FIELDS
    for fn in functions:
        name, duration_ms, requests, cold, init_ms, peak_rps, reserved, pc, sqs, stream = fields(fn)
        if not (reserved is None and pc is None and sqs is None and stream is None):
            return None
        if name in names:
            return None
        names.add(name)
        busy_s = _busy_s(duration_ms, cold, init_ms)
        average_rps = requests / S_PER_MONTH
        average = average_rps * busy_s
        if type(average) is not Decimal or not average.is_finite():
            return None
        peak = average
        if peak_rps:
            peak = max(average_rps, peak_rps) * busy_s
            if type(peak) is not Decimal or not peak.is_finite():
                return None
        if not ZERO <= average <= peak:
            return None
        peak_total += peak
    return peak_total
