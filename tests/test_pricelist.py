"""Importing AWS's Price List offer for AWS Lambda (lambdacalc/pricelist.py) and diffing books.

The fixtures in tests/fixtures/pricelist/ are written by hand in the layouts AWS publishes (bulk
index.json; saved GetProducts output). Their SKUs and rate codes are placeholders (FX…) on
purpose: the importer must match on regionCode + group + usagetype and never on a SKU. The group
names of the SnapStart and response-streaming SKUs are placeholders too (FIXTURE-…): only their
usage types are known, and the importer matches those SKUs on the usage type alone.
"""

from __future__ import annotations

import copy
import json
import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambdacalc.errors import PricingError
from lambdacalc.pricelist import import_offer
from lambdacalc.pricelist_diff import (
    ADDED,
    CHANGED,
    REGION_ADDED,
    REGION_REMOVED,
    REMOVED,
    diff_books,
)
from lambdacalc.pricelist_offer import decode_offer_text

FIXTURES = Path(__file__).parent / "fixtures" / "pricelist"


def load(name: str) -> Any:
    return decode_offer_text((FIXTURES / name).read_text(encoding="utf-8"), name)


def book_of(offer: Any, source: str = "offer.json") -> dict[str, Any]:
    return import_offer(offer, source).book


@pytest.fixture
def bulk() -> Any:
    return load("bulk-index.json")


# --- the bulk layout: us-east-1 must come out exactly as AWS publishes it ------------------------


def test_us_east_1_x86_figures_are_the_published_ones(bulk: Any) -> None:
    region = book_of(bulk)["regions"]["us-east-1"]
    x86 = region["x86_64"]
    # 0.0000002000 USD per request × 1,000,000 = 0.2 USD per million, written with cents.
    assert x86["request_usd_per_million"] == "0.20"
    # The fixture lists tier 3 first: tiers are sorted by beginRange, and each bound is the
    # dimension's endRange (6,000,000,000 and 15,000,000,000 GB-s), "Inf" -> null.
    assert x86["duration_tiers"] == [
        {"up_to_gb_s": "6000000000", "usd_per_gb_s": "0.0000166667"},
        {"up_to_gb_s": "15000000000", "usd_per_gb_s": "0.0000150000"},
        {"up_to_gb_s": None, "usd_per_gb_s": "0.0000133334"},
    ]
    assert x86["provisioned_concurrency_usd_per_gb_s"] == "0.0000041667"
    assert x86["provisioned_duration_usd_per_gb_s"] == "0.0000097222"
    assert region["ephemeral_storage_usd_per_gb_s"] == "0.0000000309"


def test_us_east_1_arm64_figures_and_its_own_tier_bounds(bulk: Any) -> None:
    arm = book_of(bulk)["regions"]["us-east-1"]["arm64"]
    assert arm["request_usd_per_million"] == "0.20"
    # arm64 breaks at 7.5 B and 18.75 B GB-s, not at x86_64's 6 B / 15 B: read, never assumed.
    assert arm["duration_tiers"] == [
        {"up_to_gb_s": "7500000000", "usd_per_gb_s": "0.0000133334"},
        {"up_to_gb_s": "18750000000", "usd_per_gb_s": "0.0000120001"},
        {"up_to_gb_s": None, "usd_per_gb_s": "0.0000106667"},
    ]
    assert arm["provisioned_concurrency_usd_per_gb_s"] == "0.0000033334"
    assert arm["provisioned_duration_usd_per_gb_s"] == "0.0000077778"


def test_prices_are_exact_decimals(bulk: Any) -> None:
    x86 = book_of(bulk)["regions"]["us-east-1"]["x86_64"]
    # Exact to the last digit: 6 B GB-s at tier 1 = 6,000,000,000 × 0.0000166667 = 100,000.2 USD.
    tier1 = x86["duration_tiers"][0]
    assert Decimal(tier1["up_to_gb_s"]) * Decimal(tier1["usd_per_gb_s"]) == Decimal("100000.2")


