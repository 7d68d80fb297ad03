"""`lambdacalc import`: infrastructure code (SAM/CloudFormation, CDK synth, Serverless
package, Terraform plan) → a scenario the cost engine prices. The fixtures under
tests/fixtures/iac/ were written for these tests; every total is worked by hand below from
the bundled us-east-1 prices."""

from __future__ import annotations

import contextlib
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.errors import LambdacalcError
from lambdacalc.iac.convert import convert, load_converted

ROOT = Path(__file__).resolve().parents[1]
IAC = ROOT / "tests" / "fixtures" / "iac"
runner = CliRunner()


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def fx(name: str) -> str:
    return str(IAC / name)


def imported_total(template: str, usage: str | None, *extra: str) -> Decimal:
    args = ["import", fx(template), *extra]
    if usage:
        args += ["--usage", fx(usage)]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    priced = run("cost", "-", "-f", "json", input=result.stdout)
    assert priced.exit_code == 0, priced.stderr
    return Decimal(str(json.loads(priced.stdout, parse_float=Decimal)["total_monthly_usd"]))


def test_sam_with_globals_and_provisioned_concurrency() -> None:
    # ApiFunction: MemorySize !Ref ApiMemory → its Default 1024; arm64 from Globals; PC 2
    #   PC:          2 × 1 GB × 730 h × 3,600 s = 5,256,000 GB-s × $0.0000033334 = $17.5203504
    #   PC duration: all 3,000,000 requests fit (capacity 2 × 2,628,000 s ÷ 0.1 s)
    #                3,000,000 × 0.1 s × 1 GB = 300,000 GB-s × $0.0000077778 = $2.33334
    # WorkerFunction: 256 MB from Globals, arm64, /tmp 1,024 MB, SQS batches of 5
    #   requests:    1,000,000 messages ÷ 5 = 200,000
    #   duration:    200,000 × 2 s × 0.25 GB = 100,000 GB-s, all within the free 400,000
    #   /tmp:        200,000 × 2 s × 0.5 GB above 512 MB = 200,000 GB-s × $0.0000000309
    #                = $0.00618
    # requests:      3,200,000 − 1,000,000 free = 2,200,000 × $0.20/M = $0.44
    # total:         $17.5203504 + $2.33334 + $0.00618 + $0.44 = $20.2998704
    assert imported_total("sam-globals-pc.yaml", "sam-usage.yaml") == Decimal("20.2998704")


def test_sam_scenario_text_is_commented_and_reads_globals() -> None:
    result = run("import", fx("sam-globals-pc.yaml"), "--usage", fx("sam-usage.yaml"))
    text = result.stdout
    assert text.startswith("# Imported by `lambdacalc import`")
    assert "  - name: ApiFunction\n    memory_mb: 1024\n    architecture: arm64\n" in text
    assert "    provisioned_concurrency:\n      count: 2\n" in text
    assert "# SQS event source: batches of up to 5, at most 20 concurrent" in text
    assert "    requests_per_month: 200000\n" in text
    assert result.stderr == ""


def test_cloudformation_json_with_an_alias_and_a_param() -> None:
    # Resizer: MemorySize !Ref ResizerMemory = 2048 (--param), x86_64, /tmp 2,048 MB,
    # PC 5 on the alias `live`
    #   PC:          5 × 2 GB × 2,628,000 s = 26,280,000 GB-s × $0.0000041667 = $109.500876
    #   PC duration: 500,000 × 0.8 s × 2 GB = 800,000 GB-s × $0.0000097222 = $7.77776
    #   /tmp:        500,000 × 0.8 s × 1.5 GB = 600,000 GB-s × $0.0000000309 = $0.01854
    #   requests:    500,000, within the free 1,000,000
    # total:         $109.500876 + $7.77776 + $0.01854 = $117.297176
    total = imported_total("cfn-alias.json", "cfn-usage.yaml", "--param", "ResizerMemory=2048")
    assert total == Decimal("117.297176")


def test_cdk_synth_output() -> None:
    # ApiHandler: arm64 512 MB, 10 req/s × 2,628,000 s = 26,280,000 requests × 0.05 s × 0.5 GB
    #   = 657,000 GB-s
    # StreamConsumer: arm64, no MemorySize → 128 MB; Kinesis batches of 100:
    #   26,280,000 records ÷ 100 = 262,800 requests × 0.2 s × 0.125 GB = 6,570 GB-s
    # duration: 663,570 − 400,000 free = 263,570 GB-s × $0.0000133334 = $3.514284238
    # requests: 26,542,800 − 1,000,000 free = 25,542,800 × $0.20/M = $5.10856
    # total:    $8.622844238
    assert imported_total("cdk-synth.template.json", "cdk-usage.yaml") == Decimal("8.622844238")


