"""The billing engine: one set of rules, one rate card, one bill.

* `rules`: each billing rule once (billed ms, PC window and billed hours, INIT, storage,
  async event requests, streamed GB, SnapStart, Savings Plan terms);
* `rates`: the prices a workload needs, resolved from the price book once;
* `bill`: the bill's structure (line items, function costs, tiers, free tier, Savings Plan);
* `account`: the account-level engine, `price(workload, book) -> Bill`;
* `records`: its per-function loops at fleet scale (duration shares, function costs);
* `notes`: the bill's warnings and assumptions, in words;
* `sweep`: a function's monthly cost at any memory size in closed form, from the same rules.

The names other modules use are re-exported here: `from lambdacalc.cost import price`. Each is
imported from its submodule when first used, so that a module needing only the rate card
(`lambdacalc concurrency`) does not load the account engine (`lambdacalc.lazy_exports`).
"""

from typing import TYPE_CHECKING

from lambdacalc.lazy_exports import exports

if TYPE_CHECKING:
    from lambdacalc.cost.account import price
    from lambdacalc.cost.bill import (
        COMPONENT_LABELS,
        Bill,
        Component,
        FreeTierShare,
        FreeTierUse,
        FunctionCost,
        LineItem,
        SavingsPlanUse,
        TierUsage,
        tier_usage,
    )
    from lambdacalc.cost.notes import over_commitment_warning
    from lambdacalc.cost.rates import PriceNeed, price_needs
    from lambdacalc.cost.rules import (
        SNAPSTART_MIN_HOURS,
        pc_billed_hours,
        pc_window,
        requests_per_async_event,
        snapstart_charged,
        streamed_gb,
        tiered_cost_usd,
    )

# submodule -> the names re-exported from it, each imported on first use
# (lambdacalc.lazy_exports: `import lambdacalc.cost.rates` need not load the whole engine)
_EXPORTS = {
    "account": ("price",),
    "bill": (
        "COMPONENT_LABELS",
        "Bill",
        "Component",
        "FreeTierShare",
        "FreeTierUse",
        "FunctionCost",
        "LineItem",
        "SavingsPlanUse",
        "TierUsage",
        "tier_usage",
    ),
    "notes": ("over_commitment_warning",),
    "rates": ("PriceNeed", "price_needs"),
    "rules": (
        "SNAPSTART_MIN_HOURS",
        "pc_billed_hours",
        "pc_window",
        "requests_per_async_event",
        "snapstart_charged",
        "streamed_gb",
        "tiered_cost_usd",
    ),
}
__getattr__ = exports(__name__, _EXPORTS)

__all__ = [
    "COMPONENT_LABELS",
    "SNAPSTART_MIN_HOURS",
    "Bill",
    "Component",
    "FreeTierShare",
    "FreeTierUse",
    "FunctionCost",
    "LineItem",
    "PriceNeed",
    "SavingsPlanUse",
    "TierUsage",
    "over_commitment_warning",
    "pc_billed_hours",
    "pc_window",
    "price",
    "price_needs",
    "requests_per_async_event",
    "snapstart_charged",
    "streamed_gb",
    "tier_usage",
    "tiered_cost_usd",
]
