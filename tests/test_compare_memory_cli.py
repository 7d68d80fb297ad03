"""`lambdacalc compare-memory` end to end: every source of durations, every output format,
and every bad input as one line on stderr with exit code 2."""

from __future__ import annotations

import base64
import json
import struct
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from lambdacalc.cli import app

D = Decimal
CMD = "compare-memory"
CHAPTER = ["--measured", "128=2500ms", "--measured", "1024=300ms", "--sizes", "128,1024"]


def run(*args: str) -> Result:
    return CliRunner(env={"COLUMNS": "140"}).invoke(app, [CMD, *args])


def run_json(*args: str) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return data


def pt_hash(sizes: list[int], durations: list[float], costs: list[float]) -> str:
    arrays = (
        struct.pack(f"<{len(sizes)}h", *sizes),
        struct.pack(f"<{len(durations)}f", *durations),
        struct.pack(f"<{len(costs)}f", *costs),
    )
    return ";".join(base64.b64encode(a).decode("ascii") for a in arrays)


PT_URL = "https://lambda-power-tuning.show/#" + pt_hash(
    [128, 256, 512, 1024], [2500.0, 1250.5, 625.25, 300.0], [2**-17, 2**-17, 2**-16, 2**-15]
)


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "app.yaml"
    path.write_text(
        "name: app\n"
        "region: us-east-1\n"
        "functions:\n"
        "  - name: api\n"
        "    memory_mb: 1024\n"
        "    duration_ms: 100\n"
        "    requests_per_month: 10000000\n"
        "    sizing:\n"
        "      max_memory_used_mb: 180\n"
        "      cpu_bound: 0\n"
        "  - name: worker\n"
        "    architecture: arm64\n"
        "    memory_mb: 128\n"
        "    duration_ms: 2500\n"
        "    requests_per_month: 2000000\n"
    )
    return path


# --- the chapter's example through the CLI -----------------------------------------------------


def test_chapter_example_json() -> None:
    data = run_json(*CHAPTER)
    assert data["recommended_memory_mb"] == 1024
    assert data["strategy"] == "cost"
    assert data["reason"] == "1024 MB: 8.3× faster and 4% cheaper per invocation than 128 MB"
    small, large = data["options"]
    # 128 MB: 0.3125 GB-s x $0.0000166667 + $0.0000002 = $0.00000540834375 (full precision)
    assert small["cost_per_invocation_usd"] == D("0.00000540834375")
    # 1024 MB: 0.3 GB-s x $0.0000166667 + $0.0000002 = $0.00000520001
    assert large["cost_per_invocation_usd"] == D("0.00000520001")
    assert large["duration_ms"] == 300
    assert small["extrapolated"] is False and large["extrapolated"] is False
    assert large["monthly_usd"] is None  # no traffic given


def test_json_keys_are_stable() -> None:
    data = run_json(*CHAPTER, "--requests-per-month", "10000000")
    assert {"recommended_memory_mb", "strategy", "options"} <= set(data)
    for option in data["options"]:
        assert {
            "memory_mb",
            "duration_ms",
            "cost_per_invocation_usd",
            "monthly_usd",
            "extrapolated",
        } <= set(option)
    # 10M requests: 128 MB $47.2167575, 1024 MB $45.13342 (worked in tests/test_sizing.py)
    assert [o["monthly_usd"] for o in data["options"]] == [D("47.2167575"), D("45.13342")]


def test_table_shows_the_rows_the_chart_and_the_reason() -> None:
    result = run(*CHAPTER, "--requests-per-month", "10000000")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Memory sizes compared" in out
    assert "$0.0000054083" in out and "$47.22" in out
    assert "█" in out  # the bar chart
    assert "1024 MB: 8.3× faster and 4% cheaper per invocation than 128 MB" in out
    assert "cpu_bound 1.0 (fitted)" in out


def test_default_cpu_bound_is_stated_in_the_output() -> None:
    result = run("--duration", "2.5s", "--memory", "128")
    assert result.exit_code == 0, result.stderr
    assert "cpu_bound 1.0 (default)" in result.stdout


