"""lambdacalc.logs: REPORT parsing, aggregation and the percentile sketch.

Fixtures in tests/fixtures/logs/ are hand-written lines in AWS's documented formats; each
test works the expected aggregates out by hand in comments.
"""

from __future__ import annotations

import math
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambdacalc.logs import (
    EXACT_PERCENTILES_UP_TO,
    IMPLAUSIBLE_VALUE,
    MALFORMED_REPORT,
    NOT_A_REPORT,
    LogAggregator,
    LogHistogram,
    LogSummary,
    Record,
    analyze,
    billing_rule,
    iter_lines,
    nearest_rank,
    parse_line,
    parse_timestamp,
)

FIXTURES = Path(__file__).parent / "fixtures" / "logs"


def read(name: str) -> list[bytes]:
    return (FIXTURES / name).read_bytes().splitlines(keepends=True)


def within(value: Decimal, exact: str, rel: str = "0.01") -> bool:
    target = Decimal(exact)
    return abs(value - target) <= target * Decimal(rel) + Decimal("0.005")


# --- fixtures worked by hand --------------------------------------------------------------


def test_tail_text_fixture() -> None:
    # `aws logs tail --format detailed` output of one 128 MB function, 22 lines:
    # 7 full REPORT lines, 1 cut off ("Max Memo"), 1 negative Duration, 1 with
    # Max Memory Used 90000 MB on a 128 MB function, 12 other lines.
    s = analyze(read("tail-text.log"), function="orders")
    assert s.lines_read == 22
    assert s.report_lines == 7
    assert s.skipped_lines == {IMPLAUSIBLE_VALUE: 2, MALFORMED_REPORT: 1, NOT_A_REPORT: 12}
    (f,) = s.functions
    assert (f.name, f.memory_size_mb, f.invocations) == ("orders", 128, 7)
    # durations sorted: 1.0, 3.10, 15.74, 26.73, 40.00, 101.00, 276.42
    # nearest rank of 7: p50 → 4th = 26.73; p90, p95, p99 → 7th = 276.42
    assert within(f.duration.p50_ms, "26.73")
    assert f.duration.p90_ms == f.duration.p95_ms == f.duration.p99_ms == Decimal("276.42")
    assert f.duration.max_ms == Decimal("276.42")
    # billed 689 + 27 + 16 + 101 + 4 + 1 + 40 = 878 ms; × 128/1024 GB = 0.10975 GB-s
    assert f.billed_duration_ms == 878
    assert f.billed_gb_s == Decimal("0.10975")
    # one cold start of seven; its INIT is billed: ceil(276.42 + 412.11) = 689
    assert (f.init_count, f.restore_count) == (1, 0)
    assert f.cold_start_percent.quantize(Decimal("0.01")) == Decimal("14.29")
    assert f.init_p50_ms == f.init_p95_ms == Decimal("412.11")
    assert f.billing_rules == {"init_billed": 1, "warm": 6}
    # memory used 71 72 73 74 75 76 80 → p99 = 7th = 80
    assert (f.max_memory_used_p99_mb, f.max_memory_used_max_mb) == (80, 80)
    # the window runs from the first REPORT line (10:00:00.689; INIT_START, START and the
    # application lines before it do not count) to the last (11:00:00): 3599.311 s; 7 in
    # it is 7 × 2,628,000 s a month ÷ 3599.311 s = 5110.978… a month
    assert s.window_s == Decimal("3599.311")
    assert s.window_source == "timestamps"
    assert f.requests_per_month is not None
    assert f.requests_per_month.quantize(Decimal("0.001")) == Decimal("5110.978")


