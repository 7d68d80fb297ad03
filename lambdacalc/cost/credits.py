"""The account's credits on a priced bill: the free tier split between its functions, and
the Compute Savings Plan (kept apart from the charges: each applies once, to the whole account)."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from lambdacalc.cost.bill import (
    Component,
    FreeTierShare,
    FreeTierUse,
    LineItem,
    SavingsPlanUse,
)
from lambdacalc.cost.notes import (
    plan_note,
)
from lambdacalc.cost.rates import PriceSheet, tiers_of, usd
from lambdacalc.cost.records import ITEM_TAIL, SHARE_TAIL, new_record
from lambdacalc.cost.rules import (
    Usage,
    plan_commitment_usd,
    plan_keep,
    tiered_cost_usd,
)
from lambdacalc.prices import (
    RESPONSE_STREAMING,
    Architecture,
    PriceBook,
)
from lambdacalc.units import (
    HOURS_PER_MONTH,
    ONE,
    ZERO,
)
from lambdacalc.workload import Account

FREE_NOTE = "share, see below"  # a function's free-tier line: its share is in the split table


def apply_free_tier(
    usages: list[Usage],
    rates: PriceSheet,
    book: PriceBook,
    account: Account,
    gb_s_by_architecture: dict[Architecture, Decimal] | None = None,
) -> FreeTierUse:
    """The free tier's requests, GB-s and streamed GB shared out between the functions in
    proportion to their use, each function's share credited on its bill.

    `gb_s_by_architecture`: the on-demand GB-s of each architecture's functions the free
    tier applies to, when the caller has summed them as this would (each from 0, in their
    order: the duration charge's groups); else summed here."""
    allowance = book.free_tier
    # Lambda@Edge has no free tier; nor, as lambdacalc reads AWS, do LMI functions
    # (a plain function, `rates.is_plain`, is neither)
    usages = [
        u for u in usages if u.plain or (not (fn := u.fn).edge and fn.managed_instances is None)
    ]
    if not account.free_tier or not usages:
        return _nothing_free(account.free_tier, book)
    total_requests = sum([u.billed_requests for u in usages], ZERO)
    total_gb_s = sum([u.gb_s for u in usages], ZERO)
    total_stream_gb = sum([u.stream_gb for u in usages], ZERO)
    free = _Free(
        min(allowance.requests, total_requests),
        total_requests,
        min(allowance.duration_gb_s, total_gb_s),
        total_gb_s,
        min(allowance.response_streaming_gb, total_stream_gb),
        total_stream_gb,
    )
    stream_rate = usd(rates, RESPONSE_STREAMING) if free.stream_gb else ZERO
    arch_gb_s = gb_s_by_architecture
    if arch_gb_s is None:
        arch_gb_s = _gb_s_by_architecture(usages)
    arch_credit = _credit_by_architecture(arch_gb_s, rates, free.gb_s, total_gb_s)
    by_gb_s = {a: (arch_credit[a], arch_gb_s[a]) for a in arch_gb_s}
    shares = _shares(usages, free, by_gb_s, stream_rate, account.savings_plan is not None)
    return FreeTierUse(
        True,
        allowance.requests,
        free.requests,
        allowance.duration_gb_s,
        free.gb_s,
        sum([share[3] for share in shares], ZERO),
        shares,
        allowance.response_streaming_gb,
        free.stream_gb,
    )


class _Free(NamedTuple):
    """The free tier's use (free) and the account's totals it is shared out by (total)."""

    requests: Decimal
    total_requests: Decimal
    gb_s: Decimal
    total_gb_s: Decimal
    stream_gb: Decimal
    total_stream_gb: Decimal


def _shares(
    usages: list[Usage],
    free: _Free,
    by_gb_s: dict[Architecture, tuple[Decimal, Decimal]],
    stream_rate: Decimal,
    plan: bool,
) -> tuple[FreeTierShare, ...]:
    """Each function's share of the free tier, credited on its bill (and taken off its
    Savings-Plan-eligible spend when the account has a `plan`). The loop of a fleet: names
    looked up and branches decided once, records built with tuple.__new__."""
    free_requests, total_requests, free_gb_s, total_gb_s, free_stream, total_stream = free
    all_requests_free = free_requests == total_requests
    all_gb_s_free = free_gb_s == total_gb_s
    no_stream_credit = ZERO * stream_rate  # a function that streams nothing: 0 × the rate
    new, share_tail, item_tail = new_record, SHARE_TAIL, ITEM_TAIL
    component = Component.FREE_TIER
    shares: list[FreeTierShare] = []
    for u in usages:
        billed = u.billed_requests
        if all_requests_free:
            req_share, request_credit = billed, u.items[0].cost_usd  # requests: charged first
        else:
            req_share = free_requests * billed / total_requests
            request_credit = req_share * (u.items[0].unit_price_usd or ZERO)
        gb_s = u.gb_s
        if not gb_s:
            gb_s_share = duration_credit = ZERO
        elif all_gb_s_free:  # all of it is free: give back exactly its charge
            gb_s_share, duration_credit = gb_s, u.duration_usd
        else:
            gb_s_share = free_gb_s * gb_s / total_gb_s
            arch_credit, arch_gb_s = by_gb_s[u.fn.architecture]
            duration_credit = arch_credit * gb_s / arch_gb_s
        if u.stream_gb:
            stream_share = free_stream * u.stream_gb / total_stream
            credit = -(request_credit + duration_credit + stream_share * stream_rate)
        else:
            stream_share = ZERO
            credit = -(request_credit + duration_credit + no_stream_credit)
        if plan:
            u.eligible_usd -= duration_credit
        share = (u.fn.name, req_share, gb_s_share, credit, stream_share)
        shares.append(new(FreeTierShare, share + share_tail))
        if credit:
            line = (component, "USD", ONE, None, credit, FREE_NOTE)
            u.adjustments.append(new(LineItem, line + item_tail))
    return tuple(shares)


def _nothing_free(applies: bool, book: PriceBook) -> FreeTierUse:
    """The free tier not used: turned off, or no function it applies to."""
    allowance = book.free_tier
    return FreeTierUse(
        applies,
        allowance.requests,
        ZERO,
        allowance.duration_gb_s,
        ZERO,
        ZERO,
        (),
        allowance.response_streaming_gb,
    )


def _gb_s_by_architecture(usages: list[Usage]) -> dict[Architecture, Decimal]:
    """Each architecture's on-demand GB-s (INIT's included), summed from 0 in order."""
    arch_gb_s: dict[Architecture, Decimal] = {}
    for u in usages:
        architecture = u.fn.architecture
        arch_gb_s[architecture] = arch_gb_s.get(architecture, ZERO) + u.gb_s
    return arch_gb_s


def _credit_by_architecture(
    arch_gb_s: dict[Architecture, Decimal],
    rates: PriceSheet,
    free_gb_s: Decimal,
    total_gb_s: Decimal,
) -> dict[Architecture, Decimal]:
    """Each architecture's free GB-s' credit. The free GB-s are the month's first, so each
    architecture's share is priced from the bottom of its own tier schedule, then shared out
    like the duration charge itself."""
    arch_credit: dict[Architecture, Decimal] = {}
    for architecture, gb_s in arch_gb_s.items():
        free_here = gb_s if free_gb_s == total_gb_s else _share(free_gb_s, gb_s, total_gb_s)
        schedule = tiers_of(rates, architecture) if free_here else ()
        arch_credit[architecture] = tiered_cost_usd(schedule, free_here) if free_here else ZERO
    return arch_credit


def _share(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    """amount × part / whole, multiplying first so that equal inputs give equal outputs; the
    whole amount when part is the whole (a sole function), free of the product's rounding."""
    if part == whole:
        return amount
    return amount * part / whole if whole else ZERO


def apply_savings_plan(usages: list[Usage], account: Account) -> SavingsPlanUse | None:
    plan = account.savings_plan
    if plan is None:
        return None
    keep = plan_keep(plan.percent)  # share of on-demand price paid
    eligible = sum((u.eligible_usd for u in usages), ZERO)
    optimal_per_hour = eligible * keep / HOURS_PER_MONTH
    optimal_effect = eligible * keep - eligible
    if plan.commitment_usd_per_hour is None:
        commitment = ZERO
        covered = eligible
        effect = optimal_effect
    else:
        commitment = plan_commitment_usd(plan.commitment_usd_per_hour)
        covered = min(eligible, commitment / keep) if keep else eligible
        effect = commitment - covered  # pay the commitment instead of the covered usage
    note = plan_note(plan.percent, commitment, covered, eligible, keep)
    if len(usages) > 1:
        note += "; split between the functions by their eligible usage"
    for u in usages:
        if eligible:
            share = _share(effect, u.eligible_usd, eligible)
        else:
            share = effect / len(usages)  # an unused commitment is still paid
        if share:
            u.adjustments.append(LineItem(Component.SAVINGS_PLAN, "USD", ONE, None, share, note))
    return SavingsPlanUse(
        discount_percent=plan.percent,
        commitment_usd_per_hour=plan.commitment_usd_per_hour,
        eligible_on_demand_usd=eligible,
        covered_on_demand_usd=covered,
        commitment_usd=commitment,
        effect_usd=effect,
        optimal_commitment_usd_per_hour=optimal_per_hour,
        optimal_effect_usd=optimal_effect,
        term=plan.term,
        payment=plan.payment,
        discount_source=plan.source,
    )
