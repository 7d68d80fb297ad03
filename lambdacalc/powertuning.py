"""Reading AWS Lambda Power Tuning results (from text: the caller reads the file).

Power Tuning's state machine ends with an output whose `results` (or the output itself) may
hold `stats`: one entry per memory size with `value` (MB), `averageDuration` (ms) and
`averagePrice` (USD per invocation). `stats` is only there when the run asked for it; the
`stateMachine.visualization` URL always is. Its fragment (after `#`) is three base64 strings
joined by `;`: the sizes as little-endian int16, the average durations in ms as little-endian
float32, and the average costs as little-endian float32, one of each per size.

`parse_power_tuning` accepts the JSON output, the visualization URL, or the bare fragment.
Power Tuning's own prices are kept for reference only: lambdacalc re-prices the durations.
Like Power Tuning's analyzer, entries whose average duration is 0 or missing are dropped.
"""

from __future__ import annotations

import base64
import binascii
import math
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any
from urllib.parse import unquote

from lambdacalc.errors import InputError
from lambdacalc.sizing import MAX_MEMORY_MB, MIN_MEMORY_MB, Point

_HINT = (
    "give the Power Tuning output JSON (with results.stats or "
    "results.stateMachine.visualization) or its visualization URL"
)


class PowerTuningFormat(str, Enum):
    STATS = "stats"
    VISUALIZATION = "visualization"


@dataclass(frozen=True)
class TunedSize:
    memory_mb: int
    average_duration_ms: Decimal
    average_price_usd: Decimal | None  # Power Tuning's own figure, for reference


@dataclass(frozen=True)
class PowerTuningResult:
    sizes: tuple[TunedSize, ...]  # ascending memory
    source: PowerTuningFormat
    dropped: int  # entries with no duration (failed or not run)

    def points(self) -> tuple[Point, ...]:
        return tuple(Point(s.memory_mb, s.average_duration_ms) for s in self.sizes)


def parse_power_tuning(text: str, origin: str = "power tuning input") -> PowerTuningResult:
    """Parse Power Tuning output JSON, its visualization URL, or the URL's fragment."""
    stripped = text.strip().lstrip("\ufeff")
    if not stripped:
        raise InputError(f"{origin}: is empty; {_HINT}")
    if stripped[0] in "{[":
        from lambdacalc.structured import load_json

        data = load_json(stripped, origin, InputError, "Power Tuning output", f"; {_HINT}")
        return _from_output(data, origin)
    return decode_visualization(stripped, origin)


def _from_output(data: Any, origin: str) -> PowerTuningResult:
    if not isinstance(data, Mapping):
        raise InputError(f"{origin}: the JSON is not an object; {_HINT}")
    results = data.get("results", data)
    if not isinstance(results, Mapping):
        raise InputError(f"{origin}: 'results' is not an object; {_HINT}")
    stats = results.get("stats")
    if stats is not None:
        return _from_stats(stats, origin)
    machine = results.get("stateMachine")
    url = machine.get("visualization") if isinstance(machine, Mapping) else None
    if isinstance(url, str):
        return decode_visualization(url, f"{origin}: stateMachine.visualization")
    raise InputError(f"{origin}: has neither results.stats nor a visualization URL; {_HINT}")


def _decimal(raw: Any, where: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, str)):
        raise InputError(f"{where}: expected a number, got {raw!r}")
    from lambdacalc.structured import NumberError, to_decimal

    try:
        value = to_decimal(str(raw).strip())
    except InvalidOperation:
        raise InputError(f"{where}: {raw!r} is not a number") from None
    except NumberError as exc:
        raise InputError(f"{where}: {exc}") from None
    if not value.is_finite() or value < 0:
        raise InputError(f"{where}: expected a finite number ≥ 0, got {raw}")
    return value


def _memory(raw: Any, where: str) -> int:
    value = _decimal(raw, where)
    if value != value.to_integral_value() or not MIN_MEMORY_MB <= value <= MAX_MEMORY_MB:
        raise InputError(f"{where}: {raw} is not a Lambda memory size (whole MB, 128 to 10240)")
    return int(value)


