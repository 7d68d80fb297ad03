"""The monthly bill of a Lambda account: Workload × PriceBook → Bill.

A bill is a list of line items per function (Infracost's cost components): each names its
unit, quantity, unit price and cost, and every output format renders that one structure.

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
* Compute Savings Plan: discount_percent off on-demand duration (after the free tier), PC
  and PC duration; never requests or storage. With an hourly commitment, usage is covered
  at the discounted rate up to the commitment, the rest at on-demand rates, and the whole
  commitment is paid. Its effect is split between functions by their eligible spend.

Money is never rounded here; renderers round totals for display.
"""

from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal
from enum import Enum
from typing import NamedTuple

from lambdacalc.prices import (
    DURATION,
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
    PriceRef,
    RegionPrices,
    Tier,
)
from lambdacalc.units import (
    HOURS_PER_MONTH,
    MB_PER_GB,
    MICROSECOND_MS,
    MS_PER_S,
    ONE_MILLION,
    S_PER_HOUR,
    ZERO,
    billed_duration_ms,
    ceil_ms,
)
from lambdacalc.workload import Account, FunctionWorkload, Workload

FREE_EPHEMERAL_MB = 512
HUNDRED = Decimal(100)
ASYNC_FREE_KB = 256  # an async event's first 256 KB count as its one request
ASYNC_CHUNK_KB = 64  # each further 64 KB (or part) counts one more, up to 1 MB
STREAM_FREE_BYTES_PER_REQUEST = 6 * 1024 * 1024  # the first 6 MB of each response stream
BYTES_PER_GB = Decimal(1024**3)
SNAPSTART_MIN_HOURS = Decimal(3)  # the cache is charged for at least 3 hours
SNAPSTART_FREE_RUNTIMES = frozenset({"java"})  # Java managed runtimes pay no SnapStart fees
ONE = Decimal(1)
FREE_NOTE = "share, see below"


class Component(str, Enum):
    """Cost components; their values are the stable keys of JSON and CSV output."""

    REQUESTS = "requests"
    DURATION = "duration"
    INIT = "init"
    EPHEMERAL_STORAGE = "ephemeral_storage"
    PROVISIONED_CONCURRENCY = "provisioned_concurrency"
    PROVISIONED_DURATION = "provisioned_duration"
    SNAPSTART_CACHE = "snapstart_cache"
    SNAPSTART_RESTORE = "snapstart_restore"
    RESPONSE_STREAMING = "response_streaming"
    FREE_TIER = "free_tier"
    SAVINGS_PLAN = "savings_plan"


COMPONENT_LABELS = {
    Component.REQUESTS: "Requests",
    Component.DURATION: "Duration (on-demand)",
    Component.INIT: "INIT (cold starts)",
    Component.EPHEMERAL_STORAGE: "Ephemeral storage",
    Component.PROVISIONED_CONCURRENCY: "Provisioned concurrency",
    Component.PROVISIONED_DURATION: "Duration (provisioned)",
    Component.SNAPSTART_CACHE: "SnapStart cache",
    Component.SNAPSTART_RESTORE: "SnapStart restore",
    Component.RESPONSE_STREAMING: "Response streaming",
    Component.FREE_TIER: "Free tier",
    Component.SAVINGS_PLAN: "Savings Plan",
}


class LineItem(NamedTuple):
    component: Component
    unit: str
    quantity: Decimal
    unit_price_usd: Decimal | None  # None where the price is a blend (tiers, allocations)
    cost_usd: Decimal
    detail: str = ""

    @property
    def label(self) -> str:
        return COMPONENT_LABELS[self.component]


class FunctionCost(NamedTuple):
    name: str
    architecture: Architecture
    memory_mb: int
    requests: Decimal
    on_demand_requests: Decimal
    provisioned_requests: Decimal
    billed_duration_ms: Decimal
    on_demand_gb_s: Decimal  # invocations only
    init_gb_s: Decimal
    provisioned_duration_gb_s: Decimal
    items: tuple[LineItem, ...]
    total_usd: Decimal

    def component_usd(self, component: Component) -> Decimal:
        return sum((i.cost_usd for i in self.items if i.component is component), ZERO)


class TierUsage(NamedTuple):
    architecture: Architecture
    position: int  # 0 = first tier
    from_gb_s: Decimal
    up_to_gb_s: Decimal | None
    gb_s: Decimal
    usd_per_gb_s: Decimal
    cost_usd: Decimal

    @property
    def name(self) -> str:
        """Infracost-style bucket names: first 6B, next 9B, over 15B."""
        if self.position == 0 and self.up_to_gb_s is not None:
            return f"first {_short(self.up_to_gb_s)} GB-s"
        if self.up_to_gb_s is None:
            return f"over {_short(self.from_gb_s)} GB-s" if self.from_gb_s else "all GB-s"
        return f"next {_short(self.up_to_gb_s - self.from_gb_s)} GB-s"


