"""`lambdacalc --help` without typer, when its output is known in advance.

Drawing the top-level help imports typer, rich and every command module and builds every
command, to print a text that changes only when the code does. Where rich would draw it
plain (no terminal on stdin, stdout or stderr, so no colour and 80 columns; UTF-8 output;
none of the variables below set; the program named `lambdacalc`), the text typer draws is
stored in `lambdacalc.cli.root_help_text` and printed as is: about a tenth of the time.
Everywhere else (a terminal, COLUMNS, FORCE_COLOR, `python -m lambdacalc`, ...) typer
draws it as before. tests/test_root_help.py checks the stored text is byte for byte what
typer draws (`pytest --update-golden` rewrites it after a change to a command's help).
"""

import os
import sys

# Variables typer or rich read that could change the plain text: its width, colour,
# terminal detection, rich being used at all, shell completion.
ENVIRONMENT = (
    "COLUMNS",
    "LINES",
    "TERMINAL_WIDTH",
    "FORCE_COLOR",
    "PY_COLORS",
    "NO_COLOR",
    "GITHUB_ACTIONS",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "TYPER_USE_RICH",
    "_TYPER_FORCE_DISABLE_TERMINAL",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "DATABRICKS_RUNTIME_VERSION",
    "_LAMBDACALC_COMPLETE",
)


def drawn_plain(argv: list[str]) -> bool:
    """Whether `argv` asks for the top-level help and typer would draw it plain."""
    if argv[1:] not in (["--help"], ["-h"]) or sys.platform == "win32":
        return False
    if os.path.basename(argv[0]) != "lambdacalc":
        return False
    if getattr(sys.modules.get("__main__"), "__package__", None) not in (None, ""):
        return False  # `python -m lambdacalc`: typer names the program otherwise
    if any(name in os.environ for name in ENVIRONMENT):
        return False
    encoding = getattr(sys.stdout, "encoding", None) or ""
    if not encoding.lower().startswith("utf"):
        return False  # rich draws ASCII boxes
    return not any(os.isatty(fd) for fd in (0, 1, 2))


def text() -> str:
    from lambdacalc.cli.root_help_text import TEXT

    return TEXT
