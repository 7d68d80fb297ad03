"""Sizing prices a function exactly as `lambdacalc cost` does: worked numbers (arithmetic in
the comments); tests/test_sweep_equivalence.py runs the same tests on the sweep and the engine.

Rates (us-east-1, the bundled book): requests $0.20/M; x86 duration $0.0000166667 /
$0.0000150000 / $0.0000133334 per GB-s at 0–6B / 6B–15B / over 15B; PC x86 $0.0000041667,
PC duration x86 $0.0000097222; Lambda@Edge $0.60/M requests and $0.00005001 per GB-s;
free tier 1M requests + 400,000 GB-s.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.cost.rates import rate_card
from lambdacalc.cost.rules import function_at, requests_per_invocation
from lambdacalc.pricing_files import load_price_book
from lambdacalc.sizing import DurationModel, Point, Strategy, compare
from lambdacalc.units import to_cents
from lambdacalc.workload import (
    Account,
    FunctionWorkload,
    ProvisionedConcurrency,
)

D = Decimal
BOOK = load_price_book()


def cli_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return data


def scenario(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text(body)
    return str(path)


# --- one function beyond the first duration tier: compare-memory equals cost to the cent -------

BIG = """\
name: big
functions:
  - name: batch
    memory_mb: {memory}
    duration_ms: 1000
    requests_per_month: 8000000000
{sizing}"""
BIG_HINTS = "    sizing:\n      cpu_bound: 0\n      max_memory_used_mb: 800\n"


def test_recommended_size_costs_what_lambdacalc_cost_charges_beyond_tier_1(
    tmp_path: Path,
) -> None:
    # cpu_bound 0: 1000 ms at every size. Floor 800 MB + 20% = 960 MB, so of Power Tuning's
    # sizes and the current 2048 MB the cheapest allowed is 1024 MB.
    path = scenario(tmp_path, "big.yaml", BIG.format(memory=2048, sizing=BIG_HINTS))
    data = cli_json("compare-memory", path)
    assert data["recommended_memory_mb"] == 1024
    monthly = {o["memory_mb"]: o["monthly_usd"] for o in data["options"]}
    # 1024 MB: 8B calls x 1 s x 1 GB = 8,000,000,000 GB-s, past tier 1 (6B):
    #   6B x $0.0000166667 = $100,000.20 + 2B x $0.000015 = $30,000 -> $130,000.20
    #   free 400,000 GB-s are the month's first, at tier 1: 400,000 x $0.0000166667 = $6.66668
    #   -> $129,993.53332; requests (8B - 1M) x $0.0000002 = $1,599.80 -> $131,593.33332
    #   (crediting the free GB-s at tier 2's $0.000015, as sizing used to, gave $131,594.00)
    assert monthly[1024] == D("131593.33332")
    # 2048 MB: 16B GB-s: $100,000.20 + 9B x $0.000015 = $135,000 + 1B x $0.0000133334
    #   = $13,333.40 -> $248,333.60 - $6.66668 + $1,599.80 = $249,926.73332
    assert monthly[2048] == D("249926.73332")
    for memory in (1024, 2048):
        bill = cli_json(
            "cost", scenario(tmp_path, f"at-{memory}.yaml", BIG.format(memory=memory, sizing=""))
        )
        assert to_cents(bill["total_monthly_usd"]) == to_cents(monthly[memory])
    # `lambdacalc cost` on the scenario with hints: the saving is the difference of the two
    # bills, $249,926.73332 - $131,593.33332 = $118,333.40
    advice = cli_json("cost", path)["memory_recommendations"][0]
    assert advice["recommended_memory_mb"] == 1024
    assert D(str(advice["monthly_saving_usd"])) == D("118333.40")


# --- Lambda@Edge, async events, provisioned concurrency ----------------------------------------


def test_edge_is_priced_at_edge_rates_without_free_tier() -> None:
    fn = FunctionWorkload("edge", 128, D(50), D(10_000_000), edge=True)
    rates = rate_card(fn, Account(), BOOK)
    assert rates.request_usd == D("0.0000006")  # $0.60 per million
    assert rates.duration_tiers == ((None, D("0.00005001")),)
    assert (rates.free_requests, rates.free_gb_s) == (0, 0)
    result = compare(DurationModel.build([Point(128, D(50))]), [128], rates, fn)
    option = result.option(128)
    # per call: $0.0000006 + 0.05 s x 0.125 GB = 0.00625 GB-s x $0.00005001 = $0.0000003125625
    assert option.cost_per_invocation_usd == D("0.0000009125625")
    # month: 10M x $0.0000006 = $6.00 + 62,500 GB-s x $0.00005001 = $3.125625, nothing free
    assert option.monthly_usd == D("9.125625")
    assert any("Lambda@Edge" in note for note in result.notes)


def test_large_async_events_bill_more_requests() -> None:
    # a 300 KB event: 1 request for 256 KB + ceil(44 / 64) = 1 more -> 2 per invocation
    fn = FunctionWorkload("q", 128, D(100), D(10_000_000), async_event_kb=D(300))
    rates = rate_card(fn, Account(), BOOK)
    assert requests_per_invocation(fn) == 2
    option = compare(DurationModel.build([Point(128, D(100))]), [128], rates, fn).option(128)
    # per call: 2 x $0.0000002 + 0.1 s x 0.125 GB x $0.0000166667 = $0.00000020833375
    assert option.cost_per_invocation_usd == D("0.00000060833375")
    # month: 20M requests - 1M free = 19M x $0.0000002 = $3.80;
    # 10M x 0.0125 GB-s = 125,000 GB-s, within the free 400,000 -> $3.80
    assert option.monthly_usd == D("3.8")


def test_provisioned_concurrency_makes_the_cost_strategy_compare_months() -> None:
    # cpu_bound 1, 2 threads: 1024 MB at 200 ms, 2048 MB at 200 x 1024 / 2048 = 100 ms; both
    # bill 0.2 GB-s a call, so per invocation they tie and the faster 2048 MB would win.
    # With 10 PC environments all month (730 h = 2,628,000 s) and no traffic, the month is
    # PC alone: 1024 MB: 10 x 2,628,000 x 1 GB = 26,280,000 GB-s x $0.0000041667 = $109.500876;
    # 2048 MB: twice that, $219.001752. So 1024 MB is recommended.
    fn = FunctionWorkload(
        "pc", 1024, D(200), D(0), provisioned=ProvisionedConcurrency(environments=10)
    )
    rates = rate_card(fn, Account(), BOOK)
    model = DurationModel.build([Point(1024, D(200))], cpu_bound=D(1), threads=2)
    result = compare(model, [1024, 2048], rates, fn, baseline_mb=2048)
    assert result.option(1024).monthly_usd == D("109.500876")
    assert result.option(2048).monthly_usd == D("219.001752")
    assert (
        result.option(1024).cost_per_invocation_usd == result.option(2048).cost_per_invocation_usd
    )
    assert result.by_month
    assert result.recommendation.option is not None
    assert result.recommendation.option.memory_mb == 1024
    assert result.recommendation.reason == (
        "1024 MB: 2.0× slower and 50% cheaper a month than 2048 MB"
    )
    assert any("Provisioned concurrency" in note for note in result.notes)
    speed = compare(model, [1024, 2048], rates, fn, strategy=Strategy.SPEED)
    assert speed.recommendation.option is not None
    assert speed.recommendation.option.memory_mb == 2048


def test_stated_provisioned_duration_scales_with_the_model() -> None:
    # PC-served calls take 150 ms where on-demand ones take 200 ms (1024 MB); at 2048 MB the
    # model halves the on-demand duration (100 ms), so the PC-served one is 150 x 100 / 200 = 75
    fn = FunctionWorkload(
        "pc",
        1024,
        D(200),
        D(1000),
        provisioned=ProvisionedConcurrency(environments=1, duration_ms=D(150)),
    )
    at_2048 = function_at(fn, 2048, D(100))
    assert at_2048.provisioned is not None and at_2048.provisioned.duration_ms == D(75)
    assert function_at(fn, 1024, D(200)) == fn


# --- duration_billed: a mean of Billed Durations is priced as given, at every size ------------

BILLED = """\
free_tier: false
functions:
  - name: f
    memory_mb: 1024
    duration_ms: 1.3333333333333333
    duration_billed: true
    requests_per_month: 1000000000
    sizing:
      cpu_bound: 1
