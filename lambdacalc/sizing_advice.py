"""Between the price book, scenarios and the sizing core: rates and per-function advice.

No I/O: it reads an already loaded scenario and price book. `lambdacalc compare-memory` uses
`rates_from_book` and `function_inputs`; `lambdacalc cost` can call `scenario_advice` for its
one line per function ("the recommended size and the monthly saving, with the strategy").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from lambdacalc.cost import (
    BYTES_PER_GB,
    SNAPSTART_FREE_RUNTIMES,
    STREAM_FREE_BYTES_PER_REQUEST,
    requests_per_async_event,
)
from lambdacalc.errors import InputError
from lambdacalc.prices import Architecture, PriceBook
from lambdacalc.sizing import (
    FREE_EPHEMERAL_MB,
    DurationModel,
    MemoryFloor,
    Point,
    Provisioned,
    Rates,
    SavingsPlanTerms,
    SizeOption,
    Strategy,
    Workload,
    candidate_sizes,
    check_duration_ms,
    check_memory_mb,
    compare,
)
from lambdacalc.workload import Account, FunctionWorkload, ProvisionedConcurrency, SavingsPlan

if TYPE_CHECKING:
    from lambdacalc.scenario import LoadedScenario


def rates_from_book(
    book: PriceBook,
    region: str,
    architecture: Architecture,
    *,
    free_tier: bool = True,
    ephemeral_mb: int = FREE_EPHEMERAL_MB,
    edge: bool = False,
    provisioned: bool = False,
    snapstart: bool = False,
    streaming: bool = False,
    savings_plan: SavingsPlan | None = None,
) -> Rates:
    """The sizing core's plain rates for one region and architecture (or Lambda@Edge), as
    `lambdacalc.cost` looks them up: only the prices the function uses are needed."""
    region_prices = book.region(region)
    if edge:  # one flat rate, no free allowance
        edge_prices = region_prices.edge
        per_million = book.need(
            edge_prices.request_usd_per_million if edge_prices else None,
            "Lambda@Edge request",
            region,
        )
        edge_rate = book.need(
            edge_prices.duration_usd_per_gb_s if edge_prices else None,
            "Lambda@Edge duration",
            region,
        )
        tiers: tuple[tuple[Decimal | None, Decimal], ...] = ((None, edge_rate),)
    else:
        arch_prices = book.arch_prices(region, architecture)
        per_million = book.need(
            arch_prices.request_usd_per_million, f"{architecture.value} request", region
        )
        tiers = tuple(
            (t.up_to_gb_s, t.usd_per_gb_s) for t in book.duration_tiers(region, architecture)
        )
    zero = Decimal(0)
    storage = pc_rate = pcd_rate = cache_rate = restore_rate = stream_rate = zero
    if ephemeral_mb > FREE_EPHEMERAL_MB:
        storage = book.need(
            region_prices.ephemeral_storage_usd_per_gb_s, "ephemeral storage", region
        )
    if provisioned:
        arch_prices = book.arch_prices(region, architecture)
        pc_rate = book.need(
            arch_prices.provisioned_concurrency_usd_per_gb_s,
            f"{architecture.value} provisioned concurrency",
            region,
        )
        pcd_rate = book.need(
            arch_prices.provisioned_duration_usd_per_gb_s,
            f"{architecture.value} provisioned duration",
            region,
        )
    if snapstart:
        cache_rate = book.need(
            region_prices.snapstart_cache_usd_per_gb_s, "SnapStart cache", region
        )
        restore_rate = book.need(
            region_prices.snapstart_restore_usd_per_gb, "SnapStart restore", region
        )
    if streaming:
        stream_rate = book.need(
            region_prices.response_streaming_usd_per_gb, "response streaming", region
        )
    free = book.free_tier
    has_free = free_tier and not edge  # Lambda@Edge has no free tier
    plan = None
    if savings_plan is not None:
        plan = SavingsPlanTerms(savings_plan.discount_percent, savings_plan.commitment_usd_per_hour)
    return Rates(
        request_usd=per_million / 1_000_000,
        duration_tiers=tiers,
        ephemeral_usd_per_gb_s=storage,
        free_requests=free.requests if has_free else zero,
        free_gb_s=free.duration_gb_s if has_free else zero,
        provisioned_usd_per_gb_s=pc_rate,
        provisioned_duration_usd_per_gb_s=pcd_rate,
        snapstart_cache_usd_per_gb_s=cache_rate,
        snapstart_restore_usd_per_gb=restore_rate,
        streaming_usd_per_gb=stream_rate,
        free_streaming_gb=free.response_streaming_gb if has_free else zero,
        savings_plan=plan,
        edge=edge,
    )


def _charged_snapstart(fn: FunctionWorkload) -> bool:
    return fn.snapstart is not None and fn.snapstart.runtime not in SNAPSTART_FREE_RUNTIMES


def _stream_gb(fn: FunctionWorkload) -> Decimal:
    """Streamed GB a month beyond the free 6 MB of each response (as lambdacalc.cost)."""
    if fn.response_bytes_per_request is None:
        return Decimal(0)
    beyond = fn.response_bytes_per_request - STREAM_FREE_BYTES_PER_REQUEST
    return fn.requests_per_month * beyond / BYTES_PER_GB if beyond > 0 else Decimal(0)


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
    rates = rates_from_book(
        book,
        account.region,
        fn.architecture,
        free_tier=account.free_tier,
        ephemeral_mb=fn.ephemeral_storage_mb,
        edge=fn.edge,
        provisioned=fn.provisioned is not None,
        snapstart=_charged_snapstart(fn),
        streaming=bool(_stream_gb(fn)),
        savings_plan=account.savings_plan,
    )
    snap = fn.snapstart if _charged_snapstart(fn) else None
    workload = Workload(
        fn.requests_per_month,
        fn.ephemeral_storage_mb,
        requests_per_async_event(fn.async_event_kb) if fn.async_event_kb is not None else 1,
        fn.cold_start_percent,
        fn.init_duration_ms,
        _provisioned(
            fn, current_duration_ms if current_duration_ms is not None else fn.duration_ms
        ),
        snap.active_hours_per_month if snap is not None else None,
        snap.restore_percent if snap is not None else Decimal(0),
        _stream_gb(fn),
    )
    return rates, workload


def function_at(
    fn: FunctionWorkload,
    memory_mb: int,
    duration_ms: Decimal,
    current_duration_ms: Decimal | None = None,
) -> FunctionWorkload:
    """The function as sizing prices it at another size, for `lambdacalc.cost.price`: the
    memory and the model's duration there, and a stated provisioned duration scaled alike;
    everything else (traffic, INIT, storage) as it is."""
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
    recommended: SizeOption | None  # None when no size qualifies (e.g. the floor is too high)
    reason: str

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
    return SizeAdvice(
        inputs.name,
        strategy,
        result.baseline,
        result.recommendation.option,
        result.recommendation.reason,
    )
