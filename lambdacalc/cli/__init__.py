"""Command-line interface: parse, call the core, render. Nothing else lives here.

Each command lives in its own module, which registers itself on the typer app when
imported. `main` imports only the module of the command being run: typer builds every
registered command on each call, and that build is a large share of start-up time.
`lambdacalc.cli.app` (for tests and embedding) has every command.
"""

import sys

TYPE_CHECKING = False  # typing itself is not imported: `lambdacalc --version` starts with this
if TYPE_CHECKING:
    from typing import Any

    import typer

# command name -> the modules in lambdacalc.cli that define it and its subcommands
COMMANDS = {
    "cost": ("cost",),
    "concurrency": ("concurrency",),
    "logs": ("logs",),
    "prices": ("prices", "prices_import"),
    "schema": ("schema",),
    "compare-memory": ("compare_memory",),
}


def _register(modules: list[str]) -> "typer.Typer":
    import importlib

    for module in modules:
        importlib.import_module(f"lambdacalc.cli.{module}")
    from lambdacalc.cli.root import app

    return app


def full_app() -> "typer.Typer":
    """The app with every command registered (help listings, tests)."""
    return _register([m for modules in COMMANDS.values() for m in modules])


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # answered before typer is imported (a third of a run)
        from lambdacalc import __version__

        sys.stdout.write(f"lambdacalc {__version__}\n")
        sys.exit(0)
    from lambdacalc.cli import startup

    startup.begin()  # ended by the root callback, before the command runs
    if len(sys.argv) < 2 or "--help" in sys.argv or "-h" in sys.argv:
        startup.help_requested()
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
        ctx = getattr(exc, "ctx", None)
        hint = f"; see `{ctx.command_path} --help`" if ctx is not None else ""
        sys.stderr.write(f"Error: {exc.format_message().rstrip('.')}{hint}\n")
        sys.exit(exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def __getattr__(name: str) -> "Any":
    if name == "app":
        return full_app()
    raise AttributeError(name)


__all__ = ["COMMANDS", "app", "full_app", "main"]
