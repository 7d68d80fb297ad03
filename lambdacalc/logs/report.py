"""`lambdacalc logs analyze`'s report: the measured summary priced by the billing engine and
sized by the sizing model, with the warnings and notes that say how.

Core: no I/O. The CLI reads the logs into a `LogSummary`, calls `logs_report` once and
emits the frozen `LogsReport` it returns; `render.logs` formats it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from lambdacalc.errors import field as named
from lambdacalc.logs.records import MAX_MEMORY_MB
from lambdacalc.logs.sketch import EXACT_PERCENTILES_UP_TO, PERCENTILE_RELATIVE_ERROR
from lambdacalc.logs.summary import FunctionStats, LogSummary

if TYPE_CHECKING:
    from lambdacalc.cost import Bill
    from lambdacalc.prices import Architecture, PriceBook
    from lambdacalc.sizing_advice import SizeAdvice

SHORT_WINDOW_S = 3600  # a month extrapolated from less than an hour is rough


# --- the domain rules the bill, the advice and the emitted scenario share ----------------------


def scenario_duration_ms(f: FunctionStats) -> Decimal:
    """The mean Billed Duration, exact (Σ billed ms / invocations at Decimal's precision).

    Lambda bills each invocation's Billed Duration, already whole ms; rounding the mean up
    again would bill up to 1 ms a request that was never billed. The bill and the emitted
    scenario (with `duration_billed: true`) price this very number.
    """
    return f.mean_billed_duration_ms


def sizing_hint_mb(f: FunctionStats) -> int | None:
    """The scenario's sizing.max_memory_used_mb for f, or None when the logs give none
    usable: 0 MB, or more than the Memory Size (no invocation really uses more than its
    memory; the schema's 1..10240 MB could not always hold it, and as a floor it would
    say nothing of the real need)."""
    used = f.max_memory_used_max_mb
    return used if 1 <= used <= f.memory_size_mb else None


def other_sizes(summary: LogSummary, f: FunctionStats) -> list[FunctionStats]:
    """The same function's records at its other memory sizes, usable as measured points: with
    a Max Memory Used within the size (one that ran out of memory says little of its speed)."""
    if f.function is None:
        return []
    return [
        g
        for g in summary.functions
        if g.function == f.function and g is not f and sizing_hint_mb(g) is not None
    ]


def stamp_text(value: datetime) -> str:
    """A UTC timestamp for people, to the second: 2026-11-20 10:00:00."""
    return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")


# --- the report ----------------------------------------------------------------------------


class LogsSettings(NamedTuple):
    """What the logs do not say: where and how to price them."""

    inputs: tuple[str, ...]  # the files read, as the report names them
    region: str
    architecture: str  # x86_64 or arm64
    free_tier: bool = True


@dataclass(frozen=True)
class LogsReport:
    """What the logs measured, the bill of it (when a window is known) and the memory
    advice (when available), with the warnings and notes a reader needs."""

    summary: LogSummary
    inputs: tuple[str, ...]
    architecture: str
    region: str
    bill: Bill | None = None
    recommended_memory_mb: Mapping[str, int | None] = field(default_factory=dict)
    recommendation_reasons: Mapping[str, str] = field(default_factory=dict)
    advice: Mapping[str, SizeAdvice] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def monthly_usd(self, name: str) -> Decimal | None:
        if self.bill is None:
            return None
        for f in self.bill.functions:
            if f.name == name:
                return f.total_usd
        return None


class _Advice(NamedTuple):
    recommended_memory_mb: dict[str, int | None]
    reasons: dict[str, str]
    advice: dict[str, SizeAdvice]


def logs_report(
    summary: LogSummary, settings: LogsSettings, load_book: Callable[[], PriceBook]
) -> LogsReport:
    """The report of `summary`. A window known, it is priced with the book `load_book`
    returns (called only then, so a run without a window reads no price book) and each
    function gets the memory advice `lambdacalc cost` would give its emitted scenario."""
    from lambdacalc.wording import smart

    notes = _method_notes(summary)
    warnings = [*_unexplained_warning(summary), *_input_warnings(summary)]
    unadvised: dict[str, int | None] = {f.name: None for f in summary.functions}
    if summary.window_s is None:
        warnings.append(
            f"{_why_no_window(summary)}: pass {named('window_s')} (e.g. {named('window_s')} 7d) "
            "for requests per month, the monthly bill and the memory recommendation"
        )
        return LogsReport(
            summary,
            settings.inputs,
            settings.architecture,
            settings.region,
            recommended_memory_mb=unadvised,
            warnings=tuple(warnings),
            notes=tuple(notes),
        )
    if summary.window_s < SHORT_WINDOW_S:
        warnings.append(
            f"the window is only {smart(summary.window_s)} s; a month extrapolated from it is rough"
        )
    book = load_book()
    book.region(settings.region)  # an unknown region is a PricingError: one line, exit 2
    bill = _bill(summary, settings, book)
    notes.append(BILL_NOTE)
    warnings.extend(bill.warnings)
    advice = _recommend(summary, settings, book)
    notes.append(RECOMMENDATION_NOTE)
    return LogsReport(
        summary,
        settings.inputs,
        settings.architecture,
        settings.region,
        bill,
        recommended_memory_mb={**unadvised, **advice.recommended_memory_mb},
        recommendation_reasons=advice.reasons,
        advice=advice.advice,
        warnings=tuple(warnings),
        notes=tuple(notes),
    )


BILL_NOTE = (
    "The bill prices each function at its mean Billed Duration, as measured (Lambda "
    "already rounded each invocation up to whole ms; the mean is not rounded again), and "
    "the measured requests per month; cold starts are not added again."
)


def _method_notes(summary: LogSummary) -> list[str]:
    """How the numbers were made: the billing rules seen and the percentiles' accuracy (raw
    logs), or that Insights made them."""
    if summary.source != "logs":
        return [
            "From Logs Insights results: billed GB-s from the summed Billed Duration; "
            "percentiles are Insights' own."
        ]
    rules = summary.billing_rules()
    applied = ", ".join(f"{k} {n}" for k, n in rules.items()) or "none"
    return [
        "Billed GB-s use Billed Duration exactly as Lambda printed it; it already holds "
        f"billed INIT time and SnapStart's Billed Restore Duration. Rules seen: {applied}.",
        f"Duration percentiles are exact nearest-rank values up to "
        f"{EXACT_PERCENTILES_UP_TO:,} records per function; above that they come from a "
        f"log-bucket histogram within {PERCENTILE_RELATIVE_ERROR * 100:.0f} % of the exact "
        "value. Max is always exact.",
    ]


def _unexplained_warning(summary: LogSummary) -> list[str]:
    """Records whose Billed Duration fits no known billing rule (raw logs only)."""
    from lambdacalc.wording import counted

    if summary.source != "logs":
        return []
    unexplained = summary.billing_rules().get("unexplained")
    if not unexplained:
        return []
    return [
        f"{counted(unexplained, 'report record')} "
        f"{'has' if unexplained == 1 else 'have'} a Billed Duration that fits no "
        "known billing rule (hand-made or very old lines?); they are billed as printed"
    ]


def _input_warnings(summary: LogSummary) -> list[str]:
    """What in the input needs a reader's eye: SnapStart fees the logs lack, skipped report
    records, a Max Memory Used above the Memory Size."""
    from lambdacalc.wording import counted

    warnings: list[str] = []
    snapstart = [f.name for f in summary.functions if f.restore_count]
    if snapstart:
        warnings.append(
            f"SnapStart restores in {', '.join(snapstart)}: SnapStart's cache and restore fees "
            "(Python and .NET runtimes) are not in the logs nor in this bill; the emitted "
            "scenario has a commented snapstart block for them"
        )
    skipped = summary.skipped_lines
    bad = skipped.get("malformed_report", 0) + skipped.get("implausible_value", 0)
    if bad:
        warnings.append(
            f"{counted(bad, 'report record')} {'was' if bad == 1 else 'were'} cut short or "
            f"carried impossible values and {'was' if bad == 1 else 'were'} skipped "
            "(see skipped_lines)"
        )
    for f in summary.functions:
        if f.max_memory_used_max_mb > f.memory_size_mb:
            warnings.append(
                f"{f.name}: Max Memory Used {f.max_memory_used_max_mb} MB is above its Memory "
                f"Size {f.memory_size_mb} MB, which no invocation can really use (out of memory, "
                "or not Lambda's line?); it is shown as measured but not used for a memory "
                f"recommendation nor written to {named('emit_scenario')}'s sizing hints"
            )
    return warnings


def _why_no_window(summary: LogSummary) -> str:
    if summary.window_start is None:
        return "no timestamps in the input"
    if summary.window_source == "none":
        return "the timestamps span 0 s (one instant), so the window is unknown"
    start, end = summary.window_start, summary.window_end
    assert end is not None
    return (
        f"the records' timestamps span {stamp_text(start)} to {stamp_text(end)} UTC, outside "
        "1 s to 20 years, so no month is extrapolated from them"
    )


def _bill(summary: LogSummary, settings: LogsSettings, book: PriceBook) -> Bill:
    """The billing engine's bill of the measured functions."""
    from lambdacalc.cost import price
    from lambdacalc.workload import Account, FunctionWorkload, Workload

    arch = _architecture(settings)
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
        for f in summary.functions
    )
    account = Account(region=settings.region, free_tier=settings.free_tier)
    return price(Workload("logs", account, functions), book)


