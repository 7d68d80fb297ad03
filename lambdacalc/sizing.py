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

Predicted durations are kept to the microsecond (at least 1 µs: a duration is never 0); billing
rounds them up to whole milliseconds. A duration that is already a mean of Billed Durations
(`Workload.duration_billed`) is not rounded up again, at any size (see `billed_ms`), so its
predictions keep every digit.

Costs
-----
Prices enter as plain Decimal rates (`Rates`), so this module needs no price book. The cost of one
invocation is ``requests billed * request_usd + billed GB-s * first-tier rate`` (+ ephemeral
storage above the free 512 MB): the on-demand list price, before the free tier, the volume tiers
and any Savings Plan. The monthly cost is the function's bill as `lambdacalc.cost.price` makes it
for a one-function account, in closed form per size (a sweep prices 10,113 sizes; the engine
would take seconds): requests (large async events count more), duration and INIT through the
tiers, the free tier credited at the first tier's rate (its GB-s are the month's first),
ephemeral storage, provisioned concurrency, SnapStart, response streaming, the Savings Plan,
or Lambda@Edge's flat rates without free tier or plan. tests/test_sizing_pricing.py checks it
against the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Context, Decimal, InvalidOperation
from enum import Enum
from itertools import pairwise
from typing import NamedTuple

from lambdacalc import limits
from lambdacalc.cost import SNAPSTART_MIN_HOURS, pc_billed_hours, pc_window
from lambdacalc.errors import InputError, PricingError
from lambdacalc.units import HOURS_PER_MONTH, MICROSECOND_MS, MIN_BILLED_MS, parse_duration_ms

MIN_MEMORY_MB = limits.MIN_MEMORY_MB
MAX_MEMORY_MB = limits.MAX_MEMORY_MB
ONE_VCPU_MB = 1769  # memory at which a function has one vCPU's worth of CPU
FREE_EPHEMERAL_MB = 512
POWER_TUNING_DEFAULT_SIZES_MB: tuple[int, ...] = (128, 256, 512, 1024, 1536, 2048, 3008)
SWEEP_SIZES_MB: tuple[int, ...] = tuple(range(MIN_MEMORY_MB, MAX_MEMORY_MB + 1))
DEFAULT_CPU_BOUND = Decimal(1)
DEFAULT_HEADROOM = Decimal("0.2")
DEFAULT_BALANCED_WEIGHT = Decimal("0.5")

_ONE = Decimal(1)
_ZERO = Decimal(0)
_MB_MS_PER_GB_S = Decimal(1024 * 1000)
_GB_S_PER_MB_MS = 1 / _MB_MS_PER_GB_S  # 9.765625E-7, exact
_MB_PER_GB = Decimal(1024)
_S_PER_HOUR = Decimal(3600)
_HUNDRED = Decimal(100)


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
    from lambdacalc.structured import to_decimal

    try:
        number = to_decimal(str(value).strip().removesuffix("MB").removesuffix("mb").strip())
    except (InvalidOperation, ValueError):
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
class SavingsPlanTerms:
    """A Compute Savings Plan: discount_percent off the eligible spend (on-demand duration after
    the free tier, PC and PC duration); with an hourly commitment the whole of it is paid."""

    discount_percent: Decimal
    commitment_usd_per_hour: Decimal | None = None


@dataclass(frozen=True)
class Rates:
    """The prices sizing needs, as plain Decimals (the CLI fills them from the price book).

    `duration_tiers` are (cumulative upper bound in GB-s or None for the last, USD per GB-s).
    For Lambda@Edge (`edge`) they are its one flat rate, the free allowances are zero and its
    duration is not covered by the Savings Plan (an unused commitment is still paid).
    """

    request_usd: Decimal
    duration_tiers: tuple[tuple[Decimal | None, Decimal], ...]
    ephemeral_usd_per_gb_s: Decimal = _ZERO
    free_requests: Decimal = Decimal(1_000_000)
    free_gb_s: Decimal = Decimal(400_000)
    provisioned_usd_per_gb_s: Decimal = _ZERO
    provisioned_duration_usd_per_gb_s: Decimal = _ZERO
    snapstart_cache_usd_per_gb_s: Decimal = _ZERO
    snapstart_restore_usd_per_gb: Decimal = _ZERO
    streaming_usd_per_gb: Decimal = _ZERO
    free_streaming_gb: Decimal = Decimal(100)
    savings_plan: SavingsPlanTerms | None = None
    edge: bool = False
    # Prices the book lacks that the month at the current size does not charge (the bill's
    # needs are `lambdacalc.cost.price_needs`): their rate above is 0, and the cost per
    # invocation leaves them out; the report's notes name them.
    unpriced: tuple[str, ...] = ()
    # The error to raise at a size whose month needs on-demand duration when the book has
    # no such price: with provisioned concurrency, a slower size can spill requests over to
    # on-demand where the current one does not.
    missing_duration_error: str = ""

    def __post_init__(self) -> None:
        if not self.duration_tiers or self.duration_tiers[-1][0] is not None:
            raise InputError("duration tiers must be non-empty and end open (up_to_gb_s None)")


