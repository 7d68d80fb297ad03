"""`lambdacalc init`: a starter scenario for someone who installed only the wheel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app

ROOT = Path(__file__).resolve().parents[1]
API_BACKEND = ROOT / "scenarios" / "api-backend.yaml"


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def test_init_writes_the_commented_starter_and_it_prices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # the note goes to standard error
    assert "lambdacalc cost scenario.yaml" in result.stderr
    written = tmp_path / "scenario.yaml"
    assert written.read_bytes() == API_BACKEND.read_bytes()
    assert "# Expected: $2.56 a month" in written.read_text(encoding="utf-8")
    bill = CliRunner().invoke(app, ["cost", "scenario.yaml", "--format", "json"])
    # the scenario's header: $2.558151 (x86 $0.565926 + arm $1.758602 + requests $0.230146
    # + /tmp $0.003476)
    assert round(json.loads(bill.stdout)["total_monthly_usd"], 2) == 2.56


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("name: keep-me\n", encoding="utf-8")
    refused = CliRunner().invoke(app, ["init", str(target), "--from", "savings-plan"])
    assert refused.exit_code == 2
    assert refused.stderr == f"Error: FILE {target}: already exists; pass --force to overwrite it\n"
    assert target.read_text(encoding="utf-8") == "name: keep-me\n"
    forced = CliRunner().invoke(app, ["init", str(target), "--from", "savings-plan", "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert target.read_bytes() == (ROOT / "scenarios" / "savings-plan.yaml").read_bytes()


def test_init_to_standard_output() -> None:
    result = CliRunner().invoke(app, ["init", "-", "--from", "mobile-backend"])
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "scenarios" / "mobile-backend.yaml").read_text(encoding="utf-8")


def test_an_unknown_starter_gets_a_suggestion(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "x.yaml"), "--from", "savngs-plan"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --from: no bundled scenario 'savngs-plan'; did you mean 'savings-plan'? "
        "`lambdacalc init --list` shows them\n"
    )
    assert not (tmp_path / "x.yaml").exists()


def test_a_missing_directory_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir.yaml"
    result = CliRunner().invoke(app, ["init", str(target)])
    assert result.exit_code == 2
    assert "does not exist; create it first" in result.stderr


def test_list_names_every_bundled_scenario_with_its_bill() -> None:
    result = CliRunner().invoke(app, ["init", "--list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    bundled = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
    assert [line.split()[0] for line in lines] == bundled
    api = next(line for line in lines if line.startswith("api-backend "))
    assert api.split()[1] == "$2.56"
    assert api.endswith(
        "A small product's backend: an API, an image worker on Graviton and a nightly job."
    )
