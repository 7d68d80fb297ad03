"""`lambdacalc concurrency`: one function's concurrency, limits, bursts, throttling and PC;
or, given a scenario file, the account view of all its functions.

Numbers are read as text and parsed to Decimal here, so that a bad value is one `Error:` line
with exit code 2 (and so that 0.1 stays 0.1). `--format json` loads no rich, yaml or pydantic.
This module declares the command's options; `lambdacalc.cli.concurrency_run` runs it.
"""

from decimal import Decimal
from typing import Annotated

from lambdacalc.cli import params
from lambdacalc.cli.common import FormatOption, PricesOption, handle_errors
from lambdacalc.cli.declare import argument, command, option
from lambdacalc.limits import (
    MAX_REQUESTS_PER_SECOND,
)
from lambdacalc.render.common import OutputFormat

EPILOG = (
    "Examples:\n\n"
    "  lambdacalc concurrency --rps 100 --duration 2\n\n"
    "  lambdacalc concurrency --rps 200 --peak-rps 3000 --duration 150ms --reserved 400\n\n"
    "  lambdacalc concurrency --rps 20000 --duration 50ms --format json\n\n"
    "  lambdacalc concurrency --rps 400 --duration 2.5s --sqs-max-concurrency 1000\n\n"
    "  lambdacalc concurrency scenarios/mobile-backend.yaml\n\n"
    "  lambdacalc concurrency --rps 2000 --duration 100ms --memory 2048 "
    "--architecture arm64 --managed-instance m7g.xlarge --runtime nodejs"
)

ScenarioArgument = Annotated[
    str | None,
    argument(
        metavar="[SCENARIO]",
        help="Scenario file (YAML or JSON, or - for stdin): show the account view instead.",
    ),
]
RpsOption = Annotated[
    Decimal | None,
    option(
        "--rps",
        metavar="RPS",
        parser=params.number("--rps", MAX_REQUESTS_PER_SECOND),
        help="Average requests per second (for SQS: batches, i.e. invocations).",
    ),
]
DurationOption = Annotated[
    Decimal | None,
    option(
        "--duration",
        metavar=params.DURATION,
        parser=params.duration_s("--duration"),
        help="Mean duration: 2, 2s, 150ms or 1.5m (a bare number is seconds).",
    ),
]
PeakRpsOption = Annotated[
    Decimal | None,
    option(
        "--peak-rps",
        metavar="RPS",
        parser=params.number("--peak-rps", MAX_REQUESTS_PER_SECOND),
        help="Peak requests per second; size for it.",
    ),
]
ColdStartPercentOption = Annotated[
    Decimal | None,
    option(
        "--cold-start-percent",
        metavar=params.PERCENT,
        parser=params.percent("--cold-start-percent"),
        help="Share of requests that start cold: 5 or 5%.",
    ),
]
InitDurationOption = Annotated[
    Decimal | None,
    option(
        "--init-duration",
        metavar=params.DURATION,
        parser=params.duration_s("--init-duration"),
        help="INIT time of a cold start: 800ms, 1.2s (a bare number is seconds).",
    ),
]
LimitOption = Annotated[
    int | None,
    option(
        "--limit",
        metavar="N",
        parser=params.whole("--limit"),
        help="Account concurrency limit (ConcurrentExecutions); default: AWS's default "
        "quota of 1000, with a warning.",
    ),
]
ReservedOption = Annotated[
    int | None,
    option(
        "--reserved",
        metavar="N",
        parser=params.whole("--reserved"),
        help="This function's reserved concurrency.",
    ),
]
ProvisionedOption = Annotated[
    int | None,
    option(
        "--provisioned",
        metavar="N",
        parser=params.whole("--provisioned"),
        help="Provisioned concurrency configured today, if any.",
    ),
]
OtherUsageOption = Annotated[
    int,
    option(
        "--other-usage",
        metavar="N",
        parser=params.whole("--other-usage"),
        help="Concurrency other functions use at the time.",
    ),
]
ThrottleTargetOption = Annotated[
    Decimal,
    option(
        "--throttle-target",
        metavar=params.SHARE,
        parser=params.share("--throttle-target"),
        help="Acceptable share of throttled requests: 0.001 or 0.1% (also for a SCENARIO).",
    ),
]
PcTargetUtilizationOption = Annotated[
    Decimal,
    option(
        "--pc-target-utilization",
        metavar=params.SHARE,
        parser=params.share("--pc-target-utilization"),
        help="PC utilisation to size for: 0.7 or 70% (AWS's default).",
    ),
]
SqsOption = Annotated[
    bool,
    option(
        "--sqs",
        help="Fed by an SQS standard queue (implied by --sqs-max-concurrency or "
        "--sqs-provisioned-pollers): "
        "Lambda starts 5 concurrent batches and adds up to 300 a minute, at most 1,000.",
    ),
]
SqsMaxConcurrencyOption = Annotated[
    int | None,
    option(
        "--sqs-max-concurrency",
        metavar="N",
        parser=params.whole("--sqs-max-concurrency"),
        help="SQS event source MaximumConcurrency, 2 to 1000.",
    ),
]
SqsProvisionedPollersOption = Annotated[
    params.Pollers | None,
    option(
        "--sqs-provisioned-pollers",
        metavar="MIN[:MAX]",
        parser=params.pollers("--sqs-provisioned-pollers"),
        help="SQS provisioned mode: minimum (2–200) and maximum (2–2000, default 200) "
        "event pollers, 10 concurrent invokes each, +1,000 a minute.",
    ),
]
KinesisShardsOption = Annotated[
    int | None,
    option(
        "--kinesis-shards",
        metavar="N",
        parser=params.whole("--kinesis-shards"),
        help="Kinesis or DynamoDB stream shards.",
    ),
]
ParallelizationFactorOption = Annotated[
    int,
    option(
        "--parallelization-factor",
        metavar="N",
        parser=params.whole("--parallelization-factor", example="2"),
        help="Batches per shard at once, 1–10.",
    ),
]
MemoryOption = Annotated[
    int | None,
    option(
        "--memory",
        metavar=params.MB,
        parser=params.memory_mb("--memory"),
        help="Memory: 512, 512MB or 1GB (a bare number is MB; 128–10240), for PC prices "
        "(default 128; with --managed-instance 2048, LMI's smallest).",
    ),
]
ArchitectureOption = Annotated[
    str | None,
    option(
        "--architecture",
        metavar="ARCH",
        help="x86_64 or arm64, for PC prices (default x86_64; with --managed-instance the "
        "instance's).",
    ),
]
RegionOption = Annotated[
    str, option("--region", "-r", metavar="REGION", help="AWS region for PC prices.")
]
ManagedInstanceOption = Annotated[
    str | None,
    option(
        "--managed-instance",
        metavar="TYPE",
        help="Plan the load on Lambda Managed Instances of this EC2 type (e.g. m7g.xlarge): "
        "environments, instances and their monthly cost.",
    ),
]
RuntimeOption = Annotated[
    str | None,
    option(
        "--runtime",
        metavar="RUNTIME",
        help="With --managed-instance: nodejs, python, java, dotnet or rust (sets the "
        "default concurrency per vCPU).",
    ),
]
PerEnvConcurrencyOption = Annotated[
    int | None,
    option(
        "--per-env-concurrency",
        metavar="N",
        parser=params.whole("--per-env-concurrency"),
        help="With --managed-instance: invocations an environment runs at once, 1–1600.",
    ),
]
MemoryPerVcpuOption = Annotated[
    Decimal | None,
    option(
        "--memory-per-vcpu",
        metavar="GIB",
        parser=params.number("--memory-per-vcpu", 8, 2, example="2"),
        help="With --managed-instance: GiB of memory per vCPU, 2–8 (default 2).",
    ),
]
TargetUtilisationOption = Annotated[
    Decimal | None,
    option(
        "--target-utilisation",
        metavar=params.SHARE,
        parser=params.share("--target-utilisation"),
        help="With --managed-instance: share of each environment's concurrency to plan "
        "for, 0.7 or 70% (default 100%).",
    ),
]
MinInstancesOption = Annotated[
    int | None,
    option(
        "--min-instances",
        metavar="N",
        parser=params.whole("--min-instances"),
        help="With --managed-instance: minimum instances (AWS: 3, for AZ resiliency).",
    ),
]


