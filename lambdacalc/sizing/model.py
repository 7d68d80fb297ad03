"""Memory sizing's settings and its duration model: strategies and bases, input checks, and
`DurationModel` (candidate sizes, the memory floor and the comparison's records are in
`options`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import Enum
from itertools import pairwise
from typing import NamedTuple

from lambdacalc import limits
from lambdacalc.errors import InputError, field
from lambdacalc.units import MICROSECOND_MS, ONE, ZERO, parse_memory_mb

MIN_MEMORY_MB = limits.MIN_MEMORY_MB
MAX_MEMORY_MB = limits.MAX_MEMORY_MB
ONE_VCPU_MB = 1769  # memory at which a function has one vCPU's worth of CPU
POWER_TUNING_DEFAULT_SIZES_MB: tuple[int, ...] = (128, 256, 512, 1024, 1536, 2048, 3008)
SWEEP_SIZES_MB: tuple[int, ...] = tuple(range(MIN_MEMORY_MB, MAX_MEMORY_MB + 1))
DEFAULT_CPU_BOUND = Decimal(1)
DEFAULT_HEADROOM = Decimal("0.2")
DEFAULT_BALANCED_WEIGHT = Decimal("0.5")


class Strategy(str, Enum):
    """How to choose among the sizes (Power Tuning's three, plus a latency budget)."""

    COST = "cost"  # cheapest per invocation (or a month); ties by `_tie_rule`: the faster
    SPEED = "speed"  # fastest; ties go to the cheaper
    BALANCED = "balanced"  # least w*cost/max_cost + (1-w)*duration/max_duration
    MAX_DURATION = "max-duration"  # cheapest that meets the duration budget


class Basis(str, Enum):
    """Where a row's duration comes from."""

    MEASURED = "measured"
    INTERPOLATED = "interpolated"
    EXTRAPOLATED = "extrapolated"


class CpuBoundSource(str, Enum):
    STATED = "stated"  # the user gave it
    DEFAULT = "default"  # one point and no statement: assume fully CPU-bound
    FITTED = "fitted"  # fitted to two or more measured points


class RecommendationBasis(str, Enum):
    """What a recommendation rests on.

    * ``measured``: two or more measured sizes (or Power Tuning): the pick is a measured or
      interpolated size, never an extrapolated one;
    * ``given``: one measured size and a CPU-bound share the user stated;
    * ``assumed``: one measured size and nothing else. How duration changes with memory is
      unknown, so the current size is kept and the picks if CPU-bound and if I/O-bound are
      given as bounds, with what to measure to decide.
    """

    MEASURED = "measured"
    GIVEN = "given"
    ASSUMED = "assumed"


# --- input checks ------------------------------------------------------------------------------


def check_memory_mb(value: int | Decimal | str, what: str = "memory size") -> int:
    """A Lambda memory size: whole MB from 128 to 10,240."""
    try:
        number = parse_memory_mb(str(value))
    except ValueError:
        raise InputError(
            f"{what} '{value}' is not a number; give whole MB from 128 to 10240"
        ) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise InputError(f"{what} '{value}' is not whole MB; give whole MB from 128 to 10240")
    if not MIN_MEMORY_MB <= number <= MAX_MEMORY_MB:
        raise InputError(f"{what} {value} MB is outside Lambda's range; use 128 to 10240 MB")
    return int(number)


def check_duration_ms(duration_ms: Decimal, what: str) -> Decimal:
    if not duration_ms.is_finite() or duration_ms <= 0:
        raise InputError(f"{what}: a duration must be more than 0 ms")
    if duration_ms > 900_000:
        raise InputError(f"{what}: {duration_ms} ms is beyond Lambda's 15-minute timeout")
    return duration_ms


def check_fraction(value: Decimal, what: str) -> Decimal:
    if not value.is_finite() or not ZERO <= value <= ONE:
        raise InputError(f"{what} {value} is outside 0..1; give a share such as 0.9")
    return value


# --- the duration model ------------------------------------------------------------------------


class Point(NamedTuple):
    """One measured (or stated) average duration at one memory size."""

    memory_mb: int
    duration_ms: Decimal


class _Curve(NamedTuple):
    """d(m) = io_ms + cpu_ms_mb / min(m, cap_mb): one branch of the model."""

    io_ms: Decimal
    cpu_ms_mb: Decimal


def _usable_mb(memory_mb: int, threads: int) -> int:
    return min(memory_mb, ONE_VCPU_MB * threads)


def _anchored(point: Point, cpu_bound: Decimal, threads: int) -> _Curve:
    """The model through `point` with the given CPU-bound share."""
    d0 = point.duration_ms
    return _Curve(d0 * (ONE - cpu_bound), d0 * cpu_bound * _usable_mb(point.memory_mb, threads))


def _fit(points: Sequence[Point], threads: int) -> _Curve | None:
    """Least squares of d = io + k*x, x = 1/usable(m), with io, k >= 0; None if x never varies."""
    usable = [_usable_mb(p.memory_mb, threads) for p in points]
    if len(set(usable)) == 1:
        return None
    xs = [ONE / u for u in usable]
    ds = [p.duration_ms for p in points]
    n = Decimal(len(points))
    mean_x = sum(xs, ZERO) / n
    mean_d = sum(ds, ZERO) / n
    sxx = sum(((x - mean_x) ** 2 for x in xs), ZERO)
    sxd = sum(((x - mean_x) * (d - mean_d) for x, d in zip(xs, ds, strict=True)), ZERO)
    k = sxd / sxx
    io = mean_d - k * mean_x
    if k < 0:  # durations that rise with memory: noise; nothing scales with CPU
        return _Curve(mean_d, ZERO)
    if io < 0:  # more than fully CPU-bound: pin the constant part at zero
        k = sum((x * d for x, d in zip(xs, ds, strict=True)), ZERO) / sum((x * x for x in xs), ZERO)
        return _Curve(ZERO, k)
    return _Curve(io, k)


def _share_at(curve: _Curve, memory_mb: int, threads: int) -> Decimal:
    cpu_ms = curve.cpu_ms_mb / _usable_mb(memory_mb, threads)
    total = curve.io_ms + cpu_ms
    return cpu_ms / total if total > 0 else ZERO


class DurationModel(NamedTuple):
    """Predicts the average duration at any memory size from measured points.

    Build it with `DurationModel.build`. `cpu_bound` is the share used for extrapolation
    (stated, the default 1.0, or fitted at the smallest measured point).
    """

    points: tuple[Point, ...]  # sorted by memory, no duplicates
    threads: int
    cpu_bound: Decimal
    cpu_bound_source: CpuBoundSource
    below: _Curve  # the model below the smallest measured size
    above: _Curve  # and above the largest

    @classmethod
    def build(
        cls, points: Iterable[Point], *, cpu_bound: Decimal | None = None, threads: int = 1
    ) -> DurationModel:
        if threads < 1:
            raise InputError(f"{field('threads')} {threads} must be 1 or more")
        by_size: dict[int, Decimal] = {}
        for p in points:
            seen = by_size.get(p.memory_mb)
            if seen is not None and seen != p.duration_ms:
                raise InputError(
                    f"{p.memory_mb} MB is measured twice, at {seen} ms and {p.duration_ms} ms; "
                    f"give one duration per size"
                )
            by_size[p.memory_mb] = check_duration_ms(p.duration_ms, f"{p.memory_mb} MB")
        if not by_size:
            raise InputError(
                f"no measured duration; give {field('duration_ms')} and {field('memory_mb')}, or "
                f"{field('measured')}"
            )
        ordered = tuple(Point(m, by_size[m]) for m in sorted(by_size))
        lowest, highest = ordered[0], ordered[-1]
        if cpu_bound is not None:
            share = check_fraction(cpu_bound, field("cpu_bound"))
            return cls(
                ordered,
                threads,
                share,
                CpuBoundSource.STATED,
                _anchored(lowest, share, threads),
                _anchored(highest, share, threads),
            )
        fitted = _fit(ordered, threads) if len(ordered) > 1 else None
        if fitted is None:
            share = DEFAULT_CPU_BOUND
            return cls(
                ordered,
                threads,
                share,
                CpuBoundSource.DEFAULT,
                _anchored(lowest, share, threads),
                _anchored(highest, share, threads),
            )
        low_share = _share_at(fitted, lowest.memory_mb, threads)
        high_share = _share_at(fitted, highest.memory_mb, threads)
        return cls(
            ordered,
            threads,
            low_share.quantize(Decimal("0.0001")),
            CpuBoundSource.FITTED,
            _anchored(lowest, low_share, threads),
            _anchored(highest, high_share, threads),
        )

    @property
    def recommendation_basis(self) -> RecommendationBasis:
        if len(self.points) > 1:
            return RecommendationBasis.MEASURED
        if self.cpu_bound_source is CpuBoundSource.STATED:
            return RecommendationBasis.GIVEN
        return RecommendationBasis.ASSUMED

    def predict(self, memory_mb: int) -> tuple[Decimal, Basis]:
        """Average duration (ms, to the microsecond) at `memory_mb`, and where it comes from."""
        return self.predict_many((memory_mb,))[0]

    def predict_many(
        self, sizes_mb: Sequence[int], *, exact: bool = False
    ) -> list[tuple[Decimal, Basis]]:
        """`predict` for many sizes at once (the sweep's hot path). `exact` keeps every digit
        instead of the microsecond: for means of Billed Durations, which are billed as they
        are, so that sizes the model prices alike (a CPU-bound function below 1,769 MB) are
        not told apart by rounding."""
        measured = {p.memory_mb: p.duration_ms for p in self.points}
        low_mb, high_mb = self.points[0].memory_mb, self.points[-1].memory_mb
        cap_mb = ONE_VCPU_MB * self.threads
        below, above = self.below, self.above
        segments = list(pairwise(self.points))
        us = MICROSECOND_MS
        out: list[tuple[Decimal, Basis]] = []
        # Beyond the measured sizes the duration depends on the size only through the usable
        # MB (capped at the vCPUs' worth) and not at all without a CPU-bound part, so a run
        # of sizes with the same `(branch, usable MB)` shares one prediction, one object
        # (the pricing and the JSON rows reuse what they worked out for it).
        last_key: tuple[bool, int] | None = None
        last: tuple[Decimal, Basis] = (us, Basis.EXTRAPOLATED)
        for m in sizes_mb:
            hit = measured.get(m)
            if hit is not None:
                out.append((hit, Basis.MEASURED))
                continue
            if low_mb <= m <= high_mb:
                d = _interpolate(segments, m)
                if not exact:
                    d = d.quantize(us)
                out.append((d if d > us else us, Basis.INTERPOLATED))
                continue
            # (conditional expressions, not min/max: this loop runs 10,113 times a sweep)
            curve = below if m < low_mb else above
            usable_mb = m if m < cap_mb else cap_mb
            key = (curve is below, usable_mb if curve.cpu_ms_mb else 0)
            if key != last_key:
                d = curve.io_ms + curve.cpu_ms_mb / usable_mb
                if not exact:
                    d = d.quantize(us)
                last_key, last = key, (d if d > us else us, Basis.EXTRAPOLATED)
            out.append(last)
        return out


def _interpolate(segments: Sequence[tuple[Point, Point]], memory_mb: int) -> Decimal:
    """Along d = a + b/m through the two measured neighbours of `memory_mb`."""
    for lo, hi in segments:
        if lo.memory_mb < memory_mb < hi.memory_mb:
            # b = (d_lo - d_hi) / (1/m_lo - 1/m_hi) = (d_lo - d_hi) * m_lo * m_hi / (m_hi - m_lo)
            b = (
                (lo.duration_ms - hi.duration_ms)
                * lo.memory_mb
                * hi.memory_mb
                / (hi.memory_mb - lo.memory_mb)
            )
            return lo.duration_ms + b * (Decimal(1) / memory_mb - Decimal(1) / lo.memory_mb)
    raise AssertionError(f"{memory_mb} MB is not between two measured points")  # pragma: no cover
