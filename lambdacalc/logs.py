"""Measured workloads from Lambda's platform REPORT records (text and JSON log formats).

Pure core: it is handed lines (bytes) and returns numbers; it opens no files and prints
nothing. The CLI reads files (gzip, stdin) and renders.

Per function (a name given by the caller, else the configured memory size) it computes:

- invocations, duration p50/p90/p95/p99 and max: exact nearest-rank order statistics for
  up to ``EXACT_PERCENTILES_UP_TO`` values; above that, from a log-bucket histogram whose
  percentiles are within ``PERCENTILE_RELATIVE_ERROR`` (1 %) of the exact value; the max
  is always exact. Memory is bounded: at most ~1,100 buckets per histogram.
- billed GB-s = Σ ``Billed Duration`` [ms] / 1000 × ``Memory Size`` [MB] / 1024, using
  Billed Duration exactly as Lambda printed it. It already contains billed INIT time (custom
  runtimes, container images, managed runtimes from 2025-08-01) and ``Billed Restore
  Duration`` (SnapStart); neither is ever added again. Each record is tallied under the
  rule its numbers fit (``BILLING_RULES``), so a reader can see which rule applied.
- cold starts (records carrying ``Init Duration`` or ``Restore Duration``), INIT p50/p95;
- max memory used p99 and max (exact: memory is a small integer), against the memory size;
- the window covered, from the leading timestamps of lines (``aws logs tail`` output,
  S3 exports) and the ``time`` of JSON records, or as given; hence requests per month.

Lines that are not report records are counted under ``skipped_lines``; report records that
are truncated, miss a field, or carry negative or impossible values are skipped and
counted under their own reason, so a total is never silently wrong.

Speed: lines are processed in batches. A batch of plain text REPORT lines with one memory
size and plausible values takes the batch path: one regex scan of the batch's text, then
a C-level count of each record's raw field texts; since records repeat their numbers, each
distinct text is checked and converted once (a bounded number are held: memory stays
flat). Anything else takes the per-line path. Both give identical results (property tests
check it).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import chain, compress, islice, repeat
from operator import add, eq, gt, itemgetter, methodcaller, mul, ne, not_

from lambdacalc.limits import MAX_LOG_WINDOW_DAYS, MIN_LOG_WINDOW_S
from lambdacalc.units import MB_PER_GB, MS_PER_S, S_PER_MONTH

# The window a month is extrapolated from, inferred or given (--window): 1 s to 20 years.
MIN_WINDOW_S = Decimal(MIN_LOG_WINDOW_S)
MAX_WINDOW_S = Decimal(MAX_LOG_WINDOW_DAYS * 86400)

# --- percentile sketch ---------------------------------------------------------------

PERCENTILE_RELATIVE_ERROR = Decimal("0.01")
EXACT_PERCENTILES_UP_TO = 1000  # values a histogram also keeps, for exact small samples
_ALPHA = float(PERCENTILE_RELATIVE_ERROR)
_GAMMA = (1 + _ALPHA) / (1 - _ALPHA)
_INV_LOG_GAMMA = 1 / math.log(_GAMMA)
_SKETCH_FLOOR_MS = 0.001  # values below 1 µs share the lowest bucket


def _bucket(value_ms: float) -> int:
    return math.floor(math.log(max(value_ms, _SKETCH_FLOOR_MS)) * _INV_LOG_GAMMA)


def _buckets(values_ms: Iterable[float]) -> Iterator[int]:
    """_bucket of each value, in C-level maps."""
    floored = map(max, values_ms, repeat(_SKETCH_FLOOR_MS))
    return map(math.floor, map(mul, map(math.log, floored), repeat(_INV_LOG_GAMMA)))


class LogHistogram:
    """Log-bucket histogram (DDSketch-style) of positive values in ms.

    Bucket i holds values in [γ^i, γ^(i+1)), γ = (1+α)/(1-α); its representative value
    2γ^(i+1)/(γ+1) is within α of every value in it. Quantiles use the nearest rank
    (the ⌈q·n⌉-th smallest value) and are clamped to the exact min and max.

    Up to EXACT_PERCENTILES_UP_TO values it also keeps the values themselves (`exact`), and
    its quantiles are then the exact order statistics: a sketch is for large samples, and
    five records with a median of 102.25 ms have a p50 of 102.25 ms, not a bucket's value.
    """

    __slots__ = ("counts", "exact", "max_ms", "min_ms", "n")

    def __init__(self) -> None:
        self.counts: Counter[int] = Counter()
        self.n = 0
        self.min_ms = math.inf
        self.max_ms = -math.inf
        self.exact: list[float] | None = []

    def _keep(self, values_ms: Iterable[float]) -> None:
        """Keep the values while n (already counted) is small; forget them past that."""
        if self.exact is None:
            return
        if self.n > EXACT_PERCENTILES_UP_TO:
            self.exact = None
        else:
            self.exact.extend(values_ms)

    def add(self, value_ms: float) -> None:
        self.counts[_bucket(value_ms)] += 1
        self.n += 1
        self.min_ms = min(self.min_ms, value_ms)
        self.max_ms = max(self.max_ms, value_ms)
        if self.exact is not None:  # inline: this runs once a record on the per-line path
            if self.n > EXACT_PERCENTILES_UP_TO:
                self.exact = None
            else:
                self.exact.append(value_ms)

    def add_many(self, values_ms: list[float]) -> None:
        if not values_ms:
            return
        self.counts.update(_buckets(values_ms))
        self.n += len(values_ms)
        self.min_ms = min(self.min_ms, min(values_ms))
        self.max_ms = max(self.max_ms, max(values_ms))
        self._keep(values_ms)

    def add_counts(self, values_ms: list[float], counts: list[int]) -> None:
        """Add each value counts[i] times (distinct values seen many times)."""
        if not values_ms:
            return
        self.counts.update(chain.from_iterable(map(repeat, _buckets(values_ms), counts)))
        self.n += sum(counts)
        self.min_ms = min(self.min_ms, min(values_ms))
        self.max_ms = max(self.max_ms, max(values_ms))
        self._keep(chain.from_iterable(map(repeat, values_ms, counts)))

    def merge(self, other: LogHistogram) -> None:
        """Add other's values (bucket counts add, so the merge is exact)."""
        self.counts.update(other.counts)
        self.n += other.n
        self.min_ms = min(self.min_ms, other.min_ms)
        self.max_ms = max(self.max_ms, other.max_ms)
        if other.exact is None:
            self.exact = None
        else:
            self._keep(other.exact)

    def quantile_ms(self, q: float) -> float:
        """Nearest-rank q-quantile (0 < q ≤ 1): exact while the values are kept, else within
        α of the exact value."""
        if self.n == 0:
            raise ValueError("quantile of an empty histogram")
        if q >= 1:
            return self.max_ms
        if self.exact is not None:
            return nearest_rank(self.exact, q)
        rank = max(1, math.ceil(q * self.n))
        seen = 0
        for index in sorted(self.counts):
            seen += self.counts[index]
            if seen >= rank:
                estimate = 2 * _GAMMA ** (index + 1) / (_GAMMA + 1)
                return min(max(estimate, self.min_ms), self.max_ms)
        return self.max_ms  # pragma: no cover - counts always sum to n


