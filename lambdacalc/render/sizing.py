"""A memory-size comparison in every output format, all read from one `Comparison`.

The table and Markdown forms share one `Doc` (with a text bar chart of cost and duration by
size); JSON and CSV list every size with full precision. rich is imported only inside the
functions that draw.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from lambdacalc.render.common import (
    Doc,
    Records,
    Table,
    csv_text,
    dumps,
    enc_str,
    full,
    make_console,
    print_rich,
    usd,
)
from lambdacalc.render.common import to_markdown as doc_to_markdown
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
    from lambdacalc.cli.compare_memory_run import Context
    from lambdacalc.sizing_advice import SizeAdvice

TABLE_ROWS_UP_TO = 40  # above this (a sweep), the table shows a selection of sizes
BAR_WIDTH = 22
EXPORT_WIDTH = 110
NARROW_BELOW = 90  # columns; the full table needs about 84
_RATIO_QUANTUM = Decimal("0.000001")
_EIGHTHS = " ▏▎▍▌▋▊▉"


# --- JSON and CSV --------------------------------------------------------------------------


def _relative(new: Decimal, old: Decimal) -> Decimal:
    """new/old - 1: -0.038520 is 3.852% less."""
    return (new / old - 1).quantize(_RATIO_QUANTUM) if old else Decimal(0)


def to_data(comparison: Comparison, context: Context) -> dict[str, Any]:
    """The JSON document. Stable keys: recommended_memory_mb, strategy, options[] with
    memory_mb, duration_ms, cost_per_invocation_usd, monthly_usd, extrapolated."""
    base = comparison.baseline
    rec = comparison.recommendation.option
    model = comparison.model
    monthly_known = context.requests_per_month is not None
    return {
        "recommended_memory_mb": rec.memory_mb if rec else None,
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


def to_json(comparison: Comparison, context: Context) -> str:
    return dumps(to_data(comparison, context), full) + "\n"


CSV_COLUMNS = (
    "memory_mb",
    "duration_ms",
    "billed_duration_ms",
    "basis",
    "extrapolated",
    "cost_per_invocation_usd",
    "cost_per_million_usd",
    "monthly_usd",
    "cost_vs_current",
    "duration_vs_current",
    "recommended",
    "excluded_reason",
)


def to_csv(comparison: Comparison, context: Context) -> str:
    base = comparison.baseline
    monthly_known = context.requests_per_month is not None
    rec = comparison.recommendation.option
    rows = [
        [
            o.memory_mb,
            full(o.duration_ms),
            full(o.billed_ms),
            o.basis.value,
            "true" if o.extrapolated else "false",
            full(o.cost_per_invocation_usd),
            full(o.cost_per_million_usd),
            full(o.monthly_usd) if monthly_known else "",
            full(_relative(o.cost_per_invocation_usd, base.cost_per_invocation_usd)),
            full(_relative(o.duration_ms, base.duration_ms)),
            "true" if rec is not None and o.memory_mb == rec.memory_mb else "false",
            o.excluded_reason or "",
        ]
        for o in comparison.options
    ]
    return csv_text(CSV_COLUMNS, rows)


# --- the table, the chart and the document -------------------------------------------------


def _ms(value: Decimal) -> str:
    """Whole ms from 100 ms up (the table stays narrow), one decimal below."""
    if value == value.to_integral_value() or value >= 100:
        return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):,f} ms"
    return f"{value:,.1f} ms"


def _per_invocation(value: Decimal) -> str:
    return f"${value.quantize(Decimal('1E-10')):f}"


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
    rec = comparison.recommendation.option
    if rec is not None:
        keep.add(rec.memory_mb)
    first_allowed = next((o for o in options if o.eligible), None)
    if first_allowed is not None:
        keep.add(first_allowed.memory_mb)
    return [o for o in options if o.memory_mb in keep]


_BASIS_MARK = {Basis.MEASURED: "", Basis.INTERPOLATED: "≈", Basis.EXTRAPOLATED: "~"}
LEGEND = (
    "★ recommended · ◆ current · ≈ interpolated · ~ extrapolated · "
    "✗ excluded: below the memory floor or over the duration budget"
)


def _note(option: SizeOption, comparison: Comparison) -> str:
    """Short marks that keep the table within 80 columns; LEGEND explains them."""
    parts = []
    rec = comparison.recommendation.option
    if rec is not None and option.memory_mb == rec.memory_mb:
        parts.append("★")
    if option.memory_mb == comparison.baseline.memory_mb:
        parts.append("◆")
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


def chart_lines(options: Sequence[SizeOption], width: int = BAR_WIDTH) -> list[str]:
    """A text bar chart: cost per invocation and duration by size, each scaled to its max."""
    if not options:
        return []
    top_cost = max(o.cost_per_invocation_usd for o in options)
    top_ms = max(o.duration_ms for o in options)
    lines = [f"{'':>9}  {'cost per 1M invocations':<{width + 10}}  duration"]
    for o in options:
        cost_bar = _bar(o.cost_per_invocation_usd, top_cost, width)
        cost = f"{cost_bar} {usd(o.cost_per_million_usd):>9}"
        duration = f"{_bar(o.duration_ms, top_ms, width)} {_ms(o.duration_ms):>11}"
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
    if comparison.recommendation.option is None:
        return (
            f"No recommendation ({comparison.strategy.value}): {comparison.recommendation.reason}"
        )
    return f"Recommended ({comparison.strategy.value}: {how}): {comparison.recommendation.reason}"


def to_doc(
    comparison: Comparison, context: Context, markdown: bool = False, narrow: bool = False
) -> Doc:
    """The report. `narrow` (a terminal under NARROW_BELOW columns) leaves the per-1M column
    to the chart, which shows the same figures, so that the table fits 80 columns."""
    base = comparison.baseline
    shown = shown_options(comparison)
    monthly_known = context.requests_per_month is not None
    columns = ["Memory", "Duration", "Δ time", "Per call", "Per 1M", "Δ cost"]
    if monthly_known:
        columns.append("Monthly")
    columns.append("")
    rows = []
    for o in shown:
        row = [
            f"{o.memory_mb:,} MB",
            _ms(o.duration_ms),
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
    if narrow:
        per_million = columns.index("Per 1M")
        del columns[per_million]
        for row in rows:
            del row[per_million]
    right = set(range(1, len(columns) - 1))
    caption = LEGEND
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
    )
    chart = "\n".join(chart_lines(shown))
    chart_block = f"```text\n{chart}\n```" if markdown else chart
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
    return Doc(
        title="Memory sizes compared",
        subtitle=subtitle,
        blocks=[table, chart_block],
        total=_recommendation_line(comparison),
        notes=notes,
    )


def to_markdown(comparison: Comparison, context: Context) -> str:
    return doc_to_markdown(to_doc(comparison, context, markdown=True))


def print_table(comparison: Comparison, context: Context) -> None:
    console = make_console()
    narrow = console.width < NARROW_BELOW
    print_rich(to_doc(comparison, context, narrow=narrow), console)


class ExportKind(str, Enum):
    SVG = "svg"
    HTML = "html"


def export(comparison: Comparison, context: Context, kind: ExportKind) -> str:
    """The table and chart as an SVG or HTML document, drawn by rich's own export."""
    console = make_console(file=io.StringIO(), record=True)
    console.width = EXPORT_WIDTH
    print_rich(to_doc(comparison, context), console)
    if kind is ExportKind.SVG:
        return str(console.export_svg(title="lambdacalc compare-memory"))
    if kind is ExportKind.HTML:
        return str(console.export_html())
    raise AssertionError(kind)  # pragma: no cover


def advice_line(advice: SizeAdvice) -> str:
    """The cost report's one line per function, e.g.
    'api: 256 MB: as fast and 67% cheaper per invocation than 1024 MB; saves $2.34 a month
    (cost strategy)'."""
    how = f"({advice.strategy.value} strategy)"
    if advice.recommended is None:
        return f"{advice.function}: {advice.reason} {how}"
    if advice.recommended.memory_mb == advice.current.memory_mb:
        return f"{advice.function}: {advice.reason} {how}"
    saving = advice.monthly_saving_usd
    if saving > 0:
        money = f"saves {usd(saving)} a month"
    elif saving < 0:
        money = f"costs {usd(-saving)} more a month"
    else:
        money = "the same monthly cost"
    return f"{advice.function}: {advice.reason}; {money} {how}"