def test_serverless_package_output_with_snapstart_streaming_and_an_idle_function() -> None:
    # HelloLambdaFunction: python3.12, 1,024 MB, SnapStart on published versions
    #   SnapStart cache: 1 GB × 730 h × 3,600 s = 2,628,000 GB-s × $0.0000015046 = $3.9540888
    #   streaming: (7 MB − 6 MB free) × 1,000,000 = 976.5625 GB − 100 GB free = 876.5625 GB
    #              × $0.008 = $7.0125
    #   duration (500 ms, what 1 MB beyond 6 MB needs at 2 MB/s): 500,000 GB-s − 400,000
    #   free = 100,000 × $0.0000166667 = $1.66667; 1,000,000 requests: within the free tier
    # CronLambdaFunction: no usage → fixed charges only, none → $0
    # total: $3.9540888 + $7.0125 + $1.66667 = $12.6332588
    result = run("import", fx("serverless-package.json"), "--usage", fx("serverless-usage.yaml"))
    assert result.stderr.startswith("Warning: no usage for CronLambdaFunction: priced for fixed")
    assert len(result.stderr.splitlines()) == 1
    assert "streams responses (InvokeMode RESPONSE_STREAM)" in result.stdout
    total = imported_total("serverless-package.json", "serverless-usage.yaml")
    assert total == Decimal("12.6332588")


def test_terraform_plan_with_a_child_module() -> None:
    # aws_lambda_function.api: x86_64 512 MB, PC 1 (matched by function_name)
    #   PC:          0.5 GB × 2,628,000 s = 1,314,000 GB-s × $0.0000041667 = $5.4750438
    #   PC duration: 1,000,000 × 0.1 s × 0.5 GB = 50,000 GB-s × $0.0000097222 = $0.48611
    # module.jobs.aws_lambda_function.worker: arm64 2,048 MB, SQS batches of 10 (matched
    #   through the configuration's references): 500,000 ÷ 10 = 50,000 requests × 3 s × 2 GB
    #   = 300,000 GB-s, all within the free 400,000
    # requests: 1,050,000 − 1,000,000 free = 50,000 × $0.20/M = $0.01
    # total:    $5.4750438 + $0.48611 + $0.01 = $5.9711538
    assert imported_total("terraform-plan.json", "terraform-usage.yaml") == Decimal("5.9711538")


def test_without_usage_fixed_charges_only_and_one_warning() -> None:
    # SAM without usage: only ApiFunction's PC, $17.5203504 (see above); no requests
    result = run("import", fx("sam-globals-pc.yaml"))
    assert result.stderr.splitlines() == [
        "Warning: no usage for ApiFunction, WorkerFunction: priced for fixed charges only "
        "(provisioned concurrency, SnapStart cache); give their requests and duration_ms in "
        "--usage"
    ]
    assert imported_total("sam-globals-pc.yaml", None) == Decimal("17.5203504")


def test_output_file_is_loadable_and_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "scenario.yaml"
    args = [
        "import",
        fx("cdk-synth.template.json"),
        "--usage",
        fx("cdk-usage.yaml"),
        "-o",
        str(out),
    ]
    first = run(*args)
    assert first.exit_code == 0 and "Wrote" in first.stderr
    assert run("cost", str(out)).exit_code == 0
    again = run(*args)
    assert again.exit_code == 2
    assert again.stderr == f"Error: --output {out}: already exists; pass --force to overwrite it\n"
    assert run(*args, "--force").exit_code == 0


def test_diff_reads_templates(tmp_path: Path) -> None:
    # PC 5 → 10 on the alias adds 26,280,000 GB-s × $0.0000041667 = $109.500876
    tmp = IAC / "cfn-alias.json"
    text = tmp.read_text().replace(
        '"ProvisionedConcurrentExecutions": 5', '"ProvisionedConcurrentExecutions": 10'
    )
    new = tmp_path / "cfn-pc10.json"
    new.write_text(text)
    result = run(
        "diff", str(tmp), str(new), "--usage", fx("cfn-usage.yaml"),
        "--param", "ResizerMemory=2048", "-f", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout, parse_float=Decimal)
    assert data["delta_monthly_usd"] == Decimal("109.500876")
    assert data["functions"][0]["changes"] == [
        {"key": "provisioned_concurrency.count", "before": 5, "after": 10}
    ]


