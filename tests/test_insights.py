"""lambdacalc.insights: the Logs Insights query and the reader of its exported results.

tests/fixtures/logs/agree-orders/ holds one function's raw `aws logs tail` output
(raw.log) and the matching query result, exported as CSV and as get-query-results JSON.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from lambdacalc.errors import LogError
from lambdacalc.insights import (
    QUERY,
    REQUIRED_COLUMNS,
    function_name,
    function_names,
    read_export,
)
from lambdacalc.logs import FunctionStats, analyze

AGREE = Path(__file__).parent / "fixtures" / "logs" / "agree-orders"


def test_query_names_every_column_the_reader_needs() -> None:
    for column in REQUIRED_COLUMNS:
        if column != "@log":
            assert f" as {column}" in QUERY
    assert "by @log, memory_size" in QUERY
    assert '@type = "REPORT"' in QUERY and 'type = "platform.report"' in QUERY


@pytest.mark.parametrize("export", ["insights.csv", "insights.json"])
def test_raw_logs_and_insights_export_agree(export: str) -> None:
    raw = analyze((AGREE / "raw.log").read_bytes().splitlines(), function="orders")
    ins = read_export((AGREE / export).read_text())
    (r,), (i,) = raw.functions, ins.functions
    # Worked by hand from raw.log: ten REPORT lines at 128 MB, two with Init Duration.
    # billed 690+22+19+56+13+692+25+34+20+140 = 1711 ms → 1.711 × 0.125 = 0.213875 GB-s
    assert i.billed_gb_s == r.billed_gb_s == Decimal("0.213875")
    assert (i.name, i.memory_size_mb, i.invocations) == (r.name, r.memory_size_mb, 10)
    assert i.billed_duration_ms == r.billed_duration_ms == 1711
    # Σ duration 917.59 ms → mean 91.759
    assert i.mean_duration_ms == r.mean_duration_ms == Decimal("91.759")
    assert (i.init_count, i.restore_count) == (r.init_count, r.restore_count) == (2, 0)
    assert i.cold_start_percent == r.cold_start_percent == Decimal(20)
    # memory used sorted 68 69 70 70 71 71 72 72 73 90: p99 = 10th = 90
    assert (i.max_memory_used_p99_mb, i.max_memory_used_max_mb) == (90, 90)
    assert (r.max_memory_used_p99_mb, r.max_memory_used_max_mb) == (90, 90)
    # durations sorted 12.30 18.02 19.99 21.40 25.00 33.33 55.90 140.00 290.10 301.55:
    # p50 = 5th = 25.00, p90 = 9th = 290.10, p95 = p99 = max = 301.55
    assert i.duration.max_ms == r.duration.max_ms == Decimal("301.55")
    for name in ("p50_ms", "p90_ms", "p95_ms", "p99_ms"):
        exact = getattr(i.duration, name)
        assert abs(getattr(r.duration, name) - exact) <= exact * raw.percentile_relative_error
    # INIT 388.20, 401.07: p50 = 1st, p95 = 2nd
    assert (i.init_p50_ms, i.init_p95_ms) == (Decimal("388.20"), Decimal("401.07"))
    assert r.init_p50_ms is not None and r.init_p95_ms is not None
    assert abs(r.init_p50_ms - i.init_p50_ms) <= i.init_p50_ms * raw.percentile_relative_error
    assert abs(r.init_p95_ms - i.init_p95_ms) <= i.init_p95_ms * raw.percentile_relative_error
    # 09:00:00 → 09:30:00 = 1800 s; 10 per half hour × 2 × 730 h = 14,600 a month
    assert ins.window_s == raw.window_s == Decimal(1800)
    assert i.requests_per_month == r.requests_per_month == Decimal(14600)


def _row(**changes: str) -> dict[str, str]:
    text = (AGREE / "insights.csv").read_text().splitlines()
    row = dict(zip(text[0].split(","), text[1].split(","), strict=True))
    row.update(changes)
    return row


def test_json_list_of_objects_and_memory_units() -> None:
    rows = [_row(), _row(**{"@log": "123456789012:/aws/lambda/billing", "memory_size": "512"})]
    s = read_export(json.dumps(rows))
    orders: FunctionStats = s.functions[1]
    billing = s.functions[0]
    assert (orders.name, orders.memory_size_mb, orders.max_memory_used_max_mb) == (
        "orders",
        128,
        90,
    )
    # already in MB: the memory-used columns are taken as they are
    assert (billing.name, billing.memory_size_mb) == ("billing", 512)
    assert billing.billed_gb_s == Decimal("0.8555")  # 1.711 s × 0.5 GB


def test_given_window_overrides_timestamps() -> None:
    s = read_export((AGREE / "insights.csv").read_text(), window_s=Decimal(3600))
    assert s.window_source == "given"
    assert s.functions[0].requests_per_month == Decimal(7300)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("@log,memory_size\n", "no rows"),
        ("@log,memory_size\nx,128\n", "lacks columns invocations"),
        ("[1, 2]", "must be an object"),
        ("{not json", "not valid JSON"),
    ],
)
def test_bad_exports(text: str, message: str) -> None:
    with pytest.raises(LogError, match=message):
        read_export(text)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"memory_size": "123456789"}, "no Lambda memory size"),
        ({"invocations": "ten"}, "invocations is not a number"),
        ({"billed_ms_sum": ""}, "billed_ms_sum is empty"),
        ({"duration_p50": "-1"}, "finite number"),
        ({"invocations": "0"}, "must be positive"),
    ],
)
def test_bad_rows(changes: dict[str, str], message: str) -> None:
    with pytest.raises(LogError, match=message):
        read_export(json.dumps([_row(**changes)]))


@pytest.mark.parametrize(
    ("log", "name"),
    [
        ("123456789012:/aws/lambda/orders", "orders"),
        ("/aws/lambda/us-east-1.edge-fn", "us-east-1.edge-fn"),
        ("123456789012:custom-group", "custom-group"),
    ],
)
def test_function_name(log: str, name: str) -> None:
    assert function_name(log) == name


def test_one_instant_in_an_export_is_no_window() -> None:
    row = _row(first_ts="2026-11-20 09:00:00.000", last_ts="2026-11-20 09:00:00.000")
    s = read_export(json.dumps([row]))
    assert s.window_s is None and s.window_source == "none"
    assert s.functions[0].requests_per_month is None


def test_same_function_name_in_two_accounts_stays_two_functions() -> None:
    rows = [
        _row(),  # 123456789012:/aws/lambda/orders at 128 MB
        _row(**{"@log": "210987654321:/aws/lambda/orders"}),
        _row(**{"@log": "210987654321:/aws/lambda/orders", "memory_size": "512"}),
    ]
    s = read_export(json.dumps(rows))
    # the account tells them apart; only the function seen at two sizes gets "@…MB"
    assert [(f.name, f.memory_size_mb) for f in s.functions] == [
        ("123456789012:orders", 128),
        ("210987654321:orders@128MB", 128),
        ("210987654321:orders@512MB", 512),
    ]


def test_function_names_are_short_unless_they_collide() -> None:
    assert function_names(["1:/aws/lambda/a", "1:/aws/lambda/b"]) == {
        "1:/aws/lambda/a": "a",
        "1:/aws/lambda/b": "b",
    }
    # no account to tell them apart: the whole @log
    assert function_names(["/aws/lambda/a", "1:/aws/lambda/a"]) == {
        "/aws/lambda/a": "/aws/lambda/a",
        "1:/aws/lambda/a": "1:a",
    }
