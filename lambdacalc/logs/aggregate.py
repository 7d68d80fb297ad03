"""`LogAggregator`: feeds lines in, keeps bounded per-function state, hands out a
`LogSummary`. A block of lines goes down the batch path (`batch.py`) when it can, else
line by line (`records.parse_line`); both give identical results."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from itertools import islice, repeat
from operator import add, getitem

from lambdacalc.logs.batch import BatchPath, PerLine, Row, line_start_rows
from lambdacalc.logs.group import LogBytes, _Group
from lambdacalc.logs.records import _REPORT_MARK, NOT_A_REPORT, _parse_line, parse_timestamp
from lambdacalc.logs.sketch import PERCENTILE_RELATIVE_ERROR
from lambdacalc.logs.summary import (
    MAX_WINDOW_S,
    MIN_WINDOW_S,
    LogSummary,
    _function_stats,
    display_names,
    window_between,
)

BATCH_LINES = 4096
_NL = b"\n"
_SLICE: Callable[[bytes, slice], bytes] = getitem  # type: ignore[assignment]  # text[a:b]
_BYTE_AT: Callable[[bytes, int], int] = getitem  # text[i]


def report_lines(
    text: bytes, start: int, end: int
) -> tuple[int, list[bytes], list[bytes] | None, list[Row] | None]:
    """(count, prefixes, pieces, rows) of the lines of text[start:end] that hold "REPORT
    RequestId:": how many, the text before it on each (b"" for a line that starts with
    it; no list at all when none has any), and, when the block was split to find them and
    no line holds it twice, the text after each up to the next (the batch path reads each
    REPORT line where its piece starts, not searching the block), else None. Found in C:
    when every REPORT line starts a line (no `aws logs tail` prefix) by one count and one
    search that also reads them (`rows`, for the batch path), else by one split and maps
    of slices."""
    first = text.find(_REPORT_MARK, start, end)
    if first < 0:
        return 0, [], None, None
    if first == start or text[first - 1] == 10:  # the first REPORT line has no prefix
        count = text.count(_REPORT_MARK, first, end)
        rows = line_start_rows(text, first, end)
        if len(rows) == count:  # each starts a line (and the batch pattern read it)
            return count, [], None, rows
    if start or text.find(_REPORT_MARK, end) >= 0:
        text = text[start:end]  # else what follows end is no concern: split as it is
    pieces = text.split(_REPORT_MARK)
    prefixes = _equal_prefixes(pieces)
    if prefixes is not None:
        del pieces[0]  # now each piece starts after a marker
        return len(prefixes), prefixes, pieces, None
    breaks = list(map(bytes.rfind, pieces[:-1], repeat(_NL)))  # the last before each marker
    line_starts = map(add, breaks, repeat(1))
    prefixes = list(map(_SLICE, pieces[:-1], map(slice, line_starts, repeat(None))))
    del pieces[0]  # now each piece starts after a marker
    if -1 in islice(breaks, 1, None):  # two markers on one line: the batch path searches
        return len(prefixes), prefixes, None, None
    return len(prefixes), prefixes, pieces, None


def _equal_prefixes(pieces: list[bytes]) -> list[bytes] | None:
    """The text before each marker on its line (pieces: a text split at the markers), when
    all but the first are as long as the first and each marker but the first starts a
    line of its own; else None. `aws logs tail` prefixes (timestamp, log stream) are all
    of one length: then one slice per marker, at that length from its piece's end, and
    one check of the bytes before and inside them replace a search for each line break."""
    head = pieces[0]
    first = head[head.rfind(_NL) + 1 :]
    inner = pieces[1:-1]  # the text between two markers: a prefix at its end
    width = len(first)
    if not width or not inner:
        return None
    try:
        breaks = list(map(_BYTE_AT, inner, repeat(-width - 1))).count(10)  # b"\n"[0]
    except IndexError:  # a piece shorter than a prefix
        return None
    if breaks != len(inner):
        return None
    prefixes = list(map(_SLICE, inner, repeat(slice(-width, None))))
    if _NL in b"".join(prefixes):
        return None
    prefixes.insert(0, first)
    return prefixes


class LogAggregator:
    """Feeds lines in, keeps bounded per-function state, hands out a LogSummary."""

    def __init__(self) -> None:
        self._groups: dict[tuple[str | None, int], _Group] = {}
        self._log_bytes: dict[str | None, LogBytes] = {}  # per function name given
        self._batch = BatchPath()
        self.skipped: Counter[str] = Counter()
        self.lines_read = 0
        self.report_lines = 0
        self.first_seen: datetime | None = None
        self.last_seen: datetime | None = None
        self.fast_path = True  # tests turn it off to compare both paths

    # public feeding API

    def feed(self, lines: Iterable[bytes], function: str | None = None) -> None:
        """Consume lines (bytes, with or without line endings) for one function or many."""
        it = iter(lines)
        while batch := list(islice(it, BATCH_LINES)):
            self.feed_batch(batch, function)

    def feed_text(self, lines: Iterable[str], function: str | None = None) -> None:
        self.feed((line.encode("utf-8", "surrogateescape") for line in lines), function)

    def skip(self, reason: str, lines: int = 1) -> None:
        """Count lines the reader dropped before parsing them."""
        self.lines_read += lines
        self.skipped[reason] += lines

    def feed_batch(self, batch: list[bytes], function: str | None = None) -> None:
        joined = b"\n".join(batch)
        self.feed_block(batch, joined, 0, len(joined), function)

    def feed_block(
        self, batch: list[bytes], text: bytes, start: int, end: int, function: str | None = None
    ) -> None:
        """feed_batch for a reader that holds the lines joined already: text[start:end]
        must be b"\\n".join(batch) (saves copying every block once more)."""
        self.feed_text_block(len(batch), text, start, end, function, batch)

    def feed_text_block(
        self,
        count: int,
        text: bytes,
        start: int,
        end: int,
        function: str | None = None,
        batch: list[bytes] | None = None,
    ) -> None:
        """`count` lines joined by newlines in text[start:end]; the batch path reads the
        text as it is, and only the per-line path splits it into lines."""
        self.lines_read += count
        marked, prefixes, pieces, rows = report_lines(text, start, end)
        if prefixes:
            self._window_from_reports(prefixes)
        # a reader's block holds count - 1 line breaks; lines given may carry their own
        breaks = count - 1 if batch is None else text.count(_NL, start, end)
        if text.find(b"\r", start, end) >= 0:  # CRLF line breaks: the CR is no message
            breaks += text.count(b"\r\n", start, end) + (text[end - 1 : end] == b"\r")
        self._bytes_of(function).add(end - start - breaks, count, sum(map(len, prefixes)), marked)
        if self.fast_path:
            try:
                records = self._batch.read(
                    text, start, end, function, self._group, marked, pieces, rows
                )
            except PerLine:
                pass
            else:
                self.report_lines += records
                self.skipped[NOT_A_REPORT] += count - records
                return
        if batch is None:
            batch = text[start:end].split(b"\n")
        self._slow_batch(batch, function)

    def merge(self, other: LogAggregator) -> None:
        """Add what other has read, exactly as if one aggregator had read both inputs
        (workers parse parts of a file in parallel; the parent merges their states)."""
        self._batch.fold_all(self._group)
        other._batch.fold_all(other._group)
        for key, group in other._groups.items():
            self._group(*key).merge(group)
        for function, log_bytes in other._log_bytes.items():
            self._bytes_of(function).merge(log_bytes)
        self.skipped.update(other.skipped)
        self.lines_read += other.lines_read
        self.report_lines += other.report_lines
        self._see(other.first_seen)
        self._see(other.last_seen)

    # window

    def _see(self, stamp: datetime | None) -> None:
        if stamp is None:
            return
        if self.first_seen is None or stamp < self.first_seen:
            self.first_seen = stamp
        if self.last_seen is None or stamp > self.last_seen:
            self.last_seen = stamp

    def _window_from_reports(self, prefixes: list[bytes]) -> None:
        """The earliest and latest leading timestamp of a block's REPORT lines (their
        `report_lines`): an application line's own date (1999, or 2024-99-99) never
        moves the window. Prefixes of one timestamp format and offset sort as text, so
        the smallest and largest hold the ends. Otherwise (no stamp, an unreadable date,
        mixed formats) each prefix's timestamp is read."""
        if not prefixes:
            return
        lo, hi = min(prefixes), max(prefixes)
        if not hi:
            return  # no REPORT line has a prefix
        lo_ts, hi_ts = parse_timestamp(lo), parse_timestamp(hi)
        if lo_ts is None or hi_ts is None:
            stamps = [
                stamp
                for prefix in prefixes
                if prefix[:1].isdigit() and (stamp := parse_timestamp(prefix)) is not None
            ]
            if not stamps:
                return
            lo_ts, hi_ts = min(stamps), max(stamps)
        self._see(lo_ts)
        self._see(hi_ts)

    # per-line path: handles everything

    def _group(self, function: str | None, memory_mb: int) -> _Group:
        key = (function, memory_mb)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group()
        return group

    def _bytes_of(self, function: str | None) -> LogBytes:
        log_bytes = self._log_bytes.get(function)
        if log_bytes is None:
            log_bytes = self._log_bytes[function] = LogBytes()
        return log_bytes

    def _slow_batch(self, batch: list[bytes], function: str | None) -> None:
        times: list[str] = []
        json_prefixes: list[int] = []
        for line in batch:
            kind, rec, time = _parse_line(line)
            if rec is None:
                self.skipped[kind] += 1
                continue
            self.report_lines += 1
            self._group(function, rec.memory_size_mb).add(rec)
            if _REPORT_MARK not in line:  # a JSON record: its prefix ends at the "{"
                json_prefixes.append(line.find(b"{"))
            if time is not None:
                times.append(time)
        if json_prefixes:
            self._bytes_of(function).add(0, 0, sum(json_prefixes), len(json_prefixes))
        if times:  # JSON `time` values share one format: as text, min and max are the ends
            self._see(parse_timestamp(min(times)))
            self._see(parse_timestamp(max(times)))

    # results

    def _log_bytes_per_request(self) -> dict[str | None, Decimal | None]:
        """Per function name given: its lines' message bytes / its invocations at every
        memory size (lines are not tied to a memory size: one function's figure)."""
        invocations: Counter[str | None] = Counter()
        for (function, _), group in self._groups.items():
            invocations[function] += group.invocations
        return {
            function: self._bytes_of(function).message_bytes() / count if count else None
            for function, count in invocations.items()
        }

    def summary(self, window_s: Decimal | None = None) -> LogSummary:
        """Per-function statistics; window_s overrides the window seen in timestamps."""
        self._batch.fold_all(self._group)
        window_source = "given"
        if window_s is None:
            window_s = window_between(self.first_seen, self.last_seen)
            window_source = "none" if window_s is None else "timestamps"
            if window_s is not None and not MIN_WINDOW_S <= window_s <= MAX_WINDOW_S:
                window_s, window_source = None, "out_of_bounds"  # no month from it
        names = display_names(self._groups)
        per_request = self._log_bytes_per_request()
        functions = [
            _function_stats(names[key], key[1], group, window_s, key[0], per_request[key[0]])
            for key, group in sorted(self._groups.items(), key=lambda kv: names[kv[0]])
        ]
        return LogSummary(
            functions=tuple(functions),
            lines_read=self.lines_read,
            report_lines=self.report_lines,
            skipped_lines={k: v for k, v in sorted(self.skipped.items()) if v},
            window_start=self.first_seen,
            window_end=self.last_seen,
            window_s=window_s,
            window_source=window_source,
            source="logs",
            percentile_relative_error=Decimal(0)
            if all(g.duration.exact is not None for g in self._groups.values())
            and all(g.init.exact is not None for g in self._groups.values())
            else PERCENTILE_RELATIVE_ERROR,
        )


def iter_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Re-split arbitrary byte chunks into lines (for callers that read blocks)."""
    rest = b""
    for chunk in chunks:
        if not chunk:
            continue
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        yield from lines
    if rest:
        yield rest


def analyze(
    lines: Iterable[bytes], function: str | None = None, window_s: Decimal | None = None
) -> LogSummary:
    """Convenience: aggregate one iterable of lines and summarise it."""
    agg = LogAggregator()
    agg.feed(lines, function)
    return agg.summary(window_s)