def test_json_fixture() -> None:
    # 15 lines of JSON log format: 4 platform.report events (3 at 256 MB, 1 SnapStart at
    # 512 MB), one cut off, one without billedDurationMs, one with billedDurationMs -3;
    # the rest are other events and a pretty-printed application log over 4 lines.
    s = analyze(read("json-format.log"))
    assert s.report_lines == 4
    assert s.skipped_lines == {IMPLAUSIBLE_VALUE: 1, MALFORMED_REPORT: 2, NOT_A_REPORT: 8}
    f256, f512 = s.functions
    assert (f256.name, f256.invocations) == ("256MB", 3)
    # 1698 + 1073 + 81 = 2852 ms × 0.25 GB = 0.713 GB-s
    assert f256.billed_gb_s == Decimal("0.713")
    # ceil(1233.96 + 463.512) = 1698: INIT billed; the two warm ones are ceil(duration)
    assert f256.billing_rules == {"init_billed": 1, "warm": 2}
    assert f256.duration.max_ms == Decimal("1233.96")
    assert within(f256.duration.p50_ms, "1072.145")  # 2nd of 80.5, 1072.145, 1233.96
    assert f256.init_p50_ms == Decimal("463.51")
    assert (f256.max_memory_used_p99_mb, f256.max_memory_used_max_mb) == (125, 125)
    # SnapStart: 201 = ceil(147.156) + 53, so Billed Duration already holds the restore:
    # 0.201 s × 0.5 GB = 0.1005 GB-s (adding the 53 ms again would give 0.127)
    assert f512.billed_gb_s == Decimal("0.1005")
    assert f512.billing_rules == {"snapstart_restore": 1}
    assert (f512.restore_count, f512.cold_start_percent) == (1, Decimal(100))
    # report times 07:30:29.470 … 07:50:00.000 (bare JSON lines carry no line prefix)
    assert s.window_s == Decimal("1170.53")


def test_snapstart_and_synthetic_lines_without_timestamps() -> None:
    s = analyze(read("snapstart.log"))
    assert s.skipped_lines == {NOT_A_REPORT: 2}  # INIT_REPORT, RESTORE_START
    by_name = {f.name: f for f in s.functions}
    assert list(by_name) == ["1024MB", "2048MB", "3009MB"]
    # 1024 MB: 278 (real SnapStart) + 500 + 500 (hand-made test lines that fit no rule)
    f = by_name["1024MB"]
    assert f.billed_gb_s == Decimal("1.278")
    assert f.billing_rules == {"snapstart_restore": 1, "unexplained": 2}
    assert (f.init_count, f.restore_count, f.cold_start_percent) == (1, 2, Decimal(100))
    # 2048 MB: 154 ms already holds the 26 ms billed restore → 0.154 × 2 = 0.308 GB-s
    assert by_name["2048MB"].billed_gb_s == Decimal("0.308")
    # 3009 MB: (610 + 2521) ms = 3.131 s × 3009/1024 GB = 9421.179/1024 = 9.2003701171875
    assert by_name["3009MB"].billed_gb_s == Decimal("9.2003701171875")
    assert by_name["3009MB"].billing_rules == {"snapstart_restore": 2}
    # no timestamps: no window, no monthly rate unless one is given
    assert s.window_source == "none"
    assert by_name["2048MB"].requests_per_month is None
    given_week = analyze(read("snapstart.log"), window_s=Decimal(7 * 86400))
    # 2 requests a week → 2 × 2,628,000 / 604,800 a month
    assert given_week.window_source == "given"
    assert given_week.functions[2].requests_per_month == Decimal(2 * 2628000) / 604800


# --- single lines ---------------------------------------------------------------------------

L3 = (
    b"REPORT RequestId: 479fb51c-1e38-11e7-99ca-67bf163608ed\tDuration: 1.0 ms\t"
    b"Billed Duration: 1 ms \tMemory Size: 128 MB\tMax Memory Used: 15 MB"
)


