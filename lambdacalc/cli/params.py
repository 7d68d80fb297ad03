"""The typed parameter parsers every command's unit-bearing flags go through (typer `parser=`).

One rule for a bare number, everywhere (the parsing itself is lambdacalc.units'):

* durations take ms, s, m (or min) and h (--window also d and w); a bare number is seconds.
  A bare duration above Lambda's 900 s timeout is an error that suggests the ms reading; one
  above 60 s for a per-request duration is read as seconds, with a warning suggesting ms;
* sizes take MB or GB (1024-based, as Lambda's memory); a bare number is MB;
* percentages take `%` or a bare number where the flag's name says percent (5 or 5%);
  shares (0..1, such as --throttle-target) take a fraction or a percent (0.001 or 0.1%).

Each factory takes the flag's name and returns the parser for it, so every message names the
flag; it also takes a typed default (click passes defaults through it) as its text. A bad
value raises InputError; the root command group turns that into one `Error:` line and exit
code 2, as for every other bad input.
"""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from lambdacalc import limits
from lambdacalc.errors import InputError
from lambdacalc.units import MS_PER_S, parse_duration_ms, parse_memory_mb

MAX_TIMEOUT_S = Decimal(900)  # Lambda's longest timeout, 15 minutes
PLAUSIBLE_REQUEST_S = Decimal(60)  # above this, a bare per-request duration gets a warning
_HUNDRED = Decimal(100)

# metavars for --help, one spelling each
DURATION = "DURATION"
MB = "MB"
PERCENT = "PERCENT"
SHARE = "SHARE"


class Measured(NamedTuple):
    """--measured MB=DURATION, parsed (a class, not a bare tuple: typer reads tuple
    annotations as several values)."""

    memory_mb: int
    duration_ms: Decimal


class Pollers(NamedTuple):
    minimum: int
    maximum: int


class Sizes(NamedTuple):
    sizes_mb: tuple[int, ...]


def _is_bare(text: str) -> bool:
    """No unit given: the text ends in a digit (or a decimal point)."""
    tail = text.strip()[-1:]
    return tail.isdigit() or tail == "."


def _warn(message: str) -> None:
    from lambdacalc.cli.common import warn

    warn(message)


def _number(flag: str, text: str, example: str = "100") -> Decimal:
    """A flag's number, through the reader every input path shares: its digits and exponent
    are bounded there (1e-999999999 is refused, not expanded into a gigabyte of zeros)."""
    from lambdacalc.bounded_numbers import NumberError, to_decimal

    try:
        value = to_decimal(text.strip().replace("_", ""))
    except InvalidOperation:
        raise InputError(f"{flag} '{text}' is not a number; give e.g. {flag} {example}") from None
    except NumberError as exc:
        raise InputError(f"{flag}: {exc}") from None
    if not value.is_finite():
        raise InputError(f"{flag} must be a finite number (got {text}); give a plain number")
    return value


def duration_ms(flag: str, *, per_request: bool = True) -> Callable[[str], Decimal]:
    """A Lambda duration in ms: 2, 2s, 2000ms, 0.05m, 1h (bare = seconds), at most 900 s."""

    def parse(text: str) -> Decimal:
        text = str(text)
        try:
            value_ms = parse_duration_ms(text, bare_unit="s")
        except ValueError as exc:
            raise InputError(f"{flag}: {exc}") from None
        seconds = value_ms / MS_PER_S
        bare = _is_bare(text)
        if seconds > MAX_TIMEOUT_S:
            if bare:
                raise InputError(
                    f"{flag} {text} is read as seconds, above Lambda's 900 s timeout; "
                    f"did you mean {text.strip()}ms?"
                )
            raise InputError(f"{flag} {text} is above Lambda's 900 s (15-minute) timeout")
        if bare and per_request and seconds > PLAUSIBLE_REQUEST_S:
            _warn(
                f"{flag} {text} is read as {text.strip()} s (a bare number is seconds); "
                f"for milliseconds write {text.strip()}ms"
            )
        return value_ms

    parse.__name__ = "duration"
    return parse


def duration_s(flag: str, *, per_request: bool = True) -> Callable[[str], Decimal]:
    """As duration_ms, in seconds."""
    in_ms = duration_ms(flag, per_request=per_request)

    def parse(text: str) -> Decimal:
        text = str(text)
        return in_ms(text) / MS_PER_S

    parse.__name__ = "duration"
    return parse


def window_s(flag: str) -> Callable[[str], Decimal]:
    """A span of time in seconds (not a Lambda duration: no 900 s bound): 3600, 90m, 36h,
    7d, 2w; from 1 s to 20 years."""

    def parse(text: str) -> Decimal:
        text = str(text)
        try:
            value = parse_duration_ms(text, bare_unit="s") / MS_PER_S
        except ValueError as exc:
            raise InputError(f"{flag}: {exc}") from None
        if value <= 0:
            raise InputError(f"{flag} must be longer than zero")
        if not limits.MIN_LOG_WINDOW_S <= value <= limits.MAX_LOG_WINDOW_DAYS * 86400:
            raise InputError(
                f"{flag} '{text}' is outside 1s to {limits.MAX_LOG_WINDOW_DAYS}d (20 years); "
                "give the time the logs cover, e.g. 7d"
            )
        return value

    parse.__name__ = "window"
    return parse


