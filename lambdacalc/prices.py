"""The price book: typed, immutable prices per region and architecture.

Built from a plain mapping (the parsed data file, see pricing/FORMAT.md) by
`lambdacalc.prices_parse`, so that this module does no I/O; `lambdacalc.pricing_files` finds
and reads the files. A price that the book marks
unknown (null) stays `None` here, and asking for it raises PricingError naming the region,
the price and the book: lambdacalc never falls back to another region's price.
"""

from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple

from lambdacalc.errors import PricingError

# An AWS region code as the price book and scenarios spell it: lower case, e.g. us-gov-west-1.
REGION_PATTERN = r"^[a-z]{2}(-gov)?-[a-z]+-\d+$"

SCHEMA_VERSION = 1


class Architecture(str, Enum):
    X86_64 = "x86_64"
    ARM64 = "arm64"


class Tier(NamedTuple):
    """One on-demand duration tier: GB-s up to `up_to_gb_s` (cumulative; None = no limit)."""

    up_to_gb_s: Decimal | None
    usd_per_gb_s: Decimal


class ArchPrices(NamedTuple):
    request_usd_per_million: Decimal | None
    duration_tiers: tuple[Tier, ...] | None
    provisioned_concurrency_usd_per_gb_s: Decimal | None
    provisioned_duration_usd_per_gb_s: Decimal | None
    # tenant isolation mode: USD per GB of memory for each new tenant-isolated environment
    tenant_environment_usd_per_gb: Decimal | None = None


class EdgePrices(NamedTuple):
    request_usd_per_million: Decimal | None
    duration_usd_per_gb_s: Decimal | None


class Derivation(NamedTuple):
    """How the book derived one value: `times` × the value at `source` (a path in the same
    region, or in `region`), rounded half-up to `places` decimals. Values AWS does not publish
    (tiers 2 and 3 outside us-east-1, arm64 PC rates) are derived by a stated rule."""

    path: str  # the derived value, as `prices diff` names it: x86_64.duration_tiers[1].usd_per_gb_s
    source: str  # the value it is derived from, a path of the same form
    times: Decimal
    region: str = ""  # another region's value ("" = this region)
    places: int = 10
    note: str = ""


class RegionPrices(NamedTuple):
    code: str
    name: str
    confidence: str
    sources: tuple[str, ...]
    note: str
    ephemeral_storage_usd_per_gb_s: Decimal | None
    x86_64: ArchPrices | None
    arm64: ArchPrices | None
    snapstart_cache_usd_per_gb_s: Decimal | None = None
    snapstart_restore_usd_per_gb: Decimal | None = None
    response_streaming_usd_per_gb: Decimal | None = None
    edge: EdgePrices | None = None
    derived: tuple[Derivation, ...] = ()
    # durable functions: operations, data written, data retained
    durable_operation_usd_per_million: Decimal | None = None
    durable_written_usd_per_gb: Decimal | None = None
    durable_retained_usd_per_gb_month: Decimal | None = None
    # provisioned mode for event source mappings: USD per event poller unit (EPU) hour
    sqs_epu_usd_per_hour: Decimal | None = None
    kafka_epu_usd_per_hour: Decimal | None = None

    def arch(self, architecture: Architecture) -> ArchPrices | None:
        return self.x86_64 if architecture is Architecture.X86_64 else self.arm64


class FreeTier(NamedTuple):
    requests: Decimal
    duration_gb_s: Decimal
    response_streaming_gb: Decimal


class PriceRef(NamedTuple):
    """One price of a region, named once for the engine that asks for it, the scenario
    check that locates a missing one, and the error that reports it."""

    what: str  # as messages name it: "x86_64 request"
    part: str  # "" (the region), "x86_64", "arm64" or "edge"
    field: str  # the attribute there: "request_usd_per_million", "duration_tiers", …


