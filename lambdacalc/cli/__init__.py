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
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    if command in COMMANDS:
        _register(list(COMMANDS[command]))()
    else:
        full_app()()


def __getattr__(name: str) -> Any:
    if name == "app":
        return full_app()
    raise AttributeError(name)


__all__ = ["COMMANDS", "app", "full_app", "main"]
