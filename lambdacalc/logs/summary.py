"""What the logs say, per function and overall: the immutable results of a read, and the
rules that turn counts into them (GB-s, the window, requests per month)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from lambdacalc.limits import MAX_LOG_WINDOW_DAYS, MIN_LOG_WINDOW_S
from lambdacalc.logs.group import _Group
from lambdacalc.logs.sketch import PERCENTILE_RELATIVE_ERROR
from lambdacalc.units import MB_PER_GB, MS_PER_S, S_PER_MONTH

# The window a month is extrapolated from, inferred or given (--window): 1 s to 20 years.
MIN_WINDOW_S = Decimal(MIN_LOG_WINDOW_S)
MAX_WINDOW_S = Decimal(MAX_LOG_WINDOW_DAYS * 86400)


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
    # Mean bytes of CloudWatch log events (messages) one invocation writes, START, END,
    # REPORT and the function's own lines (`group.LogBytes`); None when not measured.
    log_bytes_per_request: Decimal | None = None

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
    name: str,
    memory_mb: int,
    g: _Group,
    window_s: Decimal | None,
    function: str | None = None,
    log_bytes_per_request: Decimal | None = None,
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
        log_bytes_per_request=log_bytes_per_request,
    )


def _exact_quantile(counts: Counter[int], q: float) -> int:
    rank = max(1, math.ceil(q * sum(counts.values())))
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return max(counts)  # pragma: no cover


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