@pytest.mark.parametrize(
    ("line", "kind", "record"),
    [
        (L3, "report", Record(1.0, 1, 128, 15)),
        (
            b"REPORT RequestId: 0e5c8424\tDuration: 159.87 ms\tBilled Duration: 278 ms\t"
            b"Memory Size: 1024 MB\tMax Memory Used: 88 MB\tRestore Duration: 562.43 ms\t"
            b"Billed Restore Duration: 118 ms\r\n",
            "report",
            Record(159.87, 278, 1024, 88, None, 562.43, 118),
        ),
        # cut inside Init Duration: must not pass for a warm start
        (
            b"REPORT RequestId: a\tDuration: 2.00 ms\tBilled Duration: 3 ms\t"
            b"Memory Size: 128 MB\tMax Memory Used: 20 MB\tInit Duration: 15",
            MALFORMED_REPORT,
            None,
        ),
        (b"REPORT RequestId: a\tDuration: 2.00 ms\tBilled Duration: 3 ms", MALFORMED_REPORT, None),
        (
            b"REPORT RequestId: a\tDuration: 1.2.3 ms\tBilled Duration: 3 ms\t"
            b"Memory Size: 128 MB\tMax Memory Used: 20 MB",
            MALFORMED_REPORT,
            None,
        ),
        # billed far below duration, memory outside Lambda's limits
        (
            b"REPORT RequestId: a\tDuration: 500.00 ms\tBilled Duration: 5 ms\t"
            b"Memory Size: 128 MB\tMax Memory Used: 20 MB",
            IMPLAUSIBLE_VALUE,
            None,
        ),
        (
            b"REPORT RequestId: a\tDuration: 5.00 ms\tBilled Duration: 5 ms\t"
            b"Memory Size: 64 MB\tMax Memory Used: 20 MB",
            IMPLAUSIBLE_VALUE,
            None,
        ),
        (
            b'{"type":"platform.report","record":{"metrics":{"durationMs":NaN,'
            b'"billedDurationMs":1,"memorySizeMB":128,"maxMemoryUsedMB":1}}}',
            IMPLAUSIBLE_VALUE,
            None,
        ),
        (
            b'{"type":"platform.report","record":{"metrics":{"durationMs":true,'
            b'"billedDurationMs":1,"memorySizeMB":128,"maxMemoryUsedMB":1}}}',
            MALFORMED_REPORT,
            None,
        ),
        # JSON log format behind the prefix `aws logs tail` prints
        (
            b"2026-10-08T07:31:29.470000+00:00 2026/10/08/[$LATEST]0f1e2d3c "
            b'{"time":"2026-10-08T07:31:29.470Z","type":"platform.report","record":{'
            b'"metrics":{"durationMs":1072.145,"billedDurationMs":1073,"memorySizeMB":256,'
            b'"maxMemoryUsedMB":125}}}\n',
            "report",
            Record(1072.145, 1073, 256, 125),
        ),
        # an application's JSON log that only mentions the word
        (b'{"level":"INFO","message":"saw platform.report"}', NOT_A_REPORT, None),
        (b"END RequestId: 479fb51c-1e38-11e7-99ca-67bf163608ed", NOT_A_REPORT, None),
        (b"\x00\xff\xfe binary", NOT_A_REPORT, None),
        (b"", NOT_A_REPORT, None),
    ],
)
def test_parse_line(line: bytes, kind: str, record: Record | None) -> None:
    assert parse_line(line) == (kind, record)


@pytest.mark.parametrize(
    ("record", "rule"),
    [
        (Record(26.73, 27, 128, 75), "warm"),
        (Record(1233.96, 1698, 256, 123, 463.512), "init_billed"),  # J3, after 2025-08
        (Record(329.177, 330, 1792, 125, 503.083), "init_not_billed"),  # J4, before
        (Record(306.34, 610, 3009, 155, None, 511.25, 303), "snapstart_restore"),  # L7
        (Record(469.40, 500, 1024, 21, 100.99), "unexplained"),  # L1, hand-made
    ],
)
def test_billing_rule(record: Record, rule: str) -> None:
    assert billing_rule(record) == rule


