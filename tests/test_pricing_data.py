"""Structural and value checks for the shipped price book, pricing/aws-lambda.json.

Expected figures are the published rates and worked examples the book's `sources` map cites
(S1, S2, S3, S9, S11 for us-east-1; S9, S13, S14 for the other regions).
Derivation rules are documented in pricing/README.md.
"""

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

BOOK_PATH = Path(__file__).parents[1] / "pricing" / "aws-lambda.json"
ARCHS = ("x86_64", "arm64")
TEN_DP = Decimal("0.0000000001")

REGION_PRICE_KEYS = (
    "ephemeral_storage_usd_per_gb_s",
    "snapstart_cache_usd_per_gb_s",
    "snapstart_restore_usd_per_gb",
    "response_streaming_usd_per_gb",
)
ARCH_FLAT_KEYS = (
    "request_usd_per_million",
    "provisioned_concurrency_usd_per_gb_s",
    "provisioned_duration_usd_per_gb_s",
)

# All 34 regions of the book.
EXPECTED_REGIONS = {
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1",
    "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
    "eu-south-1", "eu-south-2", "eu-central-2", "il-central-1", "me-south-1", "me-central-1",
    "af-south-1", "ap-east-1", "ap-southeast-5", "ap-south-1", "ap-south-2", "ap-northeast-1",
    "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "ap-southeast-4", "us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1",
}  # fmt: skip


def round10(value: Decimal) -> str:
    return str(value.quantize(TEN_DP, rounding=ROUND_HALF_UP))


@pytest.fixture(scope="module")
def book():
    with BOOK_PATH.open(encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal)


@pytest.fixture(scope="module")
def regions(book):
    return book["regions"]


def iter_prices(region):
    """Yield (label, value) for every price field of one region (value may be None)."""
    for key in REGION_PRICE_KEYS:
        yield key, region.get(key)
    edge = region.get("edge")
    if edge is not None:
        for key, value in edge.items():
            yield f"edge.{key}", value
    for arch in ARCHS:
        prices = region[arch]
        if prices is None:
            continue
        for key in ARCH_FLAT_KEYS:
            yield f"{arch}.{key}", prices[key]
        for i, tier in enumerate(prices["duration_tiers"]):
            yield f"{arch}.tier{i + 1}.usd_per_gb_s", tier["usd_per_gb_s"]
            yield f"{arch}.tier{i + 1}.up_to_gb_s", tier["up_to_gb_s"]


def tier_rates(region, arch):
    return [tier["usd_per_gb_s"] for tier in region[arch]["duration_tiers"]]


# --- metadata ---------------------------------------------------------------


def test_metadata(book):
    assert book["schema_version"] == 1
    assert book["name"] == "aws-lambda"
    assert book["currency"] == "USD"
    assert book["effective_date"] == "2026-10-01"
    assert book["retrieved"] == "2026-11-26"
    assert book["sources"]
    assert all(isinstance(v, str) and v for v in book["sources"].values())


def test_every_source_tag_resolves_to_a_url_and_a_date_in_the_book(book):
    """The book's provenance stands on its own: no tag points at a file outside pricing/."""
    import re

    used = {tag for region in book["regions"].values() for tag in region["sources"]}
    used |= {tag for plan in book["compute_savings_plan"].values() for tag in plan["sources"]}
    assert used == set(book["sources"])  # every tag used is explained, none is left over
    for tag, text in book["sources"].items():
        assert re.search(r"https://[^\s)]+", text), f"{tag} has no URL"
        assert re.search(r"\b20\d\d-\d\d\b", text), f"{tag} has no date"


def test_prices_prints_every_source_with_its_whole_url(book):
    import re

    from typer.testing import CliRunner

    from lambdacalc.cli import app

    result = CliRunner().invoke(app, ["prices", "--format", "markdown"])
    assert result.exit_code == 0
    for tag, text in book["sources"].items():
        url = re.search(r"https://[^\s)]+", text)[0]
        assert f"{tag}: " in result.stdout and url in result.stdout, tag


def test_free_tier(book):
    assert book["free_tier"] == {
        "requests": "1000000",
        "duration_gb_s": "400000",
        "response_streaming_gb": "100",
    }


def test_every_reference_region_present(regions):
    assert set(regions) == EXPECTED_REGIONS
    assert len(regions) == 34


# --- structure ----------------------------------------------------------------


def test_every_region_has_name_confidence_sources(book, regions):
    for region_id, region in regions.items():
        assert isinstance(region["name"], str) and region["name"], region_id
        assert region["confidence"] in {"high", "medium", "low"}, region_id
        assert region["sources"], region_id
        for tag in region["sources"]:
            assert tag in book["sources"], (region_id, tag)


