"""Assembly belongs in the core: `cost` and `logs analyze` read their input, make ONE core
call that returns a frozen report, and emit it. The CLI modules build no workload, price
nothing and advise nothing themselves (an AST check), and the core calls work alone."""

from __future__ import annotations

import ast
import dataclasses
from decimal import Decimal as D
from pathlib import Path

import pytest

from lambdacalc.errors import field
from lambdacalc.logs import analyze
from lambdacalc.logs.report import (
    BILL_NOTE,
    RECOMMENDATION_NOTE,
    LogsSettings,
    logs_report,
)
from lambdacalc.prices import PriceBook
from lambdacalc.pricing_files import load_price_book
from lambdacalc.units import S_PER_MONTH

CLI = Path(__file__).resolve().parents[1] / "lambdacalc" / "cli"
THIN_COMMANDS = ("cost.py", "logs.py")
# the core's assembly: building workloads, pricing, planning and advising
CORE_ASSEMBLY_MODULES = {
    "lambdacalc.workload",
    "lambdacalc.cost",
    "lambdacalc.cost.account",
    "lambdacalc.concurrency",
    "lambdacalc.sizing",
    "lambdacalc.sizing_advice",
    "lambdacalc.cost.managed_compare",
}
CORE_ASSEMBLY_CALLS = {"price", "advise", "scenario_advice", "fit_warning", "price_around"}


def assembly_in(source: str) -> set[str]:
    """The core-assembly modules a module imports and the assembly functions it calls."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names} & CORE_ASSEMBLY_MODULES
        elif isinstance(node, ast.ImportFrom) and node.module in CORE_ASSEMBLY_MODULES:
            found.add(node.module)
        elif isinstance(node, ast.Call):
            f = node.func
            name = (
                f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            )
            if name in CORE_ASSEMBLY_CALLS:
                found.add(f"{name}()")
    return found


@pytest.mark.parametrize("name", THIN_COMMANDS)
def test_the_command_leaves_assembly_to_the_core(name: str) -> None:
    assert assembly_in((CLI / name).read_text(encoding="utf-8")) == set()


def test_the_check_sees_assembly() -> None:
    """The check can fail: a command that prices a workload itself is caught."""
    source = (
        "def run(w, book):\n"
        "    from lambdacalc.cost import price\n"
        "    from lambdacalc.workload import Workload\n"
        "    return price(w, book)\n"
    )
    assert assembly_in(source) == {"lambdacalc.cost", "lambdacalc.workload", "price()"}


@pytest.fixture(scope="module")
def book() -> PriceBook:
    return load_price_book(None)


LINE = (
    b"REPORT RequestId: 3f0e8d2a-0000-4000-8000-00000000000X\tDuration: 99.50 ms\t"
    b"Billed Duration: 100 ms\tMemory Size: 1024 MB\tMax Memory Used: 100 MB"
)
LINES = [LINE.replace(b"X", b"1"), LINE.replace(b"X", b"2")]
SETTINGS = LogsSettings(("orders.log",), "us-east-1", "x86_64", free_tier=False)


def test_logs_report_without_a_window_reads_no_price_book() -> None:
    def no_book() -> PriceBook:
        raise AssertionError("no window: nothing to price")

    report = logs_report(analyze(LINES, "orders"), SETTINGS, no_book)
    assert report.bill is None and report.monthly_usd("orders") is None
    assert report.recommended_memory_mb == {"orders": None}
    assert report.warnings[-1].startswith(f"no timestamps in the input: pass {field('window_s')}")


def test_logs_report_prices_and_advises_in_one_call(book: PriceBook) -> None:
    # 2 invocations over S_PER_MONTH / 1,000,000 s = 2,000,000 requests a month, no free tier:
    # requests 2,000,000 x $0.0000002 = $0.40; duration 2,000,000 x 0.1 s x 1 GB = 200,000
    # GB-s x $0.0000166667 = $3.33334; total $3.73334
    summary = analyze(LINES, "orders", window_s=S_PER_MONTH / 1_000_000)
    report = logs_report(summary, SETTINGS, lambda: book)
    assert report.bill is not None
    assert report.monthly_usd("orders") == report.bill.total_usd == D("3.73334")
    assert report.notes[-2:] == (BILL_NOTE, RECOMMENDATION_NOTE)
    # measured at one size (100 MB used of 1024): basis assumed, the current size is kept
    assert report.recommended_memory_mb == {"orders": 1024}
    assert report.advice["orders"].basis.value == "assumed"
    assert report.warnings == ("the window is only 2.63 s; a month extrapolated from it is rough",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.bill = None  # type: ignore[misc]


SCENARIO = """\
name: s
free_tier: false
account:
  concurrency_limit: 10
functions:
  - name: api
    memory_mb: 1024
    duration_ms: 1000
    requests_per_month: 100000000
    sizing:
      max_memory_used_mb: 90
"""


def test_cost_report_says_everything_beside_the_bill(tmp_path: Path, book: PriceBook) -> None:
    from lambdacalc.cost import price
    from lambdacalc.cost.report import cost_report
    from lambdacalc.scenario import load

    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO)
    workload = load(str(path)).workload
    report = cost_report(workload, book, "s.yaml", first_assumptions=("What-if: x",))
    plain = price(workload, book)
    # 100,000,000 requests x 1 s / 2,628,000 s a month = 38.05 concurrent on average: over 10
    assert len(report.bill.warnings) == len(plain.warnings) + 1
    assert report.bill.warnings[0].startswith("concurrency: peak concurrency ")
    assert "above the account limit 10" in report.bill.warnings[0]
    assert report.bill.assumptions == ("What-if: x", *plain.assumptions)
    assert report.bill.total_usd == plain.total_usd
    assert [a.function for a in report.advice] == ["api"]
