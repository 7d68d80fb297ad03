"""The one YAML loader every reader shares (YAML 1.2 core schema, exact bounded numbers)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from lambdacalc.bounded_numbers import (
    MAX_NUMBER_CHARS,
    NUMBER_RANGE,
    NumberError,
    check_decimal,
    short,
    to_decimal,
    to_int,
)

_LOADER: Any = None

# Plain scalars whose meaning YAML 1.1 and YAML 1.2 readers disagree on.
_YAML11 = re.compile(
    r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N"
    r"|[-+]?0[0-9_]+"  # 017: octal in YAML 1.1, 17 in 1.2
    r"|[-+]?0b[01_]+"  # binary, YAML 1.1 only
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$"  # 12:30:00: base 60 in YAML 1.1
)
_YAML11_TAG = "tag:lambdacalc,2026:yaml11"
_DIGITS = list("-+0123456789")


def _yaml11_hint(text: str) -> str:
    if text.lower() in ("yes", "no", "on", "off", "y", "n"):
        return "write true or false, or quote it if you mean the text"
    if ":" in text:
        return "YAML 1.1 reads it as a base-60 number; write the plain number, or quote it"
    if "b" in text:
        return "write the number in decimal"
    return "YAML 1.1 reads a leading zero as octal; drop the leading zero, or quote it"


def loader_class() -> Any:
    """libyaml's safe loader (PyYAML's when libyaml is missing) with YAML 1.2 core-schema
    booleans, null and numbers (floats as exact Decimals, all numbers bounded), no
    timestamps, and the YAML 1.1-only forms refused."""
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    Loader.yaml_implicit_resolvers = {}
    resolvers = (
        (_YAML11_TAG, _YAML11, list("yYnNoO") + _DIGITS),
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
        (
            "tag:yaml.org,2002:int",
            r"^(?:[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+)$",
            _DIGITS,
        ),
        (
            "tag:yaml.org,2002:float",
            r"^(?:[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            [*_DIGITS, "."],
        ),
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("tag:yaml.org,2002:merge", r"^(?:<<)$", ["<"]),
    )
    for tag, pattern, first in resolvers:
        Loader.add_implicit_resolver(tag, re.compile(pattern), first)

    Loader.add_constructor(_YAML11_TAG, _construct_yaml11)
    Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
    _LOADER = Loader
    return _LOADER


def _problem(node: Any, message: str) -> Exception:
    import yaml

    err = yaml.constructor.ConstructorError(None, None, message, node.start_mark)
    err.refused = True  # type: ignore[attr-defined]  # a value, not the syntax
    return err


def _construct_yaml11(loader: Any, node: Any) -> Any:
    text = loader.construct_scalar(node)
    raise _problem(
        node,
        f"'{short(text)}' means different things in YAML 1.1 and 1.2; {_yaml11_hint(text)}",
    )


def _construct_int(loader: Any, node: Any) -> int:
    digits = node.value
    if type(digits) is str and len(digits) <= 18 and digits.isascii() and digits.isdigit():
        return int(digits)  # plain digits (most numbers): what to_int gives, sooner
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        if text.lower().startswith(("0x", "0o")):
            if len(text) > MAX_NUMBER_CHARS:
                raise NumberError(f"the number {short(text)} is too long; {NUMBER_RANGE}")
            value = int(text[2:], 16 if text[1] in "xX" else 8)
            check_decimal(Decimal(value), text)
            return value
        return to_int(text)
    except NumberError as exc:
        raise _problem(node, str(exc)) from None


def _construct_decimal(loader: Any, node: Any) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    special = {".nan": "NaN", ".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity"}
    try:
        return to_decimal(special.get(text.lower(), text))
    except NumberError as exc:
        raise _problem(node, str(exc)) from None
    except InvalidOperation:  # pragma: no cover  (the resolver only sends numbers)
        raise _problem(node, f"'{short(text)}' is not a number") from None