RECOMMENDATION_NOTE = (
    "recommended_memory_mb (cost strategy; sizes below Max Memory Used plus headroom are "
    "excluded): a function measured at one size keeps it (recommendation_basis assumed: "
    "one size does not show how the duration changes with memory), and if_cpu_bound_mb and "
    "if_io_bound_mb give the pick if the duration scales with CPU and if it does not; a "
    "function seen at two or more sizes gets a measured recommendation from its mean "
    "billed duration at each."
)


def _recommend(summary: LogSummary, settings: LogsSettings, book: PriceBook) -> _Advice:
    """The memory right-sizing model's advice per function, as `lambdacalc cost` would give it
    for the emitted scenario: the mean billed duration at the current size, the cost strategy,
    and the measured Max Memory Used (+ the model's headroom) as the floor. Measured at one
    size, the basis is `assumed`: the current size is kept, with the picks if CPU-bound and if
    I/O-bound. A function seen at two or more sizes gets a `measured` recommendation from its
    mean billed duration at each (`other_sizes`), as `lambdacalc cost` gives it for the emitted
    scenario, whose sizing hints list them."""
    out = _Advice({}, {}, {})
    for f in summary.functions:
        if f.requests_per_month is None:
            continue
        if f.max_memory_used_max_mb > f.memory_size_mb:
            out.reasons[f.name] = _no_floor_reason(f)
            continue
        advice = _advise(summary, f, settings, book)
        option = advice.recommended
        out.recommended_memory_mb[f.name] = option.memory_mb if option else None
        out.reasons[f.name] = advice.reason
        out.advice[f.name] = advice
    return out


