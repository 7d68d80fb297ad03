"""One Python floor, stated alike everywhere, and code that keeps to it.

The floor is `requires-python` in pyproject.toml (pip refuses to install below it). ruff's
`target-version` lints for syntax newer than the floor, mypy checks types as of the floor,
the README promises it, and `.ci/run` runs the suite on that interpreter when the machine has
it. Raising or lowering the floor in one place only fails here.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def floor() -> tuple[int, int]:
    spec = PYPROJECT["project"]["requires-python"]
    match = re.fullmatch(r">=(\d+)\.(\d+)", spec)
    assert match, f"requires-python should be a plain floor, not {spec!r}"
    return int(match[1]), int(match[2])


def test_the_floor_is_a_supported_python() -> None:
    # 3.10 reached end of life in October 2026; lambdacalc.logs's possessive quantifiers need 3.11
    assert floor() >= (3, 11)


def test_ruff_lints_for_the_floor() -> None:
    major, minor = floor()
    assert PYPROJECT["tool"]["ruff"]["target-version"] == f"py{major}{minor}"


def test_mypy_checks_for_the_floor() -> None:
    major, minor = floor()
    assert PYPROJECT["tool"]["mypy"]["python_version"] == f"{major}.{minor}"


def test_the_readme_states_the_floor() -> None:
    major, minor = floor()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = set(re.findall(r"Python (\d+\.\d+) or newer", readme))
    assert stated == {f"{major}.{minor}"}


def test_ci_runs_on_the_floor_interpreter_when_there_is_one() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "requires-python" in ci  # the floor is read from pyproject.toml, not restated
    assert "python$floor" in ci


def test_this_interpreter_is_not_below_the_floor() -> None:
    assert sys.version_info[:2] >= floor()


def test_every_source_file_parses_as_the_floor_grammar() -> None:
    # ast's feature_version refuses grammar newer than the floor (type statements, PEP 695
    # generics, ...) even on a newer interpreter; ruff's target-version covers the rest
    files = [
        p
        for folder in ("lambdacalc", "tests", "benchmarks")
        for p in sorted((ROOT / folder).rglob("*.py"))
    ]
    assert len(files) > 40
    for path in files:
        ast.parse(path.read_text(encoding="utf-8"), str(path), feature_version=floor())
