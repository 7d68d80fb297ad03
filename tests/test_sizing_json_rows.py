"""compare-memory's JSON rows are written from per-row texts (`_option_texts`, the sweep's
fast path); they must read exactly as the general encoder writes each row's dict."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lambdacalc.render import json_out
from lambdacalc.render.common import Records, dumps, full
from lambdacalc.render.sizing_data import to_data, write_json_to
from lambdacalc.sizing import (
    DurationModel,
    MemoryFloor,
    Point,
    Provenance,
    Strategy,
    candidate_sizes,
    compare,
)
from tests.test_sizing import X86_US_EAST_1, load

D = Decimal
TEMPLATE = Records._shape_writer
COMPILE_AT = json_out.COMPILE_AT


def _both(comparison: Any, context: Provenance) -> tuple[str, str]:
    """(the streamed text, the text of the same document with every row a plain dict); the
    streamed rows are filled from their texts, not encoded again after a failed template."""
    accepted: list[bool] = []

    def spy(self: Records, *args: Any) -> str | None:
        template = TEMPLATE(self, *args)
        accepted.append(template is not None)
        return template

    out = io.StringIO()
    Records._shape_writer = spy  # type: ignore[method-assign]
    json_out.COMPILE_AT = 1  # a row function for a comparison of few sizes too
    try:
        write_json_to(out, comparison, context)
    finally:
        Records._shape_writer = TEMPLATE  # type: ignore[method-assign]
        json_out.COMPILE_AT = COMPILE_AT
    assert accepted == [True]
    data = to_data(comparison, context)
    data["options"] = list(data["options"])  # each row's dict, through the general encoder
    return out.getvalue(), dumps(data, full) + "\n"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(128, 10_240),
            st.decimals("0.001", "900000", places=3, allow_nan=False, allow_infinity=False),
        ),
        min_size=1,
        max_size=3,
        unique_by=lambda p: p[0],
    ),
    st.none() | st.decimals("0", "1", places=2),
    st.integers(1, 8),
    st.sampled_from([None, D(0), D(1_000_000), D("12345678")]),
    st.none() | st.decimals("1", "10000", places=1),
    st.none() | st.decimals("0.001", "900000", places=3),
    st.booleans(),
)
def test_rows_read_as_the_general_encoder_writes_them(
    points: list[tuple[int, Decimal]],
    cpu_bound: Decimal | None,
    threads: int,
    requests: Decimal | None,
    used_mb: Decimal | None,
    budget_ms: Decimal | None,
    sweep: bool,
) -> None:
    model = DurationModel.build(
        [Point(m, d) for m, d in points], cpu_bound=cpu_bound, threads=threads
    )
    sizes = candidate_sizes(
        current_mb=points[0][0], measured_mb=[m for m, _ in points], sweep=sweep
    )
    comparison = compare(
        model,
        sizes,
        X86_US_EAST_1,
        load(requests if requests is not None else D(0)),
        strategy=Strategy.MAX_DURATION if budget_ms is not None else Strategy.COST,
        max_duration_ms=budget_ms,
        floor=MemoryFloor(used_mb) if used_mb is not None else None,
        baseline_mb=points[0][0],
    )
    context = Provenance("us-east-1", "x86_64", requests, "book", "flags")
    streamed, general = _both(comparison, context)
    assert streamed == general
