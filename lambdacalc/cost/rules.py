"""The billing rules of Lambda, each defined once: what one function's month bills.

Every charge the engine (`lambdacalc.cost.account`) and the memory sweep
(`lambdacalc.cost.sweep`) make rests on the functions here. A new pricing rule goes here
(or, for a charge beside compute, in `rules_extras`; for Managed Instances, in `rules_managed`),
as a function of the quantities it needs; `usage` applies the rules to one function, the
account engine prices the quantities and the sweep reuses the same functions per memory size.

All quantities are per month, all money Decimal USD, nothing rounded for display. The one
rule defined elsewhere is billed ms, `units.billed_duration_ms` (whole ms rounded up, or a mean
of Billed Durations as it is, at least 1 ms), since the log readers report it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

# re-exported, for the sweep and the tests that import every rule from here
from lambdacalc.cost.at_size import function_at as function_at
from lambdacalc.cost.at_size import pc_duration_at as pc_duration_at
from lambdacalc.cost.rules_extras import tenant_environment_gb as tenant_environment_gb
from lambdacalc.units import (
    HOURS_PER_MONTH,
    HUNDRED,
    MB_PER_GB,
    MS_PER_S,
    ONE,
    S_PER_HOUR,
    ZERO,
    billed_duration_ms,
    ceil_ms,
)
from lambdacalc.workload import FunctionWorkload, ProvisionedConcurrency

if TYPE_CHECKING:
    from lambdacalc.cost.bill import LineItem

FREE_EPHEMERAL_MB = 512  # /tmp up to 512 MB is free
ASYNC_FREE_KB = 256  # an async event's first 256 KB count as its one request
ASYNC_CHUNK_KB = 64  # each further 64 KB (or part) counts one more, up to 1 MB
STREAM_FREE_BYTES_PER_REQUEST = 6 * 1024 * 1024  # the first 6 MB of each response stream
# Beyond a response's first 6 MB (uncapped) Lambda streams at most 2 MB/s ("2MBps"), 1024-based
# as the 6 MB: https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html
STREAM_UNCAPPED_BYTES = 6 * 1024 * 1024
STREAM_CAPPED_BYTES_PER_S = Decimal(2 * 1024 * 1024)
BYTES_PER_GB = Decimal(1024**3)
SNAPSTART_MIN_HOURS = Decimal(3)  # the cache is charged for at least 3 hours
SNAPSTART_FREE_RUNTIMES = frozenset({"java"})  # Java managed runtimes pay no SnapStart fees
MB_MS_PER_GB_S = MB_PER_GB * MS_PER_S  # MB × ms → GB-s

# --- duration ----------------------------------------------------------------------------------


def tiered_cost_usd(tiers: Sequence[tuple[Decimal | None, Decimal]], gb_s: Decimal) -> Decimal:
    """Cost of `gb_s` GB-s counted from zero through cumulative tiers (up_to, rate)."""
    cost = ZERO
    lower = ZERO
    for up_to, rate in tiers:
        if up_to is None or gb_s <= up_to:
            return cost + (gb_s - lower) * rate
        cost += (up_to - lower) * rate
        lower = up_to
    return cost  # unreachable for a valid book: its last tier is open-ended


# --- INIT (cold starts) ------------------------------------------------------------------------


def has_init(fn: FunctionWorkload) -> bool:
    """Cold starts are billed: some share of invocations runs an INIT of some duration."""
    return bool(fn.cold_start_percent and fn.init_duration_ms)


def cold_starts(on_demand_requests: Decimal, cold_start_percent: Decimal) -> Decimal:
    """On-demand invocations that run INIT (PC-served ones never do)."""
    return on_demand_requests * cold_start_percent / HUNDRED


def init_extra_ms(init_ms: Decimal, duration_ms: Decimal, billed_ms: Decimal) -> Decimal:
    """A cold invocation is billed ceil(INIT + duration) ms (since 1 Aug 2025), so INIT adds
    that less the invocation's own billed ms."""
    return ceil_ms(init_ms + duration_ms) - billed_ms


# --- ephemeral storage -------------------------------------------------------------------------


