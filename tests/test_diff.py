"""`lambdacalc diff`: settings compared by function, both sides priced by the cost engine
as whole accounts, and the --fail-above budget gate (exit code 3)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.diff import Threshold, exceeds, parse_threshold
from lambdacalc.errors import InputError
from lambdacalc.render.common import OutputFormat

ROOT = Path(__file__).resolve().parents[1]
API = str(ROOT / "scenarios" / "api-backend.yaml")
runner = CliRunner()

# api-backend with `api` at 1,024 MB instead of 512 (twice the memory), worked by hand:
#   api:        2,000,000 × 0.080 s × 1 GB = 160,000 GB-s + INIT 20,000 × 0.300 s × 1 GB
#               = 6,000 GB-s → 166,000 GB-s
#   x86_64:     166,000 + nightly-report 32,850 = 198,850 GB-s; arm64 450,000 GB-s (as before)
#   free tier:  400,000 GB-s split 198,850 : 450,000 of 648,850, so each side keeps
#               248,850 / 648,850 of its GB-s
#     x86 198,850 × 248,850 / 648,850 = 76,263.886106 GB-s × $0.0000166667 = $1.271067
#     arm 450,000 × 248,850 / 648,850 = 172,586.113894 GB-s × $0.0000133334 = $2.301160
#   requests $0.230146 and /tmp $0.003476 unchanged (see scenarios/api-backend.yaml)
#   new total:  $1.271067 + $2.301160 + $0.230146 + $0.003476 = $3.805849 → $3.81
#   base total: $2.558151 (worked in scenarios/api-backend.yaml) → $2.56
#   delta:      $3.805849 − $2.558151 = $1.247699 → +$1.25, 48.8% of the base bill
NEW_TOTAL = Decimal("3.8058492516")  # the same sums carried to 1e-10
BASE_TOTAL = Decimal("2.5581505248")


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


@pytest.fixture
def doubled(tmp_path: Path) -> str:
    text = Path(API).read_text().replace("memory_mb: 512", "memory_mb: 1024", 1)
    path = tmp_path / "api-backend-2x.yaml"
    path.write_text(text)
    return str(path)


def test_twice_the_memory_reports_the_delta_to_the_cent(doubled: str) -> None:
    result = run("diff", API, doubled)
    assert result.exit_code == 0, result.stderr
    assert "$2.56 → $3.81 a month (+$1.25, +48.8%)" in result.stdout
    assert "memory_mb 512 → 1,024" in result.stdout


def test_json_carries_the_exact_figures(doubled: str) -> None:
    data = json.loads(run("diff", API, doubled, "-f", "json").stdout, parse_float=Decimal)
    assert data["before_monthly_usd"] == BASE_TOTAL
    assert data["after_monthly_usd"] == NEW_TOTAL
    assert data["delta_monthly_usd"] == NEW_TOTAL - BASE_TOTAL  # 1.2476987268
    api, thumbnails, report = data["functions"]
    assert api["status"] == "changed"
    assert api["changes"] == [{"key": "memory_mb", "before": 512, "after": 1024}]
    # thumbnails did not change, but its share of the free tier shrank:
    # after = 172,586.113894 GB-s × $0.0000133334 (duration net of its free share) + its
    # share of requests and /tmp, so its cost moves although its settings do not
    assert thumbnails["status"] == "unchanged" and thumbnails["delta_monthly_usd"] > 0
    assert report["changes"] == []
    assert [t["gb_seconds"] for t in data["new"]["tiers"]] == [198850, 450000]
    assert data["new"]["free_tier"]["gb_seconds_used"] == 400000
    assert data["fail_above"] is None


def test_fail_above_one_percent_exits_3(doubled: str) -> None:
    result = run("diff", API, doubled, "--fail-above", "1%")
    assert result.exit_code == 3
    assert "above the --fail-above 1% budget" in result.stdout
    assert result.stderr.startswith("Error: over budget: $2.56 → $3.81")
    assert len(result.stderr.splitlines()) == 1


def test_fail_above_a_thousand_percent_exits_0(doubled: str) -> None:
    result = run("diff", API, doubled, "--fail-above", "1000%")
    assert result.exit_code == 0
    assert "within the --fail-above 1000% budget" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(("limit", "code"), [("$1.24", 3), ("1.25", 0), ("48.7%", 3), ("48.8%", 0)])
def test_fail_above_in_dollars_and_near_the_edge(doubled: str, limit: str, code: int) -> None:
    # the increase is $1.247699 (48.773%): above $1.24 and 48.7%, not above $1.25 or 48.8%
    assert run("diff", API, doubled, "--fail-above", limit).exit_code == code


CHINA = str(ROOT / "scenarios" / "china-beijing.yaml")


@pytest.mark.parametrize(
    ("files", "limit", "code", "message"),
    [
        ((API, API), "¥5", 2, "these bills are in $, not ¥"),
        ((CHINA, CHINA), "$5", 2, "these bills are in ¥, not $"),
        ((CHINA, CHINA), "¥5", 0, ""),
        ((CHINA, CHINA), "5", 0, ""),  # no symbol: the bills' own currency
    ],
)
def test_fail_above_an_amount_is_in_the_bills_currency(
    files: tuple[str, str], limit: str, code: int, message: str
) -> None:
    # $5 is never silently read as ¥5 (nor ¥5 as $5)
    result = run("diff", *files, "--fail-above", limit)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    if code:
        assert len(result.stderr.splitlines()) == 1


def test_a_decrease_never_fails(doubled: str) -> None:
    assert run("diff", doubled, API, "--fail-above", "0").exit_code == 0


def test_the_same_file_has_no_changes_and_passes_a_zero_budget() -> None:
    result = run("diff", API, API, "--fail-above", "0%", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout, parse_float=Decimal)
    assert data["delta_monthly_usd"] == 0
    assert {f["status"] for f in data["functions"]} == {"unchanged"}
    assert data["fail_above"] == {"amount": 0, "unit": "percent", "exceeded": False}


def test_architecture_change_of_bundled_examples() -> None:
    # mobile-backend: $2.733338; on arm64: $2.266676 (both worked in the scenario files)
    result = run(
        "diff", "scenarios/mobile-backend.yaml", "scenarios/mobile-backend-arm64.yaml", "-f", "csv"
    )
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1] == ["api", "changed", "architecture x86_64 → arm64", "2.733338", "2.266676",
                       "-0.466662"]  # fmt: skip
    assert rows[2][0] == "TOTAL"


def test_added_removed_functions_and_account_settings() -> None:
    base = str(ROOT / "scenarios" / "savings-plan.yaml")
    new = str(ROOT / "scenarios" / "provisioned-concurrency.yaml")
    result = run("diff", base, new, "-f", "markdown")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# Lambda cost: $667.72 → $12.89 a month (-$654.83, -98.1%)")
    assert "| batch | removed | $667.72 | $0.00 | -$667.72 |" in out
    assert "| checkout | added | $0.00 | $12.89 | +$12.89 |" in out
    assert "| savings_plan.discount_percent | 17 | none |" in out
    # the account rows add up to each side's total: after = $0.60 requests + $4.17 duration
    # − $4.37 free tier + $12.49 other (PC and its duration) = $12.89
    assert "| Requests | 20,000,000 | 3,000,000 | $4.00 | $0.60 | -$3.40 |" in out
    assert "| Other charges |  |  | $0.00 | $12.49 | +$12.49 |" in out


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format(fmt: OutputFormat, doubled: str) -> None:
    result = run("diff", API, doubled, "--format", fmt.value)
    assert result.exit_code == 0 and result.stderr == ""
    assert "3.81" in result.stdout or "3.805849" in result.stdout


@pytest.mark.parametrize("bad", ["ten", "-5%", "%", "NaN", "1e400", ""])
def test_a_bad_limit_is_one_line_exit_2(bad: str) -> None:
    result = run("diff", API, API, "--fail-above", bad)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --fail-above")
    assert len(result.stderr.splitlines()) == 1


def test_a_missing_file_is_one_line_exit_2(tmp_path: Path) -> None:
    result = run("diff", API, str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "nope.yaml: no such scenario file" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_parse_threshold() -> None:
    assert parse_threshold("10%") == Threshold(Decimal(10), True)
    assert parse_threshold(" $50 ") == Threshold(Decimal(50), False, "$")
    assert parse_threshold("¥50") == Threshold(Decimal(50), False, "¥")
    assert parse_threshold("0.5") == Threshold(Decimal("0.5"), False)
    with pytest.raises(InputError):
        parse_threshold("$10%")


money = st.decimals(min_value=0, max_value=10**6, places=6)


@given(money, money, money, st.booleans())
def test_exceeds_only_on_an_increase_strictly_above(
    before: Decimal, after: Decimal, amount: Decimal, percent: bool
) -> None:
    over = exceeds(before, after, Threshold(amount, percent))
    if after <= before:
        assert not over
    elif percent:
        assert over == (before == 0 or (after - before) / before * 100 > amount)
    else:
        assert over == (after - before > amount)


GOLDEN = ROOT / "tests" / "golden"
GOLDEN_FORMATS = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}


@pytest.mark.parametrize("fmt", GOLDEN_FORMATS)
def test_golden_diff(fmt: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report a pull request would show, for the bundled x86_64 → arm64 pair."""
    monkeypatch.chdir(ROOT)
    args = ["scenarios/mobile-backend.yaml", "scenarios/mobile-backend-arm64.yaml"]
    result = run("diff", *args, "--fail-above", "5%", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"diff-mobile-backend-arm64.{GOLDEN_FORMATS[fmt]}"
    if update_golden:
        golden.write_text(result.stdout)
    assert result.stdout == golden.read_text()


def test_usage_with_two_scenarios_is_refused() -> None:
    result = run("diff", API, API, "--param", "A=1")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --usage and --param apply to templates and plans")