def test_markdown_and_csv() -> None:
    md = run(*CHAPTER, "--format", "markdown")
    assert md.exit_code == 0, md.stderr
    assert md.stdout.startswith("# Memory sizes compared")
    assert "| Memory |" in md.stdout and "```text" in md.stdout
    csv = run(*CHAPTER, "--format", "csv")
    assert csv.exit_code == 0, csv.stderr
    lines = csv.stdout.splitlines()
    assert lines[0].startswith(
        "region,architecture,memory_mb,duration_ms,billed_duration_ms,basis,extrapolated,"
        "gb_seconds_per_invocation,cost_per_invocation_usd"
    )
    # 128 MB for 2,500 ms: 0.125 GB × 2.5 s = 0.3125 GB-s; × $0.0000166667 = $0.00000520834375
    # plus one request at $0.0000002: $0.00000540834375
    assert lines[1].startswith(
        "us-east-1,x86_64,128,2500,2500,measured,false,0.3125,0.00000540834375,"
    )
    assert lines[0].endswith(",recommended,current")
    assert lines[1].endswith(",false,true")  # 128 MB is the current size
    assert lines[2].endswith(",true,false")  # 1024 MB is recommended


def test_csv_columns_are_json_names_and_fixed() -> None:
    import csv
    import io

    def header(*args: str) -> list[str]:
        result = run(*args, "--format", "csv")
        assert result.exit_code == 0, result.stderr
        return next(csv.reader(io.StringIO(result.stdout)))

    plain = header(*CHAPTER)
    assert plain == header("--duration", "1s", "--memory", "512", "--requests-per-month", "1e6")
    option = run_json(*CHAPTER)["options"][0]
    assert set(plain) - {"region", "architecture", "recommended", "current"} <= set(option)


# --- the model from flags ----------------------------------------------------------------------


def test_model_from_one_point_with_cpu_bound_and_threads() -> None:
    data = run_json("--duration", "2500ms", "--memory", "128", "--cpu-bound", "0.9",
                    "--threads", "2", "--sizes", "256,3538,8000")  # fmt: skip
    by_mb = {o["memory_mb"]: o for o in data["options"]}
    # 256 MB: 250 + 2250 x 128/256 = 1375 ms
    # 3538 MB (2 vCPUs): 250 + 288,000/3538 = 250 + 81.40192 = 331.402 ms
    assert by_mb[256]["duration_ms"] == D("1375")
    assert by_mb[3538]["duration_ms"] == D("331.402")
    assert by_mb[8000]["duration_ms"] == D("331.402")  # two threads: flat past 3,538 MB
    assert by_mb[8000]["extrapolated"] is True
    assert data["model"] == {
        "cpu_bound": D("0.9"),
        "cpu_bound_source": "stated",
        "threads": 2,
        "points": [{"memory_mb": 128, "duration_ms": 2500}],
    }


def test_sweep_lists_every_size() -> None:
    data = run_json("--duration", "2.5s", "--memory", "128", "--sweep")
    assert len(data["options"]) == 10_113
    assert data["options"][0]["memory_mb"] == 128 and data["options"][-1]["memory_mb"] == 10_240


def test_sweep_table_shows_a_selection() -> None:
    result = run("--duration", "2.5s", "--memory", "128", "--sweep")
    assert result.exit_code == 0, result.stderr
    assert "of 10,113 sizes" in result.stdout


def test_max_duration_chooses_its_strategy() -> None:
    data = run_json(
        "--duration", "2.5s", "--memory", "128", "--cpu-bound", "1", "--max-duration", "500ms"
    )  # fmt: skip
    # 512 MB predicts 625 ms (over budget); 1024 MB 312.5 ms is the cheapest within it
    assert data["strategy"] == "max-duration"
    assert data["recommended_memory_mb"] == 1024
    by_mb = {o["memory_mb"]: o for o in data["options"]}
    assert by_mb[512]["excluded_reason"] == "slower than the 500 ms budget"


def test_balanced_and_speed() -> None:
    speed = run_json(
        "--duration", "2.5s", "--memory", "128", "--cpu-bound", "1", "--strategy", "speed"
    )  # fmt: skip
    assert speed["recommended_memory_mb"] == 2048  # 1769 MB plateau: 2048 and 3008 tie, cheaper
    balanced = run_json("--duration", "1s", "--memory", "128", "--cpu-bound", "0.5",
                        "--sizes", "128,256,1024", "--strategy", "balanced")  # fmt: skip
    assert balanced["recommended_memory_mb"] == 256  # worked in tests/test_sizing.py
    assert balanced["balanced_weight"] == D("0.5")
    cost_heavy = run_json("--duration", "1s", "--memory", "128", "--cpu-bound", "0.5",
                          "--sizes", "128,256,1024", "--strategy", "balanced",
                          "--balanced-weight", "1")  # fmt: skip
    assert cost_heavy["recommended_memory_mb"] == 128


