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
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation, localcontext
from enum import Enum
from itertools import islice
from json.encoder import encode_basestring as _enc_str
from typing import IO, Any

from lambdacalc.currency import symbol
from lambdacalc.printable import json_safe, printable
from lambdacalc.units import to_cents
from lambdacalc.wording import counted as counted
from lambdacalc.wording import digits as digits
from lambdacalc.wording import number as number
from lambdacalc.wording import plain as plain
from lambdacalc.wording import smart as smart

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


def exact(value: Decimal) -> str:
    """The canonical text of a Decimal in machine output: no exponent, 1e-10 resolution.

    Exact for values of any size: beyond 10^17 the quantize needs more than the default 28
    digits, so it runs with enough of them. `str` of the quantized value is the fast form
    (its exponent is -10, so it is positional unless the value is below 1e-6).
    """
    if not value:
        return "0"
    try:
        quantized = value.quantize(JSON_QUANTUM)
    except InvalidOperation:
        if not value.is_finite():
            raise
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, value.adjusted() + 12)
            quantized = value.quantize(JSON_QUANTUM)
    text = str(quantized)
    if "E" in text:  # below 1e-6
        text = format(quantized, "f")
    if "." in text:
        text = text.rstrip("0")
        if text[-1] == ".":
            text = text[:-1]
    return "0" if text == "-0" else text


def full(value: Decimal) -> str:
    """A Decimal at full precision, no exponent, no trailing zeros (per-invocation costs need
    more than the 10 places `exact` keeps)."""
    text = str(value)  # positional unless the exponent is positive or the value tiny
    if "E" in text:
        text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


# --- JSON ----------------------------------------------------------------------------------
# One encoder for every report: the layout of `json.dumps(obj, indent=2, ensure_ascii=False)`
# (every value on its own line), with Decimals written as exact JSON numbers by a formatter
# (`exact` unless a report needs `full`). It writes to a stream in chunks, so a 100,000-
# function bill is never one string in memory. Scalars are handled inline, without a call
# per value, which is what makes it fast enough for fleet-sized bills.

_FLUSH_PARTS = 4096
_FLUSH_RECORDS = 256  # a record's text is a part of its own (a function's is ~1.5 KB)
enc_str = _enc_str  # a str as JSON text (C)


_KEYS: dict[Any, str] = {}


def _key(key: Any) -> str:
    """A dict key as JSON text followed by ": ", converted as `json.dumps` converts keys."""
    text = _KEYS.get(key)
    if text is None:
        name = key.value if isinstance(key, Enum) else key
        if not isinstance(name, str):
            name = json.dumps(name)
        text = f"{_enc_str(str(name))}: "
        if type(key) is str and len(_KEYS) < 10_000:
            _KEYS[key] = text
    return text


def _encode(
    obj: Any, pad: str, parts: list[str], out: IO[str] | None, num: Callable[[Decimal], str]
) -> None:
    """Append the JSON text of a dict or list at the indentation `pad` ("\n" + spaces)."""
    inner = pad + "  "
    if type(obj) is dict or isinstance(obj, dict):
        if not obj:
            parts.append("{}")
            return
        sep = "{" + inner
        for key, v in obj.items():
            t = type(v)
            if t is str:
                parts.append(f"{sep}{_KEYS.get(key) or _key(key)}{_enc_str(v)}")
            elif t is Decimal:
                parts.append(f"{sep}{_KEYS.get(key) or _key(key)}{num(v)}")
            elif t is int:
                parts.append(f"{sep}{_KEYS.get(key) or _key(key)}{int.__repr__(v)}")
            else:
                parts.append(f"{sep}{_KEYS.get(key) or _key(key)}")
                _value(v, inner, parts, out, num)
            sep = "," + inner
        parts.append(pad + "}")
        return
    if not obj:
        parts.append("[]")
        return
    sep = "[" + inner
    for v in obj:
        t = type(v)
        if t is str:
            parts.append(sep + _enc_str(v))
        elif t is Decimal:
            parts.append(sep + num(v))
        elif t is int:
            parts.append(sep + int.__repr__(v))
        else:
            parts.append(sep)
            _value(v, inner, parts, out, num)
        sep = "," + inner
        if out is not None and len(parts) > _FLUSH_PARTS:
            out.write(json_safe("".join(parts)))
            parts.clear()
    parts.append(pad + "]")


