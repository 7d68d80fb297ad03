"""The account view of a scenario's workload: each function's concurrency from its traffic
(`functions_from_workload`), the plan (`plan_workload`), and `cost`'s one-line fit check."""

from decimal import Decimal
from typing import TYPE_CHECKING

from lambdacalc.concurrency.account import (
    AccountReport,
    FunctionConcurrency,
    _allocate,
    _capacity_warnings,
    _fits,
    plan_account,
)
from lambdacalc.concurrency.scaling import DEFAULT_THROTTLE_TARGET, _count
from lambdacalc.concurrency.sources import sqs_scaling
from lambdacalc.errors import InputError
from lambdacalc.units import HUNDRED, MS_PER_S, S_PER_MONTH

if TYPE_CHECKING:
    from lambdacalc.workload import Workload


def functions_from_workload(workload: "Workload") -> list[FunctionConcurrency]:
    """Each function's average and peak concurrency from its traffic (Little's law).

    Average rps = requests_per_month / seconds in a month; the peak uses
    peak_requests_per_second when given, else the average. INIT occupies environments for
    the cold-start share, and a streamed response for at least what its bytes need at 2 MB/s
    beyond 6 MB. Scenario values are already validated by the scenario loader.
    """
    rows: list[FunctionConcurrency] = []
    for fn in workload.functions:
        duration_ms = fn.duration_ms
        if fn.response_bytes_per_request is not None:
            # a streamed response lasts at least what its bytes need (the bill's own rule)
            from lambdacalc.cost.rules import streamed_duration_ms

            duration_ms = streamed_duration_ms(fn, duration_ms)
        busy_s = (duration_ms + fn.cold_start_percent / HUNDRED * fn.init_duration_ms) / MS_PER_S
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
    reason = warnings[0] if warnings else "it does not fit the account limit"
    return f"concurrency: {reason}; run `lambdacalc concurrency` on the scenario for details"