def test_every_price_is_string_decimal_or_null(regions):
    for region_id, region in regions.items():
        for label, value in iter_prices(region):
            if value is None:
                continue
            assert isinstance(value, str), (region_id, label, value)
            number = Decimal(value)
            assert number.is_finite(), (region_id, label, value)
            assert number >= 0, (region_id, label, value)


def test_tiers_ascending_and_last_open(regions):
    for region_id, region in regions.items():
        for arch in ARCHS:
            if region[arch] is None:
                continue
            tiers = region[arch]["duration_tiers"]
            assert tiers, (region_id, arch)
            assert tiers[-1]["up_to_gb_s"] is None, (region_id, arch)
            bounds = [Decimal(t["up_to_gb_s"]) for t in tiers[:-1]]
            assert all(b > 0 for b in bounds), (region_id, arch)
            assert bounds == sorted(set(bounds)), (region_id, arch)


def test_tier_boundaries_per_architecture(regions):
    # S2: x86_64 6 B / 15 B GB-s; arm64 7.5 B / 18.75 B GB-s, in every region.
    expected = {
        "x86_64": ["6000000000", "15000000000", None],
        "arm64": ["7500000000", "18750000000", None],
    }
    for region_id, region in regions.items():
        for arch in ARCHS:
            if region[arch] is None:
                continue
            bounds = [t["up_to_gb_s"] for t in region[arch]["duration_tiers"]]
            assert bounds == expected[arch], (region_id, arch)


def test_arm_not_dearer_than_x86(regions):
    for region_id, region in regions.items():
        x86, arm = region["x86_64"], region["arm64"]
        if x86 is None or arm is None:
            continue
        pairs = [(x86[k], arm[k]) for k in ARCH_FLAT_KEYS]
        pairs += list(zip(tier_rates(region, "x86_64"), tier_rates(region, "arm64"), strict=True))
        for x, a in pairs:
            if x is not None and a is not None:
                assert Decimal(a) <= Decimal(x), (region_id, x, a)


# --- us-east-1: every published figure (S1, S2, S3, S11) ---------------------------


@pytest.fixture(scope="module")
def use1(regions):
    return regions["us-east-1"]


def test_us_east_1_meta(use1):
    assert use1["name"] == "US East (N. Virginia)"
    assert use1["confidence"] == "high"


def test_us_east_1_requests(use1):
    assert use1["x86_64"]["request_usd_per_million"] == "0.20"
    assert use1["arm64"]["request_usd_per_million"] == "0.20"


def test_us_east_1_x86_duration_tiers(use1):
    assert use1["x86_64"]["duration_tiers"] == [
        {"up_to_gb_s": "6000000000", "usd_per_gb_s": "0.0000166667"},
        {"up_to_gb_s": "15000000000", "usd_per_gb_s": "0.0000150000"},
        {"up_to_gb_s": None, "usd_per_gb_s": "0.0000133334"},
    ]


def test_us_east_1_arm_duration_tiers(use1):
    assert use1["arm64"]["duration_tiers"] == [
        {"up_to_gb_s": "7500000000", "usd_per_gb_s": "0.0000133334"},
        {"up_to_gb_s": "18750000000", "usd_per_gb_s": "0.0000120001"},
        {"up_to_gb_s": None, "usd_per_gb_s": "0.0000106667"},
    ]


def test_us_east_1_ephemeral_storage(use1):
    assert use1["ephemeral_storage_usd_per_gb_s"] == "0.0000000309"


def test_us_east_1_x86_provisioned(use1):
    assert use1["x86_64"]["provisioned_concurrency_usd_per_gb_s"] == "0.0000041667"
    assert use1["x86_64"]["provisioned_duration_usd_per_gb_s"] == "0.0000097222"


def test_us_east_1_arm_provisioned(use1):
    assert use1["arm64"]["provisioned_concurrency_usd_per_gb_s"] == "0.0000033334"
    assert use1["arm64"]["provisioned_duration_usd_per_gb_s"] == "0.0000077778"


def test_us_east_1_snapstart(use1):
    assert use1["snapstart_cache_usd_per_gb_s"] == "0.0000015046"
    assert use1["snapstart_restore_usd_per_gb"] == "0.0001397998"


def test_us_east_1_response_streaming(use1):
    assert use1["response_streaming_usd_per_gb"] == "0.008"


def test_us_east_1_edge(use1):
    # $0.00000625125 per 128 MB-s × 8 = $0.00005001 per GB-s.
    assert use1["edge"] == {
        "request_usd_per_million": "0.60",
        "duration_usd_per_gb_s": "0.00005001",
    }


# --- derivation rules (pricing/README.md) ------------------------------------------