def memory_mb(flag: str) -> Callable[[str], int]:
    """A Lambda memory size: 512, 512MB, 1GB, 1.5GB (bare = MB); whole MB, 128 to 10,240."""

    def parse(text: str) -> int:
        text = str(text)
        lo, hi = limits.MIN_MEMORY_MB, limits.MAX_MEMORY_MB
        try:
            value = parse_memory_mb(text)
        except ValueError:
            raise InputError(
                f"{flag} '{text}' is not a size; give e.g. {flag} 512 or 1GB"
            ) from None
        if value != value.to_integral_value() or not lo <= value <= hi:
            raise InputError(
                f"{flag} must be a whole number of MB from {lo} to {hi} (got {text}); "
                f"e.g. {flag} 512 or 1GB"
            )
        return int(value)

    parse.__name__ = "memory"
    return parse


def size_mb(flag: str) -> Callable[[str], Decimal]:
    """Any amount of memory in MB, 0 or more: 180, 180MB, 0.5GB (bare = MB)."""

    def parse(text: str) -> Decimal:
        text = str(text)
        try:
            value = parse_memory_mb(text)
        except ValueError:
            raise InputError(f"{flag} '{text}' is not a size; give e.g. {flag} 180MB") from None
        if value < 0 or value > limits.MAX_MEMORY_MB:
            raise InputError(
                f"{flag} {text} is outside 0 to {limits.MAX_MEMORY_MB} MB; e.g. {flag} 180"
            )
        return value

    parse.__name__ = "size"
    return parse


def memory_list_mb(flag: str) -> Callable[[str], Sizes]:
    """A comma-separated list of memory sizes: 128,512,1GB."""
    one = memory_mb(flag)

    def parse(text: str) -> Sizes:
        text = str(text)
        items = [item.strip() for item in text.split(",")]
        if not any(items):
            raise InputError(f"{flag} '{text}' lists no sizes; give MB values such as 128,512,1024")
        if not all(items):
            raise InputError(
                f"{flag} '{text}' has an empty item; list MB values separated by single "
                "commas, such as 128,512,1024"
            )
        return Sizes(tuple(one(item) for item in items))

    parse.__name__ = "sizes"
    return parse


def measured(flag: str) -> Callable[[str], Measured]:
    """A measured average, MB=DURATION: 128=2.5s, 1GB=300ms, 128=2.5 (bare = seconds)."""
    size = memory_mb(f"{flag} size")
    duration = duration_ms(f"{flag} duration")

    def parse(text: str) -> Measured:
        text = str(text)
        memory, sep, spent = text.partition("=")
        if not sep or not memory.strip() or not spent.strip():
            raise InputError(
                f"{flag} '{text}' is not MB=DURATION; write it like 128=2500ms or 1024=0.3s"
            )
        value_ms = duration(spent)
        if value_ms <= 0:
            raise InputError(f"{flag} '{text}': a duration must be more than 0 ms")
        return Measured(size(memory), value_ms)

    parse.__name__ = "measured"
    return parse


def percent(flag: str) -> Callable[[str], Decimal]:
    """A percentage, for flags whose name says percent: 5 or 5% (both five per cent)."""

    def parse(text: str) -> Decimal:
        text = str(text)
        stripped = text.strip()
        return _number(flag, stripped.removesuffix("%").rstrip(), "5%")

    parse.__name__ = "percent"
    return parse


def share(flag: str) -> Callable[[str], Decimal]:
    """A share of 1: a fraction (0.001, 0.7) or a percent (0.1%, 70%)."""

    def parse(text: str) -> Decimal:
        text = str(text)
        stripped = text.strip()
        if stripped.endswith("%"):
            return _number(flag, stripped.removesuffix("%").rstrip(), "50%") / _HUNDRED
        return _number(flag, stripped, "0.5")

    parse.__name__ = "share"
    return parse


def number(
    flag: str, maximum: int | None = None, minimum: int | None = None, example: str = "100"
) -> Callable[[str], Decimal]:
    """A plain number (a rate): 100, 2.5, 1_000; from `minimum` to `maximum` when given.
    `example` is a value the flag accepts, for the error's hint."""

    def parse(text: str) -> Decimal:
        text = str(text)
        value = _number(flag, text, example)
        if minimum is not None and value < minimum:
            raise InputError(f"{flag} {text} is below {minimum:,}; give {minimum} or more")
        if maximum is not None and value > maximum:
            raise InputError(
                f"{flag} {text} is above {maximum:,}, far beyond any Lambda workload; "
                "check the value"
            )
        return value

    parse.__name__ = "number"
    return parse


def whole(
    flag: str,
    maximum: int = limits.MAX_CONCURRENCY,
    minimum: int | None = None,
    example: str = "100",
) -> Callable[[str], int]:
    """A whole number (a count): 100, 1_000."""
    plain = number(flag, maximum, minimum, example)

    def parse(text: str) -> int:
        text = str(text)
        value = plain(text)
        if value != value.to_integral_value():
            raise InputError(f"{flag} must be a whole number (got {text}); drop the fraction")
        return int(value)

    parse.__name__ = "whole"
    return parse


def pollers(flag: str) -> Callable[[str], Pollers]:
    """MIN[:MAX] event pollers; MAX defaults to AWS's 200."""
    count = whole(flag, example="2:200")

    def parse(text: str) -> Pollers:
        text = str(text)
        low, sep, high = text.partition(":")
        if not low.strip() or (sep and not high.strip()):
            raise InputError(f"{flag} '{text}' is not MIN[:MAX]; write it like 2 or 10:200")
        from lambdacalc.concurrency import SQS_DEFAULT_MAX_POLLERS

        return Pollers(count(low), count(high) if sep else SQS_DEFAULT_MAX_POLLERS)

    parse.__name__ = "pollers"
    return parse
