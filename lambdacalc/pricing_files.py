"""Finding and reading price-book files (the I/O edge of `lambdacalc.prices`).

The wheel carries `pricing/` as `lambdacalc/data/pricing/`; an editable install or a bare
checkout has it at the repository root, beside the package. Both are looked for, in that order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lambdacalc.errors import PricingError
from lambdacalc.input_files import read_text
from lambdacalc.prices import PriceBook, parse_price_book

DEFAULT_BOOK = "aws-lambda.json"
# The China regions are priced in CNY by their operators: a book of their own (one currency
# per book, so one per bill), loaded for a cn-* region when no --prices book is given.
CHINA_BOOK = "aws-lambda-cn.json"
CHINA_PREFIX = "cn-"
MAX_BOOK_BYTES = 64 * 1024 * 1024  # every region and feature fits in well under 1 MB
_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(kind: str) -> Path:
    """`pricing` or `scenarios`: inside the installed wheel, else the source tree's folder."""
    installed = _PACKAGE_DIR / "data" / kind
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / kind


def read_structured_file(path: Path, what: str) -> Any:
    """Parse a JSON or YAML file (by extension) with exact decimals; errors are one line."""
    from lambdacalc.structured import load_json, load_yaml

    display, text = read_text(str(path), what, PricingError, MAX_BOOK_BYTES)
    if path.suffix.lower() in (".yaml", ".yml"):
        return load_yaml(text, display, PricingError, f"a {what}")[0]
    hint = "; a price book is JSON or YAML, see pricing/FORMAT.md"
    return load_json(text, display, PricingError, f"a {what}", hint)


def _read_bundled_book(path: Path) -> Any:
    """The book shipped with lambdacalc: written and checked by its tests, so read without
    the hostile-input checks a user's file gets (they cost about 1 ms of every start-up)."""
    import json
    from decimal import Decimal

    _, text = read_text(str(path), "price book", PricingError, MAX_BOOK_BYTES)
    return json.loads(text, parse_float=Decimal)


def bundled_book(region: str | None = None) -> str:
    """The bundled book's file name for `region`: the CNY book for a China region."""
    return CHINA_BOOK if region is not None and region.startswith(CHINA_PREFIX) else DEFAULT_BOOK


def load_price_book(path: str | Path | None = None, region: str | None = None) -> PriceBook:
    """The user's book at `path` (JSON or YAML), or the bundled book for `region`."""
    name = bundled_book(region)
    book_path = Path(path) if path is not None else data_dir("pricing") / name
    raw = (
        read_structured_file(book_path, "price book")
        if path is not None
        else _read_bundled_book(book_path)
    )
    origin = str(path) if path is not None else f"pricing/{name}"
    return parse_price_book(raw, origin, lazy=True)
