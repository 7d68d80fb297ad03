"""Memory right-sizing: predict duration and cost at each memory size, and pick one.

Pure core: no I/O, no printing, nothing from typer, rich, yaml or pydantic.

The duration model
------------------
Lambda gives a function CPU in proportion to its memory: at 1,769 MB it has one vCPU's worth,
and at 10,240 MB about 5.8 (AWS allocates 6 cores there). A function's duration is split in two:

* a CPU-bound share ``cpu_bound`` (0..1) that runs faster with more CPU, and
* the rest (waiting on the network, disks, other services), which memory does not change.

The CPU a function can use at ``memory_mb`` is ``min(memory_mb / 1769, threads)`` vCPUs: a
single-threaded function (``threads=1``) stops gaining at 1,769 MB; one with N threads keeps
gaining until N vCPUs, and with 6 or more threads all the way to 10,240 MB. From one measured
point (``m0``, ``d0``)::

    d(m) = d0 * ((1 - cpu_bound) + cpu_bound * usable(m0) / usable(m))
    usable(m) = min(m, 1769 * threads)          (in MB of CPU share; the 1/1769 cancels)

so predicted duration never rises with memory, and with ``cpu_bound = 0`` it is flat (only the
price per millisecond grows).

With several measured points, a size between two of them is interpolated along
``d = a + b/m`` through both neighbours (the shape a CPU-bound function has); a size beyond
them is extrapolated from the nearest point with the model fitted to all points (least squares
of ``d = io_ms + cpu_ms_mb / usable(m)``, both terms kept non-negative), and marked
``Basis.EXTRAPOLATED``. A stated ``cpu_bound`` overrides the fitted share.

Predicted durations are kept to the microsecond; billing rounds them up to whole milliseconds.

Costs
-----
Prices enter as plain Decimal rates (`Rates`), so this module needs no price book. The cost of one
invocation is ``request_usd + billed GB-s * first-tier rate`` (+ ephemeral storage above the free
512 MB). The monthly cost applies the workload's requests, deducts the always-free allowance
(1M requests and 400,000 GB-s) and walks the duration tiers, all in closed form per size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from enum import Enum
from itertools import pairwise
from typing import NamedTuple

from lambdacalc.errors import InputError
from lambdacalc.units import parse_duration_ms

MIN_MEMORY_MB = 128
MAX_MEMORY_MB = 10_240
ONE_VCPU_MB = 1769  # memory at which a function has one vCPU's worth of CPU
FREE_EPHEMERAL_MB = 512
POWER_TUNING_DEFAULT_SIZES_MB: tuple[int, ...] = (128, 256, 512, 1024, 1536, 2048, 3008)
SWEEP_SIZES_MB: tuple[int, ...] = tuple(range(MIN_MEMORY_MB, MAX_MEMORY_MB + 1))
DEFAULT_CPU_BOUND = Decimal(1)
DEFAULT_HEADROOM = Decimal("0.2")
DEFAULT_BALANCED_WEIGHT = Decimal("0.5")

_MICROSECOND_MS = Decimal("0.001")
_ONE = Decimal(1)
_ZERO = Decimal(0)
_MB_MS_PER_GB_S = Decimal(1024 * 1000)
_GB_S_PER_MB_MS = 1 / _MB_MS_PER_GB_S  # 9.765625E-7, exact


class Strategy(str, Enum):
    """How to choose among the sizes (Power Tuning's three, plus a latency budget)."""

    COST = "cost"  # cheapest per invocation; ties go to the faster
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


# --- input checks ------------------------------------------------------------------------------


def check_memory_mb(value: int | Decimal | str, what: str = "memory size") -> int:
    """A Lambda memory size: whole MB from 128 to 10,240."""
    try:
        number = Decimal(str(value).strip().removesuffix("MB").removesuffix("mb").strip())
    except InvalidOperation:
        raise InputError(
            f"{what} '{value}' is not a number; give whole MB from 128 to 10240"
        ) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise InputError(f"{what} '{value}' is not whole MB; give whole MB from 128 to 10240")
    if not MIN_MEMORY_MB <= number <= MAX_MEMORY_MB:
        raise InputError(f"{what} {value} MB is outside Lambda's range; use 128 to 10240 MB")
    return int(number)


def parse_sizes(text: str) -> tuple[int, ...]:
    """'128,256, 1024' -> (128, 256, 1024), each checked."""
    parts = [p for p in (s.strip() for s in text.split(",")) if p]
    if not parts:
        raise InputError(f"--sizes '{text}' lists no sizes; give MB values such as 128,512,1024")
    return tuple(check_memory_mb(p, "size") for p in parts)


def parse_measured(text: str, bare_unit: str = "ms") -> Point:
    """'128=2500ms' -> Point(128, 2500). A bare duration is in `bare_unit`."""
    memory, sep, duration = text.partition("=")
    if not sep or not memory.strip() or not duration.strip():
        raise InputError(
            f"--measured '{text}' is not MEMORY=DURATION; write it like 128=2500ms or 1024=0.3s"
        )
    memory_mb = check_memory_mb(memory, "measured size")
    try:
        duration_ms = parse_duration_ms(duration, bare_unit=bare_unit)
    except ValueError as exc:
        raise InputError(f"--measured '{text}': {exc}") from None
    return Point(memory_mb, check_duration_ms(duration_ms, f"--measured '{text}'"))


def check_duration_ms(duration_ms: Decimal, what: str) -> Decimal:
    if not duration_ms.is_finite() or duration_ms <= 0:
        raise InputError(f"{what}: a duration must be more than 0 ms")
    if duration_ms > 900_000:
        raise InputError(f"{what}: {duration_ms} ms is beyond Lambda's 15-minute timeout")
    return duration_ms


def check_fraction(value: Decimal, what: str) -> Decimal:
    if not value.is_finite() or not _ZERO <= value <= _ONE:
        raise InputError(f"{what} {value} is outside 0..1; give a share such as 0.9")
    return value


# --- the duration model ------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One measured (or stated) average duration at one memory size."""

    memory_mb: int
    duration_ms: Decimal


@dataclass(frozen=True)
class _Curve:
    """d(m) = io_ms + cpu_ms_mb / min(m, cap_mb): one branch of the model."""

    io_ms: Decimal
    cpu_ms_mb: Decimal


def _usable_mb(memory_mb: int, threads: int) -> int:
    return min(memory_mb, ONE_VCPU_MB * threads)


def _anchored(point: Point, cpu_bound: Decimal, threads: int) -> _Curve:
    """The model through `point` with the given CPU-bound share."""
    d0 = point.duration_ms
    return _Curve(d0 * (_ONE - cpu_bound), d0 * cpu_bound * _usable_mb(point.memory_mb, threads))


def _fit(points: Sequence[Point], threads: int) -> _Curve | None:
    """Least squares of d = io + k*x, x = 1/usable(m), with io, k >= 0; None if x never varies."""
    usable = [_usable_mb(p.memory_mb, threads) for p in points]
    if len(set(usable)) == 1:
        return None
    xs = [_ONE / u for u in usable]
    ds = [p.duration_ms for p in points]
    n = Decimal(len(points))
    mean_x = sum(xs, _ZERO) / n
    mean_d = sum(ds, _ZERO) / n
    sxx = sum(((x - mean_x) ** 2 for x in xs), _ZERO)
    sxd = sum(((x - mean_x) * (d - mean_d) for x, d in zip(xs, ds, strict=True)), _ZERO)
    k = sxd / sxx
    io = mean_d - k * mean_x
    if k < 0:  # durations that rise with memory: noise; nothing scales with CPU
        return _Curve(mean_d, _ZERO)
    if io < 0:  # more than fully CPU-bound: pin the constant part at zero
        k = sum((x * d for x, d in zip(xs, ds, strict=True)), _ZERO) / sum(
            (x * x for x in xs), _ZERO
        )
        return _Curve(_ZERO, k)
    return _Curve(io, k)


def _share_at(curve: _Curve, memory_mb: int, threads: int) -> Decimal:
    cpu_ms = curve.cpu_ms_mb / _usable_mb(memory_mb, threads)
    total = curve.io_ms + cpu_ms
    return cpu_ms / total if total > 0 else _ZERO


@dataclass(frozen=True)
class DurationModel:
    """Predicts the average duration at any memory size from measured points.

    Build it with `DurationModel.build`. `cpu_bound` is the share used for extrapolation
    (stated, the default 1.0, or fitted at the smallest measured point).
    """

    points: tuple[Point, ...]  # sorted by memory, no duplicates
    threads: int
    cpu_bound: Decimal
    cpu_bound_source: CpuBoundSource
    _below: _Curve
    _above: _Curve

    @classmethod
    def build(
        cls, points: Iterable[Point], *, cpu_bound: Decimal | None = None, threads: int = 1
    ) -> DurationModel:
        if threads < 1:
            raise InputError(f"--threads {threads} must be 1 or more")
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
            raise InputError("no measured duration; give --duration and --memory, or --measured")
        ordered = tuple(Point(m, by_size[m]) for m in sorted(by_size))
        lowest, highest = ordered[0], ordered[-1]
        if cpu_bound is not None:
            share = check_fraction(cpu_bound, "--cpu-bound")
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

    def predict(self, memory_mb: int) -> tuple[Decimal, Basis]:
        """Average duration (ms, to the microsecond) at `memory_mb`, and where it comes from."""
        return self.predict_many((memory_mb,))[0]

    def predict_many(self, sizes_mb: Sequence[int]) -> list[tuple[Decimal, Basis]]:
        """`predict` for many sizes at once (the sweep's hot path)."""
        measured = {p.memory_mb: p.duration_ms for p in self.points}
        low_mb, high_mb = self.points[0].memory_mb, self.points[-1].memory_mb
        cap_mb = ONE_VCPU_MB * self.threads
        below, above = self._below, self._above
        segments = list(pairwise(self.points))
        us = _MICROSECOND_MS
        out: list[tuple[Decimal, Basis]] = []
        for m in sizes_mb:
            hit = measured.get(m)
            if hit is not None:
                out.append((hit, Basis.MEASURED))
            elif m < low_mb:
                d = below.io_ms + below.cpu_ms_mb / min(m, cap_mb)
                out.append((d.quantize(us), Basis.EXTRAPOLATED))
            elif m > high_mb:
                d = above.io_ms + above.cpu_ms_mb / min(m, cap_mb)
                out.append((d.quantize(us), Basis.EXTRAPOLATED))
            else:
                out.append((_interpolate(segments, m).quantize(us), Basis.INTERPOLATED))
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


# --- candidate sizes and the memory floor ------------------------------------------------------


def candidate_sizes(
    *,
    current_mb: int | None = None,
    measured_mb: Iterable[int] = (),
    explicit_mb: Sequence[int] | None = None,
    sweep: bool = False,
) -> tuple[int, ...]:
    """The sizes to compare, ascending.

    Power Tuning's defaults plus the measured sizes, or the explicit list, or every size from
    128 to 10,240 MB (`sweep`); the current size is always included, as the baseline.
    """
    if explicit_mb is not None and sweep:
        raise InputError("--sizes and --sweep both choose the sizes; give one of them")
    if sweep:
        return SWEEP_SIZES_MB
    chosen = set(explicit_mb) if explicit_mb is not None else set(POWER_TUNING_DEFAULT_SIZES_MB)
    if explicit_mb is None:
        chosen.update(measured_mb)
    if current_mb is not None:
        chosen.add(current_mb)
    return tuple(sorted(chosen))


@dataclass(frozen=True)
class MemoryFloor:
    """No size below max_memory_used_mb * (1 + headroom) is recommended."""

    max_memory_used_mb: Decimal
    headroom: Decimal = DEFAULT_HEADROOM

    def __post_init__(self) -> None:
        used = self.max_memory_used_mb
        if not used.is_finite() or used <= 0:
            raise InputError(f"--max-memory-used {used} must be more than 0 MB")
        if used > MAX_MEMORY_MB:
            raise InputError(
                f"--max-memory-used {used} MB is above Lambda's 10240 MB maximum; "
                f"give the Max Memory Used from the REPORT lines"
            )
        if not self.headroom.is_finite() or self.headroom < 0:
            raise InputError(f"--headroom {self.headroom} must be 0 or more (0.2 = 20%)")

    @property
    def floor_mb(self) -> Decimal:
        return self.max_memory_used_mb * (_ONE + self.headroom)

    def describe(self) -> str:
        pct = (self.headroom * 100).normalize()
        return (
            f"{self.max_memory_used_mb.normalize():f} MB used + {pct:f}% headroom = "
            f"{_fmt_mb(self.floor_mb)} MB"
        )


def _fmt_mb(mb: Decimal) -> str:
    return f"{mb.quantize(Decimal('0.1')).normalize():f}"


# --- prices and the workload -------------------------------------------------------------------


@dataclass(frozen=True)
class Rates:
    """The prices sizing needs, as plain Decimals (the CLI fills them from the price book).

    `duration_tiers` are (cumulative upper bound in GB-s or None for the last, USD per GB-s).
    """

    request_usd: Decimal
    duration_tiers: tuple[tuple[Decimal | None, Decimal], ...]
    ephemeral_usd_per_gb_s: Decimal = _ZERO
    free_requests: Decimal = Decimal(1_000_000)
    free_gb_s: Decimal = Decimal(400_000)

    def __post_init__(self) -> None:
        if not self.duration_tiers or self.duration_tiers[-1][0] is not None:
            raise InputError("duration tiers must be non-empty and end open (up_to_gb_s None)")


@dataclass(frozen=True)
class Workload:
    requests_per_month: Decimal = _ZERO
    ephemeral_storage_mb: int = FREE_EPHEMERAL_MB

    def __post_init__(self) -> None:
        if not self.requests_per_month.is_finite() or self.requests_per_month < 0:
            raise InputError(f"--requests-per-month {self.requests_per_month} must be 0 or more")


def tiered_duration_usd(billable_gb_s: Decimal, rates: Rates) -> Decimal:
    """Walk the tiers: each GB-s is priced at the rate of the tier it falls in."""
    total = _ZERO
    floor = _ZERO
    for up_to, rate in rates.duration_tiers:
        if up_to is None or billable_gb_s <= up_to:
            return total + (billable_gb_s - floor) * rate
        total += (up_to - floor) * rate
        floor = up_to
    return total  # pragma: no cover  (the last tier is open)


# --- the comparison ----------------------------------------------------------------------------


class SizeOption(NamedTuple):
    """One memory size, costed.

    A NamedTuple rather than a frozen dataclass: a sweep creates 10,113 of them, and a frozen
    dataclass's __init__ costs about 1 µs each, a third of the sweep's time budget.
    """

    memory_mb: int
    duration_ms: Decimal
    billed_ms: Decimal
    basis: Basis
    gb_s_per_invocation: Decimal
    cost_per_invocation_usd: Decimal
    monthly_usd: Decimal
    excluded_reason: str | None = None

    @property
    def extrapolated(self) -> bool:
        return self.basis is Basis.EXTRAPOLATED

    @property
    def eligible(self) -> bool:
        return self.excluded_reason is None

    @property
    def cost_per_million_usd(self) -> Decimal:
        return self.cost_per_invocation_usd * 1_000_000


@dataclass(frozen=True)
class Recommendation:
    option: SizeOption | None  # None when no size qualifies
    reason: str  # one sentence


@dataclass(frozen=True)
class Comparison:
    options: tuple[SizeOption, ...]  # ascending memory
    baseline: SizeOption  # the current size (or the smallest measured one)
    strategy: Strategy
    balanced_weight: Decimal
    max_duration_ms: Decimal | None
    floor: MemoryFloor | None
    model: DurationModel
    recommendation: Recommendation

    def option(self, memory_mb: int) -> SizeOption:
        for o in self.options:
            if o.memory_mb == memory_mb:
                return o
        raise KeyError(memory_mb)


def cost_options(
    model: DurationModel,
    sizes_mb: Sequence[int],
    rates: Rates,
    workload: Workload,
    *,
    floor: MemoryFloor | None = None,
    max_duration_ms: Decimal | None = None,
) -> list[SizeOption]:
    """Cost every size: duration, billed ms, cost per invocation and per month, exclusions."""
    request_usd = rates.request_usd
    first_rate = rates.duration_tiers[0][1]
    free_requests, free_gb_s = rates.free_requests, rates.free_gb_s
    n = workload.requests_per_month
    billable_requests_usd = max(_ZERO, n - free_requests) * request_usd
    extra_storage_mb = max(0, workload.ephemeral_storage_mb - FREE_EPHEMERAL_MB)
    # ephemeral: billed ms * extra MB -> GB-s, at its own rate, no free allowance
    storage_usd_per_ms = extra_storage_mb * _GB_S_PER_MB_MS * rates.ephemeral_usd_per_gb_s
    tiers = rates.duration_tiers
    single_tier = len(tiers) == 1
    floor_mb = floor.floor_mb if floor is not None else None
    floor_reason = f"below the memory floor ({floor.describe()})" if floor is not None else ""
    ceiling = ROUND_CEILING

    out: list[SizeOption] = []
    for m, (duration_ms, basis) in zip(sizes_mb, model.predict_many(sizes_mb), strict=True):
        billed_ms = duration_ms.to_integral_value(rounding=ceiling)
        gb_s = billed_ms * m * _GB_S_PER_MB_MS
        per_inv = request_usd + gb_s * first_rate
        if storage_usd_per_ms:
            per_inv += billed_ms * storage_usd_per_ms
        if n:
            billable_gb_s = n * gb_s - free_gb_s
            if billable_gb_s <= 0:
                duration_usd = _ZERO
            elif single_tier or billable_gb_s <= tiers[0][0]:  # type: ignore[operator]
                duration_usd = billable_gb_s * first_rate
            else:
                duration_usd = tiered_duration_usd(billable_gb_s, rates)
            monthly = billable_requests_usd + duration_usd
            if storage_usd_per_ms:
                monthly += n * billed_ms * storage_usd_per_ms
        else:
            monthly = _ZERO
        reason = None
        if floor_mb is not None and m < floor_mb:
            reason = floor_reason
        elif max_duration_ms is not None and duration_ms > max_duration_ms:
            reason = f"slower than the {max_duration_ms.normalize():f} ms budget"
        out.append(SizeOption(m, duration_ms, billed_ms, basis, gb_s, per_inv, monthly, reason))
    return out


_RankKey = Callable[[SizeOption], tuple[Decimal | int, ...]]


def _rank_key(strategy: Strategy, weight: Decimal, eligible: Sequence[SizeOption]) -> _RankKey:
    """A sort key for `strategy` (smaller is better); ties end at the smaller size."""
    if strategy is Strategy.COST or strategy is Strategy.MAX_DURATION:
        return lambda o: (o.cost_per_invocation_usd, o.duration_ms, o.memory_mb)
    if strategy is Strategy.SPEED:
        return lambda o: (o.duration_ms, o.cost_per_invocation_usd, o.memory_mb)
    if strategy is Strategy.BALANCED:
        max_cost = max(o.cost_per_invocation_usd for o in eligible) or _ONE
        max_duration = max(o.duration_ms for o in eligible) or _ONE
        cost_w, duration_w = weight / max_cost, (_ONE - weight) / max_duration
        return lambda o: (
            cost_w * o.cost_per_invocation_usd + duration_w * o.duration_ms,
            o.cost_per_invocation_usd,
            o.memory_mb,
        )
    raise AssertionError(strategy)  # pragma: no cover


def rank(
    options: Sequence[SizeOption],
    strategy: Strategy,
    balanced_weight: Decimal = DEFAULT_BALANCED_WEIGHT,
) -> list[SizeOption]:
    """The eligible options, best first, by `strategy`."""
    eligible = [o for o in options if o.eligible]
    if not eligible:
        return []
    return sorted(eligible, key=_rank_key(strategy, balanced_weight, eligible))


def compare(
    model: DurationModel,
    sizes_mb: Sequence[int],
    rates: Rates,
    workload: Workload,
    *,
    strategy: Strategy = Strategy.COST,
    balanced_weight: Decimal = DEFAULT_BALANCED_WEIGHT,
    max_duration_ms: Decimal | None = None,
    floor: MemoryFloor | None = None,
    baseline_mb: int | None = None,
) -> Comparison:
    """Cost every size, rank the eligible ones by `strategy`, and recommend one with a reason.

    The baseline (the current size; by default the smallest measured one) is added to the
    sizes if missing, so every row can be read relative to it.
    """
    check_fraction(balanced_weight, "--balanced-weight")
    if strategy is Strategy.MAX_DURATION and max_duration_ms is None:
        raise InputError("--strategy max-duration needs a budget; add --max-duration 500ms")
    if max_duration_ms is not None:
        check_duration_ms(max_duration_ms, "--max-duration")
    base_mb = baseline_mb if baseline_mb is not None else model.points[0].memory_mb
    sizes = list(sizes_mb)
    if base_mb not in sizes:
        sizes = sorted([*sizes, base_mb])
    for m in sizes:
        if not MIN_MEMORY_MB <= m <= MAX_MEMORY_MB:
            raise InputError(f"size {m} MB is outside Lambda's range; use 128 to 10240 MB")
    options = cost_options(
        model, sizes, rates, workload, floor=floor, max_duration_ms=max_duration_ms
    )
    baseline = next(o for o in options if o.memory_mb == base_mb)
    ranked = rank(options, strategy, balanced_weight)
    if ranked:
        recommendation = Recommendation(ranked[0], reason_sentence(ranked[0], baseline, strategy))
    else:
        recommendation = Recommendation(None, _nothing_qualifies(options, floor, max_duration_ms))
    return Comparison(
        tuple(options),
        baseline,
        strategy,
        balanced_weight,
        max_duration_ms,
        floor,
        model,
        recommendation,
    )


_STRATEGY_PHRASE = {
    Strategy.COST: "the cheapest per invocation",
    Strategy.SPEED: "the fastest",
    Strategy.BALANCED: "the best balance of cost and speed",
    Strategy.MAX_DURATION: "the cheapest within the duration budget",
}


def strategy_phrase(strategy: Strategy) -> str:
    return _STRATEGY_PHRASE[strategy]


def speed_phrase(option: SizeOption, baseline: SizeOption) -> str:
    """'8.3× faster', '4% slower', 'as fast'."""
    if option.duration_ms == baseline.duration_ms:
        return "as fast"
    if option.duration_ms < baseline.duration_ms:
        ratio = baseline.duration_ms / option.duration_ms
        if ratio >= Decimal("1.1"):
            return f"{ratio.quantize(Decimal('0.1'))}× faster"
        return f"{_pct(_ONE - option.duration_ms / baseline.duration_ms)} faster"
    ratio = option.duration_ms / baseline.duration_ms
    if ratio >= Decimal("1.1"):
        return f"{ratio.quantize(Decimal('0.1'))}× slower"
    return f"{_pct(ratio - _ONE)} slower"


def cost_phrase(option: SizeOption, baseline: SizeOption) -> str:
    """'4% cheaper', '2.1× dearer', 'the same cost' (per invocation)."""
    new, old = option.cost_per_invocation_usd, baseline.cost_per_invocation_usd
    if new == old:
        return "the same cost"
    if new < old:
        return f"{_pct(_ONE - new / old)} cheaper"
    ratio = new / old
    if ratio >= 2:
        return f"{ratio.quantize(Decimal('0.1'))}× dearer"
    return f"{_pct(ratio - _ONE)} dearer"


def _pct(share: Decimal) -> str:
    pct = share * 100
    if pct < 1:
        return f"{pct.quantize(Decimal('0.1'))}%"
    return f"{pct.quantize(_ONE)}%"


def reason_sentence(option: SizeOption, baseline: SizeOption, strategy: Strategy) -> str:
    """'1024 MB: 8.3× faster and 4% cheaper per invocation than 128 MB'."""
    if option.memory_mb == baseline.memory_mb:
        return (
            f"{option.memory_mb} MB: the current size is already {strategy_phrase(strategy)} "
            f"of the sizes compared"
        )
    cost = cost_phrase(option, baseline)
    than = "as" if cost == "the same cost" else "than"  # "the same cost as", "4% cheaper than"
    sentence = (
        f"{option.memory_mb} MB: {speed_phrase(option, baseline)} and "
        f"{cost} per invocation {than} {baseline.memory_mb} MB"
    )
    if not baseline.eligible:
        sentence += f", which is {baseline.excluded_reason}"
    return sentence


def _nothing_qualifies(
    options: Sequence[SizeOption], floor: MemoryFloor | None, max_duration_ms: Decimal | None
) -> str:
    if floor is not None and all(o.memory_mb < floor.floor_mb for o in options):
        return (
            f"no size compared reaches the memory floor ({floor.describe()}); "
            f"compare larger sizes or lower the headroom"
        )
    allowed = [o for o in options if floor is None or o.memory_mb >= floor.floor_mb]
    fastest = min(allowed, key=lambda o: (o.duration_ms, o.memory_mb))
    budget = f"{max_duration_ms.normalize():f}" if max_duration_ms is not None else "?"
    return (
        f"no size meets the {budget} ms budget; the fastest allowed, {fastest.memory_mb} MB, "
        f"takes {fastest.duration_ms.normalize():f} ms"
    )
