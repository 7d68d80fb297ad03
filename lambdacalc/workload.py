"""What the user plans to run: the plain, validated inputs of every model in lambdacalc.

Scenario files, command-line flags and measured logs all end up as these dataclasses; the
cost, concurrency and sizing models read nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lambdacalc.prices import Architecture
from lambdacalc.units import HOURS_PER_MONTH


@dataclass(frozen=True, slots=True)
class ProvisionedConcurrency:
    count: int
    hours_per_month: Decimal = HOURS_PER_MONTH
    requests_per_month: Decimal | None = None  # None: derived from traffic and capacity
    duration_ms: Decimal | None = None  # None: the function's average duration


@dataclass(frozen=True, slots=True)
class SnapStart:
    runtime: str  # python | dotnet | java
    active_hours_per_month: Decimal = HOURS_PER_MONTH
    restore_percent: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class FunctionWorkload:
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


@dataclass(frozen=True, slots=True)
class SavingsPlan:
    discount_percent: Decimal
    commitment_usd_per_hour: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Account:
    region: str = "us-east-1"
    free_tier: bool = True
    savings_plan: SavingsPlan | None = None
    concurrency_limit: int = 1000


@dataclass(frozen=True, slots=True)
class Workload:
    name: str
    account: Account
    functions: tuple[FunctionWorkload, ...]