def test_floor_from_flags() -> None:
    data = run_json("--duration", "100ms", "--memory", "1024", "--cpu-bound", "0",
                    "--max-memory-used", "180", "--headroom", "20%")  # fmt: skip
    assert data["memory_floor_mb"] == D("216")
    assert data["recommended_memory_mb"] == 256
    assert data["options"][0]["excluded_reason"] == (
        "below the memory floor (180 MB used + 20% headroom = 216 MB)"
    )


def test_arm64_and_another_region_price_differently() -> None:
    x86 = run_json(*CHAPTER)
    arm = run_json(*CHAPTER, "--architecture", "arm64")
    # arm64 us-east-1: 0.3 GB-s x $0.0000133334 + $0.0000002 = $0.00000420002
    assert arm["options"][1]["cost_per_invocation_usd"] == D("0.00000420002")
    assert arm["architecture"] == "arm64"
    assert (
        x86["options"][1]["cost_per_invocation_usd"] != arm["options"][1]["cost_per_invocation_usd"]
    )
    zurich = run_json(*CHAPTER, "--region", "eu-central-2")
    assert zurich["region"] == "eu-central-2"
    assert zurich["options"][1]["cost_per_invocation_usd"] > D("0.00000520001")


def test_custom_price_book(tmp_path: Path) -> None:
    book = json.loads(
        (Path(__file__).resolve().parents[1] / "pricing" / "aws-lambda.json").read_text()
    )
    book["regions"]["us-east-1"]["x86_64"]["duration_tiers"] = [
        {"up_to_gb_s": None, "usd_per_gb_s": "0.00001"}
    ]
    path = tmp_path / "book.json"
    path.write_text(json.dumps(book))
    data = run_json(*CHAPTER, "--prices", str(path))
    # 1024 MB: 0.3 GB-s x $0.00001 + $0.0000002 = $0.0000032
    assert data["options"][1]["cost_per_invocation_usd"] == D("0.0000032")


# --- scenario and Power Tuning sources ---------------------------------------------------------


def test_scenario_function_with_sizing_hints(scenario: Path) -> None:
    data = run_json(str(scenario), "--function", "api")
    assert data["current_memory_mb"] == 1024
    assert data["requests_per_month"] == 10_000_000
    assert data["memory_floor_mb"] == D("216")  # 180 MB + 20% from the scenario's hints
    assert data["model"]["cpu_bound_source"] == "stated"
    assert data["recommended_memory_mb"] == 256
    assert data["reason"] == "256 MB: as fast and 67% cheaper per invocation than 1024 MB"
    by_mb = {o["memory_mb"]: o for o in data["options"]}
    # 256 MB: 10M x 0.025 GB-s = 250,000 GB-s, inside the 400,000 free; requests
    # (10M - 1M) x $0.0000002 = $1.80
    assert by_mb[256]["monthly_usd"] == D("1.8")


def test_scenario_function_architecture_and_flags_override(scenario: Path) -> None:
    data = run_json(str(scenario), "--function", "worker", "--requests-per-month", "0")
    assert data["architecture"] == "arm64"
    assert data["current_memory_mb"] == 128
    assert data["requests_per_month"] == 0


def test_duration_flag_overrides_the_scenario_duration(scenario: Path) -> None:
    data = run_json(str(scenario), "--function", "api", "--duration", "200ms")
    assert data["model"]["points"] == [{"memory_mb": 1024, "duration_ms": 200}]
    other = run_json(str(scenario), "--function", "api", "--memory", "512", "--duration", "150ms")
    assert [p["memory_mb"] for p in other["model"]["points"]] == [512, 1024]
    assert other["current_memory_mb"] == 512


EDGE_SCENARIO = """\
name: edge
functions:
  - name: viewer
    edge: true
    memory_mb: 128
    duration_ms: 50
    requests_per_month: 10000000
    async_event_kb: 300
"""

PC_SCENARIO = """\
name: pc
savings_plan:
  discount_percent: 17
functions:
  - name: api
    memory_mb: 1024
    duration_ms: 200
    requests_per_month: 0
    provisioned_concurrency:
      count: 10
    sizing:
      threads: 2
  - name: other
    memory_mb: 128
    duration_ms: 10
    requests_per_month: 5
"""


