"""Turn AWS's Price List offer for AWS Lambda into a lambdacalc price book, and diff two books.

Three layouts of the same data are read, all already decoded from JSON (this module does no I/O):

- the bulk offer file (`…/offers/v1.0/aws/AWSLambda/current/index.json`) and the per-region
  files beside it: `offerCode`, `publicationDate`, `products: {sku: product}` and
  `terms: {"OnDemand": {sku: {"<sku>.<offerTermCode>": term}}}`;
- saved `pricing:GetProducts` output: `{"FormatVersion": "aws_v1", "PriceList": [...]}`, where
  each element (a JSON string as the API returns it, or an object) holds one `product` and its
  `terms: {"OnDemand": {"<sku>.<offerTermCode>": term}}`.

A product is recognised by its `regionCode`, `group` and `usagetype` attributes, never by its SKU:
SKUs have moved between regions over time. The usage type carries a region prefix (`USE2-`,
`EUW2-`, `APN1-` …) everywhere but us-east-1, so the prefix is stripped before matching and the
region is taken from `regionCode`. Region-less `Global-…` usage types (location "Any") are the
account-wide free tier. Products in groups lambdacalc has no price for (managed instances,
durable functions, tenant isolation …) are skipped and listed in the book's notes.

Tier boundaries are read from each price dimension's `beginRange`/`endRange` ("Inf" is
open-ended) and checked to run from 0 without gaps or overlaps; they are never assumed, because
x86_64 and arm64 break at different points.

This module builds the book (`import_offer`); `pricelist_rules` maps products to its prices,
`pricelist_offer` reads the offer's layouts, and `pricelist_diff` compares two books.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lambdacalc.errors import PricingError
from lambdacalc.pricelist_offer import (
    _Offer,
    _Product,
    _read_offer,
    _with_prices,
)
from lambdacalc.pricelist_rules import (
    _EDGE_DURATION,
    _FREE_TIER_NAMES,
    _FREE_TIER_RULES,
    _GLOBAL_PREFIX,
    _GROUP_RULES,
    _KAFKA_EPU,
    _PC,
    _PC_DURATION,
    _REGION_PREFIX,
    _REQUESTS,
    _RULES,
    _SNAP_CACHE,
    _SNAP_RESTORE,
    _SQS_EPU,
    _STORAGE,
    _STREAMING,
    _TIERS,
    _USAGETYPE_RULES,
    ARM,
    REQUESTS_PER_MILLION,
    SERVICE_CODE,
    SOURCE_TAG,
    US_EAST_1,
    X86,
    _Slot,
    add_optional_prices,
)
from lambdacalc.prices import SCHEMA_VERSION  # the version of the book it writes

# --- building the book ----------------------------------------------------------------------------


def _plain(value: Decimal) -> str:
    """A Decimal as plain digits (never 3.09E-8), keeping the offer's own precision."""
    return format(value, "f")


def _per_million(usd_per_request: Decimal) -> str:
    """0.0000002000 per request -> '0.20' per million: trailing zeros dropped, cents kept."""
    value = (usd_per_request * REQUESTS_PER_MILLION).normalize()
    if value.as_tuple().exponent > -2:  # type: ignore[operator]
        value = value.quantize(Decimal("0.01"))
    return _plain(value)


def _flat(product: _Product, slot: _Slot) -> str:
    dims = product.dimensions
    if len(dims) != 1 or dims[0].begin != 0 or dims[0].end is not None:
        ranges = ", ".join(f"{_plain(d.begin)}–{_range_text(d.end)}" for d in dims)
        raise PricingError(
            f"{product.where}: expected one price for all usage (0–Inf), found ranges {ranges}; "
            f"lambdacalc books cannot tier this price"
        )
    usd = dims[0].usd
    return _per_million(usd) if slot.per_million else _plain(usd)


def _range_text(end: Decimal | None) -> str:
    return "Inf" if end is None else _plain(end)


def _tiers(product: _Product) -> list[dict[str, str | None]]:
    dims = sorted(product.dimensions, key=lambda d: d.begin)
    expected_begin = Decimal(0)
    tiers: list[dict[str, str | None]] = []
    for i, dim in enumerate(dims):
        at = f"{product.where}, rate code {dim.rate_code}"
        if dim.begin != expected_begin:
            problem = "overlaps the previous one" if dim.begin < expected_begin else "leaves a gap"
            raise PricingError(
                f"{at}: tier starting at {_plain(dim.begin)} GB-s {problem} (expected "
                f"{_plain(expected_begin)}); the tiers must run from 0 without gaps"
            )
        last = i == len(dims) - 1
        if dim.end is None and not last:
            raise PricingError(f"{at}: only the highest tier may be open-ended (endRange Inf)")
        if dim.end is not None and dim.end <= dim.begin:
            raise PricingError(f"{at}: endRange {_plain(dim.end)} is not above beginRange")
        if last and dim.end is not None:
            raise PricingError(
                f"{at}: the highest tier ends at {_plain(dim.end)} GB-s; it must be open-ended "
                f"(endRange Inf)"
            )
        tiers.append(
            {
                "up_to_gb_s": None if dim.end is None else _plain(dim.end),
                "usd_per_gb_s": _plain(dim.usd),
            }
        )
        if dim.end is not None:
            expected_begin = dim.end
    return tiers


