"""`lambdacalc concurrency` in every output format: one function (a scenario's account view
is `render.concurrency_account`).

JSON and CSV use the standard library only; the table is drawn by render.common's rich
helpers, which import rich inside the drawing function, so `--format json` never loads it.
"""

from decimal import Decimal
from typing import Any, NamedTuple

from lambdacalc.concurrency import ConcurrencyReport, PcPlan
from lambdacalc.render.common import (
    Doc,
    Table,
    csv_text,
    digits,
    dumps,
    json_path,
    number,
    smart,
    usd,
)
from lambdacalc.render.report import Report
from lambdacalc.units import MS_PER_S, percent_text


class Context(NamedTuple):
    """Where the PC prices came from (None when the report has no prices)."""

    region: str
    architecture: str
    memory_mb: Decimal
    prices: str  # the price book's description


def probability(value: float) -> float:
    """A probability for machine output: six significant digits are plenty."""
    return float(f"{value:.6g}")


_SOURCE_LABELS = {"sqs": "SQS", "kinesis": "Kinesis/DynamoDB stream"}


def _scaling_reason(report: ConcurrencyReport) -> str:
    """Why scaling takes as long as it does, in one sentence."""
    if report.ramp.limited_by == "event_source":
        if report.event_source_mode == "provisioned":
            return (
                "the SQS event source's ramp: provisioned mode adds up to 1,000 concurrent "
                "invokes per minute above 10 per minimum poller"
            )
        return (
            "the SQS event source's ramp: standard mode starts at 5 concurrent batches and "
            "adds up to 300 per minute"
        )
    return "the function's scaling rate: 1,000 environments at once, then 100 per second"


# --- one function --------------------------------------------------------------------------


def to_data(report: ConcurrencyReport, context: Context) -> dict[str, Any]:
    """The JSON document for one function; the keys the issue lists are stable."""
    pc = report.provisioned
    return {
        "required_concurrency": report.required_concurrency,
        "concurrency_limit": report.concurrency_limit,
        "utilization_percent": report.utilization_percent,
        "binding_limit": report.binding_limit,
        "throttle_probability": probability(report.throttle_probability),
        "concurrency_for_target": report.concurrency_for_target,
        "seconds_to_scale": report.seconds_to_scale,
        "provisioned_concurrency": None if pc is None else _pc_data(pc),
        "warnings": list(report.warnings),
        "inputs": {
            "rps": report.rps,
            "peak_rps": report.peak_rps,
            "duration_s": report.duration_s,
            "duration_ms": report.duration_s * MS_PER_S,
            "effective_duration_s": report.effective_duration_s,
            "throttle_target": report.throttle_target,
            "region": context.region,
            "architecture": context.architecture,
            "memory_mb": context.memory_mb,
        },
        "average_concurrency": report.average_concurrency,
        "rps_quota_concurrency": report.rps_quota_concurrency,
        "quota_needed": report.quota_needed,
        "limit_source": report.limit_source,
        "rps_limit_rps": report.rps_limit_rps,
        "headroom": report.headroom,
        "event_source": None
        if report.event_source is None
        else {
            "kind": report.event_source,
            "mode": report.event_source_mode,
            "max_concurrency": report.event_source_max_concurrency,
        },
        "erlang_b": probability(report.erlang_b),
        "scaling": _scaling_data(report),
        "prices": context.prices,
    }


def _pc_data(pc: PcPlan) -> dict[str, Any]:
    return {
        "count": pc.environments,
        "monthly_usd": pc.monthly_usd,
        "on_demand_monthly_usd": pc.on_demand_monthly_usd,
        "break_even_utilization": pc.break_even_utilization,
        "utilization": pc.utilization,
        "needed": pc.needed,
        "capped_by": pc.capped_by,
    }


