"""Unit conversions and rounding rules, in one place.

Quantities are Decimal throughout; money is rounded only when displayed.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from lambdacalc import limits

MB_PER_GB = Decimal(1024)  # Lambda's MB and GB are 1024-based (MiB, GiB)
MS_PER_S = Decimal(1000)
S_PER_HOUR = Decimal(3600)
HOURS_PER_MONTH = Decimal(730)  # lambdacalc's month, as AWS's calculator uses
S_PER_MONTH = HOURS_PER_MONTH * S_PER_HOUR
ONE_MILLION = Decimal(1_000_000)
CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
MICROSECOND_MS = Decimal("0.001")
MIN_BILLED_MS = Decimal(limits.MIN_BILLED_MS)  # Lambda bills every invocation at least 1 ms


def ceil_ms(duration_ms: Decimal) -> Decimal:
    """Lambda bills duration in whole milliseconds, rounded up."""
    return duration_ms.to_integral_value(ROUND_CEILING)  # (positional: no keyword parsed)


def billed_duration_ms(duration_ms: Decimal, already_billed: bool = False) -> Decimal:
    """The ms one invocation of this (average) duration is billed: rounded up to whole ms,
    or, for a mean of Billed Durations (`duration_billed`), as it is, at least 1 ms.

    A billed mean, or the model's prediction of it at another size (that mean scaled), is
    an average of durations Lambda already rounded up one by one; rounding it again would
    bill the rounding twice. Only the floor holds: no invocation is billed under 1 ms, so
    neither is their mean.
    """
    if already_billed:
        return duration_ms if duration_ms >= MIN_BILLED_MS else MIN_BILLED_MS
    return duration_ms.to_integral_value(ROUND_CEILING)


def to_cents(usd: Decimal) -> Decimal:
    """Display rounding for money: to the cent, half up (as AWS's examples round)."""
    return usd.quantize(CENT, rounding=ROUND_HALF_UP)


_DURATION_UNITS_MS = {
    "ms": Decimal(1),
    "s": Decimal(1000),
    "sec": Decimal(1000),
    "m": Decimal(60_000),
    "min": Decimal(60_000),
    "h": Decimal(3_600_000),
    "d": Decimal(86_400_000),
    "w": Decimal(604_800_000),
}

_SIZE_UNITS_BYTES = {
    "b": Decimal(1),
    "kb": Decimal(1024),
    "mb": Decimal(1024**2),
    "gb": Decimal(1024**3),
}


def _split_number_unit(text: str) -> tuple[Decimal, str] | None:
    """'1.5m' -> (Decimal('1.5'), 'm'); None when there is no leading finite number."""
    s = text.strip().lower().replace("_", "")
    i = 0
    while i < len(s) and (s[i].isdigit() or s[i] in ".+-eE"):
        # stop before a unit that starts with e (none do today, but keep 'e' only inside numbers)
        if s[i] in "eE" and (i + 1 >= len(s) or not (s[i + 1].isdigit() or s[i + 1] in "+-")):
            break
        i += 1
    number, unit = s[:i], s[i:].strip()
    from lambdacalc.bounded_numbers import to_decimal

    try:
        value = to_decimal(number)  # a number out of range raises its own ValueError
    except ArithmeticError:
        return None
    if not value.is_finite():
        return None
    return value, unit


def parse_duration_ms(text: str, bare_unit: str = "s") -> Decimal:
    """Parse '2', '2s', '150ms', '1.5m' into milliseconds. A bare number is in `bare_unit`.

    Raises ValueError with a message naming the accepted forms.
    """
    parsed = _split_number_unit(text)
    if parsed is None:
        raise ValueError(
            f"'{text}' is not a duration; use a number with ms, s, m or h (e.g. 150ms, 2s)"
        )
    value, unit = parsed
    if unit == "m" and text.rstrip().endswith("M"):
        raise ValueError(ambiguous_m(text))
    factor = _DURATION_UNITS_MS.get(unit or bare_unit)
    if factor is None:
        raise ValueError(f"unknown duration unit '{unit}' in '{text}'; use ms, s, m or h")
    return value * factor


def ambiguous_m(text: str) -> str:
    """Why an upper-case M is refused: units are read case-insensitively, and M reads as
    months as readily as minutes (it is mega elsewhere); minutes are m or min."""
    number = text.strip()[:-1].strip()
    return (
        f"'{text}': M could mean months or minutes; write {number}min (or {number}m) for "
        "minutes, or days for a month (e.g. 30d)"
    )


def parse_size_bytes(text: str | int, bare_unit: str = "b") -> Decimal:
    """Parse '7MB', '512 KB', '1GB' (1024-based, as AWS bills) into bytes."""
    parsed = _split_number_unit(str(text))
    if parsed is None:
        raise ValueError(f"'{text}' is not a size; use a number with B, KB, MB or GB (e.g. 7MB)")
    value, unit = parsed
    factor = _SIZE_UNITS_BYTES.get(unit or bare_unit)
    if factor is None:
        raise ValueError(f"unknown size unit '{unit}' in '{text}'; use B, KB, MB or GB")
    return value * factor


def parse_memory_mb(text: str | int) -> Decimal:
    """Memory in MB: '512', '512MB', '1GB', '1.5 GB' (a bare number is MB; 1024-based)."""
    return parse_size_bytes(text, bare_unit="mb") / _SIZE_UNITS_BYTES["mb"]


def percent_text(fraction: float | Decimal) -> str:
    """A probability or share, stored as a fraction (0.00569), for people: in percent with
    three significant digits ('0.569%'); tiny values in exponent form ('2.47e-10%').

    Every text output (tables, warnings, Markdown) shows probabilities this way; JSON and CSV
    keep the fraction, in fields whose names say so.
    """
    value = float(fraction)
    if value == 0:
        return "0%"
    percent = value * 100
    return f"{percent:.3g}%" if abs(percent) >= 0.001 else f"{percent:.2e}%"
