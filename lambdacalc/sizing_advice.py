"""Between scenarios and the sizing core: per-function advice.

No I/O: it reads an already loaded scenario and price book. `lambdacalc compare-memory` uses
`function_inputs`; `lambdacalc cost` can call `scenario_advice` for its one line per function
("the recommended size and the monthly saving, with the strategy").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from lambdacalc.cost.rates import rate_card
from lambdacalc.errors import InputError
from lambdacalc.prices import Architecture, PriceBook
from lambdacalc.sizing import (
    DurationModel,
    MemoryFloor,
    Point,
    Recommendation,
    RecommendationBasis,
    SizeOption,
    Strategy,
    candidate_sizes,
    check_duration_ms,
    check_memory_mb,
    compare,
)
from lambdacalc.workload import Account, FunctionWorkload

if TYPE_CHECKING:
    from lambdacalc.scenario import LoadedScenario


@dataclass(frozen=True)
class SizingHints:
    """A scenario function's optional `sizing:` block."""

    cpu_bound: Decimal | None = None
    threads: int | None = None
    max_memory_used_mb: Decimal | None = None
    measured: tuple[Point, ...] = ()

    @property
    def any(self) -> bool:
        return (
            self.cpu_bound is not None or self.max_memory_used_mb is not None or bool(self.measured)
        )


@dataclass(frozen=True)
class FunctionInputs:
    """What sizing needs from one scenario function."""

    name: str
    point: Point  # its configured memory and average duration
    requests_per_month: Decimal
    ephemeral_storage_mb: int
    free_tier: bool
    region: str
    architecture: Architecture
    hints: SizingHints
    function: FunctionWorkload | None = None  # everything else `lambdacalc cost` prices
    account: Account | None = None
    functions_in_scenario: int = 1

    def billing(self) -> tuple[FunctionWorkload, Account]:
        """The function and account as `lambdacalc cost` sees them."""
        fn = self.function or FunctionWorkload(
            self.name,
            self.point.memory_mb,
            self.point.duration_ms,
            self.requests_per_month,
            self.architecture,
            self.ephemeral_storage_mb,
        )
        return fn, self.account or Account(self.region, self.free_tier)


def function_inputs(loaded: LoadedScenario, index: int) -> FunctionInputs:
    fn = loaded.workload.functions[index]
    raw = loaded.model.functions[index].sizing if loaded.model is not None else None
    hints = SizingHints()
    if raw is not None:
        where = f"{loaded.source.display}: functions[{index}].sizing.measured_durations_ms"
        measured = tuple(
            Point(
                check_memory_mb(mb, f"{where} size"),
                check_duration_ms(Decimal(ms), f"{where}[{mb}]"),
            )
            for mb, ms in (raw.measured_durations_ms or {}).items()
        )
        used = raw.max_memory_used_mb
        hints = SizingHints(
            raw.cpu_bound, raw.threads, Decimal(used) if used is not None else None, measured
        )
    return FunctionInputs(
        fn.name,
        Point(fn.memory_mb, fn.duration_ms),
        fn.requests_per_month,
        fn.ephemeral_storage_mb,
        loaded.workload.account.free_tier,
        loaded.workload.account.region,
        fn.architecture,
        hints,
        fn,
        loaded.workload.account,
        len(loaded.workload.functions),
    )


@dataclass(frozen=True)
class SizeAdvice:
    """One function's recommendation, for the cost report's one line."""

    function: str
    strategy: Strategy
    current: SizeOption
    recommendation: Recommendation

    @property
    def recommended(self) -> SizeOption | None:
        """None when no size qualifies (e.g. the floor is too high)."""
        return self.recommendation.option

    @property
    def reason(self) -> str:
        return self.recommendation.reason

    @property
    def basis(self) -> RecommendationBasis:
        return self.recommendation.basis

    @property
    def monthly_saving_usd(self) -> Decimal:
        """This function's monthly cost at its current size minus at the recommended one,
        each priced alone (its own free tier and tiers), so it can differ slightly from the
        account-wide bill's split."""
        if self.recommended is None:
            return Decimal(0)
        return self.current.monthly_usd - self.recommended.monthly_usd


def scenario_advice(
    loaded: LoadedScenario, book: PriceBook, strategy: Strategy = Strategy.COST
) -> list[SizeAdvice]:
    """Advice for each function whose `sizing:` hints let lambdacalc tell (max_memory_used_mb,
    cpu_bound or measured durations); functions without hints are left out."""
    advice: list[SizeAdvice] = []
    for index in range(len(loaded.workload.functions)):
        inputs = function_inputs(loaded, index)
        if not inputs.hints.any:
            continue
        try:
            advice.append(advise(inputs, book, strategy))
        except InputError as exc:
            raise InputError(f"{loaded.source.display}: function {inputs.name}: {exc}") from None
    return advice


def advise(inputs: FunctionInputs, book: PriceBook, strategy: Strategy) -> SizeAdvice:
    """The recommendation for one function: the sizing model fitted to its point(s), priced
    with the book, its floor from Max Memory Used."""
    hints = inputs.hints
    model = DurationModel.build(
        [inputs.point, *hints.measured], cpu_bound=hints.cpu_bound, threads=hints.threads or 1
    )
    floor = MemoryFloor(hints.max_memory_used_mb) if hints.max_memory_used_mb else None
    fn, account = inputs.billing()
    fn = fn._replace(duration_ms=inputs.point.duration_ms)  # the current duration
    card = rate_card(fn, account, book)
    sizes = candidate_sizes(
        current_mb=inputs.point.memory_mb, measured_mb=[p.memory_mb for p in model.points]
    )
    result = compare(
        model,
        sizes,
        card,
        fn,
        strategy=strategy,
        floor=floor,
        baseline_mb=inputs.point.memory_mb,
    )
    return SizeAdvice(inputs.name, strategy, result.baseline, result.recommendation)
