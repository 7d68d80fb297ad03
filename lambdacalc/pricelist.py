"""Turn AWS's Price List offer for AWS Lambda into a lambdacalc price book, and diff two books.

Three layouts of the same data are read, all already decoded from JSON (this module does no I/O):

- the bulk offer file (`…/offers/v1.0/aws/AWSLambda/current/index.json`) and the per-region
  files beside it: `offerCode`, `publicationDate`, `products: {sku: product}` and
  `terms: {"OnDemand": {sku: {"<sku>.<offerTermCode>": term}}}`;
- saved `pricing:GetProducts` output: `{"FormatVersion": "aws_v1", "PriceList": [...]}`, where
  each element (a JSON string as the API returns it, or an object) holds one `product` and its
  `terms: {"OnDemand": {"<sku>.<offerTermCode>": term}}`.

A product is recognised by its `regionCode`, `group` and `usagetype` attributes, never by its SKU:
SKUs have moved between regions over time. The usage type carries a region prefix (`USE2-`,
`EUW2-`, `APN1-` …) everywhere but us-east-1, so the prefix is stripped before matching and the
region is taken from `regionCode`. Region-less `Global-…` usage types (location "Any") are the
account-wide free tier. Products in groups lambdacalc has no price for (event pollers, managed
instances, durable functions …) are skipped and listed in the book's notes.

Tier boundaries are read from each price dimension's `beginRange`/`endRange` ("Inf" is
open-ended) and checked to run from 0 without gaps or overlaps; they are never assumed, because
x86_64 and arm64 break at different points.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from lambdacalc.errors import PricingError
from lambdacalc.structured import NumberError, load_json, to_decimal

SERVICE_CODE = "AWSLambda"
SCHEMA_VERSION = 1
SOURCE_TAG = "PL"  # the key of the offer file in the book's `sources`
US_EAST_1 = "us-east-1"
REQUESTS_PER_MILLION = Decimal(1_000_000)

# --- units AWS writes on price dimensions, by what they measure -----------------------------------

_REQUEST_UNITS = frozenset({"Requests", "Request"})
_GB_SECOND_UNITS = frozenset({"Lambda-GB-Second", "Lambda-GB-Seconds", "GB-Seconds", "GB-Second"})
_GB_UNITS = frozenset({"GB", "Gigabytes", "Processed-Gigabytes"})

X86 = "x86_64"
ARM = "arm64"


@dataclass(frozen=True)
class _Slot:
    """Where a recognised product's price goes in the book.

    `section` is "x86_64" or "arm64" (per-architecture keys), "region" (keys beside
    ephemeral storage) or "edge". `variant` tells apart the x86_64 and arm64 SKUs AWS publishes
    for a price the book keeps once per region (ephemeral storage, response streaming).
    """

    section: str
    key: str
    units: frozenset[str]
    tiered: bool = False
    per_million: bool = False  # the offer prices one request; the book a million
    variant: str = X86


_REQUESTS = "request_usd_per_million"
_TIERS = "duration_tiers"
_PC = "provisioned_concurrency_usd_per_gb_s"
_PC_DURATION = "provisioned_duration_usd_per_gb_s"
_STORAGE = "ephemeral_storage_usd_per_gb_s"
_SNAP_CACHE = "snapstart_cache_usd_per_gb_s"
_SNAP_RESTORE = "snapstart_restore_usd_per_gb"
_STREAMING = "response_streaming_usd_per_gb"
_EDGE_DURATION = "duration_usd_per_gb_s"

# (group, usage type without its region prefix) -> slot. Both must match.
_RULES: dict[tuple[str, str], _Slot] = {
    ("AWS-Lambda-Requests", "Request"): _Slot(X86, _REQUESTS, _REQUEST_UNITS, per_million=True),
    ("AWS-Lambda-Requests-ARM", "Request-ARM"): _Slot(
        ARM, _REQUESTS, _REQUEST_UNITS, per_million=True
    ),
    ("AWS-Lambda-Duration", "Lambda-GB-Second"): _Slot(X86, _TIERS, _GB_SECOND_UNITS, tiered=True),
    ("AWS-Lambda-Duration-ARM", "Lambda-GB-Second-ARM"): _Slot(
        ARM, _TIERS, _GB_SECOND_UNITS, tiered=True
    ),
    # the older spelling of the arm64 duration usage type
    ("AWS-Lambda-Duration-ARM", "Lambda-ARM-GB-Second"): _Slot(
        ARM, _TIERS, _GB_SECOND_UNITS, tiered=True
    ),
    ("AWS-Lambda-Provisioned-Concurrency", "Lambda-Provisioned-Concurrency"): _Slot(
        X86, _PC, _GB_SECOND_UNITS
    ),
    ("AWS-Lambda-Provisioned-Concurrency-ARM", "Lambda-Provisioned-Concurrency-ARM"): _Slot(
        ARM, _PC, _GB_SECOND_UNITS
    ),
    ("AWS-Lambda-Duration-Provisioned", "Lambda-Provisioned-GB-Second"): _Slot(
        X86, _PC_DURATION, _GB_SECOND_UNITS
    ),
    ("AWS-Lambda-Duration-Provisioned-ARM", "Lambda-Provisioned-GB-Second-ARM"): _Slot(
        ARM, _PC_DURATION, _GB_SECOND_UNITS
    ),
    ("AWS-Lambda-Storage-Duration", "Lambda-Storage-GB-Second"): _Slot(
        "region", _STORAGE, _GB_SECOND_UNITS
    ),
    ("AWS-Lambda-Storage-Duration-ARM", "Lambda-Storage-GB-Second-ARM"): _Slot(
        "region", _STORAGE, _GB_SECOND_UNITS, variant=ARM
    ),
    ("AWS-Lambda-Edge-Requests", "Lambda-Edge-Request"): _Slot(
        "edge", _REQUESTS, _REQUEST_UNITS, per_million=True
    ),
    ("AWS-Lambda-Edge-Duration", "Lambda-Edge-GB-Second"): _Slot(
        "edge", _EDGE_DURATION, _GB_SECOND_UNITS
    ),
}

# The SnapStart and response-streaming usage types are known from AWS bills; the Price List
# group names of those SKUs are not confirmed, so for them the usage type alone decides.
_USAGETYPE_RULES: dict[str, _Slot] = {
    "Lambda-SnapStart-Cached-GB-S": _Slot("region", _SNAP_CACHE, _GB_SECOND_UNITS),
    "Lambda-SnapStart-Restored-GB": _Slot("region", _SNAP_RESTORE, _GB_UNITS),
    "Lambda-Streaming-Response-Processed-Bytes": _Slot("region", _STREAMING, _GB_UNITS),
    "Lambda-Streaming-Response-Processed-Bytes-ARM": _Slot(
        "region", _STREAMING, _GB_UNITS, variant=ARM
    ),
}

# Region-less free-tier usage types -> (free_tier key, units). The -ARM spellings, if AWS ever
# publishes them, must agree with the plain ones: the book has one free tier.
_FREE_TIER_RULES: dict[str, tuple[str, frozenset[str]]] = {
    "Request": ("requests", _REQUEST_UNITS),
    "Request-ARM": ("requests", _REQUEST_UNITS),
    "Lambda-GB-Second": ("duration_gb_s", _GB_SECOND_UNITS),
    "Lambda-GB-Second-ARM": ("duration_gb_s", _GB_SECOND_UNITS),
    "Lambda-Streaming-Response-Processed-Bytes": ("response_streaming_gb", _GB_UNITS),
}
_FREE_TIER_NAMES = {
    "requests": "requests",
    "duration_gb_s": "duration GB-seconds",
    "response_streaming_gb": "response-streaming GB",
}
_GLOBAL_PREFIX = "Global-"
# USE2-, EUW2-, APN1-, EU-, UGW1- … : capitals and digits, then a dash.
_REGION_PREFIX = re.compile(r"^[A-Z]{2,5}[0-9]{0,2}-(?=[A-Z])")


# --- the offer, normalised ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Dimension:
    rate_code: str
    unit: str
    begin: Decimal
    end: Decimal | None  # None: open-ended ("Inf")
    usd: Decimal


@dataclass(frozen=True)
class _Product:
    sku: str
    region: str
    location: str
    group: str
    usagetype: str
    where: str  # for messages: "SKU X (group G, usage type U)"
    terms: tuple[tuple[str, Any], ...]  # the on-demand terms, read only if the product is used
    dimensions: tuple[_Dimension, ...] = ()
    effective_date: str | None = None


@dataclass
class _Offer:
    source: str
    version: str | None = None
    publication_date: str | None = None
    products: list[_Product] = field(default_factory=list)


def decode_offer_text(text: str, source: str) -> Any:
    """Decode an offer file's text; anything that is not JSON is a one-line PricingError."""
    hint = (
        "; pass the offer file exactly as AWS publishes it (index.json) or saved GetProducts output"
    )
    return load_json(text, source, PricingError, "a Price List offer", hint, duplicates=False)