# --- errors: one line each, with the place ----------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_an_unresolved_parameter_is_reported_at_its_line() -> None:
    result = run("import", fx("cfn-alias.json"), "--usage", fx("cfn-usage.yaml"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {fx('cfn-alias.json')}:15:23: Resources.Resizer.Properties.MemorySize: !Ref "
        "ResizerMemory: the parameter has no Default; pass --param ResizerMemory=VALUE\n"
    )


def test_short_form_tags_that_cannot_be_worked_out(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.yaml",
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  Fn:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties:\n"
        "      MemorySize: !If [Big, 2048, 128]\n"
        "      Timeout: !Select [0, [1]]\n",
    )
    result = run("import", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {path}:6:19: Resources.Fn.Properties.MemorySize: condition 'Big' is not in "
        "the template's Conditions"
    ]


def test_a_bad_value_is_reported_in_the_template(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.yaml",
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      MemorySize: 64\n",
    )
    result = run("import", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:5:19: functions[0].memory_mb: input should")


def test_a_bad_usage_value_is_reported_in_the_usage_file(tmp_path: Path) -> None:
    usage = write(tmp_path, "u.yaml", "ApiFunction:\n  requests_per_month: 10\n  duration_ms: -5\n")
    result = run("import", fx("sam-globals-pc.yaml"), "--usage", usage)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {usage}:3:16: functions[0].duration_ms: input")


@pytest.mark.parametrize(
    ("usage", "message"),
    [
        ("ApiFuncton: {duration_ms: 1}\n", ":1:1: no function 'ApiFuncton' in the template; "
         "did you mean 'ApiFunction'?"),
        ("ApiFunction: {memory_mb: 1}\n", ":1:15: ApiFunction.memory_mb: not a usage key"),
        ("ApiFunction: {messages_per_month: 5, duration_ms: 1}\n",
         "ApiFunction.messages_per_month: the function has no queue or stream event source"),
        ("- 1\n", "usage should be a mapping of function"),
    ],
)  # fmt: skip
def test_bad_usage_files(tmp_path: Path, usage: str, message: str) -> None:
    path = write(tmp_path, "u.yaml", usage)
    result = run("import", fx("sam-globals-pc.yaml"), "--usage", path)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n", "no AWS::Lambda::Function or"),
        ("name: x\nfunctions: []\n", "neither a CloudFormation/SAM template"),
        ("Resources: [\n", "not valid YAML"),
        ('{"format_version": "1.2", "planned_values": {"root_module": {}}}',
         "no aws_lambda_function in the plan"),
        ("Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n"
         "      Architectures: [x86_64, arm64]\n", "Architectures should be a list of one"),
        ("Resources:\n  A:\n    Type: AWS::Lambda::Alias\n    Properties:\n      FunctionName: x\n"
         "      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 1}\n"
         "  F:\n    Type: AWS::Lambda::Function\n",
         ":5:21: Resources.A.Properties.FunctionName: FunctionName does not name a function"),
    ],
)  # fmt: skip
def test_bad_templates_are_one_line(tmp_path: Path, text: str, message: str) -> None:
    result = run("import", write(tmp_path, "t.yaml", text))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr


def test_a_logs_scenario_works_as_usage(tmp_path: Path) -> None:
    usage = write(
        tmp_path,
        "measured.yaml",
        "functions:\n  - name: ApiFunction\n    memory_mb: 1024\n    duration_ms: 100\n"
        "    requests_per_month: 3000000\n    duration_billed: true\n",
    )
    result = run("import", fx("sam-globals-pc.yaml"), "--usage", usage)
    assert result.exit_code == 0
    assert "ApiFunction: took its usage only; memory_mb come from the template" in result.stderr
    assert "    duration_billed: true\n" in result.stdout


# --- never a traceback --------------------------------------------------------------------


