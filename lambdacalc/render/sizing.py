"""A memory-size comparison in every output format, all read from one `Comparison`.

The table and Markdown forms share one `Doc` (with a text bar chart of cost and duration by
size); JSON and CSV list every size with full precision. rich is imported only inside the
functions that draw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from lambdacalc.currency import symbol
from lambdacalc.render.common import (
    Doc,
    Records,
    Table,
    csv_text,
    dumps,
    enc_str,
    full,
    usd,
)
from lambdacalc.render.report import Report
from lambdacalc.sizing import (
    ONE_VCPU_MB,
    POWER_TUNING_DEFAULT_SIZES_MB,
    Basis,
    Comparison,
    Recommendation,
    SizeOption,
    Strategy,
    strategy_phrase,
)

if TYPE_CHECKING:
    from lambdacalc.sizing import Provenance
    from lambdacalc.sizing_advice import SizeAdvice

TABLE_ROWS_UP_TO = 40  # above this (a sweep), the table shows a selection of sizes
BAR_WIDTH = 22  # the chart's bars at most; narrower on a narrow terminal
MIN_BAR_WIDTH = 6
CHART_TEXT_WIDTH = 35  # a chart line without its two bars: labels, money and duration
_RATIO_QUANTUM = Decimal("0.000001")
_EIGHTHS = " ▏▎▍▌▋▊▉"


# --- JSON and CSV --------------------------------------------------------------------------


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
            texts=lambda o, num: _option_texts(o, num, base, monthly_known),
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
    o: SizeOption, num: Callable[[Decimal], str], base: SizeOption, monthly_known: bool
) -> list[str]:
    """_option_leaves as JSON texts, each type known in advance (a sweep has 10,113)."""
    cost = o.cost_per_invocation_usd
    excluded = o.excluded_reason
    return [
        str(o.memory_mb),
        num(o.duration_ms),
        num(o.billed_ms),
        _BASIS_TEXTS[o.basis],
        "true" if o.basis is Basis.EXTRAPOLATED else "false",
        num(o.gb_s_per_invocation),
        num(cost),
        num(cost * 1_000_000),
        num(o.monthly_usd) if monthly_known else "null",
        num(_relative(cost, base.cost_per_invocation_usd)),
        num(_relative(o.duration_ms, base.duration_ms)),
        "true" if excluded is None else "false",
        "null" if excluded is None else enc_str(excluded),
    ]


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


# --- the table, the chart and the document -------------------------------------------------


def ms_places(values: Sequence[Decimal]) -> int:
    """One precision for a column of durations: whole ms, unless a value under 100 ms has a
    fraction that shows at 0.1 ms; then one decimal for every value in the column."""
    tenth = Decimal("0.1")
    for value in values:
        if value < 100 and value.quantize(tenth, rounding=ROUND_HALF_UP) % 1:
            return 1
    return 0


def _ms(value: Decimal, places: int = 0) -> str:
    """A duration at the column's precision (see ms_places)."""
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,f} ms"


def _per_invocation(value: Decimal) -> str:
    return f"{symbol()}{value.quantize(Decimal('1E-10')):f}"


def _pct(value: Decimal) -> str:
    """-0.038520 -> '−3.9%'; whole per cent from 100% up."""
    pct = value * 100
    pct = pct.quantize(Decimal(1) if abs(pct) >= 100 else Decimal("0.1"), rounding=ROUND_HALF_UP)
    if pct == 0:
        return "0%"
    return f"{'+' if pct > 0 else '−'}{abs(pct):,f}%"