class Records:
    """A JSON array of many records of few shapes (a bill's functions), written fast.

    `data(item)` is the record as a dict (the one definition of its layout); `leaves(item)`
    its scalar values in the order the encoder meets them, and `shape(item)` a key that
    is equal for records whose dicts have the same keys and nesting. With `shared`, the
    records share many Decimal objects (prices, zeros), whose texts are then remembered.
    The first record of each shape is encoded in full, with every leaf replaced by a slot,
    to make a template; the rest are the template filled with their leaves' texts. A
    template is used only if it reproduces its first record exactly; otherwise that shape
    is encoded in full.
    """

    def __init__(
        self,
        items: Iterable[Any],
        data: Callable[[Any], dict[str, Any]],
        leaves: Callable[[Any], list[Any]],
        shape: Callable[[Any], Any],
        shared: bool = False,
        texts: Callable[[Any, Callable[[Decimal], str]], Sequence[str]] | None = None,
        one_shape: bool = False,
    ) -> None:
        self.one_shape = one_shape  # every record has the same shape: `shape` is not asked
        self.shared = shared
        self.texts = texts
        self.items = items
        self.data = data
        self.leaves = leaves
        self.shape = shape

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """The records as dicts, for readers other than the encoder (CSV, tests)."""
        return (self.data(item) for item in self.items)

    def write(
        self, pad: str, parts: list[str], out: IO[str] | None, num: Callable[[Decimal], str]
    ) -> None:
        inner = pad + "  "
        templates: dict[Any, str | None] = {}
        seen: dict[int, tuple[Decimal, str]] | None = {} if self.shared else None
        cached = _cached(num, seen) if seen is not None else num
        sep = "[" + inner
        items = self.items
        if self.one_shape and self.texts is not None and isinstance(items, Sequence) and items:
            template = self._template(items[0], inner, num)
            if template is not None:  # the rest: the template filled, nothing else asked
                texts, comma = self.texts, "," + inner
                parts.append(sep + template % tuple(texts(items[0], cached)))
                for item in islice(items, 1, None):
                    parts.append(comma + template % tuple(texts(item, cached)))
                    if out is not None and len(parts) > _FLUSH_RECORDS:
                        out.write(json_safe("".join(parts)))
                        parts.clear()
                parts.append(pad + "]")
                return
        for item in self.items:
            key = self.shape(item)
            template = templates.get(key, "")
            if template == "":
                template = templates[key] = self._template(item, inner, num)
            if template is None:
                parts.append(sep)
                _encode(self.data(item), inner, parts, out, num)
            elif self.texts is not None:
                parts.append(sep + template % tuple(self.texts(item, cached)))
            else:
                parts.append(sep + template % tuple(_leaf_texts(self.leaves(item), num, seen)))
            sep = "," + inner
            if out is not None and len(parts) > _FLUSH_RECORDS:
                out.write(json_safe("".join(parts)))
                parts.clear()
        parts.append("[]" if sep[0] == "[" else pad + "]")

    def _template(self, item: Any, pad: str, num: Callable[[Decimal], str]) -> str | None:
        data = self.data(item)
        full_text: list[str] = []
        _encode(data, pad, full_text, None, num)
        slotted: list[str] = []
        _encode(_slots(data), pad, slotted, None, num)
        template = "".join(slotted).replace("%", "%%").replace(f'"{_SLOT_TEXT}"', "%s")
        try:
            filled = template % tuple(_leaf_texts(self.leaves(item), num, {}))
            direct = filled if self.texts is None else template % tuple(self.texts(item, num))
        except TypeError:  # not as many leaves as slots
            return None
        return template if filled == direct == "".join(full_text) else None


