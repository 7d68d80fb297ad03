"""compare-memory's chart as a self-contained SVG, and the whole report as one HTML page.

No network: the only URL is the SVG namespace, text uses the system's own fonts, and every
bar is a shape (`rect`) whose width is proportional to its value, so viewers that drop
leading spaces (rsvg and its kin) cannot misalign it. The recommended size is marked ★ and
the current one ◆, with text and with colour; an assumed recommendation's two bounds are
marked C and I, and a size worth measuring ?, as in the table. Plain string building: no
extra dependency.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from lambdacalc.render.common import Doc, Table, usd

if TYPE_CHECKING:
    from lambdacalc.sizing import Comparison, Provenance, SizeOption

SVG_NS = "http://www.w3.org/2000/svg"
FONT_STACK = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', "
    "'Liberation Sans', sans-serif"
)
BAR_MAX = 240  # px: the longest bar of each panel
ROW = 24  # px between rows
BAR_HEIGHT = 14
LABEL_RIGHT = 96  # px: the right edge of the size labels
COST_X = 108  # px: where cost bars start
DURATION_X = COST_X + BAR_MAX + 96  # after the cost bars and their values
MARK_X = DURATION_X + BAR_MAX + 96
WIDTH = MARK_X + 150
COLOURS = {
    "cost": "#4e79a7",
    "duration": "#f28e2b",
    "excluded": "#b8b8b8",
    "recommended": "#e4f4e4",
    "current": "#e6eef8",
}


def _px(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def bar_length(value: Decimal, largest: Decimal) -> float:
    """A bar's length in px: value / largest × BAR_MAX (0 when nothing is positive)."""
    if largest <= 0 or value <= 0:
        return 0.0
    return float(value / largest) * BAR_MAX


# the marks of basis `assumed` (the two bounds) and `measured` (a size worth measuring)
BOUND_MARKS = (
    ("if_cpu_bound", "C", "C pick if CPU-bound"),
    ("if_io_bound", "I", "I pick if I/O-bound"),
    ("worth_measuring", "?", "? worth measuring"),
)


def _marks(option: SizeOption, comparison: Comparison) -> list[str]:
    recommendation = comparison.recommendation
    rec = recommendation.option
    marks = []
    if rec is not None and option.memory_mb == rec.memory_mb:
        marks.append("★ recommended")
    if option.memory_mb == comparison.baseline.memory_mb:
        marks.append("◆ current")
    for attr, _, text in BOUND_MARKS:
        marked = getattr(recommendation, attr)
        if marked is not None and option.memory_mb == marked.memory_mb:
            marks.append(text)
    if option.excluded_reason is not None:
        marks.append("✗ excluded")
    return marks


