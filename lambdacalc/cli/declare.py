"""Commands and their options declared without importing typer.

A command module writes `option("--rps", metavar=..., parser=..., help=...)` where it would
write `typer.Option(...)`, `argument(...)` for `typer.Argument(...)`, and decorates its
function with `command(...)` instead of `app.command(...)`: same arguments, same meaning.
`lambdacalc.cli.root.register_declared` hands them to typer when the app is built (help,
completion, a mistake in the arguments); `lambdacalc.cli.fast` reads the same declarations
to run a well-formed command line without typer, whose import is two thirds of a
`lambdacalc concurrency` run. One declaration, two readers.
"""

from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class Declared(NamedTuple):
    """One `typer.Option(*decls, **settings)` or `typer.Argument(**settings)`, not yet built."""

    kind: str  # "option" or "argument"
    decls: tuple[str, ...]
    settings: dict[str, Any]


class Command(NamedTuple):
    """One top-level command: `app.command(name, **settings)(function)`, not yet built."""

    name: str
    function: Callable[..., Any]
    settings: dict[str, Any]


# command name -> its declaration, in the order the command modules were imported (typer
# lists commands in the order they were registered)
DECLARED: dict[str, Command] = {}


def option(*decls: str, **settings: Any) -> Any:
    """`typer.Option(*decls, **settings)`, built when the app is."""
    return Declared("option", decls, settings)


def argument(**settings: Any) -> Any:
    """`typer.Argument(**settings)`, built when the app is."""
    return Declared("argument", (), settings)


def command(name: str | None = None, **settings: Any) -> Callable[[F], F]:
    """`app.command(name, **settings)`: the command is registered when the app is built."""

    def record(function: F) -> F:
        key = name or function.__name__.replace("_", "-")  # typer's default name
        DECLARED[key] = Command(key, function, settings)
        return function

    return record
