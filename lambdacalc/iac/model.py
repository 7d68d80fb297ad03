"""The records every reader produces and the error they raise."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

from lambdacalc.errors import LambdacalcError


class TemplateError(LambdacalcError):
    """A template, plan or usage file lambdacalc cannot import."""


_DIGITS = re.compile(r"[0-9]+")


def whole_number(value: Any, text_ok: bool = False) -> int | None:
    """`value` as a whole number, else None: an int, a whole finite Decimal or, with
    `text_ok`, ASCII digits in a string (CloudFormation takes numbers as strings too),
    bounded like every number lambdacalc reads."""
    from lambdacalc.structured import NumberError, to_int

    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)  # bounded when it was read: at most 1e1000
        return None
    if text_ok and isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        try:
            return to_int(value.strip())
        except NumberError:
            return None
    return None


def shown(value: Any) -> str:
    """A value as it reads in a file, for messages: 1E-999 rather than Decimal('1E-999'),
    long text cut short."""
    from lambdacalc.structured import short

    return short(str(value) if isinstance(value, (int, Decimal)) else repr(value))


class ImportedFunction(NamedTuple):
    key: str  # logical ID or Terraform address: the usage key and the scenario's name
    kind: str  # AWS::Serverless::Function, aws_lambda_function, …
    where: str  # FILE:LINE (or FILE (address)) of the resource
    settings: dict[str, Any]  # scenario keys: memory_mb, architecture, provisioned_concurrency…
    origins: dict[tuple[str, ...], str]  # a setting's path in `settings` -> where it came from
    notes: list[str]  # comments for the scenario file: event sources, streaming, …
    batch_size: int | None = None  # of its queue or stream event source, for messages_per_month


class Imported(NamedTuple):
    source: str  # the template's path as given
    kind: str  # "CloudFormation" or "Terraform plan"
    functions: list[ImportedFunction]
    warnings: list[str]
