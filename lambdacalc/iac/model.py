"""The records every reader produces and the error they raise."""

from __future__ import annotations

from typing import Any, NamedTuple

from lambdacalc.errors import LambdacalcError


class TemplateError(LambdacalcError):
    """A template, plan or usage file lambdacalc cannot import."""


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
