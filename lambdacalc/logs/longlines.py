"""Lines over the length limit, dropped wherever they lie in the blocks a log reader
hands over (`lambdacalc.logfiles`): one enormous "line" must not reach the parser."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import repeat

# (count, text, start, end, overlong): text[start:end] holds `count` whole lines joined
# by newlines; `overlong` lines already dropped
Block = tuple[int, bytes, int, int, int]


def without_long_lines(blocks: Iterable[Block], max_line_bytes: int) -> Iterator[Block]:
    """Each block without its lines longer than max_line_bytes, counted as overlong.

    Such a line is at least 2w - 1 bytes long (w = max_line_bytes // 2 + 1), so it holds
    a whole window of w bytes counted from the block's start: a few newline searches, each
    stopping at its first newline, clear a block; a window without one sends the block
    to _dropping_long, which measures its lines."""
    width = max_line_bytes // 2 + 1
    for block in blocks:
        count, text, start, end, _ = block
        windows = range(start, end - width + 1, width)
        if count and -1 in map(
            text.find, repeat(b"\n"), windows, range(start + width, end + 1, width)
        ):
            block = _dropping_long(block, max_line_bytes)
        yield block


def _dropping_long(block: Block, max_line_bytes: int) -> Block:
    """The block without its lines longer than max_line_bytes (the rare path)."""
    _, text, start, end, overlong = block
    lines = text[start:end].split(b"\n")
    kept = [line for line in lines if len(line) <= max_line_bytes]
    if len(kept) == len(lines):
        return block
    joined = b"\n".join(kept)
    return len(kept), joined, 0, len(joined), overlong + len(lines) - len(kept)
