"""The price book: typed, immutable prices per region and architecture.

Built from a plain mapping (the parsed data file, see pricing/FORMAT.md) so that this module
does no I/O; `lambdacalc.pricing_files` finds and reads the files. A price that the book marks
unknown (null) stays `None` here, and asking for it raises PricingError naming the region,
the price and the book: lambdacalc never falls back to another region's price.
"""

from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, NamedTuple

from lambdacalc.currency import SYMBOLS, USD, key_in
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

    def describe(self) -> str:
        return f"{self.origin} ({self.name}, effective {self.effective_date})"

    def region(self, code: str) -> RegionPrices:
        """The prices of one region; an unknown code is an error with suggestions."""
        try:
            return self.regions[code]
        except KeyError:
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


# --- parsing a book from its mapping form ------------------------------------------------------


# A unit price above this (USD per request, GB-s or GB; per million requests) is a typo:
# Lambda's dearest is under a dollar. Quantities (free tier, tier bounds) have their own cap.
MAX_PRICE_USD = 1000
MAX_QUANTITY = 10**15

_BOOK_KEYS = (
    "schema_version",
    "name",
    "title",
    "effective_date",
    "retrieved",
    "currency",
    "sources",
    "notes",
    "free_tier",
    "regions",
    "compute_savings_plan",
)
_FREE_TIER_KEYS = ("requests", "duration_gb_s", "response_streaming_gb")
# Region prices read as plain values: durable functions, event poller units.
_FLAT_PRICE_KEYS = (
    "durable_operation_usd_per_million",
    "durable_written_usd_per_gb",
    "durable_retained_usd_per_gb_month",
    "sqs_epu_usd_per_hour",
    "kafka_epu_usd_per_hour",
)
_REGION_KEYS = (
    "name",
    "confidence",
    "sources",
    "note",
    "ephemeral_storage_usd_per_gb_s",
    "x86_64",
    "arm64",
    "snapstart_cache_usd_per_gb_s",
    "snapstart_restore_usd_per_gb",
    "response_streaming_usd_per_gb",
    "edge",
    "derived",
    *_FLAT_PRICE_KEYS,
)
_ARCH_KEYS = (
    "request_usd_per_million",
    "duration_tiers",
    "provisioned_concurrency_usd_per_gb_s",
    "provisioned_duration_usd_per_gb_s",
    "tenant_environment_usd_per_gb",
)
_TIER_KEYS = ("up_to_gb_s", "usd_per_gb_s")
_EDGE_KEYS = ("request_usd_per_million", "duration_usd_per_gb_s")
_DERIVED_KEYS = ("from", "times", "region", "places", "note")
_PLAN_KEYS = ("discount_percent", "confidence", "sources", "note")