def test_feature_prices_snapstart_streaming_and_edge(bulk: Any) -> None:
    region = book_of(bulk)["regions"]["us-east-1"]
    assert region["snapstart_cache_usd_per_gb_s"] == "0.0000015046"
    assert region["snapstart_restore_usd_per_gb"] == "0.0001397998"
    assert Decimal(region["response_streaming_usd_per_gb"]) == Decimal("0.008")
    # Edge: 0.0000006000 per request × 1,000,000 = 0.60 per million; 0.00005001 per GB-s.
    assert region["edge"] == {
        "request_usd_per_million": "0.60",
        "duration_usd_per_gb_s": "0.0000500100",
    }


def test_free_tier_comes_from_the_global_skus(bulk: Any) -> None:
    imported = import_offer(bulk, "bulk-index.json")
    # Global-Request: $0 from 0 to 1,000,000 requests; Global-Lambda-GB-Second: $0 to 400,000.
    assert imported.book["free_tier"] == {"requests": "1000000", "duration_gb_s": "400000"}
    # No Global- SKU for response streaming in the file: said so, not assumed.
    assert any("response-streaming" in w for w in imported.warnings)
    assert "" not in imported.book["regions"]  # the region-less SKUs made no region


def test_prefixed_usage_types_and_the_older_arm_spelling(bulk: Any) -> None:
    region = book_of(bulk)["regions"]["us-east-2"]
    assert region["name"] == "US East (Ohio)"
    # USE2-Request, USE2-Lambda-GB-Second, USE2-Lambda-ARM-GB-Second, USE2-Lambda-Storage-GB-Second
    assert region["x86_64"]["request_usd_per_million"] == "0.20"
    assert region["x86_64"]["duration_tiers"][0] == {
        "up_to_gb_s": "6000000000",
        "usd_per_gb_s": "0.0000166667",
    }
    assert region["arm64"]["duration_tiers"][1]["up_to_gb_s"] == "18750000000"
    assert region["ephemeral_storage_usd_per_gb_s"] == "0.0000000309"
    # What the file does not price in us-east-2 is unknown (null), never borrowed from us-east-1.
    assert region["arm64"]["request_usd_per_million"] is None
    assert region["x86_64"]["provisioned_concurrency_usd_per_gb_s"] is None
    assert region["edge"] is None
    assert region["snapstart_cache_usd_per_gb_s"] is None


def test_metadata(bulk: Any) -> None:
    book = import_offer(bulk, "index.json", name="aws-2026-10", retrieved="2026-11-27").book
    assert book["schema_version"] == 1
    assert book["name"] == "aws-2026-10"
    assert book["currency"] == "USD"
    assert book["effective_date"] == "2026-10-01"  # the terms' effectiveDate
    assert book["retrieved"] == "2026-11-27"
    assert "index.json" in book["sources"]["PL"]
    assert "20261014190211" in book["sources"]["PL"]
    assert all(r["sources"] == ["PL"] for r in book["regions"].values())
    assert list(book["regions"]) == ["us-east-1", "us-east-2"]


def test_retrieved_defaults_to_the_publication_date(bulk: Any) -> None:
    assert book_of(bulk)["retrieved"] == "2026-10-14"


def test_the_book_is_plain_json_with_string_prices(bulk: Any) -> None:
    book = book_of(bulk)
    text = json.dumps(book)  # no Decimal or other non-JSON value anywhere
    assert not re.search(r"\dE[-+]", text)  # 0.0000000309, never 3.09E-8
    assert json.loads(text) == book


def test_unknown_groups_are_skipped_and_listed(bulk: Any) -> None:
    imported = import_offer(bulk, "bulk-index.json")
    assert any("FIXTURE-Event-Pollers (1)" in w for w in imported.warnings)
    assert any("FIXTURE-Event-Pollers" in n for n in imported.book["notes"])


def test_skus_do_not_matter(bulk: Any) -> None:
    """Rename every SKU (and give us-east-1's duration SKU the code us-east-2's had): same book."""
    renamed = copy.deepcopy(bulk)
    mapping = {sku: f"RENAMED{i:09d}" for i, sku in enumerate(bulk["products"])}
    mapping["FXUSE1DURX86AAAA"], mapping["FXUSE2DURX86AAAA"] = (
        "FXUSE2DURX86AAAA",
        "FXUSE1DURX86AAAA",
    )
    renamed["products"] = {
        mapping[sku]: {**product, "sku": mapping[sku]} for sku, product in bulk["products"].items()
    }
    renamed["terms"]["OnDemand"] = {
        mapping[sku]: terms for sku, terms in bulk["terms"]["OnDemand"].items()
    }
    assert book_of(renamed)["regions"] == book_of(bulk)["regions"]


