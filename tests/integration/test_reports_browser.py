"""Every report, opened offline in headless Chromium: charts drawn, tooltips, CSV, passage links.

Screenshots of the index, a comparison page and a document page are kept in tests/artifacts/
(not committed) for a reviewer to look at.
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import numpy as np
import pytest
from PIL import Image
from tests.browser import Browser

from regionhealth import paths

ARTIFACTS = paths.ROOT / "tests" / "artifacts"

# Marks that carry tooltips: bars and cells (rect), points (symbol).
FIRST_MARK = """(function () {
  var el = document.querySelector('.rh-vega svg g.mark-rect path, .rh-vega svg g.mark-symbol path');
  if (!el) return null;
  el.scrollIntoView({block: 'center'});
  var r = el.getBoundingClientRect();
  return [r.left + Math.min(r.width / 2, 20), r.top + r.height / 2];
})()"""
PASSAGE_LINKS = """Array.from(document.querySelectorAll('table.rh-table tbody a'))
  .map(function (a) { return a.href; }).filter(function (h) { return h.indexOf('/documents/') >= 0 && h.indexOf('#') >= 0; })"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    b = Browser(tmp_path_factory.mktemp("chromium"))
    yield b
    b.close()


@pytest.fixture(scope="module")
def visits(full_run: dict[str, Any], browser: Browser) -> dict[str, dict[str, Any]]:
    """Each successful report opened once: what the page showed and did."""
    out = full_run["out"]
    seen = {}
    for run_id, run in full_run["runs"].items():
        if run["status"] != "ok":
            continue
        browser.open(out / run["html"])
        state = browser.wait_for("document.body.getAttribute('data-charts')", timeout=60)
        result = {
            "state": state,
            "charts": browser.evaluate("document.querySelectorAll('.rh-vega').length"),
            "drawn": browser.evaluate(
                "document.querySelectorAll('.rh-vega.rh-ready svg.marks').length"
            ),
            "marks": browser.evaluate(
                "document.querySelectorAll('.rh-vega svg g.role-mark path').length"
            ),
            "csv": browser.evaluate(
                "Array.from(document.querySelectorAll('a.rh-csv[download]')).map(a => a.href)"
            ),
            "passages": browser.evaluate(PASSAGE_LINKS),
            "tooltip": None,
        }
        point = browser.evaluate(FIRST_MARK)
        if point:
            browser.hover(*point)
            result["tooltip"] = browser.wait_for(
                "(function () { var t = document.getElementById('vg-tooltip-element');"
                " return t && t.classList.contains('visible') && t.textContent; })()",
                timeout=10,
            )
        if run_id == "compare-emergency_response_time":
            result["screenshot"] = browser.screenshot(ARTIFACTS / "compare.png")
        browser.hover(0, 0)
        seen[run_id] = result
    return seen


def test_every_report_draws_its_charts_offline_with_marks(visits, browser) -> None:
    assert len(visits) > 10
    for run_id, v in visits.items():
        assert v["state"] == "ready", run_id
        assert v["charts"] >= 1 and v["drawn"] == v["charts"], (run_id, v)
        assert v["marks"] > 0, run_id
    offline = [u for u in browser.requests if not u.startswith(("file:", "data:"))]
    assert not offline, offline  # nothing was fetched from a network


def test_hovering_a_mark_shows_a_tooltip(visits) -> None:
    for run_id, v in visits.items():
        assert v["tooltip"], run_id
    compare = visits["compare-emergency_response_time"]["tooltip"]
    for words in ("原文 / Quote", "年份依据 / Year basis", "文件 / Document"):
        assert words in compare


def test_every_chart_has_a_csv_download_that_exists(visits) -> None:
    for run_id, v in visits.items():
        assert len(v["csv"]) == v["charts"], run_id
        for href in v["csv"]:
            assert Path(unquote(urlparse(href).path)).is_file(), href


def test_table_rows_link_to_anchors_in_document_readers(visits, browser) -> None:
    linked = {run_id for run_id, v in visits.items() if v["passages"]}
    assert {"compare-emergency_response_time", "themes", "horizons", "profile-yueqing"} <= linked
    checked = 0
    for run_id in sorted(linked):
        href = visits[run_id]["passages"][0]
        url = urlparse(href)
        browser.open(Path(unquote(url.path)))
        assert browser.evaluate(f"!!document.getElementById({url.fragment!r})"), (run_id, href)
        checked += 1
    assert checked == len(linked)


def test_document_reader_marks_numbers_by_kind_with_reasons(full_run, browser) -> None:
    doc = full_run["manifest"]["documents"][0]
    browser.open(full_run["out"] / doc["reader"])
    kinds = browser.evaluate(
        "['target', 'reference', 'ignored'].map(k => document.querySelectorAll('mark.k-' + k + '[id]').length)"
    )
    assert kinds[0] > 0 and kinds[2] > 0
    assert browser.evaluate("Array.from(document.querySelectorAll('mark[id]')).every(m => m.title)")
    png = browser.screenshot(ARTIFACTS / "document.png")
    assert _not_blank(png)


def test_screenshots_of_index_compare_and_document_are_kept(full_run, visits, browser) -> None:
    browser.open(full_run["out"] / "index.html")
    time.sleep(0.2)
    index = browser.screenshot(ARTIFACTS / "index.png")
    assert _not_blank(index)
    compare = np.asarray(
        Image.open(io.BytesIO(visits["compare-emergency_response_time"]["screenshot"])).convert(
            "RGB"
        )
    ).astype(int)
    # the chart's urban (red) and rural (blue) bars are drawn: scope colours at 75 % on white
    for colour in ((0xE4, 0x57, 0x56), (0x4C, 0x78, 0xA8)):
        assert _near(compare, tuple(round(0.75 * c + 0.25 * 255) for c in colour)) > 300
    for name in ("index.png", "compare.png", "document.png"):
        assert (ARTIFACTS / name).is_file()


def _not_blank(png: bytes) -> bool:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return bool((pixels < 200).mean() > 0.01)


def _near(image: np.ndarray, rgb: tuple[int, ...], tol: int = 20) -> int:
    return int((np.abs(image - np.array(rgb)).max(axis=2) <= tol).sum())