def _quoted(raw: Any) -> str:
    return repr(raw) if isinstance(raw, str) else repr(str(raw))


def _text(raw: Any) -> str:
    return raw if isinstance(raw, str) else ""


def _date(raw: Any) -> str | None:
    """'2021-11-16T08:54:25Z' -> '2021-11-16'; None for anything that is not an ISO date."""
    text = _text(raw)
    return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", text) else None


def _number(raw: Any, what: str, where: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, Decimal)):
        raise PricingError(
            f"{where}: {what} must be a number written as a string, got {raw!r}; "
            f"the offer file looks edited, download it again"
        )
    try:
        value = to_decimal(str(raw).strip())
    except InvalidOperation:
        raise PricingError(
            f"{where}: {what} {_quoted(raw)} is not a number; the offer file looks edited, "
            f"download it again"
        ) from None
    except NumberError as exc:
        raise PricingError(f"{where}: {what}: {exc}") from None
    if not value.is_finite() or value < 0:
        raise PricingError(f"{where}: {what} must be a finite number ≥ 0, got '{raw}'")
    return value


def _range_end(raw: Any, where: str) -> Decimal | None:
    if isinstance(raw, str) and raw.strip().lower() in ("inf", "infinity"):
        return None
    return _number(raw, "endRange", where)


