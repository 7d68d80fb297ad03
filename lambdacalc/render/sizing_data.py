"""A memory-size comparison as JSON and CSV: every size with full precision, and the
recommendation's JSON that the cost and logs reports share (`recommendation_data`)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from lambdacalc.render.common import (
    Records,
    csv_text,
    dumps,
    enc_str,
    full,
    write_json,
)
from lambdacalc.sizing import (
    Basis,
    Comparison,
    Recommendation,
    SizeOption,
)

if TYPE_CHECKING:
    from lambdacalc.sizing import Provenance


_RATIO_QUANTUM = Decimal("0.000001")
_MILLION = Decimal(1_000_000)  # cost per million invocations (`SizeOption.cost_per_million_usd`)


def _relative(new: Decimal, old: Decimal) -> Decimal:
    """new/old - 1: -0.038520 is 3.852% less."""
    return (new / old - 1).quantize(_RATIO_QUANTUM) if old else Decimal(0)


def _bound_data(option: SizeOption | None, monthly_known: bool) -> dict[str, Any] | None:
    if option is None:
        return None
    return {
        "memory_mb": option.memory_mb,
        "duration_ms": option.duration_ms,
        "cost_per_invocation_usd": option.cost_per_invocation_usd,
        "monthly_usd": option.monthly_usd if monthly_known else None,
    }


def recommendation_data(rec: Recommendation, monthly_known: bool = True) -> dict[str, Any]:
    """The keys every recommendation carries in JSON (compare-memory, cost's
    memory_recommendations[], logs analyze's functions[]): its basis, and for `assumed` the
    picks if CPU-bound and if I/O-bound with their cost and duration; for `measured` a size
    worth measuring; and the sentence on what to measure."""

    def mb(option: SizeOption | None) -> int | None:
        return option.memory_mb if option is not None else None

    return {
        "recommendation_basis": rec.basis.value,
        "if_cpu_bound_mb": mb(rec.if_cpu_bound),
        "if_io_bound_mb": mb(rec.if_io_bound),
        "if_cpu_bound": _bound_data(rec.if_cpu_bound, monthly_known),
        "if_io_bound": _bound_data(rec.if_io_bound, monthly_known),
        "worth_measuring_mb": mb(rec.worth_measuring),
        "what_to_measure": rec.to_measure or None,
    }


def to_data(comparison: Comparison, context: Provenance) -> dict[str, Any]:
    """The JSON document. Stable keys: recommended_memory_mb, recommendation_basis, strategy,
    options[] with memory_mb, duration_ms, cost_per_invocation_usd, monthly_usd,
    extrapolated."""
    base = comparison.baseline
    rec = comparison.recommendation.option
    model = comparison.model
    monthly_known = context.requests_per_month is not None
    return {
        "recommended_memory_mb": rec.memory_mb if rec else None,
        **recommendation_data(comparison.recommendation, monthly_known),
        "strategy": comparison.strategy.value,
        "reason": comparison.recommendation.reason,
        "current_memory_mb": base.memory_mb,
        "balanced_weight": comparison.balanced_weight,
        "max_duration_ms": comparison.max_duration_ms,
        "memory_floor_mb": comparison.floor.floor_mb if comparison.floor else None,
        "max_memory_used_mb": comparison.floor.max_memory_used_mb if comparison.floor else None,
        "region": context.region,
        "architecture": context.architecture,
        "requests_per_month": context.requests_per_month,
        "prices": context.prices,
        "source": context.source,
        "notes": list(comparison.notes),
        "warnings": list(comparison.warnings),
        "model": {
            "cpu_bound": model.cpu_bound,
            "cpu_bound_source": model.cpu_bound_source.value,
            "threads": model.threads,
            "points": [
                {"memory_mb": p.memory_mb, "duration_ms": p.duration_ms} for p in model.points
            ],
        },
        "options": Records(
            comparison.options,
            lambda o: _option_data(o, base, monthly_known),
            lambda o: _option_leaves(o, base, monthly_known),
            lambda o: None,
            texts=_option_texts(base, monthly_known),
            one_shape=True,
        ),
    }


def _option_data(o: SizeOption, base: SizeOption, monthly_known: bool) -> dict[str, Any]:
    """One size of the JSON document; `_option_leaves` lists its values in order."""
    return {
        "memory_mb": o.memory_mb,
        "duration_ms": o.duration_ms,
        "billed_duration_ms": o.billed_ms,
        "basis": o.basis.value,
        "extrapolated": o.extrapolated,
        "gb_seconds_per_invocation": o.gb_s_per_invocation,
        "cost_per_invocation_usd": o.cost_per_invocation_usd,
        "cost_per_million_usd": o.cost_per_million_usd,
        "monthly_usd": o.monthly_usd if monthly_known else None,
        "cost_vs_current": _relative(o.cost_per_invocation_usd, base.cost_per_invocation_usd),
        "duration_vs_current": _relative(o.duration_ms, base.duration_ms),
        "eligible": o.eligible,
        "excluded_reason": o.excluded_reason,
    }


_BASIS_TEXTS = {b: enc_str(b.value) for b in Basis}


def _option_texts(
    base: SizeOption, monthly_known: bool
) -> Callable[[SizeOption, Callable[[Decimal], str]], tuple[str, ...]]:
    """_option_leaves as JSON texts, each type known in advance (a sweep has 10,113 rows).
    Sizes beyond the vCPUs' worth share one duration and one billed duration (the same
    objects, see `DurationModel.predict_many`), so their texts are kept from the row before.
    The row is unpacked in one step and `_relative` is inlined for the cost (the base cost
    is checked once): each row is a few Decimal texts, and little else."""
    base_cost, base_duration = base.cost_per_invocation_usd, base.duration_ms
    extrapolated = Basis.EXTRAPOLATED
    quantum, million = _RATIO_QUANTUM, _MILLION
    # (duration, billed ms, formatter) of the row before, and their texts
    last: list[Any] = [None, None, None, "", "", ""]

    def texts(o: SizeOption, num: Callable[[Decimal], str]) -> tuple[str, ...]:
        memory_mb, duration, billed, basis, gb_s, cost, monthly, excluded = o
        if duration is not last[0] or num is not last[2]:
            last[0], last[2] = duration, num
            last[3] = num(duration)
            last[5] = num(_relative(duration, base_duration))
            last[1] = None
        if billed is not last[1]:
            last[1] = billed
            last[4] = num(billed)
        return (
            str(memory_mb),
            last[3],
            last[4],
            _BASIS_TEXTS[basis],
            "true" if basis is extrapolated else "false",
            num(gb_s),
            num(cost),
            num(cost * million),
            num(monthly) if monthly_known else "null",
            num((cost / base_cost - 1).quantize(quantum)) if base_cost else "0",
            last[5],
            "true" if excluded is None else "false",
            "null" if excluded is None else enc_str(excluded),
        )

    return texts


def _option_leaves(o: SizeOption, base: SizeOption, monthly_known: bool) -> list[Any]:
    return [
        o.memory_mb,
        o.duration_ms,
        o.billed_ms,
        o.basis.value,
        o.extrapolated,
        o.gb_s_per_invocation,
        o.cost_per_invocation_usd,
        o.cost_per_million_usd,
        o.monthly_usd if monthly_known else None,
        _relative(o.cost_per_invocation_usd, base.cost_per_invocation_usd),
        _relative(o.duration_ms, base.duration_ms),
        o.eligible,
        o.excluded_reason,
    ]


def to_json(comparison: Comparison, context: Provenance) -> str:
    return dumps(to_data(comparison, context), full) + "\n"


def write_json_to(out: IO[str], comparison: Comparison, context: Provenance) -> None:
    """`to_json`'s text written to `out` in chunks (a sweep's is ~5 MB)."""
    write_json(to_data(comparison, context), out, full)


# The CSV: one row per size, each column named as its JSON field (options[].*, and the
# document's region and architecture), plus `recommended` and `current` (true on the size
# JSON names in recommended_memory_mb and current_memory_mb). The same columns every time.
CSV_OPTION_FIELDS = (
    "memory_mb",
    "duration_ms",
    "billed_duration_ms",
    "basis",
    "extrapolated",
    "gb_seconds_per_invocation",
    "cost_per_invocation_usd",
    "cost_per_million_usd",
    "monthly_usd",
    "cost_vs_current",
    "duration_vs_current",
    "eligible",
    "excluded_reason",
)


CSV_COLUMNS = ("region", "architecture", *CSV_OPTION_FIELDS, "recommended", "current")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return full(value)
    return "" if value is None else value


def to_csv(comparison: Comparison, context: Provenance) -> str:
    data = to_data(comparison, context)
    rows = [
        [
            data["region"],
            data["architecture"],
            *(_csv_cell(option[field]) for field in CSV_OPTION_FIELDS),
            _csv_cell(option["memory_mb"] == data["recommended_memory_mb"]),
            _csv_cell(option["memory_mb"] == data["current_memory_mb"]),
        ]
        for option in data["options"]
    ]
    return csv_text(CSV_COLUMNS, rows)
