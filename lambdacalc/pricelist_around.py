"""Turn AWS's Price List offers for the services around Lambda into an around-Lambda book
(pricing/around-lambda.json's form, read by `lambdacalc.around.book`). No I/O.

Each offer (a bulk or per-region `index.json`, or saved `pricing:GetProducts` output, read by
`pricelist_offer`) is one service's; several are imported together into one book. A product
is recognised by its service code and its usage type without the region prefix
(`pricelist_rules.AROUND_RULES`), never by SKU. Tier ranges come from each price dimension's
`beginRange`/`endRange`; a first range priced $0 is the always-free allowance and becomes the
book's free tier. A rate no offer carries stays unknown (absent) in that region, never copied
from another region.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lambdacalc.errors import PricingError
from lambdacalc.pricelist import ImportedBook, offer_description
from lambdacalc.pricelist_offer import _Dimension, _Product, _read_offer, _with_prices
from lambdacalc.pricelist_rules import (
    _GLOBAL_PREFIX,
    _REGION_PREFIX,
    AROUND_FREE_NAMES,
    AROUND_RULES,
    AROUND_SERVICES,
    US_EAST_1,
    _AroundRule,
)

__all__ = ["import_around_offers"]


def _plain(value: Decimal) -> str:
    """A Decimal as plain digits without trailing zeros (never 1.024E+4)."""
    return format(value.normalize(), "f")


def _money(value: Decimal) -> str:
    """A price as the book writes it: plain digits, at least cents ('1.00', '0.000005')."""
    value = value.normalize()
    if value.as_tuple().exponent > -2:  # type: ignore[operator]
        value = value.quantize(Decimal("0.01"))
    return format(value, "f")


@dataclass
class _Seen:
    """What the importer has read from the offers so far."""

    rates: dict[tuple[str, str], tuple[Any, _Product]] = field(default_factory=dict)
    free: dict[str, tuple[Decimal, _Product]] = field(default_factory=dict)
    global_free: dict[str, tuple[Decimal, _Product]] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)
    sources: dict[str, set[str]] = field(default_factory=dict)
    effective: list[str] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


def _paid_dimensions(product: _Product, rule: _AroundRule, seen: _Seen) -> tuple[_Dimension, ...]:
    """The product's price dimensions in order, checked for gaps, with a first $0 range taken
    off as the free allowance."""
    dims = sorted(product.dimensions, key=lambda d: d.begin)
    expected = Decimal(0)
    for dim in dims:
        at = f"{product.where}, rate code {dim.rate_code}"
        if dim.unit not in rule.units:
            raise PricingError(
                f"{at}: unit '{dim.unit}' is not one lambdacalc knows for the {rule.what} "
                f"(expected {' or '.join(sorted(rule.units))}); check the file, or report the "
                f"new unit"
            )
        if dim.begin != expected:
            problem = "overlaps the previous one" if dim.begin < expected else "leaves a gap"
            raise PricingError(
                f"{at}: the range starting at {_plain(dim.begin)} {problem} (expected "
                f"{_plain(expected)}); the ranges must run from 0 without gaps"
            )
        if dim.end is None and dim is not dims[-1]:
            raise PricingError(f"{at}: only the highest range may be open-ended (endRange Inf)")
        expected = dim.end if dim.end is not None else expected
    if dims and dims[-1].end is not None:
        raise PricingError(
            f"{product.where}: the highest range ends at {_plain(dims[-1].end)}; it must be "
            f"open-ended (endRange Inf)"
        )
    if len(dims) > 1 and dims[0].usd == 0 and rule.free is not None:
        _free(rule, dims[0].end or Decimal(0), product, seen, is_global=False)
        return tuple(dims[1:])
    return tuple(dims)  # a $0 first range of a price with no free allowance stays a tier


def _free(
    rule: _AroundRule, allowance: Decimal, product: _Product, seen: _Seen, *, is_global: bool
) -> None:
    """Record a free allowance: a region-less Global- SKU's, or a regional first $0 range's.
    Two of one kind that differ are an error; a Global- one wins over the regional ones."""
    assert rule.free is not None, rule.key
    found = seen.global_free if is_global else seen.free
    previous = found.get(rule.free)
    if previous is not None and previous[0] != allowance:
        raise PricingError(
            f"{product.where} and SKU {previous[1].sku} give different free "
            f"{AROUND_FREE_NAMES[rule.free]}; the book has one free tier, check the files"
        )
    found[rule.free] = (allowance, product)


def _free_tier(seen: _Seen) -> dict[str, str]:
    """The book's free tier, and a note where a Global- allowance overrides a regional one."""
    free = dict(seen.free)
    for key, (allowance, product) in seen.global_free.items():
        regional = free.get(key)
        if regional is not None and regional[0] != allowance:
            seen.notes.append(
                f"free {AROUND_FREE_NAMES[key]}: the account-wide SKU {product.sku} gives "
                f"{_plain(allowance)} and SKU {regional[1].sku}'s first $0 range "
                f"{_plain(regional[0])}; the book keeps the account-wide {_plain(allowance)}"
            )
        free[key] = (allowance, product)
    return {k: _plain(v) for k, (v, _) in sorted(free.items())}


