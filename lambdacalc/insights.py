"""Fleet-sized logs: let CloudWatch Logs Insights aggregate, then read its exported result.

``QUERY`` computes, per log group and memory size, the numbers that ``lambdacalc.logs``
computes from raw lines: invocations, Σ billed ms, Σ duration ms, duration percentiles and
max, max memory used p99 and max, INIT and restore counts, INIT p50/p95, and the first and
last timestamp. It reads both log formats: text REPORT lines (``@type = "REPORT"`` with the
discovered ``@duration`` … fields) and JSON ``platform.report`` events
(``record.metrics.*``).

The memory fields of text REPORT lines come out of Insights in bytes; whether a "MB" there
is 10^6 or 2^20 bytes is not settled in public sources, so the JSON branch is scaled by
10^6 and the reader works out the divisor per row: the one that turns ``memory_size``
into a whole number of MB within Lambda's limits (128 MB is 128,000,000 or 134,217,728).

``read_export`` accepts the result as CSV (console "Export results"), as JSON from
``aws logs get-query-results`` (``{"results": [[{"field", "value"}, …], …]}``), or as a JSON
list of flat objects, and returns the same ``LogSummary`` the raw-log parser returns.
Percentiles are Insights' own; billed GB-s uses the summed Billed Duration as printed.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from lambdacalc.errors import LogError
from lambdacalc.logs import (
    FunctionStats,
    LogSummary,
    Percentiles,
    billed_gb_s,
    display_names,
    parse_timestamp,
    requests_per_month,
    window_between,
)

QUERY = """\
filter @type = "REPORT" or type = "platform.report"
| fields coalesce(@duration, record.metrics.durationMs) as duration_ms,
    coalesce(@billedDuration, record.metrics.billedDurationMs) as billed_ms,
    coalesce(@memorySize, record.metrics.memorySizeMB * 1000000) as memory_size,
    coalesce(@maxMemoryUsed, record.metrics.maxMemoryUsedMB * 1000000) as max_memory_used,
    coalesce(@initDuration, record.metrics.initDurationMs) as init_ms,
    strcontains(@message, "Init Duration") + strcontains(@message, "initDurationMs") as is_init,
    strcontains(@message, "Restore Duration") + strcontains(@message, "restoreDurationMs")
      as is_restore
| stats count(*) as invocations,
    sum(billed_ms) as billed_ms_sum,
    sum(duration_ms) as duration_ms_sum,
    pct(duration_ms, 50) as duration_p50,
    pct(duration_ms, 90) as duration_p90,
    pct(duration_ms, 95) as duration_p95,
    pct(duration_ms, 99) as duration_p99,
    max(duration_ms) as duration_max,
    pct(max_memory_used, 99) as max_memory_used_p99,
    max(max_memory_used) as max_memory_used_max,
    sum(is_init) as init_count,
    pct(init_ms, 50) as init_p50,
    pct(init_ms, 95) as init_p95,
    sum(is_restore) as restore_count,
    min(@timestamp) as first_ts,
    max(@timestamp) as last_ts
  by @log, memory_size
"""

REQUIRED_COLUMNS = (
    "@log",
    "memory_size",
    "invocations",
    "billed_ms_sum",
    "duration_ms_sum",
    "duration_p50",
    "duration_p90",
    "duration_p95",
    "duration_p99",
    "duration_max",
    "max_memory_used_p99",
    "max_memory_used_max",
)

_BYTES_PER_MB = (Decimal(1_000_000), Decimal(1_048_576))
_CENT_MS = Decimal("0.01")


def function_name(log: str) -> str:
    """``123456789012:/aws/lambda/orders`` → ``orders``; other names are kept as they are."""
    marker = "/aws/lambda/"
    if marker in log:
        return log.rsplit(marker, 1)[1]
    return log.split(":", 1)[1] if ":" in log and not log.startswith("/") else log


def function_names(logs: Iterable[str]) -> dict[str, str]:
    """A distinct name per ``@log``: the function's name, qualified by the account
    (``123456789012:orders``) when two log groups share it (the same function name in two
    accounts of a cross-account query), and the whole ``@log`` if that is not enough."""
    logs = list(dict.fromkeys(logs))
    short = {log: function_name(log) for log in logs}
    seen = Counter(short.values())
    out: dict[str, str] = {}
    for log in logs:
        name = short[log]
        if seen[name] > 1:
            account = log.split(":", 1)[0] if ":" in log and not log.startswith("/") else ""
            name = f"{account}:{name}" if account else log
        out[log] = name
    taken = Counter(out.values())
    return {log: name if taken[name] == 1 else log for log, name in out.items()}


def _rows_from_json(text: str) -> list[dict[str, str]]:
    from lambdacalc.structured import load_json

    data = load_json(text, "Insights export", LogError, "an Insights export")
    if isinstance(data, Mapping) and "results" in data:
        data = data["results"]
    if not isinstance(data, list):
        raise LogError("Insights export: expected a JSON list of rows or {'results': [...]}")
    rows: list[dict[str, str]] = []
    for item in data:
        if isinstance(item, list):  # get-query-results: [{"field": …, "value": …}, …]
            rows.append(
                {
                    str(cell.get("field")): str(cell.get("value"))
                    for cell in item
                    if isinstance(cell, Mapping)
                }
            )
        elif isinstance(item, Mapping):
            rows.append({str(k): "" if v is None else str(v) for k, v in item.items()})
        else:
            raise LogError("Insights export: each row must be an object or a list of fields")
    return rows


def _rows_from_csv(text: str) -> list[dict[str, str]]:
    return [dict(row) for row in csv.DictReader(io.StringIO(text))]


def parse_rows(text: str, fmt: str | None = None) -> list[dict[str, str]]:
    """Rows of an Insights export; fmt is "csv", "json" or None (sniffed from the text)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise LogError("Insights export is empty; export the query's results as CSV or JSON")
    kind = fmt or ("json" if stripped[:1] in "[{" else "csv")
    try:
        return _rows_from_json(stripped) if kind == "json" else _rows_from_csv(stripped)
    except (ValueError, csv.Error) as exc:
        raise LogError(f"Insights export is not valid {kind.upper()}: {exc}") from None


