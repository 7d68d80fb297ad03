"""CloudFormation and SAM templates (and `cdk synth` / `serverless package` output, which
are CloudFormation) → imported functions.

Read: `AWS::Lambda::Function` and `AWS::Serverless::Function` (SAM's `Globals.Function`
merged under each function: the function's own value wins, mappings merge key by key),
`MemorySize`, `Architectures`, `EphemeralStorage.Size`, `ReservedConcurrentExecutions`,
provisioned concurrency (SAM's `ProvisionedConcurrencyConfig`, or an `AWS::Lambda::Alias` /
`AWS::Lambda::Version` pointing at the function), `SnapStart`, function URLs streaming
responses, and SQS/Kinesis/DynamoDB event sources (SAM `Events` or
`AWS::Lambda::EventSourceMapping`). `Ref` to a parameter resolves to `--param` or its
`Default`, `Fn::FindInMap` to the template's Mappings; anything else a setting needs stays
unresolved and is reported at its line.
"""

from __future__ import annotations

from typing import Any

from lambdacalc.iac.cfn_template import (
    FUNCTION_TYPES,
    _dotted,
    _Skip,
    _Template,
    _Unresolved,
    mapping,
)
from lambdacalc.iac.model import Imported, ImportedFunction, TemplateError
from lambdacalc.iac.read import Located, Path

SNAPSTART_RUNTIMES = {"python": "python", "dotnet": "dotnet", "java": "java"}
STREAM_EVENTS = {"SQS": 10, "Kinesis": 100, "DynamoDB": 100, "MSK": 100}  # default BatchSize
ESM_DEFAULT_BATCH = 10
UNPRICED = ("TenancyConfig",)  # tenant isolation: its environments are usage


def is_template(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("Resources"), dict)
        and (
            "AWSTemplateFormatVersion" in data
            or "Transform" in data
            or any(
                isinstance(r, dict) and str(r.get("Type", "")).startswith(("AWS::", "Custom::"))
                for r in data["Resources"].values()
            )
        )
    )


def read_template(located: Located, params: dict[str, Any]) -> Imported:
    t = _Template(located, params)
    if not isinstance(t.resources, dict):
        raise TemplateError(f"{t.where(('Resources',))}: Resources should be a mapping")
    functions: dict[str, ImportedFunction] = {}
    for lid, res in t.resources.items():
        if isinstance(res, dict) and res.get("Type") in FUNCTION_TYPES:
            try:
                functions[lid] = _function(t, lid, res)
            except _Unresolved as exc:
                t.problems.append(f"{t.where(exc.path)}: {_dotted(exc.path)}: {exc.why}")
    for lid, res in t.resources.items():
        if isinstance(res, dict):
            try:
                _attach(t, lid, res, functions)
            except _Skip:
                pass
            except _Unresolved as exc:
                t.problems.append(f"{t.where(exc.path)}: {_dotted(exc.path)}: {exc.why}")
    for lid, fn in functions.items():  # Lambda Managed Instances (lambdacalc.iac.cfn_managed)
        try:
            _add_managed_instances(t, lid, fn)
        except _Unresolved as exc:
            t.problems.append(f"{t.where(exc.path)}: {_dotted(exc.path)}: {exc.why}")
    if t.problems:
        raise TemplateError("\n".join(t.problems))
    if not functions:
        raise TemplateError(
            f"{located.display}: no AWS::Lambda::Function or AWS::Serverless::Function in "
            "Resources; nothing to price"
        )
    warnings = []
    for f in functions.values():
        for key in UNPRICED:
            try:
                present = t.prop(f.key, key) is not None
            except _Unresolved:
                present = True  # set, to something worked out at deployment
            if present:
                warnings.append(
                    f"{f.where}: {f.key}: {key} (Lambda Managed Instances or tenant isolation) "
                    "is not priced by lambdacalc; the function is priced as a standard one"
                )
    return Imported(located.display, "CloudFormation", list(functions.values()), warnings)


def _add_managed_instances(t: _Template, lid: str, fn: ImportedFunction) -> None:
    from lambdacalc.iac.cfn_managed import managed_instances

    found = managed_instances(t, lid)
    if found is not None:
        fn.settings["managed_instances"], origins, notes = found
        fn.origins.update(origins)
        fn.notes.extend(notes)