def _check_unit(product: _Product, units: frozenset[str]) -> None:
    for dim in product.dimensions:
        if dim.unit not in units:
            raise PricingError(
                f"{product.where}, rate code {dim.rate_code}: unit '{dim.unit}' is not one "
                f"lambdacalc knows for this price (expected {' or '.join(sorted(units))}); "
                f"check the file, or report the new unit"
            )


def _strip_region_prefix(usagetype: str) -> str:
    return _REGION_PREFIX.sub("", usagetype, count=1)


@dataclass(frozen=True)
class ImportedBook:
    """A price book in lambdacalc's data-file form, and what the importer had to say about it."""

    book: dict[str, Any]
    warnings: tuple[str, ...]


@dataclass
class _Found:
    value: Any
    product: _Product


def _canonical(value: Any) -> Any:
    """A price or tier list with numbers as Decimals: "0.0000002000" and "0.0000002" are equal."""
    if isinstance(value, str):
        return Decimal(value)
    if isinstance(value, list):
        return [{k: _canonical(v) for k, v in tier.items()} for tier in value]
    return value


def _record(found: dict[tuple[str, ...], _Found], key: tuple[str, ...], new: _Found) -> None:
    old = found.get(key)
    if old is None:
        found[key] = new
    elif _canonical(old.value) != _canonical(new.value):
        raise PricingError(
            f"{new.product.where} and SKU {old.product.sku} (usage type {old.product.usagetype}) "
            f"price the same thing differently; the offer file is inconsistent, download it again"
        )


def _free_allowance(product: _Product) -> Decimal:
    for dim in product.dimensions:
        if dim.usd == 0 and dim.begin == 0 and dim.end is not None:
            return dim.end
    raise PricingError(
        f"{product.where}: a free-tier SKU needs a $0 range starting at 0 with a finite end; "
        f"check the file"
    )


def import_offer(
    offer: Any,
    source: str,
    *,
    name: str = "aws-lambda-pricelist",
    retrieved: str | None = None,
) -> ImportedBook:
    """Build a price book (schema_version 1, see pricing/FORMAT.md) from a decoded offer document.

    `source` is the offer's file name, recorded in the book and used in messages; `retrieved`
    is the day the file was downloaded, when known (default: the offer's publication date).
    Raises PricingError for anything that is not an AWS Lambda offer with USD prices in the
    units lambdacalc expects.
    """
    parsed = _read_offer(offer, source)
    seen = _Seen()
    for product in parsed.products:
        if product.usagetype.startswith(_GLOBAL_PREFIX):
            _read_free_tier(product, seen)
        else:
            _read_price(product, seen)
    if not seen.found:
        groups = ", ".join(sorted(seen.ignored)) or "none"
        raise PricingError(
            f"{source}: no AWS Lambda function prices found (groups seen: {groups}); is this the "
            f"{SERVICE_CODE} offer file?"
        )
    warnings: list[str] = []
    regions = {
        region: _region_entry(region, seen.locations[region], seen.found, warnings)
        for region in sorted(seen.locations, key=lambda r: (r != US_EAST_1, r))
    }
    free_tier = _free_tier(seen.free, warnings)
    if seen.ignored:
        listed = ", ".join(f"{g} ({n})" for g, n in sorted(seen.ignored.items()))
        warnings.append(f"skipped products lambdacalc has no price for: {listed}")
    book = _book(parsed, source, name, retrieved, seen.effective, warnings)
    book["free_tier"] = free_tier
    book["regions"] = regions
    return ImportedBook(book=book, warnings=tuple(warnings))


@dataclass
class _Seen:
    """What the importer has read from the offer's products so far."""

    found: dict[tuple[str, ...], _Found] = field(default_factory=dict)
    free: dict[str, _Found] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)
    effective: list[str] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)


def _read_free_tier(product: _Product, seen: _Seen) -> None:
    """A region-less Global- product: one of the book's free allowances, or skipped."""
    rule = _FREE_TIER_RULES.get(product.usagetype[len(_GLOBAL_PREFIX) :])
    if rule is None:
        seen.ignored[product.group or product.usagetype] += 1
        return
    key, units = rule
    product = _with_prices(product)
    _check_unit(product, units)
    allowance = _Found(_free_allowance(product), product)
    previous = seen.free.get(key)
    if previous is not None and previous.value != allowance.value:
        raise PricingError(
            f"{product.where} and SKU {previous.product.sku} give different free "
            f"{_FREE_TIER_NAMES[key]}; the book has one free tier, check the file"
        )
    seen.free[key] = allowance


