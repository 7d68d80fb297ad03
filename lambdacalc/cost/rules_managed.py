"""Billing rules of Lambda Managed Instances: instance-hours, the hourly charge, the fee."""

from __future__ import annotations

from decimal import Decimal

from lambdacalc.cost.rules import plan_keep
from lambdacalc.units import HUNDRED
from lambdacalc.workload import FunctionWorkload

# --- Lambda Managed Instances (LMI) ------------------------------------------------------------
# https://aws.amazon.com/lambda/pricing/: requests at the Lambda request price, the EC2
# instance-hours at the instance's price (which Savings Plans and Reserved Instances can
# discount), and a management fee of 15% of the instance's ON-DEMAND price, charged even when a
# plan covers the instance; no duration charge.

MANAGED_FEE_PERCENT = Decimal(15)


def managed_instance_hours(fn: FunctionWorkload) -> Decimal:
    """The instance-hours a month: given, or the fleet the average load needs × 730 h."""
    mi = fn.managed_instances
    assert mi is not None
    if mi.instance_hours_per_month is not None:
        return mi.instance_hours_per_month
    from lambdacalc.concurrency.managed import average_rps, fleet

    return fleet(fn, average_rps(fn)).instance_hours_per_month


def managed_instance_usd_per_hour(
    on_demand_usd_per_hour: Decimal, mi_rate: Decimal | None, discount_percent: Decimal | None
) -> Decimal:
    """The instance's hourly charge: the plan's rate as given, else on-demand less the plan's
    discount, else on-demand."""
    if mi_rate is not None:
        return mi_rate
    if discount_percent is not None:
        return on_demand_usd_per_hour * plan_keep(discount_percent)
    return on_demand_usd_per_hour


def managed_fee_usd_per_hour(on_demand_usd_per_hour: Decimal) -> Decimal:
    """15% of the on-demand price, whatever the instance itself is paid at."""
    return on_demand_usd_per_hour * MANAGED_FEE_PERCENT / HUNDRED