def _dimension(key: str, raw: Any, where: str) -> _Dimension:
    if not isinstance(raw, Mapping):
        raise PricingError(f"{where}: price dimension {key} is not an object")
    rate_code = _text(raw.get("rateCode")) or key
    at = f"{where}, rate code {rate_code}"
    prices = raw.get("pricePerUnit")
    if not isinstance(prices, Mapping) or prices.get("USD") in (None, ""):
        held = ", ".join(sorted(prices)) if isinstance(prices, Mapping) and prices else "none"
        raise PricingError(
            f"{at}: no USD price (pricePerUnit has {held}); lambdacalc books are in USD, "
            f"import the USD offer file"
        )
    for name in ("beginRange", "endRange"):
        if name not in raw:
            raise PricingError(
                f"{at}: no {name}; tier ranges are read from the file, download it again"
            )
    return _Dimension(
        rate_code=rate_code,
        unit=_text(raw.get("unit")),
        begin=_number(raw.get("beginRange"), "beginRange", at),
        end=_range_end(raw.get("endRange"), at),
        usd=_number(prices.get("USD"), "the USD price", at),
    )


def _check_service(code: Any, where: str) -> None:
    if code not in (None, "", SERVICE_CODE):
        raise PricingError(
            f"{where}: service code is '{code}', not '{SERVICE_CODE}'; download the AWS Lambda "
            f"offer (…/offers/v1.0/aws/{SERVICE_CODE}/current/index.json)"
        )


