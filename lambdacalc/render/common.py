"""Building blocks every report renders with: money and number formats, exact JSON, CSV,
and a small document model (headings, tables, notes) drawn by rich or written as Markdown.

Reports build one `Doc`; `to_markdown` and `print_rich` draw it, so the table and Markdown
forms never drift apart. rich is imported only inside the functions that draw (`print_rich`
and its helpers) and `make_console`.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from enum import Enum
from typing import IO, Any

from lambdacalc.currency import symbol
from lambdacalc.printable import printable
from lambdacalc.render.doc import Doc as Doc
from lambdacalc.render.doc import Table as Table
from lambdacalc.render.doc import paragraph_text
from lambdacalc.render.doc import to_markdown as to_markdown
from lambdacalc.render.json_out import JSON_QUANTUM as JSON_QUANTUM
from lambdacalc.render.json_out import Records as Records
from lambdacalc.render.json_out import dumps as dumps
from lambdacalc.render.json_out import enc_str as enc_str
from lambdacalc.render.json_out import exact as exact
from lambdacalc.render.json_out import write_json as write_json
from lambdacalc.units import to_cents
from lambdacalc.wording import counted as counted
from lambdacalc.wording import digits as digits
from lambdacalc.wording import number as number
from lambdacalc.wording import plain as plain
from lambdacalc.wording import smart as smart


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
    return f"{sign}{symbol()}{abs(cents):,.2f}"


def rate(value: Decimal | None) -> str:
    """A unit price with all its published digits: $0.0000166667."""
    if value is None:
        return "—"
    sign = symbol()  # ¥ for a CNY book's prices
    if value >= Decimal("0.01"):
        text = f"{value.normalize():f}"
        decimals = len(text.partition(".")[2])
        return f"{sign}{text}" if decimals >= 2 else f"{sign}{value:.2f}"
    return f"{sign}{value:f}"


def full(value: Decimal) -> str:
    """A Decimal at full precision, no exponent, no trailing zeros (per-invocation costs need
    more than the 10 places `exact` keeps)."""
    text = str(value)  # positional unless the exponent is positive or the value tiny
    if text[-1] != "0" and "E" not in text:  # the usual case: nothing to strip
        return text
    if "E" in text:
        text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


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
    """The document on the terminal: each table fitted to its width (columns left out, or
    stacked when even that does not fit), then the total, warnings and assumptions."""
    from rich.cells import cell_len
    from rich.text import Text

    console.print(_rich_text(doc.title, "bold"))
    if doc.subtitle:
        console.print(_rich_text(doc.subtitle, "dim"))
    left_out: list[str] = []
    for block in doc.blocks:
        console.print()
        if isinstance(block, str):
            _hanging(console, paragraph_text(block))
            continue
        fit = layout(block, console.width, cell_len)
        if fit is None:
            _print_stacked(console, block)
            continue
        kept, widths = fit
        left_out += [block.columns[i] for i in range(len(block.columns)) if i not in kept]
        console.print(_rich_table(block, kept, widths))
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
        console.print(_rich_text(doc.total, "bold"))
    for w in doc.warnings:
        console.print(_rich_text(f"Warning: {w}", "yellow"))
    if doc.notes:
        console.print()
        console.print(Text("Assumptions:", style="dim"))
        for n in doc.notes:
            _hanging(console, f"  • {paragraph_text(n)}", style="dim")


def _rich_text(value: str, style: str = "") -> Any:
    """A rich Text of user text, which is never markup."""
    from rich.text import Text

    return Text(printable(value), style=style)


def _rich_table(block: Table, kept: Sequence[int], widths: Sequence[int] | None) -> Any:
    """The rich table of `block`'s `kept` columns, at `widths` (None: as wide as they need)."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    table = RichTable(
        title=_rich_text(block.title) if block.title else None,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_footer=block.footer is not None,
        show_header=any(block.columns),
        caption=Text(paragraph_text(block.caption)) if block.caption else None,
        caption_justify="left",
    )
    for k, i in enumerate(kept):
        table.add_column(
            _rich_text(block.columns[i]),
            justify="right" if i in block.right else "left",
            footer=_rich_text(block.footer[i]) if block.footer else "",
            footer_style="bold",
            no_wrap=widths is None and (i in block.right or i == 0),
            overflow="fold",
            width=None if widths is None else widths[k],
        )
    for row in block.rows:
        table.add_row(*(_rich_text(row[i]) for i in kept))
    return table
