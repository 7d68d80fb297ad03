"""A well-formed command line run without typer.

Importing typer was nearly two thirds of a `lambdacalc concurrency` run and a quarter of a sweep's.
Most command lines are plain: a command, known options each with a value, a scenario path.
`run` parses those from the same declarations typer reads (`lambdacalc.cli.declare`), with
the same value parsers (lambdacalc.cli.params), and calls the command. Anything else is left
to typer, which then parses the line again and has the last word: help, completion (and
on Windows any wildcard, which click expands), a
mistake of any kind (an unknown or repeated option, a missing or bad value, a choice in
other letter case, `--`, a short option with its value attached). So an error, and its
message, is always typer's; the warnings a parser gives while this module reads the line
are held back and dropped when typer takes over, so they are never said twice.

tests/test_cli_fast.py holds the two readers equal: for generated command lines this module
either declines or gives the command exactly the values typer gives it, and the commands'
examples give the same output both ways.
"""

import io
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from lambdacalc.cli.declare import DECLARED, Declared


class _Decline(Exception):
    """Leave this command line to typer."""


class Param(NamedTuple):
    """One parameter of a declared command, as the command line sets it."""

    name: str
    # option name -> the value a flag sets (None: it takes a value); empty for an argument
    flags: dict[str, bool | None]
    convert: Callable[[Any], Any]  # text (or a default) -> the value the command receives
    multiple: bool
    default: Any
    required: bool
    converts_default: bool  # click passes a default through the option's parser


_REQUIRED = object()


def run(argv: list[str], commands: dict[str, tuple[str, ...]]) -> bool:
    """Run argv (without the program name) if it is a plain call of a declared command;
    False, having run and said nothing, if typer must do it. `commands`: the modules of
    lambdacalc.cli that define each command (lambdacalc.cli.COMMANDS)."""
    if not argv or argv[0].startswith("-") or _typers_alone(argv):
        return False
    name = argv[0]
    if name not in commands:
        return False
    import importlib

    for module in commands[name]:
        importlib.import_module(f"lambdacalc.cli.{module}")
    declared = DECLARED.get(name)
    if declared is None:
        return False
    given = parse(declared.function, argv[1:])
    if given is None:
        return False
    from lambdacalc.cli import startup

    startup.end()  # as the root callback does before a command runs
    try:
        declared.function(**given)
    except KeyboardInterrupt:  # Ctrl-C, ended as typer ends it: status 130, no traceback
        raise SystemExit(130) from None
    return True


def _typers_alone(argv: list[str]) -> bool:
    """Shell completion asks through an environment variable (`_LAMBDACALC_COMPLETE`); on
    Windows, click expands `~`, variables and wildcards in the arguments, as no shell does."""
    import os

    if os.name == "nt" and any(char in arg for arg in argv for char in "*?[~$%"):
        return True
    return any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ)


def parse(function: Callable[..., Any], args: list[str]) -> dict[str, Any] | None:
    """The values typer would call `function` with for args, or None to leave args to typer.
    Warnings the parsers give are written only when the whole line is read."""
    held, real = io.StringIO(), sys.stderr
    sys.stderr = held
    try:
        values = _values(parameters(function), args)
    except Exception:  # typer reads the line again, and says what is wrong with it
        return None
    finally:
        sys.stderr = real
    real.write(held.getvalue())
    return values


