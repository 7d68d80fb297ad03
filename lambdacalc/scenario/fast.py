"""The fast path: a plainly valid scenario → a Workload without pydantic.

Importing pydantic and building the models costs more start-up time than the rest of a
`cost` run together. Most scenario files are valid, so a plain check of the same rules
runs first; anything it is not sure of goes to the pydantic models, which are the
contract and produce the error messages. tests/test_scenario_fast.py keeps the two in step.
Each function is read by `fast_function` (one at a time) or `fast_columns` (a fleet).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lambdacalc.limits import (
    MAX_COMMITMENT_USD_PER_HOUR,
    MAX_CONCURRENCY,
    MAX_PROFILE_MULTIPLIER,
    PROFILE_NAME,
)
from lambdacalc.prices import (
    REGION_PATTERN,
    SAVINGS_PLAN_PAYMENTS,
    SAVINGS_PLAN_TERMS,
)
from lambdacalc.scenario.fast_columns import quick_functions
from lambdacalc.scenario.fast_function import _INT, _NUM, _ok_number
from lambdacalc.workload import (
    Account,
    SavingsPlan,
    Workload,
)

_TERMS = SAVINGS_PLAN_TERMS
_PAYMENTS = SAVINGS_PLAN_PAYMENTS

_TOP_KEYS = {
    "version",
    "name",
    "region",
    "free_tier",
    "savings_plan",
    "account",
    "profiles",
    "functions",
    "around",  # the costs around Lambda: always left to the models
}


def _quick_plan(raw_plan: Any) -> SavingsPlan | None:
    """`savings_plan:` when plainly valid, or None to let the models decide."""
    if not isinstance(raw_plan, dict) or not set(raw_plan) <= {
        "discount_percent",
        "commitment_usd_per_hour",
        "term",
        "payment",
    }:
        return None
    discount = raw_plan.get("discount_percent")
    commitment = raw_plan.get("commitment_usd_per_hour")
    term, payment = raw_plan.get("term"), raw_plan.get("payment")
    if term is None and payment is None:  # the discount as given
        if not _ok_number(discount, (_NUM, 0, 100, True, True)):
            return None
    elif discount is not None or term not in _TERMS or payment not in _PAYMENTS:
        return None  # both, or one of term/payment, or a bad one: the models say which
    if commitment is not None and not _ok_number(
        commitment, (_NUM, 0, MAX_COMMITMENT_USD_PER_HOUR, True, False)
    ):
        return None
    return SavingsPlan(
        None if discount is None else Decimal(str(discount)),
        None if commitment is None else Decimal(commitment),
        term,
        payment,
    )


def quick_workload(data: Any, default_name: str) -> Workload | None:
    """The Workload for a plainly valid scenario, or None to let the models decide."""
    import re

    if not isinstance(data, dict) or not set(data) <= _TOP_KEYS or "around" in data:
        return None
    version = data.get("version", 1)
    if isinstance(version, bool) or not _ok_number(version, (_NUM, 1, 1, False, False)):
        return None  # (a NaN would make `!= 1` raise; _ok_number rejects it first)
    name = data.get("name")
    region = data.get("region", "us-east-1")
    free_tier = data.get("free_tier", True)
    if (name is not None and not isinstance(name, str)) or not isinstance(free_tier, bool):
        return None
    if not isinstance(region, str) or not re.fullmatch(REGION_PATTERN, region):
        return None
    plan = None
    raw_plan = data.get("savings_plan")
    if raw_plan is not None:
        plan = _quick_plan(raw_plan)
        if plan is None:
            return None
    raw_account = data.get("account", {})  # `account: null` is an error in the model too
    if not isinstance(raw_account, dict) or not set(raw_account) <= {"concurrency_limit"}:
        return None
    limit = raw_account.get("concurrency_limit", 1000)
    if not _ok_number(limit, (_INT, 1, MAX_CONCURRENCY, False, False)):
        return None
    profiles = _quick_profiles(data.get("profiles"))
    if profiles is None:
        return None
    raw_functions = data.get("functions")
    if not isinstance(raw_functions, list) or not raw_functions:
        return None
    functions = quick_functions(raw_functions)  # (each function as _quick_function reads it)
    if functions is None or len({f.name for f in functions}) != len(functions):
        return None
    account = Account(region, free_tier, plan, limit)
    return Workload(name or default_name, account, tuple(functions), profiles)


def _quick_profiles(raw: Any) -> tuple[tuple[str, Decimal], ...] | None:
    """`profiles:` as the model reads it (absent or null: none), or None to let it decide."""
    import re

    if raw is None:
        return ()
    if not isinstance(raw, dict) or not raw:
        return None
    out = []
    for key, value in raw.items():
        if not isinstance(key, str) or not re.fullmatch(PROFILE_NAME, key):
            return None
        if not _ok_number(value, (_NUM, 0, MAX_PROFILE_MULTIPLIER, True, False)):
            return None
        out.append((key, Decimal(value)))
    return tuple(out)
