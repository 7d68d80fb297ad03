"""`logs analyze` on hostile or odd logs (issue 18's log-parser items): the REPORT pattern
is linear, the window comes from REPORT lines only and within bounds, and a log with no
REPORT line is refused early."""

from __future__ import annotations

import gzip
import json
import re
import time
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.logfiles import NO_REPORT_LINES
from lambdacalc.logs import MALFORMED_REPORT, analyze
from lambdacalc.logs.records import _REPORT_RX
from tests.gzip_support import GzipWays

runner = CliRunner()
STREAM = "2026/11/20/[$LATEST]2f1e4c3b8a7d4e6f9a0b1c2d3e4f5a6b"


def report(stamp: str = "", duration: str = "12.50", billed: str = "13") -> bytes:
    prefix = f"{stamp} {STREAM} " if stamp else ""
    return (
        f"{prefix}REPORT RequestId: 0b9f6a2e-1c3d-4e5f-8a9b-0c1d2e3f4a01\tDuration: {duration} ms"
        f"\tBilled Duration: {billed} ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t"
    ).encode()


def analyze_json(tmp_path: Path, lines: list[bytes]) -> dict:  # type: ignore[type-arg]
    path = tmp_path / "app.log"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = runner.invoke(app, ["logs", "analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout, parse_float=Decimal)  # type: ignore[no-any-return]


# --- the REPORT pattern --------------------------------------------------------------------


def test_a_long_run_of_blanks_after_the_request_id_is_read_in_linear_time() -> None:
    # the old head `[ \t]*\S*[ \t]+Duration` tried every split of the 30,000 blanks:
    # more than 120 s for these 200 lines
    lines = [b"REPORT RequestId:" + b" " * 30_000] * 200
    start = time.perf_counter()
    summary = analyze(lines)
    assert time.perf_counter() - start < 5
    assert summary.skipped_lines == {MALFORMED_REPORT: 200}


_OLD_REPORT_RX = re.compile(
    _REPORT_RX.pattern.replace(
        rb"(?:(?:[ \t]*+\S++[ \t]++|[ \t]++)Duration: ", rb"(?:[ \t]*\S*[ \t]+Duration: "
    )
)


@given(
    st.lists(
        st.sampled_from([" ", "\t", "x", "abc-1", "Duration: ", "12.5", " ms", "REPORT"]),
        max_size=6,
    )
)
def test_the_linear_pattern_reads_what_the_old_one_read(pieces: list[str]) -> None:
    assert _OLD_REPORT_RX.pattern != _REPORT_RX.pattern
    head = "REPORT RequestId:" + "".join(pieces)
    for line in (
        head,
        head + "Duration: 1.5 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB"
        "\tMax Memory Used: 70 MB",
    ):
        old, new = _OLD_REPORT_RX.search(line.encode()), _REPORT_RX.search(line.encode())
        assert old is not None and new is not None
        assert old.groups() == new.groups()


# --- the window ----------------------------------------------------------------------------


def test_an_application_line_dated_1999_does_not_stretch_the_window(tmp_path: Path) -> None:
    data = analyze_json(
        tmp_path,
        [
            b"1999-01-01T00:00:00Z INFO an application's own timestamp",
            report("2026-11-20T10:00:00.000000+00:00"),
            f"2026-11-20T10:30:00.000000+00:00 {STREAM} [INFO] later".encode(),
            b"2024-99-99T00:00:00Z not a date at all",
            report("2026-11-20T11:00:00.000000+00:00"),
        ],
    )
    # REPORT lines at 10:00 and 11:00: 3600 s; 2 in an hour × 730 h = 1460 a month
    assert data["window"]["seconds"] == 3600
    assert data["window"]["start"] == "2026-11-20T10:00:00.000000Z"
    assert data["functions"][0]["requests_per_month"] == 1460


def test_an_invalid_date_on_a_report_line_is_left_out(tmp_path: Path) -> None:
    data = analyze_json(
        tmp_path,
        [
            report("2026-11-20T10:00:00.000000+00:00"),
            report("2024-99-99T00:00:00.000000+00:00"),
            report("2026-11-20T12:00:00.000000+00:00"),
        ],
    )
    # the valid ones span 10:00 to 12:00: 7200 s
    assert data["window"]["seconds"] == 7200
    assert data["functions"][0]["invocations"] == 3


def test_a_window_beyond_20_years_is_a_warning_not_an_extrapolation(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    path.write_bytes(
        report("0002-01-01T00:00:00.000000+00:00")
        + b"\n"
        + report("2026-11-20T10:00:00.000000+00:00")
        + b"\n"
    )
    result = runner.invoke(app, ["logs", "analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["window"]["source"] == "out_of_bounds"
    assert data["window"]["seconds"] is None
    assert data["window"]["start"] == "0002-01-01T00:00:00.000000Z"  # not "2-01-01"
    assert data["functions"][0]["requests_per_month"] is None
    assert "outside 1 s to 20 years" in " ".join(data["warnings"])
    table = runner.invoke(app, ["logs", "analyze", str(path)])
    assert table.exit_code == 0
    assert "0002-01-01 00:00:00" in table.stdout


def test_a_window_under_a_second_is_a_warning_not_an_extrapolation(tmp_path: Path) -> None:
    data = analyze_json(
        tmp_path,
        [
            report("2026-11-20T10:00:00.000000+00:00"),
            report("2026-11-20T10:00:00.500000+00:00"),
        ],
    )
    # 0.5 s: 2 requests in it would be 10.5 million a month; none is extrapolated
    assert data["window"]["source"] == "out_of_bounds"
    assert data["functions"][0]["requests_per_month"] is None
    assert any("outside 1 s to 20 years" in w for w in data["warnings"])


def test_a_given_window_still_wins(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    path.write_bytes(report("0002-01-01T00:00:00Z") + b"\n" + report("2026-11-20T10:00:00Z"))
    result = runner.invoke(
        app, ["logs", "analyze", str(path), "--window", "1h", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["functions"][0]["requests_per_month"] == 1460


# --- giving up early -----------------------------------------------------------------------


def test_a_gzip_of_empty_lines_is_refused_early(tmp_path: Path, gzip_ways: GzipWays) -> None:
    path = tmp_path / "empty.log.gz"
    with gzip.open(path, "wb") as out:
        for _ in range(NO_REPORT_LINES // (1 << 20) + 2):
            out.write(b"\n" * (1 << 20))
        out.write(report("2026-11-20T10:00:00Z") + b"\n")  # too late to matter
    start = time.perf_counter()
    result = runner.invoke(app, ["logs", "analyze", str(path)])
    assert time.perf_counter() - start < 20
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {path}: no REPORT record in its first ")
    assert "Traceback" not in result.output


def test_a_late_first_report_within_the_limit_is_read(tmp_path: Path) -> None:
    lines = [b"chatty application line"] * 10_000 + [report("2026-11-20T10:00:00Z")]
    data = analyze_json(tmp_path, lines)
    assert data["functions"][0]["invocations"] == 1
