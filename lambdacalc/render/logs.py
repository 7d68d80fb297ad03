"""`lambdacalc logs analyze` in every output format, and the scenario file it can emit.

All formats read one `LogsReport`: the measured summary, the bill the cost engine made
of it (when a window is known) and the memory recommendations (when available).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lambdacalc.cost import Bill
from lambdacalc.limits import MAX_LOG_BYTES_PER_REQUEST
from lambdacalc.logs import BILLING_RULES, EXACT_PERCENTILES_UP_TO, FunctionStats, LogSummary
from lambdacalc.render.common import (
    Doc,
    Table,
    csv_text,
    dumps,
    exact,
    json_path,
    number,
    smart,
    usd,
)
from lambdacalc.render.report import Report
from lambdacalc.units import S_PER_MONTH

if TYPE_CHECKING:
    from lambdacalc.sizing_advice import SizeAdvice

SKIP_REASONS = {
    "not_a_report": "not a report record (START, END, application logs, …)",
    "malformed_report": "report record cut short or missing a field",
    "implausible_value": "report record with a negative or impossible value",
    "overlong_line": "line over 64 KiB (dropped unread)",
}


@dataclass
class LogsReport:
    summary: LogSummary
    inputs: list[str]
    architecture: str
    region: str
    bill: Bill | None = None
    recommended_memory_mb: dict[str, int | None] = field(default_factory=dict)
    recommendation_reasons: dict[str, str] = field(default_factory=dict)
    advice: dict[str, SizeAdvice] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def monthly_usd(self, name: str) -> Decimal | None:
        if self.bill is None:
            return None
        for f in self.bill.functions:
            if f.name == name:
                return f.total_usd
        return None


def _stamp(value: datetime | None) -> str | None:
    """ISO 8601 in UTC, the year in four digits (strftime writes year 2 as "2")."""
    if value is None:
        return None
    return value.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def stamp_text(value: datetime) -> str:
    """A UTC timestamp for people, to the second: 2026-11-20 10:00:00."""
    return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")


def _function_data(report: LogsReport, f: FunctionStats) -> dict[str, Any]:
    d = f.duration
    return {
        "name": f.name,
        "invocations": f.invocations,
        "duration_ms": {
            "p50": d.p50_ms,
            "p90": d.p90_ms,
            "p95": d.p95_ms,
            "p99": d.p99_ms,
            "max": d.max_ms,
        },
        "billed_gb_seconds": f.billed_gb_s,
        "max_memory_used_mb": f.max_memory_used_max_mb,
        "max_memory_used_p99_mb": f.max_memory_used_p99_mb,
        "memory_size_mb": f.memory_size_mb,
        "cold_start_percent": f.cold_start_percent,
        "cold_starts": {"init": f.init_count, "snapstart_restore": f.restore_count},
        "init_duration_ms": {"p50": f.init_p50_ms, "p95": f.init_p95_ms},
        "mean_duration_ms": f.mean_duration_ms,
        "mean_billed_duration_ms": f.mean_billed_duration_ms,
        "log_bytes_per_request": f.log_bytes_per_request,
        "billing_rules": f.billing_rules,
        "requests_per_month": f.requests_per_month,
        "monthly_usd": report.monthly_usd(f.name),
        "recommended_memory_mb": report.recommended_memory_mb.get(f.name),
        "recommendation": report.recommendation_reasons.get(f.name),
        **_basis_data(report, f.name),
    }


def _basis_data(report: LogsReport, name: str) -> dict[str, Any]:
    """recommendation_basis and the bounds (see `lambdacalc.render.sizing.recommendation_data`);
    all null when there is no recommendation."""
    from lambdacalc.render.sizing import recommendation_data

    advice = report.advice.get(name)
    if advice is not None:
        return recommendation_data(advice.recommendation)
    from lambdacalc.sizing import Recommendation

    return dict.fromkeys(recommendation_data(Recommendation(None, "")))


def to_data(report: LogsReport) -> dict[str, Any]:
    """The JSON document. Stable keys: functions[] (name, invocations, duration_ms.{p50,p90,
    p95,p99,max}, billed_gb_seconds, max_memory_used_mb, memory_size_mb, cold_start_percent,
    requests_per_month, monthly_usd, recommended_memory_mb) and skipped_lines."""
    s = report.summary
    return {
        "functions": [_function_data(report, f) for f in s.functions],
        "skipped_lines": s.skipped_lines,
        "source": s.source,
        "inputs": report.inputs,
        "lines_read": s.lines_read,
        "report_lines": s.report_lines,
        "window": {
            "start": _stamp(s.window_start),
            "end": _stamp(s.window_end),
            "seconds": s.window_s,
            "source": s.window_source,
        },
        "percentile_relative_error": s.percentile_relative_error,
        "billing_rules": {k: BILLING_RULES[k] for k in s.billing_rules()},
        "region": report.region,
        "architecture": report.architecture,
        "total_monthly_usd": None if report.bill is None else report.bill.total_usd,
        "warnings": report.warnings,
        "notes": report.notes,
    }


def to_json(report: LogsReport) -> str:
    return dumps(to_data(report)) + "\n"


# The CSV: one row per function; each column is named by its JSON path (dotted for nested
# fields), the same set whatever the logs hold (empty where JSON has null).
CSV_HEADER = [
    "region",
    "architecture",
    "name",
    "memory_size_mb",
    "invocations",
    "duration_ms.p50",
    "duration_ms.p90",
    "duration_ms.p95",
    "duration_ms.p99",
    "duration_ms.max",
    "mean_duration_ms",
    "mean_billed_duration_ms",
    "billed_gb_seconds",
    "cold_start_percent",
    "cold_starts.init",
    "cold_starts.snapstart_restore",
    "init_duration_ms.p50",
    "init_duration_ms.p95",
    "max_memory_used_p99_mb",
    "max_memory_used_mb",
    "log_bytes_per_request",
    "requests_per_month",
    "monthly_usd",
    "recommended_memory_mb",
    "recommendation_basis",
    "recommendation",
]
_TOP_LEVEL = ("region", "architecture")


def to_csv(report: LogsReport) -> str:
    rows = []
    for f in report.summary.functions:
        data = _function_data(report, f)
        rows.append(
            [
                getattr(report, column) if column in _TOP_LEVEL else json_path(data, column)
                for column in CSV_HEADER
            ]
        )
    return csv_text(CSV_HEADER, rows)


def _ms(value: Decimal | None) -> str:
    return "—" if value is None else number(value, 2)


def percentile_note(s: LogSummary) -> str:
    """How exact the duration percentiles are."""
    if s.source != "logs":
        return "Percentiles as Logs Insights computed them."
    if not s.percentile_relative_error:
        return "Percentiles are exact (nearest rank), as is max."
    return (
        f"Percentiles within {s.percentile_relative_error * 100:.0f} % of the exact value "
        f"(a histogram: over {EXACT_PERCENTILES_UP_TO:,} records); max is exact."
    )


def _window_text(s: LogSummary) -> str:
    if s.window_s is None:
        if s.window_start is None:
            return "window unknown (no timestamps; pass --window)"
        if s.window_source == "out_of_bounds" and s.window_end is not None:
            return (
                f"window unknown (the timestamps span {stamp_text(s.window_start)} → "
                f"{stamp_text(s.window_end)} UTC, outside 1 s to 20 years; pass --window)"
            )
        return "window unknown (the timestamps span 0 s; pass --window)"
    hours = s.window_s / 3600
    span = f"{smart(hours)} h" if hours >= 1 else f"{smart(s.window_s)} s"
    if s.window_source == "given":
        return f"window {span} (--window)"
    start = stamp_text(s.window_start) if s.window_start else "?"
    end = stamp_text(s.window_end) if s.window_end else "?"
    return f"window {start} → {end} UTC ({span}, from timestamps)"


def _log_bytes_caption(s: LogSummary) -> str:
    if all(f.log_bytes_per_request is None for f in s.functions):
        return ""
    return (
        "Log bytes/req: bytes of CloudWatch log messages (START, END, REPORT and the "
        "function's own lines, without the aws logs tail prefix) per invocation."
    )


def _duration_table(s: LogSummary) -> Table:
    fs = s.functions
    return Table(
        title="Duration (ms)",
        columns=["Function", "Invocations", "p50", "p90", "p95", "p99", "max"],
        rows=[
            [
                f.name,
                number(f.invocations),
                _ms(f.duration.p50_ms),
                _ms(f.duration.p90_ms),
                _ms(f.duration.p95_ms),
                _ms(f.duration.p99_ms),
                _ms(f.duration.max_ms),
            ]
            for f in fs
        ],
        right=set(range(1, 7)),
        optional=[3, 4],  # p90 and p95; p50, p99 and max stay
        caption=percentile_note(s),
    )


def _memory_table(s: LogSummary) -> Table:
    fs = s.functions
    return Table(
        title="Cold starts and memory",
        columns=[
            "Function",
            "Cold %",
            "INIT p50 ms",
            "INIT p95 ms",
            "Memory MB",
            "Used p99",
            "Used max",
            "Log bytes/req",
        ],
        rows=[
            [
                f.name,
                number(f.cold_start_percent, 2),
                _ms(f.init_p50_ms),
                _ms(f.init_p95_ms),
                number(f.memory_size_mb),
                number(f.max_memory_used_p99_mb),
                number(f.max_memory_used_max_mb),
                "—" if f.log_bytes_per_request is None else number(f.log_bytes_per_request, 0),
            ]
            for f in fs
        ],
        right=set(range(1, 8)),
        optional=[5, 3, 7],  # Used p99 (Used max stays), INIT p95, log bytes
        caption=_log_bytes_caption(s),
    )


def _bill_table(report: LogsReport) -> Table:
    fs = report.summary.functions
    return Table(
        title="Bill",
        columns=["Function", "Billed GB-s", "Requests/month", "Monthly", "Recommended MB"],
        rows=[
            [
                f.name,
                smart(f.billed_gb_s),
                "—" if f.requests_per_month is None else number(f.requests_per_month, 0),
                "—" if (m := report.monthly_usd(f.name)) is None else usd(m),
                "—" if (rec := report.recommended_memory_mb.get(f.name)) is None else f"{rec:,}",
            ]
            for f in fs
        ],
        right=set(range(1, 5)),
        optional=[1],  # Billed GB-s
        caption="Billed GB-s over the window the logs cover.",
    )


def to_doc(report: LogsReport) -> Doc:
    s = report.summary
    what = (
        f"{number(s.lines_read)} lines, {number(s.report_lines)} report records"
        if s.source == "logs"
        else f"Logs Insights results, {number(s.report_lines)} report records"
    )
    doc = Doc(
        title="Measured Lambda workload",
        subtitle=f"{', '.join(report.inputs)} · {what} · {_window_text(s)}",
    )
    doc.blocks += [_duration_table(s), _memory_table(s), _bill_table(report)]
    for name, reason in report.recommendation_reasons.items():
        advice = report.advice.get(name)
        if advice is None:
            doc.blocks.append(f"Memory for {name}: {reason}")
            continue
        advised = advice.recommendation
        after = f" {advised.to_measure}" if advised.to_measure else ""
        doc.blocks.append(f"Memory for {name} (basis {advised.basis.value}): {reason}.{after}")
    if s.skipped_lines:
        doc.blocks.append(
            "Skipped lines — "
            + "; ".join(
                f"{SKIP_REASONS.get(k, k)}: {number(n)}" for k, n in s.skipped_lines.items()
            )
        )
    if report.bill is not None:
        doc.total = (
            f"Total: {usd(report.bill.total_usd)} a month ({report.region}, {report.architecture})"
        )
    doc.warnings = list(report.warnings)
    doc.notes = list(report.notes)
    return doc


# --- scenario file ----------------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML scalar that stays a string whatever it holds (a JSON string is valid YAML)."""
    return dumps(text)


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


