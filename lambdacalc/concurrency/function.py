"""One function against its limits: `plan_function`.

Its parts: `function_limits` (the inputs, the report, the limits that apply), and
`function_advice` (what the figures mean, in words, and the provisioned concurrency to keep).
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from lambdacalc.concurrency.erlang import concurrency_for_target, erlang_b
from lambdacalc.concurrency.function_advice import _limit_warnings, _provisioned
from lambdacalc.concurrency.function_limits import (
    ConcurrencyReport,
    FunctionInputs,
    _account_limit,
    _binding_limit,
    _event_source,
    _limit_for_function,
    _traffic,
    throttle_probability,
)
from lambdacalc.concurrency.scaling import (
    RPS_PER_CONCURRENCY,
    _ceil,
    ramp,
    rps_limit_rps,
    validate_throttle_target,
)
from lambdacalc.concurrency.sources import queue_ramp
from lambdacalc.units import HUNDRED, ZERO

if TYPE_CHECKING:
    from lambdacalc.cost.rates import RateCard

__all__ = ["ConcurrencyReport", "FunctionInputs", "plan_function", "throttle_probability"]

# --- one function against its limits ------------------------------------------------------


def plan_function(inputs: FunctionInputs, rates: "RateCard | None" = None) -> ConcurrencyReport:
    """Everything `lambdacalc concurrency --rps …` reports for one function.

    Pass `rates` to price provisioned concurrency; without them `provisioned` is None.
    """
    rps, peak_rps, duration_eff_s = _traffic(inputs)
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
