"""`lambdacalc concurrency SCENARIO`: the account view (every function against the account's
limit) as JSON, CSV, a table or Markdown."""

from typing import Any

from lambdacalc.concurrency import AccountReport
from lambdacalc.render.common import (
    Doc,
    Table,
    csv_text,
    dumps,
    number,
    smart,
)
from lambdacalc.render.concurrency import probability
from lambdacalc.render.report import Report
from lambdacalc.units import percent_text


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
    doc.blocks.append(_functions_table(report))
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


def _functions_table(report: AccountReport) -> Table:
    """One row per function: its concurrency, settings, limit, use and throttle probability."""
    return Table(
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
