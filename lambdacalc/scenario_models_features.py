"""Scenario keys of Lambda's separately billed features: durable, tenant isolation, LMI."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from lambdacalc.limits import MAX_REQUESTS_PER_MONTH
from lambdacalc.scenario_models_base import _Strict


class DurableModel(_Strict):
    """A durable function: its operations and the data they checkpoint are billed besides
    the usual compute (requests_per_month counts every invocation, replays included)."""

    invocations_per_execution: Decimal = Field(
        default=Decimal(1),
        ge=1,
        le=10**6,
        description="Invocations an execution makes (the first, then one per resume, replay "
        "or retry); requests_per_month counts them all.",
    )
    operations_per_execution: Decimal = Field(
        ge=1,
        le=10**6,
        description="Durable operations an execution runs (its start, steps, waits, "
        "callbacks, ...): $8.00 per million in us-east-1.",
    )
    data_per_operation_kb: Decimal = Field(
        default=Decimal(0),
        ge=0,
        le=10**6,
        description="Average KB an operation writes (1 GB = 1,000,000 KB, as AWS's example "
        "counts).",
    )
    execution_days: Decimal = Field(
        default=Decimal(0),
        ge=0,
        le=366,
        description="How long an execution lasts, waits included: its data is retained meanwhile.",
    )
    retention_days: Decimal = Field(
        default=Decimal(14),
        ge=1,
        le=90,
        description="Days the data is kept after the execution completes: 1..90, default 14.",
    )

    @model_validator(mode="after")
    def _whole_days(self) -> DurableModel:
        if self.retention_days != self.retention_days.to_integral_value():
            raise ValueError(
                f"retention_days {self.retention_days} is not a whole number of days; give 1..90"
            )
        return self


class TenantIsolationModel(_Strict):
    """Tenant isolation mode: each new tenant-isolated execution environment is billed by
    the function's memory."""

    environments_per_month: Decimal = Field(
        ge=0,
        le=MAX_REQUESTS_PER_MONTH,
        description="New tenant-isolated environments a month (tenants × environments each).",
    )


class ManagedInstancesModel(_Strict):
    """Lambda Managed Instances: the function runs on EC2 instances of a capacity provider.
    Give instance_hours_per_month, or let lambdacalc derive the instances from the load."""

    instance_type: str = Field(
        pattern=r"^[a-z][a-z0-9-]*\.[a-z0-9]+$",
        description="EC2 instance type, e.g. m7g.xlarge (see `lambdacalc prices`).",
    )
    instance_hours_per_month: Decimal | None = Field(
        default=None,
        gt=0,
        le=10_000_000,
        description="Instance-hours a month, given directly; default: derived from the load.",
    )
    runtime: Literal["nodejs", "python", "java", "dotnet", "rust"] | None = Field(
        default=None, description="Sets the default per-environment concurrency per vCPU."
    )
    per_environment_max_concurrency: int | None = Field(
        default=None, strict=True, ge=1, le=1600, description="1..1600 invocations at once."
    )
    memory_gib_per_vcpu: Decimal = Field(
        default=Decimal(2), ge=2, le=8, description="2..8 GiB of memory per vCPU."
    )
    target_utilisation_percent: Decimal = Field(
        default=Decimal(100),
        gt=0,
        le=100,
        description="Share of each environment's maximum concurrency to plan for.",
    )
    minimum_instances: int = Field(
        default=3, strict=True, ge=1, le=15000, description="AWS starts 3 (AZ resiliency)."
    )
    savings_plan_discount_percent: Decimal | None = Field(
        default=None,
        ge=0,
        lt=100,
        description="EC2 Savings Plan / Reserved Instance discount off the instance charge "
        "(never off the 15% management fee).",
    )
    instance_usd_per_hour: Decimal | None = Field(
        default=None, gt=0, le=1000, description="The plan's hourly rate for the instance."
    )
    on_demand_usd_per_hour: Decimal | None = Field(
        default=None,
        gt=0,
        le=1000,
        description="On-demand price; default: pricing/managed-instances.json.",
    )
    vcpus: int | None = Field(default=None, strict=True, ge=1, le=896)
    memory_gib: Decimal | None = Field(default=None, gt=0, le=32768)

    @model_validator(mode="after")
    def _consistent(self) -> ManagedInstancesModel:
        if self.savings_plan_discount_percent is not None and self.instance_usd_per_hour:
            raise ValueError(
                "give savings_plan_discount_percent or instance_usd_per_hour, not both"
            )
        if self.instance_hours_per_month is not None:
            derived = [
                k
                for k in (
                    "per_environment_max_concurrency",
                    "target_utilisation_percent",
                    "minimum_instances",
                )
                if k in self.model_fields_set
            ]
            if derived:
                raise ValueError(
                    f"instance_hours_per_month is given, so {', '.join(derived)} would be "
                    "unused; remove one or the other"
                )
        if (self.vcpus is None) != (self.memory_gib is None):
            raise ValueError("give vcpus and memory_gib together (the instance's shape)")
        return self
