"""The bill as CSV: one row per function and a TOTAL row, fixed columns for spreadsheets."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lambdacalc.cost import Bill, Component

if TYPE_CHECKING:
    from lambdacalc.sizing_advice import SizeAdvice

from lambdacalc.render.common import (
    csv_text,
)
from lambdacalc.render.cost_advice import advice_data

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
    advised = {a["function"]: a for a in advice_data(advice)}
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
