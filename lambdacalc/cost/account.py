"""The account-level engine: the monthly bill of a Lambda account, Workload × PriceBook → Bill.

One function's quantities come from `lambdacalc.cost.rules`; here they are priced and the
account-level effects between functions applied (volume tiers, free tier, Savings Plan).

The rules, in the order they apply (all quantities per month, all money in Decimal USD):

* Requests: every invocation, provisioned-concurrency-served included, × the request price.
* On-demand duration: invocations × ceil(duration_ms) / 1000 × memory_mb / 1024 GB-s
  (duration_ms as given when it is already a mean of billed durations, `duration_billed`:
  ceil of a mean would bill up to 1 ms a request that Lambda never billed). The volume
  tiers apply to the aggregate on-demand GB-s of all functions of one architecture in the
  region (the account), not per function; each function carries its share of that
  tiered cost in proportion to its GB-s.
* INIT (cold starts): on-demand invocations × cold_start_percent run INIT, billed since
  1 Aug 2025 at the on-demand duration rate; a cold invocation is billed
  ceil(init_ms + duration_ms), so INIT adds ceil(init + duration) − ceil(duration) ms.
* Ephemeral storage: configured MB above the free 512 MB, × billed seconds, × its rate;
  memory does not enter this charge (the defect Infracost has).
* Provisioned concurrency (PC): count × memory GB × enabled seconds (hours rounded up to
  5 minutes) × the PC rate; invocations served by PC pay the PC-duration rate; the rest
  spill over to on-demand prices. PC serves the traffic in its window, or the scenario's
  requests_per_month for it, but never more than count × enabled seconds ÷ seconds per
  invocation (Little's law: an environment serves one at a time); requests given to PC
  beyond that are priced on demand with a warning.
* Free tier (account-wide, both architectures): 1M requests and 400,000 GB-s come off
  requests and on-demand duration (INIT included), never off PC charges. They are split
  between functions in proportion to their requests and on-demand GB-s, and the free GB-s
  are the month's first, so they are credited at the first tier's rate.
* Durable functions, tenant isolation and provisioned-mode event pollers: each quantity
  (`lambdacalc.cost.extras`) at its one price, outside the free tier and the Savings Plan.
* Compute Savings Plan: discount_percent off on-demand duration (after the free tier), PC
  and PC duration; never requests or storage. With an hourly commitment, usage is covered
  at the discounted rate up to the commitment, the rest at on-demand rates, and the whole
  commitment is paid. Its effect is split between functions by their eligible spend.

Money is never rounded here; renderers round totals for display.
"""

from decimal import Decimal

from lambdacalc.cost.bill import (
    Bill,
    Component,
    LineItem,
    TierUsage,
    plain,
    tier_usage,
)
from lambdacalc.cost.credits import apply_free_tier, apply_savings_plan
from lambdacalc.cost.extras import extras_of, has_extras, unit_price
from lambdacalc.cost.managed import charge_managed, managed_assumptions
from lambdacalc.cost.notes import (
    bill_assumptions,
    bill_warnings,
    over_commitment_warning,
)
from lambdacalc.cost.plans import resolve_plan
from lambdacalc.cost.rates import PriceSheet, resolve_prices, tiers_of, usd
from lambdacalc.cost.records import ITEM_TAIL, function_costs, new_record, share_duration
from lambdacalc.cost.rules import (
    FREE_EPHEMERAL_MB,
    Usage,
    pc_billed_hours,
    requests_per_async_event,
    snapstart_cache_hours,
    snapstart_charged,
    snapstart_restores,
    tiered_cost_usd,
    usage,
)
from lambdacalc.currency import money_in
from lambdacalc.prices import (
    EDGE_DURATION,
    EDGE_REQUEST,
    EPHEMERAL_STORAGE,
    PROVISIONED_CONCURRENCY,
    PROVISIONED_DURATION,
    REQUEST,
    RESPONSE_STREAMING,
    SNAPSTART_CACHE,
    SNAPSTART_RESTORE,
    Architecture,
    PriceBook,
)
from lambdacalc.units import (
    MB_PER_GB,
    ONE_MILLION,
    S_PER_HOUR,
    ZERO,
)
from lambdacalc.workload import ProvisionedConcurrency, Workload


def price(workload: Workload, book: PriceBook) -> Bill:
    """Price every function of the workload and the account-level effects between them.

    It allocates many small records and creates no reference cycles: a caller pricing a
    fleet may pause the cyclic garbage collector around it (the `cost` command does).
    """
    with money_in(book.currency):  # its notes quote amounts in the book's currency
        return _price(workload, book)


