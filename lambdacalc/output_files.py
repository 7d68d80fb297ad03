"""Writing the files a command was asked to create (--svg, --html, --emit-scenario,
`prices import -o`): the one place for the rules that keep the user's files safe.

- Every output is checked before any is written: an empty name, a directory, a missing
  directory, a device or other non-regular file, a dangling symbolic link, an existing file
  without --force, and any input of the same command (even with --force) are refused.
- Each file is written to a temporary file beside it and renamed over the target, all
  temporary files first: a full disk or a file-size limit leaves the old files whole and no
  partial new one. A new file gets the permissions the umask allows (as the shell's `>`
  does); a replaced file keeps its own.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from lambdacalc.errors import InputError
from lambdacalc.input_files import same_file_key


def check_outputs(
    outputs: Sequence[tuple[str, Path | None]], force: bool, inputs: Iterable[str | Path | None]
) -> None:
    """Refuse, before anything is written, every output that must not be written.
    `outputs` pairs each option's name (for messages) with its path."""
    input_keys = {
        same_file_key(str(p)) for p in inputs if p is not None and str(p) not in ("", "-")
    }
    seen: dict[object, str] = {}
    for flag, path in outputs:
        if path is None:
            continue
        key = check_output(flag, path, force, input_keys)
        if key in seen:
            raise InputError(f"{flag} {path}: also given to {seen[key]}; give each its own file")
        seen[key] = flag


def check_output(flag: str, path: Path, force: bool, input_keys: set[object]) -> object:
    text = str(path)
    if not text.strip():
        raise InputError(f"{flag} is empty; give a file name, or leave {flag} out")
    try:
        link = os.lstat(text)
    except FileNotFoundError:
        link = None
    except OSError as exc:
        raise InputError(f"{flag} {text}: cannot be used ({exc.strerror})") from None
    if link is not None:
        try:
            st = os.stat(text)
        except OSError:
            raise InputError(
                f"{flag} {text}: a symbolic link to a missing or unreachable file; remove "
                "the link or give another name"
            ) from None
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{flag} {text}: is a directory; give a file name")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(
                f"{flag} {text}: is not a regular file (a device, pipe or socket); give a file name"
            )
        key: object = (st.st_dev, st.st_ino)
        if key in input_keys:
            raise InputError(
                f"{flag} {text}: is an input of this command; it is never overwritten, "
                "not even with --force; give another name"
            )
        if not force:
            raise InputError(f"{flag} {text}: already exists; pass --force to overwrite it")
        return key
    parent = os.path.dirname(text) or "."
    if not os.path.isdir(parent):
        raise InputError(f"{flag} {text}: the directory {parent} does not exist; create it first")
    return os.path.abspath(text)


def write_outputs(files: Sequence[tuple[Path, str]]) -> None:
    """Write every (path, text) whole or not at all; call check_outputs first."""
    staged: list[tuple[str, str]] = []
    try:
        for path, text in files:
            target = os.path.realpath(path)  # --force onto a symlink writes its file
            staged.append((_stage(path, target, text), target))
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as exc:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write {path} ({exc.strerror or exc})") from None


def _stage(path: Path, target: str, text: str) -> str:
    import tempfile  # only when a file is written (it imports random: ~1 ms of start-up)

    directory = os.path.dirname(target) or "."
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp
