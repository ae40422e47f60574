"""The explicit conversion table: every conversion in the store goes through it."""

import pytest

from regionhealth.catalog.units import convert, load_unit_words, load_units, word_unit
from regionhealth.errors import RegionhealthError


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
    assert word_unit(word) == unit


def test_every_unit_word_maps_to_a_known_unit_and_longest_word_comes_first():
    units = load_units()
    words = load_unit_words()
    assert all(u in units for _, u in words)
    lengths = [len(w) for w, _ in words]
    assert lengths == sorted(lengths, reverse=True)