def _dec(row: Mapping[str, str], key: str, line: int) -> Decimal | None:
    raw = (row.get(key) or "").strip()
    if not raw:
        return None
    from lambdacalc.structured import NumberError, to_decimal

    try:
        value = to_decimal(raw)
    except InvalidOperation:
        raise LogError(f"Insights export row {line}: {key} is not a number ({raw!r})") from None
    except NumberError as exc:
        raise LogError(f"Insights export row {line}: {key}: {exc}") from None
    if not value.is_finite() or value < 0:
        raise LogError(f"Insights export row {line}: {key} must be a finite number ≥ 0")
    return value


def _need(row: Mapping[str, str], key: str, line: int) -> Decimal:
    value = _dec(row, key, line)
    if value is None:
        raise LogError(
            f"Insights export row {line}: {key} is empty; "
            "export the result of `lambdacalc logs insights-query` unchanged"
        )
    return value


def _divisor(memory_size: Decimal, line: int) -> Decimal:
    if memory_size <= 10_240:  # already in MB
        if memory_size == memory_size.to_integral_value() and memory_size >= 128:
            return Decimal(1)
        raise LogError(
            f"Insights export row {line}: memory_size {memory_size} is no Lambda memory size "
            "(whole MB from 128 to 10240, or the same in bytes)"
        )
    for divisor in _BYTES_PER_MB:
        mb = memory_size / divisor
        if mb == mb.to_integral_value() and 128 <= mb <= 10_240:
            return divisor
    raise LogError(
        f"Insights export row {line}: memory_size {memory_size} is no Lambda memory size"
    )


_MAX_DURATION_MS = 900_000  # Lambda's 15-minute limit
_PERCENTILES = ("duration_p50", "duration_p90", "duration_p95", "duration_p99", "duration_max")


def _check_row(row: Mapping[str, str], line: int) -> None:
    """Figures no real query result can hold: a count beyond lambdacalc's request bound,
    percentiles out of order, durations past Lambda's limit or sums that do not fit."""
    from lambdacalc.limits import MAX_REQUESTS_PER_MONTH

    at = f"Insights export row {line}"
    invocations = _need(row, "invocations", line)
    if invocations != invocations.to_integral_value() or not invocations >= 1:
        raise LogError(f"{at}: invocations must be positive and whole")
    if invocations > MAX_REQUESTS_PER_MONTH:
        raise LogError(
            f"{at}: invocations {invocations} is above {MAX_REQUESTS_PER_MONTH:,} (10^15), "
            "far beyond any Lambda workload; check the export"
        )
    values = [_need(row, p, line) for p in _PERCENTILES]
    if any(b < a for a, b in itertools.pairwise(values)):
        raise LogError(
            f"{at}: the duration percentiles are out of order (p50 ≤ p90 ≤ p95 ≤ p99 ≤ max "
            "must hold); export the query's result unchanged"
        )
    if values[-1] > _MAX_DURATION_MS:
        raise LogError(f"{at}: duration_max {values[-1]} ms is above Lambda's 900000 ms limit")
    most = invocations * _MAX_DURATION_MS
    duration_sum = _need(row, "duration_ms_sum", line)
    billed_sum = _need(row, "billed_ms_sum", line)
    for column, total in (("duration_ms_sum", duration_sum), ("billed_ms_sum", billed_sum)):
        if total > most + invocations * 10_000:  # with up to 10 s of INIT each
            raise LogError(f"{at}: {column} {total} is more than {invocations} invocations can run")
    if duration_sum > billed_sum + invocations:  # billed is each duration rounded up
        raise LogError(
            f"{at}: duration_ms_sum is above billed_ms_sum; Lambda bills at least the "
            "duration, so the columns look swapped or edited"
        )
    for column in ("init_count", "restore_count"):
        count = _dec(row, column, line)
        if count is not None and (count != count.to_integral_value() or count > invocations):
            raise LogError(f"{at}: {column} must be a whole number, at most the invocations")


