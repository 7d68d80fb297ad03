"""Numbers in words for people: the plain-text forms that the core's messages (warnings,
notes) and the renderers share, so a figure reads the same in both. No I/O, no rich."""

from decimal import Decimal, InvalidOperation, localcontext


def _quantize(value: Decimal, quantum: Decimal) -> Decimal:
    """`value` rounded to `quantum`, exactly even when that needs more digits than the
    default context's 28 (a quantize that would not fit raises InvalidOperation there)."""
    try:
        return value.quantize(quantum)
    except InvalidOperation:
        if not value.is_finite():
            raise
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, value.adjusted() - quantum.adjusted() + 2)
            return value.quantize(quantum)


def number(value: Decimal | int, places: int = 0) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    q = Decimal(1).scaleb(-places)
    return f"{_quantize(value, q):,f}"


def counted(count: int, singular: str, plural: str = "") -> str:
    """'1 measured point', '2 measured points', '1,000 report records'."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


def digits(value: Decimal) -> str:
    """A Decimal as the user would type it back: every digit, no separators (0.15, 1500)."""
    return f"{value.normalize():f}"


def plain(value: Decimal) -> str:
    """A Decimal with every digit it has and thousands separators: 250,000 or 2.5."""
    return f"{value.normalize():,f}"


def smart(value: Decimal) -> str:
    """A quantity at a useful precision: whole when large, 2-4 decimals when small."""
    if value == value.to_integral_value() or abs(value) >= 1000:
        return number(value, 0)
    return number(value, 2 if abs(value) >= 1 else 4)
