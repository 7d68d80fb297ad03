"""A package's re-exports, each imported from its submodule when first used (PEP 562).

`lambdacalc.cost` and `lambdacalc.concurrency` re-export the names other modules use
(`from lambdacalc.cost import price`). Importing any submodule runs the package's
`__init__` first, so eager re-exports made `lambdacalc.cost.rates` load the whole billing
engine, and `lambdacalc concurrency` paid for it at every start. With `exports`, the package
module itself looks each name up in its submodule on first access and keeps it, so

* `from lambdacalc.cost import price` and `lambdacalc.cost.price` work as before, on the
  one package module (monkeypatch and mock.patch see and replace the same attribute);
* `import lambdacalc.cost.rates` loads `rates` and what it imports, nothing more.

The package keeps the same names under `if TYPE_CHECKING:` imports, for type checkers and
readers, and in `__all__`; tests/test_lazy_exports.py checks that the lists agree and that
each name is its submodule's object.
"""

import sys
from collections.abc import Callable, Mapping


def exports(package: str, names: Mapping[str, tuple[str, ...]]) -> Callable[[str], object]:
    """A module `__getattr__` for `package`: `names` maps each submodule to the names it
    provides."""
    where = {name: module for module, group in names.items() for name in group}

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)  # found once; later reads are plain
        return value

    return __getattr__
