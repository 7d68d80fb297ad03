"""`lambdacalc compare-memory`: cost and speed at each memory size, and the size to pick.

This module only declares the command's options, so that building the full app (the help
listing, tests) stays cheap; `lambdacalc.cli.compare_memory_run` parses the values and runs it.
"""

from pathlib import Path
from typing import Annotated

import typer

from lambdacalc.cli.common import FormatOption, PricesOption, handle_errors
from lambdacalc.cli.root import app
from lambdacalc.render.common import OutputFormat


@app.command(
    "compare-memory",
    epilog=(
        "Examples:\n\n"
        "  lambdacalc compare-memory --duration 2.5s --memory 128 --cpu-bound 0.9\n\n"
        "  lambdacalc compare-memory --measured 128=2500ms --measured 1024=300ms\n\n"
        "  lambdacalc compare-memory scenarios/api.yaml --function api --max-memory-used 180\n\n"
        "  lambdacalc compare-memory --power-tuning results.json --strategy balanced\n\n"
        "  lambdacalc compare-memory --duration 800ms --memory 1024 --sweep --format csv"
    ),
)
@handle_errors
def compare_memory(
    scenario: Annotated[
        str | None,
        typer.Argument(
            metavar="[SCENARIO]",
            help="Scenario file: its function's memory, duration, traffic, architecture, "
            "region and sizing hints; monthly costs price it as `lambdacalc cost` does.",
        ),
    ] = None,
    function: Annotated[
        str | None,
        typer.Option("--function", help="The scenario's function to size (optional if one)."),
    ] = None,
    duration: Annotated[
        str | None,
        typer.Option(
            "--duration", help="Measured average duration at --memory (2.5s, 300ms; bare = s)."
        ),
    ] = None,
    memory: Annotated[
        str | None,
        typer.Option("--memory", help="Current memory size in MB (the baseline)."),
    ] = None,
    cpu_bound: Annotated[
        str | None,
        typer.Option(
            "--cpu-bound",
            help="Share of the duration that scales with CPU, 0..1 (default 1.0 for one "
            "point; fitted to two or more).",
        ),
    ] = None,
    threads: Annotated[
        str | None,
        typer.Option(
            "--threads",
            help="Threads that can use CPUs at once (default 1: no gain above 1,769 MB).",
        ),
    ] = None,
    measured: Annotated[
        list[str] | None,
        typer.Option(
            "--measured",
            metavar="MB=DURATION",
            help="A measured average, e.g. 128=2500ms (bare = ms); repeat for more sizes.",
        ),
    ] = None,
    power_tuning: Annotated[
        str | None,
        typer.Option(
            "--power-tuning",
            metavar="FILE|URL",
            help="AWS Lambda Power Tuning output JSON, or its visualization URL.",
        ),
    ] = None,
    sizes: Annotated[
        str | None,
        typer.Option("--sizes", help="Sizes to compare, e.g. 128,256,512 (MB)."),
    ] = None,
    sweep: Annotated[
        bool, typer.Option("--sweep", help="Compare every size from 128 to 10,240 MB.")
    ] = False,
    max_memory_used: Annotated[
        str | None,
        typer.Option(
            "--max-memory-used",
            help="Max Memory Used (MB) from the logs; smaller sizes plus headroom are excluded.",
        ),
    ] = None,
    headroom: Annotated[
        str | None,
        typer.Option("--headroom", help="Headroom above max memory used: 20% or 0.2 (default)."),
    ] = None,
    strategy: Annotated[
        str | None,
        typer.Option(
            "--strategy",
            help="cost (default), speed, balanced or max-duration (default with --max-duration).",
        ),
    ] = None,
    balanced_weight: Annotated[
        str | None,
        typer.Option(
            "--balanced-weight", help="For balanced: 1 = all cost, 0 = all speed (default 0.5)."
        ),
    ] = None,
    max_duration: Annotated[
        str | None,
        typer.Option("--max-duration", help="Latency budget, e.g. 500ms (bare = s)."),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", "-r", help="Region to price in (default: scenario's or us-east-1)."
        ),
    ] = None,
    architecture: Annotated[
        str | None,
        typer.Option("--architecture", help="x86_64 or arm64 (default: scenario's or x86_64)."),
    ] = None,
    requests_per_month: Annotated[
        str | None,
        typer.Option(
            "--requests-per-month",
            help="Monthly invocations for the monthly column (default: the scenario's).",
        ),
    ] = None,
    prices: PricesOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    svg: Annotated[
        Path | None,
        typer.Option("--svg", metavar="FILE", help="Also save the table and chart as SVG."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", metavar="FILE", help="Also save the table and chart as HTML."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --svg and --html overwrite existing files.")
    ] = False,
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
