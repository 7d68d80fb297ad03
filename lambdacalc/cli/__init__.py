"""Command-line interface: parse, call the core, render. Nothing else lives here.

Each command lives in its own module, which registers itself on the typer app when
imported. `main` imports only the module of the command being run: typer builds every
registered command on each call, and that build is a large share of start-up time.
`lambdacalc.cli.app` (for tests and embedding) has every command.
"""

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

# command name -> the modules in lambdacalc.cli that define it and its subcommands
COMMANDS = {
    "cost": ("cost",),
    "concurrency": ("concurrency",),
    "logs": ("logs",),
    "prices": ("prices", "prices_import"),
    "schema": ("schema",),
    "compare-memory": ("compare_memory",),
    "init": ("init",),
    "diff": ("import_iac", "diff"),
    "import": ("import_iac",),
}


def _register(modules: list[str]) -> "typer.Typer":
    for module in modules:
        importlib.import_module(f"lambdacalc.cli.{module}")
    from lambdacalc.cli.root import app

    return app


def full_app() -> "typer.Typer":
    """The app with every command registered (help listings, tests)."""
    return _register([m for modules in COMMANDS.values() for m in modules])


def main() -> None:
    from lambdacalc.cli import startup

    startup.begin()  # ended by the root callback, before the command runs
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    app = _register(list(COMMANDS[command])) if command in COMMANDS else full_app()
    try:
        code = app(standalone_mode=False)
    except Exception as exc:
        # click's usage errors (vendored by typer): one line, like every other bad input,
        # instead of a framed panel. Anything else is a bug and keeps its traceback.
        exit_code = getattr(exc, "exit_code", None)
        if not hasattr(exc, "format_message") or not isinstance(exit_code, int):
            raise
        sys.stderr.write(f"Error: {usage_error_line(exc)}\n")
        sys.exit(exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def usage_error_line(exc: Any) -> str:
    """click's usage error as one sentence: what is wrong, then where to look.

    A group run without a command (`lambdacalc`, `lambdacalc logs`) has printed its help and
    carries no message: name the commands to choose from instead. click's "Did you mean"
    is folded into the sentence rather than followed by a stray "; see".
    """
    ctx = getattr(exc, "ctx", None)
    message = str(exc.format_message()).strip()
    if not message and ctx is not None and hasattr(ctx.command, "list_commands"):
        names = ctx.command.list_commands(ctx)
        listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
        return f"`{ctx.command_path}` needs a command: {listed} (listed above)"
    message = message.rstrip(".").replace(". Did you mean", "; did you mean")
    if message.endswith(")") and " (Possible options: " in message:
        message, options = message[:-1].split(" (Possible options: ", 1)
        message = f"{message}; did you mean {options.replace(', ', ' or ')}?"
    if ctx is None:
        return message
    if message.endswith("?"):
        return f"{message} See `{ctx.command_path} --help`."
    return f"{message}; see `{ctx.command_path} --help`"


def __getattr__(name: str) -> Any:
    if name == "app":
        return full_app()
    raise AttributeError(name)


__all__ = ["COMMANDS", "app", "full_app", "main", "usage_error_line"]
