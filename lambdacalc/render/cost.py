"""The bill in every output format; all four read the same `Bill`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from lambdacalc.cost import COMPONENT_LABELS, Bill, Component, FreeTierShare, FunctionCost

if TYPE_CHECKING:
    from lambdacalc.sizing_advice import SizeAdvice

from lambdacalc.render.common import (
    Doc,
    Records,
    Table,
    csv_text,
    enc_str,
    number,
    rate,
    smart,
    usd,
    write_json,
)
from lambdacalc.render.report import Report

DETAIL_TABLES_UP_TO = 8  # per-function breakdowns below the summary for small scenarios


def advice_lines(advice: Sequence[SizeAdvice]) -> list[str]:
    """One sentence per function that has a memory recommendation."""
    if not advice:
        return []
    from lambdacalc.render.sizing import advice_line

    return [advice_line(a) for a in advice]


def _advice_data(advice: Sequence[SizeAdvice]) -> list[dict[str, Any]]:
    if not advice:
        return []
    from lambdacalc.render.sizing import recommendation_data

    return [
        {
            "function": a.function,
            "strategy": a.strategy.value,
            "current_memory_mb": a.current.memory_mb,
            "recommended_memory_mb": a.recommended.memory_mb if a.recommended else None,
            "monthly_saving_usd": a.monthly_saving_usd,
            "reason": a.reason,
            **recommendation_data(a.recommendation),
        }
        for a in advice
    ]


def _function_data(f: FunctionCost) -> dict[str, Any]:
    """One function of the JSON document; `_function_leaves` lists its values in order."""
    return {
        "name": f.name,
        "architecture": f.architecture.value,
        "memory_mb": f.memory_mb,
        "requests_per_month": f.requests,
        "billed_duration_ms": f.billed_duration_ms,
        "gb_seconds": {
            "on_demand": f.on_demand_gb_s,
            "init": f.init_gb_s,
            "provisioned": f.provisioned_duration_gb_s,
        },
        "components": {i.component.value: i.cost_usd for i in f.items},
        "line_items": [
            {
                "component": i.component.value,
                "label": i.label,
                "unit": i.unit,
                "quantity": i.quantity,
                "unit_price_usd": i.unit_price_usd,
                "monthly_usd": i.cost_usd,
                "detail": i.detail,
            }
            for i in f.items
        ],
        "total_monthly_usd": f.total_usd,
    }


def _function_leaves(f: FunctionCost) -> list[Any]:
    leaves: list[Any] = [
        f.name,
        f.architecture.value,
        f.memory_mb,
        f.requests,
        f.billed_duration_ms,
        f.on_demand_gb_s,
        f.init_gb_s,
        f.provisioned_duration_gb_s,
    ]
    leaves += [i.cost_usd for i in f.items]
    for i in f.items:
        leaves += (
            i.component.value,
            i.label,
            i.unit,
            i.quantity,
            i.unit_price_usd,
            i.cost_usd,
            i.detail,
        )
    leaves.append(f.total_usd)
    return leaves


_COMPONENT_TEXTS = {c: (enc_str(c.value), enc_str(COMPONENT_LABELS[c])) for c in Component}


def _function_texts(f: FunctionCost, num: Callable[[Decimal], str]) -> list[str]:
    """_function_leaves as JSON texts, each type known in advance (the fast path). Prices
    are shared between functions (`num` remembers their texts); the function's own figures
    are not, and skip that lookup."""
    own = getattr(num, "uncached", num)
    costs = [own(i.cost_usd) for i in f.items]
    # the requests, duration and INIT items' quantities are the function's own figures
    requests, od_gb_s, init_gb_s = f.requests, f.on_demand_gb_s, f.init_gb_s
    requests_t, od_gb_s_t, init_gb_s_t = own(requests), own(od_gb_s), own(init_gb_s)
    texts = [
        enc_str(f.name),
        enc_str(f.architecture.value),
        str(f.memory_mb),
        requests_t,
        own(f.billed_duration_ms),
        od_gb_s_t,
        init_gb_s_t,
        own(f.provisioned_duration_gb_s),
        *costs,
    ]
    for i, cost in zip(f.items, costs, strict=True):
        price = i.unit_price_usd
        q = i.quantity
        texts += (
            *_COMPONENT_TEXTS[i.component],
            enc_str(i.unit),
            requests_t
            if q is requests
            else od_gb_s_t
            if q is od_gb_s
            else init_gb_s_t
            if q is init_gb_s
            else own(q),
            "null" if price is None else num(price),
            cost,
            enc_str(i.detail),
        )
    texts.append(own(f.total_usd))
    return texts


def _function_shape(f: FunctionCost) -> tuple[Component, ...]:
    return tuple([i.component for i in f.items])  # (a list first: faster than a generator)


def _share_data(s: FreeTierShare) -> dict[str, Any]:
    return {
        "function": s.function,
        "requests": s.requests,
        "gb_seconds": s.gb_s,
        "response_streaming_gb": s.streaming_gb,
        "monthly_usd": s.credit_usd,
    }


def _share_leaves(s: FreeTierShare) -> list[Any]:
    return [s.function, s.requests, s.gb_s, s.streaming_gb, s.credit_usd]


def _share_texts(s: FreeTierShare, num: Callable[[Decimal], str]) -> list[str]:
    return [
        enc_str(s.function),
        num(s.requests),
        num(s.gb_s),
        num(s.streaming_gb),
        num(s.credit_usd),
    ]


def _share_shape(s: FreeTierShare) -> None:
    return None


def to_data(bill: Bill, advice: Sequence[SizeAdvice] = ()) -> dict[str, Any]:
    """The JSON document; its documented keys are stable."""
    book = bill.book
    region = book.regions[bill.region]
    fs = bill.free_tier
    sp = bill.savings_plan
    return {
        "scenario": bill.workload,
        "region": bill.region,
        "currency": book.currency,
        "total_monthly_usd": bill.total_usd,
        "around_monthly_usd": bill.around_usd,
        "grand_total_monthly_usd": bill.grand_total_usd,
        "functions": Records(
            bill.functions,
            _function_data,
            _function_leaves,
            _function_shape,
            shared=True,
            texts=_function_texts,
        ),
        "tiers": [
            {
                "architecture": t.architecture.value,
                "tier": t.name,
                "gb_seconds": t.gb_s,
                "usd_per_gb_s": t.usd_per_gb_s,
                "monthly_usd": t.cost_usd,
            }
            for t in bill.tiers
        ],
        "free_tier": {
            "applied": fs.enabled,
            "requests_used": fs.requests_used,
            "requests_allowance": fs.requests_allowance,
            "gb_seconds_used": fs.gb_s_used,
            "gb_seconds_allowance": fs.gb_s_allowance,
            "response_streaming_gb_used": fs.streaming_gb_used,
            "response_streaming_gb_allowance": fs.streaming_gb_allowance,
            "monthly_usd": fs.credit_usd,
            "split": Records(
                fs.shares,
                _share_data,
                _share_leaves,
                _share_shape,
                texts=_share_texts,
                one_shape=True,
            ),
        },
        "savings_plan": None
        if sp is None
        else {
            "discount_percent": sp.discount_percent,
            "term": sp.term,
            "payment": sp.payment,
            "discount_source": sp.discount_source,
            "commitment_usd_per_hour": sp.commitment_usd_per_hour,
            "eligible_on_demand_usd": sp.eligible_on_demand_usd,
            "covered_on_demand_usd": sp.covered_on_demand_usd,
            "commitment_monthly_usd": sp.commitment_usd,
            "monthly_usd": sp.effect_usd,
            "optimal_commitment_usd_per_hour": sp.optimal_commitment_usd_per_hour,
            "optimal_monthly_usd": sp.optimal_effect_usd,
        },
        "prices": {
            "book": book.name,
            "effective_date": book.effective_date,
            "source": book.origin,
            "region_confidence": region.confidence,
        },
        "memory_recommendations": _advice_data(advice),
        "warnings": list(bill.warnings),
        "assumptions": list(bill.assumptions),
        "around": _around_data(bill),
    }


def _around_data(bill: Bill) -> dict[str, Any] | None:
    """The costs around Lambda (docs/around-lambda.md); null when the scenario has none."""
    around = bill.around
    if around is None:
        return None
    from lambdacalc.around.bill import SERVICES

    return {
        "prices": {"book": around.book_name, "effective_date": around.effective_date},
        "services": {key: around.service_usd(key) for key in SERVICES},
        "line_items": [
            {
                "function": line.function or None,
                "service": line.service,
                "component": line.component,
                "unit": line.unit,
                "quantity": line.quantity,
                "unit_price_usd": line.unit_price_usd,
                "monthly_usd": line.cost_usd,
                "detail": line.detail,
            }
            for line in around.lines
        ],
        "monthly_usd": around.total_usd,
        "assumptions": list(around.assumptions),
    }


def write_json_to(out: IO[str], bill: Bill, advice: Sequence[SizeAdvice] = ()) -> None:
    """The JSON document written to `out` in chunks (a fleet's bill is large)."""
    write_json(to_data(bill, advice), out)


# The CSV's columns, the same for every scenario so that a spreadsheet's cell references
# survive a change of scenario: each is named as its JSON field (dotted for nested ones), and
# every component has its column, 0 where it does not apply.
ADVICE_CSV_FIELDS = (
    "strategy",
    "current_memory_mb",
    "recommended_memory_mb",
    "monthly_saving_usd",
    "reason",
)
# the around-Lambda services, as lambdacalc.around.engine.SERVICES names them (kept here
# so that the CSV's header needs no import of the engine)
AROUND_SERVICES = (
    "logs",
    "api_gateway",
    "sqs",
    "data_transfer",
    "nat_gateway",
    "xray",
    "vpc_endpoints",
)
CSV_COLUMNS = (
    "scenario",
    "region",
    "name",
    "architecture",
    "memory_mb",
    "requests_per_month",
    "billed_duration_ms",
    "gb_seconds.on_demand",
    "gb_seconds.init",
    "gb_seconds.provisioned",
    *(f"components.{c.value}" for c in Component),
    "total_monthly_usd",
    *(f"memory_recommendations.{field}" for field in ADVICE_CSV_FIELDS),
    *(f"around.{service}" for service in AROUND_SERVICES),
    "around_monthly_usd",
    "grand_total_monthly_usd",
)


def to_csv(bill: Bill, advice: Sequence[SizeAdvice] = ()) -> str:
    """One row per function in CSV_COLUMNS, then a TOTAL row; a function's memory
    recommendation (if it has one) fills the memory_recommendations.* columns."""
    advised = {a["function"]: a for a in _advice_data(advice)}
    rows: list[list[Any]] = []
    for f in bill.functions:
        recommendation = advised.get(f.name, {})
        rows.append(
            [
                bill.workload,
                bill.region,
                f.name,
                f.architecture.value,
                f.memory_mb,
                f.requests,
                f.billed_duration_ms,
                f.on_demand_gb_s,
                f.init_gb_s,
                f.provisioned_duration_gb_s,
                *(f.component_usd(c) for c in Component),
                f.total_usd,
                *(recommendation.get(field) for field in ADVICE_CSV_FIELDS),
                *_around_cells(bill, f.name),
            ]
        )

    rows.append(
        [
            bill.workload,
            bill.region,
            "TOTAL",
            "",
            "",
            bill.requests,
            "",
            bill.on_demand_gb_s,
            bill.init_gb_s,
            bill.provisioned_duration_gb_s,
            *(bill.component_usd(c) for c in Component),
            bill.total_usd,
            *([""] * len(ADVICE_CSV_FIELDS)),
            *_around_cells(bill, None),
        ]
    )
    return csv_text(CSV_COLUMNS, rows)


def _around_cells(bill: Bill, function: str | None) -> list[Decimal]:
    """A function's around-Lambda costs by service, its sum and its Lambda + around; for
    the TOTAL row (None), the account's, with its own lines (NAT hours, free tier)."""
    around = bill.around
    zero = Decimal(0)
    if function is None:
        by_service = [around.service_usd(s) if around else zero for s in AROUND_SERVICES]
        return [*by_service, bill.around_usd, bill.grand_total_usd]
    lambda_usd = next(f.total_usd for f in bill.functions if f.name == function)
    by_service = [
        around.function_service_usd(function, s) if around else zero for s in AROUND_SERVICES
    ]
    own = sum(by_service, zero)
    return [*by_service, own, lambda_usd + own]


def to_doc(bill: Bill, advice: Sequence[SizeAdvice] = ()) -> Doc:
    region = bill.book.regions[bill.region]
    doc = Doc(
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
    doc.blocks.append(summary)

    if len(bill.functions) <= DETAIL_TABLES_UP_TO:
        for f in bill.functions:
            notes = "; ".join(f"{i.label}: {i.detail}" for i in f.items if i.detail)
            detail = Table(
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
            doc.blocks.append(detail)

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
    blocks: list[Table | str] = []
    if bill.tiers:
        blocks.append(
            Table(
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
        )
    fs = bill.free_tier
    if not fs.enabled:
        blocks.append("Free tier: not applied (free_tier: false).")
    elif fs.shares:
        blocks.append(
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
        )
    sp = bill.savings_plan
    if sp is not None:
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
        blocks.append(Table(title="Compute Savings Plan", columns=["", ""], rows=rows, right={1}))
        if sp.discount_source:
            blocks.append(f"Savings Plan discount from: {sp.discount_source}.")
    return blocks


class BillReport(Report):
    """`cost SCENARIO`: the bill, and sizing advice where the scenario asked for it."""

    __slots__ = ("advice", "bill")

    def __init__(self, bill: Bill, advice: Sequence[SizeAdvice] = ()) -> None:
        self.bill = bill
        self.advice = advice

    def write_json(self, out: IO[str]) -> None:
        write_json_to(out, self.bill, self.advice)  # streamed: a fleet's bill is large

    def csv(self) -> str:
        return to_csv(self.bill, self.advice)

    def csv_warnings(self) -> tuple[str, ...]:
        return self.bill.warnings

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        from lambdacalc.currency import money_in

        with money_in(self.bill.book.currency):  # ¥ for a China region's bill
            return to_doc(self.bill, self.advice)
