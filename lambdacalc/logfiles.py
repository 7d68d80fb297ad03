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
import pickle
import stat
import sys
import zlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, BinaryIO

from lambdacalc.errors import LogError, worker_failed
from lambdacalc.gzip_worker import inflating
from lambdacalc.input_files import open_input
from lambdacalc.logs import IMPLAUSIBLE_VALUE, MALFORMED_REPORT, OVERLONG_LINE, LogAggregator
from lambdacalc.logs.longlines import Block, without_long_lines

if TYPE_CHECKING:
    import subprocess  # imported where a worker starts: the worker itself needs none

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 8192
BLOCK_BYTES = 1 << 17  # lines reach the parser a 128 KiB block at a time (cache-friendly)
MAX_LINE_BYTES = 1 << 16  # a REPORT record is well under 1 KiB; longer lines are dropped
# Plain files at least this big are parsed by two processes (starting the second costs
# ~50-100 ms of one core, while this one parses).
PARALLEL_MIN_BYTES = 32 << 20
# What this process parses while the worker starts (~0.1 s at ~150-250 MB/s): it takes
# half of this more than the worker, so that both finish together.
WORKER_START_BYTES = 16 << 20
# A log whose first this many bytes or lines hold no REPORT record is refused early.
NO_REPORT_BYTES = 64 << 20
NO_REPORT_LINES = 2_000_000


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
        from lambdacalc.input_files import claim_stdin

        claim_stdin("log", LogError)
        raw: BinaryIO = sys.stdin.buffer
        if not hasattr(raw, "peek"):  # e.g. a BytesIO under test runners
            raw = io.BufferedReader(raw)  # type: ignore[type-var]
        inp = LogInput("<stdin>", raw, None)
    else:
        fh = open_input(path, "log", LogError)
        inp = LogInput(path, fh, os.fstat(fh.fileno()).st_size)
    try:
        head = _peek(inp.raw, 2)
    except OSError as exc:
        inp.close()
        raise LogError(f"{inp.name}: cannot be read ({exc.strerror or exc})") from None
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
    for count, text, start, end, overlong in _blocks(stream, block_bytes, max_line_bytes):
        yield (text[start:end].split(b"\n") if count else []), overlong