def _function(t: _Template, lid: str, res: dict[str, Any]) -> ImportedFunction:
    settings: dict[str, Any] = {}
    origins: dict[tuple[str, ...], str] = {}
    notes: list[str] = []

    def put(key: str, value: Any, path: Path) -> None:
        settings[key] = value
        origins[(key,)] = t.where(path)

    memory = t.prop(lid, "MemorySize")
    if memory is not None:
        put("memory_mb", t.number(memory[0], memory[1], "MemorySize"), memory[1])
    else:
        put("memory_mb", 128, ("Resources", lid))  # Lambda's default
        notes.append("MemorySize not set: Lambda's default, 128 MB")
    arch = t.prop(lid, "Architectures")
    if arch is not None:
        value, path = arch
        if not isinstance(value, list) or len(value) != 1:
            raise _Unresolved(path, "Architectures should be a list of one: [x86_64] or [arm64]")
        put("architecture", t.resolve(value[0], (*path, 0)), (*path, 0))
    storage = t.prop(lid, "EphemeralStorage", "Size")
    if storage is not None:
        put("ephemeral_storage_mb", t.number(*storage, "EphemeralStorage.Size"), storage[1])
    reserved = t.prop(lid, "ReservedConcurrentExecutions")
    if reserved is not None:
        put(
            "reserved_concurrency", t.number(*reserved, "ReservedConcurrentExecutions"), reserved[1]
        )
    pc = t.prop(lid, "ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions")
    if pc is not None:
        if t.prop(lid, "AutoPublishAlias") is None:
            raise _Unresolved(
                pc[1], "SAM applies ProvisionedConcurrencyConfig only with AutoPublishAlias; add it"
            )
        count = t.number(*pc, "ProvisionedConcurrentExecutions")
        settings["provisioned_concurrency"] = {"count": count}
        origins[("provisioned_concurrency",)] = t.where(pc[1])
    snapstart = _snapstart(t, lid)
    if snapstart is not None:
        settings["snapstart"] = {"runtime": snapstart[0]}
        origins[("snapstart",)] = t.where(snapstart[1])
    mode = t.prop(lid, "FunctionUrlConfig", "InvokeMode")
    if mode is not None and mode[0] == "RESPONSE_STREAM":
        notes.append(_STREAM_NOTE)
    batch = _sam_events(t, lid, notes, settings, origins)
    where = t.where(("Resources", lid))
    origins[()] = where
    return ImportedFunction(lid, str(res["Type"]), where, settings, origins, notes, batch)


def _snapstart(t: _Template, lid: str) -> tuple[str, Path] | None:
    """The scenario's SnapStart runtime (and where it is set), when it applies to versions."""
    snap = t.prop(lid, "SnapStart", "ApplyOn")
    if snap is None or snap[0] != "PublishedVersions":
        return None
    runtime = t.prop(lid, "Runtime")
    family = str(runtime[0]) if runtime else ""
    kind = next((v for k, v in SNAPSTART_RUNTIMES.items() if family.startswith(k)), None)
    if kind is None:
        raise _Unresolved(
            snap[1],
            f"SnapStart with runtime {family or 'unknown'}: lambdacalc prices SnapStart for "
            "Python, .NET and Java",
        )
    return kind, snap[1]


def _sam_events(
    t: _Template,
    lid: str,
    notes: list[str],
    settings: dict[str, Any],
    origins: dict[tuple[str, ...], str],
) -> int | None:
    """SAM queue and stream events: notes, and the batch size of the last one. An SQS event's
    ScalingConfig.MaximumConcurrency becomes the scenario's `sqs.maximum_concurrency`, which
    `concurrency` uses to cap the function's demand and model the queue's ramp."""
    batch = None
    events = t.prop(lid, "Events")
    if events is not None:
        for name, event in mapping(events[0], events[1], "Events").items():
            event = mapping(event, (*events[1], name), f"Events.{name}")
            if event.get("Type") in STREAM_EVENTS:
                base = (*events[1], name, "Properties")
                props = mapping(event.get("Properties"), base, f"Events.{name}.Properties")
                batch = _event_source(t, notes, str(event["Type"]), props, base)
                scaling = props.get("ScalingConfig")
                if (
                    event["Type"] == "SQS"
                    and isinstance(scaling, dict)
                    and "MaximumConcurrency" in scaling
                ):
                    at = (*base, "ScalingConfig", "MaximumConcurrency")
                    most = t.number(scaling["MaximumConcurrency"], at, "MaximumConcurrency")
                    settings["sqs"] = {"maximum_concurrency": most}
                    origins[("sqs", "maximum_concurrency")] = t.where(at)
    return batch


