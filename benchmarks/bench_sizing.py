"""Benchmark: the full 1 MB sweep (10,113 sizes) costed and ranked in-process.

    python benchmarks/bench_sizing.py [--runs N] [--check]

Goal: under 50 ms per sweep (issue 4), the median of --runs after a warm-up run, for each
strategy; then the cost strategy for a workload with every charge the monthly cost can
carry beyond requests and duration (provisioned concurrency, INIT, /tmp, a Savings Plan),
which takes the general pricing path.
"""

from __future__ import annotations

from decimal import Decimal

from harness import Bench

from lambdacalc.cost.rates import RateCard
from lambdacalc.sizing import (
    SWEEP_SIZES_MB,
    DurationModel,
    MemoryFloor,
    Point,
    Strategy,
    compare,
)
from lambdacalc.workload import FunctionWorkload, ProvisionedConcurrency, SavingsPlan

RATES = RateCard(
    request_usd=Decimal("0.0000002"),
    duration_tiers=(
        (Decimal("6000000000"), Decimal("0.0000166667")),
        (Decimal("15000000000"), Decimal("0.0000150000")),
        (None, Decimal("0.0000133334")),
    ),
    ephemeral_usd_per_gb_s=Decimal("0.0000000309"),
)
WORKLOAD = FunctionWorkload("f", 128, Decimal(2500), Decimal(10_000_000), ephemeral_storage_mb=1024)
EVERY_CHARGE_RATES = RATES._replace(
    provisioned_usd_per_gb_s=Decimal("0.0000041667"),
    provisioned_duration_usd_per_gb_s=Decimal("0.0000097222"),
    savings_plan=SavingsPlan(Decimal(17)),
)
EVERY_CHARGE = WORKLOAD._replace(
    cold_start_percent=Decimal(1),
    init_duration_ms=Decimal(400),
    provisioned=ProvisionedConcurrency(5, Decimal(300)),
)
MODELS = {
    "one point, cpu_bound 0.9": DurationModel.build(
        [Point(128, Decimal(2500))], cpu_bound=Decimal("0.9")
    ),
    "three measured points": DurationModel.build(
        [Point(128, Decimal(2500)), Point(1024, Decimal(300)), Point(3008, Decimal(150))]
    ),
}


def sweep(
    model: DurationModel,
    strategy: Strategy,
    rates: RateCard = RATES,
    workload: FunctionWorkload = WORKLOAD,
) -> None:
    result = compare(
        model,
        SWEEP_SIZES_MB,
        rates,
        workload,
        strategy=strategy,
        max_duration_ms=Decimal(500) if strategy is Strategy.MAX_DURATION else None,
        floor=MemoryFloor(Decimal(180)),
    )
    assert len(result.options) == 10_113
    assert result.recommendation.option is not None


def main() -> None:
    bench = Bench("full sweep, 10,113 sizes", runs=15)
    bench.parse()
    for name, model in MODELS.items():
        for strategy in Strategy:
            seconds = bench.time_calls(
                lambda model=model, strategy=strategy: sweep(model, strategy)
            )
            bench.figure(f"{name}, {strategy.value}", seconds * 1000, " ms", 50.0)
    model = MODELS["one point, cpu_bound 0.9"]
    seconds = bench.time_calls(
        lambda: sweep(model, Strategy.COST, EVERY_CHARGE_RATES, EVERY_CHARGE)
    )
    bench.figure("every charge: PC, INIT, SP, cost", seconds * 1000, " ms", 50.0)
    bench.finish()


if __name__ == "__main__":
    main()
