"""The one JSON encoder: the layout of `json.dumps(indent=2)`, exact Decimals, streamed."""

from __future__ import annotations

import io
import json
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambdacalc.printable import json_safe
from lambdacalc.render.common import dumps, exact, full, write_json

_scalars = st.none() | st.booleans() | st.integers() | st.text()
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@given(_values)
def test_layout_is_json_dumps_indent_2(value: Any) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False)
    assert dumps(value) == expected
    out = io.StringIO()
    write_json(value, out)
    # written out, characters a terminal would act on (DEL, C1, bidi) are \u escapes: the
    # same JSON value
    assert out.getvalue() == json_safe(expected) + "\n"
    assert json.loads(out.getvalue()) == json.loads(expected)


def test_decimals_are_exact_numbers_and_enums_their_values() -> None:
    class Colour(str, Enum):
        RED = "red"

    doc = {"usd": Decimal("0.12345678904"), "n": Decimal("8E+4"), Colour.RED: Colour.RED}
    # 0.12345678904 to ten places is 0.1234567890, written without its trailing zero;
    # 8E+4 is written out positionally
    assert dumps(doc) == '{\n  "usd": 0.123456789,\n  "n": 80000,\n  "red": "red"\n}'
    assert dumps([Decimal("0.00000000001234")], full) == "[\n  0.00000000001234\n]"


def test_a_long_list_is_written_in_chunks() -> None:
    writes: list[str] = []

    class Sink(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(text)
            return len(text)

    doc = {"functions": [{"name": f"fn-{i}", "usd": Decimal(i)} for i in range(20_000)]}
    write_json(doc, Sink())
    assert len(writes) > 2  # streamed, not one string
    assert json.loads("".join(writes)) == json.loads(dumps(doc))


def _old_exact(value: Decimal) -> str:
    """The previous formula: quantize, normalize, format (the new one avoids format)."""
    import decimal

    with decimal.localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + 12)
        text = format(value.quantize(Decimal("1E-10")).normalize(), "f")
    return "0" if text == "-0" else text


@given(
    st.decimals(min_value=Decimal("-1E+25"), max_value=Decimal("1E+25"), allow_nan=False)
    | st.decimals(min_value=Decimal("-1E-5"), max_value=Decimal("1E-5"), allow_nan=False)
)
def test_exact_text_is_unchanged(value: Decimal) -> None:
    assert exact(value) == _old_exact(value)


@given(
    st.integers(-(10**30), 10**30),
    st.integers(0, 12),
    st.integers(0, 3),
)
def test_exact_text_of_short_decimals_is_unchanged(
    coefficient: int, places: int, zeros: int
) -> None:
    """The fast path (positional text, at most 10 decimals) and the quantize path around it:
    11 or 12 decimals round; trailing zeros, -0 and values beyond 10^18 (more digits than
    the default context) read as before."""
    value = Decimal(coefficient).scaleb(-places) * Decimal(10) ** zeros
    assert exact(value) == _old_exact(value)
    assert exact(-value) == _old_exact(-value)


@given(st.integers(-(10**40), 10**40))
def test_exact_text_of_whole_numbers_is_unchanged(number: int) -> None:
    """The whole-number fast path (exponent 0: its own str) reads as the quantize path,
    beyond 28 digits too; written with an exponent (1E+3) or decimals (5.0) it takes the
    quantize path."""
    for value in (Decimal(number), Decimal(number).scaleb(1), Decimal(number) / 1):
        assert exact(value) == _old_exact(value)
    assert exact(Decimal("5.0")) == exact(Decimal("5")) == "5"
    assert exact(Decimal("1E+3")) == "1000"


@pytest.mark.parametrize("text", ["Infinity", "-Infinity"])
def test_exact_refuses_infinity(text: str) -> None:
    with pytest.raises(InvalidOperation):
        exact(Decimal(text))


def test_records_fill_a_template_and_fall_back_when_leaves_disagree() -> None:
    from lambdacalc.render.common import Records

    items = [(f"fn-{i}", Decimal(i) / 4, None if i % 2 else [i]) for i in range(5)]

    def data(item: tuple[str, Decimal, list[int] | None]) -> dict[str, Any]:
        return {"name": item[0], "usd": item[1], "extra": item[2]}

    def leaves(item: tuple[str, Decimal, list[int] | None]) -> list[Any]:
        return [item[0], item[1], *(item[2] if item[2] is not None else [None])]

    def shape(item: tuple[str, Decimal, list[int] | None]) -> bool:
        return item[2] is None

    expected = dumps({"f": [data(i) for i in items]})
    assert dumps({"f": Records(items, data, leaves, shape)}) == expected
    # leaves in the wrong order: each shape's template fails its own check, so every
    # record is encoded in full and the text is still right
    wrong = Records(items, data, lambda item: list(reversed(leaves(item))), shape)
    assert dumps({"f": wrong}) == expected
    assert dumps({"f": Records([], data, leaves, shape)}) == '{\n  "f": []\n}'


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_full_text_is_the_value_without_exponent_or_trailing_zeros(value: Decimal) -> None:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    assert full(value) == ("0" if text in ("", "-0") else text)


