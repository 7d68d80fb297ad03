"""Building blocks every report renders with: money and number formats, exact JSON, CSV,
and a small document model (headings, tables, notes) drawn by rich or written as Markdown.

Reports build one `Doc`; `to_markdown` and `print_rich` draw it, so the table and Markdown
forms never drift apart. rich is imported only inside `print_rich`/`make_console`.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation, localcontext
from enum import Enum
from typing import IO, Any

from lambdacalc.printable import printable
from lambdacalc.units import to_cents

JSON_QUANTUM = Decimal("1E-10")  # finer than any published price; keeps JSON exact enough


class OutputFormat(str, Enum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


# --- numbers -------------------------------------------------------------------------------


def usd(value: Decimal) -> str:
    """Money for people: rounded to the cent, once, here."""
    cents = to_cents(value)
    if cents == 0:
        cents = abs(cents)  # no "-$0.00"
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents):,.2f}"


def rate(value: Decimal | None) -> str:
    """A unit price with all its published digits: $0.0000166667."""
    if value is None:
        return "—"
    if value >= Decimal("0.01"):
        text = f"{value.normalize():f}"
        decimals = len(text.partition(".")[2])
        return f"${text}" if decimals >= 2 else f"${value:.2f}"
    return f"${value:f}"


def _quantize(value: Decimal, quantum: Decimal) -> Decimal:
    """`value` rounded to `quantum`, exactly even when that needs more digits than the
    default context's 28 (a quantize that would not fit raises InvalidOperation there)."""
    try:
        return value.quantize(quantum)
    except InvalidOperation:
        if not value.is_finite():
            raise
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, value.adjusted() - quantum.adjusted() + 2)
            return value.quantize(quantum)


def number(value: Decimal | int, places: int = 0) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    q = Decimal(1).scaleb(-places)
    return f"{_quantize(value, q):,f}"


def counted(count: int, singular: str, plural: str = "") -> str:
    """'1 measured point', '2 measured points', '1,000 report records'."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


def plain(value: Decimal) -> str:
    """A Decimal with every digit it has and thousands separators: 250,000 or 2.5."""
    return f"{value.normalize():,f}"


def smart(value: Decimal) -> str:
    """A quantity at a useful precision: whole when large, 2-4 decimals when small."""
    if value == value.to_integral_value() or abs(value) >= 1000:
        return number(value, 0)
    return number(value, 2 if abs(value) >= 1 else 4)


def exact(value: Decimal) -> str:
    """The canonical text of a Decimal in machine output: no exponent, 1e-10 resolution.

    Exact for values of any size: beyond 10^17 the quantize needs more than the default 28
    digits, so it (and normalize, which rounds to the context) runs with enough of them.
    """
    try:
        text = format(value.quantize(JSON_QUANTUM).normalize(), "f")
    except InvalidOperation:
        if not value.is_finite():
            raise
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, value.adjusted() + 12)
            text = format(value.quantize(JSON_QUANTUM).normalize(), "f")
    return "0" if text == "-0" else text


# --- JSON ----------------------------------------------------------------------------------
# Decimals are written as exact JSON numbers. The stdlib encoder (in C) cannot do that, so
# each Decimal becomes a marked string that is unquoted afterwards: ten times faster than a
# Python encoder on a 10,000-function bill. Lists of objects are written one object a line
# inside an indented document: readable, greppable, and still fast.

_MARK = "\x00"
_UNMARK = re.compile(r'"\\u0000(-?[0-9.]+)"')
_SEPARATORS = (", ", ": ")


def _default(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return _MARK + exact(obj)
    if isinstance(obj, Enum):
        return obj.value
    raise TypeError(f"cannot encode {type(obj).__name__} as JSON")


def _inline(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=_SEPARATORS, default=_default)


def dumps(obj: Any) -> str:
    """JSON with exact Decimal numbers: top-level keys one a line, list items one a line."""
    if not isinstance(obj, dict) or not obj:
        return _UNMARK.sub(r"\1", _inline(obj))
    lines = ["{"]
    for i, (key, value) in enumerate(obj.items()):
        comma = "," if i < len(obj) - 1 else ""
        head = f"  {json.dumps(str(key), ensure_ascii=False)}: "
        if (
            isinstance(value, list)
            and value
            and len(value) > 1
            and (isinstance(value[0], (dict, list)) or len(_inline(value)) > 96)
        ):
            items = ",\n".join(f"    {_inline(v)}" for v in value)
            lines.append(f"{head}[\n{items}\n  ]{comma}")
        elif isinstance(value, dict) and len(_inline(value)) > 96:
            inner = json.dumps(
                value, ensure_ascii=False, indent=2, separators=(",", ": "), default=_default
            ).replace("\n", "\n  ")
            lines.append(f"{head}{inner}{comma}")
        else:
            lines.append(f"{head}{_inline(value)}{comma}")
    lines.append("}")
    return _UNMARK.sub(r"\1", "\n".join(lines))


# --- CSV -----------------------------------------------------------------------------------


def json_path(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted path of a JSON document ("duration_ms.p50"); None where a parent
    is null. CSV columns are named by these paths, so the two formats use the same names."""
    value: Any = data
    for key in path.split("."):
        if value is None:
            return None
        value = value[key]
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                exact(v) if isinstance(v, Decimal) else printable(v) if isinstance(v, str) else v
                for v in row
            ]
        )
    return buf.getvalue()


