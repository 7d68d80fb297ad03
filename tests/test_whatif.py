"""What-if: `cost --set KEY=VALUE` overrides, scenario `profiles:` with `cost --profiles`, and
`cost --compare-arch`. Every figure comes from the one cost engine; these tests check that
the right workload reaches it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
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
            "Error: --set savings_plan.commitment_usd_per_hour=1: savings_plan.discount_percent:"
            " required key is missing",
        ),
        ("memory_mb", "Error: --set memory_mb: expected KEY=VALUE"),
        ("region=", "no value after '='"),
        ("functions.api=1", "name a setting of the function"),
        ("region.x=1", "region is a value, not a mapping"),
        ("functions.api.memory_mb=[1", "is not a value a scenario can hold"),
    ],
)
def test_a_bad_override_is_one_line_naming_it(override: str, message: str) -> None:
    result = run("cost", API, "--set", override)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr


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