def test_tier_rule_reproduces_us_east_1():
    # The 10% / 20% tier discounts, rounded to 10 dp, give AWS's published figures:
    # x86: 0.0000166667 × 0.9 = 0.00001500003 → 0.0000150000
    #      0.0000166667 × 0.8 = 0.00001333336 → 0.0000133334
    # arm: 0.0000133334 × 0.9 = 0.00001200006 → 0.0000120001
    #      0.0000133334 × 0.8 = 0.00001066672 → 0.0000106667
    assert round10(Decimal("0.0000166667") * Decimal("0.9")) == "0.0000150000"
    assert round10(Decimal("0.0000166667") * Decimal("0.8")) == "0.0000133334"
    assert round10(Decimal("0.0000133334") * Decimal("0.9")) == "0.0000120001"
    assert round10(Decimal("0.0000133334") * Decimal("0.8")) == "0.0000106667"


def test_arm_pc_rule_reproduces_us_east_1():
    # 0.0000041667 × 0.8 = 0.00000333336 → 0.0000033334
    # 0.0000097222 × 0.8 = 0.00000777776 → 0.0000077778
    assert round10(Decimal("0.0000041667") * Decimal("0.8")) == "0.0000033334"
    assert round10(Decimal("0.0000097222") * Decimal("0.8")) == "0.0000077778"


def test_every_region_follows_tier_rule(regions):
    for region_id, region in regions.items():
        for arch in ARCHS:
            if region[arch] is None:
                continue
            t1, t2, t3 = (Decimal(r) for r in tier_rates(region, arch))
            assert str(t2) == round10(t1 * Decimal("0.9")), (region_id, arch)
            assert str(t3) == round10(t1 * Decimal("0.8")), (region_id, arch)


def test_arm_pc_derived_only_where_pattern_holds(regions):
    for region_id, region in regions.items():
        x86, arm = region["x86_64"], region["arm64"]
        if x86 is None or arm is None:
            continue
        x_t1 = Decimal(tier_rates(region, "x86_64")[0])
        a_t1 = tier_rates(region, "arm64")[0]
        pattern = round10(x_t1 * Decimal("0.8")) == a_t1
        for key in ("provisioned_concurrency_usd_per_gb_s", "provisioned_duration_usd_per_gb_s"):
            if x86[key] is None or not pattern:
                assert arm[key] is None, (region_id, key)
            else:
                assert arm[key] == round10(Decimal(x86[key]) * Decimal("0.8")), (region_id, key)


def test_derived_regions_are_not_high_confidence(regions):
    for region_id, region in regions.items():
        if region_id != "us-east-1":
            assert region["confidence"] in {"medium", "low"}, region_id
        if region["confidence"] != "high" and region["x86_64"] is not None:
            # Every region outside us-east-1 has derived tier 2/3 rates and says so.
            assert "derived" in region["note"].lower(), region_id


# --- spot checks against the regional sources (S9, S13, S14) -----------------------


def test_eu_south_1(regions):
    r = regions["eu-south-1"]
    assert r["name"] == "Europe (Milan)"
    assert r["confidence"] == "medium"
    assert r["ephemeral_storage_usd_per_gb_s"] == "0.0000000357"
    x86, arm = r["x86_64"], r["arm64"]
    assert x86["request_usd_per_million"] == "0.23"
    # 0.0000195172 × 0.9 = 0.00001756548 → 0.0000175655
    # 0.0000195172 × 0.8 = 0.00001561376 → 0.0000156138
    assert tier_rates(r, "x86_64") == ["0.0000195172", "0.0000175655", "0.0000156138"]
    # 0.0000156138 × 0.9 = 0.00001405242 → 0.0000140524
    # 0.0000156138 × 0.8 = 0.00001249104 → 0.0000124910
    assert tier_rates(r, "arm64") == ["0.0000156138", "0.0000140524", "0.0000124910"]
    assert x86["provisioned_concurrency_usd_per_gb_s"] == "0.0000048783"
    assert x86["provisioned_duration_usd_per_gb_s"] == "0.0000113827"
    # 0.0000048783 × 0.8 = 0.00000390264 → 0.0000039026
    # 0.0000113827 × 0.8 = 0.00000910616 → 0.0000091062
    assert arm["provisioned_concurrency_usd_per_gb_s"] == "0.0000039026"
    assert arm["provisioned_duration_usd_per_gb_s"] == "0.0000091062"


def test_ap_southeast_5_is_cheaper(regions):
    r = regions["ap-southeast-5"]
    assert r["name"] == "Asia Pacific (Malaysia)"
    assert r["x86_64"]["request_usd_per_million"] == "0.18"
    # 0.0000150000 × 0.9 = 0.0000135; × 0.8 = 0.000012
    assert tier_rates(r, "x86_64") == ["0.0000150000", "0.0000135000", "0.0000120000"]
    # 0.0000120000 × 0.9 = 0.0000108; × 0.8 = 0.0000096
    assert tier_rates(r, "arm64") == ["0.0000120000", "0.0000108000", "0.0000096000"]
    assert r["ephemeral_storage_usd_per_gb_s"] == "0.0000000333"
    assert r["x86_64"]["provisioned_concurrency_usd_per_gb_s"] == "0.0000046791"
    assert r["x86_64"]["provisioned_duration_usd_per_gb_s"] == "0.0000109181"
    us = regions["us-east-1"]
    assert Decimal(tier_rates(r, "x86_64")[0]) < Decimal(tier_rates(us, "x86_64")[0])


