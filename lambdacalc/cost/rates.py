"""The prices a workload is charged at, resolved from the price book once.

`price_needs` is the one list of the prices the engine charges a function at (the
scenario check uses it to point at the line that calls for a missing price);
`resolve_prices` looks each up once for a whole workload.
"""

from decimal import Decimal
from typing import NamedTuple

from lambdacalc.cost.rules import Usage, snapstart_charged, usage
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
from lambdacalc.workload import FunctionWorkload


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
    return out


PriceSheet = dict[PriceRef, Decimal | tuple[Tier, ...]]


def resolve_prices(usages: list[Usage], book: PriceBook, region: RegionPrices) -> PriceSheet:
    """The prices the workload needs, each looked up once; the first the book lacks is a
    PricingError naming it."""
    rates: PriceSheet = {}
    for u in usages:
        for need in needs_of(u):
            if need.price not in rates:
                rates[need.price] = book.lookup(region.code, need.price)
    return rates


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