def _advise(
    summary: LogSummary, f: FunctionStats, settings: LogsSettings, book: PriceBook
) -> SizeAdvice:
    """One function's advice, priced as the bill prices it: the mean Billed Duration as it is."""
    from lambdacalc.sizing import Point, Strategy
    from lambdacalc.sizing_advice import SizingInputs, advise
    from lambdacalc.workload import Account, FunctionWorkload, SizingHints

    assert f.requests_per_month is not None
    used_mb = sizing_hint_mb(f)
    function = FunctionWorkload(
        f.name,
        f.memory_size_mb,
        scenario_duration_ms(f),
        f.requests_per_month,
        _architecture(settings),
        duration_billed=True,
        sizing=SizingHints(max_memory_used_mb=None if used_mb is None else Decimal(used_mb)),
        log_bytes_per_request=f.log_bytes_per_request,
    )
    measured = tuple(
        Point(g.memory_size_mb, scenario_duration_ms(g)) for g in other_sizes(summary, f)
    )
    account = Account(region=settings.region, free_tier=settings.free_tier)
    return advise(SizingInputs(function, account, measured), book, Strategy.COST)


def _architecture(settings: LogsSettings) -> Architecture:
    from lambdacalc.prices import Architecture

    return Architecture(settings.architecture)


def _no_floor_reason(f: FunctionStats) -> str:
    """Why a function whose Max Memory Used exceeds its Memory Size gets no advice: no
    floor can be read from it, and without one the model would pick a size the function
    may not fit in (the emitted scenario has no hint for it either)."""
    larger = (
        "measure it at a larger size"
        if f.memory_size_mb < MAX_MEMORY_MB
        else "Lambda has no larger size"
    )
    return (
        f"none: Max Memory Used {f.max_memory_used_max_mb} MB is above the "
        f"{f.memory_size_mb} MB Memory Size; {larger}"
    )
