"""The bill in every output format; all four read the same `Bill`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from lambdacalc.cost import (
    COMPONENT_LABELS,
    Bill,
    Component,
    FreeTierShare,
    FreeTierUse,
    FunctionCost,
    LineItem,
    SavingsPlanUse,
)
from lambdacalc.prices import Architecture

if TYPE_CHECKING:
    from lambdacalc.sizing_advice import SizeAdvice

from lambdacalc.render.common import (
    Doc,
    Records,
    enc_str,
    write_json,
)
from lambdacalc.render.cost_advice import advice_data
from lambdacalc.render.cost_csv import to_csv
from lambdacalc.render.cost_text import to_doc
from lambdacalc.render.json_code import Fixed, RecordCode
from lambdacalc.render.report import Report


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
_ARCHITECTURE_TEXTS = {a: enc_str(a.value) for a in Architecture}


def _function_code(f: FunctionCost) -> RecordCode:
    """_function_leaves' texts as the source of the writer's function for the shape of `f`
    (its line items' components, whose texts it writes as they are): the function's and its
    items' fields unpacked by name (a field added later is unpacked too; one renamed fails
    the writer's check, which then falls back), each figure formatted once (a cost is listed
    twice; a quantity is mostly the function's requests or GB-s, the same object). Prices
    and other quantities (the free tier's 1) are shared between functions (`num` remembers
    their texts), the function's own figures are not (`own` skips that lookup)."""
    setup = [
        f"{', '.join(FunctionCost._fields)} = item",
        "requests_t, on_demand_t, init_t = own(requests), own(on_demand_gb_s), own(init_gb_s)",
    ]
    slots = [
        "enc(name)",
        "ARCHITECTURES[architecture]",
        "str(memory_mb)",
        "requests_t",
        "own(billed_duration_ms)",
        "on_demand_t",
        "init_t",
        "own(provisioned_duration_gb_s)",
    ]
    names = {"enc": enc_str, "ARCHITECTURES": _ARCHITECTURE_TEXTS}
    unpacked: list[str] = []
    lines: list[str] = []
    for k, line_item in enumerate(f.items):
        unpacked.append(f"({', '.join(field + str(k) for field in LineItem._fields)}),")
        setup.append(f"cost{k} = own(cost_usd{k})")
        slots.append(f"cost{k}")
        q = f"quantity{k}"
        lines += (
            *map(Fixed, _COMPONENT_TEXTS[line_item.component]),
            _str_text(f"unit{k}", line_item.unit, names),
            f"requests_t if {q} is requests else on_demand_t if {q} is on_demand_gb_s"
            f" else init_t if {q} is init_gb_s else num({q})",
            f"'null' if unit_price_usd{k} is None else num(unit_price_usd{k})",
            f"cost{k}",
            _str_text(f"detail{k}", line_item.detail, names),
        )
    if unpacked:
        setup.insert(1, f"{''.join(unpacked)} = items")
    return RecordCode(setup, [*slots, *lines, "own(total_usd)"], names)


def _str_text(name: str, first: str, names: dict[str, Any]) -> str:
    """The JSON text of the str `name`, kept for the very object the shape's first record
    holds there (a unit, an empty detail: most records share it), which then is not
    encoded again."""
    kept = f"FIRST{len(names)}"
    names[kept], names[kept + "_TEXT"] = first, enc_str(first)
    return f"{kept}_TEXT if {name} is {kept} else enc({name})"


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


def _share_code(s: FreeTierShare) -> RecordCode:
    """_share_leaves' texts as the source of the writer's function (fields by name, as in
    `_function_code`)."""
    slots = ["enc(function)", "num(requests)", "num(gb_s)", "num(streaming_gb)", "num(credit_usd)"]
    return RecordCode([f"{', '.join(FreeTierShare._fields)} = item"], slots, {"enc": enc_str})


def _share_shape(s: FreeTierShare) -> None:
    return None


def to_data(bill: Bill, advice: Sequence[SizeAdvice] = ()) -> dict[str, Any]:
    """The JSON document; its documented keys are stable."""
    book = bill.book
    region = book.regions[bill.region]
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
            code=_function_code,
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
        "free_tier": _free_tier_data(bill.free_tier),
        "savings_plan": _savings_plan_data(bill.savings_plan),
        "prices": {
            "book": book.name,
            "effective_date": book.effective_date,
            "source": book.origin,
            "region_confidence": region.confidence,
        },
        "memory_recommendations": advice_data(advice),
        "warnings": list(bill.warnings),
        "assumptions": list(bill.assumptions),
        "around": _around_data(bill),
    }


def _free_tier_data(fs: FreeTierUse) -> dict[str, Any]:
    """The free tier's use, and its split between functions."""
    return {
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
            code=_share_code,
            one_shape=True,
        ),
    }


def _savings_plan_data(sp: SavingsPlanUse | None) -> dict[str, Any] | None:
    """The Savings Plan's terms and effect; null without a plan."""
    if sp is None:
        return None
    return {
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
