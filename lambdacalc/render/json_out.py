"""JSON output streamed as it is written: exact Decimals, every record's text built once,
flushed in parts so a fleet's bill never sits in memory as one string."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    InvalidOperation,
    localcontext,
)
from enum import Enum
from json.encoder import encode_basestring as _enc_str
from typing import IO, Any

from lambdacalc.printable import json_safe
from lambdacalc.render.json_code import RecordCode, Writer, compile_record, texts_code

JSON_QUANTUM = Decimal("1E-10")  # finer than any published price; keeps JSON exact enough
_ONE = Decimal(1)


# Rounding to 1e-10 as `quantize` does (half even), for a value whose first digit is at
# 10^a: a context of a + 11 digits. (`plus` there costs half a `quantize`, whose keyword
# arguments are parsed on every call, and pads nothing that needs stripping.)
_ROUND_AT_ADJUSTED = {
    a: Context(prec=a + 11, rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN).plus
    for a in range(-10, 40)
}


def exact(value: Decimal) -> str:
    """The canonical text of a Decimal in machine output: no exponent, 1e-10 resolution.

    The usual path: rounded at 10 decimals by the context of its magnitude, its `str`
    (positional for a first digit from 10^-6 up and no exponent) with trailing zeros
    stripped; anything else (an exponent in the text, infinity, values below 1e-10 or
    beyond 10^40) takes `_exact`. tests/test_render_json.py checks both against the
    previous formula.
    """
    if not value:
        return "0"
    plus = _ROUND_AT_ADJUSTED.get(value.adjusted())
    if plus is None:
        return _exact(value)
    text = str(plus(value))
    if "E" in text or text[-1] > "9":  # (an exponent; Infinity, NaN)
        return _exact(value)
    if text[-1] == "0" and "." in text:
        text = text.rstrip("0")
        if text[-1] == ".":
            text = text[:-1]
    return text


def _exact(value: Decimal) -> str:
    """`exact` of any value: quantized (with enough digits beyond 10^17), its `str`
    (positional unless below 1e-6) stripped; a whole number written without an exponent
    (exponent 0, as `same_quantum(1)` tells) is its own `str`."""
    if not value:
        return "0"
    if value.same_quantum(_ONE):
        return str(value)
    try:
        quantized = value.quantize(JSON_QUANTUM)
    except InvalidOperation:
        if not value.is_finite():
            raise
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, value.adjusted() + 12)
            quantized = value.quantize(JSON_QUANTUM)
    text = str(quantized)
    if "E" in text:  # below 1e-6
        text = format(quantized, "f")
    if text[-1] == "0" and "." in text:  # (a rounded figure mostly ends in another digit)
        text = text.rstrip("0")
        if text[-1] == ".":
            text = text[:-1]
    return "0" if text == "-0" else text


# One encoder for every report: the layout of `json.dumps(obj, indent=2, ensure_ascii=False)`
# (every value on its own line), with Decimals written as exact JSON numbers by a formatter
# (`exact` unless a report needs `full`). It writes to a stream in chunks, so a 100,000-
# function bill is never one string in memory. Scalars are handled inline, without a call
# per value, which is what makes it fast enough for fleet-sized bills.

# A shape's function costs as much to make (parse and compile its source) as ~20 records
# cost to encode in full: a shape is encoded in full until it has been met this often.
COMPILE_AT = 16
_FLUSH_PARTS = 4096
_FLUSH_RECORDS = 256  # a record's text is a part of its own (a function's is ~1.5 KB)
enc_str = _enc_str  # a str as JSON text (C)


_KEYS: dict[Any, str] = {}


def _key(key: Any) -> str:
    """A dict key as JSON text followed by ": ", converted as `json.dumps` converts keys."""
    text = _KEYS.get(key)
    if text is None:
        name = key.value if isinstance(key, Enum) else key
        if not isinstance(name, str):
            name = json.dumps(name)
        text = f"{_enc_str(str(name))}: "
        if type(key) is str and len(_KEYS) < 10_000:
            _KEYS[key] = text
    return text


def _encode(
    obj: Any, pad: str, parts: list[str], out: IO[str] | None, num: Callable[[Decimal], str]
) -> None:
    """Append the JSON text of a dict or list at the indentation `pad` ("\n" + spaces)."""
    inner = pad + "  "
    if type(obj) is dict or isinstance(obj, dict):
        if not obj:
            parts.append("{}")
            return
        sep = "{" + inner
        for key, v in obj.items():
            t = type(v)
            if t is str:
                parts.append(f"{sep}{_KEYS.get(key) or _key(key)}{_enc_str(v)}")
            elif t is Decimal:
                parts.append(f"{sep}{_KEYS.get(key) or _key(key)}{num(v)}")
            elif t is int:
                parts.append(f"{sep}{_KEYS.get(key) or _key(key)}{int.__repr__(v)}")
            else:
                parts.append(f"{sep}{_KEYS.get(key) or _key(key)}")
                _value(v, inner, parts, out, num)
            sep = "," + inner
        parts.append(pad + "}")
        return
    if not obj:
        parts.append("[]")
        return
    sep = "[" + inner
    for v in obj:
        t = type(v)
        if t is str:
            parts.append(sep + _enc_str(v))
        elif t is Decimal:
            parts.append(sep + num(v))
        elif t is int:
            parts.append(sep + int.__repr__(v))
        else:
            parts.append(sep)
            _value(v, inner, parts, out, num)
        sep = "," + inner
        if out is not None and len(parts) > _FLUSH_PARTS:
            out.write(json_safe("".join(parts)))
            parts.clear()
    parts.append(pad + "]")


class Records:
    """A JSON array of many records of few shapes (a bill's functions), written fast.

    `data(item)` is the record as a dict (the one definition of its layout); `leaves(item)`
    its scalar values in the order the encoder meets them, and `shape(item)` a key that
    is equal for records whose dicts have the same keys and nesting. With `shared`, the
    records share many Decimal objects (prices, zeros), whose texts are then remembered.
    A shape's first records are encoded in full; its COMPILE_AT-th, with every leaf
    replaced by a slot, makes a template, and from then on its records are the template's
    fixed texts joined with their leaves' texts (`texts(item, num)` lists them where given)
    by a function made for the shape (`json_code`), or by `code(item)`'s own where given.
    A shape's function is used only if it writes the record it was made from exactly;
    otherwise that shape is encoded in full.
    """

    def __init__(
        self,
        items: Iterable[Any],
        data: Callable[[Any], dict[str, Any]],
        leaves: Callable[[Any], list[Any]],
        shape: Callable[[Any], Any],
        shared: bool = False,
        texts: Callable[[Any, Callable[[Decimal], str]], Sequence[str]] | None = None,
        one_shape: bool = False,
        code: Callable[[Any], RecordCode] | None = None,
    ) -> None:
        self.one_shape = one_shape  # every record has the same shape: `shape` is not asked
        self.shared = shared
        self.texts = texts
        self.code = code
        self.items = items
        self.data = data
        self.leaves = leaves
        self.shape = shape

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """The records as dicts, for readers other than the encoder (CSV, tests)."""
        return (self.data(item) for item in self.items)

    def write(
        self, pad: str, parts: list[str], out: IO[str] | None, num: Callable[[Decimal], str]
    ) -> None:
        """Each record's text is written by its shape's function; written out, a record is
        checked alone (see `_put`), so the chunks around a record with a "×" stay ASCII."""
        inner = pad + "  "
        cached = _cached(num, {}) if self.shared else num
        if out is not None and parts:  # the text before the records, checked as usual
            out.write(json_safe("".join(parts)))
            parts.clear()
        writers: dict[Any, Writer] = {}
        counts: dict[Any, int] = {}
        encoded = self._encoded(inner, num)
        shape, one_shape = self.shape, self.one_shape
        key, first = None, True
        for item in self.items:
            if not one_shape:
                key = shape(item)
            try:
                writer = writers[key]
            except KeyError:  # a shape's first records are encoded in full (see COMPILE_AT)
                count = counts[key] = counts.get(key, 0) + 1
                writer = encoded
                if count >= COMPILE_AT:
                    writer = writers[key] = self._shape_writer(item, inner, num, cached) or encoded
            text = writer(item)
            if first:
                text, first = "[" + text[1:], False
            _put(text, parts, out)
        if out is not None and parts:
            out.write("".join(parts))
            parts.clear()
        parts.append("[]" if first else pad + "]")

    def _shape_writer(
        self, item: Any, pad: str, num: Callable[[Decimal], str], cached: Callable[[Decimal], str]
    ) -> Writer | None:
        """The writer of the item's shape: its template's fixed texts (the record's text
        split at a slot put for each leaf) joined with the record's texts, by `code`'s
        function or else one that unpacks `texts` (or the leaves' texts); None unless it
        writes the item exactly as the full encoder does."""
        data = self.data(item)
        slotted: list[str] = ["," + pad]
        _encode(_slots(data), pad, slotted, None, num)
        fixed = "".join(slotted).split(f'"{_SLOT_TEXT}"')
        expected = self._encoded(pad, num)(item)
        leaves = self.leaves
        texts = self.texts or (lambda item, num: _leaf_texts(leaves(item), num))
        codes = [texts_code(texts, len(fixed) - 1)]
        if self.code is not None:
            codes.insert(0, self.code(item))
        for code in codes:
            try:
                make = compile_record(fixed, code)
                if make(num, num)(item) == expected:
                    return make(cached, num)
            except (TypeError, ValueError, LookupError, AttributeError, NameError):
                pass  # (not as many texts as slots; a field missing): the next, or in full
        return None

    def _encoded(self, pad: str, num: Callable[[Decimal], str]) -> Writer:
        """The writer that encodes each record's dict in full (the reference, and the
        fallback for a shape whose function does not write its first record exactly)."""

        def write(item: Any) -> str:
            text = ["," + pad]
            _encode(self.data(item), pad, text, None, num)
            return "".join(text)

        return write


def _put(text: str, parts: list[str], out: IO[str] | None) -> None:
    """A record's text into `parts`, written out in chunks of ASCII text (which needs
    neither escapes nor encoding: the stream copies it); a record with other characters
    (a "×") is made safe and written on its own. (Checking and encoding whole chunks cost a
    fifth of a fleet's JSON.)"""
    if out is None:
        parts.append(text)
    elif text.isascii() and "\x7f" not in text:
        parts.append(text)
        if len(parts) > _FLUSH_RECORDS:
            out.write("".join(parts))
            parts.clear()
    else:
        if parts:
            out.write("".join(parts))
            parts.clear()
        out.write(json_safe(text))


# Decimal texts remembered by identity: enough for a bill's shared prices and zeros and
# each function's repeated costs; a fleet's million leaves would otherwise hold megabytes.
_SEEN_MAX = 4096
_SLOT = "\x00slot\x00"
_SLOT_TEXT = "\\u0000slot\\u0000"


def _cached(
    num: Callable[[Decimal], str], seen: dict[int, tuple[Decimal, str]]
) -> Callable[[Decimal], str]:
    """num, remembering texts by object identity: records share prices and zeros, and a
    function's costs are listed twice, as the same objects. An entry holds its object, so
    the id cannot be reused by another while it is cached. (Hashing Decimals by value costs
    more than formatting them.)"""

    def text(value: Decimal) -> str:
        hit = seen.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        if len(seen) > _SEEN_MAX:
            seen.clear()
        out = seen[id(value)] = (value, num(value))
        return out[1]

    return text


def _slots(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _slots(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_slots(v) for v in value]
    return _SLOT


def _leaf_texts(values: list[Any], num: Callable[[Decimal], str]) -> list[str]:
    """The JSON texts of scalars (`num` may remember Decimal texts, see `_cached`)."""
    out: list[str] = []
    for v in values:
        if type(v) is Decimal:
            out.append(num(v))
        else:
            parts: list[str] = []
            _value(v, "\n", parts, None, num)
            out.append(parts[0])
    return out


def _value(
    v: Any, pad: str, parts: list[str], out: IO[str] | None, num: Callable[[Decimal], str]
) -> None:
    if isinstance(v, (dict, list, tuple)):
        _encode(v, pad, parts, out, num)
    elif isinstance(v, Records):
        v.write(pad, parts, out, num)
    elif v is None:
        parts.append("null")
    elif v is True:
        parts.append("true")
    elif v is False:
        parts.append("false")
    elif isinstance(v, Enum):
        _value(v.value, pad, parts, out, num)
    elif isinstance(v, str):
        parts.append(_enc_str(str(v)))
    elif isinstance(v, Decimal):
        parts.append(num(v))
    elif isinstance(v, (int, float)):
        parts.append(json.dumps(v))
    else:
        raise TypeError(f"cannot encode {type(v).__name__} as JSON")


def write_json(obj: Any, out: IO[str], num: Callable[[Decimal], str] = exact) -> None:
    """Write `obj` as indented JSON (and a final newline) to `out`, in chunks; characters
    JSON leaves raw that a terminal would act on (C1, bidi, lone surrogates) are escaped."""
    parts: list[str] = []
    _value(obj, "\n", parts, out, num)
    parts.append("\n")
    out.write(json_safe("".join(parts)))


def dumps(obj: Any, num: Callable[[Decimal], str] = exact) -> str:
    """`obj` as indented JSON with exact Decimal numbers (no final newline)."""
    parts: list[str] = []
    _value(obj, "\n", parts, None, num)
    return "".join(parts)
