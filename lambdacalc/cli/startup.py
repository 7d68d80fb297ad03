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


class _LazyMarkdown:
    """Stands for rich.markdown.Markdown until one is made: then the real module is
    imported (taking its place in sys.modules) and makes it."""

    def __new__(cls, *args: object, **kwargs: object) -> object:  # type: ignore[misc]
        import importlib

        if sys.modules.get("rich.markdown") is _MARKDOWN_STAND_IN:
            del sys.modules["rich.markdown"]
        real = importlib.import_module("rich.markdown")
        return real.Markdown(*args, **kwargs)


_MARKDOWN_STAND_IN = ModuleType("rich.markdown")
_MARKDOWN_STAND_IN.Markdown = _LazyMarkdown  # type: ignore[attr-defined]


def help_requested() -> None:
    """Before help is drawn: typer's help module imports rich.markdown, and with it
    markdown-it (a fifth of `lambdacalc --help`), for a markup mode we do not use. A
    stand-in takes its place until a Markdown is actually made, if ever."""
    if "rich.markdown" not in sys.modules:
        sys.modules["rich.markdown"] = _MARKDOWN_STAND_IN


def end() -> None:
    """Start-up is over: keep what it built out of future collections and resume them."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
