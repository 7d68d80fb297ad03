"""What the bill says in words: its warnings and the assumptions it rests on.

Sentences only; the numbers they quote come from the account engine (`account.py`).
"""

from decimal import Decimal

from lambdacalc.cost.bill import SavingsPlanUse, dollars, plain
from lambdacalc.cost.rules import SNAPSTART_FREE_RUNTIMES, Usage, plan_keep, stream_floor_ms
from lambdacalc.currency import USD, symbol
from lambdacalc.prices import PriceBook
from lambdacalc.units import MICROSECOND_MS
from lambdacalc.workload import Account


def plan_note(
    discount_percent: Decimal,
    commitment: Decimal,
    covered: Decimal,
    eligible: Decimal,
    keep: Decimal,
) -> str:
    """What the per-function Savings Plan line is: without a commitment, the discount on the
    eligible usage; with one, the commitment paid in place of the usage it covers, and the part
    of it that pays for nothing when it is more than the eligible usage."""
    off = f"{plain(discount_percent)}% off"
    if not commitment:
        return (
            f"{off} eligible usage (duration after the free tier, provisioned concurrency): "
            f"{dollars(eligible)} at on-demand prices"
        )
    text = (
        f"the {dollars(commitment)} commitment paid in place of the {dollars(covered)} of "
        f"eligible on-demand usage it covers at {off}"
    )
    unused = commitment - eligible * keep
    if unused > 0:
        text += f"; {dollars(unused)} of it pays for nothing (more than the usage)"
    return text


def over_commitment_warning(plan: SavingsPlanUse) -> str | None:
    """A warning when a Savings Plan commitment is more than the eligible usage can use: the
    excess is paid for nothing."""
    if plan.commitment_usd_per_hour is None:
        return None
    keep = plan_keep(plan.discount_percent)
    unused = plan.commitment_usd - plan.eligible_on_demand_usd * keep
    if unused <= 0:
        return None
    return (
        f"Savings Plan: the {dollars(plan.commitment_usd)} a month commitment "
        f"({symbol()}{plain(plan.commitment_usd_per_hour)}/h) is more than the eligible usage: it "
        f"covers up to {dollars(plan.commitment_usd / keep) if keep else 'any amount'} of "
        f"on-demand usage, but there is {dollars(plan.eligible_on_demand_usd)}, so "
        f"{dollars(unused)} a month pays for nothing; the bill is lowest at "
        f"{symbol()}{plan.optimal_commitment_usd_per_hour.quantize(Decimal('0.0001')):f}/h"
    )


_TIMEOUT_MS = Decimal(900_000)  # Lambda's longest timeout, 900 s (a Decimal: no int converted)


def bill_warnings(usages: list[Usage]) -> list[str]:
    """What looks wrong with the workload's billing: one line each, priced anyway. (Whether
    it fits the account's concurrency is the concurrency model's question; `lambdacalc
    cost` adds that verdict to the bill's warnings.)"""
    out: list[str] = []
    for u in usages:
        f = u.fn
        if f.duration_ms + f.init_duration_ms > _TIMEOUT_MS:
            out.append(f"{f.name}: INIT plus duration exceeds Lambda's 900 s timeout")
        if u.pc_asked is not None:
            out.extend(_pc_warnings(u, u.pc_asked))
        if f.response_bytes_per_request is None:  # no stream, no floor (most functions)
            continue
        if stream_floor_ms(f.response_bytes_per_request) > f.duration_ms:
            out.append(stream_floor_warning(f.name, f.response_bytes_per_request, f.duration_ms))
    return out


def stream_floor_warning(name: str, response_bytes: Decimal | None, duration_ms: Decimal) -> str:
    """The bill raised a streaming function's duration to what its response needs."""
    floor = stream_floor_ms(response_bytes)
    assert response_bytes is not None
    mb = plain(response_bytes / (1024 * 1024))
    return (
        f"{name}: a {mb} MB streamed response takes at least {plain(floor)} ms (beyond the "
        f"first 6 MB Lambda streams at most 2 MB/s), so its duration is billed as "
        f"{plain(floor)} ms, not {plain(duration_ms)} ms (+{plain(floor - duration_ms)} ms a "
        "request); give the measured duration if it is longer"
    )