"""


def test_a_billed_mean_costs_in_compare_memory_what_cost_charges(tmp_path: Path) -> None:
    path = scenario(tmp_path, "billed.yaml", BILLED)
    bill = cli_json("cost", path)
    # 1e9 requests x $0.20/M = $200; 1e9 x 1.3333333333333333 ms / 1000 x 1 GB
    #   = 1,333,333.3333333333 GB-s x $0.0000166667 = $22.22226666666666611111
    #   -> $222.22226666666666611111, $222.22 (rounding the mean up to 2 ms, as compare-memory
    #   did, gave 2,000,000 GB-s x $0.0000166667 = $33.3334 -> $233.33)
    assert to_cents(bill["total_monthly_usd"]) == D("222.22")
    data = cli_json("compare-memory", path, "--sizes", "512,1024,2048")
    monthly = {o["memory_mb"]: o["monthly_usd"] for o in data["options"]}
    billed = {o["memory_mb"]: o["billed_duration_ms"] for o in data["options"]}
    assert billed[1024] == D("1.3333333333333333")  # the measured mean, as given
    assert to_cents(monthly[1024]) == to_cents(bill["total_monthly_usd"]) == D("222.22")
    # 512 MB: the model's mean (cpu_bound 1) is 1.3333333333333333 x 1024 / 512
    # = 2.6666666666666666 ms, with every digit and billed as it is (not 3 ms): 1e9 x
    # 2.6666666666666666 / 1000 x 0.5 GB = 1,333,333.3333333333 GB-s, the same as at 1024 MB
    assert billed[512] == D("2.6666666666666666")
    assert monthly[512] == monthly[1024] == D("222.22226666666666611111")
    # 2048 MB: 1.3333333333333333 / 2 = 0.667 ms, but no invocation is billed under 1 ms:
    # 1e9 x 1 / 1000 x 2 GB = 2,000,000 GB-s x $0.0000166667 = $33.3334 + $200 = $233.3334
    assert billed[2048] == D(1)
    assert monthly[2048] == D("233.3334")
    assert any("duration_billed" in note for note in data["notes"])
    # `lambdacalc cost`'s advice line prices it alike: 128 to 1024 MB cost the same per call
    # (the same GB-s), so the fastest of them, the current 1024 MB, stays; 1536 MB and up bill
    # the 1 ms floor. (Rounding the mean up made 1024 MB's 2 ms x 1 GB look dearer than 128
    # MB's 11 ms x 0.125 GB = 1.375 ms-GB, and advised 128 MB.)
    advice = cli_json("cost", path)["memory_recommendations"][0]
    assert advice["recommended_memory_mb"] == 1024
    assert D(str(advice["monthly_saving_usd"])) == 0


# --- the prices sizing needs are the cost engine's ---------------------------------------------

NEEDS_LITTLE = """\
functions:
  - name: snap
    memory_mb: 1024
    duration_ms: 100
    requests_per_month: 1000
    snapstart: {runtime: python, restore_percent: 0}
    sizing: {cpu_bound: 0.5}
  - name: tmp
    memory_mb: 1024
    ephemeral_storage_mb: 1024
    duration_ms: 100
    requests_per_month: 0