def test_a_per_region_file_has_the_same_layout(bulk: Any) -> None:
    ohio = copy.deepcopy(bulk)
    ohio["products"] = {
        sku: p
        for sku, p in bulk["products"].items()
        if p["attributes"].get("regionCode") == "us-east-2"
    }
    book = book_of(ohio)
    assert list(book["regions"]) == ["us-east-2"]
    assert book["regions"]["us-east-2"] == book_of(bulk)["regions"]["us-east-2"]
    assert book["free_tier"] == {}  # a per-region file carries no Global- SKUs


# --- the GetProducts layout ----------------------------------------------------------------------


def test_get_products_output_with_string_and_object_elements() -> None:
    imported = import_offer(load("getproducts-edge.json"), "getproducts-edge.json")
    book = imported.book
    assert list(book["regions"]) == ["ap-northeast-1"]
    tokyo = book["regions"]["ap-northeast-1"]
    assert tokyo["name"] == "Asia Pacific (Tokyo)"
    # APN1-Lambda-Edge-GB-Second at 0.0000500100; APN1-Lambda-Edge-Request at 0.0000006 × 1e6.
    assert tokyo["edge"] == {
        "request_usd_per_million": "0.60",
        "duration_usd_per_gb_s": "0.0000500100",
    }
    assert tokyo["x86_64"] is None and tokyo["arm64"] is None
    assert book["effective_date"] == "2021-11-01"
    assert "20211116085425" in book["sources"]["PL"]
    assert book["free_tier"] == {}
    assert len([w for w in imported.warnings if "free-tier" in w]) == 3


def test_get_products_element_that_is_not_json() -> None:
    offer = {"FormatVersion": "aws_v1", "PriceList": ['{"product": ']}
    with pytest.raises(PricingError, match=r"PriceList\[0\]:1:13: not valid JSON"):
        import_offer(offer, "saved.json")


def test_get_products_wrong_service() -> None:
    offer = load("getproducts-edge.json")
    offer["PriceList"][1]["serviceCode"] = "AmazonCloudFront"
    with pytest.raises(PricingError, match="service code is 'AmazonCloudFront'"):
        import_offer(offer, "saved.json")


# --- malformed offers: one line, saying what, where and how to fix -------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("not-json.json", r"not-json\.json:3:1: not valid JSON"),
        ("wrong-service.json", r"service code is 'AmazonEC2', not 'AWSLambda'"),
        ("no-usd-price.json", r"FXUSE1REQX86AAAA\.JRTCKXETXF\.6YS6EN2CT7: no USD price"),
        ("unknown-unit.json", r"FXUSE1DURX86AAAA\.JRTCKXETXF\.6YS6EN2CT7: unit 'Second'"),
        ("tier-gap.json", r"FXTIER3AAA: tier starting at 15000000000 GB-s leaves a gap"),
        ("no-lambda-products.json", r"no AWS Lambda function prices found"),
        ("not-an-offer.json", r"not an AWS Price List offer document.*--prices"),
    ],
)
def test_malformed_offers(fixture: str, expected: str) -> None:
    with pytest.raises(PricingError, match=expected) as caught:
        import_offer(load(fixture), fixture)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(fixture)


@pytest.mark.parametrize("offer", [[], "text", 3, None, {"products": {}}])
def test_documents_that_are_not_offers(offer: Any) -> None:
    with pytest.raises(PricingError, match="not an AWS Price List offer document"):
        import_offer(offer, "x.json")


def _duration_dims(bulk: Any) -> dict[str, Any]:
    terms = bulk["terms"]["OnDemand"]["FXUSE1DURX86AAAA"]["FXUSE1DURX86AAAA.JRTCKXETXF"]
    dims: dict[str, Any] = terms["priceDimensions"]
    return dims


def test_overlapping_tiers(bulk: Any) -> None:
    dims = _duration_dims(bulk)
    dims["FXUSE1DURX86AAAA.JRTCKXETXF.FXTIER2AAA"]["beginRange"] = "5000000000"
    with pytest.raises(PricingError, match="FXTIER2AAA: tier starting at 5000000000 GB-s overlaps"):
        import_offer(bulk, "x.json")


