"""`lambdacalc cost SCENARIO`'s report: the bill and everything said beside it.

Core: no I/O. The CLI loads the scenario (and the around-Lambda book when the scenario
needs it), checks them against the books, calls `cost_report` once and emits the frozen
`CostReport`; `render.cost.BillReport` formats it.

Not re-exported from `lambdacalc.cost`: it uses the concurrency and sizing models, which
a plain `from lambdacalc.cost import price` need not load.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from lambdacalc.cost.account import price
from lambdacalc.cost.bill import Bill

if TYPE_CHECKING:
    from lambdacalc.around.book import AroundBook
    from lambdacalc.prices import PriceBook
    from lambdacalc.sizing_advice import SizeAdvice
    from lambdacalc.workload import Workload


class CostReport(NamedTuple):
    """The bill, with its warnings and assumptions complete, and one sizing advice per
    function whose `sizing:` hints ask for it."""

    bill: Bill
    advice: tuple[SizeAdvice, ...] = ()


def cost_report(
    workload: Workload,
    book: PriceBook,
    display: str,
    *,
    around_book: AroundBook | None = None,
    first_assumptions: Sequence[str] = (),
) -> CostReport:
    """Price `workload` and say what a reader needs beside the bill.

    - the concurrency fit warning (does it fit the account's concurrency?), first;
    - `first_assumptions` (the edge's words for a what-if run: the settings it changed)
      before the bill's own assumptions;
    - the costs around Lambda, when the scenario uses any (priced with `around_book`,
      which the edge has checked against the scenario);
    - for each function on Lambda Managed Instances, the decision line (managed or not);
    - the sizing advice of functions with `sizing:` hints.

    `display` names the scenario file in the sizing advice's errors.
    """
    from lambdacalc.concurrency import fit_warning

    # planned before pricing, so that the plan's temporaries and the bill are never in
    # memory at once (a fleet's peak)
    fit = fit_warning(workload)
    bill = price(workload, book)
    if first_assumptions:
        bill = bill._replace(assumptions=(*first_assumptions, *bill.assumptions))
    if fit is not None:
        bill = bill._replace(warnings=(fit, *bill.warnings))
    bill = _with_around(workload, bill, around_book)
    bill = _with_managed_decisions(workload, bill, book)
    return CostReport(bill, _advice(workload, book, display))


def _with_around(workload: Workload, bill: Bill, book: AroundBook | None) -> Bill:
    """The bill with the costs around Lambda beside it, when the scenario asks for any."""
    from lambdacalc.around.uses import uses_around

    if book is None or not uses_around(workload):
        return bill
    from lambdacalc.around.engine import price_around

    return bill._replace(around=price_around(workload, book))


def _with_managed_decisions(workload: Workload, bill: Bill, book: PriceBook) -> Bill:
    """One assumption line per function on Lambda Managed Instances: managed or not."""
    if all(f.managed_instances is None for f in workload.functions):
        return bill
    from lambdacalc.cost.managed_compare import compare, comparison_line

    decisions = [
        comparison_line(compare(f, book, bill.region))
        for f in workload.functions
        if f.managed_instances is not None
    ]
    return bill._replace(assumptions=(*bill.assumptions, *decisions))


def _advice(workload: Workload, book: PriceBook, display: str) -> tuple[SizeAdvice, ...]:
    if not any(f.sizing for f in workload.functions):
        return ()
    from lambdacalc.sizing_advice import scenario_advice

    return tuple(scenario_advice(workload, book, display))
