"""The body of the process that inflates a big .gz log for `lambdacalc.gzip_worker`.

It runs in a fresh interpreter, so it imports no more than gzip itself needs (its start
is time the parsing process waits for its first block). Its stdin is the .gz file, its
stdout a pipe to the parsing process. It reads with gzip.GzipFile in the blocks the
parser asks for and writes each as its length (HEAD_BYTES, big-endian) and its bytes;
then a length of 0 and its status, pickled: ("ok", None), ("error", the exception that
stopped GzipFile) or ("failed", a one-line description of anything else). An exception
ends the stream after the last whole block, where GzipFile in one process would raise it.
"""

from __future__ import annotations

import gzip
import os
import zlib

HEAD_BYTES = 4
_DETAIL_CHARS = 300  # of an unexpected failure's description


def inflate(block_bytes: int) -> None:
    """Inflate stdin to stdout in framed blocks, then send the status (see above)."""
    status: tuple[str, object] = ("ok", None)
    try:
        with gzip.GzipFile(fileobj=open(0, "rb", buffering=0, closefd=False), mode="rb") as src:
            while block := src.read(block_bytes):
                _send(len(block).to_bytes(HEAD_BYTES, "big"), block)
    except BrokenPipeError:
        return  # the reader is gone: nobody waits for the status
    except (OSError, EOFError, zlib.error) as exc:
        status = ("error", exc)
    except Exception as exc:
        status = ("failed", f"{type(exc).__name__}: {exc}"[:_DETAIL_CHARS])
    import pickle  # only now: not on the way to the first block

    try:
        _send(bytes(HEAD_BYTES), pickle.dumps(status, protocol=pickle.HIGHEST_PROTOCOL))
    except BrokenPipeError:
        return


def _send(head: bytes, data: bytes, fd: int = 1) -> None:
    """head and data to fd: one system call, unless a signal cuts the write short."""
    sent = os.writev(fd, (head, data))
    if sent < len(head) + len(data):
        view = memoryview(head + data)[sent:]
        while view:
            view = view[os.write(fd, view) :]
