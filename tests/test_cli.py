"""The commands as a user meets them, through typer's CliRunner: exit codes, stdout vs
stderr, every format, stdin, help text."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacalc import __version__
from lambdacalc.cli import app
from lambdacalc.render.common import OutputFormat

ROOT = Path(__file__).resolve().parents[1]
API = str(ROOT / "scenarios" / "api-backend.yaml")
runner = CliRunner()


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"lambdacalc {__version__}"


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_cost_every_format_succeeds_with_nothing_on_stderr(fmt: OutputFormat) -> None:
    result = run("cost", API, "--format", fmt.value)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "$2.56" in result.stdout or "2.558150" in result.stdout


def test_cost_json_keys_are_stable() -> None:
    data = json.loads(run("cost", API, "-f", "json").stdout, parse_float=Decimal)
    assert {"total_monthly_usd", "functions", "free_tier", "savings_plan", "prices"} <= set(data)
    assert data["prices"]["book"] == "aws-lambda"
    assert data["prices"]["effective_date"] == "2026-10-01"
    names = [f["name"] for f in data["functions"]]
    assert names == ["api", "thumbnails", "nightly-report"]
    api = data["functions"][0]
    assert set(api["components"]) == {"requests", "duration", "init", "free_tier"}
    # total = sum of function totals = sum of components, each amount written to 1e-10 USD
    tolerance = Decimal("1e-9")
    functions_sum = sum(f["total_monthly_usd"] for f in data["functions"])
    assert abs(data["total_monthly_usd"] - functions_sum) <= tolerance
    for f in data["functions"]:
        assert abs(f["total_monthly_usd"] - sum(f["components"].values())) <= tolerance
    assert data["free_tier"]["gb_seconds_used"] == 400000


def test_cost_csv_has_a_row_per_function_and_a_total_row() -> None:
    rows = list(csv.DictReader(io.StringIO(run("cost", API, "-f", "csv").stdout)))
    assert [r["name"] for r in rows] == ["api", "thumbnails", "nightly-report", "TOTAL"]
    assert {(r["scenario"], r["region"]) for r in rows} == {("api-backend", "us-east-1")}
    total = rows[-1]
    functions_sum = sum(Decimal(r["total_monthly_usd"]) for r in rows[:-1])
    assert abs(Decimal(total["total_monthly_usd"]) - functions_sum) <= Decimal("1e-9")
    assert total["components.ephemeral_storage"] == "0.00347625"  # thumbnails' alone
    assert total["components.savings_plan"] == "0"  # no plan: the column is there, at 0


def _csv_header(path: Path) -> list[str]:
    result = run("cost", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    return next(csv.reader(io.StringIO(result.stdout)))


def test_cost_csv_columns_are_the_same_for_every_scenario() -> None:
    """The same columns whatever the scenario; a China region's bill is in CNY, so its
    money columns say cny where the others say usd (monthly_cny for monthly_usd)."""
    headers = {
        tuple(c.replace("_cny", "_usd") for c in _csv_header(path))
        for path in sorted((ROOT / "scenarios").glob("*.yaml"))
    }
    assert len(headers) == 1
    china = _csv_header(ROOT / "scenarios" / "china-beijing.yaml")
    assert "total_monthly_cny" in china and not any("usd" in c for c in china)
    header = _csv_header(ROOT / "scenarios" / "savings-plan.yaml")
    assert header == _csv_header(ROOT / "scenarios" / "snapstart-python.yaml")
    assert header[:3] == ["scenario", "region", "name"]


def test_cost_csv_columns_are_named_as_in_json() -> None:
    data = json.loads(run("cost", API, "-f", "json").stdout)
    function = data["functions"][0]
    header = _csv_header(ROOT / "scenarios" / "api-backend.yaml")
    for column in header:
        head, _, field = column.partition(".")
        if head in ("scenario", "region"):
            assert head in data
        elif head == "memory_recommendations":
            continue  # a list in JSON, keyed by function; checked below
        elif head == "around":
            from lambdacalc.around.bill import SERVICES

            assert field in SERVICES, column  # JSON: around.services, the account's
        elif head in ("around_monthly_usd", "grand_total_monthly_usd"):
            assert head in data, column  # the account's in JSON, each function's in CSV
        elif field:
            assert field in function[head] or head == "components", column
        else:
            assert head in function, column


def test_cost_csv_carries_the_memory_advice_not_stderr() -> None:
    result = run("cost", str(ROOT / "scenarios" / "right-sizing.yaml"), "-f", "csv")
    assert result.exit_code == 0
    assert "Memory" not in result.stderr
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    advice = json.loads(
        run("cost", str(ROOT / "scenarios" / "right-sizing.yaml"), "-f", "json").stdout
    )["memory_recommendations"]
    for a in advice:
        row = rows[a["function"]]
        for field in ("strategy", "current_memory_mb", "recommended_memory_mb", "reason"):
            assert row[f"memory_recommendations.{field}"] == str(a[field])
    assert rows["TOTAL"]["memory_recommendations.strategy"] == ""


def test_cost_reads_stdin_yaml_and_json() -> None:
    yaml_text = (ROOT / "scenarios" / "mobile-backend.yaml").read_text()
    result = run("cost", "-", "-f", "json", input=yaml_text)
    assert result.exit_code == 0, result.stderr
    # 2.333338 + 0.40 (AWS's mobile backend example)
    assert json.loads(result.stdout)["total_monthly_usd"] == 2.733338
    as_json = json.dumps(
        {
            "functions": [
                {"name": "a", "memory_mb": 1536, "duration_ms": 120, "requests_per_month": 3000000}
            ]
        }
    )
    result = run("cost", "-", "-f", "json", input=as_json)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total_monthly_usd"] == 2.733338


def test_cost_reads_json_files(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        '{"free_tier": false, "functions": [{"name": "h", "memory_mb": 128, '
        '"duration_ms": 100, "requests_per_month": 1000000}]}'
    )
    result = run("cost", str(path), "-f", "json")
    # 0.20 requests + 12,500 GB-s × 0.0000166667 = 0.20833375
    assert json.loads(result.stdout)["total_monthly_usd"] == 0.40833375


def test_cost_warns_when_concurrency_exceeds_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "busy.yaml"
    path.write_text(
        "functions:\n  - name: slow\n    memory_mb: 128\n    duration_ms: 20000\n"
        "    requests_per_second: 100\n"
    )
    table = run("cost", str(path))
    # 100 rps × 20 s = 2,000 concurrent executions > 1,000
    assert table.exit_code == 0
    assert "Warning: concurrency: peak concurrency 2,000 is above the account limit" in " ".join(
        table.stdout.split()
    )
    as_csv = run("cost", str(path), "-f", "csv")
    assert "Warning:" in as_csv.stderr
    assert "Warning" not in as_csv.stdout


def test_cost_concurrency_warning_rounds_a_fractional_peak_up(tmp_path: Path) -> None:
    path = tmp_path / "hot.yaml"
    path.write_text(
        "functions:\n  - name: hot\n    memory_mb: 128\n    duration_ms: 1000\n"
        "    requests_per_month: 1000000000000\n"
    )
    # 1e12 requests ÷ 2,628,000 s a month (730 h) = 380,517.503… rps; × 1 s = 380,517.503…
    # concurrent executions, which need 380,518 environments.
    warnings = json.loads(run("cost", str(path), "-f", "json").stdout)["warnings"]
    assert any(
        "peak concurrency 380,518 is above the account limit 1,000" in w for w in warnings
    ), warnings


def test_cost_with_another_price_book(tmp_path: Path) -> None:
    book = json.loads(run("prices", "-f", "json").stdout)
    tiers = book["regions"]["us-east-1"]["x86_64"]["duration_tiers"]
    tiers[0]["usd_per_gb_s"] = "0.00001"  # a negotiated rate
    path = tmp_path / "negotiated.json"
    path.write_text(json.dumps(book))
    result = run(
        "cost",
        str(ROOT / "scenarios" / "one-million-128mb.yaml"),
        "--prices",
        str(path),
        "-f",
        "json",
    )
    # 0.20 + 12,500 GB-s × 0.00001 = 0.325
    assert json.loads(result.stdout)["total_monthly_usd"] == 0.325
    assert json.loads(result.stdout)["prices"]["source"] == str(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON"),
        ('{"schema_version": 7}', "schema_version 7 is not supported"),
        ('{"schema_version": 1, "regions": {}}', "lists no regions"),
    ],
)
def test_bad_price_books_are_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "book.json"
    path.write_text(content)
    result = run("cost", API, "--prices", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ")


def test_missing_price_book() -> None:
    result = run("prices", "--prices", "nope.json")
    assert result.exit_code == 2
    assert "nope.json: no such price book file" in result.stderr


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_prices_every_format(fmt: OutputFormat) -> None:
    result = run("prices", "-f", fmt.value)
    assert result.exit_code == 0
    assert "us-east-1" in result.stdout
    one = run("prices", "--region", "eu-south-1", "-f", fmt.value)
    assert one.exit_code == 0
    assert "0.0000195172" in one.stdout  # Milan's x86 tier-1 rate


def test_prices_json_round_trips_as_a_price_book(tmp_path: Path) -> None:
    path = tmp_path / "copy.json"
    path.write_text(run("prices", "-f", "json").stdout)
    again = run("prices", "-f", "json", "--prices", str(path))
    assert json.loads(again.stdout)["regions"] == json.loads(path.read_text())["regions"]


def test_prices_unknown_region_suggests() -> None:
    result = run("prices", "--region", "eu-west-9")
    assert result.exit_code == 2
    assert "did you mean eu-west-3" in result.stderr


def test_schema_is_json_schema_and_matches_the_shipped_file() -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "lambdacalc scenario"
    assert "functions" in schema["properties"]
    shipped = (ROOT / "scenarios" / "scenario.schema.json").read_text()
    assert result.stdout == shipped, "run: lambdacalc schema > scenarios/scenario.schema.json"


def test_unknown_format_is_a_usage_error() -> None:
    result = run("cost", API, "--format", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_every_command_has_help_with_an_example() -> None:
    commands = ["cost", "prices", "schema"]
    for name in commands:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, name


def test_cost_recommends_memory_when_the_scenario_has_sizing_hints() -> None:
    result = run("cost", str(ROOT / "scenarios" / "right-sizing.yaml"), "-f", "json")
    advice = {a["function"]: a for a in json.loads(result.stdout)["memory_recommendations"]}
    # 128 MB × 2.5 s = 0.3125 GB-s; 512 MB × 0.625 s = 0.3125 GB-s: same cost, 4× faster
    assert advice["resize-images"]["recommended_memory_mb"] == 512
    assert advice["resize-images"]["monthly_saving_usd"] == 0
    assert "4.0× faster" in advice["resize-images"]["reason"]
    table = run("cost", str(ROOT / "scenarios" / "right-sizing.yaml"))
    assert "resize-images: 512 MB: 4.0× faster" in " ".join(table.stdout.split())
    # without hints there is no recommendation (and sizing is not even imported)
    assert json.loads(run("cost", API, "-f", "json").stdout)["memory_recommendations"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cost", API, "--format", "xml"], "Error: Invalid value for '--format' / '-f': 'xml'"),
        (["cost"], "Error: Missing argument 'SCENARIO'; see `lambdacalc cost --help`"),
        (["nope"], "Error: No such command 'nope'; see `lambdacalc --help`"),
        (["concurrency", "--rps", "1", "--bogus"], "Error: No such option: --bogus"),
        # click's suggestions become part of the sentence: no "?; see" or "(Possible options"
        (
            ["costs"],
            "Error: No such command 'costs'; did you mean 'cost'? See `lambdacalc --help`.",
        ),
        (
            ["cost", API, "--formt", "json"],
            "Error: No such option: --formt; did you mean --format? See `lambdacalc cost --help`.",
        ),
    ],
)
def test_usage_errors_are_one_line_in_a_real_process(args: list[str], message: str) -> None:
    """typer frames usage errors in a panel; `main` reduces them to one line like every
    other bad input (CliRunner calls the app directly, so this runs the real entry point)."""
    import subprocess
    import sys

    entry = "import sys; sys.argv[0] = 'lambdacalc'; from lambdacalc.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", entry, *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [],
            "Error: `lambdacalc` needs a command: cost, concurrency, schema, compare-memory, "
            "init, import, diff, logs or prices (listed above)\n",
        ),
        (
            ["logs"],
            "Error: `lambdacalc logs` needs a command: analyze or insights-query (listed above)\n",
        ),
    ],
)
def test_a_group_without_its_command_shows_help_and_names_the_commands(
    args: list[str], message: str
) -> None:
    """It used to print the help and then `Error: ; see …` (click's error has no message)."""
    import subprocess
    import sys

    entry = "import sys; sys.argv[0] = 'lambdacalc'; from lambdacalc.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", entry, *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "Commands" in result.stdout  # the help, on standard output
    assert result.stderr == message


def test_shell_completion_completes_commands_and_options() -> None:
    """typer's completion is on (`--install-completion`); it costs no measurable start-up,
    as its modules are imported by typer either way. The real entry point answers the shell."""
    import os
    import subprocess
    import sys

    entry = "import sys; sys.argv[0] = 'lambdacalc'; from lambdacalc.cli import main; main()"

    def complete(words: str) -> list[str]:
        env = {
            **os.environ,
            "_LAMBDACALC_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        result = subprocess.run(
            [sys.executable, "-c", entry], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert complete("lambdacalc co") == ["cost", "concurrency", "compare-memory"]
    assert complete("lambdacalc cost --f") == ["--format"]
    assert complete("lambdacalc logs a") == ["analyze"]
    assert "--install-completion" in run("--help").stdout


def test_prices_csv_columns_are_the_books_fields() -> None:
    out = run("prices", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    one = run("prices", "--region", "ca-west-1", "-f", "csv").stdout
    assert one.splitlines()[0] == out.splitlines()[0]
    book = json.loads(run("prices", "-f", "json").stdout)
    row = next(r for r in rows if (r["region"], r["architecture"]) == ("us-east-1", "x86_64"))
    region = book["regions"]["us-east-1"]
    for column, text in row.items():
        if column in ("region", "architecture"):
            continue
        head, _, rest = column.partition(".")
        if head.startswith("duration_tiers["):
            index = int(head[len("duration_tiers[") : -1])
            tiers = region["x86_64"]["duration_tiers"]
            value = tiers[index][rest] if index < len(tiers) else None
        elif rest:
            value = region[head][rest]
        else:
            value = region[head] if head in region else region["x86_64"][head]
        if value is None:
            assert text == "", column
        elif column in ("name", "confidence"):
            assert text == value
        else:  # the book's published digits, as one number: 0.20 is 0.2
            assert Decimal(text) == Decimal(value), column
