"""Issue 11 through the CLI: its acceptance lines, and one meaning for a bare number on every
unit-bearing flag of every command (lambdacalc.cli.params)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from lambdacalc.cli import app

ROOT = Path(__file__).resolve().parents[1]
TAIL = str(ROOT / "tests" / "fixtures" / "logs" / "tail-text.log")
runner = CliRunner()


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def as_json(*args: str) -> Any:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout, parse_float=Decimal)


# --- acceptance -------------------------------------------------------------------------------


def test_sqs_ramp_to_1000_takes_199_seconds_and_says_why() -> None:
    data = as_json(
        "concurrency", "--rps", "400", "--duration", "2.5s", "--sqs-max-concurrency", "1000"
    )
    # 400 × 2.5 = 1,000 batches; (1,000 − 5) / (300 per minute) = 199 s
    assert abs(data["seconds_to_scale"] - 199) <= 1
    assert data["scaling"]["limited_by"] == "event_source"
    assert "SQS event source's ramp" in data["scaling"]["reason"]
    assert data["event_source"] == {"kind": "sqs", "mode": "standard", "max_concurrency": 1000}
    # 5 × 199² / (2 × 2.5) = 39,601 requests wait at the worst moment
    assert data["scaling"]["backlog"]["peak_requests"] == 39601


def test_provisioned_pollers_from_the_command_line() -> None:
    data = as_json(
        "concurrency", "--rps", "400", "--duration", "2.5s", "--sqs-provisioned-pollers", "2:200"
    )
    # from 10 × 2 = 20 at 1,000 a minute: (1,000 − 20) × 60 / 1,000 = 58.8 s
    assert data["seconds_to_scale"] == Decimal("58.8")
    assert data["event_source"]["mode"] == "provisioned"
    # MAX defaults to AWS's 200 pollers: 2,000 concurrent
    alone = as_json(
        "concurrency", "--rps", "10", "--duration", "1", "--sqs-provisioned-pollers", "5"
    )
    assert alone["event_source"]["max_concurrency"] == 2000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sqs-max-concurrency", "1001"], "2 to 1,000"),
        (["--sqs-max-concurrency", "20000"], "2 to 1,000"),
        (["--sqs-provisioned-pollers", "1:10"], "2 to 200"),
        (["--sqs-provisioned-pollers", "2:"], "MIN[:MAX]"),
        (["--sqs-provisioned-pollers", "2:100", "--sqs-max-concurrency", "10"], "combined"),
        (["--duration", "1000"], "did you mean 1000ms?"),
        (["--throttle-target", "150%"], "--throttle-target"),
        (["--memory", "64MB"], "128 to 10240"),
    ],
)
def test_bad_values_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    base = ["concurrency", "--rps", "10", "--duration", "1"]
    result = run(*base, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines


def test_pc_advice_is_capped_at_the_binding_event_source() -> None:
    data = as_json(
        "concurrency", "--rps", "280", "--duration", "3s", "--sqs-max-concurrency", "500",
        "--limit", "1000", "--memory", "1024",
    )  # fmt: skip
    assert data["binding_limit"] == "event_source"
    pc = data["provisioned_concurrency"]
    # 840 needed / 0.7 = 1,200, but the source drives at most 500
    assert pc["count"] <= 500 and pc["needed"] == 1200 and pc["capped_by"] == "event_source"
    assert any("caps it at" in w for w in data["warnings"])


def test_hints_suggest_only_accepted_values() -> None:
    for flag, value in (("--throttle-target", "1%"), ("--pc-target-utilization", "70%")):
        # both spellings are accepted now: 1% = 0.01 and 70% = 0.7
        plain = "0.01" if flag == "--throttle-target" else "0.7"
        base = ["concurrency", "--rps", "10", "--duration", "1"]
        assert as_json(*base, flag, value) == as_json(*base, flag, plain)
    bad = run("concurrency", "--rps", "10", "--duration", "1", "--throttle-target", "0")
    assert "e.g. 0.001 for 0.1%" in bad.stderr and "100" not in bad.stderr


# --- throttle probabilities are in percent in every text output ----------------------------

SCENARIO = str(ROOT / "scenarios" / "second-tier.yaml")
CASES = [
    ["--rps", "400", "--duration", "2.5s", "--limit", "1000"],  # 2.48%, above target
    ["--rps", "280", "--duration", "3s", "--limit", "1000"],  # 7.37e-09 as a fraction
    ["--rps", "1", "--duration", "0.1s"],  # 0
    ["--rps", "400", "--duration", "2.5s", "--sqs-max-concurrency", "1000"],
]
NUMBER_WITHOUT_PERCENT = re.compile(r"\d(?:\.\d+)?e-\d+(?!\d*%)")


@pytest.mark.parametrize("args", [*CASES, [SCENARIO]])
@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_no_text_output_shows_a_probability_without_a_percent_sign(
    args: list[str], fmt: str
) -> None:
    result = runner.invoke(app, ["concurrency", *args, "--format", fmt], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    if fmt == "json":  # fractions, in fields named so
        data = json.loads(result.stdout, parse_float=Decimal)
        assert 0 <= Decimal(str(data.get("throttle_probability", 0))) <= 1
        return
    text_lines = result.stderr.splitlines()
    if fmt != "csv":
        text_lines += result.stdout.splitlines()
    else:  # CSV: the unit column says the value is a fraction
        for line in result.stdout.splitlines():
            if line.startswith(("throttle_probability,", "erlang_b,", "throttle_target,")):
                assert line.endswith(",fraction"), line
    for line in text_lines:
        assert not NUMBER_WITHOUT_PERCENT.search(line), line
        if "hrottle probability" in line and re.search(r"\d", line):
            assert "%" in line, line


# --- one meaning for a bare number: the same value spelled four ways ------------------------

DURATION_SPELLINGS = ("3", "3s", "3000ms", "0.05m")  # 0.05 min = 3 s exactly
SIZE_SPELLINGS = ("1024", "1024MB", "1GB", "1024 mb")
SHARE_SPELLINGS = ("0.2", "20%", "0.20", "20.0 %")
PERCENT_SPELLINGS = ("5", "5%", "5.0", "5.0 %")

CONCURRENCY = ["concurrency", "--rps", "100", "--duration", "1"]
COMPARE = ["compare-memory", "--memory", "128", "--duration", "2s", "--sizes", "128,256"]
# (flag, command line with {} for the value, spellings)
FLAGS: list[tuple[str, list[str], tuple[str, ...]]] = [
    ("concurrency --duration", ["concurrency", "--rps", "100", "--duration", "{}"],
     DURATION_SPELLINGS),
    ("concurrency --init-duration", [*CONCURRENCY, "--cold-start-percent", "5",
                                     "--init-duration", "{}"], DURATION_SPELLINGS),
    ("concurrency --memory", [*CONCURRENCY, "--memory", "{}"], SIZE_SPELLINGS),
    ("concurrency --cold-start-percent", [*CONCURRENCY, "--init-duration", "1s",
                                          "--cold-start-percent", "{}"], PERCENT_SPELLINGS),
    ("concurrency --throttle-target", [*CONCURRENCY, "--throttle-target", "{}"],
     ("0.001", "0.1%", "0.0010", "0.10 %")),
    ("concurrency --pc-target-utilization", [*CONCURRENCY, "--pc-target-utilization", "{}"],
     ("0.7", "70%", "0.70", "70.0 %")),
    ("compare-memory --duration", ["compare-memory", "--memory", "128", "--duration", "{}"],
     DURATION_SPELLINGS),
    ("compare-memory --memory", ["compare-memory", "--duration", "2s", "--memory", "{}"],
     SIZE_SPELLINGS),
    ("compare-memory --measured duration", ["compare-memory", "--measured", "128={}",
                                            "--measured", "1024=0.5s"], DURATION_SPELLINGS),
    ("compare-memory --measured size", ["compare-memory", "--measured", "{}=0.5s",
                                        "--measured", "128=3s"], SIZE_SPELLINGS),
    ("compare-memory --sizes", [*COMPARE[:5], "--sizes", "128,{}"], SIZE_SPELLINGS),
    ("compare-memory --max-memory-used", [*COMPARE, "--max-memory-used", "{}"],
     SIZE_SPELLINGS),
    ("compare-memory --headroom", [*COMPARE, "--max-memory-used", "100", "--headroom", "{}"],
     SHARE_SPELLINGS),
    ("compare-memory --max-duration", [*COMPARE, "--max-duration", "{}"], DURATION_SPELLINGS),
    ("compare-memory --cpu-bound", [*COMPARE, "--cpu-bound", "{}"], SHARE_SPELLINGS),
    ("compare-memory --balanced-weight", [*COMPARE, "--strategy", "balanced",
                                          "--balanced-weight", "{}"], SHARE_SPELLINGS),
    ("logs analyze --window", ["logs", "analyze", TAIL, "--window", "{}"],
     ("7200", "7200s", "7200000ms", "120m")),
]  # fmt: skip


@pytest.mark.parametrize(("flag", "template", "spellings"), FLAGS, ids=[f[0] for f in FLAGS])
def test_every_unit_bearing_flag_reads_four_spellings_alike(
    flag: str, template: list[str], spellings: tuple[str, ...]
) -> None:
    results = []
    for spelling in spellings:
        args = [part.replace("{}", spelling) for part in template]
        result = run(*args, "--format", "json")
        assert result.exit_code == 0, (flag, spelling, result.stderr)
        results.append(json.loads(result.stdout, parse_float=Decimal))
    # compare-memory names its inputs as typed in one place: the source line
    for data in results:
        if isinstance(data, dict) and "source" in data.get("context", {}):
            data["context"].pop("source")
    assert all(data == results[0] for data in results[1:]), flag


def test_a_bare_duration_is_seconds_everywhere_and_implausible_ones_are_flagged() -> None:
    # compare-memory --measured used to read a bare 2.5 as ms; it is seconds, like --duration
    both = as_json("compare-memory", "--measured", "128=2.5", "--measured", "1024=0.3")
    plain = as_json("compare-memory", "--measured", "128=2.5s", "--measured", "1024=0.3s")
    assert both == plain
    # a bare per-request duration above 60 s is read as seconds, with a warning pointing at ms
    warned = run("concurrency", "--rps", "1", "--duration", "250", "--format", "json")
    assert warned.exit_code == 0
    assert "read as 250 s" in warned.stderr and "250ms" in warned.stderr
    # above Lambda's 900 s timeout it is an error, on every duration flag
    for args in (
        ["concurrency", "--rps", "1", "--duration", "1000"],
        ["compare-memory", "--memory", "128", "--duration", "1000"],
        ["compare-memory", "--measured", "128=1000"],
    ):
        result = run(*args)
        assert result.exit_code == 2 and "1000ms" in result.stderr, args


def test_options_show_their_units_in_help() -> None:
    for command, expected in (
        ("concurrency", ["DURATION", "PERCENT", "SHARE", "MB", "MIN[:MAX]"]),
        ("compare-memory", ["DURATION", "MB=DURATION", "SHARE", "MB"]),
        ("logs analyze", ["DURATION"]),
    ):
        result = runner.invoke(app, [*command.split(), "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        for metavar in expected:
            assert metavar in result.stdout, (command, metavar)
        options = result.stdout.split("Options")[1]
        assert "<str>" not in options, command


# --- the scenario equivalent of the SQS flags ------------------------------------------------

SQS_SCENARIO = """
name: queue-workers
account: {concurrency_limit: 3000}
functions:
  - name: standard
    memory_mb: 512
    duration_ms: 2500
    requests_per_second: 100
    peak_requests_per_second: 400
    sqs: {}
  - name: provisioned
    memory_mb: 512
    duration_ms: 2500
    requests_per_second: 100
    peak_requests_per_second: 400
    sqs:
      provisioned_pollers: {minimum: 10, maximum: 200}
  - name: capped
    memory_mb: 512
    duration_ms: 2500
    requests_per_second: 100
    peak_requests_per_second: 400
    sqs: {maximum_concurrency: 200}
