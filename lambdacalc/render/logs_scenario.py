"""The scenario file `logs analyze --emit-scenario` writes, each number with where it came from."""

from __future__ import annotations

from decimal import Decimal

from lambdacalc.limits import MAX_LOG_BYTES_PER_REQUEST
from lambdacalc.logs import FunctionStats, LogSummary
from lambdacalc.render.common import dumps, exact, number, smart
from lambdacalc.render.logs import LogsReport, _ms, _window_text
from lambdacalc.units import S_PER_MONTH


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
