"""EC2 on-demand prices from AWS's Price List offer for AmazonEC2, into the Lambda Managed
Instances table (`pricing/managed-instances.json`). Plain functions over decoded JSON.

Both layouts `lambdacalc.pricelist` reads are accepted: the bulk offer file (`products`,
`terms.OnDemand`) and saved `pricing:GetProducts` output (`PriceList`). A row counts when it
is a shared-tenancy Linux instance with no pre-installed software and no licence (`tenancy`
Shared, `operatingSystem` Linux, `preInstalledSw` NA, `capacitystatus` Used, `licenseModel`
"No License required" where given) of the xlarge size of a family the table lists; its price
is the USD `pricePerUnit` of its one hourly on-demand dimension. Products are recognised by
their attributes (`instanceType`, `regionCode`), never by SKU.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from lambdacalc.errors import PricingError
from lambdacalc.structured import load_json

_WANTED = {
    "tenancy": "Shared",
    "operatingSystem": "Linux",
    "preInstalledSw": "NA",
    "capacitystatus": "Used",
}


class Ec2Price(NamedTuple):
    instance_type: str
    region: str
    usd_per_hour: Decimal


def _rows(offer: Any, source: str) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(product attributes, on-demand terms of that product) for every product."""
    if isinstance(offer, Mapping) and isinstance(offer.get("PriceList"), list):
        for i, element in enumerate(offer["PriceList"]):
            if isinstance(element, str):
                element = load_json(
                    element,
                    f"{source}: PriceList[{i}]",
                    PricingError,
                    "a product document",
                    duplicates=False,
                )
            if not isinstance(element, Mapping):
                raise PricingError(f"{source}: PriceList[{i}]: expected a product document")
            product = element.get("product") or {}
            terms = (element.get("terms") or {}).get("OnDemand") or {}
            yield product.get("attributes") or {}, terms
        return
    if isinstance(offer, Mapping) and "products" in offer and "terms" in offer:
        on_demand = (offer.get("terms") or {}).get("OnDemand") or {}
        for sku, product in (offer.get("products") or {}).items():
            if isinstance(product, Mapping):
                yield product.get("attributes") or {}, on_demand.get(sku) or {}
        return
    raise PricingError(
        f"{source}: not an AWS Price List offer (expected 'products' and 'terms', or "
        "'PriceList' from GetProducts); download the AmazonEC2 offer for a region"
    )


def _hourly_usd(terms: Mapping[str, Any], where: str) -> Decimal | None:
    for term in terms.values():
        for dim in (term.get("priceDimensions") or {}).values():
            if dim.get("unit") not in ("Hrs", "Hours"):
                continue
            try:
                value = Decimal(str((dim.get("pricePerUnit") or {}).get("USD")))
            except InvalidOperation:
                raise PricingError(f"{where}: pricePerUnit.USD is not a number") from None
            if value.is_finite() and value > 0:
                return value
    return None


def ec2_prices(offer: Any, source: str, families: set[str]) -> list[Ec2Price]:
    """The xlarge on-demand Linux prices of `families` found in the offer, by region."""
    found: dict[tuple[str, str], Decimal] = {}
    for attrs, terms in _rows(offer, source):
        instance = str(attrs.get("instanceType", ""))
        family, _, size = instance.partition(".")
        if size != "xlarge" or family not in families:
            continue
        if any(attrs.get(k) != v for k, v in _WANTED.items()):
            continue
        if attrs.get("licenseModel", "No License required") != "No License required":
            continue
        region = str(attrs.get("regionCode", ""))
        usd = _hourly_usd(terms, f"{source}: {instance} {region}")
        if not region or usd is None:
            continue
        previous = found.get((instance, region))
        if previous is not None and previous != usd:
            raise PricingError(
                f"{source}: two on-demand Linux prices for {instance} in {region} "
                f"(${previous} and ${usd}); pass an offer with one"
            )
        found[(instance, region)] = usd
    return [Ec2Price(i, r, usd) for (i, r), usd in sorted(found.items())]


def update_table(
    raw_table: Mapping[str, Any], prices: list[Ec2Price], source: str, date: str
) -> dict[str, Any]:
    """A copy of the table's JSON with each found price set, verified, and its source noted."""
    table = copy.deepcopy(dict(raw_table))
    families = table["ec2"]["families"]
    for price in prices:
        family = price.instance_type.partition(".")[0]
        regions = families[family]["xlarge_usd_per_hour"]
        regions[price.region] = {
            "usd_per_hour": format(price.usd_per_hour.normalize(), "f"),
            "verified": True,
            "note": f"EC2 on-demand Linux, from the Price List offer {source} ({date})",
        }
    table["retrieved"] = date
    table["ec2"]["retrieved"] = date
    return table
