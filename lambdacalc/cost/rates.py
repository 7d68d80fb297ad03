"""The prices a workload is charged at, resolved from the price book once.

The engine resolves the prices the whole workload needs (`resolve_prices`); the memory
sweep, one function's `RateCard` from the same list of needs (`rate_card`).

`price_needs` is the one list of the prices the engine charges a function at (the
scenario check uses it to point at the line that calls for a missing price);
`resolve_prices` looks each up once for a whole workload.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from lambdacalc.cost.extras import extras_of, has_extras
from lambdacalc.cost.plans import resolve_plan
from lambdacalc.cost.rules import FREE_EPHEMERAL_MB, Usage, function_at, snapstart_charged, usage
from lambdacalc.errors import InputError, PricingError
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
from lambdacalc.units import ZERO
from lambdacalc.workload import Account, FunctionWorkload, SavingsPlan


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
    return needs_of(usage(fn))


def needs_of(u: Usage) -> list[PriceNeed]:
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
    if has_extras(fn):
        out.extend(PriceNeed(extra.price, extra.setting) for extra in extras_of(fn))
    return out


# Every price `needs_of` can ask for without a function's extras (durable, tenant isolation,
# event pollers): any other price is needed only by functions that have extras.
_BASIC_PRICES = frozenset(
    need.price
    for need in (
        *_REQUEST_NEED.values(),
        *_DURATION_NEED.values(),
        *(n for needs in _PC_NEEDS.values() for n in needs),
        *_EDGE_NEEDS,
        _STORAGE_NEED,
        _SNAPSTART_CACHE_NEED,
        _SNAPSTART_RESTORE_NEED,
        _STREAMING_NEED,
    )
)


def needs_only_with_extras(prices: Iterable[PriceRef]) -> bool:
    """Whether `price_needs` lists any of `prices` only for functions with extras (so the
    others need not be asked: a fleet's check skips working out their usage)."""
    return _BASIC_PRICES.isdisjoint(prices)


PriceSheet = dict[PriceRef, Decimal | tuple[Tier, ...]]


def resolve_prices(usages: list[Usage], book: PriceBook, region: RegionPrices) -> PriceSheet:
    """The prices the workload needs, each looked up once; the first the book lacks is a
    PricingError naming it."""
    rates: PriceSheet = {}
    plain_seen: set[tuple[Architecture, bool, bool]] = set()
    for u in usages:
        if is_plain(u):
            u.plain = True
            # a plain function's needs depend on these alone: each set of them asked once
            key = (u.fn.architecture, bool(u.od_gb_s or u.init_gb_s), bool(u.storage_gb_s))
            if key in plain_seen:
                continue
            plain_seen.add(key)
        for need in needs_of(u):
            if need.price not in rates:
                rates[need.price] = book.lookup(region.code, need.price)
    return rates


def is_plain(u: Usage) -> bool:
    """Whether the function is charged for requests, duration, INIT and /tmp only: not
    Lambda@Edge or LMI, no provisioned concurrency, SnapStart, response streaming, large
    async events or extras (the engine's fast path for most of a fleet's functions).
    A new charge must make this false: tests/test_engine_fast_paths.py fails on a new
    FunctionWorkload field until it is sorted as a charge or not."""
    fn = u.fn
    if fn[_FROM_FIRST_FEATURE] == _THEIR_DEFAULTS:  # (a fleet's usual function: one compare)
        return True
    return not (
        fn.edge
        or fn.provisioned is not None
        or fn.snapstart is not None
        or u.stream_gb
        or fn.async_event_kb is not None
        or fn.managed_instances is not None
        or has_extras(fn)
    )


# Every field of a function from `provisioned` on holds each feature `is_plain` looks at
# (tests/test_engine_fast_paths.py checks it), and each such field's default is "not used":
# a function with all of them at their defaults is plain, which one tuple compare tells
# (None and False compare by identity first) without reading ten fields one by one.
_FROM_FIRST_FEATURE = slice(FunctionWorkload._fields.index("provisioned"), None)
_THEIR_DEFAULTS = tuple(
    FunctionWorkload._field_defaults[name] for name in FunctionWorkload._fields[_FROM_FIRST_FEATURE]
)


def usd(rates: PriceSheet, ref: PriceRef) -> Decimal:
    """A single rate. A KeyError here is an engine bug: a charge that `needs_of` does not
    list, which the scenario check would then fail to locate."""
    value = rates[ref]
    assert isinstance(value, Decimal)
    return value


def tiers_of(rates: PriceSheet, architecture: Architecture) -> tuple[Tier, ...]:
    value = rates[DURATION[architecture]]
    assert isinstance(value, tuple)
    return value


# --- one function's rate card ------------------------------------------------------------------


class _RateCardFields(NamedTuple):
    """The prices one function is charged at, as plain Decimals, resolved once from the price
    book for its region and architecture (`rate_card`); the memory sweep prices every size
    with it. (A NamedTuple, not a dataclass: every `lambdacalc cost` imports this module, and
    creating a dataclass costs start-up time.)

    `duration_tiers` are (cumulative upper bound in GB-s or None for the last, USD per GB-s).
    For Lambda@Edge (`edge`) they are its one flat rate, the free allowances are zero and its
    duration is not covered by the Savings Plan (an unused commitment is still paid).
    """

    request_usd: Decimal
    duration_tiers: tuple[tuple[Decimal | None, Decimal], ...]
    ephemeral_usd_per_gb_s: Decimal = ZERO
    free_requests: Decimal = Decimal(1_000_000)
    free_gb_s: Decimal = Decimal(400_000)
    provisioned_usd_per_gb_s: Decimal = ZERO
    provisioned_duration_usd_per_gb_s: Decimal = ZERO
    snapstart_cache_usd_per_gb_s: Decimal = ZERO
    snapstart_restore_usd_per_gb: Decimal = ZERO
    streaming_usd_per_gb: Decimal = ZERO
    free_streaming_gb: Decimal = Decimal(100)
    savings_plan: SavingsPlan | None = None
    edge: bool = False
    # Prices the book lacks that the month at the current size does not charge (the bill's
    # needs are `price_needs`): their rate above is 0, and the cost per invocation leaves
    # them out; the report's notes name them.
    unpriced: tuple[str, ...] = ()
    # The error to raise at a size whose month needs on-demand duration when the book has
    # no such price: with provisioned concurrency, a slower size can spill requests over to
    # on-demand where the current one does not.
    missing_duration_error: str = ""
    # The prices of durable functions, tenant isolation and event poller units it is charged
    # (`lambdacalc.cost.extras`), as (price, rate).
    extras: tuple[tuple[PriceRef, Decimal], ...] = ()


class RateCard(_RateCardFields):
    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> "RateCard":
        card = super().__new__(cls, *args, **kwargs)
        if not card.duration_tiers or card.duration_tiers[-1][0] is not None:
            raise InputError("duration tiers must be non-empty and end open (up_to_gb_s None)")
        return card


_PriceValue = Decimal | tuple[Tier, ...]


def rate_card(fn: FunctionWorkload, account: Account, book: PriceBook) -> RateCard:
    """The rate card for this function, looked up as the account engine does: the prices it
    needs are the engine's own list (`price_needs`), so the sweep asks for no price that the
    bill would not (SnapStart restores at restore_percent 0, /tmp without requests, …) and
    fails on the same missing one.

    Those needs depend on the workload's shape, not on its memory, with one exception: with
    provisioned concurrency, a slower size may spill requests over to on-demand duration
    that the current size does not. So the on-demand duration price (and the /tmp price),
    which the cost-per-invocation column uses too, are looked up as well; when the book lacks
    one the month does not need, it counts as 0 there, the report says so, and a size whose
    month would need it after all is an error (`RateCard.missing_duration_error`).
    """
    region = account.region
    prices: dict[PriceRef, _PriceValue] = {}
    for need in price_needs(function_at(fn, fn.memory_mb, fn.duration_ms)):
        if need.price not in prices:
            prices[need.price] = book.lookup(region, need.price)
    duration_ref = EDGE_DURATION if fn.edge else DURATION[fn.architecture]
    per_invocation = [duration_ref]
    if fn.ephemeral_storage_mb > FREE_EPHEMERAL_MB:
        per_invocation.append(EPHEMERAL_STORAGE)
    unpriced: list[str] = []
    missing_duration_error = ""
    for ref in per_invocation:
        if ref in prices:
            continue
        try:
            prices[ref] = book.lookup(region, ref)
        except PricingError as exc:
            unpriced.append(ref.what)
            if ref == duration_ref and fn.provisioned is not None:
                missing_duration_error = str(exc)
    per_million, tiers = _request_and_tiers(fn, prices)
    free = book.free_tier
    has_free = account.free_tier and not fn.edge  # Lambda@Edge has no free tier
    arch = fn.architecture
    return RateCard(
        request_usd=per_million / 1_000_000,
        duration_tiers=tiers,
        ephemeral_usd_per_gb_s=_single(prices, EPHEMERAL_STORAGE),
        free_requests=free.requests if has_free else ZERO,
        free_gb_s=free.duration_gb_s if has_free else ZERO,
        provisioned_usd_per_gb_s=_single(prices, PROVISIONED_CONCURRENCY[arch]),
        provisioned_duration_usd_per_gb_s=_single(prices, PROVISIONED_DURATION[arch]),
        snapstart_cache_usd_per_gb_s=_single(prices, SNAPSTART_CACHE),
        snapstart_restore_usd_per_gb=_single(prices, SNAPSTART_RESTORE),
        streaming_usd_per_gb=_single(prices, RESPONSE_STREAMING),
        free_streaming_gb=free.response_streaming_gb if has_free else ZERO,
        savings_plan=resolve_plan(account.savings_plan, book),
        edge=fn.edge,
        unpriced=tuple(unpriced),
        missing_duration_error=missing_duration_error,
        extras=tuple((extra.price, _single(prices, extra.price)) for extra in extras_of(fn)),
    )


def _request_and_tiers(
    fn: FunctionWorkload, prices: dict[PriceRef, _PriceValue]
) -> tuple[Decimal, tuple[tuple[Decimal | None, Decimal], ...]]:
    """The request price per million and the duration tiers: Lambda@Edge's flat, or the
    architecture's volume tiers."""
    if fn.edge:
        per_million = _single(prices, EDGE_REQUEST)
        return per_million, ((None, _single(prices, EDGE_DURATION)),)
    per_million = _single(prices, REQUEST[fn.architecture])
    schedule = prices.get(DURATION[fn.architecture], ())
    assert isinstance(schedule, tuple)
    return per_million, tuple((t.up_to_gb_s, t.usd_per_gb_s) for t in schedule) or ((None, ZERO),)


def _single(prices: dict[PriceRef, _PriceValue], ref: PriceRef) -> Decimal:
    """One rate the function is charged at, or 0 for a charge it does not have."""
    value = prices.get(ref, ZERO)
    assert isinstance(value, Decimal)
    return value


def provisioned_rate_card(book: PriceBook, region: str, architecture: Architecture) -> RateCard:
    """The rate card of a function with provisioned concurrency in `region` on
    `architecture`, with no free tier or Savings Plan: what the concurrency planner prices PC
    and its on-demand comparison at. A PricingError names the first price the book lacks
    (the on-demand duration included: the comparison needs it)."""
    from lambdacalc.limits import MIN_MEMORY_MB  # the rates do not depend on the size
    from lambdacalc.workload import ProvisionedConcurrency

    fn = FunctionWorkload(
        name="provisioned concurrency",
        memory_mb=MIN_MEMORY_MB,
        duration_ms=Decimal(1),
        requests_per_month=ZERO,
        architecture=architecture,
        provisioned=ProvisionedConcurrency(environments=1),
    )
    card = rate_card(fn, Account(region=region, free_tier=False), book)
    if card.missing_duration_error:
        raise PricingError(card.missing_duration_error)
    return card
