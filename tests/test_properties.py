"""Invariants of the cost model, for any workload hypothesis can think of."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import example, given, settings
from hypothesis import strategies as st

from lambdacalc.cost import price, tiered_cost_usd
from lambdacalc.prices import Architecture
from lambdacalc.pricing_files import load_price_book
from lambdacalc.workload import (
    Account,
    FunctionWorkload,
    ProvisionedConcurrency,
    SavingsPlan,
    Workload,
)

BOOK = load_price_book()

memory = st.integers(128, 10240)
duration = st.decimals(D("0.5"), D(900_000), places=1)
requests = st.decimals(D(0), D(10) ** 11, places=0)
arch = st.sampled_from(list(Architecture))


@st.composite
def functions(draw: st.DrawFn, name: str = "f") -> FunctionWorkload:
    pc = None
    if draw(st.booleans()):
        pc = ProvisionedConcurrency(
            draw(st.integers(1, 500)), draw(st.decimals(D(1), D(730), places=2))
        )
    return FunctionWorkload(
        name=name,
        memory_mb=draw(memory),
        duration_ms=draw(duration),
        requests_per_month=draw(requests),
        architecture=draw(arch),
        ephemeral_storage_mb=draw(st.integers(512, 10240)),
        cold_start_percent=draw(st.decimals(D(0), D(100), places=1)),
        init_duration_ms=draw(st.decimals(D(0), D(10_000), places=0)),
        provisioned=pc,
    )


accounts = st.builds(
    Account,
    region=st.just("us-east-1"),
    concurrency_limit=st.just(1000),
    free_tier=st.booleans(),
    savings_plan=st.none()
    | st.builds(
        SavingsPlan,
        st.decimals(D(1), D(72), places=0),
        st.none() | st.decimals(D("0.001"), D(100), places=3),
        term=st.none(),  # a discount as given (term and payment are looked up: test_plans)
        payment=st.none(),
        source=st.just(""),
    ),
)


def total(fns: list[FunctionWorkload], account: Account) -> D:
    """The bill to 1e-15 USD: shares of a commitment or tier are divided out in 28-digit
    Decimal arithmetic, so two equal bills can differ in the 28th digit."""
    return price(Workload("p", account, tuple(fns)), BOOK).total_usd.quantize(D("1e-15"))


@settings(max_examples=150, deadline=None)
@given(fns=st.lists(functions(), min_size=1, max_size=4), account=accounts)
def test_total_is_the_sum_of_its_parts_and_no_charge_is_negative(
    fns: list[FunctionWorkload], account: Account
) -> None:
    fns = [f._replace(name=f"f{i}") for i, f in enumerate(fns)]
    bill = price(Workload("p", account, tuple(fns)), BOOK)
    assert bill.total_usd == sum(f.total_usd for f in bill.functions)
    for f in bill.functions:
        assert f.total_usd == sum(i.cost_usd for i in f.items)
        for item in f.items:
            if item.component.value not in ("free_tier", "savings_plan"):
                assert item.cost_usd >= 0, item
    # the free tier never gives back more than the usage it covers
    assert bill.free_tier.requests_used <= bill.free_tier.requests_allowance
    assert bill.free_tier.gb_s_used <= bill.free_tier.gb_s_allowance
    if account.savings_plan is None or account.savings_plan.commitment_usd_per_hour is None:
        assert bill.total_usd >= 0


@settings(max_examples=150, deadline=None)
@given(
    f=functions(),
    account=accounts,
    more_requests=st.decimals(D(0), D(10) ** 9, places=0),
    more_ms=st.decimals(D(0), D(10_000), places=1),
    more_mb=st.integers(0, 4096),
)
@example(
    # A Savings Plan commitment ($0.001 × 730 h = $0.73) above the eligible spend pays for
    # all the duration, so the bill is $0.73 + 100 requests ($0.00002) + /tmp (80 MB × 100 ×
    # 63.682 s = 497.515625 GB-s × $0.0000000309 = $0.0000153732328125) = $0.7300353732328125
    # at 232 MB and at 233 MB alike; the sole function's share once came out a 1e-28 lower.
    f=FunctionWorkload(
        "f", 232, D("63681.1"), D(100), Architecture.X86_64, ephemeral_storage_mb=592
    ),
    account=Account("us-east-1", free_tier=False, savings_plan=SavingsPlan(D(1), D("0.001"))),
    more_requests=D(0),
    more_ms=D(0),
    more_mb=1,
)
def test_cost_never_falls_when_requests_duration_or_memory_grow(
    f: FunctionWorkload, account: Account, more_requests: D, more_ms: D, more_mb: int
) -> None:
    if f.provisioned is not None:  # a bigger workload may shift traffic onto cheaper PC
        f = f._replace(provisioned=None)
    base = total([f], account)
    assert (
        total([f._replace(requests_per_month=f.requests_per_month + more_requests)], account)
        >= base
    )
    longer = min(f.duration_ms + more_ms, D(900_000))
    assert total([f._replace(duration_ms=longer)], account) >= base
    bigger = min(f.memory_mb + more_mb, 10240)
    assert total([f._replace(memory_mb=bigger)], account) >= base


@given(arch=arch, gb_s=st.decimals(D(0), D(3) * D(10) ** 10, places=3))
def test_tiered_cost_is_continuous_and_monotonic(arch: Architecture, gb_s: D) -> None:
    tiers = BOOK.duration_tiers("us-east-1", arch)
    step = D("0.001")
    low, high = tiered_cost_usd(tiers, gb_s), tiered_cost_usd(tiers, gb_s + step)
    # one more thousandth of a GB-s never costs more than the first tier's rate for it
    assert D(0) <= high - low <= step * tiers[0].usd_per_gb_s


@given(f=functions())
def test_arm_never_costs_more_than_x86(f: FunctionWorkload) -> None:
    account = Account(free_tier=False)
    x86 = total([f._replace(architecture=Architecture.X86_64)], account)
    arm = total([f._replace(architecture=Architecture.ARM64)], account)
    assert arm <= x86
