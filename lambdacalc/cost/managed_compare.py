"""The decision for one function: on-demand, provisioned concurrency or Lambda Managed
Instances (LMI) at its load, side by side, and the break-even request volume.

Each option is priced by the one engine (`lambdacalc.cost.price`) on the function alone,
without the free tier (so the three compare like for like):

* on-demand: the function without `managed_instances`;
* provisioned concurrency: PC for the whole month, sized for the average concurrency at
  AWS's 70% target utilisation (`concurrency.pc_count`), every request served by it;
* LMI: the function as the scenario gives it.

Break-even (`break_even_requests`): both pay the same request price, so LMI is cheaper once
the on-demand duration charge, requests × d (d = billed s × GB × the first tier's $/GB-s),
exceeds the instances' month. With k = 730 h × (instance + fee $/h) ÷ d, the requests a month
at which one instance's month equals the on-demand duration charge, and cap = the requests a
month one instance serves (environments per instance × usable concurrency each × seconds a
month ÷ duration s): with the hours given directly, LMI is cheaper above hours × hourly ÷ d;
with the fleet derived from the load, above floor × k where floor is the minimum instance
count, provided k ≤ cap (otherwise each added instance costs more than the on-demand duration
it replaces, and LMI is never cheaper).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from lambdacalc.concurrency.managed import MIN_ENVIRONMENTS
from lambdacalc.cost.rules_managed import managed_fee_usd_per_hour, managed_instance_usd_per_hour
from lambdacalc.errors import PricingError
from lambdacalc.prices import PriceBook
from lambdacalc.units import (
    HOURS_PER_MONTH,
    HUNDRED,
    MB_PER_GB,
    MS_PER_S,
    S_PER_MONTH,
    billed_duration_ms,
)
from lambdacalc.workload import Account, FunctionWorkload, ProvisionedConcurrency, Workload


class Comparison(NamedTuple):
    function: str
    requests_per_month: Decimal
    on_demand_usd: Decimal
    provisioned_usd: Decimal | None  # None when the book has no PC price there
    provisioned_environments: int
    managed_usd: Decimal
    break_even_requests_per_month: Decimal | None  # None: LMI is never cheaper

    @property
    def cheapest(self) -> str:
        options = [("on-demand", self.on_demand_usd), ("LMI", self.managed_usd)]
        if self.provisioned_usd is not None:
            options.append(("provisioned concurrency", self.provisioned_usd))
        return min(options, key=lambda o: o[1])[0]


def break_even_requests(
    duration_usd_per_request: Decimal,
    hourly_usd: Decimal,
    *,
    instance_hours: Decimal | None = None,
    floor_instances: int = 3,
    requests_per_instance_month: Decimal | None = None,
) -> Decimal | None:
    """Requests a month above which LMI costs less than on-demand (see the module's text);
    None when it never does."""
    if duration_usd_per_request <= 0:
        return None
    if instance_hours is not None:
        return instance_hours * hourly_usd / duration_usd_per_request
    k = HOURS_PER_MONTH * hourly_usd / duration_usd_per_request
    assert requests_per_instance_month is not None
    if k > requests_per_instance_month:
        return None
    return floor_instances * k


def requests_per_instance_month(
    environments_per_instance: int, usable_concurrency: Decimal, duration_s: Decimal
) -> Decimal:
    """What one instance serves in a month: its environments × their usable concurrency,
    each request holding one slot for duration_s (Little's law)."""
    return environments_per_instance * usable_concurrency * S_PER_MONTH / duration_s


def compare(fn: FunctionWorkload, book: PriceBook, region: str) -> Comparison:
    """On-demand, provisioned concurrency and LMI for `fn` (which has `managed_instances`)
    at its average load in `region`, each priced by the engine without the free tier."""
    from lambdacalc.concurrency.managed import average_rps, fleet
    from lambdacalc.concurrency.pc import pc_count
    from lambdacalc.cost.account import price

    mi = fn.managed_instances
    assert mi is not None and mi.on_demand_usd_per_hour is not None
    account = Account(region=region, free_tier=False)

    def total(variant: FunctionWorkload) -> Decimal:
        return price(Workload(fn.name, account, (variant,)), book).total_usd

    on_demand_fn = fn._replace(managed_instances=None)
    rps = average_rps(fn)
    duration_s = fn.duration_ms / MS_PER_S
    environments = pc_count(rps * duration_s, rps)
    try:
        provisioned: Decimal | None = total(
            on_demand_fn._replace(provisioned=ProvisionedConcurrency(environments))
        )
    except PricingError:
        provisioned = None
    tier1 = book.duration_tiers(region, fn.architecture)[0].usd_per_gb_s
    per_request = billed_duration_ms(fn.duration_ms, fn.duration_billed) / MS_PER_S
    per_request = per_request * fn.memory_mb / MB_PER_GB * tier1
    hourly = managed_instance_usd_per_hour(
        mi.on_demand_usd_per_hour, mi.instance_usd_per_hour, mi.savings_plan_discount_percent
    ) + managed_fee_usd_per_hour(mi.on_demand_usd_per_hour)
    if mi.instance_hours_per_month is not None:
        even = break_even_requests(per_request, hourly, instance_hours=mi.instance_hours_per_month)
    else:
        plan = fleet(fn, rps)
        usable = plan.environment_max_concurrency * mi.target_utilisation_percent / HUNDRED
        floor = max(mi.minimum_instances, -(-MIN_ENVIRONMENTS // plan.environments_per_instance))
        even = break_even_requests(
            per_request,
            hourly,
            floor_instances=floor,
            requests_per_instance_month=requests_per_instance_month(
                plan.environments_per_instance, usable, duration_s
            ),
        )
    return Comparison(
        fn.name,
        fn.requests_per_month,
        total(on_demand_fn),
        provisioned,
        environments,
        total(fn),
        even,
    )


def _usd(value: Decimal) -> str:
    return f"${value.quantize(Decimal('0.01')):,f}"


def comparison_line(c: Comparison) -> str:
    """The decision in one sentence, for the bill's notes."""
    pc = (
        f", provisioned concurrency ({c.provisioned_environments} environments) "
        f"{_usd(c.provisioned_usd)}"
        if c.provisioned_usd is not None
        else ""
    )
    if c.break_even_requests_per_month is None:
        even = "LMI is not cheaper than on-demand at any volume with these settings"
    else:
        millions = (c.break_even_requests_per_month / 1_000_000).quantize(Decimal("0.1"))
        even = f"LMI is cheaper than on-demand above {millions:,f} million requests a month"
    return (
        f"{c.function} at {c.requests_per_month:,f} requests a month, without the free tier: "
        f"on-demand {_usd(c.on_demand_usd)}{pc}, LMI {_usd(c.managed_usd)}; {even}"
    )
