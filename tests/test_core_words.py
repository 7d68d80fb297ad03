"""The core says things in its own words: no string in a module outside lambdacalc/cli and
lambdacalc/render names a command-line flag. A message that needs one names the input field
(`errors.field("window_s")`) and the CLI shows the flag that sets it (`cli.common.in_flags`
for warnings; `handle_errors` does it for errors, with `cli.common.FLAG_OF_FIELD`).

Docstrings and comments may mention flags. The modules below still do, each with its reason;
shrink the list, never grow it without one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lambdacalc"
EDGES = ("cli/", "render/")
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")

# module -> (the flags it may name, why)
ALLOWED: dict[str, tuple[set[str], str]] = {
    "overrides.py": ({"--set"}, "the --set parser itself: its input is the flag's syntax"),
    "scenario/loaded.py": ({"--set"}, "points at the --set value a scenario error came from"),
    "output_files.py": ({"--force"}, "the edge that writes every command's output files"),
    "iac/cfn_template.py": ({"--param"}, "import-iac's template reader, asking for the flag"),
    "iac/convert.py": ({"--usage"}, "import-iac's converter, asking for the usage file flag"),
    "pricelist_offer.py": ({"--prices"}, "`prices import`'s reader: use the book as --prices"),
    "scenario_models.py": (
        {"--emit-scenario", "--profiles"},
        "JSON Schema descriptions of scenario keys, saying which command writes or reads them",
    ),
    # Not converted yet (issue 13 item 5): each reaches the user by more than one path.
    "prices.py": (
        {"--prices"},
        "price-book lookup errors are wrapped by str(exc) into scenario errors (which show "
        "a field's own name, and --prices has no scenario key) and into concurrency's PC "
        "warning; converting needs each of those paths to map the flag",
    ),
    "around/book.py": ({"--around-prices"}, "as prices.py, for the around-Lambda book"),
    "sizing/explain.py": (
        {"--measured", "--power-tuning", "--cpu-bound"},
        "what to measure next, one sentence for compare-memory and cost's sizing advice "
        "alike (it names the scenario key too)",
    ),
}


def _strings(tree: ast.AST) -> list[tuple[str, int]]:
    """The module's string constants (f-string parts included), docstrings left out."""
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.value, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


def flags_named(source: str) -> dict[str, int]:
    """Each flag a module's strings name, with the first line naming it."""
    found: dict[str, int] = {}
    for text, line in _strings(ast.parse(source)):
        for flag in FLAG.findall(text):
            found.setdefault(flag, line)
    return found


def core_modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not path.relative_to(PACKAGE).as_posix().startswith(EDGES)
    ]


def test_the_check_sees_a_flag_in_a_message_but_not_in_a_docstring() -> None:
    source = (
        '"""Pass --window."""\n\ndef f(x):\n    """--doc"""\n    return f"{x}: pass --window 7d"\n'
    )
    assert flags_named(source) == {"--window": 5}
    assert flags_named('"""--only-here"""\nX = "the window_s field"\n') == {}


def test_no_core_module_names_a_flag() -> None:
    over: list[str] = []
    for path in core_modules():
        where = path.relative_to(PACKAGE).as_posix()
        allowed = ALLOWED.get(where, (set(), ""))[0]
        for flag, line in flags_named(path.read_text(encoding="utf-8")).items():
            if flag not in allowed:
                over.append(f"lambdacalc/{where}:{line}: {flag}")
    assert not over, "name the field (errors.field) and map it in the CLI:\n" + "\n".join(over)


def test_every_allowance_is_still_needed() -> None:
    """An allowance a module no longer uses is dropped from the list."""
    for where, (flags, reason) in ALLOWED.items():
        assert reason
        named = set(flags_named((PACKAGE / where).read_text(encoding="utf-8")))
        assert flags <= named, (where, flags - named)
