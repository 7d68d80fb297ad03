"""`--set KEY=VALUE`: what-if changes to a scenario's data, made before it is validated.

An override is applied to the plain data parsed from the file (dicts, lists, scalars), so
the result goes through exactly the checks the file does; an error in a value an override
set names the override instead of a line of the file (see `Source.where`). Keys are the
scenario's own, dotted: `region`, `free_tier`, `savings_plan.discount_percent`,
`functions.api.memory_mb` (a function by name, or by position from 0),
`functions.api.provisioned_concurrency.count`. Values are read as YAML scalars, like the
file: `1024` is a number, `arm64` text, `true` a boolean.

Setting one of a function's request rates (`requests_per_month`, `_day`, `_second`)
replaces the rate it had, since a function takes exactly one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lambdacalc.errors import InputError

RATE_KEYS = ("requests_per_month", "requests_per_day", "requests_per_second")
MAX_OVERRIDE_CHARS = 1000
_SURROGATE = re.compile("[\ud800-\udfff]")  # bytes that were not UTF-8, kept by Python

Path = tuple[str | int, ...]


def _shown(text: str) -> str:
    """An override as messages name it: `--set KEY=VALUE`, a long one cut short."""
    return f"--set {text if len(text) <= 100 else f'{text[:60]}…{text[-20:]}'}"


def _fail(text: str, problem: str) -> InputError:
    return InputError(f"{_shown(text)}: {problem}")


def split(text: str) -> tuple[list[str], str]:
    """`a.b.c=value` → (['a', 'b', 'c'], 'value'), or an error naming the override."""
    if _SURROGATE.search(text):
        raise _fail(text, "not valid UTF-8 text; give the key and value in UTF-8")
    if len(text) > MAX_OVERRIDE_CHARS:
        raise _fail(text, f"longer than {MAX_OVERRIDE_CHARS} characters")
    key, sep, value = text.partition("=")
    parts = key.strip().split(".")
    if not sep or not all(p.strip() for p in parts):
        raise _fail(
            text,
            "expected KEY=VALUE with a dotted scenario key, e.g. functions.api.memory_mb=1024 "
            "or region=eu-west-1",
        )
    if not value.strip():
        raise _fail(text, "no value after '='; give one, e.g. memory_mb=1024")
    return [p.strip() for p in parts], value.strip()


def read_value(text: str, value: str) -> Any:
    """A value as the scenario file would read it, through the same bounded reader (numbers
    as exact Decimals and bounded, YAML 1.2 booleans and numbers, aliases and nesting
    bounded); an error names the override."""
    from lambdacalc.structured import load_yaml

    try:
        data, node = load_yaml(value, _shown(text), InputError, "a value", located=False)
    except InputError as exc:
        if "not valid YAML" not in str(exc):
            raise
        key = text.partition("=")[0].strip()
        quoted = f"""'{key}="{value}"'""" if '"' not in value and "'" not in value else "it"
        hint = f"; to give it as text, quote it in YAML: --set {quoted}"
        raise InputError(f"{exc}{hint}") from None
    return None if node is None else data


def _function_index(text: str, functions: Any, name: str) -> int:
    if isinstance(functions, list):
        for i, fn in enumerate(functions):
            if isinstance(fn, dict) and fn.get("name") == name:
                return i
        if name.isdigit() and int(name) < len(functions):
            return int(name)
        names = [str(f.get("name")) for f in functions if isinstance(f, dict)]
        raise _fail(text, f"no function named '{name}'; the functions are {', '.join(names)}")
    raise _fail(text, "the scenario has no `functions:` list to change")


def apply(data: Any, texts: Sequence[str]) -> tuple[Any, dict[Path, str]]:
    """`data` with every override applied, and each changed path → its override text.

    Containers on the way to a changed value are copied, never changed in place: a YAML
    alias shares one mapping between several places, and only the one named may change.
    """
    if not isinstance(data, dict):
        return data, {}  # not a scenario at all: validation says so
    root = dict(data)
    where: dict[Path, str] = {}
    for text in texts:
        parts, raw = split(text)
        value = read_value(text, raw)
        node: dict[str, Any] | list[Any] = root
        path: list[str | int] = []
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            if isinstance(node, list):
                index = _function_index(text, node, part)
                child = node[index]
                if not isinstance(child, dict):
                    raise _fail(text, f"{'.'.join(parts[:depth])}[{index}] is not a mapping")
                if last:
                    raise _fail(text, "name a setting of the function, e.g. .memory_mb=1024")
                node[index] = child = dict(child)
                path.append(index)
                node = child
                continue
            if last:
                if len(path) == 2 and path[0] == "functions" and part in RATE_KEYS:
                    for other in RATE_KEYS:
                        node.pop(other, None)  # one rate per function: this one replaces it
                node[part] = value
                path.append(part)
                break
            child = node.get(part)
            if child is None:
                child = [] if part == "functions" else {}
            elif not isinstance(child, (dict, list)):
                raise _fail(text, f"{'.'.join(parts[: depth + 1])} is a value, not a mapping")
            node[part] = child = dict(child) if isinstance(child, dict) else list(child)
            path.append(part)
            node = child
        where[tuple(path)] = text
    return root, where
