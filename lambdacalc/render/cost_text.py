"""The bill as a document for people: summary, per-function breakdowns, the account's
tiers, free tier and Savings Plan, and the costs around Lambda."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from lambdacalc.cost import Bill, FreeTierUse, FunctionCost, SavingsPlanUse

if TYPE_CHECKING:
    from lambdacalc.sizing_advice import SizeAdvice

from lambdacalc.render.common import (
    Doc,
    Table,
    number,
    rate,
    smart,
    usd,
)
from lambdacalc.render.cost_advice import advice_lines

DETAIL_TABLES_UP_TO = 8  # per-function breakdowns below the summary for small scenarios


def to_doc(bill: Bill, advice: Sequence[SizeAdvice] = ()) -> Doc:
    """The bill for people: the functions, each one's line items (for a few functions), the
    account's tiers, free tier and Savings Plan, the costs around Lambda and the advice."""
    doc = _titled(bill)
    doc.blocks.append(_functions_table(bill))
    if len(bill.functions) <= DETAIL_TABLES_UP_TO:
        doc.blocks.extend(_detail_table(f) for f in bill.functions)
    doc.blocks.extend(_account_blocks(bill))
    if bill.around is not None:
        doc.blocks.append(_around_table(bill))
    lines = advice_lines(advice)
    if lines:
        doc.blocks.append("Memory recommendations:\n" + "\n".join(f"  • {x}" for x in lines))
    doc.total = f"Monthly total: {usd(bill.total_usd)}"
    if bill.around is not None:
        doc.total = (
            f"Monthly total: {usd(bill.total_usd)} Lambda + {usd(bill.around_usd)} around = "
            f"{usd(bill.grand_total_usd)}"
        )
    doc.warnings = list(bill.warnings)
    doc.notes = list(bill.assumptions) + (list(bill.around.assumptions) if bill.around else [])
    return doc


def _titled(bill: Bill) -> Doc:
    """An empty document with the bill's total in its title and its prices in the subtitle."""
    region = bill.book.regions[bill.region]
    return Doc(
        title=f"{bill.workload}: {usd(bill.total_usd)} a month"
        + (
            f" for Lambda, {usd(bill.grand_total_usd)} with the costs around it"
            if bill.around is not None
            else ""
        ),
        subtitle=(
            f"{bill.region} ({bill.region_name}) · prices {bill.book.name} effective "
            f"{bill.book.effective_date}, {region.confidence} confidence"
        ),
    )


def _functions_table(bill: Bill) -> Table:
    """One line per function, with a total line when there are several."""
    summary = Table(
        title="Functions",
        columns=["Function", "Arch", "Memory", "Requests", "GB-s", "Monthly"],
        rows=[
            [
                f.name,
                f.architecture.value,
                f"{f.memory_mb:,} MB",
                number(f.requests),
                number(f.on_demand_gb_s + f.init_gb_s + f.provisioned_duration_gb_s),
                usd(f.total_usd),
            ]
            for f in bill.functions
        ],
        right={2, 3, 4, 5},
        optional=[1, 4],  # Arch and GB-s: the detail tables below show both
    )
    if len(bill.functions) > 1:
        summary.footer = [
            "Total",
            "",
            "",
            number(bill.requests),
            "",
            usd(bill.total_usd),
        ]
    return summary


def _detail_table(f: FunctionCost) -> Table:
    """One function's line items, their details in the caption."""
    notes = "; ".join(f"{i.label}: {i.detail}" for i in f.items if i.detail)
    return Table(
        title=f"{f.name} ({f.architecture.value}, {f.memory_mb:,} MB, "
        f"{smart(f.billed_duration_ms)} ms billed)",
        columns=["Component", "Quantity", "Unit price", "Monthly"],
        rows=[
            [
                i.label,
                f"{smart(i.quantity)} {i.unit}" if i.unit != "USD" else "",
                rate(i.unit_price_usd) if i.unit_price_usd is not None else "",
                usd(i.cost_usd),
            ]
            for i in f.items
        ],
        right={1, 2, 3},
        optional=[2, 1],  # unit price, then quantity
        footer=["Total", "", "", usd(f.total_usd)],
        caption=notes,
    )