class FreeTierShare(NamedTuple):
    function: str
    requests: Decimal
    gb_s: Decimal
    credit_usd: Decimal  # negative
    streaming_gb: Decimal = ZERO


class FreeTierUse(NamedTuple):
    enabled: bool
    requests_allowance: Decimal
    requests_used: Decimal
    gb_s_allowance: Decimal
    gb_s_used: Decimal
    credit_usd: Decimal  # negative or zero
    shares: tuple[FreeTierShare, ...]
    streaming_gb_allowance: Decimal = ZERO
    streaming_gb_used: Decimal = ZERO


class SavingsPlanUse(NamedTuple):
    discount_percent: Decimal
    commitment_usd_per_hour: Decimal | None
    eligible_on_demand_usd: Decimal  # what the eligible usage costs without the plan
    covered_on_demand_usd: Decimal  # the part of it the plan covers
    commitment_usd: Decimal  # paid for the month (commitment × 730 h); 0 without one
    effect_usd: Decimal  # change to the bill: negative is a saving
    optimal_commitment_usd_per_hour: Decimal  # the commitment that minimises the bill
    optimal_effect_usd: Decimal


class Bill(NamedTuple):
    workload: str
    region: str
    region_name: str
    book: PriceBook
    functions: tuple[FunctionCost, ...]
    total_usd: Decimal
    tiers: tuple[TierUsage, ...]
    free_tier: FreeTierUse
    savings_plan: SavingsPlanUse | None
    warnings: tuple[str, ...]
    assumptions: tuple[str, ...]

    def components_present(self) -> list[Component]:
        """Components that appear in any function, in declaration order."""
        seen = {i.component for f in self.functions for i in f.items}
        return [c for c in Component if c in seen]


# --- tiered pricing ------------------------------------------------------------------------


def tiered_cost_usd(tiers: Sequence[Tier], gb_s: Decimal) -> Decimal:
    """Cost of `gb_s` GB-s counted from zero through cumulative tiers."""
    cost = ZERO
    lower = ZERO
    for tier in tiers:
        if tier.up_to_gb_s is None or gb_s <= tier.up_to_gb_s:
            return cost + (gb_s - lower) * tier.usd_per_gb_s
        cost += (tier.up_to_gb_s - lower) * tier.usd_per_gb_s
        lower = tier.up_to_gb_s
    return cost  # unreachable for a valid book: its last tier is open-ended


def tier_usage(architecture: Architecture, tiers: Sequence[Tier], gb_s: Decimal) -> list[TierUsage]:
    """How `gb_s` fills each tier; only tiers that hold some usage are listed."""
    used: list[TierUsage] = []
    lower = ZERO
    for index, tier in enumerate(tiers):
        upper = tier.up_to_gb_s
        in_tier = gb_s - lower if upper is None else min(gb_s, upper) - lower
        if in_tier > 0:
            used.append(
                TierUsage(
                    architecture,
                    index,
                    lower,
                    upper,
                    in_tier,
                    tier.usd_per_gb_s,
                    in_tier * tier.usd_per_gb_s,
                )
            )
        if upper is None or gb_s <= upper:
            break
        lower = upper
    return used


# --- per-function quantities ---------------------------------------------------------------


class _Usage:
    """Quantities of one function before account-level allocation (mutable scratch)."""

    __slots__ = (
        "adjustments",
        "billed_ms",
        "billed_requests",
        "duration_usd",
        "eligible_usd",
        "extras",
        "fn",
        "init_gb_s",
        "items",
        "od_gb_s",
        "od_requests",
        "pc_asked",
        "pc_capacity",
        "pc_duration_gb_s",
        "pc_duration_ms",
        "pc_gb_s",
        "pc_requests",
        "requests",
        "storage_gb_s",
        "stream_gb",
    )

    def __init__(
        self,
        fn: FunctionWorkload,
        requests: Decimal,
        od_requests: Decimal,
        pc_requests: Decimal,
        billed_ms: Decimal,
        od_gb_s: Decimal,
        init_gb_s: Decimal,
        pc_gb_s: Decimal,  # configured PC: count × GB × seconds enabled
        pc_duration_gb_s: Decimal,
        storage_gb_s: Decimal,
        billed_requests: Decimal,
        stream_gb: Decimal,
    ) -> None:
        self.fn = fn
        self.requests = requests
        self.od_requests = od_requests
        self.pc_requests = pc_requests
        self.billed_ms = billed_ms
        self.od_gb_s = od_gb_s
        self.init_gb_s = init_gb_s
        self.pc_gb_s = pc_gb_s
        self.pc_duration_gb_s = pc_duration_gb_s
        self.storage_gb_s = storage_gb_s
        self.billed_requests = billed_requests  # requests charged: large async events count more
        self.stream_gb = stream_gb  # response-stream GB beyond the free 6 MB per request
        # Line items in their display order without sorting: usage charges, then
        # storage and provisioned concurrency, then account-level adjustments.
        self.items: list[LineItem] = []
        self.extras: list[LineItem] = []
        self.adjustments: list[LineItem] = []
        self.eligible_usd = ZERO  # Savings-Plan-eligible spend
        self.duration_usd = ZERO  # on-demand duration and INIT charges
        # With provisioned concurrency: the requests the scenario puts on it (None: derived),
        # the most it can serve in the month, and the duration of each (for warnings).
        self.pc_asked: Decimal | None = None
        self.pc_capacity = ZERO
        self.pc_duration_ms = ZERO

    def add(self, bucket: list[LineItem], item: LineItem) -> None:
        bucket.append(item)


