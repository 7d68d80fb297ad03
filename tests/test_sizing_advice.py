"""The bridge from price book and scenario to the sizing core, and the cost report's line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from lambdacalc.cost.rates import rate_card
from lambdacalc.errors import InputError, PricingError
from lambdacalc.prices import PriceBook
from lambdacalc.pricing_files import load_price_book
from lambdacalc.render.sizing import advice_line
from lambdacalc.scenario import LoadedScenario, load
from lambdacalc.sizing import RecommendationBasis, Strategy
from lambdacalc.sizing_advice import SizeAdvice, function_inputs, scenario_advice
from lambdacalc.workload import Account, FunctionWorkload

D = Decimal


@pytest.fixture(scope="module")
def book() -> PriceBook:
    return load_price_book()


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "s.yaml"
    path.write_text(text)
    return str(path)


SCENARIO = """\
name: s
functions:
  - name: api
    memory_mb: 1024
    duration_ms: 100
    requests_per_month: 10000000
    sizing:
      max_memory_used_mb: 180
      cpu_bound: 0
  - name: plain
    memory_mb: 512
    duration_ms: 50
    requests_per_month: 1000
  - name: crunch
    memory_mb: 128
    duration_ms: 2500
    requests_per_month: 10000000
    sizing:
      measured_durations_ms: {1024: 300}
"""


def _advice(loaded: LoadedScenario, book: PriceBook) -> list[SizeAdvice]:
    """`lambdacalc cost`'s advice for a loaded scenario (its workload, its file in errors)."""
    return scenario_advice(loaded.workload, book, loaded.source.display)


def test_rates_from_the_book_us_east_1(book: PriceBook) -> None:
    fn = FunctionWorkload("f", 128, D(100), D(1000))
    rates = rate_card(fn, Account(), book)
    assert rates.request_usd == D("0.0000002")  # $0.20 per million
    assert rates.duration_tiers[0] == (D("6000000000"), D("0.0000166667"))
    assert rates.duration_tiers[-1][0] is None
    assert (rates.free_requests, rates.free_gb_s) == (D(1_000_000), D(400_000))
    assert rate_card(fn, Account(free_tier=False), book).free_gb_s == 0
    with_tmp = rate_card(fn._replace(ephemeral_storage_mb=1024), Account(), book)
    assert with_tmp.ephemeral_usd_per_gb_s == D("0.0000000309")
    assert rates.unpriced == with_tmp.unpriced == ()


def test_unknown_region_is_a_pricing_error(book: PriceBook) -> None:
    with pytest.raises(PricingError):
        rate_card(FunctionWorkload("f", 128, D(100), D(1000)), Account("xx-nowhere-1"), book)


def test_scenario_advice_only_for_functions_with_hints(tmp_path: Path, book: PriceBook) -> None:
    advice = _advice(load(write(tmp_path, SCENARIO)), book)
    assert [a.function for a in advice] == ["api", "crunch"]
    api, crunch = advice
    assert api.strategy is Strategy.COST
    assert api.recommended is not None and api.recommended.memory_mb == 256
    # api alone, 10M requests: requests (10M - 1M) x $0.0000002 = $1.80 at any size
    # 1024 MB: 10M x 0.1 GB-s = 1,000,000 - 400,000 free = 600,000 x $0.0000166667 = $10.00002
    # 256 MB: 10M x 0.025 GB-s = 250,000, all free -> saving $10.00002
    assert api.current.monthly_usd == D("11.80002")
    assert api.monthly_saving_usd == D("10.00002")
    assert advice_line(api) == (
        "api: 256 MB: as fast and 67% cheaper per invocation than 1024 MB; "
        "saves $10.00 a month (cost strategy, basis given)"
    )
    assert api.basis is RecommendationBasis.GIVEN
    # crunch: 128 MB @ 2500 ms and 1024 MB @ 300 ms measured (basis `measured`); the fully
    # CPU-bound fit predicts 1536 MB at 200 ms (0.3 GB-s, the same cost as 1024 MB and faster),
    # but 1536 MB is beyond the measured sizes: it is worth measuring, not the recommendation
    assert crunch.basis is RecommendationBasis.MEASURED
    assert crunch.recommended is not None and crunch.recommended.memory_mb == 1024
    assert crunch.recommendation.worth_measuring is not None
    assert crunch.recommendation.worth_measuring.memory_mb == 1536
    # 128 MB: 3,125,000 - 400,000 = 2,725,000 GB-s x $0.0000166667 = $45.4167575 + $1.80
    # 1024 MB: 10M x 0.3 s x 1 GB = 3,000,000 - 400,000 = 2,600,000 x $0.0000166667 = $43.33342
    assert crunch.monthly_saving_usd == D("2.0833375")
    assert advice_line(crunch) == (
        "crunch: 1024 MB: 8.3× faster and 4% cheaper per invocation than 128 MB; saves $2.08 a "
        "month (cost strategy, basis measured). Worth measuring: 1536 MB, beyond the measured "
        "sizes, is predicted 1.5× faster and the same cost per invocation as 1024 MB; "
        "measure it before moving there."
    )


