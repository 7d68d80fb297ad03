"""One `emit(report, fmt)`: every report works in every output format, and no format is
left out of the dispatch."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.cli.common import emit
from lambdacalc.render import (  # noqa: F401  (each defines its Report)
    concurrency,
    cost,
    diff,
    logs,
    managed,
    pricediff,
    prices,
    sizing,
    variants,
)
from lambdacalc.render.common import OutputFormat
from lambdacalc.render.report import Report

ROOT = Path(__file__).resolve().parents[1]
BOOK = "pricing/aws-lambda.json"

# one command per report; each prints through emit
COMMANDS: dict[str, list[str]] = {
    "FunctionPlan": ["concurrency", "--rps", "100", "--duration", "150ms"],
    "AccountPlan": ["concurrency", "scenarios/api-backend.yaml"],
    "BillReport": ["cost", "scenarios/right-sizing.yaml"],
    "VariantsReport": ["cost", "scenarios/api-backend.yaml", "--compare-arch"],
    "ComparisonReport": ["compare-memory", "--measured", "128=2500ms", "--sizes", "128,256"],
    "DiffReport": ["diff", "scenarios/mobile-backend.yaml", "scenarios/mobile-backend-arm64.yaml"],
    "AnalysisReport": ["logs", "analyze", "tests/fixtures/logs/tail-text.log"],
    "PricesReport": ["prices", "--region", "us-east-1"],
    "PriceDiffReport": ["prices", "diff", BOOK, BOOK],
    "InstanceTableReport": ["prices", "--managed-instances", "--region", "us-east-1"],
    "ManagedPlan": [
        "concurrency",
        "--rps",
        "100",
        "--duration",
        "100ms",
        "--memory",
        "2048",
        "--architecture",
        "arm64",
        "--managed-instance",
        "m7g.large",
        "--runtime",
        "java",
    ],
}


def test_every_report_has_a_command_here() -> None:
    ours = {c.__name__ for c in Report.__subclasses__() if c.__module__.startswith("lambdacalc.")}
    assert ours == set(COMMANDS)


@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize("name", COMMANDS)
def test_every_report_in_every_format(
    name: str, fmt: OutputFormat, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, [*COMMANDS[name], "--format", fmt.value])
    assert result.exit_code == 0, (result.stderr, result.exception)
    out = result.stdout
    assert out.strip()
    if fmt is OutputFormat.JSON:
        assert isinstance(json.loads(out, parse_float=Decimal), dict)
    elif fmt is OutputFormat.CSV:
        assert "," in out.splitlines()[0]  # a header row
    elif fmt is OutputFormat.MARKDOWN:
        assert out.startswith("#") or "|" in out


class _Tiny(Report):
    def json(self) -> str:
        return '{"a": 1}\n'

    def csv(self) -> str:
        return "a\r\n1\r\n"

    def csv_warnings(self) -> list[str]:
        return ["careful"]

    def doc(self, width: int | None = None, markdown: bool = False) -> Any:
        from lambdacalc.render.common import Doc

        return Doc(title="tiny" + (" md" if markdown else ""))


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_emit_dispatches_each_format(fmt: OutputFormat, capsys: pytest.CaptureFixture[str]) -> None:
    emit(_Tiny(), fmt)
    out, err = capsys.readouterr()
    expected = {
        OutputFormat.JSON: ('{"a": 1}\n', ""),
        OutputFormat.CSV: ("a\r\n1\r\n", "Warning: careful\n"),
    }
    if fmt in expected:
        assert (out, err) == expected[fmt]
    elif fmt is OutputFormat.MARKDOWN:
        assert "tiny md" in out
    else:
        assert "tiny" in out and "md" not in out


def test_emit_refuses_an_unknown_format() -> None:
    with pytest.raises(AssertionError):
        emit(_Tiny(), "yaml")  # type: ignore[arg-type]


def test_the_base_report_writes_json_text_made_safe() -> None:
    out = io.StringIO()
    _Tiny().write_json(out)
    assert out.getvalue() == '{"a": 1}\n'