def pc_billed_hours(hours: Decimal) -> Decimal:
    """Enabled time rounds up to whole 5-minute steps (12 a hour).

    The step count is first rounded to 1e-9 so that hours written as fractions
    (61/60) do not gain a step from Decimal's last-digit noise.
    """
    steps = (hours * 12).quantize(Decimal("1e-9")).to_integral_value(rounding=ROUND_CEILING)
    return steps / 12


_MB_MS_PER_GB_S = MB_PER_GB * MS_PER_S  # MB × ms → GB-s


def pc_window(
    requests: Decimal, environments: int, hours_per_month: Decimal, given_requests: Decimal | None
) -> tuple[Decimal, Decimal]:
    """The requests meant for PC (given, or the month's traffic while it is enabled) and the
    environment-ms it is enabled. By Little's law an environment serves one request at a
    time, so PC serves min(meant, enabled ms ÷ ms per request); the rest spills over to
    on-demand."""
    meant = (
        requests * hours_per_month / HOURS_PER_MONTH
        if given_requests is None
        else min(given_requests, requests)
    )
    return meant, environments * hours_per_month * S_PER_HOUR * MS_PER_S


def _usage(fn: FunctionWorkload) -> _Usage:
    """Billable quantities of one function: invocations split between PC and on-demand,
    GB-s = invocations × ceil(duration_ms) × memory_mb / (1024 × 1000), or × duration_ms
    itself when it is a mean of already billed durations."""
    memory_mb = fn.memory_mb
    duration_ms = fn.duration_ms
    billed_ms = billed_duration_ms(duration_ms, fn.duration_billed)
    requests = fn.requests_per_month
    pc_requests = pc_gb_s = pc_duration_gb_s = pc_billed_ms = pc_ms = capacity = ZERO
    pc = fn.provisioned
    if pc is not None:
        pc_ms = pc.duration_ms if pc.duration_ms is not None else duration_ms
        pc_billed_ms = billed_ms if pc.duration_ms is None else ceil_ms(pc.duration_ms)
        hours = pc_billed_hours(pc.hours_per_month)
        seconds = (hours * S_PER_HOUR).quantize(ONE)
        pc_gb_s = pc.environments * seconds * memory_mb / MB_PER_GB
        in_window, enabled_ms = pc_window(
            requests, pc.environments, pc.hours_per_month, pc.requests_per_month
        )
        capacity = enabled_ms / pc_ms if pc_ms else in_window
        pc_requests = min(in_window, capacity)
        pc_duration_gb_s = pc_requests * pc_billed_ms * memory_mb / _MB_MS_PER_GB_S
    od_requests = requests - pc_requests if pc_requests else requests
    od_gb_s = od_requests * billed_ms * memory_mb / _MB_MS_PER_GB_S
    init_extra_ms = cold_starts = init_gb_s = ZERO
    if fn.cold_start_percent and fn.init_duration_ms:
        cold_starts = od_requests * fn.cold_start_percent / HUNDRED
        init_extra_ms = ceil_ms(fn.init_duration_ms + duration_ms) - billed_ms
        init_gb_s = cold_starts * init_extra_ms * memory_mb / _MB_MS_PER_GB_S
    storage_gb_s = ZERO
    if fn.ephemeral_storage_mb > FREE_EPHEMERAL_MB:
        billed_total_ms = od_requests * billed_ms + cold_starts * init_extra_ms
        billed_total_ms += pc_requests * pc_billed_ms
        extra_mb = fn.ephemeral_storage_mb - FREE_EPHEMERAL_MB
        storage_gb_s = billed_total_ms * extra_mb / _MB_MS_PER_GB_S
    billed_requests = requests
    if fn.async_event_kb is not None:
        billed_requests = requests * requests_per_async_event(fn.async_event_kb)
    usage = _Usage(
        fn,
        requests,
        od_requests,
        pc_requests,
        billed_ms,
        od_gb_s,
        init_gb_s,
        pc_gb_s,
        pc_duration_gb_s,
        storage_gb_s,
        billed_requests,
        streamed_gb(fn),
    )
    if pc is not None:
        usage.pc_asked = pc.requests_per_month
        usage.pc_capacity = capacity
        usage.pc_duration_ms = pc_ms
    return usage


