"""The sweep's shortcuts give what the plain definitions give: `best` is the first of `rank`
(without sorting 10,113 options), and `predict_many` (which shares one prediction among sizes
the model cannot tell apart) predicts each size as `predict` does alone."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lambdacalc.cost.rates import RateCard
from lambdacalc.sizing import (
    Basis,
    DurationModel,
    MemoryFloor,
    Point,
    SizeOption,
    Strategy,
    cost_options,
    rank,
)
from lambdacalc.sizing.compare import _io_bound_sizes, best
from lambdacalc.workload import FunctionWorkload

D = Decimal

# few distinct values, so that ties on cost and on duration are common
_costs = st.sampled_from([D("0.000001"), D("0.0000010000000000000000001"), D("0.000002"), D(0)])
_durations = st.sampled_from([D(100), D("100.0004"), D("100.0006"), D(250), D("0.5")])


@st.composite
def _options(draw: st.DrawFn) -> list[SizeOption]:
    sizes = sorted(draw(st.sets(st.integers(128, 400), min_size=1, max_size=12)))
    return [
        SizeOption(
            m,
            draw(_durations),
            D(1),
            draw(st.sampled_from(list(Basis))),
            D(1),
            draw(_costs),
            draw(_costs) * 1000,
            draw(st.sampled_from([None, None, "below the memory floor"])),
        )
        for m in sizes
    ]


@settings(max_examples=300, deadline=None)
@given(
    options=_options(),
    strategy=st.sampled_from(list(Strategy)),
    by_month=st.booleans(),
    weight=st.sampled_from([D(0), D("0.5"), D(1)]),
    current=st.integers(128, 400),
)
def test_best_is_the_first_of_rank(
    options: list[SizeOption], strategy: Strategy, by_month: bool, weight: Decimal, current: int
) -> None:
    ranked = rank(options, strategy, weight, by_month=by_month, current_mb=current)
    kw = {"by_month": by_month, "current_mb": current}
    assert best(options, strategy, weight, **kw) is (ranked[0] if ranked else None)
    first_measured = next((o for o in ranked if not o.extrapolated), None)
    assert best(options, strategy, weight, measured_only=True, **kw) is first_measured


@settings(max_examples=100, deadline=None)
@given(
    points=st.lists(
        st.tuples(st.integers(128, 10240), st.decimals("0.5", "9000", places=4)),
        min_size=1,
        max_size=3,
        unique_by=lambda p: p[0],
    ),
    cpu_bound=st.sampled_from([None, D(0), D("0.3"), D(1)]),
    threads=st.integers(1, 3),
    exact=st.booleans(),
)
def test_predict_many_predicts_each_size_as_alone(
    points: list[tuple[int, Decimal]], cpu_bound: Decimal | None, threads: int, exact: bool
) -> None:
    model = DurationModel.build(
        [Point(m, d) for m, d in points], cpu_bound=cpu_bound, threads=threads
    )
    sizes = sorted({*range(128, 10241, 7), 1769, 1770, 3538, 3539} | {m for m, _ in points})
    together = model.predict_many(sizes, exact=exact)
    for m, (d, basis) in zip(sizes, together, strict=True):
        alone, alone_basis = model.predict_many([m], exact=exact)[0]
        assert (str(d), basis) == (str(alone), alone_basis), m  # same digits, same exponent


# x86_64 us-east-1 rates: $0.20 per 1M requests; duration tiers at 6B and 15B GB-s
# (https://aws.amazon.com/lambda/pricing/); the free tier is the RateCard default
_CARD = RateCard(
    request_usd=D("0.0000002"),
    duration_tiers=(
        (D("6000000000"), D("0.0000166667")),
        (D("15000000000"), D("0.0000150000")),
        (None, D("0.0000133334")),
    ),
    ephemeral_usd_per_gb_s=D("0.0000000309"),
)


@settings(max_examples=200, deadline=None)
@given(
    point=st.tuples(st.integers(128, 10240), st.decimals("0.5", "900000", places=4)),
    current=st.integers(128, 10240),
    requests=st.sampled_from([D(0), D(999_999), D(10_000_000), D(10) ** 11]),
    storage=st.sampled_from([512, 2048, 10240]),
    billed=st.booleans(),
    init=st.booleans(),
    floor_mb=st.sampled_from([None, D(129), D(3000), D(10240)]),
    budget=st.sampled_from([None, D(1), D(500), D(900000)]),
    strategy=st.sampled_from(list(Strategy)),
    weight=st.sampled_from([D(0), D("0.3"), D(1)]),
    by_month=st.booleans(),
    step=st.sampled_from([1, 7, 64, 1000]),
)
def test_io_bound_best_needs_only_a_few_sizes(
    point: tuple[int, Decimal],
    current: int,
    requests: Decimal,
    storage: int,
    billed: bool,
    init: bool,
    floor_mb: Decimal | None,
    budget: Decimal | None,
    strategy: Strategy,
    weight: Decimal,
    by_month: bool,
    step: int,
) -> None:
    """The I/O-bound pick from the few sizes `_io_bound_sizes` keeps is the pick from all of
    them (with INIT the workload is not plain, and every size is kept)."""
    extra = {"cold_start_percent": D(1), "init_duration_ms": D(300)} if init else {}
    fn = FunctionWorkload(
        "f",
        point[0],
        point[1],
        requests,
        ephemeral_storage_mb=storage,
        duration_billed=billed,
        **extra,  # type: ignore[arg-type]
    )
    io = DurationModel.build([Point(*point)], cpu_bound=D(0))
    sizes = sorted({*range(128, 10241, step), point[0], current})
    floor = MemoryFloor(floor_mb, headroom=D("0.5")) if floor_mb is not None else None
    if strategy is Strategy.MAX_DURATION and budget is None:
        budget = D(500)
    kept = _io_bound_sizes(io, sizes, _CARD, fn, floor, budget, current)
    assert len(kept) <= 4 or init

    def pick(among: list[int]) -> SizeOption | None:
        options = cost_options(io, among, _CARD, fn, floor=floor, max_duration_ms=budget)
        return best(options, strategy, weight, by_month=by_month, current_mb=current)

    full, few = pick(sizes), pick(kept)
    assert (full and tuple(map(str, full))) == (few and tuple(map(str, few)))
