"""Records become store rows in one place (rows.py), shaped by schema.py; the records are frozen."""

from datetime import date
from pathlib import Path

import pytest

from regionhealth.catalog.loader import load_catalog
from regionhealth.extract.pipeline import extract_document
from regionhealth.extract.references import load_reference_targets
from regionhealth.extract.themes import find_theme_mentions
from regionhealth.paths import CATALOG_DIR, RAW_DIR, REVIEW_DIR
from regionhealth.sources.registry import Document, load_regions
from regionhealth.store import schema
from regionhealth.store.rows import (
    EXTRACT_COLUMNS,
    document_row,
    document_rows,
    document_text_row,
    extract_row,
    indicator_row,
    mention_row,
    per_unit_row,
    reference_file_row,
    reference_target_row,
    region_row,
    target_row,
    theme_mention_row,
    theme_row,
    unit_row,
)

PUB = date(2024, 3, 1)
TEXT = "一、主要目标\n到2026年,全县每千人口执业(助理)医师数达到3.5人,力争新增2家社区医院。"
DOC = Document("d1", "r1", Path("d1.txt"), "d1.txt", None, None, None, None, PUB, None, "utf-8", "")


def _mentions():
    return extract_document(TEXT, PUB, load_catalog(CATALOG_DIR)).mentions


def test_mention_row_has_the_schema_columns_in_order():
    for m in _mentions():
        assert list(mention_row("d1", m)) == [c.name for c in schema.MENTIONS.columns]


def test_target_row_has_the_schema_columns_in_order_and_quotes_the_raw_text():
    targets = [m for m in _mentions() if m.kind == "target"]
    assert {m.surface for m in targets} == {"3.5人", "2家"}
    for m in targets:
        row = target_row(DOC, TEXT, m)
        assert list(row) == [c.name for c in schema.TARGETS.columns]
        assert row["quote"] == TEXT[row["char_start"] : row["char_end"]]
        assert TEXT[row["number_start"] : row["number_end"]] == m.surface
        assert row["target_id"] == f"d1:{m.start}"
        assert row["statement_id"] == f"d1:{m.semantics.statement_start}"
    doctors = next(m for m in targets if m.surface == "3.5人")
    row = target_row(DOC, TEXT, doctors)
    assert (row["indicator_code"], row["unit"], row["value"]) == (
        doctors.indicator_code,
        "per_1000_pop",
        3.5,
    )
    assert (row["target_year"], row["commitment"]) == (2026, "committed")
    assert (
        target_row(DOC, TEXT, next(m for m in targets if m.surface == "2家"))["commitment"]
        == "aspirational"
    )


def test_a_reference_or_ignored_number_has_no_target_row():
    year = next(m for m in _mentions() if m.kind != "target")
    assert mention_row("d1", year)["target_id"] is None
    with pytest.raises(ValueError, match="has no target row"):
        target_row(DOC, TEXT, year)


def test_records_are_immutable():
    m = next(m for m in _mentions() if m.kind == "target")
    with pytest.raises(AttributeError):
        m.kind = "reference"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        m.semantics.commitment = "aspirational"  # type: ignore[misc,union-attr]


def test_extract_row_prints_every_number_with_its_semantics_and_national_line():
    for m in _mentions():
        line = {"national_value": 3.2, "national_year": 2025, "verdict": "above"}
        row = extract_row(TEXT, m, line if m.kind == "target" else {})
        assert list(row) == list(EXTRACT_COLUMNS)
        assert (row["char_start"], row["char_end"], row["kind"]) == (m.start, m.end, m.kind)
        if m.kind == "target":
            assert row["verdict"] == "above"
            assert row["commitment"] == m.semantics.commitment
        else:
            assert row["commitment"] is None and row["verdict"] is None


def test_every_table_row_function_gives_the_schema_columns_in_order():
    catalog = load_catalog(CATALOG_DIR)
    extraction = extract_document(TEXT, PUB, catalog)
    themes = find_theme_mentions(extraction.doc)
    assert themes, "the text speaks of a theme"
    references, reference_targets = load_reference_targets(RAW_DIR, REVIEW_DIR, catalog)
    made = {
        "documents": document_row(DOC, TEXT, extraction.horizon_year),
        "document_texts": document_text_row(DOC, TEXT),
        "theme_mentions": theme_mention_row(DOC, TEXT, themes[0]),
        "indicators": indicator_row(catalog.indicators[0]),
        "per_units": per_unit_row(catalog.semantics.per_units[0]),
        "themes": theme_row(catalog.themes[0]),
        "units": unit_row(next(iter(catalog.units.table.values()))),
        "regions": region_row(load_regions()[0]),
        "reference_files": reference_file_row(references[0][0], references[0][1]),
        "reference_targets": reference_target_row(reference_targets[0]),
    }
    for name, row in made.items():
        assert list(row) == [c.name for c in schema.table(name).columns], name
    assert (made["documents"]["file"], made["documents"]["n_chars"]) == ("d1.txt", len(TEXT))
    assert made["documents"]["horizon_year"] == 2026
    quote = made["theme_mentions"]["quote"]
    assert quote == TEXT[themes[0].start : themes[0].end] and quote.startswith("到2026年")


def test_document_rows_are_the_rows_of_each_record():
    extraction = extract_document(TEXT, PUB, load_catalog(CATALOG_DIR))
    rows = document_rows(DOC, TEXT, extraction.mentions, find_theme_mentions(extraction.doc))
    assert rows["mentions"] == [mention_row("d1", m) for m in extraction.mentions]
    assert [t["number_start"] for t in rows["targets"]] == [
        m.start for m in extraction.mentions if m.kind == "target"
    ]


def test_a_schema_column_no_record_or_rule_makes_stops_the_import():
    from regionhealth.store import rows

    table = schema.Table(
        "t", "A table.", (schema.Column("colour", "VARCHAR", "No record has it."),)
    )
    with pytest.raises(RuntimeError, match=r"t\.colour: no record field or rule makes it"):
        rows._Shape(table, (), {"mention": rows.Mention})