"""


def _book_without(tmp_path: Path, region: str, *paths: tuple[str, ...]) -> str:
    """The bundled book with some prices of `region` set to null (unknown)."""
    root = Path(__file__).resolve().parents[1]
    data = json.loads((root / "pricing" / "aws-lambda.json").read_text())
    for path in paths:
        holder = data["regions"][region]
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = None
    out = tmp_path / "book.json"
    out.write_text(json.dumps(data))
    return str(out)


def test_prices_the_bill_does_not_need_may_be_unknown(tmp_path: Path) -> None:
    book = _book_without(
        tmp_path,
        "us-east-1",
        ("snapstart_restore_usd_per_gb",),
        ("ephemeral_storage_usd_per_gb_s",),
    )
    path = scenario(tmp_path, "little.yaml", NEEDS_LITTLE)
    bill = cli_json("cost", path, "--prices", book)
    # snap: 1000 requests and 1000 x 0.1 s x 1 GB = 100 GB-s, all free; no restores
    # (restore_percent 0); the cache 1 GB x 730 h x 3600 s = 2,628,000 GB-s x $0.0000015046
    # = $3.9540888. tmp: no requests, so no /tmp charge. The account: $3.9540888.
    assert bill["total_monthly_usd"] == D("3.9540888")
    snap = cli_json("compare-memory", path, "--function", "snap", "--prices", book)
    monthly = {o["memory_mb"]: o["monthly_usd"] for o in snap["options"]}
    assert monthly[1024] == D("3.9540888")
    # 2048 MB: the cache by memory, 2 GB: $7.9081776 (calls stay within the free tier:
    # cpu_bound 0.5 -> 75 ms x 2 GB x 1000 = 150 GB-s)
    assert monthly[2048] == D("7.9081776")
    tmp = cli_json("compare-memory", path, "--function", "tmp", "--prices", book)
    assert all(o["monthly_usd"] == 0 for o in tmp["options"])  # no requests, no month
    # per invocation at 1024 MB: $0.0000002 + 0.1 GB-s x $0.0000166667 = $0.00000186667,
    # without /tmp, whose price is unknown (the note says so)
    current = next(o for o in tmp["options"] if o["memory_mb"] == 1024)
    assert current["cost_per_invocation_usd"] == D("0.00000186667")
    assert any("no ephemeral storage price" in note for note in tmp["notes"])


PC_ONLY = """\
functions:
  - name: pc
    memory_mb: 1024
    duration_ms: 100
    requests_per_month: 26280000
    provisioned_concurrency: {count: 1}
