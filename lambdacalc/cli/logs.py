"""`lambdacalc logs analyze` and `lambdacalc logs insights-query`: measured workloads."""

import sys
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
    info,
    price_book,
    write,
)
from lambdacalc.cli.root import app
from lambdacalc.errors import InputError, LogError
from lambdacalc.render.common import OutputFormat, counted

MAX_INSIGHTS_BYTES = 64 * 1024 * 1024  # an export of every function of an account is far less

if TYPE_CHECKING:
    from lambdacalc.logs import FunctionStats, LogSummary
    from lambdacalc.prices import Architecture, PriceBook
    from lambdacalc.render.logs import LogsReport

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


def _read_logs(paths: list[str], function: str | None) -> "LogSummary":
    from lambdacalc.logfiles import open_log, read_into
    from lambdacalc.logs import LogAggregator

    agg = LogAggregator()
    total = _progress_needed(paths)
    if not total:
        for p in paths:
            read_into(agg, open_log(p), function)
        return agg.summary()
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
    return agg.summary()


def _span_text(summary: "LogSummary") -> str:
    from lambdacalc.render.logs import stamp_text

    start, end = summary.window_start, summary.window_end
    assert start is not None and end is not None
    return f"{stamp_text(start)} to {stamp_text(end)} UTC"


def _build_report(
    summary: "LogSummary",
    inputs: list[str],
    region: str,
    architecture: str,
    free_tier: bool,
    prices: Path | None,
) -> "LogsReport":
    from lambdacalc.render.common import smart
    from lambdacalc.render.logs import LogsReport

    report = LogsReport(summary, inputs, architecture, region)
    report.recommended_memory_mb = {f.name: None for f in summary.functions}
    _method_notes(report)
    _input_warnings(report)
    if summary.window_s is None:
        report.warnings.append(
            f"{_why_no_window(summary)}: pass --window (e.g. --window 7d) for requests per "
            "month, the monthly bill and the memory recommendation"
        )
        return report
    if summary.window_s < 3600:
        report.warnings.append(
            f"the window is only {smart(summary.window_s)} s; a month extrapolated from it is rough"
        )
    _bill(report, free_tier, prices)
    return report


def _method_notes(report: "LogsReport") -> None:
    """How the numbers were made: the billing rules seen and the percentiles' accuracy (raw
    logs), or that Insights made them."""
    summary = report.summary
    if summary.source != "logs":
        report.notes.append(
            "From Logs Insights results: billed GB-s from the summed Billed Duration; "
            "percentiles are Insights' own."
        )
        return
    rules = summary.billing_rules()
    applied = ", ".join(f"{k} {n}" for k, n in rules.items()) or "none"
    report.notes.append(
        "Billed GB-s use Billed Duration exactly as Lambda printed it; it already holds "
        f"billed INIT time and SnapStart's Billed Restore Duration. Rules seen: {applied}."
    )
    if rules.get("unexplained"):
        report.warnings.append(
            f"{counted(rules['unexplained'], 'report record')} "
            f"{'has' if rules['unexplained'] == 1 else 'have'} a Billed Duration that fits no "
            "known billing rule (hand-made or very old lines?); they are billed as printed"
        )
    from lambdacalc.logs import EXACT_PERCENTILES_UP_TO, PERCENTILE_RELATIVE_ERROR

    report.notes.append(
        f"Duration percentiles are exact nearest-rank values up to "
        f"{EXACT_PERCENTILES_UP_TO:,} records per function; above that they come from a "
        f"log-bucket histogram within {PERCENTILE_RELATIVE_ERROR * 100:.0f} % of the exact "
        "value. Max is always exact."
    )


