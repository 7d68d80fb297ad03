"""The sweep's closed form (`lambdacalc.cost.sweep`) against the engine (`lambdacalc.cost.price`),
as CPython tests `_decimal` against `_pydecimal`: the same test bodies run on both.

`monthly` below is the one interface both answer: the month's cost of a function alone (a
one-function account) at a memory size where its average duration is given. The engine builds
the bill of the function at that size (`function_at`); the sweep prices the size in closed form
from the function's rate card. Worked numbers have their arithmetic in comments, from the
bundled book's us-east-1 rates: requests $0.20/M; x86 duration $0.0000166667 / $0.000015 /
$0.0000133334 per GB-s at 0-6B / 6B-15B / over 15B; PC x86 $0.0000041667, PC duration x86
$0.0000097222; /tmp $0.0000000309 per GB-s; SnapStart cache $0.0000015046 per GB-s;
streaming $0.008 per GB; Lambda@Edge $0.60/M and $0.00005001 per GB-s; free tier 1M requests,
400,000 GB-s, 100 GB streamed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambdacalc.cost import price
from lambdacalc.cost.rates import rate_card
from lambdacalc.cost.rules import function_at
from lambdacalc.cost.sweep import monthly_usd
from lambdacalc.prices import Architecture
from lambdacalc.pricing_files import load_price_book
from lambdacalc.sizing import DurationModel, Point, compare
from lambdacalc.workload import (
    Account,
    Durable,
    FunctionWorkload,
    KafkaSource,
    ProvisionedConcurrency,
    SavingsPlan,
    SnapStart,
    SqsSource,
    TenantIsolation,
    Workload,
)

D = Decimal
BOOK = load_price_book()

Monthly = Callable[[FunctionWorkload, Account, int, Decimal], Decimal]


def engine_monthly(
    fn: FunctionWorkload, account: Account, memory_mb: int, duration_ms: Decimal
) -> Decimal:
    """The reference: the bill of a one-function account with the function at that size."""
    at_size = function_at(fn, memory_mb, duration_ms)
    return price(Workload("w", account, (at_size,)), BOOK).total_usd


def sweep_monthly(
    fn: FunctionWorkload, account: Account, memory_mb: int, duration_ms: Decimal
) -> Decimal:
    """The closed form the memory sweep uses, from the function's rate card."""
    return monthly_usd(rate_card(fn, account, BOOK), fn, memory_mb, duration_ms)


IMPLEMENTATIONS = {"engine": engine_monthly, "sweep": sweep_monthly}


@pytest.fixture(scope="module", params=list(IMPLEMENTATIONS))
def monthly(request: pytest.FixtureRequest) -> Monthly:
    return IMPLEMENTATIONS[request.param]


def fn(
    requests: int | Decimal,
    memory_mb: int = 128,
    duration_ms: Decimal = Decimal(100),
    **fields: Any,
) -> FunctionWorkload:
    return FunctionWorkload("f", memory_mb, duration_ms, D(requests), **fields)


NO_FREE = Account(free_tier=False)


# --- worked numbers, the same on both ------------------------------------------------------------


def test_requests_and_duration_less_the_free_tier(monthly: Monthly) -> None:
    # 1024 MB at 300 ms, 10M calls: 10M x 0.3 s x 1 GB = 3,000,000 GB-s - 400,000 free
    # = 2,600,000 x $0.0000166667 = $43.33342; requests (10M - 1M) x $0.0000002 = $1.80
    assert monthly(fn(10_000_000), Account(), 1024, D(300)) == D("45.13342")


def test_beyond_the_first_tier_the_free_gb_s_are_credited_at_tier_1(monthly: Monthly) -> None:
    # 8B calls x 1 s x 1 GB = 8,000,000,000 GB-s: 6B x $0.0000166667 = $100,000.20 + 2B x
    # $0.000015 = $30,000 -> $130,000.20, less 400,000 x $0.0000166667 = $6.66668 ->
    # $129,993.53332; requests (8B - 1M) x $0.0000002 = $1,599.80 -> $131,593.33332
    big = fn(8_000_000_000, 2048, D(1000))
    assert monthly(big, Account(), 1024, D(1000)) == D("131593.33332")


def test_edge_at_its_flat_rates_without_free_tier(monthly: Monthly) -> None:
    # 10M x $0.0000006 = $6.00; 10M x 0.05 s x 0.125 GB = 62,500 GB-s x $0.00005001 = $3.125625
    assert monthly(fn(10_000_000, edge=True), Account(), 128, D(50)) == D("9.125625")