def extra_storage_mb(ephemeral_storage_mb: int) -> int:
    """The configured /tmp above the free 512 MB; memory does not enter this charge."""
    return max(0, ephemeral_storage_mb - FREE_EPHEMERAL_MB)


def storage_gb_s(billed_total_ms: Decimal, ephemeral_storage_mb: int) -> Decimal:
    """Ephemeral storage GB-s: MB above the free 512 × every billed ms (INIT, PC included)."""
    return billed_total_ms * extra_storage_mb(ephemeral_storage_mb) / MB_MS_PER_GB_S


# --- provisioned concurrency -------------------------------------------------------------------


def pc_billed_hours(hours: Decimal) -> Decimal:
    """Enabled time rounds up to whole 5-minute steps (12 a hour).

    The step count is first rounded to 1e-9 so that hours written as fractions
    (61/60) do not gain a step from Decimal's last-digit noise.
    """
    steps = (hours * 12).quantize(Decimal("1e-9")).to_integral_value(rounding=ROUND_CEILING)
    return steps / 12


def pc_billed_seconds(hours: Decimal) -> Decimal:
    """The seconds each environment is billed: the billed hours, in whole seconds."""
    return (pc_billed_hours(hours) * S_PER_HOUR).quantize(ONE)


def pc_window(
    requests: Decimal, environments: int, hours_per_month: Decimal, given_requests: Decimal | None
) -> tuple[Decimal, Decimal]:
    """The requests meant for PC (given, or the month's traffic while it is enabled) and the
    environment-ms it is enabled. By Little's law an environment serves one request at a
    time, so PC serves min(meant, enabled ms ÷ ms per request); the rest spills over to
    on-demand (`pc_served`)."""
    meant = (
        requests * hours_per_month / HOURS_PER_MONTH
        if given_requests is None
        else min(given_requests, requests)
    )
    return meant, environments * hours_per_month * S_PER_HOUR * MS_PER_S


def pc_served(meant: Decimal, enabled_ms: Decimal, pc_ms: Decimal) -> tuple[Decimal, Decimal]:
    """(requests PC serves, the most it could serve): min(meant, enabled ms ÷ ms each)."""
    capacity = enabled_ms / pc_ms if pc_ms else meant
    return (capacity if capacity < meant else meant), capacity


def pc_billed_ms(stated_ms: Decimal | None, billed_ms: Decimal) -> Decimal:
    """A PC-served invocation's billed ms: the function's own, or a stated PC duration
    rounded up to whole ms."""
    return billed_ms if stated_ms is None else ceil_ms(stated_ms)


# --- requests, streaming, SnapStart ------------------------------------------------------------


def requests_per_async_event(event_kb: Decimal) -> int:
    """An asynchronous event bills 1 request for its first 256 KB and 1 more for each
    further 64 KB or part of it: a 1 MB (1,024 KB) event is 1 + ceil(768 / 64) = 13."""
    extra_kb = max(ZERO, event_kb - ASYNC_FREE_KB)
    return 1 + int((extra_kb / ASYNC_CHUNK_KB).to_integral_value(rounding=ROUND_CEILING))


def requests_per_invocation(fn: FunctionWorkload) -> int:
    """Requests billed per invocation: 1, or more for a large async event."""
    return 1 if fn.async_event_kb is None else requests_per_async_event(fn.async_event_kb)


def streamed_gb(fn: FunctionWorkload) -> Decimal:
    """Response-stream GB a month beyond the free 6 MB of each response (memory does not
    change it)."""
    if fn.response_bytes_per_request is None:
        return ZERO
    beyond = fn.response_bytes_per_request - STREAM_FREE_BYTES_PER_REQUEST
    return fn.requests_per_month * beyond / BYTES_PER_GB if beyond > 0 else ZERO


def stream_floor_ms(response_bytes: Decimal | None) -> Decimal:
    """The least duration a streamed response of this size takes: its bytes beyond the
    uncapped first 6 MB at 2 MB/s (0 without streaming or within 6 MB)."""
    if response_bytes is None or response_bytes <= STREAM_UNCAPPED_BYTES:
        return ZERO
    return (response_bytes - STREAM_UNCAPPED_BYTES) / STREAM_CAPPED_BYTES_PER_S * MS_PER_S


