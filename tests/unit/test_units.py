"""The explicit conversion table: every conversion goes through the units of the catalog loaded."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from regionhealth.catalog.loader import load_catalog
from regionhealth.catalog.units import load_units
from regionhealth.errors import RegionhealthError
from regionhealth.extract.pipeline import find_mentions
from regionhealth.paths import CATALOG_DIR

UNITS = load_catalog(CATALOG_DIR).units
convert = UNITS.convert
PUB = date(2021, 6, 1)


def test_per_mille_converts_to_percent_by_a_tenth():
    assert convert(1.65, "per_1000", "percent") == pytest.approx(0.165)


def test_percent_converts_to_per_mille_times_ten():
    assert convert(0.3, "percent", "per_1000") == pytest.approx(3.0)


def test_per_100k_maternal_mortality_converts_to_per_10k():
    assert convert(10, "per_100000", "per_10000") == pytest.approx(1.0)


def test_per_1000_pop_converts_to_per_10000_pop():
    assert convert(0.4, "per_1000_pop", "per_10000_pop") == pytest.approx(4.0)


def test_ten_thousand_yuan_converts_to_yuan():
    assert convert(1000, "10k_CNY", "CNY") == 10_000_000
    assert convert(2.5, "100m_CNY", "CNY") == 250_000_000


def test_ten_thousand_persons_converts_to_persons():
    assert convert(124, "10k_persons", "persons") == 1_240_000


def test_minutes_and_hours():
    assert convert(1, "hours", "minutes") == 60


def test_conversion_across_dimensions_is_refused():
    with pytest.raises(RegionhealthError, match="cannot convert"):
        convert(5, "percent", "minutes")


def test_unknown_unit_is_refused():
    with pytest.raises(RegionhealthError, match="unknown unit"):
        convert(5, "percent", "furlongs")


@pytest.mark.parametrize(
    ("word", "unit"),
    [
        ("%", "percent"),
        ("‰", "per_1000"),
        ("/10万", "per_100000"),
        ("万元", "10k_CNY"),
        ("亿元", "100m_CNY"),
        ("万人", "10k_persons"),
        ("人次", "person_times"),
        ("分钟", "minutes"),
        ("张", "count"),
        ("名", "persons"),
        ("级", "level"),
        ("岁", "years"),
    ],
)
def test_unit_words_map_to_codes(word, unit):
    assert UNITS.word_unit(word) == unit


def test_every_unit_word_maps_to_a_known_unit_and_longest_word_comes_first():
    assert all(u in UNITS for _, u in UNITS.words)
    lengths = [len(w) for w, _ in UNITS.words]
    assert lengths == sorted(lengths, reverse=True)


def _catalog_with_a_unit_of_its_own(tmp_path: Path) -> Path:
    """A copy of the catalog with a unit the committed one lacks (per_100_children), a word for
    it and an indicator measured in it."""
    d = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, d)
    with open(d / "units.csv", "a", encoding="utf-8") as f:
        f.write(
            "per_100_children,child_population_rate,0.01,/百名儿童,per hundred children (test)\n"
        )
    with open(d / "unit_words.csv", "a", encoding="utf-8") as f:
        f.write("名/百名儿童,per_100_children,test\n")
    with open(d / "indicators.yaml", "a", encoding="utf-8") as f:
        f.write(
            "  - code: test_child_nurses_per_100_children\n"
            "    name_zh: 儿科测试护士数\n"
            "    name_en: test nurses per 100 children\n"
            "    unit: per_100_children\n"
            "    better: higher\n"
            "    synonyms: [儿科测试护士数]\n"
        )
    return d


def test_a_catalog_copy_with_a_unit_of_its_own_loads_and_converts(tmp_path):
    d = _catalog_with_a_unit_of_its_own(tmp_path)
    catalog = load_catalog(d)
    assert catalog.indicator("test_child_nurses_per_100_children").unit == "per_100_children"
    assert catalog.units.convert(2, "per_100_children", "per_1000_children") == 20
    # The copy's unit word is read in a text, and the value lands on the copy's indicator.
    (m,) = [
        m
        for m in find_mentions("到2025年,儿科测试护士数达到2.5名/百名儿童。", PUB, catalog)
        if m.kind == "target"
    ]
    assert (m.indicator_code, m.value, m.unit, m.stated_unit) == (
        "test_child_nurses_per_100_children",
        2.5,
        "per_100_children",
        "per_100_children",
    )
    # The committed catalog knows no such unit: each folder's files are checked against its own.
    with pytest.raises(RegionhealthError, match="unknown unit"):
        load_units(CATALOG_DIR).convert(2, "per_100_children", "per_1000_children")


def test_a_population_group_whose_unit_is_missing_stops_prose_and_tables_alike():
    """每百名儿童: rules.yaml's pop_groups make per_100_children, which units.csv lacks. Prose and
    table rows read the population base in one place, and both stop with one line."""
    catalog = load_catalog(CATALOG_DIR)
    message = "rules.yaml: pop_groups children: unit 'per_100_children' missing in units.csv"
    with pytest.raises(RegionhealthError, match=message):
        find_mentions("到2025年,每百名儿童儿科医生数达到3人。", PUB, catalog)
    table = (
        "| 序号 | 指标 | 单位 | 2020年 | 2025年 | 属性 |\n"
        "|---|---|---|---|---|---|\n"
        "| 1 | 每百名儿童儿科医生数 | 人 | 1 | 3 | 预期性 |\n"
    )
    with pytest.raises(RegionhealthError, match=message):
        find_mentions(table, PUB, catalog)