_STREAM_NOTE = (
    "streams responses (InvokeMode RESPONSE_STREAM): give response_streaming.bytes_per_request "
    "in its usage to price bytes beyond 6 MB a response"
)


def _event_source(
    t: _Template, notes: list[str], kind: str, props: dict[str, Any], base: Path
) -> int:
    size = props.get("BatchSize")
    batch = (
        STREAM_EVENTS.get(kind, ESM_DEFAULT_BATCH)
        if size is None
        else t.number(size, (*base, "BatchSize"), "BatchSize")
    )
    text = f"{kind} event source: batches of up to {batch}"
    scaling = mapping(props.get("ScalingConfig"), (*base, "ScalingConfig"), "ScalingConfig")
    if "MaximumConcurrency" in scaling:
        most = t.number(
            scaling["MaximumConcurrency"], (*base, "ScalingConfig"), "MaximumConcurrency"
        )
        text += f", at most {most} concurrent"
    if "ParallelizationFactor" in props:
        factor = t.number(
            props["ParallelizationFactor"],
            (*base, "ParallelizationFactor"),
            "ParallelizationFactor",
        )
        text += f", {factor} batches per shard at once"
    notes.append(text + "; usage messages_per_month / batch size gives its requests")
    return batch


def _attach(
    t: _Template, lid: str, res: dict[str, Any], functions: dict[str, ImportedFunction]
) -> None:
    """Resources that configure a function from outside it: aliases, versions, URLs, ESMs."""
    kind = res.get("Type")
    base: Path = ("Resources", lid, "Properties")
    if kind not in (
        "AWS::Lambda::Alias",
        "AWS::Lambda::Version",
        "AWS::Lambda::Url",
        "AWS::Lambda::EventSourceMapping",
    ):
        return
    props = mapping(res.get("Properties"), base, "Properties")
    if kind in ("AWS::Lambda::Alias", "AWS::Lambda::Version"):
        at_pc = (*base, "ProvisionedConcurrencyConfig")
        pc = mapping(
            props.get("ProvisionedConcurrencyConfig"), at_pc, "ProvisionedConcurrencyConfig"
        )
        if "ProvisionedConcurrentExecutions" not in pc:
            return
        target = _target(t, props, base, "FunctionName", kind, functions)
        at = (*base, "ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions")
        count = t.number(
            pc["ProvisionedConcurrentExecutions"], at, "ProvisionedConcurrentExecutions"
        )
        fn = functions[target]
        current = fn.settings.get("provisioned_concurrency", {}).get("count", 0)
        if current:
            fn.notes.append("provisioned concurrency summed over its aliases and versions")
        fn.settings["provisioned_concurrency"] = {"count": current + count}
        fn.origins[("provisioned_concurrency",)] = t.where(at)
        fn.notes.append(f"provisioned concurrency from {kind} {lid}")
    elif kind == "AWS::Lambda::Url":
        if props.get("InvokeMode") == "RESPONSE_STREAM":
            target = _target(t, props, base, "TargetFunctionArn", kind, functions)
            functions[target].notes.append(_STREAM_NOTE)
    elif kind == "AWS::Lambda::EventSourceMapping":
        target = _target(t, props, base, "FunctionName", kind, functions)
        fn = functions[target]
        batch = _event_source(t, fn.notes, "Event source mapping", props, base)
        functions[target] = fn._replace(batch_size=batch)


def _target(
    t: _Template,
    props: dict[str, Any],
    base: Path,
    key: str,
    kind: str,
    functions: dict[str, ImportedFunction],
) -> str:
    if key not in props:
        raise _Unresolved(base, f"{kind} without {key}")
    target = t.target(props[key], (*base, key))
    if target is not None and target not in functions and t.is_function(target):
        raise _Skip  # the function itself could not be read: reported already
    if target is None or target not in functions:
        raise _Unresolved(
            (*base, key), f"{key} does not name a function of this template (use !Ref or !GetAtt)"
        )
    return target
