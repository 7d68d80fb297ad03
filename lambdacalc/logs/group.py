"""A function's numbers at one memory size: sums, counts and histograms, each of which
adds (so groups read in parallel merge exactly)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from lambdacalc.logs.records import Record, _to_us, billing_rule
from lambdacalc.logs.sketch import LogHistogram


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


@dataclass
class LogBytes:
    """What one function's lines weigh as CloudWatch log events: every field adds, so
    parts read apart merge exactly.

    CloudWatch stores each event's message; `aws logs tail` prints it after a prefix (the
    event's timestamp and log stream), an S3 export after its timestamp. That prefix is
    measured on the REPORT lines (the text before ``REPORT RequestId:``, or before the
    ``{`` of a JSON record) and each line's is taken to be as long as their mean: every
    line of such output carries the same prefix, and without prefixes it is 0.
    """

    line_bytes: int = 0  # every line read, without its line break
    lines: int = 0
    prefix_bytes: int = 0  # the prefixes of the REPORT lines measured
    prefixes: int = 0  # how many REPORT lines were measured

    def add(self, line_bytes: int, lines: int, prefix_bytes: int, prefixes: int) -> None:
        self.line_bytes += line_bytes
        self.lines += lines
        self.prefix_bytes += prefix_bytes
        self.prefixes += prefixes

    def merge(self, other: LogBytes) -> None:
        self.add(other.line_bytes, other.lines, other.prefix_bytes, other.prefixes)

    def message_bytes(self) -> Decimal:
        """Σ line bytes − lines × the mean prefix; never below 0."""
        if not self.prefixes:
            return Decimal(self.line_bytes)
        prefix = Decimal(self.lines * self.prefix_bytes) / Decimal(self.prefixes)
        return max(Decimal(0), Decimal(self.line_bytes) - prefix)