def streamed_gb(fn: FunctionWorkload) -> Decimal:
    """Response-stream GB a month beyond the free 6 MB of each response (memory does not
    change it; sizing reads it from here)."""
    if fn.response_bytes_per_request is None:
        return ZERO
    beyond = fn.response_bytes_per_request - STREAM_FREE_BYTES_PER_REQUEST
    return fn.requests_per_month * beyond / BYTES_PER_GB if beyond > 0 else ZERO


def snapstart_charged(fn: FunctionWorkload) -> bool:
    """SnapStart with fees: Python and .NET; Java managed runtimes pay none."""
    snap = fn.snapstart
    return snap is not None and snap.runtime not in SNAPSTART_FREE_RUNTIMES


def requests_per_async_event(event_kb: Decimal) -> int:
    """An asynchronous event bills 1 request for its first 256 KB and 1 more for each
    further 64 KB or part of it: a 1 MB (1,024 KB) event is 1 + ceil(768 / 64) = 13."""
    extra_kb = max(ZERO, event_kb - ASYNC_FREE_KB)
    return 1 + int((extra_kb / ASYNC_CHUNK_KB).to_integral_value(rounding=ROUND_CEILING))


# --- the prices a workload needs ---------------------------------------------------------


class PriceNeed(NamedTuple):
    """A price the engine will charge a function at, and why it needs it."""

    price: PriceRef
    setting: str  # the function's scenario key that calls for it; "" = its region's basics


def _needs_of(setting: str, *refs: PriceRef) -> tuple[PriceNeed, ...]:
    return tuple(PriceNeed(ref, setting) for ref in refs)


# Built once: pricing 10,000 functions asks for these 10,000 times.
_REQUEST_NEED = {arch: PriceNeed(REQUEST[arch], "") for arch in Architecture}
_DURATION_NEED = {arch: PriceNeed(DURATION[arch], "") for arch in Architecture}
_PC_NEEDS = {
    arch: _needs_of(
        "provisioned_concurrency", PROVISIONED_CONCURRENCY[arch], PROVISIONED_DURATION[arch]
    )
    for arch in Architecture
}
_EDGE_NEEDS = _needs_of("edge", EDGE_REQUEST, EDGE_DURATION)
_STORAGE_NEED = PriceNeed(EPHEMERAL_STORAGE, "ephemeral_storage_mb")
_SNAPSTART_CACHE_NEED = PriceNeed(SNAPSTART_CACHE, "snapstart")
_SNAPSTART_RESTORE_NEED = PriceNeed(SNAPSTART_RESTORE, "snapstart")
_STREAMING_NEED = PriceNeed(RESPONSE_STREAMING, "response_streaming")


def price_needs(fn: FunctionWorkload) -> list[PriceNeed]:
    """Every price `price` will look up for this function, in the order it does.

    The one list of them: `price` fetches exactly these (and fails on the first the book
    lacks), and the scenario check uses it to point at the line that calls for a missing
    one, so the two cannot disagree."""
    return _needs(_usage(fn))


def _needs(u: _Usage) -> list[PriceNeed]:
    fn = u.fn
    if fn.edge:
        out = list(_EDGE_NEEDS)  # requests and duration at Lambda@Edge's flat rates
    else:
        out = [_REQUEST_NEED[fn.architecture]]
        if u.od_gb_s or u.init_gb_s:  # on-demand GB-s: the architecture's tiers
            out.append(_DURATION_NEED[fn.architecture])
    if u.storage_gb_s:
        out.append(_STORAGE_NEED)
    if fn.provisioned is not None:
        out.extend(_PC_NEEDS[fn.architecture])
    snap = fn.snapstart
    if snap is not None and snapstart_charged(fn):
        out.append(_SNAPSTART_CACHE_NEED)
        if u.requests and snap.restore_percent:
            out.append(_SNAPSTART_RESTORE_NEED)
    if u.stream_gb:
        out.append(_STREAMING_NEED)
    return out


_Rates = dict[PriceRef, Decimal | tuple[Tier, ...]]


def _rates(usages: list[_Usage], book: PriceBook, region: RegionPrices) -> _Rates:
    """The prices the workload needs, each looked up once; the first the book lacks is a
    PricingError naming it."""
    rates: _Rates = {}
    for u in usages:
        for need in _needs(u):
            if need.price not in rates:
                rates[need.price] = book.lookup(region.code, need.price)
    return rates


def _usd(rates: _Rates, ref: PriceRef) -> Decimal:
    """A single rate. A KeyError here is an engine bug: a charge that `_needs` does not
    list, which the scenario check would then fail to locate."""
    value = rates[ref]
    assert isinstance(value, Decimal)
    return value


def _tiers(rates: _Rates, architecture: Architecture) -> tuple[Tier, ...]:
    value = rates[DURATION[architecture]]
    assert isinstance(value, tuple)
    return value


