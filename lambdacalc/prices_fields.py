"""One price-book field read and checked (price, text, list, mapping, keys), for every book."""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from lambdacalc.errors import PricingError

# A unit price above this (USD per request, GB-s or GB; per million requests) is a typo:
# Lambda's dearest is under a dollar. Quantities (free tier, tier bounds) have their own cap.
MAX_PRICE_USD = 1000
MAX_QUANTITY = 10**15
# The keys every dated book starts with (the Lambda book and the around-Lambda one).
BOOK_HEADER_KEYS = (
    "schema_version",
    "name",
    "title",
    "effective_date",
    "retrieved",
    "currency",
    "sources",
    "notes",
    "free_tier",
    "regions",
)


def _known_keys(entry: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    """A misspelt key would leave the price it meant unknown or listed: refuse it, naming
    the closest allowed key (the first unknown key only, so a file of many costs no more)."""
    for key in entry:
        if key not in allowed:
            import difflib  # only for the error message

            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
            raise PricingError(f"{where}: unknown key {_quoted(key)}; {hint}")


def _quoted(value: Any) -> str:
    return repr(value) if isinstance(value, str) else repr(str(value))


def _text(raw: Any, where: str, default: str) -> str:
    if raw is None:
        return default
    if isinstance(raw, bool) or not isinstance(raw, (str, int, Decimal)):
        raise PricingError(f"{where}: expected text, got {type(raw).__name__}")
    return str(raw)


def _price(raw: Any, where: str, maximum: int = MAX_PRICE_USD) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
        raise PricingError(f'{where}: a price must be a string such as "0.20" or null, got {raw!r}')
    from lambdacalc.bounded_numbers import NumberError, to_decimal

    try:
        # repr() of a float is its shortest exact spelling: 1.66667e-05 -> 0.0000166667
        value = to_decimal(repr(raw) if isinstance(raw, float) else str(raw).strip())
    except InvalidOperation:
        raise PricingError(f"{where}: {_quoted(raw)} is not a number") from None
    except NumberError as exc:
        raise PricingError(f"{where}: {exc}") from None
    if not value.is_finite() or value < 0:
        raise PricingError(f"{where}: a price must be a finite number ≥ 0, got {raw}")
    if value > maximum:
        raise PricingError(
            f"{where}: {raw} is above {maximum:,}, far beyond any Lambda price; check the value"
        )
    return value


def _list(raw: Any, where: str) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PricingError(f"{where}: expected a list, got {type(raw).__name__}")
    return raw


def _mapping(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise PricingError(f"{where}: expected a mapping, got {type(raw).__name__}")
    return raw


def check_schema_version(book: Mapping[str, Any], expected: int, origin: str) -> None:
    """A book of another format version would be misread field by field: refuse it."""
    version = book.get("schema_version")
    if version != expected:
        raise PricingError(
            f"{origin}: schema_version {version!r} is not supported (expected {expected}); "
            f"see pricing/FORMAT.md"
        )


def free_amounts(book: Mapping[str, Any], keys: tuple[str, ...], origin: str) -> list[Decimal]:
    """A book's `free_tier:` amounts in the order of `keys` (each 0 when absent)."""
    free = _mapping(book.get("free_tier") or {}, f"{origin}: free_tier")
    _known_keys(free, keys, f"{origin}: free_tier")
    return [
        _price(free.get(key, "0"), f"{origin}: free_tier.{key}", MAX_QUANTITY) or Decimal(0)
        for key in keys
    ]


def tier_pairs(
    raw: Any, where: str, what: str, bound_key: str, rate_key: str
) -> list[tuple[Decimal | None, Decimal]] | None:
    """A tier list (`[{bound_key: N, rate_key: R}, …, {bound_key: null, …}]`) as (bound, rate)
    pairs: bounds rising, only the last open-ended; None when any rate is unknown (one unknown
    rate makes the whole schedule unknown). `what` names the list in errors."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw:
        raise PricingError(f"{where}: {what} must be a non-empty list or null")
    pairs: list[tuple[Decimal | None, Decimal]] = []
    previous = Decimal(0)
    for i, item in enumerate(raw):
        entry = _mapping(item, f"{where}[{i}]")
        _known_keys(entry, (bound_key, rate_key), f"{where}[{i}]")
        rate = _price(entry.get(rate_key), f"{where}[{i}].{rate_key}")
        if rate is None:
            return None
        bound = _price(entry.get(bound_key), f"{where}[{i}].{bound_key}", MAX_QUANTITY)
        last = i == len(raw) - 1
        if last and bound is not None:
            raise PricingError(f"{where}: the last tier must be open-ended ({bound_key}: null)")
        if not last and (bound is None or bound <= previous):
            raise PricingError(f"{where}[{i}]: tier bounds must rise and only the last may be null")
        pairs.append((bound, rate))
        previous = bound if bound is not None else previous
    return pairs