def test_large_async_events_bill_more_requests(monthly: Monthly) -> None:
    # 300 KB: 1 + ceil(44 / 64) = 2 requests a call: 20M - 1M free = 19M x $0.0000002 = $3.80;
    # 10M x 0.1 s x 0.125 GB = 125,000 GB-s, within the free 400,000
    assert monthly(fn(10_000_000, async_event_kb=D(300)), Account(), 128, D(100)) == D("3.8")


def test_init_adds_ceil_of_init_plus_duration(monthly: Monthly) -> None:
    # 10% of 10M = 1M cold starts, each billed ceil(250 + 100) - 100 = 250 ms more:
    # 1M x 0.25 s x 0.125 GB = 31,250 GB-s; calls 10M x 0.1 s x 0.125 GB = 125,000 GB-s;
    # 156,250 x $0.0000166667 = $2.604171875; requests 10M x $0.0000002 = $2 (no free tier)
    cold = fn(10_000_000, cold_start_percent=D(10), init_duration_ms=D(250))
    assert monthly(cold, NO_FREE, 128, D(100)) == D("4.604171875")


def test_ephemeral_storage_above_512_mb(monthly: Monthly) -> None:
    # /tmp 1024 MB: 512 MB extra x 10M x 100 ms = 500,000 GB-s x $0.0000000309 = $0.01545;
    # duration 125,000 GB-s x $0.0000166667 = $2.0833375; requests $2 -> $4.0987875
    tmp = fn(10_000_000, ephemeral_storage_mb=1024)
    assert monthly(tmp, NO_FREE, 128, D(100)) == D("4.0987875")


def test_response_streaming_beyond_6_mb(monthly: Monthly) -> None:
    # 7 MB each: 1 MB beyond the free 6 MB x 1M = 976.5625 GB x $0.008 = $7.8125; requests
    # $0.20; 1M x 0.6 s x 0.125 GB = 75,000 GB-s x $0.0000166667 = $1.2500025 -> $9.2625025
    streamed = fn(1_000_000, response_bytes_per_request=D(7 * 1024 * 1024))
    assert monthly(streamed, NO_FREE, 128, D(600)) == D("9.2625025")
    # At 100 ms the 1 MB beyond 6 MB still needs 1 MB / (2 MB/s) = 500 ms, so 500 ms is
    # billed: 1M x 0.5 s x 0.125 GB = 62,500 GB-s x $0.0000166667 = $1.04166875 -> $9.05416875
    assert monthly(streamed, NO_FREE, 128, D(100)) == D("9.05416875")


def test_provisioned_concurrency_by_memory(monthly: Monthly) -> None:
    # 10 environments all month (730 h = 2,628,000 s), no traffic: 1024 MB is 26,280,000 GB-s
    # x $0.0000041667 = $109.500876; 2048 MB twice that
    pc = fn(0, 1024, D(200), provisioned=ProvisionedConcurrency(environments=10))
    assert monthly(pc, Account(), 1024, D(200)) == D("109.500876")
    assert monthly(pc, Account(), 2048, D(100)) == D("219.001752")


def test_provisioned_concurrency_serves_what_it_can(monthly: Monthly) -> None:
    # 1 environment all month at 100 ms serves 2,628,000,000 ms / 100 = 26,280,000 calls, all of
    # them: PC 2,628,000 s x 1 GB x $0.0000041667 = $10.9500876; PC duration 26.28M x 0.1 s x
    # 1 GB = 2,628,000 GB-s x $0.0000097222 = $25.5499416; requests (26.28M - 1M) x
    # $0.0000002 = $5.056 -> $41.5560292
    pc = fn(26_280_000, 1024, provisioned=ProvisionedConcurrency(environments=1))
    assert monthly(pc, Account(), 1024, D(100)) == D("41.5560292")


def test_snapstart_cache_by_memory(monthly: Monthly) -> None:
    # cache 1 GB x 730 h x 3600 s = 2,628,000 GB-s x $0.0000015046 = $3.9540888; 1000 calls
    # and their GB-s are free; restore_percent 0: no restores. 2048 MB: twice the cache.
    snap = fn(1000, 1024, snapstart=SnapStart("python"))
    assert monthly(snap, Account(), 1024, D(100)) == D("3.9540888")
    assert monthly(snap, Account(), 2048, D(75)) == D("7.9081776")
    # Java managed runtimes pay no SnapStart fees
    assert monthly(fn(1000, 1024, snapstart=SnapStart("java")), Account(), 1024, D(100)) == 0