def _all_digits(value: Decimal) -> str:
    """A Decimal as plain text with all its digits (YAML reads it back exactly)."""
    return format(value.normalize(), "f")


def _log_bytes_lines(f: FunctionStats) -> list[str]:
    """The scenario's log_bytes_per_request, every digit (as duration_ms), when measured."""
    value = f.log_bytes_per_request
    if value is None:
        return []
    if value > MAX_LOG_BYTES_PER_REQUEST:
        return [f"    # log_bytes_per_request {number(value, 0)} is above the schema's limit"]
    return [
        f"    log_bytes_per_request: {_all_digits(value)}  # bytes of log messages (START, END,"
        f" REPORT and its own lines) / {number(f.invocations)} invocations",
    ]


def _function_yaml(s: LogSummary, f: FunctionStats, architecture: str) -> list[str]:
    """One function's entry in the emitted scenario."""
    lines: list[str] = []
    rpm = f.requests_per_month
    assert rpm is not None  # the CLI emits a scenario only when the window is known
    lines += [
        f"  - name: {_q(f.name)}",
        f"    # {number(f.invocations)} invocations measured; duration p50"
        f" {_ms(f.duration.p50_ms)} ms, p99 {_ms(f.duration.p99_ms)} ms,"
        f" max {_ms(f.duration.max_ms)} ms",
        f"    architecture: {architecture}  # --architecture (the logs do not say)",
        f"    memory_mb: {f.memory_size_mb}  # Memory Size in the report records",
        # Every digit of the mean, not exact()'s 1e-10: the schema takes any decimal and
        # so `lambdacalc cost` prices the very number this report priced.
        f"    duration_ms: {_all_digits(scenario_duration_ms(f))}  # mean Billed Duration:"
        f" {number(f.billed_duration_ms)} ms / {number(f.invocations)} invocations",
        "    duration_billed: true  # each invocation was billed in whole ms already: no"
        " rounding up again",
        f"    requests_per_month: {exact(rpm)}  # {number(f.invocations)} invocations /"
        f" {smart(s.window_s or Decimal(0))} s × {number(S_PER_MONTH)} s a month",
        f"    # cold starts: {number(f.cold_start_percent, 2)} % ({f.init_count} INIT,"
        f" {f.restore_count} SnapStart restores), already inside duration_ms",
        *_log_bytes_lines(f),
    ]
    if f.restore_count:
        restored = Decimal(100 * f.restore_count) / Decimal(f.invocations)
        lines += [
            "    # SnapStart restores were seen. Its cache and restore fees (Python and .NET",
            "    # runtimes) are not in the logs; uncomment and set the runtime to price them:",
            "    # snapstart:",
            "    #   runtime: python  # python | dotnet | java (java pays no SnapStart fees)",
            f"    #   restore_percent: {exact(restored.quantize(Decimal('0.01')))}"
            f"  # {f.restore_count} of {number(f.invocations)} invocations",
        ]
    if sizing_hint_mb(f) is not None:
        lines += [
            "    sizing:",
            f"      max_memory_used_mb: {f.max_memory_used_max_mb}  # max of Max Memory Used"
            f" (p99 {f.max_memory_used_p99_mb} MB)",
        ]
        others = other_sizes(s, f)
        if others:
            lines.append("      measured_durations_ms:  # mean Billed Duration at its other sizes")
            lines += [
                f"        {g.memory_size_mb}: {_all_digits(scenario_duration_ms(g))}"
                for g in sorted(others, key=lambda g: g.memory_size_mb)
            ]
    elif f.max_memory_used_max_mb > f.memory_size_mb:
        lines += [
            f"    # no sizing hint: Max Memory Used {f.max_memory_used_max_mb} MB is above"
            f" the {f.memory_size_mb} MB Memory Size (out of memory?)",
        ]
    return lines