def _product(raw_product: Any, terms: Iterable[tuple[str, Any]], where: str) -> _Product:
    if not isinstance(raw_product, Mapping):
        raise PricingError(f"{where}: a product is not an object")
    sku = _text(raw_product.get("sku"))
    attributes = raw_product.get("attributes")
    if not isinstance(attributes, Mapping):
        raise PricingError(f"{where}: SKU {sku or '?'} has no attributes")
    _check_service(attributes.get("servicecode"), f"{where}: SKU {sku}")
    group = _text(attributes.get("group"))
    usagetype = _text(attributes.get("usagetype"))
    at = f"SKU {sku} (group {group or '?'}, usage type {usagetype or '?'})"
    return _Product(
        sku=sku,
        region=_text(attributes.get("regionCode")),
        location=_text(attributes.get("location")),
        group=group,
        usagetype=usagetype,
        where=f"{where}: {at}",
        terms=tuple(terms),
    )


def _with_prices(product: _Product) -> _Product:
    """The product with its price dimensions read: only products lambdacalc uses are read, so
    a product it skips cannot fail the import."""
    dimensions: list[_Dimension] = []
    effective: list[str] = []
    for term_key, term in product.terms:
        if not isinstance(term, Mapping):
            raise PricingError(f"{product.where}: on-demand term {term_key} is not an object")
        raw_dims = term.get("priceDimensions")
        if not isinstance(raw_dims, Mapping) or not raw_dims:
            raise PricingError(f"{product.where}: on-demand term {term_key} has no priceDimensions")
        dimensions.extend(_dimension(k, v, product.where) for k, v in raw_dims.items())
        date = _date(term.get("effectiveDate"))
        if date:
            effective.append(date)
    return replace(
        product,
        dimensions=tuple(dimensions),
        effective_date=max(effective) if effective else None,
    )


def _read_bulk(offer: Mapping[str, Any], source: str) -> _Offer:
    _check_service(offer.get("offerCode"), source)
    products = offer.get("products")
    terms = offer.get("terms")
    if not isinstance(products, Mapping) or not isinstance(terms, Mapping):
        raise PricingError(f"{source}: 'products' and 'terms' must be objects in an offer file")
    on_demand = terms.get("OnDemand") or {}
    if not isinstance(on_demand, Mapping):
        raise PricingError(f"{source}: terms.OnDemand must be an object")
    result = _Offer(
        source=source,
        version=_text(offer.get("version")) or None,
        publication_date=_date(offer.get("publicationDate")),
    )
    for sku, raw_product in products.items():
        sku_terms = on_demand.get(sku) or {}
        if not isinstance(sku_terms, Mapping):
            raise PricingError(f"{source}: terms.OnDemand.{sku} must be an object")
        result.products.append(_product(raw_product, sku_terms.items(), source))
    return result


def _read_get_products(offer: Mapping[str, Any], source: str) -> _Offer:
    elements = offer.get("PriceList")
    if not isinstance(elements, list):
        raise PricingError(f"{source}: PriceList must be a list of products")
    result = _Offer(source=source)
    dates: list[str] = []
    versions: list[str] = []
    for i, element in enumerate(elements):
        where = f"{source}: PriceList[{i}]"
        if isinstance(element, str):
            element = load_json(
                element, where, PricingError, "a product document", duplicates=False
            )
        if not isinstance(element, Mapping):
            raise PricingError(f"{where}: expected a product document (an object)")
        _check_service(element.get("serviceCode"), where)
        terms = element.get("terms") or {}
        on_demand = terms.get("OnDemand") if isinstance(terms, Mapping) else None
        if not isinstance(on_demand, Mapping):
            on_demand = {}
        result.products.append(_product(element.get("product"), on_demand.items(), where))
        date = _date(element.get("publicationDate"))
        if date:
            dates.append(date)
        if _text(element.get("version")):
            versions.append(_text(element.get("version")))
    result.publication_date = max(dates) if dates else None
    result.version = max(versions) if versions else None
    return result


def _read_offer(offer: Any, source: str) -> _Offer:
    if isinstance(offer, Mapping) and "PriceList" in offer:
        return _read_get_products(offer, source)
    if isinstance(offer, Mapping) and "products" in offer and "terms" in offer:
        return _read_bulk(offer, source)
    hint = ""
    if isinstance(offer, Mapping) and "schema_version" in offer:
        hint = "; it looks like a lambdacalc price book already, pass it with --prices"
    raise PricingError(
        f"{source}: not an AWS Price List offer document (expected 'products' and 'terms', or "
        f"'PriceList' from GetProducts){hint}"
    )