def test_scenario_edge_function_with_large_async_events(tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    path.write_text(EDGE_SCENARIO)
    data = run_json(str(path), "--sizes", "128")
    option = data["options"][0]
    # a 300 KB event bills 1 + ceil(44 / 64) = 2 requests, at Lambda@Edge's $0.60 per million;
    # 0.05 s x 0.125 GB = 0.00625 GB-s at $0.00005001: per call 2 x $0.0000006
    # + $0.0000003125625 = $0.0000015125625
    assert option["cost_per_invocation_usd"] == D("0.0000015125625")
    # month, no free tier: 20M x $0.0000006 = $12.00 + 62,500 GB-s x $0.00005001 = $3.125625
    assert option["monthly_usd"] == D("15.125625")
    notes = " ".join(data["notes"])
    assert "Lambda@Edge" in notes and "2 requests" in notes
    bill = CliRunner().invoke(app, ["cost", str(path), "--format", "json"])
    assert json.loads(bill.stdout, parse_float=Decimal)["total_monthly_usd"] == D("15.125625")


def test_edge_function_cannot_be_priced_on_arm(tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    path.write_text(EDGE_SCENARIO)
    result = run(str(path), "--architecture", "arm64")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --architecture arm64: function viewer is Lambda@Edge, which runs on x86_64 "
        "only; leave --architecture out\n"
    )


def test_scenario_with_provisioned_concurrency_and_a_savings_plan(tmp_path: Path) -> None:
    path = tmp_path / "pc.yaml"
    path.write_text(PC_SCENARIO)
    data = run_json(str(path), "--function", "api", "--sizes", "1024,2048", "--cpu-bound", "1")
    by_mb = {o["memory_mb"]: o for o in data["options"]}
    # no traffic: the month is PC alone, 10 x 2,628,000 s x GB x $0.0000041667, less 17%:
    # 1024 MB: 26,280,000 GB-s -> $109.500876 x 0.83 = $90.88572708
    # 2048 MB: 52,560,000 GB-s -> $219.001752 x 0.83 = $181.77145416
    assert by_mb[1024]["monthly_usd"] == D("90.88572708")
    assert by_mb[2048]["monthly_usd"] == D("181.77145416")
    # both bill 0.2 GB-s a call, but PC makes the larger size dearer: compared by month
    assert data["recommended_memory_mb"] == 1024
    assert data["reason"] == (
        "1024 MB: the current size is already the cheapest a month of the sizes compared"
    )
    notes = data["notes"]
    assert any(n.startswith("Provisioned concurrency (10 × 730 h)") for n in notes)
    assert any(n.startswith("The Savings Plan (17% off)") for n in notes)
    assert notes[-1] == (
        "Monthly prices api alone; in `lambdacalc cost` it shares the free tier and the volume "
        "tiers with the scenario's 1 other function."
    )
    bill = CliRunner().invoke(app, ["cost", str(path), "--format", "json"])
    api = json.loads(bill.stdout, parse_float=Decimal)["functions"][0]
    assert api["total_monthly_usd"] == D("90.88572708")


def test_scenario_needs_a_function_name_when_it_has_several(scenario: Path) -> None:
    result = run(str(scenario))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {scenario} has 2 functions; choose one with --function (api, worker)\n"
    )


def test_power_tuning_url() -> None:
    data = run_json("--power-tuning", PT_URL)
    assert [o["memory_mb"] for o in data["options"]] == [128, 256, 512, 1024, 1536, 2048, 3008]
    by_mb = {o["memory_mb"]: o for o in data["options"]}
    assert by_mb[256]["duration_ms"] == D("1250.5") and by_mb[256]["basis"] == "measured"
    assert by_mb[2048]["extrapolated"] is True
    assert data["current_memory_mb"] == 128  # the smallest measured size


def test_power_tuning_file_with_stats(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"results": {"stats": [
        {"value": 128, "averageDuration": 2500, "averagePrice": 0.0000054},
        {"value": 1024, "averageDuration": 300, "averagePrice": 0.0000052},
    ]}}))  # fmt: skip
    data = run_json("--power-tuning", str(path), "--sizes", "128,1024")
    assert data["recommended_memory_mb"] == 1024
    # re-priced by lambdacalc, not Power Tuning's averagePrice
    assert data["options"][1]["cost_per_invocation_usd"] == D("0.00000520001")