def _pc_warnings(u: Usage, asked: Decimal) -> list[str]:
    """Where a scenario's provisioned_concurrency.requests_per_month could not be priced as
    given: more than the function's requests, or more than its environments can serve."""
    f = u.fn
    pc = f.provisioned
    assert pc is not None
    out = []
    if asked > u.requests:
        out.append(
            f"{f.name}: provisioned_concurrency.requests_per_month ({plain(asked)}) is more "
            f"than the function's {plain(u.requests)} requests a month; at most those can run "
            f"on provisioned concurrency"
        )
    wanted = min(asked, u.requests)
    if wanted > u.pc_requests:
        out.append(
            f"{f.name}: {plain(wanted - u.pc_requests)} of the {plain(wanted)} requests given "
            f"to provisioned concurrency are priced on demand: {pc.environments} environments "
            f"enabled {plain(pc.hours_per_month)} h serve at most {plain(u.pc_capacity)} "
            f"requests of {plain(u.pc_duration_ms, MICROSECOND_MS)} ms (one at a time each); "
            f"lower provisioned_concurrency.requests_per_month or raise its count"
        )
    return out


def bill_assumptions(
    usages: list[Usage], account: Account, book: PriceBook | None = None
) -> list[str]:
    out = ["A month is 730 hours; traffic is spread evenly over it."]
    if book is not None and book.currency != USD:
        out.append(
            f"Amounts are in {book.currency} ({symbol()}), as {book.name} prices "
            f"{account.region}; a bill is in one currency, never mixed with USD."
        )
    if not all(u.fn.duration_billed for u in usages):
        out.append("Each invocation's average duration is billed rounded up to the next 1 ms.")
    if any(u.fn.duration_billed for u in usages):
        out.append(
            "duration_billed: duration_ms is a mean of measured Billed Durations (each already "
            "rounded up to 1 ms by Lambda) and is billed as given."
        )
    out += [
        "Volume tiers apply to the account's aggregate on-demand GB-s per architecture "
        "in the region.",
    ]
    out.append(_free_tier_note(account, book))
    if any(u.init_gb_s for u in usages):
        out.append(
            "INIT is billed at the on-demand rate (ZIP functions on managed runtimes since "
            "1 Aug 2025); a cold invocation is billed ceil(INIT + duration) ms."
        )
    # a plain function (`rates.is_plain`) has none of the features the notes below are about
    usages = [u for u in usages if not u.plain]
    if any(u.fn.provisioned is not None for u in usages):
        out.append(
            "Provisioned concurrency serves the traffic that arrives while it is enabled (or "
            "its requests_per_month), but at most count × enabled time ÷ duration "
            "invocations, each environment serving one at a time; the rest spills over to "
            "on-demand prices. Enabled time is billed rounded up to 5 minutes."
        )
    if account.savings_plan is not None:
        out.append(
            "The Savings Plan discount applies to duration, provisioned concurrency and "
            "provisioned duration, never to requests, ephemeral storage, SnapStart, "
            "streaming or Lambda@Edge; a commitment is compared with usage spread evenly "
            "over the month's hours."
        )
    out += _feature_notes(usages)
    return out


def _free_tier_note(account: Account, book: PriceBook | None) -> str:
    """How the free tier is applied: the account's, none in the book's region, or off."""
    no_allowance = book is not None and not (
        book.free_tier.requests or book.free_tier.duration_gb_s
    )
    if account.free_tier and no_allowance:
        return (
            f"The price book ({book.name if book else ''}) gives no free tier for "
            f"{account.region}, so none is applied."
        )
    if account.free_tier:
        return (
            "The free tier (1M requests, 400,000 GB-s a month) is the account's; it is split "
            "between functions by their requests and on-demand GB-s (AWS does not document "
            "how it splits it between x86 and Arm). It never reduces provisioned concurrency."
        )
    return "The free tier is not applied (free_tier: false)."


def _feature_notes(usages: list[Usage]) -> list[str]:
    """SnapStart, response streaming, large async events and Lambda@Edge, when used."""
    out: list[str] = []
    snap = [u.fn.snapstart for u in usages if u.fn.snapstart is not None]
    if snap:
        out.append(
            "SnapStart: the cache is charged for the hours versions are active (at least 3), "
            "by memory; each restore by memory."
            + (
                " Java managed runtimes are not charged for SnapStart."
                if any(s.runtime in SNAPSTART_FREE_RUNTIMES for s in snap)
                else ""
            )
        )
    if any(u.stream_gb for u in usages):
        out.append(
            "Response streaming: the first 6 MB of each response are free, then 100 GB a month "
            "for the account; 1 GB = 1,024 MB."
        )
    if any(u.billed_requests != u.requests for u in usages):
        out.append(
            "Every invocation of a function with async_event_kb receives an event of that size "
            "(above 256 KB, 1 more request per 64 KB or part)."
        )
    if any(u.fn.edge for u in usages):
        out.append(
            "Lambda@Edge functions are priced at Lambda@Edge rates, flat, without the free "
            "tier, the volume tiers or the Savings Plan."
        )
    return out