def _arch_refs(arch: Architecture) -> tuple[PriceRef, PriceRef, PriceRef, PriceRef]:
    a = arch.value
    return (
        PriceRef(f"{a} request", a, "request_usd_per_million"),
        PriceRef(f"{a} duration", a, "duration_tiers"),
        PriceRef(f"{a} provisioned concurrency", a, "provisioned_concurrency_usd_per_gb_s"),
        PriceRef(f"{a} provisioned duration", a, "provisioned_duration_usd_per_gb_s"),
    )


_REFS = {arch: _arch_refs(arch) for arch in Architecture}
REQUEST = {arch: refs[0] for arch, refs in _REFS.items()}
DURATION = {arch: refs[1] for arch, refs in _REFS.items()}
PROVISIONED_CONCURRENCY = {arch: refs[2] for arch, refs in _REFS.items()}
PROVISIONED_DURATION = {arch: refs[3] for arch, refs in _REFS.items()}
EPHEMERAL_STORAGE = PriceRef("ephemeral storage", "", "ephemeral_storage_usd_per_gb_s")
SNAPSTART_CACHE = PriceRef("SnapStart cache", "", "snapstart_cache_usd_per_gb_s")
SNAPSTART_RESTORE = PriceRef("SnapStart restore", "", "snapstart_restore_usd_per_gb")
RESPONSE_STREAMING = PriceRef("response streaming", "", "response_streaming_usd_per_gb")
EDGE_REQUEST = PriceRef("Lambda@Edge request", "edge", "request_usd_per_million")
EDGE_DURATION = PriceRef("Lambda@Edge duration", "edge", "duration_usd_per_gb_s")
TENANT_ENVIRONMENT = {
    arch: PriceRef(f"{arch.value} tenant isolation", arch.value, "tenant_environment_usd_per_gb")
    for arch in Architecture
}
DURABLE_OPERATION = PriceRef("durable operation", "", "durable_operation_usd_per_million")
DURABLE_WRITTEN = PriceRef("durable data written", "", "durable_written_usd_per_gb")
DURABLE_RETAINED = PriceRef("durable data retained", "", "durable_retained_usd_per_gb_month")
SQS_EPU = PriceRef("SQS event poller unit", "", "sqs_epu_usd_per_hour")
KAFKA_EPU = PriceRef("Kafka event poller unit", "", "kafka_epu_usd_per_hour")
ALL_PRICES = (
    *(ref for refs in _REFS.values() for ref in refs),
    EPHEMERAL_STORAGE,
    SNAPSTART_CACHE,
    SNAPSTART_RESTORE,
    RESPONSE_STREAMING,
    EDGE_REQUEST,
    EDGE_DURATION,
    *TENANT_ENVIRONMENT.values(),
    DURABLE_OPERATION,
    DURABLE_WRITTEN,
    DURABLE_RETAINED,
    SQS_EPU,
    KAFKA_EPU,
)


SAVINGS_PLAN_TERMS = ("1yr", "3yr")
SAVINGS_PLAN_PAYMENTS = ("no_upfront", "partial_upfront", "all_upfront")


class PlanRate(NamedTuple):
    """The Compute Savings Plan discount on Lambda for one term and payment option, as the
    book has it: `discount_percent` None when no source gives it."""

    term: str  # 1yr | 3yr
    payment: str  # no_upfront | partial_upfront | all_upfront
    discount_percent: Decimal | None
    confidence: str
    sources: tuple[str, ...]
    note: str

    @property
    def key(self) -> str:
        return f"{self.term}_{self.payment}"


