"""Numbers parsed from text, bounded in length and magnitude, the same for every reader."""

from __future__ import annotations

from decimal import Decimal

MAX_NUMBER_CHARS = 100
MAX_EXPONENT = 1000  # non-zero numbers lie from 1e-1000 to 1e1000 in magnitude

NUMBER_RANGE = (
    f"lambdacalc reads numbers of at most {MAX_NUMBER_CHARS} characters, 0 or from "
    f"1e-{MAX_EXPONENT} to 1e{MAX_EXPONENT} in size"
)


class NumberError(ValueError):
    """A number outside what lambdacalc reads; the message says which and why."""

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text  # the number as written, to find it in the file


def short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}…{text[-8:]} ({len(text)} characters)"


def check_decimal(value: Decimal, text: str | None = None) -> Decimal:
    """`value` if its size is within bounds (NaN and infinities pass: callers refuse them
    with their own message), else NumberError."""
    if value.is_finite() and value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
        shown = short(text if text is not None else str(value))
        raise NumberError(f"the number {shown} is out of range; {NUMBER_RANGE}", text or "")
    return value


def to_decimal(text: str) -> Decimal:
    """Parse a decimal number written as text, bounded as above.

    Raises InvalidOperation when the text is not a number, NumberError when it is one
    out of bounds."""
    if len(text) > MAX_NUMBER_CHARS:
        raise NumberError(f"the number {short(text)} is too long; {NUMBER_RANGE}", text)
    return check_decimal(Decimal(text), text)


def to_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise NumberError(f"the number {short(text)} is too long; {NUMBER_RANGE}", text)
    # at most MAX_NUMBER_CHARS digits, so below 1e100 and within bounds: no check_decimal
    # (a fleet's file has tens of thousands of integers)
    return int(text)
