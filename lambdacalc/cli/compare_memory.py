"""`lambdacalc compare-memory`: cost and speed at each memory size, and the size to pick.

This module only declares the command's options, so that building the full app (the help
listing, tests) stays cheap; `lambdacalc.cli.compare_memory_run` parses the values and runs it.
"""

from decimal import Decimal
from pathlib import Path
from typing import Annotated

from lambdacalc.cli import params
from lambdacalc.cli.common import FormatOption, PricesOption, handle_errors
from lambdacalc.cli.declare import argument, command, option
from lambdacalc.limits import MAX_REQUESTS_PER_MONTH, MAX_THREADS
from lambdacalc.render.common import OutputFormat

EPILOG = (
    "Examples:\n\n"
    "  lambdacalc compare-memory --duration 2.5s --memory 128 --cpu-bound 0.9\n\n"
    "  lambdacalc compare-memory --measured 128=2500ms --measured 1GB=300ms\n\n"
    "  lambdacalc compare-memory scenarios/api-backend.yaml --function api "
    "--max-memory-used 180\n\n"
    "  lambdacalc compare-memory --power-tuning results.json --strategy balanced\n\n"
    "  lambdacalc compare-memory --duration 800ms --memory 1024 --sweep --format csv"
)

ScenarioArgument = Annotated[
    str | None,
    argument(
        metavar="[SCENARIO]",
        help="Scenario file: its function's memory, duration, traffic, architecture, "
        "region and sizing hints; monthly costs price it as `lambdacalc cost` does.",
    ),
]
FunctionOption = Annotated[
    str | None,
    option("--function", metavar="NAME", help="The scenario's function to size (optional if one)."),
]
DurationOption = Annotated[
    Decimal | None,
    option(
        "--duration",
        metavar=params.DURATION,
        parser=params.duration_ms("--duration"),
        help="Measured average duration at --memory (2.5s, 300ms; bare = s).",
    ),
]
MemoryOption = Annotated[
    int | None,
    option(
        "--memory",
        metavar=params.MB,
        parser=params.memory_mb("--memory"),
        help="Current memory size (the baseline): 512, 512MB or 1GB (bare = MB).",
    ),
]
CpuBoundOption = Annotated[
    Decimal | None,
    option(
        "--cpu-bound",
        metavar=params.SHARE,
        parser=params.share("--cpu-bound"),
        help="Share of the duration that scales with CPU, 0..1 or 0%..100%. Without it "
        "one point keeps the current size and shows the picks at 0 and 1; two or more "
        "are fitted.",
    ),
]
ThreadsOption = Annotated[
    int | None,
    option(
        "--threads",
        metavar="N",
        parser=params.whole("--threads", MAX_THREADS, minimum=1, example="2"),
        help="Threads that can use CPUs at once (default 1: no gain above 1,769 MB).",
    ),
]
MeasuredOption = Annotated[
    list[params.Measured] | None,
    option(
        "--measured",
        metavar="MB=DURATION",
        parser=params.measured("--measured"),
        help="A measured average, e.g. 128=2500ms or 1GB=0.3s (bare = s); repeat for more sizes.",
    ),
]
PowerTuningOption = Annotated[
    str | None,
    option(
        "--power-tuning",
        metavar="FILE|URL",
        help="AWS Lambda Power Tuning output JSON, or its visualization URL.",
    ),
]
SizesOption = Annotated[
    params.Sizes | None,
    option(
        "--sizes",
        metavar="MB[,MB]",
        parser=params.memory_list_mb("--sizes"),
        help="Sizes to compare, e.g. 128,256,512 or 1GB,2GB (bare = MB).",
    ),
]
SweepOption = Annotated[bool, option("--sweep", help="Compare every size from 128 to 10,240 MB.")]
MaxMemoryUsedOption = Annotated[
    Decimal | None,
    option(
        "--max-memory-used",
        metavar=params.MB,
        parser=params.size_mb("--max-memory-used"),
        help="Max Memory Used from the logs (bare = MB); smaller sizes plus headroom are excluded.",
    ),
]
HeadroomOption = Annotated[
    Decimal | None,
    option(
        "--headroom",
        metavar=params.SHARE,
        parser=params.share("--headroom"),
        help="Headroom above max memory used: 20% or 0.2 (default).",
    ),
]
StrategyOption = Annotated[
    str | None,
    option(
        "--strategy",
        metavar="STRATEGY",
        help="cost (default), speed, balanced or max-duration (default with --max-duration).",
    ),
]
BalancedWeightOption = Annotated[
    Decimal | None,
    option(
        "--balanced-weight",
        metavar=params.SHARE,
        parser=params.share("--balanced-weight"),
        help="For balanced: 1 = all cost, 0 = all speed (default 0.5; or 50%).",
    ),
]
MaxDurationOption = Annotated[
    Decimal | None,
    option(
        "--max-duration",
        metavar=params.DURATION,
        parser=params.duration_ms("--max-duration"),
        help="Latency budget, e.g. 500ms (bare = s).",
    ),
]
RegionOption = Annotated[
    str | None,
    option(
        "--region",
        "-r",
        metavar="REGION",
        help="Region to price in (default: scenario's or us-east-1).",
    ),
]
ArchitectureOption = Annotated[
    str | None,
    option(
        "--architecture",
        metavar="ARCH",
        help="x86_64 or arm64 (default: scenario's or x86_64).",
    ),
]
RequestsPerMonthOption = Annotated[
    int | None,
    option(
        "--requests-per-month",
        metavar="N",
        parser=params.whole("--requests-per-month", MAX_REQUESTS_PER_MONTH, minimum=0),
        help="Monthly invocations for the monthly column (default: the scenario's).",
    ),
]
SvgOption = Annotated[
    Path | None,
    option("--svg", metavar="FILE", help="Also save the chart as a self-contained SVG."),
]
HtmlOption = Annotated[
    Path | None,
    option("--html", metavar="FILE", help="Also save the report as one self-contained HTML page."),
]
ForceOption = Annotated[
    bool, option("--force", help="Let --svg and --html overwrite existing files.")
]


@command("compare-memory", epilog=EPILOG)
@handle_errors
def compare_memory(
    scenario: ScenarioArgument = None,
    function: FunctionOption = None,
    duration: DurationOption = None,
    memory: MemoryOption = None,
    cpu_bound: CpuBoundOption = None,
    threads: ThreadsOption = None,
    measured: MeasuredOption = None,
    power_tuning: PowerTuningOption = None,
    sizes: SizesOption = None,
    sweep: SweepOption = False,
    max_memory_used: MaxMemoryUsedOption = None,
    headroom: HeadroomOption = None,
    strategy: StrategyOption = None,
    balanced_weight: BalancedWeightOption = None,
    max_duration: MaxDurationOption = None,
    region: RegionOption = None,
    architecture: ArchitectureOption = None,
    requests_per_month: RequestsPerMonthOption = None,
    prices: PricesOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Compare memory sizes: duration, cost per invocation and per month, and a pick."""
    from lambdacalc.cli.compare_memory_run import run

    run(
        scenario=scenario,
        function=function,
        duration=duration,
        memory=memory,
        cpu_bound=cpu_bound,
        threads=threads,
        measured=measured,
        power_tuning=power_tuning,
        sizes=sizes,
        sweep=sweep,
        max_memory_used=max_memory_used,
        headroom=headroom,
        strategy=strategy,
        balanced_weight=balanced_weight,
        max_duration=max_duration,
        region=region,
        architecture=architecture,
        requests_per_month=requests_per_month,
        prices=prices,
        fmt=fmt,
        svg=svg,
        html=html,
        force=force,
    )
