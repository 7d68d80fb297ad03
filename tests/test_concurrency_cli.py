"""`lambdacalc concurrency` through the CLI: outputs, bad input, and what the JSON path loads."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    return CliRunner()


def run_json(runner: CliRunner, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["concurrency", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, object] = json.loads(result.stdout, parse_float=Decimal)
    return data


STABLE_KEYS = {
    "required_concurrency",
    "concurrency_limit",
    "utilization_percent",
    "binding_limit",
    "throttle_probability",
    "concurrency_for_target",
    "seconds_to_scale",
    "provisioned_concurrency",
    "warnings",
}


def test_json_littles_law(runner: CliRunner) -> None:
    data = run_json(runner, "--rps", "100", "--duration", "2")
    assert data.keys() >= STABLE_KEYS
    # 100 rps × 2 s = 200 of a 1,000 limit: 20 %
    assert data["required_concurrency"] == 200
    assert data["concurrency_limit"] == 1000
    assert data["utilization_percent"] == 20
    assert data["binding_limit"] == "none"
    assert data["seconds_to_scale"] == 0  # 200 fits in the first burst of 1,000
    pc = data["provisioned_concurrency"]
    assert isinstance(pc, dict)
    assert set(pc) >= {"count", "monthly_usd", "on_demand_monthly_usd", "break_even_utilization"}
    assert pc["count"] == 286  # 200 / 0.7 = 285.7 → 286
    # us-east-1 x86_64: 0.0000041667 / (0.0000166667 − 0.0000097222) = 0.6
    assert pc["break_even_utilization"] == Decimal("0.6")


def test_json_echoes_the_duration_it_understood(runner: CliRunner) -> None:
    data = run_json(runner, "--rps", "100", "--duration", "150ms")
    inputs = data["inputs"]
    assert isinstance(inputs, dict)
    assert inputs["duration_s"] == Decimal("0.15")
    assert inputs["duration_ms"] == 150
    # 100 × 0.15 = 15
    assert data["required_concurrency"] == 15
    minutes = run_json(runner, "--rps", "1", "--duration", "1.5m")
    assert minutes["inputs"]["duration_s"] == 90  # type: ignore[index]
    # 1.5 min = 90 s too
    also = run_json(runner, "--rps", "1", "--duration", "1.5min")
    assert also["inputs"]["duration_s"] == 90  # type: ignore[index]


def test_json_rps_quota(runner: CliRunner) -> None:
    data = run_json(runner, "--rps", "20000", "--duration", "50ms")
    # 20,000 × 0.05 = 1,000, but 20,000 rps needs a quota of 20,000 / 10 = 2,000
    assert data["required_concurrency"] == 1000
    assert data["binding_limit"] == "requests_per_second"
    assert data["concurrency_for_target"] == 2000
    assert data["quota_needed"] == 2000
    assert any("requests-per-second" in str(w) for w in data["warnings"])  # type: ignore[attr-defined]


def test_json_peak_step_and_reserved(runner: CliRunner) -> None:
    data = run_json(
        runner, "--rps", "1000", "--peak-rps", "6000", "--duration", "1", "--limit", "10000"
    )
    # from 1,000 warm: +1,000 at once, then 100/s for the other 4,000: 40 s
    assert data["seconds_to_scale"] == 40
    # refused rate falls from 6,000 − 2,000 = 4,000 rps to 0 over 40 s: 80,000 requests
    assert data["scaling"]["throttled_requests"] == 80000  # type: ignore[index]
    reserved = run_json(runner, "--rps", "300", "--duration", "1", "--reserved", "200")
    assert reserved["concurrency_limit"] == 200
    assert reserved["binding_limit"] == "reserved"
    assert reserved["utilization_percent"] == 150


def test_json_event_source(runner: CliRunner) -> None:
    data = run_json(
        runner,
        "--rps",
        "50",
        "--duration",
        "1",
        "--kinesis-shards",
        "10",
        "--parallelization-factor",
        "2",
    )
    assert data["binding_limit"] == "event_source"  # 10 × 2 = 20 < 50


def test_json_arm64_prices(runner: CliRunner) -> None:
    data = run_json(runner, "--rps", "10", "--duration", "1", "--architecture", "arm64")
    # arm64 tier 1: 0.0000033334 / (0.0000133334 − 0.0000077778) = 0.0000033334 / 0.0000055556
    #   = 0.60000720 → 0.600
    pc = data["provisioned_concurrency"]
    assert isinstance(pc, dict)
    assert round(pc["break_even_utilization"], 3) == Decimal("0.600")


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_people_formats(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(
        app, ["concurrency", "--rps", "100", "--duration", "0.2", "--format", fmt]
    )
    assert result.exit_code == 0, result.stderr
    assert "0.2" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_table_echoes_duration(runner: CliRunner) -> None:
    result = runner.invoke(app, ["concurrency", "--rps", "100", "--duration", "150ms"])
    assert result.exit_code == 0
    assert "0.15 s (150 ms)" in result.stdout


def test_csv_rows(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["concurrency", "--rps", "100", "--duration", "2", "--format", "csv"]
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "metric,value,unit"
    assert "required_concurrency,200,environments" in lines


BAD_FLAGS = [
    (["--rps", "0", "--duration", "1"], "--rps"),
    (["--rps=-5", "--duration", "1"], "--rps"),
    (["--rps", "nan", "--duration", "1"], "--rps"),
    (["--rps", "inf", "--duration", "1"], "--rps"),
    (["--rps", "abc", "--duration", "1"], "--rps"),
    (["--rps", "10", "--duration", "0"], "--duration"),
    (["--rps", "10", "--duration=-1"], "--duration"),
    (["--rps", "10", "--duration", "nan"], "--duration"),
    (["--rps", "10", "--duration", "1500"], "1500ms"),
    (["--rps", "10", "--duration", "2x"], "--duration"),
    (["--rps", "10", "--duration", "2M"], "min"),  # M: months or minutes?
    (["--rps", "10", "--duration", "20m"], "900"),
    (["--rps", "10", "--peak-rps", "5", "--duration", "1"], "--peak-rps"),
    (["--rps", "10", "--duration", "1", "--reserved", "1001"], "--reserved"),
    (["--rps", "10", "--duration", "1", "--reserved", "950"], "unreserved"),
    (["--rps", "10", "--duration", "1", "--reserved", "1.5"], "whole"),
    (["--rps", "10", "--duration", "1", "--reserved", "100", "--provisioned", "150"], "PC"),
    (["--rps", "10", "--duration", "1", "--provisioned", "950"], "unreserved"),
    (["--rps", "10", "--duration", "1", "--throttle-target", "0"], "--throttle-target"),
    (["--rps", "10", "--duration", "1", "--throttle-target", "1"], "--throttle-target"),
    (["--rps", "10", "--duration", "1", "--throttle-target", "1.5"], "--throttle-target"),
    # 1e-400 is 0.0 as a float: the Erlang search took log(0) (a traceback) before
    (["--rps", "10", "--duration", "1", "--throttle-target", "1e-400"], "one in a trillion"),
    (["--rps", "10", "--duration", "1", "--throttle-target", "1e-13"], "below 0.000000000001"),
    # PC for a 10^-400 utilisation was 10^401 environments
    (["--rps", "10", "--duration", "1", "--pc-target-utilization", "1e-400"], "from 0.01 to 1"),
    (["--rps", "10", "--duration", "1", "--pc-target-utilization", "0.009"], "from 0.01 to 1"),
    (["--rps", "10", "--duration", "1", "--limit", "0"], "--limit"),
    (["--rps", "10", "--duration", "1", "--other-usage", "1000"], "--other-usage"),
    (["--rps", "10", "--duration", "1", "--cold-start-percent", "5"], "--init-duration"),
    (
        [
            "--rps",
            "10",
            "--duration",
            "1",
            "--kinesis-shards",
            "2",
            "--parallelization-factor",
            "11",
        ],
        "1 to 10",
    ),
    (["--rps", "10", "--duration", "1", "--sqs-max-concurrency", "1"], "at least 2"),
    (["--rps", "10", "--duration", "1", "--memory", "64"], "--memory"),
    # memory is whole MB 128–10240, as in scenario files
    (["--rps", "10", "--duration", "1", "--memory", "512.5"], "whole number of MB"),
    (["--rps", "10", "--duration", "1", "--memory", "10241"], "from 128 to 10240"),
    (["--rps", "10", "--duration", "1", "--memory", "1e400"], "from 128 to 10240"),
    # absurd numbers: named with their bound, not a traceback or an Erlang message
    (["--rps", "1e400", "--duration", "2"], "--rps 1e400 is above 300,000,000"),
    (["--rps", "1e30", "--duration", "900"], "--rps 1e30 is above 300,000,000"),
    (["--rps", "300000001", "--duration", "1"], "is above 300,000,000"),
    (["--rps", "10", "--peak-rps", "1e400", "--duration", "1"], "--peak-rps 1e400 is above"),
    (["--rps", "10", "--duration", "1", "--limit", "1e400"], "--limit 1e400 is above 1,000,000"),
    (["--rps", "10", "--duration", "1", "--limit", "1000000001"], "is above 1,000,000,000"),
    (["--rps", "10", "--duration", "1", "--kinesis-shards", "1e30"], "--kinesis-shards 1e30"),
    (["--rps", "10", "--duration", "1", "--sqs-max-concurrency", "1e30"], "is above"),
    (["--rps", "10", "--duration", "1", "--other-usage", "1e30"], "--other-usage 1e30 is above"),
    (["--rps", "10", "--duration", "1e400ms"], "--duration"),
    (["--rps", "10", "--duration", "1", "--architecture", "sparc"], "--architecture"),
    (["--rps", "10", "--duration", "1", "--region", "xx-nowhere-1"], "xx-nowhere-1"),
    (["--rps", "10"], "--duration"),
    ([], "--rps"),
]


@pytest.mark.parametrize(("args", "expected"), BAD_FLAGS)
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_bad_input_is_one_line_and_exit_2(
    runner: CliRunner, args: list[str], expected: str, fmt: str
) -> None:
    result = runner.invoke(app, ["concurrency", *args, "--format", fmt])
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


# --- the account view from a scenario ------------------------------------------------------


def write_scenario(tmp_path: Path, text: str) -> str:
    path = tmp_path / "account.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


SHOP = """\
    name: shop
    region: us-east-1
    functions:
      - name: api
        memory_mb: 512
        duration_ms: 200
        requests_per_second: 1500
        peak_requests_per_second: 3500
      - name: worker
        memory_mb: 1024
        duration_ms: 1000
        requests_per_second: 50
        peak_requests_per_second: 90
        reserved_concurrency: 100
      - name: cron
        memory_mb: 128
        duration_ms: 100
        requests_per_second: 1
        provisioned_concurrency:
          count: 50
    """


def test_scenario_account_view_json(runner: CliRunner, tmp_path: Path) -> None:
    path = write_scenario(tmp_path, SHOP)
    result = runner.invoke(app, ["concurrency", path, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout, parse_float=Decimal)
    # api: 1,500 × 0.2 = 300 average, 3,500 × 0.2 = 700 peak; worker 50 / 90; cron 0.1
    assert data["average_concurrency_total"] == Decimal("350.1")
    assert data["peak_concurrency_total"] == Decimal("790.1")
    # pool: 1,000 − 100 reserved − 50 PC outside a reservation = 850
    assert data["unreserved_pool"] == 850
    assert data["pool_peak_demand"] == 700  # api 700 + cron max(0, 0.1 − 50)
    assert data["fits"] is True
    assert data["throttled_first"] == "worker"  # B(100, 90) ≈ 2.7 % vs B(850, 700) ≈ 4e-9
    names = [f["name"] for f in data["functions"]]
    assert names == ["api", "worker", "cron"]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_scenario_people_formats(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    path = write_scenario(tmp_path, SHOP)
    result = runner.invoke(app, ["concurrency", path, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert "worker" in result.stdout


def test_scenario_that_does_not_fit(runner: CliRunner, tmp_path: Path) -> None:
    path = write_scenario(
        tmp_path,
        """\
        name: busy
        functions:
          - name: a
            memory_mb: 128
            duration_ms: 1000
            requests_per_second: 900
          - name: b
            memory_mb: 128
            duration_ms: 1000
            requests_per_second: 300
        """,
    )
    result = runner.invoke(app, ["concurrency", path, "--format", "json"])
    data = json.loads(result.stdout)
    assert data["fits"] is False  # 900 + 300 = 1,200 on 1,000
    assert data["throttled_first"] == "a"


def test_scenario_reserving_too_much_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    path = write_scenario(
        tmp_path,
        """\
        name: greedy
        functions:
          - name: a
            memory_mb: 128
            duration_ms: 100
            requests_per_second: 1
            reserved_concurrency: 950
        """,
    )
    result = runner.invoke(app, ["concurrency", path])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "unreserved" in result.stderr


def test_scenario_and_flags_together_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    path = write_scenario(tmp_path, SHOP)
    result = runner.invoke(app, ["concurrency", path, "--rps", "1"])
    assert result.exit_code == 2
    assert "not both" in result.stderr


# --- the default limit, and regions the book cannot price PC in ----------------------------

DEFAULT_LIMIT_WARNING = "assumes the default account limit of 1000"


def test_default_limit_warning_only_when_limit_is_not_given(runner: CliRunner) -> None:
    assumed = run_json(runner, "--rps", "10", "--duration", "1")
    assert assumed["concurrency_limit"] == 1000
    assert any(DEFAULT_LIMIT_WARNING in w for w in assumed["warnings"])  # type: ignore[attr-defined]
    given = run_json(runner, "--rps", "10", "--duration", "1", "--limit", "1000")
    assert given["concurrency_limit"] == 1000
    assert not any(DEFAULT_LIMIT_WARNING in w for w in given["warnings"])  # type: ignore[attr-defined]
    # apart from that warning the two reports are the same
    assert {k: v for k, v in assumed.items() if k != "warnings"} == {
        k: v for k, v in given.items() if k != "warnings"
    }


def test_whole_memory_is_accepted_and_echoed(runner: CliRunner) -> None:
    data = run_json(runner, "--rps", "10", "--duration", "1", "--memory", "512", "--limit", "10")
    assert data["inputs"]["memory_mb"] == 512  # type: ignore[index]


def test_region_without_pc_prices_answers_the_rest(runner: CliRunner) -> None:
    """il-central-1 has on-demand prices but no PC prices in the bundled book."""
    args = ["--rps", "10", "--duration", "1", "--limit", "1000"]
    priced = run_json(runner, *args)
    data = run_json(runner, *args, "--region", "il-central-1")
    assert data.keys() == priced.keys()  # the key set is stable
    assert data["provisioned_concurrency"] is None
    # 10 rps × 1 s = 10 of 1,000, as anywhere else
    assert data["required_concurrency"] == 10
    assert data["utilization_percent"] == 1
    (warning,) = data["warnings"]  # type: ignore[misc]
    assert "provisioned concurrency is not priced" in warning
    assert "provisioned concurrency and provisioned duration prices are unknown" in warning
    assert "il-central-1" in warning


def test_region_without_pc_duration_price_names_that_price(runner: CliRunner) -> None:
    """us-gov-west-1 has a PC price but no PC-duration price in the bundled book."""
    data = run_json(
        runner, "--rps", "10", "--duration", "1", "--limit", "10", "--region", "us-gov-west-1"
    )
    assert data["provisioned_concurrency"] is None
    assert any(
        "the x86_64 provisioned duration price is unknown for us-gov-west-1" in w
        for w in data["warnings"]  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize(
    ("region", "architecture", "unknown"),
    [
        ("il-central-1", "arm64", "arm64 prices for il-central-1 are unknown"),
        ("cn-north-1", "x86_64", "cn-north-1"),
    ],
)
def test_region_without_the_architectures_prices_answers_the_rest(
    runner: CliRunner, region: str, architecture: str, unknown: str
) -> None:
    """No on-demand or request price either: PC and its on-demand comparison go unpriced."""
    data = run_json(
        runner, "--rps", "10", "--duration", "1", "--limit", "1000",
        "--region", region, "--architecture", architecture,
    )  # fmt: skip
    assert data["provisioned_concurrency"] is None
    # 10 rps × 1 s = 10 of 1,000
    assert data["required_concurrency"] == 10
    (warning,) = data["warnings"]  # type: ignore[misc]
    assert warning.startswith("provisioned concurrency is not priced: ")
    assert unknown in warning


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_table_says_pc_is_not_priced(runner: CliRunner, fmt: str) -> None:
    args = ["--rps", "10", "--duration", "1", "--region", "il-central-1", "--format", fmt]
    result = runner.invoke(app, ["concurrency", *args])
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())  # rich wraps lines
    assert "Provisioned concurrency: not priced in il-central-1 (x86_64)" in text
    assert "provisioned concurrency is not priced" in text


def test_csv_warns_on_stderr_that_pc_is_not_priced(runner: CliRunner) -> None:
    args = ["--rps", "10", "--duration", "1", "--region", "il-central-1", "--format", "csv"]
    result = runner.invoke(app, ["concurrency", *args])
    assert result.exit_code == 0
    # the PC rows are there (fixed rows), empty: JSON has null
    assert "provisioned_concurrency.monthly_usd,,USD" in result.stdout
    assert "required_concurrency,10,environments" in result.stdout
    assert "Warning: provisioned concurrency is not priced" in result.stderr


def _leaves(data: object, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return set().union(*(_leaves(v, f"{prefix}{k}.") for k, v in data.items()))
    return {prefix.rstrip(".")}


def test_csv_metrics_are_the_json_paths_and_always_the_same(runner: CliRunner) -> None:
    priced = ["--rps", "100", "--duration", "2", "--sqs-max-concurrency", "50"]
    unpriced = ["--rps", "10", "--duration", "1", "--region", "il-central-1"]
    data = json.loads(
        runner.invoke(app, ["concurrency", *priced, "--format", "json"]).stdout,
        parse_float=Decimal,
    )
    metrics = []
    for args in (priced, unpriced):
        out = runner.invoke(app, ["concurrency", *args, "--format", "csv"]).stdout
        metrics.append([row["metric"] for row in csv.DictReader(io.StringIO(out))])
    assert metrics[0] == metrics[1]
    assert set(metrics[0]) == _leaves(data) - {"warnings"}
    assert "utilization_percent" in metrics[0]
    assert "provisioned_concurrency.monthly_usd" in metrics[0]


def test_account_csv_has_the_scenario_and_json_names(runner: CliRunner, tmp_path: Path) -> None:
    path = write_scenario(tmp_path, SHOP)
    out = runner.invoke(app, ["concurrency", path, "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    data = json.loads(runner.invoke(app, ["concurrency", path, "--format", "json"]).stdout)
    assert {r["scenario"] for r in rows} == {data["scenario"]}
    assert set(rows[0]) - {"scenario"} <= set(data["functions"][0])
    assert [r["name"] for r in rows] == [*(f["name"] for f in data["functions"]), "TOTAL"]


def test_the_flags_record_has_a_field_for_each_option_of_the_command() -> None:
    """The command hands its options to `concurrency_run` by name (`ConcurrencyFlags(**locals())`):
    the record's fields are the command's parameters, in order."""
    import inspect

    from lambdacalc.cli.concurrency import concurrency
    from lambdacalc.cli.concurrency_run import ConcurrencyFlags

    assert ConcurrencyFlags._fields == tuple(inspect.signature(concurrency).parameters)