def test_svg_and_html_exports(tmp_path: Path) -> None:
    svg, html = tmp_path / "sizes.svg", tmp_path / "sizes.html"
    result = run(*CHAPTER, "--svg", str(svg), "--html", str(html), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["recommended_memory_mb"] == 1024
    assert svg.read_text().lstrip().startswith("<svg")
    text = html.read_text()
    assert "<html" in text.lower() and "Memory sizes compared" in text


# --- bad input: exit 2, one line on stderr, no traceback ---------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--duration", "2s", "--memory", "127"],
        ["--duration", "2s", "--memory", "10241"],
        ["--duration", "2s", "--memory", "128.5"],
        ["--duration", "2s", "--memory", "lots"],
        ["--duration", "2s"],
        ["--duration", "soon", "--memory", "128"],
        ["--duration", "0s", "--memory", "128"],
        ["--duration", "16m", "--memory", "128"],
        ["--measured", "128"],
        ["--measured", "128=abc"],
        ["--measured", "64=100ms"],
        ["--measured", "128=100ms", "--measured", "128=200ms"],
        ["--power-tuning", "no-such-results.json"],
        ["--power-tuning", "https://lambda-power-tuning.show/#abc"],
        ["--power-tuning", "https://lambda-power-tuning.show/"],
        ["--duration", "2s", "--memory", "128", "--max-memory-used", "10241"],
        ["--duration", "2s", "--memory", "128", "--max-memory-used", "a lot"],
        ["--duration", "2s", "--memory", "128", "--max-memory-used", "180", "--headroom", "-5%"],
        ["--duration", "2s", "--memory", "128", "--max-memory-used", "180", "--headroom", "150"],
        ["--duration", "2s", "--memory", "128", "--max-memory-used", "180", "--headroom", "150%"],
        ["--duration", "2s", "--memory", "128", "--max-memory-used", "180", "--headroom", "1e400%"],
        ["--duration", "2s", "--memory", "128", "--headroom", "20%"],
        ["--duration", "2s", "--memory", "128", "--strategy", "fastest"],
        ["--duration", "2s", "--memory", "128", "--strategy", "max-duration"],
        ["--duration", "2s", "--memory", "128", "--balanced-weight", "2"],
        ["--duration", "2s", "--memory", "128", "--balanced-weight", "half"],
        ["--duration", "2s", "--memory", "128", "--max-duration", "0ms"],
        ["--duration", "2s", "--memory", "128", "--max-duration", "quick"],
        ["--duration", "2s", "--memory", "128", "--threads", "0"],
        ["--duration", "2s", "--memory", "128", "--threads", "two"],
        ["--duration", "2s", "--memory", "128", "--threads", "1.5"],
        ["--duration", "2s", "--memory", "128", "--cpu-bound", "1.5"],
        ["--duration", "2s", "--memory", "128", "--cpu-bound", "most"],
        ["--duration", "2s", "--memory", "128", "--sizes", "64,128"],
        ["--duration", "2s", "--memory", "128", "--sizes", "abc"],
        ["--duration", "2s", "--memory", "128", "--sizes", ","],
        ["--duration", "2s", "--memory", "128", "--sizes", "128,,256"],
        ["--duration", "2s", "--memory", "128", "--sizes", "128,256,"],
        ["--duration", "2s", "--memory", "128", "--threads", "1e400"],
        ["--duration", "2s", "--memory", "128", "--threads", "65"],
        ["--duration", "2s", "--memory", "128", "--requests-per-month", "1e400"],
        ["--duration", "2s", "--memory", "128", "--requests-per-month", "1000000000000001"],
        ["--duration", "1e400", "--memory", "128"],
        ["--measured", "128=1e400"],
        ["--duration", "2s", "--memory", "128", "--sizes", "128", "--sweep"],
        ["--duration", "2s", "--memory", "128", "--region", "xx-nowhere-1"],
        ["--duration", "2s", "--memory", "128", "--architecture", "sparc"],
        ["--duration", "2s", "--memory", "128", "--requests-per-month", "-1"],
        ["--duration", "2s", "--memory", "128", "--requests-per-month", "1.5"],
        ["--duration", "2s", "--memory", "128", "--prices", "no-such-book.json"],
        ["--duration", "2s", "--memory", "128", "--svg", "/no/such/dir/out.svg"],
        ["--function", "api"],
        ["no-such-scenario.yaml"],
        [],
    ],
    ids=lambda a: " ".join(a) or "nothing",
)
def test_bad_input_is_one_line_and_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_power_tuning_file(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text('{"results": {"power": "128"}}')
    result = run("--power-tuning", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}: has neither results.stats")
    assert len(result.stderr.splitlines()) == 1


def test_unknown_function_in_scenario(scenario: Path) -> None:
    result = run(str(scenario), "--function", "apy")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {scenario} has no function 'apy'; its functions: api, worker\n"
    )


def test_no_size_qualifies_is_reported_not_an_error() -> None:
    result = run("--duration", "2.5s", "--memory", "128", "--cpu-bound", "0",
                 "--max-duration", "500ms")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        "No recommendation (max-duration, basis given): no size meets the 500 ms budget"
        in result.stdout
    )
    data = run_json("--duration", "2.5s", "--memory", "128", "--cpu-bound", "0",
                    "--max-duration", "500ms")  # fmt: skip
    assert data["recommended_memory_mb"] is None


