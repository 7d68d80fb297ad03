"""The percentile sketch: a log-bucket histogram with exact small samples and a mergeable
state, so that memory stays bounded however long the log."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import chain, repeat
from operator import mul

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
        buckets = self.counts  # a loop over the distinct values, not one step per record
        get = buckets.get
        for bucket, count in zip(_buckets(values_ms), counts, strict=True):
            buckets[bucket] = get(bucket, 0) + count
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
