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

What a recommendation rests on (`RecommendationBasis`): two or more measured sizes pick only a
measured or interpolated size (a better extrapolated one is "worth measuring"); one size and a
stated ``cpu_bound`` pick from the model; one size and nothing else keep the current size and
give the picks at ``cpu_bound`` 1 and 0 as bounds. Ties in cost go by `_tie_rule`.

Predicted durations are kept to the microsecond (at least 1 µs: a duration is never 0); billing
rounds them up to whole milliseconds. A duration that is already a mean of Billed Durations
(`FunctionWorkload.duration_billed`) is not rounded up again, at any size (see `billed_ms`), so its
predictions keep every digit.

Costs
-----
Sizing prices with the billing engine's own rules: the function workload
(`lambdacalc.workload.FunctionWorkload`, its own duration the current one) and its rate card
(`lambdacalc.cost.rates.RateCard`), through `lambdacalc.cost.sweep`'s closed form. The cost of
one invocation is ``requests billed * request_usd + billed GB-s * first-tier rate`` (+ ephemeral
storage above the free 512 MB): the on-demand list price, before the free tier, the volume
tiers and any Savings Plan. The monthly cost is the function's bill as `lambdacalc.cost.price`
makes it for a one-function account; tests/test_sweep_equivalence.py runs the same tests on
both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal
from enum import Enum
from itertools import pairwise
from typing import NamedTuple

from lambdacalc import limits
from lambdacalc.cost.rates import RateCard
from lambdacalc.cost.rules import (
    has_init,
    plan_commitment_usd,
    requests_per_invocation,
    snapstart_charged,
    streamed_gb,
)
from lambdacalc.cost.sweep import price_sizes, ranks_by_month
from lambdacalc.errors import InputError
from lambdacalc.units import MICROSECOND_MS, ONE, ZERO, parse_memory_mb
from lambdacalc.workload import FunctionWorkload

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
        below, above = self._below, self._above
        segments = list(pairwise(self.points))
        us = MICROSECOND_MS
        out: list[tuple[Decimal, Basis]] = []
        for m in sizes_mb:
            hit = measured.get(m)
            if hit is not None:
                out.append((hit, Basis.MEASURED))
                continue
            # (conditional expressions, not min/max: this loop runs 10,113 times a sweep)
            usable_mb = m if m < cap_mb else cap_mb
            if m < low_mb:
                d = below.io_ms + below.cpu_ms_mb / usable_mb
                basis = Basis.EXTRAPOLATED
            elif m > high_mb:
                d = above.io_ms + above.cpu_ms_mb / usable_mb
                basis = Basis.EXTRAPOLATED
            else:
                d = _interpolate(segments, m)
                basis = Basis.INTERPOLATED
            if not exact:
                d = d.quantize(us)
            out.append((d if d > us else us, basis))
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
        return self.max_memory_used_mb * (ONE + self.headroom)

    def describe(self) -> str:
        pct = (self.headroom * 100).normalize()
        return (
            f"{self.max_memory_used_mb.normalize():f} MB used + {pct:f}% headroom = "
            f"{_fmt_mb(self.floor_mb)} MB"
        )


def _fmt_mb(mb: Decimal) -> str:
    return f"{mb.quantize(Decimal('0.1')).normalize():f}"


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


class Provenance(NamedTuple):
    """What a comparison's report says about where its inputs came from."""

    region: str
    architecture: str
    requests_per_month: Decimal | None
    prices: str
    source: str  # "flags", "scenario api (file.yaml)", "power tuning (results.json)"