# --- the bill ------------------------------------------------------------------------------


def price(workload: Workload, book: PriceBook) -> Bill:
    """Price every function of the workload and the account-level effects between them.

    It allocates many small records and creates no reference cycles: a caller pricing a
    fleet may pause the cyclic garbage collector around it (the `cost` command does).
    """
    return _price(workload, book)


def _price(workload: Workload, book: PriceBook) -> Bill:
    account = workload.account
    region = book.region(account.region)
    usages = [_usage(fn) for fn in workload.functions]
    rates = _rates(usages, book, region)

    _charge_direct(usages, rates)
    tiers = _charge_on_demand_duration(usages, rates)
    free = _apply_free_tier(usages, rates, book, account)
    plan = _apply_savings_plan(usages, account)

    functions = tuple(_function_cost(u) for u in usages)
    total = sum((f.total_usd for f in functions), ZERO)
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
        warnings=tuple(_warnings(usages))
        + tuple(w for w in [plan and over_commitment_warning(plan)] if w),
        assumptions=tuple(_assumptions(usages, account)),
    )


def _request_prices(rates: _Rates) -> dict[Architecture | None, Decimal]:
    """USD per request for each architecture the workload uses, and for Lambda@Edge (None),
    worked out once rather than per function."""
    out: dict[Architecture | None, Decimal] = {}
    for architecture in Architecture:
        if REQUEST[architecture] in rates:
            out[architecture] = _usd(rates, REQUEST[architecture]) / ONE_MILLION
    if EDGE_REQUEST in rates:
        out[None] = _usd(rates, EDGE_REQUEST) / ONE_MILLION
    return out


def _charge_direct(usages: list[_Usage], rates: _Rates) -> None:
    """Charges with a single rate: requests, storage, PC and PC duration."""
    request_usd = _request_prices(rates)
    for u in usages:
        fn = u.fn
        per_request = request_usd[None if fn.edge else fn.architecture]
        detail = ""
        if fn.async_event_kb is not None and u.billed_requests != u.requests:
            per_event = requests_per_async_event(fn.async_event_kb)
            detail = f"{per_event} per {fn.async_event_kb} KB event"
        u.add(
            u.items,
            LineItem(
                Component.REQUESTS,
                "requests",
                u.billed_requests,
                per_request,
                u.billed_requests * per_request,
                detail,
            ),
        )
        if snapstart_charged(fn):
            _charge_snapstart(u, rates)
        if u.stream_gb:
            rate = _usd(rates, RESPONSE_STREAMING)
            u.add(
                u.extras,
                LineItem(
                    Component.RESPONSE_STREAMING,
                    "GB",
                    u.stream_gb,
                    rate,
                    u.stream_gb * rate,
                    "beyond 6 MB each",
                ),
            )
        if u.storage_gb_s:
            rate = _usd(rates, EPHEMERAL_STORAGE)
            u.add(
                u.extras,
                LineItem(
                    Component.EPHEMERAL_STORAGE,
                    "GB-s",
                    u.storage_gb_s,
                    rate,
                    u.storage_gb_s * rate,
                    f"{u.fn.ephemeral_storage_mb - FREE_EPHEMERAL_MB} MB over 512",
                ),
            )
        pc = u.fn.provisioned
        if pc is not None:
            pc_rate = _usd(rates, PROVISIONED_CONCURRENCY[fn.architecture])
            pcd_rate = _usd(rates, PROVISIONED_DURATION[fn.architecture])
            pc_usd = u.pc_gb_s * pc_rate
            pcd_usd = u.pc_duration_gb_s * pcd_rate
            u.add(
                u.extras,
                LineItem(
                    Component.PROVISIONED_CONCURRENCY,
                    "GB-s",
                    u.pc_gb_s,
                    pc_rate,
                    pc_usd,
                    f"{pc.environments} × {_plain(pc_billed_hours(pc.hours_per_month))} h",
                ),
            )
            u.add(
                u.extras,
                LineItem(
                    Component.PROVISIONED_DURATION,
                    "GB-s",
                    u.pc_duration_gb_s,
                    pcd_rate,
                    pcd_usd,
                    f"{_plain(u.pc_requests)} invocations",
                ),
            )
            u.eligible_usd += pc_usd + pcd_usd


