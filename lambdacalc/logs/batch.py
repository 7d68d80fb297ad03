"""The batch path (the fast path of `LogAggregator`, mirroring the per-line path of
`records.parse_line` + `Group.add`): a block of plain text REPORT lines of one memory
size with plausible values is read with one regex scan of the block's text, then a
C-level count of each record's raw field texts; since records repeat their numbers, each
distinct text is checked and converted once (a bounded number are held: memory stays
flat). Anything else raises `PerLine` before changing any state, and the caller reads the
block line by line. Both paths give identical results; the property tests in
tests/test_logs.py feed every input through both.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, islice, repeat
from operator import add, eq, gt, mul, ne

from lambdacalc.logs.group import _Group
from lambdacalc.logs.records import (
    _BILLED_SLACK_MS,
    _JSON_MARK,
    _REPORT_MARK,
    _TAIL,
    MAX_DURATION_MS,
    MAX_MEMORY_MB,
    MIN_MEMORY_MB,
    Record,
    plausible,
)

# The batch pattern: what follows "REPORT RequestId:" on a line `records._REPORT_RX`
# reads, captured so that repeated values collapse. Groups: "Duration … Billed Duration"
# (one key per distinct pair), "Memory Size … Max Memory Used" (one per distinct pair) and
# the rest of the line, which must fullmatch _TAIL_RX. A warm start's valid ending (blanks,
# an X-Ray trace id, a CR) is matched without capture, so its third group is empty: the
# common line costs no tail text and no check. It is stricter than _REPORT_RX (no signs,
# whole ms and MB, possessive: a line has one way to match), so what it reads _REPORT_RX
# reads alike. `(?:\t|[ \t]++)` matches what `[ \t]++` does, the tab Lambda writes first.
# `(?:XRAY TraceId:…|)` is `(?:XRAY TraceId:…)?` without a repeat (an allocation per line).
# A REPORT line it cannot read gives no match, and the batch goes down the per-line path.
_BLANKS = rb"(?:\t|[ \t]++)"
_FIELDS = (
    rb"[ \t]*+\S*+" + _BLANKS + rb"Duration: ([0-9.]++ ms" + _BLANKS + rb"Billed Duration: "
    rb"[0-9]++) ms" + _BLANKS + rb"Memory Size: ([0-9]++ MB" + _BLANKS + rb"Max Memory Used: "
    rb"[0-9]++) MB(?:[ \t]*+(?:XRAY TraceId:[^\n]*+|)\r?$|([^\n]*+))"
)
_LINE_RX = re.compile(_FIELDS, re.MULTILINE)  # at the start of a split piece (no search)
_BATCH_RX = re.compile(_REPORT_MARK + _FIELDS, re.MULTILINE)  # searched for in a block
_LINE_START_RX = re.compile(b"\n" + _REPORT_MARK + _FIELDS, re.MULTILINE)  # at a line's start
# match.groups(b""), mapped over matches already known not to be None
_GROUPS: Callable[[re.Match[bytes] | None, bytes], tuple[bytes, bytes, bytes]]
_GROUPS = re.Match.groups  # type: ignore[assignment]
_TAIL_RX = re.compile(_TAIL)
Row = tuple[bytes, bytes, bytes]

BATCH_LINES = 4096
PENDING_LIMIT = 1 << 16  # distinct keys a _Pending holds before it is folded in
_FOLD_CHUNK = 1 << 12
SPARSE_AFTER = 1 << 13  # warm starts after which a _Pending judges whether counting pays

_TIMING_WORDS = 5  # b"12.5 ms\tBilled Duration: 13"
_USED_WORDS = 6  # b"128 MB\tMax Memory Used: 70"


_ColdFields = tuple[bytes | None, bytes | None, bytes | None]
_WARM: _ColdFields = (None, None, None)


def _pairs(texts: Iterable[bytes], words: int) -> tuple[list[bytes], list[bytes]]:
    """The first and last number of each text of `words` words (one split for them all:
    the batch pattern admits no blank inside a number)."""
    tokens = b" ".join(texts).split()
    return tokens[::words], tokens[words - 1 :: words]


def _timing(texts: Iterable[bytes]) -> tuple[list[float], list[int]]:
    """(Duration, Billed Duration) of "Duration … Billed Duration" texts; ValueError if
    one is unreadable."""
    durations, billed = _pairs(texts, _TIMING_WORDS)
    return list(map(float, durations)), list(map(int, billed))


def _checked_warm(timing: Sequence[bytes]) -> tuple[list[float], list[int]] | None:
    """(durations, billed) of warm starts' "Duration … Billed Duration" texts if
    plausible() holds for every one (as columns), else None."""
    try:
        durations, billed = _timing(timing)
    except ValueError:
        return None
    if (
        min(durations) >= 0.0
        and max(durations) <= MAX_DURATION_MS
        and min(billed) >= 1
        and not any(map(gt, durations, map(add, billed, repeat(1))))
        and not any(map(gt, billed, map(add, durations, repeat(_BILLED_SLACK_MS))))
    ):
        return durations, billed
    return None


def _add_warm(
    group: _Group, durations: list[float], billed: list[int], counts: list[int] | None
) -> None:
    """Warm starts into a group: each (duration, billed) once, or counts[i] times."""
    if counts is None:
        total = len(durations)
        group.billed_ms += sum(billed)
        group.duration_us += sum(map(round, map(mul, durations, repeat(1000.0))))
        group.duration.add_many(durations)
        fits = sum(map(eq, billed, map(math.ceil, durations)))
    else:
        total = sum(counts)
        group.billed_ms += sum(map(mul, billed, counts))
        duration_us = map(round, map(mul, durations, repeat(1000.0)))
        group.duration_us += sum(map(mul, duration_us, counts))
        group.duration.add_counts(durations, counts)
        fits = sum(compress(counts, map(eq, billed, map(math.ceil, durations))))
    group.invocations += total
    if fits:
        group.rules["warm"] += fits
    if total - fits:
        group.rules["unexplained"] += total - fits


def _plausible_used(keys: list[bytes], memory_text: bytes, memory_mb: int) -> bool:
    """Each new "128 MB … 70" text is at this batch's memory size, with a plausible use."""
    memory, used_text = _pairs(keys, _USED_WORDS)
    if any(map(ne, memory, repeat(memory_text))):
        return False  # several memory sizes: the per-line path sorts them out
    try:
        used = list(map(int, used_text))
    except ValueError:
        return False
    return min(used) >= 0 and max(used) <= 2 * memory_mb


