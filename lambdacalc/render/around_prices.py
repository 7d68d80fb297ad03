"""The around-Lambda rates for `lambdacalc prices` (text and Markdown)."""

from __future__ import annotations

from decimal import Decimal

from lambdacalc.around.book import ALL_RATES, AroundBook, RateTier
from lambdacalc.render.common import Table


def _span(lower: Decimal, tier: RateTier) -> str:
    from lambdacalc.cost.bill import short_gb_s  # 1.5B, 333M, 10.24k: a short quantity

    if tier.up_to is None:
        return f"over {short_gb_s(lower)}" if lower else "all"
    return f"{short_gb_s(lower)}–{short_gb_s(tier.up_to)}"


def around_rate_blocks(book: AroundBook, region: str | None) -> list[Table | str]:
    """One table of a region's around-Lambda rates (every region's when none is named)."""
    codes = [region] if region is not None else list(book.regions)
    blocks: list[Table | str] = []
    for code in codes:
        found = book.regions.get(code)
        if found is None:
            blocks.append(f"Around Lambda: no rates for {code} in {book.describe()}.")
            continue
        rows: list[list[str]] = []
        for rates in ALL_RATES:
            value = found.rates.get(rates.key)
            per = rates.key.rsplit("_usd_per_", 1)[1].replace("_", " ").replace("gb", "GB")
            if value is None:
                rows.append([rates.what, "", "unknown"])
            elif isinstance(value, Decimal):
                rows.append([rates.what, "", f"${value:f} / {per}"])
            else:
                lower = Decimal(0)
                for tier in value:
                    rows.append([rates.what, _span(lower, tier), f"${tier.usd:f} / {per}"])
                    lower = tier.up_to or lower
        blocks.append(
            Table(
                title=f"Around Lambda, {code} ({found.name}): {book.name} effective "
                f"{book.effective_date}",
                columns=["Service", "Tier (GB or count)", "USD"],
                rows=rows,
                right={2},
                caption="Sources: "
                + "; ".join(f"{s}: {book.sources.get(s, '?')}" for s in found.sources),
            )
        )
    ft = book.free_tier
    blocks.append(
        f"Around Lambda free tier per account and month: {ft.logs_ingestion_gb} GB of logs "
        f"ingested and {ft.logs_storage_gb_month} GB-month stored, {ft.sqs_requests:,} SQS "
        f"requests, {ft.data_out_gb} GB out to the internet, {ft.xray_traces_recorded:,} X-Ray "
        f"traces recorded and {ft.xray_traces_scanned:,} scanned (API Gateway's is for new "
        "accounts' first 12 months: not applied)."
    )
    return blocks