"""


def test_scenario_sqs_settings_model_the_ramp_and_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "sqs.yaml"
    path.write_text(SQS_SCENARIO)
    data = as_json("concurrency", str(path))
    rows = {row["name"]: row for row in data["functions"]}
    # peak 400 × 2.5 = 1,000 each; the capped one's source drives at most 200
    assert rows["standard"]["demand_on_limit"] == 1000
    assert rows["capped"]["demand_on_limit"] == 200
    text = " ".join(data["warnings"])
    # standard: (1,000 − 5) / 5 = 199 s; provisioned: from 10 × 10 = 100 at 1,000 a minute,
    # (1,000 − 100) × 60 / 1,000 = 54 s, backlog 16.67 × 54² / (2 × 2.5) = 9,720
    assert "'standard' (SQS standard mode): reaching 1,000 takes 199 s" in text
    assert "'provisioned' (SQS provisioned mode)" in text and "9,720 requests" in text
    assert "'capped': its SQS event source drives at most 200 of the 1,000" in text
    # the cost command accepts the same file
    assert run("cost", str(path), "--format", "json").exit_code == 0


@pytest.mark.parametrize(
    ("sqs", "message"),
    [
        ("{maximum_concurrency: 1001}", "maximum_concurrency"),
        ("{provisioned_pollers: {minimum: 1}}", "minimum"),
        ("{maximum_concurrency: 10, provisioned_pollers: {}}", "cannot be combined"),
    ],
)
def test_scenario_sqs_settings_outside_aws_ranges_are_errors(
    tmp_path: Path, sqs: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        SQS_SCENARIO.split("  - name: provisioned")[0].replace("sqs: {}", f"sqs: {sqs}")
    )
    result = run("concurrency", str(path))
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_bad_value_is_one_line_in_a_real_process_too() -> None:
    """Parsers run before the command: the root group, not handle_errors, reports them."""
    import subprocess
    import sys

    entry = "import sys; sys.argv[0] = 'lambdacalc'; from lambdacalc.cli import main; main()"
    args = ["concurrency", "--rps", "1", "--duration", "1", "--sqs-max-concurrency", "1001"]
    result = subprocess.run(
        [sys.executable, "-c", entry, *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: --sqs-max-concurrency must be 2 to 1,000")
    assert result.stderr.count("\n") == 1


# --- error hints suggest only values that are accepted ---------------------------------------

HINTED = [
    (CONCURRENCY, flag, bad)
    for flag in (
        "--rps", "--peak-rps", "--limit", "--reserved", "--provisioned", "--other-usage",
        "--sqs-max-concurrency", "--kinesis-shards", "--parallelization-factor",
        "--sqs-provisioned-pollers", "--duration", "--init-duration", "--memory",
        "--cold-start-percent", "--throttle-target", "--pc-target-utilization",
    )
    for bad in ("lots", "1e30", "1%", "70%", "0")
] + [
    (COMPARE, flag, bad)
    for flag in (
        "--threads", "--cpu-bound", "--balanced-weight", "--max-duration", "--headroom",
        "--max-memory-used", "--requests-per-month", "--memory",
    )
    for bad in ("lots", "1e30", "150%", "0")
]  # fmt: skip
HINT = re.compile(r"e\.g\. (?:(--[\w-]+) )?([^\s;,)]+)")


@pytest.mark.parametrize(("base", "flag", "bad"), HINTED)
def test_every_hint_is_a_value_the_flag_accepts(base: list[str], flag: str, bad: str) -> None:
    args = [a for a in base if a != flag]
    if flag in base:  # drop the base's own value for the flag under test
        i = base.index(flag)
        args = base[:i] + base[i + 2 :]
    result = run(*args, flag, bad)
    if result.exit_code == 0:
        return  # accepted: nothing to hint
    match = HINT.search(result.stderr)
    if match is None:
        return  # no example given
    if match.group(1) is not None and match.group(1) != flag:
        return  # an example for another flag (e.g. --init-duration with --cold-start-percent)
    extra = ["--init-duration", "1s"] if flag == "--cold-start-percent" else []
    extra += ["--max-memory-used", "100"] if flag == "--headroom" else []
    extra += ["--kinesis-shards", "4"] if flag == "--parallelization-factor" else []
    suggested = run(*args, *extra, flag, match.group(2), "--format", "json")
    assert suggested.exit_code == 0, (flag, bad, result.stderr, suggested.stderr)