def _scaling_data(report: ConcurrencyReport) -> dict[str, Any]:
    return {
        "from_concurrency": report.ramp.from_concurrency,
        "to_concurrency": report.ramp.to_concurrency,
        "seconds": report.ramp.seconds_to_scale,
        "limited_by": report.ramp.limited_by,
        "reason": _scaling_reason(report),
        "throttled_requests": report.ramp.throttled_requests,
        "throttled_rps_after": report.ramp.throttled_rps_after_ramp,
        "backlog": None
        if report.ramp.limited_by != "event_source"
        else {
            "peak_requests": report.ramp.backlog_peak,
            "seconds": report.ramp.backlog_seconds,
            "grows_rps": report.ramp.backlog_growth_rps,
        },
    }


def to_json(report: ConcurrencyReport, context: Context) -> str:
    return dumps(to_data(report, context)) + "\n"


# The CSV: one (metric, value, unit) row per figure of the JSON document, each named by its
# JSON path (dotted for nested fields) and always present, empty where JSON has null (PC
# not priced, no event source), so a spreadsheet's cell references survive a change of input.
CSV_METRICS: tuple[tuple[str, str], ...] = (
    ("required_concurrency", "environments"),
    ("concurrency_limit", "environments"),
    ("utilization_percent", "%"),
    ("binding_limit", ""),
    ("throttle_probability", "fraction"),
    ("concurrency_for_target", "environments"),
    ("seconds_to_scale", "s"),
    ("provisioned_concurrency.count", "environments"),
    ("provisioned_concurrency.monthly_usd", "USD"),
    ("provisioned_concurrency.on_demand_monthly_usd", "USD"),
    ("provisioned_concurrency.break_even_utilization", "fraction"),
    ("provisioned_concurrency.utilization", "fraction"),
    ("provisioned_concurrency.needed", "environments"),
    ("provisioned_concurrency.capped_by", ""),
    ("inputs.rps", "requests/s"),
    ("inputs.peak_rps", "requests/s"),
    ("inputs.duration_s", "s"),
    ("inputs.duration_ms", "ms"),
    ("inputs.effective_duration_s", "s"),
    ("inputs.throttle_target", "fraction"),
    ("inputs.region", ""),
    ("inputs.architecture", ""),
    ("inputs.memory_mb", "MB"),
    ("average_concurrency", "environments"),
    ("rps_quota_concurrency", "environments"),
    ("quota_needed", "environments"),
    ("limit_source", ""),
    ("rps_limit_rps", "requests/s"),
    ("headroom", "environments"),
    ("event_source.kind", ""),
    ("event_source.mode", ""),
    ("event_source.max_concurrency", "environments"),
    ("erlang_b", "fraction"),
    ("scaling.from_concurrency", "environments"),
    ("scaling.to_concurrency", "environments"),
    ("scaling.seconds", "s"),
    ("scaling.limited_by", ""),
    ("scaling.reason", ""),
    ("scaling.throttled_requests", "requests"),
    ("scaling.throttled_rps_after", "requests/s"),
    ("scaling.backlog.peak_requests", "requests"),
    ("scaling.backlog.seconds", "s"),
    ("scaling.backlog.grows_rps", "requests/s"),
    ("prices", ""),
)


def to_csv(report: ConcurrencyReport, context: Context) -> str:
    data = to_data(report, context)
    return csv_text(
        ["metric", "value", "unit"],
        [[path, json_path(data, path), unit] for path, unit in CSV_METRICS],
    )


def _scaling_rows(report: ConcurrencyReport) -> list[list[str]]:
    steps = report.ramp
    if steps.limited_by != "event_source":
        return [["Requests throttled while scaling", number(steps.throttled_requests)]]
    return [
        [
            "Queue backlog at its peak",
            "grows" if steps.backlog_peak is None else f"{number(steps.backlog_peak)} requests",
        ],
        [
            "Backlog lasts",
            "while the rate holds"
            if steps.backlog_seconds is None
            else f"{smart(steps.backlog_seconds)} s",
        ],
    ]


