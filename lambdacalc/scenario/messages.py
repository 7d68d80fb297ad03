"""Validation through the pydantic models, and their errors as one line per problem.

Every problem names the file, line and column, the key, what was wrong and what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lambdacalc.errors import ScenarioError
from lambdacalc.limits import MAX_MEMORY_MB, MIN_MEMORY_MB
from lambdacalc.prices import REGION_PATTERN
from lambdacalc.scenario.source import Source

if TYPE_CHECKING:
    from lambdacalc.scenario_models import ScenarioModel

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
    "log_bytes_per_request": "a number of bytes from 0 to 10000000000 (10 GB)",
    "profiles": "a mapping of profile names to request-rate multipliers, e.g. {low: 0.5, high: 2}",
}


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
            if _loc(e) and isinstance(_loc(e)[-1], str)  # a key named "[key]" has no loc
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
    import difflib  # (only for a mistyped key: imported where one is found)

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
