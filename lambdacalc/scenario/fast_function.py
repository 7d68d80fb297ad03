"""The fast path's reading of one function (`_quick_function`): its numbers checked against
their rules and filled into a FunctionWorkload without pydantic. `fast.quick_workload` reads
the scenario around it; `fast_columns` reads a fleet's functions a column at a time by the
same rules. tests/test_scenario_fast.py keeps all three in step with the models.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lambdacalc.limits import (
    MAX_CONCURRENCY,
    MAX_LOG_BYTES_PER_REQUEST,
    MAX_MEMORY_MB,
    MAX_REQUESTS_PER_DAY,
    MAX_REQUESTS_PER_MONTH,
    MAX_REQUESTS_PER_SECOND,
    MIN_BILLED_MS,
    MIN_MEMORY_MB,
)
from lambdacalc.prices import Architecture
from lambdacalc.units import HOURS_PER_MONTH, S_PER_MONTH
from lambdacalc.workload import FunctionWorkload, ProvisionedConcurrency

_NUM = "num"
_INT = "int"

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
