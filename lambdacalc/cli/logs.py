"""`lambdacalc logs analyze` and `lambdacalc logs insights-query`: measured workloads."""

import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lambdacalc.cli import params
from lambdacalc.cli.common import (
    FormatOption,
    PricesOption,
    emit,
    handle_errors,
    in_flags,
    info,
    price_book,
    write,
)
from lambdacalc.cli.declare import argument, option
from lambdacalc.cli.root import app
from lambdacalc.errors import InputError, LogError
from lambdacalc.render.common import OutputFormat

MAX_INSIGHTS_BYTES = 64 * 1024 * 1024  # an export of every function of an account is far less

if TYPE_CHECKING:
    from lambdacalc.logs import LogSummary
    from lambdacalc.logs.report import LogsReport

logs_app = typer.Typer(
    name="logs",
    help="Measured workloads from Lambda's REPORT logs: percentiles, GB-s, the bill.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(logs_app, name="logs")

PROGRESS_MIN_BYTES = 8 * 1024 * 1024  # a progress bar only for inputs over a few MB

ANALYZE_EPILOG = (
    "Examples:\n\n"
    "  aws logs tail /aws/lambda/orders --since 7d > orders.log\n\n"
    "  lambdacalc logs analyze orders.log --function orders\n\n"
    "  lambdacalc logs analyze app.log.gz --window 7d --format json\n\n"
    "  lambdacalc logs analyze --insights results.csv --emit-scenario fleet.yaml"
)

FilesArgument = Annotated[
    list[str] | None,
    argument(
        metavar="FILE...", help="Log files (text or gzip), or - for stdin.", show_default=False
    ),
]
WindowOption = Annotated[
    Decimal | None,
    option(
        metavar=params.DURATION,
        parser=params.window_s("--window"),
        help="Time the logs cover, e.g. 7d, 36h or 90min (s, min or m, h, d, w; M is "
        "refused: month or minute?); default: from their timestamps.",
    ),
]
FunctionOption = Annotated[
    str | None,
    option(metavar="NAME", help="Name for the function in these logs; default: its memory size."),
]
InsightsOption = Annotated[
    Path | None,
    option(
        metavar="RESULTS",
        help="Read an exported Logs Insights result (.csv or .json) instead of log files.",
    ),
]
EmitScenarioOption = Annotated[
    Path | None,
    option(metavar="OUT.yaml", help="Write a scenario file for `lambdacalc cost`."),
]
ForceOption = Annotated[bool, option(help="Let --emit-scenario overwrite a file.")]
RegionOption = Annotated[str, option(metavar="REGION", help="Region to price in.")]
ArchitectureOption = Annotated[
    str, option(metavar="ARCH", help="x86_64 or arm64 (REPORT lines do not say).")
]
FreeTierOption = Annotated[
    bool, option("--free-tier/--no-free-tier", help="Apply the account free tier.")
]


def _progress_needed(paths: list[str]) -> int:
    """Total bytes when a progress bar is worth drawing, else 0."""
    if not sys.stderr.isatty() or "-" in paths:
        return 0
    total = 0
    for p in paths:
        try:
            total += Path(p).stat().st_size
        except OSError:
            return 0
    return total if total >= PROGRESS_MIN_BYTES else 0


def _read_logs(
    paths: list[str], function: str | None, window_s: Decimal | None = None
) -> "LogSummary":
    """The logs' summary (`window_s`, when given, overrides the timestamps' window)."""
    from lambdacalc.logfiles import open_log, read_into
    from lambdacalc.logs import LogAggregator

    agg = LogAggregator()
    total = _progress_needed(paths)
    if not total:
        for p in paths:
            read_into(agg, open_log(p), function)
        return agg.summary(window_s)
    from rich.progress import Progress

    from lambdacalc.render.common import make_console

    with Progress(console=make_console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("reading logs", total=total)
        done = 0
        for p in paths:
            inp = open_log(p)
            base = done

            def advance(position: int, base: int = base) -> None:
                bar.update(task, completed=base + position)

            read_into(agg, inp, function, advance)
            done = base + (inp.size_bytes or 0)
    return agg.summary(window_s)


def _emit(report: "LogsReport", out: Path, force: bool, inputs: list[str | Path | None]) -> None:
    from lambdacalc.render.logs_scenario import to_scenario_yaml

    if report.summary.window_s is None or any(
        f.requests_per_month is None for f in report.summary.functions
    ):
        raise InputError(
            "--emit-scenario needs requests per month, so a window longer than 0 s: "
            "pass --window (e.g. 7d)"
        )
    from lambdacalc.output_files import check_outputs, write_outputs

    check_outputs([("--emit-scenario", out)], force, inputs)
    write_outputs([(out, to_scenario_yaml(report, out.stem))])


@logs_app.command("analyze", epilog=ANALYZE_EPILOG)
@handle_errors
def analyze(
    files: FilesArgument = None,
    window: WindowOption = None,
    function: FunctionOption = None,
    insights: InsightsOption = None,
    emit_scenario: EmitScenarioOption = None,
    force: ForceOption = False,
    region: RegionOption = "us-east-1",
    architecture: ArchitectureOption = "x86_64",
    free_tier: FreeTierOption = True,
    fmt: FormatOption = OutputFormat.TABLE,
    prices: PricesOption = None,
) -> None:
    """Turn Lambda REPORT logs into per-function percentiles, GB-s and a monthly bill."""
    paths = files or []
    _check_options(paths, insights, function, architecture)
    if insights is not None:
        summary, inputs = _insights_summary(insights, window), [str(insights)]
    else:
        summary, inputs = _logs_summary(paths, function, window)
    from lambdacalc.logs.report import LogsSettings, logs_report

    settings = LogsSettings(tuple(inputs), region, architecture, free_tier)
    report = logs_report(summary, settings, lambda: price_book(prices, region))
    report = replace(report, warnings=tuple(in_flags(w) for w in report.warnings))
    if emit_scenario is not None:
        _emit(report, emit_scenario, force, [*paths, insights, prices])

    from lambdacalc.render import logs as render

    emit(render.AnalysisReport(report), fmt)
    if emit_scenario is not None and fmt is not OutputFormat.JSON:
        info(f"Wrote {emit_scenario}")


def _check_options(
    paths: list[str], insights: Path | None, function: str | None, architecture: str
) -> None:
    if architecture not in ("x86_64", "arm64"):
        raise InputError(f"--architecture '{architecture}': use x86_64 or arm64")
    if insights is not None and paths:
        raise InputError("give log files or --insights RESULTS, not both")
    if insights is None and not paths:
        raise InputError("give log files (or - for stdin), or --insights RESULTS")
    if function is not None and not function.strip():
        raise InputError(
            "--function is empty; give the function's name (e.g. --function orders) or leave "
            "it out to name it by its memory size"
        )
    if insights is not None and function is not None:
        raise InputError("--function names raw logs; Insights results carry log group names")


def _insights_summary(insights: Path, window_s: Decimal | None) -> "LogSummary":
    from lambdacalc.input_files import read_text
    from lambdacalc.insights import read_export

    _, text = read_text(str(insights), "Insights export", LogError, MAX_INSIGHTS_BYTES)
    suffix = insights.suffix.lower().lstrip(".")
    return read_export(text, suffix if suffix in ("csv", "json") else None, window_s)


def _logs_summary(
    paths: list[str], function: str | None, window_s: Decimal | None
) -> tuple["LogSummary", list[str]]:
    """The summary of the log files (each read once) and their names as inputs."""
    from lambdacalc.input_files import same_file_key

    seen: set[object] = set()
    for p in paths:
        key = same_file_key(p)  # a hard link or symlink to a file given is the same file
        if key in seen:
            what = "standard input" if p == "-" else p
            raise InputError(
                f"{what} is given twice (perhaps through a link); each file is read once "
                "(no double counting)"
            )
        seen.add(key)
    summary = _read_logs(paths, function, window_s)
    inputs = ["<stdin>" if p == "-" else p for p in paths]
    if not summary.functions:
        skipped = ", ".join(f"{n} {k}" for k, n in summary.skipped_lines.items())
        raise LogError(
            f"no usable REPORT records in {', '.join(inputs)} ({summary.lines_read} lines: "
            f"{skipped}); is this a Lambda function's log?"
        )
    return summary, inputs


@logs_app.command(
    "insights-query",
    epilog=(
        "Example:\n\n"
        "  aws logs start-query --log-group-names /aws/lambda/a /aws/lambda/b "
        "--start-time $(date -d '7 days ago' +%s) --end-time $(date +%s) "
        '--query-string "$(lambdacalc logs insights-query)"'
    ),
)
@handle_errors
def insights_query() -> None:
    """Print the Logs Insights query that computes the same per-function numbers server-side.

    Run it over any number of log groups, export the result as CSV or JSON, and read it with
    `lambdacalc logs analyze --insights RESULTS`.
    """
    from lambdacalc.insights import QUERY

    write(QUERY)