def test_highest_tier_must_be_open_ended(bulk: Any) -> None:
    _duration_dims(bulk)["FXUSE1DURX86AAAA.JRTCKXETXF.FXTIER3AAA"]["endRange"] = "90000000000"
    with pytest.raises(PricingError, match="FXTIER3AAA: the highest tier ends at 90000000000"):
        import_offer(bulk, "x.json")


def test_tiers_must_start_at_zero(bulk: Any) -> None:
    del _duration_dims(bulk)["FXUSE1DURX86AAAA.JRTCKXETXF.FXTIER1AAA"]
    with pytest.raises(PricingError, match="FXTIER2AAA: tier starting at 6000000000 GB-s leaves"):
        import_offer(bulk, "x.json")


def test_a_missing_range_is_an_error_not_a_guess(bulk: Any) -> None:
    del _duration_dims(bulk)["FXUSE1DURX86AAAA.JRTCKXETXF.FXTIER2AAA"]["endRange"]
    with pytest.raises(PricingError, match="FXTIER2AAA: no endRange"):
        import_offer(bulk, "x.json")


def test_a_tiered_price_where_the_book_has_one_rate(bulk: Any) -> None:
    term = bulk["terms"]["OnDemand"]["FXUSE1PCX86AAAAA"]["FXUSE1PCX86AAAAA.JRTCKXETXF"]
    dim = term["priceDimensions"]["FXUSE1PCX86AAAAA.JRTCKXETXF.6YS6EN2CT7"]
    dim["endRange"] = "1000"
    with pytest.raises(PricingError, match=r"FXUSE1PCX86AAAAA.*found ranges 0–1000"):
        import_offer(bulk, "x.json")


def test_a_price_that_is_not_a_number(bulk: Any) -> None:
    term = bulk["terms"]["OnDemand"]["FXUSE1REQX86AAAA"]["FXUSE1REQX86AAAA.JRTCKXETXF"]
    term["priceDimensions"]["FXUSE1REQX86AAAA.JRTCKXETXF.6YS6EN2CT7"]["pricePerUnit"] = {
        "USD": "twenty cents"
    }
    with pytest.raises(PricingError, match="the USD price 'twenty cents' is not a number"):
        import_offer(bulk, "x.json")


def test_a_float_price_is_refused(bulk: Any) -> None:
    term = bulk["terms"]["OnDemand"]["FXUSE1REQX86AAAA"]["FXUSE1REQX86AAAA.JRTCKXETXF"]
    term["priceDimensions"]["FXUSE1REQX86AAAA.JRTCKXETXF.6YS6EN2CT7"]["pricePerUnit"] = {
        "USD": 2e-7
    }
    with pytest.raises(PricingError, match="must be a number written as a string"):
        import_offer(bulk, "x.json")


def test_a_known_product_without_an_on_demand_term(bulk: Any) -> None:
    del bulk["terms"]["OnDemand"]["FXUSE1PCX86AAAAA"]
    with pytest.raises(PricingError, match=r"FXUSE1PCX86AAAAA.*no on-demand price for us-east-1"):
        import_offer(bulk, "x.json")


def test_two_skus_pricing_the_same_thing_differently(bulk: Any) -> None:
    clash = copy.deepcopy(bulk["products"]["FXUSE2REQX86AAAA"])
    clash["sku"] = "FXUSE2REQCLASHAA"
    bulk["products"]["FXUSE2REQCLASHAA"] = clash
    terms = copy.deepcopy(bulk["terms"]["OnDemand"]["FXUSE2REQX86AAAA"])
    term = terms["FXUSE2REQX86AAAA.JRTCKXETXF"]
    next(iter(term["priceDimensions"].values()))["pricePerUnit"]["USD"] = "0.0000002500"
    bulk["terms"]["OnDemand"]["FXUSE2REQCLASHAA"] = terms
    with pytest.raises(PricingError, match="price the same thing differently"):
        import_offer(bulk, "x.json")


