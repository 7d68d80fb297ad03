"""`lambdacalc concurrency`: one function's concurrency, limits, bursts, throttling and PC;
or, given a scenario file, the account view of all its functions.

Numbers are read as text and parsed to Decimal here, so that a bad value is one `Error:` line
with exit code 2 (and so that 0.1 stays 0.1). `--format json` loads no rich, yaml or pydantic.
"""

from decimal import Decimal
from typing import Annotated

import typer

from lambdacalc.cli import params
from lambdacalc.cli.common import (
    FormatOption,
    PricesOption,
    emit,
    handle_errors,
    price_book,
)
from lambdacalc.cli.root import app
from lambdacalc.errors import InputError, name_fields
from lambdacalc.limits import (
    MAX_REQUESTS_PER_SECOND,
)
from lambdacalc.render.common import OutputFormat


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


@app.command(
    epilog=(
        "Examples:\n\n"
        "  lambdacalc concurrency --rps 100 --duration 2\n\n"
        "  lambdacalc concurrency --rps 200 --peak-rps 3000 --duration 150ms --reserved 400\n\n"
        "  lambdacalc concurrency --rps 20000 --duration 50ms --format json\n\n"
        "  lambdacalc concurrency --rps 400 --duration 2.5s --sqs-max-concurrency 1000\n\n"
        "  lambdacalc concurrency scenarios/mobile-backend.yaml\n\n"
        "  lambdacalc concurrency --rps 2000 --duration 100ms --memory 2048 "
        "--architecture arm64 --managed-instance m7g.xlarge --runtime nodejs"
    )
)
@handle_errors
def concurrency(
    scenario: Annotated[
        str | None,
        typer.Argument(
            metavar="[SCENARIO]",
            help="Scenario file (YAML or JSON, or - for stdin): show the account view instead.",
        ),
    ] = None,
    rps: Annotated[
        Decimal | None,
        typer.Option(
            "--rps",
            metavar="RPS",
            parser=params.number("--rps", MAX_REQUESTS_PER_SECOND),
            help="Average requests per second (for SQS: batches, i.e. invocations).",
        ),
    ] = None,
    duration: Annotated[
        Decimal | None,
        typer.Option(
            "--duration",
            metavar=params.DURATION,
            parser=params.duration_s("--duration"),
            help="Mean duration: 2, 2s, 150ms or 1.5m (a bare number is seconds).",
        ),
    ] = None,
    peak_rps: Annotated[
        Decimal | None,
        typer.Option(
            "--peak-rps",
            metavar="RPS",
            parser=params.number("--peak-rps", MAX_REQUESTS_PER_SECOND),
            help="Peak requests per second; size for it.",
        ),
    ] = None,
    cold_start_percent: Annotated[
        Decimal | None,
        typer.Option(
            "--cold-start-percent",
            metavar=params.PERCENT,
            parser=params.percent("--cold-start-percent"),
            help="Share of requests that start cold: 5 or 5%.",
        ),
    ] = None,
    init_duration: Annotated[
        Decimal | None,
        typer.Option(
            "--init-duration",
            metavar=params.DURATION,
            parser=params.duration_s("--init-duration"),
            help="INIT time of a cold start: 800ms, 1.2s (a bare number is seconds).",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            metavar="N",
            parser=params.whole("--limit"),
            help="Account concurrency limit (ConcurrentExecutions); default: AWS's default "
            "quota of 1000, with a warning.",
        ),
    ] = None,
    reserved: Annotated[
        int | None,
        typer.Option(
            "--reserved",
            metavar="N",
            parser=params.whole("--reserved"),
            help="This function's reserved concurrency.",
        ),
    ] = None,
    provisioned: Annotated[
        int | None,
        typer.Option(
            "--provisioned",
            metavar="N",
            parser=params.whole("--provisioned"),
            help="Provisioned concurrency configured today, if any.",
        ),
    ] = None,
    other_usage: Annotated[
        int,
        typer.Option(
            "--other-usage",
            metavar="N",
            parser=params.whole("--other-usage"),
            help="Concurrency other functions use at the time.",
        ),
    ] = 0,
    throttle_target: Annotated[
        Decimal,
        typer.Option(
            "--throttle-target",
            metavar=params.SHARE,
            parser=params.share("--throttle-target"),
            help="Acceptable share of throttled requests: 0.001 or 0.1% (also for a SCENARIO).",
        ),
    ] = Decimal("0.001"),
    pc_target_utilization: Annotated[
        Decimal,
        typer.Option(
            "--pc-target-utilization",
            metavar=params.SHARE,
            parser=params.share("--pc-target-utilization"),
            help="PC utilisation to size for: 0.7 or 70% (AWS's default).",
        ),
    ] = Decimal("0.7"),
    sqs: Annotated[
        bool,
        typer.Option(
            "--sqs",
            help="Fed by an SQS standard queue (implied by --sqs-max-concurrency or "
            "--sqs-provisioned-pollers): "
            "Lambda starts 5 concurrent batches and adds up to 300 a minute, at most 1,000.",
        ),
    ] = False,
    sqs_max_concurrency: Annotated[
        int | None,
        typer.Option(
            "--sqs-max-concurrency",
            metavar="N",
            parser=params.whole("--sqs-max-concurrency"),
            help="SQS event source MaximumConcurrency, 2 to 1000.",
        ),
    ] = None,
    sqs_provisioned_pollers: Annotated[
        params.Pollers | None,
        typer.Option(
            "--sqs-provisioned-pollers",
            metavar="MIN[:MAX]",
            parser=params.pollers("--sqs-provisioned-pollers"),
            help="SQS provisioned mode: minimum (2–200) and maximum (2–2000, default 200) "
            "event pollers, 10 concurrent invokes each, +1,000 a minute.",
        ),
    ] = None,
    kinesis_shards: Annotated[
        int | None,
        typer.Option(
            "--kinesis-shards",
            metavar="N",
            parser=params.whole("--kinesis-shards"),
            help="Kinesis or DynamoDB stream shards.",
        ),
    ] = None,
    parallelization_factor: Annotated[
        int,
        typer.Option(
            "--parallelization-factor",
            metavar="N",
            parser=params.whole("--parallelization-factor", example="2"),
            help="Batches per shard at once, 1–10.",
        ),
    ] = 1,
    memory: Annotated[
        int | None,
        typer.Option(
            "--memory",
            metavar=params.MB,
            parser=params.memory_mb("--memory"),
            help="Memory: 512, 512MB or 1GB (a bare number is MB; 128–10240), for PC prices "
            "(default 128; with --managed-instance 2048, LMI's smallest).",
        ),
    ] = None,
    architecture: Annotated[
        str | None,
        typer.Option(
            "--architecture",
            metavar="ARCH",
            help="x86_64 or arm64, for PC prices (default x86_64; with --managed-instance the "
            "instance's).",
        ),
    ] = None,
    region: Annotated[
        str, typer.Option("--region", "-r", metavar="REGION", help="AWS region for PC prices.")
    ] = "us-east-1",
    fmt: FormatOption = OutputFormat.TABLE,
    prices: PricesOption = None,
    managed_instance: Annotated[
        str | None,
        typer.Option(
            "--managed-instance",
            metavar="TYPE",
            help="Plan the load on Lambda Managed Instances of this EC2 type (e.g. m7g.xlarge): "
            "environments, instances and their monthly cost.",
        ),
    ] = None,
    runtime: Annotated[
        str | None,
        typer.Option(
            "--runtime",
            metavar="RUNTIME",
            help="With --managed-instance: nodejs, python, java, dotnet or rust (sets the "
            "default concurrency per vCPU).",
        ),
    ] = None,
    per_env_concurrency: Annotated[
        int | None,
        typer.Option(
            "--per-env-concurrency",
            metavar="N",
            parser=params.whole("--per-env-concurrency"),
            help="With --managed-instance: invocations an environment runs at once, 1–1600.",
        ),
    ] = None,
    memory_per_vcpu: Annotated[
        Decimal | None,
        typer.Option(
            "--memory-per-vcpu",
            metavar="GIB",
            parser=params.number("--memory-per-vcpu", 8, 2, example="2"),
            help="With --managed-instance: GiB of memory per vCPU, 2–8 (default 2).",
        ),
    ] = None,
    target_utilisation: Annotated[
        Decimal | None,
        typer.Option(
            "--target-utilisation",
            metavar=params.SHARE,
            parser=params.share("--target-utilisation"),
            help="With --managed-instance: share of each environment's concurrency to plan "
            "for, 0.7 or 70% (default 100%).",
        ),
    ] = None,
    min_instances: Annotated[
        int | None,
        typer.Option(
            "--min-instances",
            metavar="N",
            parser=params.whole("--min-instances"),
            help="With --managed-instance: minimum instances (AWS: 3, for AZ resiliency).",
        ),
    ] = None,
) -> None:
    """Concurrency for a rate and duration: limits, bursts, throttling and PC sizing."""
    if scenario is not None:
        if rps is not None or duration is not None:
            raise InputError("give a SCENARIO file or --rps/--duration, not both")
        _scenario(scenario, fmt, throttle_target)
        return
    if rps is None or duration is None:
        raise InputError("give --rps and --duration (e.g. --rps 100 --duration 2), or a SCENARIO")

    if managed_instance is not None:
        from lambdacalc.cli import concurrency_managed as lmi

        flags = lmi.ManagedFlags(
            managed_instance,
            runtime,
            per_env_concurrency,
            memory_per_vcpu,
            target_utilisation,
            min_instances,
        )
        book = price_book(prices)
        book.region(region)  # an unknown region fails here, with suggestions
        emit(
            lmi.plan(
                flags,
                rps=rps,
                peak_rps=peak_rps,
                duration_s=duration,
                memory_mb=memory,
                architecture=architecture,
                region=region,
            ),
            fmt,
        )
        return

    from lambdacalc.cli import concurrency_pc as pc
    from lambdacalc.concurrency import FunctionInputs
    from lambdacalc.render import concurrency as render

    memory = 128 if memory is None else memory
    architecture = "x86_64" if architecture is None else architecture
    inputs = FunctionInputs(
        rps=rps,
        duration_s=duration,
        peak_rps=peak_rps,
        cold_start_percent=Decimal(0) if cold_start_percent is None else cold_start_percent,
        init_duration_s=Decimal(0) if init_duration is None else init_duration,
        account_limit=limit,  # None: the default, assumed and said
        reserved_concurrency=reserved,
        provisioned_concurrency=provisioned,
        other_usage_concurrency=other_usage,
        throttle_target=throttle_target,
        pc_target_utilization=pc_target_utilization,
        sqs_max_concurrency=sqs_max_concurrency,
        kinesis_shards=kinesis_shards,
        parallelization_factor=parallelization_factor,
        memory_mb=Decimal(memory),
        sqs=sqs,
        sqs_provisioned_pollers=sqs_provisioned_pollers,
    )
    book = price_book(prices, region)
    book.region(region)  # an unknown region fails here, with suggestions
    report = pc.plan(inputs, pc.rates(book, region, architecture))
    context = render.Context(
        region=region, architecture=architecture, memory_mb=inputs.memory_mb, prices=book.describe()
    )
    emit(render.FunctionPlan(report, context), fmt)
