"""Reading the user's input files: the one place that turns every way of failing to open,
size or decode a file into a one-line message naming it, for every command."""

import errno
import os
import sys
from typing import BinaryIO

from lambdacalc.errors import LambdacalcError


def open_input(path: str, what: str, error: type[LambdacalcError]) -> BinaryIO:
    """Open `path` for reading bytes, or raise `error` saying why not."""
    if not path.strip():
        raise error(f"the {what} file name is empty; give the path of a {what} file")
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise error(f"{path}: no such {what} file; check the path") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, not a {what} file") from None
    except PermissionError:
        raise error(f"{path}: permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(f"{path}: a symbolic link loop; point it at a real file") from None
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None


_stdin_reader: list[str] = []  # what standard input was read as, once per run


def claim_stdin(what: str, error: type[LambdacalcError]) -> None:
    """Standard input can be read once: `cost - --prices -` is a mistake to name."""
    if _stdin_reader and sys.stdin is not None:
        first = _stdin_reader[0]
        both = f"as two {what}s" if first == what else f"as the {first} and the {what}"
        raise error(f"standard input (-) is given twice, {both}; give a file for one of them")
    _stdin_reader.append(what)


def release_stdin() -> None:
    """Forget that standard input was read (for a new run in the same process: tests)."""
    _stdin_reader.clear()


def _read(fh: BinaryIO, size: int, display: str, error: type[LambdacalcError]) -> bytes:
    """Up to `size` bytes; a read that fails after the open (EIO, /proc/self/mem, a
    directory on some systems) is the same one-line error."""
    try:
        return fh.read(size)
    except OSError as exc:
        raise error(f"{display}: cannot be read ({exc.strerror or exc})") from None


def read_text(
    path: str, what: str, error: type[LambdacalcError], max_bytes: int
) -> tuple[str, str]:
    """(name for messages, text) of a UTF-8 file, or of standard input for `-`.

    Reads at most `max_bytes` + 1 bytes, so that a wrong, huge file fails at once; binary
    data and bytes that are not UTF-8 are refused with their line and column.
    """
    if path == "-":
        display = "<stdin>"
        claim_stdin(what, error)
        data = _read(sys.stdin.buffer, max_bytes + 1, display, error)
    else:
        display = path
        with open_input(path, what, error) as fh:
            data = _read(fh, max_bytes + 1, display, error)
    if len(data) > max_bytes:
        limit = f"{max_bytes // (1024 * 1024)} MB"
        raise error(f"{display}: larger than {limit}; is this the right {what} file?")
    if b"\x00" in data:
        raise error(f"{display}: binary data, not a {what} file")
    try:
        return display, data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)  # in bytes
        raise error(
            f"{display}:{line}:{column}: not UTF-8 text (byte 0x{data[exc.start]:02x} at "
            f"offset {exc.start}); save it as UTF-8"
        ) from None


def same_file_key(path: str) -> object:
    """What identifies the file `path` names, so that one file given twice (by two names,
    a hard link or a symlink) is recognised: its device and inode, or the text itself when
    it cannot be looked up (the open then reports why)."""
    if path == "-":
        return "-"
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return path
    return (st.st_dev, st.st_ino)
