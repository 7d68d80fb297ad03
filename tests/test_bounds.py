"""Absurd numbers are one-line errors naming their bound; the largest legitimate ones still
give exact reports in every format; and any arithmetic failure that slips past the bounds
is still one line with exit code 2, never a traceback.

The scenario-file side of the bounds lives in tests/corpus/bad/ (test_bad_inputs.py).
"""

from __future__ import annotations

import decimal
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from lambdacalc import limits, scenario
from lambdacalc.cli import app
from lambdacalc.errors import ScenarioError
from lambdacalc.render.common import exact, number

ROOT = Path(__file__).resolve().parents[1]
TAIL = str(ROOT / "tests" / "fixtures" / "logs" / "tail-text.log")
FORMATS = ["table", "json", "csv", "markdown"]

runner = CliRunner()


def assert_one_line_error(result: Any, *needles: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.stderr, result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


# --- exact output of large values ----------------------------------------------------------


def test_exact_beyond_the_default_precision() -> None:
    # quantize(1E-10) of a value of 10^18 needs 19 + 10 = 29 digits, one more than the
    # default context's 28: this used to raise InvalidOperation
    assert exact(Decimal("9E+18")) == "9000000000000000000"
    assert exact(Decimal("120000800034999.2")) == "120000800034999.2"
    # 21 digits before the point and 12 after: .123456789012 to 10 decimals is .1234567890,
    # written without its trailing zero
    assert exact(Decimal("123456789012345678901.123456789012")) == (
        "123456789012345678901.123456789"
    )
    assert exact(Decimal("-1.5E+30")) == "-1500000000000000000000000000000"


def test_number_beyond_the_default_precision() -> None:
    # 1.5 × 10^30 with two decimals is 34 digits
    assert number(Decimal("1.5E+30"), 2) == "1,500,000,000,000,000,000,000,000,000,000.00"
    assert number(Decimal("123.456"), 2) == "123.46"


@given(
    st.decimals(min_value=Decimal("-1E+40"), max_value=Decimal("1E+40"), allow_nan=False, places=12)
)
def test_exact_is_the_value_at_ten_decimals(value: Decimal) -> None:
    with decimal.localcontext() as ctx:
        ctx.prec = 100  # enough for any value drawn
        expected = value.quantize(Decimal("1E-10"))
        assert Decimal(exact(value)) == expected


# --- the largest legitimate workload -------------------------------------------------------


def _scenario(tmp_path: Path, text: str) -> str:
    path = tmp_path / "top.yaml"
    path.write_text(text)
    return str(path)


def test_the_largest_workload_is_priced_exactly(tmp_path: Path) -> None:
    """10^15 requests a month of 10,240 MB for 900 s: 9 × 10^18 GB-s, past the 28 digits
    the JSON output could hold before."""
    path = _scenario(
        tmp_path,
        "free_tier: false\nfunctions:\n  - name: api\n    memory_mb: 10240\n"
        "    duration_ms: 900000\n    requests_per_month: 1000000000000000\n",
    )
    result = runner.invoke(app, ["cost", path, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout, parse_float=Decimal)
    (fn,) = data["functions"]
    # 10^15 × 900 s × 10 GB = 9 × 10^18 GB-s
    assert fn["gb_seconds"]["on_demand"] == 9_000_000_000_000_000_000
    # us-east-1 x86_64 tiers:
    #   6 × 10^9 × 0.0000166667 = 100,000.2
    #   9 × 10^9 × 0.0000150000 = 135,000
    #   (9 × 10^18 − 1.5 × 10^10) × 0.0000133334 = 120,000,600,000,000 − 200,001
    #                                             = 120,000,599,799,999
    #   duration: 100,000.2 + 135,000 + 120,000,599,799,999 = 120,000,600,034,999.2
    # requests: 10^15 × 0.20 / 10^6 = 200,000,000
    assert fn["components"]["duration"] == Decimal("120000600034999.2")
    assert fn["components"]["requests"] == 200_000_000
    assert data["total_monthly_usd"] == Decimal("120000800034999.2")


# Every bounded scenario number at its bound: accepted, and every command renders it.
AT_THE_BOUND = {
    "requests_per_month": "    requests_per_month: 1000000000000000\n",
    "requests_per_day": "    requests_per_day: 30000000000000\n",
    "requests_per_second": "    requests_per_second: 300000000\n",
    "peak": "    requests_per_second: 1\n    peak_requests_per_second: 300000000\n",
    "reserved": "    requests_per_month: 1000\n    reserved_concurrency: 1000000000\n",
    "pc": (
        "    requests_per_month: 1000000000000000\n    provisioned_concurrency:\n"
        "      count: 1000000000\n      requests_per_month: 1000000000000000\n"
    ),
    "streaming": (
        "    requests_per_month: 1000000000000000\n    response_streaming:\n"
        "      bytes_per_request: 200MB\n"
    ),
}
ACCOUNT = (
    "savings_plan:\n  discount_percent: 17\n  commitment_usd_per_hour: 1000000\n"
    "account:\n  concurrency_limit: 1000000000\n"
)


@pytest.mark.parametrize("case", list(AT_THE_BOUND))
@pytest.mark.parametrize("fmt", FORMATS)
def test_numbers_at_their_bounds_render_in_every_format(
    tmp_path: Path, case: str, fmt: str
) -> None:
    path = _scenario(
        tmp_path,
        ACCOUNT + "functions:\n  - name: api\n    memory_mb: 10240\n    duration_ms: 900000\n"
        "    ephemeral_storage_mb: 10240\n" + AT_THE_BOUND[case],
    )
    for command in ("cost", "compare-memory"):
        result = runner.invoke(app, [command, path, "--format", fmt])
        assert result.exit_code == 0, (command, result.stderr, result.exception)
    # the concurrency model may refuse such an account (the traffic needs more than
    # 10^9 environments, or the reservation leaves fewer than 100 unreserved): cleanly
    result = runner.invoke(app, ["concurrency", path, "--format", fmt])
    if result.exit_code != 0:
        assert_one_line_error(result)


# --- the safety net ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        decimal.InvalidOperation([decimal.InvalidOperation]),
        decimal.Overflow(),
        OverflowError("int too large to convert to float"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_arithmetic_error_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, error: ArithmeticError
) -> None:
    """Should an absurd value get past every bound, the command still fails cleanly."""

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("lambdacalc.concurrency.plan_function", fail)
    result = runner.invoke(app, ["concurrency", "--rps", "10", "--duration", "1"])
    assert_one_line_error(result, "a number is out of the range", type(error).__name__)


def test_a_division_by_zero_is_a_bug_not_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit code 1 means "a bug, please report it": a zero divisor is never the input's size."""

    def fail(*args: object, **kwargs: object) -> None:
        raise decimal.DivisionByZero()

    monkeypatch.setattr("lambdacalc.concurrency.plan_function", fail)
    result = runner.invoke(app, ["concurrency", "--rps", "10", "--duration", "1"])
    assert result.exit_code == 1
    assert isinstance(result.exception, decimal.DivisionByZero)


# --- command-line bounds -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--threads", "1e400"], ["--threads 1e400 is above 64"]),
        (["--threads", "65"], ["--threads 65 is above 64"]),
        (["--sizes", "128,,256"], ["--sizes '128,,256' has an empty item"]),
        (["--sizes", "128,256,"], ["has an empty item"]),
        (["--requests-per-month", "1e400"], ["is above 1,000,000,000,000,000"]),
        (["--requests-per-month", "1000000000000001"], ["is above 1,000,000,000,000,000"]),
    ],
)
def test_compare_memory_bounds(args: list[str], needles: list[str]) -> None:
    base = ["compare-memory", "--duration", "2s", "--memory", "128"]
    assert_one_line_error(runner.invoke(app, [*base, *args]), *needles)