def _ms(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_CENT_MS)


def read_export(text: str, fmt: str | None = None, window_s: Decimal | None = None) -> LogSummary:
    """A LogSummary from an exported result of QUERY."""
    rows = parse_rows(text, fmt)
    if not rows:
        raise LogError("Insights export has no rows; did the query match any REPORT lines?")
    _check_columns(rows[0])
    logs = function_names(row.get("@log") or "" for row in rows)
    parsed: list[tuple[tuple[str | None, int], dict[str, Any]]] = []
    first: datetime | None = None
    last: datetime | None = None
    seen: dict[tuple[str, int], int] = {}  # (@log, MB) -> row
    for line, row in enumerate(rows, start=2 if fmt != "json" else 1):
        memory_raw = _need(row, "memory_size", line)
        divisor = _divisor(memory_raw, line)
        memory_mb = int(memory_raw / divisor)
        _check_row(row, line)
        invocations = int(_need(row, "invocations", line))
        row_key = (row.get("@log") or "", memory_mb)
        if row_key in seen:
            raise LogError(
                f"Insights export row {line}: the same log group and memory size as row "
                f"{seen[row_key]}; export the query's result unchanged (one row each)"
            )
        seen[row_key] = line
        first, last = _widen(row, line, first, last)
        parsed.append(
            (
                (logs[row.get("@log") or ""], memory_mb),
                {
                    "row": row,
                    "line": line,
                    "divisor": divisor,
                    "invocations": invocations,
                },
            )
        )

    window_source = "given"
    if window_s is None:
        window_s = window_between(first, last)
        window_source = "none" if window_s is None else "timestamps"

    names = display_names(key for key, _ in parsed)
    functions: list[FunctionStats] = []
    for key, info in parsed:
        functions.append(_stats(names[key], key, info, window_s))
    functions.sort(key=lambda f: f.name)
    return LogSummary(
        functions=tuple(functions),
        lines_read=0,
        report_lines=sum(f.invocations for f in functions),
        skipped_lines={},
        window_start=first,
        window_end=last,
        window_s=window_s,
        window_source=window_source,
        source="insights",
    )


def _check_columns(first_row: dict[str, Any]) -> None:
    """The export has every column the query makes, else it is not the query's result."""
    missing = [c for c in REQUIRED_COLUMNS if c not in first_row]
    if missing:
        raise LogError(
            f"Insights export lacks column{'s' if len(missing) > 1 else ''} "
            + ", ".join(missing)
            + "; run the query from `lambdacalc logs insights-query` unchanged"
        )


def _widen(
    row: dict[str, Any], line: int, first: datetime | None, last: datetime | None
) -> tuple[datetime | None, datetime | None]:
    """The export's window (first, last), widened to the row's first_ts..last_ts."""
    stamps = [parse_timestamp(row.get(c) or "") for c in ("first_ts", "last_ts")]
    if stamps[0] is not None and stamps[1] is not None and stamps[0] > stamps[1]:
        raise LogError(f"Insights export row {line}: first_ts is after last_ts")
    for update, stamp in zip(("first", "last"), stamps, strict=True):
        if stamp is None:
            continue
        if update == "first":
            first = stamp if first is None or stamp < first else first
        else:
            last = stamp if last is None or stamp > last else last
    return first, last


def _stats(
    name: str, key: tuple[str | None, int], info: dict[str, Any], window_s: Decimal | None
) -> FunctionStats:
    """One row's function: its figures from the export's sums and percentiles."""
    row, line, divisor = info["row"], info["line"], info["divisor"]
    invocations = info["invocations"]
    billed_ms = _need(row, "billed_ms_sum", line)
    init_count = int(_dec(row, "init_count", line) or 0)
    restore_count = int(_dec(row, "restore_count", line) or 0)
    return FunctionStats(
        name=name,
        memory_size_mb=key[1],
        invocations=invocations,
        duration=Percentiles(
            *(
                _need(row, f"duration_{p}", line).quantize(_CENT_MS)
                for p in ("p50", "p90", "p95", "p99", "max")
            )
        ),
        mean_duration_ms=_need(row, "duration_ms_sum", line) / invocations,
        billed_duration_ms=int(billed_ms),
        billed_gb_s=billed_gb_s(billed_ms, key[1]),
        init_count=init_count,
        restore_count=restore_count,
        init_p50_ms=_ms(_dec(row, "init_p50", line)) if init_count else None,
        init_p95_ms=_ms(_dec(row, "init_p95", line)) if init_count else None,
        max_memory_used_p99_mb=int(
            (_need(row, "max_memory_used_p99", line) / divisor).to_integral_value()
        ),
        max_memory_used_max_mb=int(
            (_need(row, "max_memory_used_max", line) / divisor).to_integral_value()
        ),
        billing_rules={},
        requests_per_month=requests_per_month(invocations, window_s),
        function=key[0],
    )
