"""Provisioned concurrency: break-even utilisation and how many environments to keep."""

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from lambdacalc.concurrency.scaling import (
    DEFAULT_PC_TARGET_UTILIZATION,
    MIN_PC_TARGET_UTILIZATION,
    RPS_PER_CONCURRENCY,
    _ceil,
    _count,
    _finite_decimal,
    _non_negative,
    _positive,
)
from lambdacalc.cost.rules import pc_billed_seconds
from lambdacalc.errors import InputError, field
from lambdacalc.limits import MAX_MEMORY_MB, MIN_MEMORY_MB
from lambdacalc.units import (
    HOURS_PER_MONTH,
    HUNDRED,
    MB_PER_GB,
    MS_PER_S,
    ONE,
    S_PER_MONTH,
    ZERO,
    ceil_ms,
)

if TYPE_CHECKING:
    from lambdacalc.cost.rates import RateCard

# --- provisioned concurrency -------------------------------------------------------------
#
# Priced at the billing engine's rate card (`lambdacalc.cost.rates.RateCard`, built for a
# function with PC by `provisioned_rate_card`): PC allocation `provisioned_usd_per_gb_s`, PC
# duration `provisioned_duration_usd_per_gb_s`, requests `request_usd`, and on demand the
# first duration tier (the free tier and later tiers are the whole account's, not modelled).


def _on_demand_usd_per_gb_s(rates: "RateCard") -> Decimal:
    return rates.duration_tiers[0][1]


class PcPlan(NamedTuple):
    environments: int  # provisioned concurrency to configure (JSON: count)
    utilization: Decimal  # average concurrency / count, at most 1
    monthly_usd: Decimal  # PC allocation + PC duration + requests, one 730-hour month
    on_demand_monthly_usd: Decimal  # the same traffic on demand (with billed INIT)
    break_even_utilization: Decimal | None  # None: PC is never cheaper at these rates
    needed: int = 0  # PC the peak asks for, before the cap (0: not set by plan_function)
    capped_by: str | None = None  # the limit PC was cut down to: event_source, reserved, account


def break_even_utilization(rates: "RateCard") -> Decimal | None:
    """Utilisation above which PC costs less than on demand: r_pc / (r_od − r_pc_duration)."""
    saving = _on_demand_usd_per_gb_s(rates) - rates.provisioned_duration_usd_per_gb_s
    if saving <= 0:
        return None
    return rates.provisioned_usd_per_gb_s / saving


def pc_count(
    peak_concurrency: Decimal,
    peak_rps: Decimal,
    target_utilization: Decimal = DEFAULT_PC_TARGET_UTILIZATION,
) -> int:
    """PC for the peak at a target utilisation, and enough that 10 × PC ≥ peak rps (≥ 1)."""
    utilization = _positive(field("pc_target_utilization"), target_utilization)
    if not MIN_PC_TARGET_UTILIZATION <= utilization <= 1:
        raise InputError(
            f"{field('pc_target_utilization')} must be from {MIN_PC_TARGET_UTILIZATION} to 1 "
            f"(got {target_utilization}); AWS uses 0.7"
        )
    for_concurrency = _ceil(_non_negative("peak concurrency", peak_concurrency) / utilization)
    for_rps = _ceil(_non_negative(field("peak_rps"), peak_rps) / RPS_PER_CONCURRENCY)
    return max(1, for_concurrency, for_rps)


def _check_rates(rates: "RateCard") -> None:
    _non_negative("PC price per GB-s", rates.provisioned_usd_per_gb_s)
    _non_negative("PC duration price per GB-s", rates.provisioned_duration_usd_per_gb_s)
    _non_negative("on-demand duration price per GB-s", _on_demand_usd_per_gb_s(rates))
    _non_negative("request price", rates.request_usd)


def pc_plan(
    *,
    average_rps: Decimal,
    duration_s: Decimal,
    memory_mb: Decimal | int,
    count: int,
    rates: "RateCard",
    cold_start_percent: Decimal = ZERO,
    init_duration_s: Decimal = ZERO,
) -> PcPlan:
    """Monthly cost of `count` PC serving `average_rps` all month, against on demand.

    PC side: count × memory_gb × month_s × r_pc + billed GB-s × r_pc_duration + requests.
    On-demand side: billed GB-s (plus billed INIT for the cold-start share) × r_od + requests.
    Billed duration is rounded up to the millisecond. Spillover above PC is not modelled.
    """
    _check_rates(rates)
    rps = _positive(field("rps"), average_rps)
    memory = _finite_decimal(field("memory_mb"), memory_mb)
    if not MIN_MEMORY_MB <= memory <= MAX_MEMORY_MB:
        raise InputError(
            f"{field('memory_mb')} must be {MIN_MEMORY_MB} to {MAX_MEMORY_MB} MB (got "
            f"{memory_mb}); "
            f"e.g. {field('memory_mb')} 512"
        )
    units = _count("provisioned concurrency", count)
    memory_gb = memory / MB_PER_GB
    billed_s = ceil_ms(_positive(field("duration_s"), duration_s) * MS_PER_S) / MS_PER_S
    requests = rps * S_PER_MONTH
    percent = _non_negative(field("cold_start_percent"), cold_start_percent)
    init_s = _non_negative(field("init_duration_s"), init_duration_s)
    billed_init_s = ceil_ms(init_s * MS_PER_S) / MS_PER_S if init_s else ZERO
    invoke_gb_s = requests * billed_s * memory_gb
    init_gb_s = requests * percent / HUNDRED * billed_init_s * memory_gb
    request_usd = requests * rates.request_usd
    # one 730-hour month of PC, billed as the engine bills it (whole 5-minute steps)
    allocated_gb_s = Decimal(units) * memory_gb * pc_billed_seconds(HOURS_PER_MONTH)
    pc_usd = (
        allocated_gb_s * rates.provisioned_usd_per_gb_s
        + invoke_gb_s * rates.provisioned_duration_usd_per_gb_s
        + request_usd
    )
    on_demand_usd = (invoke_gb_s + init_gb_s) * _on_demand_usd_per_gb_s(rates) + request_usd
    return PcPlan(
        environments=units,
        # at most 1: PC capped below the need runs full, and the rest spills over (or waits)
        utilization=min(ONE, rps * billed_s / Decimal(units)),
        monthly_usd=pc_usd,
        on_demand_monthly_usd=on_demand_usd,
        break_even_utilization=break_even_utilization(rates),
    )
