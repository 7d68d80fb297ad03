"""A JSON scenario the fast path accepts, read by json's C parser alone.

The checked parse (`source.parse`) calls back into Python for every integer (the length
bound of `bounded_numbers.to_int`) and every object (duplicate keys), then walks the data
for its depth: for a fleet's file, more time than the parsing itself. For a file the fast
path (`fast.quick_workload`) accepts, none of those checks can find anything, or this
cheaper test finds it:

- depth: what the fast path accepts nests four levels at most (scenario, functions, a
  function, its provisioned_concurrency), far below `structured.MAX_DEPTH`;
- integers: it accepts only numbers within a bound (the largest, 10^15 requests a month);
  an integer of more than `MAX_NUMBER_CHARS` digits is far beyond every one of them, and
  json refuses one beyond Python's digit limit (a ValueError here);
- duplicate keys: json keeps the last value of a key given twice, so the data holds fewer
  key-value pairs than the text. Every pair is written with one `:` outside a string, and
  a `:` can appear inside a string too, so the data's pairs equal the count of `:` in the
  text only when no key is given twice (and no string holds a `:`).

Anything else (a decimal number out of bounds, a syntax error, a file the fast path leaves
to the models, a `:` in a name) returns None, and the checked parse reads the text as it
always did: its data, its errors, its messages.
"""

from __future__ import annotations

import json
from decimal import Decimal
from itertools import repeat

from lambdacalc.bounded_numbers import to_decimal
from lambdacalc.scenario.fast import quick_workload
from lambdacalc.workload import Workload


def quick_json_workload(text: str, default_name: str) -> Workload | None:
    """The Workload of a plainly valid JSON scenario, or None to read it the checked way."""
    try:
        data = json.loads(text, parse_float=to_decimal, parse_constant=Decimal)
    except (ValueError, RecursionError):  # (JSONDecodeError and NumberError are ValueErrors)
        return None
    workload = quick_workload(data, default_name)
    if workload is None or _pairs(data) != text.count(":"):
        return None
    return workload


def _pairs(data: dict[str, object]) -> int:
    """The key-value pairs of data the fast path accepted: in the scenario, its account,
    savings_plan and profiles mappings, each function and its provisioned_concurrency.
    A mapping it might accept some day and this misses makes the count fall short: the
    file is then read the checked way, never wrongly."""
    pairs = len(data)
    for key in ("account", "savings_plan", "profiles"):
        block = data.get(key)
        if isinstance(block, dict):
            pairs += len(block)
    functions = data["functions"]
    assert isinstance(functions, list)
    pairs += sum(map(len, functions))
    pcs = map(dict.get, functions, repeat("provisioned_concurrency"))
    return pairs + sum(map(len, filter(None, pcs)))
