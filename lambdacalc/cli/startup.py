"""Process start-up for the `lambdacalc` executable: two measures that make it start fast.

A run of `lambdacalc concurrency` spends most of its time importing typer and our modules.
Two things in that phase are pure cost for a command-line process:

* The cyclic garbage collector. Start-up allocates many objects (classes, functions, code)
  and frees almost none, so every collection the allocations trigger scans a growing heap
  to find nothing. `begin` pauses the collector; `end` (called by the root callback, just
  before a command's body runs) moves what start-up built to the permanent generation with
  `gc.freeze()` and resumes collection, so long commands such as `logs analyze` collect
  normally and never rescan start-up objects.
* Standard-library modules typer imports for features we switch off: `subprocess` and
  `platform` (shell completion and `launch`), and `bz2`/`lzma` (probed by `shutil` for
  archive formats). `begin` puts a stand-in for each in `sys.modules`; the real module is
  imported the first time anything reads an attribute of it, so code that does use them
  still works, only later.

Measured on `lambdacalc concurrency --rps 100 --duration 0.2 --format json` (median of 41
interleaved runs, 2-core machine): 63.7 ms with neither, 51.7 ms with the collector paused,
60.3 ms with the stand-ins, 48.3 ms with both; `python -c pass` took 9.7 ms.

Only `lambdacalc.cli.main` calls `begin`; tests that drive the app through `CliRunner` run
with both measures off, and `end` is then a no-op.
"""

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

# module -> the compiled module it needs; a stand-in is put in place only when that exists,
# so `import bz2` still fails where Python was built without bz2.
DEFERRED_MODULES = {
    "subprocess": None,
    "platform": None,
    "bz2": "_bz2",
    "lzma": "_lzma",
}

_paused = False


class _Deferred(ModuleType):
    """A module that imports the real one on first attribute access and takes its contents."""

    def __getattr__(self, attr: str) -> object:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        import importlib

        real = importlib.import_module(name)
        self.__dict__.update(real.__dict__)
        return getattr(real, attr)


def begin() -> None:
    """Pause the collector and put stand-ins for the deferred modules in `sys.modules`."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True
    missing = [m for m in DEFERRED_MODULES if m not in sys.modules]
    if not missing:
        return
    from importlib.util import find_spec

    for name in missing:
        needs = DEFERRED_MODULES[name]
        spec = find_spec(name)
        if spec is not None and (needs is None or find_spec(needs) is not None):
            stand_in = _Deferred(name)
            stand_in.__spec__ = spec  # what importlib.util.find_spec(name) then returns
            sys.modules[name] = stand_in


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
