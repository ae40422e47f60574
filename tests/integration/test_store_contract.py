"""The store follows the contract researchers depend on."""

from __future__ import annotations

import csv
import hashlib

import duckdb
import pytest

from regionhealth.paths import QUERIES_DIR, RAW_DIR
from regionhealth.sources.registry import load_documents, sha256_file
from regionhealth.store import schema


def test_raw_files_match_their_registry_sha256():
    with open(RAW_DIR / "documents.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert sha256_file(RAW_DIR / row["file"]) == row["sha256"], row["file"]


def test_registry_loads_five_documents_of_five_regions():
    docs = load_documents()
    assert {d.region_id for d in docs} == {"yueqing", "shangyu", "guangxi", "yangpu", "chizhou"}


def test_every_table_and_column_exists_and_carries_a_comment(con):
    for t in schema.TABLES:
        rows = con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [t.name],
        ).fetchall()
        assert [r[0] for r in rows] == [c.name for c in t.columns]
        assert all(r[1] for r in rows), t.name
        (comment,) = con.execute(
            "SELECT comment FROM duckdb_tables() WHERE table_name = ?", [t.name]
        ).fetchone()
        assert comment == t.description


def test_views_from_queries_exist_with_comments(con):
    views = dict(
        con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall()
    )
    for path in (QUERIES_DIR / "views").glob("*.sql"):
        assert views.get(path.stem), path.stem


def test_every_view_column_is_described_and_carries_a_comment(con):
    views = [
        r[0]
        for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    ]
    assert views
    for name in views:
        rows = con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [name],
        ).fetchall()
        described = schema.view(name)
        assert described is not None, f"describe the columns of view {name} in schema.VIEWS"
        assert [r[0] for r in rows] == [c.name for c in described.columns], name
        assert all(r[1] for r in rows), name


def test_target_comparison_has_one_row_per_statement(con):
    assert (
        con.execute(
            "SELECT region_id, indicator_code, scope, statement_id, count(*) FROM target_comparison "
            "GROUP BY ALL HAVING count(*) > 1"
        ).fetchall()
        == []
    )
    # A restated goal is counted once: 池州's 12 municipal specialties are one statement stated twice.
    rows = con.execute(
        "SELECT value, n_times_stated FROM target_comparison "
        "WHERE region_id = 'chizhou' AND indicator_code = 'municipal_key_specialties'"
    ).fetchall()
    assert rows == [(12.0, 2)]


def test_incomparable_pairs_say_why(con):
    rows = con.execute(
        "SELECT indicator_code, region_a, region_b, value_a, value_b, reasons FROM incomparable_pairs"
    ).fetchall()
    reasons = {(r[0], r[1], r[2], r[3], r[4]): r[5] for r in rows}
    # An increment (新增2个) beside a stock (建成12个).
    assert reasons[("municipal_key_specialties", "chizhou", "shangyu", 12.0, 2.0)] == (
        "target_type stock vs increment"
    )
    # A quota per prefecture-level city beside a total.
    assert (
        "per_unit prefecture_city vs total"
        in reasons[("biosafety_level2_labs", "guangxi", "shangyu", 1.0, 1.0)]
    )
    # Three-year recruitment beside recruitment by the target year.
    assert (
        "period by_target_year vs span:3"
        in reasons[("health_talent_recruited", "chizhou", "yueqing", 72.0, 600.0)]
    )
    # Urban never beside rural.
    assert reasons[("emergency_response_time", "shangyu", "yueqing", 9.0, 15.0)] == (
        "scope urban vs rural"
    )
    (bad,) = con.execute(
        "SELECT count(*) FROM incomparable_pairs WHERE reasons = '' OR region_a >= region_b"
    ).fetchone()
    assert bad == 0


def test_shared_indicators_keep_urban_and_rural_apart(con):
    rows = con.execute(
        "SELECT region_id, scope, min_value, max_value FROM shared_indicators "
        "WHERE indicator_code = 'emergency_response_time' ORDER BY region_id, scope"
    ).fetchall()
    assert rows == [
        ("shangyu", "rural", 15.0, 15.0),
        ("shangyu", "urban", 9.0, 9.0),
        ("yueqing", "rural", 15.0, 15.0),
        ("yueqing", "urban", 11.0, 11.0),
    ]


