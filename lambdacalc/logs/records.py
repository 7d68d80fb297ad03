"""Report records: what one REPORT line (text or JSON) says, whether Lambda could have
written it, which billing rule it fits, and the leading timestamp of a line."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
_REPORT_MARK = b"REPORT RequestId:"
_JSON_MARK = b"platform.report"
_JSON_TYPE_RX = re.compile(rb'"type"\s*:\s*"platform\.report"')

_TS_RX = re.compile(
    rb"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?"
)


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
