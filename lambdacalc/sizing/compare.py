"""Cost every candidate size, rank them by a strategy, and `compare`: the recommendation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from operator import attrgetter

from lambdacalc.cost.rates import RateCard
from lambdacalc.cost.sweep import is_plain, price_sizes
from lambdacalc.errors import InputError, field
from lambdacalc.sizing.explain import (
    _assumed_recommendation,
    _nothing_qualifies,
    _over_commitment,
    _versus,
    compares_months,
    pricing_notes,
    reason_sentence,
)
from lambdacalc.sizing.model import (
    DEFAULT_BALANCED_WEIGHT,
    MAX_MEMORY_MB,
    MIN_MEMORY_MB,
    DurationModel,
    RecommendationBasis,
    Strategy,
    check_duration_ms,
    check_fraction,
)
from lambdacalc.sizing.options import (
    Comparison,
    MemoryFloor,
    Recommendation,
    SizeOption,
    same_cost,
    same_duration,
)
from lambdacalc.units import ONE, ZERO
from lambdacalc.workload import FunctionWorkload


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
    new = tuple.__new__  # SizeOption(...) without its Python-level __new__: 10,113 a sweep
    for m, (duration_ms, basis), (billed, gb_s, per_inv, monthly) in zip(
        sizes_mb, predicted, costs, strict=True
    ):
        reason = None
        if floor_mb is not None and m < floor_mb:
            reason = floor_reason
        elif max_duration_ms is not None and duration_ms > max_duration_ms:
            reason = f"slower than the {max_duration_ms.normalize():f} ms budget"
        out.append(new(SizeOption, (m, duration_ms, billed, basis, gb_s, per_inv, monthly, reason)))
    return out


_RankKey = Callable[[SizeOption], tuple[Decimal | int | bool, ...]]
# A rank key in two parts: the first element of every option's key, computed for all of them
# at once, and the rest of one option's key (`_best` needs the rest only for those tied first).
_Firsts = Callable[[Sequence[SizeOption]], list[Decimal]]


def _tie_rule(current_mb: int | None) -> _RankKey:
    """THE tie rule, for every strategy that ranks by cost: among options of the same cost (to
    `same_cost`'s 20 digits, per invocation or per month, whichever is compared) the fastest
    wins (to the microsecond); among the fastest equals the current size is kept; then the
    smaller size. So no recommendation is slower for no saving."""
    d = same_duration
    last = _last_resort(current_mb)
    return lambda o: (d(o.duration_ms), *last(o))


def _last_resort(current_mb: int | None) -> _RankKey:
    """Between options equal in everything a strategy compares: the current size, then the
    smaller."""
    return lambda o: (o.memory_mb != current_mb, o.memory_mb)


def _of(rule: Callable[[Decimal], Decimal], name: str) -> _Firsts:
    """`rule` applied to the attribute `name` of every option (in C: `map`)."""
    get = attrgetter(name)
    return lambda options: list(map(rule, map(get, options)))


def _rank_parts(
    strategy: Strategy,
    weight: Decimal,
    eligible: Sequence[SizeOption],
    by_month: bool,
    current_mb: int | None = None,
) -> tuple[_Firsts, _RankKey]:
    """The sort key for `strategy` (smaller is better) as (first elements, the rest). The cost
    strategies compare monthly costs when `by_month`, else costs per invocation, and break
    ties by `_tie_rule`."""
    c = same_cost
    tie = _tie_rule(current_mb)
    last = _last_resort(current_mb)
    if strategy is Strategy.COST or strategy is Strategy.MAX_DURATION:
        return _of(c, "monthly_usd" if by_month else "cost_per_invocation_usd"), tie
    if strategy is Strategy.SPEED:
        if by_month:
            return _of(same_duration, "duration_ms"), lambda o: (
                c(o.monthly_usd),
                c(o.cost_per_invocation_usd),
                *last(o),
            )
        return _of(same_duration, "duration_ms"), lambda o: (
            c(o.cost_per_invocation_usd),
            *last(o),
        )
    if strategy is Strategy.BALANCED:
        max_duration = max(o.duration_ms for o in eligible) or ONE
        duration_w = (ONE - weight) / max_duration
        if by_month:
            month_w = weight / (max(o.monthly_usd for o in eligible) or ONE)
            return lambda options: [
                month_w * o.monthly_usd + duration_w * o.duration_ms for o in options
            ], lambda o: (o.cost_per_invocation_usd, *last(o))
        cost_w = weight / (max(o.cost_per_invocation_usd for o in eligible) or ONE)
        return lambda options: [
            cost_w * o.cost_per_invocation_usd + duration_w * o.duration_ms for o in options
        ], lambda o: (o.cost_per_invocation_usd, *last(o))
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
    firsts, rest = _rank_parts(strategy, balanced_weight, eligible, by_month, current_mb)
    keys = [(v, *rest(o)) for v, o in zip(firsts(eligible), eligible, strict=True)]
    return [eligible[i] for i in sorted(range(len(eligible)), key=keys.__getitem__)]


def best(
    options: Sequence[SizeOption],
    strategy: Strategy,
    balanced_weight: Decimal = DEFAULT_BALANCED_WEIGHT,
    *,
    by_month: bool = False,
    current_mb: int | None = None,
    measured_only: bool = False,
) -> SizeOption | None:
    """The first of `rank` (of the options not extrapolated, with `measured_only`), without
    sorting: the least first key element, then among the options tied on it the least rest
    (every key ends in the size, so there is one least)."""
    eligible = [o for o in options if o.eligible and not (measured_only and o.extrapolated)]
    if not eligible:
        return None
    # the weights of `balanced` come from every eligible option, as `rank` takes them
    among = [o for o in options if o.eligible] if measured_only else eligible
    firsts, rest = _rank_parts(strategy, balanced_weight, among, by_month, current_mb)
    values = firsts(eligible)
    least = min(values)
    tied = [o for o, v in zip(eligible, values, strict=True) if v == least]
    return tied[0] if len(tied) == 1 else min(tied, key=rest)


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
    sizes if missing, so every row can be read relative to it."""
    _check_inputs(fn, strategy, balanced_weight, max_duration_ms)
    base_mb = baseline_mb if baseline_mb is not None else model.points[0].memory_mb
    sizes = _with_baseline(sizes_mb, base_mb)
    by_month = compares_months(card, fn)
    best_of = partial(
        best,
        strategy=strategy,
        balanced_weight=balanced_weight,
        by_month=by_month,
        current_mb=base_mb,
    )
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
    first = best_of(options)
    basis = model.recommendation_basis
    pick = best_of(options, measured_only=True) if basis is RecommendationBasis.MEASURED else first
    io_best = None  # with the CPU-bound share unknown, the best if I/O-bound is the other bound
    if basis is RecommendationBasis.ASSUMED:
        io_best = best_of(_io_bound_costs(model, sizes, card, fn, floor, max_duration_ms, base_mb))
    recommendation = _recommendation(
        basis, options, first, pick, io_best, baseline, strategy, by_month, floor, max_duration_ms
    )
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
        _over_commitment(card, over_committed, options, baseline),
    )


