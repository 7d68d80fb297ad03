"""The bill's structure: line items per function, tiers, the free tier and the Savings Plan.

A bill is a list of line items per function (Infracost's cost components): each names its
unit, quantity, unit price and cost, and every output format renders that one structure.
The account engine (`lambdacalc.cost.account`) fills it; renderers only format it.
"""

from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from lambdacalc.currency import symbol
from lambdacalc.prices import Architecture, PriceBook, Tier
from lambdacalc.units import ZERO

if TYPE_CHECKING:
    from lambdacalc.around.bill import AroundBill


class Component(str, Enum):
    """Cost components; their values are the stable keys of JSON and CSV output."""

    REQUESTS = "requests"
    DURATION = "duration"
    INIT = "init"
    EPHEMERAL_STORAGE = "ephemeral_storage"
    PROVISIONED_CONCURRENCY = "provisioned_concurrency"
    PROVISIONED_DURATION = "provisioned_duration"
    SNAPSTART_CACHE = "snapstart_cache"
    SNAPSTART_RESTORE = "snapstart_restore"
    RESPONSE_STREAMING = "response_streaming"
    FREE_TIER = "free_tier"
    SAVINGS_PLAN = "savings_plan"
    DURABLE_OPERATIONS = "durable_operations"
    DURABLE_DATA_WRITTEN = "durable_data_written"
    DURABLE_DATA_RETAINED = "durable_data_retained"
    TENANT_ISOLATION = "tenant_isolation"
    EVENT_POLLER_UNITS = "event_poller_units"
    MANAGED_INSTANCES = "managed_instances"
    MANAGED_FEE = "managed_instances_fee"


COMPONENT_LABELS = {
    Component.REQUESTS: "Requests",
    Component.DURATION: "Duration (on-demand)",
    Component.INIT: "INIT (cold starts)",
    Component.EPHEMERAL_STORAGE: "Ephemeral storage",
    Component.PROVISIONED_CONCURRENCY: "Provisioned concurrency",
    Component.PROVISIONED_DURATION: "Duration (provisioned)",
    Component.SNAPSTART_CACHE: "SnapStart cache",
    Component.SNAPSTART_RESTORE: "SnapStart restore",
    Component.RESPONSE_STREAMING: "Response streaming",
    Component.FREE_TIER: "Free tier",
    Component.SAVINGS_PLAN: "Savings Plan",
    Component.DURABLE_OPERATIONS: "Durable operations",
    Component.DURABLE_DATA_WRITTEN: "Durable data written",
    Component.DURABLE_DATA_RETAINED: "Durable data retained",
    Component.TENANT_ISOLATION: "Tenant isolation",
    Component.EVENT_POLLER_UNITS: "Event poller units",
    Component.MANAGED_INSTANCES: "EC2 instances (LMI)",
    Component.MANAGED_FEE: "LMI management fee",
}


class LineItem(NamedTuple):
    component: Component
    unit: str
    quantity: Decimal
    unit_price_usd: Decimal | None  # None where the price is a blend (tiers, allocations)
    cost_usd: Decimal
    detail: str = ""

    @property
    def label(self) -> str:
        return COMPONENT_LABELS[self.component]


class FunctionCost(NamedTuple):
    name: str
    architecture: Architecture
    memory_mb: int
    requests: Decimal
    on_demand_requests: Decimal
    provisioned_requests: Decimal
    billed_duration_ms: Decimal
    on_demand_gb_s: Decimal  # invocations only
    init_gb_s: Decimal
    provisioned_duration_gb_s: Decimal
    items: tuple[LineItem, ...]
    total_usd: Decimal

    def component_usd(self, component: Component) -> Decimal:
        return sum((i.cost_usd for i in self.items if i.component is component), ZERO)


class TierUsage(NamedTuple):
    architecture: Architecture
    position: int  # 0 = first tier
    from_gb_s: Decimal
    up_to_gb_s: Decimal | None
    gb_s: Decimal
    usd_per_gb_s: Decimal
    cost_usd: Decimal

    @property
    def name(self) -> str:
        """Infracost-style bucket names: first 6B, next 9B, over 15B."""
        if self.position == 0 and self.up_to_gb_s is not None:
            return f"first {short_gb_s(self.up_to_gb_s)} GB-s"
        if self.up_to_gb_s is None:
            return f"over {short_gb_s(self.from_gb_s)} GB-s" if self.from_gb_s else "all GB-s"
        return f"next {short_gb_s(self.up_to_gb_s - self.from_gb_s)} GB-s"