@dataclass(frozen=True)
class Provisioned:
    """Provisioned concurrency as configured. Its charge is count × memory × enabled time, so
    it grows with memory at every size whatever the traffic.

    `duration_ms`, the PC-served average when it differs from the on-demand one, was measured
    at the current size, where the on-demand average is `current_duration_ms`; at another size
    it scales with the model's on-demand duration.
    """

    environments: int
    hours_per_month: Decimal = HOURS_PER_MONTH
    requests_per_month: Decimal | None = None
    duration_ms: Decimal | None = None
    current_duration_ms: Decimal | None = None

    def duration_at(self, duration_ms: Decimal) -> Decimal | None:
        """The PC-served average duration at the size where the on-demand one is `duration_ms`."""
        base = self.current_duration_ms
        if self.duration_ms is None or base is None or base == duration_ms:
            return self.duration_ms
        return self.duration_ms * duration_ms / base


@dataclass(frozen=True)
class Workload:
    """One function's monthly traffic and the charges beyond its invocations' duration."""

    requests_per_month: Decimal = _ZERO
    ephemeral_storage_mb: int = FREE_EPHEMERAL_MB
    requests_per_invocation: int = 1  # an async event above 256 KB bills more than one
    cold_start_percent: Decimal = _ZERO
    init_duration_ms: Decimal = _ZERO  # taken as the same at every size
    provisioned: Provisioned | None = None
    snapstart_active_hours: Decimal | None = None  # None: no SnapStart charges (or Java)
    snapstart_restore_percent: Decimal = _ZERO
    stream_gb: Decimal = _ZERO  # streamed a month beyond the free 6 MB of each response
    duration_billed: bool = False  # durations are means of Billed Durations (see billed_ms)

    def __post_init__(self) -> None:
        if not self.requests_per_month.is_finite() or self.requests_per_month < 0:
            raise InputError(f"--requests-per-month {self.requests_per_month} must be 0 or more")

    @property
    def has_init(self) -> bool:
        return bool(self.cold_start_percent and self.init_duration_ms)

    @property
    def ranks_by_month(self) -> bool:
        """Provisioned concurrency, SnapStart and INIT cost more with memory beyond the price
        per invocation, so with them the cost strategies compare monthly costs."""
        return (
            self.provisioned is not None or self.snapstart_active_hours is not None or self.has_init
        )


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


_MonthlyPricer = Callable[[int, Decimal, Decimal], Decimal]


