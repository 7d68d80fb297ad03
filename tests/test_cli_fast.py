"""lambdacalc.cli.fast, the typer-free reader of plain command lines, against typer itself.

For any command line the fast reader either declines (typer then reads it) or gives the
command exactly the values typer gives it, with the same warnings; every declared option
is one it can read; and each command's own examples give the same output both ways.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lambdacalc.cli import fast, full_app
from lambdacalc.cli.declare import DECLARED
from lambdacalc.cli.root import typed
from tests.cli_support import run_fast

ROOT = Path(__file__).resolve().parents[1]
full_app()  # every command declared
NAMES = sorted(DECLARED)

# Values worth trying for any option: valid and invalid, with and without units, choices in
# other letter cases, things that look like options, and scenario paths.
VALUES = (  # noqa: SIM905 (forty-six values read better as lines of text)
    "0 1 2 100 2.5 0.1 150ms 2s 1.5m 61 901 -5 1e400 abc 5 5% 0.1% 70% 512 1GB 128,1024 "
    "128=2500ms 1GB=300ms json JSON table csv markdown x86_64 arm64 us-east-1 eu-west-1 "
    "m7g.xlarge nodejs 2:20 - --rps -f balanced cost 1,000 scenarios/api-backend.yaml "
    "functions.api.memory_mb=1024 10% $50 api"
).split(" ")
NOISE = ["--unknown", "-h", "--help", "--", "-fjson", "-x", "extra", "", "--format="]


def _flags(name: str) -> list[str]:
    return [flag for param in fast.parameters(DECLARED[name].function) for flag in param.flags]


@st.composite
def command_lines(draw: st.DrawFn, name: str) -> list[str]:
    flags = _flags(name) or ["--unknown"]
    parts: list[list[str]] = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["option", "option", "option", "joined", "word", "noise"]))
        if kind == "word":
            parts.append([draw(st.sampled_from(VALUES))])
        elif kind == "noise":
            parts.append([draw(st.sampled_from(NOISE))])
        else:
            flag, value = draw(st.sampled_from(flags)), draw(st.sampled_from(VALUES))
            parts.append([f"{flag}={value}"] if kind == "joined" else [flag, value])
    return [token for part in parts for token in part]


def typer_reads(name: str, args: list[str]) -> tuple[Any, dict[str, Any]]:
    """(typer's result, the values it calls the command with) for args."""
    seen: dict[str, Any] = {}

    def probe(**values: Any) -> None:
        seen.update(values)

    probe.__signature__ = inspect.signature(typed(DECLARED[name].function))  # type: ignore[attr-defined]
    app = typer.Typer()
    app.command()(probe)
    return CliRunner().invoke(app, args), seen


def test_every_declared_option_is_one_the_fast_reader_reads() -> None:
    assert {"cost", "concurrency", "compare-memory"} <= set(NAMES)
    for name in NAMES:
        params = fast.parameters(DECLARED[name].function)  # raises on a kind it cannot read
        declared = inspect.signature(DECLARED[name].function).parameters
        assert [param.name for param in params] == list(declared)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fast_reader_declines_or_agrees_with_typer(name: str, data: st.DataObject) -> None:
    args = data.draw(command_lines(name))
    with contextlib.redirect_stderr(io.StringIO()) as stderr:
        values = fast.parse(DECLARED[name].function, args)
    warned = stderr.getvalue()
    if values is None:
        assert warned == ""  # warnings held back: typer says them when it reads the line
        return
    result, seen = typer_reads(name, args)
    assert result.exit_code == 0, (args, result.stderr, result.exception)
    assert repr(values) == repr(seen), args  # repr: 0.1 must stay 0.1, not 0.10
    assert warned == result.stderr, args


@pytest.mark.parametrize(
    "args",
    [
        ["--rps", "100", "--duration", "2"],
        ["--rps=100", "--duration=150ms", "-f", "json"],
        ["scenarios/mobile-backend.yaml", "--format", "csv"],
        ["--rps", "100", "--duration", "61"],  # a warning, said once
    ],
)
def test_plain_concurrency_lines_are_read_without_typer(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    values = fast.parse(DECLARED["concurrency"].function, args)
    assert values is not None
    result, seen = typer_reads("concurrency", args)
    assert repr(values) == repr(seen)
    assert capsys.readouterr().err == result.stderr


def _examples() -> list[list[str]]:
    """Each declared command's epilog examples that read no stdin and write no file."""
    lines = []
    for name in NAMES:
        epilog = DECLARED[name].settings.get("epilog", "")
        for line in epilog.splitlines():
            line = line.strip()
            writes = name == "init" and "--list" not in line  # `init` writes a file
            if line.startswith("lambdacalc ") and not set("|<>") & set(line) and not writes:
                lines.append(shlex.split(line)[1:])
    return lines


@pytest.mark.parametrize("args", _examples(), ids=" ".join)
def test_the_examples_give_the_same_output_both_ways(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    by_typer = CliRunner().invoke(full_app(), args)
    ran = run_fast(args)
    assert ran is not None, "each example is a plain command line"
    assert (ran.stdout, ran.stderr, ran.exit_code) == (
        by_typer.stdout,
        by_typer.stderr,
        by_typer.exit_code,
    )


def test_a_mistake_is_left_to_typer_and_said_once() -> None:
    # --duration 61 warns (read as seconds) before --rps abc fails: typer says both, once
    assert run_fast(["concurrency", "--duration", "61", "--rps", "abc"]) is None
    assert run_fast(["concurrency", "--rps", "100", "--duration", "2", "--help"]) is None
    assert run_fast(["concurrency", "--rps", "100", "--rps", "200", "--duration", "2"]) is None
    assert run_fast(["concurrency", "--region=", "--rps", "1", "--duration", "2"]) is None
    assert run_fast(["logs", "analyze", "x.log"]) is None  # a group's command: typer's


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_LAMBDACALC_COMPLETE", "bash_complete")
    assert run_fast(["concurrency", "--rps", "100", "--duration", "2"]) is None


def test_an_option_whose_settings_change_its_value_is_not_read_here() -> None:
    from typing import Annotated

    from lambdacalc.cli.declare import option

    def command(region: str = "x") -> None:
        """An environment variable would set it where the fast reader would not."""

    # as written in a module without `from __future__ import annotations` (this one has it)
    command.__annotations__ = {
        "region": Annotated[str, option("--region", envvar="AWS_REGION")],
        "return": None,
    }

    with pytest.raises(TypeError, match="envvar"):
        fast.parameters(command)
    assert fast.parse(command, []) is None  # so such a command is always typer's


def test_ctrl_c_ends_the_command_as_typer_ends_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from lambdacalc.cli import concurrency_run

    def interrupted(flags: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(concurrency_run, "run", interrupted)
    args = ["concurrency", "--rps", "100", "--duration", "2"]
    by_typer = CliRunner().invoke(full_app(), args)
    assert run_fast(args) == ("", "", 130) == (by_typer.stdout, by_typer.stderr, by_typer.exit_code)
