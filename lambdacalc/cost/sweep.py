"""A function's monthly cost at any memory size, in closed form, from the rules of the engine.

The memory sweep prices 10,113 sizes; building a bill at each (`lambdacalc.cost.price`) would
take seconds. So here, for one function priced alone (a one-function account), what does not
depend on memory is worked out once from `lambdacalc.cost.rules`, and each size costs a few
dozen Decimal operations: requests (large async events count more), duration and INIT through
the tiers, the free tier credited at the first tier's rate (its GB-s are the month's first),
ephemeral storage, provisioned concurrency, SnapStart, response streaming, the Savings Plan, or
Lambda@Edge's flat rates without free tier or plan.

The per-size loop inlines a few rules for speed; each inlined line names the rule it mirrors,
and tests/test_sweep_equivalence.py runs the same test bodies on this closed form and on the
engine (as CPython tests `_decimal` against `_pydecimal`).
"""

from collections.abc import Callable, Sequence
from decimal import ROUND_CEILING, Decimal

from lambdacalc.cost.bill import Component
from lambdacalc.cost.extras import extras_of, has_extras, unit_price
from lambdacalc.cost.rates import RateCard
from lambdacalc.cost.rules import (
    MB_MS_PER_GB_S,
    extra_storage_mb,
    function_at,
    has_init,
    pc_billed_seconds,
    pc_duration_at,
    pc_window,
    plan_commitment_usd,
    plan_keep,
    requests_per_invocation,
    snapstart_cache_hours,
    snapstart_charged,
    snapstart_restores,
    stream_floor_ms,
    streamed_gb,
    tenant_environment_gb,
    tiered_cost_usd,
)
from lambdacalc.errors import PricingError
from lambdacalc.units import HUNDRED, MB_PER_GB, MIN_BILLED_MS, ONE, S_PER_HOUR, ZERO
from lambdacalc.workload import FunctionWorkload

_GB_S_PER_MB_MS = 1 / MB_MS_PER_GB_S  # 9.765625E-7, exact

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
        extra_storage_mb(fn.ephemeral_storage_mb) * _GB_S_PER_MB_MS * card.ephemeral_usd_per_gb_s
    )
    pricer = None if is_plain(card, fn) else _monthly_pricer(card, fn, over_committed)
    # The plain case in closed form: requests and GB-s beyond the free allowance (which is
    # credited at the first tier's rate: the free GB-s are the month's first), plus storage.
    billed_requests = n * requests_per_invocation(fn)
    requests_usd = ZERO
    if billed_requests > card.free_requests:
        requests_usd = billed_requests * card.request_usd - card.free_requests * card.request_usd
    free_gb_s = card.free_gb_s
    tiers = card.duration_tiers
    free_credit_usd = tiered_cost_usd(tiers, free_gb_s)
    single_tier = len(tiers) == 1
    ceiling = ROUND_CEILING
    already_billed = fn.duration_billed
    floor_ms = stream_floor_ms(fn.response_bytes_per_request)

    out: list[SizeCost] = []
    last_duration: Decimal | None = None  # sizes that share a duration object share its billing
    priced_ms = billed = ZERO
    for m, duration_ms in zip(sizes_mb, durations_ms, strict=True):
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
        gb_s = billed * m * _GB_S_PER_MB_MS
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


_MonthlyPricer = Callable[[int, Decimal, Decimal], Decimal]


