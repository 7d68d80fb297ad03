"""The validated models → the core's plain types (`Workload`, `FunctionWorkload`)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from lambdacalc.prices import Architecture
from lambdacalc.units import HOURS_PER_MONTH, S_PER_MONTH, parse_size_bytes
from lambdacalc.workload import (
    Account,
    Durable,
    FunctionWorkload,
    KafkaSource,
    ManagedInstances,
    ProvisionedConcurrency,
    SavingsPlan,
    SizingHints,
    SnapStart,
    SqsSource,
    TenantIsolation,
    Workload,
)

if TYPE_CHECKING:
    from lambdacalc.around.settings import AroundAccount, AroundFunction
    from lambdacalc.scenario_models import FunctionModel, ScenarioModel


def to_around_account(model: ScenarioModel) -> AroundAccount | None:
    """The scenario's `around:` block as the around-Lambda engine reads it."""
    from lambdacalc.around.settings import AroundAccount, LogSettings

    around = model.around
    if around is None:
        return None
    logs = around.logs
    return AroundAccount(
        logs=LogSettings(logs.log_class, logs.retention_days) if logs else LogSettings(),
        vpc_nat=around.vpc is not None and around.vpc.egress == "nat",
        nat_gateways=around.nat_gateways,
        interface_endpoints=around.interface_endpoints.count if around.interface_endpoints else 0,
        endpoint_azs=around.interface_endpoints.azs if around.interface_endpoints else 1,
        free_tier=around.free_tier,
    )


def to_around_function(fn: FunctionModel) -> AroundFunction | None:
    """A function's around-Lambda keys (its `sqs:` queue included), or None without any."""
    from lambdacalc.around.settings import (
        DEFAULT_SQS_POLLERS,
        ApiSettings,
        AroundFunction,
        LogSettings,
        SqsSettings,
        TracingSettings,
    )

    sqs = fn.sqs
    api = fn.api
    tracing = fn.tracing
    if not (fn.logs or api or sqs or fn.vpc or tracing or fn.data_out_kb_per_request is not None):
        return None
    return AroundFunction(
        logs=LogSettings(fn.logs.log_class, fn.logs.retention_days) if fn.logs else None,
        api=ApiSettings(
            api.type,
            api.kb_per_request,
            api.messages_per_month,
            api.message_kb,
            api.connection_minutes_per_month or Decimal(0),
        )
        if api
        else None,
        sqs=SqsSettings(
            sqs.queue_type,
            sqs.message_kb,
            sqs.messages_per_invocation,
            sqs.provisioned_pollers.minimum if sqs.provisioned_pollers else DEFAULT_SQS_POLLERS,
        )
        if sqs
        else None,
        data_out_kb_per_request=fn.data_out_kb_per_request,
        vpc_nat=None if fn.vpc is None else fn.vpc.egress == "nat",
        nat_kb_per_request=fn.vpc.nat_kb_per_request if fn.vpc else None,
        endpoint_kb_per_request=fn.vpc.endpoint_kb_per_request if fn.vpc else None,
        tracing=TracingSettings(tracing.sample_percent, tracing.traces_scanned_per_month)
        if tracing and tracing.enabled
        else None,
    )


def to_workload(model: ScenarioModel, default_name: str) -> Workload:
    plan = model.savings_plan
    account = Account(
        region=model.region,
        free_tier=model.free_tier,
        savings_plan=(
            SavingsPlan(
                plan.discount_percent, plan.commitment_usd_per_hour, plan.term, plan.payment
            )
            if plan
            else None
        ),
        concurrency_limit=model.account.concurrency_limit,
        around=to_around_account(model),
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


def _managed(fn: FunctionModel) -> ManagedInstances | None:
    mi = fn.managed_instances
    if mi is None:
        return None
    return ManagedInstances(
        instance_type=mi.instance_type,
        vcpus=mi.vcpus,
        memory_gib=mi.memory_gib,
        on_demand_usd_per_hour=mi.on_demand_usd_per_hour,
        instance_hours_per_month=mi.instance_hours_per_month,
        runtime=mi.runtime,
        per_environment_max_concurrency=mi.per_environment_max_concurrency,
        memory_gib_per_vcpu=mi.memory_gib_per_vcpu,
        target_utilisation_percent=mi.target_utilisation_percent,
        minimum_instances=mi.minimum_instances,
        savings_plan_discount_percent=mi.savings_plan_discount_percent,
        instance_usd_per_hour=mi.instance_usd_per_hour,
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
        around=to_around_function(fn),
        sqs=_sqs(fn),
        durable=(
            Durable(
                fn.durable.invocations_per_execution,
                fn.durable.operations_per_execution,
                fn.durable.data_per_operation_kb,
                fn.durable.execution_days,
                fn.durable.retention_days,
            )
            if fn.durable
            else None
        ),
        tenant_isolation=(
            TenantIsolation(fn.tenant_isolation.environments_per_month)
            if fn.tenant_isolation
            else None
        ),
        kafka=_kafka(fn),
        managed_instances=_managed(fn),
    )


def _sqs(fn: FunctionModel) -> SqsSource | None:
    if fn.sqs is None:
        return None
    pollers = fn.sqs.provisioned_pollers
    if pollers is None:
        return SqsSource(fn.sqs.maximum_concurrency)
    return SqsSource(
        fn.sqs.maximum_concurrency,
        (pollers.minimum, pollers.maximum),
        pollers.hours_per_month,
        pollers.epu_hours,
    )


def _kafka(fn: FunctionModel) -> KafkaSource | None:
    if fn.kafka is None:
        return None
    p = fn.kafka.provisioned_pollers
    return KafkaSource((p.minimum, p.maximum), p.hours_per_month, p.epu_hours, p.pollers_per_epu)