# --- a small document model ----------------------------------------------------------------


class Table:
    """A titled table of text cells; `right` holds the indexes of right-aligned columns.

    On a narrow terminal, cells in `right` columns (numbers, money) and in `whole` columns
    (marks, sizes) are never cut: other columns wrap, then the columns in `optional` are
    left out in that order (least important first), and if it still does not fit the table
    is stacked, one block of `header value` lines per row.

    Plain classes rather than dataclasses: this module is on every command's start-up path.
    """

    def __init__(
        self,
        title: str,
        columns: list[str],
        rows: list[list[str]],
        right: set[int] | None = None,
        footer: list[str] | None = None,
        caption: str = "",
        optional: Sequence[int] = (),
        whole: set[int] | None = None,
    ) -> None:
        self.title = title
        self.columns = columns
        self.rows = rows
        self.right = right if right is not None else set()
        self.footer = footer
        self.caption = caption
        self.optional = list(optional)
        self.whole = whole if whole is not None else set()


class Doc:
    """A report for people: a title, blocks (tables, or paragraphs as str), a total line,
    warnings and the assumptions behind it."""

    def __init__(
        self,
        title: str,
        subtitle: str = "",
        blocks: list[Table | str] | None = None,
        total: str = "",
        warnings: list[str] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        self.title = title
        self.subtitle = subtitle
        self.blocks: list[Table | str] = blocks if blocks is not None else []
        self.total = total
        self.warnings: list[str] = warnings if warnings is not None else []
        self.notes: list[str] = notes if notes is not None else []


def _md_cell(text: str) -> str:
    return printable(text).replace("|", "\\|")


def to_markdown(doc: Doc) -> str:
    out = [f"# {printable(doc.title)}", ""]
    if doc.subtitle:
        out += [printable(doc.subtitle), ""]
    for block in doc.blocks:
        if isinstance(block, str):
            out += [_paragraph(block), ""]
            continue
        if block.title:
            out += [f"## {printable(block.title)}", ""]
        out.append("| " + " | ".join(_md_cell(c) for c in block.columns) + " |")
        out.append(
            "|"
            + "|".join("---:" if i in block.right else "---" for i in range(len(block.columns)))
            + "|"
        )
        rows = block.rows + ([block.footer] if block.footer else [])
        for j, row in enumerate(rows):
            cells = [_md_cell(c) for c in row]
            if block.footer and j == len(rows) - 1:
                cells = [f"**{c}**" if c else c for c in cells]
            out.append("| " + " | ".join(cells) + " |")
        if block.caption:
            out += ["", _paragraph(block.caption)]
        out.append("")
    if doc.total:
        out += [f"**{printable(doc.total)}**", ""]
    for w in doc.warnings:
        out.append(f"> **Warning:** {printable(w)}")
    if doc.warnings:
        out.append("")
    if doc.notes:
        out += ["Assumptions:", ""] + [f"- {printable(n)}" for n in doc.notes] + [""]
    return "\n".join(out)


def _paragraph(text: str) -> str:
    """Free text of several lines: each line made printable, the line breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


def make_console(file: IO[str] | None = None, record: bool = False) -> Any:
    """A rich Console for stdout; width from COLUMNS when set (tests pin it)."""
    from rich.console import Console

    width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else None
    return Console(file=file, width=width, record=record, highlight=False, soft_wrap=False)


WRAP_WORD_UP_TO = 16  # a wrapping column is never narrower than its longest word up to this


def _words(text: str) -> list[str]:
    return text.split() or [""]


def layout(
    table: Table, width: int, cell_len: Callable[[str], int] = len
) -> tuple[list[int], list[int] | None] | None:
    """How `table` fits `width` terminal columns: (the columns kept, their content widths, or
    None when every column has its natural width); None when only stacking fits.

    Columns in `right` or `whole` keep their widest cell whole (a header may wrap at its
    spaces); other columns may wrap down to their longest word (at most WRAP_WORD_UP_TO
    cells) and their header's longest word. `optional` columns are dropped in order.
    """
    rows = table.rows + ([table.footer] if table.footer else [])
    natural: list[int] = []
    least: list[int] = []
    for i, header in enumerate(table.columns):
        cells = [row[i] for row in rows]
        widest_cell = max((cell_len(line) for c in cells for line in c.splitlines()), default=0)
        header_word = max(cell_len(w) for w in _words(header))
        natural.append(max(widest_cell, cell_len(header)))
        if i in table.right or i in table.whole:
            least.append(max(widest_cell, header_word))
        else:
            cell_word = max((cell_len(w) for c in cells for w in _words(c)), default=0)
            least.append(min(natural[i], max(header_word, min(cell_word, WRAP_WORD_UP_TO))))
    n = len(table.columns)

    def overhead(count: int) -> int:
        return 3 * count + 1  # SIMPLE_HEAD: an edge each side, padding 1 each side, 1 between

    stages = [
        [i for i in range(n) if i not in table.optional[:k]] for k in range(len(table.optional) + 1)
    ]
    # Leaving out a less important column first, wrapping text second: a table of short
    # rows reads better than one of folded labels.
    for kept in stages:
        if sum(natural[i] for i in kept) + overhead(len(kept)) <= width:
            return kept, (None if len(kept) == n else [natural[i] for i in kept])
    for kept in stages:
        spare = width - overhead(len(kept)) - sum(least[i] for i in kept)
        if spare >= 0:
            widths = {i: least[i] for i in kept}
            for i in kept:  # the spare room goes to wrapping columns, leftmost first
                grow = min(spare, natural[i] - widths[i])
                widths[i] += grow
                spare -= grow
            return kept, [widths[i] for i in kept]
    return None


def _hanging(console: Any, text: str, style: str = "") -> None:
    """Print `text` line by line; a line that starts with an indent and a bullet wraps under
    its own text (a hanging indent), not under the bullet."""
    from rich.text import Text

    for line in text.split("\n"):
        match = re.match(r"( *(?:[•\-*] )?)", line)
        prefix = match.group(1) if match else ""
        if not prefix:
            console.print(Text(line, style=style))
            continue
        body = Text(line[len(prefix) :], style=style)
        wrapped = body.wrap(console, max(console.width - len(prefix), 10), overflow="fold")
        for k, part in enumerate(wrapped):
            part.rstrip()
            console.print(Text(prefix if k == 0 else " " * len(prefix), style=style) + part)


def _print_stacked(console: Any, table: Table) -> None:
    """The table as one block per row: its first cell, then `header  value` lines."""
    from rich.table import Table as RichTable
    from rich.text import Text

    if table.title:
        console.print(Text(printable(table.title), style="bold"))
    rows = table.rows + ([table.footer] if table.footer else [])
    for j, row in enumerate(rows):
        style = "bold" if table.footer and j == len(rows) - 1 else ""
        if j:
            console.print()
        console.print(Text(printable(row[0]), style="bold"), overflow="fold")
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(overflow="fold")
        grid.add_column(overflow="fold")
        for header, cell in zip(table.columns[1:], row[1:], strict=True):
            if cell:
                grid.add_row(Text(f"  {printable(header)}"), Text(printable(cell), style=style))
        if grid.row_count:
            console.print(grid)
    if table.caption:
        _hanging(console, table.caption)


def print_rich(doc: Doc, console: Any) -> None:
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table as RichTable
    from rich.text import Text

    def text(value: str, style: str = "") -> Text:  # user text is never markup
        return Text(printable(value), style=style)

    def paragraph(value: str, style: str = "") -> Text:
        return Text(_paragraph(value), style=style)

    console.print(text(doc.title, "bold"))
    if doc.subtitle:
        console.print(text(doc.subtitle, "dim"))
    left_out: list[str] = []
    for block in doc.blocks:
        console.print()
        if isinstance(block, str):
            _hanging(console, _paragraph(block))
            continue
        fit = layout(block, console.width, cell_len)
        if fit is None:
            _print_stacked(console, block)
            continue
        kept, widths = fit
        left_out += [block.columns[i] for i in range(len(block.columns)) if i not in kept]
        table = RichTable(
            title=text(block.title) if block.title else None,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            show_footer=block.footer is not None,
            show_header=any(block.columns),
            caption=paragraph(block.caption) if block.caption else None,
            caption_justify="left",
        )
        for k, i in enumerate(kept):
            table.add_column(
                text(block.columns[i]),
                justify="right" if i in block.right else "left",
                footer=text(block.footer[i]) if block.footer else "",
                footer_style="bold",
                no_wrap=widths is None and (i in block.right or i == 0),
                overflow="fold",
                width=None if widths is None else widths[k],
            )
        for row in block.rows:
            table.add_row(*(text(row[i]) for i in kept))
        console.print(table)
    if left_out:
        names = ", ".join(dict.fromkeys(name for name in left_out if name))
        console.print()
        console.print(
            Text(
                f"Left out to fit {console.width} columns: {names}; "
                "a wider terminal or --format markdown shows them.",
                style="dim",
            )
        )
    if doc.total:
        console.print()
        console.print(text(doc.total, "bold"))
    for w in doc.warnings:
        console.print(text(f"Warning: {w}", "yellow"))
    if doc.notes:
        console.print()
        console.print(Text("Assumptions:", style="dim"))
        for n in doc.notes:
            _hanging(console, f"  • {_paragraph(n)}", style="dim")