@pytest.mark.parametrize("kind", ["svg", "html"])
def test_every_export_kind(kind: str, tmp_path: Path) -> None:
    from lambdacalc.render.sizing import ExportKind

    assert {k.value for k in ExportKind} == {"svg", "html"}
    path = tmp_path / f"out.{kind}"
    result = run(*CHAPTER, f"--{kind}", str(path))
    assert result.exit_code == 0, result.stderr
    assert "faster" in path.read_text()  # SVG splits text into spans; the word survives


def test_help_lists_the_options() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for option in ("--measured", "--power-tuning", "--sweep", "--max-memory-used", "--strategy"):
        assert option in result.stdout


def test_table_fits_80_columns_with_every_mark() -> None:
    args = [CMD, *CHAPTER, "--requests-per-month", "10000000", "--max-memory-used", "180"]
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    table = "\n".join(lines[:12])
    assert "◆✗" in table  # 128 MB: current, below the floor
    assert "★" in table  # 1024 MB
    assert "Per 1M" not in table  # left to the chart on a narrow terminal
    assert "$5.41" in result.stdout  # ...which shows it


# --- billed means: exact predictions never decide on noise -------------------------------


def test_a_billed_mean_that_ties_on_cost_is_called_the_same_cost(tmp_path: Path) -> None:
    path = tmp_path / "billed.yaml"
    path.write_text(
        "functions:\n  - name: f\n    memory_mb: 1024\n    duration_ms: 38.99\n"
        "    duration_billed: true\n    requests_per_month: 36500\n"
        "    sizing:\n      max_memory_used_mb: 199\n      cpu_bound: 1\n"
    )
    data = run_json(str(path))
    # Fully CPU-bound (as stated) below 1,769 MB: at 1536 MB the mean is 38.99 × 1024/1536
    # = 25.99333… ms, billed as it is: 25.99333… ms × 1.5 GB = 38.99 ms-GB a call, exactly
    # what 1024 MB bills (38.99 × 1 GB). Decimal's division leaves noise in the 28th digit;
    # the sentence must call it what the ranking does: a tie, won by the faster size.
    assert data["recommended_memory_mb"] == 1536
    assert data["reason"] == "1536 MB: 1.5× faster and the same cost per invocation as 1024 MB"


@pytest.mark.parametrize("billed", ["true", "false"])
def test_speed_strategy_ranks_durations_to_the_microsecond(tmp_path: Path, billed: str) -> None:
    path = tmp_path / "speed.yaml"
    path.write_text(
        "functions:\n  - name: f\n    memory_mb: 128\n    duration_ms: 1\n"
        f"    duration_billed: {billed}\n    requests_per_month: 500000\n"
        "    sizing:\n      cpu_bound: 0.3\n"
    )
    data = run_json(str(path), "--strategy", "speed", "--sweep")
    # d(m) = 0.7 ms + 0.3 ms × 128 / min(m, 1769): 0.721707 ms at 1769 MB and beyond, and
    # 0.7224956 ms at 1707 MB; both are 0.722 ms to the microsecond, the model's resolution.
    # Among the sizes that fast (38.4 / m <= 0.0225, so m >= 1706.7), each billed 1 ms, the
    # cheapest is the smallest: 1707 MB — whether or not the mean is already billed.
    assert data["recommended_memory_mb"] == 1707


# --- memory advice a careful engineer would sign: its basis, bounds and ties ------------------


def test_one_point_without_cpu_bound_keeps_the_size_and_gives_both_bounds() -> None:
    data = run_json("--duration", "100ms", "--memory", "512")
    assert data["recommendation_basis"] == "assumed"
    assert data["recommended_memory_mb"] == 512
    # If CPU-bound: 512 MB x 100 ms = 0.05 GB-s a call; 1024 MB x 50 ms = 0.05 GB-s, the same
    # cost and 2× faster; 1536 MB x ceil(33.3) = 34 ms = 0.051 GB-s, dearer. 128 and 256 MB
    # also cost 0.05 GB-s but are slower: the tie goes to the fastest, 1024 MB.
    assert data["if_cpu_bound_mb"] == 1024 and data["if_cpu_bound_mb"] > 512
    assert data["if_cpu_bound"]["duration_ms"] == 50
    # If I/O-bound: 100 ms at every size, so the least memory is cheapest: 128 MB x 100 ms =
    # 0.0125 GB-s x $0.0000166667 = $0.00000020833375 + $0.0000002 request
    assert data["if_io_bound_mb"] == 128
    assert data["if_io_bound"] == {
        "memory_mb": 128,
        "duration_ms": 100,
        "cost_per_invocation_usd": D("0.00000040833375"),
        "monthly_usd": None,
    }
    assert data["what_to_measure"].startswith(
        "To decide, measure the average duration at 128 MB and 1024 MB (or run AWS Lambda "
        "Power Tuning)"
    )
    assert data["reason"].startswith("512 MB: the current size is kept")
    table = run("--duration", "100ms", "--memory", "512").stdout
    assert "basis assumed" in table
    assert "C pick if CPU-bound · I pick if I/O-bound" in table
    assert "If I/O-bound (cpu_bound 0): 128 MB, 100 ms, $0.0000004083 per call." in table


