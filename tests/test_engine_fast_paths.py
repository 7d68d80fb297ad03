"""The cost engine's fast paths for a fleet against its plain code, as the sweep is tested
against the engine (`test_sweep_equivalence`): the same bills, to the last digit and exponent.

* `rates.is_plain`: a function charged for requests, duration, INIT and /tmp only has its
  prices looked up once per (architecture, duration, /tmp) and skips the other chargers;
  with it turned off every function goes the plain way, and the bill must not change.
* the free tier's split: each function's share credit is the free-tier line on its bill, and
  the credits add up to the free tier's total; each architecture's GB-s it splits by are
  the duration charge's sums, and summing them itself gives the same bills.
* a Savings-Plan-eligible spend kept only with a plan: checked by the same bills, whose
  accounts have a plan or not.
"""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sweep_equivalence import functions

from lambdacalc.cost import Component, price
from lambdacalc.cost import rates as rates_module
from lambdacalc.prices import Architecture
from lambdacalc.pricing_files import load_price_book
from lambdacalc.workload import Account, FunctionWorkload, Workload

BOOK = load_price_book()


@st.composite
def plain_functions(draw: st.DrawFn) -> tuple[FunctionWorkload, Account]:
    """A function with no feature beyond requests, duration, INIT and /tmp (most of a fleet)."""
    fn = FunctionWorkload(
        "f",
        draw(st.integers(128, 10_240)),
        Decimal(draw(st.integers(1, 9_000_000))) / 100,
        Decimal(draw(st.sampled_from([0, 1, 999_999, 3_000_000, 10**8, 2 * 10**10]))),
        draw(st.sampled_from(list(Architecture))),
        ephemeral_storage_mb=draw(st.sampled_from([512, 513, 2048, 10_240])),
        cold_start_percent=Decimal(draw(st.sampled_from([0, 1, 100]))),
        init_duration_ms=Decimal(draw(st.integers(0, 10_000))) / 10,
        duration_billed=draw(st.booleans()),
    )
    return fn, Account(free_tier=draw(st.booleans()))


fleets = st.lists(plain_functions() | functions(), min_size=1, max_size=8)


def _workload(drawn: list[tuple[FunctionWorkload, Account]]) -> Workload:
    """The drawn functions, named apart, in the account of the first."""
    fns = tuple(fn._replace(name=f"fn-{i}") for i, (fn, _) in enumerate(drawn))
    return Workload("fleet", drawn[0][1], fns)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=fleets)
def test_plain_functions_bill_as_the_plain_path(
    drawn: list[tuple[FunctionWorkload, Account]],
) -> None:
    workload = _workload(drawn)
    fast = price(workload, BOOK)
    with mock.patch.object(rates_module, "is_plain", lambda u: False):
        plain = price(workload, BOOK)
    assert repr(fast) == repr(plain)  # repr: every Decimal with its exponent


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=fleets)
def test_free_tier_shares_are_the_credits_on_the_bills(
    drawn: list[tuple[FunctionWorkload, Account]],
) -> None:
    bill = price(_workload(drawn), BOOK)
    credits = {
        f.name: sum(i.cost_usd for i in f.items if i.component is Component.FREE_TIER)
        for f in bill.functions
    }
    for share in bill.free_tier.shares:
        assert credits[share.function] == share.credit_usd
    assert sum((s.credit_usd for s in bill.free_tier.shares), Decimal(0)) == (
        bill.free_tier.credit_usd
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=fleets)
def test_free_tier_with_the_duration_groups_sums_bills_as_its_own(
    drawn: list[tuple[FunctionWorkload, Account]],
) -> None:
    # The free tier's split takes each architecture's GB-s from the duration charge's
    # groups; summing them itself instead (as with no such sums given) changes no bill.
    from lambdacalc.cost import account as account_module
    from lambdacalc.cost import credits

    workload = _workload(drawn)
    fast = price(workload, BOOK)
    own_sums = credits.apply_free_tier
    with mock.patch.object(
        account_module,
        "apply_free_tier",
        lambda usages, rates, book, account, _sums: own_sums(usages, rates, book, account),
    ):
        plain = price(workload, BOOK)
    assert repr(fast) == repr(plain)  # repr: every Decimal with its exponent


