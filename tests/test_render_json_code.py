"""Records written by generated code (render/json_code.py) read exactly as the full encoder
writes each record's dict: the bill's functions and free-tier shares for any values, and any
record whose fixed texts hold what an f-string treats specially (braces, quotes,
backslashes)."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambdacalc.cost import Component, FreeTierShare, FunctionCost, LineItem
from lambdacalc.prices import Architecture
from lambdacalc.render import cost as render
from lambdacalc.render.common import Records, dumps, exact, write_json
from lambdacalc.render.json_code import RecordCode, compile_record
from lambdacalc.render.json_out import _cached

PAD = "\n    "
ONE = Decimal(1)

_odd = st.sampled_from(
    [
        Decimal(0),
        Decimal("-0"),
        Decimal("0E-12"),
        Decimal("1E-11"),
        Decimal("-5E-11"),
        Decimal("0.1000000000"),
        Decimal("9.99999999999"),
        Decimal("1E+3"),
        Decimal("2.5E+41"),
        Decimal("123456789012345678901234567890.123"),
        Decimal("-0.00000008420"),
    ]
)
_decimals = _odd | st.decimals(
    min_value=Decimal("-1E+20"), max_value=Decimal("1E+20"), allow_nan=False
)
_texts = st.sampled_from(["", "1% × 300 ms", 'a "quoted" \\ {name}', "\x7f\x85\u202e"]) | st.text()


@st.composite
def _functions(draw: Any, components: list[Component]) -> FunctionCost:
    """A function with line items of `components`, any figures, its quantities sometimes
    the very objects of its requests or GB-s (as the engine's are), its prices sometimes
    none or a shared one."""
    requests, on_demand, init = draw(_decimals), draw(_decimals), draw(_decimals)
    quantities = st.sampled_from([requests, on_demand, init, ONE]) | _decimals
    items = tuple(
        LineItem(
            component,
            draw(st.sampled_from(["requests", "GB-s", "USD"]) | _texts),
            draw(quantities),
            draw(st.none() | st.just(ONE) | _decimals),
            draw(_decimals),
            draw(_texts),
        )
        for component in components
    )
    return FunctionCost(
        draw(_texts),
        draw(st.sampled_from(list(Architecture))),
        draw(st.integers(128, 10_240)),
        requests,
        draw(_decimals),
        draw(_decimals),
        draw(_decimals),
        on_demand,
        init,
        draw(_decimals),
        items,
        draw(_decimals),
    )


def _records(functions: list[FunctionCost], leaves: Any = render._function_leaves) -> Records:
    return Records(
        functions,
        render._function_data,
        leaves,
        render._function_shape,
        shared=True,
        code=render._function_code,
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(list(Component)), unique=True).flatmap(
        lambda components: st.lists(_functions(components), min_size=1, max_size=6)
    )
)
def test_a_functions_generated_text_is_its_full_encoding(functions: list[FunctionCost]) -> None:
    """Every component combination: the code made for the first function of a shape writes
    every other function of that shape (other names, units, details, figures, quantities
    that are or are not the function's own) as the full encoder writes its dict."""
    records = _records(functions, leaves=lambda f: [])  # only the shape's code can pass
    writer = records._shape_writer(functions[0], PAD, exact, _cached(exact, {}))
    assert writer is not None
    full = records._encoded(PAD, exact)
    for f in functions:
        assert writer(f) == full(f)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(list(Component)), max_size=len(Component) + 1).flatmap(
            lambda components: st.lists(_functions(components), min_size=1, max_size=3)
        ),
        max_size=4,
    )
)
def test_a_bill_of_mixed_shapes_reads_as_its_dicts(shapes: list[list[FunctionCost]]) -> None:
    """Shapes interleaved (a component listed twice included, whose shape falls back), written
    to a string and to a stream: the text of the plain dicts, made safe when streamed."""
    functions = [f for pair in zip(*shapes, strict=False) for f in pair] + [
        f for group in shapes for f in group
    ]
    expected = dumps({"functions": [render._function_data(f) for f in functions]})
    assert dumps({"functions": _records(functions)}) == expected
    out = io.StringIO()
    write_json({"functions": _records(functions)}, out)
    assert json.loads(out.getvalue()) == json.loads(expected)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.builds(FreeTierShare, _texts, _decimals, _decimals, _decimals, _decimals),
        min_size=1,
        max_size=5,
    )
)
def test_a_shares_generated_text_is_its_full_encoding(shares: list[FreeTierShare]) -> None:
    records = Records(
        shares, render._share_data, lambda s: [], render._share_shape, code=render._share_code
    )
    writer = records._shape_writer(shares[0], PAD, exact, exact)
    assert writer is not None
    for s in shares:
        assert writer(s) == records._encoded(PAD, exact)(s)


@given(st.lists(st.text(), min_size=1, max_size=4, unique=True), st.lists(_decimals, min_size=1))
def test_fixed_texts_are_written_as_they_are(keys: list[str], values: list[Decimal]) -> None:
    """Keys with braces, quotes, backslashes or any character are fixed texts of the
    generated f-string: each record reads as its dict."""
    items = [[*values, *values][i : i + len(keys)] for i in range(len(values))]
    items = [row + [Decimal(0)] * (len(keys) - len(row)) for row in items]

    def data(row: list[Decimal]) -> dict[str, Any]:
        return dict(zip(keys, row, strict=True))

    def texts(row: list[Decimal], num: Any) -> list[str]:
        return [num(v) for v in row]

    records = Records(items, data, lambda row: [], lambda row: None, texts=texts)
    assert dumps({"{x}": records}) == dumps({"{x}": [data(row) for row in items]})


def test_a_wrong_code_falls_back_to_the_full_encoding() -> None:
    """Code that writes another text, names what it does not bind or has too few slots is
    not used: the records are still right."""
    shares = [FreeTierShare(f"fn-{i}", Decimal(i), ONE, Decimal(-i) / 7) for i in range(4)]
    expected = dumps([render._share_data(s) for s in shares])
    good = render._share_code(shares[0])
    for code in (
        RecordCode(good.setup, [good.slots[0], *reversed(good.slots[1:])], good.names),
        RecordCode(good.setup, ["enc(missing)", *good.slots[1:]], good.names),
        RecordCode(good.setup, good.slots[1:], good.names),
    ):
        records = Records(
            shares, render._share_data, lambda s: [], render._share_shape, code=lambda s, c=code: c
        )
        assert records._shape_writer(shares[0], PAD, exact, exact) is None
        assert dumps(records) == expected
    with pytest.raises(ValueError, match="slots"):
        compile_record(["[", "]"], good)


def test_a_shape_met_often_enough_gets_its_function(monkeypatch: Any) -> None:
    """A shape's records are encoded in full until the shape has been met COMPILE_AT times
    (making a function costs about as much as encoding ~20 records); from then on its
    function writes them, made once. The text is the same either way."""
    from lambdacalc.render import json_out

    made: list[int] = []

    def counted(fixed: Any, code: RecordCode) -> Any:
        made.append(len(fixed))
        return compile_record(fixed, code)

    monkeypatch.setattr(json_out, "compile_record", counted)
    at = json_out.COMPILE_AT
    for count, times in ((at - 1, 0), (at, 1), (3 * at, 1)):
        made.clear()
        shares = [FreeTierShare(f"fn-{i}", Decimal(i), ONE, Decimal(-i) / 7) for i in range(count)]
        records = Records(
            shares, render._share_data, lambda s: [], render._share_shape, code=render._share_code
        )
        assert dumps(records) == dumps([render._share_data(s) for s in shares])
        assert len(made) == times