# --- building the book ----------------------------------------------------------------------------


def _plain(value: Decimal) -> str:
    """A Decimal as plain digits (never 3.09E-8), keeping the offer's own precision."""
    return format(value, "f")


def _per_million(usd_per_request: Decimal) -> str:
    """0.0000002000 per request -> '0.20' per million: trailing zeros dropped, cents kept."""
    value = (usd_per_request * REQUESTS_PER_MILLION).normalize()
    if value.as_tuple().exponent > -2:  # type: ignore[operator]
        value = value.quantize(Decimal("0.01"))
    return _plain(value)


def _flat(product: _Product, slot: _Slot) -> str:
    dims = product.dimensions
    if len(dims) != 1 or dims[0].begin != 0 or dims[0].end is not None:
        ranges = ", ".join(f"{_plain(d.begin)}–{_range_text(d.end)}" for d in dims)
        raise PricingError(
            f"{product.where}: expected one price for all usage (0–Inf), found ranges {ranges}; "
            f"lambdacalc books cannot tier this price"
        )
    usd = dims[0].usd
    return _per_million(usd) if slot.per_million else _plain(usd)


def _range_text(end: Decimal | None) -> str:
    return "Inf" if end is None else _plain(end)


def _tiers(product: _Product) -> list[dict[str, str | None]]:
    dims = sorted(product.dimensions, key=lambda d: d.begin)
    expected_begin = Decimal(0)
    tiers: list[dict[str, str | None]] = []
    for i, dim in enumerate(dims):
        at = f"{product.where}, rate code {dim.rate_code}"
        if dim.begin != expected_begin:
            problem = "overlaps the previous one" if dim.begin < expected_begin else "leaves a gap"
            raise PricingError(
                f"{at}: tier starting at {_plain(dim.begin)} GB-s {problem} (expected "
                f"{_plain(expected_begin)}); the tiers must run from 0 without gaps"
            )
        last = i == len(dims) - 1
        if dim.end is None and not last:
            raise PricingError(f"{at}: only the highest tier may be open-ended (endRange Inf)")
        if dim.end is not None and dim.end <= dim.begin:
            raise PricingError(f"{at}: endRange {_plain(dim.end)} is not above beginRange")
        if last and dim.end is not None:
            raise PricingError(
                f"{at}: the highest tier ends at {_plain(dim.end)} GB-s; it must be open-ended "
                f"(endRange Inf)"
            )
        tiers.append(
            {
                "up_to_gb_s": None if dim.end is None else _plain(dim.end),
                "usd_per_gb_s": _plain(dim.usd),
            }
        )
        if dim.end is not None:
            expected_begin = dim.end
    return tiers


def _check_unit(product: _Product, units: frozenset[str]) -> None:
    for dim in product.dimensions:
        if dim.unit not in units:
            raise PricingError(
                f"{product.where}, rate code {dim.rate_code}: unit '{dim.unit}' is not one "
                f"lambdacalc knows for this price (expected {' or '.join(sorted(units))}); "
                f"check the file, or report the new unit"
            )


def _strip_region_prefix(usagetype: str) -> str:
    return _REGION_PREFIX.sub("", usagetype, count=1)


@dataclass(frozen=True)
class ImportedBook:
    """A price book in lambdacalc's data-file form, and what the importer had to say about it."""

    book: dict[str, Any]
    warnings: tuple[str, ...]


@dataclass
class _Found:
    value: Any
    product: _Product


def _canonical(value: Any) -> Any:
    """A price or tier list with numbers as Decimals: "0.0000002000" and "0.0000002" are equal."""
    if isinstance(value, str):
        return Decimal(value)
    if isinstance(value, list):
        return [{k: _canonical(v) for k, v in tier.items()} for tier in value]
    return value


