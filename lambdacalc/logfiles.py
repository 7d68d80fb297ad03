"""Reading log files for `lambdacalc.logs` (the I/O edge): plain or gzip, a path or `-`.

Gzip is recognised by its magic bytes (1f 8b), not by the file name. A file is refused,
with one line naming it, when it cannot be opened, is empty, looks binary (a NUL byte in
its first 8 KiB once decompressed), or is a broken gzip stream — a truncated .gz is an
error, not a shorter log, so a total is never silently short.

Lines are read in fixed-size blocks and split in C, not by line iteration, so that one
enormous "line" (a file without newlines) cannot exhaust memory: a line longer than
MAX_LINE_BYTES is dropped unread and counted under ``overlong_line``.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from lambdacalc.errors import LogError
from lambdacalc.input_files import open_input
from lambdacalc.logs import OVERLONG_LINE, LogAggregator

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 8192
BLOCK_BYTES = 1 << 17  # lines reach the parser a 128 KiB block at a time (cache-friendly)
MAX_LINE_BYTES = 1 << 16  # a REPORT record is well under 1 KiB; longer lines are dropped


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
        fh = open_input(path, "log", LogError)
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


def line_blocks(
    stream: BinaryIO, block_bytes: int = BLOCK_BYTES, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[list[bytes], int]]:
    """(lines, overlong) per block read: whole lines, and how many lines longer than
    max_line_bytes ended in this block (they are dropped, so memory stays bounded)."""
    for lines, _, _, _, overlong in _blocks(stream, block_bytes, max_line_bytes):
        yield lines, overlong


def _blocks(
    stream: BinaryIO, block_bytes: int = BLOCK_BYTES, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[list[bytes], bytes, int, int, int]]:
    """line_blocks, plus the text the lines were split from: (lines, text, start, end,
    overlong) with text[start:end] == b"\n".join(lines), so the parser can scan the
    block as read instead of joining its lines again."""
    rest = b""
    skipping = False  # inside a line already known to be too long
    while chunk := stream.read(block_bytes):
        text = rest + chunk
        lines = text.split(b"\n")
        rest = lines.pop()
        start, end = 0, max(len(text) - len(rest) - 1, 0)
        overlong = 0
        if skipping and lines:
            start = len(lines.pop(0)) + 1  # the end of the overlong line
            skipping = False
            overlong = 1
        if len(rest) > max_line_bytes:
            rest = b""
            skipping = True
        yield lines, text, start, end, overlong
    if skipping:
        yield [], b"", 0, 0, 1
    elif rest:
        yield [rest], rest, 0, len(rest), 0


def read_into(
    agg: LogAggregator,
    inp: LogInput,
    function: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Feed every line of inp to agg, a block at a time; progress(position) after each."""
    try:
        for lines, text, start, end, overlong in _blocks(inp.stream):
            if lines:
                agg.feed_block(lines, text, start, end, function)
            if overlong:
                agg.skip(OVERLONG_LINE, overlong)
            if progress is not None:
                progress(inp.position())
    except (OSError, EOFError, zlib.error) as exc:
        if inp.compressed:
            raise _gzip_error(inp.name, exc) from None
        raise LogError(f"{inp.name}: read failed ({exc})") from None
    finally:
        inp.close()