def test_timestamps() -> None:
    utc = parse_timestamp("2026-11-20T10:00:00.123000+00:00")
    assert utc is not None
    assert parse_timestamp("2026-11-20T10:00:00.123Z") == utc
    assert parse_timestamp("2026-11-20 10:00:00.123") == utc  # Insights
    assert parse_timestamp(b"2026-11-20T12:00:00.123+02:00") == utc
    assert parse_timestamp("REPORT") is None
    assert parse_timestamp("2026-13-40T10:00:00") is None


def test_text_input_crlf_and_chunks_agree() -> None:
    raw = (FIXTURES / "tail-text.log").read_bytes()
    expected = analyze(raw.splitlines())
    agg = LogAggregator()
    agg.feed_text(raw.decode().replace("\n", "\r\n").splitlines(keepends=True))
    assert agg.summary() == expected
    chunks = [raw[i : i + 37] for i in range(0, len(raw), 37)]
    assert analyze(iter_lines(chunks)) == expected


def test_files_are_summed_per_function_across_feeds() -> None:
    agg = LogAggregator()
    agg.feed(read("tail-text.log"), function="orders")
    agg.feed(read("tail-text.log"), function="orders")
    agg.feed(read("json-format.log"), function="orders")
    names = [f.name for f in agg.summary().functions]
    assert names == ["orders@128MB", "orders@256MB", "orders@512MB"]
    assert agg.summary().functions[0].invocations == 14


# --- properties --------------------------------------------------------------------------

durations = st.floats(min_value=0.001, max_value=900_000, allow_nan=False)


@given(st.lists(durations, min_size=1, max_size=400), st.sampled_from([0.5, 0.9, 0.95, 0.99]))
def test_sketch_quantile_within_stated_error(values: list[float], q: float) -> None:
    h = LogHistogram()
    h.add_many(values)
    exact = nearest_rank(values, q)
    assert h.quantile_ms(q) == exact  # a small sample: the exact order statistic
    h.exact = None  # as past EXACT_PERCENTILES_UP_TO values: the sketch alone
    assert abs(h.quantile_ms(q) - exact) <= 0.01 * exact * (1 + 1e-9)
    assert h.quantile_ms(1.0) == max(values)


def test_five_records_report_their_exact_median() -> None:
    # Durations 100.00, 101.50, 102.25, 110.00, 250.75: the median (nearest rank ⌈0.5 × 5⌉
    # = 3rd) is 102.25 ms. The sketch alone says 102.52 (its bucket's representative value).
    durations = [250.75, 100.0, 102.25, 110.0, 101.5]
    lines = [
        _text_line(Record(d, math.ceil(d), 128, 70, None), i, "\t") for i, d in enumerate(durations)
    ]
    (f,) = analyze(lines).functions
    assert f.duration.p50_ms == Decimal("102.25")
    assert f.duration.p90_ms == Decimal("250.75")  # ⌈0.9 × 5⌉ = 5th
    h = LogHistogram()
    h.add_many(durations)
    h.exact = None
    assert round(h.quantile_ms(0.5), 2) == 102.52


def test_the_exact_values_are_let_go_past_the_limit() -> None:
    h = LogHistogram()
    h.add_counts([5.0, 7.0], [EXACT_PERCENTILES_UP_TO, 1])
    assert h.exact is None and h.n == EXACT_PERCENTILES_UP_TO + 1
    small, other = LogHistogram(), LogHistogram()
    small.add_many([1.0, 2.0])
    other.add_many([3.0] * EXACT_PERCENTILES_UP_TO)
    small.merge(other)
    assert small.exact is None
    merged = LogHistogram()
    merged.add(4.0)
    merged.merge(LogHistogram())
    merged.add_counts([1.0, 9.0], [2, 1])
    assert merged.exact is not None and sorted(merged.exact) == [1.0, 1.0, 4.0, 9.0]


@given(st.lists(durations, min_size=1, max_size=200))
def test_sketch_add_and_add_many_agree(values: list[float]) -> None:
    one, many = LogHistogram(), LogHistogram()
    for v in values:
        one.add(v)
    many.add_many(values)
    assert (one.counts, one.n, one.min_ms, one.max_ms) == (
        many.counts,
        many.n,
        many.min_ms,
        many.max_ms,
    )


