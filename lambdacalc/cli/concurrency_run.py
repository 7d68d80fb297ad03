"""The work of `lambdacalc concurrency`, imported only when the command runs: a scenario's
account view, one function on Lambda Managed Instances, or one function's concurrency and PC.
"""

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from lambdacalc.cli import params
from lambdacalc.cli.common import emit, price_book
from lambdacalc.errors import InputError, name_fields
from lambdacalc.render.common import OutputFormat


class ConcurrencyFlags(NamedTuple):
    """The command's options, parsed, under the names of its parameters."""

    scenario: str | None
    rps: Decimal | None
    duration: Decimal | None  # seconds
    peak_rps: Decimal | None
    cold_start_percent: Decimal | None
    init_duration: Decimal | None  # seconds
    limit: int | None
    reserved: int | None
    provisioned: int | None
    other_usage: int
    throttle_target: Decimal
    pc_target_utilization: Decimal
    sqs: bool
    sqs_max_concurrency: int | None
    sqs_provisioned_pollers: params.Pollers | None
    kinesis_shards: int | None
    parallelization_factor: int
    memory: int | None
    architecture: str | None
    region: str
    fmt: OutputFormat
    prices: Path | None
    managed_instance: str | None
    runtime: str | None
    per_env_concurrency: int | None
    memory_per_vcpu: Decimal | None
    target_utilisation: Decimal | None
    min_instances: int | None


def run(flags: ConcurrencyFlags) -> None:
    """The account view of a SCENARIO, or one function's plan from --rps and --duration."""
    if flags.scenario is not None:
        if flags.rps is not None or flags.duration is not None:
            raise InputError("give a SCENARIO file or --rps/--duration, not both")
        _scenario(flags.scenario, flags.fmt, flags.throttle_target)
        return
    if flags.rps is None or flags.duration is None:
        raise InputError("give --rps and --duration (e.g. --rps 100 --duration 2), or a SCENARIO")
    if flags.managed_instance is not None:
        _managed(flags, flags.managed_instance, flags.rps, flags.duration)
    else:
        _function(flags, flags.rps, flags.duration)


def _scenario(path: str, fmt: OutputFormat, throttle_target: Decimal) -> None:
    from lambdacalc.concurrency import plan_workload
    from lambdacalc.render.concurrency_account import AccountPlan
    from lambdacalc.scenario import load

    loaded = load(path)
    report = plan_workload(loaded.workload, throttle_target)
    if any(f.managed_instances is not None for f in loaded.workload.functions):
        from lambdacalc.cli.concurrency_managed import scenario_lines

        lines = scenario_lines(loaded.workload)
        report = report._replace(warnings=(*report.warnings, *lines))
    # a field the core names is the scenario's key of the same name
    report = report._replace(warnings=tuple(name_fields(w) for w in report.warnings))
    emit(AccountPlan(report, loaded.workload.name), fmt)


def _managed(
    flags: ConcurrencyFlags, instance_type: str, rps: Decimal, duration_s: Decimal
) -> None:
    """--managed-instance: the Lambda Managed Instances fleet the load needs, and its cost."""
    from lambdacalc.cli import concurrency_managed as lmi

    managed = lmi.ManagedFlags(
        instance_type,
        flags.runtime,
        flags.per_env_concurrency,
        flags.memory_per_vcpu,
        flags.target_utilisation,
        flags.min_instances,
    )
    book = price_book(flags.prices)
    book.region(flags.region)  # an unknown region fails here, with suggestions
    emit(
        lmi.plan(
            managed,
            rps=rps,
            peak_rps=flags.peak_rps,
            duration_s=duration_s,
            memory_mb=flags.memory,
            architecture=flags.architecture,
            region=flags.region,
        ),
        flags.fmt,
    )


def _function(flags: ConcurrencyFlags, rps: Decimal, duration_s: Decimal) -> None:
    """One function against its limits: concurrency, bursts, throttling and PC, priced."""
    from lambdacalc.cli import concurrency_pc as pc
    from lambdacalc.concurrency import FunctionInputs
    from lambdacalc.render import concurrency as render

    memory = 128 if flags.memory is None else flags.memory
    architecture = "x86_64" if flags.architecture is None else flags.architecture
    cold_start_percent, init_duration = flags.cold_start_percent, flags.init_duration
    inputs = FunctionInputs(
        rps=rps,
        duration_s=duration_s,
        peak_rps=flags.peak_rps,
        cold_start_percent=Decimal(0) if cold_start_percent is None else cold_start_percent,
        init_duration_s=Decimal(0) if init_duration is None else init_duration,
        account_limit=flags.limit,  # None: the default, assumed and said
        reserved_concurrency=flags.reserved,
        provisioned_concurrency=flags.provisioned,
        other_usage_concurrency=flags.other_usage,
        throttle_target=flags.throttle_target,
        pc_target_utilization=flags.pc_target_utilization,
        sqs_max_concurrency=flags.sqs_max_concurrency,
        kinesis_shards=flags.kinesis_shards,
        parallelization_factor=flags.parallelization_factor,
        memory_mb=Decimal(memory),
        sqs=flags.sqs,
        sqs_provisioned_pollers=flags.sqs_provisioned_pollers,
    )
    region = flags.region
    book = price_book(flags.prices, region)
    book.region(region)  # an unknown region fails here, with suggestions
    report = pc.plan(inputs, pc.rates(book, region, architecture))
    context = render.Context(
        region=region, architecture=architecture, memory_mb=inputs.memory_mb, prices=book.describe()
    )
    emit(render.FunctionPlan(report, context), flags.fmt)
