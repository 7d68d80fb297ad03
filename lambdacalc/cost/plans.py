"""A Compute Savings Plan's discount: as the scenario gives it, or looked up in the book.

A scenario gives `discount_percent` (the rate from Cost Explorer or the plan's offering), or
the plan's `term` and `payment` option; for the latter the price book's
`compute_savings_plan` table gives the Lambda discount and its sources. The bill says which
was used and where it came from.
"""

from lambdacalc.prices import PriceBook
from lambdacalc.workload import SavingsPlan

GIVEN = "discount_percent given in the scenario"


def resolve_plan(plan: SavingsPlan | None, book: PriceBook) -> SavingsPlan | None:
    """The plan with its discount known and its source said; PricingError when the book has
    no discount for the plan's term and payment."""
    if plan is None:
        return None
    if plan.term is None or plan.payment is None:
        return plan._replace(source=plan.source or GIVEN)
    rate = book.savings_plan_rate(plan.term, plan.payment)
    tags = ", ".join(rate.sources)
    source = (
        f"{book.name} compute_savings_plan.{rate.key}: {rate.confidence} confidence"
        + (f" ({tags})" if tags else "")
        + (f"; {rate.note}" if rate.note else "")
    )
    return plan._replace(discount_percent=rate.discount_percent, source=source)