@dataclass(frozen=True)
class Recommendation:
    option: SizeOption | None  # None when no size qualifies
    reason: str  # one sentence
    basis: RecommendationBasis = RecommendationBasis.GIVEN
    # basis `assumed`: the picks if the duration scales with CPU (cpu_bound 1) and if it does
    # not (cpu_bound 0), each costed by its own model; None when no size qualifies that way
    if_cpu_bound: SizeOption | None = None
    if_io_bound: SizeOption | None = None
    # basis `measured`: an extrapolated size that ranks ahead of the pick
    worth_measuring: SizeOption | None = None
    to_measure: str = ""  # one sentence: what to measure next ("" when nothing)


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
    by_month: bool = False  # the cost strategies compared monthly costs (`compares_months`)
    notes: tuple[str, ...] = ()  # how the workload was priced, for the report
    warnings: tuple[str, ...] = ()  # e.g. a Savings Plan commitment above the eligible usage

    def option(self, memory_mb: int) -> SizeOption:
        for o in self.options:
            if o.memory_mb == memory_mb:
                return o
        raise KeyError(memory_mb)


def cost_options(
    model: DurationModel,
    sizes_mb: Sequence[int],
    card: RateCard,
    fn: FunctionWorkload,
    *,
    floor: MemoryFloor | None = None,
    max_duration_ms: Decimal | None = None,
    over_committed: list[int] | None = None,
) -> list[SizeOption]:
    """Cost every size (`lambdacalc.cost.sweep`): duration, billed ms, cost per invocation and
    per month, exclusions. `over_committed` collects the sizes where a Savings Plan
    commitment exceeds the usage."""
    predicted = model.predict_many(sizes_mb, exact=fn.duration_billed)
    costs = price_sizes(card, fn, sizes_mb, [d for d, _ in predicted], over_committed)
    floor_mb = floor.floor_mb if floor is not None else None
    floor_reason = f"below the memory floor ({floor.describe()})" if floor is not None else ""
    out: list[SizeOption] = []
    for m, (duration_ms, basis), (billed, gb_s, per_inv, monthly) in zip(
        sizes_mb, predicted, costs, strict=True
    ):
        reason = None
        if floor_mb is not None and m < floor_mb:
            reason = floor_reason
        elif max_duration_ms is not None and duration_ms > max_duration_ms:
            reason = f"slower than the {max_duration_ms.normalize():f} ms budget"
        out.append(SizeOption(m, duration_ms, billed, basis, gb_s, per_inv, monthly, reason))
    return out


_RankKey = Callable[[SizeOption], tuple[Decimal | int | bool, ...]]
# Costs are compared to 20 significant digits: Decimal's last digits of two sizes the model
# prices alike (the same GB-s per call) differ by division noise, which must not pick one.
_same_cost = Context(prec=20).plus


def _same_duration(duration_ms: Decimal) -> Decimal:
    """Durations are compared to the microsecond, the model's resolution: a prediction kept
    exact (for a mean of Billed Durations) must not win on a sub-µs difference."""
    return duration_ms.quantize(MICROSECOND_MS)


def _tie_rule(current_mb: int | None) -> _RankKey:
    """THE tie rule, for every strategy that ranks by cost: among options of the same cost (to
    `_same_cost`'s 20 digits, per invocation or per month, whichever is compared) the fastest
    wins (to the microsecond); among the fastest equals the current size is kept; then the
    smaller size. So no recommendation is slower for no saving."""
    d = _same_duration
    last = _last_resort(current_mb)
    return lambda o: (d(o.duration_ms), *last(o))


def _last_resort(current_mb: int | None) -> _RankKey:
    """Between options equal in everything a strategy compares: the current size, then the
    smaller."""
    return lambda o: (o.memory_mb != current_mb, o.memory_mb)


