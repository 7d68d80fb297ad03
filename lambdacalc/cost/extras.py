"""The charges of Lambda's 2025–26 features beside requests and duration: durable functions
(operations, data written, data retained), tenant isolation (each new tenant-isolated
environment by its memory) and provisioned-mode event source mappings (event poller units).

Each quantity is one rule of `lambdacalc.cost.rules`; here they become line items with the
price each is charged at, for the engine (`account.py`), its list of needed prices
(`rates.py`) and the memory sweep (`sweep.py`) alike. Source of the rates and of the worked
examples they reproduce: https://aws.amazon.com/lambda/pricing/.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from lambdacalc.cost.rules_extras import (
    durable_executions,
    durable_operations,
    durable_retained_gb_month,
    durable_written_gb,
    kafka_epu_hours,
    sqs_epu_hours,
    tenant_environment_gb,
)
from lambdacalc.prices import (
    DURABLE_OPERATION,
    DURABLE_RETAINED,
    DURABLE_WRITTEN,
    KAFKA_EPU,
    SQS_EPU,
    TENANT_ENVIRONMENT,
    PriceRef,
)
from lambdacalc.units import ONE_MILLION
from lambdacalc.workload import FunctionWorkload

if TYPE_CHECKING:
    from lambdacalc.cost.bill import Component

# lambdacalc.cost.bill (the bill's records, 4 M instructions to import) is imported where a
# function has such a charge: `concurrency` prices functions without any and need not load it


class Extra(NamedTuple):
    """One such charge of a function: its quantity, and the price and scenario key behind it."""

    component: Component
    unit: str
    quantity: Decimal
    price: PriceRef
    setting: str  # the function's scenario key that calls for it
    detail: str
    per_million: bool = False  # the price is per million of the quantity


def has_extras(fn: FunctionWorkload) -> bool:
    sqs = fn.sqs
    return (
        fn.durable is not None
        or fn.tenant_isolation is not None
        or fn.kafka is not None
        or (sqs is not None and sqs.pollers is not None)
    )


def extras_of(fn: FunctionWorkload, memory_mb: int | None = None) -> list[Extra]:
    """The function's extra charges, at `memory_mb` (default its own)."""
    out: list[Extra] = []
    if fn.durable is not None:
        out.extend(_durable(fn))
    t = fn.tenant_isolation
    if t is not None:
        from lambdacalc.cost.bill import Component, plain

        mb = fn.memory_mb if memory_mb is None else memory_mb
        out.append(
            Extra(
                Component.TENANT_ISOLATION,
                "GB",
                tenant_environment_gb(t.environments_per_month, mb),
                TENANT_ENVIRONMENT[fn.architecture],
                "tenant_isolation",
                f"{plain(t.environments_per_month)} new environments",
            )
        )
    sqs = fn.sqs
    if sqs is not None and sqs.pollers is not None:
        from lambdacalc.cost.bill import Component

        out.append(
            Extra(
                Component.EVENT_POLLER_UNITS,
                "EPU-hours",
                sqs_epu_hours(fn),
                SQS_EPU,
                "sqs",
                "SQS, measured" if sqs.epu_hours is not None else f"SQS, {sqs.pollers[0]} pollers",
            )
        )
    k = fn.kafka
    if k is not None:
        from lambdacalc.cost.bill import Component

        out.append(
            Extra(
                Component.EVENT_POLLER_UNITS,
                "EPU-hours",
                kafka_epu_hours(fn),
                KAFKA_EPU,
                "kafka",
                "Kafka, measured"
                if k.epu_hours is not None
                else f"Kafka, {k.pollers[0]} pollers ÷ {k.pollers_per_epu} an EPU",
            )
        )
    return out


def _durable(fn: FunctionWorkload) -> list[Extra]:
    """A durable function's three charges: operations, data written, data retained."""
    from lambdacalc.cost.bill import Component, plain

    out: list[Extra] = []
    d = fn.durable
    assert d is not None
    executions = durable_executions(fn)
    out.append(
        Extra(
            Component.DURABLE_OPERATIONS,
            "operations",
            durable_operations(fn),
            DURABLE_OPERATION,
            "durable",
            f"{plain(executions)} executions × {plain(d.operations_per_execution)}",
            per_million=True,
        )
    )
    out.append(
        Extra(
            Component.DURABLE_DATA_WRITTEN,
            "GB",
            durable_written_gb(fn),
            DURABLE_WRITTEN,
            "durable",
            f"{plain(d.data_per_operation_kb)} KB an operation",
        )
    )
    out.append(
        Extra(
            Component.DURABLE_DATA_RETAINED,
            "GB-month",
            durable_retained_gb_month(fn),
            DURABLE_RETAINED,
            "durable",
            f"{plain(d.execution_days)} + {plain(d.retention_days)} days of 30",
        )
    )
    return out


def unit_price(extra: Extra, rate: Decimal) -> Decimal:
    """The price of one unit of the quantity (a durable operation is priced per million)."""
    return rate / ONE_MILLION if extra.per_million else rate
