"""The per-function records of a bill, built at fleet scale: each function's share of its
architecture's tiered duration cost (`share_duration`) and its FunctionCost
(`function_costs`). The account engine (`account.py`) calls both; they hold no rule of their
own, only loops written for 100,000 functions (names looked up once, NamedTuples built with
tuple.__new__, each scratch record let go as soon as it is used)."""

from decimal import Decimal
from operator import itemgetter

from lambdacalc.cost.bill import Component, FreeTierShare, FunctionCost, LineItem
from lambdacalc.cost.rules import Usage
from lambdacalc.units import ZERO


def share_duration(
    group: list[Usage],
    tiered_usd: Decimal,
    total_gb_s: Decimal,
    unit_price: Decimal | None,
    plan: bool = True,
) -> None:
    """Each function's share of its architecture's tiered duration cost, by its GB-s (and
    its INIT's), as line items; added to its Savings-Plan-eligible spend when the account has
    a `plan` (nothing else reads it). (The loop of a fleet: names looked up once.)"""
    new, item, duration, init = _new_record, LineItem, Component.DURATION, Component.INIT
    # INIT details by the identity of their two figures (the workload holds them for the
    # whole loop; equal values written differently, 1 and 1.0, read differently)
    init_details: dict[tuple[int, int], str] = {}
    for u in group:
        od_gb_s, init_gb_s, items = u.od_gb_s, u.init_gb_s, u.items
        duration_usd = tiered_usd * od_gb_s / total_gb_s
        line = (duration, "GB-s", od_gb_s, unit_price, duration_usd, "")
        items.append(new(item, line + _ITEM_TAIL))
        u.duration_usd = duration_usd
        if init_gb_s:
            init_usd = tiered_usd * init_gb_s / total_gb_s
            u.duration_usd += init_usd
            fn = u.fn
            percent, init_ms = fn.cold_start_percent, fn.init_duration_ms
            key = (id(percent), id(init_ms))
            detail = init_details.get(key)
            if detail is None:
                detail = init_details[key] = f"{percent}% × {init_ms} ms"
            line = (init, "GB-s", init_gb_s, unit_price, init_usd, detail)
            items.append(new(item, line + _ITEM_TAIL))
            if plan:
                u.eligible_usd += duration_usd + init_usd
        elif plan:
            u.eligible_usd += duration_usd


def function_costs(usages: list[Usage]) -> tuple[FunctionCost, ...]:
    """Each function's cost, in order; every Usage is let go as soon as its cost is made
    (`usages` is emptied), so that a fleet's scratch records and its bill are never all in
    memory at once (the peak of `cost` on 100,000 functions)."""
    costs: list[FunctionCost] = []
    usages.reverse()
    pop, append, new, cost_usd, tail = usages.pop, costs.append, _new_record, _COST_USD, _COST_TAIL
    # (a `for` loop, not `while usages`: CPython 3.11 specializes a loop's attribute reads only
    # once a backward jump has warmed it, and a `while` loop's conditional jump never does)
    for _ in range(len(usages)):  # (the FunctionCost built in place: a fleet's loop)
        u = pop()
        items = (*u.items, *u.extras, *u.adjustments)
        # in display order, so the total is exactly the sum shown (from 0, as the sums of rows)
        total_usd = sum(map(cost_usd, items), ZERO)
        fn = u.fn
        record = (
            fn.name,
            fn.architecture,
            fn.memory_mb,
            u.requests,
            u.od_requests,
            u.pc_requests,
            u.billed_ms,
            u.od_gb_s,
            u.init_gb_s,
            u.pc_duration_gb_s,
            items,
            total_usd,
        )
        append(new(FunctionCost, record + tail))
    return tuple(costs)


_COST_USD = itemgetter(LineItem._fields.index("cost_usd"))
_new_record = tuple.__new__  # a NamedTuple built without its Python-level __new__
new_record = _new_record  # (for the other loops of a fleet: `credits.apply_free_tier`)
# The defaults of fields a record may gain after those filled here (none today): a field
# appended without a default fails at import instead of being left out.
_LATER_ITEM_FIELDS: tuple[str, ...] = LineItem._fields[6:]
_LATER_COST_FIELDS: tuple[str, ...] = FunctionCost._fields[12:]
# (appended as `(…) + tail`: with no later field, the same tuple at no cost, unlike `*tail`)
_ITEM_TAIL = tuple(LineItem._field_defaults[name] for name in _LATER_ITEM_FIELDS)
ITEM_TAIL = _ITEM_TAIL
_LATER_SHARE_FIELDS: tuple[str, ...] = FreeTierShare._fields[5:]
SHARE_TAIL = tuple(FreeTierShare._field_defaults[name] for name in _LATER_SHARE_FIELDS)
_COST_TAIL = tuple(FunctionCost._field_defaults[name] for name in _LATER_COST_FIELDS)
