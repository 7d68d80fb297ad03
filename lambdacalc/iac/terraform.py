"""Terraform plan JSON (`terraform show -json plan.out`) → imported functions.

Read from `planned_values`, in the root module and every child module:
`aws_lambda_function` (memory_size, architectures, ephemeral_storage, reserved concurrent
executions, snap_start), `aws_lambda_provisioned_concurrency_config`,
`aws_lambda_event_source_mapping` and `aws_lambda_function_url`. A resource that configures
a function names it by `function_name`: matched against the functions' planned names, else
through the plan's `configuration` references (`aws_lambda_function.worker.arn`).
Functions are keyed by their full address, e.g. `module.jobs.aws_lambda_function.worker`.
"""

from __future__ import annotations

import re
from typing import Any

from lambdacalc.iac.cloudformation import SNAPSTART_RUNTIMES, STREAM_EVENTS
from lambdacalc.iac.model import Imported, ImportedFunction, TemplateError, shown, whole_number

UNPRICED = ("capacity_provider_config", "tenancy_config")  # Managed Instances, tenant isolation
_STREAM_NOTE = (
    "streams responses (invoke_mode RESPONSE_STREAM): give response_streaming.bytes_per_request "
    "in its usage to price bytes beyond 6 MB a response"
)


def is_plan(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and "format_version" in data
        and ("planned_values" in data or "resource_changes" in data)
    )


def _resources(module: Any) -> list[dict[str, Any]]:
    """Every resource of a planned module and its child modules, depth first."""
    if not isinstance(module, dict):
        return []
    out = [r for r in _list(module.get("resources")) if isinstance(r, dict)]
    for child in _list(module.get("child_modules")):
        out.extend(_resources(child))
    return out


def _references(config: Any, prefix: str = "") -> dict[str, list[str]]:
    """Configuration address (without count/for_each index) -> function_name references,
    each made absolute with the module's address."""
    out: dict[str, list[str]] = {}
    if not isinstance(config, dict):
        return out
    for res in _list(config.get("resources")):
        if not isinstance(res, dict):
            continue
        refs = _dict(_dict(res.get("expressions")).get("function_name")).get("references")
        if isinstance(refs, list):
            out[prefix + str(res.get("address"))] = [prefix + str(r) for r in refs]
    for name, call in _dict(config.get("module_calls")).items():
        if isinstance(call, dict):
            out.update(_references(call.get("module"), f"{prefix}module.{name}."))
    return out


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _values(res: dict[str, Any], where: str) -> dict[str, Any]:
    values = res.get("values")
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise TemplateError(f"{where}: values should be a mapping; is this `terraform show -json`?")
    return values


