"""`regionhealth reports` end to end against a store freshly built by `regionhealth build`."""

from __future__ import annotations

import json
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest
from tests.integration.conftest import BAD_IDS, INJECTION, n_targets, reports_cli

from regionhealth.errors import RegionhealthError
from regionhealth.reports import notebook
from regionhealth.sources.registry import sha256_file


def test_good_runs_succeed_and_bad_runs_fail_alone(full_run: dict[str, Any]) -> None:
    assert full_run["proc"].returncode == 1  # some runs failed
    runs = full_run["runs"]
    failed = {i for i, r in runs.items() if r["status"] != "ok"}
    assert failed == BAD_IDS, full_run["proc"].stderr
    assert len(runs) > len(BAD_IDS) + 7
    assert {"compare-emergency_response_time", "profile-yueqing"} <= set(runs)
    for run_id in runs.keys() - BAD_IDS:
        run_dir = full_run["out"] / run_id
        assert (run_dir / f"{run_id}.ipynb").is_file() and (run_dir / f"{run_id}.html").is_file()


def test_bad_parameter_error_is_one_clear_line_listing_valid_values(full_run) -> None:
    error = full_run["runs"]["bad-region"]["error"]
    assert error.startswith("RegionhealthError: unknown region 'atlantis' in parameter region")
    assert "valid values: chizhou, guangxi, shangyu, yangpu, yueqing" in error
    assert "FAILED bad-region: RegionhealthError" in full_run["proc"].stderr


def test_injection_shaped_values_are_refused_and_store_is_unchanged(full_run, report_store) -> None:
    for run_id, param in [("bad-injection-regions", "regions"), ("bad-injection-scope", "scope")]:
        error = full_run["runs"][run_id]["error"]
        assert error.startswith("RegionhealthError: unknown"), error
        assert f"in parameter {param}; valid values:" in error
    assert (sha256_file(report_store), n_targets(report_store)) == full_run["store_before"]


def test_bound_parameters_treat_injection_as_a_value(report_store: Path) -> None:
    with notebook.open_store(report_store) as con:
        rows = notebook.query(con, "targets", indicators=[], regions=[INJECTION], scope=INJECTION)
        assert rows.empty
        with pytest.raises(RegionhealthError, match="unknown query"):
            notebook.sql_text("targets; DROP TABLE targets")
        with pytest.raises(duckdb.Error):  # read-only: even a direct write is refused
            con.execute("DROP TABLE targets")
    assert n_targets(report_store) > 0


def test_manifest_records_parameters_status_duration_store_and_code(full_run, report_store):
    manifest = full_run["manifest"]
    assert manifest["store"]["sha256"] == sha256_file(report_store)
    # paths are relative to the report set, so the folder can be moved or published
    assert (full_run["out"] / manifest["store"]["path"]).resolve() == report_store.resolve()
    assert re.match(r"^\d+\.\d+\.\d+\+[0-9a-f]{12}$", manifest["code_version"])
    profile = full_run["runs"]["profile-shangyu"]
    assert profile["parameters"] == {"region": "shangyu"}
    assert profile["status"] == "ok" and profile["duration_s"] > 0
    assert profile["store_sha256"] == manifest["store"]["sha256"]
    assert profile["html"] == "profile-shangyu/profile-shangyu.html"
    assert (full_run["out"] / profile["html"]).is_file()
    compare = full_run["runs"]["compare-emergency_response_time"]
    assert compare["csv"] and all((full_run["out"] / c).is_file() for c in compare["csv"])


def test_manifest_lists_input_documents_with_sha256(full_run, report_store) -> None:
    with duckdb.connect(str(report_store), read_only=True) as con:
        stored = dict(con.execute("select file, sha256 from documents").fetchall())
    documents = full_run["manifest"]["documents"]
    assert {d["file"]: d["sha256"] for d in documents} == stored
    raw = notebook.paths.RAW_DIR
    for d in documents:
        assert sha256_file(raw / d["file"]) == d["sha256"]
        assert (full_run["out"] / d["reader"]).is_file()


