"""A small document model every text format renders: tables with titles, captions and
footers, and the Markdown form of it."""

from __future__ import annotations

from collections.abc import Sequence

from lambdacalc.printable import printable
from lambdacalc.wording import counted as counted
from lambdacalc.wording import digits as digits
from lambdacalc.wording import number as number
from lambdacalc.wording import plain as plain
from lambdacalc.wording import smart as smart


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
            out += [paragraph_text(block), ""]
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
            out += ["", paragraph_text(block.caption)]
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


def paragraph_text(text: str) -> str:
    """Free text of several lines: each line made printable, the line breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))
