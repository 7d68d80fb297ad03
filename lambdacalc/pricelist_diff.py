"""Comparing two price books, price by price (`diff_books`): what `lambdacalc prices diff`
reports. The books are in their mapping form (as read from their files); no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lambdacalc.errors import PricingError
from lambdacalc.pricelist_offer import (
    _number,
)
from lambdacalc.pricelist_rules import (
    _EDGE_DURATION,
    _FREE_TIER_NAMES,
    _PC,
    _PC_DURATION,
    _REQUESTS,
    _SNAP_CACHE,
    _SNAP_RESTORE,
    _STORAGE,
    _STREAMING,
    _TIERS,
    ARM,
    X86,
)
from lambdacalc.prices_parse import _FLAT_PRICE_KEYS as _FLAT_REGION_KEYS

# prices added with durable functions, event poller units and tenant isolation
_TENANT = "tenant_environment_usd_per_gb"

# --- comparing two books --------------------------------------------------------------------------

REGION_ADDED = "region added"
REGION_REMOVED = "region removed"
CHANGED = "changed"
ADDED = "added"  # unknown (null or missing) in the old book, known in the new
REMOVED = "removed"  # known in the old book, unknown in the new


@dataclass(frozen=True)
class PriceChange:
    """One difference between two price books.

    `region` is a region code, or "" for the book-wide free tier; `architecture` is "x86_64",
    "arm64", or "" for prices not split by architecture. `field` is the book's key, with tiers
    as `duration_tiers[0].usd_per_gb_s` and Edge prices as `edge.…`. `old`/`new` are None when
    the price is unknown in that book (for `up_to_gb_s`, None is the open-ended top tier).
    `percent_change` is (new − old) / old × 100 when both are known and old is not zero.
    """

    kind: str
    region: str
    architecture: str
    field: str
    old: Decimal | None
    new: Decimal | None
    percent_change: Decimal | None


def _diff_value(raw: Any, where: str) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, float):  # a YAML book written with bare numbers
        raw = repr(raw)
    return _number(raw, "a price", where)


def _flatten_region(entry: Any, where: str) -> dict[tuple[str, str], Decimal | None]:
    """(architecture, field) -> value for every price in one region entry."""
    flat: dict[tuple[str, str], Decimal | None] = {}
    if not isinstance(entry, Mapping):
        raise PricingError(f"{where}: a region must be an object")
    for key in (_STORAGE, _SNAP_CACHE, _SNAP_RESTORE, _STREAMING, *_FLAT_REGION_KEYS):
        flat[("", key)] = _diff_value(entry.get(key), f"{where}.{key}")
    edge = entry.get("edge") or {}
    if not isinstance(edge, Mapping):
        raise PricingError(f"{where}.edge: expected an object or null")
    for key in (_REQUESTS, _EDGE_DURATION):
        flat[("", f"edge.{key}")] = _diff_value(edge.get(key), f"{where}.edge.{key}")
    for arch_name in (X86, ARM):
        prices = entry.get(arch_name) or {}
        if not isinstance(prices, Mapping):
            raise PricingError(f"{where}.{arch_name}: expected an object or null")
        for key in (_REQUESTS, _PC, _PC_DURATION, _TENANT):
            flat[(arch_name, key)] = _diff_value(prices.get(key), f"{where}.{arch_name}.{key}")
        tiers = prices.get(_TIERS) or []
        if not isinstance(tiers, list):
            raise PricingError(f"{where}.{arch_name}.{_TIERS}: expected a list or null")
        for i, tier in enumerate(tiers):
            at = f"{where}.{arch_name}.{_TIERS}[{i}]"
            if not isinstance(tier, Mapping):
                raise PricingError(f"{at}: expected an object")
            for key in ("up_to_gb_s", "usd_per_gb_s"):
                flat[(arch_name, f"{_TIERS}[{i}].{key}")] = _diff_value(
                    tier.get(key), f"{at}.{key}"
                )
    return flat


def _regions(book: Mapping[str, Any], label: str) -> Mapping[str, Any]:
    if not isinstance(book, Mapping):
        raise PricingError(f"{label}: a price book must be an object")
    regions = book.get("regions")
    if not isinstance(regions, Mapping):
        raise PricingError(f"{label}: the book has no 'regions' object; see pricing/FORMAT.md")
    return regions


def _percent(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    if old is None or new is None or old == 0:
        return None
    return (new - old) / old * 100


def _compare(
    region: str,
    old: Mapping[tuple[str, str], Decimal | None],
    new: Mapping[tuple[str, str], Decimal | None],
) -> list[PriceChange]:
    changes: list[PriceChange] = []
    keys = list(old) + [k for k in new if k not in old]
    for arch_name, name in keys:
        key = (arch_name, name)
        in_old, in_new = key in old, key in new
        a, b = old.get(key), new.get(key)
        if a == b and in_old == in_new:
            continue
        if not in_old or (a is None and not name.endswith("up_to_gb_s")):
            kind = ADDED
        elif not in_new or (b is None and not name.endswith("up_to_gb_s")):
            kind = REMOVED
        else:
            kind = CHANGED  # for up_to_gb_s, None is the open-ended top tier, not unknown
        changes.append(PriceChange(kind, region, arch_name, name, a, b, _percent(a, b)))
    return changes


def diff_books(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[PriceChange]:
    """What changed from book `a` to book `b` (both in data-file form), as a list of changes.

    Regions only in one book are reported once (REGION_ADDED / REGION_REMOVED), not price by
    price. Prices are compared as numbers: "0.20" and "0.2000000" are the same price.
    """
    regions_a, regions_b = _regions(a, "first book"), _regions(b, "second book")
    changes: list[PriceChange] = []

    def free(book: Mapping[str, Any], label: str) -> dict[tuple[str, str], Decimal | None]:
        raw = book.get("free_tier") or {}
        if not isinstance(raw, Mapping):
            raise PricingError(f"{label}: free_tier must be an object")
        return {
            ("", f"free_tier.{key}"): _diff_value(raw.get(key, "0"), f"{label}: free_tier.{key}")
            for key in _FREE_TIER_NAMES
        }

    changes.extend(_compare("", free(a, "first book"), free(b, "second book")))
    for code in list(regions_a) + [r for r in regions_b if r not in regions_a]:
        if code not in regions_b:
            changes.append(PriceChange(REGION_REMOVED, code, "", "region", None, None, None))
        elif code not in regions_a:
            changes.append(PriceChange(REGION_ADDED, code, "", "region", None, None, None))
        else:
            changes.extend(
                _compare(
                    code,
                    _flatten_region(regions_a[code], f"first book: regions.{code}"),
                    _flatten_region(regions_b[code], f"second book: regions.{code}"),
                )
            )
    return changes
