"""`lambdacalc logs analyze` in every output format, and the scenario file it can emit.

All formats read one `lambdacalc.logs.report.LogsReport` (the core builds it): the measured
summary, the bill the cost engine made of it (when a window is known) and the memory
recommendations (when available). This module only formats it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from lambdacalc.logs import BILLING_RULES, EXACT_PERCENTILES_UP_TO, FunctionStats, LogSummary
from lambdacalc.logs.report import (
    LogsReport,
    stamp_text,
)
from lambdacalc.render.common import (
    Doc,
    Table,
    csv_text,
    dumps,
    json_path,
    number,
    smart,
    usd,
)
from lambdacalc.render.report import Report

SKIP_REASONS = {
    "not_a_report": "not a report record (START, END, application logs, …)",
    "malformed_report": "report record cut short or missing a field",
    "implausible_value": "report record with a negative or impossible value",
    "overlong_line": "line over 64 KiB (dropped unread)",
}


def _stamp(value: datetime | None) -> str | None:
    """ISO 8601 in UTC, the year in four digits (strftime writes year 2 as "2")."""
    if value is None:
        return None
    return value.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


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
        "inputs": list(report.inputs),
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
        "warnings": list(report.warnings),
        "notes": list(report.notes),
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


def ms_text(value: Decimal | None) -> str:
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


def window_text(s: LogSummary) -> str:
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
                ms_text(f.duration.p50_ms),
                ms_text(f.duration.p90_ms),
                ms_text(f.duration.p95_ms),
                ms_text(f.duration.p99_ms),
                ms_text(f.duration.max_ms),
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
                ms_text(f.init_p50_ms),
                ms_text(f.init_p95_ms),
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
        subtitle=f"{', '.join(report.inputs)} · {what} · {window_text(s)}",
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
