"""Between scenarios and the sizing core: per-function advice.

No I/O: it reads a scenario's workload and a price book. `lambdacalc compare-memory` uses
`function_inputs`; `lambdacalc cost` (through `cost.report.cost_report`) calls
`scenario_advice` for its one line per function ("the recommended size and the monthly
saving, with the strategy"). `display` names the scenario file in error messages only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

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
from lambdacalc.workload import Account, FunctionWorkload, SizingHints, Workload


class SizingInputs(NamedTuple):
    """One function as sizing sees it: the function and account as `lambdacalc cost` prices
    them (its `sizing` hints included) and its measured points, checked."""

    function: FunctionWorkload
    account: Account
    measured: tuple[Point, ...] = ()  # from its hints' measured_durations_ms
    functions_in_scenario: int = 1

    @property
    def name(self) -> str:
        return self.function.name

    @property
    def point(self) -> Point:
        """Its configured memory and average duration."""
        return Point(self.function.memory_mb, self.function.duration_ms)

    @property
    def hints(self) -> SizingHints:
        return self.function.sizing or SizingHints()

    @property
    def requests_per_month(self) -> Decimal:
        return self.function.requests_per_month

    @property
    def region(self) -> str:
        return self.account.region

    @property
    def architecture(self) -> Architecture:
        return self.function.architecture

    def billing(self) -> tuple[FunctionWorkload, Account]:
        """The function and account as `lambdacalc cost` sees them."""
        return self.function, self.account


def measured_points(hints: SizingHints, where: str) -> tuple[Point, ...]:
    """The hints' measured durations as points, each size and duration checked; `where`
    locates them in errors."""
    return tuple(
        Point(
            check_memory_mb(mb, f"{where} size"),
            check_duration_ms(Decimal(ms), f"{where}[{mb}]"),
        )
        for mb, ms in hints.measured_durations_ms
    )


def function_inputs(workload: Workload, index: int, display: str) -> SizingInputs:
    """The function at `index` of a scenario's workload; `display` names the scenario file in
    errors."""
    fn = workload.functions[index]
    where = f"{display}: functions[{index}].sizing.measured_durations_ms"
    measured = measured_points(fn.sizing, where) if fn.sizing is not None else ()
    return SizingInputs(fn, workload.account, measured, len(workload.functions))


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
    workload: Workload, book: PriceBook, display: str, strategy: Strategy = Strategy.COST
) -> list[SizeAdvice]:
    """Advice for each function whose `sizing:` hints let lambdacalc tell (max_memory_used_mb,
    cpu_bound or measured durations); functions without hints are left out. `display` names
    the scenario file in errors."""
    advice: list[SizeAdvice] = []
    for index in range(len(workload.functions)):
        inputs = function_inputs(workload, index, display)
        if not inputs.hints.any:
            continue
        try:
            advice.append(advise(inputs, book, strategy))
        except InputError as exc:
            detail = "\n".join(exc.messages)  # field references kept for the CLI to name
            raise InputError(f"{display}: function {inputs.name}: {detail}") from None
    return advice


def advise(inputs: SizingInputs, book: PriceBook, strategy: Strategy) -> SizeAdvice:
    """The recommendation for one function: the sizing model fitted to its point(s), priced
    with the book, its floor from Max Memory Used."""
    hints = inputs.hints
    model = DurationModel.build(
        [inputs.point, *inputs.measured], cpu_bound=hints.cpu_bound, threads=hints.threads or 1
    )
    floor = MemoryFloor(hints.max_memory_used_mb) if hints.max_memory_used_mb else None
    fn, account = inputs.billing()  # fn's duration is the current one, the model's point
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