def _tail_fields(tail: bytes) -> _ColdFields | None:
    """What follows Max Memory Used: _WARM when no cold-start field, else (Init, Restore,
    Billed Restore) texts; None when it is not a valid REPORT ending."""
    match = _TAIL_RX.fullmatch(tail)
    if match is None:
        return None
    init, restore, billed_restore = match.groups()
    return init, restore, billed_restore


def _cold_record(timing: bytes, memory_mb: int, fields: _ColdFields | None) -> Record | None:
    """A cold start's Record (memory used left at 0: it is counted with the rest); None
    if a number is unreadable."""
    if fields is None:
        return None
    init, restore, billed_restore = fields
    try:
        return Record(
            float(timing.partition(b" ")[0]),
            int(timing.rpartition(b" ")[2]),
            memory_mb,
            0,
            float(init) if init else None,
            float(restore) if restore else None,
            int(billed_restore) if billed_restore else None,
        )
    except ValueError:
        return None


def _count_new(counter: Counter[bytes], items: Sequence[bytes]) -> list[bytes]:
    """Count items; return the keys that were not in counter before (dicts keep
    insertion order, so they are its last keys)."""
    before = len(counter)
    counter.update(items)
    return list(islice(reversed(counter), len(counter) - before))


def _uncount(counter: Counter[bytes], items: Sequence[bytes], new: list[bytes]) -> None:
    """Undo _count_new (the rare path: a batch that turned out to need the per-line path)."""
    counter.subtract(items)
    for key in new:
        del counter[key]