# Decimal texts remembered by identity: enough for a bill's shared prices and zeros and
# each function's repeated costs; a fleet's million leaves would otherwise hold megabytes.
_SEEN_MAX = 4096
_SLOT = "\x00slot\x00"
_SLOT_TEXT = "\\u0000slot\\u0000"


def _cached(
    num: Callable[[Decimal], str], seen: dict[int, tuple[Decimal, str]]
) -> Callable[[Decimal], str]:
    """num, remembering texts by object identity (see `_leaf_texts`)."""

    def text(value: Decimal) -> str:
        hit = seen.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        if len(seen) > _SEEN_MAX:
            seen.clear()
        out = seen[id(value)] = (value, num(value))
        return out[1]

    text.uncached = num  # type: ignore[attr-defined]  # for values no other record shares
    return text


def _slots(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _slots(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_slots(v) for v in value]
    return _SLOT


def _leaf_texts(
    values: list[Any],
    num: Callable[[Decimal], str],
    seen: dict[int, tuple[Decimal, str]] | None,
) -> list[str]:
    """The JSON texts of scalars. `seen` remembers the texts of Decimal objects by identity
    (prices, zeros and a function's costs, listed twice, are the same objects); an entry
    holds its object, so the id cannot be reused by another while it is cached. (Hashing
    Decimals by value costs more than formatting them.)"""
    out: list[str] = []
    append, enc, dec = out.append, _enc_str, Decimal
    for v in values:
        t = type(v)
        if t is dec:
            if seen is None:
                append(num(v))
                continue
            key = id(v)
            hit = seen.get(key)
            if hit is not None and hit[0] is v:
                append(hit[1])
            else:
                text = num(v)
                seen[key] = (v, text)
                append(text)
        elif t is str:
            append(enc(v))
        elif t is int:
            append(int.__repr__(v))
        elif v is None:
            append("null")
        elif v is True:
            append("true")
        elif v is False:
            append("false")
        else:
            parts: list[str] = []
            _value(v, "\n", parts, None, num)
            append(parts[0])
    if seen is not None and len(seen) > _SEEN_MAX:
        seen.clear()
    return out


def _value(
    v: Any, pad: str, parts: list[str], out: IO[str] | None, num: Callable[[Decimal], str]
) -> None:
    if isinstance(v, (dict, list, tuple)):
        _encode(v, pad, parts, out, num)
    elif isinstance(v, Records):
        v.write(pad, parts, out, num)
    elif v is None:
        parts.append("null")
    elif v is True:
        parts.append("true")
    elif v is False:
        parts.append("false")
    elif isinstance(v, Enum):
        _value(v.value, pad, parts, out, num)
    elif isinstance(v, str):
        parts.append(_enc_str(str(v)))
    elif isinstance(v, Decimal):
        parts.append(num(v))
    elif isinstance(v, (int, float)):
        parts.append(json.dumps(v))
    else:
        raise TypeError(f"cannot encode {type(v).__name__} as JSON")


def write_json(obj: Any, out: IO[str], num: Callable[[Decimal], str] = exact) -> None:
    """Write `obj` as indented JSON (and a final newline) to `out`, in chunks; characters
    JSON leaves raw that a terminal would act on (C1, bidi, lone surrogates) are escaped."""
    parts: list[str] = []
    _value(obj, "\n", parts, out, num)
    parts.append("\n")
    out.write(json_safe("".join(parts)))


def dumps(obj: Any, num: Callable[[Decimal], str] = exact) -> str:
    """`obj` as indented JSON with exact Decimal numbers (no final newline)."""
    parts: list[str] = []
    _value(obj, "\n", parts, None, num)
    return "".join(parts)


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
