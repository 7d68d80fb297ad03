"""The wheel carries the price data and scenarios: built, installed on its own, and run
from a directory outside the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_prices_a_scenario_from_outside_the_repository(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("lambdacalc-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "lambdacalc/data/pricing/aws-lambda.json" in names
    assert "lambdacalc/data/pricing/around-lambda.json" in names
    assert "lambdacalc/data/pricing/managed-instances.json" in names
    assert "lambdacalc/data/scenarios/managed-instances.yaml" in names
    assert "lambdacalc/data/scenarios/api-backend.yaml" in names

    # Install only the wheel (its dependencies come from this environment) and make sure
    # the installed copy, not the source tree, is the one that runs.
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    code = (
        "import lambdacalc, sys; from lambdacalc.cli import main; "
        "assert lambdacalc.__file__.startswith(sys.argv[1]), lambdacalc.__file__; "
        "sys.argv = ['lambdacalc', 'cost', sys.argv[2], '--format', 'json']; main()"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}

    def cost_json(name: str) -> dict[str, Any]:
        """`lambdacalc cost` on a bundled scenario, run from the installed wheel alone."""
        path = target / "lambdacalc" / "data" / "scenarios" / name
        result = subprocess.run(
            [sys.executable, "-c", code, str(target), str(path)],
            cwd=outside,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    # AWS's mobile backend example: $2.333338 compute + $0.40 requests
    assert cost_json("mobile-backend.yaml")["total_monthly_usd"] == 2.733338
    # the around-Lambda book ships too: the bundled around scenario prices its neighbours
    assert round(cost_json("around-lambda.yaml")["around_monthly_usd"], 2) == 221.24
    # the LMI example reads its on-demand price from the wheel's managed-instances.json
    assert cost_json("managed-instances.yaml")["total_monthly_usd"] == 160.36

    # `lambdacalc init` from the wheel alone: a user with no checkout gets a scenario to edit
    init = subprocess.run(
        [sys.executable, "-m", "lambdacalc", "init", "starter.yaml"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    assert (outside / "starter.yaml").read_bytes() == (
        ROOT / "scenarios" / "api-backend.yaml"
    ).read_bytes()