@command(epilog=EPILOG)
@handle_errors
def concurrency(
    scenario: ScenarioArgument = None,
    rps: RpsOption = None,
    duration: DurationOption = None,
    peak_rps: PeakRpsOption = None,
    cold_start_percent: ColdStartPercentOption = None,
    init_duration: InitDurationOption = None,
    limit: LimitOption = None,
    reserved: ReservedOption = None,
    provisioned: ProvisionedOption = None,
    other_usage: OtherUsageOption = 0,
    throttle_target: ThrottleTargetOption = Decimal("0.001"),
    pc_target_utilization: PcTargetUtilizationOption = Decimal("0.7"),
    sqs: SqsOption = False,
    sqs_max_concurrency: SqsMaxConcurrencyOption = None,
    sqs_provisioned_pollers: SqsProvisionedPollersOption = None,
    kinesis_shards: KinesisShardsOption = None,
    parallelization_factor: ParallelizationFactorOption = 1,
    memory: MemoryOption = None,
    architecture: ArchitectureOption = None,
    region: RegionOption = "us-east-1",
    fmt: FormatOption = OutputFormat.TABLE,
    prices: PricesOption = None,
    managed_instance: ManagedInstanceOption = None,
    runtime: RuntimeOption = None,
    per_env_concurrency: PerEnvConcurrencyOption = None,
    memory_per_vcpu: MemoryPerVcpuOption = None,
    target_utilisation: TargetUtilisationOption = None,
    min_instances: MinInstancesOption = None,
) -> None:
    """Concurrency for a rate and duration: limits, bursts, throttling and PC sizing."""
    given = dict(locals())  # the options by name (a ConcurrencyFlags' fields): nothing else yet
    from lambdacalc.cli.concurrency_run import ConcurrencyFlags, run

    run(ConcurrencyFlags(**given))
