"""Reading the around-Lambda price book: the bundled one or a user's (`--around-prices`)."""

from __future__ import annotations

from pathlib import Path

from lambdacalc.around.book import AroundBook, parse_around_book

DEFAULT_AROUND_BOOK = "around-lambda.json"


def load_around_book(path: str | Path | None = None) -> AroundBook:
    from lambdacalc.pricing_files import _read_bundled_book, data_dir, read_structured_file

    if path is not None:
        raw = read_structured_file(Path(path), "price book")
        return parse_around_book(raw, str(path))
    raw = _read_bundled_book(data_dir("pricing") / DEFAULT_AROUND_BOOK)
    return parse_around_book(raw, f"pricing/{DEFAULT_AROUND_BOOK}")
