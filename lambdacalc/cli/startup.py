"""Process start-up for the `lambdacalc` executable: the garbage collector paused while it
starts, and help drawn without two modules it never uses.

A run of `lambdacalc concurrency` spends most of its time importing typer and our modules.
Start-up allocates many objects (classes, functions, code) and frees almost none, so every
collection the allocations trigger scans a growing heap to find nothing. `begin` pauses the
collector; `end` (called by the root callback, just before a command's body runs) moves what
start-up built to the permanent generation with `gc.freeze()` and resumes collection, so
long commands such as `logs analyze` collect normally and never rescan start-up objects.
Measured on `lambdacalc concurrency --rps 100 --duration 0.2 --format json` (median of 41
interleaved runs, 2-core machine): 63.7 ms with the collector on, 51.7 ms with it paused;
`python -c pass` took 9.7 ms.

Every module is the real one: `subprocess`, `platform`, `bz2` and `lzma`, which typer and
`shutil` import for features we switch off, once had stand-ins here, but a stand-in is a
second module object that `mock.patch` and `monkeypatch` do not see, so they were dropped;
what they saved was won back by importing less of our own code (`lambdacalc.lazy_exports`,
imports moved into the functions that need them; tests/test_startup.py keeps it so).

The one exception is help drawn by typer (`lambdacalc cost --help`, the top-level help at a
terminal): `help_requested` puts stand-ins for `rich.markdown` and `rich.traceback` in
`sys.modules`, which typer's help module imports (with markdown-it and pygments, two fifths
of such a run) for a markup mode we do not use and for pretty exceptions, which are off. They
stay because that process only draws help and exits: no command code runs, nothing patches
them, and should either class be used after all, it comes from the real module, which then
takes its place (tests/test_startup.py checks the help text is byte for byte the same).

Only `lambdacalc.cli.main` calls `begin` and `help_requested`; tests that drive the app
through `CliRunner` run with neither, and `end` is then a no-op.
"""

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

_paused = False


def begin() -> None:
    """Pause the collector until `end`."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector around a batch computation that allocates many
    objects and creates no reference cycles (a fleet's bill: loading, pricing, writing).
    Each collection would rescan everything still alive, such as a YAML file's node graph,
    to free nothing; plain reference counting frees the rest as before."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _real_class(module: str, name: str) -> type:
    """The class `name` of the real `module`, imported now in place of its stand-in."""
    import importlib

    if sys.modules.get(module) is _HELP_STAND_INS.get(module):
        del sys.modules[module]
    real: type = getattr(importlib.import_module(module), name)
    return real


class _LazyClassMeta(type):
    _module = ""
    _name = ""

    def __getattr__(cls, attr: str) -> object:  # class attributes: Traceback.from_exception
        return getattr(_real_class(cls._module, cls._name), attr)


class _LazyClass(metaclass=_LazyClassMeta):
    """Stands for a class of a module typer's help imports but help never uses, until the
    class is used: then the real module is imported (taking its place in sys.modules)."""

    def __new__(cls, *args: object, **kwargs: object) -> object:  # type: ignore[misc]
        return _real_class(cls._module, cls._name)(*args, **kwargs)


def _help_stand_in(module: str, name: str) -> ModuleType:
    stand_in = ModuleType(module)
    lazy = _LazyClassMeta(name, (_LazyClass,), {"_module": module, "_name": name})
    setattr(stand_in, name, lazy)
    return stand_in


# typer's help module imports rich.markdown (and with it markdown-it) for a markup mode we
# do not use, and rich.traceback (and with it pygments) for pretty exceptions, which are off
_HELP_STAND_INS: dict[str, ModuleType] = {}
_HELP_STAND_INS.update(
    (module, _help_stand_in(module, name))
    for module, name in (("rich.markdown", "Markdown"), ("rich.traceback", "Traceback"))
)


def help_requested() -> None:
    """Before help is drawn: typer's help module imports rich.markdown and rich.traceback
    (with markdown-it and pygments, two fifths of `lambdacalc --help`) for features help
    does not use. A stand-in takes the place of each until its class is used, if ever."""
    for module, stand_in in _HELP_STAND_INS.items():
        if module not in sys.modules:
            sys.modules[module] = stand_in


def end() -> None:
    """Start-up is over: keep what it built out of future collections and resume them."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