def test_a_stated_cpu_bound_is_basis_given() -> None:
    data = run_json("--duration", "100ms", "--memory", "512", "--cpu-bound", "0")
    assert data["recommendation_basis"] == "given"
    assert data["recommended_memory_mb"] == 128  # 100 ms everywhere: the least memory
    assert data["if_cpu_bound_mb"] is None and data["if_io_bound_mb"] is None
    assert data["what_to_measure"] is None


def test_measured_points_recommend_only_measured_or_interpolated_sizes() -> None:
    data = run_json("--measured", "128=2500ms", "--measured", "1024=300ms")
    assert data["recommendation_basis"] == "measured"
    assert 128 <= data["recommended_memory_mb"] <= 1024
    # The fit is fully CPU-bound (d = 307,200 / m ms): 1536 MB at 200 ms bills 0.3 GB-s, as
    # 1024 MB at 300 ms does, and is faster; but it is extrapolated, so it is worth measuring
    assert data["recommended_memory_mb"] == 1024
    assert data["worth_measuring_mb"] == 1536
    assert data["what_to_measure"] == (
        "Worth measuring: 1536 MB, beyond the measured sizes, is predicted 1.5× faster and the "
        "same cost per invocation as 1024 MB; measure it before moving there."
    )
    table = run("--measured", "128=2500ms", "--measured", "1024=300ms").stdout
    assert "? worth measuring" in table
    chapter = run_json(*CHAPTER)
    # 128 MB: 0.3125 GB-s + request = $0.00000540834375; 1024 MB: 0.3 GB-s = $0.00000520001;
    # 1 - 520001/540834.375 = 3.85% cheaper; 2500/300 = 8.3× faster
    assert chapter["recommended_memory_mb"] == 1024
    assert chapter["reason"] == "1024 MB: 8.3× faster and 4% cheaper per invocation than 128 MB"
    assert chapter["worth_measuring_mb"] is None


def test_assumed_basis_below_the_floor_takes_the_least_memory_that_fits() -> None:
    data = run_json("--duration", "100ms", "--memory", "128", "--max-memory-used", "180")
    # floor 180 x 1.2 = 216 MB: 128 MB is excluded; 256 MB is the least memory that fits and
    # needs no CPU speed-up (the I/O-bound pick); CPU-bound, 512 MB at 25 ms costs the same
    assert data["recommendation_basis"] == "assumed"
    assert data["recommended_memory_mb"] == 256
    assert (data["if_cpu_bound_mb"], data["if_io_bound_mb"]) == (512, 256)


def test_assumed_basis_over_the_budget_recommends_nothing() -> None:
    data = run_json("--duration", "2.5s", "--memory", "128", "--max-duration", "500ms")
    # I/O-bound, every size takes 2.5 s; CPU-bound, 1024 MB takes 312.5 ms
    assert data["recommended_memory_mb"] is None
    assert (data["if_cpu_bound_mb"], data["if_io_bound_mb"]) == (1024, None)
    assert data["reason"].startswith(
        "none: 128 MB is slower than the 500 ms budget, and only if the duration scales with "
        "CPU does a size qualify: 1024 MB"
    )


SP_TIE = """\
name: sp-tie
free_tier: false
savings_plan:
  discount_percent: 17
  commitment_usd_per_hour: 1
functions:
  - name: api
    memory_mb: 1408
    duration_ms: 100.1
    requests_per_month: 1000000
    sizing:
      cpu_bound: 1
"""


