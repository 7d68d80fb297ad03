"""A JSON scenario read by json's C parser alone (`scenario.plain_json`) loads exactly as the
checked parse loads it: the same workload, or the same error, whatever the text holds.

`load` tries the plain read first for a JSON file; these tests compare it with the checked
reading (`parse` then `load_data`, what `load` did before) on texts built to hit each check
the plain read leaves out: a key given twice, a `:` inside a string, integers beyond the
length bound and beyond Python's digit limit, decimals out of range, deep nesting.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from lambdacalc.errors import ScenarioError
from lambdacalc.scenario import load, load_data, parse, read_source
from lambdacalc.scenario.plain_json import quick_json_workload


def checked(path: Path) -> Any:
    """The workload (or the error message) of the checked reading, without the plain read."""
    try:
        source = read_source(str(path))
        return load_data(parse(source), source, path.stem).workload
    except ScenarioError as exc:
        return f"error: {exc}"


def loaded(path: Path) -> Any:
    try:
        return load(str(path)).workload
    except ScenarioError as exc:
        return f"error: {exc}"


def obj(pairs: list[tuple[str, str]]) -> str:
    """A JSON object from (key, value as JSON text) pairs, kept in order, repeats and all."""
    return "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in pairs) + "}"


FUNCTION = [
    ("name", '"api"'),
    ("architecture", '"arm64"'),
    ("memory_mb", "512"),
    ("duration_ms", "120.5"),
    ("requests_per_month", "1000000"),
]


def fleet(functions: list[list[tuple[str, str]]], top: list[tuple[str, str]] | None = None) -> str:
    return obj([*(top or []), ("functions", "[" + ", ".join(obj(f) for f in functions) + "]")])


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fleet.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plain_fleet_takes_the_plain_read_and_loads_as_the_checked_read(
    tmp_path: Path,
) -> None:
    functions = [[("name", f'"fn-{i}"'), *FUNCTION[1:]] for i in range(3)]
    top = [("name", '"shop"'), ("account", obj([("concurrency_limit", "500")]))]
    text = fleet(functions, top)
    assert quick_json_workload(text, "fleet") is not None  # the test is not vacuous
    path = write(tmp_path, text)
    assert loaded(path) == checked(path)
    assert loaded(path).name == "shop"


# Texts the plain read must leave to the checked read (or read exactly as it does).
_ODD = {
    "a key twice in a function": fleet([[*FUNCTION, ("memory_mb", "1024")]]),
    "a key twice at the top": fleet([FUNCTION], [("name", '"a"'), ("name", '"b"')]),
    "a key twice in provisioned_concurrency": fleet(
        [[*FUNCTION, ("provisioned_concurrency", obj([("count", "1"), ("count", "2")]))]]
    ),
    "a key twice in account": fleet(
        [FUNCTION], [("account", obj([("concurrency_limit", "5"), ("concurrency_limit", "6")]))]
    ),
    "a key twice in profiles": fleet(
        [FUNCTION], [("profiles", obj([("low", "0.5"), ("low", "0.6")]))]
    ),
    "a key twice in savings_plan": fleet(
        [FUNCTION],
        [("savings_plan", obj([("discount_percent", "10"), ("discount_percent", "12")]))],
    ),
    "a colon in a name": fleet([[("name", '"api:v2"'), *FUNCTION[1:]]]),
    "a colon in a name and a key twice": fleet(
        [[("name", '"api"'), *FUNCTION[1:], ("name", '"a:b"')]]
    ),
    "an integer of 101 digits": fleet([[*FUNCTION[:2], ("memory_mb", "1" * 101), *FUNCTION[3:]]]),
    "an integer beyond Python's digit limit": fleet(
        [[*FUNCTION[:2], ("memory_mb", "9" * 5000), *FUNCTION[3:]]]
    ),
    "a decimal below the magnitude bound": fleet(
        [[*FUNCTION[:3], ("duration_ms", "1e-2000"), *FUNCTION[4:]]]
    ),
    "NaN": fleet([[*FUNCTION[:3], ("duration_ms", "NaN"), *FUNCTION[4:]]]),
    "deep nesting": fleet([FUNCTION], [("name", "[" * 100 + "]" * 100)]),
    "deeper than the parser goes": "[" * 100_000 + "]" * 100_000,
    "a syntax error": fleet([FUNCTION])[:-1],
    "a setting the models check": fleet([[*FUNCTION, ("sizing", obj([("threads", "2")]))]]),
    "provisioned_concurrency: null": fleet([[*FUNCTION, ("provisioned_concurrency", "null")]]),
}


@pytest.mark.parametrize("text", list(_ODD.values()), ids=list(_ODD))
def test_what_the_plain_read_cannot_vouch_for_is_read_the_checked_way(
    tmp_path: Path, text: str
) -> None:
    path = write(tmp_path, text)
    assert loaded(path) == checked(path)


def test_a_key_given_twice_is_still_named() -> None:
    text = fleet([[*FUNCTION, ("memory_mb", "1024")]])
    assert quick_json_workload(text, "fleet") is None
    assert quick_json_workload(text.replace(', "memory_mb": 1024', ""), "fleet") is not None


_VALUES = ["0", "1", "128", "1024", "10240", "10241", "-1", "0.5", "1e3", "1e-2000", "1" * 101]
_VALUES += ['"x"', '"a:b"', "null", "true", "[]", "{}", '{"count": 1}', "NaN", "Infinity"]
_KEYS = [k for k, _ in FUNCTION] + ["provisioned_concurrency", "cold_start_percent", "x"]


@st.composite
def odd_fleets(draw: st.DrawFn) -> str:
    """A small fleet whose functions have keys dropped, repeated, or given odd values."""
    functions = []
    for i in range(draw(st.integers(1, 3))):
        fn = [("name", f'"fn-{i}"'), *FUNCTION[1:]]
        for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
            edit = draw(st.integers(0, 2))
            if edit == 0 and fn:
                fn.pop(draw(st.integers(0, len(fn) - 1)))
            else:
                key = draw(st.sampled_from(_KEYS))
                fn.insert(draw(st.integers(0, len(fn))), (key, draw(st.sampled_from(_VALUES))))
        functions.append(fn)
    top = draw(st.sampled_from([[], [("name", '"n:1"')], [("region", '"eu-west-1"')]]))
    return fleet(functions, top)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_fleets())
def test_the_plain_read_agrees_with_the_checked_read(tmp_path_factory: Any, text: str) -> None:
    event("plain" if quick_json_workload(text, "fleet") is not None else "checked")
    path = write(tmp_path_factory.mktemp("fleet"), text)
    assert loaded(path) == checked(path)
