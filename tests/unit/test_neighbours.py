"""Decisions that read a target's neighbours: elliptical clauses, goals dated in the past, years
named relative to the publication (今年, 去年), the horizon of a text with no 目标 heading."""

from __future__ import annotations

from datetime import date

from regionhealth.catalog.loader import load_catalog
from regionhealth.extract.pipeline import find_mentions
from regionhealth.paths import CATALOG_DIR


def _m(text: str, surface: str, published: date):
    (m,) = [
        m for m in find_mentions(text, published, load_catalog(CATALOG_DIR)) if m.surface == surface
    ]
    return m


def test_elliptical_rural_clause_takes_the_urban_clauses_indicator():
    text = "到2025年，城市地区急救服务半径不超过5公里，农村地区不超过15公里。"
    m = _m(text, "15公里", date(2023, 1, 1))
    assert (m.indicator_code, m.scope, m.comparator) == ("ems_service_radius", "rural", "<=")


def test_a_clause_with_its_own_words_does_not_inherit_an_indicator():
    text = "到2025年，居民健康素养水平提高到35%，某项未收录指标的发生率下降到14%以下。"
    assert _m(text, "14%", date(2023, 1, 1)).indicator_code is None


def test_goal_dated_before_publication_by_its_paragraph_is_a_fact():
    text = "2020年末，全市常住人口100万人。全市人均预期寿命达到78.6岁，居全省前列。"
    m = _m(text, "78.6岁", date(2021, 6, 1))
    assert (m.kind, m.reason) == ("reference", "past_fact")


def test_this_year_is_the_publication_year_and_last_year_a_fact():
    text = "今年全市每千人口床位数达到6.2张。去年全市人均预期寿命已达到80.1岁。"
    assert _m(text, "6.2张", date(2024, 3, 4)).target_year == 2024
    assert _m(text, "80.1岁", date(2024, 3, 4)).kind == "reference"


def test_news_text_without_a_goal_heading_takes_the_deadline_of_its_lead():
    text = (
        "某市印发方案，提出到2027年，全市人均预期寿命达到81岁。\n"
        "方案要求，孕产妇死亡率控制在8/10万以内。"
    )
    assert _m(text, "8/10万", date(2024, 5, 1)).target_year == 2027


def test_a_deadline_after_the_first_target_is_not_the_horizon():
    text = "建设一所大学附属医院。\n力争到2030年基本实现所有机构达到标准。"
    assert _m(text, "一所", date(2022, 12, 1)).target_year is None


def test_listed_modifiers_share_the_head_of_the_last_item():
    text = "到2025年，高血压、糖尿病患者规范管理率分别达到70%和68%。"
    assert _m(text, "70%", date(2023, 1, 1)).indicator_code == "hypertension_management_rate"
    assert _m(text, "68%", date(2023, 1, 1)).indicator_code == "diabetes_management_rate"