def test_compare_memory_accepts_the_bounds() -> None:
    args = ["compare-memory", "--duration", "900s", "--memory", "128", "--threads", "64"]
    args += ["--requests-per-month", "1000000000000000", "--sizes", "128,10240"]
    for fmt in FORMATS:
        result = runner.invoke(app, [*args, "--format", fmt])
        assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    "window", ["0.5s", "0.0000000000000000000000001s", "7306d", "99999999999999999999d"]
)
def test_logs_window_outside_one_second_to_twenty_years(window: str) -> None:
    result = runner.invoke(app, ["logs", "analyze", TAIL, "--window", window])
    assert_one_line_error(result, f"--window '{window}' is outside 1s to 7305d (20 years)")


@pytest.mark.parametrize("window", ["1s", "7305d"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_logs_window_at_its_bounds(window: str, fmt: str) -> None:
    result = runner.invoke(app, ["logs", "analyze", TAIL, "--window", window, "--format", fmt])
    assert result.exit_code == 0, result.stderr


# --- the fast path keeps the same bounds ---------------------------------------------------


def _function(**fields: Any) -> dict[str, Any]:
    return {"functions": [{"name": "a", "memory_mb": 128, "duration_ms": 1, **fields}]}


def _models_accept(data: dict[str, Any]) -> bool:
    try:
        scenario.validate(data, scenario.Source("x.yaml", "", is_json=False))
    except ScenarioError:
        return False
    return True


BOUNDED = [
    _function(requests_per_month=limits.MAX_REQUESTS_PER_MONTH),
    _function(requests_per_day=limits.MAX_REQUESTS_PER_DAY),
    _function(requests_per_second=limits.MAX_REQUESTS_PER_SECOND),
    _function(requests_per_month=1, peak_requests_per_second=limits.MAX_REQUESTS_PER_SECOND),
    _function(requests_per_month=1, reserved_concurrency=limits.MAX_CONCURRENCY),
    _function(requests_per_month=1, provisioned_concurrency={"count": limits.MAX_CONCURRENCY}),
    _function(
        requests_per_month=1,
        provisioned_concurrency={"count": 1, "requests_per_month": limits.MAX_REQUESTS_PER_MONTH},
    ),
    {**_function(requests_per_month=1), "account": {"concurrency_limit": limits.MAX_CONCURRENCY}},
    {
        **_function(requests_per_month=1),
        "savings_plan": {
            "discount_percent": 10,
            "commitment_usd_per_hour": limits.MAX_COMMITMENT_USD_PER_HOUR,
        },
    },
]


def _plus_one(data: Any) -> Any:
    """The same scenario with its one bounded number raised by one."""
    if isinstance(data, dict):
        return {k: _plus_one(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plus_one(v) for v in data]
    if isinstance(data, int) and not isinstance(data, bool) and data >= 10**6:
        return data + 1
    return data


@pytest.mark.parametrize("data", BOUNDED, ids=lambda d: json.dumps(d)[:90])
def test_fast_path_and_models_agree_at_and_past_each_bound(data: dict[str, Any]) -> None:
    quick = scenario.quick_workload(data, "x")
    assert quick is not None and _models_accept(data)
    past = _plus_one(data)
    assert scenario.quick_workload(past, "x") is None
    assert not _models_accept(past)


@pytest.mark.parametrize(
    ("fields", "accepted"),
    [
        ({"cold_start_percent": 5}, False),  # silently ignored before
        ({"cold_start_percent": Decimal("0.5")}, False),
        ({"cold_start_percent": 5, "init_duration_ms": 800}, True),
        ({"cold_start_percent": 5, "init_duration_ms": 0}, True),  # said explicitly: INIT is free
        ({"cold_start_percent": 0}, True),  # no cold starts: nothing to ignore
        ({"init_duration_ms": 800}, True),
    ],
)
def test_cold_start_percent_needs_init_duration(fields: dict[str, Any], accepted: bool) -> None:
    data = _function(requests_per_month=1, **fields)
    assert _models_accept(data) is accepted
    quick = scenario.quick_workload(data, "x")
    assert (quick is not None) is accepted
