"""The price book in every output format."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lambdacalc.prices import (
    Architecture,
    ArchPrices,
    Derivation,
    PlanRate,
    PriceBook,
    RegionPrices,
    Tier,
)
from lambdacalc.prices_parse import _FLAT_PRICE_KEYS as FLAT_PRICE_FIELDS
from lambdacalc.render.common import Doc, Table, csv_text, dumps, rate
from lambdacalc.render.report import Report

if TYPE_CHECKING:
    from lambdacalc.around.book import AroundBook


def _s(value: Decimal | None) -> str | None:
    """Prices stay strings with their published digits, as the book format asks."""
    return None if value is None else format(value, "f")


def _arch_data(a: ArchPrices | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "request_usd_per_million": _s(a.request_usd_per_million),
        "duration_tiers": None
        if a.duration_tiers is None
        else [
            {"up_to_gb_s": _s(t.up_to_gb_s), "usd_per_gb_s": _s(t.usd_per_gb_s)}
            for t in a.duration_tiers
        ],
        "provisioned_concurrency_usd_per_gb_s": _s(a.provisioned_concurrency_usd_per_gb_s),
        "provisioned_duration_usd_per_gb_s": _s(a.provisioned_duration_usd_per_gb_s),
        "tenant_environment_usd_per_gb": _s(a.tenant_environment_usd_per_gb),
    }


def _region_data(r: RegionPrices) -> dict[str, Any]:
    return {
        "name": r.name,
        "confidence": r.confidence,
        "sources": list(r.sources),
        "note": r.note,
        "ephemeral_storage_usd_per_gb_s": _s(r.ephemeral_storage_usd_per_gb_s),
        "x86_64": _arch_data(r.x86_64),
        "arm64": _arch_data(r.arm64),
        "snapstart_cache_usd_per_gb_s": _s(r.snapstart_cache_usd_per_gb_s),
        "snapstart_restore_usd_per_gb": _s(r.snapstart_restore_usd_per_gb),
        "response_streaming_usd_per_gb": _s(r.response_streaming_usd_per_gb),
        "edge": None
        if r.edge is None
        else {
            "request_usd_per_million": _s(r.edge.request_usd_per_million),
            "duration_usd_per_gb_s": _s(r.edge.duration_usd_per_gb_s),
        },
        **({"derived": {d.path: _derivation_data(d) for d in r.derived}} if r.derived else {}),
        **{key: _s(getattr(r, key)) for key in FLAT_PRICE_FIELDS},
    }


def _derivation_data(d: Derivation) -> dict[str, Any]:
    out: dict[str, Any] = {"from": d.source, "times": _s(d.times)}
    if d.region:
        out["region"] = d.region
    if d.places != 10:
        out["places"] = d.places
    if d.note:
        out["note"] = d.note
    return out


def derivation_text(d: Derivation) -> str:
    """One derived value and its rule, as `prices --region` shows it."""
    source = f"{d.region}'s {d.source}" if d.region else d.source
    text = f"{d.path} = {source} × {d.times.normalize():f}, rounded to {d.places} decimals"
    return text + (f" ({d.note})" if d.note else "")


def _plan_data(p: PlanRate) -> dict[str, Any]:
    return {
        "discount_percent": _s(p.discount_percent),
        "confidence": p.confidence,
        "sources": list(p.sources),
        "note": p.note,
    }


def to_data(book: PriceBook, region: str | None = None) -> dict[str, Any]:
    """The book in its own file format (schema_version 1), so it can be saved and reused."""
    regions = [book.region(region)] if region else list(book.regions.values())
    return {
        "schema_version": 1,
        "name": book.name,
        "title": book.title,
        "effective_date": book.effective_date,
        "retrieved": book.retrieved,
        "currency": book.currency,
        "sources": dict(book.sources),
        "notes": list(book.notes),
        "free_tier": {
            "requests": _s(book.free_tier.requests),
            "duration_gb_s": _s(book.free_tier.duration_gb_s),
            "response_streaming_gb": _s(book.free_tier.response_streaming_gb),
        },
        **(
            {"compute_savings_plan": {p.key: _plan_data(p) for p in book.savings_plan_rates}}
            if book.savings_plan_rates
            else {}
        ),
        "regions": {r.code: _region_data(r) for r in regions},
        **({"unpriced_regions": dict(book.unpriced_regions)} if book.unpriced_regions else {}),
    }


def to_json(book: PriceBook, region: str | None = None) -> str:
    return dumps(to_data(book, region)) + "\n"


def _tier1(a: ArchPrices | None) -> Decimal | None:
    return a.duration_tiers[0].usd_per_gb_s if a and a.duration_tiers else None


TIERS_IN_CSV = 3  # AWS publishes three on-demand duration tiers
# The CSV: one row per region and architecture; each column is named by its field in the
# JSON book (regions.CODE.* and regions.CODE.ARCH.*; list items as in `prices diff`,
# duration_tiers[0].usd_per_gb_s), the same set for every book, empty where unknown (null).
CSV_COLUMNS = (
    "region",
    "name",
    "confidence",
    "architecture",
    "request_usd_per_million",
    *(
        f"duration_tiers[{i}].{field}"
        for i in range(TIERS_IN_CSV)
        for field in ("up_to_gb_s", "usd_per_gb_s")
    ),
    "provisioned_concurrency_usd_per_gb_s",
    "provisioned_duration_usd_per_gb_s",
    "ephemeral_storage_usd_per_gb_s",
    "snapstart_cache_usd_per_gb_s",
    "snapstart_restore_usd_per_gb",
    "response_streaming_usd_per_gb",
    "edge.request_usd_per_million",
    "edge.duration_usd_per_gb_s",
    # added after the first release: appended, so that existing columns keep their places
    "tenant_environment_usd_per_gb",
    *FLAT_PRICE_FIELDS,
)


def to_csv(book: PriceBook, region: str | None = None) -> str:
    """One row per region and architecture, in CSV_COLUMNS."""
    regions = [book.region(region)] if region else list(book.regions.values())
    rows = []
    for r in regions:
        for arch in Architecture:
            a = r.arch(arch)
            tiers: list[Decimal | None] = []
            for t in (a.duration_tiers or ()) if a else ():
                tiers += [t.up_to_gb_s, t.usd_per_gb_s]
            tiers += [None] * (2 * TIERS_IN_CSV - len(tiers))
            edge = r.edge
            rows.append(
                [
                    r.code,
                    r.name,
                    r.confidence,
                    arch.value,
                    a.request_usd_per_million if a else None,
                    *tiers[: 2 * TIERS_IN_CSV],
                    a.provisioned_concurrency_usd_per_gb_s if a else None,
                    a.provisioned_duration_usd_per_gb_s if a else None,
                    r.ephemeral_storage_usd_per_gb_s,
                    r.snapstart_cache_usd_per_gb_s,
                    r.snapstart_restore_usd_per_gb,
                    r.response_streaming_usd_per_gb,
                    edge.request_usd_per_million if edge else None,
                    edge.duration_usd_per_gb_s if edge else None,
                    a.tenant_environment_usd_per_gb if a else None,
                    *(getattr(r, key) for key in FLAT_PRICE_FIELDS),
                ]
            )
    return csv_text(CSV_COLUMNS, [["" if v is None else v for v in row] for row in rows])


def _m(v: Decimal | None) -> str:
    return "unknown" if v is None else rate(v)


def to_doc(book: PriceBook, region: str | None = None, around: AroundBook | None = None) -> Doc:
    doc = Doc(
        title=f"Price book {book.name}: effective {book.effective_date}",
        subtitle=f"{book.title} · {book.origin} · {book.currency} · retrieved {book.retrieved}",
    )
    doc.blocks.extend(_overview_blocks(book) if region is None else _region_blocks(book, region))
    if around is not None:
        from lambdacalc.render.around_prices import around_rate_blocks

        doc.blocks.extend(around_rate_blocks(around, region))
    ft = book.free_tier
    doc.notes = [
        f"Free tier per account and month: {ft.requests:,} requests, {ft.duration_gb_s:,} GB-s, "
        f"{ft.response_streaming_gb} GB of response streaming.",
        *book.notes,
        *(
            [
                f"Not priced, so not listed: {', '.join(book.unpriced_regions)} "
                "(`prices -r CODE` says why)."
            ]
            if book.unpriced_regions
            else []
        ),
    ]
    return doc


def _overview_blocks(book: PriceBook) -> list[Table | str]:
    """Every region on one line, the sources, and the Savings Plan rates."""
    blocks: list[Table | str] = [
        Table(
            title="Regions (tier-1 duration; 'unknown' prices cannot be used)",
            columns=["Region", "Requests/1M", "x86 GB-s", "Arm GB-s", "PC x86 GB-s"],
            rows=[
                [
                    r.code,
                    _m(r.x86_64.request_usd_per_million if r.x86_64 else None),
                    _m(_tier1(r.x86_64)),
                    _m(_tier1(r.arm64)),
                    _m(r.x86_64.provisioned_concurrency_usd_per_gb_s if r.x86_64 else None),
                ]
                for r in book.regions.values()
            ],
            right={1, 2, 3, 4},
            optional=[4, 3],  # PC, then Arm: `prices --region CODE` lists every price
            caption="Confidence, sources and every other price: lambdacalc prices --region CODE",
        )
    ]
    # each tag in the regions' lists, with what it is, its URL and its date; a paragraph,
    # not a table cell, so that a URL is never cut short
    if book.sources:
        blocks.append("Sources (each region lists the tags its figures rest on):")
    blocks.extend(f"{tag}: {text}" for tag, text in book.sources.items())
    if book.savings_plan_rates:
        blocks.append(_plan_table(book.savings_plan_rates))
    return blocks


def _plan_table(plans: tuple[PlanRate, ...]) -> Table:
    return Table(
        title="Compute Savings Plan discount on Lambda (savings_plan.term, payment)",
        columns=["Term", "Payment", "Discount", "Confidence", "Sources"],
        rows=[
            [
                p.term,
                p.payment,
                "unknown" if p.discount_percent is None else f"{p.discount_percent.normalize():f}%",
                p.confidence,
                ", ".join(p.sources),
            ]
            for p in plans
        ],
        right={2},
    )


def _region_blocks(book: PriceBook, code: str) -> list[Table | str]:
    """One region in full: every price, its note, derived values and sources."""
    r = book.region(code)
    blocks: list[Table | str] = [
        Table(
            title=f"{r.code} ({r.name}): {r.confidence} confidence",
            columns=["Architecture", "Price", book.currency],
            rows=_region_rows(r),
            right={2},
        )
    ]
    if r.note:
        blocks.append(f"Note: {r.note}")
    if r.derived:
        blocks.append("Derived values (AWS does not publish them; each from its rule):")
        blocks.extend(f"• {derivation_text(d)}" for d in r.derived)
    if r.sources:
        blocks.append(
            "Sources: " + "; ".join(f"{s}: {book.sources.get(s, '?')}" for s in r.sources)
        )
    return blocks


def _region_rows(r: RegionPrices) -> list[list[str]]:
    rows = [row for arch in Architecture for row in _arch_rows(arch, r.arch(arch))]
    edge = r.edge
    rows += [
        ["both", "Ephemeral storage per GB-s above 512 MB", _m(r.ephemeral_storage_usd_per_gb_s)],
        ["both", "SnapStart cache per GB-s", _m(r.snapstart_cache_usd_per_gb_s)],
        ["both", "SnapStart restore per GB", _m(r.snapstart_restore_usd_per_gb)],
        ["both", "Response streaming per GB", _m(r.response_streaming_usd_per_gb)],
        ["both", "Durable operations per 1M", _m(r.durable_operation_usd_per_million)],
        ["both", "Durable data written per GB", _m(r.durable_written_usd_per_gb)],
        ["both", "Durable data retained per GB-month", _m(r.durable_retained_usd_per_gb_month)],
        ["both", "SQS event poller unit per hour", _m(r.sqs_epu_usd_per_hour)],
        ["both", "Kafka event poller unit per hour", _m(r.kafka_epu_usd_per_hour)],
        ["Lambda@Edge", "Requests per 1M", _m(edge.request_usd_per_million if edge else None)],
        ["Lambda@Edge", "Duration per GB-s", _m(edge.duration_usd_per_gb_s if edge else None)],
    ]
    return rows


def _arch_rows(arch: Architecture, a: ArchPrices | None) -> list[list[str]]:
    if a is None:
        return [[arch.value, "all prices", "unknown"]]
    rows = [[arch.value, "Requests per 1M", _m(a.request_usd_per_million)]]
    lower = Decimal(0)
    for t in a.duration_tiers or ():
        rows.append([arch.value, f"Duration {_tier_span(lower, t)}", _m(t.usd_per_gb_s)])
        lower = t.up_to_gb_s or lower
    if a.duration_tiers is None:
        rows.append([arch.value, "Duration", "unknown"])
    rows += [
        [
            arch.value,
            "Provisioned concurrency per GB-s",
            _m(a.provisioned_concurrency_usd_per_gb_s),
        ],
        [arch.value, "Duration on PC per GB-s", _m(a.provisioned_duration_usd_per_gb_s)],
        [
            arch.value,
            "Tenant isolation per GB, each new environment",
            _m(a.tenant_environment_usd_per_gb),
        ],
    ]
    return rows


def _tier_span(lower: Decimal, t: Tier) -> str:
    if t.up_to_gb_s is None:
        return "(one rate, no tiers)" if not lower else f"over {lower:,.0f} GB-s"
    return f"{lower:,.0f}–{t.up_to_gb_s:,.0f} GB-s"


class PricesReport(Report):
    """`prices`: the price book, every region or one in full."""

    __slots__ = ("around", "book", "region")

    def __init__(
        self, book: PriceBook, region: str | None, around: AroundBook | None = None
    ) -> None:
        self.book = book
        self.region = region
        self.around = around  # the around-Lambda rates: text and Markdown only

    def json(self) -> str:
        return to_json(self.book, self.region)

    def csv(self) -> str:
        return to_csv(self.book, self.region)

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        return to_doc(self.book, self.region, self.around)
