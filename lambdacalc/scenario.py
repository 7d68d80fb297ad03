"""Scenario files (YAML or JSON) → a validated Workload, or one line per problem.

Every problem names the file, line and column, the key, what was wrong and what is
allowed. YAML is parsed with libyaml when present; floats are read as exact Decimals,
duplicate keys are errors (YAML would silently keep the last), and alias expansion is
bounded so that a "billion laughs" file fails at once instead of eating memory.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambdacalc.errors import PricingError, ScenarioError
from lambdacalc.input_files import read_text
from lambdacalc.limits import (
    MAX_COMMITMENT_USD_PER_HOUR,
    MAX_CONCURRENCY,
    MAX_MEMORY_MB,
    MAX_PROFILE_MULTIPLIER,
    MAX_REQUESTS_PER_DAY,
    MAX_REQUESTS_PER_MONTH,
    MAX_REQUESTS_PER_SECOND,
    MIN_BILLED_MS,
    MIN_MEMORY_MB,
    PROFILE_NAME,
)
from lambdacalc.prices import ALL_PRICES, REGION_PATTERN, Architecture, PriceBook, PriceRef
from lambdacalc.structured import NumberError, check_depth, json_place, to_decimal, to_int
from lambdacalc.units import HOURS_PER_MONTH, S_PER_MONTH, parse_size_bytes
from lambdacalc.workload import (
    Account,
    FunctionWorkload,
    ProvisionedConcurrency,
    SavingsPlan,
    SizingHints,
    SnapStart,
    SqsSource,
    Workload,
)

if TYPE_CHECKING:
    from lambdacalc.scenario_models import FunctionModel, ScenarioModel

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ERRORS_SHOWN = 5  # validation problems listed at once; the rest are counted

# What each key accepts, said once, for error messages.
ALLOWED = {
    "memory_mb": f"a whole number of MB from {MIN_MEMORY_MB} to {MAX_MEMORY_MB}",
    "ephemeral_storage_mb": "a whole number of MB from 512 to 10240",
    "duration_ms": "a number of ms above 0 and at most 900000 (Lambda's 15-minute limit)",
    "architecture": "x86_64 or arm64",
    "region": "an AWS region code such as us-east-1",
    "free_tier": "true or false",
    "cold_start_percent": "a percentage from 0 to 100",
    "init_duration_ms": "a number of ms from 0 to 10000 (INIT is capped at 10 s)",
    "discount_percent": "a percentage above 0 and below 100",
    "count": "a whole number of environments from 1 to 1000000000",
    "hours_per_month": "hours above 0 and at most 730",
    "concurrency_limit": "a whole number from 1 to 1000000000",
    "reserved_concurrency": "a whole number from 0 to 1000000000",
    "requests_per_month": "a number from 0 to 1000000000000000 (10^15)",
    "requests_per_day": "a number from 0 to 30000000000000 (3 × 10^13, about 10^15 a month)",
    "requests_per_second": "a number from 0 to 300000000 (3 × 10^8, about 10^15 a month)",
    "peak_requests_per_second": "a number above 0 and at most 300000000 (3 × 10^8)",
    "commitment_usd_per_hour": "USD an hour above 0 and at most 1000000",
    "functions": "a list of one or more functions, each a mapping that starts `- name: …`",
    "name": "text, such as api",
    "version": "1 (or leave it out)",
    "profiles": "a mapping of profile names to request-rate multipliers, e.g. {low: 0.5, high: 2}",
}


@dataclass
class Source:
    """The text a scenario came from, kept to locate problems after parsing."""

    display: str  # the path as the user gave it, or <stdin>
    text: str
    is_json: bool
    _node: Any = field(default=None, repr=False)
    # Values that came from elsewhere than this text: their path -> where they came from
    # (`--set KEY=VALUE`, or FILE:LINE in a template or usage file for `import`).
    origins: dict[tuple[str | int, ...], str] = field(default_factory=dict)

    def _origin(self, at: tuple[str | int, ...]) -> str | None:
        if at in ((), ("functions",)):
            return None
        for n in range(len(at), 0, -1):  # the value itself, else the nearest mapping holding it
            if at[:n] in self.origins:
                return self.origins[at[:n]]
        for changed, origin in self.origins.items():  # a value set inside this mapping
            if changed[: len(at)] == at:
                return origin
        return None

    def node(self) -> Any:
        if self._node is None:
            from lambdacalc.structured import compose_yaml

            self._node = compose_yaml(self.text)
        return self._node

    def where(self, path: Iterable[str | int], key: bool = False) -> str:
        """`file:line:col` of the value at `path` (or of its key), as precisely as known;
        or where a value came from elsewhere (`origins`: `--set KEY=VALUE`, a template's line)."""
        if self.origins:
            found = self._origin(tuple(path))
            if found is not None:
                return found
        node = self.node()
        mark = None if node is None else getattr(node, "start_mark", None)
        for segment in path:
            child, key_node = _child(node, segment)
            if child is None:
                break
            node = child
            mark = key_node.start_mark if key and key_node is not None else child.start_mark
        if mark is None:
            return self.display
        return f"{self.display}:{mark.line + 1}:{mark.column + 1}"


def _child(node: Any, segment: str | int) -> tuple[Any, Any]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in reversed(node.value):
            if getattr(key_node, "value", None) == str(segment):
                return value_node, key_node
        for key_node, value_node in node.value:  # merge keys (<<: *defaults)
            if getattr(key_node, "value", None) == "<<":
                found = _child(value_node, segment)
                if found[0] is not None:
                    return found
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(segment, int)
        and 0 <= segment < len(node.value)
    ):
        return node.value[segment], None
    return None, None