def _unindexed(address: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", address)


def _first(value: Any) -> dict[str, Any]:
    """Terraform writes a nested block as a list of one mapping."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0]
    return {}


def _int(value: Any, where: str, what: str) -> int:
    number = whole_number(value)
    if number is None:
        raise TemplateError(f"{where}: {what} should be a whole number (got {shown(value)})")
    return number


def read_plan(display: str, data: dict[str, Any]) -> Imported:
    planned = _dict(data.get("planned_values")).get("root_module")
    resources = [r for r in _resources(planned) if r.get("mode", "managed") == "managed"]
    refs = _references(_dict(data.get("configuration")).get("root_module"))
    functions: dict[str, ImportedFunction] = {}
    by_name: dict[str, str] = {}
    for res in resources:
        if res.get("type") == "aws_lambda_function":
            fn = _function(display, res)
            functions[fn.key] = fn
            name = _dict(res.get("values")).get("function_name")
            if isinstance(name, str):
                by_name[name] = fn.key
    if not functions:
        raise TemplateError(f"{display}: no aws_lambda_function in the plan; nothing to price")
    problems: list[str] = []
    for res in resources:
        kind = res.get("type")
        if kind not in (
            "aws_lambda_provisioned_concurrency_config",
            "aws_lambda_event_source_mapping",
            "aws_lambda_function_url",
        ):
            continue
        address = str(res.get("address"))
        where = f"{display} ({address})"
        values = _values(res, where)
        target = _target(values, address, functions, by_name, refs)
        if target is None:
            problems.append(
                f"{where}: function_name does not name an aws_lambda_function of this plan"
            )
            continue
        fn = functions[target]
        if kind == "aws_lambda_provisioned_concurrency_config":
            count = _int(
                values.get("provisioned_concurrent_executions"),
                where,
                "provisioned_concurrent_executions",
            )
            current = fn.settings.get("provisioned_concurrency", {}).get("count", 0)
            fn.settings["provisioned_concurrency"] = {"count": current + count}
            fn.origins[("provisioned_concurrency",)] = where
            fn.notes.append(f"provisioned concurrency from {address}")
        elif kind == "aws_lambda_function_url":
            if values.get("invoke_mode") == "RESPONSE_STREAM":
                fn.notes.append(_STREAM_NOTE)
        else:
            functions[target] = _event_source_mapping(fn, values, address, where)
    if problems:
        raise TemplateError("\n".join(problems))
    warnings = [
        f"{display} ({res.get('address')}): {key} (Lambda Managed Instances or tenant "
        "isolation) is not priced by lambdacalc; the function is priced as a standard one"
        for res in resources
        if res.get("type") == "aws_lambda_function"
        for key in UNPRICED
        if _dict(res.get("values")).get(key)
    ]
    return Imported(display, "Terraform plan", list(functions.values()), warnings)


def _event_source_mapping(
    fn: ImportedFunction, values: dict[str, Any], address: str, where: str
) -> ImportedFunction:
    """An aws_lambda_event_source_mapping on `fn`: its batch size, and for SQS its cap on the
    queue's concurrency; the rest in a note."""
    batch = values.get("batch_size")
    arn = str(values.get("event_source_arn") or "")
    source = next((k for k in STREAM_EVENTS if f":{k.lower()}:" in arn), "Event source")
    size = STREAM_EVENTS.get(source, 10) if batch is None else _int(batch, where, "batch_size")
    text = f"{source} event source ({address}): batches of up to {size}"
    most = _first(values.get("scaling_config")).get("maximum_concurrency")
    if most is not None:
        text += f", at most {most} concurrent"
        if source == "SQS":  # the scenario's cap on the queue's concurrency
            fn.settings["sqs"] = {"maximum_concurrency": _int(most, where, "maximum_concurrency")}
            fn.origins[("sqs", "maximum_concurrency")] = where
    if values.get("parallelization_factor") is not None:
        text += f", {values['parallelization_factor']} batches per shard at once"
    fn.notes.append(text + "; usage messages_per_month / batch size gives its requests")
    return fn._replace(batch_size=size)


def _target(
    values: dict[str, Any],
    address: str,
    functions: dict[str, ImportedFunction],
    by_name: dict[str, str],
    refs: dict[str, list[str]],
) -> str | None:
    name = values.get("function_name")
    if isinstance(name, str):
        if name in by_name:
            return by_name[name]
        if name.startswith("arn:"):
            tail = name.split(":function:", 1)[-1].split(":", 1)[0]
            if tail in by_name:
                return by_name[tail]
    plain = {_unindexed(k): k for k in functions}
    for ref in refs.get(_unindexed(address), []):
        for candidate in (ref, ref.rsplit(".", 1)[0]):
            if candidate in plain:
                return plain[candidate]
    return None


def _function(display: str, res: dict[str, Any]) -> ImportedFunction:
    address = str(res.get("address"))
    where = f"{display} ({address})"
    values = _values(res, where)
    settings: dict[str, Any] = {}
    notes: list[str] = []
    memory = values.get("memory_size")
    if memory is None:
        notes.append("memory_size not set: Lambda's default, 128 MB")
        memory = 128
    settings["memory_mb"] = _int(memory, where, "memory_size")
    arches = values.get("architectures")
    if isinstance(arches, list) and arches:
        settings["architecture"] = arches[0]
    size = _first(values.get("ephemeral_storage")).get("size")
    if size is not None:
        settings["ephemeral_storage_mb"] = _int(size, where, "ephemeral_storage.size")
    reserved = values.get("reserved_concurrent_executions")
    if reserved is not None and reserved != -1:  # -1: no reservation
        settings["reserved_concurrency"] = _int(reserved, where, "reserved_concurrent_executions")
    if _first(values.get("snap_start")).get("apply_on") == "PublishedVersions":
        family = str(values.get("runtime") or "")
        kind = next((v for k, v in SNAPSTART_RUNTIMES.items() if family.startswith(k)), None)
        if kind is None:
            raise TemplateError(
                f"{where}: snap_start with runtime {family or 'unknown'}: "
                "lambdacalc prices SnapStart for Python, .NET and Java"
            )
        settings["snapstart"] = {"runtime": kind}
    origins: dict[tuple[str, ...], str] = {(): where}
    for key in settings:
        origins[(key,)] = where
    return ImportedFunction(address, "aws_lambda_function", where, settings, origins, notes)
