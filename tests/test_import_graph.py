"""The layers hold: no import cycle among lambdacalc's modules, and the domain core imports
no typer, rich, yaml or pydantic, directly or through another lambdacalc module.

Every import statement counts: at module level, inside functions (deferred for start-up
time) and under `if TYPE_CHECKING:` alike, since each is a dependency a reader must follow.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "lambdacalc"
CORE = (
    "lambdacalc.cost",
    "lambdacalc.concurrency",
    "lambdacalc.sizing",
    "lambdacalc.prices",
    "lambdacalc.prices_parse",
    "lambdacalc.prices_fields",
    "lambdacalc.bounded_numbers",
    "lambdacalc.units",
    "lambdacalc.wording",
    "lambdacalc.limits",
    "lambdacalc.logs.report",
    "lambdacalc.workload",
    "lambdacalc.sizing_advice",
    "lambdacalc.whatif",
)
EDGE_LIBRARIES = {"typer", "click", "rich", "yaml", "pydantic"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in ROOT.rglob("*.py")}


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Every module `path` imports by absolute name (with `top_level_only`, only those it
    imports when it is itself imported). `from package import submodule` counts as importing
    the submodule (the package is its parent, loaded anyway)."""
    out: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            submodules = {f"{node.module}.{a.name}" for a in node.names} & MODULES.keys()
            out.update(submodules or {node.module})
    return out


GRAPH = {name: _imports(path) for name, path in MODULES.items()}
ON_IMPORT = {name: _imports(path, top_level_only=True) for name, path in MODULES.items()}


def _internal(name: str) -> set[str]:
    return {m for m in GRAPH[name] if m in MODULES and m != name}


def _cycle_from(start: str) -> list[str] | None:
    """A cycle of imports through `start`, or None."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        name, path = stack.pop()
        for dep in _internal(name):
            if dep == start:
                return [*path, start]
            if dep not in seen:
                seen.add(dep)
                stack.append((dep, [*path, dep]))
    return None


def test_the_graph_sees_the_modules() -> None:
    assert "lambdacalc.cost.rules" in MODULES and "lambdacalc.cli.root" in MODULES
    assert "lambdacalc.cost.rules" in _internal("lambdacalc.cost.sweep")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_import_cycle(name: str) -> None:
    assert _cycle_from(name) is None, " -> ".join(_cycle_from(name) or [])


def _is_core(name: str) -> bool:
    return any(name == c or name.startswith(c + ".") for c in CORE)


def _reach(name: str) -> set[str]:
    """The lambdacalc modules `name` may import, directly or through others, at any level."""
    reached: set[str] = set()
    todo = [name]
    while todo:
        for dep in _internal(todo.pop()):
            if dep not in reached:
                reached.add(dep)
                todo.append(dep)
    return reached


def _edge(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in EDGE_LIBRARIES}


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _is_core(n)))
def test_the_core_imports_no_edge_library(name: str) -> None:
    """A core module imports none of them anywhere, nor do the core modules it uses; a
    reader it borrows a helper from (`structured`'s number parsing) may import them only
    inside the functions that read those formats, never when it is imported."""
    for module in {name} | _reach(name):
        heavy = _edge(GRAPH[module] if _is_core(module) else ON_IMPORT[module])
        assert not heavy, f"{name} reaches {module}, which imports {sorted(heavy)}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _is_core(n)))
def test_the_core_imports_no_edge_module(name: str) -> None:
    """The core speaks in domain words and plain data: it never reaches the renderers or
    the CLI (their shared wording of numbers lives in the core's `wording`)."""
    edge = {
        m for m in {name} | _reach(name) if m.startswith(("lambdacalc.render", "lambdacalc.cli"))
    }
    assert not edge, f"{name} reaches {sorted(edge)}"


def test_importing_the_whole_core_loads_no_edge_library() -> None:
    core = sorted(n for n in MODULES if _is_core(n))
    probe = (
        "import importlib, sys\n"
        f"for name in {core!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        f"set({sorted(EDGE_LIBRARIES)!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_cycle_would_be_found() -> None:
    """The check can fail: a module that imports itself through another is a cycle."""
    GRAPH["lambdacalc.units"].add("lambdacalc.cost.rules")
    try:
        assert _cycle_from("lambdacalc.units") is not None
    finally:
        GRAPH["lambdacalc.units"].discard("lambdacalc.cost.rules")
