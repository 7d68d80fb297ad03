"""The one interface every command's output offers, whatever it reports.

A report holds the core's result (and the context its renderer needs) and knows how to show
itself as JSON, CSV and a `Doc` (drawn as a rich table or written as Markdown);
`cli.common.emit(report, fmt)` picks one by format. Totals and every other figure come from
the core's result: a report only formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from lambdacalc.render.common import Doc


class Report:
    """Base for a command's output. Subclasses define `json` (or `write_json`), `csv` and
    `doc`; `csv_warnings` are what the CSV has no room for (emit puts them on stderr)."""

    __slots__ = ()

    def json(self) -> str:
        """The JSON document, as written to stdout."""
        raise NotImplementedError

    def write_json(self, out: IO[str]) -> None:
        """The JSON document written to `out` (a large report overrides this to stream)."""
        from lambdacalc.printable import json_safe

        out.write(json_safe(self.json()))

    def csv(self) -> str:
        raise NotImplementedError

    def csv_warnings(self) -> Sequence[str]:
        return ()

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        """The report for people; `width` is the terminal's for a table, `markdown` says it
        will be written as Markdown (a report that draws differently there reads these)."""
        raise NotImplementedError