def test_index_groups_reports_by_question_and_lists_documents(full_run) -> None:
    manifest = full_run["manifest"]
    index = (full_run["out"] / "index.html").read_text("utf-8")
    questions = [g["question"] for g in manifest["groups"]]
    assert len(questions) == 5 and all(q in index for q in questions)
    assert all(g["description"] for g in manifest["groups"])
    for d in manifest["documents"]:
        assert d["title"] in index and d["published_date"] in index
        assert f'href="{d["reader"]}"' in index
    assert manifest["store"]["sha256"] in index and manifest["code_version"] in index
    assert '<meta name="viewport"' in index


def test_every_notebook_reads_the_one_pinned_store_generation(full_run, report_store) -> None:
    """The notebooks of a run read a link to the store taken at the start (a rebuild meanwhile
    replaces the store's path, not the linked file); the link is gone when the run ends."""
    out = full_run["out"]
    assert not list(out.glob(".store-*.duckdb"))
    for run in full_run["manifest"]["runs"]:
        if run.get("status") != "ok":
            continue
        (ipynb,) = (out / run["id"]).glob("*.ipynb")
        nb = json.loads(ipynb.read_text("utf-8"))
        (injected,) = [
            c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])
        ]
        source = "".join(injected["source"])
        assert re.search(r"store_path = .*/\.store-\d+\.duckdb", source), source
        assert run["store_sha256"] == sha256_file(report_store)


def test_index_links_every_report_with_status_and_duration(full_run) -> None:
    index = (full_run["out"] / "index.html").read_text("utf-8")
    for run_id, run in full_run["runs"].items():
        assert f'href="{run_id}/{run_id}.html"' in index
        assert f'class="status-{run["status"]}"' in index
    assert re.search(r"\d+\.\d s</td>", index)


def test_pages_load_only_files_of_the_report_set(full_run) -> None:
    out = full_run["out"]
    pages = [out / "index.html", *out.glob("*/*.html")]
    assert len(pages) > 10
    for page in pages:
        text = page.read_text("utf-8")
        assert not re.search(r"""src=["']?(https?:)?//""", text), page
        assert "<link" not in text.lower(), page
        for src in re.findall(r'<script src="([^"]+)"', text):
            assert (page.parent / src).is_file(), (page, src)
        assert text.count("<h1>") == 1, page  # one title
        assert '<meta name="viewport"' in text, page
    report = (out / "overview" / "overview.html").read_text("utf-8")
    assert "def " not in report and "rh.start" not in report  # code cells are hidden
    bundles = list((out / "_static").glob("vega-*.js"))
    assert len(bundles) == 1 and "vegaEmbed" in bundles[0].read_text("utf-8")


VISIBLE_CODES = re.compile(
    r"(document_horizon|explicit|plan_period|relative):|per_1000_pop|per_10k_elderly|"
    r"\(\?<?[!=:]|\[[^\]]*\][?*+]|quantity_in_plan|list_index|_key_specialties"
)


def visible_text(page: str) -> str:
    """What a reader sees: the page without scripts, styles, tags and folded parameters."""
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    page = re.sub(r"<details class='rh-params'>.*?</details>", " ", page, flags=re.S)
    page = re.sub(r'title="[^"]*"', lambda m: " " + m.group(0)[7:-1] + " ", page)  # hovers
    return re.sub(r"<[^>]+>", " ", page)


def test_no_page_shows_a_code_a_regex_or_an_internal_unit(full_run) -> None:
    out = full_run["out"]
    for page in [*out.glob("*/*.html")]:
        text = visible_text(page.read_text("utf-8"))
        assert not VISIBLE_CODES.search(text), (page, VISIBLE_CODES.search(text))
    for spec in chart_specs(out / "themes" / "themes.html"):
        assert not VISIBLE_CODES.search(json.dumps(spec, ensure_ascii=False))


def chart_specs(page: Path) -> list[dict[str, Any]]:
    """The Vega-Lite specs embedded in a report page."""
    text = page.read_text("utf-8")
    found = re.findall(r'<script type="application/json" id="chart-\d+-spec">(.*?)</script>', text)
    return [json.loads(s.replace("<\\/", "</")) for s in found]


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


