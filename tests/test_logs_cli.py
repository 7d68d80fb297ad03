"""`lambdacalc logs …` as a user meets it: outputs, the emitted scenario, bad inputs."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.insights import QUERY
from lambdacalc.render.common import OutputFormat
from tests.gzip_support import GzipWays

LOGS = Path(__file__).parent / "fixtures" / "logs"
TAIL = str(LOGS / "tail-text.log")
AGREE = LOGS / "agree-orders"
runner = CliRunner()


def run(*args: str, input: bytes | str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def as_json(*args: str) -> dict:  # type: ignore[type-arg]
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout, parse_float=Decimal)  # type: ignore[no-any-return]


STABLE_FUNCTION_KEYS = {
    "name",
    "invocations",
    "duration_ms",
    "billed_gb_seconds",
    "max_memory_used_mb",
    "memory_size_mb",
    "cold_start_percent",
    "requests_per_month",
    "monthly_usd",
    "recommended_memory_mb",
}


def test_json_has_the_stable_keys_and_the_worked_numbers() -> None:
    data = as_json("logs", "analyze", TAIL, "--function", "orders", "--no-free-tier")
    (f,) = data["functions"]
    assert set(f) >= STABLE_FUNCTION_KEYS
    assert set(f["duration_ms"]) == {"p50", "p90", "p95", "p99", "max"}
    assert data["skipped_lines"] == {
        "implausible_value": 2,
        "malformed_report": 1,
        "not_a_report": 12,
    }
    assert (f["name"], f["invocations"], f["memory_size_mb"]) == ("orders", 7, 128)
    assert f["billed_gb_seconds"] == Decimal("0.10975")
    assert f["max_memory_used_mb"] == 80
    # the window: first REPORT 10:00:00.689 to last 11:00:00 = 3599.311 s, so
    # 7 × 2,628,000 ÷ 3599.311 = 5110.978… requests a month
    rpm = Decimal(7) * 2_628_000 / Decimal("3599.311")
    assert abs(f["requests_per_month"] - rpm) < Decimal("1e-9")
    # the sizing model's pick, never below Max Memory Used 80 MB + 20 % headroom
    assert f["recommended_memory_mb"] >= 128
    assert f["recommendation"].startswith(f"{f['recommended_memory_mb']} MB")
    # 5110.978… requests × $0.20/M = $0.0010221956…; duration: the measured billed GB-s
    # per invocation, 0.10975 / 7, × 5110.978… invocations = 80.1328… GB-s (the mean
    # billed 878/7 ms is not rounded up again) × $0.0000166667 = $0.0013355…
    requests_usd = rpm * Decimal("0.20") / 1_000_000
    duration_usd = Decimal("0.10975") / 7 * rpm * Decimal("0.0000166667")
    assert abs(f["monthly_usd"] - (requests_usd + duration_usd)) < Decimal("1e-9")
    assert data["window"]["source"] == "timestamps"
    assert data["window"]["seconds"] == Decimal("3599.311")


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format(fmt: OutputFormat) -> None:
    result = run("logs", "analyze", TAIL, "--function", "orders", "--format", fmt.value)
    assert result.exit_code == 0, result.output
    assert "orders" in result.stdout
    if fmt is OutputFormat.JSON:
        assert result.stderr == ""
    if fmt is OutputFormat.CSV:
        assert result.stdout.splitlines()[0].startswith("region,architecture,name,memory_size_mb")
        assert "cut short" in result.stderr  # warnings go to stderr beside CSV


@pytest.mark.parametrize("export", ["insights.csv", "insights.json"])
def test_insights_results_give_the_same_bill_as_the_raw_logs(export: str) -> None:
    raw = as_json("logs", "analyze", str(AGREE / "raw.log"), "--function", "orders")
    ins = as_json("logs", "analyze", "--insights", str(AGREE / export))
    for key in ("name", "invocations", "billed_gb_seconds", "max_memory_used_mb", "memory_size_mb"):
        assert raw["functions"][0][key] == ins["functions"][0][key]
    assert raw["functions"][0]["requests_per_month"] == ins["functions"][0]["requests_per_month"]
    assert raw["total_monthly_usd"] == ins["total_monthly_usd"]
    assert ins["source"] == "insights"


def test_window_is_needed_without_timestamps_and_given_with_window() -> None:
    snap = str(LOGS / "snapstart.log")
    data = as_json("logs", "analyze", snap)
    assert all(f["monthly_usd"] is None for f in data["functions"])
    assert data["total_monthly_usd"] is None
    assert any("--window" in w for w in data["warnings"])
    week = as_json("logs", "analyze", snap, "--window", "7d")
    f2048 = next(f for f in week["functions"] if f["name"] == "2048MB")
    # one request in 7 days → 2,628,000 / 604,800 a month
    assert f2048["requests_per_month"] == (Decimal(2628000) / 604800).quantize(Decimal("1e-10"))
    assert week["window"] == {"start": None, "end": None, "seconds": 604800, "source": "given"}


def test_stdin_and_gzip_read_the_same(tmp_path: Path, gzip_ways: GzipWays) -> None:
    plain = as_json("logs", "analyze", TAIL)
    gz = tmp_path / "tail.log.x"  # gzip by its magic bytes, whatever the name
    gz.write_bytes(gzip.compress(Path(TAIL).read_bytes()))
    assert as_json("logs", "analyze", str(gz))["functions"] == plain["functions"]
    assert len(gzip_ways.started) == gzip_ways.worker  # stdin below: never a worker
    piped = run("logs", "analyze", "-", "-f", "json", input=Path(TAIL).read_bytes())
    assert piped.exit_code == 0, piped.output
    assert json.loads(piped.stdout, parse_float=Decimal)["functions"] == plain["functions"]


def test_emit_scenario_is_priced_the_same_by_cost_and_never_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "orders.yaml"
    args = ["logs", "analyze", str(AGREE / "raw.log"), "--function", "orders"]
    first = run(*args, "--emit-scenario", str(out), "-f", "json")
    assert first.exit_code == 0, first.output
    text = out.read_text()
    assert "# mean Billed Duration: 1,711 ms / 10 invocations" in text
    assert "requests_per_month: 14600" in text
    cost = run("cost", str(out), "-f", "json")
    assert cost.exit_code == 0, cost.output
    analyzed = json.loads(first.stdout, parse_float=Decimal)["total_monthly_usd"]
    assert json.loads(cost.stdout, parse_float=Decimal)["total_monthly_usd"] == analyzed
    out.write_text("mine\n")
    again = run(*args, "--emit-scenario", str(out))
    assert again.exit_code == 2
    assert "--force" in again.stderr
    assert out.read_text() == "mine\n"
    forced = run(*args, "--emit-scenario", str(out), "--force")
    assert forced.exit_code == 0
    assert out.read_text() == text


def test_insights_query_prints_the_query() -> None:
    result = run("logs", "insights-query")
    assert result.exit_code == 0
    assert result.stdout == QUERY


def _gz_truncated() -> bytes:
    data = gzip.compress(Path(TAIL).read_bytes() * 50)
    return data[: len(data) // 2]


BAD_FILES = [
    ("binary.log", b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary data"),
    ("bad.gz", b"\x1f\x8b\x08\x00garbage that is not deflate", "not a valid gzip file"),
    ("cut.gz", _gz_truncated(), "not a valid gzip file"),
    ("empty.log", b"", "empty file"),
    ("start-only.log", b"START RequestId: a Version: $LATEST\nEND RequestId: a\n", "no usable"),
    (
        "all-garbage.log",
        b"REPORT RequestId: a\tDuration: 1.00 ms\tBilled Dur\n"
        b"REPORT RequestId: b\tDuration: -1.00 ms\tBilled Duration: 1 ms\t"
        b"Memory Size: 128 MB\tMax Memory Used: 1 MB\n",
        "no usable",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_bad_files_exit_2_with_one_line(
    tmp_path: Path, name: str, content: bytes, message: str, gzip_ways: GzipWays
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run("logs", "analyze", str(path))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.log"], "no such log file"),
        ([str(LOGS)], "is a directory"),
        ([TAIL, "--window", "soon"], "not a duration"),
        ([TAIL, "--window", "0d"], "longer than zero"),
        ([TAIL, "--insights", str(AGREE / "insights.csv")], "not both"),
        ([], "give log files"),
        ([TAIL, TAIL], "given twice"),
        ([TAIL, "--architecture", "sparc"], "x86_64 or arm64"),
        ([TAIL, "--region", "xx-nowhere-1"], "no prices for region"),
        (["--insights", TAIL], "Insights export"),
        (["--insights", str(AGREE / "insights.csv"), "--function", "x"], "--function"),
        ([str(LOGS / "snapstart.log"), "--emit-scenario", "x.yaml"], "--window"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = run("logs", "analyze", *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in result.stderr


def test_help() -> None:
    for cmd in (
        ["logs", "--help"],
        ["logs", "analyze", "--help"],
        ["logs", "insights-query", "-h"],
    ):
        result = run(*cmd)
        assert result.exit_code == 0
        assert "Usage" in result.stdout


def test_json_output_loads_nothing_heavy() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from lambdacalc.cli import main\n"
        f"sys.argv = ['lambdacalc', 'logs', 'analyze', {TAIL!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'yaml', 'pydantic'}),"
        " file=sys.stderr)\n"
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=root, check=False
    )
    assert result.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_people_formats_without_a_window(fmt: str) -> None:
    result = run("logs", "analyze", str(LOGS / "snapstart.log"), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "3009MB" in result.stdout
    assert "--window" in result.stdout + result.stderr


def test_progress_bar_path_gives_the_same_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    from lambdacalc.cli import logs as cli_logs

    plain = cli_logs._read_logs([TAIL, str(LOGS / "json-format.log")], None)
    monkeypatch.setattr(cli_logs, "PROGRESS_MIN_BYTES", 0)
    monkeypatch.setattr(cli_logs.sys.stderr, "isatty", lambda: True)
    assert cli_logs._read_logs([TAIL, str(LOGS / "json-format.log")], None) == plain


def test_line_blocks_bound_line_length_and_keep_every_line() -> None:
    import io

    from lambdacalc.logfiles import line_blocks

    data = b"a\n" + b"x" * 50 + b"\nbb\n" + b"y" * 7 + b"\nc"
    blocks = list(line_blocks(io.BytesIO(data), block_bytes=8, max_line_bytes=10))
    lines = [line for block, _ in blocks for line in block]
    assert lines == [b"a", b"bb", b"y" * 7, b"c"]
    assert sum(n for _, n in blocks) == 1  # the 50-byte line, counted once
    whole = list(line_blocks(io.BytesIO(b"p\nq\n"), block_bytes=1))
    assert [line for block, _ in whole for line in block] == [b"p", b"q"]


def test_overlong_lines_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "long.log"
    path.write_bytes(Path(TAIL).read_bytes() + b"z" * 200_000 + b"\n")
    data = as_json("logs", "analyze", str(path))
    assert data["skipped_lines"]["overlong_line"] == 1
    assert data["lines_read"] == 23


def test_recommendation_matches_what_cost_advises_for_the_emitted_scenario(
    tmp_path: Path,
) -> None:
    from lambdacalc.pricing_files import load_price_book
    from lambdacalc.scenario import load
    from lambdacalc.sizing_advice import scenario_advice

    out = tmp_path / "orders.yaml"
    for free_tier in ("--free-tier", "--no-free-tier"):
        result = run(
            "logs",
            "analyze",
            str(AGREE / "raw.log"),
            "--function",
            "orders",
            free_tier,
            "--emit-scenario",
            str(out),
            "--force",
            "-f",
            "json",
        )
        assert result.exit_code == 0, result.output
        measured = json.loads(result.stdout)["functions"][0]
        loaded = load(str(out))
        (advice,) = scenario_advice(loaded.workload, load_price_book(None), str(out))
        assert advice.recommended is not None
        assert measured["recommended_memory_mb"] == advice.recommended.memory_mb
        assert measured["recommendation"] == advice.reason


def test_no_recommendation_without_a_window() -> None:
    data = as_json("logs", "analyze", str(LOGS / "snapstart.log"))
    assert all(f["recommended_memory_mb"] is None for f in data["functions"])


def test_snapstart_functions_get_a_warning_and_a_commented_block(tmp_path: Path) -> None:
    out = tmp_path / "snap.yaml"
    result = run(
        "logs",
        "analyze",
        str(LOGS / "snapstart.log"),
        "--window",
        "7d",
        "--emit-scenario",
        str(out),
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert any("SnapStart" in w for w in json.loads(result.stdout)["warnings"])
    text = out.read_text()
    # 1024 MB: 2 of 3 records carry Restore Duration
    assert "#   restore_percent: 66.67  # 2 of 3 invocations" in text
    uncommented = (
        text.replace("    # snapstart:", "    snapstart:")
        .replace("    #   runtime: python  #", "      runtime: python  #")
        .replace("    #   restore_percent:", "      restore_percent:")
    )
    out.write_text(uncommented)
    cost = run("cost", str(out), "-f", "json")
    assert cost.exit_code == 0, cost.output


def _two_process_cases(tmp_path: Path) -> list[Path]:
    tail, js = Path(TAIL).read_bytes(), (LOGS / "json-format.log").read_bytes()
    garbage = b"\xff\xfegarbage\nREPORT RequestId: cut\tDuration: 1.0\n" + b"z" * 70_000 + b"\n"
    mixed = tmp_path / "mixed.log"
    mixed.write_bytes(tail + garbage + js + tail + b"no newline at the end")
    midline = tmp_path / "midline.log"
    midline.write_bytes(tail * 3)
    data = midline.read_bytes()
    assert data[len(data) // 2 - 1 : len(data) // 2 + 1].count(b"\n") == 0  # mid-line
    return [mixed, midline, Path(TAIL)]


def _no_fork(*args: object) -> int:
    raise AssertionError("os.fork called: unsafe while rich's progress thread runs")


def test_two_process_reading_gives_the_same_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lambdacalc import logfiles

    paths = _two_process_cases(tmp_path)
    single = [run("logs", "analyze", str(p), "--format", "json") for p in paths]
    workers: list[object] = []
    real_start = logfiles._start_worker

    def start(*args: Any) -> Any:
        proc = real_start(*args)
        workers.append(proc)
        return proc

    monkeypatch.setattr(logfiles, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(logfiles, "_start_worker", start)
    monkeypatch.setattr(logfiles.os, "fork", _no_fork)
    for path, one in zip(paths, single, strict=True):
        two = run("logs", "analyze", str(path), "--format", "json")
        assert one.exit_code == two.exit_code == 0, two.output
        assert two.stdout == one.stdout
    assert len(workers) == len(paths) and None not in workers


def test_two_process_reading_keeps_the_progress_bar_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading
    import warnings

    from lambdacalc import logfiles
    from lambdacalc.cli import logs as cli_logs

    plain = cli_logs._read_logs([TAIL], None)
    monkeypatch.setattr(logfiles, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(cli_logs, "PROGRESS_MIN_BYTES", 0)
    monkeypatch.setattr(cli_logs.sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(logfiles.os, "fork", _no_fork)
    threads: list[int] = []
    real_start = logfiles._start_worker

    def start(*args: Any) -> Any:
        threads.append(threading.active_count())
        return real_start(*args)

    monkeypatch.setattr(logfiles, "_start_worker", start)
    with warnings.catch_warnings():
        # Python 3.12+ warns when a process with threads forks; nothing here may fork.
        warnings.simplefilter("error", DeprecationWarning)
        assert cli_logs._read_logs([TAIL], None) == plain
    assert threads and threads[0] > 1  # the worker started while the bar's thread ran


def test_a_worker_that_cannot_start_leaves_the_whole_file_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lambdacalc import logfiles

    path = _two_process_cases(tmp_path)[0]
    one = run("logs", "analyze", str(path), "--format", "json")
    monkeypatch.setattr(logfiles, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(logfiles.sys, "executable", "")
    two = run("logs", "analyze", str(path), "--format", "json")
    assert two.exit_code == 0 and two.stdout == one.stdout


# In the worker (a fresh interpreter): every read fails, or the process exits at once.
_FAIL_IN_WORKER = {
    "oserror": "def read(self, n): raise OSError('boom')\n",
    "exit": "def read(self, n): os._exit(3)\n",
}


@pytest.mark.parametrize(
    ("fail_in", "how", "message"),
    [
        ("child", "oserror", "read failed (boom)"),
        ("child", "exit", "worker process failed (exit status 3)"),
        ("parent", "oserror", "read failed (boom)"),
    ],
)
def test_two_process_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_in: str, how: str, message: str
) -> None:
    from lambdacalc import logfiles

    path = _two_process_cases(tmp_path)[0]
    monkeypatch.setattr(logfiles, "PARALLEL_MIN_BYTES", 1)
    if fail_in == "child":
        patch = "import os\nfrom lambdacalc import logfiles\n" + _FAIL_IN_WORKER[how]
        patch += "logfiles._Range.read = read\n"
        monkeypatch.setattr(logfiles, "_WORKER_CODE", patch + logfiles._WORKER_CODE)
    else:

        def read(self: logfiles._Range, n: int) -> bytes:
            raise OSError("boom")

        monkeypatch.setattr(logfiles._Range, "read", read)
    result = run("logs", "analyze", str(path), "--format", "json")
    assert result.exit_code == 2
    assert f"{path}: {message}" in result.output
    assert "Traceback" not in result.output


# --- review fixes: the bill, a 0 s window, impossible memory, names, --window units -------


def _report(stamp: str, billed_ms: int, memory_mb: int = 128, used_mb: int = 40) -> str:
    return (
        f"{stamp} REPORT RequestId: r\tDuration: {billed_ms - 0.5:.2f} ms\tBilled Duration: "
        f"{billed_ms} ms\tMemory Size: {memory_mb} MB\tMax Memory Used: {used_mb} MB\n"
    )


SHORT = (  # Billed Duration 1, 1, 2 ms at 128 MB, over half an hour
    _report("2024-05-01T10:00:00.000Z", 1)
    + _report("2024-05-01T10:15:00.000Z", 1)
    + _report("2024-05-01T10:30:00.000Z", 2)
)


def test_the_bill_prices_the_measured_billed_gb_s_not_a_rounded_up_mean(tmp_path: Path) -> None:
    log = tmp_path / "short.log"
    log.write_text(SHORT)
    out = tmp_path / "short.yaml"
    args = ["logs", "analyze", str(log), "--window", "1h", "--no-free-tier"]
    result = run(*args, "--emit-scenario", str(out), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout, parse_float=Decimal)
    (f,) = data["functions"]
    # Over the window: 3 invocations × mean 4/3 ms = 4 ms → 4 / 1000 s × 0.125 GB = 0.0005
    # GB-s (rounding the mean up, as before, billed 3 × 2 ms = 6 ms = 0.00075 GB-s).
    assert f["billed_gb_seconds"] == Decimal("0.0005")
    # A month: 3 an hour × 730 h = 2190 requests; 730 × 0.0005 = 0.365 GB-s.
    # 0.365 × $0.0000166667 = $0.0000060833455 + 2190 × $0.20/M = $0.000438
    # → $0.0004440833455, shown at 1e-10: 0.0004440833 (the rounded mean gave 0.000447125:
    # 2190 × 2 ms × 0.125 GB / 1000 = 0.5475 GB-s × $0.0000166667 = $0.000009125 + $0.000438)
    assert f["requests_per_month"] == 2190
    assert f["monthly_usd"] == data["total_monthly_usd"] == Decimal("0.0004440833")
    # The scenario carries the mean with all its digits (4/3 at Decimal's 28 digits) and
    # says it is billed already, so `lambdacalc cost` prices it alike, to the digit.
    text = out.read_text()
    assert "    duration_ms: 1.333333333333333333333333333  # mean Billed Duration:" in text
    assert "    duration_billed: true" in text
    cost = run("cost", str(out), "-f", "json")
    assert cost.exit_code == 0, cost.output
    assert json.loads(cost.stdout, parse_float=Decimal)["total_monthly_usd"] == Decimal(
        "0.0004440833"
    )
    table = run("cost", str(out))
    assert "128 MB, 1.33 ms billed)" in table.stdout  # 4/3 ms, not "1" nor "2"


@pytest.mark.parametrize(
    "content",
    [
        _report("2024-05-01T10:00:00.000Z", 5),  # one stamped record
        _report("2024-05-01T10:00:00.000Z", 5) * 3,  # all stamped alike
    ],
)
def test_a_zero_second_window_is_unknown_not_a_traceback(tmp_path: Path, content: str) -> None:
    log = tmp_path / "instant.log"
    log.write_text(content)
    emitted = run("logs", "analyze", str(log), "--emit-scenario", str(tmp_path / "x.yaml"))
    assert emitted.exit_code == 2, emitted.output
    lines = emitted.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "--window" in lines[0]
    assert not (tmp_path / "x.yaml").exists()
    data = as_json("logs", "analyze", str(log))
    assert data["window"]["seconds"] is None and data["window"]["source"] == "none"
    assert data["total_monthly_usd"] is None
    assert any("span 0 s" in w and "--window" in w for w in data["warnings"])
    table = run("logs", "analyze", str(log))
    assert table.exit_code == 0 and "span 0 s" in table.stdout
    # with --window it is priced and emitted as usual
    given = run(
        "logs", "analyze", str(log), "--window", "1d", "--emit-scenario", str(tmp_path / "y.yaml")
    )
    assert given.exit_code == 0, given.output


@pytest.mark.parametrize(("memory_mb", "used_mb"), [(10240, 12000), (128, 200)])
def test_max_memory_used_above_memory_size_is_kept_but_not_a_sizing_hint(
    tmp_path: Path, memory_mb: int, used_mb: int
) -> None:
    log = tmp_path / "oom.log"
    log.write_text(
        _report("2024-05-01T10:00:00.000Z", 5, memory_mb, used_mb)
        + _report("2024-05-01T11:00:00.000Z", 5, memory_mb, 100)
    )
    out = tmp_path / "oom.yaml"
    result = run("logs", "analyze", str(log), "--emit-scenario", str(out), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout, parse_float=Decimal)
    (f,) = data["functions"]
    assert f["max_memory_used_mb"] == used_mb  # what was measured, unchanged
    assert f["recommended_memory_mb"] is None
    assert f["recommendation"].startswith(f"none: Max Memory Used {used_mb} MB is above")
    assert any(f"Max Memory Used {used_mb} MB is above" in w for w in data["warnings"])
    text = out.read_text()
    assert "max_memory_used_mb" not in text
    assert f"# no sizing hint: Max Memory Used {used_mb} MB is above" in text
    cost = run("cost", str(out), "-f", "json")
    assert cost.exit_code == 0, cost.output


def test_insights_keeps_one_function_name_in_two_accounts_apart(tmp_path: Path) -> None:
    rows = (AGREE / "insights.csv").read_text().splitlines()
    other = rows[1].replace("123456789012:", "210987654321:", 1)
    export = tmp_path / "two-accounts.csv"
    export.write_text("\n".join([rows[0], rows[1], other]) + "\n")
    data = as_json("logs", "analyze", "--insights", str(export))
    # two functions, each 10 invocations at 128 MB, named by account; no "@128MB"
    assert [(f["name"], f["invocations"]) for f in data["functions"]] == [
        ("123456789012:orders", 10),
        ("210987654321:orders", 10),
    ]


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_function_name_is_refused(name: str) -> None:
    result = run("logs", "analyze", TAIL, "--function", name)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "--function is empty" in lines[0]


def test_window_m_is_refused_and_min_is_minutes() -> None:
    result = run("logs", "analyze", TAIL, "--window", "2M")
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "2min" in lines[0] and "30d" in lines[0]
    # 2 minutes = 120 s, however written
    for text in ("2min", "2m", "2MIN", "120"):
        assert as_json("logs", "analyze", TAIL, "--window", text)["window"]["seconds"] == 120


def test_the_recommendation_prices_the_mean_billed_duration_as_the_bill_does(
    tmp_path: Path,
) -> None:
    log = tmp_path / "fast.log"
    log.write_text(  # Billed Duration 1, 1 and 2 ms at 1024 MB: a mean of 4/3 ms
        _report("2024-05-01T10:00:00.000Z", 1, memory_mb=1024)
        + _report("2024-05-01T10:15:00.000Z", 1, memory_mb=1024)
        + _report("2024-05-01T10:30:00.000Z", 2, memory_mb=1024)
    )
    data = as_json("logs", "analyze", str(log), "--window", "1h", "--no-free-tier")
    (f,) = data["functions"]
    # Measured at one size, the model takes it as CPU-bound: 4/3 ms x 1024 / m at m MB up to
    # 1769, so every size from 128 to 1024 MB bills the same GB-s a call (4/3 x 1024 ms-MB)
    # when the mean is billed as it is, and the fastest of them, 1024 MB, stays; 1536 MB and
    # up bill Lambda's 1 ms floor x more GB. (Rounding each predicted mean up to whole ms
    # made 1024 MB's 2 ms x 1 GB dearer than 128 MB's ceil(10.67) = 11 ms x 0.125 GB =
    # 1.375 ms-GB, and advised 128 MB.)
    # One measured size says nothing of how the duration changes with memory: basis `assumed`,
    # the current size is kept, and the fastest CPU-bound tie (1024 MB itself) and the
    # I/O-bound pick (4/3 ms at every size: the least memory, 128 MB) are the bounds.
    assert f["recommended_memory_mb"] == 1024
    assert f["recommendation_basis"] == "assumed"
    assert (f["if_cpu_bound_mb"], f["if_io_bound_mb"]) == (1024, 128)
    assert f["recommendation"].startswith("1024 MB: the current size is kept")
    assert f["what_to_measure"].startswith("To decide, measure the average duration at 128 MB")


def test_one_size_per_function_keeps_it_with_basis_assumed(tmp_path: Path) -> None:
    log = tmp_path / "one.log"
    log.write_text(  # orders at 512 MB only, 200 ms billed each
        _report("2024-05-01T10:00:00.000Z", 200, memory_mb=512)
        + _report("2024-05-01T11:00:00.000Z", 200, memory_mb=512)
    )
    data = as_json("logs", "analyze", str(log), "--function", "orders", "--no-free-tier")
    (f,) = data["functions"]
    assert f["name"] == "orders"
    assert f["recommendation_basis"] == "assumed"
    assert f["recommended_memory_mb"] == 512  # kept, whatever the bounds say
    # CPU-bound: 128..1024 MB bill the same 200 x 512 ms-MB a call, and 1024 MB (100 ms) is the
    # fastest of them; 1536 MB bills 66.67 x 1536 = the same too, and is faster still:
    # 200 x 512 / 1536 = 66.666… ms (billed as it is: a mean of Billed Durations)
    assert f["if_cpu_bound_mb"] == 1536
    assert f["if_io_bound_mb"] == 128  # 200 ms at every size: the least memory is cheapest
    assert f["if_io_bound"]["duration_ms"] == 200
    csv = run("logs", "analyze", str(log), "--function", "orders", "--format", "csv")
    import csv as csv_module
    import io

    (row,) = csv_module.DictReader(io.StringIO(csv.stdout))
    assert (row["recommended_memory_mb"], row["recommendation_basis"]) == ("512", "assumed")
    text = run("logs", "analyze", str(log), "--function", "orders")
    assert "Memory for orders (basis assumed): 512 MB: the current size is kept" in text.stdout


def test_a_function_seen_at_two_sizes_gets_a_measured_recommendation(tmp_path: Path) -> None:
    log = tmp_path / "two.log"
    log.write_text(  # orders at 512 MB (200 ms billed) and at 1024 MB (100 ms billed)
        _report("2024-05-01T10:00:00.000Z", 200, memory_mb=512)
        + _report("2024-05-01T10:20:00.000Z", 200, memory_mb=512)
        + _report("2024-05-01T10:40:00.000Z", 100, memory_mb=1024)
        + _report("2024-05-01T11:00:00.000Z", 100, memory_mb=1024)
    )
    data = as_json("logs", "analyze", str(log), "--function", "orders", "--no-free-tier")
    by_name = {f["name"]: f for f in data["functions"]}
    assert set(by_name) == {"orders@512MB", "orders@1024MB"}
    for f in by_name.values():
        assert f["recommendation_basis"] == "measured"
        assert f["if_cpu_bound_mb"] is None and f["if_io_bound_mb"] is None
        # 200 ms x 512 MB = 100 ms x 1024 MB a call: the same cost, and 1024 MB is faster.
        # The fit through both (fully CPU-bound) predicts 1536 MB at 66.67 ms for the same
        # cost, but that is beyond the measured sizes: worth measuring, not recommended.
        assert f["recommended_memory_mb"] == 1024
        assert f["worth_measuring_mb"] == 1536
    assert by_name["orders@512MB"]["recommendation"] == (
        "1024 MB: 2.0× faster and the same cost per invocation as 512 MB"
    )
    # the emitted scenario lists the other size's mean as a measured duration, so that
    # `lambdacalc cost` gives the same measured advice
    out = tmp_path / "two.yaml"
    emitted = run("logs", "analyze", str(log), "--function", "orders", "--emit-scenario", str(out))
    assert emitted.exit_code == 0, emitted.output
    assert "      measured_durations_ms:  # mean Billed Duration at its other sizes\n" \
        "        1024: 100\n" in out.read_text()  # fmt: skip
    bill = json.loads(run("cost", str(out), "--format", "json").stdout, parse_float=Decimal)
    advice = {a["function"]: a for a in bill["memory_recommendations"]}
    for name, f in by_name.items():
        assert advice[name]["recommendation_basis"] == "measured"
        assert advice[name]["recommended_memory_mb"] == f["recommended_memory_mb"]
        assert advice[name]["reason"] == f["recommendation"]


def test_csv_columns_are_json_paths_and_fixed() -> None:
    import csv
    import io

    from lambdacalc.render.common import json_path

    headers = []
    for name in ("tail-text.log", "snapstart.log"):
        path = str(LOGS / name)
        out = run("logs", "analyze", path, "--window", "1h", "--format", "csv").stdout
        rows = list(csv.DictReader(io.StringIO(out)))
        headers.append(list(rows[0]))
        data = json.loads(run("logs", "analyze", path, "--window", "1h", "--format", "json").stdout)
        for row, function in zip(rows, data["functions"], strict=True):
            assert (row["region"], row["architecture"]) == (data["region"], data["architecture"])
            for column, text in row.items():
                if column in ("region", "architecture"):
                    continue
                value = json_path(function, column)  # KeyError if CSV names a field JSON lacks
                assert text == ("" if value is None else str(value)), column
    assert headers[0] == headers[1]
    assert "duration_ms.p50" in headers[0] and "init_duration_ms.p95" in headers[0]


def test_five_records_show_their_exact_median(tmp_path: Path) -> None:
    # Durations 250.75, 100.00, 102.25, 110.00, 101.50 ms: sorted, the 3rd (nearest rank
    # ⌈0.5 × 5⌉) is 102.25 ms. The table and JSON say 102.25, not a histogram bucket's 102.52.
    lines = [
        f"REPORT RequestId: r{i}\tDuration: {d:.2f} ms\tBilled Duration: {int(d) + 1} ms\t"
        "Memory Size: 128 MB\tMax Memory Used: 70 MB\t\n"
        for i, d in enumerate([250.75, 100.0, 102.25, 110.0, 101.5])
    ]
    path = tmp_path / "five.log"
    path.write_text("".join(lines))
    data = json.loads(run("logs", "analyze", str(path), "--format", "json").stdout)
    assert data["functions"][0]["duration_ms"]["p50"] == 102.25
    assert data["percentile_relative_error"] == 0
    table = run("logs", "analyze", str(path)).stdout
    assert "102.25" in table and "102.52" not in table
    assert "Percentiles are exact" in table


def test_log_bytes_per_request_in_every_format_and_the_emitted_scenario(tmp_path: Path) -> None:
    # 161.5 bytes per request, worked out by hand in tests/test_logs.py (log-bytes.log).
    path = str(LOGS / "log-bytes.log")
    data = as_json("logs", "analyze", path)
    assert data["functions"][0]["log_bytes_per_request"] == Decimal("161.5")
    csv_out = run("logs", "analyze", path, "--format", "csv").stdout
    header, row = csv_out.splitlines()[:2]
    assert row.split(",")[header.split(",").index("log_bytes_per_request")] == "161.5"
    table = run("logs", "analyze", path).stdout
    assert "Log bytes/req" in table and "162" in table  # whole bytes for people
    out = tmp_path / "s.yaml"
    emitted = run("logs", "analyze", path, "--emit-scenario", str(out))
    assert emitted.exit_code == 0, emitted.output
    assert "    log_bytes_per_request: 161.5  # bytes of log messages" in out.read_text()
    # ...and `cost` on that scenario prices the bytes as CloudWatch Logs ingestion: 2
    # invocations in 60.10 s → 87,454.24… a month × 161.5 B = 14,123,860 B = 0.013154 GB
    # (1 GB = 2^30 B) at $0.50 = $0.0065769; the 5 GB free tier then covers it.
    priced = run("cost", str(out), "-f", "json")
    assert priced.exit_code == 0, priced.output
    bill = json.loads(priced.stdout, parse_float=Decimal)
    fn = bill["functions"][0]
    ingestion = next(x for x in bill["around"]["line_items"] if x["component"].startswith("ingest"))
    assert ingestion["function"] == fn["name"] and ingestion["service"] == "logs"
    gb = Decimal(fn["requests_per_month"]) * Decimal("161.5") / 2**30
    assert abs(ingestion["quantity"] - gb) < Decimal("1e-9")
    assert ingestion["monthly_usd"] == round(gb * Decimal("0.5"), 10)


def test_insights_results_have_no_log_bytes() -> None:
    data = as_json("logs", "analyze", "--insights", str(AGREE / "insights.csv"))
    assert {f["log_bytes_per_request"] for f in data["functions"]} == {None}


def test_warnings_the_core_words_in_fields_name_the_flags(tmp_path: Path) -> None:
    """logs.report says `window_s` and `emit_scenario` (errors.field); the command shows the
    flags that set them (cli.common.in_flags), in every format."""
    log = tmp_path / "no-times.log"
    log.write_text(
        "REPORT RequestId: 3f0e8d2a-0000-4000-8000-000000000001\tDuration: 99.50 ms\t"
        "Billed Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 200 MB\n"
    )
    data = as_json("logs", "analyze", str(log))
    assert any(
        w.startswith("no timestamps in the input: pass --window (e.g. --window 7d) for requests")
        for w in data["warnings"]
    ), data["warnings"]
    assert any("nor written to --emit-scenario's sizing hints" in w for w in data["warnings"])
    table = run("logs", "analyze", str(log))
    assert "\ue000" not in table.output and "window_s" not in table.output
