"""What the user plans to run: the plain, validated inputs of every model in lambdacalc.

Scenario files, command-line flags and measured logs all end up as these records; the
cost, concurrency and sizing models read nothing else (not the scenario's pydantic models).
They are NamedTuples rather than dataclasses because a dataclass class costs ~0.4 ms to
create at import and every command pays for it (the start-up figure of
benchmarks/bench_cost.py); they are immutable either way.
"""

from decimal import Decimal
from typing import NamedTuple

from lambdacalc.prices import Architecture
from lambdacalc.units import HOURS_PER_MONTH


class ProvisionedConcurrency(NamedTuple):
    environments: int  # the scenario's `count`
    hours_per_month: Decimal = HOURS_PER_MONTH
    requests_per_month: Decimal | None = None  # None: derived from traffic and capacity
    duration_ms: Decimal | None = None  # None: the function's average duration


class SqsSource(NamedTuple):
    """An SQS event source mapping feeding the function (concurrency view only)."""

    max_concurrency: int | None = None  # ScalingConfig MaximumConcurrency
    pollers: tuple[int, int] | None = None  # provisioned mode (minimum, maximum)


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


class SavingsPlan(NamedTuple):
    discount_percent: Decimal
    commitment_usd_per_hour: Decimal | None = None


class Account(NamedTuple):
    region: str = "us-east-1"
    free_tier: bool = True
    savings_plan: SavingsPlan | None = None
    concurrency_limit: int = 1000


class Workload(NamedTuple):
    name: str
    account: Account
    functions: tuple[FunctionWorkload, ...]
    # the scenario's `profiles:` (name, multiplier on request rates), for `cost --profiles`
    profiles: tuple[tuple[str, Decimal], ...] = ()
