"""Modules a reader can hold in their head: no module in lambdacalc/ over ~400 lines and no
function over ~60 (decorators and docstring counted); none is left over either limit.

Run it as a script to list every module and function over the limits:

    python tests/test_module_size.py
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lambdacalc"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# Known to be over: none left. Keep them empty; a new long module or function fails.
MODULES_OVER: set[str] = set()
FUNCTIONS_OVER: set[str] = set()


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def long_modules(limit: int = MAX_MODULE_LINES) -> dict[str, int]:
    """Each module of more than `limit` lines, with its line count."""
    out: dict[str, int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            out[_relative(path)] = lines
    return out


def long_functions(limit: int = MAX_FUNCTION_LINES) -> dict[str, int]:
    """Each function or method of more than `limit` lines (decorators and docstring
    included), as `path::Class.name`, with its line count."""
    out: dict[str, int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        _visit(tree, _relative(path), "", limit, out)
    return out


def _visit(node: ast.AST, where: str, prefix: str, limit: int, out: dict[str, int]) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{child.name}"
            if not isinstance(child, ast.ClassDef):
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                lines = (child.end_lineno or child.lineno) - first + 1
                if lines > limit:
                    out[f"{where}::{name}"] = lines
            _visit(child, where, f"{name}.", limit, out)


def test_the_counter_sees_a_long_function(tmp_path: Path) -> None:
    """The check can fail: a 61-line function is over the limit, a 60-line one is not."""
    body = "\n".join(f"    x{i} = {i}" for i in range(59))
    for lines, over in ((60, False), (61, True)):
        source = f"def f():\n{body}\n" + ("    return 0\n" if lines == 61 else "")
        found: dict[str, int] = {}
        _visit(ast.parse(source), "m.py", "", MAX_FUNCTION_LINES, found)
        assert bool(found) is over, (lines, found)


def test_no_new_long_module() -> None:
    assert set(long_modules()) <= MODULES_OVER


def test_no_new_long_function() -> None:
    assert set(long_functions()) <= FUNCTIONS_OVER


def body_lines(name: str) -> int:
    """The lines of a function's body after its docstring (`path::Class.name`): a typer
    command is long mostly for its declared options, which this leaves out."""
    where, qualified = name.split("::")
    node: ast.AST = ast.parse((ROOT / where).read_text(encoding="utf-8"))
    for part in qualified.split("."):
        node = next(
            n
            for n in ast.iter_child_nodes(node)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and n.name == part
        )
    assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    body = node.body
    if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return (node.end_lineno or node.lineno) - body[0].lineno + 1


if __name__ == "__main__":
    for name, count in long_modules().items():
        print(f"{count:5} lines  {name}")
    for name, count in sorted(long_functions().items(), key=lambda kv: -kv[1]):
        print(f"{count:5} lines  {name}()  (body {body_lines(name)})")
