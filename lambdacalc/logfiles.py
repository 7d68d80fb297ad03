"""Reading log files for `lambdacalc.logs` (the I/O edge): plain or gzip, a path or `-`.

Gzip is recognised by its magic bytes (1f 8b), not by the file name. A file is refused,
with one line naming it, when it cannot be opened, is empty, looks binary (a NUL byte in
its first 8 KiB once decompressed), or is a broken gzip stream — a truncated .gz is an
error, not a shorter log, so a total is never silently short.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Callable
from typing import BinaryIO

from lambdacalc.errors import LogError
from lambdacalc.logs import LogAggregator

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 8192
READ_HINT_BYTES = 1 << 20  # lines are handed to the parser about 1 MiB at a time


class LogInput:
    """One opened log: a binary line stream plus how far through the file it is."""

    def __init__(self, name: str, raw: BinaryIO, size_bytes: int | None) -> None:
        self.name = name
        self.raw = raw  # the file as stored (compressed or not): position = progress
        self.size_bytes = size_bytes
        self.compressed = False
        self.stream: BinaryIO = raw

    def position(self) -> int:
        try:
            return self.raw.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        if self.stream is not self.raw:
            self.stream.close()
        if self.name != "<stdin>":
            self.raw.close()


def _gzip_error(name: str, exc: BaseException) -> LogError:
    detail = str(exc) or type(exc).__name__
    return LogError(f"{name}: not a valid gzip file ({detail}); give the log as text or .gz")


def open_log(path: str) -> LogInput:
    """Open a log file (or `-` for stdin), decompressing gzip, refusing binary or empty files."""
    if path == "-":
        raw: BinaryIO = sys.stdin.buffer
        if not hasattr(raw, "peek"):  # e.g. a BytesIO under test runners
            raw = io.BufferedReader(raw)  # type: ignore[type-var]
        inp = LogInput("<stdin>", raw, None)
    else:
        try:
            fh = open(path, "rb")  # noqa: SIM115 - closed by LogInput.close
        except FileNotFoundError:
            raise LogError(f"{path}: no such file; check the path") from None
        except IsADirectoryError:
            raise LogError(f"{path}: is a directory; give log files (or - for stdin)") from None
        except PermissionError:
            raise LogError(f"{path}: permission denied") from None
        except OSError as exc:
            raise LogError(f"{path}: cannot be read ({exc.strerror})") from None
        inp = LogInput(path, fh, os.fstat(fh.fileno()).st_size)
    head = _peek(inp.raw, 2)
    if head[:2] == GZIP_MAGIC:
        inp.compressed = True
        inp.stream = gzip.GzipFile(fileobj=inp.raw, mode="rb")  # type: ignore[assignment]
    try:
        sample = _peek(inp.stream, SNIFF_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        inp.close()
        raise _gzip_error(inp.name, exc) from None
    if not sample:
        inp.close()
        raise LogError(f"{inp.name}: empty file; give a Lambda log with REPORT lines")
    if b"\x00" in sample:
        inp.close()
        raise LogError(
            f"{inp.name}: binary data (NUL bytes), not a text log; give the log as text or .gz"
        )
    return inp


def _peek(stream: BinaryIO, n: int) -> bytes:
    """Up to n bytes from the start of stream without consuming them (one buffer fill)."""
    data: bytes = stream.peek(n)  # type: ignore[attr-defined]
    return data[:n]


def read_into(
    agg: LogAggregator,
    inp: LogInput,
    function: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Feed every line of inp to agg; progress(position) after each ~1 MiB."""
    try:
        if progress is None:
            agg.feed(inp.stream, function)
            return
        readlines = inp.stream.readlines
        while batch := readlines(READ_HINT_BYTES):
            agg.feed(batch, function)
            progress(inp.position())
    except (OSError, EOFError, zlib.error) as exc:
        if inp.compressed:
            raise _gzip_error(inp.name, exc) from None
        raise LogError(f"{inp.name}: read failed ({exc})") from None
    finally:
        inp.close()
