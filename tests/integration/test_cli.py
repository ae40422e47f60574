"""The command line: every command documented, diff between stores, extract on unseen text."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from regionhealth.cli import parser
from regionhealth.paths import DOCS_DIR, ROOT

FIXTURES = Path(__file__).parents[1] / "fixtures" / "docs"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "regionhealth.cli", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_command_is_documented_in_the_readme_or_docs():
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in DOCS_DIR.glob("*.md")
    )
    sub = next(a for a in parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"regionhealth {name}" in docs, f"`regionhealth {name}` is not documented"


def test_diff_reports_changed_and_removed_targets_per_region_and_indicator(built_store, tmp_path):
    old = tmp_path / "old.duckdb"
    shutil.copy(built_store, old)
    with duckdb.connect(str(old)) as con:
        con.execute(
            "UPDATE targets SET value = value + 1 WHERE indicator_code = 'county_visit_rate' AND region_id = 'shangyu'"
        )
        con.execute(
            "DELETE FROM targets WHERE indicator_code = 'emergency_response_time' AND region_id = 'yueqing'"
        )
    out = run("diff", str(old), str(built_store))
    assert out.returncode == 0, out.stderr
    assert "shangyu county_visit_rate: 1 changed" in out.stdout
    assert "yueqing emergency_response_time: 2 added" in out.stdout


def test_diff_of_identical_stores_says_so(built_store):
    out = run("diff", str(built_store), str(built_store))
    assert "no differences" in out.stdout


def test_diff_of_a_missing_store_is_one_line(built_store, tmp_path):
    out = run("diff", str(tmp_path / "none.duckdb"), str(built_store))
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "no such store" in out.stderr


def test_extract_prints_every_mention_of_an_unseen_document_as_csv():
    out = run(
        "extract",
        str(FIXTURES / "yunxi_2024_county_modernization_plan.txt"),
        "--region-id",
        "yueqing",
        "--published",
        "2024-03-08",
    )
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {
        "char_start",
        "char_end",
        "quote",
        "kind",
        "value_as_stated",
        "unit_as_stated",
        "value",
        "unit",
        "comparator",
        "target_year",
        "scope",
        "indicator_code",
    } <= set(rows[0])
    visit = next(r for r in rows if r["kind"] == "target" and r["value_as_stated"] == "92.0")
    assert (visit["indicator_code"], visit["comparator"], visit["target_year"]) == (
        "county_visit_rate",
        ">=",
        "2026",
    )


def test_extract_flags_unknown_concepts_with_an_empty_indicator(tmp_path):
    doc = tmp_path / "new.txt"
    doc.write_text("到2026年,全县无人机配送药品航线达到12条。", encoding="utf-8")
    out = run(
        "extract",
        str(doc),
        "--region-id",
        "yueqing",
        "--published",
        "2024-01-01",
        "--format",
        "json",
    )
    rows = json.loads(out.stdout)
    target = next(r for r in rows if r["kind"] == "target")
    assert target["value_as_stated"] == 12.0 and target["indicator_code"] is None


def test_extract_prints_each_coded_target_against_the_national_line(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(
        "二、主要目标\n到2025年，每千人口拥有3岁以下婴幼儿托位数达到4.5个，县域就诊率达到90%以上，"
        "婴儿死亡率控制在6‰以下，全县无人机配送药品航线达到12条。\n",
        encoding="utf-8",
    )
    out = run("extract", str(doc), "--region-id", "yueqing", "--published", "2024-01-01")
    assert out.returncode == 0, out.stderr
    rows = {
        r["value_as_stated"]: r
        for r in csv.DictReader(io.StringIO(out.stdout))
        if r["kind"] == "target"
    }
    places, visits, infants, routes = rows["4.5"], rows["90.0"], rows["6.0"], rows["12.0"]
    assert (places["national_value"], places["national_year"], places["verdict"]) == (
        "4.5",
        "2025",
        "equal",
    )
    assert (infants["national_value"], infants["verdict"]) == ("5.2", "less ambitious")
    assert (visits["national_value"], visits["verdict"]) == ("", "no national reference")
    assert (routes["indicator_code"], routes["verdict"]) == ("", "")


def test_extract_of_a_registered_document_shows_what_the_store_holds(tmp_path):
    """The reviewers' decisions about a registered document are applied, as the build applies
    them; a copy of the same text at another path is not registered and no decision matches."""
    raw = ROOT / "data" / "raw" / "yangpu_2022_sanming_reform_plan.txt"
    copy = tmp_path / raw.name
    shutil.copy(raw, copy)
    args = ("--region-id", "yangpu", "--published", "2022-12-01", "--format", "json")
    registered, unregistered = run("extract", str(raw), *args), run("extract", str(copy), *args)
    assert registered.returncode == unregistered.returncode == 0, registered.stderr
    # corrections.csv rejects the heading 深化“15分钟社区健康服务圈”: not a target.
    rejected = [r for r in json.loads(registered.stdout) if r["quote"].startswith("深化“15分钟")]
    kept = [r for r in json.loads(unregistered.stdout) if r["quote"].startswith("深化“15分钟")]
    assert [(r["kind"], r["reason"], r["commitment"]) for r in rejected] == [
        ("ignored", "review_reject", None)
    ]
    assert [(r["kind"], r["reason"]) for r in kept] == [("target", "quantity_in_plan")]
