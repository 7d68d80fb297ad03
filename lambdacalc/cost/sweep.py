"""A function's monthly cost at any memory size, in closed form, from the rules of the engine.

The memory sweep prices 10,113 sizes; building a bill at each (`lambdacalc.cost.price`) would
take seconds. So here, for one function priced alone (a one-function account), what does not
depend on memory is worked out once from `lambdacalc.cost.rules`, and each size costs a few
dozen Decimal operations: requests (large async events count more), duration and INIT through
the tiers, the free tier credited at the first tier's rate (its GB-s are the month's first),
ephemeral storage, provisioned concurrency, SnapStart, response streaming, the Savings Plan, or
Lambda@Edge's flat rates without free tier or plan.

The plain case (requests, duration, /tmp) is priced here; anything more by the closure
`sweep_general.monthly_pricer` builds. The per-size loops inline a few rules for speed; each
inlined line names the rule it mirrors, and tests/test_sweep_equivalence.py runs the same
test bodies on this closed form and on the engine (as CPython tests `_decimal` against
`_pydecimal`).
"""

from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal

from lambdacalc.cost.extras import has_extras
from lambdacalc.cost.rates import RateCard
from lambdacalc.cost.rules import (
    extra_storage_mb,
    function_at,
    has_init,
    requests_per_invocation,
    snapstart_charged,
    stream_floor_ms,
    streamed_gb,
    tiered_cost_usd,
)
from lambdacalc.cost.sweep_general import GB_S_PER_MB_MS, monthly_pricer
from lambdacalc.units import MIN_BILLED_MS, ZERO
from lambdacalc.workload import FunctionWorkload

# (billed ms, GB-s per invocation, cost per invocation, monthly cost) at one size
SizeCost = tuple[Decimal, Decimal, Decimal, Decimal]


def ranks_by_month(fn: FunctionWorkload) -> bool:
    """Provisioned concurrency, SnapStart, INIT and tenant isolation cost more with memory
    beyond the price per invocation, so with them the cost strategies compare monthly costs."""
    return (
        fn.provisioned is not None
        or snapstart_charged(fn)
        or has_init(fn)
        or fn.tenant_isolation is not None  # each new environment is billed by memory
    )


def is_plain(card: RateCard, fn: FunctionWorkload) -> bool:
    """Whether `price_sizes` prices `fn` in its plain closed form: requests, duration through
    the tiers less the free tier, and /tmp; nothing else that depends on memory."""
    return not (
        fn.provisioned is not None
        or has_init(fn)
        or snapstart_charged(fn)
        or bool(streamed_gb(fn))
        or card.savings_plan is not None
        or has_extras(fn)
    )


def monthly_usd(
    card: RateCard, fn: FunctionWorkload, memory_mb: int, duration_ms: Decimal
) -> Decimal:
    """The month's cost of `fn` alone at `memory_mb`, where its average duration is
    `duration_ms` (fn's own duration is the current one)."""
    return price_sizes(card, fn, [memory_mb], [duration_ms])[0][3]


def price_sizes(
    card: RateCard,
    fn: FunctionWorkload,
    sizes_mb: Sequence[int],
    durations_ms: Sequence[Decimal],
    over_committed: list[int] | None = None,
) -> list[SizeCost]:
    """Billed ms, GB-s and cost per invocation, and the month's cost, at each size. The cost
    per invocation is the on-demand list price (requests billed + billed GB-s at the first
    tier's rate + /tmp), before the free tier, the tiers and any Savings Plan. Sizes whose
    eligible usage is below what a Savings Plan commitment covers are appended to
    `over_committed` when it is given."""
    per_call_requests_usd = card.request_usd * requests_per_invocation(fn)
    first_rate = card.duration_tiers[0][1]
    n = fn.requests_per_month
    # ephemeral: billed ms * extra MB -> GB-s, at its own rate, no free allowance
    storage_usd_per_ms = (
        extra_storage_mb(fn.ephemeral_storage_mb) * GB_S_PER_MB_MS * card.ephemeral_usd_per_gb_s
    )
    pricer = None if is_plain(card, fn) else monthly_pricer(card, fn, over_committed)
    # The plain case in closed form: requests and GB-s beyond the free allowance (which is
    # credited at the first tier's rate: the free GB-s are the month's first), plus storage.
    requests_usd = _plain_requests_usd(card, fn)
    free_gb_s = card.free_gb_s
    tiers = card.duration_tiers
    free_credit_usd = tiered_cost_usd(tiers, free_gb_s)
    single_tier = len(tiers) == 1

    out: list[SizeCost] = []
    for m, (priced_ms, billed) in zip(sizes_mb, _billed_durations(fn, durations_ms), strict=True):
        gb_s = billed * m * GB_S_PER_MB_MS
        per_inv = per_call_requests_usd + gb_s * first_rate
        if storage_usd_per_ms:
            per_inv += billed * storage_usd_per_ms
        if pricer is not None:
            monthly = pricer(m, priced_ms, billed)
        elif n:
            total_gb_s = n * gb_s
            if total_gb_s <= free_gb_s:
                duration_usd = ZERO
            elif single_tier or total_gb_s <= tiers[0][0]:  # type: ignore[operator]
                duration_usd = total_gb_s * first_rate - free_credit_usd
            else:
                duration_usd = tiered_cost_usd(tiers, total_gb_s) - free_credit_usd
            monthly = requests_usd + duration_usd
            if storage_usd_per_ms:
                monthly += n * billed * storage_usd_per_ms
        else:
            monthly = ZERO
        out.append((billed, gb_s, per_inv, monthly))
    return out


def _plain_requests_usd(card: RateCard, fn: FunctionWorkload) -> Decimal:
    """The month's requests beyond the free ones (the plain case: no Lambda@Edge)."""
    billed_requests = fn.requests_per_month * requests_per_invocation(fn)
    if billed_requests > card.free_requests:
        return billed_requests * card.request_usd - card.free_requests * card.request_usd
    return ZERO


def _billed_durations(
    fn: FunctionWorkload, durations_ms: Sequence[Decimal]
) -> list[tuple[Decimal, Decimal]]:
    """Each duration as the engine is handed it (`function_at`) and as it is billed."""
    ceiling = ROUND_CEILING
    already_billed = fn.duration_billed
    floor_ms = stream_floor_ms(fn.response_bytes_per_request)
    out: list[tuple[Decimal, Decimal]] = []
    last_duration: Decimal | None = None  # sizes that share a duration object share its billing
    priced_and_billed = (ZERO, ZERO)
    for duration_ms in durations_ms:
        if duration_ms is not last_duration:
            last_duration = duration_ms
            # rules.billed_duration_ms, inlined: this loop runs 10,113 times a sweep
            if already_billed:  # a mean of Billed Durations: as it is, at least 1 ms
                priced_ms = duration_ms if duration_ms >= MIN_BILLED_MS else MIN_BILLED_MS
            else:
                priced_ms = duration_ms  # what `function_at` hands the engine
            # rules.streamed_duration_ms: a streamed response takes at least what its bytes need
            floored_ms = priced_ms if priced_ms >= floor_ms else floor_ms
            billed = (
                floored_ms if already_billed else floored_ms.to_integral_value(rounding=ceiling)
            )
            priced_and_billed = (priced_ms, billed)
        out.append(priced_and_billed)
    return out


__all__ = ["SizeCost", "function_at", "is_plain", "monthly_usd", "price_sizes", "ranks_by_month"]