def line_start_rows(text: bytes, start: int, end: int) -> list[Row]:
    """The batch pattern's groups for each REPORT line of text[start:end] that starts a
    line (start must start one) and that it reads: one search, for the marker after a
    line break, finds only those, so that as many rows as markers in the text mean every
    marker starts a line and every such line was read."""
    rows: list[Row] = _LINE_START_RX.findall(text, start, end)
    if text.startswith(_REPORT_MARK, start, end):
        match = _LINE_RX.match(text, start + len(_REPORT_MARK), end)
        if match is not None:
            rows.insert(0, _GROUPS(match, b""))
    return rows


class _Pending:
    """Counts of distinct raw field texts for one (function, Memory Size text): records
    repeat their numbers, so a batch costs one C-level count per record, and each distinct
    value is checked once when first seen and turned into numbers once when folded in.
    Durations that hardly repeat (the first SPARSE_AFTER warm starts were mostly new
    texts) are read directly instead: counting them would cost without collapsing."""

    __slots__ = ("direct", "memory_mb", "new", "seen", "timing", "used")

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.direct = False
        self.seen = self.new = 0  # warm starts counted, and how many were new texts
        self.timing: Counter[bytes] = Counter()  # warm "12.5 ms\tBilled Duration: 13" → records
        self.used: Counter[bytes] = Counter()  # "128 MB\tMax Memory Used: 70" → records


class PerLine(Exception):
    """The batch path cannot read this block as it is: the per-line path must decide
    (JSON, a malformed or implausible record, mixed memory sizes). Nothing was changed."""


_Columns = tuple[list[float], list[int]]
GroupOf = Callable[[str | None, int], _Group]


def _count_batch(
    pending: _Pending, warm: Sequence[bytes], used: Sequence[bytes], memory_text: bytes
) -> _Columns | None:
    """Count a batch's warm "Duration … Billed Duration" and "Memory Size … Max Memory
    Used" texts into pending; returns the warm starts to add at once instead when
    pending reads durations directly. PerLine (counts undone) if a new text is not
    plausible."""
    new_warm: list[bytes] = []
    direct = None
    if pending.direct:
        if warm and (direct := _checked_warm(warm)) is None:
            raise PerLine
    else:
        new_warm = _count_new(pending.timing, warm)
        if new_warm and _checked_warm(new_warm) is None:
            _uncount(pending.timing, warm, new_warm)
            raise PerLine
    new_used = _count_new(pending.used, used)
    if new_used and not _plausible_used(new_used, memory_text, pending.memory_mb):
        _uncount(pending.used, used, new_used)
        if not pending.direct:
            _uncount(pending.timing, warm, new_warm)
        raise PerLine
    if not pending.direct and pending.seen < SPARSE_AFTER:
        pending.seen += len(warm)
        pending.new += len(new_warm)
        pending.direct = pending.seen >= SPARSE_AFTER and pending.new * 4 > pending.seen * 3
    return direct


