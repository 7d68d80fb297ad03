"""Shared fixtures: a pinned terminal, an isolated environment, golden-file updates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/* from the current output instead of comparing.",
    )


@pytest.fixture(autouse=True)
def _pinned_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendered tables depend on the terminal: pin width, colour and env for every test."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in list(__import__("os").environ):
        if name.startswith("LAMBDACALC_"):
            monkeypatch.delenv(name)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(params=["one process", "gzip worker"])
def gzip_ways(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Runs a test twice: .gz files inflated by this process as it parses them, and by a
    worker process (see tests/gzip_support.py)."""
    from tests.gzip_support import GzipWays

    ways = GzipWays(request.param, monkeypatch)
    yield ways
    ways.check_reaped()