class PriceBook(NamedTuple):
    name: str
    title: str
    effective_date: str
    retrieved: str
    currency: str
    origin: str  # where the book was read from, for messages
    sources: Mapping[str, str]
    notes: tuple[str, ...]
    free_tier: FreeTier
    regions: Mapping[str, RegionPrices]
    savings_plan_rates: tuple[PlanRate, ...] = ()
    # commercial regions the book does not price: code -> why (the book's
    # `unpriced_regions`), so that asking for one says so instead of suggesting another
    unpriced_regions: Mapping[str, str] = {}  # never mutated

    def describe(self) -> str:
        return f"{self.origin} ({self.name}, effective {self.effective_date})"

    def region(self, code: str) -> RegionPrices:
        """The prices of one region; an unknown code is an error with suggestions."""
        try:
            return self.regions[code]
        except KeyError:
            if code in self.unpriced_regions:
                raise PricingError(
                    f"region '{code}' is not priced in {self.describe()}: "
                    f"{self.unpriced_regions[code]}; price it with --prices and a book from "
                    "`lambdacalc prices import` of AWS's offer file"
                ) from None
            import difflib  # only for the error message: keep it off the start-up path

            # region codes are lower case; a code in another case is named, not changed
            by_lower = {known.lower(): known for known in self.regions}
            close = difflib.get_close_matches(code.lower(), list(self.regions), n=3)
            if code.lower() in by_lower:
                hint = f"region codes are lower case: did you mean {by_lower[code.lower()]}?"
            elif len(self.regions) <= 5:  # a small, hand-made book: name them all
                hint = f"known regions: {', '.join(sorted(self.regions))}"
            elif close:
                hint = f"did you mean {' or '.join(close)}?"
            else:
                hint = (
                    f"none of the book's {len(self.regions)} regions is close "
                    "(`lambdacalc prices` lists them)"
                )
            raise PricingError(
                f"no prices for region '{code}' in {self.describe()}; {hint}"
            ) from None

    def need(self, value: Decimal | None, what: str, region: str) -> Decimal:
        """Return a price the workload needs, or fail saying which one is unknown."""
        if value is None:
            raise PricingError(
                f"the {what} price for {region} is unknown in {self.describe()}; "
                f"choose another region or pass --prices with a book that has it"
            )
        return value

    def savings_plan_rate(self, term: str, payment: str) -> PlanRate:
        """The book's Compute Savings Plan discount for a term and payment option, or
        PricingError saying that the book does not have it and what to give instead."""
        for plan in self.savings_plan_rates:
            if plan.term == term and plan.payment == payment:
                if plan.discount_percent is None:
                    break
                return plan
        raise PricingError(
            f"{self.describe()} has no published Compute Savings Plan discount on Lambda for "
            f"term {term}, payment {payment}; give savings_plan.discount_percent instead "
            f"(the rate from Cost Explorer or your plan's offering)"
        )

    def lookup(self, region: str, ref: PriceRef) -> Decimal | tuple[Tier, ...]:
        """The price `ref` names in `region`, or PricingError saying which one is unknown
        (a whole architecture missing is reported as such)."""
        holder: Any = self.region(region)
        if ref.part == "edge":
            holder = holder.edge
        elif ref.part:
            holder = self.arch_prices(region, Architecture(ref.part))
        value: Decimal | tuple[Tier, ...] | None = (
            None if holder is None else getattr(holder, ref.field)
        )
        if value is None:
            if ref.field == "duration_tiers":
                self.duration_tiers(region, Architecture(ref.part))  # raises its own message
            self.need(None, ref.what, region)  # raises
        assert value is not None
        return value

    def arch_prices(self, region: str, architecture: Architecture) -> ArchPrices:
        prices = self.region(region).arch(architecture)
        if prices is None:
            raise PricingError(
                f"{architecture.value} prices for {region} are unknown in {self.describe()}; "
                f"choose another architecture or region, or pass --prices with a book that has them"
            )
        return prices

    def duration_tiers(self, region: str, architecture: Architecture) -> tuple[Tier, ...]:
        tiers = self.arch_prices(region, architecture).duration_tiers
        if tiers is None:
            raise PricingError(
                f"the {architecture.value} duration price for {region} is unknown in "
                f"{self.describe()}; choose another region or pass --prices with a book that has it"
            )
        return tiers
