"""Billing rules of the charges beside compute: durable functions, tenant isolation, EPUs."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from lambdacalc.units import MB_PER_GB, S_PER_HOUR, ZERO
from lambdacalc.workload import FunctionWorkload

# --- durable functions, tenant isolation, event poller units -----------------------------------
# https://aws.amazon.com/lambda/pricing/ (its durable-functions, tenant-isolation and
# provisioned-mode ESM examples). Durable data is counted as AWS's example counts it
# (1M × 104 KB = 104 GB: 1 GB = 10^6 KB) and retained GB-months prorate by 30-day months.
KB_PER_DURABLE_GB = Decimal(10**6)
DAYS_PER_DURABLE_MONTH = Decimal(30)
EPU_MIN_SECONDS = Decimal(60)  # EPUs are billed per second, at least a minute
SQS_POLLERS_PER_EPU = 1  # an SQS EPU is one event poller
KAFKA_POLLERS_PER_EPU = 10  # a Kafka EPU holds 10 pollers by default


def durable_executions(fn: FunctionWorkload) -> Decimal:
    """A durable function's executions: its invocations (requests) ÷ invocations each."""
    assert fn.durable is not None
    return fn.requests_per_month / fn.durable.invocations_per_execution


def durable_operations(fn: FunctionWorkload) -> Decimal:
    assert fn.durable is not None
    return durable_executions(fn) * fn.durable.operations_per_execution


def durable_written_gb(fn: FunctionWorkload) -> Decimal:
    """GB the operations write: operations × KB each ÷ 10^6."""
    assert fn.durable is not None
    return durable_operations(fn) * fn.durable.data_per_operation_kb / KB_PER_DURABLE_GB


def durable_retained_gb_month(fn: FunctionWorkload) -> Decimal:
    """GB-months retained: what a month writes is kept while its executions run and for the
    retention period after, (execution days + retention days) ÷ 30 of a month."""
    d = fn.durable
    assert d is not None
    days = d.execution_days + d.retention_days
    return durable_written_gb(fn) * days / DAYS_PER_DURABLE_MONTH


def tenant_environment_gb(environments: Decimal, memory_mb: int) -> Decimal:
    """Tenant isolation bills each new environment by its memory: environments × GB."""
    return environments * memory_mb / MB_PER_GB


def epu_hours(minimum_pollers: int, pollers_per_epu: int, hours: Decimal) -> Decimal:
    """EPU-hours of the minimum pollers kept all `hours`: whole EPUs (pollers ÷ per EPU, up)
    × the hours, in whole seconds and at least a minute."""
    epus = -(-minimum_pollers // pollers_per_epu)
    seconds = max(EPU_MIN_SECONDS, (hours * S_PER_HOUR).to_integral_value(rounding=ROUND_CEILING))
    return epus * seconds / S_PER_HOUR


def sqs_epu_hours(fn: FunctionWorkload) -> Decimal:
    """An SQS ESM in provisioned mode: the measured EPU-hours, or its minimum pollers'."""
    sqs = fn.sqs
    if sqs is None or sqs.pollers is None:
        return ZERO
    if sqs.epu_hours is not None:
        return sqs.epu_hours
    return epu_hours(sqs.pollers[0], SQS_POLLERS_PER_EPU, sqs.hours_per_month)


def kafka_epu_hours(fn: FunctionWorkload) -> Decimal:
    kafka = fn.kafka
    if kafka is None:
        return ZERO
    if kafka.epu_hours is not None:
        return kafka.epu_hours
    return epu_hours(kafka.pollers[0], kafka.pollers_per_epu, kafka.hours_per_month)