_leaf = (
    st.none()
    | st.booleans()
    | st.integers(-5, 5000)
    | st.sampled_from(
        ["", "x86_64", "arm64", "PublishedVersions", "RESPONSE_STREAM", "python3.12", "Fn", "SQS"]
    )
)
_intrinsic = st.sampled_from(
    ["Ref", "Fn::GetAtt", "Fn::If", "Fn::FindInMap", "Fn::Sub", "Fn::Equals", "Fn::Not",
     "Fn::And", "Fn::Or", "Condition"]
)  # fmt: skip
_value = st.recursive(
    _leaf,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(
        st.sampled_from(
            ["MemorySize", "Size", "ProvisionedConcurrentExecutions", "ApplyOn", "InvokeMode",
             "BatchSize", "Type", "Properties", "FunctionName", "TargetFunctionArn",
             "MaximumConcurrency", "ScalingConfig", "ParallelizationFactor", "Queue"]
        ),
        inner,
        max_size=3,
    )
    | st.builds(lambda k, v: {k: v}, _intrinsic, inner),
    max_leaves=12,
)  # fmt: skip
_props = st.dictionaries(
    st.sampled_from(
        ["MemorySize", "Architectures", "EphemeralStorage", "ReservedConcurrentExecutions",
         "ProvisionedConcurrencyConfig", "AutoPublishAlias", "SnapStart", "Runtime",
         "FunctionUrlConfig", "Events", "FunctionName", "TargetFunctionArn", "InvokeMode",
         "BatchSize", "ScalingConfig", "ParallelizationFactor", "TenancyConfig",
         "CapacityProviderConfig"]
    ),
    _value,
    max_size=5,
)  # fmt: skip
_types = st.sampled_from(
    ["AWS::Lambda::Function", "AWS::Serverless::Function", "AWS::Lambda::Alias",
     "AWS::Lambda::Version", "AWS::Lambda::Url", "AWS::Lambda::EventSourceMapping", 7]
)  # fmt: skip
_resource = st.fixed_dictionaries({"Type": _types}, optional={"Properties": _props | _value})
_template = st.fixed_dictionaries(
    {"Resources": st.dictionaries(st.sampled_from(["Fn", "Alias", "Url", "Esm"]), _resource)},
    optional={
        "Globals": st.fixed_dictionaries({"Function": _props | _value}),
        "Parameters": st.dictionaries(st.sampled_from(["Fn", "P"]), _value, max_size=2),
        "Transform": st.just("AWS::Serverless-2016-10-31"),
        "Conditions": st.dictionaries(st.sampled_from(["Fn", "C"]), _value, max_size=2),
        "Mappings": _value,
    },
)


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(_template)
def test_any_template_is_imported_or_refused_in_words(tmp_path: Path, template: dict) -> None:  # type: ignore[type-arg]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(template))
    with contextlib.suppress(LambdacalcError):
        load_converted(convert(str(path), None, {"P": "512"}), "t")


_tf_values = st.dictionaries(
    st.sampled_from(
        ["function_name", "memory_size", "architectures", "ephemeral_storage", "snap_start",
         "reserved_concurrent_executions", "provisioned_concurrent_executions", "batch_size",
         "scaling_config", "invoke_mode", "runtime", "event_source_arn"]
    ),
    _value,
    max_size=5,
)  # fmt: skip
_tf_resource = st.fixed_dictionaries(
    {
        "address": st.sampled_from(
            ["aws_lambda_function.a", "x.b", "module.m.aws_lambda_function.c"]
        ),
        "type": st.sampled_from(
            ["aws_lambda_function", "aws_lambda_provisioned_concurrency_config",
             "aws_lambda_event_source_mapping", "aws_lambda_function_url", "aws_s3_bucket"]
        ),
    },
    optional={"values": _tf_values | _value, "mode": st.sampled_from(["managed", "data"])},
)  # fmt: skip
_plan = st.fixed_dictionaries(
    {
        "format_version": st.just("1.2"),
        "planned_values": st.fixed_dictionaries(
            {
                "root_module": st.fixed_dictionaries(
                    {"resources": st.lists(_tf_resource, max_size=4)},
                    optional={"child_modules": st.lists(
                        st.fixed_dictionaries({"resources": st.lists(_tf_resource, max_size=3)}),
                        max_size=2)},
                )
            }
        ),
    },
    optional={"configuration": _value},
)  # fmt: skip


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(_plan)
def test_any_plan_is_imported_or_refused_in_words(tmp_path: Path, plan: dict) -> None:  # type: ignore[type-arg]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    with contextlib.suppress(LambdacalcError):
        load_converted(convert(str(path)), "plan")


def test_unpriced_settings_are_a_warning_with_the_place(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.yaml",
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      TenancyConfig: {TenantIsolationMode: PER_TENANT}\n",
    )
    result = run("import", path)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"Warning: {path}:3:5: Fn: TenancyConfig (Lambda Managed Instances or tenant isolation)"
        " is not priced by lambdacalc; the function is priced as a standard one"
    )


def test_conditions_resolve_from_parameters(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.yaml",
        "Parameters:\n  Env: {Type: String, Default: dev}\n"
        "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n"
        "  Big: !And [!Condition IsProd, !Not [!Equals [!Ref 'AWS::Region', eu-west-1]]]\n"
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      MemorySize: !If [Big, 2048, 512]\n",
    )
    dev = run("import", path).stdout
    prod = run("import", path, "--param", "Env=prod").stdout
    prod_eu = run("import", path, "--param", "Env=prod", "--region", "eu-west-1").stdout
    assert "memory_mb: 512" in dev and "region: us-east-1" in dev
    assert "memory_mb: 2048" in prod
    assert "memory_mb: 512" in prod_eu and "region: eu-west-1" in prod_eu