def test_af_south_1(regions):
    r = regions["af-south-1"]
    assert r["name"] == "Africa (Cape Town)"
    assert r["x86_64"]["request_usd_per_million"] == "0.27"
    assert r["arm64"]["request_usd_per_million"] == "0.27"
    # 0.0000221 × 0.9 = 0.00001989; × 0.8 = 0.00001768
    assert tier_rates(r, "x86_64") == ["0.0000221000", "0.0000198900", "0.0000176800"]
    # 0.00001768 × 0.9 = 0.000015912; × 0.8 = 0.000014144
    assert tier_rates(r, "arm64") == ["0.0000176800", "0.0000159120", "0.0000141440"]
    assert r["ephemeral_storage_usd_per_gb_s"] == "0.0000000404"
    assert r["x86_64"]["provisioned_concurrency_usd_per_gb_s"] == "0.0000055300"
    assert r["x86_64"]["provisioned_duration_usd_per_gb_s"] == "0.0000129000"


def test_eu_west_1_pc_differs_from_us_east_1(regions):
    r = regions["eu-west-1"]
    assert r["name"] == "Europe (Ireland)"
    assert tier_rates(r, "x86_64") == tier_rates(regions["us-east-1"], "x86_64")
    assert r["ephemeral_storage_usd_per_gb_s"] == "0.0000000340"
    assert r["x86_64"]["provisioned_concurrency_usd_per_gb_s"] == "0.0000046460"
    assert r["x86_64"]["provisioned_duration_usd_per_gb_s"] == "0.0000108407"
    # 0.0000046460 × 0.8 = 0.0000037168; 0.0000108407 × 0.8 = 0.00000867256 → 0.0000086726
    assert r["arm64"]["provisioned_concurrency_usd_per_gb_s"] == "0.0000037168"
    assert r["arm64"]["provisioned_duration_usd_per_gb_s"] == "0.0000086726"


def test_ap_east_1_arm_pc_unknown(regions):
    # Arm tier 1 is 0.0000183000, not 0.0000229200 × 0.8 = 0.0000183360: the ×0.8 rule does
    # not hold here, so arm PC rates stay unknown.
    r = regions["ap-east-1"]
    assert tier_rates(r, "arm64")[0] == "0.0000183000"
    assert r["arm64"]["provisioned_concurrency_usd_per_gb_s"] is None
    assert r["arm64"]["provisioned_duration_usd_per_gb_s"] is None


def test_arm_unknown_regions(regions):
    for region_id in ("ca-west-1", "eu-south-2", "il-central-1", "ap-south-2"):
        r = regions[region_id]
        assert r["arm64"] is None, region_id
        assert r["x86_64"]["provisioned_concurrency_usd_per_gb_s"] is None, region_id
        assert r["confidence"] == "low", region_id
    # il-central-1 (S14): 0.0000175 × 0.9 = 0.00001575; × 0.8 = 0.000014
    assert tier_rates(regions["il-central-1"], "x86_64") == [
        "0.0000175",
        "0.0000157500",
        "0.0000140000",
    ]


def test_ap_northeast_1_edge(regions):
    assert regions["ap-northeast-1"]["edge"] == {
        "request_usd_per_million": "0.60",
        "duration_usd_per_gb_s": "0.0000500100",
    }


def test_govcloud(regions):
    for region_id in ("us-gov-west-1", "us-gov-east-1"):
        r = regions[region_id]
        assert r["confidence"] == "low"
        assert r["arm64"] is None
        assert r["ephemeral_storage_usd_per_gb_s"] is None
        x86 = r["x86_64"]
        assert x86["request_usd_per_million"] == "0.20"
        assert tier_rates(r, "x86_64")[0] == "0.0000166667"
        # S21: $0.015 per GB-hour / 3600 = 0.0000041666… → 0.0000041667 per GB-s
        assert x86["provisioned_concurrency_usd_per_gb_s"] == round10(Decimal("0.015") / 3600)
        assert x86["provisioned_duration_usd_per_gb_s"] is None


def test_china_is_all_null(regions):
    for region_id in ("cn-north-1", "cn-northwest-1"):
        r = regions[region_id]
        assert all(value is None for _, value in iter_prices(r)), region_id
        assert r["x86_64"] is None and r["arm64"] is None and r["edge"] is None
        assert "CNY" in r["note"]
