"""The one conversion: population base, 万/亿 scale, per-n divisor, then the catalog's units."""

import pytest

from regionhealth.catalog.loader import load_catalog
from regionhealth.errors import RegionhealthError
from regionhealth.extract.conversion import per_population, to_canonical
from regionhealth.paths import CATALOG_DIR

CATALOG = load_catalog(CATALOG_DIR)
UNITS = CATALOG.units


def test_a_count_after_a_population_base_is_a_rate_per_that_many_people():
    assert per_population(CATALOG, "count", "张", "到2025年,每千人口医疗卫生机构床位数达到") == (
        "per_1000_pop",
        "张/千人",
    )


def test_the_nearest_population_base_wins():
    before = "每千人口执业医师数3人,每万常住人口全科医生数达到"
    assert per_population(CATALOG, None, None, before) == ("per_10000_pop", "/万人")


def test_a_population_group_after_the_base_is_its_own_unit():
    assert per_population(CATALOG, "count", "张", "每千名老年人养老床位数") == (
        "per_1000_elderly",
        "张/千名老年人",
    )


def test_a_population_group_without_its_unit_is_refused():
    with pytest.raises(RegionhealthError, match="pop_groups children: unit 'per_10000_children'"):
        per_population(CATALOG, "persons", "人", "每万名儿童儿科医生数")


def test_a_share_is_not_turned_into_a_rate_by_a_population_base():
    assert per_population(CATALOG, "percent", "%", "每千人口…覆盖率") == ("percent", "%")


def test_a_unitless_number_with_wan_is_in_the_unit_ten_thousand_times_the_indicators():
    c = to_canonical(UNITS, 18.2, None, "万", None, "persons")
    assert (c.value_as_stated, c.stated_unit, c.value, c.unit) == (
        18.2,
        "10k_persons",
        182_000,
        "persons",
    )


def test_wan_without_a_unit_that_large_states_the_whole_number():
    c = to_canonical(UNITS, 2, None, "万", None, "minutes")
    assert (c.value_as_stated, c.unit_as_stated, c.stated_unit, c.value) == (
        20_000,
        "",
        "minutes",
        20_000,
    )


def test_a_value_per_n_times_the_base_is_divided_by_n():
    c = to_canonical(UNITS, 2, None, "辆/4万人口", "per_10000_pop", "per_10000_pop", 4.0)
    assert (c.value_as_stated, c.value) == (2, 0.5)


def test_without_an_indicator_the_value_stays_in_its_stated_unit():
    c = to_canonical(UNITS, 90, 95, "%", "percent", None)
    assert (c.value, c.value_high, c.unit) == (90, 95, "percent")


def test_a_range_converts_both_ends():
    c = to_canonical(UNITS, 0.3, 0.5, "%", "percent", "per_1000")
    assert (c.value, c.value_high) == (3, 5)
