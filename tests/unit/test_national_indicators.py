"""Indicators of the national frameworks: every national reference row maps to one, and the wordings
regional plans use for them map to the same code (sentences written for this test, in the shapes of
county plans, provincial 实施意见 and work points)."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from regionhealth.catalog.loader import load_catalog
from regionhealth.extract.pipeline import find_mentions
from regionhealth.extract.references import load_reference_targets
from regionhealth.paths import CATALOG_DIR, RAW_DIR, REVIEW_DIR

PUB = date(2024, 3, 1)
CATALOG = load_catalog(CATALOG_DIR)


def coded(sentence: str, surface: str) -> tuple[str | None, float, str, str]:
    """(indicator, value, unit, comparator) of the target written ``surface`` in ``sentence``."""
    found = [m for m in find_mentions(sentence, PUB, CATALOG) if m.surface == surface]
    assert found, f"no mention {surface!r} in {sentence!r}"
    m = found[0]
    assert m.kind == "target", (m.kind, m.reason)
    return m.indicator_code, m.value, m.unit, m.comparator


# (sentence, number as written, indicator, value in the canonical unit, unit)
# fmt: off
CASES = [
    ("到2025年，全市中医医院设置治未病科室比例达到100%。", "100%", "tcm_hospital_preventive_dept_share", 100, "percent"),
    ("到2027年，全县5岁以下儿童生长迟缓率控制在4%以下。", "4%", "under5_stunting_rate", 4, "percent"),
    ("城乡居民达到《国民体质测定标准》合格以上的人数比例达到93%。", "93%", "physical_fitness_pass_rate", 93, "percent"),
    ("二级以上中医医院设置康复科比例达到85%。", "85%", "tcm_hospital_rehab_dept_share", 85, "percent"),
    ("养老机构以不同形式为入住老年人提供医疗卫生服务比例保持100%。", "100%", "elderly_homes_medical_service_share", 100, "percent"),
    ("医疗机构为老年人提供挂号就医等便利服务绿色通道比例达到100%。", "100%", "elderly_green_channel_share", 100, "percent"),
    ("居民基本知识和理念素养水平达到50%以上。", "50%", "health_literacy_knowledge", 50, "percent"),
    ("健康生活方式与行为素养水平提高到30%。", "30%", "health_literacy_lifestyle", 30, "percent"),
    ("基本技能素养水平达到32%。", "32%", "health_literacy_skills", 32, "percent"),
    ("居民基本医疗素养水平达到30%。", "30%", "health_literacy_medical_care", 30, "percent"),
    ("慢性病防治素养水平提升至33%。", "33%", "health_literacy_chronic_disease", 33, "percent"),
    ("传染病防治素养水平达到28%。", "28%", "health_literacy_infectious_disease", 28, "percent"),
    ("到2025年，重大慢性病过早死亡率降至14%以下。", "14%", "premature_ncd_mortality", 14, "percent"),
    ("中小学生每天校内体育活动时间不少于2小时。", "2小时", "school_daily_physical_activity", 2, "hours"),
    ("个人卫生支出占卫生总费用的比重下降到26%。", "26%", "out_of_pocket_share", 26, "percent"),
    ("全省经常参加体育锻炼人数达到3000万人。", "3000万人", "exercise_participants", 30_000_000, "persons"),
    ("15岁以上人群吸烟率降低到20%以下。", "20%", "smoking_rate", 20, "percent"),
    ("健康服务业总规模超过5000亿元。", "5000亿元", "health_industry_size", 5000, "100m_CNY"),
    ("儿童青少年总体近视率力争每年降低0.5个百分点以上，总体近视率控制在50%以内。", "50%", "child_myopia_rate", 50, "percent"),
    ("城市空气质量优良天数比率达到90%。", "90%", "air_quality_good_days_share", 90, "percent"),
    ("地表水达到或好于Ⅲ类水体比例达到95%。", "95%", "surface_water_good_share", 95, "percent"),
    ("省级健康县区比例不低于50%。", "50%", "healthy_counties_share", 50, "percent"),
    ("二级以上医院中健康促进医院比例达到60%。", "60%", "health_promoting_hospitals_share", 60, "percent"),
    ("养老机构护理型床位占比达到60%。", "60%", "nursing_beds_share_in_elderly_homes", 60, "percent"),
    ("负压救护车占比不低于40%。", "40%", "negative_pressure_ambulance_share", 40, "percent"),
    ("120呼救电话10秒内接听比例达到100%。", "100%", "ems_calls_answered_10s_rate", 100, "percent"),
    ("3分钟出车率达到98%。", "98%", "ems_dispatch_3min_rate", 98, "percent"),
    ("院前急救病历书写率达到100%。", "100%", "ems_medical_record_rate", 100, "percent"),
    ("危重患者现场救治率达到98%以上。", "98%", "critical_patient_onsite_treatment_rate", 98, "percent"),
    ("新生儿死亡率控制在2‰以下。", "2‰", "neonatal_mortality", 2, "per_1000"),
    ("6个月内婴儿纯母乳喂养率达到55%以上。", "55%", "exclusive_breastfeeding_rate", 55, "percent"),
    ("适龄儿童免疫规划疫苗接种率保持在95%以上。", "95%", "immunisation_coverage", 95, "percent"),
    ("每千人口执业医师数达到3.5人。", "3.5人", "licensed_physicians_per_1000_pop", 3.5, "per_1000_pop"),
    ("每千人口执业(助理)医师数达到3.5人。", "3.5人", "physicians_per_1000_pop", 3.5, "per_1000_pop"),
    ("3岁以下婴幼儿入托率达到25%。", "25%", "childcare_enrolment_rate", 25, "percent"),
    ("每千人口拥有3岁以下婴幼儿托位数达到4.5个。", "4.5个", "childcare_places_per_1000_pop", 4.5, "per_1000_pop"),
    ("家庭医生签约服务覆盖率达到75%以上。", "75%", "family_doctor_coverage", 75, "percent"),
    ("重点人群签约服务覆盖率达到85%以上。", "85%", "family_doctor_key_pop_coverage", 85, "percent"),
    ("孕产妇死亡率控制在9/10万以下。", "9/10万", "maternal_mortality", 9, "per_100000"),
    ("人均预期寿命达到80岁。", "80岁", "life_expectancy", 80, "years"),
]
# fmt: on


@pytest.mark.parametrize("sentence,surface,code,value,unit", CASES)
def test_regional_wording_maps_to_the_national_indicator(
    sentence: str, surface: str, code: str, value: float, unit: str
) -> None:
    got_code, got_value, got_unit, _ = coded(sentence, surface)
    assert (got_code, got_unit) == (code, unit)
    assert got_value == pytest.approx(value)


def test_every_national_reference_row_maps_to_an_indicator() -> None:
    _, rows = load_reference_targets(RAW_DIR, REVIEW_DIR, CATALOG)
    unmapped = sorted({r.indicator_as_stated for r in rows if r.indicator_code is None})
    assert unmapped == []
    with open(RAW_DIR / "national_targets.csv", encoding="utf-8", newline="") as f:
        names = {r["indicator_zh"] for r in csv.DictReader(f)}
    assert {r.indicator_as_stated for r in rows} == names


def test_national_wordings_that_share_words_map_apart() -> None:
    """重点人群签约率 is not 签约率; 执业医师 is not 执业(助理)医师; 入托率 is not 托位数."""
    _, rows = load_reference_targets(RAW_DIR, REVIEW_DIR, CATALOG)
    code = {r.indicator_as_stated: r.indicator_code for r in rows}
    assert code["重点人群家庭医生签约服务覆盖率"] == "family_doctor_key_pop_coverage"
    assert code["家庭医生签约服务覆盖率"] == "family_doctor_coverage"
    assert code["每千人口拥有执业医师数"] == "licensed_physicians_per_1000_pop"
    assert code["3岁以下婴幼儿入托率"] == "childcare_enrolment_rate"
    assert code["经常参加体育锻炼人数"] == "exercise_participants"
    assert code["经常参加体育锻炼人数比例"] == "exercise_participation"
    assert code["居民基本医疗素养水平"] == "health_literacy_medical_care"
    assert code["全国居民健康素养水平"] == "health_literacy"
