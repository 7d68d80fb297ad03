"""The around-Lambda price book: rates by region, parsed from its mapping form (no I/O).

Each region maps rate keys to a price (a string such as "0.045") or to a list of tiers
`[{"up_to": quantity or null, "usd": price}, ...]`; the unit is in the key's name
(`_usd_per_gb`, `_usd_per_million`, `_usd_per_hour`, …) and a tier's `up_to` counts that
unit (GB, or requests). A rate that is null or absent is unknown there: asking for it
raises PricingError, and `check_around` reports it at the scenario key that needs it.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from lambdacalc.errors import PricingError
from lambdacalc.prices_fields import (
    BOOK_HEADER_KEYS,
    _known_keys,
    _list,
    _mapping,
    _price,
    _text,
    check_schema_version,
    free_amounts,
    tier_pairs,
)

SCHEMA_VERSION = 1


class RateTier(NamedTuple):
    up_to: Decimal | None  # cumulative quantity in the rate's unit; None = no limit
    usd: Decimal


Rate = Decimal | tuple[RateTier, ...]


class Rates(NamedTuple):
    """Every rate key the engine reads: (key, what it is called in messages, tiered)."""

    key: str
    what: str
    tiered: bool


LOGS_INGESTION = {
    "standard": Rates(
        "logs_standard_ingestion_tiers_usd_per_gb", "CloudWatch Logs ingestion (Standard)", True
    ),
    "infrequent_access": Rates(
        "logs_infrequent_access_ingestion_tiers_usd_per_gb",
        "CloudWatch Logs ingestion (Infrequent Access)",
        True,
    ),
}
LOGS_STORAGE = {
    "standard": Rates(
        "logs_standard_storage_usd_per_gb_month", "CloudWatch Logs storage (Standard)", False
    ),
    "infrequent_access": Rates(
        "logs_infrequent_access_storage_usd_per_gb_month",
        "CloudWatch Logs storage (Infrequent Access)",
        False,
    ),
}
API_REQUESTS = {
    "rest": Rates("api_rest_tiers_usd_per_million", "API Gateway REST API request", True),
    "http": Rates("api_http_tiers_usd_per_million", "API Gateway HTTP API request", True),
    "websocket": Rates(
        "api_websocket_message_tiers_usd_per_million", "API Gateway WebSocket message", True
    ),
}
API_CONNECTION_MINUTES = Rates(
    "api_websocket_connection_usd_per_million_minutes",
    "API Gateway WebSocket connection minute",
    False,
)
SQS_REQUESTS = {
    "standard": Rates("sqs_standard_tiers_usd_per_million", "SQS standard queue request", True),
    "fifo": Rates("sqs_fifo_tiers_usd_per_million", "SQS FIFO queue request", True),
}
DATA_OUT = Rates("data_out_internet_tiers_usd_per_gb", "data transfer out to the internet", True)
NAT_HOUR = Rates("nat_gateway_usd_per_hour", "NAT gateway hour", False)
NAT_GB = Rates("nat_gateway_usd_per_gb", "NAT gateway data processed", False)
ENDPOINT_HOUR = Rates(
    "vpc_interface_endpoint_usd_per_hour_per_az", "VPC interface endpoint hour (per AZ)", False
)
ENDPOINT_GB = Rates(
    "vpc_interface_endpoint_usd_per_gb", "VPC interface endpoint data processed", False
)
XRAY_RECORDED = Rates("xray_recorded_usd_per_million", "X-Ray trace recorded", False)
XRAY_SCANNED = Rates("xray_scanned_usd_per_million", "X-Ray trace scanned", False)

ALL_RATES = (
    *LOGS_INGESTION.values(),
    *LOGS_STORAGE.values(),
    *API_REQUESTS.values(),
    API_CONNECTION_MINUTES,
    *SQS_REQUESTS.values(),
    DATA_OUT,
    NAT_HOUR,
    NAT_GB,
    ENDPOINT_HOUR,
    ENDPOINT_GB,
    XRAY_RECORDED,
    XRAY_SCANNED,
)
_RATE_KEYS = tuple(r.key for r in ALL_RATES)


class AroundFreeTier(NamedTuple):
    """The always-free monthly allowances, account-wide (API Gateway's is for new
    accounts' first 12 months only, so it is not here)."""

    logs_ingestion_gb: Decimal = Decimal(0)
    logs_storage_gb_month: Decimal = Decimal(0)
    sqs_requests: Decimal = Decimal(0)
    data_out_gb: Decimal = Decimal(0)
    xray_traces_recorded: Decimal = Decimal(0)
    xray_traces_scanned: Decimal = Decimal(0)


_FREE_KEYS = AroundFreeTier._fields


class AroundRegion(NamedTuple):
    code: str
    name: str
    sources: tuple[str, ...]
    rates: Mapping[str, Rate | None]


class AroundBook(NamedTuple):
    name: str
    effective_date: str
    retrieved: str
    origin: str
    sources: Mapping[str, str]
    notes: tuple[str, ...]
    free_tier: AroundFreeTier
    regions: Mapping[str, AroundRegion]

    def describe(self) -> str:
        return f"{self.origin} ({self.name}, effective {self.effective_date})"

    def rate(self, region: str, rates: Rates) -> Rate:
        """The rate `rates` names in `region`, or PricingError saying it is unknown."""
        found = self.regions.get(region)
        value = None if found is None else found.rates.get(rates.key)
        if value is None:
            missing = "" if found is not None else f" (the book has no region {region})"
            raise PricingError(
                f"the {rates.what} price for {region} is unknown in {self.describe()}"
                f"{missing}; remove the setting, choose another region, or pass "
                "--around-prices with a book that has it"
            )
        return value

    def flat(self, region: str, rates: Rates) -> Decimal:
        value = self.rate(region, rates)
        assert isinstance(value, Decimal), rates.key
        return value

    def tiers(self, region: str, rates: Rates) -> tuple[RateTier, ...]:
        value = self.rate(region, rates)
        assert isinstance(value, tuple), rates.key
        return value


_BOOK_KEYS = BOOK_HEADER_KEYS
_REGION_KEYS = ("name", "sources", "note", *_RATE_KEYS)


def _tiers(raw: Any, where: str) -> tuple[RateTier, ...] | None:
    pairs = tier_pairs(raw, where, "tiers", "up_to", "usd")
    return None if pairs is None else tuple(RateTier(bound, usd) for bound, usd in pairs)


def _region(code: str, raw: Any, where: str) -> AroundRegion:
    entry = _mapping(raw, where)
    _known_keys(entry, _REGION_KEYS, where)
    rates: dict[str, Rate | None] = {}
    for r in ALL_RATES:
        value = entry.get(r.key)
        at = f"{where}.{r.key}"
        rates[r.key] = _tiers(value, at) if r.tiered else _price(value, at)
    return AroundRegion(
        code=code,
        name=_text(entry.get("name"), f"{where}.name", code),
        sources=tuple(
            _text(s, f"{where}.sources[{i}]", "")
            for i, s in enumerate(_list(entry.get("sources"), f"{where}.sources"))
        ),
        rates=rates,
    )


def parse_around_book(raw: Any, origin: str) -> AroundBook:
    """Build an AroundBook from its parsed data-file form; errors name `origin` and the key."""
    book = _mapping(raw, origin)
    _known_keys(book, _BOOK_KEYS, origin)
    check_schema_version(book, SCHEMA_VERSION, origin)
    currency = _text(book.get("currency"), f"{origin}: currency", "USD")
    if currency != "USD":
        raise PricingError(f"{origin}: currency {currency} is not supported; books are in USD")
    free_tier = AroundFreeTier(*free_amounts(book, _FREE_KEYS, origin))
    regions_raw = _mapping(book.get("regions"), f"{origin}: regions")
    regions = {
        str(code): _region(str(code), entry, f"{origin}: regions.{code}")
        for code, entry in regions_raw.items()
    }
    sources = _mapping(book.get("sources") or {}, f"{origin}: sources")
    notes = _list(book.get("notes"), f"{origin}: notes")
    return AroundBook(
        name=_text(book.get("name"), f"{origin}: name", origin),
        effective_date=_text(book.get("effective_date"), f"{origin}: effective_date", "unknown"),
        retrieved=_text(book.get("retrieved"), f"{origin}: retrieved", "unknown"),
        origin=origin,
        sources={str(k): _text(v, f"{origin}: sources.{k}", "") for k, v in sources.items()},
        notes=tuple(_text(n, f"{origin}: notes[{i}]", "") for i, n in enumerate(notes)),
        free_tier=free_tier,
        regions=regions,
    )
