"""Lambda Managed Instances in a CloudFormation or SAM template → the scenario's
`managed_instances` key.

A function runs on Managed Instances when it has a `CapacityProviderConfig`:
CloudFormation's `AWS::Lambda::Function` nests `CapacityProviderArn`,
`ExecutionEnvironmentMemoryGiBPerVCpu` and `PerExecutionEnvironmentMaxConcurrency` under
`LambdaManagedInstancesCapacityProviderConfig`
(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-lambdamanagedinstancescapacityproviderconfig.html);
SAM's `AWS::Serverless::Function` takes them directly, the ARN as `Arn`
(https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-capacityproviderconfig.html).
The ARN names an `AWS::Lambda::CapacityProvider` (or SAM's `AWS::Serverless::CapacityProvider`)
of the template, whose `InstanceRequirements.AllowedInstanceTypes` gives the instance type
(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-capacityprovider-instancerequirements.html).
The instance-hours are not in the template: `cost` derives them from the load (requests and
duration from the usage file), or the scenario's `instance_hours_per_month` gives them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from lambdacalc.iac.cfn_template import _Template, _Unresolved, mapping
from lambdacalc.iac.model import shown
from lambdacalc.iac.read import Path

CAPACITY_PROVIDER_TYPES = ("AWS::Lambda::CapacityProvider", "AWS::Serverless::CapacityProvider")
_CFN_NESTED = "LambdaManagedInstancesCapacityProviderConfig"
_RUNTIMES = ("nodejs", "python", "java", "dotnet")  # Lambda runtime name prefixes


def managed_instances(
    t: _Template, lid: str
) -> tuple[dict[str, Any], dict[tuple[str, ...], str], list[str]] | None:
    """The function's `managed_instances` settings, where each came from, and notes for the
    scenario file; None when the function has no CapacityProviderConfig."""
    found = t.prop(lid, "CapacityProviderConfig")
    if found is None:
        return None
    config, path = found
    config = mapping(config, path, "CapacityProviderConfig")
    if _CFN_NESTED in config:  # CloudFormation
        base: Path = (*path, _CFN_NESTED)
        props = mapping(t.resolve(config[_CFN_NESTED], base), base, _CFN_NESTED)
        arn_key = "CapacityProviderArn"
    else:  # SAM
        base, props, arn_key = path, config, "Arn"
    if arn_key not in props:
        raise _Unresolved(base, f"CapacityProviderConfig without {arn_key}")
    provider = _provider(t, props[arn_key], (*base, arn_key))
    instance_type, at, notes = _instance_type(t, provider)
    settings: dict[str, Any] = {"instance_type": instance_type}
    origins = {("managed_instances",): t.where(path), ("managed_instances", "instance_type"): at}
    runtime = t.prop(lid, "Runtime")  # sets LMI's default concurrency per vCPU
    family = next((f for f in _RUNTIMES if runtime and str(runtime[0]).startswith(f)), None)
    if runtime is not None and family is not None:
        settings["runtime"] = family
        origins[("managed_instances", "runtime")] = t.where(runtime[1])
    key = "PerExecutionEnvironmentMaxConcurrency"
    if key in props:
        settings["per_environment_max_concurrency"] = t.number(props[key], (*base, key), key)
        origins[("managed_instances", "per_environment_max_concurrency")] = t.where((*base, key))
    key = "ExecutionEnvironmentMemoryGiBPerVCpu"
    if key in props:
        settings["memory_gib_per_vcpu"] = _decimal(t, props[key], (*base, key), key)
        origins[("managed_instances", "memory_gib_per_vcpu")] = t.where((*base, key))
    notes.insert(
        0,
        f"runs on Lambda Managed Instances of capacity provider {provider}: instance-hours "
        "are derived from the load unless managed_instances.instance_hours_per_month is given",
    )
    return settings, origins, notes


def _provider(t: _Template, value: Any, path: Path) -> str:
    """The logical ID of the capacity provider a CapacityProviderArn points at."""
    if isinstance(value, dict) and len(value) == 1:
        ((fn, arg),) = value.items()
        name = None
        if fn == "Ref":
            name = arg
        elif fn == "Fn::GetAtt":
            parts = arg if isinstance(arg, list) else str(arg).split(".")
            name = parts[0] if parts else None
        res = t.resources.get(name) if isinstance(name, str) else None
        if isinstance(res, dict) and res.get("Type") in CAPACITY_PROVIDER_TYPES:
            return str(name)
    raise _Unresolved(
        path,
        "the capacity provider is not one of this template's AWS::Lambda::CapacityProvider "
        "resources (use !GetAtt NAME.Arn), so its instance type is unknown; import a template "
        "that has it, or write managed_instances.instance_type in the scenario",
    )


def _instance_type(t: _Template, provider: str) -> tuple[str, str, list[str]]:
    """The provider's first allowed instance type, where it is, and a note when it allows
    more than one (lambdacalc prices one type)."""
    at: Path = ("Resources", provider, "Properties", "InstanceRequirements")
    props = mapping(t.resources[provider].get("Properties"), at[:3], "Properties")
    requirements = mapping(
        t.resolve(props.get("InstanceRequirements"), at), at, "InstanceRequirements"
    )
    allowed = requirements.get("AllowedInstanceTypes")
    at = (*at, "AllowedInstanceTypes")
    if allowed is None:
        raise _Unresolved(
            at[:-1],
            f"capacity provider {provider} has no AllowedInstanceTypes, so Lambda chooses the "
            "instances and lambdacalc cannot price them; list the type(s) it may use",
        )
    allowed = t.resolve(allowed, at)
    if not isinstance(allowed, list) or not allowed:
        raise _Unresolved(at, "AllowedInstanceTypes should be a list of EC2 instance types")
    names = [t.resolve(a, (*at, i)) for i, a in enumerate(allowed)]
    if not all(isinstance(n, str) for n in names):
        raise _Unresolved(at, f"AllowedInstanceTypes should be names (got {shown(names)})")
    notes = []
    if len(names) > 1:
        notes.append(
            f"capacity provider {provider} allows {', '.join(names)}: priced as {names[0]}, the "
            "first; change instance_type to price another"
        )
    return names[0], t.where((*at, 0)), notes


def _decimal(t: _Template, value: Any, path: Path, what: str) -> Decimal:
    value = t.resolve(value, path)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise _Unresolved(path, f"{what} should be a number (got {shown(value)})")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _Unresolved(path, f"{what} should be a number (got {shown(value)})") from None
    if not number.is_finite():
        raise _Unresolved(path, f"{what} should be a number (got {shown(value)})")
    return number
