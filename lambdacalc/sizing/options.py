"""The candidate sizes, the memory floor, and what a comparison answers: one row per size
(`SizeOption`), the pick (`Recommendation`) and the whole `Comparison`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Context, Decimal
from typing import NamedTuple

from lambdacalc.errors import InputError, field
from lambdacalc.sizing.model import (
    DEFAULT_HEADROOM,
    MAX_MEMORY_MB,
    POWER_TUNING_DEFAULT_SIZES_MB,
    SWEEP_SIZES_MB,
    Basis,
    DurationModel,
    RecommendationBasis,
    Strategy,
)
from lambdacalc.units import MICROSECOND_MS, ONE

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
        raise InputError(
            f"{field('sizes_mb')} and {field('sweep')} both choose the sizes; give one of them"
        )
    if sweep:
        return SWEEP_SIZES_MB
    chosen = set(explicit_mb) if explicit_mb is not None else set(POWER_TUNING_DEFAULT_SIZES_MB)
    if explicit_mb is None:
        chosen.update(measured_mb)
    if current_mb is not None:
        chosen.add(current_mb)
    return tuple(sorted(chosen))


class _FloorFields(NamedTuple):
    max_memory_used_mb: Decimal
    headroom: Decimal


class MemoryFloor(_FloorFields):
    """No size below max_memory_used_mb * (1 + headroom) is recommended. (A NamedTuple
    checked as it is made: no dataclass, whose module and generated methods cost a sweep's
    start-up more than the whole of this class.)"""

    __slots__ = ()

    def __new__(
        cls, max_memory_used_mb: Decimal, headroom: Decimal = DEFAULT_HEADROOM
    ) -> MemoryFloor:
        used = max_memory_used_mb
        if not used.is_finite() or used <= 0:
            raise InputError(f"{field('max_memory_used_mb')} {used} must be more than 0 MB")
        if used > MAX_MEMORY_MB:
            raise InputError(
                f"{field('max_memory_used_mb')} {used} MB is above Lambda's 10240 MB maximum; "
                f"give the Max Memory Used from the REPORT lines"
            )
        if not headroom.is_finite() or headroom < 0:
            raise InputError(f"{field('headroom')} {headroom} must be 0 or more (0.2 = 20%)")
        return super().__new__(cls, used, headroom)

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


class Recommendation(NamedTuple):
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


class Comparison(NamedTuple):
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


def same_duration(duration_ms: Decimal) -> Decimal:
    """Durations are compared to the microsecond, the model's resolution: a prediction kept
    exact (for a mean of Billed Durations) must not win on a sub-µs difference."""
    return duration_ms.quantize(MICROSECOND_MS)


# Costs are compared to 20 significant digits: Decimal's last digits of two sizes the model
# prices alike (the same GB-s per call) differ by division noise, which must not pick one.
same_cost = Context(prec=20).plus