def test_function_inputs_reads_the_hints(tmp_path: Path) -> None:
    inputs = function_inputs(load(write(tmp_path, SCENARIO)).workload, 2, "s.yaml")
    assert inputs.name == "crunch"
    assert inputs.measured[0].memory_mb == 1024
    assert inputs.measured[0].duration_ms == 300
    assert inputs.hints.any


def test_bad_measured_size_in_a_scenario(tmp_path: Path, book: PriceBook) -> None:
    text = SCENARIO.replace("{1024: 300}", "{64: 300}")
    with pytest.raises(InputError, match=r"functions\[2\]\.sizing"):
        _advice(load(write(tmp_path, text)), book)


def test_advice_line_when_current_is_best(tmp_path: Path, book: PriceBook) -> None:
    text = SCENARIO.replace(
        "memory_mb: 1024\n    duration_ms: 100", "memory_mb: 256\n    duration_ms: 100"
    )
    api = _advice(load(write(tmp_path, text)), book)[0]
    assert advice_line(api) == (
        "api: 256 MB: the current size is already the cheapest per invocation of the sizes "
        "compared (cost strategy, basis given)"
    )


def test_advice_for_provisioned_concurrency_compares_months(
    tmp_path: Path, book: PriceBook
) -> None:
    text = """\
name: s
functions:
  - name: pc
    memory_mb: 2048
    duration_ms: 100
    requests_per_month: 0
    provisioned_concurrency:
      count: 10
    sizing:
      cpu_bound: 1
      threads: 2
"""
    advice = _advice(load(write(tmp_path, text)), book)[0]
    # Per invocation every size bills the same GB-s (fully CPU-bound up to 2 vCPUs), but PC is
    # 10 environments x 2,628,000 s x memory GB x $0.0000041667 and nothing else (no traffic):
    # 128 MB: 3,285,000 GB-s -> $13.6876095; 2048 MB: 52,560,000 GB-s -> $219.001752
    assert advice.recommended is not None and advice.recommended.memory_mb == 128
    assert advice.recommended.monthly_usd == D("13.6876095")
    assert advice.monthly_saving_usd == D("205.3141425")  # 219.001752 - 13.6876095
    # 128 MB takes 100 x 2048 / 128 = 1600 ms (16× slower); 13.6876095 / 219.001752 = 0.0625
    assert advice.reason == "128 MB: 16.0× slower and 94% cheaper a month than 2048 MB"


def test_advice_from_one_size_and_no_cpu_share_keeps_it(tmp_path: Path, book: PriceBook) -> None:
    text = """\
name: s
free_tier: false
functions:
  - name: api
    memory_mb: 512
    duration_ms: 100
    requests_per_month: 1000000
    sizing:
      max_memory_used_mb: 90
"""
    (api,) = _advice(load(write(tmp_path, text)), book)
    assert api.basis is RecommendationBasis.ASSUMED
    assert api.recommended is not None and api.recommended.memory_mb == 512
    assert api.monthly_saving_usd == 0
    rec = api.recommendation
    # floor 90 x 1.2 = 108 MB. CPU-bound, 1024 MB at 50 ms bills 0.05 GB-s as 512 MB does, and
    # is faster; I/O-bound, 128 MB at 100 ms bills a quarter of it
    assert rec.if_cpu_bound is not None and rec.if_cpu_bound.memory_mb == 1024
    assert rec.if_io_bound is not None and rec.if_io_bound.memory_mb == 128
    # 1M x (0.0125 GB-s x $0.0000166667 + $0.0000002) = $0.40833375 a month at 128 MB
    assert rec.if_io_bound.monthly_usd == D("0.40833375")
    assert advice_line(api) == (
        "api: 512 MB: the current size is kept, since one measured size does not show how the "
        "duration changes with memory; if the duration scales with CPU (cpu_bound 1): 1024 MB "
        "(2.0× faster and the same cost per invocation as 512 MB); if it does not (cpu_bound "
        "0): 128 MB (as fast and 60% cheaper per invocation than 512 MB) (cost strategy, basis "
        "assumed). To decide, measure the average duration at 128 MB and 1024 MB (or run AWS "
        "Lambda Power Tuning) and give the durations with --measured MB=DURATION or "
        "--power-tuning FILE (in a scenario, sizing.measured_durations_ms); or state "
        "--cpu-bound if you know it."
    )
