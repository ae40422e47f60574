"""How a target is written is decided once, in the views: region labels, comparator symbols, the
target's text and label, the national line's text; the notebooks and charts read these columns."""

from __future__ import annotations

import pytest
from tests.tiny_store import REGION, rows, target, tiny_store

from regionhealth.paths import QUERIES_DIR
from regionhealth.reports import notebook as rh
from regionhealth.store.sql import run_checks


def labelled(*targets: dict) -> list[dict]:
    con = tiny_store(targets=list(targets))
    return rows(con, "SELECT * FROM targets_labelled ORDER BY target_id")


def test_a_region_is_labelled_by_its_first_alias_and_english_name() -> None:
    plain = {**REGION, "region_id": "chizhou", "name_zh": "池州市", "name_en": "Chizhou"}
    con = tiny_store(
        regions=[REGION, {**plain, "aliases": None}, {**plain, "region_id": "x", "aliases": ""}]
    )
    labels = {
        r["region_id"]: r["region_label"] for r in rows(con, "SELECT * FROM regions_labelled")
    }
    assert labels == {"yueqing": "乐清 Yueqing", "chizhou": "池州市 Chizhou", "x": "池州市 Chizhou"}


@pytest.mark.parametrize(
    ("comparator", "value", "value_high", "unit", "text"),
    [
        (">=", 12.0, None, "count", "≥ 12 个"),
        ("<", 11.0, None, "minutes", "< 11 分钟"),
        ("<=", 9.0, None, "minutes", "≤ 9 分钟"),
        ("range", 3.0, 5.0, "count", "3–5 个"),
        ("approx", 0.5, None, "percent", "≈ 0.5 %"),
        ("=", 4.5, None, "per_1000_pop", "= 4.5 per_1000_pop"),  # no symbol: the unit code
        (">", 1234567.0, None, "count", "> 1.23457e+06 个"),  # six significant digits, like :g
    ],
)
def test_target_text_writes_comparator_value_range_and_unit(
    comparator: str, value: float, value_high: float | None, unit: str, text: str
) -> None:
    (row,) = labelled(target(comparator=comparator, value=value, value_high=value_high, unit=unit))
    assert row["target_text"] == text


@pytest.mark.parametrize(
    ("basis", "year", "commitment", "label", "inferred"),
    [
        ("explicit:到2025年底 (sentence)", 2025, "committed", "≥ 12 个 (2025)", False),
        ("plan_period:“十四五”期间", 2025, "committed", "≥ 12 个 (2025)", False),
        ("relative:三年 from 2023", 2026, "committed", "≥ 12 个 (2026)", False),
        ("document_horizon:到2027年", 2027, "committed", "≥ 12 个 (2027*)", True),
        ("none", None, "committed", "≥ 12 个 (年份未定 / no year*)", True),
        ("Odd basis", 2025, "committed", "≥ 12 个 (2025*)", True),  # not 'kind:…': inferred
        ("explicit:到2025年", 2025, "aspirational", "≥ 12 个 (2025) 力争", False),
    ],
)
def test_target_label_has_the_year_a_star_when_inferred_and_力争_when_aspirational(
    basis: str, year: int | None, commitment: str, label: str, inferred: bool
) -> None:
    (row,) = labelled(target(year_basis=basis, target_year=year, commitment=commitment))
    assert (row["target_label"], row["year_inferred"]) == (label, inferred)
    assert row["year_label"] == (str(year) if year else "年份未定 / no year")


def test_comparator_labels_give_symbol_words_and_strictness() -> None:
    con = tiny_store()
    got = {r["comparator"]: r for r in rows(con, "SELECT * FROM comparator_labels")}
    assert set(got) == {">=", ">", "<=", "<", "=", "approx", "range"}
    assert got[">="]["comparator_text"] == "≥ 至少 / at least"
    assert {c for c, r in got.items() if r["strict"]} == {">", "<"}


def test_the_comparator_check_refuses_a_code_the_lookup_does_not_write() -> None:
    con = tiny_store(targets=[target(), target(target_id="d:2", comparator="≥")])
    failures = run_checks(con, QUERIES_DIR)
    assert [f.split(":")[0] for f in failures if "d:2" in f] == ["comparators_known"]


def test_the_national_line_is_written_like_a_regional_target() -> None:
    national = {
        "reference_id": "n:1",
        "level": "national",
        "indicator_code": "x",
        "target_type": "level",
        "comparator": ">=",
        "value": 90.0,
        "unit": "percent",
        "target_year": 2025,
    }
    con = tiny_store(
        indicators=[{"indicator_code": "x", "unit": "percent", "better": "higher"}],
        reference_targets=[national, {**national, "reference_id": "n:2", "value": 95.0, "line": 2}],
        targets=[target(indicator_code="x", value=92.0, unit="percent")],
    )
    (row,) = rows(con, "SELECT * FROM target_vs_national")
    # two national values for 2025: the more demanding one is the line
    assert (row["national_text"], row["national_label"]) == ("≥ 95 %", "≥ 95 % (2025)")
    (drawn,) = rh.query(con, "targets", indicators=["x"], regions=[], scope=None).to_dict("records")
    assert (drawn["national_value"], drawn["national_year"], drawn["national_text"]) == (
        95.0,
        2025,
        "≥ 95 %",
    )
    assert (drawn["target_label"], drawn["region_label"]) == ("≥ 92 % (2025)", "乐清 Yueqing")
