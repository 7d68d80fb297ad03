"""A record's JSON text in one expression, from code generated once per shape.

A fleet's records are the fixed texts of their shape (keys, brackets, indentation) with
each record's own values between them. Building a list of those values, copying the
template and joining the two costs more than formatting the numbers; a function made for
the shape, which unpacks the record and returns one f-string of its fixed texts and its
values' texts, does neither (as `collections.namedtuple` makes its methods, the function is
generated source run by `exec`, once per shape). `Records` uses such a function only after
it wrote the record it was made from exactly as the full encoder does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

Num = Callable[[Decimal], str]
Writer = Callable[[Any], str]


class Fixed(str):
    """A slot's expression that is the slot's text itself (a shape's component name): it
    joins the fixed texts around it."""


class RecordCode(NamedTuple):
    """How to write one shape of record, as Python source.

    `setup`: statements that bind names from `item` (the record), `num` (the text of a
    Decimal that records may share: prices, zeros) and `own` (the text of a Decimal of
    this record alone); `slots`: one expression per slot of the shape's template, the JSON
    text of that value (or a `Fixed`); `names`: what the source refers to besides those.
    """

    setup: Sequence[str]
    slots: Sequence[str]
    names: Mapping[str, Any]


def compile_record(fixed: Sequence[str], code: RecordCode) -> Callable[[Num, Num], Writer]:
    """`make(num, own)`: the function that writes a record of the shape whose template has
    the fixed texts `fixed` (one more than the slots), i.e. `fixed[0] + slot[0] + fixed[1]
    + ... + fixed[-1]`, as one f-string over the slots' values (bound to names first, so
    that an f-string holds any expression). Raises ValueError if `code` has not as many
    slots."""
    if len(fixed) != len(code.slots) + 1:
        raise ValueError(f"{len(code.slots)} slots for a template of {len(fixed) - 1}")
    lines = [*code.setup]
    text = _braces(fixed[0])
    for i, (slot, after) in enumerate(zip(code.slots, fixed[1:], strict=True)):
        if isinstance(slot, Fixed):
            text += _braces(slot)
        elif slot.isidentifier():
            text += f"{{{slot}}}"
        else:
            lines.append(f"s{i} = {slot}")
            text += f"{{s{i}}}"
        text += _braces(after)
    source = (
        "def make(num, own):\n"
        "    def write(item):\n"
        f"{''.join(f'        {line}{chr(10)}' for line in lines)}"
        f"        return f{text!r}\n"
        "    return write\n"
    )
    namespace = dict(code.names)
    exec(compile(source, "<lambdacalc record>", "exec"), namespace)
    make: Callable[[Num, Num], Writer] = namespace["make"]
    return make


def _braces(text: str) -> str:
    """`text` as the literal part of an f-string."""
    return text.replace("{", "{{").replace("}", "}}")


def texts_code(texts: Callable[[Any, Num], Sequence[str]], count: int) -> RecordCode:
    """The code of a record whose texts a function lists (`Records`' `texts`, called with
    the writer's `num`): its `count` texts unpacked at once into the slots (no template
    copied and filled)."""
    names = [f"t{i}" for i in range(count)]
    unpack = f"{', '.join(names)}, = texts(item, num)" if count else "texts(item, num)"
    return RecordCode((unpack,), names, {"texts": texts})