def _value(product: _Product, rule: _AroundRule, seen: _Seen) -> Any:
    """The rate in the book's form: a price, or a tier list in the rate's unit."""
    dims = _paid_dimensions(product, rule, seen)
    if rule.tiered:
        return [
            {
                "up_to": None if d.end is None else _plain(d.end),
                "usd": _money(d.usd * rule.scale),
            }
            for d in dims
        ]
    if len(dims) > 1:
        dropped = ", ".join(f"from {_plain(d.begin)}: {_plain(d.usd)}" for d in dims[1:])
        seen.notes.append(
            f"{product.region}: the {rule.what} is tiered in the offer; the book keeps the "
            f"first tier's price ({_plain(dims[0].usd)}) and not the higher tiers ({dropped})"
        )
    return _money(dims[0].usd * rule.scale)


def _read_product(product: _Product, source: str, seen: _Seen) -> None:
    base = _REGION_PREFIX.sub("", product.usagetype, count=1)
    is_global = base.startswith(_GLOBAL_PREFIX)
    rule = AROUND_RULES.get((product.service, base.removeprefix(_GLOBAL_PREFIX)))
    if rule is None or (not product.region and not is_global) or (is_global and not rule.free):
        seen.ignored[f"{product.service} {base or '(no usage type)'}"] += 1
        return
    product = _with_prices(product)
    if not product.dimensions:
        raise PricingError(
            f"{product.where}: no on-demand price; the offer file is incomplete, download it again"
        )
    if is_global:  # a region-less free allowance: one $0 range from 0
        dim = min(product.dimensions, key=lambda d: d.begin)
        if dim.usd != 0 or dim.begin != 0 or dim.end is None:
            raise PricingError(
                f"{product.where}: a free-tier SKU needs a $0 range starting at 0 with a "
                f"finite end; check the file"
            )
        _free(rule, dim.end, product, seen, is_global=True)
        return
    value = _value(product, rule, seen)
    key = (product.region, rule.key)
    old = seen.rates.get(key)
    if old is not None and old[0] != value:
        raise PricingError(
            f"{product.where} and SKU {old[1].sku} (usage type {old[1].usagetype}) price the "
            f"same thing differently; the offer file is inconsistent, download it again"
        )
    seen.rates[key] = (value, product)
    seen.locations.setdefault(product.region, product.location)
    seen.sources.setdefault(product.region, set()).add(source)
    if product.effective_date:
        seen.effective.append(product.effective_date)


def import_around_offers(
    offers: list[tuple[Any, str]],
    *,
    name: str = "around-lambda-pricelist",
    retrieved: str | None = None,
) -> ImportedBook:
    """Build an around-Lambda book from decoded offer documents, each with its file name
    (`source`, recorded in the book and used in messages). Raises PricingError for a file
    that is not one of these services' offers, or whose prices lambdacalc cannot read."""
    seen = _Seen()
    described: dict[str, str] = {}
    published: list[str] = []
    for offer, source in offers:
        parsed = _read_offer(offer, source, AROUND_SERVICES)
        described[source] = offer_description(source, parsed.version, parsed.publication_date)
        published += [parsed.publication_date] if parsed.publication_date else []
        for product in parsed.products:
            _read_product(product, source, seen)
    if not seen.rates:
        services = ", ".join(sorted({s.split(" ")[0] for s in seen.ignored})) or "none"
        raise PricingError(
            f"{', '.join(s for _, s in offers)}: no prices of the services around Lambda found "
            f"(services seen: {services}); pass the offers of {', '.join(AROUND_SERVICES)}"
        )
    tags = {source: f"PL{i}" for i, source in enumerate(described, start=1)}
    free_tier = _free_tier(seen)
    warnings = [*seen.notes, *_missing_free(free_tier)]
    if seen.ignored:
        listed = ", ".join(f"{g} ({n})" for g, n in sorted(seen.ignored.items()))
        warnings.append(f"skipped products lambdacalc has no price for: {listed}")
    book: dict[str, Any] = {
        "schema_version": 1,
        "name": name,
        "title": "Prices of the services around AWS Lambda imported from the AWS Price List",
        "effective_date": max(seen.effective) if seen.effective else "unknown",
        "retrieved": retrieved or max(published, default="unknown"),
        "currency": "USD",
        "sources": {tags[s]: f"AWS Price List offer file {d}" for s, d in described.items()},
        "notes": [
            "Written by `lambdacalc prices import-around`; edit the offers, not this file.",
            *warnings,
        ],
        "free_tier": free_tier,
        "regions": _regions(seen, tags),
    }
    return ImportedBook(book=book, warnings=tuple(warnings))


def _missing_free(free_tier: dict[str, str]) -> list[str]:
    return [
        f"the offers give no free {label}; the book gives none (add free_tier.{key} by hand "
        f"if your account has it)"
        for key, label in AROUND_FREE_NAMES.items()
        if key not in free_tier
    ]


def _regions(seen: _Seen, tags: dict[str, str]) -> dict[str, Any]:
    regions: dict[str, Any] = {}
    for region in sorted(seen.locations, key=lambda r: (r != US_EAST_1, r)):
        entry: dict[str, Any] = {
            "name": seen.locations[region] or region,
            "sources": sorted(tags[s] for s in seen.sources[region]),
        }
        for rule in dict.fromkeys(AROUND_RULES.values()):
            hit = seen.rates.get((region, rule.key))
            if hit is not None:
                entry[rule.key] = hit[0]
        regions[region] = entry
    return regions
