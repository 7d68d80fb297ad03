"""Command-line interface: parse, call the core, render. Nothing else lives here."""

from __future__ import annotations

from lambdacalc.cli import cost as _cost  # noqa: F401  (registers the command)
from lambdacalc.cli import logs as _logs  # noqa: F401
from lambdacalc.cli import prices as _prices  # noqa: F401
from lambdacalc.cli import schema as _schema  # noqa: F401
from lambdacalc.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
