"""`lambdacalc prices diff`: the changes between two price books, in every output format."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from lambdacalc.pricelist_diff import (
    ADDED,
    CHANGED,
    REGION_ADDED,
    REGION_REMOVED,
    REMOVED,
    PriceChange,
)
from lambdacalc.prices import PriceBook
from lambdacalc.render.common import Doc, Table, csv_text, dumps, number, rate
from lambdacalc.render.report import Report

_LABELS = {
    "request_usd_per_million": "requests $/1M",
    "provisioned_concurrency_usd_per_gb_s": "PC $/GB-s",
    "provisioned_duration_usd_per_gb_s": "PC duration $/GB-s",
    "ephemeral_storage_usd_per_gb_s": "/tmp storage $/GB-s",
    "snapstart_cache_usd_per_gb_s": "SnapStart cache $/GB-s",
    "snapstart_restore_usd_per_gb": "SnapStart restore $/GB",
    "response_streaming_usd_per_gb": "streaming $/GB",
    "edge.request_usd_per_million": "Edge requests $/1M",
    "edge.duration_usd_per_gb_s": "Edge duration $/GB-s",
    "free_tier.requests": "free requests/month",
    "free_tier.duration_gb_s": "free GB-s/month",
    "free_tier.response_streaming_gb": "free streamed GB/month",
    "region": "region",
}
_TIER = re.compile(r"^duration_tiers\[(\d+)\]\.(up_to_gb_s|usd_per_gb_s)$")
_KIND_WORDS = {
    REGION_ADDED: "new region",
    REGION_REMOVED: "region gone",
    ADDED: "new",  # the price was unknown (null) and is now known
    REMOVED: "gone",  # the price was known and is now unknown
    CHANGED: "changed",
}


def label(field: str) -> str:
    """A short name for a book field: "duration_tiers[0].usd_per_gb_s" -> "tier 1 $/GB-s"."""
    tier = _TIER.match(field)
    if tier:
        n = int(tier.group(1)) + 1
        return f"tier {n} up to GB-s" if tier.group(2) == "up_to_gb_s" else f"tier {n} $/GB-s"
    return _LABELS.get(field, field)


def _is_quantity(field: str) -> bool:
    return field.startswith("free_tier.") or field.endswith("up_to_gb_s")


def _value(change: PriceChange, value: Decimal | None, side: str) -> str:
    if change.field == "region":
        return ""
    absent = (change.kind == ADDED and side == "old") or (change.kind == REMOVED and side == "new")
    if change.field.endswith("up_to_gb_s"):
        if absent:
            return "—"
        return "no limit" if value is None else number(value)
    if value is None:
        return "unknown"
    return number(value) if _is_quantity(change.field) else rate(value)


def _percent(change: PriceChange) -> str:
    if change.percent_change is None:
        return _KIND_WORDS[change.kind]
    pct = change.percent_change.quantize(Decimal("0.01"))
    if pct == 0:
        return "0.00%"
    return f"{'+' if pct > 0 else '−'}{abs(pct)}%"


def _book_meta(book: PriceBook) -> dict[str, Any]:
    return {
        "file": book.origin,
        "name": book.name,
        "effective_date": book.effective_date,
        "regions": len(book.regions),
    }


def to_json(old: PriceBook, new: PriceBook, changes: list[PriceChange]) -> str:
    return (
        dumps(
            {
                "from": _book_meta(old),
                "to": _book_meta(new),
                "changes": [
                    {
                        "kind": c.kind,
                        "region": c.region or None,
                        "architecture": c.architecture or None,
                        "field": c.field,
                        "old": c.old,
                        "new": c.new,
                        "percent_change": c.percent_change,
                    }
                    for c in changes
                ],
            }
        )
        + "\n"
    )


def to_csv(changes: list[PriceChange]) -> str:
    header = ["kind", "region", "architecture", "field", "old", "new", "percent_change"]
    rows = [
        [
            c.kind,
            c.region,
            c.architecture,
            c.field,
            "" if c.old is None else c.old,
            "" if c.new is None else c.new,
            "" if c.percent_change is None else c.percent_change,
        ]
        for c in changes
    ]
    return csv_text(header, rows)


def to_doc(old: PriceBook, new: PriceBook, changes: list[PriceChange]) -> Doc:
    """One table per region (and one for the account-wide free tier), regions added or gone
    listed by name: a refresh that drops or adds thirty regions stays readable."""
    doc = Doc(
        title=f"Price changes: {old.origin} → {new.origin}",
        subtitle=(
            f"{old.name} effective {old.effective_date} ({len(old.regions)} regions) → "
            f"{new.name} effective {new.effective_date} ({len(new.regions)} regions)"
        ),
    )
    if not changes:
        doc.blocks.append("No price changes.")
        return doc
    by_region: dict[str, list[PriceChange]] = {}
    for c in changes:
        if c.kind not in (REGION_ADDED, REGION_REMOVED):
            by_region.setdefault(c.region, []).append(c)
    for region, rows in by_region.items():
        doc.blocks.append(
            Table(
                title=region or "Free tier (per account)",
                columns=["Arch", "Price", "Old", "New", "Change"],
                rows=[
                    [
                        c.architecture,
                        label(c.field),
                        _value(c, c.old, "old"),
                        _value(c, c.new, "new"),
                        _percent(c),
                    ]
                    for c in rows
                ],
                right={2, 3, 4},
            )
        )
    added = [c.region for c in changes if c.kind == REGION_ADDED]
    gone = [c.region for c in changes if c.kind == REGION_REMOVED]
    if added:
        doc.blocks.append(f"Regions only in {new.origin} ({len(added)}): {', '.join(added)}.")
    if gone:
        doc.blocks.append(
            f"Regions not in {new.origin} ({len(gone)} of {len(old.regions)}): {', '.join(gone)}."
        )
    if any(c.kind in (ADDED, REMOVED) for c in changes):
        doc.blocks.append(
            "'unknown': the book leaves that price null, so lambdacalc refuses to use it "
            "('new': it became known; 'gone': it became unknown)."
        )
    return doc


class PriceDiffReport(Report):
    """`prices diff OLD NEW`: every price that differs between two books."""

    __slots__ = ("changes", "new", "old")

    def __init__(self, old: PriceBook, new: PriceBook, changes: list[PriceChange]) -> None:
        self.old = old
        self.new = new
        self.changes = changes

    def json(self) -> str:
        return to_json(self.old, self.new, self.changes)

    def csv(self) -> str:
        return to_csv(self.changes)

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        return to_doc(self.old, self.new, self.changes)