def _rank_key(
    strategy: Strategy,
    weight: Decimal,
    eligible: Sequence[SizeOption],
    by_month: bool,
    current_mb: int | None = None,
) -> _RankKey:
    """A sort key for `strategy` (smaller is better). The cost strategies compare monthly costs
    when `by_month`, else costs per invocation, and break ties by `_tie_rule`."""
    c = _same_cost
    tie = _tie_rule(current_mb)
    last = _last_resort(current_mb)
    if strategy is Strategy.COST or strategy is Strategy.MAX_DURATION:
        if by_month:
            return lambda o: (c(o.monthly_usd), *tie(o))
        return lambda o: (c(o.cost_per_invocation_usd), *tie(o))
    if strategy is Strategy.SPEED:
        d = _same_duration
        if by_month:
            return lambda o: (
                d(o.duration_ms),
                c(o.monthly_usd),
                c(o.cost_per_invocation_usd),
                *last(o),
            )
        return lambda o: (d(o.duration_ms), c(o.cost_per_invocation_usd), *last(o))
    if strategy is Strategy.BALANCED:
        max_duration = max(o.duration_ms for o in eligible) or ONE
        duration_w = (ONE - weight) / max_duration
        if by_month:
            month_w = weight / (max(o.monthly_usd for o in eligible) or ONE)
            return lambda o: (
                month_w * o.monthly_usd + duration_w * o.duration_ms,
                o.cost_per_invocation_usd,
                *last(o),
            )
        cost_w = weight / (max(o.cost_per_invocation_usd for o in eligible) or ONE)
        return lambda o: (
            cost_w * o.cost_per_invocation_usd + duration_w * o.duration_ms,
            o.cost_per_invocation_usd,
            *last(o),
        )
    raise AssertionError(strategy)  # pragma: no cover


def rank(
    options: Sequence[SizeOption],
    strategy: Strategy,
    balanced_weight: Decimal = DEFAULT_BALANCED_WEIGHT,
    *,
    by_month: bool = False,
    current_mb: int | None = None,
) -> list[SizeOption]:
    """The eligible options, best first, by `strategy`."""
    eligible = [o for o in options if o.eligible]
    if not eligible:
        return []
    return sorted(
        eligible, key=_rank_key(strategy, balanced_weight, eligible, by_month, current_mb)
    )