def _input_warnings(report: "LogsReport") -> None:
    """What in the input needs a reader's eye: SnapStart fees the logs lack, skipped report
    records, a Max Memory Used above the Memory Size."""
    summary = report.summary
    snapstart = [f.name for f in summary.functions if f.restore_count]
    if snapstart:
        report.warnings.append(
            f"SnapStart restores in {', '.join(snapstart)}: SnapStart's cache and restore fees "
            "(Python and .NET runtimes) are not in the logs nor in this bill; the emitted "
            "scenario has a commented snapstart block for them"
        )
    skipped = summary.skipped_lines
    bad = skipped.get("malformed_report", 0) + skipped.get("implausible_value", 0)
    if bad:
        report.warnings.append(
            f"{counted(bad, 'report record')} {'was' if bad == 1 else 'were'} cut short or "
            f"carried impossible values and {'was' if bad == 1 else 'were'} skipped "
            "(see skipped_lines)"
        )
    for f in summary.functions:
        if f.max_memory_used_max_mb > f.memory_size_mb:
            report.warnings.append(
                f"{f.name}: Max Memory Used {f.max_memory_used_max_mb} MB is above its Memory "
                f"Size {f.memory_size_mb} MB, which no invocation can really use (out of memory, "
                "or not Lambda's line?); it is shown as measured but not used for a memory "
                "recommendation nor written to --emit-scenario's sizing hints"
            )


def _why_no_window(summary: "LogSummary") -> str:
    if summary.window_start is None:
        return "no timestamps in the input"
    if summary.window_source == "none":
        return "the timestamps span 0 s (one instant), so the window is unknown"
    return (
        f"the records' timestamps span {_span_text(summary)}, outside 1 s to 20 "
        "years, so no month is extrapolated from them"
    )


def _bill(report: "LogsReport", free_tier: bool, prices: Path | None) -> None:
    """The cost engine's bill of the measured functions, and the memory advice."""
    from lambdacalc.cost import price
    from lambdacalc.prices import Architecture
    from lambdacalc.render.logs import scenario_duration_ms
    from lambdacalc.workload import Account, FunctionWorkload, Workload

    arch = Architecture(report.architecture)
    functions = tuple(
        FunctionWorkload(
            name=f.name,
            memory_mb=f.memory_size_mb,
            duration_ms=scenario_duration_ms(f),
            requests_per_month=f.requests_per_month or Decimal(0),
            architecture=arch,
            duration_billed=True,
            log_bytes_per_request=f.log_bytes_per_request,
        )
        for f in report.summary.functions
    )
    book = price_book(prices, report.region)
    book.region(report.region)  # an unknown region is a PricingError: one line, exit 2
    account = Account(region=report.region, free_tier=free_tier)
    report.bill = price(Workload("logs", account, functions), book)
    report.notes.append(
        "The bill prices each function at its mean Billed Duration, as measured (Lambda "
        "already rounded each invocation up to whole ms; the mean is not rounded again), and "
        "the measured requests per month; cold starts are not added again."
    )
    report.warnings.extend(report.bill.warnings)
    _recommend(report, book, arch, free_tier)


def _recommend(
    report: "LogsReport", book: "PriceBook", architecture: "Architecture", free_tier: bool
) -> None:
    """The memory right-sizing model's advice per function, as `lambdacalc cost` would give it
    for the emitted scenario: the mean billed duration at the current size, the cost strategy,
    and the measured Max Memory Used (+ the model's headroom) as the floor. Measured at one
    size, the basis is `assumed`: the current size is kept, with the picks if CPU-bound and if
    I/O-bound. A function seen at two or more sizes gets a `measured` recommendation from its
    mean billed duration at each (`other_sizes`), as `lambdacalc cost` gives it for the emitted
    scenario, whose sizing hints list them."""
    from lambdacalc.render.logs import other_sizes, scenario_duration_ms, sizing_hint_mb
    from lambdacalc.sizing import Point, Strategy
    from lambdacalc.sizing_advice import SizingInputs, advise
    from lambdacalc.workload import Account, FunctionWorkload, SizingHints

    for f in report.summary.functions:
        if f.requests_per_month is None:
            continue
        if f.max_memory_used_max_mb > f.memory_size_mb:
            report.recommendation_reasons[f.name] = _no_floor_reason(f)
            continue
        used_mb = sizing_hint_mb(f)
        requests = f.requests_per_month
        duration_ms = scenario_duration_ms(f)
        # priced as the bill above prices it: the mean Billed Duration as it is
        function = FunctionWorkload(
            f.name,
            f.memory_size_mb,
            duration_ms,
            requests,
            architecture,
            duration_billed=True,
            sizing=SizingHints(max_memory_used_mb=None if used_mb is None else Decimal(used_mb)),
            log_bytes_per_request=f.log_bytes_per_request,
        )
        measured = tuple(
            Point(g.memory_size_mb, scenario_duration_ms(g)) for g in other_sizes(report.summary, f)
        )
        account = Account(region=report.region, free_tier=free_tier)
        inputs = SizingInputs(function, account, measured)
        advice = advise(inputs, book, Strategy.COST)
        option = advice.recommended
        report.recommended_memory_mb[f.name] = option.memory_mb if option else None
        report.recommendation_reasons[f.name] = advice.reason
        report.advice[f.name] = advice
    report.notes.append(
        "recommended_memory_mb (cost strategy; sizes below Max Memory Used plus headroom are "
        "excluded): a function measured at one size keeps it (recommendation_basis assumed: "
        "one size does not show how the duration changes with memory), and if_cpu_bound_mb and "
        "if_io_bound_mb give the pick if the duration scales with CPU and if it does not; a "
        "function seen at two or more sizes gets a measured recommendation from its mean "
        "billed duration at each."
    )


