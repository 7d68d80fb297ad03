"""Random text and random nested JSON/YAML values fed to every reader (issue 18).

Whatever the input, a reader returns its result or raises a LambdacalcError (which the CLI
prints as `Error:` lines, exit 2): never another exception, which would be a traceback.
Values mix the shapes the readers expect (mappings with their keys) with junk: huge and
tiny numbers, deep nesting, control characters, markup, lone surrogates.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambdacalc import insights, powertuning, pricelist, scenario
from lambdacalc.errors import LambdacalcError
from lambdacalc.pricing_files import load_price_book
from lambdacalc.printable import printable

KEYS = [
    "functions",
    "name",
    "memory_mb",
    "duration_ms",
    "requests_per_month",
    "region",
    "schema_version",
    "regions",
    "x86_64",
    "request_usd_per_million",
    "duration_tiers",
    "usd_per_gb_s",
    "up_to_gb_s",
    "free_tier",
    "sources",
    "notes",
    "results",
    "stats",
    "value",
    "averageDuration",
    "products",
    "terms",
    "PriceList",
    "memory_size",
    "invocations",
    "@log",
    "[/]",
    "a\nb",
    "\x1b[31m",
]
NUMBERS = st.sampled_from(
    ["1e400", "1e-999999999", "1" + "0" * 5000, "-0", "NaN", "Infinity", "0x10", "017"]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.decimals(allow_nan=False, allow_infinity=False).map(str)
    | NUMBERS
    | st.text(max_size=20)
    | st.sampled_from(["\ud800", "[link=https://x]y[/link]", "\x9b2J", "yes", "12:30:00"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)
TEXT = st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1"))

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _json(value: Any) -> str:
    return json.dumps(value, default=str)


def _yaml(value: Any) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _only_clean_errors(read: Any, text: str) -> None:
    try:
        read(text)
    except LambdacalcError as exc:
        for message in exc.messages:
            assert "\n" not in printable(message)
        assert len(exc.messages) <= 6


def _scenario(tmp: Path, suffix: str) -> Any:
    def read(text: str) -> None:
        path = tmp / f"s{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        loaded = scenario.load(str(path))
        from lambdacalc.pricing_files import load_price_book

        scenario.check_region(loaded, load_price_book())

    return read


def _book(tmp: Path, suffix: str) -> Any:
    def read(text: str) -> None:
        path = tmp / f"b{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        book = load_price_book(path)
        for code in list(book.regions):
            book.region(code)

    return read


def _offer(text: str) -> None:
    pricelist.import_offer(pricelist.decode_offer_text(text, "offer"), "offer")


def _power_tuning(text: str) -> None:
    powertuning.parse_power_tuning(text, "pt")


def _insights(text: str) -> None:
    insights.read_export(text)


@SETTINGS
@given(value=VALUES, text=TEXT)
def test_every_reader_takes_any_value_or_text(tmp_path: Path, value: Any, text: str) -> None:
    readers = [
        (_scenario(tmp_path, ".json"), _json),
        (_scenario(tmp_path, ".yaml"), _yaml),
        (_book(tmp_path, ".json"), _json),
        (_book(tmp_path, ".yaml"), _yaml),
        (_offer, _json),
        (_power_tuning, _json),
        (_insights, _json),
    ]
    for read, encode in readers:
        _only_clean_errors(read, encode(value))
        _only_clean_errors(read, encode({"functions": [value], "regions": {"us-east-1": value}}))
        _only_clean_errors(read, text)


@SETTINGS
@given(depth=st.integers(min_value=1, max_value=40_000), wrap=st.sampled_from(KEYS))
def test_every_reader_takes_any_nesting(tmp_path: Path, depth: int, wrap: str) -> None:
    deep = "{" + json.dumps(wrap) + ": " + _deep(depth) + "}"
    for read in (
        _scenario(tmp_path, ".json"),
        _scenario(tmp_path, ".yaml"),
        _book(tmp_path, ".json"),
        _book(tmp_path, ".yaml"),
        _offer,
        _power_tuning,
        _insights,
    ):
        _only_clean_errors(read, deep)


def test_the_number_bounds_hold_in_every_syntax() -> None:
    from lambdacalc.structured import NumberError, to_decimal

    assert to_decimal("1e1000") == Decimal("1e1000")
    for text in ("1e1001", "1e-1001", "1e-999999999", "1" * 101):
        try:
            to_decimal(text)
        except NumberError:
            continue
        raise AssertionError(text)