@given(st.lists(st.tuples(durations, st.integers(1, 5)), min_size=1, max_size=100))
def test_sketch_add_counts_is_add_many_of_the_repeated_values(
    pairs: list[tuple[float, int]],
) -> None:
    values, counts = [v for v, _ in pairs], [n for _, n in pairs]
    counted, many = LogHistogram(), LogHistogram()
    counted.add_counts(values, counts)
    many.add_many([v for v, n in pairs for _ in range(n)])
    assert (counted.counts, counted.n, counted.min_ms, counted.max_ms) == (
        many.counts,
        many.n,
        many.min_ms,
        many.max_ms,
    )
    assert counted.exact == many.exact


def test_sketch_memory_is_bounded() -> None:
    h = LogHistogram()
    h.add_many([0.0001 * 1.0007**i for i in range(40_000)])  # spans 1e-4 … 1.4e8 ms
    assert len(h.counts) < 1_500


def _text_line(rec: Record, stamp: int, sep: str) -> bytes:
    fields = [
        f"REPORT RequestId: {stamp:08x}",
        f"Duration: {rec.duration_ms:.2f} ms",
        f"Billed Duration: {rec.billed_duration_ms} ms",
        f"Memory Size: {rec.memory_size_mb} MB",
        f"Max Memory Used: {rec.max_memory_used_mb} MB",
    ]
    if rec.init_duration_ms is not None:
        fields.append(f"Init Duration: {rec.init_duration_ms:.2f} ms")
    prefix = f"2026-11-20T10:{stamp // 60 % 60:02d}:{stamp % 60:02d}.000000+00:00 s "
    return (prefix + sep.join(fields) + "\t\n").encode()


@st.composite
def report_lines(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["warm", "warm", "warm", "cold", "other", "cut", "bad", "json"]))
    stamp = draw(st.integers(0, 3599))
    duration = draw(st.integers(0, 90_000)) / 100
    memory = draw(st.sampled_from([128, 128, 128, 512]))
    used = draw(st.integers(1, memory))
    sep = draw(st.sampled_from(["\t", " ", "  ", " \t"]))
    billed = math.ceil(duration)
    if kind == "other":
        return f"2026-11-20T10:00:{stamp % 60:02d}.000000+00:00 s START RequestId: x\n".encode()
    if kind == "cold":
        init = draw(st.integers(1, 100_000)) / 100
        rec = Record(duration, math.ceil(duration + init), memory, used, init)
        return _text_line(rec, stamp, sep)
    if kind == "json":
        return (
            f'{{"time":"2026-11-20T11:00:{stamp % 60:02d}.000Z","type":"platform.report",'
            f'"record":{{"metrics":{{"durationMs":{duration},"billedDurationMs":{billed},'
            f'"memorySizeMB":{memory},"maxMemoryUsedMB":{used}}}}}}}\n'
        ).encode()
    line = _text_line(Record(duration, billed, memory, used), stamp, sep)
    if kind == "cut":
        return line[: draw(st.integers(20, len(line) - 8))] + b"\n"
    if kind == "bad":
        return line.replace(b"Billed Duration: ", b"Billed Duration: -")
    return line


@settings(max_examples=60)
@given(st.lists(report_lines(), max_size=300), st.integers(1, 50))
def test_fast_and_per_line_paths_agree(lines: list[bytes], batch: int) -> None:
    fast = LogAggregator()
    fast.feed(lines, function="f")
    slow = LogAggregator()
    slow.fast_path = False
    for i in range(0, len(lines), batch):
        slow.feed_batch(lines[i : i + batch], function="f")
    assert fast.summary() == slow.summary()
    s = fast.summary()
    assert s.lines_read == len(lines) == s.report_lines + s.skipped_total


