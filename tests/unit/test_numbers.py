"""Numerals as the documents write them."""

import pytest

from regionhealth.errors import RegionhealthError
from regionhealth.text.numbers import parse_chinese, parse_number


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


def test_chinese_numeral_ten_alone_and_leading_ten():
    assert parse_chinese("十五") == 15.0
    assert parse_chinese("四十") == 40.0