def _record(found: dict[tuple[str, ...], _Found], key: tuple[str, ...], new: _Found) -> None:
    old = found.get(key)
    if old is None:
        found[key] = new
    elif _canonical(old.value) != _canonical(new.value):
        raise PricingError(
            f"{new.product.where} and SKU {old.product.sku} (usage type {old.product.usagetype}) "
            f"price the same thing differently; the offer file is inconsistent, download it again"
        )


def _free_allowance(product: _Product) -> Decimal:
    for dim in product.dimensions:
        if dim.usd == 0 and dim.begin == 0 and dim.end is not None:
            return dim.end
    raise PricingError(
        f"{product.where}: a free-tier SKU needs a $0 range starting at 0 with a finite end; "
        f"check the file"
    )


def import_offer(
    offer: Any,
    source: str,
    *,
    name: str = "aws-lambda-pricelist",
    retrieved: str | None = None,
) -> ImportedBook:
    """Build a price book (schema_version 1, see pricing/FORMAT.md) from a decoded offer document.

    `source` is the offer's file name, recorded in the book and used in messages; `retrieved`
    is the day the file was downloaded, when known (default: the offer's publication date).
    Raises PricingError for anything that is not an AWS Lambda offer with USD prices in the
    units lambdacalc expects.
    """
    parsed = _read_offer(offer, source)
    found: dict[tuple[str, ...], _Found] = {}
    free: dict[str, _Found] = {}
    locations: dict[str, str] = {}
    effective: list[str] = []
    ignored: Counter[str] = Counter()

    for product in parsed.products:
        if product.usagetype.startswith(_GLOBAL_PREFIX):
            rule = _FREE_TIER_RULES.get(product.usagetype[len(_GLOBAL_PREFIX) :])
            if rule is None:
                ignored[product.group or product.usagetype] += 1
                continue
            key, units = rule
            product = _with_prices(product)
            _check_unit(product, units)
            allowance = _Found(_free_allowance(product), product)
            previous = free.get(key)
            if previous is not None and previous.value != allowance.value:
                raise PricingError(
                    f"{product.where} and SKU {previous.product.sku} give different free "
                    f"{_FREE_TIER_NAMES[key]}; the book has one free tier, check the file"
                )
            free[key] = allowance
            continue
        base = _strip_region_prefix(product.usagetype)
        slot = _RULES.get((product.group, base)) or _USAGETYPE_RULES.get(base)
        if slot is None or not product.region:
            ignored[product.group or product.usagetype or "(no group)"] += 1
            continue
        product = _with_prices(product)
        if not product.dimensions:
            raise PricingError(
                f"{product.where}: no on-demand price for {product.region}; the offer file is "
                f"incomplete, download it again"
            )
        _check_unit(product, slot.units)
        value: Any = _tiers(product) if slot.tiered else _flat(product, slot)
        _record(
            found, (product.region, slot.section, slot.key, slot.variant), _Found(value, product)
        )
        locations.setdefault(product.region, product.location)
        if product.effective_date:
            effective.append(product.effective_date)

    if not found:
        groups = ", ".join(sorted(ignored)) or "none"
        raise PricingError(
            f"{source}: no AWS Lambda function prices found (groups seen: {groups}); is this the "
            f"{SERVICE_CODE} offer file?"
        )

    warnings: list[str] = []
    regions: dict[str, Any] = {}
    for region in sorted(locations, key=lambda r: (r != US_EAST_1, r)):
        regions[region] = _region_entry(region, locations[region], found, warnings)

    free_tier: dict[str, str] = {}
    for key, label in _FREE_TIER_NAMES.items():
        if key in free:
            free_tier[key] = _plain(free[key].value)
        else:
            warnings.append(
                f"the offer has no Global- free-tier SKU for {label}; the book gives no free "
                f"{label} (add free_tier.{key} by hand if your account has it)"
            )
    if ignored:
        listed = ", ".join(f"{g} ({n})" for g, n in sorted(ignored.items()))
        warnings.append(f"skipped products lambdacalc has no price for: {listed}")

    publication = parsed.publication_date
    effective_date = max(effective) if effective else (publication or "unknown")
    described = source
    if parsed.version or publication:
        details = ", ".join(
            p
            for p in (
                f"version {parsed.version}" if parsed.version else "",
                f"published {publication}" if publication else "",
            )
            if p
        )
        described = f"{source} ({details})"
    book: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "name": name,
        "title": "AWS Lambda prices imported from the AWS Price List",
        "effective_date": effective_date,
        "retrieved": retrieved or publication or "unknown",
        "currency": "USD",
        "sources": {SOURCE_TAG: f"AWS Price List offer file {described}"},
        "notes": [
            f"Written by `lambdacalc prices import` from {source}; edit the offer, not this file.",
            *warnings,
        ],
        "free_tier": free_tier,
        "regions": regions,
    }
    return ImportedBook(book=book, warnings=tuple(warnings))