def test_bills_and_sweeps_fill_their_templates(monkeypatch: Any) -> None:
    """The fast path is taken: each shape's template passes its own check (a fallback
    would still be right, only slow)."""
    from typer.testing import CliRunner

    from lambdacalc.cli import app
    from lambdacalc.render import json_out
    from lambdacalc.render.common import Records

    accepted: list[bool] = []
    original = Records._shape_writer

    def spy(self: Records, *args: Any) -> str | None:
        template = original(self, *args)
        accepted.append(template is not None)
        return template

    monkeypatch.setattr(Records, "_shape_writer", spy)
    monkeypatch.setattr(json_out, "COMPILE_AT", 1)  # the bill's few functions too
    runner = CliRunner()
    for args in (
        ["cost", str(Path(__file__).parents[1] / "scenarios" / "api-backend.yaml"), "-f", "json"],
        ["compare-memory", "--duration", "2.5s", "--memory", "128", "--sweep", "-f", "json"],
    ):
        assert runner.invoke(app, args).exit_code == 0
    assert accepted and all(accepted)


def test_records_of_one_shape_fill_one_template() -> None:
    """`one_shape`: the first record's template serves every other, the text unchanged; an
    empty list, a generator and a template that fails its check take the general path."""
    from lambdacalc.render.common import Records

    def data(i: int) -> dict[str, Any]:
        return {"n": i, "usd": Decimal(i) / 8, "name": f"fn-{i}"}

    def leaves(i: int) -> list[Any]:
        return [i, Decimal(i) / 8, f"fn-{i}"]

    def texts(i: int, num: Any) -> tuple[str, ...]:
        return (str(i), num(Decimal(i) / 8), json.dumps(f"fn-{i}"))

    def wrong(i: int, num: Any) -> tuple[str, ...]:
        return (str(i + 1), num(Decimal(i) / 8), json.dumps(f"fn-{i}"))

    for items in ([], list(range(600)), range(3)):
        for fill in (texts, wrong):
            records = Records(items, data, leaves, lambda i: None, texts=fill, one_shape=True)
            text = dumps({"f": records})
            assert text == dumps({"f": [data(i) for i in items]})
    generated = Records(
        (i for i in range(3)), data, leaves, lambda i: None, texts=texts, one_shape=True
    )
    assert dumps(generated) == dumps([data(i) for i in range(3)])


@given(st.lists(st.text(), max_size=6), st.integers(0, 3))
def test_records_written_out_are_made_safe_record_by_record(names: list[str], extra: int) -> None:
    """Written to a stream, records of ASCII text go out in chunks as they are and any other
    record (a "×", DEL, C1, bidi) on its own, made safe: the whole reads as the document
    made safe at once."""
    from lambdacalc.render.common import Records

    items = [*names, *(["a×b", "\x7f", "\x85", "\u202e", "plain"][:extra])] * 130

    def data(name: str) -> dict[str, Any]:
        return {"name": name, "usd": Decimal(len(name)) / 3}

    def texts(name: str, num: Any) -> list[str]:
        return [json.dumps(name, ensure_ascii=False), num(Decimal(len(name)) / 3)]

    doc = {
        "before": "\x85×",
        "f": Records(items, data, lambda n: [n, Decimal(len(n)) / 3], lambda n: None, texts=texts),
    }
    out = io.StringIO()
    write_json(doc, out)
    assert (
        out.getvalue()
        == json_safe(dumps({"before": "\x85×", "f": [data(n) for n in items]})) + "\n"
    )


@given(st.integers(-(10**35), 10**35), st.integers(-45, 45))
def test_exact_text_at_every_magnitude_is_unchanged(coefficient: int, exponent: int) -> None:
    """The rounding contexts by magnitude (first digit at 10^-10 to 10^39, carries such as
    9.99999999999 -> 10 included) and the quantize path beyond them read as before."""
    value = Decimal(coefficient).scaleb(exponent)
    assert exact(value) == _old_exact(value)
    assert exact(Decimal("9.99999999999")) == "10"
    assert exact(Decimal("-0.00000000005")) == "0"