def _values(params: list[Param], args: list[str]) -> dict[str, Any]:
    by_flag = {flag: param for param in params for flag in param.flags}
    texts: dict[str, list[Any]] = {}  # given options in the order first given (click's)
    positional: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "":
            raise _Decline  # an empty value: the CLI's own message
        if arg == "-" or not arg.startswith("-"):
            positional.append(arg)
            continue
        flag, equals, text = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if equals and not text:
            raise _Decline  # `--region=`: the CLI's own message
        param = by_flag.get(flag)
        if param is None or (param.name in texts and not param.multiple):
            raise _Decline  # unknown (or help, or `--`), or given twice
        value: Any = param.flags[flag]
        if value is None:
            if not equals:
                text = next(rest, "")
                if text == "" or (text.startswith("-") and text != "-"):
                    raise _Decline  # missing, or a value typer might read otherwise
            value = text
        elif equals:
            raise _Decline
        texts.setdefault(param.name, []).append(value)
    arguments = [param for param in params if not param.flags]
    if len(positional) > len(arguments):
        raise _Decline
    for param, text in zip(arguments, positional, strict=False):
        texts[param.name] = [text]
    order = [p for name in texts for p in params if p.name == name]
    order += [p for p in params if p.name not in texts]
    values: dict[str, Any] = {}
    for param in order:
        given = texts.get(param.name)
        if given is None:
            if param.required:
                raise _Decline
            value = param.default
            if value is not None and param.converts_default:
                value = param.convert(value)
        elif param.multiple:
            value = [param.convert(text) for text in given]
        else:
            value = param.convert(given[0])
        values[param.name] = value
    return {param.name: values[param.name] for param in params}


def parameters(function: Callable[..., Any]) -> list[Param]:
    """The declared parameters of a command function, in declaration order."""
    inner = getattr(function, "__wrapped__", function)  # under handle_errors
    code = inner.__code__
    names = code.co_varnames[: code.co_argcount]
    defaults = inner.__defaults__ or ()
    first_default = len(names) - len(defaults)
    params = []
    for index, name in enumerate(names):
        annotation = inner.__annotations__[name]
        marker = next(m for m in annotation.__metadata__ if isinstance(m, Declared))
        default = defaults[index - first_default] if index >= first_default else _REQUIRED
        params.append(_param(name, marker, annotation.__origin__, default))
    return params


# settings of typer.Option/Argument that change only help; any other (a callback, an
# environment variable, a range, a path check) would change what a value means
_HELP_ONLY = {"metavar", "help", "show_default", "hidden", "rich_help_panel", "show_choices"}


def _param(name: str, marker: Declared, annotation: Any, default: Any) -> Param:
    unread = set(marker.settings) - _HELP_ONLY - {"parser", "case_sensitive"}
    if unread:
        raise TypeError(f"{name}: {sorted(unread)} are not read here")
    kind = _without_none(annotation)
    multiple = getattr(kind, "__origin__", None) is list
    if multiple:
        (kind,) = kind.__args__
    parser = marker.settings.get("parser")
    is_flag = kind is bool
    convert = parser if parser is not None else _converter(kind)
    flags: dict[str, bool | None] = {}
    if marker.kind == "option":
        decls = [d for d in marker.decls if d.startswith("-")]
        if is_flag and any("/" in d for d in decls):
            raise TypeError(f"{name}: on/off flag pairs are not read here")
        for decl in decls or ["--" + name.replace("_", "-")]:
            flags[decl] = True if is_flag else None
    return Param(
        name=name,
        flags=flags,
        convert=convert,
        multiple=multiple,
        default=None if default is _REQUIRED else default,
        required=default is _REQUIRED,
        converts_default=parser is not None,
    )


def _without_none(annotation: Any) -> Any:
    import types

    if isinstance(annotation, types.UnionType):
        kinds = [kind for kind in annotation.__args__ if kind is not type(None)]
        if len(kinds) != 1:
            raise TypeError(f"{annotation}: a union is not read here")
        return kinds[0]
    return annotation


def _converter(kind: Any) -> Callable[[Any], Any]:
    if kind is str or kind is bool:
        return _same
    if kind is Path:
        return Path
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _choice(kind)
    raise TypeError(f"{kind}: no parser= given, and not a kind read here")


def _same(value: Any) -> Any:
    return value


def _choice(kind: type[Enum]) -> Callable[[Any], Any]:
    def convert(text: Any) -> Enum:
        if isinstance(text, kind):
            return text
        for member in kind:
            if member.value == text:  # other letter cases are typer's
                return member
        raise _Decline

    return convert