def _blocks(
    stream: BinaryIO, block_bytes: int = BLOCK_BYTES, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[Block]:
    """`longlines.Block`s read: lines longer than max_line_bytes are dropped (memory stays
    bounded); the rest are counted, not split (the parser splits a block if it must)."""
    return without_long_lines(_read_blocks(stream, block_bytes, max_line_bytes), max_line_bytes)


def _read_blocks(stream: BinaryIO, block_bytes: int, max_line_bytes: int) -> Iterator[Block]:
    """_blocks as read, a long line dropped where it runs past a block's end. A `_Range`
    reads a cut-off last line again with the next block (no copy of every block)."""
    rest = b""
    skipping = False  # inside a line already known to be too long
    rewind = stream.rewind if isinstance(stream, _Range) else None  # (GzipFile.rewind: no)
    while chunk := stream.read(block_bytes):
        text = rest + chunk  # no copy when rest is empty
        last = text.rfind(b"\n")
        if last < 0:
            rest, count, start, end = text, 0, 0, 0
        else:
            rest, start, end = text[last + 1 :], 0, last
            if rewind is not None and 0 < len(rest) <= max_line_bytes and not skipping:
                rewind(len(rest))  # a suffix of the last read: read again, at its start
                rest = b""
            # every newline is at or before `last`; deleting them runs on memchr, several
            # times faster than bytes.count, which compares byte by byte
            count = len(text) - len(text.replace(b"\n", b""))
        overlong = 0
        if skipping and count:
            start = text.find(b"\n") + 1  # the end of the overlong line
            count -= 1
            skipping = False
            overlong = 1
        if len(rest) > max_line_bytes:
            rest = b""
            skipping = True
        yield count, text, start, end, overlong
    if skipping:
        yield 0, b"", 0, 0, 1
    elif rest:
        yield 1, rest, 0, len(rest), 0


class _Range:
    """A byte range of a file, read with pread: the worker process shares the file
    offset with this one, so neither may move it."""

    def __init__(self, fd: int, start: int, end: int) -> None:
        self.fd, self.pos, self.end = fd, start, end

    def read(self, n: int) -> bytes:
        n = min(n, self.end - self.pos)
        data = os.pread(self.fd, n, self.pos) if n > 0 else b""
        self.pos += len(data)
        return data

    def rewind(self, n: int) -> None:
        """Step back n bytes (n at most the last read): they are read again."""
        self.pos -= n


def _split_point(fd: int, size: int) -> int | None:
    """The offset just after the first newline at or past the point where both processes
    finish together (the middle, moved on by half of WORKER_START_BYTES but never past
    three quarters); None if none."""
    pos = min(size // 2 + WORKER_START_BYTES // 2, size * 3 // 4)
    while pos < size:
        chunk = os.pread(fd, BLOCK_BYTES, pos)
        if not chunk:
            return None
        nl = chunk.find(b"\n")
        if nl >= 0:
            return pos + nl + 1 if pos + nl + 1 < size else None
        pos += len(chunk)
    return None


def _reports_seen(agg: LogAggregator) -> int:
    """REPORT records read so far, usable or not."""
    return agg.report_lines + agg.skipped[MALFORMED_REPORT] + agg.skipped[IMPLAUSIBLE_VALUE]


def _feed(
    agg: LogAggregator,
    stream: BinaryIO | _Range,
    function: str | None,
    progress: Callable[[], None] | None,
    name: str = "<log>",
    watch: bool = True,
) -> None:
    """Feed a stream's lines to agg; give up (LogError) when its first NO_REPORT_BYTES or
    NO_REPORT_LINES hold no REPORT record at all: not a Lambda log, or a flood of empty
    lines (a small gzip can hold gigabytes of them)."""
    reports_before = _reports_seen(agg)
    watching, read_bytes, read_lines = watch, 0, 0
    for count, text, start, end, overlong in _blocks(stream):  # type: ignore[arg-type]
        if count:
            agg.feed_text_block(count, text, start, end, function)
        if overlong:
            agg.skip(OVERLONG_LINE, overlong)
        if progress is not None:
            progress()
        if watching:
            read_bytes += len(text)
            read_lines += count + overlong
            if _reports_seen(agg) > reports_before:
                watching = False
            elif read_bytes >= NO_REPORT_BYTES or read_lines >= NO_REPORT_LINES:
                raise LogError(
                    f"{name}: no REPORT record in its first {read_lines:,} lines "
                    f"({read_bytes / 1e6:,.0f} MB); give a Lambda function's log (REPORT "
                    "lines, as `aws logs tail` prints them)"
                )


def _parallel_split(inp: LogInput) -> tuple[int, int] | None:
    """(fd, split offset) when inp is worth reading in two processes, else None."""
    if (
        inp.compressed
        or inp.name == "<stdin>"
        or inp.size_bytes is None
        or inp.size_bytes < PARALLEL_MIN_BYTES
        or not hasattr(os, "pread")
    ):
        return None
    try:
        fd = inp.raw.fileno()
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        split = _split_point(fd, inp.size_bytes)
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    return None if split is None else (fd, split)


# The worker is a fresh interpreter, not a fork: forking a process that runs threads (rich's
# progress bar) can deadlock on a lock a thread held, and Python 3.12 warns of it. It gets
# the file as an inherited descriptor and its arguments, pickled, on stdin, and writes its
# pickled result to stdout. sys.path comes first, so it imports this same lambdacalc.
_WORKER_CODE = (
    "import pickle, sys; args = pickle.load(sys.stdin.buffer); sys.path[:] = args.pop('path'); "
    "from lambdacalc.logfiles import _worker; _worker(**args)"
)


def _parse_range(
    fd: int, start: int, end: int, name: str, function: str | None
) -> tuple[str, object]:
    """("ok", aggregator) for the lines of [start, end), or ("error", one-line message)."""
    try:
        agg = LogAggregator()
        _feed(agg, _Range(fd, start, end), function, None, name, watch=False)  # the 2nd half
        agg.summary()  # folds pending counts: a smaller state to send
        return "ok", agg
    except LogError as exc:
        return "error", str(exc)
    except OSError as exc:
        return "error", f"{name}: read failed ({exc})"
    except Exception as exc:  # reported as one line in the parent
        return "error", f"{name}: worker failed ({type(exc).__name__}: {exc})"


def _worker(fd: int, start: int, end: int, name: str, function: str | None) -> None:
    """The worker process's body: parse [start, end) and write the pickled result."""
    result = _parse_range(fd, start, end, name, function)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


def _start_worker(
    fd: int, start: int, end: int, name: str, function: str | None
) -> subprocess.Popen[bytes] | None:
    """A worker parsing [start, end) of fd; None when none can be started (then this
    process reads it all)."""
    if not sys.executable:
        return None
    import subprocess

    args = {"path": list(sys.path), "fd": fd, "start": start, "end": end, "name": name}
    args["function"] = function
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", _WORKER_CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(fd,),
        )
    except OSError:
        return None
    assert proc.stdin is not None
    try:
        proc.stdin.write(pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL))
        proc.stdin.close()
    except OSError:
        pass  # it died at once: its exit status says so below
    proc.stdin = None  # closed: communicate() must not touch it
    return proc