def _read_price(product: _Product, seen: _Seen) -> None:
    """A regional product: its price into the book's slot for it, or skipped."""
    base = _strip_region_prefix(product.usagetype)
    slot = (
        _RULES.get((product.group, base))
        or _USAGETYPE_RULES.get(base)
        or _GROUP_RULES.get(product.group)
    )
    if slot is None or not product.region:
        seen.ignored[product.group or product.usagetype or "(no group)"] += 1
        return
    product = _with_prices(product)
    if not product.dimensions:
        raise PricingError(
            f"{product.where}: no on-demand price for {product.region}; the offer file is "
            f"incomplete, download it again"
        )
    _check_unit(product, slot.units)
    value: Any = _tiers(product) if slot.tiered else _flat(product, slot)
    key = (product.region, slot.section, slot.key, slot.variant)
    _record(seen.found, key, _Found(value, product))
    seen.locations.setdefault(product.region, product.location)
    if product.effective_date:
        seen.effective.append(product.effective_date)


def _free_tier(free: dict[str, _Found], warnings: list[str]) -> dict[str, str]:
    """The book's free tier from the Global- products found, warning of each one missing."""
    free_tier: dict[str, str] = {}
    for key, label in _FREE_TIER_NAMES.items():
        if key in free:
            free_tier[key] = _plain(free[key].value)
        else:
            warnings.append(
                f"the offer has no Global- free-tier SKU for {label}; the book gives no free "
                f"{label} (add free_tier.{key} by hand if your account has it)"
            )
    return free_tier


def offer_description(source: str, version: str | None, publication: str | None) -> str:
    """'index.json (version 2026…, published 2026-10-14)': the offer file as books cite it."""
    details = ", ".join(
        p
        for p in (
            f"version {version}" if version else "",
            f"published {publication}" if publication else "",
        )
        if p
    )
    return f"{source} ({details})" if details else source


def _book(
    parsed: _Offer,
    source: str,
    name: str,
    retrieved: str | None,
    effective: list[str],
    warnings: list[str],
) -> dict[str, Any]:
    """The book's header: name, dates, the offer as its source, and the importer's notes."""
    publication = parsed.publication_date
    described = offer_description(source, parsed.version, publication)
    return {
        "schema_version": SCHEMA_VERSION,
        "name": name,
        "title": "AWS Lambda prices imported from the AWS Price List",
        "effective_date": max(effective) if effective else (publication or "unknown"),
        "retrieved": retrieved or publication or "unknown",
        "currency": "USD",
        "sources": {SOURCE_TAG: f"AWS Price List offer file {described}"},
        "notes": [
            f"Written by `lambdacalc prices import` from {source}; edit the offer, not this file.",
            *warnings,
        ],
    }


def _region_entry(
    region: str, location: str, found: dict[tuple[str, ...], _Found], warnings: list[str]
) -> dict[str, Any]:
    def get(section: str, key: str, variant: str = X86) -> Any:
        hit = found.get((region, section, key, variant))
        return None if hit is None else hit.value

    def per_region(key: str, what: str) -> Any:
        x86, arm = get("region", key, X86), get("region", key, ARM)
        if x86 is not None and arm is not None and Decimal(x86) != Decimal(arm):
            warnings.append(
                f"{region}: {what} costs {x86} on x86_64 but {arm} on arm64; the book holds one "
                f"price per region and keeps x86_64's"
            )
        return x86 if x86 is not None else arm

    def arch(section: str) -> dict[str, Any] | None:
        keys = (_REQUESTS, _TIERS, _PC, _PC_DURATION)
        values = {key: get(section, key) for key in keys}
        return values if any(v is not None for v in values.values()) else None

    edge_request, edge_duration = get("edge", _REQUESTS), get("edge", _EDGE_DURATION)
    entry: dict[str, Any] = {
        "name": location or region,
        "confidence": "high",
        "sources": [SOURCE_TAG],
        _STORAGE: per_region(_STORAGE, "ephemeral storage"),
        X86: arch(X86),
        ARM: arch(ARM),
        _SNAP_CACHE: get("region", _SNAP_CACHE),
        _SNAP_RESTORE: get("region", _SNAP_RESTORE),
        _STREAMING: per_region(_STREAMING, "response streaming"),
        "edge": None
        if edge_request is None and edge_duration is None
        else {_REQUESTS: edge_request, _EDGE_DURATION: edge_duration},
        _SQS_EPU: get("region", _SQS_EPU),
        _KAFKA_EPU: get("region", _KAFKA_EPU),
    }
    add_optional_prices(entry, get)  # durable functions, tenant isolation
    return entry
