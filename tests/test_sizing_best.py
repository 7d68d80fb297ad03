"""The sweep's shortcuts give what the plain definitions give: `best` is the first of `rank`
(without sorting 10,113 options), and `predict_many` (which shares one prediction among sizes
the model cannot tell apart) predicts each size as `predict` does alone."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lambdacalc.sizing import Basis, DurationModel, Point, SizeOption, Strategy, rank
from lambdacalc.sizing.compare import best

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
