"""Between the price book, scenarios and the sizing core: rates and per-function advice.

No I/O: it reads an already loaded scenario and price book. `lambdacalc compare-memory` uses
`pricing_inputs` and `function_inputs`; `lambdacalc cost` can call `scenario_advice` for its
one line per function ("the recommended size and the monthly saving, with the strategy").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from lambdacalc.cost import (
    price_needs,
    requests_per_async_event,
    snapstart_charged,
    streamed_gb,
)
from lambdacalc.errors import InputError, PricingError
from lambdacalc.prices import (
    DURATION,
    EDGE_DURATION,
    EDGE_REQUEST,
    EPHEMERAL_STORAGE,
    PROVISIONED_CONCURRENCY,
    PROVISIONED_DURATION,
    REQUEST,
    RESPONSE_STREAMING,
    SNAPSTART_CACHE,
    SNAPSTART_RESTORE,
    Architecture,
    PriceBook,
    PriceRef,
    Tier,
)
from lambdacalc.sizing import (
    FREE_EPHEMERAL_MB,
    DurationModel,
    MemoryFloor,
    Point,
    Provisioned,
    Rates,
    Recommendation,
    RecommendationBasis,
    SavingsPlanTerms,
    SizeOption,
    Strategy,
    Workload,
    candidate_sizes,
    check_duration_ms,
    check_memory_mb,
    compare,
)
from lambdacalc.units import billed_duration_ms
from lambdacalc.workload import Account, FunctionWorkload, ProvisionedConcurrency

if TYPE_CHECKING:
    from lambdacalc.scenario import LoadedScenario


_PriceValue = Decimal | tuple[Tier, ...]


def rates_for(fn: FunctionWorkload, account: Account, book: PriceBook) -> Rates:
    """The sizing core's plain rates for this function, looked up as `lambdacalc.cost` does:
    the prices it needs are the cost engine's own list (`price_needs`), so compare-memory
    asks for no price that `lambdacalc cost` would not (SnapStart restores at restore_percent
    0, /tmp without requests, …) and fails on the same missing one.

    Those needs depend on the workload's shape, not on its memory, with one exception: with
    provisioned concurrency, a slower size may spill requests over to on-demand duration
    that the current size does not. So the on-demand duration price (and the /tmp price),
    which the cost-per-invocation column uses too, are looked up as well; when the book lacks
    one the month does not need, it counts as 0 there, the report says so, and a size whose
    month would need it after all is an error (`Rates.missing_duration_error`).
    """
    region = account.region
    prices: dict[PriceRef, _PriceValue] = {}
    for need in price_needs(fn):
        if need.price not in prices:
            prices[need.price] = book.lookup(region, need.price)
    duration_ref = EDGE_DURATION if fn.edge else DURATION[fn.architecture]
    per_invocation = [duration_ref]
    if fn.ephemeral_storage_mb > FREE_EPHEMERAL_MB:
        per_invocation.append(EPHEMERAL_STORAGE)
    unpriced: list[str] = []
    missing_duration_error = ""
    for ref in per_invocation:
        if ref in prices:
            continue
        try:
            prices[ref] = book.lookup(region, ref)
        except PricingError as exc:
            unpriced.append(ref.what)
            if ref == duration_ref and fn.provisioned is not None:
                missing_duration_error = str(exc)
    zero = Decimal(0)
    if fn.edge:
        per_million = _single(prices, EDGE_REQUEST)
        tiers: tuple[tuple[Decimal | None, Decimal], ...] = (
            (None, _single(prices, EDGE_DURATION)),
        )
    else:
        per_million = _single(prices, REQUEST[fn.architecture])
        schedule = prices.get(DURATION[fn.architecture], ())
        assert isinstance(schedule, tuple)
        tiers = tuple((t.up_to_gb_s, t.usd_per_gb_s) for t in schedule) or ((None, zero),)
    free = book.free_tier
    has_free = account.free_tier and not fn.edge  # Lambda@Edge has no free tier
    plan = account.savings_plan
    arch = fn.architecture
    return Rates(
        request_usd=per_million / 1_000_000,
        duration_tiers=tiers,
        ephemeral_usd_per_gb_s=_single(prices, EPHEMERAL_STORAGE),
        free_requests=free.requests if has_free else zero,
        free_gb_s=free.duration_gb_s if has_free else zero,
        provisioned_usd_per_gb_s=_single(prices, PROVISIONED_CONCURRENCY[arch]),
        provisioned_duration_usd_per_gb_s=_single(prices, PROVISIONED_DURATION[arch]),
        snapstart_cache_usd_per_gb_s=_single(prices, SNAPSTART_CACHE),
        snapstart_restore_usd_per_gb=_single(prices, SNAPSTART_RESTORE),
        streaming_usd_per_gb=_single(prices, RESPONSE_STREAMING),
        free_streaming_gb=free.response_streaming_gb if has_free else zero,
        savings_plan=(
            SavingsPlanTerms(plan.discount_percent, plan.commitment_usd_per_hour) if plan else None
        ),
        edge=fn.edge,
        unpriced=tuple(unpriced),
        missing_duration_error=missing_duration_error,
    )


def _single(prices: dict[PriceRef, _PriceValue], ref: PriceRef) -> Decimal:
    """One rate the function is charged at, or 0 for a charge it does not have."""
    value = prices.get(ref, Decimal(0))
    assert isinstance(value, Decimal)
    return value


def _provisioned(fn: FunctionWorkload, current_duration_ms: Decimal) -> Provisioned | None:
    pc = fn.provisioned
    if pc is None:
        return None
    return Provisioned(
        pc.environments,
        pc.hours_per_month,
        pc.requests_per_month,
        pc.duration_ms,
        current_duration_ms if pc.duration_ms is not None else None,
    )


def pricing_inputs(
    fn: FunctionWorkload,
    account: Account,
    book: PriceBook,
    current_duration_ms: Decimal | None = None,
) -> tuple[Rates, Workload]:
    """Everything `lambdacalc.cost` prices for this function, as the sizing core's rates and
    workload. `current_duration_ms` is the on-demand duration at the function's own size
    (default its `duration_ms`), which a stated provisioned duration scales from."""
    current = current_duration_ms if current_duration_ms is not None else fn.duration_ms
    rates = rates_for(function_at(fn, fn.memory_mb, current, current), account, book)
    snap = fn.snapstart if snapstart_charged(fn) else None
    workload = Workload(
        fn.requests_per_month,
        fn.ephemeral_storage_mb,
        requests_per_async_event(fn.async_event_kb) if fn.async_event_kb is not None else 1,
        fn.cold_start_percent,
        fn.init_duration_ms,
        _provisioned(fn, current),
        snap.active_hours_per_month if snap is not None else None,
        snap.restore_percent if snap is not None else Decimal(0),
        streamed_gb(fn),
        fn.duration_billed,
    )
    return rates, workload


def function_at(
    fn: FunctionWorkload,
    memory_mb: int,
    duration_ms: Decimal,
    current_duration_ms: Decimal | None = None,
) -> FunctionWorkload:
    """The function as sizing prices it at another size, for `lambdacalc.cost.price`: the
    memory and the model's duration there (for a mean of Billed Durations, at least 1 ms: see
    `units.billed_duration_ms`), and a stated provisioned duration scaled alike; everything else
    (traffic, INIT, storage) as it is."""
    if fn.duration_billed:
        duration_ms = billed_duration_ms(duration_ms, already_billed=True)
    pc: ProvisionedConcurrency | None = fn.provisioned
    sized = _provisioned(
        fn, current_duration_ms if current_duration_ms is not None else fn.duration_ms
    )
    if pc is not None and sized is not None:
        pc = pc._replace(duration_ms=sized.duration_at(duration_ms))
    return fn._replace(memory_mb=memory_mb, duration_ms=duration_ms, provisioned=pc)


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
    rates, workload = pricing_inputs(fn, account, book, inputs.point.duration_ms)
    sizes = candidate_sizes(
        current_mb=inputs.point.memory_mb, measured_mb=[p.memory_mb for p in model.points]
    )
    result = compare(
        model,
        sizes,
        rates,
        workload,
        strategy=strategy,
        floor=floor,
        baseline_mb=inputs.point.memory_mb,
    )
    return SizeAdvice(inputs.name, strategy, result.baseline, result.recommendation)