def _price(workload: Workload, book: PriceBook) -> Bill:
    account = workload.account
    if account.savings_plan is not None:
        account = account._replace(savings_plan=resolve_plan(account.savings_plan, book))
    region = book.region(account.region)
    usages = [usage(fn) for fn in workload.functions]
    rates = resolve_prices(usages, book, region)

    _charge_direct(usages, rates)
    tiers, gb_s_by_architecture = _charge_on_demand_duration(
        usages, rates, account.savings_plan is not None
    )
    free = apply_free_tier(usages, rates, book, account, gb_s_by_architecture)
    plan = apply_savings_plan(usages, account)

    warnings = tuple(bill_warnings(usages)) + tuple(
        w for w in [plan and over_commitment_warning(plan)] if w
    )
    assumptions = tuple(bill_assumptions(usages, account, book)) + tuple(
        managed_assumptions(workload.functions)
    )
    functions = function_costs(usages)  # (empties `usages`)
    total = sum([f.total_usd for f in functions], ZERO)
    return Bill(
        workload=workload.name,
        region=region.code,
        region_name=region.name,
        book=book,
        functions=functions,
        total_usd=total,
        tiers=tuple(tiers),
        free_tier=free,
        savings_plan=plan,
        warnings=warnings,
        assumptions=assumptions,
    )


def _request_prices(rates: PriceSheet) -> dict[Architecture | None, Decimal]:
    """USD per request for each architecture the workload uses, and for Lambda@Edge (None),
    worked out once rather than per function."""
    out: dict[Architecture | None, Decimal] = {}
    for architecture in Architecture:
        if REQUEST[architecture] in rates:
            out[architecture] = usd(rates, REQUEST[architecture]) / ONE_MILLION
    if EDGE_REQUEST in rates:
        out[None] = usd(rates, EDGE_REQUEST) / ONE_MILLION
    return out


def _charge_direct(usages: list[Usage], rates: PriceSheet) -> None:
    """Charges with a single rate: requests, storage, PC and PC duration."""
    request_usd = _request_prices(rates)
    new, requests, tail = new_record, Component.REQUESTS, ITEM_TAIL
    for u in usages:
        fn = u.fn
        billed = u.billed_requests
        if u.plain:  # (`rates.is_plain`: not Lambda@Edge, no large async event, none of the
            # charges below but /tmp; a fleet's functions: the line built in place)
            per_request = request_usd[fn.architecture]
            line = (requests, "requests", billed, per_request, billed * per_request, "")
            u.items.append(new(LineItem, line + tail))
            if u.storage_gb_s:
                _charge_storage(u, rates)
            continue
        per_request = request_usd[None if fn.edge else fn.architecture]
        if fn.async_event_kb is None:
            line = (requests, "requests", billed, per_request, billed * per_request, "")
            u.items.append(new(LineItem, line + tail))
        else:
            _charge_requests(u, per_request)
        if fn.managed_instances is not None:
            charge_managed(u)
        if snapstart_charged(fn):
            _charge_snapstart(u, rates)
        if has_extras(fn):
            _charge_extras(u, rates)
        if u.stream_gb:
            _charge_streaming(u, rates)
        if u.storage_gb_s:
            _charge_storage(u, rates)
        if fn.provisioned is not None:
            _charge_provisioned(u, fn.provisioned, rates)


def _charge_requests(u: Usage, per_request: Decimal) -> None:
    """The requests billed (a large async event counts as more than one)."""
    fn = u.fn
    detail = ""
    if fn.async_event_kb is not None and u.billed_requests != u.requests:
        per_event = requests_per_async_event(fn.async_event_kb)
        detail = f"{per_event} per {fn.async_event_kb} KB event"
    u.items.append(
        LineItem(
            Component.REQUESTS,
            "requests",
            u.billed_requests,
            per_request,
            u.billed_requests * per_request,
            detail,
        ),
    )


def _charge_streaming(u: Usage, rates: PriceSheet) -> None:
    """A streamed response's GB beyond 6 MB each."""
    rate = usd(rates, RESPONSE_STREAMING)
    u.extras.append(
        LineItem(
            Component.RESPONSE_STREAMING,
            "GB",
            u.stream_gb,
            rate,
            u.stream_gb * rate,
            "beyond 6 MB each",
        ),
    )


def _charge_storage(u: Usage, rates: PriceSheet) -> None:
    """Ephemeral storage (/tmp) beyond the free 512 MB, in GB-s."""
    rate = usd(rates, EPHEMERAL_STORAGE)
    u.extras.append(
        LineItem(
            Component.EPHEMERAL_STORAGE,
            "GB-s",
            u.storage_gb_s,
            rate,
            u.storage_gb_s * rate,
            f"{u.fn.ephemeral_storage_mb - FREE_EPHEMERAL_MB} MB over 512",
        ),
    )