def _io_bound_costs(
    model: DurationModel,
    sizes: list[int],
    card: RateCard,
    fn: FunctionWorkload,
    floor: MemoryFloor | None,
    max_duration_ms: Decimal | None,
    current_mb: int,
) -> list[SizeOption]:
    """The sizes costed as if the function were I/O-bound (its duration the same at every
    size), those of them that decide the best (`_io_bound_sizes`)."""
    io_model = DurationModel.build(model.points, cpu_bound=ZERO, threads=model.threads)
    io_sizes = _io_bound_sizes(io_model, sizes, card, fn, floor, max_duration_ms, current_mb)
    return cost_options(io_model, io_sizes, card, fn, floor=floor, max_duration_ms=max_duration_ms)


def _io_bound_sizes(
    io_model: DurationModel,
    sizes: list[int],
    card: RateCard,
    fn: FunctionWorkload,
    floor: MemoryFloor | None,
    max_duration_ms: Decimal | None,
    current_mb: int,
) -> list[int]:
    """The sizes whose costs decide the best I/O-bound size: all of them, or in the plain
    pricing (`is_plain`, no negative rate) only the measured and current sizes and the
    smallest and largest of the others that qualify.

    Why that is enough: the I/O-bound model of one measured size predicts one duration for
    every other size, so those share one billed duration, and their cost per invocation and
    per month only grow with memory (GB-s through tiers with rates >= 0, less a fixed free
    credit); which qualify is a floor on memory plus a duration budget that all meet or none.
    So by every strategy's key the best of them is the smallest that qualifies, or the
    current size where its cost ties; `balanced` weighs by the largest cost and duration,
    those of the largest that qualifies or of the measured size. `best` then ranks these as
    it would rank all (tests/test_sizing_best.py checks it against every size)."""
    rates = [card.request_usd, card.ephemeral_usd_per_gb_s]
    rates += [rate for _, rate in card.duration_tiers]
    if not is_plain(card, fn) or any(rate < 0 for rate in rates):
        return sizes
    measured = {p.memory_mb for p in io_model.points}
    floor_mb = floor.floor_mb if floor is not None else None
    others = [m for m in sizes if m not in measured and (floor_mb is None or m >= floor_mb)]
    wanted = measured | {current_mb}
    if others:
        wanted |= {min(others), max(others)}
    return [m for m in sizes if m in wanted]


