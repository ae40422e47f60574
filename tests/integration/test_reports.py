"""`regionhealth reports` end to end against a store freshly built by `regionhealth build`."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest
from PIL import Image

from regionhealth import notebook, paths
from regionhealth.errors import RegionhealthError
from regionhealth.registry import sha256_file

EXE = Path(sys.executable).with_name("regionhealth")
INJECTION = "x'); DROP TABLE targets; --"
# Runs appended to the committed config: one bad parameter, two injection-shaped values.
BAD_RUNS = f"""
[[report]]
id = "bad-region"
notebook = "06_region_profile"
parameters.region = "atlantis"

[[report]]
id = "bad-injection-regions"
notebook = "02_indicator_comparison"
parameters.indicator_codes = ["emergency_response_time"]
parameters.regions = ["{INJECTION}"]

[[report]]
id = "bad-injection-scope"
notebook = "02_indicator_comparison"
parameters.indicator_codes = ["emergency_response_time"]
parameters.scope = "{INJECTION}"
"""
BAD_IDS = {"bad-region", "bad-injection-regions", "bad-injection-scope"}


def n_targets(store: Path) -> int:
    """Rows in the store's targets table."""
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("select count(*) from targets").fetchone()[0]


def reports_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `regionhealth reports ARGS` as a user would."""
    return subprocess.run(
        [str(EXE), "reports", *args], capture_output=True, text=True, timeout=1800
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by `regionhealth build` into a temporary folder."""
    target = tmp_path_factory.mktemp("store") / "regionhealth.duckdb"
    proc = subprocess.run(
        [str(EXE), "build", "--store", str(target), "--no-export", "--force"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"regionhealth build failed:\n{proc.stdout}\n{proc.stderr}"
    return target


@pytest.fixture(scope="module")
def full_run(store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every committed report plus three bad runs, executed once for this module."""
    tmp = tmp_path_factory.mktemp("reports")
    config = tmp / "reports.toml"
    config.write_text((paths.ROOT / "reports.toml").read_text("utf-8") + BAD_RUNS, "utf-8")
    before = (sha256_file(store), n_targets(store))
    out = tmp / "out"
    proc = reports_cli("--config", str(config), "--out", str(out), "--store", str(store))
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    return {
        "proc": proc,
        "out": out,
        "store_before": before,
        "manifest": manifest,
        "runs": {r["id"]: r for r in manifest["runs"]},
    }


def test_good_runs_succeed_and_bad_runs_fail_alone(full_run: dict[str, Any]) -> None:
    assert full_run["proc"].returncode == 1  # some runs failed
    runs = full_run["runs"]
    failed = {i for i, r in runs.items() if r["status"] != "ok"}
    assert failed == BAD_IDS, full_run["proc"].stderr
    assert len(runs) > len(BAD_IDS) + 7
    for run_id in runs.keys() - BAD_IDS:
        run_dir = full_run["out"] / run_id
        assert (run_dir / f"{run_id}.ipynb").is_file() and (run_dir / f"{run_id}.html").is_file()


def test_bad_parameter_error_is_one_clear_line_listing_valid_values(full_run) -> None:
    error = full_run["runs"]["bad-region"]["error"]
    assert error.startswith("RegionhealthError: unknown region 'atlantis' in parameter region")
    assert "valid values: chizhou, guangxi, shangyu, yangpu, yueqing" in error
    assert "FAILED bad-region: RegionhealthError" in full_run["proc"].stderr


def test_injection_shaped_values_are_refused_and_store_is_unchanged(full_run, store) -> None:
    for run_id, param in [("bad-injection-regions", "regions"), ("bad-injection-scope", "scope")]:
        error = full_run["runs"][run_id]["error"]
        assert error.startswith("RegionhealthError: unknown"), error
        assert f"in parameter {param}; valid values:" in error
    assert (sha256_file(store), n_targets(store)) == full_run["store_before"]


def test_bound_parameters_treat_injection_as_a_value(store: Path) -> None:
    with notebook.open_store(store) as con:
        rows = notebook.query(con, "targets", indicators=[], regions=[INJECTION], scope=INJECTION)
        assert rows.empty
        with pytest.raises(RegionhealthError, match="unknown query"):
            notebook.sql_text("targets; DROP TABLE targets")
        with pytest.raises(duckdb.Error):  # read-only: even a direct write is refused
            con.execute("DROP TABLE targets")
    assert n_targets(store) > 0


def test_manifest_records_parameters_status_duration_store_and_code(full_run, store) -> None:
    manifest = full_run["manifest"]
    assert manifest["store"]["sha256"] == sha256_file(store)
    assert re.match(r"^\d+\.\d+\.\d+\+[0-9a-f]{12}$", manifest["code_version"])
    profile = full_run["runs"]["profile-shangyu"]
    assert profile["parameters"] == {"region": "shangyu", "store_path": str(store)}
    assert profile["status"] == "ok" and profile["duration_s"] > 0
    assert profile["store_sha256"] == manifest["store"]["sha256"]


def test_index_links_every_report_with_status_and_duration(full_run) -> None:
    index = (full_run["out"] / "index.html").read_text("utf-8")
    for run_id, run in full_run["runs"].items():
        assert f'href="{run_id}/{run_id}.html"' in index
        assert f'class="status-{run["status"]}"' in index
    assert re.search(r"\d+\.\d s</td>", index)


def test_html_is_self_contained_without_scripts_or_network(full_run) -> None:
    pages = [full_run["out"] / "index.html", *full_run["out"].glob("*/*.html")]
    assert len(pages) > 10
    for page in pages:
        text = page.read_text("utf-8")
        assert "<script" not in text.lower(), page
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), page
        assert "<link" not in text.lower(), page
    report = (full_run["out"] / "overview" / "overview.html").read_text("utf-8")
    assert "data:image/svg+xml;base64," in report
    assert "def " not in report and "rh.start" not in report  # code cells are hidden


class Tables(HTMLParser):
    """Collects the text of every table cell, per row, per table."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def test_comparison_shows_yueqing_and_shangyu_urban_targets_side_by_side(full_run, store):
    with duckdb.connect(str(store), read_only=True) as con:
        minutes = con.execute("select symbol from units where unit = 'minutes'").fetchone()[0]
    page = full_run["out"] / "compare-emergency_response_time"
    text = (page / "compare-emergency_response_time.html").read_text("utf-8")
    parser = Tables()
    parser.feed(text)
    (table,) = [t for t in parser.tables if t and "原文 / Quote" in t[0]]
    header = table[0]
    rows = [dict(zip(header, row, strict=True)) for row in table[1:]]
    urban = {r["地区 / Region"]: r for r in rows if r["范围 / Scope"] == "urban"}
    yueqing, shangyu = urban["乐清 Yueqing"], urban["上虞 Shangyu"]
    assert yueqing["目标 / Target"] == f"< 11 {minutes} (2025)"
    assert shangyu["目标 / Target"] == f"≤ 9 {minutes} (2027)"
    assert "中心城区和乡村地区平均急救反应时间分别少于11分钟和15分钟" in yueqing["原文 / Quote"]
    assert "城区9分钟、乡镇15分钟" in shangyu["原文 / Quote"]
    # comparator, value and year are on the bars themselves, in the same chart
    svgs = [
        base64.b64decode(m).decode("utf-8")
        for m in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', text)
    ]
    (chart,) = [s for s in svgs if f"&lt; 11 {minutes} (2025)" in s]
    assert f"≤ 9 {minutes} (2027)" in chart
    assert "乐清 Yueqing · 2025" in chart and "上虞 Shangyu · 2027" in chart


def test_second_run_with_unchanged_inputs_reuses_results(full_run, store, tmp_path) -> None:
    out = tmp_path / "out"
    shutil.copytree(full_run["out"], out)
    t0 = time.monotonic()
    proc = reports_cli("--out", str(out), "--store", str(store))
    elapsed = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert all(r["cached"] for r in manifest["runs"]), manifest
    assert elapsed < 20  # no kernel started
    assert f"{len(manifest['runs'])} ok ({len(manifest['runs'])} cached)" in proc.stdout
    # a different store is a different input: that run executes again
    changed = tmp_path / "changed.duckdb"
    shutil.copy(store, changed)
    with duckdb.connect(str(changed)) as con:
        con.execute("delete from targets where region_id = 'chizhou'")
    proc = reports_cli("--out", str(out), "--store", str(changed), "--only", "overview")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    overview = next(r for r in manifest["runs"] if r["id"] == "overview")
    assert proc.returncode == 0 and overview["cached"] is False
    assert overview["store_sha256"] == sha256_file(changed)


def chromium() -> str:
    """The headless browser (`make browser` installs it)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium not installed: run `make browser`"
    return exe


def screenshot(page: Path, tmp_path: Path, height: int = 1600) -> np.ndarray:
    """RGB pixels of ``page`` rendered by headless Chromium with no network features."""
    png = tmp_path / f"{page.stem}.png"
    proc = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--window-size=1200,{height}",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert png.is_file(), proc.stderr
    return np.asarray(Image.open(png).convert("RGB")).astype(int)


def pixels_near(image: np.ndarray, rgb: tuple[int, int, int], tol: int = 12) -> int:
    """How many pixels are within ``tol`` of colour ``rgb`` in every channel."""
    return int((np.abs(image - np.array(rgb)).max(axis=2) <= tol).sum())


def test_browser_shows_index_and_a_report_with_a_drawn_chart(full_run, tmp_path) -> None:
    index = screenshot(full_run["out"] / "index.html", tmp_path)
    assert (index.min(axis=2) < 200).mean() > 0.01  # text and table lines, not a blank page
    assert pixels_near(index, (0x1B, 0x7F, 0x3B), tol=40) > 50  # green 'ok' statuses
    assert pixels_near(index, (0xB0, 0x00, 0x20), tol=40) > 20  # red 'failed' statuses
    page = full_run["out"] / "compare-emergency_response_time"
    report = screenshot(page / "compare-emergency_response_time.html", tmp_path)
    # the chart's urban (red) and rural (green) bars are drawn
    assert pixels_near(report, (0xE4, 0x57, 0x56)) > 500
    assert pixels_near(report, (0x54, 0xA2, 0x4B)) > 500