def _around_table(bill: Bill) -> Table:
    """The costs around Lambda, one line per function, service and component."""
    around = bill.around
    assert around is not None
    return Table(
        title=f"Around Lambda (prices {around.book_name} effective {around.effective_date})",
        columns=["Function", "Item", "Quantity", "Unit price", "Monthly"],
        rows=[
            [
                line.function or "(account)",
                f"{line.service_label} {line.component}",
                f"{smart(line.quantity)} {line.unit}",
                rate(line.unit_price_usd) if line.unit_price_usd is not None else "",
                usd(line.cost_usd),
            ]
            for line in around.lines
        ],
        right={2, 3, 4},
        optional=[3, 2],
        footer=["Around Lambda", "", "", "", usd(around.total_usd)],
    )


def _account_blocks(bill: Bill) -> list[Table | str]:
    """The account-wide parts of the bill: duration tiers, free tier, Savings Plan."""
    blocks: list[Table | str] = []
    if bill.tiers:
        blocks.append(_tiers_table(bill))
    blocks.extend(_free_tier_blocks(bill.free_tier))
    if bill.savings_plan is not None:
        blocks.extend(_savings_plan_blocks(bill.savings_plan))
    return blocks


def _tiers_table(bill: Bill) -> Table:
    """The account's on-demand GB-s through each architecture's tiers."""
    return Table(
        title="On-demand duration tiers (account, per architecture)",
        columns=["Architecture", "Tier", "GB-s", "Price per GB-s", "Monthly"],
        rows=[
            [
                t.architecture.value,
                t.name,
                number(t.gb_s),
                rate(t.usd_per_gb_s),
                usd(t.cost_usd),
            ]
            for t in bill.tiers
        ],
        right={2, 3, 4},
        optional=[3, 2],  # the price, then the GB-s
    )


def _free_tier_blocks(fs: FreeTierUse) -> list[Table | str]:
    """The free tier's use and its split between functions, or that it is off."""
    if not fs.enabled:
        return ["Free tier: not applied (free_tier: false)."]
    if not fs.shares:
        return []
    return [
        Table(
            title="Free tier (account-wide), split between functions",
            caption=(
                f"Used {number(fs.requests_used)} of {number(fs.requests_allowance)} "
                f"free requests and {number(fs.gb_s_used)} of {number(fs.gb_s_allowance)} "
                f"free GB-s"
                + (
                    f", and {smart(fs.streaming_gb_used)} of "
                    f"{number(fs.streaming_gb_allowance)} free GB of response streaming"
                    if fs.streaming_gb_used
                    else ""
                )
                + "."
            ),
            columns=["Function", "Requests", "GB-s", "Credit"],
            rows=[
                [s.function, number(s.requests), number(s.gb_s), usd(s.credit_usd)]
                for s in fs.shares
            ],
            right={1, 2, 3},
            footer=["Total", number(fs.requests_used), number(fs.gb_s_used), usd(fs.credit_usd)]
            if len(fs.shares) > 1
            else None,
        )
    ]


def _savings_plan_blocks(sp: SavingsPlanUse) -> list[Table | str]:
    """The Savings Plan's discount, commitment and effect, and where the discount is from."""
    plan_terms = f" ({sp.term}, {sp.payment})" if sp.term else ""
    rows = [
        ["Discount", f"{smart(sp.discount_percent)}%{plan_terms}"],
        ["Eligible usage at on-demand prices", usd(sp.eligible_on_demand_usd)],
    ]
    if sp.commitment_usd_per_hour is not None:
        rows += [
            ["Commitment", f"{rate(sp.commitment_usd_per_hour)}/h = {usd(sp.commitment_usd)}"],
            ["Usage covered by the plan", usd(sp.covered_on_demand_usd)],
        ]
    rows += [
        ["Effect on the bill", usd(sp.effect_usd)],
        [
            "Commitment that minimises the bill",
            f"{rate(sp.optimal_commitment_usd_per_hour.quantize(Decimal('0.0001')))}/h "
            f"(effect {usd(sp.optimal_effect_usd)})",
        ],
    ]
    blocks: list[Table | str] = [
        Table(title="Compute Savings Plan", columns=["", ""], rows=rows, right={1})
    ]
    if sp.discount_source:
        blocks.append(f"Savings Plan discount from: {sp.discount_source}.")
    return blocks