@pytest.mark.parametrize("init", [False, True])
def test_a_commitment_larger_than_the_usage_never_buys_a_slower_size(
    tmp_path: Path, init: bool
) -> None:
    path = tmp_path / "sp.yaml"
    extra = "    cold_start_percent: 1\n    init_duration_ms: 200\n" if init else ""
    path.write_text(SP_TIE.replace("    sizing:", extra + "    sizing:"))
    # $1/h x 730 h = $730 a month covers $730 / 0.83 = $879.52 of on-demand usage; the most
    # any size uses is 3008 MB: 1M x 80 ms x 2.9375 GB = 235,000 GB-s x $0.0000166667 = $3.92.
    # So every size costs $0.20 of requests + $730 a month. Per call, 256 MB (551 ms x 0.25 GB
    # = 0.13775 GB-s) is cheaper than 1408 MB (101 ms x 1.375 GB = 0.138875 GB-s), and the tie
    # once went by that to "256 MB: 5.5× slower and the same cost a month". The month is what
    # a size changes, so it is compared, and its tie goes to the fastest: 2048 MB (one vCPU's
    # worth from 1,769 MB up: 100.1 x 1408 / 1769 = 79.67 ms; 3008 MB is as fast, and larger).
    data = run_json(str(path))
    by_mb = {o["memory_mb"]: o for o in data["options"]}
    assert {o["monthly_usd"] for o in data["options"]} == {D("730.2")}
    assert by_mb[256]["cost_per_invocation_usd"] < by_mb[1408]["cost_per_invocation_usd"]
    assert data["recommended_memory_mb"] == 2048
    assert data["reason"] == "2048 MB: 1.3× faster and the same cost a month as 1408 MB"
    assert data["warnings"][0].startswith(
        "The Savings Plan commitment ($1/h = $730.00 a month) is more than the eligible usage "
        "at every size compared"
    )
    bill = CliRunner().invoke(app, ["cost", str(path), "--format", "json"])
    (advice,) = json.loads(bill.stdout, parse_float=Decimal)["memory_recommendations"]
    assert advice["monthly_saving_usd"] == 0
    assert advice["recommended_memory_mb"] == 2048
    assert by_mb[2048]["duration_ms"] < by_mb[1408]["duration_ms"]


def test_when_only_extrapolated_sizes_qualify_none_is_recommended() -> None:
    data = run_json(
        "--measured", "128=2500ms", "--measured", "256=1250ms", "--max-memory-used", "400"
    )
    # floor 400 x 1.2 = 480 MB rules out both measured sizes; 512 MB (2500 x 128 / 512 = 625 ms,
    # 0.3125 GB-s as at 128 MB) is the best of the rest, but only a prediction
    assert data["recommendation_basis"] == "measured"
    assert data["recommended_memory_mb"] is None
    assert data["worth_measuring_mb"] == 512
    assert data["reason"].startswith("no measured or interpolated size qualifies")


def test_the_table_marks_the_recommended_and_the_current_size(tmp_path: Path) -> None:
    md = run(*CHAPTER, "--format", "markdown").stdout
    rows = {line.split("|")[1].strip(): line for line in md.splitlines() if " MB |" in line}
    assert rows["128 MB"].rstrip(" |").endswith("◆")  # current
    assert rows["1,024 MB"].rstrip(" |").endswith("★")  # recommended
    html = tmp_path / "sizes.html"
    assert run(*CHAPTER, "--html", str(html)).exit_code == 0
    assert "★" in html.read_text() and "◆" in html.read_text()


# --- wording and number formats ------------------------------------------------------------


def test_measured_points_are_counted_in_words() -> None:
    one = run("--measured", "128=2500ms", "--memory", "128")
    assert one.exit_code == 0, one.stderr
    assert "1 measured point ·" in one.stdout
    two = run(*CHAPTER)
    assert "2 measured points ·" in two.stdout
    assert "(s)" not in one.stdout + two.stdout


def test_the_source_line_has_thousands_separators() -> None:
    result = run("--duration", "250s", "--memory", "512")
    assert result.exit_code == 0, result.stderr
    assert "512 MB at 250,000 ms" in result.stdout


def test_a_duration_column_has_one_precision() -> None:
    # 1024 MB at 50 ms, fully CPU-bound: 128 MB takes 50 × 8 = 400 ms (whole), 1536 MB
    # 50 × 1024/1536 = 33.33 ms: one value needs a decimal, so every value gets one.
    result = run("--duration", "50ms", "--memory", "1024", "--cpu-bound", "1")
    assert result.exit_code == 0, result.stderr
    rows = [
        line.split() for line in result.stdout.splitlines() if line.strip().endswith(("~", "◆"))
    ]
    durations = [row[2] for row in rows if row[3] == "ms"]
    assert "400.0" in durations and "33.3" in durations and "50.0" in durations
    assert all(d.count(".") == 1 and len(d.split(".")[1]) == 1 for d in durations)
