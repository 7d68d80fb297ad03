"""The typer application object; the commands declared by the command modules
(lambdacalc.cli.declare) are built on it by `register_declared`.

Kept free of heavy imports: typer alone is paid on every command.
"""

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from lambdacalc import __version__
from lambdacalc.cli.declare import DECLARED, Declared
from lambdacalc.errors import ExitCode, LambdacalcError


class _Group(TyperGroup):
    """The root group. Flags are parsed by lambdacalc.cli.params before any command runs, so
    their InputError surfaces here, outside the commands' own error handling: it becomes one
    `Error:` line and exit code 2 like every other bad input."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except LambdacalcError as exc:
            from lambdacalc.cli.common import FLAG_OF_FIELD

            for line in "\n".join(exc.said(FLAG_OF_FIELD)).splitlines() or ["error"]:
                typer.echo(f"Error: {line}", err=True)
            sys.exit(ExitCode.BAD_INPUT)


app = typer.Typer(
    cls=_Group,
    name="lambdacalc",
    help=(
        "Plan AWS Lambda cost, concurrency and memory before the bill arrives.\n\n"
        "Examples:\n\n"
        "  lambdacalc cost scenarios/api-backend.yaml\n\n"
        "  lambdacalc concurrency --rps 100 --duration 2\n\n"
        "  lambdacalc compare-memory --duration 2.5s --memory 128\n\n"
        "  lambdacalc init --list\n\n"
        "Exit codes: 0 success, 1 internal error, 2 bad input, 3 `diff --fail-above` "
        "exceeded."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lambdacalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Plan AWS Lambda cost, concurrency and memory before the bill arrives."""
    from lambdacalc.cli import startup

    startup.end()


def typed(function: Any) -> Any:
    """`function` with the signature typer reads: each `declare.option`/`argument` in its
    annotations built as the typer.Option/Argument it stands for."""
    import inspect

    signature = inspect.signature(function)  # a handle_errors wrapper: the function's own
    built = []
    for parameter in signature.parameters.values():
        annotation = parameter.annotation
        for marker in getattr(annotation, "__metadata__", ()):
            if isinstance(marker, Declared):
                info = (
                    typer.Option(*marker.decls, **marker.settings)
                    if marker.kind == "option"
                    else typer.Argument(**marker.settings)
                )
                annotation = Annotated[annotation.__origin__, info]
        built.append(parameter.replace(annotation=annotation))
    function.__signature__ = signature.replace(parameters=built)
    return function


def register_declared() -> None:
    """Register on `app` each command declared since the last call (in declaration order),
    and build the declared options of the subcommands of its groups (`logs`, `prices`)."""
    registered = {info.name for info in app.registered_commands}
    for name, declared in DECLARED.items():
        if name not in registered:
            app.command(name, **declared.settings)(typed(declared.function))
    for group in app.registered_groups:
        group_app = group.typer_instance
        if group_app is not None:
            callbacks = [info.callback for info in group_app.registered_commands]
            if group_app.registered_callback is not None:
                callbacks.append(group_app.registered_callback.callback)
            for callback in callbacks:
                if callback is not None:
                    typed(callback)
