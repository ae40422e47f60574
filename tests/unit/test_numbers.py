"""Numerals as the documents write them."""

import pytest

from regionhealth.errors import RegionhealthError
from regionhealth.text.numbers import format_number, parse_chinese, parse_number, parse_range


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("90", 90.0),
        ("1.65", 1.65),
        ("44.7", 44.7),
        ("1,000", 1000.0),
        ("18.2万", 182000.0),
        ("124万", 1240000.0),
        ("2亿", 200000000.0),
        ("十", 10.0),
        ("十四", 14.0),
        ("二十", 20.0),
        ("两", 2.0),
        ("一百零五", 105.0),
        ("一千二百", 1200.0),
        ("三万五千", 35000.0),
        ("一亿二千万", 120000000.0),
        ("二〇二五", 2025.0),
    ],
)
def test_parse_number_reads_arabic_and_chinese_numerals(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "十四五", "1.2.3", "万", "一二三x"])
def test_parse_number_rejects_non_numerals_with_project_error(text):
    with pytest.raises(RegionhealthError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("3到5", (3.0, 5.0)),
        ("2到3", (2.0, 3.0)),
        ("1—2", (1.0, 2.0)),
        ("3-5", (3.0, 5.0)),
        ("4～6", (4.0, 6.0)),
        ("两至三", (2.0, 3.0)),
        ("3至5", (3.0, 5.0)),
    ],
)
def test_parse_range_gives_low_and_high(text, bounds):
    assert parse_range(text) == bounds


def test_parse_range_refuses_reversed_bounds():
    with pytest.raises(RegionhealthError):
        parse_range("5到3")


def test_chinese_numeral_ten_alone_and_leading_ten():
    assert parse_chinese("十五") == 15.0
    assert parse_chinese("四十") == 40.0


@pytest.mark.parametrize("value", [0.0, 1.0, 1.65, 90.0, 44.7, 182000.0, 0.001])
def test_format_then_parse_round_trips(value):
    assert parse_number(format_number(value)) == value
