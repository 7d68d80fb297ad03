"""`lambdacalc import` of Lambda Managed Instances: a CloudFormation `AWS::Lambda::CapacityProvider`
and a function's `CapacityProviderConfig` (or SAM's forms of both) become the scenario's
`managed_instances` key, priced by the one LMI rule. Fixtures under tests/fixtures/iac/."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from lambdacalc.cli import app

ROOT = Path(__file__).resolve().parents[1]
IAC = ROOT / "tests" / "fixtures" / "iac"
TEMPLATE = str(IAC / "cfn-managed-instances.yaml")
USAGE = str(IAC / "cfn-managed-usage.yaml")
runner = CliRunner()


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "t.yaml"
    path.write_text(text)
    return str(path)


def test_a_capacity_provider_template_becomes_an_lmi_scenario() -> None:
    result = run("import", TEMPLATE, "--usage", USAGE)
    assert result.exit_code == 0, result.stderr
    (fn,) = yaml.safe_load(result.stdout)["functions"]
    assert fn["managed_instances"] == {
        "instance_type": "m7g.xlarge",  # the provider's AllowedInstanceTypes
        "runtime": "nodejs",  # from Runtime: nodejs22.x
        "per_environment_max_concurrency": 64,
        "memory_gib_per_vcpu": 2,
    }
    assert "# runs on Lambda Managed Instances of capacity provider ApiProvider" in result.stdout
    assert "not priced" not in result.stderr  # no longer the 'priced as standard' warning


def test_the_imported_lmi_function_is_priced_by_its_instances() -> None:
    # 100,000,000 requests of 200 ms: 100M ÷ 2,628,000 s = 38.05 a second × 0.2 s = 7.61 at
    # once, in environments of 64: 1, so AWS's minimum of 3 instances (m7g.xlarge) runs
    #   requests:        100,000,000 × $0.20/M = $20.00 (no free tier on LMI)
    #   EC2 instances:   3 × 730 h = 2,190 instance-hours × $0.1632 on demand = $357.408
    #   management fee:  2,190 × 15% × $0.1632 = 2,190 × $0.02448 = $53.6112
    #   total:           $20 + $357.408 + $53.6112 = $431.0192
    scenario = run("import", TEMPLATE, "--usage", USAGE).stdout
    priced = run("cost", "-", "-f", "json", input=scenario)
    assert priced.exit_code == 0, priced.stderr
    data = json.loads(priced.stdout, parse_float=Decimal)
    assert data["total_monthly_usd"] == Decimal("431.0192")


SAM = """Transform: AWS::Serverless-2016-10-31
Resources:
  Provider:
    Type: AWS::Serverless::CapacityProvider
    Properties:
      InstanceRequirements:
        AllowedInstanceTypes: [c7g.xlarge, m7g.xlarge]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      MemorySize: 2048
      Architectures: [arm64]
      Runtime: python3.13
      CapacityProviderConfig:
        Arn: !GetAtt Provider.Arn
        ExecutionEnvironmentMemoryGiBPerVCpu: {ratio}
"""


def test_sam_forms_and_the_first_of_several_allowed_types(tmp_path: Path) -> None:
    result = run("import", write(tmp_path, SAM.format(ratio="4.0")))
    assert result.exit_code == 0, result.stderr
    (fn,) = yaml.safe_load(result.stdout)["functions"]
    assert fn["managed_instances"] == {
        "instance_type": "c7g.xlarge",
        "runtime": "python",  # from Runtime: python3.13, for LMI's default concurrency
        "memory_gib_per_vcpu": 4,
    }
    assert (
        "# capacity provider Provider allows c7g.xlarge, m7g.xlarge: priced as c7g.xlarge, the "
        "first; change instance_type to price another" in result.stdout
    )


def test_a_value_out_of_range_is_reported_at_the_templates_line(tmp_path: Path) -> None:
    path = write(tmp_path, SAM.format(ratio="9"))
    result = run("import", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: {path}:16:47: functions[0].managed_instances.memory_gib_per_vcpu: "
    )


@pytest.mark.parametrize(
    ("provider", "arn", "message"),
    [
        ("InstanceRequirements: {Architectures: [arm64]}", "!GetAtt Provider.Arn",
         ":6:29: Resources.Provider.Properties.InstanceRequirements: capacity provider Provider "
         "has no AllowedInstanceTypes"),
        ("InstanceRequirements: {AllowedInstanceTypes: [m7g.xlarge]}",
         "arn:aws:lambda:us-east-1:123456789012:capacity-provider:shared",
         ":12:14: Resources.Fn.Properties.CapacityProviderConfig.Arn: the capacity provider is "
         "not one of this template's"),
        ("InstanceRequirements: {AllowedInstanceTypes: []}", "!GetAtt Provider.Arn",
         "AllowedInstanceTypes should be a list of EC2 instance types"),
    ],
)  # fmt: skip
def test_a_capacity_provider_lambdacalc_cannot_price_is_one_located_error(
    tmp_path: Path, provider: str, arn: str, message: str
) -> None:
    text = (
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Provider:\n"
        "    Type: AWS::Serverless::CapacityProvider\n    Properties:\n"
        f"      {provider}\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      MemorySize: 2048\n"
        f"      CapacityProviderConfig:\n        Arn: {arn}\n"
    )
    result = run("import", write(tmp_path, text))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr
