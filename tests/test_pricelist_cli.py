"""`lambdacalc prices import` and `lambdacalc prices diff` through the CLI (CliRunner)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.prices import Architecture
from lambdacalc.pricing_files import load_price_book

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pricelist"
BULK = FIXTURES / "bulk-index.json"
BUNDLED = ROOT / "pricing" / "aws-lambda.json"
# Every priced feature is learnt from the Price List offer by `prices import` now (event
# poller units, durable functions and tenant isolation from the fixture's hand-made rows).
_NOT_IMPORTED: tuple[str, ...] = ()
US_EAST_1_SCENARIOS = sorted(
    p.name
    for p in (ROOT / "scenarios").glob("*.yaml")
    if (yaml.safe_load(p.read_text()) or {}).get("region", "us-east-1") == "us-east-1"
    and not any(key in p.read_text() for key in _NOT_IMPORTED)
)


def run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), input=stdin)


def assert_one_line_error(result: Any, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


# --- import --------------------------------------------------------------------------------------


def test_import_prints_the_book_to_stdout() -> None:
    result = run("prices", "import", str(BULK))
    assert result.exit_code == 0, result.output
    book = json.loads(result.stdout)
    assert book["schema_version"] == 1
    assert book["name"] == "aws-lambda-pricelist"
    assert book["regions"]["us-east-1"]["x86_64"]["request_usd_per_million"] == "0.20"
    # What the importer had to say goes to stderr, so stdout stays a clean book.
    assert "Warning: skipped products" in result.stderr


def test_import_writes_a_json_book_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "aws-2026-10.json"
    result = run("prices", "import", str(BULK), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Wrote {out}: 2 regions, effective 2026-10-01" in result.stderr
    book = load_price_book(out)
    assert book.name == "aws-2026-10"  # the file's stem
    tiers = book.duration_tiers("us-east-1", Architecture.X86_64)
    assert [t.up_to_gb_s for t in tiers] == [Decimal(6_000_000_000), Decimal(15_000_000_000), None]


def test_import_writes_yaml_that_loads_to_the_same_book(tmp_path: Path) -> None:
    as_json, as_yaml = tmp_path / "b.json", tmp_path / "b.yaml"
    assert run("prices", "import", str(BULK), "-o", str(as_json)).exit_code == 0
    assert run("prices", "import", str(BULK), "-o", str(as_yaml)).exit_code == 0
    assert as_yaml.read_text().startswith("# lambdacalc price book")
    assert load_price_book(as_yaml).regions == load_price_book(as_json).regions
    assert load_price_book(as_yaml).free_tier == load_price_book(as_json).free_tier


def test_import_never_overwrites_without_force(tmp_path: Path) -> None:
    out = tmp_path / "book.json"
    out.write_text("my hand-edited prices\n")
    result = run("prices", "import", str(BULK), "-o", str(out))
    assert_one_line_error(result, "already exists", "--force")
    assert out.read_text() == "my hand-edited prices\n"
    result = run("prices", "import", str(BULK), "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["schema_version"] == 1


def test_import_refuses_other_extensions(tmp_path: Path) -> None:
    result = run("prices", "import", str(BULK), "-o", str(tmp_path / "book.txt"))
    assert_one_line_error(result, ".json or .yaml")


@pytest.mark.parametrize("name", ["", "   "], ids=["empty", "blank"])
def test_import_refuses_an_empty_name(tmp_path: Path, name: str) -> None:
    """An empty --name used to fall back to the default name without a word."""
    out = tmp_path / "book.json"
    result = run("prices", "import", str(BULK), "-o", str(out), "--name", name)
    assert_one_line_error(result, "--name is empty", "leave --name out")
    assert not out.exists()


def test_import_from_stdin() -> None:
    result = run("prices", "import", "-", stdin=(FIXTURES / "getproducts-edge.json").read_text())
    assert result.exit_code == 0, result.output
    edge = json.loads(result.stdout)["regions"]["ap-northeast-1"]["edge"]
    assert edge == {"request_usd_per_million": "0.60", "duration_usd_per_gb_s": "0.0000500100"}


@pytest.mark.parametrize(
    ("fixture", "needle"),
    [
        ("not-json.json", "not valid JSON"),
        ("wrong-service.json", "service code is 'AmazonEC2'"),
        ("no-usd-price.json", "no USD price"),
        ("unknown-unit.json", "unit 'Second'"),
        ("tier-gap.json", "leaves a gap"),
        ("no-lambda-products.json", "no AWS Lambda function prices"),
        ("not-an-offer.json", "not an AWS Price List offer document"),
        ("no-such-file.json", "no such offer file"),
    ],
)
def test_malformed_offers_exit_2_with_one_line(tmp_path: Path, fixture: str, needle: str) -> None:
    out = tmp_path / "book.json"
    result = run("prices", "import", str(FIXTURES / fixture), "-o", str(out))
    assert_one_line_error(result, needle)
    assert not out.exists()


# --- an imported book prices like the bundled one ------------------------------------------------


def _bill(scenario: str, prices: Path) -> dict[str, Any]:
    result = run(
        "cost", str(ROOT / "scenarios" / scenario), "--format", "json", "--prices", str(prices)
    )
    assert result.exit_code == 0, result.output
    bill: dict[str, Any] = json.loads(result.stdout)
    assert "total_monthly_usd" in bill
    bill.pop("prices", None)  # the book's name and date, which differ by design
    # The fixture offer carries no free-tier SKU for response streaming (see below), so the
    # allowance itself differs; what it does to a bill is checked on the streaming scenario.
    bill["free_tier"].pop("response_streaming_gb_allowance", None)
    return bill


@pytest.mark.parametrize("scenario", US_EAST_1_SCENARIOS)
def test_imported_book_prices_like_the_bundled_one(tmp_path: Path, scenario: str) -> None:
    """The fixture carries AWS's published us-east-1 rates, as the bundled book does: every
    us-east-1 scenario must cost the same to the last digit under either book."""
    imported = tmp_path / "imported.yaml"
    assert run("prices", "import", str(BULK), "-o", str(imported)).exit_code == 0
    if scenario == "response-streaming.yaml":
        # The fixture has no free-tier SKU for response streaming (the import warns, and
        # never assumes one): the imported book grants 0 free GB where the bundled one
        # grants 100 GB, 100 GB × $0.008 = $0.80 more. Everything else is identical.
        with_book, bundled = _bill(scenario, imported), _bill(scenario, BUNDLED)
        assert with_book["total_monthly_usd"] - bundled["total_monthly_usd"] == pytest.approx(0.8)
        return
    assert _bill(scenario, imported) == _bill(scenario, BUNDLED)


def test_the_scenarios_cover_the_us_east_1_examples() -> None:
    assert "mobile-backend.yaml" in US_EAST_1_SCENARIOS
    assert "bert-ephemeral-storage.yaml" in US_EAST_1_SCENARIOS  # ephemeral storage
    assert "provisioned-concurrency.yaml" in US_EAST_1_SCENARIOS  # PC and PC duration
    assert "second-tier.yaml" in US_EAST_1_SCENARIOS  # the second duration tier
    assert "esm-provisioned-sqs.yaml" in US_EAST_1_SCENARIOS  # SQS event poller units
    assert "esm-provisioned-kafka.yaml" in US_EAST_1_SCENARIOS  # Kafka event poller units
    assert "esm-provisioned-kafka-group.yaml" in US_EAST_1_SCENARIOS
    assert "durable-insurance-claims.yaml" in US_EAST_1_SCENARIOS  # durable functions
    assert "tenant-isolation-saas.yaml" in US_EAST_1_SCENARIOS  # tenant isolation


# --- diff ----------------------------------------------------------------------------------------


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    out = tmp_path / "imported.json"
    assert run("prices", "import", str(BULK), "-o", str(out)).exit_code == 0
    return out


def test_diff_of_a_book_with_itself(imported: Path) -> None:
    result = run("prices", "diff", str(imported), str(imported))
    assert result.exit_code == 0, result.output
    assert "No price changes." in result.stdout


def test_diff_bundled_against_imported_json(imported: Path) -> None:
    result = run("prices", "diff", str(BUNDLED), str(imported), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["from"]["regions"] == 34 and data["to"]["regions"] == 2
    changes = data["changes"]
    # us-east-1 carries the same published prices in both books (event poller units, durable
    # functions and tenant isolation included): no change there at all.
    assert not [c for c in changes if c["region"] == "us-east-1"]
    gone = {c["region"] for c in changes if c["kind"] == "region removed"}
    assert len(gone) == 32 and "eu-west-1" in gone
    # The fixture's us-east-2 has no arm64 request SKU: that price became unknown.
    assert {
        "kind": "removed",
        "region": "us-east-2",
        "architecture": "arm64",
        "field": "request_usd_per_million",
        "old": 0.2,
        "new": None,
        "percent_change": None,
    } in changes
    # The offer has no streaming free-tier SKU: 100 GB -> 0, −100 %.
    streaming = next(c for c in changes if c["field"] == "free_tier.response_streaming_gb")
    assert (streaming["region"], streaming["old"], streaming["new"]) == (None, 100, 0)
    assert streaming["percent_change"] == -100


def test_diff_table_and_markdown(imported: Path, tmp_path: Path) -> None:
    changed = json.loads(imported.read_text())
    changed["regions"]["us-east-1"]["x86_64"]["request_usd_per_million"] = "0.25"
    newer = tmp_path / "newer.yaml"
    newer.write_text(yaml.safe_dump(changed, sort_keys=False))
    table = run("prices", "diff", str(imported), str(newer))
    assert table.exit_code == 0, table.output
    assert "us-east-1" in table.stdout
    assert "requests $/1M" in table.stdout
    # (0.25 − 0.20) / 0.20 = +25 %
    assert "+25.00%" in table.stdout
    markdown = run("prices", "diff", str(imported), str(newer), "-f", "markdown")
    assert "| x86_64 | requests $/1M | $0.20 | $0.25 | +25.00% |" in markdown.stdout


def test_diff_csv(imported: Path, tmp_path: Path) -> None:
    changed = json.loads(imported.read_text())
    changed["regions"]["us-east-2"]["x86_64"]["duration_tiers"][0]["usd_per_gb_s"] = "0.0000183334"
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(changed))
    result = run("prices", "diff", str(imported), str(newer), "--format", "csv")
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header == "kind,region,architecture,field,old,new,percent_change"
    # (0.0000183334 − 0.0000166667) / 0.0000166667 × 100 = 0.0000016667 / 0.0000166667 × 100
    #   = 10.00017999... %, written to 1e-10
    assert row.startswith(
        "changed,us-east-2,x86_64,duration_tiers[0].usd_per_gb_s,0.0000166667,0.0000183334,10.0001"
    )


def test_diff_of_a_malformed_book(imported: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    region = {"x86_64": {"request_usd_per_million": "cheap"}}
    bad.write_text(json.dumps({"schema_version": 1, "regions": {"us-east-1": region}}))
    assert_one_line_error(run("prices", "diff", str(imported), str(bad)), "bad.json", "cheap")
    assert_one_line_error(
        run("prices", "diff", str(imported), str(tmp_path / "missing.json")), "no such price book"
    )


def test_the_prices_overview_still_works() -> None:
    result = run("prices")
    assert result.exit_code == 0, result.output
    assert "us-east-1" in result.stdout


def test_import_into_a_missing_directory(tmp_path: Path) -> None:
    result = run("prices", "import", str(BULK), "-o", str(tmp_path / "nope" / "book.json"))
    assert_one_line_error(result, "does not exist")


def test_diff_given_an_offer_instead_of_a_book(imported: Path) -> None:
    result = run("prices", "diff", str(imported), str(BULK))
    assert_one_line_error(result, "an AWS Price List offer, not a price book", "prices import")


def test_diff_sees_the_new_prices(imported: Path, tmp_path: Path) -> None:
    """Durable, event-poller and tenant-isolation prices are compared value by value."""
    changed = json.loads(imported.read_text())
    east = changed["regions"]["us-east-1"]
    east["sqs_epu_usd_per_hour"] = "0.0111"  # 0.00925 -> 0.0111: +20 % (0.00185 / 0.00925)
    east["durable_operation_usd_per_million"] = "9.00"  # 8.00 -> 9.00: +12.5 %
    east["arm64"]["tenant_environment_usd_per_gb"] = "0.000133333"
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(changed))
    result = run("prices", "diff", str(imported), str(newer), "--format", "json")
    assert result.exit_code == 0, result.output
    changes = {(c["architecture"], c["field"]): c for c in json.loads(result.stdout)["changes"]}
    assert set(changes) == {
        (None, "sqs_epu_usd_per_hour"),
        (None, "durable_operation_usd_per_million"),
        ("arm64", "tenant_environment_usd_per_gb"),
    }
    sqs = changes[(None, "sqs_epu_usd_per_hour")]
    assert (sqs["kind"], sqs["percent_change"]) == ("changed", 20)
    assert changes[(None, "durable_operation_usd_per_million")]["kind"] == "changed"
    assert changes[("arm64", "tenant_environment_usd_per_gb")]["kind"] == "added"
