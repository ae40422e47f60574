"""The store's reference targets: every row of the committed reference list, traceable, or a refused build."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests import support

from regionhealth.extract.references import numbers_in

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
CLI = Path(sys.executable).with_name("regionhealth")


def reference_file_rows() -> list[dict[str, str]]:
    with open(RAW / "national_targets.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_reference_file_is_registered_with_its_checksum(con) -> None:
    (row,) = con.execute(
        "SELECT file, level, region_id, sha256, n_rows FROM reference_files"
    ).fetchall()
    assert row == (
        "national_targets.csv",
        "national",
        None,
        support.sha256(RAW / "national_targets.csv"),
        90,
    )


def test_every_row_of_the_reference_list_is_in_the_store(con) -> None:
    rows = reference_file_rows()
    lines = dict(
        con.execute("SELECT line, count(*) FROM reference_targets GROUP BY line").fetchall()
    )
    assert sorted(lines) == list(range(2, len(rows) + 2))
    # A value stated for 2022/2030 is one row per year; every other row is one row.
    for line, r in enumerate(rows, start=2):
        assert lines[line] == len(r["target_year"].split("/")), r["indicator_zh"]


def test_qualitative_rows_have_no_value_and_keep_their_wording(con) -> None:
    got = con.execute(
        "SELECT DISTINCT wording FROM reference_targets WHERE target_type = 'qualitative' AND value IS NULL"
    ).fetchall()
    assert {w for (w,) in got} == {"实现", "持续减缓", "有所下降", "增速下降"}
    assert con.execute(
        "SELECT count(*) FROM reference_targets WHERE target_type = 'qualitative' AND (value IS NOT NULL OR wording IS NULL)"
    ).fetchone() == (0,)


def test_every_value_is_in_its_quote_or_carries_a_reviewed_note(con) -> None:
    rows = con.execute(
        "SELECT reference_id, value_as_stated, quote, review_note FROM reference_targets "
        "WHERE target_type IN ('level', 'change', 'relative_change')"
    ).fetchall()
    unexplained = []
    for rid, stated, quote, note in rows:
        values = [
            float(x) for x in stated.replace("-", " ").split() if x.replace(".", "").isdigit()
        ]
        if values and not all(v in numbers_in(quote) for v in values) and note is None:
            unexplained.append(rid)
    assert unexplained == []
    noted = con.execute(
        "SELECT line FROM reference_targets WHERE review_note IS NOT NULL"
    ).fetchall()
    assert noted == [(70,)]  # "one ambulance for every 30,000 people": the 1 is an English word


def test_national_childcare_places_target_is_in_the_canonical_unit(con) -> None:
    got = con.execute(
        "SELECT value, unit, comparator, target_year, source_url, quote FROM reference_targets "
        "WHERE indicator_code = 'childcare_places_per_1000_pop'"
    ).fetchall()
    assert len(got) == 1
    value, unit, comparator, year, url, quote = got[0]
    assert (value, unit, comparator, year) == (4.5, "per_1000_pop", "=", 2025)
    assert url.startswith("http") and "4.5" in quote


def test_reference_rows_are_in_every_export(built_store: Path) -> None:
    export = built_store.parent / "export"
    assert (export / "reference_targets.parquet").is_file()
    assert (export / "reference_targets.csv").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("refhome")
    for d in ("data/raw", "data/catalog", "data/review", "queries"):
        shutil.copytree(ROOT / d, root / d)
    return root


def run_build(home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REGIONHEALTH_HOME": str(home)}
    env.pop("REGIONHEALTH_DEBUG", None)
    store = home / "store" / "rh.duckdb"
    return subprocess.run(
        [str(CLI), "build", "--store", str(store), "--no-export"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_bad_reference_row_stops_the_build_and_keeps_the_store(home: Path) -> None:
    assert run_build(home).returncode == 0
    store = home / "store" / "rh.duckdb"
    before = support.sha256(store)
    ref = home / "data" / "raw" / "national_targets.csv"
    original = ref.read_bytes()
    registry = home / "data" / "raw" / "references.csv"
    original_registry = registry.read_text(encoding="utf-8")
    try:
        ref.write_bytes(original.replace(b",4.5,=,", b",4.6,=,"))
        # Unregistered change: the checksum stops the build.
        proc = run_build(home)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1
        assert "references.csv line 2 (national_targets.csv): sha256 mismatch" in proc.stderr
        # Registered change: the value is no longer in its quote.
        registry.write_text(
            original_registry.replace(
                support.sha256(RAW / "national_targets.csv"), support.sha256(ref)
            ),
            encoding="utf-8",
        )
        proc = run_build(home)
        assert proc.stderr == (
            "regionhealth: error: national_targets.csv line 62 (每千人口拥有3岁以下婴幼儿托位数): "
            "the quote does not contain the value 4.6 (as digits or Chinese numerals); "
            "correct the row or add a reviewed note\n"
        )
        assert proc.returncode == 2 and proc.stdout == ""
        assert support.sha256(store) == before
    finally:
        ref.write_bytes(original)
        registry.write_text(original_registry, encoding="utf-8")