def test_comparison_shows_yueqing_and_shangyu_urban_targets_side_by_side(full_run, report_store):
    with duckdb.connect(str(report_store), read_only=True) as con:
        minutes = con.execute("select symbol from units where unit = 'minutes'").fetchone()[0]
    page = (
        full_run["out"] / "compare-emergency_response_time" / "compare-emergency_response_time.html"
    )
    text = page.read_text("utf-8")
    parser = Tables()
    parser.feed(text)
    (table,) = [t for t in parser.tables if t and "原文 / Quote" in t[0]]
    header = table[0]
    rows = [dict(zip(header, row, strict=True)) for row in table[1:]]
    urban = {r["地区 / Region"]: r for r in rows if r["范围 / Scope"] == "城区 / urban"}
    yueqing, shangyu = urban["乐清 Yueqing"], urban["上虞 Shangyu"]
    assert (yueqing["目标 / Target"], yueqing["目标年 / Target year"]) == (
        f"< 11 {minutes}",
        "2025",
    )
    assert (shangyu["目标 / Target"], shangyu["目标年 / Target year"]) == (f"≤ 9 {minutes}", "2027")
    assert "文中写明" in yueqing["年份依据 / Year basis"]
    assert "中心城区和乡村地区平均急救反应时间分别少于11分钟和15分钟" in yueqing["原文 / Quote"]
    assert "城区9分钟、乡镇15分钟" in shangyu["原文 / Quote"]
    # comparator, value and year are on the marks themselves, in the same chart
    (spec,) = chart_specs(page)
    marks = {m["row"]: m for m in spec["data"]["values"]}
    assert marks["乐清 Yueqing · 城区 / urban · 2025"]["target_label"] == f"< 11 {minutes} (2025)"
    assert marks["上虞 Shangyu · 城区 / urban · 2027"]["target_label"].startswith(f"≤ 9 {minutes}")
    # regions without a target are listed, not dropped
    assert marks["杨浦 Yangpu"]["target_label"] == "无目标 / no target"


def test_a_restated_target_is_one_mark_ending_at_its_value(full_run) -> None:
    """池州's "至少12个" municipal specialties, restated in the task text: one mark, at 12, ≥."""
    page = full_run["out"] / "compare-municipal_key_specialties"
    specs = chart_specs(page / "compare-municipal_key_specialties.html")
    chizhou = [
        m
        for spec in specs
        for m in spec["data"]["values"]
        if m["region_label"].startswith("池州") and m["has_target"]
    ]
    assert len(chizhou) == 1
    assert (chizhou[0]["end"], chizhou[0]["comparator"]) == (12.0, ">=")
    for spec in specs:  # never two statements on one row (a stacked bar)
        rows = [m["row"] for m in spec["data"]["values"]]
        assert len(rows) == len(set(rows))


def test_static_report_has_svg_charts_and_no_script(full_run, report_store, tmp_path) -> None:
    out = tmp_path / "static"
    proc = reports_cli(
        "--out",
        str(out),
        "--store",
        str(report_store),
        "--static",
        "--only",
        "compare-emergency_response_time",
    )
    assert proc.returncode == 0, proc.stderr
    page = out / "compare-emergency_response_time" / "compare-emergency_response_time.html"
    text = page.read_text("utf-8")
    assert "<script" not in text.lower()
    assert "data:image/svg+xml;base64," in text
    assert 'href="chart-1.csv"' in text and (page.parent / "chart-1.csv").is_file()
    assert "<script" not in (out / "index.html").read_text("utf-8").lower()


def test_second_run_with_unchanged_inputs_reuses_results(full_run, report_store, tmp_path) -> None:
    out = tmp_path / "out"
    shutil.copytree(full_run["out"], out)
    t0 = time.monotonic()
    proc = reports_cli("--out", str(out), "--store", str(report_store))
    elapsed = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert all(r["cached"] for r in manifest["runs"]), manifest
    assert elapsed < 20  # no kernel started
    assert f"{len(manifest['runs'])} ok ({len(manifest['runs'])} cached)" in proc.stdout
    # a different store is a different input: that run executes again
    changed = tmp_path / "changed.duckdb"
    shutil.copy(report_store, changed)
    with duckdb.connect(str(changed)) as con:
        con.execute("delete from targets where region_id = 'chizhou'")
    proc = reports_cli("--out", str(out), "--store", str(changed), "--only", "overview")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    overview = next(r for r in manifest["runs"] if r["id"] == "overview")
    assert proc.returncode == 0 and overview["cached"] is False
    assert overview["store_sha256"] == sha256_file(changed)
