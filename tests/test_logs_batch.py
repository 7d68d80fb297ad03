"""The batch path (lambdacalc.logs.batch) against the per-line path, on logs as the file
reader hands them over: blocks of whole lines, with and without `aws logs tail` prefixes,
CRLF line breaks, a last line without its line break, X-Ray trace ids, cold starts, UTF-8
application lines, and the odd lines that must send a block down the per-line path (a
marker twice on one line, a REPORT line cut short, space-separated fields). Whatever the
batch path reads, the summary must be the one the per-line path gives.
"""

from __future__ import annotations

import gzip
import io
import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lambdacalc.logfiles import _blocks, open_log, read_into
from lambdacalc.logs import LogAggregator, LogSummary
from tests.gzip_support import GzipWays

_PREFIX = "2026-11-20T10:{m:02d}:{s:02d}.{ms:03d}000+00:00 2026/11/20/[$LATEST]9c8d7e6f "


def _report(rid: str, duration: float, billed: int, memory: int, used: int, sep: str) -> str:
    return sep.join(
        [
            f"REPORT RequestId: {rid}",
            f"Duration: {duration:.2f} ms",
            f"Billed Duration: {billed} ms",
            f"Memory Size: {memory} MB",
            f"Max Memory Used: {used} MB",
        ]
    )


_KINDS = ("warm", "warm", "warm", "xray", "cold", "app", "start", "twice", "hidden", "cut")
_KINDS += ("spaces", "bad", "no_id")


