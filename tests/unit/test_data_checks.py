"""The data checks of queries/checks on a tiny store: one document, one target, the real schema and
views. A consistent store passes every check; each broken row is the failing row its check names.

(The build's side, that a failing check stops the build and keeps the old store and exports, is
tests/integration/test_bad_inputs.py::test_failing_data_check_lists_the_failures_and_keeps_the_old_store.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from tests.tiny_store import tiny_store

from regionhealth.errors import RegionhealthError
from regionhealth.paths import QUERIES_DIR
from regionhealth.store.sql import create_tables, create_views, run_checks

SENTENCE = "到2025年底，县域就诊率达到90%以上。"
DOC = "extra"


def rows(sentence: str = SENTENCE, number: str = "90", year: int | None = 2025, **target: Any):
    """The rows of a one-document store whose one target is ``number`` % for ``year``."""
    start = sentence.index(number)
    region = {
        "region_id": "chizhou",
        "name_zh": "池州市",
        "name_en": "Chizhou",
        "admin_code": "341700",
        "admin_level": "地级市",
        "admin_level_en": "prefecture-level city",
        "parent_id": None,
        "province_id": "chizhou",
        "aliases": None,
    }
    document = {
        "doc_id": DOC,
        "region_id": "chizhou",
        "file": "extra.txt",
        "title": "测试文件",
        "written_date": None,
        "published_date": date(2023, 4, 10),
        "sha256": "0" * 64,
        "n_chars": len(sentence),
    }
    value = float(number)
    return {
        "regions": [region],
        "documents": [document],
        "document_texts": [{"doc_id": DOC, "raw_text": sentence}],
        "units": [{"unit": "percent", "dimension": "ratio", "to_base": 0.01, "symbol": "%"}],
        "indicators": [
            {
                "indicator_code": "county_visit_rate",
                "name_zh": "县域就诊率",
                "name_en": "County visit rate",
                "unit": "percent",
                "better": "higher",
            }
        ],
        "targets": [
            {
                "target_id": f"{DOC}:{start}",
                "doc_id": DOC,
                "region_id": "chizhou",
                "indicator_code": "county_visit_rate",
                "value": value,
                "unit": "percent",
                "value_as_stated": value,
                "unit_as_stated": "percent",
                "comparator": ">=",
                "target_year": year,
                "year_basis": "explicit:到2025年底",
                "quote": sentence,
                "char_start": 0,
                "char_end": len(sentence),
                "number_start": start,
                "number_end": start + len(number) + 1,
                "target_type": "level",
                "target_type_basis": "default",
                "commitment": "target",
                "statement_id": f"{DOC}:{start}",
                "is_primary": True,
                **target,
            }
        ],
    }


def failures(data: dict[str, list[dict]], queries: Path = QUERIES_DIR) -> list[str]:
    """The lines run_checks gives on a tiny store of ``data``."""
    with tiny_store(**data) as con:
        return run_checks(con, queries)


def queries_with(tmp_path: Path, **checks: str) -> Path:
    """A queries folder: the committed views and checks, plus ``checks`` (name → SQL)."""
    out = tmp_path / "queries"
    (out / "checks").mkdir(parents=True)
    (out / "views").symlink_to(QUERIES_DIR / "views")
    for f in (QUERIES_DIR / "checks").glob("*.sql"):
        (out / "checks" / f.name).symlink_to(f)
    for name, sql in checks.items():
        (out / "checks" / f"{name}.sql").write_text(sql, encoding="utf-8")
    return out


def test_a_consistent_store_passes_every_check():
    assert failures(rows()) == []


def test_an_extra_check_that_returns_a_row_is_listed_with_its_values(tmp_path):
    queries = queries_with(
        tmp_path,
        always_fails="-- Failing rows: always one, on purpose.\nselect 'always' as reason, 42 as n\n",
    )
    assert failures(rows(), queries) == ["always_fails: 1 failing row(s): reason=always, n=42"]


def test_a_target_value_above_what_its_unit_allows_fails():
    sentence = "到2025年底，县域就诊率达到120%以上。"
    assert failures(rows(sentence, "120")) == [
        f"targets_values_plausible: 1 failing row(s): target_id=extra:{sentence.index('120')}, "
        "unit=percent, value=120.0, value_high=None"
    ]


def test_a_target_year_after_2050_fails():
    sentence = "到2060年底，县域就诊率达到90%以上。"
    assert failures(rows(sentence, "90", 2060)) == [
        f"targets_year_in_range: 1 failing row(s): target_id=extra:{sentence.index('90')}, "
        "target_year=2060, written_date=None, published_date=2023-04-10"
    ]


def test_two_failing_checks_are_listed_in_file_order(tmp_path):
    sentence = "到2025年底，县域就诊率达到120%以上。"
    queries = queries_with(tmp_path, always_fails="select 1 as one\n")
    assert failures(rows(sentence, "120"), queries) == [
        "always_fails: 1 failing row(s): one=1",
        f"targets_values_plausible: 1 failing row(s): target_id=extra:{sentence.index('120')}, "
        "unit=percent, value=120.0, value_high=None",
    ]


def test_a_quote_that_is_not_the_raw_text_fails():
    (line,) = failures(rows(quote="县域就诊率达到90%"))
    assert line.startswith("targets_quote_matches_raw_text: 1 failing row(s): target_id=extra:")


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        ("selec nothing from nowhere", "Parser Error"),
        ("drop table targets", "read-only"),
        ("select * from no_such_table", "Catalog Error"),
    ],
    ids=["does_not_parse", "tries_to_drop_a_table", "unknown_table"],
)
def test_check_that_does_not_run_is_one_line_naming_the_file(tmp_path, sql: str, problem: str):
    queries = queries_with(tmp_path, broken=sql + "\n")
    # Only the drop needs the store the build checks: a file opened read-only.
    with tiny_store(tmp_path / "s.duckdb" if problem == "read-only" else None, **rows()) as con:
        with pytest.raises(RegionhealthError) as exc:
            run_checks(con, queries)
        assert con.execute("select count(*) from targets").fetchone() == (1,)  # nothing dropped
    message = str(exc.value)
    assert message.startswith(f"{queries / 'checks' / 'broken.sql'}: check does not run (")
    assert message.endswith(")") and "\n" not in message
    assert problem.lower() in message.lower()


def test_a_view_file_name_that_is_not_an_identifier_is_refused(tmp_path):
    name = "x'); DROP TABLE targets; --"
    views = tmp_path / "queries" / "views"
    views.mkdir(parents=True)
    (views / f"{name}.sql").write_text("select 1\n", encoding="utf-8")
    with duckdb.connect() as con, pytest.raises(RegionhealthError) as exc:
        create_tables(con)
        create_views(con, tmp_path / "queries")
    assert (
        str(exc.value) == f"{views / name}.sql: a view file name must be a lowercase SQL identifier"
    )
