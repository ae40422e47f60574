"""Year expressions and how each year was derived."""

import pytest

from regionhealth.catalog.loader import load_catalog
from regionhealth.paths import CATALOG_DIR
from regionhealth.text.years import find_years, plan_end_year

WORDS = load_catalog(CATALOG_DIR).years


def _one(text, published=2023):
    found = find_years(text, published, WORDS)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "year", "basis"),
    [
        ("到2025年底,县域就诊率", 2025, "explicit:到2025年底"),
        ("2030年底前市级妇幼保健机构", 2030, "explicit:2030年底前"),
        ("到2027年,居民", 2027, "explicit:到2027年"),
        ("力争到“十四五”末实现", 2025, "plan_period:到“十四五”末"),
        ("“十四五”期间建成", 2025, "plan_period:“十四五”期间"),
        ("十五五期间", 2030, "plan_period:十五五期间"),
        ("(2023-2025)", 2025, "period_end:2023-2025"),
    ],
)
def test_absolute_and_plan_years(text, year, basis):
    y = _one(text)
    assert (y.year, y.basis) == (year, basis)
    assert y.is_deadline


def test_relative_span_counts_the_publication_year():
    y = _one("力争三年招聘医学院校毕业生", 2023)
    assert y.year == 2025
    assert y.basis == "relative:三年 from 2023"
    assert y.kind == "relative"


def test_relative_span_without_document_date_has_no_year():
    assert _one("5年不少于1项", None).year is None


def test_every_year_is_annual_without_a_year():
    y = _one("每年培育不少于4个")
    assert y.kind == "annual" and y.year is None


def test_vague_horizon_stays_null():
    y = _one("到本世纪中叶")
    assert y.year is None and y.kind == "vague"


def test_a_bare_year_is_not_a_deadline():
    y = _one("2023年完成重点工程")
    assert y.year == 2023 and not y.is_deadline


def test_plan_numbering():
    assert plan_end_year(14) == 2025
    assert plan_end_year(15) == 2030
