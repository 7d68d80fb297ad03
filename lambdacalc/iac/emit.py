"""The imported scenario as a commented YAML file that `cost` loads."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from lambdacalc.printable import json_safe, printable

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.:/-]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in value.items()) + "}"
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    # A JSON string is a YAML string; the controls JSON leaves raw (C1, bidi, lone
    # surrogates) as escapes too, which YAML reads back and a terminal does not act on.
    return json_safe(json.dumps(text, ensure_ascii=False))


def _lines(value: dict[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    out = []
    for key, v in value.items():
        if isinstance(v, dict) and v:
            out.append(f"{pad}{scalar(key)}:")
            out.extend(_lines({str(k): x for k, x in v.items()}, indent + 2))
        else:
            out.append(f"{pad}{scalar(key)}: {scalar(v)}")
    return out


def comment(text: str) -> str:
    """One comment line; user text in it (names, paths) printed literally, escaped."""
    return "# " + printable(text)


def scenario_text(
    header: list[str], top: dict[str, Any], functions: list[tuple[list[str], dict[str, Any]]]
) -> str:
    """YAML: `header` comment lines, the top-level keys, then each function with its comments."""
    out = [comment(h) for h in header]
    out += _lines(top, 0)
    out.append("functions:")
    for notes, fn in functions:
        out += ["  " + comment(n) for n in notes]
        body = _lines(fn, 4)
        body[0] = "  - " + body[0][4:]
        out += body
    return "\n".join(out) + "\n"
