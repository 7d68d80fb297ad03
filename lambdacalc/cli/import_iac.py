"""`lambdacalc import TEMPLATE`: a scenario file from CloudFormation/SAM/CDK/Serverless or a
Terraform plan, with usage from --usage."""

from pathlib import Path
from typing import Annotated

from lambdacalc.cli.common import handle_errors, info, warn, write
from lambdacalc.cli.declare import argument, command, option
from lambdacalc.errors import InputError

UsageOption = Annotated[
    str | None,
    option(
        "--usage",
        metavar="USAGE.yaml",
        help="Requests, durations and cold starts by function (logical ID or Terraform "
        "address), in the scenario's keys; or a scenario from `logs analyze --emit-scenario`.",
    ),
]
ParamOption = Annotated[
    list[str] | None,
    option(
        "--param",
        metavar="NAME=VALUE",
        help="A CloudFormation parameter's value (else its Default); repeatable.",
    ),
]


def parse_params(texts: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for text in texts or []:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param {text}: expected NAME=VALUE, e.g. --param MemorySize=1024")
        out[name.strip()] = value.strip()
    return out


@command(
    name="import",
    epilog=(
        "Examples:\n\n"
        "  lambdacalc import template.yaml --usage usage.yaml -o scenario.yaml\n\n"
        "  lambdacalc import cdk.out/MyStack.template.json --usage stack-usage.yaml "
        "| lambdacalc cost -"
        "\n\n  terraform show -json plan.out > plan.json && lambdacalc import plan.json"
    ),
)
@handle_errors
def import_(
    template: Annotated[
        str,
        argument(
            metavar="TEMPLATE",
            help="CloudFormation/SAM template, YAML or JSON (also the output of cdk synth or "
            "serverless package), or a Terraform plan JSON.",
        ),
    ],
    usage: UsageOption = None,
    output: Annotated[
        Path | None,
        option("--output", "-o", metavar="SCENARIO.yaml", help="Write the scenario here."),
    ] = None,
    force: Annotated[bool, option("--force", help="Overwrite the -o file.")] = False,
    params: ParamOption = None,
    region: Annotated[
        str,
        option("--region", metavar="REGION", help="The scenario's region (templates do not say)."),
    ] = "us-east-1",
) -> None:
    """Write a scenario (commented, loadable by `cost`) from infrastructure code."""
    from lambdacalc.iac.convert import convert, load_converted
    from lambdacalc.output_files import check_outputs, write_outputs

    inputs = [template, usage]
    if output is not None:
        check_outputs([("--output", output)], force, inputs)  # a refusal should be instant
    converted = convert(template, usage, parse_params(params), region)
    load_converted(converted, str(output) if output else "<imported scenario>")  # validates
    for w in converted.warnings:
        warn(w)
    if output is None:
        write(converted.text)
        return
    check_outputs([("--output", output)], force, inputs)  # again: time has passed
    write_outputs([(output, converted.text)])
    count = len(converted.imported.functions)
    info(
        f"Wrote {output}: {count} function{'s' if count != 1 else ''}; price it with "
        f"`lambdacalc cost {output}`"
    )
