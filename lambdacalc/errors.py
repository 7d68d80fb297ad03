"""One exception hierarchy and the exit codes it maps to.

Every error the user can cause derives from LambdacalcError; the CLI turns it into a
one-line message on stderr and exit code 2. Anything else is a bug (exit 1).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import IntEnum

# An input field named in a message: `field("reserved_concurrency")`. The core says which
# input is wrong in its own words; the CLI shows the flag that sets it (`--reserved`).
_FIELD = re.compile("\ue000([a-z_]+)\ue001")


def field(name: str) -> str:
    """A reference to the input field `name` inside an error message."""
    return f"\ue000{name}\ue001"


def name_fields(text: str, names: Mapping[str, str] | None = None) -> str:
    """`text` with each field reference shown as `names` calls it (the field's own name
    when `names` has none)."""
    table = names or {}
    return _FIELD.sub(lambda m: table.get(m.group(1), m.group(1)), text)


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # a bug or an environment fault
    BAD_INPUT = 2  # bad flags, scenario, price book, log file or region
    OVER_BUDGET = 3  # `diff --fail-above`: the bill rises by more than the limit


class LambdacalcError(Exception):
    """A problem with the user's input; the message says what, where and how to fix it.

    Several problems found at once are given as several messages, each printed as one
    `Error:` line (a newline inside a message is user text, printed escaped)."""

    def __init__(self, message: str = "error", *more: str) -> None:
        super().__init__(message)
        self.messages = (message, *more)

    def __str__(self) -> str:
        return name_fields("\n".join(self.messages))

    def said(self, names: Mapping[str, str]) -> tuple[str, ...]:
        """The messages with each input field named as `names` calls it (e.g. its flag)."""
        return tuple(name_fields(m, names) for m in self.messages)


class ScenarioError(LambdacalcError):
    """A scenario file that cannot be read or does not validate."""


class PricingError(LambdacalcError):
    """A price book that is malformed, or lacks a price the workload needs."""


class InputError(LambdacalcError):
    """A bad command-line value (a rate, a duration, a size, a limit)."""


class LogError(LambdacalcError):
    """A log file with nothing usable in it."""


def worker_failed(name: str, status: int | None, stderr: str) -> LogError:
    """A log file's worker process (lambdacalc.logfiles, lambdacalc.gzip_worker) that ended
    without its result: one line with its exit status and the last line of its stderr."""
    last = stderr.strip().splitlines()[-1:]
    detail = f": {last[0]}" if last else ""
    return LogError(f"{name}: worker process failed (exit status {status}){detail}")