def test_a_plain_function_is_told_apart() -> None:
    # A function with no feature beyond requests, duration, INIT and /tmp is plain; one
    # with provisioned concurrency, streaming or a large async event is not.
    from lambdacalc.cost.rules import usage
    from lambdacalc.workload import ProvisionedConcurrency

    fn = FunctionWorkload("f", 128, Decimal(100), Decimal(1000), ephemeral_storage_mb=1024)
    assert rates_module.is_plain(usage(fn))
    pc = ProvisionedConcurrency(environments=1)
    assert not rates_module.is_plain(usage(fn._replace(provisioned=pc)))
    big = Decimal(7 * 1024 * 1024)  # 7 MB: 1 MB beyond the free 6 MB of a stream
    assert not rates_module.is_plain(usage(fn._replace(response_bytes_per_request=big)))
    assert not rates_module.is_plain(usage(fn._replace(async_event_kb=Decimal(512))))
    assert not rates_module.is_plain(usage(fn._replace(edge=True)))


# Every field of a function, sorted by how the plain path treats it. A field added to
# FunctionWorkload fails the test below until it is put in one of these sets: a new
# charge must also make `rates.is_plain` false, or its functions would skip its charger.
PLAIN_PATH_FIELDS = {  # read and billed by the plain path
    "name", "memory_mb", "duration_ms", "requests_per_month", "architecture",
    "ephemeral_storage_mb", "cold_start_percent", "init_duration_ms", "duration_billed",
}  # fmt: skip
FEATURE_FIELDS = {  # what is_plain looks at (an SQS source only with pollers, streaming by its GB)
    "provisioned", "snapstart", "response_bytes_per_request", "async_event_kb", "edge",
    "sqs", "durable", "tenant_isolation", "kafka", "managed_instances",
}  # fmt: skip
NOT_LAMBDA_CHARGES = {  # no Lambda line item: limits, sizing hints, costs around Lambda
    "peak_requests_per_second", "reserved_concurrency", "sizing", "log_bytes_per_request",
    "around",
}  # fmt: skip


def test_the_default_features_shortcut_answers_as_the_fields_do() -> None:
    # `is_plain` answers a function whose fields from `provisioned` on are all at their
    # defaults in one compare: every feature field is among them, each default is "not
    # used", and with the shortcut never taken the fields read one by one say plain too.
    from lambdacalc.cost.rules import usage

    first = FunctionWorkload._fields.index("provisioned")
    assert all(FunctionWorkload._fields.index(name) >= first for name in FEATURE_FIELDS)
    fn = FunctionWorkload("f", 128, Decimal(100), Decimal(1000))
    assert fn[rates_module._FROM_FIRST_FEATURE] == rates_module._THEIR_DEFAULTS
    assert rates_module.is_plain(usage(fn))
    with mock.patch.object(rates_module, "_THEIR_DEFAULTS", ()):
        assert rates_module.is_plain(usage(fn))


@settings(max_examples=300, deadline=None)
@given(drawn=fleets)
def test_is_plain_with_and_without_its_shortcut(
    drawn: list[tuple[FunctionWorkload, Account]],
) -> None:
    from lambdacalc.cost.rules import usage

    for fn, _ in drawn:
        u = usage(fn)
        fast = rates_module.is_plain(u)
        with mock.patch.object(rates_module, "_THEIR_DEFAULTS", ()):
            assert rates_module.is_plain(u) == fast


def test_every_function_field_is_sorted_for_the_plain_path() -> None:
    """A new FunctionWorkload field must be sorted into one of the three sets above (and, if
    it is a charge, excluded by `rates.is_plain`), so the fast path can never skip it."""
    sorted_fields = PLAIN_PATH_FIELDS | FEATURE_FIELDS | NOT_LAMBDA_CHARGES
    assert set(FunctionWorkload._fields) == sorted_fields
    assert not (PLAIN_PATH_FIELDS & FEATURE_FIELDS or FEATURE_FIELDS & NOT_LAMBDA_CHARGES)
