"""compare-memory's --svg and --html: self-contained (no URL but the SVG namespace, system
fonts), bars drawn as shapes proportional to their values, the recommended and current
sizes marked."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.render.chart import BAR_MAX, SVG_NS

NS = {"svg": SVG_NS}
ARGS = [
    "compare-memory",
    *("--measured", "128=2500ms", "--measured", "1024=300ms"),
    *("--requests-per-month", "10000000", "--max-memory-used", "180"),
]
URL = re.compile(r"https?://[^\s\"'<>)]+")


def export(tmp_path: Path, base: list[str] = ARGS) -> tuple[dict[str, Any], str, str]:
    svg, html = tmp_path / "c.svg", tmp_path / "c.html"
    args = [*base, "--svg", str(svg), "--html", str(html), "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout, parse_float=Decimal)
    return data, svg.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")


SWEEP = ["compare-memory", "--duration", "50ms", "--memory", "1024", "--sweep"]


@pytest.mark.parametrize("base", [ARGS, SWEEP], ids=["measured", "sweep"])
def test_bars_are_rects_proportional_to_the_values(tmp_path: Path, base: list[str]) -> None:
    data, svg, _ = export(tmp_path, base)
    root = ET.fromstring(svg)
    options = {o["memory_mb"]: o for o in data["options"]}
    for kind, field in (("cost", "cost_per_million_usd"), ("duration", "duration_ms")):
        bars = [r for r in root.iter(f"{{{SVG_NS}}}rect") if kind in r.get("class", "").split()]
        shown = {int(b.get("data-memory-mb", "0")) for b in bars}
        # every size, or for a sweep the table's landmark sizes
        assert shown == set(options) if base is ARGS else 10 < len(shown) < len(options)
        largest = max(options[m][field] for m in shown)
        for bar in bars:
            value = options[int(bar.get("data-memory-mb", "0"))][field]
            assert Decimal(bar.get("data-value", "")) == value
            # width / BAR_MAX = value / largest, to the 0.001 px the SVG is written with
            expected = float(value / largest) * BAR_MAX
            assert abs(float(bar.get("width", "")) - expected) <= 0.0005 + 1e-9
        widest = max(bars, key=lambda b: float(b.get("width", "")))
        assert float(widest.get("width", "")) == BAR_MAX
    # No bar is text: nothing for a viewer that drops leading spaces to misalign.
    assert not any("█" in (t.text or "") for t in root.iter(f"{{{SVG_NS}}}text"))


def test_the_recommended_and_current_sizes_are_marked(tmp_path: Path) -> None:
    data, svg, _ = export(tmp_path)
    root = ET.fromstring(svg)
    texts = list(root.iter(f"{{{SVG_NS}}}text"))
    marks = [t for t in texts if t.get("class") == "marks"]
    labels = {t.get("y"): t.text for t in texts if (t.text or "").endswith(" MB")}

    def marked(mark: str) -> list[str | None]:
        return [labels.get(t.get("y")) for t in marks if mark in (t.text or "")]

    # the measured pair 128 MB / 1024 MB: 1024 MB is recommended (1536 MB is only worth measuring)
    assert data["recommended_memory_mb"] == 1024 and data["current_memory_mb"] == 128
    assert marked("★ recommended") == ["1,024 MB"]
    assert marked("◆ current") == ["128 MB"]
    assert "faster" in svg  # the recommendation sentence
    # an extrapolated better size is marked worth measuring, as the table's `?` does
    assert data["worth_measuring_mb"] == 1536
    assert marked("? worth measuring") == ["1,536 MB"]


def test_an_assumed_recommendation_marks_its_two_bounds(tmp_path: Path) -> None:
    # one duration and no cpu_bound: the pick keeps 512 MB and shows both bounds
    base = ["compare-memory", "--duration", "100ms", "--memory", "512"]
    data, svg, _ = export(tmp_path, base)
    root = ET.fromstring(svg)
    texts = list(root.iter(f"{{{SVG_NS}}}text"))
    labels = {t.get("y"): t.text for t in texts if (t.text or "").endswith(" MB")}
    marks = {labels.get(t.get("y")): t.text or "" for t in texts if t.get("class") == "marks"}
    assert data["recommendation_basis"] == "assumed"
    assert (data["if_io_bound_mb"], data["if_cpu_bound_mb"]) == (128, 1024)
    assert "I pick if I/O-bound" in marks["128 MB"]
    assert "C pick if CPU-bound" in marks["1,024 MB"]
    assert "◆ current" in marks["512 MB"] and "★ recommended" in marks["512 MB"]
    assert "C pick if CPU-bound · I pick if I/O-bound" in svg  # the legend explains them


def test_no_url_but_the_svg_namespace_and_no_web_font(tmp_path: Path) -> None:
    _, svg, html = export(tmp_path)
    for text in (svg, html):
        assert set(URL.findall(text)) == {SVG_NS}
        assert "@import" not in text and "url(" not in text and "<link" not in text
        assert "system-ui" in text and "sans-serif" in text


def test_the_html_page_holds_the_table_and_the_chart(tmp_path: Path) -> None:
    _, _, html = export(tmp_path)
    tags: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)

    Tags().feed(html)
    assert {"table", "svg", "rect", "h1"} <= set(tags)
    assert "Memory sizes compared" in html and "$47.22" in html and "★" in html