def _charge_snapstart(u: _Usage, rates: _Rates) -> None:
    """SnapStart (Python, .NET): the cached snapshot, memory GB × seconds the version is
    active (at least 3 hours), and each restore, memory GB × restores."""
    snap = u.fn.snapstart
    assert snap is not None
    memory_gb = Decimal(u.fn.memory_mb) / MB_PER_GB
    cache_rate = _usd(rates, SNAPSTART_CACHE)
    hours = max(snap.active_hours_per_month, SNAPSTART_MIN_HOURS)
    cache_gb_s = memory_gb * hours * S_PER_HOUR
    u.add(
        u.extras,
        LineItem(
            Component.SNAPSTART_CACHE,
            "GB-s",
            cache_gb_s,
            cache_rate,
            cache_gb_s * cache_rate,
            f"{_plain(hours)} h active",
        ),
    )
    restores = u.requests * snap.restore_percent / HUNDRED
    if restores:
        restore_rate = _usd(rates, SNAPSTART_RESTORE)
        restored_gb = restores * memory_gb
        u.add(
            u.extras,
            LineItem(
                Component.SNAPSTART_RESTORE,
                "GB",
                restored_gb,
                restore_rate,
                restored_gb * restore_rate,
                f"{_plain(restores)} restores",
            ),
        )


def _charge_edge_duration(usages: list[_Usage], rates: _Rates) -> None:
    """Lambda@Edge duration: one flat rate, no volume tiers, no free tier, no Savings Plan."""
    rate = _usd(rates, EDGE_DURATION)
    for u in usages:
        u.add(
            u.items,
            LineItem(Component.DURATION, "GB-s", u.od_gb_s, rate, u.od_gb_s * rate, "Lambda@Edge"),
        )
        if u.init_gb_s:
            u.add(u.items, LineItem(Component.INIT, "GB-s", u.init_gb_s, rate, u.init_gb_s * rate))


def _charge_on_demand_duration(usages: list[_Usage], rates: _Rates) -> list[TierUsage]:
    """Tiered on-demand duration per architecture, shared out by GB-s."""
    tiers_used: list[TierUsage] = []
    edge = [u for u in usages if u.fn.edge]
    if edge:
        _charge_edge_duration(edge, rates)
        usages = [u for u in usages if not u.fn.edge]
    for architecture in Architecture:
        group = [u for u in usages if u.fn.architecture is architecture]
        if not group:
            continue
        total_gb_s = sum((u.od_gb_s + u.init_gb_s for u in group), ZERO)
        if not total_gb_s:
            for u in group:
                u.add(u.items, LineItem(Component.DURATION, "GB-s", ZERO, None, ZERO))
            continue
        schedule = _tiers(rates, architecture)
        tiered_usd = tiered_cost_usd(schedule, total_gb_s)
        flat = len(schedule) == 1 or total_gb_s <= (schedule[0].up_to_gb_s or total_gb_s)
        unit_price = schedule[0].usd_per_gb_s if flat else None
        tiers_used.extend(tier_usage(architecture, schedule, total_gb_s))
        for u in group:
            duration_usd = tiered_usd * u.od_gb_s / total_gb_s
            u.add(
                u.items, LineItem(Component.DURATION, "GB-s", u.od_gb_s, unit_price, duration_usd)
            )
            u.duration_usd = duration_usd
            if u.init_gb_s:
                init_usd = tiered_usd * u.init_gb_s / total_gb_s
                u.duration_usd += init_usd
                u.add(
                    u.items,
                    LineItem(
                        Component.INIT,
                        "GB-s",
                        u.init_gb_s,
                        unit_price,
                        init_usd,
                        f"{u.fn.cold_start_percent}% × {u.fn.init_duration_ms} ms",
                    ),
                )
                u.eligible_usd += duration_usd + init_usd
            else:
                u.eligible_usd += duration_usd
    return tiers_used


