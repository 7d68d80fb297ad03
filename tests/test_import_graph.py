"""The layers hold: no import cycle among lambdacalc's modules, and the domain core imports
no typer, rich, yaml or pydantic, directly or through another lambdacalc module.

Every import statement counts: at module level, inside functions (deferred for start-up
time) and under `if TYPE_CHECKING:` alike, since each is a dependency a reader must follow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "lambdacalc"
CORE = (
    "lambdacalc.cost",
    "lambdacalc.concurrency",
    "lambdacalc.sizing",
    "lambdacalc.prices",
    "lambdacalc.units",
    "lambdacalc.limits",
    "lambdacalc.workload",
)
EDGE_LIBRARIES = {"typer", "click", "rich", "yaml", "pydantic"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in ROOT.rglob("*.py")}


def _imports(path: Path) -> set[str]:
    """Every module `path` imports by absolute name. `from package import submodule` counts
    as importing the submodule (the package is its parent, loaded anyway)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            submodules = {f"{node.module}.{a.name}" for a in node.names} & MODULES.keys()
            out.update(submodules or {node.module})
    return out


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


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
    """Every module `name` imports, directly or through lambdacalc modules."""
    reached: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        for dep in GRAPH[current]:
            if dep not in reached:
                reached.add(dep)
                if dep in MODULES:
                    todo.append(dep)
    return reached


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _is_core(n)))
def test_the_core_imports_no_edge_library(name: str) -> None:
    heavy = {m for m in _reach(name) if m.split(".")[0] in EDGE_LIBRARIES}
    assert not heavy, f"{name} reaches {sorted(heavy)}"


def test_a_cycle_would_be_found() -> None:
    """The check can fail: a module that imports itself through another is a cycle."""
    GRAPH["lambdacalc.units"].add("lambdacalc.cost.rules")
    try:
        assert _cycle_from("lambdacalc.units") is not None
    finally:
        GRAPH["lambdacalc.units"].discard("lambdacalc.cost.rules")
