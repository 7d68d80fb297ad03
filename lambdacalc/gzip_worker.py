"""Inflating a big .gz log in a worker process while this process parses it (the I/O edge
beside `lambdacalc.logfiles`).

zlib inflates about as fast as the parser reads, so one process doing both leaves the
second core idle, where `gzip -dc | awk` runs on two. A .gz file of INFLATE_MIN_BYTES or
more is inflated by a worker process (`lambdacalc.gzip_inflate`) that writes the
decompressed blocks to a pipe; this process parses them with the same code as ever. The
worker reads the file through an inherited descriptor that shares its offset with this
process, so the progress bar still shows how far through the file it is.

Errors stay those of one process: the worker reads with gzip.GzipFile in the same blocks
and sends the exception that stopped it (a truncated stream, a CRC error, a member that
is not gzip, a failed read) after its last whole block; `Inflated.read` raises it where
GzipFile would have. A worker that dies half-way sends no end mark: that is a one-line
LogError. When this process stops reading early (an error, Ctrl-C) it kills and reaps the
worker, which may be blocked on a full pipe. The worker runs in its own process group
(Ctrl-C is this process's to handle), and if this process dies, its next write fails and
it exits.
"""

from __future__ import annotations

import gzip
import os
import pickle
import stat
import sys
from typing import IO, TYPE_CHECKING, BinaryIO, Protocol

from lambdacalc.gzip_inflate import HEAD_BYTES

if TYPE_CHECKING:
    import subprocess

# Compressed bytes from which a worker pays (see docs/contributing.md): this process waits
# 20-40 ms for the worker's first block and both pay for the pipe, while inflating here
# costs ~3 ms per decompressed MB, ~30-50 ms per compressed MB of a typical log.
INFLATE_MIN_BYTES = 4 << 20
# The pipe's size (Linux's default limit for one) and this process's read buffer: it takes
# up to 1 MiB a system call, so the two processes wake each other less often.
_PIPE_BYTES = 1 << 20
# glibc's malloc settings for the worker (mallopt(3); other C libraries ignore them, and a
# user's own win): its 128 KiB blocks come from a heap that is not handed back after each,
# else every block is written to freshly faulted-in pages (a third of its CPU time).
_WORKER_MALLOC = {"MALLOC_MMAP_THRESHOLD_": str(4 << 20), "MALLOC_TRIM_THRESHOLD_": str(64 << 20)}
# A fresh interpreter (not a fork: rich's progress-bar thread may hold a lock). The file is
# its stdin; its arguments are the block size and this process's sys.path (so it imports
# this same lambdacalc).
_WORKER_CODE = (
    "import sys; sys.path[:] = sys.argv[2:]; "
    "from lambdacalc.gzip_inflate import inflate; inflate(int(sys.argv[1]))"
)


class _Log(Protocol):
    """What `inflating` needs of a `logfiles.LogInput`."""

    name: str
    raw: BinaryIO
    size_bytes: int | None
    compressed: bool
    stream: BinaryIO


def inflating(inp: _Log, block_bytes: int) -> BinaryIO:
    """The stream to parse inp from: for a big enough .gz file, the blocks a worker
    process inflates (inp.stream becomes that stream, closed with inp), else inp.stream."""
    if not _worth_a_worker(inp):
        return inp.stream
    # The worker reads the file from its start, at the offset it shares with this process.
    # Seeking to the end first drops this process's read-ahead buffer (seek(0) alone may
    # keep it), so that raw.tell() follows the worker from now on.
    inp.raw.seek(0, os.SEEK_END)
    inp.raw.seek(0)
    inp.stream.close()  # the GzipFile that sniffed the start; it leaves raw open
    worker = _start(inp.raw.fileno(), block_bytes, inp.name)
    if worker is None:  # this process inflates it all, from the start
        inp.stream = gzip.GzipFile(fileobj=inp.raw, mode="rb")  # type: ignore[assignment]
    else:
        inp.stream = worker  # type: ignore[assignment]
    return inp.stream


def _worth_a_worker(inp: _Log) -> bool:
    if (
        not inp.compressed
        or inp.name == "<stdin>"
        or inp.size_bytes is None
        or inp.size_bytes < INFLATE_MIN_BYTES
        or not sys.executable
        or os.name != "posix"
    ):
        return False
    try:
        return stat.S_ISREG(os.fstat(inp.raw.fileno()).st_mode)
    except (OSError, ValueError):
        return False


def _start(fd: int, block_bytes: int, name: str) -> Inflated | None:
    """A worker inflating fd (its stdin) to its stdout; None when none can be started."""
    import subprocess
    import tempfile

    errors = None
    try:
        # a file, not a pipe: the worker never waits on it; closed with the Inflated
        errors = tempfile.TemporaryFile()  # noqa: SIM115
        proc = subprocess.Popen(
            [sys.executable, "-c", _WORKER_CODE, str(block_bytes), *sys.path],
            stdin=fd,
            env={**_WORKER_MALLOC, **os.environ},
            stdout=subprocess.PIPE,
            bufsize=_PIPE_BYTES,
            stderr=errors,
            process_group=0,
        )
    except OSError:  # no process or file to spare: this process inflates the file
        if errors is not None:
            errors.close()
        return None
    try:
        return _inflated(proc, errors, name)
    except BaseException:  # Ctrl-C as it starts: no worker left behind
        proc.kill()
        proc.wait()
        errors.close()
        if proc.stdout is not None:
            proc.stdout.close()
        raise


def _inflated(proc: subprocess.Popen[bytes], errors: IO[bytes], name: str) -> Inflated:
    assert proc.stdout is not None
    try:
        import fcntl

        fcntl.fcntl(proc.stdout.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or over the user's pipe limit: the default size works too
    return Inflated(proc, errors, name)


class Inflated:
    """The decompressed blocks of a .gz file, as a worker process sends them."""

    def __init__(self, proc: subprocess.Popen[bytes], errors: IO[bytes], name: str) -> None:
        assert proc.stdout is not None
        self.proc, self.errors, self.name, self.out = proc, errors, name, proc.stdout
        self.done = False

    def read(self, n: int = -1) -> bytes:
        """The worker's next block (of the size it was started with, whatever n is); b""
        at the end; the worker's error raised as GzipFile raised it."""
        if self.done:
            return b""
        head = self.out.read(HEAD_BYTES)
        size = int.from_bytes(head, "big") if len(head) == HEAD_BYTES else -1
        if size > 0:
            block = self.out.read(size)
            if len(block) == size:
                return block
        elif size == 0:
            return self._end()
        raise self._died()

    def _end(self) -> bytes:
        try:
            kind, value = pickle.load(self.out)
        except Exception:
            raise self._died() from None
        self.done = True
        self.close()
        if kind == "error":
            raise value  # an OSError, EOFError or zlib.error, as in this process
        if kind != "ok":
            from lambdacalc.errors import LogError

            raise LogError(f"{self.name}: worker failed ({value})")
        return b""

    def _died(self) -> Exception:
        """A one-line LogError for a worker that ended without its end mark."""
        from lambdacalc.errors import worker_failed

        self.done = True
        self.proc.wait()  # its end of the pipe is closed: it has exited
        self.errors.seek(0)
        stderr = self.errors.read().decode("utf-8", "replace")
        self.close()
        return worker_failed(self.name, self.proc.returncode, stderr)

    def close(self) -> None:
        """Stop the worker unless it has finished (it may be blocked on a full pipe), and
        reap it: no zombie, no orphan."""
        if self.proc.returncode is None:
            if not self.done:
                self.proc.kill()
            self.proc.wait()
        self.out.close()
        self.errors.close()