def test_arm64_storage_at_another_price_is_reported(bulk: Any) -> None:
    term = bulk["terms"]["OnDemand"]["FXUSE1STOARMAAAA"]["FXUSE1STOARMAAAA.JRTCKXETXF"]
    next(iter(term["priceDimensions"].values()))["pricePerUnit"]["USD"] = "0.0000000247"
    imported = import_offer(bulk, "x.json")
    assert imported.book["regions"]["us-east-1"]["ephemeral_storage_usd_per_gb_s"] == (
        "0.0000000309"
    )
    assert any("ephemeral storage" in w and "0.0000000247" in w for w in imported.warnings)


def test_group_and_usage_type_must_both_match(bulk: Any) -> None:
    # A duration usage type filed under the provisioned-duration group is not on-demand duration.
    bulk["products"]["FXUSE2DURX86AAAA"]["attributes"]["group"] = "AWS-Lambda-Duration-Provisioned"
    book = book_of(bulk)
    assert book["regions"]["us-east-2"]["x86_64"]["duration_tiers"] is None


@settings(max_examples=50, deadline=None)
@given(
    bounds=st.lists(
        st.integers(min_value=1, max_value=10**12), min_size=0, max_size=5, unique=True
    ).map(sorted),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_tier_bounds_are_read_whatever_they_are(bounds: list[int], seed: int) -> None:
    """Any ascending set of bounds, listed in any order, comes back as written."""
    base = load("bulk-index.json")
    dims: dict[str, Any] = {}
    starts = [0, *bounds]
    ends: list[int | None] = [*bounds, None]
    for i, (begin, end) in enumerate(zip(starts, ends, strict=True)):
        code = f"FXUSE1DURX86AAAA.JRTCKXETXF.T{i}"
        dims[code] = {
            "rateCode": code,
            "beginRange": str(begin),
            "endRange": "Inf" if end is None else str(end),
            "unit": "Lambda-GB-Second",
            "pricePerUnit": {"USD": f"0.00001{i}"},
        }
    items = list(dims.items())
    random.Random(seed).shuffle(items)
    _duration_dims(base).clear()
    _duration_dims(base).update(items)
    tiers = book_of(base)["regions"]["us-east-1"]["x86_64"]["duration_tiers"]
    assert [t["up_to_gb_s"] for t in tiers] == [*(str(b) for b in bounds), None]
    assert [t["usd_per_gb_s"] for t in tiers] == [f"0.00001{i}" for i in range(len(bounds) + 1)]


# --- diff_books ----------------------------------------------------------------------------------


def test_a_book_has_no_changes_against_itself(bulk: Any) -> None:
    book = book_of(bulk)
    assert diff_books(book, copy.deepcopy(book)) == []


def test_equal_numbers_written_differently_are_no_change(bulk: Any) -> None:
    a = book_of(bulk)
    b = copy.deepcopy(a)
    b["regions"]["us-east-1"]["x86_64"]["request_usd_per_million"] = "0.2000000"
    assert diff_books(a, b) == []


def test_a_price_change_with_its_percentage(bulk: Any) -> None:
    a = book_of(bulk)
    b = copy.deepcopy(a)
    b["regions"]["us-east-1"]["x86_64"]["request_usd_per_million"] = "0.25"
    b["regions"]["us-east-1"]["arm64"]["duration_tiers"][2]["usd_per_gb_s"] = "0.0000096000"
    changes = diff_books(a, b)
    assert len(changes) == 2
    requests, tier3 = changes
    # (0.25 − 0.20) / 0.20 × 100 = +25 %
    assert (requests.region, requests.architecture, requests.field) == (
        "us-east-1",
        "x86_64",
        "request_usd_per_million",
    )
    assert (requests.kind, requests.old, requests.new) == (
        CHANGED,
        Decimal("0.20"),
        Decimal("0.25"),
    )
    assert requests.percent_change == Decimal(25)
    # (0.0000096 − 0.0000106667) / 0.0000106667 × 100 = −0.0000010667 / 0.0000106667 × 100
    #   = −10.0002812...%
    assert tier3.field == "duration_tiers[2].usd_per_gb_s"
    assert tier3.percent_change is not None
    assert tier3.percent_change.quantize(Decimal("0.0001")) == Decimal("-10.0003")


def test_regions_added_and_removed(bulk: Any) -> None:
    a = book_of(bulk)
    b = book_of(load("getproducts-edge.json"))
    changes = diff_books(a, b)
    kinds = {(c.kind, c.region) for c in changes if c.field == "region"}
    assert kinds == {
        (REGION_REMOVED, "us-east-1"),
        (REGION_REMOVED, "us-east-2"),
        (REGION_ADDED, "ap-northeast-1"),
    }
    # The free tier fell from 1,000,000 requests to none: −100 %.
    free = next(c for c in changes if c.field == "free_tier.requests")
    assert (free.region, free.old, free.new, free.percent_change) == (
        "",
        Decimal(1000000),
        Decimal(0),
        Decimal(-100),
    )


def test_prices_becoming_known_or_unknown(bulk: Any) -> None:
    a = book_of(bulk)
    b = copy.deepcopy(a)
    b["regions"]["us-east-2"]["arm64"]["request_usd_per_million"] = "0.20"
    b["regions"]["us-east-1"]["edge"] = None
    changes = {(c.region, c.architecture, c.field): c for c in diff_books(a, b)}
    added = changes[("us-east-2", "arm64", "request_usd_per_million")]
    assert (added.kind, added.old, added.new, added.percent_change) == (
        ADDED,
        None,
        Decimal("0.20"),
        None,
    )
    removed = changes[("us-east-1", "", "edge.request_usd_per_million")]
    assert (removed.kind, removed.old, removed.new) == (REMOVED, Decimal("0.60"), None)


def test_a_new_tier(bulk: Any) -> None:
    a = book_of(bulk)
    b = copy.deepcopy(a)
    tiers = b["regions"]["us-east-2"]["x86_64"]["duration_tiers"]
    tiers[2]["up_to_gb_s"] = "30000000000"
    tiers.append({"up_to_gb_s": None, "usd_per_gb_s": "0.0000120000"})
    changes = [(c.kind, c.field, c.old, c.new) for c in diff_books(a, b)]
    assert changes == [
        (CHANGED, "duration_tiers[2].up_to_gb_s", None, Decimal(30000000000)),
        (ADDED, "duration_tiers[3].up_to_gb_s", None, None),
        (ADDED, "duration_tiers[3].usd_per_gb_s", None, Decimal("0.0000120000")),
    ]


def test_diff_refuses_something_that_is_not_a_book() -> None:
    with pytest.raises(PricingError, match="first book: the book has no 'regions' object"):
        diff_books({"schema_version": 1}, {"regions": {}})


def test_both_arm_spellings_at_the_same_price_are_one_price(bulk: Any) -> None:
    """An offer carrying USE2-Lambda-GB-Second-ARM beside the older USE2-Lambda-ARM-GB-Second."""
    twin = copy.deepcopy(bulk["products"]["FXUSE2DURARMAAAA"])
    twin["sku"] = "FXUSE2DURARMNEWA"
    twin["attributes"]["usagetype"] = "USE2-Lambda-GB-Second-ARM"
    bulk["products"]["FXUSE2DURARMNEWA"] = twin
    terms = copy.deepcopy(bulk["terms"]["OnDemand"]["FXUSE2DURARMAAAA"])
    for dim in terms["FXUSE2DURARMAAAA.JRTCKXETXF"]["priceDimensions"].values():
        dim["pricePerUnit"]["USD"] = dim["pricePerUnit"]["USD"].rstrip("0")  # same number
    bulk["terms"]["OnDemand"]["FXUSE2DURARMNEWA"] = terms
    tiers = book_of(bulk)["regions"]["us-east-2"]["arm64"]["duration_tiers"]
    assert [t["up_to_gb_s"] for t in tiers] == ["7500000000", "18750000000", None]


def test_a_skipped_product_is_never_read(bulk: Any) -> None:
    """The event-poller SKU is not lambdacalc's business: even without a USD price or ranges it
    must not stop the import."""
    term = bulk["terms"]["OnDemand"]["FXUSE1EPUKAFKAAA"]["FXUSE1EPUKAFKAAA.JRTCKXETXF"]
    dim = term["priceDimensions"]["FXUSE1EPUKAFKAAA.JRTCKXETXF.6YS6EN2CT7"]
    dim["pricePerUnit"] = {"CNY": "1.23"}
    del dim["beginRange"]
    assert book_of(bulk)["regions"]["us-east-1"]["x86_64"]["request_usd_per_million"] == "0.20"


def test_event_poller_units_are_imported_by_group(bulk: Any) -> None:
    """The EPU-hour rows (groups AWS-Lambda-Event-Poller-Unit-Duration for Kafka and
    AWS-Lambda-SQS-Event-Poller-Unit-Duration for SQS) become the region's EPU prices, as
    written in the offer; a region without them has them unknown (null)."""
    regions = book_of(bulk)["regions"]
    assert regions["us-east-1"]["kafka_epu_usd_per_hour"] == "0.1850000000"
    assert regions["us-east-1"]["sqs_epu_usd_per_hour"] == "0.0092500000"
    assert regions["us-east-2"]["kafka_epu_usd_per_hour"] is None
    assert regions["us-east-2"]["sqs_epu_usd_per_hour"] is None


def test_an_event_poller_row_in_another_unit_is_refused(bulk: Any) -> None:
    term = bulk["terms"]["OnDemand"]["FXUSE1EPUSQSAAAA"]["FXUSE1EPUSQSAAAA.JRTCKXETXF"]
    term["priceDimensions"]["FXUSE1EPUSQSAAAA.JRTCKXETXF.6YS6EN2CT7"]["unit"] = "Hrs"
    with pytest.raises(PricingError, match="unit 'Hrs' is not one lambdacalc knows"):
        book_of(bulk)


def test_durable_functions_and_tenant_isolation_are_imported_by_group(bulk: Any) -> None:
    """The durable-function rows (groups AWS-Lambda-Durable-Execution-Operations, -Written-Bytes,
    -TimedStorage-ByteHrs) and the tenant-isolation row (AWS-Lambda-Tenant-Isolated-Environment-
    Memory-GB) become the book's prices: $0.000008 an operation is $8.00 a million
    (0.000008 × 1,000,000), the others as written; a price the offer lacks stays out."""
    east = book_of(bulk)["regions"]["us-east-1"]
    assert east["durable_operation_usd_per_million"] == "8.00"
    assert east["durable_written_usd_per_gb"] == "0.2500000000"
    assert east["durable_retained_usd_per_gb_month"] == "0.1500000000"
    assert east["x86_64"]["tenant_environment_usd_per_gb"] == "0.0001670000"
    assert "tenant_environment_usd_per_gb" not in east["arm64"]  # no -ARM row in the fixture
    assert "durable_operation_usd_per_million" not in book_of(bulk)["regions"]["us-east-2"]


@pytest.mark.parametrize(
    ("sku", "unit"), [("FXUSE1DURABLERET", "GB-Hours"), ("FXUSE1TENANTX86A", "GB-Seconds")]
)
def test_a_durable_or_tenant_row_in_another_unit_is_refused(bulk: Any, sku: str, unit: str) -> None:
    term = bulk["terms"]["OnDemand"][sku][f"{sku}.JRTCKXETXF"]
    term["priceDimensions"][f"{sku}.JRTCKXETXF.6YS6EN2CT7"]["unit"] = unit
    with pytest.raises(PricingError, match=f"unit '{unit}' is not one lambdacalc knows"):
        book_of(bulk)


def test_an_arm64_tenant_row_alone_makes_an_arm64_section(bulk: Any) -> None:
    product = dict(bulk["products"]["FXUSE1TENANTX86A"])
    attributes = dict(product["attributes"], regionCode="us-east-2", location="US East (Ohio)")
    attributes["group"] = "AWS-Lambda-Tenant-Isolated-Environment-Memory-GB-ARM"
    attributes["usagetype"] = "USE2-Lambda-Tenant-Isolated-Environment-Memory-GB-ARM"
    bulk["products"]["FXUSE2TENANTARMA"] = {
        **product,
        "sku": "FXUSE2TENANTARMA",
        "attributes": attributes,
    }
    terms = json.loads(
        json.dumps(bulk["terms"]["OnDemand"]["FXUSE1TENANTX86A"])
        .replace("FXUSE1TENANTX86A", "FXUSE2TENANTARMA")
        .replace("0.0001670000", "0.0001336000")
    )
    bulk["terms"]["OnDemand"]["FXUSE2TENANTARMA"] = terms
    arm = book_of(bulk)["regions"]["us-east-2"]["arm64"]
    assert arm["tenant_environment_usd_per_gb"] == "0.0001336000"