def shown_options(comparison: Comparison) -> list[SizeOption]:
    """Every size, or for a long list (a sweep) the landmarks: Power Tuning's sizes, each GB,
    each whole vCPU, the measured, current, recommended and smallest allowed sizes."""
    options = list(comparison.options)
    if len(options) <= TABLE_ROWS_UP_TO:
        return options
    keep = set(POWER_TUNING_DEFAULT_SIZES_MB)
    keep.update(range(1024, 10_241, 1024))
    keep.update(ONE_VCPU_MB * k for k in range(1, 6))
    keep.add(comparison.baseline.memory_mb)
    keep.update(p.memory_mb for p in comparison.model.points)
    recommendation = comparison.recommendation
    for marked in (
        recommendation.option,
        recommendation.if_cpu_bound,
        recommendation.if_io_bound,
        recommendation.worth_measuring,
    ):
        if marked is not None:
            keep.add(marked.memory_mb)
    first_allowed = next((o for o in options if o.eligible), None)
    if first_allowed is not None:
        keep.add(first_allowed.memory_mb)
    return [o for o in options if o.memory_mb in keep]


_BASIS_MARK = {Basis.MEASURED: "", Basis.INTERPOLATED: "≈", Basis.EXTRAPOLATED: "~"}
LEGEND = (
    "★ recommended · ◆ current · ≈ interpolated · ~ extrapolated · "
    "✗ excluded: below the memory floor or over the duration budget"
)


# the marks of basis `assumed` (the two bounds) and `measured` (a size worth measuring)
_BOUND_MARKS = (
    ("if_cpu_bound", "C", "C pick if CPU-bound"),
    ("if_io_bound", "I", "I pick if I/O-bound"),
    ("worth_measuring", "?", "? worth measuring"),
)


def _legend(comparison: Comparison) -> str:
    """LEGEND, and the marks of the bounds or of a size worth measuring when there are any."""
    rec = comparison.recommendation
    extra = [text for attr, _, text in _BOUND_MARKS if getattr(rec, attr) is not None]
    return LEGEND + ("\n" + " · ".join(extra) if extra else "")


def _note(option: SizeOption, comparison: Comparison) -> str:
    """Short marks that keep the table within 80 columns; `_legend` explains them."""
    parts = []
    recommendation = comparison.recommendation
    rec = recommendation.option
    if rec is not None and option.memory_mb == rec.memory_mb:
        parts.append("★")
    if option.memory_mb == comparison.baseline.memory_mb:
        parts.append("◆")
    for attr, mark, _ in _BOUND_MARKS:
        marked = getattr(recommendation, attr)
        if marked is not None and marked.memory_mb == option.memory_mb:
            parts.append(mark)
    mark = _BASIS_MARK[option.basis]
    if mark:
        parts.append(mark)
    if option.excluded_reason is not None:
        parts.append("✗")
    return "".join(parts)


