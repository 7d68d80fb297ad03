"""The validated models → the core's plain types (`Workload`, `FunctionWorkload`)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from lambdacalc.prices import Architecture
from lambdacalc.units import HOURS_PER_MONTH, S_PER_MONTH, parse_size_bytes
from lambdacalc.workload import (
    Account,
    FunctionWorkload,
    ProvisionedConcurrency,
    SavingsPlan,
    SizingHints,
    SnapStart,
    SqsSource,
    Workload,
)

if TYPE_CHECKING:
    from lambdacalc.scenario_models import FunctionModel, ScenarioModel


def to_workload(model: ScenarioModel, default_name: str) -> Workload:
    plan = model.savings_plan
    account = Account(
        region=model.region,
        free_tier=model.free_tier,
        savings_plan=(
            SavingsPlan(plan.discount_percent, plan.commitment_usd_per_hour) if plan else None
        ),
        concurrency_limit=model.account.concurrency_limit,
    )
    functions = tuple(_to_function(f) for f in model.functions)
    profiles = tuple(model.profiles.items()) if model.profiles else ()
    return Workload(model.name or default_name, account, functions, profiles)


def monthly_requests(fn: FunctionModel) -> Decimal:
    if fn.requests_per_month is not None:
        return fn.requests_per_month
    if fn.requests_per_day is not None:
        return fn.requests_per_day * HOURS_PER_MONTH / 24
    assert fn.requests_per_second is not None  # guaranteed by the model's validator
    return fn.requests_per_second * S_PER_MONTH


def _sizing_hints(fn: FunctionModel) -> SizingHints | None:
    hints = fn.sizing
    if hints is None:
        return None
    used = hints.max_memory_used_mb
    return SizingHints(
        hints.cpu_bound,
        hints.threads,
        Decimal(used) if used is not None else None,
        tuple((hints.measured_durations_ms or {}).items()),
    )


def _to_function(fn: FunctionModel) -> FunctionWorkload:
    pc = fn.provisioned_concurrency
    return FunctionWorkload(
        name=fn.name,
        memory_mb=fn.memory_mb,
        duration_ms=fn.duration_ms,
        requests_per_month=monthly_requests(fn),
        architecture=Architecture(fn.architecture),
        ephemeral_storage_mb=fn.ephemeral_storage_mb,
        cold_start_percent=fn.cold_start_percent,
        init_duration_ms=fn.init_duration_ms,
        peak_requests_per_second=fn.peak_requests_per_second,
        provisioned=(
            ProvisionedConcurrency(
                pc.count, pc.hours_per_month, pc.requests_per_month, pc.duration_ms
            )
            if pc
            else None
        ),
        reserved_concurrency=fn.reserved_concurrency,
        snapstart=(
            SnapStart(
                fn.snapstart.runtime,
                fn.snapstart.active_hours_per_month,
                fn.snapstart.restore_percent,
            )
            if fn.snapstart
            else None
        ),
        response_bytes_per_request=(
            parse_size_bytes(fn.response_streaming.bytes_per_request)
            if fn.response_streaming
            else None
        ),
        async_event_kb=fn.async_event_kb,
        edge=fn.edge,
        duration_billed=fn.duration_billed,
        sizing=_sizing_hints(fn),
        log_bytes_per_request=fn.log_bytes_per_request,
        sqs=(
            SqsSource(
                fn.sqs.maximum_concurrency,
                (fn.sqs.provisioned_pollers.minimum, fn.sqs.provisioned_pollers.maximum)
                if fn.sqs.provisioned_pollers
                else None,
            )
            if fn.sqs
            else None
        ),
    )