def _no_floor_reason(f: "FunctionStats") -> str:
    """Why a function whose Max Memory Used exceeds its Memory Size gets no advice: no
    floor can be read from it, and without one the model would pick a size the function
    may not fit in (the emitted scenario has no hint for it either)."""
    from lambdacalc.logs import MAX_MEMORY_MB

    larger = (
        "measure it at a larger size"
        if f.memory_size_mb < MAX_MEMORY_MB
        else "Lambda has no larger size"
    )
    return (
        f"none: Max Memory Used {f.max_memory_used_max_mb} MB is above the "
        f"{f.memory_size_mb} MB Memory Size; {larger}"
    )


def _emit(report: "LogsReport", out: Path, force: bool, inputs: list[str | Path | None]) -> None:
    from lambdacalc.render.logs import to_scenario_yaml

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


@logs_app.command(
    "analyze",
    epilog=(
        "Examples:\n\n"
        "  aws logs tail /aws/lambda/orders --since 7d > orders.log\n\n"
        "  lambdacalc logs analyze orders.log --function orders\n\n"
        "  lambdacalc logs analyze app.log.gz --window 7d --format json\n\n"
        "  lambdacalc logs analyze --insights results.csv --emit-scenario fleet.yaml"
    ),
)
@handle_errors
def analyze(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FILE...", help="Log files (text or gzip), or - for stdin.", show_default=False
        ),
    ] = None,
    window: Annotated[
        Decimal | None,
        typer.Option(
            metavar=params.DURATION,
            parser=params.window_s("--window"),
            help="Time the logs cover, e.g. 7d, 36h or 90min (s, min or m, h, d, w; M is "
            "refused: month or minute?); default: from their timestamps.",
        ),
    ] = None,
    function: Annotated[
        str | None,
        typer.Option(
            metavar="NAME", help="Name for the function in these logs; default: its memory size."
        ),
    ] = None,
    insights: Annotated[
        Path | None,
        typer.Option(
            metavar="RESULTS",
            help="Read an exported Logs Insights result (.csv or .json) instead of log files.",
        ),
    ] = None,
    emit_scenario: Annotated[
        Path | None,
        typer.Option(metavar="OUT.yaml", help="Write a scenario file for `lambdacalc cost`."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Let --emit-scenario overwrite a file.")] = False,
    region: Annotated[
        str, typer.Option(metavar="REGION", help="Region to price in.")
    ] = "us-east-1",
    architecture: Annotated[
        str, typer.Option(metavar="ARCH", help="x86_64 or arm64 (REPORT lines do not say).")
    ] = "x86_64",
    free_tier: Annotated[
        bool, typer.Option("--free-tier/--no-free-tier", help="Apply the account free tier.")
    ] = True,
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
    report = _build_report(summary, inputs, region, architecture, free_tier, prices)
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
    summary = _read_logs(paths, function)
    inputs = ["<stdin>" if p == "-" else p for p in paths]
    if not summary.functions:
        skipped = ", ".join(f"{n} {k}" for k, n in summary.skipped_lines.items())
        raise LogError(
            f"no usable REPORT records in {', '.join(inputs)} ({summary.lines_read} lines: "
            f"{skipped}); is this a Lambda function's log?"
        )
    if window_s is None:
        return summary, inputs
    from dataclasses import replace

    from lambdacalc.logs import requests_per_month

    return replace(
        summary,
        window_s=window_s,
        window_source="given",
        functions=tuple(
            replace(f, requests_per_month=requests_per_month(f.invocations, window_s))
            for f in summary.functions
        ),
    ), inputs


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
