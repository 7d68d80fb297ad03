"""The sweep's general path: the month's cost of one function at any memory size when it has
more than requests, duration and /tmp (provisioned concurrency, INIT, SnapStart, streaming,
the extras, a Savings Plan, Lambda@Edge).

`monthly_pricer` works out once, in the `_*_terms` builders, what does not depend on the
size, and returns a closure that prices one size in a few dozen Decimal operations; the
closure inlines a few rules for speed, and each inlined line names the rule it mirrors.
`lambdacalc.cost.sweep.price_sizes` calls it per size.
"""

from collections.abc import Callable
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from lambdacalc.cost.bill import Component
from lambdacalc.cost.extras import extras_of, unit_price
from lambdacalc.cost.rates import RateCard
from lambdacalc.cost.rules import (
    MB_MS_PER_GB_S,
    extra_storage_mb,
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
from lambdacalc.units import HUNDRED, MB_PER_GB, ONE, S_PER_HOUR, ZERO
from lambdacalc.workload import FunctionWorkload

GB_S_PER_MB_MS = 1 / MB_MS_PER_GB_S  # 9.765625E-7, exact

MonthlyPricer = Callable[[int, Decimal, Decimal], Decimal]


class _FixedTerms(NamedTuple):
    """What the month costs whatever the memory, and what each size's duration adds to."""

    requests: Decimal  # invocations a month
    fixed_usd: Decimal  # requests, streaming and extras by their own units, less free parts
    cold_share: Decimal  # the share of on-demand calls that start cold (0 without INIT)
    init_ms: Decimal
    floor_ms: Decimal  # a streamed response's least duration
    missing_duration_error: str  # raised at a size that needs the book's missing price


class _PerMbTerms(NamedTuple):
    """The charges proportional to memory, per MB (or per MB-ms billed)."""

    storage_usd_per_mb_ms: Decimal  # /tmp beyond the free 512 MB
    snapstart_usd_per_mb: Decimal  # SnapStart's cache and restores
    tenant_rate: Decimal  # tenant isolation, per environment-GB ...
    tenant_environments: Decimal  # ... times these environments


class _PcTerms(NamedTuple):
    """Provisioned concurrency's terms that do not depend on memory."""

    in_window: Decimal  # requests in the hours PC is enabled
    enabled_ms: Decimal  # the environments' ms enabled, the most they can serve
    usd_per_mb: Decimal  # the PC charge per MB configured
    duration_usd_per_mb_ms: Decimal  # the duration of PC-served calls
    stated_ms: Decimal | None  # a PC-served call's stated duration at the function's size
    base_ms: Decimal  # the function's own duration, the stated one's basis


class _DurationTerms(NamedTuple):
    """The on-demand duration's tiers and free allowance (Lambda@Edge: one flat rate, none)."""

    edge: bool
    tiers: tuple[tuple[Decimal | None, Decimal], ...]
    first_up_to: Decimal | None
    first_rate: Decimal
    free_allowance: Decimal  # GB-s
    free_credit_usd: Decimal  # the allowance at the month's first tiers


class _PlanTerms(NamedTuple):
    """A Compute Savings Plan's terms."""

    keep: Decimal  # the share of eligible usage billed after the discount
    commitment_usd: Decimal | None  # the month's commitment, when one is stated
    covered_cap: Decimal | None  # the most eligible usage (at list price) it covers


class _SizeTerms(NamedTuple):
    """Everything the month at a size needs that does not depend on the size."""

    fixed: _FixedTerms
    per_mb: _PerMbTerms
    pc: _PcTerms | None
    duration: _DurationTerms
    plan: _PlanTerms | None


_NO_PC = _PcTerms(ZERO, ZERO, ZERO, ZERO, None, ZERO)
_NO_PLAN = _PlanTerms(ONE, None, None)


def monthly_pricer(
    card: RateCard, fn: FunctionWorkload, over_committed: list[int] | None = None
) -> MonthlyPricer:
    """(memory_mb, duration_ms, billed_ms) -> the month's cost of the function at that size:
    the general path, for workloads with more than requests, duration and storage.
    What does not depend on the size is worked out once (the `_*_terms` below); per size it
    is a few dozen Decimal operations, so a 10,113-size sweep stays in tens of milliseconds."""
    terms = _SizeTerms(
        _fixed_terms(card, fn),
        _per_mb_terms(card, fn),
        _pc_terms(card, fn),
        _duration_terms(card),
        _plan_terms(card),
    )
    return _size_pricer(terms, over_committed)


def _fixed_terms(card: RateCard, fn: FunctionWorkload) -> _FixedTerms:
    """Requests and streaming less their free parts, and the extras that do not depend on
    memory (durable functions, event pollers; tenant isolation does, `_per_mb_terms`)."""
    n = fn.requests_per_month
    billed_requests = n * requests_per_invocation(fn)
    request_rate = card.request_usd
    stream_gb = streamed_gb(fn)
    fixed_usd = billed_requests * request_rate + stream_gb * card.streaming_usd_per_gb
    if not card.edge:
        fixed_usd -= min(card.free_requests, billed_requests) * request_rate
        fixed_usd -= min(card.free_streaming_gb, stream_gb) * card.streaming_usd_per_gb
    extra_rates = dict(card.extras)
    for extra in extras_of(fn):
        if extra.component is not Component.TENANT_ISOLATION:
            fixed_usd += extra.quantity * unit_price(extra, extra_rates[extra.price])
    cold_share = fn.cold_start_percent / HUNDRED if has_init(fn) else ZERO
    floor_ms = stream_floor_ms(fn.response_bytes_per_request)
    return _FixedTerms(
        n, fixed_usd, cold_share, fn.init_duration_ms, floor_ms, card.missing_duration_error
    )


def _per_mb_terms(card: RateCard, fn: FunctionWorkload) -> _PerMbTerms:
    """/tmp, SnapStart and tenant isolation, each priced per MB of memory."""
    storage_usd_per_mb_ms = (
        extra_storage_mb(fn.ephemeral_storage_mb) * card.ephemeral_usd_per_gb_s / MB_MS_PER_GB_S
    )
    snap_usd_per_mb = ZERO
    snap = fn.snapstart
    if snap is not None and snapstart_charged(fn):
        cache_gb_s_per_gb = snapstart_cache_hours(snap.active_hours_per_month) * S_PER_HOUR
        restores = snapstart_restores(fn.requests_per_month, snap.restore_percent)
        snap_usd_per_mb = (
            cache_gb_s_per_gb * card.snapstart_cache_usd_per_gb_s
            + restores * card.snapstart_restore_usd_per_gb
        ) / MB_PER_GB
    tenant_rate = tenant_environments = ZERO
    extra_rates = dict(card.extras)
    for extra in extras_of(fn):
        if extra.component is Component.TENANT_ISOLATION:
            assert fn.tenant_isolation is not None
            tenant_rate = unit_price(extra, extra_rates[extra.price])
            tenant_environments = fn.tenant_isolation.environments_per_month
    return _PerMbTerms(storage_usd_per_mb_ms, snap_usd_per_mb, tenant_rate, tenant_environments)


def _pc_terms(card: RateCard, fn: FunctionWorkload) -> _PcTerms | None:
    """Provisioned concurrency's window and charges, or None without it."""
    pc = fn.provisioned
    if pc is None:
        return None
    in_window, enabled_ms = pc_window(
        fn.requests_per_month, pc.environments, pc.hours_per_month, pc.requests_per_month
    )
    seconds = pc_billed_seconds(pc.hours_per_month)
    return _PcTerms(
        in_window,
        enabled_ms,
        pc.environments * seconds * card.provisioned_usd_per_gb_s / MB_PER_GB,
        card.provisioned_duration_usd_per_gb_s / MB_MS_PER_GB_S,
        pc.duration_ms,
        fn.duration_ms,
    )


def _duration_terms(card: RateCard) -> _DurationTerms:
    """The tiers, and the free allowance credited at the month's first GB-s' rates."""
    tiers = card.duration_tiers
    first_up_to, first_rate = tiers[0]
    free_allowance = ZERO if card.edge else card.free_gb_s
    free_credit_usd = tiered_cost_usd(tiers, free_allowance)
    return _DurationTerms(
        card.edge, tiers, first_up_to, first_rate, free_allowance, free_credit_usd
    )


def _plan_terms(card: RateCard) -> _PlanTerms | None:
    """The Savings Plan's discount and commitment, or None without a plan."""
    plan = card.savings_plan
    if plan is None:
        return None
    keep = plan_keep(plan.percent)
    if plan.commitment_usd_per_hour is None:
        return _PlanTerms(keep, None, None)
    commitment_usd = plan_commitment_usd(plan.commitment_usd_per_hour)
    return _PlanTerms(keep, commitment_usd, commitment_usd / keep if keep else None)


def _spill_over_error(memory_mb: int, missing_duration_error: str) -> PricingError:
    return PricingError(
        f"at {memory_mb} MB some requests spill over from provisioned concurrency to "
        f"on-demand, and {missing_duration_error}"
    )


def _size_pricer(terms: _SizeTerms, over_committed: list[int] | None) -> MonthlyPricer:
    """The month's cost at one size from the terms (unpacked here, once, into the closure)."""
    fixed, per_mb, pc, duration, plan = terms
    n, fixed_usd, cold_share, init_ms, floor_ms, missing_duration_error = fixed
    storage_usd_per_mb_ms, snap_usd_per_mb, tenant_rate, tenant_environments = per_mb
    in_window, enabled_ms, pc_usd_per_mb, pcd_usd_per_mb_ms, stated_pc_ms, base_ms = pc or _NO_PC
    edge, tiers, first_up_to, first_rate, free_allowance, free_credit_usd = duration
    keep, commitment_usd, covered_cap = plan or _NO_PLAN
    has_pc, has_plan, ceiling = pc is not None, plan is not None, ROUND_CEILING

    def monthly(m: int, priced_ms: Decimal, billed_ms: Decimal) -> Decimal:
        total = fixed_usd  # what the Savings Plan does not cover ...
        od_requests = n
        pc_ms = pc_requests = eligible = ZERO  # ... and what it does
        # rules.streamed_duration_ms: the stream's floor on the duration
        duration_ms = priced_ms if priced_ms >= floor_ms else floor_ms
        if has_pc:
            if stated_pc_ms is None:  # PC-served calls take the function's duration, billed alike
                pc_duration, pc_ms = duration_ms, billed_ms
            else:  # rules.pc_billed_ms: a stated PC duration is billed rounded up
                pc_duration = pc_duration_at(stated_pc_ms, base_ms, priced_ms)
                pc_duration = pc_duration if pc_duration >= floor_ms else floor_ms
                pc_ms = pc_duration.to_integral_value(rounding=ceiling)
            capacity = enabled_ms / pc_duration if pc_duration else in_window  # rules.pc_served
            pc_requests = capacity if capacity < in_window else in_window
            od_requests = n - pc_requests
            eligible = m * pc_usd_per_mb + pc_requests * pc_ms * m * pcd_usd_per_mb_ms
        billed_total_ms = od_requests * billed_ms  # on-demand ...
        if cold_share:  # ... and INIT's extra: rules.cold_starts and rules.init_extra_ms
            cold = od_requests * cold_share
            extra_ms = (init_ms + duration_ms).to_integral_value(rounding=ceiling) - billed_ms
            billed_total_ms += cold * extra_ms
        gb_s = billed_total_ms * m * GB_S_PER_MB_MS
        if gb_s and missing_duration_error:
            raise _spill_over_error(m, missing_duration_error)
        if storage_usd_per_mb_ms:  # rules.storage_gb_s
            total += (billed_total_ms + pc_requests * pc_ms) * storage_usd_per_mb_ms
        if snap_usd_per_mb:
            total += m * snap_usd_per_mb
        if tenant_rate:  # rules.tenant_environment_gb: environments × memory GB
            total += tenant_environment_gb(tenant_environments, m) * tenant_rate
        if edge:
            total += gb_s * first_rate
        elif gb_s > free_allowance:  # through the tiers, less the free allowance
            if first_up_to is None or gb_s <= first_up_to:
                eligible += gb_s * first_rate - free_credit_usd
            else:
                eligible += tiered_cost_usd(tiers, gb_s) - free_credit_usd
        if not has_plan:
            return total + eligible
        if commitment_usd is None:
            return total + eligible * keep
        covered = eligible
        if covered_cap is not None and eligible >= covered_cap:
            covered = covered_cap
        elif covered_cap is not None and over_committed is not None:
            over_committed.append(m)  # the commitment is more than it covers at this size
        return total + eligible - covered + commitment_usd

    return monthly


__all__ = ["GB_S_PER_MB_MS", "MonthlyPricer", "monthly_pricer"]
