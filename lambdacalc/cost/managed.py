"""Lambda Managed Instances (LMI) in the bill: the instance and management-fee line items,
and what the bill assumes about them. The rules themselves are in `lambdacalc.cost.rules`.

What lambdacalc models (https://aws.amazon.com/lambda/pricing/):

* Requests are charged like any Lambda function's (the engine's request line item).
* EC2 instances: instance-hours × the instance's rate: the scenario's plan rate
  (`instance_usd_per_hour`, as AWS's worked example states it), else on-demand less
  `savings_plan_discount_percent` (an EC2 Instance or Compute Savings Plan, or a Reserved
  Instance), else on-demand.
* Management fee: instance-hours × 15% of the ON-DEMAND price, whatever the instance is
  paid at.
* No duration charge, so nothing for the account's Lambda Compute Savings Plan
  (`savings_plan:`, which discounts Lambda duration and provisioned concurrency) to discount;
  the EC2 discount is the function's own `savings_plan_discount_percent`.
* Free tier: not applied to an LMI function's requests. AWS's worked example charges all
  100M requests ($20.00) and no AWS page found says the free tier covers LMI; this is the
  conservative reading (at most 1M requests, $0.20, too much).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lambdacalc.cost.bill import Component, LineItem, plain
from lambdacalc.cost.rules import Usage
from lambdacalc.cost.rules_managed import (
    MANAGED_FEE_PERCENT,
    managed_fee_usd_per_hour,
    managed_instance_hours,
    managed_instance_usd_per_hour,
)
from lambdacalc.errors import PricingError
from lambdacalc.workload import FunctionWorkload


def charge_managed(u: Usage) -> None:
    """The EC2 instance charge and the management fee of an LMI function."""
    fn = u.fn
    mi = fn.managed_instances
    assert mi is not None
    on_demand = mi.on_demand_usd_per_hour
    if on_demand is None:
        raise PricingError(
            f"function '{fn.name}': no on-demand price for {mi.instance_type}; give "
            "managed_instances.on_demand_usd_per_hour"
        )
    hours = managed_instance_hours(fn)
    rate = managed_instance_usd_per_hour(
        on_demand, mi.instance_usd_per_hour, mi.savings_plan_discount_percent
    )
    if mi.instance_usd_per_hour is not None:
        how = "plan rate"
    elif mi.savings_plan_discount_percent is not None:
        how = f"{plain(mi.savings_plan_discount_percent)}% off on-demand"
    else:
        how = "on-demand"
    u.extras.append(
        LineItem(
            Component.MANAGED_INSTANCES,
            "instance-hours",
            hours,
            rate,
            hours * rate,
            f"{mi.instance_type}, {how}",
        ),
    )
    fee = managed_fee_usd_per_hour(on_demand)
    u.extras.append(
        LineItem(
            Component.MANAGED_FEE,
            "instance-hours",
            hours,
            fee,
            hours * fee,
            f"{plain(MANAGED_FEE_PERCENT)}% of ${on_demand}/h on-demand",
        ),
    )


def managed_assumptions(functions: Iterable[FunctionWorkload]) -> Sequence[str]:
    """What the bill assumes for its LMI functions, in words (nothing without any)."""
    managed = [fn for fn in functions if fn.managed_instances is not None]
    if not managed:
        return ()
    names = ", ".join(fn.name for fn in managed)
    out = [
        f"Lambda Managed Instances ({names}): requests + EC2 instance-hours + a 15% management "
        "fee on the on-demand instance price; no duration charge, no free tier, and the "
        "account's Lambda Savings Plan does not apply (give the EC2 plan's discount per function)"
    ]
    for fn in managed:
        mi = fn.managed_instances
        assert mi is not None
        if mi.price_note:
            out.append(
                f"{fn.name}: {mi.instance_type} on-demand ${mi.on_demand_usd_per_hour}/h "
                f"({mi.price_note})"
            )
    return tuple(out)