def _legend(comparison: Comparison) -> str:
    """The marks the chart uses: always ★ ◆ ✗, and the bounds or worth-measuring when shown."""
    legend = "★ recommended · ◆ current · ✗ excluded (below the memory floor or over the budget)"
    bounds = [text for attr, _, text in BOUND_MARKS if getattr(comparison.recommendation, attr)]
    return " · ".join([legend, *bounds])


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    from html import escape

    return f'<text x="{_px(x)}" y="{_px(y)}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def to_svg(
    comparison: Comparison,
    context: Provenance,
    options: Sequence[SizeOption],
    duration_labels: Sequence[str],
    recommendation: str,
) -> str:
    """The chart: cost per 1M invocations and duration by size, each scaled to its largest.
    The report's own texts come in formatted (`duration_labels` per option, the
    `recommendation` line), so the chart does not import the report module that calls it."""
    top_cost = max((o.cost_per_million_usd for o in options), default=Decimal(0))
    top_ms = max((o.duration_ms for o in options), default=Decimal(0))
    subtitle = f"{context.source} · {context.region} {context.architecture}"
    body: list[str] = [
        _text(16, 24, "Memory sizes compared", extra=' font-weight="bold" font-size="16"'),
        _text(16, 44, subtitle, extra=' fill="#555"'),
        _text(COST_X, 72, "cost per 1M invocations", extra=' font-weight="bold"'),
        _text(DURATION_X, 72, "duration", extra=' font-weight="bold"'),
    ]
    y = 84
    for o, duration_label in zip(options, duration_labels, strict=True):
        marks = _marks(o, comparison)
        if "★ recommended" in marks or "◆ current" in marks:
            colour = COLOURS["recommended" if "★ recommended" in marks else "current"]
            body.append(
                f'<rect class="highlight" x="8" y="{y - 4}" width="{WIDTH - 16}" '
                f'height="{ROW}" fill="{colour}"/>'
            )
        base = y + BAR_HEIGHT - 2
        body.append(_text(LABEL_RIGHT, base, f"{o.memory_mb:,} MB", anchor="end"))
        for kind, x, value, top, label in (
            ("cost", COST_X, o.cost_per_million_usd, top_cost, usd(o.cost_per_million_usd)),
            ("duration", DURATION_X, o.duration_ms, top_ms, duration_label),
        ):
            fill = COLOURS["excluded" if o.excluded_reason else kind]
            body.append(
                f'<rect class="bar {kind}" data-memory-mb="{o.memory_mb}" '
                f'data-value="{value.normalize():f}" x="{x}" y="{y}" '
                f'width="{_px(bar_length(value, top))}" height="{BAR_HEIGHT}" fill="{fill}"/>'
            )
            body.append(_text(x + BAR_MAX + 88, base, label, anchor="end"))
        if marks:
            body.append(_text(MARK_X, base, "  ".join(marks), extra=' class="marks"'))
        y += ROW
    y += 18
    body.append(_text(16, y, _legend(comparison), extra=' fill="#555"'))
    for line in textwrap.wrap(recommendation, 120):
        y += 20
        body.append(_text(16, y, line))
    height = y + 16
    return (
        f'<svg xmlns="{SVG_NS}" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img">\n'
        f"<title>lambdacalc compare-memory</title>\n"
        f'<rect class="background" width="{WIDTH}" height="{height}" fill="#ffffff"/>\n'
        f'<g font-family="{FONT_STACK}" font-size="13" fill="#222" '
        f'style="font-variant-numeric: tabular-nums">\n' + "\n".join(body) + "\n</g>\n</svg>\n"
    )


NUM_CELL = '<td class="num">'


def _html_table(table: Table) -> str:
    from html import escape

    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    rows = []
    for row in table.rows:
        cells = "".join(
            (NUM_CELL if i in table.right else "<td>") + f"{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        rows.append(f"<tr>{cells}</tr>")
    caption = escape(table.caption).replace("\n", "<br>")
    return (
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<p class="caption">{caption}</p>'
    )


def to_html(doc: Doc, svg: str) -> str:
    """The report as one HTML page: the table, the chart (inline SVG), the pick, the notes."""
    from html import escape

    parts = [f"<h1>{escape(doc.title)}</h1>", f'<p class="subtitle">{escape(doc.subtitle)}</p>']
    for block in doc.blocks:
        if isinstance(block, Table):
            parts.append(_html_table(block))
    parts.append(svg.split("\n", 1)[1] if svg.startswith("<?xml") else svg)
    parts.append(f'<p class="total">{escape(doc.total)}</p>')
    if doc.notes:
        notes = "".join(f"<li>{escape(n)}</li>" for n in doc.notes)
        parts.append(f"<h2>Assumptions</h2><ul>{notes}</ul>")
    style = (
        f"body {{ font-family: {FONT_STACK}; color: #222; margin: 2em; }}\n"
        "table { border-collapse: collapse; font-variant-numeric: tabular-nums; }\n"
        "th, td { padding: 0.2em 0.8em; border-bottom: 1px solid #ddd; text-align: left; }\n"
        "td.num { text-align: right; }\n"
        ".subtitle, .caption { color: #555; }\n"
        ".total { font-weight: bold; }\n"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>lambdacalc compare-memory</title>\n"
        f"<style>\n{style}</style>\n</head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n"
    )
