"""Unit conversions and rounding rules, in one place.

Quantities are Decimal throughout; money is rounded only when displayed.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

MB_PER_GB = Decimal(1024)  # Lambda's MB and GB are 1024-based (MiB, GiB)
MS_PER_S = Decimal(1000)
S_PER_HOUR = Decimal(3600)
HOURS_PER_MONTH = Decimal(730)  # lambdacalc's month, as AWS's calculator uses
S_PER_MONTH = HOURS_PER_MONTH * S_PER_HOUR
ONE_MILLION = Decimal(1_000_000)
CENT = Decimal("0.01")
ZERO = Decimal(0)


def mb_to_gb(mb: Decimal | int) -> Decimal:
    return Decimal(mb) / MB_PER_GB


def ms_to_s(ms: Decimal) -> Decimal:
    return ms / MS_PER_S


def ceil_ms(duration_ms: Decimal) -> Decimal:
    """Lambda bills duration in whole milliseconds, rounded up."""
    return duration_ms.to_integral_value(rounding=ROUND_CEILING)


def to_cents(usd: Decimal) -> Decimal:
    """Display rounding for money: to the cent, half up (as AWS's examples round)."""
    return usd.quantize(CENT, rounding=ROUND_HALF_UP)


def per_month_from_per_second(rate_per_s: Decimal) -> Decimal:
    return rate_per_s * S_PER_MONTH


def per_second_from_per_month(per_month: Decimal) -> Decimal:
    return per_month / S_PER_MONTH
