"""`lambdacalc diff` in every output format; all read the same `CostDiff`.

The Markdown form is meant to be posted as a pull-request comment: a one-line verdict on
top, the functions that changed, then the account-level figures of each side.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lambdacalc.cost import Bill, Component, TierUsage
from lambdacalc.diff import CostDiff, FieldChange, FunctionDiff, Status
from lambdacalc.render.common import Doc, Table, csv_text, dumps, number, plain, usd
from lambdacalc.render.report import Report

NO_CHANGE = "—"


def value_text(value: Any) -> str:
    """A setting as a scenario file would write it."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def change_text(c: FieldChange) -> str:
    return f"{c.key} {value_text(c.before)} → {value_text(c.after)}"


def signed_usd(value: Decimal) -> str:
    text = usd(value)
    return text if text.startswith("-") or text == usd(Decimal(0)) else f"+{text}"


def percent_text(value: Decimal | None) -> str:
    if value is None:
        return "new"  # the base bill was $0: no percentage
    rounded = value.quantize(Decimal("0.1"))
    if rounded == 0:
        return "0.0%"
    return f"{'+' if rounded > 0 else ''}{rounded}%"


def _function_change(f: FunctionDiff) -> str:
    if f.status is Status.ADDED:
        return "added"
    if f.status is Status.REMOVED:
        return "removed"
    if f.status is Status.UNCHANGED:
        return NO_CHANGE
    return "; ".join(change_text(c) for c in f.changes)


def verdict(d: CostDiff) -> str:
    line = (
        f"{usd(d.before.total_usd)} → {usd(d.after.total_usd)} a month "
        f"({signed_usd(d.delta_usd)}, {percent_text(d.delta_percent)})"
    )
    if d.threshold is not None:
        if d.exceeded:
            line += f"; above the --fail-above {d.threshold} budget"
        else:
            line += f"; within the --fail-above {d.threshold} budget"
    return line


# --- JSON and CSV --------------------------------------------------------------------------


def _change_data(c: FieldChange) -> dict[str, Any]:
    return {"key": c.key, "before": c.before, "after": c.after}


def _tiers_data(tiers: tuple[TierUsage, ...]) -> list[dict[str, Any]]:
    return [
        {
            "architecture": t.architecture.value,
            "tier": t.name,
            "gb_seconds": t.gb_s,
            "monthly_usd": t.cost_usd,
        }
        for t in tiers
    ]


def _side_data(bill: Bill) -> dict[str, Any]:
    fs = bill.free_tier
    sp = bill.savings_plan
    return {
        "scenario": bill.workload,
        "region": bill.region,
        "total_monthly_usd": bill.total_usd,
        "tiers": _tiers_data(bill.tiers),
        "free_tier": {
            "applied": fs.enabled,
            "requests_used": fs.requests_used,
            "gb_seconds_used": fs.gb_s_used,
            "monthly_usd": fs.credit_usd,
        },
        "savings_plan_monthly_usd": None if sp is None else sp.effect_usd,
        "warnings": list(bill.warnings),
    }


def to_data(d: CostDiff) -> dict[str, Any]:
    """The JSON document; its keys are stable."""
    return {
        "base": _side_data(d.before),
        "new": _side_data(d.after),
        "before_monthly_usd": d.before.total_usd,
        "after_monthly_usd": d.after.total_usd,
        "delta_monthly_usd": d.delta_usd,
        "delta_percent": d.delta_percent,
        "account_changes": [_change_data(c) for c in d.account_changes],
        "functions": [
            {
                "name": f.name,
                "status": f.status.value,
                "changes": [_change_data(c) for c in f.changes],
                "before_monthly_usd": f.before_usd,
                "after_monthly_usd": f.after_usd,
                "delta_monthly_usd": f.delta_usd,
            }
            for f in d.functions
        ],
        "fail_above": None
        if d.threshold is None
        else {
            "amount": d.threshold.amount,
            "unit": "percent" if d.threshold.percent else "usd",
            "exceeded": d.exceeded,
        },
    }


def to_json(d: CostDiff) -> str:
    return dumps(to_data(d)) + "\n"


def to_csv(d: CostDiff) -> str:
    """One row per function and a TOTAL row: status, changes, before, after, delta."""
    header = ["function", "status", "changes", "before_usd", "after_usd", "delta_usd"]
    rows: list[list[Any]] = [
        [
            f.name,
            f.status.value,
            "; ".join(change_text(c) for c in f.changes),
            f.before_usd,
            f.after_usd,
            f.delta_usd,
        ]
        for f in d.functions
    ]
    rows.append(
        [
            "TOTAL",
            "",
            "; ".join(change_text(c) for c in d.account_changes),
            d.before.total_usd,
            d.after.total_usd,
            d.delta_usd,
        ]
    )
    return csv_text(header, rows)