def _monthly_pricer(rates: Rates, workload: Workload) -> _MonthlyPricer:
    """(memory_mb, duration_ms, billed_ms) -> the month's cost of the function at that size,
    by the rules of `lambdacalc.cost.price` for a one-function account (tests check it against
    the engine): the general path, for workloads with more than requests, duration and storage.
    What does not depend on the size is worked out once; per size it is a few dozen Decimal
    operations, so a 10,113-size sweep stays in tens of milliseconds."""
    n = workload.requests_per_month
    billed_requests = n * workload.requests_per_invocation
    request_rate = rates.request_usd
    # Everything that does not depend on memory: requests and streaming, less their free parts.
    fixed_usd = billed_requests * request_rate + workload.stream_gb * rates.streaming_usd_per_gb
    if not rates.edge:
        fixed_usd -= min(rates.free_requests, billed_requests) * request_rate
        fixed_usd -= min(rates.free_streaming_gb, workload.stream_gb) * rates.streaming_usd_per_gb
    storage_usd_per_mb_ms = (
        max(0, workload.ephemeral_storage_mb - FREE_EPHEMERAL_MB)
        * rates.ephemeral_usd_per_gb_s
        / _MB_MS_PER_GB_S
    )
    pc = workload.provisioned
    pc_usd_per_mb = in_window = enabled_ms = _ZERO
    pcd_usd_per_mb_ms = rates.provisioned_duration_usd_per_gb_s / _MB_MS_PER_GB_S
    if pc is not None:
        in_window, enabled_ms = pc_window(
            n, pc.environments, pc.hours_per_month, pc.requests_per_month
        )
        seconds = (pc_billed_hours(pc.hours_per_month) * _S_PER_HOUR).quantize(_ONE)
        pc_usd_per_mb = pc.environments * seconds * rates.provisioned_usd_per_gb_s / _MB_PER_GB
    cold_share = workload.cold_start_percent / _HUNDRED if workload.has_init else _ZERO
    init_ms = workload.init_duration_ms
    snap_usd_per_mb = _ZERO
    if workload.snapstart_active_hours is not None:
        cache_gb_s_per_gb = max(workload.snapstart_active_hours, SNAPSTART_MIN_HOURS) * _S_PER_HOUR
        restores = n * workload.snapstart_restore_percent / _HUNDRED
        snap_usd_per_mb = (
            cache_gb_s_per_gb * rates.snapstart_cache_usd_per_gb_s
            + restores * rates.snapstart_restore_usd_per_gb
        ) / _MB_PER_GB
    edge = rates.edge
    first_up_to, first_rate = rates.duration_tiers[0]
    free_allowance = _ZERO if edge else rates.free_gb_s
    free_credit_usd = tiered_duration_usd(free_allowance, rates)  # the month's first GB-s
    plan = rates.savings_plan
    keep = _ONE
    commitment_usd = covered_cap = None
    if plan is not None:
        keep = (_HUNDRED - plan.discount_percent) / _HUNDRED
        if plan.commitment_usd_per_hour is not None:
            commitment_usd = plan.commitment_usd_per_hour * HOURS_PER_MONTH
            covered_cap = commitment_usd / keep if keep else None
    ceiling = ROUND_CEILING
    missing_duration_error = rates.missing_duration_error

    def monthly(m: int, duration_ms: Decimal, billed_ms: Decimal) -> Decimal:
        total = fixed_usd  # what the Savings Plan does not cover ...
        od_requests = n
        pc_ms = pc_requests = eligible = _ZERO  # ... and what it does
        if pc is not None:
            stated = pc.duration_at(duration_ms) if pc.duration_ms is not None else None
            if stated is None:  # PC-served calls take the function's duration, billed alike
                pc_duration, pc_ms = duration_ms, billed_ms
            else:  # a stated PC duration is billed rounded up, as lambdacalc.cost does
                pc_duration = stated
                pc_ms = stated.to_integral_value(rounding=ceiling)
            capacity = enabled_ms / pc_duration if pc_duration else in_window
            pc_requests = capacity if capacity < in_window else in_window
            od_requests = n - pc_requests
            eligible = m * pc_usd_per_mb + pc_requests * pc_ms * m * pcd_usd_per_mb_ms
        on_demand_ms = od_requests * billed_ms
        billed_total_ms = on_demand_ms
        if cold_share:
            cold = od_requests * cold_share
            extra_ms = (init_ms + duration_ms).to_integral_value(rounding=ceiling) - billed_ms
            billed_total_ms += cold * extra_ms
        gb_s = billed_total_ms * m * _GB_S_PER_MB_MS  # on-demand and INIT
        if gb_s and missing_duration_error:
            raise PricingError(
                f"at {m} MB some requests spill over from provisioned concurrency to "
                f"on-demand, and {missing_duration_error}"
            )
        if storage_usd_per_mb_ms:
            total += (billed_total_ms + pc_requests * pc_ms) * storage_usd_per_mb_ms
        if snap_usd_per_mb:
            total += m * snap_usd_per_mb
        if edge:
            total += gb_s * first_rate
        elif gb_s > free_allowance:
            if first_up_to is None or gb_s <= first_up_to:
                duration_usd = gb_s * first_rate - free_credit_usd
            else:
                duration_usd = tiered_duration_usd(gb_s, rates) - free_credit_usd
            eligible += duration_usd
        if plan is None:
            return total + eligible
        if commitment_usd is None:
            return total + eligible * keep
        covered = eligible if covered_cap is None else min(eligible, covered_cap)
        return total + eligible - covered + commitment_usd

    return monthly


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
    by_month: bool = False  # the cost strategies compared monthly costs (Workload.ranks_by_month)
    notes: tuple[str, ...] = ()  # how the workload was priced, for the report

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
    request_usd = rates.request_usd * workload.requests_per_invocation
    first_rate = rates.duration_tiers[0][1]
    n = workload.requests_per_month
    extra_storage_mb = max(0, workload.ephemeral_storage_mb - FREE_EPHEMERAL_MB)
    # ephemeral: billed ms * extra MB -> GB-s, at its own rate, no free allowance
    storage_usd_per_ms = extra_storage_mb * _GB_S_PER_MB_MS * rates.ephemeral_usd_per_gb_s
    general = (
        workload.provisioned is not None
        or workload.has_init
        or workload.snapstart_active_hours is not None
        or bool(workload.stream_gb)
        or rates.savings_plan is not None
    )
    pricer = _monthly_pricer(rates, workload) if general else None
    # The plain case in closed form: requests and GB-s beyond the free allowance (which is
    # credited at the first tier's rate: the free GB-s are the month's first), plus storage.
    billed_requests = n * workload.requests_per_invocation
    requests_usd = _ZERO
    if billed_requests > rates.free_requests:
        requests_usd = billed_requests * rates.request_usd - rates.free_requests * rates.request_usd
    free_gb_s = rates.free_gb_s
    free_credit_usd = tiered_duration_usd(free_gb_s, rates)
    tiers = rates.duration_tiers
    single_tier = len(tiers) == 1
    floor_mb = floor.floor_mb if floor is not None else None
    floor_reason = f"below the memory floor ({floor.describe()})" if floor is not None else ""
    ceiling = ROUND_CEILING
    already_billed = workload.duration_billed

    out: list[SizeOption] = []
    predicted = model.predict_many(sizes_mb, exact=already_billed)
    for m, (duration_ms, basis) in zip(sizes_mb, predicted, strict=True):
        # units.billed_duration_ms, inlined: this loop runs 10,113 times a sweep
        if already_billed:  # a mean of Billed Durations: as it is, at least 1 ms
            billed = duration_ms if duration_ms >= MIN_BILLED_MS else MIN_BILLED_MS
            priced_ms = billed  # what `function_at` hands the cost engine
        else:
            billed = duration_ms.to_integral_value(rounding=ceiling)
            priced_ms = duration_ms
        gb_s = billed * m * _GB_S_PER_MB_MS
        per_inv = request_usd + gb_s * first_rate
        if storage_usd_per_ms:
            per_inv += billed * storage_usd_per_ms
        if pricer is not None:
            monthly = pricer(m, priced_ms, billed)
        elif n:
            total_gb_s = n * gb_s
            if total_gb_s <= free_gb_s:
                duration_usd = _ZERO
            elif single_tier or total_gb_s <= tiers[0][0]:  # type: ignore[operator]
                duration_usd = total_gb_s * first_rate - free_credit_usd
            else:
                duration_usd = tiered_duration_usd(total_gb_s, rates) - free_credit_usd
            monthly = requests_usd + duration_usd
            if storage_usd_per_ms:
                monthly += n * billed * storage_usd_per_ms
        else:
            monthly = _ZERO
        reason = None
        if floor_mb is not None and m < floor_mb:
            reason = floor_reason
        elif max_duration_ms is not None and duration_ms > max_duration_ms:
            reason = f"slower than the {max_duration_ms.normalize():f} ms budget"
        out.append(SizeOption(m, duration_ms, billed, basis, gb_s, per_inv, monthly, reason))
    return out