def nearest_rank(values: list[float], q: float) -> float:
    """Exact nearest-rank quantile of a list (for tests and small inputs)."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


# --- records ---------------------------------------------------------------------------

# Reasons a line is skipped, as reported under skipped_lines.
NOT_A_REPORT = "not_a_report"
MALFORMED_REPORT = "malformed_report"  # truncated, a field missing or unreadable
IMPLAUSIBLE_VALUE = "implausible_value"  # negative, out of Lambda's limits, inconsistent
OVERLONG_LINE = "overlong_line"  # dropped by the reader before parsing (not a REPORT record)

# Which billing rule a record's Billed Duration fits.
BILLING_RULES: dict[str, str] = {
    "warm": "Billed Duration = ceil(Duration)",
    "init_billed": (
        "Billed Duration = ceil(Duration + Init Duration): INIT billed (managed runtimes "
        "from 2025-08-01, custom runtimes, container images)"
    ),
    "init_not_billed": (
        "Billed Duration = ceil(Duration): INIT not billed (managed runtimes before 2025-08-01)"
    ),
    "snapstart_restore": (
        "Billed Duration = ceil(Duration) + Billed Restore Duration: restore already included"
    ),
    "unexplained": "Billed Duration fits none of the rules above; used as printed",
}

# Limits beyond which a value cannot come from Lambda (garbage, not a measurement).
MAX_DURATION_MS = 901_000.0  # 15-minute timeout, plus slack
MIN_MEMORY_MB = 128
MAX_MEMORY_MB = 10_240
_BILLED_SLACK_MS = 101.0  # allows pre-2020 100 ms rounding

_NUM = rb"(-?[0-9.]+)"  # Lambda prints plain decimals; "1e3" is malformed
# The request id (possibly empty) and the blanks around it, matched possessively: the
# equivalent `[ \t]*\S*[ \t]+` backtracks quadratically on a long run of blanks.
_HEAD = rb"REPORT RequestId:(?:(?:[ \t]*+\S++[ \t]++|[ \t]++)Duration: "
# What may follow Max Memory Used; the trailing anchor stops a line cut inside
# "Init Duration: 15" from reading as a warm start.
_TAIL = (
    rb"(?:[ \t]+Init Duration: "
    + _NUM
    + rb" ms)?(?:[ \t]+Restore Duration: "
    + _NUM
    + rb" ms)?(?:[ \t]+Billed Restore Duration: "
    + _NUM
    + rb" ms)?[ \t]*(?:XRAY TraceId:[^\n]*)?\r?"
)
# The per-line pattern. The optional block after "REPORT RequestId:" fails (all groups
# None/empty) when a field is missing or the line was cut short.
_REPORT_RX = re.compile(
    rb"(?m)"
    + _HEAD
    + _NUM
    + rb" ms[ \t]+Billed Duration: "
    + _NUM
    + rb" ms[ \t]+Memory Size: "
    + _NUM
    + rb" MB[ \t]+Max Memory Used: "
    + _NUM
    + rb" MB"
    + _TAIL
    + rb"$)?"
)
# The batch pattern: the same text, captured so that repeated values collapse. Groups:
# "Duration … Billed Duration" (one key per distinct pair), "Memory Size … Max Memory
# Used" (one per distinct pair) and the rest of the line, which must fullmatch _TAIL_RX.
# It is stricter than _REPORT_RX (no signs, whole ms and MB, possessive: a line has one
# way to match), so what it reads _REPORT_RX reads alike; a REPORT line it cannot read
# yields empty groups and sends the batch down the per-line path.
_BATCH_RX = re.compile(
    rb"REPORT RequestId:(?:[ \t]*+\S*+[ \t]++Duration: ([0-9.]++ ms[ \t]++Billed Duration: "
    rb"[0-9]++) ms[ \t]++Memory Size: ([0-9]++ MB[ \t]++Max Memory Used: [0-9]++) MB"
    rb"([^\n]*+))?"
)
_TAIL_RX = re.compile(_TAIL)
_REPORT_MARK = b"REPORT RequestId:"
_JSON_MARK = b"platform.report"
_JSON_TYPE_RX = re.compile(rb'"type"\s*:\s*"platform\.report"')

_RPARTITION_NL = methodcaller("rpartition", b"\n")
_LAST_LINE = itemgetter(2)

_TS_RX = re.compile(
    rb"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?"
)
_TS_TEXT_RX = re.compile(_TS_RX.pattern.decode())


@dataclass(frozen=True)
class Record:
    """One report record's numbers, as printed (ms, MB)."""

    duration_ms: float
    billed_duration_ms: int
    memory_size_mb: int
    max_memory_used_mb: int
    init_duration_ms: float | None = None
    restore_duration_ms: float | None = None
    billed_restore_duration_ms: int | None = None