def _apply_free_tier(
    usages: list[_Usage], rates: _Rates, book: PriceBook, account: Account
) -> FreeTierUse:
    allowance = book.free_tier
    usages = [u for u in usages if not u.fn.edge]  # Lambda@Edge has no free tier
    if not account.free_tier or not usages:
        return FreeTierUse(
            account.free_tier,
            allowance.requests,
            ZERO,
            allowance.duration_gb_s,
            ZERO,
            ZERO,
            (),
            allowance.response_streaming_gb,
        )
    total_requests = sum((u.billed_requests for u in usages), ZERO)
    total_gb_s = sum((u.od_gb_s + u.init_gb_s for u in usages), ZERO)
    total_stream_gb = sum((u.stream_gb for u in usages), ZERO)
    free_requests = min(allowance.requests, total_requests)
    free_gb_s = min(allowance.duration_gb_s, total_gb_s)
    free_stream_gb = min(allowance.response_streaming_gb, total_stream_gb)
    stream_rate = _usd(rates, RESPONSE_STREAMING) if free_stream_gb else ZERO
    # The free GB-s are the month's first, so each architecture's share is priced from the
    # bottom of its own tier schedule, then shared out like the duration charge itself.
    arch_gb_s: dict[Architecture, Decimal] = {}
    for u in usages:
        gb_s = u.od_gb_s + u.init_gb_s
        arch_gb_s[u.fn.architecture] = arch_gb_s.get(u.fn.architecture, ZERO) + gb_s
    arch_credit: dict[Architecture, Decimal] = {}
    for architecture, gb_s in arch_gb_s.items():
        free_here = gb_s if free_gb_s == total_gb_s else _share(free_gb_s, gb_s, total_gb_s)
        schedule = _tiers(rates, architecture) if free_here else ()
        arch_credit[architecture] = tiered_cost_usd(schedule, free_here) if free_here else ZERO

    shares: list[FreeTierShare] = []
    credit_total = ZERO
    all_requests_free = free_requests == total_requests
    for u in usages:
        gb_s = u.od_gb_s + u.init_gb_s
        architecture = u.fn.architecture
        request_item = u.items[0]  # requests are always charged first
        if all_requests_free:
            req_share, request_credit = u.billed_requests, request_item.cost_usd
        else:
            req_share = free_requests * u.billed_requests / total_requests
            request_credit = req_share * (request_item.unit_price_usd or ZERO)
        if gb_s and free_gb_s == total_gb_s:  # all of it is free: give back exactly its charge
            gb_s_share, duration_credit = gb_s, u.duration_usd
        elif gb_s:
            gb_s_share = free_gb_s * gb_s / total_gb_s
            duration_credit = arch_credit[architecture] * gb_s / arch_gb_s[architecture]
        else:
            gb_s_share = duration_credit = ZERO
        stream_share = free_stream_gb * u.stream_gb / total_stream_gb if u.stream_gb else ZERO
        credit = -(request_credit + duration_credit + stream_share * stream_rate)
        u.eligible_usd -= duration_credit
        credit_total += credit
        shares.append(FreeTierShare(u.fn.name, req_share, gb_s_share, credit, stream_share))
        if credit:
            u.add(u.adjustments, LineItem(Component.FREE_TIER, "USD", ONE, None, credit, FREE_NOTE))
    return FreeTierUse(
        True,
        allowance.requests,
        free_requests,
        allowance.duration_gb_s,
        free_gb_s,
        credit_total,
        tuple(shares),
        allowance.response_streaming_gb,
        free_stream_gb,
    )


