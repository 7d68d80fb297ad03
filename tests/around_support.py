"""What the around-Lambda tests share: a scenario text written to a file, its around-Lambda
bill at the bundled rates, and the bill's lines by (function, service, component)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from lambdacalc.around.engine import price_around
from lambdacalc.around.files import load_around_book
from lambdacalc.scenario import load

BOOK = load_around_book()


def scenario_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def around_bill(tmp_path: Path, text: str) -> Any:
    return price_around(load(str(scenario_file(tmp_path, text))).workload, BOOK)


def bill_lines(bill: Any) -> dict[tuple[str, str, str], Decimal]:
    return {(x.function, x.service, x.component): x.cost_usd for x in bill.lines}