def _to_us(value_ms: float) -> int:
    return round(value_ms * 1000)


def _ceil_ms_from_us(value_us: int) -> int:
    return -(-value_us // 1000)


def plausible(r: Record) -> bool:
    """Whether a record's values could come from Lambda (NaN and negatives fail)."""
    init = r.init_duration_ms if r.init_duration_ms is not None else 0.0
    restore = r.restore_duration_ms if r.restore_duration_ms is not None else 0.0
    billed_restore = r.billed_restore_duration_ms or 0
    return (
        0.0 <= r.duration_ms <= MAX_DURATION_MS
        and 0.0 <= init <= MAX_DURATION_MS
        and 0.0 <= restore <= MAX_DURATION_MS
        and 0 <= billed_restore <= restore + 1
        and r.billed_duration_ms >= 1  # Lambda bills at least 1 ms
        and MIN_MEMORY_MB <= r.memory_size_mb <= MAX_MEMORY_MB
        and 0 <= r.max_memory_used_mb <= 2 * r.memory_size_mb
        and r.duration_ms <= r.billed_duration_ms + 1
        and r.billed_duration_ms <= r.duration_ms + init + billed_restore + _BILLED_SLACK_MS
    )


def billing_rule(r: Record) -> str:
    """The key of BILLING_RULES that this record's Billed Duration fits."""
    ceil_duration = math.ceil(r.duration_ms)
    billed = r.billed_duration_ms
    if r.billed_restore_duration_ms is not None or r.restore_duration_ms is not None:
        if billed == ceil_duration + (r.billed_restore_duration_ms or 0):
            return "snapstart_restore"
        return "unexplained"
    if r.init_duration_ms is not None:
        if billed == _ceil_ms_from_us(_to_us(r.duration_ms) + _to_us(r.init_duration_ms)):
            return "init_billed"
        if billed == ceil_duration:
            return "init_not_billed"
        return "unexplained"
    return "warm" if billed == ceil_duration else "unexplained"


def _parse_text(match: re.Match[bytes]) -> Record | None:
    """Record from a full _REPORT_RX match; None if a number is unreadable."""
    dur, billed, mem, used, init, restore, billed_restore = match.groups()
    if dur is None:
        return None
    try:
        return Record(
            float(dur),
            int(billed),
            int(mem),
            int(used),
            float(init) if init else None,
            float(restore) if restore else None,
            int(billed_restore) if billed_restore else None,
        )
    except ValueError:
        return None


_DECODE_JSON = json.JSONDecoder().decode
_REQUIRED_METRICS = ("durationMs", "billedDurationMs", "memorySizeMB", "maxMemoryUsedMB")


def _whole(value: float) -> int:
    """A JSON number that must be a whole number (ms, MB); ValueError otherwise."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    raise ValueError(value)


def _real(value: float | None) -> float | None:
    """A JSON number as float (bool and strings are not numbers); None stays None."""
    if value is None:
        return None
    if type(value) is float or type(value) is int:
        return float(value)
    raise ValueError(value)


def _parse_json(line: bytes) -> tuple[str, Record | None, str | None]:
    """(kind, record, time) for a line that mentions platform.report.

    kind is "report", NOT_A_REPORT (valid JSON of another type) or MALFORMED_REPORT.
    """
    start = line.find(b"{")
    try:
        event = _DECODE_JSON(line[start:].decode("utf-8")) if start >= 0 else None
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError included
        event = None
    if event is None:
        # A cut-off platform.report event, or text that merely mentions the word.
        return (MALFORMED_REPORT if _JSON_TYPE_RX.search(line) else NOT_A_REPORT), None, None
    if not isinstance(event, dict) or event.get("type") != "platform.report":
        return NOT_A_REPORT, None, None
    record = event.get("record")
    metrics = record.get("metrics") if isinstance(record, dict) else None
    if not isinstance(metrics, dict):
        return MALFORMED_REPORT, None, None
    try:
        duration, billed, memory, used = (metrics[k] for k in _REQUIRED_METRICS)
        billed_restore = metrics.get("billedRestoreDurationMs")
        rec = Record(
            _real(duration),  # type: ignore[arg-type]
            _whole(billed),
            _whole(memory),
            _whole(used),
            _real(metrics.get("initDurationMs")),
            _real(metrics.get("restoreDurationMs")),
            None if billed_restore is None else _whole(billed_restore),
        )
    except (KeyError, ValueError, OverflowError):
        return MALFORMED_REPORT, None, None
    time = event.get("time")
    return "report", rec, time if isinstance(time, str) else None


def parse_line(line: bytes) -> tuple[str, Record | None]:
    """Classify one line: ("report", record) or (skip reason, None)."""
    kind, rec, _ = _parse_line(line)
    return kind, rec


def _parse_line(line: bytes) -> tuple[str, Record | None, str | None]:
    if _REPORT_MARK in line:
        match = _REPORT_RX.search(line)
        rec = _parse_text(match) if match else None
        if rec is None:
            return MALFORMED_REPORT, None, None
        return ("report", rec, None) if plausible(rec) else (IMPLAUSIBLE_VALUE, None, None)
    if _JSON_MARK in line:
        kind, rec, time = _parse_json(line)
        if rec is not None and not plausible(rec):
            return IMPLAUSIBLE_VALUE, None, None
        return kind, rec, time
    return NOT_A_REPORT, None, None


# --- timestamps --------------------------------------------------------------------------


def parse_timestamp(text: bytes | str) -> datetime | None:
    """An ISO-8601-like timestamp at the start of text, as an aware UTC datetime.

    Accepts ``2026-11-20T10:00:00.123000+00:00`` (aws logs tail), ``…Z`` (JSON, S3
    exports) and ``2026-11-20 10:00:00.123`` (Logs Insights); no offset means UTC.
    """
    raw = text.encode() if isinstance(text, str) else text
    m = _TS_RX.match(raw)
    if not m:
        return None
    year, month, day, hour, minute, second, frac, offset = m.groups()
    try:
        micro = int((frac or b"0")[:6].ljust(6, b"0"))
        stamp = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro
        )
    except ValueError:
        return None
    if offset and offset != b"Z":
        sign = -1 if offset[:1] == b"-" else 1
        digits = offset[1:].replace(b":", b"")
        delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        stamp -= sign * delta
    return stamp.replace(tzinfo=UTC)


# --- aggregation ---------------------------------------------------------------------------


@dataclass
class _Group:
    invocations: int = 0
    billed_ms: int = 0
    duration_us: int = 0
    duration: LogHistogram = field(default_factory=LogHistogram)
    memory_used_mb: Counter[int] = field(default_factory=Counter)
    init: LogHistogram = field(default_factory=LogHistogram)
    restore: LogHistogram = field(default_factory=LogHistogram)
    billed_restore_ms: int = 0
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, r: Record) -> None:
        self.add_timing(r)
        self.memory_used_mb[r.max_memory_used_mb] += 1

    def merge(self, other: _Group) -> None:
        """Add other's records: every field is a sum, a count or a histogram."""
        self.invocations += other.invocations
        self.billed_ms += other.billed_ms
        self.duration_us += other.duration_us
        self.duration.merge(other.duration)
        self.memory_used_mb.update(other.memory_used_mb)
        self.init.merge(other.init)
        self.restore.merge(other.restore)
        self.billed_restore_ms += other.billed_restore_ms
        self.rules.update(other.rules)

    def add_timing(self, r: Record) -> None:
        """Everything but the memory used (the batch path counts that on its own)."""
        self.invocations += 1
        self.billed_ms += r.billed_duration_ms
        self.duration_us += _to_us(r.duration_ms)
        self.duration.add(r.duration_ms)
        if r.init_duration_ms is not None:
            self.init.add(r.init_duration_ms)
        if r.restore_duration_ms is not None:
            self.restore.add(r.restore_duration_ms)
        if r.billed_restore_duration_ms is not None:
            self.billed_restore_ms += r.billed_restore_duration_ms
        self.rules[billing_rule(r)] += 1


BATCH_LINES = 4096
PENDING_LIMIT = 1 << 14  # distinct keys a _Pending holds before it is folded in
_FOLD_CHUNK = 1 << 12
SPARSE_AFTER = 1 << 13  # warm starts after which a _Pending judges whether counting pays

_TIMING_WORDS = 5  # b"12.5 ms\tBilled Duration: 13"
_USED_WORDS = 6  # b"128 MB\tMax Memory Used: 70"
_WARM_TAILS_MAX = 64


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


class LogAggregator:
    """Feeds lines in, keeps bounded per-function state, hands out a LogSummary."""

    def __init__(self) -> None:
        self._groups: dict[tuple[str | None, int], _Group] = {}
        self._pending: dict[tuple[str | None, bytes], _Pending] = {}
        self._warm_tails: set[bytes] = set()  # line ends seen to carry no cold-start field
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
        self._window_from_reports(text, start, end)
        if not (self.fast_path and self._fast_batch(count, text, start, end, function)):
            if batch is None:
                batch = text[start:end].split(b"\n")
            self._slow_batch(batch, function)

    def merge(self, other: LogAggregator) -> None:
        """Add what other has read, exactly as if one aggregator had read both inputs
        (workers parse parts of a file in parallel; the parent merges their states)."""
        self._fold_all()
        other._fold_all()
        for key, group in other._groups.items():
            self._group(*key).merge(group)
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

    def _window_from_reports(self, text: bytes, start: int, end: int) -> None:
        """The earliest and latest leading timestamp of the block's REPORT lines: an
        application line's own date (1999, or 2024-99-99) never moves the window. The text
        before each "REPORT RequestId:" back to its line's start is found in C (split,
        then rpartition by map); prefixes of one timestamp format and offset sort as
        text, so the smallest and largest hold the ends. Otherwise (no stamp, an
        unreadable date, mixed formats) each prefix's timestamp is read."""
        if start or end != len(text):
            text = text[start:end]
        pieces = text.split(_REPORT_MARK)
        del pieces[-1]  # what follows the last REPORT marker
        if not pieces:
            return
        prefixes = list(map(_LAST_LINE, map(_RPARTITION_NL, pieces)))
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

    def _slow_batch(self, batch: list[bytes], function: str | None) -> None:
        times: list[str] = []
        for line in batch:
            kind, rec, time = _parse_line(line)
            if rec is None:
                self.skipped[kind] += 1
                continue
            self.report_lines += 1
            self._group(function, rec.memory_size_mb).add(rec)
            if time is not None:
                times.append(time)
        if times:  # JSON `time` values share one format: as text, min and max are the ends
            self._see(parse_timestamp(min(times)))
            self._see(parse_timestamp(max(times)))

    # batch path: plain text REPORT lines of one memory size, plausible values

    def _fast_batch(
        self, lines: int, text: bytes, start: int, end: int, function: str | None
    ) -> bool:
        """Count the batch's records as raw field texts; False (nothing changed) when the
        per-line path must decide: JSON, a malformed or implausible record, mixed sizes."""
        # Only a line with a double quote can be (or be a cut-off) JSON report.
        if text.find(b'"', start, end) >= 0 and text.find(_JSON_MARK, start, end) >= 0:
            return False
        rows = _BATCH_RX.findall(text, start, end)
        if not rows:
            self.skipped[NOT_A_REPORT] += lines
            return True
        timing, used, tails = zip(*rows, strict=True)
        if b"" in timing:
            return False  # a REPORT line with a field missing or cut short
        memory_text = used[0].partition(b" ")[0]
        pending = self._pending.get((function, memory_text))
        if pending is None:
            try:
                memory_mb = int(memory_text)
            except ValueError:
                return False
            if not MIN_MEMORY_MB <= memory_mb <= MAX_MEMORY_MB:
                return False
            pending = self._pending[(function, memory_text)] = _Pending(memory_mb)

        warm: Sequence[bytes] = timing
        cold: list[Record] = []
        if tails.count(tails[0]) != len(tails) or tails[0] not in self._warm_tails:
            ends = {tail: self._tail_fields(tail) for tail in set(tails)}
            cold_ends = {tail for tail, fields in ends.items() if fields != _WARM}
            if None in ends.values():
                return False  # a line that goes on after the fields in a way it may not
            if cold_ends:
                is_cold = list(map(cold_ends.__contains__, tails))
                warm = list(compress(timing, map(not_, is_cold)))
                for timing_text, tail in compress(zip(timing, tails, strict=True), is_cold):
                    record = _cold_record(timing_text, pending.memory_mb, ends[tail])
                    if record is None or not plausible(record):
                        return False
                    cold.append(record)

        new_warm: list[bytes] = []
        direct = None
        if pending.direct:
            if warm and (direct := _checked_warm(warm)) is None:
                return False
        else:
            new_warm = _count_new(pending.timing, warm)
            if new_warm and _checked_warm(new_warm) is None:
                _uncount(pending.timing, warm, new_warm)
                return False
        new_used = _count_new(pending.used, used)
        if new_used and not _plausible_used(new_used, memory_text, pending.memory_mb):
            _uncount(pending.used, used, new_used)
            if not pending.direct:
                _uncount(pending.timing, warm, new_warm)
            return False
        if cold or direct:
            group = self._group(function, pending.memory_mb)
            for record in cold:
                group.add_timing(record)
            if direct:
                _add_warm(group, *direct, None)
        if not pending.direct and pending.seen < SPARSE_AFTER:
            pending.seen += len(warm)
            pending.new += len(new_warm)
            pending.direct = pending.seen >= SPARSE_AFTER and pending.new * 4 > pending.seen * 3
        self.report_lines += len(rows)
        self.skipped[NOT_A_REPORT] += lines - len(rows)
        if len(pending.timing) > PENDING_LIMIT:
            self._fold(function, memory_text)
        return True

    def _tail_fields(self, tail: bytes) -> _ColdFields | None:
        """What follows Max Memory Used: _WARM when no cold-start field, else (Init,
        Restore, Billed Restore) texts; None when it is not a valid REPORT ending."""
        if tail in self._warm_tails:
            return _WARM
        match = _TAIL_RX.fullmatch(tail)
        if match is None:
            return None
        init, restore, billed_restore = match.groups()
        fields = (init, restore, billed_restore)
        if fields == _WARM and len(self._warm_tails) < _WARM_TAILS_MAX:
            self._warm_tails.add(tail)  # X-Ray IDs make each tail distinct: keep a few
        return fields

    def _fold(self, function: str | None, memory_text: bytes) -> None:
        """Turn one _Pending's counts into its group's numbers, and empty it."""
        pending = self._pending.pop((function, memory_text))
        if not pending.used:  # every record counted has a memory used
            return  # only ever held a batch that went the per-line way
        group = self._group(function, pending.memory_mb)
        texts, counts = iter(pending.timing), iter(pending.timing.values())
        while chunk := list(islice(texts, _FOLD_CHUNK)):  # bounds the parse's temporaries
            durations, billed = _timing(chunk)
            _add_warm(group, durations, billed, list(islice(counts, len(chunk))))
        _, used = _pairs(pending.used, _USED_WORDS)
        for used_mb, count in zip(map(int, used), pending.used.values(), strict=True):
            group.memory_used_mb[used_mb] += count

    def _fold_all(self) -> None:
        for function, memory_text in list(self._pending):
            self._fold(function, memory_text)

    # results

    def summary(self, window_s: Decimal | None = None) -> LogSummary:
        """Per-function statistics; window_s overrides the window seen in timestamps."""
        self._fold_all()
        window_source = "given"
        if window_s is None:
            window_s = window_between(self.first_seen, self.last_seen)
            window_source = "none" if window_s is None else "timestamps"
            if window_s is not None and not MIN_WINDOW_S <= window_s <= MAX_WINDOW_S:
                window_s, window_source = None, "out_of_bounds"  # no month from it
        names = display_names(self._groups)
        functions = [
            _function_stats(names[key], key[1], group, window_s, key[0])
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


def display_names(keys: Iterable[tuple[str | None, int]]) -> dict[tuple[str | None, int], str]:
    """Names for (function, memory MB) groups: the function's name, ``name@512MB`` when
    one function ran at several memory sizes, ``512MB`` when no name is known."""
    keys = list(keys)
    sizes: Counter[str | None] = Counter(name for name, _ in keys)
    out: dict[tuple[str | None, int], str] = {}
    for name, memory_mb in keys:
        if name is None:
            out[(name, memory_mb)] = f"{memory_mb}MB"
        elif sizes[name] > 1:
            out[(name, memory_mb)] = f"{name}@{memory_mb}MB"
        else:
            out[(name, memory_mb)] = name
    return out


# --- results -------------------------------------------------------------------------------

_CENT_MS = Decimal("0.01")


def _ms(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(_CENT_MS)


@dataclass(frozen=True)
class Percentiles:
    """Duration percentiles in ms (within PERCENTILE_RELATIVE_ERROR; max exact)."""

    p50_ms: Decimal
    p90_ms: Decimal
    p95_ms: Decimal
    p99_ms: Decimal
    max_ms: Decimal


@dataclass(frozen=True)
class FunctionStats:
    """What the logs say about one function at one memory size."""

    name: str
    memory_size_mb: int
    invocations: int
    duration: Percentiles
    mean_duration_ms: Decimal
    billed_duration_ms: int  # total over all invocations, as printed
    billed_gb_s: Decimal
    init_count: int
    restore_count: int
    init_p50_ms: Decimal | None
    init_p95_ms: Decimal | None
    max_memory_used_p99_mb: int
    max_memory_used_max_mb: int
    billing_rules: dict[str, int]
    requests_per_month: Decimal | None
    function: str | None = None  # the function's own name (`name` may be `orders@512MB`)

    @property
    def cold_starts(self) -> int:
        return self.init_count + self.restore_count

    @property
    def cold_start_percent(self) -> Decimal:
        return Decimal(100 * self.cold_starts) / Decimal(self.invocations)

    @property
    def mean_billed_duration_ms(self) -> Decimal:
        return Decimal(self.billed_duration_ms) / Decimal(self.invocations)


@dataclass(frozen=True)
class LogSummary:
    functions: tuple[FunctionStats, ...]
    lines_read: int
    report_lines: int
    skipped_lines: dict[str, int]
    window_start: datetime | None
    window_end: datetime | None
    window_s: Decimal | None
    # "timestamps", "given", "none" (also for a 0 s span) or "out_of_bounds" (the
    # timestamps span less than MIN_WINDOW_S or more than MAX_WINDOW_S: no month from it)
    window_source: str
    source: str  # "logs" or "insights"
    percentile_relative_error: Decimal = PERCENTILE_RELATIVE_ERROR

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped_lines.values())

    def billing_rules(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for f in self.functions:
            total.update(f.billing_rules)
        return dict(sorted(total.items()))


def billed_gb_s(billed_duration_ms: int | Decimal, memory_size_mb: int) -> Decimal:
    """GB-s = billed ms / 1000 × memory MB / 1024."""
    return Decimal(billed_duration_ms) / MS_PER_S * Decimal(memory_size_mb) / MB_PER_GB


def window_between(first: datetime | None, last: datetime | None) -> Decimal | None:
    """Seconds from the first to the last timestamp; None when unknown, and when they are
    one instant (a single record, or all stamped alike): a 0 s window gives no rate."""
    if first is None or last is None or last <= first:
        return None
    return Decimal(str((last - first).total_seconds()))


def requests_per_month(invocations: int, window_s: Decimal | None) -> Decimal | None:
    """invocations / window × seconds in lambdacalc's 730-hour month."""
    if window_s is None or window_s <= 0:
        return None
    return Decimal(invocations) * S_PER_MONTH / window_s


def _function_stats(
    name: str, memory_mb: int, g: _Group, window_s: Decimal | None, function: str | None = None
) -> FunctionStats:
    return FunctionStats(
        name=name,
        memory_size_mb=memory_mb,
        invocations=g.invocations,
        duration=Percentiles(
            *(_ms(g.duration.quantile_ms(q)) for q in (0.5, 0.9, 0.95, 0.99, 1.0))
        ),
        mean_duration_ms=Decimal(g.duration_us) / Decimal(1000 * g.invocations),
        billed_duration_ms=g.billed_ms,
        billed_gb_s=billed_gb_s(g.billed_ms, memory_mb),
        init_count=g.init.n,
        restore_count=g.restore.n,
        init_p50_ms=_ms(g.init.quantile_ms(0.5)) if g.init.n else None,
        init_p95_ms=_ms(g.init.quantile_ms(0.95)) if g.init.n else None,
        max_memory_used_p99_mb=_exact_quantile(g.memory_used_mb, 0.99),
        max_memory_used_max_mb=max(g.memory_used_mb),
        billing_rules=dict(sorted(g.rules.items())),
        requests_per_month=requests_per_month(g.invocations, window_s),
        function=function,
    )


def _exact_quantile(counts: Counter[int], q: float) -> int:
    rank = max(1, math.ceil(q * sum(counts.values())))
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return max(counts)  # pragma: no cover


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