def test_every_target_quote_is_the_raw_text_at_its_offsets(con):
    texts = {}
    for d in load_documents():
        texts[d.doc_id] = d.path.read_bytes().decode("utf-8")
    rows = con.execute(
        "SELECT doc_id, quote, char_start, char_end, number_start, number_end, value_as_stated FROM targets"
    ).fetchall()
    assert rows
    for doc_id, quote, a, b, na, nb, _ in rows:
        raw = texts[doc_id]
        assert raw[a:b] == quote
        assert a <= na < nb <= b
        assert any(ch.isdigit() or ch in "一二两三四五六七八九十" for ch in raw[na:nb])


def test_comparators_and_years_follow_the_contract(con):
    comps = {r[0] for r in con.execute("SELECT DISTINCT comparator FROM targets").fetchall()}
    assert comps <= {">=", ">", "<=", "<", "=", "range", "approx"}
    (bad,) = con.execute(
        "SELECT count(*) FROM targets WHERE (comparator = 'range') <> (value_high IS NOT NULL)"
    ).fetchone()
    assert bad == 0
    (dtype,) = con.execute(
        "SELECT data_type FROM duckdb_columns() WHERE table_name = 'targets' AND column_name = 'target_year'"
    ).fetchone()
    assert dtype == "INTEGER"


def _targets(con, indicator):
    return con.execute(
        "SELECT region_id, value, unit, comparator, target_year, scope FROM targets WHERE indicator_code = ? "
        "ORDER BY region_id, scope",
        [indicator],
    ).fetchall()


def test_county_visit_rate_is_one_indicator_across_three_regions(con):
    assert _targets(con, "county_visit_rate") == [
        ("guangxi", 90.0, "percent", ">=", 2025, None),
        ("shangyu", 90.0, "percent", ">=", 2027, None),
        ("yueqing", 90.0, "percent", ">=", 2025, None),
    ]


def test_emergency_response_urban_and_rural(con):
    assert _targets(con, "emergency_response_time") == [
        ("shangyu", 15.0, "minutes", "<=", 2027, "rural"),
        ("shangyu", 9.0, "minutes", "<=", 2027, "urban"),
        ("yueqing", 15.0, "minutes", "<", 2025, "rural"),
        ("yueqing", 11.0, "minutes", "<", 2025, "urban"),
    ]


def test_childcare_places_per_1000(con):
    rows = [(r[0], r[1], r[2], r[4]) for r in _targets(con, "childcare_places_per_1000_pop")]
    assert rows == [("shangyu", 5.5, "per_1000_pop", 2027), ("yueqing", 4.5, "per_1000_pop", 2025)]


def test_staff_cost_share(con):
    rows = [(r[0], r[1], r[3], r[4]) for r in _targets(con, "staff_cost_share")]
    assert rows == [("shangyu", 45.0, ">=", 2027), ("yueqing", 46.0, ">=", 2025)]


def test_family_doctor_coverage(con):
    rows = [(r[0], r[1], r[3], r[4]) for r in _targets(con, "family_doctor_coverage")]
    assert rows == [("guangxi", 75.0, ">=", 2035), ("shangyu", 50.0, ">=", 2027)]


def test_value_as_stated_examples(con):
    got = dict(
        con.execute(
            "SELECT indicator_code, value_as_stated || ' ' || unit_as_stated FROM targets "
            "WHERE region_id = 'shangyu' AND indicator_code IN ('maternal_mortality', 'infant_mortality')"
        ).fetchall()
    )
    assert got == {"maternal_mortality": "1.0 /10万", "infant_mortality": "1.65 ‰"}


def test_every_query_file_runs(con):
    for path in sorted(QUERIES_DIR.rglob("*.sql")):
        if path.parent.name == "notebooks":
            continue  # notebook queries take parameters; tests/notebooks runs them
        con.execute(path.read_text(encoding="utf-8")).fetchall()


def test_data_checks_pass_on_the_built_store(con):
    for path in sorted((QUERIES_DIR / "checks").glob("*.sql")):
        assert con.execute(path.read_text(encoding="utf-8")).fetchall() == [], path.stem


