"""A memory-size comparison in every output format, all read from one `Comparison`.

The table and Markdown forms share one `Doc` (with a text bar chart of cost and duration by
size); JSON and CSV (`render.sizing_data`) list every size with full precision. rich is
imported only inside the functions that draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import IO, TYPE_CHECKING

from lambdacalc.currency import symbol
from lambdacalc.render.chart import BOUND_MARKS
from lambdacalc.render.common import (
    Doc,
    Table,
    usd,
)
from lambdacalc.render.report import Report
from lambdacalc.render.sizing_data import _relative, recommendation_data, to_csv, to_json
from lambdacalc.sizing import (
    ONE_VCPU_MB,
    POWER_TUNING_DEFAULT_SIZES_MB,
    Basis,
    Comparison,
    SizeOption,
    Strategy,
    strategy_phrase,
)

if TYPE_CHECKING:
    from lambdacalc.sizing import Provenance
    from lambdacalc.sizing_advice import SizeAdvice

# `recommendation_data` is the cost and logs reports' JSON of a recommendation
__all__ = ["ComparisonReport", "ExportKind", "advice_line", "export", "recommendation_data"]

TABLE_ROWS_UP_TO = 40  # above this (a sweep), the table shows a selection of sizes
BAR_WIDTH = 22  # the chart's bars at most; narrower on a narrow terminal
MIN_BAR_WIDTH = 6
CHART_TEXT_WIDTH = 35  # a chart line without its two bars: labels, money and duration
_EIGHTHS = " ▏▎▍▌▋▊▉"


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


def _legend(comparison: Comparison) -> str:
    """LEGEND, and the marks of the bounds or of a size worth measuring when there are any."""
    rec = comparison.recommendation
    extra = [text for attr, _, text in BOUND_MARKS if getattr(rec, attr) is not None]
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
    for attr, mark, _ in BOUND_MARKS:
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
    shown = shown_options(comparison)
    monthly_known = context.requests_per_month is not None
    table = _sizes_table(comparison, shown, monthly_known)
    chart = "\n".join(chart_lines(shown, bar_width(width)))
    chart_block = f"```text\n{chart}\n```" if markdown else chart
    blocks: list[Table | str] = [table, chart_block]
    bounds = _bounds_block(comparison)
    if bounds:
        blocks.append(bounds)
    subtitle = f"{context.source} · {context.region} {context.architecture}"
    if monthly_known:
        subtitle += f" · {context.requests_per_month:,f} requests a month"
    return Doc(
        title="Memory sizes compared",
        subtitle=subtitle,
        blocks=blocks,
        total=_recommendation_line(comparison),
        warnings=list(comparison.warnings),
        notes=_notes(comparison, context),
    )


def _sizes_table(comparison: Comparison, shown: list[SizeOption], monthly_known: bool) -> Table:
    """One row per size shown: duration, cost per call and per million, monthly, marks."""
    base = comparison.baseline
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
    return table


def _notes(comparison: Comparison, context: Provenance) -> list[str]:
    """How the rows were worked out: the model, the baseline, prices, floor, budget, basis."""
    base = comparison.baseline
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
    return notes


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

    def write_json(self, out: IO[str]) -> None:  # streamed: a sweep has 10,113 rows
        from lambdacalc.render.sizing_data import write_json_to

        write_json_to(out, self.comparison, self.context)

    def csv(self) -> str:
        return to_csv(self.comparison, self.context)

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        return to_doc(self.comparison, self.context, markdown=markdown, width=width)
