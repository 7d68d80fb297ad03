"""The fast path: a plainly valid scenario → a Workload without pydantic.

Importing pydantic and building the models costs more start-up time than the rest of a
`cost` run together. Most scenario files are valid, so a plain check of the same rules
runs first; anything it is not sure of goes to the pydantic models, which are the
contract and produce the error messages. tests/test_scenario_fast.py keeps the two in step.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lambdacalc.limits import (
    MAX_COMMITMENT_USD_PER_HOUR,
    MAX_CONCURRENCY,
    MAX_LOG_BYTES_PER_REQUEST,
    MAX_MEMORY_MB,
    MAX_PROFILE_MULTIPLIER,
    MAX_REQUESTS_PER_DAY,
    MAX_REQUESTS_PER_MONTH,
    MAX_REQUESTS_PER_SECOND,
    MIN_BILLED_MS,
    MIN_MEMORY_MB,
    PROFILE_NAME,
)
from lambdacalc.prices import (
    REGION_PATTERN,
    SAVINGS_PLAN_PAYMENTS,
    SAVINGS_PLAN_TERMS,
    Architecture,
)
from lambdacalc.units import HOURS_PER_MONTH, S_PER_MONTH
from lambdacalc.workload import (
    Account,
    FunctionWorkload,
    ProvisionedConcurrency,
    SavingsPlan,
    Workload,
)

_NUM = "num"
_INT = "int"
_TERMS = SAVINGS_PLAN_TERMS
_PAYMENTS = SAVINGS_PLAN_PAYMENTS

# key -> (kind, minimum, maximum, minimum is exclusive, maximum is exclusive)
_FUNCTION_FIELDS: dict[str, tuple[str, int | None, int | None, bool, bool]] = {
    "memory_mb": (_INT, MIN_MEMORY_MB, MAX_MEMORY_MB, False, False),
    "ephemeral_storage_mb": (_INT, 512, 10240, False, False),
    "duration_ms": (_NUM, 0, 900_000, True, False),
    "requests_per_month": (_NUM, 0, MAX_REQUESTS_PER_MONTH, False, False),
    "requests_per_day": (_NUM, 0, MAX_REQUESTS_PER_DAY, False, False),
    "requests_per_second": (_NUM, 0, MAX_REQUESTS_PER_SECOND, False, False),
    "peak_requests_per_second": (_NUM, 0, MAX_REQUESTS_PER_SECOND, True, False),
    "cold_start_percent": (_NUM, 0, 100, False, False),
    "init_duration_ms": (_NUM, 0, 10_000, False, False),
    "reserved_concurrency": (_INT, 0, MAX_CONCURRENCY, False, False),
    "log_bytes_per_request": (_NUM, 0, MAX_LOG_BYTES_PER_REQUEST, False, False),
}
_PC_FIELDS: dict[str, tuple[str, int | None, int | None, bool, bool]] = {
    "count": (_INT, 1, MAX_CONCURRENCY, False, False),
    "hours_per_month": (_NUM, 0, 730, True, False),
    "requests_per_month": (_NUM, 0, MAX_REQUESTS_PER_MONTH, False, False),
    "duration_ms": (_NUM, 0, 900_000, True, False),
}
_RATE_KEYS = ("requests_per_month", "requests_per_day", "requests_per_second")
# Function keys the fast path leaves to the models (nested, or with rules between them).
_SLOW_KEYS = frozenset(
    {"sizing", "snapstart", "response_streaming", "async_event_kb", "edge", "sqs"}
    | {"logs", "api", "data_out_kb_per_request", "vpc", "tracing"}  # around Lambda
    | {"durable", "tenant_isolation", "kafka"}
    | {"managed_instances"}
)
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


def _ok_number(value: Any, spec: tuple[str, int | None, int | None, bool, bool]) -> bool:
    kind, low, high, low_open, high_open = spec
    if isinstance(value, bool):
        return False
    if kind == _INT:
        if not isinstance(value, int):
            return False
    elif not isinstance(value, (int, Decimal)) or (
        isinstance(value, Decimal) and not value.is_finite()
    ):
        return False
    if low is not None and (value <= low if low_open else value < low):
        return False
    return not (high is not None and (value >= high if high_open else value > high))


_ZERO = Decimal(0)
_INT_DECIMALS: dict[int, Decimal] = {}  # whole numbers' Decimals, one object per value
_INT_DECIMALS_MAX = 1 << 16


def _decimal(value: int | Decimal) -> Decimal:
    """Decimal(value), with one shared object per whole number: a fleet of 100,000
    functions repeats its durations and settings, and each Decimal costs 104 bytes for
    the whole run (they are immutable, so sharing changes nothing else)."""
    if type(value) is not int:
        return Decimal(value)
    shared = _INT_DECIMALS.get(value)
    if shared is None:
        shared = Decimal(value)
        if len(_INT_DECIMALS) < _INT_DECIMALS_MAX:
            _INT_DECIMALS[value] = shared
    return shared


def _quick_fields(
    data: dict[str, Any], spec: dict[str, tuple[str, int | None, int | None, bool, bool]]
) -> dict[str, Any] | None:
    """`data`'s numbers when every key is in `spec` and every value plainly within its rule,
    the `num` kind as Decimals; None to let the models decide.

    The rule is `_ok_number`'s, written out here without a call per value (a fleet's file
    has tens of thousands); tests/test_scenario_fast.py checks the two agree. Only plain
    int and Decimal values pass (a subclass goes to the models, which is only slower)."""
    out: dict[str, Any] = {}
    shared = _INT_DECIMALS
    for key, value in data.items():
        rule = spec.get(key)
        if rule is None:
            return None
        kind, low, high, low_open, high_open = rule
        t = type(value)
        if t is not int and (t is not Decimal or kind == _INT or not value.is_finite()):
            return None
        if low is not None and (value <= low if low_open else value < low):
            return None
        if high is not None and (value >= high if high_open else value > high):
            return None
        if kind == _NUM:
            if t is int:
                number = shared.get(value)
                value = number if number is not None else _decimal(value)
            else:
                value = Decimal(value)
        out[key] = value
    return out


_ARCHITECTURES = {a.value: a for a in Architecture}  # (a dict: no Enum call per function)


def _quick_function(data: Any) -> FunctionWorkload | None:
    if not isinstance(data, dict):
        return None
    fields = dict(data)
    name = fields.pop("name", None)
    arch = fields.pop("architecture", "x86_64")
    pc_raw = fields.pop("provisioned_concurrency", None)
    billed = fields.pop("duration_billed", False)
    if not isinstance(name, str) or not name or arch not in ("x86_64", "arm64"):
        return None
    if not isinstance(billed, bool):
        return None
    if not _SLOW_KEYS.isdisjoint(fields):
        return None  # rarer settings: the models check them
    values = _quick_fields(fields, _FUNCTION_FIELDS)
    if values is None or "memory_mb" not in values or "duration_ms" not in values:
        return None
    rates = [k for k in _RATE_KEYS if k in values]
    if len(rates) != 1:
        return None
    get = values.get
    if get("cold_start_percent", 0) > 0 and "init_duration_ms" not in values:
        return None  # an error: the models say so
    if billed and (
        values["duration_ms"] < MIN_BILLED_MS
        or get("cold_start_percent")
        or get("init_duration_ms")
    ):
        return None  # errors too: a billed mean is at least 1 ms and already holds INIT
    requests = values[rates[0]]
    if rates[0] == "requests_per_day":
        requests = requests * HOURS_PER_MONTH / 24
    elif rates[0] == "requests_per_second":
        requests = requests * S_PER_MONTH
    pc = None
    if pc_raw is not None:  # (a call only for the functions that have PC)
        pc = _quick_pc(pc_raw)
        if pc is None:
            return None
    # The record filled by field name into a copy of its defaults: a NamedTuple's keyword
    # call costs as much as the rest of reading a function.
    row = _FUNCTION_DEFAULTS.copy()
    row[_NAME] = name
    row[_MEMORY] = values["memory_mb"]
    row[_DURATION] = values["duration_ms"]
    row[_REQUESTS] = requests
    row[_ARCHITECTURE] = _ARCHITECTURES[arch]
    row[_STORAGE] = get("ephemeral_storage_mb", 512)
    row[_COLD] = get("cold_start_percent", _ZERO)
    row[_INIT] = get("init_duration_ms", _ZERO)
    row[_PEAK] = get("peak_requests_per_second")
    row[_PC] = pc
    row[_RESERVED] = get("reserved_concurrency")
    row[_BILLED] = billed
    row[_LOG_BYTES] = get("log_bytes_per_request")
    return _new_record(FunctionWorkload, row)


_new_record = tuple.__new__
_FUNCTION_DEFAULTS = [FunctionWorkload._field_defaults.get(f) for f in FunctionWorkload._fields]
_at = FunctionWorkload._fields.index
_NAME, _MEMORY, _DURATION, _REQUESTS = (
    _at("name"),
    _at("memory_mb"),
    _at("duration_ms"),
    _at("requests_per_month"),
)
_ARCHITECTURE, _STORAGE, _COLD, _INIT = (
    _at("architecture"),
    _at("ephemeral_storage_mb"),
    _at("cold_start_percent"),
    _at("init_duration_ms"),
)
_PEAK, _PC, _RESERVED = (
    _at("peak_requests_per_second"),
    _at("provisioned"),
    _at("reserved_concurrency"),
)
_BILLED, _LOG_BYTES = _at("duration_billed"), _at("log_bytes_per_request")


def _quick_pc(pc_raw: Any) -> ProvisionedConcurrency | None:
    """`provisioned_concurrency:` when plainly valid, or None to let the models decide."""
    if not isinstance(pc_raw, dict):
        return None
    pcv = _quick_fields(pc_raw, _PC_FIELDS)
    if pcv is None or "count" not in pcv:
        return None
    return ProvisionedConcurrency(
        pcv["count"],
        pcv.get("hours_per_month", HOURS_PER_MONTH),
        pcv.get("requests_per_month"),
        pcv.get("duration_ms"),
    )


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
    functions = []
    for raw in raw_functions:
        fn = _quick_function(raw)
        if fn is None:
            return None
        functions.append(fn)
    if len({f.name for f in functions}) != len(functions):
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
