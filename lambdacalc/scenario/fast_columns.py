"""The fast path's functions read a column at a time: a fleet's functions share a few key
sets, so each rule is checked once per key set and per field over a whole column, by C-level
builtins (`map`, `min`, `max`, `set`), not once per function by the interpreter.

`quick_functions(raw)` gives exactly what `[fast_function._quick_function(f) for f in raw]` gives
(None when any is None): a group of functions with the same keys in the same order is read
here when every value is plainly within its rule, and otherwise (a value in doubt, a
provisioned concurrency block, a billed mean of true) one function at a time by
`_quick_function`, which also decides what it rejects. tests/test_scenario_fast.py checks
the two agree.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import repeat
from operator import itemgetter, mul, truediv
from typing import Any

from lambdacalc.scenario.fast_function import (
    _ARCHITECTURES,
    _FUNCTION_DEFAULTS,
    _FUNCTION_FIELDS,
    _INT,
    _INT_DECIMALS,
    _INT_DECIMALS_MAX,
    _RATE_KEYS,
    _ZERO,
    _decimal,
    _quick_function,
)
from lambdacalc.units import HOURS_PER_MONTH, S_PER_MONTH
from lambdacalc.workload import FunctionWorkload

_new_record = tuple.__new__
_at = FunctionWorkload._fields.index
# a function's key -> its FunctionWorkload field (the rate keys all fill requests_per_month)
_FIELD_OF = {key: _at(key) for key in _FUNCTION_FIELDS if key not in _RATE_KEYS}
_FIELD_OF.update(dict.fromkeys(_RATE_KEYS, _at("requests_per_month")))
_NAME, _ARCHITECTURE = _at("name"), _at("architecture")
# the fields _quick_function fills with something other than the record's own default
_FILLED_DEFAULTS = {
    _at("architecture"): _ARCHITECTURES["x86_64"],
    _at("ephemeral_storage_mb"): 512,
    _at("cold_start_percent"): _ZERO,
    _at("init_duration_ms"): _ZERO,
    _at("peak_requests_per_second"): None,
    _at("provisioned"): None,
    _at("reserved_concurrency"): None,
    _at("duration_billed"): False,
    _at("log_bytes_per_request"): None,
}
_ARCHITECTURE_NAMES = frozenset(_ARCHITECTURES)


def quick_functions(raw: list[Any]) -> list[FunctionWorkload] | None:
    """Each function of a scenario's `functions:` list as `_quick_function` reads it, or
    None when it declines any of them."""
    if set(map(type, raw)) != {dict}:
        return _one_by_one(raw)
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, keys in enumerate(map(tuple, raw)):
        members = groups.get(keys)
        if members is None:
            groups[keys] = [i]
        else:
            members.append(i)
    if len(groups) == 1:
        return _group(next(iter(groups)), raw)
    out: list[Any] = [None] * len(raw)
    for keys, members in groups.items():
        records = _group(keys, list(map(raw.__getitem__, members)))
        if records is None:
            return None
        for i, record in zip(members, records, strict=True):
            out[i] = record
    return out


def _one_by_one(raw: list[Any]) -> list[FunctionWorkload] | None:
    out = []
    for data in raw:
        fn = _quick_function(data)
        if fn is None:
            return None
        out.append(fn)
    return out


def _group(keys: tuple[Any, ...], dicts: list[dict[str, Any]]) -> list[FunctionWorkload] | None:
    """The records of functions that all have `keys`, in that order."""
    columns = _columns(keys, dicts)
    if columns is None:
        return _one_by_one(dicts)  # something in doubt: each function decides alone
    return list(map(_new_record, repeat(FunctionWorkload), zip(*columns, strict=True)))


def _columns(keys: tuple[Any, ...], dicts: list[dict[str, Any]]) -> list[Any] | None:
    """One iterable per FunctionWorkload field, or None unless every value is plainly valid
    (then `_quick_function` reads the group one function at a time)."""
    numbers = set(keys) - {"name", "architecture", "duration_billed"}
    rates = numbers.intersection(_RATE_KEYS)
    if (
        "name" not in keys
        or not numbers <= _FUNCTION_FIELDS.keys()  # (also: no slow key, no PC block)
        or "memory_mb" not in numbers
        or "duration_ms" not in numbers
        or len(rates) != 1
    ):
        return None
    n = len(dicts)
    columns: list[Any] = [repeat(d, n) for d in _FUNCTION_DEFAULTS]
    for at, default in _FILLED_DEFAULTS.items():
        columns[at] = repeat(default, n)
    names = list(map(itemgetter("name"), dicts))
    if set(map(type, names)) != {str} or not all(names):
        return None
    columns[_NAME] = names
    if "architecture" in keys:
        architectures = list(map(itemgetter("architecture"), dicts))
        try:
            if not set(architectures) <= _ARCHITECTURE_NAMES:
                return None
        except TypeError:  # an unhashable value
            return None
        columns[_ARCHITECTURE] = map(_ARCHITECTURES.__getitem__, architectures)
    if "duration_billed" in keys:
        billed = list(map(itemgetter("duration_billed"), dicts))
        if set(map(type, billed)) != {bool} or True in billed:
            return None  # a billed mean has rules of its own: one at a time
    read: dict[str, list[Any]] = {}
    for key in numbers:
        column = _numbers(list(map(itemgetter(key), dicts)), _FUNCTION_FIELDS[key])
        if column is None:
            return None
        read[key] = column
    cold = read.get("cold_start_percent")
    if cold is not None and "init_duration_ms" not in read and max(cold) > 0:
        return None  # an error: the models say so
    for key, column in read.items():
        columns[_FIELD_OF[key]] = column
    (rate,) = rates
    if rate == "requests_per_day":
        per_month = map(mul, read[rate], repeat(HOURS_PER_MONTH))
        columns[_FIELD_OF[rate]] = map(truediv, per_month, repeat(24))
    elif rate == "requests_per_second":
        columns[_FIELD_OF[rate]] = map(mul, read[rate], repeat(S_PER_MONTH))
    return columns


def _numbers(
    column: list[Any], spec: tuple[str, int | None, int | None, bool, bool]
) -> list[Any] | None:
    """A column of one number field as `_quick_fields` reads each value (the `num` kind as
    Decimals, whole numbers shared), or None unless every value is plainly within `spec`."""
    kind, low, high, low_open, high_open = spec
    if low is None or high is None:
        return None  # (every field has both bounds today)
    types = set(map(type, column))
    if kind == _INT:
        if types != {int}:
            return None
    elif types == {int}:
        column = _int_decimals(column)
    elif types == {Decimal}:
        if not all(map(Decimal.is_finite, column)):
            return None
    elif types == {int, Decimal}:
        column = list(map(_decimal, column))
        if not all(map(Decimal.is_finite, column)):
            return None
    else:
        return None
    least, most = min(column), max(column)
    if least <= low if low_open else least < low:
        return None
    if most >= high if high_open else most > high:
        return None
    return column


def _int_decimals(column: list[int]) -> list[Decimal]:
    """Decimal(value) of each whole number, one shared object per value as `_decimal`
    gives (the new values made at once, kept while the shared table has room)."""
    shared = _INT_DECIMALS
    new = set(column).difference(shared)
    if not new:
        return list(map(shared.__getitem__, column))
    made = dict(zip(new, map(Decimal, new), strict=True))
    if len(shared) + len(made) <= _INT_DECIMALS_MAX:
        shared.update(made)
        return list(map(shared.__getitem__, column))
    made.update((value, shared[value]) for value in set(column).intersection(shared))
    return list(map(made.__getitem__, column))