def _worker_result(proc: subprocess.Popen[bytes], name: str) -> LogAggregator:
    """The worker's aggregator, once it is done; its failure as a one-line LogError."""
    out, err = proc.communicate()
    try:
        kind, value = pickle.loads(out)
    except Exception:  # a worker that died sent nothing or half
        raise worker_failed(name, proc.returncode, err.decode("utf-8", "replace")) from None
    if kind != "ok":
        raise LogError(str(value))
    assert isinstance(value, LogAggregator)
    return value


def _read_parallel(
    agg: LogAggregator,
    inp: LogInput,
    fd: int,
    split: int,
    function: str | None,
    progress: Callable[[int], None] | None,
) -> None:
    """This process parses [0, split), a worker process [split, size); the worker's state
    is merged in. A worker's failure comes back as this process's one-line LogError."""
    size = inp.size_bytes or 0
    proc = _start_worker(fd, split, size, inp.name, function)
    if proc is None:
        split = size
    collected = False
    try:
        own = _Range(fd, 0, split)
        report = None
        if progress is not None:
            report = lambda: progress(own.pos * size // split)  # noqa: E731
        _feed(agg, own, function, report, inp.name)
        if proc is not None:
            worker = _worker_result(proc, inp.name)
            collected = True
            agg.merge(worker)
    finally:
        if proc is not None and not collected:
            proc.kill()
            proc.communicate()


def read_into(
    agg: LogAggregator,
    inp: LogInput,
    function: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Feed every line of inp to agg, a block at a time; progress(position) after each.
    A plain file of PARALLEL_MIN_BYTES or more is split in two at a line boundary and
    parsed by two processes at once; a big .gz is inflated by another (gzip_worker)."""
    try:
        parallel = _parallel_split(inp)
        if parallel is not None:
            _read_parallel(agg, inp, *parallel, function, progress)
            return
        report = None
        if progress is not None:
            report = lambda: progress(inp.position())  # noqa: E731
        _feed(agg, inflating(inp, BLOCK_BYTES), function, report, inp.name)
    except (OSError, EOFError, zlib.error) as exc:
        if inp.compressed:
            raise _gzip_error(inp.name, exc) from None
        raise LogError(f"{inp.name}: read failed ({exc})") from None
    finally:
        inp.close()
