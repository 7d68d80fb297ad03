"""Commercial regions the bundled book does not price (no public source for their Lambda
prices): the book lists them under `unpriced_regions`, and asking for one says why rather than
suggesting a neighbour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.errors import PricingError
from lambdacalc.prices_parse import parse_price_book

ROOT = Path(__file__).resolve().parents[1]
RAW = json.loads((ROOT / "pricing" / "aws-lambda.json").read_text())
UNPRICED = ("mx-central-1", "ap-southeast-7", "ap-east-2", "ap-southeast-6")


def test_the_bundled_book_names_each_unpriced_region_and_prices_none_of_them() -> None:
    assert tuple(RAW["unpriced_regions"]) == UNPRICED
    for code in UNPRICED:
        assert code not in RAW["regions"]
        assert "searched 2026-12-04" in RAW["unpriced_regions"][code]


@pytest.mark.parametrize("code", UNPRICED)
def test_prices_for_an_unpriced_region_says_why(code: str) -> None:
    result = CliRunner().invoke(app, ["prices", "-r", code])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: region '{code}' is not priced in ")
    assert "no public source gives its Lambda prices" in result.stderr
    assert "did you mean" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_scenario_in_an_unpriced_region_fails_at_its_region_line(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: t\nregion: ap-southeast-7\nfunctions:\n"
        "  - name: f\n    memory_mb: 128\n    duration_ms: 100\n    requests_per_month: 1000\n"
    )
    result = CliRunner().invoke(app, ["cost", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:2:9: region: region 'ap-southeast-7' is not")


def test_the_overview_lists_them_and_json_keeps_them() -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["prices"]).stdout
    assert "Not priced, so not listed: mx-central-1, ap-southeast-7, ap-east-2," in table
    data = json.loads(runner.invoke(app, ["prices", "-f", "json"]).stdout)
    assert data["unpriced_regions"] == RAW["unpriced_regions"]
    # the JSON is a book again, with the same unpriced regions
    again = parse_price_book(data, "round-trip")
    assert dict(again.unpriced_regions) == RAW["unpriced_regions"]


def test_a_book_cannot_both_price_a_region_and_call_it_unpriced() -> None:
    raw = {**RAW, "unpriced_regions": {"us-east-1": "no source"}}
    with pytest.raises(PricingError, match=r"unpriced_regions\.us-east-1: the book also prices"):
        parse_price_book(raw, "book.json")


# The commercial ("aws" partition) regions as the AWS SDKs' partition data lists them in 2026
# (partitions.json of the SDKs' endpoint rules): 34. China and GovCloud are other partitions.
COMMERCIAL = [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
]


def test_every_commercial_region_is_priced_or_named_unpriced() -> None:
    assert len(COMMERCIAL) == 34
    priced = set(RAW["regions"]) & set(COMMERCIAL)  # 30: the book's 34 less China and GovCloud
    assert len(priced) == 30
    assert set(COMMERCIAL) == priced | set(RAW["unpriced_regions"])
