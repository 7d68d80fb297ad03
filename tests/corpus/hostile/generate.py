"""Write the hostile inputs too large to keep in the repository into a directory.

    python tests/corpus/hostile/generate.py DIR

tests/test_hostile.py calls `generate(tmp_dir)` itself; each file is a few MB at most.
"""

import json
import sys
from pathlib import Path

BIG_INT = "1" + "0" * 5000  # past Python's 4,300-digit int/str conversion limit
DEEP = 30_000  # past the interpreter's recursion limit


def _fn(**extra: object) -> str:
    fields = {"name": "api", "memory_mb": 512, "duration_ms": 100, "requests_per_month": 1000}
    fields.update(extra)
    return json.dumps(fields)


def _template(properties: str) -> str:
    """A CloudFormation template (JSON) of one function with these properties."""
    return (
        '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Fn": '
        '{"Type": "AWS::Lambda::Function", "Properties": ' + properties + "}}}"
    )


def _plan(values: str) -> str:
    """A Terraform plan (terraform show -json) of one function with these values."""
    return (
        '{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{'
        '"address": "aws_lambda_function.f", "type": "aws_lambda_function", "name": "f", '
        '"values": ' + values + "}]}}}"
    )


BUNDLED_BOOK = Path(__file__).resolve().parents[3] / "pricing" / "aws-lambda.json"


def _book_variants(out: Path) -> None:
    """The bundled book with one hostile change each (kept out of git: 47 KB apiece)."""
    book = json.loads(BUNDLED_BOOK.read_text(encoding="utf-8"))
    x86 = ("regions", "us-east-1", "x86_64")
    variants: dict[str, tuple[tuple[str, ...], str, object]] = {
        "book-unknown-key.json": (x86, "provisoned_concurrency_usd_per_gb_s", "0.1"),
        "book-sources-5.json": ((), "sources", 5),
        "book-notes-5.json": ((), "notes", 5),
        "book-price-1e400.json": (x86, "request_usd_per_million", "1e400"),
        "book-price-tiny.json": (x86, "request_usd_per_million", "1e-999999999"),
        "book-name-control.json": ((), "name", "book\u001b]8;;https://evil.example\u0007x\n[/]"),
    }
    for name, (where, key, value) in variants.items():
        copy = json.loads(json.dumps(book))
        holder = copy
        for part in where:
            holder = holder[part]
        holder[key] = value
        (out / name).write_text(json.dumps(copy), encoding="utf-8")


def generate(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _book_variants(out)
    deep = "[" * DEEP + "]" * DEEP
    files = {
        "scenario-bigint.json": '{"functions": ['
        + _fn(memory_mb="@")[:-1].replace('"@"', BIG_INT)
        + "}]}",
        "scenario-deep.json": '{"functions": ' + deep + "}",
        "scenario-deep.yaml": "functions: " + deep + "\n",
        "book-bigint.json": '{"schema_version": ' + BIG_INT + ', "regions": {}}',
        "book-deep.json": '{"schema_version": 1, "regions": ' + deep + "}",
        "offer-bigint.json": '{"formatVersion": "v1.0", "x": ' + BIG_INT + "}",
        "offer-deep.json": '{"formatVersion": "v1.0", "products": ' + deep + "}",
        "pt-bigint.json": '{"results": {"stats": [{"value": ' + BIG_INT + "}]}}",
        "pt-deep.json": '{"results": ' + deep + "}",
        "insights-bigint.json": '[{"memory_size": ' + BIG_INT + "}]",
        "insights-deep.json": deep,
        "log-deep-json.log": '{"type": "platform.report", "record": ' + deep + "}\n",
        # issue 16's readers: templates, Terraform plans and usage files
        "template-bigint.json": _template('{"MemorySize": ' + BIG_INT + "}"),
        "template-deep.json": _template('{"MemorySize": ' + deep + "}"),
        "template-deep.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n"
        "    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: " + deep + "\n",
        "plan-bigint.json": _plan('{"memory_size": ' + BIG_INT + "}"),
        "plan-deep.json": _plan('{"memory_size": ' + deep + "}"),
        "usage-deep.yaml": "Fn: " + deep + "\n",
        "scenario-many-unknown-keys.yaml": "functions:\n  - name: api\n    memory_mb: 512\n"
        "    duration_ms: 100\n    requests_per_month: 1000\n"
        + "".join(f"    k{i}: 1\n" for i in range(40_000)),
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    generate(Path(sys.argv[1]))