def to_doc(report: ConcurrencyReport, context: Context) -> Doc:
    duration_ms = report.duration_s * MS_PER_S
    doc = Doc(
        title=(
            f"{smart(report.required_concurrency)} concurrent at {digits(report.peak_rps)} rps × "
            f"{digits(report.duration_s)} s"
        ),
        subtitle=(
            f"duration understood as {digits(report.duration_s)} s ({digits(duration_ms)} ms)"
            + (
                f", {digits(report.effective_duration_s)} s with INIT"
                if report.effective_duration_s != report.duration_s
                else ""
            )
        ),
    )
    doc.blocks.append(
        Table(
            title="Concurrency",
            columns=["", "Value"],
            rows=[
                ["Average concurrency", smart(report.average_concurrency)],
                ["Required at peak", smart(report.required_concurrency)],
                ["RPS quota needs (peak rps / 10)", smart(report.rps_quota_concurrency)],
                [f"Limit ({report.limit_source})", number(report.concurrency_limit)],
                ["Utilisation", f"{number(report.utilization_percent, 1)}%"],
                ["Headroom", smart(report.headroom)],
                ["Binding limit", report.binding_limit],
            ],
            right={1},
        )
    )
    doc.blocks.append(
        Table(
            title="Throttling",
            columns=["", "Value"],
            rows=[
                ["Throttle probability at the limit", percent_text(report.throttle_probability)],
                [
                    f"Concurrency for ≤ {percent_text(float(report.throttle_target))}",
                    number(report.concurrency_for_target),
                ],
                ["Seconds to scale", smart(report.seconds_to_scale)],
                ["Scaling limited by", report.ramp.limited_by.replace("_", " ")],
                *_scaling_rows(report),
            ],
            right={1},
        )
    )
    doc.blocks.append(_pc_block(report.provisioned, context))
    doc.warnings = list(report.warnings)
    doc.notes = [
        "throttle figures assume Poisson arrivals, synchronous calls and no client retries",
        f"scaling: {_scaling_reason(report).removeprefix('the ')}",
        "PC cost: one 730-hour month of the average rate, tier-1 on-demand price; "
        f"prices from {context.prices}",
    ]
    return doc


def _pc_block(pc: PcPlan | None, context: Context) -> Table | str:
    """The provisioned concurrency to configure and what it costs, or why it is not priced."""
    if pc is None:
        return (
            f"Provisioned concurrency: not priced in {context.region} ({context.architecture}); "
            "see the warning below."
        )
    return Table(
        title=(
            f"Provisioned concurrency ({context.region}, {context.architecture}, "
            f"{number(context.memory_mb)} MB)"
        ),
        columns=["", "Value"],
        rows=[
            ["Configure", number(pc.environments)],
            *(
                [[f"Peak asks for (capped by {pc.capped_by})", number(pc.needed)]]
                if pc.capped_by
                else []
            ),
            ["Its average utilisation", f"{number(pc.utilization * 100, 1)}%"],
            ["Monthly with PC", usd(pc.monthly_usd)],
            ["Monthly on demand", usd(pc.on_demand_monthly_usd)],
            [
                "Break-even utilisation",
                "never"
                if pc.break_even_utilization is None
                else f"{number(pc.break_even_utilization * 100, 1)}%",
            ],
        ],
        right={1},
    )


# --- the report ---------------------------------------------------------------------------


class FunctionPlan(Report):
    """`concurrency` with flags: one function's plan."""

    __slots__ = ("context", "report")

    def __init__(self, report: ConcurrencyReport, context: Context) -> None:
        self.report = report
        self.context = context

    def json(self) -> str:
        return to_json(self.report, self.context)

    def csv(self) -> str:
        return to_csv(self.report, self.context)

    def csv_warnings(self) -> tuple[str, ...]:
        return self.report.warnings

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        return to_doc(self.report, self.context)