class BatchPath:
    """The batch path's state: pending counts per (function, Memory Size text)."""

    __slots__ = ("_pending",)

    def __init__(self) -> None:
        self._pending: dict[tuple[str | None, bytes], _Pending] = {}

    def read(
        self,
        text: bytes,
        start: int,
        end: int,
        function: str | None,
        group_of: GroupOf,
        marked: int,
        pieces: list[bytes] | None = None,
        rows: list[Row] | None = None,
    ) -> int:
        """Count the REPORT records of text[start:end] as raw field texts; how many there
        were. `marked` is how many times "REPORT RequestId:" occurs there; `pieces`, when
        given, the text after each occurrence up to the next (`aggregate.report_lines`),
        read where it starts instead of searched for; `rows`, when given, the lines read
        already (`line_start_rows`). PerLine (nothing changed) when the per-line path
        must decide."""
        # Only a line with a double quote can be (or be a cut-off) JSON report.
        if text.find(b'"', start, end) >= 0 and text.find(_JSON_MARK, start, end) >= 0:
            raise PerLine
        if not marked:
            return 0
        if rows is not None:
            pass
        elif pieces is None:
            rows = _BATCH_RX.findall(text, start, end)
        else:
            matches = list(map(_LINE_RX.match, pieces))
            if None in matches:
                raise PerLine  # a REPORT line with a field missing or cut short
            rows = list(map(_GROUPS, matches, repeat(b"")))
        if len(rows) != marked:
            # a REPORT line unread, or a marker inside another's line: the search has
            # skipped one, so the per-line path must decide
            raise PerLine
        timing, used, tails = zip(*rows, strict=True)
        memory_text = used[0].partition(b" ")[0]
        pending = self._pending_for(function, memory_text)
        warm, cold = self._split_cold(timing, tails, pending.memory_mb)
        direct = _count_batch(pending, warm, used, memory_text)
        if cold or direct:
            group = group_of(function, pending.memory_mb)
            for record in cold:
                group.add_timing(record)
            if direct:
                _add_warm(group, *direct, None)
        if len(pending.timing) > PENDING_LIMIT:
            self._fold(function, memory_text, group_of)
        return len(rows)

    def _pending_for(self, function: str | None, memory_text: bytes) -> _Pending:
        pending = self._pending.get((function, memory_text))
        if pending is None:
            try:
                memory_mb = int(memory_text)
            except ValueError:
                raise PerLine from None
            if not MIN_MEMORY_MB <= memory_mb <= MAX_MEMORY_MB:
                raise PerLine
            pending = self._pending[(function, memory_text)] = _Pending(memory_mb)
        return pending

    def _split_cold(
        self, timing: Sequence[bytes], tails: Sequence[bytes], memory_mb: int
    ) -> tuple[Sequence[bytes], list[Record]]:
        """(warm starts' timing texts, cold starts' records, memory used left at 0)."""
        cold_at: list[int] = []
        cold: list[Record] = []
        # the few lines with a tail text (_BATCH_RX: a warm start's valid ending has none)
        for at in compress(range(len(tails)), tails):
            fields = _tail_fields(tails[at])
            if fields is None:
                raise PerLine  # a line that goes on after the fields in a way it may not
            if fields != _WARM:
                record = _cold_record(timing[at], memory_mb, fields)
                if record is None or not plausible(record):
                    raise PerLine
                cold_at.append(at)
                cold.append(record)
        if not cold_at:
            return timing, []
        warm = list(timing)
        for at in reversed(cold_at):
            del warm[at]
        return warm, cold

    def _fold(self, function: str | None, memory_text: bytes, group_of: GroupOf) -> None:
        """Turn one _Pending's counts into its group's numbers, and empty it."""
        pending = self._pending.pop((function, memory_text))
        if not pending.used:  # every record counted has a memory used
            return  # only ever held a batch that went the per-line way
        group = group_of(function, pending.memory_mb)
        texts, counts = iter(pending.timing), iter(pending.timing.values())
        while chunk := list(islice(texts, _FOLD_CHUNK)):  # bounds the parse's temporaries
            durations, billed = _timing(chunk)
            _add_warm(group, durations, billed, list(islice(counts, len(chunk))))
        _, used = _pairs(pending.used, _USED_WORDS)
        for used_mb, count in zip(map(int, used), pending.used.values(), strict=True):
            group.memory_used_mb[used_mb] += count

    def fold_all(self, group_of: GroupOf) -> None:
        """Fold every pending count into its group (before a summary or a merge)."""
        for function, memory_text in list(self._pending):
            self._fold(function, memory_text, group_of)
