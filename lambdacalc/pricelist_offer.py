"""AWS's Price List offer for AWS Lambda, normalised: the bulk offer file and saved
`pricing:GetProducts` output read into one list of products with their price dimensions
(`_read_offer`), checked as they are read. No I/O (see `lambdacalc.pricelist`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from lambdacalc.errors import PricingError
from lambdacalc.pricelist_rules import (
    SERVICE_CODE,
)
from lambdacalc.structured import NumberError, load_json, to_decimal

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
    service: str = ""  # the product's servicecode, as the offer gives it


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


def _check_service(code: Any, where: str, expected: tuple[str, ...] = (SERVICE_CODE,)) -> None:
    if expected != (SERVICE_CODE,) and code not in (None, "", *expected):
        raise PricingError(
            f"{where}: service code is '{code}', not one lambdacalc reads here "
            f"({', '.join(expected)}); pass the Price List offer of a service around Lambda"
        )
    if expected == (SERVICE_CODE,) and code not in (None, "", SERVICE_CODE):
        raise PricingError(
            f"{where}: service code is '{code}', not '{SERVICE_CODE}'; download the AWS Lambda "
            f"offer (…/offers/v1.0/aws/{SERVICE_CODE}/current/index.json)"
        )


def _product(
    raw_product: Any,
    terms: Iterable[tuple[str, Any]],
    where: str,
    expected: tuple[str, ...] = (SERVICE_CODE,),
) -> _Product:
    if not isinstance(raw_product, Mapping):
        raise PricingError(f"{where}: a product is not an object")
    sku = _text(raw_product.get("sku"))
    attributes = raw_product.get("attributes")
    if not isinstance(attributes, Mapping):
        raise PricingError(f"{where}: SKU {sku or '?'} has no attributes")
    _check_service(attributes.get("servicecode"), f"{where}: SKU {sku}", expected)
    group = _text(attributes.get("group"))
    usagetype = _text(attributes.get("usagetype"))
    at = f"SKU {sku} (group {group or '?'}, usage type {usagetype or '?'})"
    return _Product(
        sku=sku,
        # AWSDataTransfer's products name their region fromRegionCode
        region=_text(attributes.get("regionCode")) or _text(attributes.get("fromRegionCode")),
        location=_text(attributes.get("location")),
        group=group,
        usagetype=usagetype,
        where=f"{where}: {at}",
        terms=tuple(terms),
        service=_text(attributes.get("servicecode")),
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


def _read_bulk(
    offer: Mapping[str, Any], source: str, expected: tuple[str, ...] = (SERVICE_CODE,)
) -> _Offer:
    _check_service(offer.get("offerCode"), source, expected)
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
        product = _product(raw_product, sku_terms.items(), source, expected)
        if not product.service:  # a bulk file names its service once, as offerCode
            product = replace(product, service=_text(offer.get("offerCode")))
        result.products.append(product)
    return result


def _read_get_products(
    offer: Mapping[str, Any], source: str, expected: tuple[str, ...] = (SERVICE_CODE,)
) -> _Offer:
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
        _check_service(element.get("serviceCode"), where, expected)
        terms = element.get("terms") or {}
        on_demand = terms.get("OnDemand") if isinstance(terms, Mapping) else None
        if not isinstance(on_demand, Mapping):
            on_demand = {}
        product = _product(element.get("product"), on_demand.items(), where, expected)
        if not product.service:
            product = replace(product, service=_text(element.get("serviceCode")))
        result.products.append(product)
        date = _date(element.get("publicationDate"))
        if date:
            dates.append(date)
        if _text(element.get("version")):
            versions.append(_text(element.get("version")))
    result.publication_date = max(dates) if dates else None
    result.version = max(versions) if versions else None
    return result


def _read_offer(offer: Any, source: str, expected: tuple[str, ...] = (SERVICE_CODE,)) -> _Offer:
    """The offer's products; `expected` are the service codes it may be the offer of."""
    if isinstance(offer, Mapping) and "PriceList" in offer:
        return _read_get_products(offer, source, expected)
    if isinstance(offer, Mapping) and "products" in offer and "terms" in offer:
        return _read_bulk(offer, source, expected)
    hint = ""
    if isinstance(offer, Mapping) and "schema_version" in offer:
        hint = "; it looks like a lambdacalc price book already, pass it with --prices"
    raise PricingError(
        f"{source}: not an AWS Price List offer document (expected 'products' and 'terms', or "
        f"'PriceList' from GetProducts){hint}"
    )