def _bar(value: Decimal, largest: Decimal, width: int = BAR_WIDTH) -> str:
    if largest <= 0:
        return " " * width
    eighths = int((value / largest * width * 8).to_integral_value())
    full, part = divmod(max(eighths, 1), 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text.ljust(width)


def bar_width(terminal_width: int | None) -> int:
    """The chart's bar length for a terminal: both bars and their labels fit on one line."""
    if terminal_width is None:
        return BAR_WIDTH
    return max(MIN_BAR_WIDTH, min(BAR_WIDTH, (terminal_width - CHART_TEXT_WIDTH) // 2))


def chart_lines(options: Sequence[SizeOption], width: int = BAR_WIDTH) -> list[str]:
    """A text bar chart: cost per invocation and duration by size, each scaled to its max."""
    if not options:
        return []
    top_cost = max(o.cost_per_invocation_usd for o in options)
    top_ms = max(o.duration_ms for o in options)
    places = ms_places([o.duration_ms for o in options])
    title = "cost per 1M invocations" if width >= 13 else "cost per 1M"
    lines = [f"{'':>9}  {title:<{width + 10}}  duration"]
    for o in options:
        cost_bar = _bar(o.cost_per_invocation_usd, top_cost, width)
        cost = f"{cost_bar} {usd(o.cost_per_million_usd):>9}"
        duration = f"{_bar(o.duration_ms, top_ms, width)} {_ms(o.duration_ms, places):>11}"
        lines.append(f"{o.memory_mb:>6,} MB  {cost}  {duration}")
    return lines


def _share(value: Decimal) -> str:
    """1 -> '1.0', 0.9 -> '0.9', 0.87654 -> '0.8765'."""
    text = f"{value.quantize(Decimal('0.0001')):f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _model_line(comparison: Comparison) -> str:
    model = comparison.model
    threads = f"{model.threads} thread" + ("" if model.threads == 1 else "s")
    return (
        f"Model: cpu_bound {_share(model.cpu_bound)} ({model.cpu_bound_source.value}), "
        f"{threads}; CPU grows with memory up to {ONE_VCPU_MB:,} MB per thread."
    )


def _recommendation_line(comparison: Comparison) -> str:
    strategy = comparison.strategy
    how = strategy_phrase(strategy, comparison.by_month)
    if strategy is Strategy.BALANCED:
        how += f", weight {comparison.balanced_weight.normalize():f}"
    if strategy is Strategy.MAX_DURATION and comparison.max_duration_ms is not None:
        cheapest = "the cheapest a month" if comparison.by_month else "the cheapest"
        how = f"{cheapest} within {comparison.max_duration_ms.normalize():f} ms"
    basis = comparison.recommendation.basis.value
    if comparison.recommendation.option is None:
        return (
            f"No recommendation ({comparison.strategy.value}, basis {basis}): "
            f"{comparison.recommendation.reason}"
        )
    return (
        f"Recommended ({comparison.strategy.value}: {how}; basis {basis}): "
        f"{comparison.recommendation.reason}"
    )


def _bounds_block(comparison: Comparison) -> str:
    """For basis `assumed`: each bound with its duration and cost; and what to measure."""
    rec = comparison.recommendation
    lines = []
    for label, option in (
        ("If CPU-bound (cpu_bound 1)", rec.if_cpu_bound),
        ("If I/O-bound (cpu_bound 0)", rec.if_io_bound),
    ):
        if rec.basis.value != "assumed":
            break
        if option is None:
            lines.append(f"{label}: no size qualifies.")
            continue
        month = (
            f", {usd(option.monthly_usd)} a month"
            if comparison.by_month or option.monthly_usd
            else ""
        )
        lines.append(
            f"{label}: {option.memory_mb:,} MB, {_ms(option.duration_ms)}, "
            f"{_per_invocation(option.cost_per_invocation_usd)} per call{month}."
        )
    if rec.to_measure:
        lines.append(rec.to_measure)
    return "\n".join(lines)


def to_doc(
    comparison: Comparison, context: Provenance, markdown: bool = False, width: int | None = None
) -> Doc:
    """The report; `width` (a terminal's) sizes the chart's bars. On a narrow terminal the
    table leaves out Per 1M first (the chart shows the same figures), then Per call."""
    base = comparison.baseline
    shown = shown_options(comparison)
    monthly_known = context.requests_per_month is not None
    columns = ["Memory", "Duration", "Δ time", "Per call", "Per 1M", "Δ cost"]
    if monthly_known:
        columns.append("Monthly")
    columns.append("")
    rows = []
    places = ms_places([o.duration_ms for o in shown])
    for o in shown:
        row = [
            f"{o.memory_mb:,} MB",
            _ms(o.duration_ms, places),
            "—" if o is base else _pct(_relative(o.duration_ms, base.duration_ms)),
            _per_invocation(o.cost_per_invocation_usd),
            usd(o.cost_per_million_usd),
            "—"
            if o is base
            else _pct(_relative(o.cost_per_invocation_usd, base.cost_per_invocation_usd)),
        ]
        if monthly_known:
            row.append(usd(o.monthly_usd))
        row.append(_note(o, comparison))
        rows.append(row)
    right = set(range(1, len(columns) - 1))
    caption = _legend(comparison)
    if len(shown) < len(comparison.options):
        caption += (
            f"\nShowing {len(shown)} of {len(comparison.options):,} sizes; "
            f"--format csv or json lists them all."
        )
    table = Table(
        title="",
        columns=columns,
        rows=rows,
        right=right,
        caption=caption,
        optional=[columns.index("Per 1M"), columns.index("Per call")],
        whole={0, len(columns) - 1},  # the size and its marks
    )
    chart = "\n".join(chart_lines(shown, bar_width(width)))
    chart_block = f"```text\n{chart}\n```" if markdown else chart
    blocks: list[Table | str] = [table, chart_block]
    bounds = _bounds_block(comparison)
    if bounds:
        blocks.append(bounds)
    subtitle = f"{context.source} · {context.region} {context.architecture}"
    if monthly_known:
        subtitle += f" · {context.requests_per_month:,f} requests a month"
    notes = [
        _model_line(comparison),
        "Δ is relative to the current size "
        f"({base.memory_mb:,} MB); cost per invocation = request + billed GB-s × first-tier rate.",
        f"Prices: {context.prices}.",
    ]
    notes.extend(comparison.notes)
    if comparison.floor is not None:
        notes.append(f"Memory floor: {comparison.floor.describe()}.")
    if comparison.max_duration_ms is not None:
        notes.append(f"Duration budget: {comparison.max_duration_ms.normalize():f} ms.")
    if any(o.extrapolated for o in comparison.options):
        notes.append("Extrapolated rows are predicted by the model beyond the measured sizes.")
    if comparison.recommendation.basis.value == "assumed":
        notes.append(
            "Basis assumed: one measured size and no --cpu-bound, so the rows take the duration "
            "to scale with CPU (cpu_bound 1), which is only the faster of the two bounds."
        )
    return Doc(
        title="Memory sizes compared",
        subtitle=subtitle,
        blocks=blocks,
        total=_recommendation_line(comparison),
        warnings=list(comparison.warnings),
        notes=notes,
    )


class ExportKind(str, Enum):
    SVG = "svg"
    HTML = "html"


def export(comparison: Comparison, context: Provenance, kind: ExportKind) -> str:
    """The chart as a self-contained SVG, or the whole report as one HTML page."""
    from lambdacalc.render.chart import to_html, to_svg

    options = shown_options(comparison)
    places = ms_places([o.duration_ms for o in options])
    labels = [_ms(o.duration_ms, places) for o in options]
    svg = to_svg(comparison, context, options, labels, _recommendation_line(comparison))
    if kind is ExportKind.SVG:
        return svg
    if kind is ExportKind.HTML:
        return to_html(to_doc(comparison, context), svg)
    raise AssertionError(kind)  # pragma: no cover


def advice_line(advice: SizeAdvice) -> str:
    """The cost report's one line per function, e.g.
    'api: 256 MB: as fast and 67% cheaper per invocation than 1024 MB; saves $2.34 a month
    (cost strategy, basis given)', followed for basis `assumed` (and for a size worth
    measuring) by the sentence on what to measure."""
    rec = advice.recommendation
    how = f"({advice.strategy.value} strategy, basis {rec.basis.value})"
    after = f". {rec.to_measure}" if rec.to_measure else ""
    if advice.recommended is None or advice.recommended.memory_mb == advice.current.memory_mb:
        return f"{advice.function}: {advice.reason} {how}{after}"
    saving = advice.monthly_saving_usd
    if saving > 0:
        money = f"saves {usd(saving)} a month"
    elif saving < 0:
        money = f"costs {usd(-saving)} more a month"
    else:
        money = "the same monthly cost"
    return f"{advice.function}: {advice.reason}; {money} {how}{after}"


class ComparisonReport(Report):
    """`compare-memory`: the sizes compared, the chart and the recommendation."""

    __slots__ = ("comparison", "context")

    def __init__(self, comparison: Comparison, context: Provenance) -> None:
        self.comparison = comparison
        self.context = context

    def json(self) -> str:
        return to_json(self.comparison, self.context)

    def csv(self) -> str:
        return to_csv(self.comparison, self.context)

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        return to_doc(self.comparison, self.context, markdown=markdown, width=width)