def _from_stats(stats: Any, origin: str) -> PowerTuningResult:
    if not isinstance(stats, list):
        raise InputError(f"{origin}: results.stats is not a list; {_HINT}")
    sizes: list[TunedSize] = []
    dropped = 0
    for i, entry in enumerate(stats):
        where = f"{origin}: results.stats[{i}]"
        if not isinstance(entry, Mapping):
            raise InputError(f"{where}: expected an object with value, averageDuration")
        if "value" not in entry:
            raise InputError(f"{where}: has no 'value' (the memory size)")
        memory_mb = _memory(entry["value"], f"{where}.value")
        raw_duration = entry.get("averageDuration")
        duration_ms = None if raw_duration is None else _decimal(raw_duration, f"{where}")
        if not duration_ms:
            dropped += 1
            continue
        raw_price = entry.get("averagePrice")
        price = None if raw_price is None else _decimal(raw_price, f"{where}.averagePrice")
        sizes.append(TunedSize(memory_mb, duration_ms, price))
    return _finish(sizes, PowerTuningFormat.STATS, dropped, origin)


def decode_visualization(text: str, origin: str = "power tuning input") -> PowerTuningResult:
    """Decode a visualization URL (or its fragment) into sizes, durations and prices."""
    fragment = text.strip()
    if "#" in fragment:
        fragment = fragment.split("#", 1)[1]
    elif "://" in fragment:
        raise InputError(f"{origin}: the URL has no '#' data fragment; {_HINT}")
    parts = unquote(fragment).split(";")
    if len(parts) == 8:
        raise InputError(f"{origin}: this is a comparison URL of two runs; give the URL of one run")
    if len(parts) != 3:
        raise InputError(
            f"{origin}: expected three base64 arrays joined by ';', found {len(parts)}; {_HINT}"
        )
    raw_sizes, raw_durations, raw_prices = (
        _b64(p, name, origin)
        for p, name in zip(parts, ("sizes", "durations", "costs"), strict=True)
    )
    if len(raw_sizes) % 2 or len(raw_durations) % 4 or len(raw_prices) % 4:
        raise InputError(
            f"{origin}: the arrays are not int16 sizes and float32 durations and costs; {_HINT}"
        )
    count = len(raw_sizes) // 2
    if count == 0 or len(raw_durations) // 4 != count or len(raw_prices) // 4 != count:
        raise InputError(
            f"{origin}: {count} sizes but {len(raw_durations) // 4} durations and "
            f"{len(raw_prices) // 4} costs; the three arrays must have one entry per size"
        )
    memories = struct.unpack(f"<{count}h", raw_sizes)
    durations = struct.unpack(f"<{count}f", raw_durations)
    prices = struct.unpack(f"<{count}f", raw_prices)
    sizes: list[TunedSize] = []
    dropped = 0
    for i, (memory, duration, price) in enumerate(zip(memories, durations, prices, strict=True)):
        where = f"{origin}: entry {i}"
        memory_mb = _memory(memory, f"{where} size")
        if not math.isfinite(duration) or duration < 0 or not math.isfinite(price) or price < 0:
            raise InputError(f"{where} ({memory_mb} MB): the duration or cost is not a number ≥ 0")
        if duration == 0:
            dropped += 1
            continue
        from lambdacalc.structured import NumberError, check_decimal

        try:
            tuned = TunedSize(
                memory_mb,
                check_decimal(float32_to_decimal(duration)),
                check_decimal(float32_to_decimal(price)),
            )
        except NumberError as exc:
            raise InputError(f"{where} ({memory_mb} MB): {exc}") from None
        sizes.append(tuned)
    return _finish(sizes, PowerTuningFormat.VISUALIZATION, dropped, origin)


def _b64(text: str, name: str, origin: str) -> bytes:
    cleaned = text.strip()
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(f"{origin}: the {name} array is not base64; {_HINT}") from None


def float32_to_decimal(value: float) -> Decimal:
    """The shortest decimal that reads back as the same float32 (2.9066667, not 2.90666675…)."""
    if value == 0:
        return Decimal(0)
    for digits in range(6, 10):
        text = f"{value:.{digits}g}"
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == value:
            return Decimal(text)
    return Decimal(repr(value))  # pragma: no cover  (9 digits always round-trip)


def _finish(
    sizes: Sequence[TunedSize], source: PowerTuningFormat, dropped: int, origin: str
) -> PowerTuningResult:
    if not sizes:
        raise InputError(f"{origin}: no memory size has a measured duration; {_HINT}")
    seen: dict[int, TunedSize] = {}
    for s in sizes:
        other = seen.get(s.memory_mb)
        if other is not None and other.average_duration_ms != s.average_duration_ms:
            raise InputError(
                f"{origin}: {s.memory_mb} MB appears twice with different durations "
                f"({other.average_duration_ms} and {s.average_duration_ms} ms)"
            )
        seen[s.memory_mb] = s
    return PowerTuningResult(tuple(seen[m] for m in sorted(seen)), source, dropped)