def _region_entry(
    region: str, location: str, found: dict[tuple[str, ...], _Found], warnings: list[str]
) -> dict[str, Any]:
    def get(section: str, key: str, variant: str = X86) -> Any:
        hit = found.get((region, section, key, variant))
        return None if hit is None else hit.value

    def per_region(key: str, what: str) -> Any:
        x86, arm = get("region", key, X86), get("region", key, ARM)
        if x86 is not None and arm is not None and Decimal(x86) != Decimal(arm):
            warnings.append(
                f"{region}: {what} costs {x86} on x86_64 but {arm} on arm64; the book holds one "
                f"price per region and keeps x86_64's"
            )
        return x86 if x86 is not None else arm

    def arch(section: str) -> dict[str, Any] | None:
        keys = (_REQUESTS, _TIERS, _PC, _PC_DURATION)
        values = {key: get(section, key) for key in keys}
        return values if any(v is not None for v in values.values()) else None

    edge_request, edge_duration = get("edge", _REQUESTS), get("edge", _EDGE_DURATION)
    entry: dict[str, Any] = {
        "name": location or region,
        "confidence": "high",
        "sources": [SOURCE_TAG],
        _STORAGE: per_region(_STORAGE, "ephemeral storage"),
        X86: arch(X86),
        ARM: arch(ARM),
        _SNAP_CACHE: get("region", _SNAP_CACHE),
        _SNAP_RESTORE: get("region", _SNAP_RESTORE),
        _STREAMING: per_region(_STREAMING, "response streaming"),
        "edge": None
        if edge_request is None and edge_duration is None
        else {_REQUESTS: edge_request, _EDGE_DURATION: edge_duration},
    }
    return entry


# --- comparing two books --------------------------------------------------------------------------

REGION_ADDED = "region added"
REGION_REMOVED = "region removed"
CHANGED = "changed"
ADDED = "added"  # unknown (null or missing) in the old book, known in the new
REMOVED = "removed"  # known in the old book, unknown in the new


@dataclass(frozen=True)
class PriceChange:
    """One difference between two price books.

    `region` is a region code, or "" for the book-wide free tier; `architecture` is "x86_64",
    "arm64", or "" for prices not split by architecture. `field` is the book's key, with tiers
    as `duration_tiers[0].usd_per_gb_s` and Edge prices as `edge.…`. `old`/`new` are None when
    the price is unknown in that book (for `up_to_gb_s`, None is the open-ended top tier).
    `percent_change` is (new − old) / old × 100 when both are known and old is not zero.
    """

    kind: str
    region: str
    architecture: str
    field: str
    old: Decimal | None
    new: Decimal | None
    percent_change: Decimal | None


def _diff_value(raw: Any, where: str) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, float):  # a YAML book written with bare numbers
        raw = repr(raw)
    return _number(raw, "a price", where)