def test_savings_plan_discount_and_commitment(monthly: Monthly) -> None:
    # 10M x 1 s x 1 GB = 10,000,000 GB-s x $0.0000166667 = $166.667; requests $2
    busy = fn(10_000_000, 1024, D(1000))
    # 20% off the duration: $166.667 x 0.8 = $133.3336 -> $135.3336
    assert monthly(busy, NO_FREE._replace(savings_plan=SavingsPlan(D(20))), 1024, D(1000)) == D(
        "135.3336"
    )
    # $1/h at 17% off: $730 paid, covering up to $879.52 of usage, more than the $166.667:
    # requests $2 + $730 -> $732
    committed = NO_FREE._replace(savings_plan=SavingsPlan(D(17), D(1)))
    assert monthly(busy, committed, 1024, D(1000)) == D(732)


def test_a_billed_mean_is_billed_as_given_but_at_least_1_ms(monthly: Monthly) -> None:
    # 1e9 x 1.3333333333333333 ms x 1 GB = 1,333,333.3333333333 GB-s x $0.0000166667
    # = $22.22226666666666611111 + requests $200
    billed = fn(10**9, 1024, D("1.3333333333333333"), duration_billed=True)
    assert monthly(billed, NO_FREE, 1024, D("1.3333333333333333")) == D("222.22226666666666611111")
    # 0.67 ms is billed 1 ms: 1e9 x 0.001 s x 2 GB = 2,000,000 GB-s = $33.3334 + $200
    assert monthly(billed, NO_FREE, 2048, D("0.6666666666666667")) == D("233.3334")


# --- properties, the same on both, and the two against each other --------------------------------


def test_durable_operations_data_written_and_retained(monthly: Monthly) -> None:
    # 1M invocations, 2 an execution: 500,000 executions × 4 = 2,000,000 operations × $8/M
    # = $16; 2M × 26 KB = 52 GB × $0.25 = $13; 52 GB × (7 + 14) / 30 = 36.4 GB-months ×
    # $0.15 = $5.46; requests $0.20; 1M × 1 s × 1 GB = 1,000,000 GB-s × $0.0000166667
    # = $16.6667. Total $51.3267, the same at any memory for the durable part.
    durable = fn(1_000_000, durable=Durable(D(2), D(4), D(26), D(7), D(14)))
    assert monthly(durable, NO_FREE, 1024, D(1000)) == D("51.3267")


def test_tenant_isolation_by_memory(monthly: Monthly) -> None:
    # 1,000 new environments × 2 GB × $0.000167 = $0.334; requests $0.20; 1M × 0.1 s × 2 GB
    # = 200,000 GB-s × $0.0000166667 = $3.33334. Total $3.86734
    tenants = fn(1_000_000, tenant_isolation=TenantIsolation(D(1000)))
    assert monthly(tenants, NO_FREE, 2048, D(100)) == D("3.86734")
    # at 1 GB the environments cost half: 1,000 × 1 GB × $0.000167 = $0.167, and
    # 1M × 0.2 s × 1 GB = 200,000 GB-s as before: $0.20 + $3.33334 + $0.167 = $3.70034
    assert monthly(tenants, NO_FREE, 1024, D(200)) == D("3.70034")


def test_event_poller_units_of_sqs_and_kafka(monthly: Monthly) -> None:
    # SQS: 3 pollers = 3 EPUs × 100 h = 300 EPU-hours × $0.00925 = $2.775 (no requests)
    sqs = fn(0, sqs=SqsSource(None, (3, 10), D(100)))
    assert monthly(sqs, NO_FREE, 128, D(100)) == D("2.775")
    # Kafka: 11 pollers ÷ 10 an EPU = 2 EPUs × 0.5 h = 1 EPU-hour × $0.185; measured 40 EPU-
    # hours instead: 40 × $0.185 = $7.40
    kafka = fn(0, kafka=KafkaSource((11, 50), D("0.5")))
    assert monthly(kafka, NO_FREE, 128, D(100)) == D("0.185")
    measured = fn(0, kafka=KafkaSource((11, 50), D(730), D(40)))
    assert monthly(measured, NO_FREE, 128, D(100)) == D("7.40")


_MONEY_TOLERANCE = D("1e-15")  # Decimal's last digits only; both sides keep 28 of them

sizes_st = st.lists(st.integers(128, 10_240), min_size=1, max_size=6, unique=True)


