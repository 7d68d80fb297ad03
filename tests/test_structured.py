"""The shared JSON/YAML reader (lambdacalc.structured) and the printable-text rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lambdacalc.errors import ScenarioError
from lambdacalc.printable import json_safe, printable
from lambdacalc.structured import load_json, load_yaml


def _yaml(text: str) -> object:
    return load_yaml(f"v: {text}\n", "f.yaml", ScenarioError, "a test")[0]["v"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("17", 17),
        ("-3", -3),
        ("1_000", 1000),  # underscores are kept as YAML 1.1 allowed them: no other meaning
        ("0o17", 15),  # YAML 1.2's octal: 1×8 + 7 = 15
        ("0x10", 16),
        ("0", 0),
        ("1.5", Decimal("1.5")),
        ("1e3", Decimal("1e3")),  # YAML 1.2 reads it as a number (1.1: the text "1e3")
        (".inf", Decimal("Infinity")),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("2026-01-01", "2026-01-01"),  # no timestamps: dates stay text
        ('"yes"', "yes"),
        ("'017'", "017"),
    ],
)
def test_yaml_reads_the_core_schema(text: str, value: object) -> None:
    assert _yaml(text) == value
    assert type(_yaml(text)) is type(value)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("yes", "write true or false"),
        ("Off", "write true or false"),
        ("y", "write true or false"),
        ("017", "leading zero as octal"),
        ("12:30:00", "base-60"),  # 1.1: 12×3600 + 30×60 = 45000
        ("0b101", "in decimal"),
    ],
)
def test_yaml_11_forms_are_refused_with_a_hint(text: str, hint: str) -> None:
    with pytest.raises(ScenarioError, match=rf"^f\.yaml:1:4: '{text}' means different .*{hint}"):
        _yaml(text)


@pytest.mark.parametrize("text", ["1e1001", "1e-1001", "1" + "0" * 101])
def test_numbers_are_bounded_in_yaml_and_json(text: str) -> None:
    with pytest.raises(ScenarioError, match=r"f\.yaml:1:4: the number .* (out of range|too long)"):
        _yaml(text)
    with pytest.raises(ScenarioError, match=r"^f\.json:2:7: the number"):
        load_json('{\n "v": ' + text + "}", "f.json", ScenarioError, "a test")


def test_an_out_of_range_json_number_is_located_where_it_is_a_value() -> None:
    """The same text earlier inside strings (a key, a value, after an escaped quote) is not
    the number the parser refused: line 4, column 7 is."""
    text = '{\n "1e4000": "1e4000",\n "note": "a \\" 1e4000",\n "v": 1e4000}'
    with pytest.raises(ScenarioError, match=r"^f\.json:4:7: the number 1e4000 is out of range"):
        load_json(text, "f.json", ScenarioError, "a test")


def test_a_duplicate_json_key_is_located() -> None:
    with pytest.raises(ScenarioError, match=r"^f\.json:3:2: key 'a' appears twice"):
        load_json('{\n "a": 1,\n "a": 2}', "f.json", ScenarioError, "a test")


def test_printable_escapes_controls_and_keeps_every_script() -> None:
    assert printable("a\x1b[31mb\nc\x9bd\u202ee\ud800") == "a\\x1b[31mb\\x0ac\\x9bd\\u202ee\\ud800"
    assert printable("Zürich 東京 [/]") == "Zürich 東京 [/]"
    # json_safe leaves JSON's own line breaks and escapes what json.dumps leaves raw
    assert json_safe('{\n "a": "x\x9by\ud800"}') == '{\n "a": "x\\u009by\\ud800"}'