# --- reading -------------------------------------------------------------------------------


def read_source(path: str) -> Source:
    """Read a scenario from a file or `-` (stdin) with every failure named."""
    display, text = read_text(path, "scenario", ScenarioError, MAX_FILE_BYTES)
    if not text.strip():
        raise ScenarioError(f"{display}: empty file; a scenario needs at least `functions:`")
    is_json = path.lower().endswith(".json") or text.lstrip().startswith("{")
    return Source(display, text, is_json)


def parse(source: Source) -> Any:
    """Text → plain data (dicts, lists, str, int, Decimal, bool, None)."""
    if source.is_json:
        return _parse_json(source)
    return _parse_yaml(source)


def _parse_json(source: Source) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)  # built in C; a key given twice leaves it shorter
        if len(out) == len(items):
            return out
        out = {}
        for k, v in items:
            if k in out:
                node = source.node()  # JSON is YAML: find the line and column there
                if node is not None:
                    _check_nodes(node, source)
                raise ScenarioError(
                    f"{source.display}: key '{k}' appears twice in one object; keep one"
                )
            out[k] = v
        return out

    try:
        data = json.loads(
            source.text,
            parse_float=to_decimal,
            parse_int=to_int,
            parse_constant=Decimal,
            object_pairs_hook=pairs,
        )
    except NumberError as exc:
        raise ScenarioError(f"{json_place(source.text, source.display, exc.text)}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            f"{source.display}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise ScenarioError(f"{source.display}: nested too deeply to be a scenario") from None
    check_depth(data, source.display, ScenarioError, "a scenario")
    return data


def _parse_yaml(source: Source) -> Any:
    from lambdacalc.structured import load_yaml

    data, node = load_yaml(source.text, source.display, ScenarioError, "a scenario")
    if node is None:
        raise ScenarioError(f"{source.display}: empty document; a scenario needs `functions:`")
    source._node = node
    return data


def _check_nodes(root: Any, source: Source) -> None:
    from lambdacalc.structured import check_nodes

    check_nodes(root, source.display, ScenarioError, "a scenario")


# --- validation ----------------------------------------------------------------------------


def validate(data: Any, source: Source) -> ScenarioModel:
    from pydantic import ValidationError

    from lambdacalc.scenario_models import ScenarioModel

    if not isinstance(data, dict):
        kind = (
            "a list"
            if isinstance(data, list)
            else "a string"
            if isinstance(data, str)
            else "true or false"
            if isinstance(data, bool)
            else "a number"
            if isinstance(data, (int, Decimal))
            else "null"
            if data is None
            else f"a {type(data).__name__}"
        )
        raise ScenarioError(
            f"{source.display}: the scenario is {kind}; it must be a mapping with a "
            f"`functions:` list (see `lambdacalc schema`)"
        )
    try:
        model = ScenarioModel.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A file with thousands of mistakes gets the first few, found in linear time.
        extra = [e for e in errors if e["type"] == "extra_forbidden"][: MAX_ERRORS_SHOWN * 10]
        typos = {
            (_loc(e)[:-1], _close_key(_loc(e)[-1], _loc(e)))
            for e in extra
            if isinstance(_loc(e)[-1], str)
        }
        kept = [
            e
            for e in errors
            if not (e["type"] == "missing" and (_loc(e)[:-1], _loc(e)[-1]) in typos)
        ]
        lines = [_describe(e, source) for e in kept[:MAX_ERRORS_SHOWN]]
        if len(kept) > MAX_ERRORS_SHOWN:
            lines.append(
                f"{source.display}: {len(kept) - MAX_ERRORS_SHOWN:,} more problems not shown; "
                "fix these first"
            )
        raise ScenarioError(*lines) from None
    _check_unique_names(model, source)
    return model


def _path_text(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _loc(err: Any) -> tuple[str | int, ...]:
    return tuple(
        p
        for p in err["loc"]
        if not (isinstance(p, str) and (p.startswith("function-") or p == "[key]"))
    )


def _describe(err: Any, source: Source) -> str:
    loc = _loc(err)
    kind = err["type"]
    key = next((p for p in reversed(loc) if isinstance(p, str)), "")
    path = _path_text(loc)
    if kind == "extra_forbidden":
        where = source.where(loc, key=True)
        return f"{where}: {path}: unknown key '{key}'{_suggest(key, loc)}"
    if kind == "missing":
        where = source.where(loc[:-1])
        allowed = f" ({ALLOWED[key]})" if key in ALLOWED else ""
        return f"{where}: {path}: required key is missing{allowed}"
    where = source.where(loc)
    message = str(err["msg"])
    message = message[0].lower() + message[1:] if message else message
    message = message.removeprefix("value error, ")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        message = "input should be a mapping of keys to values"
    elif kind == "string_pattern_mismatch":
        message = "input is not in the allowed form"
    message = message.replace(" after validation", "")
    got = ""
    if "input" in err and not isinstance(err["input"], (dict, list)) and kind != "value_error":
        got = f" (got {_show(err['input'])})"
    allowed = f"; expected {ALLOWED[key]}" if key in ALLOWED and kind != "value_error" else ""
    lowered = str(err.get("input", "")).lower()
    if key == "region" and kind == "string_pattern_mismatch":
        import re

        if re.fullmatch(REGION_PATTERN, lowered):
            allowed = f"; region codes are lower case: did you mean {lowered}?"
    return f"{where}: {path}: {message}{got}{allowed}"


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]  # as written in the file
    return repr(value) if isinstance(value, str) else str(value)


def _suggest(key: str, loc: tuple[Any, ...]) -> str:
    close = _close_key(key, loc)
    if close:
        return f"; did you mean '{close}'?"
    return f"; allowed keys here: {', '.join(_fields_at(loc))}"


def _close_key(key: Any, loc: tuple[Any, ...]) -> str | None:
    close = difflib.get_close_matches(str(key), _fields_at(loc), n=1, cutoff=0.6)
    return close[0] if close else None


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping that holds the last element of `loc`, found by
    following `loc` through the models (so a new nested model needs no entry here)."""
    from lambdacalc.scenario_models import ScenarioModel

    model: Any = ScenarioModel
    for part in loc[:-1]:
        if isinstance(part, str):
            found = model.model_fields.get(part)
            inner = _model_in(found.annotation) if found is not None else None
            if inner is None:
                break
            model = inner
    return list(model.model_fields)


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside an annotation such as `list[FunctionModel]` or `X | None`."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _check_unique_names(model: ScenarioModel, source: Source) -> None:
    seen: dict[str, int] = {}
    for i, fn in enumerate(model.functions):
        if fn.name in seen:
            raise ScenarioError(
                f"{source.where(('functions', i, 'name'))}: functions[{i}].name: '{fn.name}' is "
                f"already the name of functions[{seen[fn.name]}]; names must be unique"
            )
        seen[fn.name] = i


# --- to the core's types -------------------------------------------------------------------


def to_workload(model: ScenarioModel, default_name: str) -> Workload:
    plan = model.savings_plan
    account = Account(
        region=model.region,
        free_tier=model.free_tier,
        savings_plan=(
            SavingsPlan(plan.discount_percent, plan.commitment_usd_per_hour) if plan else None
        ),
        concurrency_limit=model.account.concurrency_limit,
    )
    functions = tuple(_to_function(f) for f in model.functions)
    profiles = tuple(model.profiles.items()) if model.profiles else ()
    return Workload(model.name or default_name, account, functions, profiles)


def monthly_requests(fn: FunctionModel) -> Decimal:
    if fn.requests_per_month is not None:
        return fn.requests_per_month
    if fn.requests_per_day is not None:
        return fn.requests_per_day * HOURS_PER_MONTH / 24
    assert fn.requests_per_second is not None  # guaranteed by the model's validator
    return fn.requests_per_second * S_PER_MONTH


def _sizing_hints(fn: FunctionModel) -> SizingHints | None:
    hints = fn.sizing
    if hints is None:
        return None
    used = hints.max_memory_used_mb
    return SizingHints(
        hints.cpu_bound,
        hints.threads,
        Decimal(used) if used is not None else None,
        tuple((hints.measured_durations_ms or {}).items()),
    )


def _to_function(fn: FunctionModel) -> FunctionWorkload:
    pc = fn.provisioned_concurrency
    return FunctionWorkload(
        name=fn.name,
        memory_mb=fn.memory_mb,
        duration_ms=fn.duration_ms,
        requests_per_month=monthly_requests(fn),
        architecture=Architecture(fn.architecture),
        ephemeral_storage_mb=fn.ephemeral_storage_mb,
        cold_start_percent=fn.cold_start_percent,
        init_duration_ms=fn.init_duration_ms,
        peak_requests_per_second=fn.peak_requests_per_second,
        provisioned=(
            ProvisionedConcurrency(
                pc.count, pc.hours_per_month, pc.requests_per_month, pc.duration_ms
            )
            if pc
            else None
        ),
        reserved_concurrency=fn.reserved_concurrency,
        snapstart=(
            SnapStart(
                fn.snapstart.runtime,
                fn.snapstart.active_hours_per_month,
                fn.snapstart.restore_percent,
            )
            if fn.snapstart
            else None
        ),
        response_bytes_per_request=(
            parse_size_bytes(fn.response_streaming.bytes_per_request)
            if fn.response_streaming
            else None
        ),
        async_event_kb=fn.async_event_kb,
        edge=fn.edge,
        duration_billed=fn.duration_billed,
        sizing=_sizing_hints(fn),
        sqs=(
            SqsSource(
                fn.sqs.maximum_concurrency,
                (fn.sqs.provisioned_pollers.minimum, fn.sqs.provisioned_pollers.maximum)
                if fn.sqs.provisioned_pollers
                else None,
            )
            if fn.sqs
            else None
        ),
    )


# --- the fast path --------------------------------------------------------------------------
# Importing pydantic and building the models costs more start-up time than the rest of a
# `cost` run together. Most scenario files are valid, so a plain check of the same rules
# runs first; anything it is not sure of goes to the pydantic models, which are the
# contract and produce the error messages. tests/test_scenario_fast.py keeps the two in step.

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
    out: dict[str, Any] = {}
    for key, value in data.items():
        rule = spec.get(key)
        if rule is None or not _ok_number(value, rule):
            return None
        out[key] = _decimal(value) if rule[0] == _NUM else value
    return out


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
    if values.get("cold_start_percent", 0) > 0 and "init_duration_ms" not in values:
        return None  # an error: the models say so
    if billed and (
        values["duration_ms"] < MIN_BILLED_MS
        or values.get("cold_start_percent")
        or values.get("init_duration_ms")
    ):
        return None  # errors too: a billed mean is at least 1 ms and already holds INIT
    requests = values[rates[0]]
    if rates[0] == "requests_per_day":
        requests = requests * HOURS_PER_MONTH / 24
    elif rates[0] == "requests_per_second":
        requests = requests * S_PER_MONTH
    pc = None
    if pc_raw is not None:
        if not isinstance(pc_raw, dict):
            return None
        pcv = _quick_fields(pc_raw, _PC_FIELDS)
        if pcv is None or "count" not in pcv:
            return None
        pc = ProvisionedConcurrency(
            pcv["count"],
            pcv.get("hours_per_month", HOURS_PER_MONTH),
            pcv.get("requests_per_month"),
            pcv.get("duration_ms"),
        )
    return FunctionWorkload(
        name=name,
        memory_mb=values["memory_mb"],
        duration_ms=values["duration_ms"],
        requests_per_month=requests,
        architecture=Architecture(arch),
        ephemeral_storage_mb=values.get("ephemeral_storage_mb", 512),
        cold_start_percent=values.get("cold_start_percent", _ZERO),
        init_duration_ms=values.get("init_duration_ms", _ZERO),
        peak_requests_per_second=values.get("peak_requests_per_second"),
        provisioned=pc,
        reserved_concurrency=values.get("reserved_concurrency"),
        duration_billed=billed,
    )


def quick_workload(data: Any, default_name: str) -> Workload | None:
    """The Workload for a plainly valid scenario, or None to let the models decide."""
    import re

    if not isinstance(data, dict) or not set(data) <= _TOP_KEYS:
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
        if not isinstance(raw_plan, dict) or not set(raw_plan) <= {
            "discount_percent",
            "commitment_usd_per_hour",
        }:
            return None
        discount = raw_plan.get("discount_percent")
        commitment = raw_plan.get("commitment_usd_per_hour")
        if not _ok_number(discount, (_NUM, 0, 100, True, True)):
            return None
        if commitment is not None and not _ok_number(
            commitment, (_NUM, 0, MAX_COMMITMENT_USD_PER_HOUR, True, False)
        ):
            return None
        plan = SavingsPlan(
            Decimal(str(discount)), None if commitment is None else Decimal(commitment)
        )
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


@dataclass(frozen=True)
class LoadedScenario:
    source: Source
    workload: Workload
    model: ScenarioModel | None  # None when the fast path accepted the file


def load(path: str, overrides: Sequence[str] = ()) -> LoadedScenario:
    """Read, parse and validate a scenario file (or `-`), ready for the models, with
    `--set KEY=VALUE` overrides applied to its data first (see `lambdacalc.overrides`)."""
    source = read_source(path)
    data = parse(source)
    if overrides:
        from lambdacalc.overrides import apply

        data, changed = apply(data, overrides)
        source.origins = {path: f"--set {text}" for path, text in changed.items()}
    stem = "stdin" if path == "-" else Path(path).stem
    return load_data(data, source, stem)


def load_data(data: Any, source: Source, stem: str) -> LoadedScenario:
    """Validate parsed scenario data (from `source`) into a workload named `stem` by default."""
    quick = quick_workload(data, stem)
    if quick is not None:
        return LoadedScenario(source, quick, None)
    model = validate(data, source)
    return LoadedScenario(source, to_workload(model, stem), model)


# Settings whose value is a mapping: an error points at the key, not at its first entry.
_MAPPING_SETTINGS = frozenset({"provisioned_concurrency", "snapstart", "response_streaming"})


def check_region(
    loaded: LoadedScenario,
    book: PriceBook,
    only: tuple[int, FunctionWorkload] | None = None,
) -> None:
    """An unknown region, or a price the book lacks there, is met in the scenario: say where.

    The prices checked are the cost engine's own list (`lambdacalc.cost.price_needs`), so
    every price `price` would miss is reported here first, at the setting that needs it.
    `only` checks one function (index, and the function as the caller prices it, e.g. with
    compare-memory's flags applied) instead of all of them.
    """
    from lambdacalc.cost import price_needs

    region = loaded.workload.account.region
    if region not in book.regions:
        try:
            book.region(region)
        except PricingError as exc:
            where = loaded.source.where(("region",))
            raise ScenarioError(f"{where}: region: {exc}") from None
    unknown: dict[PriceRef, PricingError] = {}
    for ref in ALL_PRICES:
        try:
            book.lookup(region, ref)
        except PricingError as exc:
            unknown[ref] = exc
    if not unknown:
        return  # the region knows every price (us-east-1 in the bundled book)
    functions = [only] if only is not None else enumerate(loaded.workload.functions)
    for i, fn in functions:
        for need in price_needs(fn):
            problem = unknown.get(need.price)
            if problem is not None:
                at: tuple[str | int, ...] = (
                    ("functions", i, need.setting) if need.setting else ("region",)
                )
                where = loaded.source.where(at, key=need.setting in _MAPPING_SETTINGS)
                raise ScenarioError(
                    f"{where}: {_path_text(at)} (function '{fn.name}'): {problem}"
                ) from None