"""


def test_a_size_that_spills_over_to_an_unknown_on_demand_price_is_an_error(
    tmp_path: Path,
) -> None:
    """The one need that depends on the size: with provisioned concurrency, on-demand
    duration, once a slower size's environments cannot serve all requests."""
    book = _book_without(tmp_path, "us-east-1", ("x86_64", "duration_tiers"))
    path = scenario(tmp_path, "pc.yaml", PC_ONLY)
    # 1024 MB: 1 environment x 730 h = 2,628,000,000 ms / 100 ms = 26,280,000 requests, all
    # of them, so no on-demand duration: requests (26.28M - 1M free) x $0.20/M = $5.056;
    # PC 2,628,000 s x 1 GB x $0.0000041667 = $10.9500876; PC duration 26.28M x 0.1 s x 1 GB
    # = 2,628,000 GB-s x $0.0000097222 = $25.5499416 -> $41.5560292
    assert cli_json("cost", path, "--prices", book)["total_monthly_usd"] == D("41.5560292")
    # --threads 2, so that the model halves the duration at 2048 MB (one thread stops at 1769)
    args = ["compare-memory", path, "--threads", "2", "--prices", book, "--sizes"]
    data = cli_json(*args, "1024,2048")
    monthly = {o["memory_mb"]: o["monthly_usd"] for o in data["options"]}
    assert monthly[1024] == D("41.5560292")
    # 2048 MB: 50 ms, all served by PC; PC 2 GB: $21.9001752; PC duration 26.28M x 0.05 s x
    # 2 GB = 2,628,000 GB-s: $25.5499416; requests $5.056 -> $52.5061168
    assert monthly[2048] == D("52.5061168")
    # 512 MB: 200 ms, so PC serves 13,140,000 and the rest would be billed on demand
    result = CliRunner().invoke(app, [*args, "512"])
    assert result.exit_code == 2
    assert "at 512 MB some requests spill over" in result.stderr
    assert "x86_64 duration price for us-east-1 is unknown" in result.stderr


def test_a_missing_price_is_located_in_the_scenario(tmp_path: Path) -> None:
    # il-central-1 has no provisioned-concurrency prices in the bundled book
    path = scenario(
        tmp_path,
        "il.yaml",
        "region: il-central-1\n" + PC_ONLY.removeprefix("functions:\n").join(["functions:\n", ""]),
    )
    for command in ("cost", "compare-memory"):
        result = CliRunner().invoke(app, [command, path])
        assert result.exit_code == 2, result.output
        assert f"{path}:7:5: functions[0].provisioned_concurrency (function 'pc')" in (
            result.stderr
        ), result.stderr
    # a --region of the user's own is not in the file: priced there, nothing to locate
    moved = cli_json("compare-memory", path, "--region", "us-east-1", "--sizes", "1024")
    assert moved["options"][0]["monthly_usd"] == D("41.5560292")  # as above