def _known_keys(entry: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    """A misspelt key would leave the price it meant unknown or listed: refuse it, naming
    the closest allowed key (the first unknown key only, so a file of many costs no more)."""
    for key in entry:
        if key not in allowed:
            import difflib  # only for the error message

            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
            raise PricingError(f"{where}: unknown key {_quoted(key)}; {hint}")


def _quoted(value: Any) -> str:
    return repr(value) if isinstance(value, str) else repr(str(value))


def _text(raw: Any, where: str, default: str) -> str:
    if raw is None:
        return default
    if isinstance(raw, bool) or not isinstance(raw, (str, int, Decimal)):
        raise PricingError(f"{where}: expected text, got {type(raw).__name__}")
    return str(raw)


def _price(raw: Any, where: str, maximum: int = MAX_PRICE_USD) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
        raise PricingError(f'{where}: a price must be a string such as "0.20" or null, got {raw!r}')
    from lambdacalc.structured import NumberError, to_decimal

    try:
        # repr() of a float is its shortest exact spelling: 1.66667e-05 -> 0.0000166667
        value = to_decimal(repr(raw) if isinstance(raw, float) else str(raw).strip())
    except InvalidOperation:
        raise PricingError(f"{where}: {_quoted(raw)} is not a number") from None
    except NumberError as exc:
        raise PricingError(f"{where}: {exc}") from None
    if not value.is_finite() or value < 0:
        raise PricingError(f"{where}: a price must be a finite number ≥ 0, got {raw}")
    if value > maximum:
        raise PricingError(
            f"{where}: {raw} is above {maximum:,}, far beyond any Lambda price; check the value"
        )
    return value


def _list(raw: Any, where: str) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PricingError(f"{where}: expected a list, got {type(raw).__name__}")
    return raw


def _mapping(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise PricingError(f"{where}: expected a mapping, got {type(raw).__name__}")
    return raw


def _tiers(raw: Any, where: str) -> tuple[Tier, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw:
        raise PricingError(f"{where}: duration_tiers must be a non-empty list or null")
    tiers: list[Tier] = []
    previous = Decimal(0)
    for i, item in enumerate(raw):
        entry = _mapping(item, f"{where}[{i}]")
        _known_keys(entry, _TIER_KEYS, f"{where}[{i}]")
        rate = _price(entry.get("usd_per_gb_s"), f"{where}[{i}].usd_per_gb_s")
        if rate is None:
            return None  # one unknown tier rate makes the whole schedule unknown
        bound = _price(entry.get("up_to_gb_s"), f"{where}[{i}].up_to_gb_s", MAX_QUANTITY)
        last = i == len(raw) - 1
        if last and bound is not None:
            raise PricingError(f"{where}: the last tier must be open-ended (up_to_gb_s: null)")
        if not last and (bound is None or bound <= previous):
            raise PricingError(f"{where}[{i}]: tier bounds must rise and only the last may be null")
        tiers.append(Tier(bound, rate))
        previous = bound if bound is not None else previous
    return tuple(tiers)


def _arch(raw: Any, where: str) -> ArchPrices | None:
    if raw is None:
        return None
    entry = _mapping(raw, where)
    _known_keys(entry, _ARCH_KEYS, where)
    return ArchPrices(
        request_usd_per_million=_price(
            entry.get("request_usd_per_million"), f"{where}.request_usd_per_million"
        ),
        duration_tiers=_tiers(entry.get("duration_tiers"), f"{where}.duration_tiers"),
        provisioned_concurrency_usd_per_gb_s=_price(
            entry.get("provisioned_concurrency_usd_per_gb_s"),
            f"{where}.provisioned_concurrency_usd_per_gb_s",
        ),
        provisioned_duration_usd_per_gb_s=_price(
            entry.get("provisioned_duration_usd_per_gb_s"),
            f"{where}.provisioned_duration_usd_per_gb_s",
        ),
        tenant_environment_usd_per_gb=_price(
            entry.get("tenant_environment_usd_per_gb"), f"{where}.tenant_environment_usd_per_gb"
        ),
    )


def _region(code: str, raw: Any, where: str) -> RegionPrices:
    entry = _mapping(raw, where)
    _known_keys(entry, _REGION_KEYS, where)
    edge_raw = entry.get("edge")
    edge = None
    if edge_raw is not None:
        e = _mapping(edge_raw, f"{where}.edge")
        _known_keys(e, _EDGE_KEYS, f"{where}.edge")
        edge = EdgePrices(
            _price(e.get("request_usd_per_million"), f"{where}.edge.request_usd_per_million"),
            _price(e.get("duration_usd_per_gb_s"), f"{where}.edge.duration_usd_per_gb_s"),
        )
    return RegionPrices(
        code=code,
        name=_text(entry.get("name"), f"{where}.name", code),
        confidence=_text(entry.get("confidence"), f"{where}.confidence", "unknown"),
        sources=tuple(
            _text(s, f"{where}.sources[{i}]", "")
            for i, s in enumerate(_list(entry.get("sources"), f"{where}.sources"))
        ),
        note=_text(entry.get("note"), f"{where}.note", ""),
        ephemeral_storage_usd_per_gb_s=_price(
            entry.get("ephemeral_storage_usd_per_gb_s"), f"{where}.ephemeral_storage_usd_per_gb_s"
        ),
        x86_64=_arch(entry.get("x86_64"), f"{where}.x86_64"),
        arm64=_arch(entry.get("arm64"), f"{where}.arm64"),
        snapstart_cache_usd_per_gb_s=_price(
            entry.get("snapstart_cache_usd_per_gb_s"), f"{where}.snapstart_cache_usd_per_gb_s"
        ),
        snapstart_restore_usd_per_gb=_price(
            entry.get("snapstart_restore_usd_per_gb"), f"{where}.snapstart_restore_usd_per_gb"
        ),
        response_streaming_usd_per_gb=_price(
            entry.get("response_streaming_usd_per_gb"), f"{where}.response_streaming_usd_per_gb"
        ),
        edge=edge,
        derived=_derived(entry.get("derived"), f"{where}.derived"),
        **{key: _price(entry.get(key), f"{where}.{key}") for key in _FLAT_PRICE_KEYS},
    )


def _derived(raw: Any, where: str) -> tuple[Derivation, ...]:
    """The `derived` map: value path -> {from, times, region?, places?, note?}. Whether each
    rule reproduces its value is checked by the book's tests (tests/test_pricing_data.py)."""
    if raw is None:
        return ()
    out = []
    for path, rule_raw in _mapping(raw, where).items():
        at = f"{where}.{path}"
        rule = _mapping(rule_raw, at)
        _known_keys(rule, _DERIVED_KEYS, at)
        times = _price(rule.get("times"), f"{at}.times")
        places = rule.get("places", 10)
        if times is None or not isinstance(rule.get("from"), str):
            raise PricingError(f"{at}: a derivation needs `from` (a value path) and `times`")
        if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 20:
            raise PricingError(f"{at}.places: a whole number of decimals from 0 to 20")
        out.append(
            Derivation(
                str(path),
                rule["from"],
                times,
                _text(rule.get("region"), f"{at}.region", ""),
                places,
                _text(rule.get("note"), f"{at}.note", ""),
            )
        )
    return tuple(out)


def _plan_rates(raw: Any, where: str) -> tuple[PlanRate, ...]:
    """`compute_savings_plan`: "TERM_PAYMENT" (1yr_no_upfront, …) -> {discount_percent,
    confidence, sources, note}; a null discount is one no source gives."""
    if raw is None:
        return ()
    keys = tuple(f"{t}_{p}" for t in SAVINGS_PLAN_TERMS for p in SAVINGS_PLAN_PAYMENTS)
    entries = _mapping(raw, where)
    _known_keys(entries, keys, where)
    out = []
    for key, entry_raw in entries.items():
        at = f"{where}.{key}"
        entry = _mapping(entry_raw, at)
        _known_keys(entry, _PLAN_KEYS, at)
        discount = _price(entry.get("discount_percent"), f"{at}.discount_percent", 100)
        if discount is not None and not 0 < discount < 100:
            raise PricingError(f"{at}.discount_percent: above 0 and below 100, got {discount}")
        term, _, payment = key.partition("_")
        out.append(
            PlanRate(
                term,
                payment,
                discount,
                _text(entry.get("confidence"), f"{at}.confidence", "unknown"),
                tuple(
                    _text(s, f"{at}.sources[{i}]", "")
                    for i, s in enumerate(_list(entry.get("sources"), f"{at}.sources"))
                ),
                _text(entry.get("note"), f"{at}.note", ""),
            )
        )
    return tuple(out)


def book_in_usd_spelling(raw: Mapping[str, Any], currency: str, origin: str) -> dict[str, Any]:
    """A book file's data with its regions' money keys under the engine's (USD) names, for
    code that reads the raw form (`prices diff`); a USD book is returned as it is."""
    if currency == USD or not isinstance(raw.get("regions"), dict):
        return dict(raw)
    return {**raw, "regions": _in_usd_spelling(raw["regions"], currency, f"{origin}: regions")}


def _in_usd_spelling(raw: Any, currency: str, where: str) -> Any:
    """A book in another currency spells its money keys with that currency's code
    (request_cny_per_million); read them under the engine's field names. A key spelt in USD
    there would put yuan under a dollar name: refused."""
    if isinstance(raw, list):
        return [_in_usd_spelling(v, currency, f"{where}[{i}]") for i, v in enumerate(raw)]
    if not isinstance(raw, dict):
        return raw
    code = currency.lower()
    out = {}
    for key, value in raw.items():
        words = str(key).split("_")
        if "usd" in words:
            raise PricingError(
                f"{where}.{key}: this book is in {currency}, so its prices are spelt "
                f"'{key_in(str(key), currency)}' (never _usd)"
            )
        name = "_".join("usd" if w == code else w for w in words) if code in words else key
        out[name] = (
            value
            if name in ("sources", "note", "name", "derived")
            else _in_usd_spelling(value, currency, f"{where}.{key}")
        )
    return out


class _LazyRegions(Mapping[str, RegionPrices]):
    """Regions parsed when first asked for: a command that prices one region should not
    pay for converting every price of the other thirty-odd (about 1 ms of start-up)."""

    def __init__(self, raw: dict[str, Any], origin: str) -> None:
        self._raw = raw
        self._origin = origin
        self._parsed: dict[str, RegionPrices] = {}

    def __getitem__(self, code: str) -> RegionPrices:
        region = self._parsed.get(code)
        if region is None:
            region = _region(code, self._raw[code], f"{self._origin}: regions.{code}")
            self._parsed[code] = region
        return region

    def __contains__(self, code: object) -> bool:
        return code in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def parse_price_book(raw: Any, origin: str, *, lazy: bool = False) -> PriceBook:
    """Build a PriceBook from its parsed data-file form; errors name `origin` and the key.

    With `lazy`, each region is checked and converted when first used (commands that price
    one region); otherwise all of them now (importing and validating books)."""
    book = _mapping(raw, origin)
    _known_keys(book, _BOOK_KEYS, origin)
    version = book.get("schema_version")
    if version != SCHEMA_VERSION:
        raise PricingError(
            f"{origin}: schema_version {version!r} is not supported (expected {SCHEMA_VERSION}); "
            f"see pricing/FORMAT.md"
        )
    currency = _text(book.get("currency"), f"{origin}: currency", USD)
    if currency not in SYMBOLS:
        raise PricingError(
            f"{origin}: currency {currency} is not supported; a book is in {' or '.join(SYMBOLS)}"
        )
    free = _mapping(book.get("free_tier") or {}, f"{origin}: free_tier")
    _known_keys(free, _FREE_TIER_KEYS, f"{origin}: free_tier")
    free_tier = FreeTier(
        *(
            _price(free.get(key, "0"), f"{origin}: free_tier.{key}", MAX_QUANTITY) or Decimal(0)
            for key in _FREE_TIER_KEYS
        )
    )
    regions_raw = _mapping(book.get("regions"), f"{origin}: regions")
    if currency != USD:
        regions_raw = _in_usd_spelling(regions_raw, currency, f"{origin}: regions")
    regions: Mapping[str, RegionPrices] = (
        _LazyRegions(dict(regions_raw), origin)
        if lazy
        else {
            code: _region(code, entry, f"{origin}: regions.{code}")
            for code, entry in regions_raw.items()
        }
    )
    if not regions:
        raise PricingError(f"{origin}: the book lists no regions")
    sources = _mapping(book.get("sources") or {}, f"{origin}: sources")
    notes = _list(book.get("notes"), f"{origin}: notes")
    return PriceBook(
        name=_text(book.get("name"), f"{origin}: name", origin),
        title=_text(book.get("title"), f"{origin}: title", ""),
        effective_date=_text(book.get("effective_date"), f"{origin}: effective_date", "unknown"),
        retrieved=_text(book.get("retrieved"), f"{origin}: retrieved", "unknown"),
        currency=currency,
        origin=origin,
        sources={str(k): _text(v, f"{origin}: sources.{k}", "") for k, v in dict(sources).items()},
        notes=tuple(_text(n, f"{origin}: notes[{i}]", "") for i, n in enumerate(notes)),
        free_tier=free_tier,
        regions=regions,
        savings_plan_rates=_plan_rates(
            book.get("compute_savings_plan"), f"{origin}: compute_savings_plan"
        ),
    )
