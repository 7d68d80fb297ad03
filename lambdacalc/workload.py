"""What the user plans to run: the plain, validated inputs of every model in lambdacalc.

Scenario files, command-line flags and measured logs all end up as these records; the
cost, concurrency and sizing models read nothing else (not the scenario's pydantic models).
They are NamedTuples rather than dataclasses because a dataclass class costs ~0.4 ms to
create at import and every command pays for it (the start-up figure of
benchmarks/bench_cost.py); they are immutable either way.
"""

from decimal import Decimal
from typing import NamedTuple

from lambdacalc.around.settings import AroundAccount, AroundFunction
from lambdacalc.prices import Architecture
from lambdacalc.units import HOURS_PER_MONTH


class ProvisionedConcurrency(NamedTuple):
    environments: int  # the scenario's `count`
    hours_per_month: Decimal = HOURS_PER_MONTH
    requests_per_month: Decimal | None = None  # None: derived from traffic and capacity
    duration_ms: Decimal | None = None  # None: the function's average duration


class SqsSource(NamedTuple):
    """An SQS event source mapping feeding the function (its provisioned mode is billed)."""

    max_concurrency: int | None = None  # ScalingConfig MaximumConcurrency
    pollers: tuple[int, int] | None = None  # provisioned mode (minimum, maximum)
    hours_per_month: Decimal = HOURS_PER_MONTH  # provisioned mode: hours it is on
    epu_hours: Decimal | None = None  # provisioned mode: measured EPU-hours; None: the minimum's


class Durable(NamedTuple):
    """A durable function: its executions' operations and the data they checkpoint."""

    invocations_per_execution: Decimal = Decimal(1)  # the first, resumes, replays, retries
    operations_per_execution: Decimal = Decimal(0)  # start, steps, waits, callbacks, ...
    data_per_operation_kb: Decimal = Decimal(0)  # written per operation; 1 GB = 10^6 KB
    execution_days: Decimal = Decimal(0)  # an execution's span, waits included
    retention_days: Decimal = Decimal(14)  # kept after it completes, 1..90


class TenantIsolation(NamedTuple):
    """Tenant isolation mode: new tenant-isolated execution environments a month."""

    environments_per_month: Decimal


class KafkaSource(NamedTuple):
    """A Kafka (Amazon MSK or self-managed) event source mapping in provisioned mode."""

    pollers: tuple[int, int]  # (minimum, maximum) event pollers
    hours_per_month: Decimal = HOURS_PER_MONTH
    epu_hours: Decimal | None = None  # measured EPU-hours; None: the minimum's
    pollers_per_epu: int = 10


class SnapStart(NamedTuple):
    runtime: str  # python | dotnet | java
    active_hours_per_month: Decimal = HOURS_PER_MONTH
    restore_percent: Decimal = Decimal(0)


class SizingHints(NamedTuple):
    """A function's optional `sizing:` block: what memory advice may rest on."""

    cpu_bound: Decimal | None = None
    threads: int | None = None
    max_memory_used_mb: Decimal | None = None
    measured_durations_ms: tuple[tuple[int, Decimal], ...] = ()  # (memory MB, average ms)

    @property
    def any(self) -> bool:
        """Whether they let lambdacalc advise a size (threads alone do not)."""
        return (
            self.cpu_bound is not None
            or self.max_memory_used_mb is not None
            or bool(self.measured_durations_ms)
        )


class ManagedInstances(NamedTuple):
    """Lambda Managed Instances (LMI): the function runs on EC2 instances of a capacity
    provider. The instance's shape and on-demand price are resolved from the price table (or
    the scenario) before the models see it; None only before that."""

    instance_type: str
    vcpus: int | None = None
    memory_gib: Decimal | None = None
    on_demand_usd_per_hour: Decimal | None = None
    instance_hours_per_month: Decimal | None = None  # None: derived from the load
    runtime: str | None = None  # for the default per-environment concurrency
    per_environment_max_concurrency: int | None = None  # None: runtime default × vCPUs
    memory_gib_per_vcpu: Decimal = Decimal(2)
    target_utilisation_percent: Decimal = Decimal(100)
    minimum_instances: int = 3
    savings_plan_discount_percent: Decimal | None = None  # off the instance charge only
    instance_usd_per_hour: Decimal | None = None  # the plan's or RI's rate, given directly
    price_note: str = ""  # where the on-demand price came from when it is derived/unverified


class FunctionWorkload(NamedTuple):
    name: str
    memory_mb: int
    duration_ms: Decimal  # average duration of one invocation
    requests_per_month: Decimal  # all invocations, provisioned-concurrency-served included
    architecture: Architecture = Architecture.X86_64
    ephemeral_storage_mb: int = 512
    cold_start_percent: Decimal = Decimal(0)  # share of on-demand invocations that run INIT
    init_duration_ms: Decimal = Decimal(0)
    peak_requests_per_second: Decimal | None = None
    provisioned: ProvisionedConcurrency | None = None
    reserved_concurrency: int | None = None
    snapstart: SnapStart | None = None
    response_bytes_per_request: Decimal | None = None  # response streaming
    async_event_kb: Decimal | None = None
    edge: bool = False
    sqs: SqsSource | None = None
    # duration_ms is a mean of per-invocation Billed Durations (each already rounded up to
    # whole ms by Lambda, as REPORT logs print them): billed as given, not rounded up again.
    duration_billed: bool = False
    sizing: SizingHints | None = None  # memory sizing hints (compare-memory, cost's advice)
    log_bytes_per_request: Decimal | None = None  # CloudWatch log events an invocation writes
    around: AroundFunction | None = None  # API Gateway, SQS, data out, NAT, X-Ray, log class
    durable: Durable | None = None  # durable functions
    tenant_isolation: TenantIsolation | None = None
    kafka: KafkaSource | None = None  # a Kafka event source mapping in provisioned mode
    managed_instances: ManagedInstances | None = None  # runs on Lambda Managed Instances


class SavingsPlan(NamedTuple):
    """A Compute Savings Plan: its discount as given, or (discount_percent None) its term and
    payment for the engine to look the discount up in the price book (`cost.plans`)."""

    discount_percent: Decimal | None
    commitment_usd_per_hour: Decimal | None = None
    term: str | None = None  # 1yr | 3yr
    payment: str | None = None  # no_upfront | partial_upfront | all_upfront
    source: str = ""  # where the discount came from, once resolved

    @property
    def percent(self) -> Decimal:
        """The discount, once known (given, or looked up by `cost.plans.resolve_plan`)."""
        if self.discount_percent is None:
            raise ValueError("the Savings Plan's discount is looked up in the book first")
        return self.discount_percent


class Account(NamedTuple):
    region: str = "us-east-1"
    free_tier: bool = True
    savings_plan: SavingsPlan | None = None
    concurrency_limit: int = 1000
    around: AroundAccount | None = None  # the scenario's `around:` block


class Workload(NamedTuple):
    name: str
    account: Account
    functions: tuple[FunctionWorkload, ...]
    # the scenario's `profiles:` (name, multiplier on request rates), for `cost --profiles`
    profiles: tuple[tuple[str, Decimal], ...] = ()