@st.composite
def functions(draw: st.DrawFn) -> tuple[FunctionWorkload, Account]:
    edge = draw(st.booleans())
    memory = draw(st.integers(128, 10_240))
    duration = D(draw(st.integers(1, 9_000_000))) / 100  # 0.01 ms .. 90 s, to 0.01 ms
    billed = draw(st.booleans())  # a mean of Billed Durations: at least 1 ms, any digits
    if billed:
        duration = draw(
            st.sampled_from([D(1), D(4) / 3, D("1.0001"), D(7) / 3])
            | st.integers(100, 9_000_000).map(lambda n: D(n) / 100)
        )
    requests = D(draw(st.sampled_from([0, 1, 999_999, 3_000_000, 10**8, 4 * 10**9, 2 * 10**10])))
    arch = Architecture.X86_64 if edge else draw(st.sampled_from(list(Architecture)))
    extra: dict[str, Any] = {}
    if draw(st.booleans()):
        extra["async_event_kb"] = D(draw(st.integers(1, 1024)))
    if draw(st.booleans()):
        extra["cold_start_percent"] = D(draw(st.integers(0, 100)))
        extra["init_duration_ms"] = D(draw(st.integers(0, 10_000))) / 10
    if not edge:
        extra["ephemeral_storage_mb"] = draw(st.sampled_from([512, 513, 2048, 10_240]))
        feature = draw(st.sampled_from(["none", "pc", "snapstart"]))
        if feature == "pc":
            extra["provisioned"] = ProvisionedConcurrency(
                environments=draw(st.integers(1, 50)),
                hours_per_month=D(draw(st.integers(1, 730 * 60))) / 60,
                requests_per_month=draw(st.none() | st.sampled_from([D(0), D(5_000_000)])),
                duration_ms=draw(st.none() | st.sampled_from([D("0.5"), D(80), D("1234.5")])),
            )
        elif feature == "snapstart":
            extra["snapstart"] = SnapStart(
                runtime=draw(st.sampled_from(["python", "dotnet", "java"])),
                active_hours_per_month=D(draw(st.integers(1, 744))),
                restore_percent=D(draw(st.integers(0, 100))),
            )
    if draw(st.booleans()):
        extra["response_bytes_per_request"] = D(draw(st.integers(0, 20 * 1024 * 1024)))
    if not edge and draw(st.booleans()):
        extra["durable"] = Durable(
            D(draw(st.integers(1, 5))),
            D(draw(st.integers(1, 20))),
            D(draw(st.integers(0, 256))),
            D(draw(st.integers(0, 30))),
            D(draw(st.integers(1, 90))),
        )
    if arch is Architecture.X86_64 and not edge and draw(st.booleans()):
        extra["tenant_isolation"] = TenantIsolation(D(draw(st.integers(0, 10**6))))
    if draw(st.booleans()):
        extra["sqs"] = SqsSource(None, (2, 20), D(draw(st.integers(1, 730 * 60))) / 60)
    if draw(st.booleans()):
        extra["kafka"] = KafkaSource((draw(st.integers(1, 30)), 40), D(draw(st.integers(1, 730))))
    fn = FunctionWorkload("f", memory, duration, requests, arch, duration_billed=billed, **extra)
    plan = None
    if draw(st.booleans()):
        plan = SavingsPlan(
            D(draw(st.integers(1, 99))),
            draw(st.none() | st.sampled_from([D("0.01"), D("1.5"), D(400)])),
        )
    return fn, Account(free_tier=draw(st.booleans()), savings_plan=plan)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    workload=functions(),
    sizes=sizes_st,
    cpu_bound=st.integers(0, 100),
    threads=st.integers(1, 8),
)
def test_sweep_at_every_size_compared_is_the_engines_total(
    workload: tuple[FunctionWorkload, Account], sizes: list[int], cpu_bound: int, threads: int
) -> None:
    fn, account = workload
    model = DurationModel.build(
        [Point(fn.memory_mb, fn.duration_ms)], cpu_bound=D(cpu_bound) / 100, threads=threads
    )
    rates = rate_card(fn, account, BOOK)
    result = compare(model, sizes, rates, fn, baseline_mb=fn.memory_mb)
    for option in result.options:
        at_size = function_at(fn, option.memory_mb, option.duration_ms)
        engine = price(Workload("w", account, (at_size,)), BOOK).total_usd
        assert abs(option.monthly_usd - engine) <= _MONEY_TOLERANCE, (option, engine)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workload=functions(), memory_mb=st.integers(128, 10_240))
def test_a_month_is_never_negative_and_the_free_tier_never_adds(
    monthly: Monthly, workload: tuple[FunctionWorkload, Account], memory_mb: int
) -> None:
    fn, account = workload
    with_free = monthly(fn, account._replace(free_tier=True), memory_mb, fn.duration_ms)
    without = monthly(fn, account._replace(free_tier=False), memory_mb, fn.duration_ms)
    # (a free tier that covers the whole month can come out 1E-34 below 0: the credit and
    # the charges it cancels are divided out separately, in 28-digit Decimal arithmetic)
    assert with_free >= -_MONEY_TOLERANCE
    assert without >= with_free - _MONEY_TOLERANCE
