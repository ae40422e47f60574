"""Reference targets: reading a reference file's rows, and refusing the rows that cannot be read."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from regionhealth.catalog.loader import load_catalog
from regionhealth.errors import RegionhealthError
from regionhealth.extract.references import (
    ROW_COLUMNS,
    ReferenceFile,
    map_indicator,
    numbers_in,
    reference_targets,
)
from regionhealth.paths import CATALOG_DIR

CATALOG = load_catalog(CATALOG_DIR)
SRC = {"source_doc": "《测试规划》", "source_url": "https://example.org/plan"}


def rows_of(tmp_path: Path, *rows: dict[str, str], notes: dict | None = None) -> list[dict]:
    """Store rows of a reference file written from ``rows`` (missing columns empty)."""
    path = tmp_path / "ref.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=ROW_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, SRC.get(c, "")) for c in ROW_COLUMNS})
    ref = ReferenceFile("ref.csv", path, "national", None, "test", "0" * 64)
    return reference_targets(ref, CATALOG, notes or {})


def test_numbers_in_reads_digits_thousands_and_chinese_numerals() -> None:
    assert {77.7, 1.0, 15.9, 30000.0} <= numbers_in(
        "壽命提升至七七點七歲,降至15.9%,不少於一小時,every 30,000 people"
    )
    assert 72.0 in numbers_in("达到七十二岁")
    assert 5.0 not in numbers_in("达到50%")
    assert numbers_in("提高几个百分点，每千人口") == set()


def test_level_row_converts_to_the_indicator_unit_and_keeps_its_source(tmp_path: Path) -> None:
    (row,) = rows_of(
        tmp_path,
        {
            "indicator_zh": "婴儿死亡率",
            "unit": "%",
            "target_year": "2025",
            "target_value": "0.5",
            "comparator": "<=",
            "binding": "约束性",
            "quote": "到2025年,婴儿死亡率控制在0.5%以下。",
        },
    )
    assert row.indicator_code == "infant_mortality"
    assert (row.value, row.unit, row.comparator) == (5.0, "per_1000", "<=")
    assert (row.target_year, row.binding, row.target_type) == (2025, "binding", "level")
    assert row.quote == "到2025年,婴儿死亡率控制在0.5%以下。"
    assert row.source_url == "https://example.org/plan"


def test_count_per_thousand_people_in_the_name_is_a_population_rate(tmp_path: Path) -> None:
    (row,) = rows_of(
        tmp_path,
        {
            "indicator_zh": "每千人口托位数",
            "unit": "个",
            "target_year": "2025",
            "target_value": "4",
            "comparator": "=",
            "quote": "每千人口托位数达到4个",
        },
    )
    assert (row.indicator_code, row.value, row.unit) == (
        "childcare_places_per_1000_pop",
        4.0,
        "per_1000_pop",
    )


def test_count_per_n_ten_thousand_people_is_divided_into_a_rate_per_ten_thousand(
    tmp_path: Path,
) -> None:
    (row,) = rows_of(
        tmp_path,
        {
            "indicator_zh": "救护车配置",
            "unit": "辆/4万人口",
            "target_year": "2025",
            "target_value": "2",
            "comparator": ">=",
            "quote": "每4万人口配置2辆",
        },
    )
    assert (row.value, row.unit) == (0.5, "per_10000_pop")


def test_one_value_for_two_years_gives_one_row_per_year(tmp_path: Path) -> None:
    rows = rows_of(
        tmp_path,
        {
            "indicator_zh": "居民健康素养水平",
            "unit": "%",
            "target_year": "2022/2030",
            "target_value": "40",
            "comparator": ">=",
            "quote": "居民健康素养水平2022年和2030年均达到40%",
        },
    )
    assert [(r.reference_id, r.target_year, r.value) for r in rows] == [
        ("ref:2:2022", 2022, 40.0),
        ("ref:2:2030", 2030, 40.0),
    ]
    assert {r.year_basis for r in rows} == {"one_value_for:2022/2030"}


def test_qualitative_row_keeps_its_wording_and_no_value(tmp_path: Path) -> None:
    (row,) = rows_of(
        tmp_path,
        {
            "indicator_zh": "建立健康科普专家库",
            "target_year": "2025",
            "target_value": "实现",
            "comparator": "qualitative",
            "quote": "建立健康科普专家库 实现",
        },
    )
    assert (row.target_type, row.value, row.wording, row.unit) == (
        "qualitative",
        None,
        "实现",
        None,
    )


def test_changes_are_signed_and_typed_apart_from_levels(tmp_path: Path) -> None:
    up, down, yearly = rows_of(
        tmp_path,
        {
            "indicator_zh": "人均预期寿命",
            "unit": "岁",
            "baseline_year": "2020",
            "baseline_value": "78",
            "target_year": "2025",
            "target_value": "+2（在2020年基础上提高2岁）",
            "comparator": "increase_by",
            "quote": "在2020年78岁的基础上提高2岁",
        },
        {
            "indicator_zh": "孕产妇死亡率",
            "unit": "%",
            "baseline_year": "2020",
            "target_year": "2030",
            "target_value": "较2020年下降20%",
            "comparator": "decrease_by_pct",
            "quote": "孕产妇死亡率较2020年下降20%",
        },
        {
            "indicator_zh": "家庭医生签约服务覆盖率",
            "unit": "百分点/年",
            "target_year": "annual",
            "target_value": "2-4",
            "comparator": "range",
            "quote": "签约覆盖率每年提升2至4个百分点",
        },
    )
    assert (up.target_type, up.value, up.unit, up.baseline_value) == (
        "change",
        2.0,
        "years",
        78.0,
    )
    assert up.indicator_code == "life_expectancy"
    assert (down.target_type, down.value, down.baseline_year) == (
        "relative_change",
        -20.0,
        2020,
    )
    assert (yearly.target_type, yearly.period, yearly.value, yearly.value_high) == (
        "change",
        "annual",
        2.0,
        4.0,
    )
    assert yearly.indicator_code == "family_doctor_coverage"


def test_scope_comes_from_the_name_like_a_regional_target(tmp_path: Path) -> None:
    (row,) = rows_of(
        tmp_path,
        {
            "indicator_zh": "农村地区急救服务半径",
            "unit": "公里",
            "target_year": "2025",
            "target_value": "15",
            "comparator": "<=",
            "quote": "农村地区急救服务半径不超过15公里",
        },
    )
    assert (row.indicator_code, row.scope) == ("ems_service_radius", "rural")


def test_indicator_mapping_takes_the_longest_wording_and_ignores_a_bracketed_note() -> None:
    ind, _ = map_indicator(CATALOG, "重点人群家庭医生签约服务覆盖率（年提升）", "percent", False)
    assert ind is not None and ind.code == "family_doctor_key_pop_coverage"


BAD = {
    "unknown unit": (
        {"unit": "头", "target_value": "3", "comparator": "="},
        "ref.csv line 2 (居民健康素养水平): unknown unit '头'",
    ),
    "unparseable value": (
        {"unit": "%", "target_value": "三成", "comparator": "="},
        "ref.csv line 2 (居民健康素养水平): unparseable target value '三成'",
    ),
    "missing source": (
        {"unit": "%", "target_value": "30", "comparator": "=", "source_url": ""},
        "ref.csv line 2 (居民健康素养水平): missing source_url",
    ),
    "value not in quote": (
        {"unit": "%", "target_value": "31", "comparator": "="},
        "ref.csv line 2 (居民健康素养水平): the quote does not contain the value 31 "
        "(as digits or Chinese numerals); correct the row or add a reviewed note",
    ),
    "no indicator fits": (
        {"indicator_zh": "无人机航线数", "unit": "%", "target_value": "30", "comparator": "="},
        "ref.csv line 2 (无人机航线数): no catalog indicator fits the name; add its wording to indicators.yaml",
    ),
    "unknown comparator": (
        {"unit": "%", "target_value": "30", "comparator": "≥"},
        "ref.csv line 2 (居民健康素养水平): unknown comparator '≥'",
    ),
}


@pytest.mark.parametrize("row,message", BAD.values(), ids=BAD.keys())
def test_bad_row_stops_with_one_line_naming_the_row(
    tmp_path: Path, row: dict, message: str
) -> None:
    base = {
        "indicator_zh": "居民健康素养水平",
        "target_year": "2025",
        "quote": "健康素养水平达到30%",
    }
    with pytest.raises(RegionhealthError) as exc:
        rows_of(tmp_path, {**base, **row})
    assert str(exc.value) == message
    assert "\n" not in str(exc.value)


def test_reviewed_note_admits_a_value_stated_in_words_and_is_kept(tmp_path: Path) -> None:
    row = {
        "indicator_zh": "居民健康素养水平",
        "unit": "%",
        "target_year": "2025",
        "target_value": "30",
        "comparator": "=",
        "quote": "health literacy of thirty per cent",
    }
    note = {("ref.csv", 2): {"indicator_zh": "居民健康素养水平", "note": "English: thirty"}}
    (out,) = rows_of(tmp_path, row, notes=note)
    assert out.review_note == "English: thirty"


def test_note_on_a_row_that_needs_none_is_refused(tmp_path: Path) -> None:
    row = {
        "indicator_zh": "居民健康素养水平",
        "unit": "%",
        "target_year": "2025",
        "target_value": "30",
        "comparator": "=",
        "quote": "健康素养水平达到30%",
    }
    note = {("ref.csv", 2): {"indicator_zh": "居民健康素养水平", "note": "not needed"}}
    with pytest.raises(RegionhealthError, match="the quote contains the value; remove the note"):
        rows_of(tmp_path, row, notes=note)
