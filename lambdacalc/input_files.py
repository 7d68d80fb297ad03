"""Reading the user's input files: the one place that turns every way of failing to open,
size or decode a file into a one-line message naming it, for every command."""

import sys
from typing import BinaryIO

from lambdacalc.errors import LambdacalcError


def open_input(path: str, what: str, error: type[LambdacalcError]) -> BinaryIO:
    """Open `path` for reading bytes, or raise `error` saying why not."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise error(f"{path}: no such {what} file; check the path") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, not a {what} file") from None
    except PermissionError:
        raise error(f"{path}: permission denied") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from None


def read_text(
    path: str, what: str, error: type[LambdacalcError], max_bytes: int
) -> tuple[str, str]:
    """(name for messages, text) of a UTF-8 file, or of standard input for `-`.

    Reads at most `max_bytes` + 1 bytes, so that a wrong, huge file fails at once; binary
    data and bytes that are not UTF-8 are refused with their line and column.
    """
    if path == "-":
        display, data = "<stdin>", sys.stdin.buffer.read(max_bytes + 1)
    else:
        display = path
        with open_input(path, what, error) as fh:
            data = fh.read(max_bytes + 1)
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