def _share(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    """amount × part / whole, multiplying first so that equal inputs give equal outputs; the
    whole amount when part is the whole (a sole function), free of the product's rounding."""
    if part == whole:
        return amount
    return amount * part / whole if whole else ZERO


def _apply_savings_plan(usages: list[_Usage], account: Account) -> SavingsPlanUse | None:
    plan = account.savings_plan
    if plan is None:
        return None
    keep = (HUNDRED - plan.discount_percent) / HUNDRED  # share of on-demand price paid
    eligible = sum((u.eligible_usd for u in usages), ZERO)
    optimal_per_hour = eligible * keep / HOURS_PER_MONTH
    optimal_effect = eligible * keep - eligible
    if plan.commitment_usd_per_hour is None:
        commitment = ZERO
        covered = eligible
        effect = optimal_effect
    else:
        commitment = plan.commitment_usd_per_hour * HOURS_PER_MONTH
        covered = min(eligible, commitment / keep) if keep else eligible
        effect = commitment - covered  # pay the commitment instead of the covered usage
    note = _plan_note(plan.discount_percent, commitment, covered, eligible, keep)
    if len(usages) > 1:
        note += "; split between the functions by their eligible usage"
    for u in usages:
        if eligible:
            share = _share(effect, u.eligible_usd, eligible)
        else:
            share = effect / len(usages)  # an unused commitment is still paid
        if share:
            u.add(u.adjustments, LineItem(Component.SAVINGS_PLAN, "USD", ONE, None, share, note))
    return SavingsPlanUse(
        discount_percent=plan.discount_percent,
        commitment_usd_per_hour=plan.commitment_usd_per_hour,
        eligible_on_demand_usd=eligible,
        covered_on_demand_usd=covered,
        commitment_usd=commitment,
        effect_usd=effect,
        optimal_commitment_usd_per_hour=optimal_per_hour,
        optimal_effect_usd=optimal_effect,
    )


def _dollars(value: Decimal) -> str:
    return f"${value.quantize(Decimal('0.01')):,f}"


def _plan_note(
    discount_percent: Decimal,
    commitment: Decimal,
    covered: Decimal,
    eligible: Decimal,
    keep: Decimal,
) -> str:
    """What the per-function Savings Plan line is: without a commitment, the discount on the
    eligible usage; with one, the commitment paid in place of the usage it covers, and the part
    of it that pays for nothing when it is more than the eligible usage."""
    off = f"{_plain(discount_percent)}% off"
    if not commitment:
        return (
            f"{off} eligible usage (duration after the free tier, provisioned concurrency): "
            f"{_dollars(eligible)} at on-demand prices"
        )
    text = (
        f"the {_dollars(commitment)} commitment paid in place of the {_dollars(covered)} of "
        f"eligible on-demand usage it covers at {off}"
    )
    unused = commitment - eligible * keep
    if unused > 0:
        text += f"; {_dollars(unused)} of it pays for nothing (more than the usage)"
    return text


def over_commitment_warning(plan: SavingsPlanUse) -> str | None:
    """A warning when a Savings Plan commitment is more than the eligible usage can use: the
    excess is paid for nothing."""
    if plan.commitment_usd_per_hour is None:
        return None
    keep = (HUNDRED - plan.discount_percent) / HUNDRED
    unused = plan.commitment_usd - plan.eligible_on_demand_usd * keep
    if unused <= 0:
        return None
    return (
        f"Savings Plan: the {_dollars(plan.commitment_usd)} a month commitment "
        f"(${_plain(plan.commitment_usd_per_hour)}/h) is more than the eligible usage: it "
        f"covers up to {_dollars(plan.commitment_usd / keep) if keep else 'any amount'} of "
        f"on-demand usage, but there is {_dollars(plan.eligible_on_demand_usd)}, so "
        f"{_dollars(unused)} a month pays for nothing; the bill is lowest at "
        f"${plan.optimal_commitment_usd_per_hour.quantize(Decimal('0.0001')):f}/h"
    )


def _function_cost(u: _Usage) -> FunctionCost:
    items = (*u.items, *u.extras, *u.adjustments)
    total_usd = ZERO
    for item in items:  # in display order, so the total is exactly the sum shown
        total_usd += item.cost_usd
    fn = u.fn
    return FunctionCost(
        fn.name,
        fn.architecture,
        fn.memory_mb,
        u.requests,
        u.od_requests,
        u.pc_requests,
        u.billed_ms,
        u.od_gb_s,
        u.init_gb_s,
        u.pc_duration_gb_s,
        items,
        total_usd,
    )


# --- warnings and assumptions --------------------------------------------------------------


def _warnings(usages: list[_Usage]) -> list[str]:
    """What looks wrong with the workload's billing: one line each, priced anyway. (Whether
    it fits the account's concurrency is the concurrency model's question; `lambdacalc
    cost` adds that verdict to the bill's warnings.)"""
    out: list[str] = []
    for u in usages:
        f = u.fn
        if f.duration_ms + f.init_duration_ms > 900_000:
            out.append(f"{f.name}: INIT plus duration exceeds Lambda's 900 s timeout")
        if u.pc_asked is not None:
            out.extend(_pc_warnings(u, u.pc_asked))
    return out


def _pc_warnings(u: _Usage, asked: Decimal) -> list[str]:
    """Where a scenario's provisioned_concurrency.requests_per_month could not be priced as
    given: more than the function's requests, or more than its environments can serve."""
    f = u.fn
    pc = f.provisioned
    assert pc is not None
    out = []
    if asked > u.requests:
        out.append(
            f"{f.name}: provisioned_concurrency.requests_per_month ({_plain(asked)}) is more "
            f"than the function's {_plain(u.requests)} requests a month; at most those can run "
            f"on provisioned concurrency"
        )
    wanted = min(asked, u.requests)
    if wanted > u.pc_requests:
        out.append(
            f"{f.name}: {_plain(wanted - u.pc_requests)} of the {_plain(wanted)} requests given "
            f"to provisioned concurrency are priced on demand: {pc.environments} environments "
            f"enabled {_plain(pc.hours_per_month)} h serve at most {_plain(u.pc_capacity)} "
            f"requests of {_plain(u.pc_duration_ms, MICROSECOND_MS)} ms (one at a time each); "
            f"lower provisioned_concurrency.requests_per_month or raise its count"
        )
    return out


def _assumptions(usages: list[_Usage], account: Account) -> list[str]:
    out = ["A month is 730 hours; traffic is spread evenly over it."]
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
    if account.free_tier:
        out.append(
            "The free tier (1M requests, 400,000 GB-s a month) is the account's; it is split "
            "between functions by their requests and on-demand GB-s (AWS does not document "
            "how it splits it between x86 and Arm). It never reduces provisioned concurrency."
        )
    else:
        out.append("The free tier is not applied (free_tier: false).")
    if any(u.init_gb_s for u in usages):
        out.append(
            "INIT is billed at the on-demand rate (ZIP functions on managed runtimes since "
            "1 Aug 2025); a cold invocation is billed ceil(INIT + duration) ms."
        )
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


def _plain(value: Decimal, places: Decimal | None = None) -> str:
    """A quantity for a sentence: no exponent, no trailing zeros; whole from 100 up, else
    at most 2 decimals, unless `places` says otherwise."""
    if places is None:
        places = Decimal(1) if abs(value) >= 100 else Decimal("0.01")
    q = value.quantize(places) if value != value.to_integral_value() else value
    text = f"{q:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _short(gb_s: Decimal) -> str:
    for size, suffix in ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(1000), "k")):
        if gb_s >= size:
            return f"{_plain(gb_s / size)}{suffix}"
    return _plain(gb_s)
