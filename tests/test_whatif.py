"""What-if: `cost --set KEY=VALUE` overrides, scenario `profiles:` with `cost --profiles`, and
`cost --compare-arch`. Every figure comes from the one cost engine; these tests check that
the right workload reaches it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.errors import InputError
from lambdacalc.overrides import apply

ROOT = Path(__file__).resolve().parents[1]
API = str(ROOT / "scenarios" / "api-backend.yaml")
runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def total(*args: str) -> Decimal:
    result = run("cost", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return Decimal(str(json.loads(result.stdout, parse_float=Decimal)["total_monthly_usd"]))


# --- --set ----------------------------------------------------------------------------------


def test_set_memory_prices_like_an_edited_file() -> None:
    # api at 1,024 MB: $3.8058492516, worked by hand in tests/test_diff.py
    assert total(API, "--set", "functions.api.memory_mb=1024") == Decimal("3.8058492516")


def test_set_is_said_in_the_assumptions() -> None:
    result = run("cost", API, "--set", "functions.api.memory_mb=1024", "-f", "markdown")
    assert "- What-if: --set functions.api.memory_mb=1024" in result.stdout


def test_set_by_position_and_region() -> None:
    # thumbnails (position 1) on x86_64: 450,000 GB-s at the x86 rate instead of arm64
    # x86 total 565,850 GB-s − 400,000 free = 165,850 × $0.0000166667 = $2.764172
    #   + requests $0.230146 + /tmp $0.003476 = $2.997794
    assert total(API, "--set", "functions.1.architecture=x86_64") == Decimal("2.997794445")


def test_setting_a_rate_replaces_the_functions_rate() -> None:
    # nightly-report takes 24 a day; requests_per_month=730 is the same traffic
    assert total(API, "--set", "functions.nightly-report.requests_per_month=730") == total(API)


def test_set_does_not_change_other_places_sharing_an_alias(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text(
        "functions:\n"
        "  - &f {name: a, memory_mb: 128, duration_ms: 100, requests_per_month: 1000000}\n"
        "  - {<<: *f, name: b}\n"
    )
    data = json.loads(
        run("cost", str(path), "--set", "functions.a.memory_mb=1024", "-f", "json").stdout
    )
    assert [f["memory_mb"] for f in data["functions"]] == [1024, 128]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            "functions.api.memory_mb=99999",
            "Error: --set functions.api.memory_mb=99999: functions[0].memory_mb: input should "
            "be less than or equal to 10240",
        ),
        (
            "functions.apii.memory_mb=1",
            "Error: --set functions.apii.memory_mb=1: no function named 'apii'; the functions "
            "are api, thumbnails, nightly-report",
        ),
        ("functions.api.memroy_mb=1", "did you mean 'memory_mb'?"),
        ("region=xx-west-9", "Error: --set region=xx-west-9: region: no prices for region"),
        (
            "savings_plan.commitment_usd_per_hour=1",
            "Error: --set savings_plan.commitment_usd_per_hour=1: savings_plan: a Savings Plan "
            "needs discount_percent, or term and payment",
        ),
        ("memory_mb", "Error: --set memory_mb: expected KEY=VALUE"),
        ("region=", "no value after '='"),
        ("functions.api=1", "name a setting of the function"),
        ("region.x=1", "region is a value, not a mapping"),
        ("functions.api.memory_mb=[1", "not valid YAML"),
        ("name={a", """quote it in YAML: --set 'name="{a"'"""),
    ],
)
def test_a_bad_override_is_one_line_naming_it(override: str, message: str) -> None:
    result = run("cost", API, "--set", override)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr


def test_the_quoting_hint_works() -> None:
    # The hint's own spelling is accepted: the value becomes the text `{a`.
    result = run("cost", API, "--set", 'name="{a"', "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"scenario": "{a"' in result.stdout


def test_apply_copies_instead_of_changing_the_data() -> None:
    fn = {"name": "a", "memory_mb": 128}
    data = {"functions": [fn]}
    out, where = apply(data, ["functions.a.memory_mb=256", "free_tier=false"])
    assert fn == {"name": "a", "memory_mb": 128}
    assert out == {"functions": [{"name": "a", "memory_mb": 256}], "free_tier": False}
    assert where == {("functions", 0, "memory_mb"): "functions.a.memory_mb=256",
                     ("free_tier",): "free_tier=false"}  # fmt: skip
    with pytest.raises(InputError):
        apply({"functions": "x"}, ["functions.a.memory_mb=1"])


# --- profiles and --compare-arch ------------------------------------------------------------

SHOP = """\
name: shop
profiles: {low: 0.5, expected: 1, high: 3}
functions:
  - name: api
    memory_mb: 512
    duration_ms: 80
    requests_per_month: 10000000
  - name: worker
    architecture: arm64
    memory_mb: 1024
    duration_ms: 1000
    requests_per_month: 1000000