def compare(
    model: DurationModel,
    sizes_mb: Sequence[int],
    card: RateCard,
    fn: FunctionWorkload,
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
    requests = fn.requests_per_month
    if not requests.is_finite() or requests < 0:
        raise InputError(f"--requests-per-month {requests} must be 0 or more")
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
    over_committed: list[int] = []
    options = cost_options(
        model,
        sizes,
        card,
        fn,
        floor=floor,
        max_duration_ms=max_duration_ms,
        over_committed=over_committed,
    )
    baseline = next(o for o in options if o.memory_mb == base_mb)
    by_month = compares_months(card, fn)
    ranked = rank(options, strategy, balanced_weight, by_month=by_month, current_mb=base_mb)
    basis = model.recommendation_basis
    if basis is RecommendationBasis.ASSUMED:
        io_model = DurationModel.build(model.points, cpu_bound=ZERO, threads=model.threads)
        io_options = cost_options(
            io_model, sizes, card, fn, floor=floor, max_duration_ms=max_duration_ms
        )
        io_ranked = rank(
            io_options, strategy, balanced_weight, by_month=by_month, current_mb=base_mb
        )
        recommendation = _assumed_recommendation(
            baseline,
            ranked[0] if ranked else None,
            io_ranked[0] if io_ranked else None,
            by_month,
            _nothing_qualifies(options, floor, max_duration_ms),
        )
    elif basis is RecommendationBasis.MEASURED:
        pick = next((o for o in ranked if not o.extrapolated), None)
        ahead = ranked[0] if ranked and ranked[0] is not pick else None
        if pick is not None:
            reason = reason_sentence(pick, baseline, strategy, by_month=by_month)
        elif ranked:
            reason = (
                "no measured or interpolated size qualifies; only sizes beyond the measured "
                "ones do, and those are predictions"
            )
        else:
            reason = _nothing_qualifies(options, floor, max_duration_ms)
        to_measure = ""
        if ahead is not None:
            than = pick if pick is not None else baseline
            to_measure = (
                f"Worth measuring: {ahead.memory_mb} MB, beyond the measured sizes, is predicted "
                f"{_versus(ahead, than, by_month)}; measure it before moving there."
            )
        recommendation = Recommendation(
            pick, reason, basis, worth_measuring=ahead, to_measure=to_measure
        )
    elif ranked:
        reason = reason_sentence(ranked[0], baseline, strategy, by_month=by_month)
        recommendation = Recommendation(ranked[0], reason, basis)
    else:
        recommendation = Recommendation(
            None, _nothing_qualifies(options, floor, max_duration_ms), basis
        )
    warnings = _over_commitment(card, over_committed, options, baseline)
    return Comparison(
        tuple(options),
        baseline,
        strategy,
        balanced_weight,
        max_duration_ms,
        floor,
        model,
        recommendation,
        by_month,
        pricing_notes(card, fn),
        warnings,
    )


def compares_months(card: RateCard, fn: FunctionWorkload) -> bool:
    """Whether the cost strategies compare monthly costs rather than costs per invocation: with
    charges that grow with memory beyond the calls (`lambdacalc.cost.sweep.ranks_by_month`),
    and with a Savings Plan commitment, which is paid whatever the usage, so that a size
    cheaper per call can cost the same a month."""
    plan = card.savings_plan
    committed = plan is not None and plan.commitment_usd_per_hour is not None
    return ranks_by_month(fn) or (committed and not card.edge)


def _versus(option: SizeOption, baseline: SizeOption, by_month: bool) -> str:
    """'2.0× faster and the same cost per invocation as 512 MB' ('a month' when monthly costs
    were compared and the current size costs something a month)."""
    monthly = by_month and baseline.monthly_usd > 0
    cost = cost_phrase(option, baseline, monthly)
    than = "as" if cost == "the same cost" else "than"  # "the same cost as", "4% cheaper than"
    return (
        f"{speed_phrase(option, baseline)} and {cost} {'a month' if monthly else 'per invocation'} "
        f"{than} {baseline.memory_mb} MB"
    )


def _bound_phrase(pick: SizeOption | None, baseline: SizeOption, by_month: bool) -> str:
    if pick is None:
        return "no size qualifies"
    if pick.memory_mb == baseline.memory_mb:
        return f"{pick.memory_mb} MB, the current size"
    return f"{pick.memory_mb} MB ({_versus(pick, baseline, by_month)})"


def _assumed_recommendation(
    baseline: SizeOption,
    if_cpu: SizeOption | None,
    if_io: SizeOption | None,
    by_month: bool,
    nothing: str,
) -> Recommendation:
    """One measured size and no CPU-bound share: keep the current size (or, when it is below the
    memory floor, take the least memory that fits, which needs no CPU speed-up), give the picks
    if CPU-bound and if I/O-bound as bounds, and say what to measure to choose between them."""
    unknown = "one measured size does not show how the duration changes with memory"
    cpu = _bound_phrase(if_cpu, baseline, by_month)
    io = _bound_phrase(if_io, baseline, by_month)
    bounds = (
        f"if the duration scales with CPU (cpu_bound 1): {cpu}; if it does not (cpu_bound 0): {io}"
    )
    if baseline.eligible:
        option: SizeOption | None = baseline
        reason = f"{baseline.memory_mb} MB: the current size is kept, since {unknown}; {bounds}"
    elif if_io is not None:
        option = if_io
        reason = (
            f"{if_io.memory_mb} MB: the least memory allowed, since {baseline.memory_mb} MB is "
            f"{baseline.excluded_reason} and {unknown}; {bounds}"
        )
    elif if_cpu is None:
        option = None
        reason = nothing  # whatever the CPU share: the floor or the budget rules all out
    else:
        option = None
        only = _bound_phrase(if_cpu, baseline, by_month)
        reason = (
            f"none: {baseline.memory_mb} MB is {baseline.excluded_reason}, and only if the "
            f"duration scales with CPU does a size qualify: {only}"
        )
    sizes = sorted({o.memory_mb for o in (if_cpu, if_io) if o is not None} - {baseline.memory_mb})
    if if_cpu is None and if_io is None:
        to_measure = ""  # nothing qualifies whatever the CPU share: measuring will not help
    elif not sizes:
        to_measure = (
            f"Both bounds keep {baseline.memory_mb} MB, so the advice does not hang on how "
            f"CPU-bound the function is."
        )
    else:
        at = " and ".join(f"{m} MB" for m in sizes)
        to_measure = (
            f"To decide, measure the average duration at {at} (or run AWS Lambda Power "
            f"Tuning) and give the durations with --measured MB=DURATION or --power-tuning "
            f"FILE (in a scenario, sizing.measured_durations_ms); or state --cpu-bound if you "
            f"know it."
        )
    return Recommendation(
        option,
        reason,
        RecommendationBasis.ASSUMED,
        if_cpu_bound=if_cpu,
        if_io_bound=if_io,
        to_measure=to_measure,
    )


def _over_commitment(
    card: RateCard,
    over_committed: Sequence[int],
    options: Sequence[SizeOption],
    baseline: SizeOption,
) -> tuple[str, ...]:
    """A warning where a Savings Plan commitment is more than the eligible usage at a size: the
    rest of the commitment is paid for nothing, and those sizes' months tie."""
    plan = card.savings_plan
    if not over_committed or plan is None or plan.commitment_usd_per_hour is None:
        return ()
    monthly = plan_commitment_usd(plan.commitment_usd_per_hour)
    if len(over_committed) == len(options):
        where = "every size compared"
    else:
        where = (
            f"{len(over_committed)} of the {len(options)} sizes compared "
            f"({over_committed[0]}–{over_committed[-1]} MB"
            + (", the current size among them)" if baseline.memory_mb in over_committed else ")")
        )
    return (
        f"The Savings Plan commitment (${_num(plan.commitment_usd_per_hour)}/h = "
        f"${monthly.quantize(Decimal('0.01')):,f} a month) is more than the eligible usage at "
        f"{where}: the excess is paid for nothing, so those sizes cost the same a month; "
        f"`lambdacalc cost` gives the commitment that minimises the bill",
    )


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def pricing_notes(card: RateCard, fn: FunctionWorkload) -> tuple[str, ...]:
    """One sentence for each way the workload is priced beyond requests and duration, so that
    nothing is priced differently from `lambdacalc cost` without the report saying how."""
    notes: list[str] = []
    pc = fn.provisioned
    snapstart = snapstart_charged(fn)
    charged_anyway = pc is not None or snapstart
    if fn.requests_per_month or charged_anyway:
        if card.edge:
            how = "at Lambda@Edge prices: one flat rate per GB-s, no volume tiers, no free tier"
        elif card.free_gb_s or card.free_requests:
            how = (
                "less the free tier (1M requests, 400,000 GB-s; those GB-s are the month's "
                "first, so they are credited at the first tier's rate), through its own "
                "volume tiers"
            )
        else:
            how = "without the free tier, through its own volume tiers"
        notes.append(
            f"Monthly is the bill `lambdacalc cost` makes for this function alone at each size, "
            f"{how}."
        )
    if card.edge:
        notes.append(
            "Lambda@Edge: its own request and GB-s prices, billed per 1 ms like Lambda, "
            "without the Savings Plan."
        )
    if fn.duration_billed:
        notes.append(
            "duration_billed: the duration is a mean of Billed Durations, so it is billed as "
            "it is, not rounded up to whole ms again; the model's mean at other sizes too "
            "(but at least 1 ms, the least an invocation is billed)."
        )
    if card.unpriced:
        notes.append(
            f"The price book has no {' or '.join(card.unpriced)} price here; the month needs "
            f"none, and the cost per invocation leaves it out."
        )
    k = requests_per_invocation(fn)
    if k > 1:
        notes.append(
            f"Each invocation's async event bills {k} requests (1 for its first 256 KB, 1 more "
            f"per 64 KB or part), in the cost per invocation too."
        )
    if pc is not None:
        pc_note = (
            f"Provisioned concurrency ({pc.environments} × {_num(pc.hours_per_month)} h) is "
            f"charged by memory at each size"
        )
        if pc.duration_ms is not None:
            pc_note += "; its stated duration scales with the model"
        notes.append(pc_note + ".")
    if snapstart:
        notes.append("SnapStart's cache and restores are charged by memory at each size.")
    if has_init(fn):
        notes.append(
            f"INIT ({_num(fn.cold_start_percent)}% cold starts × "
            f"{_num(fn.init_duration_ms)} ms) is taken as the same at every size and "
            f"billed by memory."
        )
    if ranks_by_month(fn):
        notes.append(
            "These charges grow with memory whatever the cost per invocation, so the cost "
            "strategies compare monthly costs."
        )
    elif compares_months(card, fn):
        notes.append(
            "The Savings Plan commitment is paid whatever the usage, so the cost strategies "
            "compare monthly costs."
        )
    if streamed_gb(fn):
        notes.append(
            "Response streaming (beyond 6 MB per response) is in the monthly cost; memory does "
            "not change it."
        )
    plan = card.savings_plan
    if plan is not None:
        terms = f"{_num(plan.discount_percent)}% off"
        if plan.commitment_usd_per_hour is not None:
            terms += f", ${_num(plan.commitment_usd_per_hour)}/h committed"
        covered = "the cost per invocation is at on-demand rates"
        if card.edge:
            covered = "Lambda@Edge is not covered" + (
                ", but the commitment is paid" if plan.commitment_usd_per_hour else ""
            )
        notes.append(f"The Savings Plan ({terms}) is in the monthly cost; {covered}.")
    return tuple(notes)


_STRATEGY_PHRASE = {
    Strategy.COST: "the cheapest per invocation",
    Strategy.SPEED: "the fastest",
    Strategy.BALANCED: "the best balance of cost and speed",
    Strategy.MAX_DURATION: "the cheapest within the duration budget",
}


_STRATEGY_PHRASE_BY_MONTH = {
    **_STRATEGY_PHRASE,
    Strategy.COST: "the cheapest a month",
    Strategy.MAX_DURATION: "the cheapest a month within the duration budget",
}


def strategy_phrase(strategy: Strategy, by_month: bool = False) -> str:
    return (_STRATEGY_PHRASE_BY_MONTH if by_month else _STRATEGY_PHRASE)[strategy]


def speed_phrase(option: SizeOption, baseline: SizeOption) -> str:
    """'8.3× faster', '4% slower', 'as fast' (the same to the microsecond, as ranked)."""
    if _same_duration(option.duration_ms) == _same_duration(baseline.duration_ms):
        return "as fast"
    if option.duration_ms < baseline.duration_ms:
        ratio = baseline.duration_ms / option.duration_ms
        if ratio >= Decimal("1.1"):
            return f"{ratio.quantize(Decimal('0.1'))}× faster"
        return f"{_pct(ONE - option.duration_ms / baseline.duration_ms)} faster"
    ratio = option.duration_ms / baseline.duration_ms
    if ratio >= Decimal("1.1"):
        return f"{ratio.quantize(Decimal('0.1'))}× slower"
    return f"{_pct(ratio - ONE)} slower"


def cost_phrase(option: SizeOption, baseline: SizeOption, by_month: bool = False) -> str:
    """'4% cheaper', '2.1× dearer', 'the same cost' (equal to 20 digits, as ranked)."""
    if by_month:
        new, old = option.monthly_usd, baseline.monthly_usd
    else:
        new, old = option.cost_per_invocation_usd, baseline.cost_per_invocation_usd
    if _same_cost(new) == _same_cost(old):
        return "the same cost"
    if new < old:
        return f"{_pct(ONE - new / old)} cheaper"
    ratio = new / old
    if ratio >= 2:
        return f"{ratio.quantize(Decimal('0.1'))}× dearer"
    return f"{_pct(ratio - ONE)} dearer"


def _pct(share: Decimal) -> str:
    pct = share * 100
    if pct < 1:
        return f"{pct.quantize(Decimal('0.1'))}%"
    return f"{pct.quantize(ONE)}%"


def reason_sentence(
    option: SizeOption, baseline: SizeOption, strategy: Strategy, *, by_month: bool = False
) -> str:
    """'1024 MB: 8.3× faster and 4% cheaper per invocation than 128 MB' (or 'a month', when
    monthly costs were compared and the current size costs something a month)."""
    if option.memory_mb == baseline.memory_mb:
        return (
            f"{option.memory_mb} MB: the current size is already "
            f"{strategy_phrase(strategy, by_month)} of the sizes compared"
        )
    sentence = f"{option.memory_mb} MB: {_versus(option, baseline, by_month)}"
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