_RankKey = Callable[[SizeOption], tuple[Decimal | int, ...]]
# Costs are compared to 20 significant digits: Decimal's last digits of two sizes the model
# prices alike (the same GB-s per call) differ by division noise, which must not pick one.
_same_cost = Context(prec=20).plus


def _same_duration(duration_ms: Decimal) -> Decimal:
    """Durations are compared to the microsecond, the model's resolution: a prediction kept
    exact (for a mean of Billed Durations) must not win on a sub-µs difference."""
    return duration_ms.quantize(MICROSECOND_MS)


def _rank_key(
    strategy: Strategy, weight: Decimal, eligible: Sequence[SizeOption], by_month: bool
) -> _RankKey:
    """A sort key for `strategy` (smaller is better); ties end at the smaller size. `by_month`
    compares monthly costs first (ties, e.g. within the free tier, go by cost per invocation)."""
    c = _same_cost
    if strategy is Strategy.COST or strategy is Strategy.MAX_DURATION:
        if by_month:
            return lambda o: (
                c(o.monthly_usd),
                c(o.cost_per_invocation_usd),
                o.duration_ms,
                o.memory_mb,
            )
        return lambda o: (c(o.cost_per_invocation_usd), o.duration_ms, o.memory_mb)
    if strategy is Strategy.SPEED:
        d = _same_duration
        if by_month:
            return lambda o: (
                d(o.duration_ms),
                c(o.monthly_usd),
                c(o.cost_per_invocation_usd),
                o.memory_mb,
            )
        return lambda o: (d(o.duration_ms), c(o.cost_per_invocation_usd), o.memory_mb)
    if strategy is Strategy.BALANCED:
        max_duration = max(o.duration_ms for o in eligible) or _ONE
        duration_w = (_ONE - weight) / max_duration
        if by_month:
            month_w = weight / (max(o.monthly_usd for o in eligible) or _ONE)
            return lambda o: (
                month_w * o.monthly_usd + duration_w * o.duration_ms,
                o.cost_per_invocation_usd,
                o.memory_mb,
            )
        cost_w = weight / (max(o.cost_per_invocation_usd for o in eligible) or _ONE)
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
    *,
    by_month: bool = False,
) -> list[SizeOption]:
    """The eligible options, best first, by `strategy`."""
    eligible = [o for o in options if o.eligible]
    if not eligible:
        return []
    return sorted(eligible, key=_rank_key(strategy, balanced_weight, eligible, by_month))


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
    by_month = workload.ranks_by_month
    ranked = rank(options, strategy, balanced_weight, by_month=by_month)
    if ranked:
        reason = reason_sentence(ranked[0], baseline, strategy, by_month=by_month)
        recommendation = Recommendation(ranked[0], reason)
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
        by_month,
        pricing_notes(rates, workload),
    )


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def pricing_notes(rates: Rates, workload: Workload) -> tuple[str, ...]:
    """One sentence for each way the workload is priced beyond requests and duration, so that
    nothing is priced differently from `lambdacalc cost` without the report saying how."""
    notes: list[str] = []
    pc = workload.provisioned
    charged_anyway = pc is not None or workload.snapstart_active_hours is not None
    if workload.requests_per_month or charged_anyway:
        if rates.edge:
            how = "at Lambda@Edge prices: one flat rate per GB-s, no volume tiers, no free tier"
        elif rates.free_gb_s or rates.free_requests:
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
    if rates.edge:
        notes.append(
            "Lambda@Edge: its own request and GB-s prices, billed per 1 ms like Lambda, "
            "without the Savings Plan."
        )
    if workload.duration_billed:
        notes.append(
            "duration_billed: the duration is a mean of Billed Durations, so it is billed as "
            "it is, not rounded up to whole ms again; the model's mean at other sizes too "
            "(but at least 1 ms, the least an invocation is billed)."
        )
    if rates.unpriced:
        notes.append(
            f"The price book has no {' or '.join(rates.unpriced)} price here; the month needs "
            f"none, and the cost per invocation leaves it out."
        )
    k = workload.requests_per_invocation
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
    if workload.snapstart_active_hours is not None:
        notes.append("SnapStart's cache and restores are charged by memory at each size.")
    if workload.has_init:
        notes.append(
            f"INIT ({_num(workload.cold_start_percent)}% cold starts × "
            f"{_num(workload.init_duration_ms)} ms) is taken as the same at every size and "
            f"billed by memory."
        )
    if workload.ranks_by_month:
        notes.append(
            "These charges grow with memory whatever the cost per invocation, so the cost "
            "strategies compare monthly costs."
        )
    if workload.stream_gb:
        notes.append(
            "Response streaming (beyond 6 MB per response) is in the monthly cost; memory does "
            "not change it."
        )
    plan = rates.savings_plan
    if plan is not None:
        terms = f"{_num(plan.discount_percent)}% off"
        if plan.commitment_usd_per_hour is not None:
            terms += f", ${_num(plan.commitment_usd_per_hour)}/h committed"
        covered = "the cost per invocation is at on-demand rates"
        if rates.edge:
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
        return f"{_pct(_ONE - option.duration_ms / baseline.duration_ms)} faster"
    ratio = option.duration_ms / baseline.duration_ms
    if ratio >= Decimal("1.1"):
        return f"{ratio.quantize(Decimal('0.1'))}× slower"
    return f"{_pct(ratio - _ONE)} slower"


def cost_phrase(option: SizeOption, baseline: SizeOption, by_month: bool = False) -> str:
    """'4% cheaper', '2.1× dearer', 'the same cost' (equal to 20 digits, as ranked)."""
    if by_month:
        new, old = option.monthly_usd, baseline.monthly_usd
    else:
        new, old = option.cost_per_invocation_usd, baseline.cost_per_invocation_usd
    if _same_cost(new) == _same_cost(old):
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
    monthly = by_month and baseline.monthly_usd > 0
    cost = cost_phrase(option, baseline, monthly)
    than = "as" if cost == "the same cost" else "than"  # "the same cost as", "4% cheaper than"
    sentence = (
        f"{option.memory_mb} MB: {speed_phrase(option, baseline)} and "
        f"{cost} {'a month' if monthly else 'per invocation'} {than} {baseline.memory_mb} MB"
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