def streamed_duration_ms(fn: FunctionWorkload, duration_ms: Decimal) -> Decimal:
    """An invocation's duration as billed, given the stream's floor: the duration, or the
    time the response's bytes need at the capped rate when that is longer."""
    floor = stream_floor_ms(fn.response_bytes_per_request)
    return floor if floor > duration_ms else duration_ms


def snapstart_charged(fn: FunctionWorkload) -> bool:
    """SnapStart with fees: Python and .NET; Java managed runtimes pay none."""
    snap = fn.snapstart
    return snap is not None and snap.runtime not in SNAPSTART_FREE_RUNTIMES


def snapstart_cache_hours(active_hours_per_month: Decimal) -> Decimal:
    """The cache is charged for the hours versions are active, at least 3."""
    return max(active_hours_per_month, SNAPSTART_MIN_HOURS)


def snapstart_restores(requests: Decimal, restore_percent: Decimal) -> Decimal:
    return requests * restore_percent / HUNDRED


# --- Savings Plan ------------------------------------------------------------------------------


def plan_keep(discount_percent: Decimal) -> Decimal:
    """The share of the on-demand price a Compute Savings Plan leaves to pay."""
    return (HUNDRED - discount_percent) / HUNDRED


def plan_commitment_usd(commitment_usd_per_hour: Decimal) -> Decimal:
    """A commitment is paid for every hour of the month, used or not."""
    return commitment_usd_per_hour * HOURS_PER_MONTH


# --- one function's quantities -----------------------------------------------------------------
class Usage:
    """Quantities of one function before account-level allocation (mutable scratch for the
    account engine, which adds its line items)."""

    __slots__ = (
        "adjustments",
        "billed_ms",
        "billed_requests",
        "duration_usd",
        "eligible_usd",
        "extras",
        "fn",
        "gb_s",
        "init_gb_s",
        "items",
        "od_gb_s",
        "od_requests",
        "pc_asked",
        "pc_capacity",
        "pc_duration_gb_s",
        "pc_duration_ms",
        "pc_gb_s",
        "pc_requests",
        "plain",
        "requests",
        "storage_gb_s",
        "stream_gb",
    )

    def __init__(
        self,
        fn: FunctionWorkload,
        requests: Decimal,
        od_requests: Decimal,
        pc_requests: Decimal,
        billed_ms: Decimal,
        od_gb_s: Decimal,
        init_gb_s: Decimal,
        pc_gb_s: Decimal,  # configured PC: count × GB × seconds enabled
        pc_duration_gb_s: Decimal,
        storage_gb_s: Decimal,
        billed_requests: Decimal,
        stream_gb: Decimal,
    ) -> None:
        self.fn = fn
        self.requests = requests
        self.od_requests = od_requests
        self.pc_requests = pc_requests
        self.billed_ms = billed_ms
        self.od_gb_s = od_gb_s
        self.init_gb_s = init_gb_s
        self.gb_s = od_gb_s + init_gb_s  # on-demand GB-s with INIT's: tiers and free tier
        self.pc_gb_s = pc_gb_s
        self.pc_duration_gb_s = pc_duration_gb_s
        self.storage_gb_s = storage_gb_s
        self.billed_requests = billed_requests  # requests charged: large async events count more
        self.stream_gb = stream_gb  # response-stream GB beyond the free 6 MB per request
        # Line items in their display order without sorting: usage charges, then
        # storage and provisioned concurrency, then account-level adjustments.
        self.items: list[LineItem] = []
        self.extras: list[LineItem] = []
        self.adjustments: list[LineItem] = []
        # Savings-Plan-eligible spend: the engine keeps it only when the account has a plan
        self.eligible_usd = ZERO
        self.duration_usd = ZERO  # on-demand duration and INIT charges
        # With provisioned concurrency: the requests the scenario puts on it (None: derived),
        # the most it can serve in the month, and the duration of each (for warnings).
        self.pc_asked: Decimal | None = None
        self.pc_capacity = ZERO
        self.pc_duration_ms = ZERO
        # Charged for requests, duration, INIT and /tmp only (`rates.resolve_prices` sets it)
        self.plain = False


