"""A template or plan (and its usage) → scenario data, its commented text, and where every
value came from, so that the scenario loader's errors name the template's lines."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from lambdacalc.iac.emit import scenario_text
from lambdacalc.iac.model import Imported, ImportedFunction, TemplateError
from lambdacalc.iac.usage import UsageEntry, read_usage
from lambdacalc.overrides import RATE_KEYS

if TYPE_CHECKING:
    from lambdacalc.scenario import LoadedScenario

NO_USAGE = {"requests_per_month": 0, "duration_ms": 1}  # fixed charges only


class Converted(NamedTuple):
    data: dict[str, Any]
    text: str
    origins: dict[tuple[str | int, ...], str]
    warnings: list[str]
    imported: Imported


def is_infrastructure(data: Any) -> bool:
    from lambdacalc.iac.cloudformation import is_template
    from lambdacalc.iac.terraform import is_plan

    return is_template(data) or is_plan(data)


def read_infrastructure(path: str, params: dict[str, Any]) -> Imported:
    from lambdacalc.iac.cloudformation import is_template, read_template
    from lambdacalc.iac.read import read
    from lambdacalc.iac.terraform import is_plan, read_plan

    located = read(path)
    if is_plan(located.data):
        return read_plan(located.display, located.data)
    if is_template(located.data):
        return read_template(located, params)
    raise TemplateError(
        f"{located.display}: neither a CloudFormation/SAM template (with Resources) nor a "
        "Terraform plan (terraform show -json plan.out); check the file"
    )


def convert(
    path: str,
    usage_path: str | None = None,
    params: dict[str, Any] | None = None,
    region: str = "us-east-1",
) -> Converted:
    # pseudo parameters a setting may use; --param overrides them
    known = {"AWS::Region": region, "AWS::Partition": "aws", **(params or {})}
    imported = read_infrastructure(path, known)
    keys = [f.key for f in imported.functions]
    usage: dict[str, UsageEntry] = {}
    warnings = list(imported.warnings)
    if usage_path is not None:
        usage, more = read_usage(usage_path, keys)
        warnings += more
    functions: list[dict[str, Any]] = []
    origins: dict[tuple[str | int, ...], str] = {}
    texts: list[tuple[list[str], dict[str, Any]]] = []
    idle = []
    for i, fn in enumerate(imported.functions):
        settings, notes, where = _merge(fn, usage.get(fn.key))
        if fn.key not in usage:
            idle.append(fn.key)
        for path_, origin in where.items():
            origins[("functions", i, *path_)] = origin
        functions.append(settings)
        texts.append(([f"{fn.key}: {fn.kind} at {fn.where}", *notes], settings))
    if idle:
        warnings.append(
            f"no usage for {', '.join(idle)}: priced for fixed charges only (provisioned "
            "concurrency, SnapStart cache); give their requests and duration_ms in --usage"
        )
    stem = "stdin" if path == "-" else Path(path).stem
    top = {"name": stem, "region": region}
    header = [
        f"Imported by `lambdacalc import` from {imported.source} ({imported.kind})"
        + (f"; usage from {usage_path}" if usage_path else "")
        + ".",
        "Infrastructure code holds no traffic: check the requests and durations below.",
    ]
    text = scenario_text(header, top, texts)
    return Converted({**top, "functions": functions}, text, origins, warnings, imported)


def _merge(
    fn: ImportedFunction, usage: UsageEntry | None
) -> tuple[dict[str, Any], list[str], dict[tuple[str, ...], str]]:
    settings: dict[str, Any] = {"name": fn.key, **fn.settings}
    notes = list(fn.notes)
    origins = dict(fn.origins)
    if usage is None:
        settings.update(NO_USAGE)
        notes.append("no usage given: priced for fixed charges only")
        return settings, notes, origins
    extra = dict(usage.settings)
    messages = extra.pop("messages_per_month", None)
    if messages is not None:
        at = usage.origins[("messages_per_month",)]
        if fn.batch_size is None:
            raise TemplateError(
                f"{at}: {fn.key}.messages_per_month: the function has no queue or stream event "
                "source in the template; give requests_per_month instead"
            )
        if any(k in extra for k in RATE_KEYS):
            raise TemplateError(
                f"{at}: {fn.key}: give messages_per_month or a request rate, not both"
            )
        if isinstance(messages, bool) or not isinstance(messages, (int, Decimal)) or messages < 0:
            raise TemplateError(f"{at}: {fn.key}.messages_per_month: expected a number of messages")
        extra["requests_per_month"] = Decimal(messages) / fn.batch_size
        origins[("requests_per_month",)] = at
        notes.append(
            f"requests_per_month = {messages} messages ÷ batches of {fn.batch_size} (full batches)"
        )
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(settings.get(key), dict):
            settings[key] = {**settings[key], **value}
        else:
            settings[key] = value
    origins.update(usage.origins)
    origins[()] = usage.where  # a function-wide problem (no rate, no duration) is its usage's
    return settings, notes, origins


def load_converted(converted: Converted, display: str) -> LoadedScenario:
    """The converted scenario through the scenario loader: validated
    like a file, each error located in the template or usage file a value came from."""
    from lambdacalc.scenario import Source, load_data

    source = Source(display, converted.text, False, origins=converted.origins)
    return load_data(converted.data, source, str(converted.data["name"]))


def sniff(path: str) -> bool:
    """Is `path` a template or plan rather than a scenario? (Reads it; `-` is a scenario.)"""
    if path == "-":
        return False
    from lambdacalc.iac.read import read

    try:
        return is_infrastructure(read(path, "scenario or template").data)
    except TemplateError:
        return False  # the scenario reader will say what is wrong with it