@st.composite
def log_line(draw: st.DrawFn) -> str:
    """One line of a function's log (no line break)."""
    kind = draw(st.sampled_from(_KINDS))
    second = draw(st.integers(0, 3599))
    prefix = draw(st.booleans()) * _PREFIX.format(m=second // 60, s=second % 60, ms=second % 7)
    rid = f"5f0e1d2c-{second:04d}"
    duration = draw(st.integers(1, 3_000)) / 100  # few distinct texts: counting pays
    memory = draw(st.sampled_from([128, 128, 128, 256]))
    used = draw(st.integers(40, 60))
    warm = _report(rid, duration, math.ceil(duration), memory, used, "\t")
    if kind == "warm":
        return prefix + warm + "\t"
    if kind == "xray":
        return prefix + warm + f"\tXRAY TraceId: 1-{second:08x}-abc\tSampled: true\t"
    if kind == "cold":
        init = draw(st.integers(100, 90_000)) / 100
        billed = math.ceil(duration + init)
        cold = _report(rid, duration, billed, memory, used, "\t")
        return prefix + cold + f"\tInit Duration: {init:.2f} ms\t"
    if kind == "app":
        return prefix + f"[INFO]\t2024-99-99T00:00:00.000Z\t{rid}\tcafé 日本 Duration: 5 ms"
    if kind == "start":
        return prefix + f"START RequestId: {rid} Version: $LATEST"
    if kind == "twice":  # a second marker on the line: never two records
        return prefix + warm + "\t" + warm
    if kind == "hidden":  # a marker inside a trace id: one warm record, per _REPORT_RX
        return prefix + warm + "\tXRAY TraceId: REPORT RequestId: x\t"
    if kind == "cut":
        return prefix + warm[: draw(st.integers(18, len(warm) - 1))]
    if kind == "spaces":
        return prefix + _report(rid, duration, math.ceil(duration), memory, used, "  ")
    if kind == "bad":
        return prefix + warm.replace("Billed Duration: ", "Billed Duration: -")
    return prefix + warm.replace(rid, "")  # "no_id": an empty request id


def _per_line(lines: list[bytes]) -> LogSummary:
    agg = LogAggregator()
    agg.fast_path = False
    agg.feed_batch(lines, function="f")
    return agg.summary()


def _as_read(data: bytes, block_bytes: int) -> LogSummary:
    """What the file reader does with data: blocks of whole lines to feed_text_block."""
    agg = LogAggregator()
    for count, text, start, end, overlong in _blocks(io.BytesIO(data), block_bytes):
        if count:
            agg.feed_text_block(count, text, start, end, "f")
        assert not overlong
    return agg.summary()


@settings(max_examples=80, deadline=None)
@given(
    st.lists(log_line(), max_size=120),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
    st.integers(64, 4096),
)
def test_blocks_as_read_agree_with_the_per_line_path(
    lines: list[str], newline: str, last_break: bool, block_bytes: int
) -> None:
    data = newline.join(lines).encode() + (newline.encode() if last_break and lines else b"")
    as_lines = data.split(b"\n")
    if as_lines[-1] == b"":
        as_lines.pop()  # the reader yields no line after a final line break
    assert _as_read(data, block_bytes) == _per_line(as_lines)


def test_each_odd_line_alone_is_read_as_the_per_line_path_reads_it() -> None:
    # One of each kind in a block of warm records, so the block must go the per-line way
    # (or be read alike): a marker twice on one line is one malformed line, not two
    # records; a marker hidden in a trace id leaves one warm record.
    warm = _report("a", 12.5, 13, 128, 50, "\t") + "\t"
    for odd, reports, skipped in (
        (warm + warm, 0, {"malformed_report": 1}),
        (warm + "XRAY TraceId: REPORT RequestId: x\t", 1, {}),
        (warm[:40], 0, {"malformed_report": 1}),
        (_report("a", 12.5, 13, 128, 50, "  "), 1, {}),
    ):
        data = "\n".join([warm, odd, warm, "START RequestId: a"]).encode()
        read = _as_read(data, 1 << 17)
        assert read == _per_line(data.split(b"\n"))
        assert read.report_lines == 2 + reports
        assert read.skipped_lines == {"not_a_report": 1, **skipped}


def test_gzip_and_plain_files_read_alike(tmp_path: Path, gzip_ways: GzipWays) -> None:
    # 3,000 invocations in `aws logs tail` form (~1 MB: several blocks, lines cut at their
    # ends), UTF-8 application lines among them
    lines = []
    for i in range(3000):
        prefix = _PREFIX.format(m=i // 60 % 60, s=i % 60, ms=i // 3600)
        lines.append(prefix + f"START RequestId: r{i} Version: $LATEST")
        lines.append(prefix + f"[INFO]\tcafé 日本 {i}")
        lines.append(prefix + _report(f"r{i}", 10 + i % 7 / 4, 11 + i % 7 // 4, 128, 50, "\t"))
    data = "\n".join(lines).encode() + b"\n"
    plain, packed = tmp_path / "a.log", tmp_path / "a.log.gz"
    plain.write_bytes(data)
    packed.write_bytes(gzip.compress(data))
    summaries = []
    for path in (plain, packed):
        agg = LogAggregator()
        read_into(agg, open_log(str(path)), "f")
        summaries.append(agg.summary())
    assert summaries[0] == summaries[1] == _per_line(data.split(b"\n")[:-1])
    assert summaries[0].report_lines == 3000
    assert summaries[0].skipped_lines == {"not_a_report": 6000}
    assert len(gzip_ways.started) == gzip_ways.worker


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), max_size=60),
    st.booleans(),
    st.integers(8, 64),
)
def test_a_file_range_read_with_rewinds_yields_the_same_lines(
    lines: list[bytes], last_break: bool, block_bytes: int
) -> None:
    # The two-process reader's _Range steps back over a cut-off last line instead of
    # copying it onto the next block; the lines must be those a plain stream yields.
    import os
    import tempfile

    from lambdacalc.logfiles import _Range

    data = b"\n".join(lines) + (b"\n" if last_break and lines else b"")

    def lines_of(blocks: object) -> list[bytes]:
        out: list[bytes] = []
        for count, text, start, end, overlong in blocks:  # type: ignore[attr-defined]
            assert not overlong
            if count:
                out += text[start:end].split(b"\n")
        return out

    with tempfile.TemporaryFile() as fh:
        fh.write(b"xx\n" + data)  # the range starts after a first line
        fh.flush()
        ranged = _Range(fh.fileno(), 3, 3 + len(data))
        got = lines_of(_blocks(ranged, block_bytes, max_line_bytes=64))
        assert os.lseek(fh.fileno(), 0, os.SEEK_CUR) == 3 + len(data)  # pread: never moved
    assert got == lines_of(_blocks(io.BytesIO(data), block_bytes, max_line_bytes=64))


@settings(max_examples=100, deadline=None)
@given(st.lists(log_line(), max_size=60), st.integers(0, 3))
def test_report_lines_finds_every_marker_and_the_prefix_before_it(
    lines: list[str], lead: int
) -> None:
    # Without prefixes one count and one search for markers after a line break read the
    # REPORT lines; any marker that does not start a line (a prefix, a marker inside
    # another's line) must still be found, with the text before it on its line.
    from lambdacalc.logs.aggregate import report_lines

    mark = b"REPORT RequestId:"
    data = "\n".join(lines).encode()
    text = b"x\n"[:lead] + data + b"\nREPORT"  # a block inside a longer text
    start, end = min(lead, 2), min(lead, 2) + len(data)
    count, prefixes, _, rows = report_lines(text, start, end)
    expected = [
        piece[piece.rfind(b"\n") + 1 :] for piece in data.split(mark)[:-1]
    ]  # the text between the last line break before each marker and the marker
    assert count == data.count(mark) == len(expected)
    if any(expected):
        assert prefixes == expected
        assert rows is None
    else:
        assert prefixes in ([], expected)
        assert rows is None or len(rows) == count


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(0, 40), max_size=40),
    st.booleans(),
    st.integers(8, 64),
    st.integers(1, 24),
)
def test_every_line_longer_than_the_limit_is_dropped_and_counted_once(
    lengths: list[int], last_break: bool, block_bytes: int, max_line_bytes: int
) -> None:
    # Whether a long line runs past a block's end or lies inside one, it is dropped: the
    # lines read are exactly those of at most max_line_bytes, the others counted once.
    lines = [bytes([97 + i % 26]) * n for i, n in enumerate(lengths)]
    data = b"\n".join(lines) + (b"\n" if last_break and lines else b"")
    got: list[bytes] = []
    overlong = 0
    for count, text, start, end, dropped in _blocks(io.BytesIO(data), block_bytes, max_line_bytes):
        overlong += dropped
        if count:
            got += text[start:end].split(b"\n")
    read = data.split(b"\n")
    if read[-1] == b"":
        read.pop()  # the reader yields no line after a final line break
    assert got == [line for line in read if len(line) <= max_line_bytes]
    assert overlong == sum(len(line) > max_line_bytes for line in read)