def usage(fn: FunctionWorkload) -> Usage:
    """Billable quantities of one function: invocations split between PC and on-demand,
    GB-s = invocations × ceil(duration_ms) × memory_mb / (1024 × 1000), or × duration_ms
    itself when it is a mean of already billed durations."""
    memory_mb = fn.memory_mb
    duration_ms = fn.duration_ms
    streaming = fn.response_bytes_per_request is not None  # (most functions: no call)
    if streaming:
        duration_ms = streamed_duration_ms(fn, duration_ms)
    billed_ms = billed_duration_ms(duration_ms, fn.duration_billed)
    requests = fn.requests_per_month
    if fn.managed_instances is not None:  # LMI: requests only; the instances are billed
        return _managed_usage(fn, requests, billed_ms)
    pc_requests = pc_gb_s = pc_duration_gb_s = pc_ms_billed = pc_ms = capacity = ZERO
    pc = fn.provisioned
    if pc is not None:
        pc_requests, pc_gb_s, pc_duration_gb_s, pc_ms_billed, pc_ms, capacity = _provisioned(
            fn, pc, requests, duration_ms, billed_ms
        )
    od_requests = requests - pc_requests if pc_requests else requests
    od_gb_s = od_requests * billed_ms * memory_mb / MB_MS_PER_GB_S
    extra_ms = cold = init_gb_s = ZERO
    if has_init(fn):
        cold = cold_starts(od_requests, fn.cold_start_percent)
        extra_ms = init_extra_ms(fn.init_duration_ms, duration_ms, billed_ms)
        init_gb_s = cold * extra_ms * memory_mb / MB_MS_PER_GB_S
    storage = ZERO
    if fn.ephemeral_storage_mb > FREE_EPHEMERAL_MB:
        billed_total_ms = od_requests * billed_ms + cold * extra_ms
        billed_total_ms += pc_requests * pc_ms_billed
        storage = storage_gb_s(billed_total_ms, fn.ephemeral_storage_mb)
    billed_requests = requests
    if fn.async_event_kb is not None:
        billed_requests = requests * requests_per_async_event(fn.async_event_kb)
    out = Usage(
        fn,
        requests,
        od_requests,
        pc_requests,
        billed_ms,
        od_gb_s,
        init_gb_s,
        pc_gb_s,
        pc_duration_gb_s,
        storage,
        billed_requests,
        streamed_gb(fn) if streaming else ZERO,
    )
    if pc is not None:
        out.pc_asked = pc.requests_per_month
        out.pc_capacity = capacity
        out.pc_duration_ms = pc_ms
    return out


def _managed_usage(fn: FunctionWorkload, requests: Decimal, billed_ms: Decimal) -> Usage:
    """An LMI function's quantities: its requests only (`cost.managed` bills the instances)."""
    return Usage(
        fn,
        requests,
        requests,
        ZERO,
        billed_ms,
        ZERO,
        ZERO,
        ZERO,
        ZERO,
        ZERO,
        requests * requests_per_invocation(fn),
        ZERO,
    )


def _provisioned(
    fn: FunctionWorkload,
    pc: ProvisionedConcurrency,
    requests: Decimal,
    duration_ms: Decimal,
    billed_ms: Decimal,
) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal, Decimal]:
    """What provisioned concurrency serves and bills: (requests served, configured GB-s,
    their duration GB-s, billed ms each, ms each, the most it can serve)."""
    memory_mb = fn.memory_mb
    stated_pc_ms = None
    if pc.duration_ms is not None:  # a stated PC duration has the stream's floor too
        stated_pc_ms = streamed_duration_ms(fn, pc.duration_ms)
    pc_ms = stated_pc_ms if stated_pc_ms is not None else duration_ms
    pc_ms_billed = pc_billed_ms(stated_pc_ms, billed_ms)
    pc_gb_s = pc.environments * pc_billed_seconds(pc.hours_per_month) * memory_mb / MB_PER_GB
    meant, enabled_ms = pc_window(
        requests, pc.environments, pc.hours_per_month, pc.requests_per_month
    )
    pc_requests, capacity = pc_served(meant, enabled_ms, pc_ms)
    pc_duration_gb_s = pc_requests * pc_ms_billed * memory_mb / MB_MS_PER_GB_S
    return pc_requests, pc_gb_s, pc_duration_gb_s, pc_ms_billed, pc_ms, capacity