def test_exports_have_every_table_as_parquet_and_csv_with_bom(built_store):
    export = built_store.parent / "export"
    for t in schema.TABLES:
        assert (export / f"{t.name}.parquet").exists()
        data = (export / f"{t.name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), t.name
    with duckdb.connect() as c:
        n = c.execute(
            "SELECT count(*) FROM read_parquet(?)", [str(export / "targets.parquet")]
        ).fetchone()[0]
    with duckdb.connect(str(built_store), read_only=True) as c:
        assert n == c.execute("SELECT count(*) FROM targets").fetchone()[0]


def _table_digests(path) -> dict[str, str]:
    """A digest of each table's rows, in an order that does not depend on how they were written."""
    digests = {}
    with duckdb.connect(str(path), read_only=True) as c:
        for t in schema.TABLES:
            # When the build ran is the one thing two builds of the same inputs differ in.
            cols = "* EXCLUDE (built_at)" if t.name == "build_info" else "*"
            h = hashlib.sha256()
            for row in c.execute(f"SELECT {cols} FROM {t.name} ORDER BY ALL").fetchall():
                h.update(repr(row).encode())
            digests[t.name] = h.hexdigest()
    return digests


def test_two_builds_give_identical_table_contents(tmp_path):
    """Built one after the other, serially and with two extraction workers: the same rows.

    Both builds are made here: the store shared by the test run is built minutes earlier, and an
    edit or a commit in the checkout meanwhile rightly changes build_info (git_commit,
    inputs_sha256).
    """
    from regionhealth.store.build import build

    serial = build(store=tmp_path / "serial.duckdb", export_dir=None, force=True)
    parallel = build(store=tmp_path / "parallel.duckdb", export_dir=None, force=True, jobs=2)
    a, b = _table_digests(serial.store), _table_digests(parallel.store)
    assert [t for t in a if a[t] != b[t]] == []


def test_unchanged_inputs_skip_the_rebuild(built_store):
    from regionhealth.store.build import build

    assert build(store=built_store, export_dir=None).built is False


@pytest.mark.parametrize("table", [t.name for t in schema.TABLES])
def test_tables_are_not_empty(con, table):
    assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0


def test_document_horizons_are_the_goal_years_near_the_goal_headings(con):
    horizons = dict(con.execute("SELECT region_id, horizon_year FROM documents").fetchall())
    # 杨浦's plan states no goal year near a heading; the others state 2025 (十四五末 for 池州) or 2027.
    assert horizons == {
        "yueqing": 2025,
        "shangyu": 2027,
        "guangxi": 2025,
        "yangpu": None,
        "chizhou": 2025,
    }


def test_every_target_has_a_type_a_commitment_and_a_statement(con):
    (bad,) = con.execute(
        "SELECT count(*) FROM targets WHERE target_type NOT IN "
        "('level', 'change', 'increment', 'stock', 'rank', 'ratio') "
        "OR commitment NOT IN ('committed', 'aspirational') OR statement_id IS NULL"
    ).fetchone()
    assert bad == 0
    (primaries_ok,) = con.execute(
        "SELECT bool_and((statement_id = target_id) = is_primary) FROM targets"
    ).fetchone()
    assert primaries_ok


def test_per_unit_quotas_are_marked(con):
    rows = con.execute(
        "SELECT region_id, indicator_code, value, per_unit FROM targets "
        "WHERE per_unit IS NOT NULL ORDER BY region_id, number_start"
    ).fetchall()
    assert ("guangxi", "biosafety_level2_labs", 1.0, "prefecture_city") in rows
    assert ("guangxi", "key_supported_municipal_hospitals", 1.0, "prefecture_city") in rows
    assert ("guangxi", "backbone_talents_trained", 1.0, "primary_care_institution") in rows
    assert ("chizhou", "tcm_inheritance_studios", 1.0, "specialty") in rows
    assert ("chizhou", "tcm_dominant_diseases", 3.0, "specialty") in rows


def test_restated_goals_share_one_statement(con):
    rows = con.execute(
        "SELECT indicator_code, count(*), count(DISTINCT statement_id), sum(is_primary::INT) "
        "FROM targets WHERE region_id = 'chizhou' AND indicator_code IN "
        "('municipal_key_specialties', 'provincial_key_specialties') GROUP BY ALL ORDER BY 1"
    ).fetchall()
    assert rows == [("municipal_key_specialties", 2, 1, 1), ("provincial_key_specialties", 2, 1, 1)]