"""
# api:    10,000,000 × 0.080 s × 0.5 GB = 400,000 GB-s; worker: 1,000,000 × 1 s × 1 GB
#         = 1,000,000 GB-s; 11,000,000 requests. Each profile multiplies both.
# All on x86_64 (--compare-arch), expected:
#   (1,400,000 − 400,000 free) GB-s × $0.0000166667 = $16.6667
#   + (11,000,000 − 1,000,000 free) × $0.20/M = $2.00 → $18.6667
# All on arm64: 1,000,000 × $0.0000133334 = $13.3334 + $2.00 → $15.3334
# low (×0.5):  700,000 − 400,000 = 300,000 GB-s; 5,500,000 − 1,000,000 = 4,500,000 requests
#   x86_64: 300,000 × $0.0000166667 = $5.00001 + $0.90 = $5.90001
#   arm64:  300,000 × $0.0000133334 = $4.00002 + $0.90 = $4.90002
# high (×3):   4,200,000 − 400,000 = 3,800,000 GB-s; 33,000,000 − 1,000,000 = 32,000,000
#   x86_64: 3,800,000 × $0.0000166667 = $63.33346 + $6.40 = $69.73346
#   arm64:  3,800,000 × $0.0000133334 = $50.66692 + $6.40 = $57.06692


@pytest.fixture
def shop(tmp_path: Path) -> str:
    path = tmp_path / "shop.yaml"
    path.write_text(SHOP)
    return str(path)


def test_compare_arch_prices_each_architecture_as_an_account(shop: str) -> None:
    data = json.loads(run("cost", shop, "--compare-arch", "-f", "json").stdout)
    assert [(v["name"], str(v["total_monthly_usd"])) for v in data["variants"]] == [
        ("x86_64", "18.6667"),
        ("arm64", "15.3334"),
    ]
    assert {f["architecture"] for f in data["variants"][1]["functions"]} == {"arm64"}


def test_compare_arch_table_shows_the_difference(shop: str) -> None:
    result = run("cost", shop, "--compare-arch", "-f", "markdown")
    assert result.exit_code == 0
    assert "| Function | Arch | x86_64 | arm64 | Difference |" in result.stdout
    assert "| **Total** |  | **$18.67** | **$15.33** | **-$3.33** |" in result.stdout
    assert "measure it there" in result.stdout


def test_profiles_with_compare_arch_give_every_pair(shop: str) -> None:
    result = run("cost", shop, "--profiles", "--compare-arch", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "function,low_x86_64_usd,low_arm64_usd,expected_x86_64_usd,expected_arm64_usd,"
        "high_x86_64_usd,high_arm64_usd"
    )
    assert lines[-1] == "TOTAL,5.90001,4.90002,18.6667,15.3334,69.73346,57.06692"


def test_profiles_one_column_each(shop: str) -> None:
    # expected, as the file is: 1,400,000 GB-s, 400,000 free split 400,000 : 1,000,000, so
    # each architecture keeps 5/7 of its GB-s:
    #   x86 285,714.2857 × $0.0000166667 = $4.761914; arm 714,285.7143 × $0.0000133334
    #   = $9.524; requests $2.00 → $16.285914 → $16.29
    result = run("cost", shop, "--profiles", "-f", "markdown")
    assert "| Function | Arch | low (×0.5) | expected (×1) | high (×3) |" in result.stdout
    assert "**$16.29**" in result.stdout
    assert (
        total(shop)
        == json.loads(run("cost", shop, "--profiles", "-f", "json").stdout, parse_float=Decimal)[
            "variants"
        ][1]["total_monthly_usd"]
    )


def test_profiles_scale_pc_requests_and_peak() -> None:
    from lambdacalc.whatif import scaled
    from lambdacalc.workload import (
        Account,
        FunctionWorkload,
        ProvisionedConcurrency,
        Workload,
    )

    fn = FunctionWorkload(
        "a", 128, Decimal(10), Decimal(100), peak_requests_per_second=Decimal(2),
        provisioned=ProvisionedConcurrency(1, Decimal(730), Decimal(50)),
    )  # fmt: skip
    out = scaled(Workload("w", Account(), (fn,)), Decimal(3)).functions[0]
    assert (out.requests_per_month, out.peak_requests_per_second) == (300, 6)
    assert out.provisioned is not None and out.provisioned.requests_per_month == 150
    assert out.provisioned.environments == 1 and out.memory_mb == 128


def test_profiles_without_profiles_is_one_line_exit_2() -> None:
    result = run("cost", API, "--profiles")
    assert result.exit_code == 2
    assert "--profiles needs `profiles:` in the scenario" in result.stderr


@pytest.mark.parametrize(
    ("profiles", "message"),
    [
        ("{low: 0}", "profiles.low: input should be greater than 0"),
        ("{low: 1001}", "profiles.low: input should be less than or equal to 1000"),
        ("{}", "profiles: dictionary should have at least 1 item"),
        ("{'a b': 1}", "profiles"),
    ],
)
def test_bad_profiles_are_located(tmp_path: Path, profiles: str, message: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(SHOP.replace("{low: 0.5, expected: 1, high: 3}", profiles))
    result = run("cost", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:2:")
    assert message in result.stderr


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=Decimal("0.01"), max_value=100, places=2), st.integers(1, 4))
def test_more_traffic_never_costs_less(multiplier: Decimal, extra: int) -> None:
    """A profile only multiplies request rates: ×1 is the scenario itself, and a larger
    multiplier never gives a smaller bill (both priced by the one cost engine)."""
    from lambdacalc.cost import price
    from lambdacalc.pricing_files import load_price_book
    from lambdacalc.scenario import load
    from lambdacalc.whatif import scaled

    workload = load(API).workload
    book = load_price_book(None)
    assert scaled(workload, Decimal(1)) == workload
    low = price(scaled(workload, multiplier), book).total_usd
    high = price(scaled(workload, multiplier + extra), book).total_usd
    assert low <= high
