"""Narrow terminals: numbers, money, marks and headers are never cut (no `…`); less important
columns are left out first, then a table is stacked; help keeps option names whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from typer.main import get_command
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.render.common import Doc, Table, layout, make_console, print_rich

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
LOGS = ROOT / "tests" / "fixtures" / "logs"
WIDTHS = (60, 80, 120)

# command line -> figures that must appear whole at every width
CASES: dict[str, tuple[list[str], list[str]]] = {
    "cost": (
        ["cost", str(SCENARIOS / "api-backend.yaml")],
        ["$2.56", "$0.62", "$1.78", "$0.16", "2,000,000", "-$5.81", "$0.40"],
    ),
    "cost-savings-plan": (["cost", str(SCENARIOS / "savings-plan.yaml")], []),
    "cost-pc": (["cost", str(SCENARIOS / "provisioned-concurrency.yaml")], []),
    "compare-memory": (
        [
            "compare-memory",
            *("--measured", "128=2500ms", "--measured", "1024=300ms"),
            *("--requests-per-month", "10000000", "--max-memory-used", "180"),
        ],
        ["◆✗", "★", "?~", "$47.22", "$80.32", "2,500 ms", "3,008 MB", "−93.1%", "+61.2%", "$8.72"],
    ),
    "compare-memory-sweep": (
        ["compare-memory", "--duration", "800ms", "--memory", "1024", "--sweep"],
        ["★", "◆", "10,240 MB"],
    ),
    "concurrency-account": (
        ["concurrency", str(SCENARIOS / "api-backend.yaml")],
        ["3.42", "nightly-report", "996.58"],
    ),
    "concurrency": (
        ["concurrency", "--rps", "20", "--duration", "2", "--provisioned", "50"],
        ["40", "1,000"],
    ),
    "logs": (
        ["logs", "analyze", str(LOGS / "tail-text.log"), str(LOGS / "json-format.log")],
        ["p50", "p99", "Recommended MB", "Invocations"],
    ),
    "prices": (["prices"], ["$0.0000166667", "cn-northwest-1", "ap-southeast-5"]),
    "prices-region": (["prices", "--region", "eu-west-1"], ["$0.0000166667"]),
}


def render(args: list[str], width: int) -> str:
    result = CliRunner(env={"COLUMNS": str(width)}).invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", list(CASES))
def test_nothing_is_cut_and_every_line_fits(case: str, width: int) -> None:
    args, figures = CASES[case]
    text = render(args, width)
    # The only `…` allowed is the one in the logs' own wording "(START, END, …)".
    assert "…" not in text.replace("application logs, …)", ""), text
    assert max(cell_len(line) for line in text.splitlines()) <= width
    for figure in figures:
        assert figure in text, f"{figure!r} missing at {width} columns:\n{text}"


def test_the_acceptance_line_at_60_columns() -> None:
    text = render(["cost", str(SCENARIOS / "api-backend.yaml")], 60)
    for money in ("$2.56", "$0.62", "$1.78", "$0.16"):
        assert money in text
    assert "…" not in text


def test_unit_prices_go_first_and_are_named() -> None:
    wide = render(["cost", str(SCENARIOS / "api-backend.yaml")], 120)
    narrow = render(["cost", str(SCENARIOS / "api-backend.yaml")], 60)
    assert "Unit price" in wide and "Left out" not in wide
    assert "Unit price" in narrow  # named in the line that says what was left out
    assert "Left out to fit 60 columns: Arch, GB-s, Unit price" in narrow
    assert "$0.0000166667" not in narrow.split("On-demand duration tiers")[0]


def test_compare_memory_leaves_per_1m_to_the_chart_at_80() -> None:
    text = render(CASES["compare-memory"][0], 80)
    table = text.split("cost per 1M")[0]
    assert "Per 1M" not in table.split("Left out")[0]
    assert "Per call" in table
    assert "$5.41" in text  # the chart shows the per-1M cost


@pytest.mark.parametrize("width", WIDTHS)
def test_the_chart_fits_the_terminal(width: int) -> None:
    text = render(CASES["compare-memory"][0], width)
    chart = [line for line in text.splitlines() if "█" in line]
    assert len(chart) == 7  # one line per size: no bar wrapped onto a second line
    assert all(line.rstrip().endswith(" ms") for line in chart)


# --- the layout rules, on a small table --------------------------------------------------

TABLE = Table(
    title="T",
    columns=["Name", "Count", "Unit price", "Monthly"],
    rows=[["a long function name", "2,000,000", "$0.0000166667", "$1,234.56"]],
    right={1, 2, 3},
    optional=[2, 1],
)


def test_layout_keeps_natural_widths_when_it_fits() -> None:
    # natural widths 20 + 9 + 13 + 9 = 51, plus 3 × 4 + 1 = 13 for edges and padding: 64
    assert layout(TABLE, 64) == ([0, 1, 2, 3], None)


def test_layout_drops_optional_columns_in_order_before_wrapping() -> None:
    # without Unit price: 20 + 9 + 9 + 3 × 3 + 1 = 48
    assert layout(TABLE, 63) == ([0, 1, 3], [20, 9, 9])
    # without Count too: 20 + 9 + 7 = 36
    assert layout(TABLE, 47) == ([0, 3], [20, 9])


def test_layout_then_wraps_text_columns_down_to_a_word() -> None:
    # Name may wrap to its longest word, "function" (8): 8 + 9 + 7 = 24; 30 leaves it 14
    assert layout(TABLE, 30) == ([0, 3], [14, 9])


def test_layout_stacks_when_nothing_else_fits() -> None:
    assert layout(TABLE, 23) is None


def test_a_stacked_table_shows_every_cell_whole(capsys: pytest.CaptureFixture[str]) -> None:
    money = "$1,234.56"
    table = Table(
        title="T",
        columns=["Name", "Net", "Tax", "Gross"],
        rows=[["api", money, money, money]],
        right={1, 2, 3},
        footer=["Total", money, money, money],
    )
    # 4 + 9 × 3 = 31 at the least, plus 13 for edges and padding: 44 > 40
    assert layout(table, 40) is None
    console = make_console()
    console.width = 40
    print_rich(Doc(title="x", blocks=[table]), console)
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:7] == [
        "T",
        "api",
        "  Net    $1,234.56",
        "  Tax    $1,234.56",
        "  Gross  $1,234.56",
    ]
    assert lines[8] == "Total"
    assert "…" not in "".join(lines)


def test_wrapped_bullets_hang_under_their_text(capsys: pytest.CaptureFixture[str]) -> None:
    console = make_console()
    console.width = 40
    print_rich(Doc(title="x", notes=["one two three four five six seven eight nine ten"]), console)
    lines = capsys.readouterr().out.splitlines()
    bullet = next(i for i, line in enumerate(lines) if "•" in line)
    assert lines[bullet].startswith("  • one")
    assert lines[bullet + 1].startswith("    ") and lines[bullet + 1].strip()


# --- help -------------------------------------------------------------------------------


def _commands() -> list[tuple[list[str], Any]]:
    """Every (sub)command as (its path, typer's click command)."""
    root: Any = get_command(app)
    found: list[tuple[list[str], Any]] = []
    for name, command in root.commands.items():
        if hasattr(command, "commands"):
            found += [([name, sub], c) for sub, c in command.commands.items()]
        else:
            found.append(([name], command))
    return found


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("path", [p for p, _ in _commands()], ids=" ".join)
def test_help_shows_every_option_name_whole(path: list[str], width: int) -> None:
    command = {tuple(p): c for p, c in _commands()}[tuple(path)]
    text = render([*path, "--help"], width)
    assert "…" not in text
    for param in command.params:
        for name in getattr(param, "opts", []):
            if name.startswith("--"):
                assert f"{name} " in text or f"{name}\n" in text, f"{name} cut at {width}"
