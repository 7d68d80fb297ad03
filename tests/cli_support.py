"""Running a command line the way the executable does for a plain one: through
lambdacalc.cli.fast, without typer, captured as typer's CliRunner captures a run."""

from __future__ import annotations

import sys
from typing import NamedTuple

from typer.testing import CliRunner


class Ran(NamedTuple):
    stdout: str
    stderr: str
    exit_code: int


def run_fast(args: list[str], stdin: str | None = None) -> Ran | None:
    """The run of args by lambdacalc.cli.fast, or None where it leaves them to typer (and
    then it must have written nothing)."""
    from lambdacalc.cli import COMMANDS, fast

    with CliRunner().isolation(input=stdin) as (out, err, _):
        code: object = 0
        try:
            ran = fast.run(list(args), COMMANDS)
        except SystemExit as exc:
            ran, code = True, exc.code
        sys.stdout.flush()
        sys.stderr.flush()
        written = Ran(out.getvalue().decode(), err.getvalue().decode(), int(code or 0))  # type: ignore[call-overload]
    if not ran:
        assert written[:2] == ("", ""), written
        return None
    return written