class FreeTierShare(NamedTuple):
    function: str
    requests: Decimal
    gb_s: Decimal
    credit_usd: Decimal  # negative
    streaming_gb: Decimal = ZERO


class FreeTierUse(NamedTuple):
    enabled: bool
    requests_allowance: Decimal
    requests_used: Decimal
    gb_s_allowance: Decimal
    gb_s_used: Decimal
    credit_usd: Decimal  # negative or zero
    shares: tuple[FreeTierShare, ...]
    streaming_gb_allowance: Decimal = ZERO
    streaming_gb_used: Decimal = ZERO


class SavingsPlanUse(NamedTuple):
    discount_percent: Decimal
    commitment_usd_per_hour: Decimal | None
    eligible_on_demand_usd: Decimal  # what the eligible usage costs without the plan
    covered_on_demand_usd: Decimal  # the part of it the plan covers
    commitment_usd: Decimal  # paid for the month (commitment × 730 h); 0 without one
    effect_usd: Decimal  # change to the bill: negative is a saving
    optimal_commitment_usd_per_hour: Decimal  # the commitment that minimises the bill
    optimal_effect_usd: Decimal
    term: str | None = None  # the plan's term and payment when the discount was looked up
    payment: str | None = None
    discount_source: str = ""  # where discount_percent came from (`cost.plans`)


class Bill(NamedTuple):
    workload: str
    region: str
    region_name: str
    book: PriceBook
    functions: tuple[FunctionCost, ...]
    total_usd: Decimal
    tiers: tuple[TierUsage, ...]
    free_tier: FreeTierUse
    savings_plan: SavingsPlanUse | None
    warnings: tuple[str, ...]
    assumptions: tuple[str, ...]
    # the costs around Lambda (logs, API Gateway, …), beside total_usd, never in it
    around: "AroundBill | None" = None

    @property
    def around_usd(self) -> Decimal:
        return self.around.total_usd if self.around is not None else ZERO

    @property
    def grand_total_usd(self) -> Decimal:
        """Lambda + around."""
        return self.total_usd + self.around_usd

    # the account's totals, summed here once so that every format shows the same figures

    @property
    def requests(self) -> Decimal:
        return sum((f.requests for f in self.functions), ZERO)

    @property
    def on_demand_gb_s(self) -> Decimal:
        return sum((f.on_demand_gb_s for f in self.functions), ZERO)

    @property
    def init_gb_s(self) -> Decimal:
        return sum((f.init_gb_s for f in self.functions), ZERO)

    @property
    def provisioned_duration_gb_s(self) -> Decimal:
        return sum((f.provisioned_duration_gb_s for f in self.functions), ZERO)

    def component_usd(self, component: Component) -> Decimal:
        """What one component costs across the account's functions, before account-level
        effects (tiers, free tier, Savings Plan)."""
        return sum((f.component_usd(component) for f in self.functions), ZERO)

    @property
    def tiers_usd(self) -> Decimal:
        """The duration charges of the account's tiers."""
        return sum((t.cost_usd for t in self.tiers), ZERO)

    @property
    def savings_plan_usd(self) -> Decimal:
        return self.savings_plan.effect_usd if self.savings_plan else ZERO


def tier_usage(architecture: Architecture, tiers: Sequence[Tier], gb_s: Decimal) -> list[TierUsage]:
    """How `gb_s` fills each tier; only tiers that hold some usage are listed."""
    used: list[TierUsage] = []
    lower = ZERO
    for index, tier in enumerate(tiers):
        upper = tier.up_to_gb_s
        in_tier = gb_s - lower if upper is None else min(gb_s, upper) - lower
        if in_tier > 0:
            used.append(
                TierUsage(
                    architecture,
                    index,
                    lower,
                    upper,
                    in_tier,
                    tier.usd_per_gb_s,
                    in_tier * tier.usd_per_gb_s,
                )
            )
        if upper is None or gb_s <= upper:
            break
        lower = upper
    return used


def plain(value: Decimal, places: Decimal | None = None) -> str:
    """A quantity for a sentence: no exponent, no trailing zeros; whole from 100 up, else
    at most 2 decimals, unless `places` says otherwise."""
    if places is None:
        places = Decimal(1) if abs(value) >= 100 else Decimal("0.01")
    q = value.quantize(places) if value != value.to_integral_value() else value
    text = f"{q:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def short_gb_s(gb_s: Decimal) -> str:
    for size, suffix in ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(1000), "k")):
        if gb_s >= size:
            return f"{plain(gb_s / size)}{suffix}"
    return plain(gb_s)


def dollars(value: Decimal) -> str:
    return f"{symbol()}{value.quantize(Decimal('0.01')):,f}"
