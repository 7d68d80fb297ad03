"""One exception hierarchy and the exit codes it maps to.

Every error the user can cause derives from LambdacalcError; the CLI turns it into a
one-line message on stderr and exit code 2. Anything else is a bug (exit 1).
"""

from __future__ import annotations

from enum import IntEnum


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
        return "\n".join(self.messages)


class ScenarioError(LambdacalcError):
    """A scenario file that cannot be read or does not validate."""


class PricingError(LambdacalcError):
    """A price book that is malformed, or lacks a price the workload needs."""


class InputError(LambdacalcError):
    """A bad command-line value (a rate, a duration, a size, a limit)."""


class LogError(LambdacalcError):
    """A log file with nothing usable in it."""