def _flatten_region(entry: Any, where: str) -> dict[tuple[str, str], Decimal | None]:
    """(architecture, field) -> value for every price in one region entry."""
    flat: dict[tuple[str, str], Decimal | None] = {}
    if not isinstance(entry, Mapping):
        raise PricingError(f"{where}: a region must be an object")
    for key in (_STORAGE, _SNAP_CACHE, _SNAP_RESTORE, _STREAMING):
        flat[("", key)] = _diff_value(entry.get(key), f"{where}.{key}")
    edge = entry.get("edge") or {}
    if not isinstance(edge, Mapping):
        raise PricingError(f"{where}.edge: expected an object or null")
    for key in (_REQUESTS, _EDGE_DURATION):
        flat[("", f"edge.{key}")] = _diff_value(edge.get(key), f"{where}.edge.{key}")
    for arch_name in (X86, ARM):
        prices = entry.get(arch_name) or {}
        if not isinstance(prices, Mapping):
            raise PricingError(f"{where}.{arch_name}: expected an object or null")
        for key in (_REQUESTS, _PC, _PC_DURATION):
            flat[(arch_name, key)] = _diff_value(prices.get(key), f"{where}.{arch_name}.{key}")
        tiers = prices.get(_TIERS) or []
        if not isinstance(tiers, list):
            raise PricingError(f"{where}.{arch_name}.{_TIERS}: expected a list or null")
        for i, tier in enumerate(tiers):
            at = f"{where}.{arch_name}.{_TIERS}[{i}]"
            if not isinstance(tier, Mapping):
                raise PricingError(f"{at}: expected an object")
            for key in ("up_to_gb_s", "usd_per_gb_s"):
                flat[(arch_name, f"{_TIERS}[{i}].{key}")] = _diff_value(
                    tier.get(key), f"{at}.{key}"
                )
    return flat


def _regions(book: Mapping[str, Any], label: str) -> Mapping[str, Any]:
    if not isinstance(book, Mapping):
        raise PricingError(f"{label}: a price book must be an object")
    regions = book.get("regions")
    if not isinstance(regions, Mapping):
        raise PricingError(f"{label}: the book has no 'regions' object; see pricing/FORMAT.md")
    return regions


def _percent(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    if old is None or new is None or old == 0:
        return None
    return (new - old) / old * 100


def _compare(
    region: str,
    old: Mapping[tuple[str, str], Decimal | None],
    new: Mapping[tuple[str, str], Decimal | None],
) -> list[PriceChange]:
    changes: list[PriceChange] = []
    keys = list(old) + [k for k in new if k not in old]
    for arch_name, name in keys:
        key = (arch_name, name)
        in_old, in_new = key in old, key in new
        a, b = old.get(key), new.get(key)
        if a == b and in_old == in_new:
            continue
        if not in_old or (a is None and not name.endswith("up_to_gb_s")):
            kind = ADDED
        elif not in_new or (b is None and not name.endswith("up_to_gb_s")):
            kind = REMOVED
        else:
            kind = CHANGED  # for up_to_gb_s, None is the open-ended top tier, not unknown
        changes.append(PriceChange(kind, region, arch_name, name, a, b, _percent(a, b)))
    return changes


def diff_books(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[PriceChange]:
    """What changed from book `a` to book `b` (both in data-file form), as a list of changes.

    Regions only in one book are reported once (REGION_ADDED / REGION_REMOVED), not price by
    price. Prices are compared as numbers: "0.20" and "0.2000000" are the same price.
    """
    regions_a, regions_b = _regions(a, "first book"), _regions(b, "second book")
    changes: list[PriceChange] = []

    def free(book: Mapping[str, Any], label: str) -> dict[tuple[str, str], Decimal | None]:
        raw = book.get("free_tier") or {}
        if not isinstance(raw, Mapping):
            raise PricingError(f"{label}: free_tier must be an object")
        return {
            ("", f"free_tier.{key}"): _diff_value(raw.get(key, "0"), f"{label}: free_tier.{key}")
            for key in _FREE_TIER_NAMES
        }

    changes.extend(_compare("", free(a, "first book"), free(b, "second book")))
    for code in list(regions_a) + [r for r in regions_b if r not in regions_a]:
        if code not in regions_b:
            changes.append(PriceChange(REGION_REMOVED, code, "", "region", None, None, None))
        elif code not in regions_a:
            changes.append(PriceChange(REGION_ADDED, code, "", "region", None, None, None))
        else:
            changes.extend(
                _compare(
                    code,
                    _flatten_region(regions_a[code], f"first book: regions.{code}"),
                    _flatten_region(regions_b[code], f"second book: regions.{code}"),
                )
            )
    return changes
