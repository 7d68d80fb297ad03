"""The scenario's price check (`check_region`) on a region that lacks one price: the bundled
book has no arm64 tenant-isolation price for us-east-1, so only a function with tenant
isolation on arm64 is refused, at its line; the rest of a fleet is not worked out one by one,
and the check leaves no reference cycle that would keep the scenario alive."""

from __future__ import annotations

import gc
from pathlib import Path

from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.cost.rates import needs_only_with_extras
from lambdacalc.prices import DURATION, Architecture
from lambdacalc.pricing_files import load_price_book
from lambdacalc.scenario import load
from lambdacalc.scenario.loaded import check_region

PLAIN = """\
name: fleet
functions:
  - name: api
    memory_mb: 512
    duration_ms: 120
    requests_per_month: 1000000
  - name: worker
    architecture: arm64
    memory_mb: 1024
    duration_ms: 800
    requests_per_month: 200000
"""
TENANT_ARM = """\
  - name: tenants
    architecture: arm64
    memory_mb: 1024
    duration_ms: 2000
    requests_per_month: 10000
    tenant_isolation:
      environments_per_month: 200
"""


def test_only_a_function_that_needs_the_missing_price_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text(PLAIN)
    ok = CliRunner().invoke(app, ["cost", str(plain)])
    assert ok.exit_code == 0, ok.output
    tenant = tmp_path / "tenant.yaml"
    tenant.write_text(PLAIN + TENANT_ARM)
    bad = CliRunner().invoke(app, ["cost", str(tenant)])
    assert bad.exit_code == 2
    # the third function starts on line 12 (after 11 lines); its tenant_isolation key: line 17
    assert f"{tenant}:17:5: functions[2].tenant_isolation" in bad.output
    assert "arm64 tenant isolation" in bad.output
    assert "Traceback" not in bad.output


def test_a_missing_basic_price_checks_every_function() -> None:
    assert needs_only_with_extras([])
    assert not needs_only_with_extras([DURATION[Architecture.ARM64]])


def test_the_check_leaves_no_cycle(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(PLAIN)
    loaded = load(str(path))
    book = load_price_book()
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        check_region(loaded, book)
        assert gc.collect() == 0  # nothing unreachable held by cycles
    finally:
        if was:
            gc.enable()