def _with_baseline(sizes_mb: Sequence[int], base_mb: int) -> list[int]:
    """The sizes to cost, the baseline among them; each within Lambda's range."""
    sizes = list(sizes_mb)
    if base_mb not in sizes:
        sizes = sorted([*sizes, base_mb])
    for m in sizes:
        if not MIN_MEMORY_MB <= m <= MAX_MEMORY_MB:
            raise InputError(f"size {m} MB is outside Lambda's range; use 128 to 10240 MB")
    return sizes


def _recommendation(
    basis: RecommendationBasis,
    options: list[SizeOption],
    first: SizeOption | None,
    pick: SizeOption | None,
    io_best: SizeOption | None,
    baseline: SizeOption,
    strategy: Strategy,
    by_month: bool,
    floor: MemoryFloor | None,
    max_duration_ms: Decimal | None,
) -> Recommendation:
    """The pick on measured sizes (`first` the best of all, `pick` the best measured or
    interpolated one), on one size and a stated CPU-bound share (`first`), or on one size
    with the share unknown (`first`, as CPU-bound, and `io_best`, as I/O-bound)."""
    if basis is RecommendationBasis.GIVEN and first is not None:
        reason = reason_sentence(first, baseline, strategy, by_month=by_month)
        return Recommendation(first, reason, basis)
    nothing = _nothing_qualifies(options, floor, max_duration_ms)
    if basis is RecommendationBasis.ASSUMED:
        # how duration changes with memory is unknown: the pick if I/O-bound is the other bound
        return _assumed_recommendation(baseline, first, io_best, by_month, nothing)
    if basis is RecommendationBasis.MEASURED:
        return _measured_recommendation(first, pick, baseline, strategy, by_month, nothing)
    return Recommendation(None, nothing, basis)


def _check_inputs(
    fn: FunctionWorkload,
    strategy: Strategy,
    balanced_weight: Decimal,
    max_duration_ms: Decimal | None,
) -> None:
    check_fraction(balanced_weight, field("balanced_weight"))
    requests = fn.requests_per_month
    if not requests.is_finite() or requests < 0:
        raise InputError(f"{field('requests_per_month')} {requests} must be 0 or more")
    if strategy is Strategy.MAX_DURATION and max_duration_ms is None:
        raise InputError(
            f"{field('strategy')} max-duration needs a budget; add {field('max_duration_ms')} 500ms"
        )
    if max_duration_ms is not None:
        check_duration_ms(max_duration_ms, field("max_duration_ms"))


def _measured_recommendation(
    first: SizeOption | None,
    pick: SizeOption | None,
    baseline: SizeOption,
    strategy: Strategy,
    by_month: bool,
    nothing_qualifies: str,
) -> Recommendation:
    """Two or more measured sizes: pick only a measured or interpolated size (`pick`, the
    best of those); a better extrapolated one (`first`, the best of all) is named as worth
    measuring."""
    ahead = first if first is not pick else None
    if pick is not None:
        reason = reason_sentence(pick, baseline, strategy, by_month=by_month)
    elif first is not None:
        reason = (
            "no measured or interpolated size qualifies; only sizes beyond the measured "
            "ones do, and those are predictions"
        )
    else:
        reason = nothing_qualifies
    to_measure = ""
    if ahead is not None:
        than = pick if pick is not None else baseline
        to_measure = (
            f"Worth measuring: {ahead.memory_mb} MB, beyond the measured sizes, is predicted "
            f"{_versus(ahead, than, by_month)}; measure it before moving there."
        )
    return Recommendation(
        pick, reason, RecommendationBasis.MEASURED, worth_measuring=ahead, to_measure=to_measure
    )
