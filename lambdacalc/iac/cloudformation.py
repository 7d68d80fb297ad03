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

from lambdacalc.iac.model import Imported, ImportedFunction, TemplateError, shown, whole_number
from lambdacalc.iac.read import Located, Path

FUNCTION_TYPES = ("AWS::Lambda::Function", "AWS::Serverless::Function")
SNAPSTART_RUNTIMES = {"python": "python", "dotnet": "dotnet", "java": "java"}
STREAM_EVENTS = {"SQS": 10, "Kinesis": 100, "DynamoDB": 100, "MSK": 100}  # default BatchSize
ESM_DEFAULT_BATCH = 10
UNPRICED = ("CapacityProviderConfig", "TenancyConfig")  # Managed Instances, tenant isolation


class _Skip(Exception):
    pass


class _Unresolved(Exception):
    def __init__(self, path: Path, why: str) -> None:
        self.path = path
        self.why = why


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


class _Template:
    def __init__(self, located: Located, params: dict[str, Any]) -> None:
        self.located = located
        self.data = located.data
        self.params = params
        self.resources: dict[str, Any] = self.data.get("Resources") or {}
        globals_ = self.data.get("Globals")
        fn_globals = globals_.get("Function") if isinstance(globals_, dict) else None
        self.globals: dict[str, Any] = fn_globals if isinstance(fn_globals, dict) else {}
        self.problems: list[str] = []

    def where(self, path: Path) -> str:
        return self.located.where(path)

    # --- values --------------------------------------------------------------------------

    def resolve(self, value: Any, path: Path) -> Any:
        if isinstance(value, dict) and len(value) == 1:
            ((fn, arg),) = value.items()
            if fn == "Ref":
                return self._ref(arg, path)
            if fn == "Fn::FindInMap":
                return self._find_in_map(arg, path)
            if fn == "Fn::If":
                if not isinstance(arg, list) or len(arg) != 3:
                    raise _Unresolved(path, "!If needs [condition, value if true, value if false]")
                return self.resolve(arg[1] if self.condition(arg[0], path) else arg[2], path)
            if fn.startswith("Fn::") or fn == "Condition":
                short = "!" + fn.removeprefix("Fn::")
                raise _Unresolved(path, f"{short} cannot be worked out before deployment")
        return value

    def condition(self, name: Any, path: Path, depth: int = 0) -> bool:
        """A named condition of the template's Conditions, worked out from parameters."""
        conditions = self.data.get("Conditions")
        if not isinstance(name, str) or not isinstance(conditions, dict) or name not in conditions:
            raise _Unresolved(path, f"condition {name!r} is not in the template's Conditions")
        if depth > 20:
            raise _Unresolved(path, f"condition {name} refers to itself")
        return self._truth(conditions[name], ("Conditions", name), depth + 1)

    def _truth(self, expr: Any, path: Path, depth: int) -> bool:
        if isinstance(expr, dict) and len(expr) == 1:
            ((fn, arg),) = expr.items()
            args = arg if isinstance(arg, list) else [arg]
            if fn == "Fn::Equals" and len(args) == 2:
                a, b = (self.resolve(x, path) for x in args)
                return str(a) == str(b)  # CloudFormation compares parameter values as text
            if fn == "Fn::Not" and len(args) == 1:
                return not self._truth(args[0], path, depth)
            if fn == "Fn::And":
                return all(self._truth(x, path, depth) for x in args)
            if fn == "Fn::Or":
                return any(self._truth(x, path, depth) for x in args)
            if fn == "Condition":
                return self.condition(arg, path, depth)
        raise _Unresolved(path, "a condition lambdacalc cannot work out (Equals, Not, And, Or)")

    def _ref(self, name: Any, path: Path) -> Any:
        if not isinstance(name, str):
            raise _Unresolved(path, "!Ref needs a name")
        if name in self.params:
            return self.params[name]
        parameters = self.data.get("Parameters")
        declared = parameters.get(name) if isinstance(parameters, dict) else None
        if isinstance(declared, dict):
            if "Default" in declared:
                return declared["Default"]
            raise _Unresolved(
                path, f"!Ref {name}: the parameter has no Default; pass --param {name}=VALUE"
            )
        if name in self.resources:
            raise _Unresolved(path, f"!Ref {name} is a resource, not a value")
        raise _Unresolved(path, f"!Ref {name}: no such parameter; pass --param {name}=VALUE")

    def _find_in_map(self, args: Any, path: Path) -> Any:
        if not isinstance(args, list) or len(args) != 3:
            raise _Unresolved(path, "!FindInMap needs [map, top key, second key]")
        keys = [self.resolve(a, path) for a in args]
        try:
            return self.data["Mappings"][keys[0]][keys[1]][keys[2]]
        except (KeyError, TypeError):
            raise _Unresolved(path, f"!FindInMap {keys}: no such entry in Mappings") from None

    def prop(self, resource: str, *keys: str) -> tuple[Any, Path] | None:
        """A property of a function, else of SAM's Globals.Function (SAM functions only)."""
        res = self.resources[resource]
        at: Path = ("Resources", resource, "Properties")
        places: list[tuple[Any, Path]] = [(mapping(res.get("Properties"), at, "Properties"), at)]
        if res.get("Type") == "AWS::Serverless::Function":
            places.append((self.globals, ("Globals", "Function")))
        for node, base in places:
            for key in keys:
                node = mapping(self.resolve(node, base), base, _dotted(base[2:]) or "Properties")
                if key not in node:
                    node = None
                    break
                node = node[key]
                base = (*base, key)
            if node is not None:
                return self.resolve(node, base), base
        return None

    def number(self, value: Any, path: Path, what: str) -> int:
        value = self.resolve(value, path)
        number = whole_number(value, text_ok=True)  # CloudFormation takes "512" too
        if number is None:
            raise _Unresolved(path, f"{what} should be a whole number (got {shown(value)})")
        return number

    def is_function(self, lid: str) -> bool:
        res = self.resources.get(lid)
        return isinstance(res, dict) and res.get("Type") in FUNCTION_TYPES

    def target(self, value: Any, path: Path) -> str | None:
        """The logical ID of the function a FunctionName / TargetFunctionArn points at."""
        if isinstance(value, dict) and len(value) == 1:
            ((fn, arg),) = value.items()
            if fn == "Ref" and arg in self.resources:
                return str(arg)
            if fn == "Fn::GetAtt":
                parts = arg if isinstance(arg, list) else str(arg).split(".")
                if parts and parts[0] in self.resources:
                    return str(parts[0])
        try:
            literal = self.resolve(value, path)
        except _Unresolved:
            return None
        for lid, res in self.resources.items():
            if (
                isinstance(res, dict)
                and res.get("Type") in FUNCTION_TYPES
                and isinstance(res.get("Properties"), dict)
                and res["Properties"].get("FunctionName") == literal
            ):
                return lid
        return None


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


def mapping(value: Any, path: Path, what: str) -> dict[str, Any]:
    """`value` when it is a mapping (absent: empty), else the template's shape is wrong."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Unresolved(path, f"{what} should be a mapping of keys to values")
    return value


def _dotted(path: Path) -> str:
    return ".".join(str(p) for p in path)


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
