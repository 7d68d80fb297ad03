"""`lambdacalc --help` printed from its stored text (lambdacalc.cli.root_help) is byte for
byte what typer draws, and is printed only where typer would draw that very text.

Each run is a fresh process, as the console script runs: the stored text is used only when
no terminal is attached, which a subprocess with pipes guarantees. After an intended change
to a command's help, `pytest --update-golden` rewrites lambdacalc/cli/root_help_text.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STORED = ROOT / "lambdacalc" / "cli" / "root_help_text.py"

RUN = (
    "import sys\n"
    "{prelude}"
    "sys.argv = ['lambdacalc', {arg!r}]\n"
    "from lambdacalc.cli import main\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    print('typer' in sys.modules, file=sys.stderr)\n"
)
TYPER_DRAWS = "import lambdacalc.cli.root_help as r\nr.drawn_plain = lambda argv: False\n"


def plain_env(**extra: str) -> dict[str, str]:
    from lambdacalc.cli.root_help import ENVIRONMENT

    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def run(arg: str, prelude: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN.format(prelude=prelude, arg=arg)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=plain_env(**env),
        check=False,
    )


def literal(line: str) -> str:
    assert line.isprintable() or (line.endswith("\n") and line[:-1].isprintable()), line
    return '"' + line.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def stored_module(text: str) -> str:
    lines = "".join(f"    {literal(line)}\n" for line in text.splitlines(keepends=True))
    return (
        '"""The text typer draws for `lambdacalc --help` where it draws it plain (see\n'
        "lambdacalc.cli.root_help). Written by tests/test_root_help.py\n"
        '(`pytest --update-golden`); do not edit by hand."""\n\n'
        f"TEXT = (\n{lines})\n"
    )


@pytest.mark.parametrize("arg", ["--help", "-h"])
def test_stored_help_is_what_typer_draws(arg: str, update_golden: bool) -> None:
    drawn = run(arg, TYPER_DRAWS)
    assert drawn.returncode == 0, drawn.stderr
    assert drawn.stderr.split()[-1] == "True"  # typer drew it
    assert "Usage: lambdacalc [OPTIONS] COMMAND" in drawn.stdout
    if update_golden and arg == "--help":
        STORED.write_text(stored_module(drawn.stdout), encoding="utf-8")
    stored = run(arg)
    assert stored.returncode == 0, stored.stderr
    assert stored.stderr.split()[-1] == "False"  # printed without importing typer
    assert stored.stdout == drawn.stdout, (
        "the stored `lambdacalc --help` differs from typer's: run pytest --update-golden"
    )


def test_the_stored_module_is_written_as_the_update_writes_it() -> None:
    from lambdacalc.cli.root_help_text import TEXT

    assert STORED.read_text(encoding="utf-8") == stored_module(TEXT)


@pytest.mark.parametrize(
    "env",
    [
        {"COLUMNS": "120"},
        {"FORCE_COLOR": "1"},
        {"TERMINAL_WIDTH": "60"},
        {"PYTHONIOENCODING": "ascii"},
    ],
)
def test_typer_draws_it_wherever_the_text_could_differ(env: dict[str, str]) -> None:
    result = run("--help", **env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.split()[-1] == "True"


def test_other_arguments_and_python_m_go_through_typer() -> None:
    result = run("cost")  # `lambdacalc cost` alone: not the top-level help
    assert result.stderr.split()[-1] == "True"
    module = subprocess.run(
        [sys.executable, "-m", "lambdacalc", "--help"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=plain_env(),
        check=False,
    )
    assert module.returncode == 0 and "Usage: python -m lambdacalc" in module.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_a_terminal_on_stdin_is_drawn_by_typer() -> None:
    """rich sizes its output to a terminal on any of the three streams."""
    import pty

    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-c", RUN.format(prelude="", arg="--help")],
            stdin=follower,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
            env=plain_env(),
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 0, result.stderr
    assert result.stderr.split()[-1] == "True"