@settings(max_examples=60)
@given(st.lists(report_lines(), max_size=200))
def test_billed_gb_s_is_the_exact_sum_of_printed_billed_durations(lines: list[bytes]) -> None:
    s: LogSummary = analyze(lines)
    expected: dict[int, Decimal] = {}
    for line in lines:
        _, rec = parse_line(line)
        if rec is not None:
            gb_s = Decimal(rec.billed_duration_ms) / 1000 * rec.memory_size_mb / 1024
            expected[rec.memory_size_mb] = expected.get(rec.memory_size_mb, Decimal(0)) + gb_s
    assert {f.memory_size_mb: f.billed_gb_s for f in s.functions} == expected


@settings(max_examples=40)
@given(st.lists(report_lines(), max_size=300), st.lists(st.integers(0, 300), max_size=5))
def test_how_lines_are_split_between_feeds_does_not_matter(
    lines: list[bytes], cuts: list[int]
) -> None:
    whole = LogAggregator()
    whole.feed(lines)
    parts = LogAggregator()
    bounds = [0, *sorted(c % (len(lines) + 1) for c in cuts), len(lines)]
    for lo, hi in pairwise(bounds):
        parts.feed(lines[lo:hi])
    assert parts.summary() == whole.summary()


def test_zero_billed_duration_is_implausible() -> None:
    line = (
        b"REPORT RequestId: a\tDuration: 0.40 ms\tBilled Duration: 0 ms\t"
        b"Memory Size: 128 MB\tMax Memory Used: 20 MB"
    )
    assert parse_line(line) == (IMPLAUSIBLE_VALUE, None)


_USED_TOO_MUCH = (
    b"REPORT RequestId: u\tDuration: 1.00 ms\tBilled Duration: 1 ms\t"
    b"Memory Size: 128 MB\tMax Memory Used: 300 MB\n"
)


@settings(max_examples=40)
@given(
    st.lists(st.one_of(report_lines(), st.just(_USED_TOO_MUCH)), max_size=300),
    st.integers(0, 3),
    st.integers(1, 4),
    st.integers(1, 20),
)
def test_batch_path_agrees_when_it_folds_early_or_reads_directly(
    lines: list[bytes], sparse_after: int, pending_limit: int, batch: int
) -> None:
    # Small limits reach the paths a long log takes: pending counts folded in mid-way,
    # and durations that hardly repeat read directly instead of counted.
    import lambdacalc.logs.batch as logs

    saved = logs.SPARSE_AFTER, logs.PENDING_LIMIT
    logs.SPARSE_AFTER, logs.PENDING_LIMIT = sparse_after, pending_limit
    try:
        fast = LogAggregator()
        for i in range(0, len(lines), batch):
            fast.feed_batch(lines[i : i + batch], function="f")
        fast_summary = fast.summary()
    finally:
        logs.SPARSE_AFTER, logs.PENDING_LIMIT = saved
    slow = LogAggregator()
    slow.fast_path = False
    slow.feed(lines, function="f")
    assert fast_summary == slow.summary()


@settings(max_examples=60)
@given(st.lists(report_lines(), max_size=300), st.integers(0, 300), st.booleans())
def test_merging_two_parts_equals_reading_the_whole(
    lines: list[bytes], cut: int, function: bool
) -> None:
    # What the two-process reader relies on: a file split at a line boundary, each part
    # aggregated on its own and then merged, summarises exactly like the whole file.
    name = "f" if function else None
    cut %= len(lines) + 1
    whole = LogAggregator()
    whole.feed(lines, name)
    first, second = LogAggregator(), LogAggregator()
    first.feed(lines[:cut], name)
    second.feed(lines[cut:], name)
    first.merge(second)
    assert first.summary() == whole.summary()


