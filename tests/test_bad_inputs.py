"""Bad input gets a clear error, exit code 2, and nothing else (issue 2).

Every file in tests/corpus/bad/ is one bad scenario. Its first line says what the user must
be told — `# expect: <part of the message>`, with the file:line:col where there is one — and
an optional `# errors: N` says how many independent errors it holds (default 1). A file that
cannot carry a comment (JSON, an empty file) has its expectation in `<name>.expect` beside
it. Each is run through `lambdacalc cost` and must give exit code 2, nothing on stdout, and
only `Error: …` lines on stderr (no traceback, no pydantic dump).

The inputs that cannot live in a corpus (missing files, directories, binary bytes, huge
files, alias bombs, stdin) are built in the tests below.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app

CORPUS = Path(__file__).resolve().parent / "corpus" / "bad"
CASES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".yaml", ".json"))
ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "scenarios" / "one-million-128mb.yaml"

runner = CliRunner()  # typer's runner keeps stdout and stderr apart (result.stdout/.stderr)


def header(path: Path) -> dict[str, str]:
    """The `# key: value` lines that open a corpus file (or its .expect sidecar)."""
    sidecar = path.with_name(path.name + ".expect")
    text = (sidecar if sidecar.exists() else path).read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        match = re.fullmatch(r"# (expect|errors): (.*)", line)
        if not match:
            break
        found[match[1]] = match[2]
    assert "expect" in found, f"{path.name}: starts with no `# expect:` line (or .expect file)"
    return found


def assert_clean_error(result, expected: str, errors: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Exit 2, empty stdout, `errors` lines on stderr each starting `Error: `, `expected` in it."""
    stderr = result.stderr
    assert result.exit_code == 2, (result.exit_code, stderr, result.exception)
    assert result.stdout == ""
    assert "Traceback" not in stderr and "pydantic" not in stderr.lower()
    assert "[type=" not in stderr and "For further information" not in stderr
    lines = stderr.splitlines()
    assert all(line.startswith("Error: ") for line in lines), stderr
    assert len(lines) == errors <= 5, stderr
    assert expected in stderr, f"\nexpected: {expected}\nstderr:   {stderr}"


def cost(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["cost", *args], input=input)


# --- the corpus ----------------------------------------------------------------------------


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 50
    strays = [p.name for p in CORPUS.iterdir() if p.suffix not in (".yaml", ".json", ".expect")]
    assert not strays, strays
    orphans = [p.name for p in CORPUS.glob("*.expect") if not p.with_suffix("").exists()]
    assert not orphans, orphans


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_bad_scenario_is_one_clear_error(path: Path) -> None:
    head = header(path)
    result = cost(str(path))
    assert_clean_error(result, head["expect"], int(head.get("errors", "1")))
    # the message names the file as the user wrote it
    assert str(path) in result.stderr


@pytest.mark.parametrize(
    "name",
    ["memory-fraction.yaml", "unknown-key-typo.yaml", "json-syntax.json", "region-typo.yaml"],
)
@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_machine_formats_keep_stdout_empty_on_error(name: str, fmt: str) -> None:
    path = CORPUS / name
    assert_clean_error(cost(str(path), "--format", fmt), header(path)["expect"])


def test_the_good_file_the_tests_below_start_from_is_good() -> None:
    result = cost(str(GOOD), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


# --- inputs built on the spot ----------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert_clean_error(cost(str(path)), f"{path}: no such scenario file; check the path")


def test_directory(tmp_path: Path) -> None:
    assert_clean_error(cost(str(tmp_path)), f"{tmp_path}: is a directory, not a scenario file")


def test_binary_bytes(tmp_path: Path) -> None:
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    assert_clean_error(cost(str(path)), f"{path}: binary data, not a scenario file")


def test_non_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD.read_bytes().replace(b"name: one-million-128mb", b"name: caf\xe9"))
    line = 1 + GOOD.read_text().splitlines().index("name: one-million-128mb")
    assert_clean_error(cost(str(path)), f"{path}:{line}:10: not UTF-8 text (byte 0xe9 at offset")
    assert "save it as UTF-8" in cost(str(path)).stderr


def test_a_bom_is_fine_but_a_bom_alone_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.read_bytes())
    assert cost(str(path)).exit_code == 0
    path.write_bytes(b"\xef\xbb\xbf\n  \n")
    assert_clean_error(cost(str(path)), f"{path}: empty file")