def _charge_provisioned(u: Usage, pc: ProvisionedConcurrency, rates: PriceSheet) -> None:
    """Provisioned concurrency: its environments' GB-s and the duration of the calls it
    serves, both eligible for the Savings Plan."""
    fn = u.fn
    pc_rate = usd(rates, PROVISIONED_CONCURRENCY[fn.architecture])
    pcd_rate = usd(rates, PROVISIONED_DURATION[fn.architecture])
    pc_usd = u.pc_gb_s * pc_rate
    pcd_usd = u.pc_duration_gb_s * pcd_rate
    u.extras.append(
        LineItem(
            Component.PROVISIONED_CONCURRENCY,
            "GB-s",
            u.pc_gb_s,
            pc_rate,
            pc_usd,
            f"{pc.environments} × {plain(pc_billed_hours(pc.hours_per_month))} h",
        ),
    )
    u.extras.append(
        LineItem(
            Component.PROVISIONED_DURATION,
            "GB-s",
            u.pc_duration_gb_s,
            pcd_rate,
            pcd_usd,
            f"{plain(u.pc_requests)} invocations",
        ),
    )
    u.eligible_usd += pc_usd + pcd_usd


def _charge_snapstart(u: Usage, rates: PriceSheet) -> None:
    """SnapStart (Python, .NET): the cached snapshot, memory GB × seconds the version is
    active (at least 3 hours), and each restore, memory GB × restores."""
    snap = u.fn.snapstart
    assert snap is not None
    memory_gb = Decimal(u.fn.memory_mb) / MB_PER_GB
    cache_rate = usd(rates, SNAPSTART_CACHE)
    hours = snapstart_cache_hours(snap.active_hours_per_month)
    cache_gb_s = memory_gb * hours * S_PER_HOUR
    u.extras.append(
        LineItem(
            Component.SNAPSTART_CACHE,
            "GB-s",
            cache_gb_s,
            cache_rate,
            cache_gb_s * cache_rate,
            f"{plain(hours)} h active",
        ),
    )
    restores = snapstart_restores(u.requests, snap.restore_percent)
    if restores:
        restore_rate = usd(rates, SNAPSTART_RESTORE)
        restored_gb = restores * memory_gb
        u.extras.append(
            LineItem(
                Component.SNAPSTART_RESTORE,
                "GB",
                restored_gb,
                restore_rate,
                restored_gb * restore_rate,
                f"{plain(restores)} restores",
            ),
        )


def _charge_extras(u: Usage, rates: PriceSheet) -> None:
    """Durable functions, tenant isolation and event poller units: each quantity at its one
    price (`lambdacalc.cost.extras`); no free tier, no Savings Plan."""
    for extra in extras_of(u.fn):
        rate = unit_price(extra, usd(rates, extra.price))
        u.extras.append(
            LineItem(
                extra.component,
                extra.unit,
                extra.quantity,
                rate,
                extra.quantity * rate,
                extra.detail,
            ),
        )


def _charge_edge_duration(usages: list[Usage], rates: PriceSheet) -> None:
    """Lambda@Edge duration: one flat rate, no volume tiers, no free tier, no Savings Plan."""
    rate = usd(rates, EDGE_DURATION)
    for u in usages:
        u.items.append(
            LineItem(Component.DURATION, "GB-s", u.od_gb_s, rate, u.od_gb_s * rate, "Lambda@Edge"),
        )
        if u.init_gb_s:
            u.items.append(LineItem(Component.INIT, "GB-s", u.init_gb_s, rate, u.init_gb_s * rate))


def _charge_on_demand_duration(
    usages: list[Usage], rates: PriceSheet, plan: bool = True
) -> tuple[list[TierUsage], dict[Architecture, Decimal]]:
    """Tiered on-demand duration per architecture, shared out by GB-s (and counted as
    Savings-Plan-eligible spend when the account has a `plan`); with the tiers used, each
    architecture's on-demand GB-s (of its functions beside Lambda@Edge and LMI, in their
    order: the free tier's functions, whose split needs the same sums)."""
    tiers_used: list[TierUsage] = []
    gb_s_by_architecture: dict[Architecture, Decimal] = {}
    edge: list[Usage] = []
    groups: dict[Architecture, list[Usage]] = {architecture: [] for architecture in Architecture}
    for u in usages:  # (one pass: a fleet's functions sorted out as they come)
        fn = u.fn
        if u.plain:  # (`rates.is_plain`: neither Lambda@Edge nor LMI)
            groups[fn.architecture].append(u)
        elif fn.edge:
            edge.append(u)
        elif fn.managed_instances is None:  # LMI: no duration
            groups[fn.architecture].append(u)
    if edge:
        _charge_edge_duration(edge, rates)
    for architecture, group in groups.items():
        if not group:
            continue
        total_gb_s = gb_s_by_architecture[architecture] = sum([u.gb_s for u in group], ZERO)
        if not total_gb_s:
            for u in group:
                u.items.append(LineItem(Component.DURATION, "GB-s", ZERO, None, ZERO))
            continue
        schedule = tiers_of(rates, architecture)
        tiered_usd = tiered_cost_usd(schedule, total_gb_s)
        flat = len(schedule) == 1 or total_gb_s <= (schedule[0].up_to_gb_s or total_gb_s)
        unit_price = schedule[0].usd_per_gb_s if flat else None
        tiers_used.extend(tier_usage(architecture, schedule, total_gb_s))
        share_duration(group, tiered_usd, total_gb_s, unit_price, plan)
    return tiers_used, gb_s_by_architecture
