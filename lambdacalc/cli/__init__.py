"""Command-line interface: parse, call the core, render. Nothing else lives here.

Each command lives in its own module, which declares it when imported (lambdacalc.cli.declare).
`main` imports only the module of the command being run: a plain command line then runs
without typer (lambdacalc.cli.fast); anything else goes to the typer app, built with the
imported commands only (typer builds every registered command on each call, a large share of
start-up time). `lambdacalc.cli.app` (for tests and embedding) has every command.
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
    "init": ("init",),
    "diff": ("import_iac", "diff"),
    "import": ("import_iac",),
}


def _register(modules: list[str]) -> "typer.Typer":
    import importlib

    for module in modules:
        importlib.import_module(f"lambdacalc.cli.{module}")
    from lambdacalc.cli.root import app, register_declared

    register_declared()
    return app


def full_app() -> "typer.Typer":
    """The app with every command registered (help listings, tests)."""
    return _register([m for modules in COMMANDS.values() for m in modules])


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # answered before typer is imported (a third of a run)
        from lambdacalc import __version__

        sys.stdout.write(f"lambdacalc {__version__}\n")
        sys.exit(0)
    from lambdacalc.cli import root_help

    stored_help = root_help.drawn_plain(sys.argv)  # `--help` as typer would draw it
    if not stored_help:
        from lambdacalc.cli import startup

        startup.begin()  # ended by the root callback, before the command runs
        if len(sys.argv) < 2 or "--help" in sys.argv or "-h" in sys.argv:
            startup.help_requested()
    _prepare_streams()
    try:
        if stored_help:
            sys.stdout.write(root_help.text())
            sys.stdout.flush()
            sys.exit(0)
        _run()
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_exit()
    except SystemExit:
        # click meets a broken pipe itself, wraps stdout to silence the final flush and
        # exits 1, the code of an internal error: a closed pipe is not one
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _quiet_exit()
        raise
    except OSError as exc:
        # stdout on a full disk, closed, or failing: the user's environment, not a bug
        if not _is_output_error(exc):
            raise
        from lambdacalc.printable import printable

        _quiet_stdout()
        sys.stderr.write(
            f"Error: cannot write the output ({printable(exc.strerror or str(exc))})\n"
        )
        sys.exit(2)


def _run() -> None:
    from lambdacalc.cli import fast

    if fast.run(sys.argv[1:], COMMANDS):  # a plain command line, run without typer
        sys.stdout.flush()
        sys.exit(0)
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    app = _register(list(COMMANDS[command])) if command in COMMANDS else full_app()
    empty = _option_given_empty(app, sys.argv[1:])
    if empty is not None:
        sys.stderr.write(
            f"Error: {empty} is given an empty value; give a value, or leave {empty} out "
            "for its default\n"
        )
        sys.exit(2)
    try:
        code = app(standalone_mode=False)
    except Exception as exc:
        # click's usage errors (vendored by typer): one line, like every other bad input,
        # instead of a framed panel. Anything else is a bug and keeps its traceback.
        exit_code = getattr(exc, "exit_code", None)
        if not hasattr(exc, "format_message") or not isinstance(exit_code, int):
            raise
        from lambdacalc.printable import printable

        sys.stderr.write(f"Error: {printable(usage_error_line(exc))}\n")
        sys.exit(exit_code)
    sys.stdout.flush()
    sys.exit(code if isinstance(code, int) else 0)


def usage_error_line(exc: "Any") -> str:
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


def _option_given_empty(app: "typer.Typer", args: list[str]) -> str | None:
    """The option given an empty value (`--region ''`, `--svg=`), if any: typer would take
    it as the default (or a Path as `.`), silently."""
    if not any(arg == "" or (arg.startswith("--") and arg.endswith("=")) for arg in args):
        return None  # the usual case costs nothing
    import typer.main

    flags: set[str] = set()
    commands = [typer.main.get_command(app)]
    while commands:
        cmd = commands.pop()
        commands.extend(getattr(cmd, "commands", {}).values())
        for param in cmd.params:
            if getattr(param, "is_flag", False) or getattr(param, "count", False):
                flags.update(param.opts, param.secondary_opts)
    previous = ""
    for arg in args:
        if arg == "--":
            break
        if arg.startswith("--") and arg.endswith("="):
            return arg[:-1]
        if arg == "" and previous.startswith("-") and "=" not in previous and previous not in flags:
            return previous
        previous = arg
    return None


class _ClosedStream:
    """Stands in for a standard stream that was closed before lambdacalc started (`>&-`):
    writing to it fails as writing to a closed descriptor does."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(9, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(9, "standard output is closed")


def _prepare_streams() -> None:
    """A closed pipe ends lambdacalc as it ends other Unix tools: killed quietly by SIGPIPE
    (status 141), not an exception (Python ignores the signal; click and rich then exit 1).
    Text that cannot be encoded (a lone surrogate from a JSON name) is written escaped,
    never a crash; a closed stdout or stderr is an error message, not a traceback."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, _ClosedStream())
        elif hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _is_output_error(exc: OSError) -> bool:
    import errno

    return exc.errno in (errno.ENOSPC, errno.EBADF, errno.EIO, errno.EPIPE, errno.EDQUOT, 9)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _quiet_exit() -> None:
    """The reader of a pipe went away (`lambdacalc prices | head -1`): stop, as Unix tools
    do, with no message and the status of a process killed by SIGPIPE (128 + 13)."""
    _quiet_stdout()
    sys.exit(141)


def __getattr__(name: str) -> "Any":
    if name == "app":
        return full_app()
    raise AttributeError(name)


__all__ = ["COMMANDS", "app", "full_app", "main", "usage_error_line"]