def test_fifty_megabyte_file_fails_on_its_size_without_being_parsed(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.write(GOOD.read_bytes())
        chunk = b"# " + b"x" * 1021 + b"\n"  # comments: would parse, slowly, if it were read
        fh.write(chunk * (50 * 1024))
    assert path.stat().st_size > 50 * 1024 * 1024
    assert_clean_error(cost(str(path)), f"{path}: larger than 20 MB")


def test_huge_input_on_stdin_fails_on_its_size() -> None:
    data = b"# padding\n" * (2 * 1024 * 1024 + 1)  # just over 20 MB
    assert_clean_error(cost("-", input=data), "<stdin>: larger than 20 MB")


def _alias_bomb(levels: int = 9, fan_out: int = 10) -> str:
    """The classic: each level is a list of `fan_out` aliases to the one before."""
    lines = [f"a0: &a0 [{', '.join(['lol'] * fan_out)}]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fan_out)}]")
    lines.append("functions:")
    lines.append(f"  - name: *a{levels}")
    return "\n".join(lines) + "\n"


def test_billion_laughs_fails_fast(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(_alias_bomb())
    start = time.perf_counter()
    result = cost(str(path))
    elapsed = time.perf_counter() - start
    assert_clean_error(result, "aliases expand to more than 2,000,000 values")
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: ", result.stderr)
    assert elapsed < 1.0, f"the alias bomb took {elapsed:.2f} s to reject"


def test_billion_laughs_in_a_merge_key_fails_fast(tmp_path: Path) -> None:
    lines = ["b0: &b0 {x: 1}"]
    for i in range(1, 25):  # 2^24 values if merged naively
        lines.append(f"b{i}: &b{i} {{l: *b{i - 1}, r: *b{i - 1}}}")
    lines.append("functions:\n  - <<: *b24\n    name: api")
    path = tmp_path / "merge.yaml"
    path.write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    result = cost(str(path))
    elapsed = time.perf_counter() - start
    assert_clean_error(result, "aliases expand to more than")
    assert elapsed < 1.0, f"took {elapsed:.2f} s"


def test_small_aliases_are_fine(tmp_path: Path) -> None:
    """The guard must not reject ordinary use of anchors."""
    path = tmp_path / "anchors.yaml"
    path.write_text(
        "defaults: &d {memory_mb: 128, duration_ms: 100, requests_per_month: 1000000}\n"
        "functions:\n  - <<: *d\n    name: a\n  - <<: *d\n    name: b\n"
    )
    result = cost(str(path))
    # `defaults` is not a scenario key: the error is about that key, not about the aliases
    assert_clean_error(result, f"{path}:1:1: defaults: unknown key 'defaults'")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("functions: " + "[" * 100_000 + "]" * 100_000 + "\n", "not valid YAML"),
        ('{"functions": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ],
    ids=["yaml", "json"],
)
def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    assert_clean_error(cost(str(path)), expected)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("functions: []\n", "<stdin>:1:12: functions: list should have at least 1 item"),
        ("- just\n- a list\n", "<stdin>: the scenario is a list"),
        ("", "<stdin>: empty file"),
        (b"\x00\x01\x02", "<stdin>: binary data"),
        (b"name: caf\xe9\n", "<stdin>:1:10: not UTF-8 text"),
        ('{"functions": [}', "<stdin>:1:16: not valid JSON"),
        (
            "functions:\n  - name: a\n    memory_mb: 127\n    duration_ms: 1\n"
            "    requests_per_month: 1\n",
            "<stdin>:3:16: functions[0].memory_mb: input should be greater than or equal to 128",
        ),
    ],
    ids=["empty-list", "list", "empty", "binary", "latin1", "json", "memory"],
)
def test_stdin_with_bad_content(data: str | bytes, expected: str) -> None:
    assert_clean_error(cost("-", input=data), expected)
    assert_clean_error(cost("-", "--format", "json", input=data), expected)


def test_region_missing_from_another_price_book(tmp_path: Path) -> None:
    """--prices with a book that lacks the scenario's region: the region line is named,
    with the regions that book does have."""
    book = json.loads((ROOT / "pricing" / "aws-lambda.json").read_text())
    book["regions"] = {"us-east-1": book["regions"]["us-east-1"]}
    book_path = tmp_path / "negotiated.json"
    book_path.write_text(json.dumps(book))
    scenario = tmp_path / "eu.yaml"
    scenario.write_text(GOOD.read_text().replace("free_tier: false", "region: eu-west-1"))
    result = cost(str(scenario), "--prices", str(book_path), "--format", "json")
    line = 1 + scenario.read_text().splitlines().index("region: eu-west-1")
    assert_clean_error(result, f"{scenario}:{line}:9: region: no prices for region 'eu-west-1'")
    assert "known regions: us-east-1" in result.stderr


# --- region codes: a wrong case is named, a near miss gets the closest few -------------------

BOOK = "pricing/aws-lambda.json (aws-lambda, effective 2026-10-01)"


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        # the code exists in lower case: say so, do not change what the user gave
        (
            ["concurrency", "--rps", "1", "--duration", "1", "--region", "EU-WEST-1"],
            "region codes are lower case: did you mean eu-west-1?",
        ),
        # a typo: the closest three, not all 34
        (["prices", "--region", "eu-wst-1"], "did you mean eu-west-1 or us-west-1 or eu-west-3?"),
        # nothing close: point at the list instead of printing it
        (
            ["prices", "--region", "mars-1"],
            "none of the book's 34 regions is close (`lambdacalc prices` lists them)",
        ),
    ],
)
def test_an_unknown_region_gets_a_short_hint(args: list[str], hint: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    region = args[-1]
    assert result.stderr == f"Error: no prices for region '{region}' in {BOOK}; {hint}\n"


def test_a_scenario_region_in_upper_case_gets_a_did_you_mean(tmp_path: Path) -> None:
    scenario = tmp_path / "eu.yaml"
    scenario.write_text(GOOD.read_text().replace("free_tier: false", "region: EU-WEST-1"))
    line = 1 + scenario.read_text().splitlines().index("region: EU-WEST-1")
    result = CliRunner().invoke(app, ["cost", str(scenario)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {scenario}:{line}:9: region: input is not in the allowed form (got 'EU-WEST-1');"
        " region codes are lower case: did you mean eu-west-1?\n"
    )
