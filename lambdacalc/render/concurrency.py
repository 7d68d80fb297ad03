"""`lambdacalc concurrency` in every output format: one function, or a scenario's account.

JSON and CSV use the standard library only; the table is drawn by render.common's rich
helpers, which import rich inside the drawing function, so `--format json` never loads it.
"""

from decimal import Decimal
from typing import Any, NamedTuple

from lambdacalc.concurrency import AccountReport, ConcurrencyReport
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
        "provisioned_concurrency": None
        if pc is None
        else {
            "count": pc.environments,
            "monthly_usd": pc.monthly_usd,
            "on_demand_monthly_usd": pc.on_demand_monthly_usd,
            "break_even_utilization": pc.break_even_utilization,
            "utilization": pc.utilization,
            "needed": pc.needed,
            "capped_by": pc.capped_by,
        },
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
        "scaling": {
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
        },
        "prices": context.prices,
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
    pc = report.provisioned
    if pc is not None:
        doc.blocks.append(
            Table(
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
        )
    else:
        doc.blocks.append(
            f"Provisioned concurrency: not priced in {context.region} ({context.architecture}); "
            "see the warning below."
        )
    doc.warnings = list(report.warnings)
    doc.notes = [
        "throttle figures assume Poisson arrivals, synchronous calls and no client retries",
        f"scaling: {_scaling_reason(report).removeprefix('the ')}",
        "PC cost: one 730-hour month of the average rate, tier-1 on-demand price; "
        f"prices from {context.prices}",
    ]
    return doc


# --- the account view ----------------------------------------------------------------------


def account_to_data(report: AccountReport, scenario: str) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "account_limit": report.account_limit,
        "unreserved_minimum": report.unreserved_minimum,
        "reserved_total": report.reserved_total,
        "provisioned_outside_reserved": report.provisioned_outside_reserved,
        "unreserved_pool": report.unreserved_pool,
        "average_concurrency_total": report.average_total,
        "peak_concurrency_total": report.peak_total,
        "pool_peak_demand": report.pool_peak_demand,
        "pool_utilization_percent": report.pool_utilization_percent,
        "pool_headroom": report.pool_headroom,
        "pool_throttle_probability": probability(report.pool_throttle_probability),
        "fits": report.fits,
        "throttle_target": report.throttle_target,
        "meets_throttle_target": report.meets_throttle_target,
        "throttled_first": report.throttled_first,
        "functions": [
            {
                "name": row.name,
                "average_concurrency": row.average_concurrency,
                "peak_concurrency": row.peak_concurrency,
                "reserved_concurrency": row.reserved_concurrency,
                "provisioned_concurrency": row.provisioned_concurrency,
                "pool": row.pool,
                "limit": row.limit,
                "demand_on_limit": row.demand_on_limit,
                "utilization_percent": row.utilization_percent,
                "throttle_probability": probability(row.throttle_probability),
            }
            for row in report.functions
        ],
        "warnings": list(report.warnings),
    }


def account_to_json(report: AccountReport, scenario: str) -> str:
    return dumps(account_to_data(report, scenario)) + "\n"


def account_to_csv(report: AccountReport, scenario: str) -> str:
    """One row per function, named as account JSON's functions[] fields, then TOTAL."""
    header = [
        "scenario",
        "name",
        "average_concurrency",
        "peak_concurrency",
        "reserved_concurrency",
        "provisioned_concurrency",
        "pool",
        "limit",
        "demand_on_limit",
        "utilization_percent",
        "throttle_probability",
    ]
    rows: list[list[Any]] = [
        [
            scenario,
            row.name,
            row.average_concurrency,
            row.peak_concurrency,
            "" if row.reserved_concurrency is None else row.reserved_concurrency,
            row.provisioned_concurrency,
            row.pool,
            row.limit,
            row.demand_on_limit,
            "" if row.utilization_percent is None else row.utilization_percent,
            probability(row.throttle_probability),
        ]
        for row in report.functions
    ]
    rows.append(
        [
            scenario,
            "TOTAL",
            report.average_total,
            report.peak_total,
            report.reserved_total,
            report.provisioned_outside_reserved,
            "account",
            report.account_limit,
            report.peak_total,
            report.peak_total / report.account_limit * 100,
            "",
        ]
    )
    return csv_text(header, rows)


def account_to_doc(report: AccountReport, scenario: str) -> Doc:
    if not report.fits:
        verdict = "does not fit"
    elif not report.meets_throttle_target:
        verdict = f"fits, but throttles above the {percent_text(report.throttle_target)} target"
    else:
        verdict = "fits"
    doc = Doc(
        title=f"{scenario}: peak concurrency {smart(report.peak_total)} {verdict}",
        subtitle=(
            f"account limit {number(report.account_limit)}, unreserved pool "
            f"{number(report.unreserved_pool)} (minimum {number(report.unreserved_minimum)})"
        ),
    )
    doc.blocks.append(
        Table(
            title="Functions",
            columns=["Function", "Avg", "Peak", "Reserved", "PC", "Limit", "Use", "Throttle"],
            rows=[
                [
                    row.name,
                    smart(row.average_concurrency),
                    smart(row.peak_concurrency),
                    "—" if row.reserved_concurrency is None else number(row.reserved_concurrency),
                    number(row.provisioned_concurrency),
                    number(row.limit) if row.pool == "reserved" else "pool",
                    "—"
                    if row.utilization_percent is None
                    else f"{number(row.utilization_percent, 1)}%",
                    percent_text(row.throttle_probability),
                ]
                for row in report.functions
            ],
            right={1, 2, 3, 4, 5, 6, 7},
            optional=[1, 4, 3],  # Avg, PC, Reserved (Limit shows a reservation)
            caption=(
                f"Limit: the function's reservation, or the unreserved pool of "
                f"{number(report.unreserved_pool)} it shares."
            ),
            footer=[
                "Total",
                smart(report.average_total),
                smart(report.peak_total),
                number(report.reserved_total),
                number(report.provisioned_outside_reserved),
                "",
                "",
                "",
            ],
        )
    )
    doc.blocks.append(
        Table(
            title="Unreserved pool",
            columns=["", "Value"],
            rows=[
                ["Pool", number(report.unreserved_pool)],
                ["Peak demand on it", smart(report.pool_peak_demand)],
                ["Utilisation", f"{number(report.pool_utilization_percent, 1)}%"],
                ["Headroom", smart(report.pool_headroom)],
                ["Throttle probability", percent_text(report.pool_throttle_probability)],
            ],
            right={1},
        )
    )
    doc.total = (
        f"Throttled first: {report.throttled_first}"
        if report.throttled_first
        else "No function draws on a limit"
    )
    doc.warnings = list(report.warnings)
    doc.notes = [
        "peak = peak_requests_per_second × duration (the average rate when no peak is given)",
        "throttle figures assume Poisson arrivals, synchronous calls and no client retries",
    ]
    return doc


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


class AccountPlan(Report):
    """`concurrency SCENARIO`: every function of a scenario against the account's limit."""

    __slots__ = ("report", "scenario")

    def __init__(self, report: AccountReport, scenario: str) -> None:
        self.report = report
        self.scenario = scenario

    def json(self) -> str:
        return account_to_json(self.report, self.scenario)

    def csv(self) -> str:
        return account_to_csv(self.report, self.scenario)

    def csv_warnings(self) -> tuple[str, ...]:
        return self.report.warnings

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        return account_to_doc(self.report, self.scenario)