# --- table and Markdown --------------------------------------------------------------------


def _tier_rows(d: CostDiff) -> list[list[str]]:
    def key(t: TierUsage) -> tuple[str, int]:
        return (t.architecture.value, t.position)

    old = {key(t): t for t in d.before.tiers}
    new = {key(t): t for t in d.after.tiers}
    rows = []
    for k in sorted(set(old) | set(new)):
        a, b = old.get(k), new.get(k)
        name = (a or b).name  # type: ignore[union-attr]
        before = a.cost_usd if a else Decimal(0)
        after = b.cost_usd if b else Decimal(0)
        rows.append(
            [
                f"{k[0]} {name}",
                number(a.gb_s) if a else "0",
                number(b.gb_s) if b else "0",
                usd(before),
                usd(after),
                signed_usd(after - before),
            ]
        )
    return rows


def _requests(bill: Bill) -> tuple[Decimal, Decimal]:
    """(invocations, their request charges) of the whole account."""
    return bill.requests, bill.component_usd(Component.REQUESTS)


def _account_table(d: CostDiff) -> Table:
    """The account's figures on each side; the rows add up to each side's total."""
    rows = _tier_rows(d)
    (ra, ca), (rb, cb) = _requests(d.before), _requests(d.after)
    rows.insert(0, ["Requests", number(ra), number(rb), usd(ca), usd(cb), signed_usd(cb - ca)])
    fa, fb = d.before.free_tier, d.after.free_tier
    rows.append(
        [
            "Free tier",
            number(fa.gb_s_used),
            number(fb.gb_s_used),
            usd(fa.credit_usd),
            usd(fb.credit_usd),
            signed_usd(fb.credit_usd - fa.credit_usd),
        ]
    )
    sa, sb = d.before.savings_plan, d.after.savings_plan
    plan_a, plan_b = d.before.savings_plan_usd, d.after.savings_plan_usd
    if sa is not None or sb is not None:
        rows.append(["Savings Plan", "", "", usd(plan_a), usd(plan_b), signed_usd(plan_b - plan_a)])

    def other(bill: Bill, requests_usd: Decimal, plan_usd: Decimal) -> Decimal:
        return bill.total_usd - bill.tiers_usd - requests_usd - bill.free_tier.credit_usd - plan_usd

    oa, ob = other(d.before, ca, plan_a), other(d.after, cb, plan_b)
    if oa or ob:
        rows.append(
            ["Other charges", "", "", usd(oa), usd(ob), signed_usd(ob - oa)]
        )  # fmt: skip
    return Table(
        title="Account (each side priced as a whole: duration tiers and free tier)",
        columns=["", "Qty before", "Qty after", "Before", "After", "Delta"],
        rows=rows,
        right={1, 2, 3, 4, 5},
        footer=[
            "Total",
            "",
            "",
            usd(d.before.total_usd),
            usd(d.after.total_usd),
            signed_usd(d.delta_usd),
        ],
        caption="Qty: requests; on-demand duration GB-s per architecture and tier; free GB-s "
        "used. Other charges: provisioned concurrency, /tmp, SnapStart, streaming, Lambda@Edge.",
    )


def to_doc(d: CostDiff) -> Doc:
    doc = Doc(
        title=f"Lambda cost: {verdict(d)}",
        subtitle=f"{d.before.workload} → {d.after.workload} · {d.before.region}"
        + (f" → {d.after.region}" if d.after.region != d.before.region else "")
        + f" · prices {d.after.book.name} effective {d.after.book.effective_date}",
    )
    doc.blocks.append(
        Table(
            title="Functions",
            columns=["Function", "Change", "Before", "After", "Delta"],
            rows=[
                [
                    f.name,
                    _function_change(f),
                    usd(f.before_usd),
                    usd(f.after_usd),
                    signed_usd(f.delta_usd),
                ]
                for f in d.functions
            ],
            right={2, 3, 4},
        )
    )
    if d.account_changes:
        doc.blocks.append(
            Table(
                title="Account settings",
                columns=["Setting", "Before", "After"],
                rows=[
                    [c.key, value_text(c.before), value_text(c.after)] for c in d.account_changes
                ],
            )
        )
    doc.blocks.append(_account_table(d))
    doc.total = f"Monthly total: {verdict(d)}"
    doc.warnings = [f"base: {w}" for w in d.before.warnings]
    doc.warnings += [f"new: {w}" for w in d.after.warnings]
    return doc


class DiffReport(Report):
    """`diff BASE NEW`: what changed between two bills."""

    __slots__ = ("diff",)

    def __init__(self, diff: CostDiff) -> None:
        self.diff = diff

    def json(self) -> str:
        return to_json(self.diff)

    def csv(self) -> str:
        return to_csv(self.diff)

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        return to_doc(self.diff)
