"""`lambdacalc.cost` and `lambdacalc.concurrency` re-export their submodules' names, each
imported when first used (lambdacalc.lazy_exports): the names are the same objects as
before, patching them works, and importing one submodule loads no other."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("lambdacalc.cost", "lambdacalc.concurrency")


def _type_checking_imports(package: str) -> dict[str, set[str]]:
    """submodule -> the names the package's `if TYPE_CHECKING:` block imports from it."""
    path = ROOT / Path(*package.split(".")) / "__init__.py"
    found: dict[str, set[str]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module
                submodule = imp.module.removeprefix(package + ".")
                found.setdefault(submodule, set()).update(a.name for a in imp.names)
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_the_three_lists_of_names_agree(package: str) -> None:
    module = importlib.import_module(package)
    exports = {sub: set(names) for sub, names in module._EXPORTS.items()}
    assert exports == _type_checking_imports(package)
    assert sorted(n for names in exports.values() for n in names) == sorted(module.__all__)


@pytest.mark.parametrize("package", PACKAGES)
def test_each_name_is_its_submodules_object(package: str) -> None:
    module = importlib.import_module(package)
    for submodule, names in module._EXPORTS.items():
        source = importlib.import_module(f"{package}.{submodule}")
        for name in names:
            assert getattr(module, name) is getattr(source, name), name


@pytest.mark.parametrize("package", PACKAGES)
def test_an_unknown_name_is_an_attribute_error(package: str) -> None:
    module = importlib.import_module(package)
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'nope'"):
        module.nope  # noqa: B018
    assert not hasattr(module, "nope")


def test_a_patched_name_is_what_importers_get(monkeypatch: pytest.MonkeyPatch) -> None:
    """The package is one module object: a patch replaces the name for every later
    `from lambdacalc.cost import price`, and undoing it restores the original."""
    import lambdacalc.cost

    original = lambdacalc.cost.price

    def fake(*args: object) -> str:
        return "patched"

    monkeypatch.setattr("lambdacalc.cost.price", fake)
    from lambdacalc.cost import price

    assert price is fake
    monkeypatch.undo()
    from lambdacalc.cost import price as again

    assert again is original


def test_a_submodule_loads_only_what_it_imports() -> None:
    """In one fresh interpreter, the lambdacalc modules loaded after each step."""
    steps = (
        "import lambdacalc.cost.rates",
        "from lambdacalc.concurrency import plan_function",
        "from lambdacalc.cost import price",
    )
    show = "print(*sorted(m for m in sys.modules if m.startswith('lambdacalc')))"
    probe = "import sys\n" + "".join(f"{step}\n{show}\n" for step in steps)
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    rates, function, price = (set(line.split()) for line in result.stdout.splitlines())
    assert "lambdacalc.cost.rates" in rates
    assert not rates & {"lambdacalc.cost.account", "lambdacalc.cost.notes"}
    assert "lambdacalc.concurrency.function" in function
    assert not function & {"lambdacalc.concurrency.account", "lambdacalc.cost.account"}
    # the re-exported name loads its module (and the check can fail)
    assert "lambdacalc.cost.account" in price


def test_star_import_gets_every_name() -> None:
    namespace: dict[str, object] = {}
    exec("from lambdacalc.cost import *", namespace)
    import lambdacalc.cost

    assert set(lambdacalc.cost.__all__) <= namespace.keys()
    assert isinstance(lambdacalc.cost, ModuleType)
