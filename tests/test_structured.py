"""The shared JSON/YAML reader (lambdacalc.structured) and the printable-text rule."""

from __future__ import annotations

import re
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
        ("!!int '007'", 7),  # plain digits take a shortcut: the same value as the full reading
        ("123456789012345678", 123456789012345678),  # 18 digits: the shortcut's longest
        ("1234567890123456789", 1234567890123456789),  # 19: the full reading
        ("!!int '42'", 42),
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


def test_the_longest_integer_read_is_within_the_magnitude_bound() -> None:
    """to_int skips the magnitude check: an integer of MAX_NUMBER_CHARS digits is below
    10^MAX_NUMBER_CHARS, inside 1e-MAX_EXPONENT..1eMAX_EXPONENT, so it could never fail."""
    from lambdacalc.structured import MAX_EXPONENT, MAX_NUMBER_CHARS, to_int

    assert MAX_NUMBER_CHARS <= MAX_EXPONENT
    longest = "9" * MAX_NUMBER_CHARS
    assert to_int(longest) == 10**MAX_NUMBER_CHARS - 1
    assert load_json("[" + longest + "]", "f.json", ScenarioError, "a test") == [int(longest)]


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


# The walk of an anchor-free document (check_tree) must refuse exactly what check_nodes
# refuses, with the same message: each case below runs both ways (an unused anchor `&x`
# added to a comment-free copy sends it through check_nodes).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: {c: 2, d: [3, {e: 4}]}\n", "ok"),
        ("a: 1\nb: 2\na: 3\n", "3:1: key 'a' appears twice"),  # at the top
        ("a:\n  - {x: 1, y: 2}\n  - {x: 1, x: 2}\n", "3:12: key 'x' appears twice"),  # deep
        # two duplicates: the one the full walk meets first is named
        ("a:\n  - {x: 1, x: 2}\n  - {y: 1, y: 2}\n", "3:12: key 'y' appears twice"),
        ("? [1, 2]\n: 3\nb: 4\n", "unhashable"),  # a sequence as a key: refused later
        ("1: a\n'1': b\n", "2:1: key '1' appears twice"),  # the same key text, as before
        ("- 1\n- 2\n", "ok"),
        ("just text\n", "ok"),
    ],
)
def test_anchor_free_walk_matches_the_full_walk(text: str, expected: str) -> None:
    def outcome(source: str) -> str:
        try:
            load_yaml(source, "f.yaml", ScenarioError, "a test")
        except ScenarioError as exc:
            return str(exc)
        return "ok"

    with_anchor = "z: &x 0\n" + text if not text.startswith(("- ", "just")) else None
    fast = outcome(text)
    if with_anchor is not None:
        full = outcome(with_anchor)
        # the anchored copy has one more line on top: its messages name line + 1
        assert fast == full.replace(f"f.yaml:{_line(full)}:", f"f.yaml:{_line(full) - 1}:")
    assert expected in fast


def _line(message: str) -> int:
    parts = message.split(":")
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 0


def test_anchor_free_walk_bounds_the_node_count(monkeypatch: pytest.MonkeyPatch) -> None:
    import lambdacalc.structured as structured

    # 3 items of 2 pairs: 1 root + 3 + 3 × 4 = 16 nodes, above a bound of 10
    monkeypatch.setattr(structured, "MAX_EXPANDED_NODES", 10)
    with pytest.raises(ScenarioError, match="expand to more than 10 values"):
        load_yaml("- {a: 1, b: 2}\n- {a: 1, b: 2}\n- {a: 1, b: 2}\n", "f.yaml", ScenarioError, "x")
    monkeypatch.setattr(structured, "MAX_EXPANDED_NODES", 16)
    load_yaml("- {a: 1, b: 2}\n- {a: 1, b: 2}\n- {a: 1, b: 2}\n", "f.yaml", ScenarioError, "x")


def test_an_anchor_free_valid_document_skips_the_full_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import lambdacalc.structured as structured

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("check_nodes ran")

    monkeypatch.setattr(structured, "check_nodes", refuse)
    assert load_yaml("a: [1, {b: 2}]\n", "f.yaml", ScenarioError, "x")[0] == {"a": [1, {"b": 2}]}
    with pytest.raises(AssertionError):  # an anchor: the full walk (cycles, shared nodes)
        load_yaml("a: &x [1]\nb: *x\n", "f.yaml", ScenarioError, "x")


@pytest.mark.parametrize(
    "alphabet", ["ab\x7f\x85\x9f\xa0×é", "a×\u2028\u202e\u2066\ud800\U0001f600"]
)
def test_json_safe_fast_paths_agree_with_the_rule(alphabet: str) -> None:
    # the ASCII and Latin-1 shortcuts must give what the one regex gives, character by
    # character: every string of up to 3 characters from each alphabet
    from itertools import product

    from lambdacalc.printable import _JSON_UNSAFE

    for n in range(4):
        for chars in product(alphabet, repeat=n):
            text = "".join(chars)
            slow = re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)
            assert json_safe(text) == slow


def test_printable_fast_path_agrees_with_the_rule() -> None:
    # printable() returns printable ASCII text as it is without the regex: every character
    # up to U+00FF, and pairs of ASCII characters, give what the regex gives
    from lambdacalc.printable import _UNSAFE, _escape

    samples = [chr(c) for c in range(0x100)]
    samples += [chr(a) + chr(b) for a in range(0x80) for b in range(0x80)]
    for text in samples:
        assert printable(text) == re.sub(_UNSAFE, _escape, text)
    assert printable("a\tb") == "a\\x09b" and printable("ok ~") == "ok ~"