def test_a_single_instant_is_no_window() -> None:
    # one record, and three stamped alike: 0 s between first and last → no rate at all
    line = (
        b"2024-05-01T10:00:00.000Z REPORT RequestId: a\tDuration: 4.50 ms\t"
        b"Billed Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB"
    )
    for lines in ([line], [line] * 3):
        s = analyze(lines)
        assert s.window_s is None and s.window_source == "none"
        assert s.window_start is not None and s.window_start == s.window_end
        assert s.functions[0].requests_per_month is None
    # given, the window is used
    assert analyze([line], window_s=Decimal(3600)).functions[0].requests_per_month == 730


# --- log bytes per request (issue 17) ---------------------------------------------------------

# log-bytes.log: two invocations in `aws logs tail` form; every line's prefix is
# "2026-11-20T10:0x:00.x00000+00:00 " (33 bytes) + "2026/11/20/[$LATEST]" + 32 hex + " "
# (11 + 9 + 32 + 1 = 53 bytes) = 86 bytes. The messages after it:
#   START RequestId: r1 Version: $LATEST     6 + 11 + 3 + 9 + 7      =  36
#   hello                                                            =   5
#   END RequestId: r1                        4 + 11 + 2              =  17
#   REPORT RequestId: r1\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\t
#   Max Memory Used: 50 MB\t                 21 + 19 + 23 + 20 + 23  = 106
#   START r2 36, END r2 17, REPORT r2 106 (same widths)              = 159
# Σ = 36 + 5 + 17 + 106 + 159 = 323 bytes over 2 invocations = 161.5 bytes per request.
LOG_BYTES_PER_REQUEST = Decimal("161.5")
TAIL_PREFIX_BYTES = 86


def test_log_bytes_per_request_counts_every_message_without_the_tail_prefix() -> None:
    lines = read("log-bytes.log")
    assert analyze(lines).functions[0].log_bytes_per_request == LOG_BYTES_PER_REQUEST
    # The same events as CloudWatch holds them (no prefix), and with CRLF line breaks.
    bare = [line.rstrip(b"\n")[TAIL_PREFIX_BYTES:] for line in lines]
    assert analyze(bare).functions[0].log_bytes_per_request == LOG_BYTES_PER_REQUEST
    crlf = [line.rstrip(b"\n") + b"\r\n" for line in bare]
    assert analyze(crlf).functions[0].log_bytes_per_request == LOG_BYTES_PER_REQUEST


def test_log_bytes_are_per_function_name_and_pooled_over_its_memory_sizes() -> None:
    agg = LogAggregator()
    agg.feed(read("log-bytes.log"), function="orders")
    at_256 = [
        line.replace(b"Memory Size: 128 MB", b"Memory Size: 256 MB")
        for line in read("log-bytes.log")
    ]
    agg.feed(at_256, function="orders")  # same widths: 323 bytes, 2 invocations at 256 MB
    agg.feed(read("tail-text.log"), function="other")
    by_name = {f.name: f.log_bytes_per_request for f in agg.summary().functions}
    # Lines are not tied to a memory size: (323 + 323) bytes / (2 + 2) invocations at both.
    assert by_name["orders@128MB"] == by_name["orders@256MB"] == LOG_BYTES_PER_REQUEST
    assert by_name["other"] == analyze(read("tail-text.log")).functions[0].log_bytes_per_request


def test_log_bytes_of_json_records_leave_out_their_prefix() -> None:
    # A platform.report record after an `aws logs tail` prefix: the prefix ends at the "{".
    record = (
        b'{"time":"2026-11-20T10:00:00.000Z","type":"platform.report","record":{"requestId":'
        b'"r1","metrics":{"durationMs":10.0,"billedDurationMs":10,"memorySizeMB":128,'
        b'"maxMemoryUsedMB":50}}}'
    )
    prefix = b"2026-11-20T10:00:00.000000+00:00 2026/11/20/[$LATEST]0123 "
    app = b"hello"
    summary = analyze([prefix + app, prefix + record])
    # (len(app) + len(record)) bytes over 1 invocation: the prefix is left out of both lines
    assert summary.functions[0].log_bytes_per_request == len(app) + len(record)