def test_a_getatt_setting_cannot_be_worked_out(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.yaml",
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      EphemeralStorage:\n        Size: !GetAtt Sizes.Tmp\n",
    )
    result = run("import", path)
    assert result.stderr == (
        f"Error: {path}:6:15: Resources.Fn.Properties.EphemeralStorage.Size: !GetAtt cannot be "
        "worked out before deployment\n"
    )


def test_golden_imported_scenario(update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scenario file `import` writes for the SAM fixture, as a reviewer would read it."""
    monkeypatch.chdir(ROOT)
    result = run(
        "import", "tests/fixtures/iac/sam-globals-pc.yaml",
        "--usage", "tests/fixtures/iac/sam-usage.yaml",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    golden = ROOT / "tests" / "golden" / "import-sam-globals-pc.yaml"
    if update_golden:
        golden.write_text(result.stdout)
    assert result.stdout == golden.read_text()


@pytest.mark.parametrize(
    ("template", "usage", "params"),
    [
        ("sam-globals-pc.yaml", "sam-usage.yaml", {}),
        ("cfn-alias.json", "cfn-usage.yaml", {"ResizerMemory": "1024"}),
        ("cdk-synth.template.json", "cdk-usage.yaml", {}),
        ("serverless-package.json", "serverless-usage.yaml", {}),
        ("terraform-plan.json", "terraform-usage.yaml", {}),
        ("sam-globals-pc.yaml", None, {}),
    ],
)
def test_the_written_file_reads_back_as_the_workload_priced(
    tmp_path: Path, template: str, usage: str | None, params: dict[str, str]
) -> None:
    from lambdacalc.scenario import load

    converted = convert(fx(template), fx(usage) if usage else None, params)
    out = tmp_path / "s.yaml"
    out.write_text(converted.text)
    assert load(str(out)).workload == load_converted(converted, "x").workload


def test_emitted_values_of_every_shape() -> None:
    from lambdacalc.iac.emit import scalar

    assert scalar(Decimal("1E+2")) == "100"
    assert scalar("7MB") == '"7MB"' and scalar("arm64") == "arm64" and scalar("yes") == '"yes"'
    assert scalar([1, "a b"]) == '[1, "a b"]'
    assert scalar({512: Decimal("0.5")}) == "{512: 0.5}"


def _imported_functions(template: str, usage: str) -> dict[str, dict[str, object]]:
    import yaml

    result = run("import", fx(template), "--usage", fx(usage))
    assert result.exit_code == 0, result.stderr
    return {f["name"]: f for f in yaml.safe_load(result.stdout)["functions"]}


def test_an_sqs_maximum_concurrency_becomes_the_scenarios_sqs_key(tmp_path: Path) -> None:
    # SAM: WorkerFunction's SQS event has ScalingConfig.MaximumConcurrency 20
    sam = _imported_functions("sam-globals-pc.yaml", "sam-usage.yaml")
    assert sam["WorkerFunction"]["sqs"] == {"maximum_concurrency": 20}
    assert "sqs" not in sam["ApiFunction"]
    # Terraform: the child module's SQS mapping has scaling_config.maximum_concurrency 5
    plan = _imported_functions("terraform-plan.json", "terraform-usage.yaml")
    (worker,) = [f for f in plan.values() if "sqs" in f]
    assert worker["sqs"] == {"maximum_concurrency": 5}
    # the account view reads it: the worker's demand is capped by its queue's source
    scenario = tmp_path / "sam.yaml"
    scenario.write_text(
        run("import", fx("sam-globals-pc.yaml"), "--usage", fx("sam-usage.yaml")).stdout
    )
    account = run("concurrency", str(scenario), "--format", "json")
    assert account.exit_code == 0, account.stderr


def test_an_sqs_maximum_concurrency_out_of_range_is_located(tmp_path: Path) -> None:
    text = (
        (IAC / "sam-globals-pc.yaml")
        .read_text()
        .replace("MaximumConcurrency: 20", "MaximumConcurrency: 1")
    )
    template = write(tmp_path, "t.yaml", text)
    line = text.splitlines().index("              MaximumConcurrency: 1") + 1
    result = run("import", template, "--usage", fx("sam-usage.yaml"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {template}:{line}:")
    assert "maximum_concurrency" in result.stderr and result.stderr.count("\n") == 1
