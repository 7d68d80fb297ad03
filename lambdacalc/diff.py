"""What changed between two workloads, and what it does to the monthly bill.

Both sides are priced by the one cost engine (`lambdacalc.cost.price`), each as a whole
account: volume tiers, the free tier and a Savings Plan apply to each side's total, so a
function's cost can move although nothing about it changed (its share of the free tier
did). This module only compares: the settings of functions matched by name, the bills'
totals, and the budget check of `diff --fail-above`. No I/O.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, NamedTuple

from lambdacalc.cost import Bill, FunctionCost
from lambdacalc.currency import SYMBOLS, symbol
from lambdacalc.errors import InputError, field
from lambdacalc.units import HUNDRED, ZERO
from lambdacalc.workload import Account, FunctionWorkload, Workload

# Workload field names -> the scenario keys a user writes, so a change reads as the file does.
_KEYS = {
    "provisioned": "provisioned_concurrency",
    "environments": "count",
    "response_bytes_per_request": "response_streaming.bytes_per_request",
    "savings_plan": "savings_plan",
}


class Status(str, Enum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


class FieldChange(NamedTuple):
    key: str  # as in a scenario file: memory_mb, provisioned_concurrency.count, region
    before: Any  # None where the setting is absent on that side
    after: Any


class FunctionDiff(NamedTuple):
    name: str
    status: Status
    changes: tuple[FieldChange, ...]
    before_usd: Decimal  # 0 for an added function
    after_usd: Decimal  # 0 for a removed one

    @property
    def delta_usd(self) -> Decimal:
        return self.after_usd - self.before_usd


class Threshold(NamedTuple):
    """`--fail-above`: an increase in percent of the base bill, or an amount a month in the
    bill's currency (`written` is the symbol the user put before it, $ or ¥, if any)."""

    amount: Decimal
    percent: bool
    written: str = ""

    def __str__(self) -> str:
        text = f"{self.amount.normalize():f}"
        return f"{text}%" if self.percent else f"{symbol()}{text}"


class CostDiff(NamedTuple):
    before: Bill
    after: Bill
    functions: tuple[FunctionDiff, ...]
    account_changes: tuple[FieldChange, ...]
    threshold: Threshold | None

    @property
    def delta_usd(self) -> Decimal:
        return self.after.total_usd - self.before.total_usd

    @property
    def delta_percent(self) -> Decimal | None:
        """The change in percent of the base bill; None when the base costs nothing."""
        if self.before.total_usd == 0:
            return None
        return self.delta_usd * HUNDRED / self.before.total_usd

    @property
    def exceeded(self) -> bool:
        """True when a threshold is set and the increase is above it (never for a decrease)."""
        return self.threshold is not None and exceeds(
            self.before.total_usd, self.after.total_usd, self.threshold
        )


def exceeds(before_usd: Decimal, after_usd: Decimal, threshold: Threshold) -> bool:
    """Is the increase from `before_usd` to `after_usd` above `threshold`? Unrounded.

    In percent: delta / before × 100 > amount, compared as delta × 100 > amount × before,
    so that any increase on a free base bill is above every percentage.
    """
    delta = after_usd - before_usd
    if delta <= 0:
        return False
    if threshold.percent:
        return delta * HUNDRED > threshold.amount * before_usd
    return delta > threshold.amount


def parse_threshold(text: str) -> Threshold:
    """`10%` (percent of the base bill) or `50` / `$50` / `¥50` (a month, in the bill's
    currency; `check_currency` refuses a symbol that is not the bill's), at least 0."""
    raw = text.strip()
    percent = raw.endswith("%")
    number = raw.removesuffix("%").strip()
    written = ""
    if not percent and number[:1] in SYMBOLS.values():
        written, number = number[0], number[1:].strip()
    from lambdacalc.structured import NumberError, to_decimal

    try:
        amount = to_decimal(number)  # bounded: 1e-999999999 would print a gigabyte of zeros
    except InvalidOperation:
        amount = Decimal("NaN")
    except NumberError as exc:
        raise InputError(f"{field('fail_above')}: {exc}") from None
    if not amount.is_finite() or amount < 0 or amount > Decimal(10) ** 12:
        raise InputError(
            f"{field('fail_above')} {text!r}: expected a percentage such as 10% or an amount "
            "a month such as 50 or $50 (¥50 for a China region's bill; at least 0)"
        )
    return Threshold(amount, percent, written)


def check_currency(threshold: Threshold | None) -> None:
    """An amount written with another currency's symbol than the bill's is an error: $50
    is never silently read as ¥50."""
    if threshold is not None and threshold.written and threshold.written != symbol():
        raise InputError(
            f"{field('fail_above')} {threshold.written}{threshold.amount.normalize():f}: these "
            "bills are "
            f"in {symbol()}, not {threshold.written}; give the amount in {symbol()} (or without "
            "a symbol) or as a percentage"
        )


# --- comparing settings --------------------------------------------------------------------


def _flat(record: Any, prefix: str = "") -> dict[str, Any]:
    """A NamedTuple's settings as scenario keys; nested records flatten to `a.b` keys."""
    out: dict[str, Any] = {}
    for name, value in zip(record._fields, record, strict=True):
        if name in ("name", "functions"):
            continue
        key = prefix + _KEYS.get(name, name)
        if isinstance(value, tuple) and hasattr(value, "_fields"):
            out.update(_flat(value, key + "."))
        elif isinstance(value, Enum):
            out[key] = value.value
        else:
            out[key] = value
    return out


def changes(before: Any, after: Any) -> tuple[FieldChange, ...]:
    """Every setting that differs between two records of the same type (or None: absent)."""
    old = _flat(before) if before is not None else {}
    new = _flat(after) if after is not None else {}
    keys = list(old) + [k for k in new if k not in old]
    return tuple(FieldChange(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def account_changes(before: Account, after: Account) -> tuple[FieldChange, ...]:
    return changes(before, after)


# --- the diff ------------------------------------------------------------------------------


def compare(
    base: Workload,
    new: Workload,
    base_bill: Bill,
    new_bill: Bill,
    threshold: Threshold | None = None,
) -> CostDiff:
    """The diff of two workloads priced by `lambdacalc.cost.price` (each bill of its own
    workload), functions matched by name: the base's order first, then added ones."""
    old_fns = {f.name: f for f in base.functions}
    new_fns = {f.name: f for f in new.functions}
    old_costs = _costs(base_bill)
    new_costs = _costs(new_bill)
    names = [f.name for f in base.functions]
    names += [f.name for f in new.functions if f.name not in old_fns]
    out = []
    for name in names:
        before: FunctionWorkload | None = old_fns.get(name)
        after: FunctionWorkload | None = new_fns.get(name)
        found = changes(before, after)
        if before is None:
            status = Status.ADDED
        elif after is None:
            status = Status.REMOVED
        else:
            status = Status.CHANGED if found else Status.UNCHANGED
        out.append(
            FunctionDiff(
                name,
                status,
                found,
                old_costs[name].total_usd if name in old_costs else ZERO,
                new_costs[name].total_usd if name in new_costs else ZERO,
            )
        )
    return CostDiff(
        base_bill,
        new_bill,
        tuple(out),
        account_changes(base.account, new.account),
        threshold,
    )


def _costs(bill: Bill) -> dict[str, FunctionCost]:
    return {f.name: f for f in bill.functions}