def _monthly_pricer(
    card: RateCard, fn: FunctionWorkload, over_committed: list[int] | None = None
) -> _MonthlyPricer:
    """(memory_mb, duration_ms, billed_ms) -> the month's cost of the function at that size:
    the general path, for workloads with more than requests, duration and storage.
    What does not depend on the size is worked out once; per size it is a few dozen Decimal
    operations, so a 10,113-size sweep stays in tens of milliseconds."""
    n = fn.requests_per_month
    billed_requests = n * requests_per_invocation(fn)
    request_rate = card.request_usd
    stream_gb = streamed_gb(fn)
    # Everything that does not depend on memory: requests and streaming, less their free parts.
    fixed_usd = billed_requests * request_rate + stream_gb * card.streaming_usd_per_gb
    if not card.edge:
        fixed_usd -= min(card.free_requests, billed_requests) * request_rate
        fixed_usd -= min(card.free_streaming_gb, stream_gb) * card.streaming_usd_per_gb
    storage_usd_per_mb_ms = (
        extra_storage_mb(fn.ephemeral_storage_mb) * card.ephemeral_usd_per_gb_s / MB_MS_PER_GB_S
    )
    # Durable functions and event pollers do not depend on memory; tenant isolation does.
    extra_rates = dict(card.extras)
    tenant_rate = tenant_environments = ZERO
    for extra in extras_of(fn):
        rate = unit_price(extra, extra_rates[extra.price])
        if extra.component is Component.TENANT_ISOLATION:
            assert fn.tenant_isolation is not None
            tenant_rate, tenant_environments = rate, fn.tenant_isolation.environments_per_month
        else:
            fixed_usd += extra.quantity * rate
    pc = fn.provisioned
    pc_usd_per_mb = in_window = enabled_ms = ZERO
    pcd_usd_per_mb_ms = card.provisioned_duration_usd_per_gb_s / MB_MS_PER_GB_S
    stated_pc_ms = base_ms = None
    if pc is not None:
        in_window, enabled_ms = pc_window(
            n, pc.environments, pc.hours_per_month, pc.requests_per_month
        )
        seconds = pc_billed_seconds(pc.hours_per_month)
        pc_usd_per_mb = pc.environments * seconds * card.provisioned_usd_per_gb_s / MB_PER_GB
        stated_pc_ms, base_ms = pc.duration_ms, fn.duration_ms
    cold_share = fn.cold_start_percent / HUNDRED if has_init(fn) else ZERO
    init_ms = fn.init_duration_ms
    snap_usd_per_mb = ZERO
    snap = fn.snapstart
    if snap is not None and snapstart_charged(fn):
        cache_gb_s_per_gb = snapstart_cache_hours(snap.active_hours_per_month) * S_PER_HOUR
        restores = snapstart_restores(n, snap.restore_percent)
        snap_usd_per_mb = (
            cache_gb_s_per_gb * card.snapstart_cache_usd_per_gb_s
            + restores * card.snapstart_restore_usd_per_gb
        ) / MB_PER_GB
    edge = card.edge
    first_up_to, first_rate = card.duration_tiers[0]
    free_allowance = ZERO if edge else card.free_gb_s
    free_credit_usd = tiered_cost_usd(card.duration_tiers, free_allowance)  # the month's first
    plan = card.savings_plan
    keep = ONE
    commitment_usd = covered_cap = None
    if plan is not None:
        keep = plan_keep(plan.percent)
        if plan.commitment_usd_per_hour is not None:
            commitment_usd = plan_commitment_usd(plan.commitment_usd_per_hour)
            covered_cap = commitment_usd / keep if keep else None
    ceiling = ROUND_CEILING
    missing_duration_error = card.missing_duration_error
    floor_ms = stream_floor_ms(fn.response_bytes_per_request)

    def monthly(m: int, priced_ms: Decimal, billed_ms: Decimal) -> Decimal:
        total = fixed_usd  # what the Savings Plan does not cover ...
        od_requests = n
        pc_ms = pc_requests = eligible = ZERO  # ... and what it does
        # rules.streamed_duration_ms: the stream's floor on the duration
        duration_ms = priced_ms if priced_ms >= floor_ms else floor_ms
        if pc is not None:
            if stated_pc_ms is None:  # PC-served calls take the function's duration, billed alike
                pc_duration, pc_ms = duration_ms, billed_ms
            else:  # rules.pc_billed_ms: a stated PC duration is billed rounded up
                assert base_ms is not None
                pc_duration = pc_duration_at(stated_pc_ms, base_ms, priced_ms)
                if pc_duration < floor_ms:
                    pc_duration = floor_ms
                pc_ms = pc_duration.to_integral_value(rounding=ceiling)
            # rules.pc_served, inlined
            capacity = enabled_ms / pc_duration if pc_duration else in_window
            pc_requests = capacity if capacity < in_window else in_window
            od_requests = n - pc_requests
            eligible = m * pc_usd_per_mb + pc_requests * pc_ms * m * pcd_usd_per_mb_ms
        on_demand_ms = od_requests * billed_ms
        billed_total_ms = on_demand_ms
        if cold_share:  # rules.cold_starts and rules.init_extra_ms, inlined
            cold = od_requests * cold_share
            extra_ms = (init_ms + duration_ms).to_integral_value(rounding=ceiling) - billed_ms
            billed_total_ms += cold * extra_ms
        gb_s = billed_total_ms * m * _GB_S_PER_MB_MS  # on-demand and INIT
        if gb_s and missing_duration_error:
            raise PricingError(
                f"at {m} MB some requests spill over from provisioned concurrency to "
                f"on-demand, and {missing_duration_error}"
            )
        if storage_usd_per_mb_ms:  # rules.storage_gb_s
            total += (billed_total_ms + pc_requests * pc_ms) * storage_usd_per_mb_ms
        if snap_usd_per_mb:
            total += m * snap_usd_per_mb
        if tenant_rate:  # rules.tenant_environment_gb: environments × memory GB
            total += tenant_environment_gb(tenant_environments, m) * tenant_rate
        if edge:
            total += gb_s * first_rate
        elif gb_s > free_allowance:
            if first_up_to is None or gb_s <= first_up_to:
                duration_usd = gb_s * first_rate - free_credit_usd
            else:
                duration_usd = tiered_cost_usd(card.duration_tiers, gb_s) - free_credit_usd
            eligible += duration_usd
        if plan is None:
            return total + eligible
        if commitment_usd is None:
            return total + eligible * keep
        if covered_cap is None:
            covered = eligible
        elif eligible < covered_cap:
            covered = eligible
            if over_committed is not None:
                over_committed.append(m)
        else:
            covered = covered_cap
        return total + eligible - covered + commitment_usd

    return monthly


__all__ = ["SizeCost", "function_at", "is_plain", "monthly_usd", "price_sizes", "ranks_by_month"]