def test_report_lines_reads_equal_prefixes_by_their_length_and_checks_them() -> None:
    # `aws logs tail` prefixes are all of one length: they are sliced at that length from
    # each piece's end; any other layout goes the general way, with the same answer.
    from lambdacalc.logs.aggregate import report_lines

    mark = b"REPORT RequestId:"

    def expected(data: bytes) -> list[bytes]:
        return [piece[piece.rfind(b"\n") + 1 :] for piece in data.split(mark)[:-1]]

    same = b"p1 REPORT RequestId: a\nx\np2 REPORT RequestId: b\np3 REPORT RequestId: c"
    count, prefixes, pieces, _ = report_lines(same, 0, len(same))
    assert (count, prefixes) == (3, [b"p1 ", b"p2 ", b"p3 "])
    assert pieces == [b" a\nx\np2 ", b" b\np3 ", b" c"]
    for odd in (
        b"p1 REPORT RequestId: a\nlonger REPORT RequestId: b",  # another length
        b"p1 REPORT RequestId: a\nb\n REPORT RequestId: b",  # a line break inside it
        b"p1 REPORT RequestId: aREPORT RequestId: b",  # no line break: one line
        b"p1 REPORT RequestId:\nREPORT RequestId: b\np2 REPORT RequestId: c",  # too short
    ):
        count, prefixes, pieces, _ = report_lines(odd, 0, len(odd))
        assert (count, prefixes) == (len(expected(odd)), expected(odd))
        if b"aREPORT" in odd:
            assert pieces is None  # the batch path searches: a marker inside a line