def to_scenario_yaml(report: LogsReport, name: str) -> str:
    """A scenario `lambdacalc cost` accepts, each number commented with where it came from."""
    s = report.summary
    lines = [
        "# Generated by `lambdacalc logs analyze` from: " + ", ".join(report.inputs),
        f"# {_window_text(s)}.",
        "# duration_ms is the mean Billed Duration as Lambda printed it; that already holds",
        "# billed INIT time and SnapStart's Billed Restore Duration, so cold starts are listed",
        "# in comments only and not added again.",
        "version: 1",
        f"name: {_q(name)}",
        f"region: {report.region}  # --region (the logs do not say)",
        "free_tier: "
        + ("true" if report.bill is None or report.bill.free_tier.enabled else "false"),
        "functions:",
    ]
    for f in s.functions:
        lines += _function_yaml(s, f, report.architecture)
    return "\n".join(lines) + "\n"


class AnalysisReport(Report):
    """`logs analyze`: what the logs measured, priced, with advice."""

    __slots__ = ("report",)

    def __init__(self, report: LogsReport) -> None:
        self.report = report

    def json(self) -> str:
        return to_json(self.report)

    def csv(self) -> str:
        return to_csv(self.report)

    def csv_warnings(self) -> list[str]:
        return list(self.report.warnings)

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        return to_doc(self.report)
