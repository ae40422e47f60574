"""The extractor on short sentences in the documents' own wordings (and variants of them)."""

from datetime import date

import pytest

from regionhealth.catalog.loader import load_catalog
from regionhealth.extract.pipeline import find_mentions
from regionhealth.paths import CATALOG_DIR

PUB = date(2023, 5, 30)


def targets(text, published=PUB):
    return [
        m for m in find_mentions(text, published, load_catalog(CATALOG_DIR)) if m.kind == "target"
    ]


def one_target(text, published=PUB):
    ts = targets(text, published)
    assert len(ts) == 1, [(t.surface, t.indicator_code) for t in ts]
    return ts[0]


def test_county_visit_rate_three_wordings_one_code():
    codes = {
        one_target("到2025年底,县域就诊率达90%以上。").indicator_code,
        one_target("县域就诊率保持在90%以上。").indicator_code,
        one_target("到2025年,县域内就诊率达到90%以上。").indicator_code,
    }
    assert codes == {"county_visit_rate"}


def test_percent_target_with_comparator_year_and_quote():
    raw = "二、主要目标\n到2025年底,县域就诊率达90%以上,基层就诊率达79%以上。"
    t = targets(raw)[0]
    assert (t.indicator_code, t.value, t.unit, t.comparator, t.target_year) == (
        "county_visit_rate",
        90,
        "percent",
        ">=",
        2025,
    )
    assert t.year_basis.startswith("explicit:到2025年底")
    assert (
        raw[t.quote_start : t.quote_end] == "到2025年底,县域就诊率达90%以上,基层就诊率达79%以上。"
    )
    assert raw[t.start : t.end] == "90%"


def test_fenbie_pair_gives_two_scoped_targets_sharing_the_comparator():
    ts = targets("到2025年底,中心城区和乡村地区平均急救反应时间分别少于11分钟和15分钟。")
    assert [(t.indicator_code, t.value, t.comparator, t.scope) for t in ts] == [
        ("emergency_response_time", 11.0, "<", "urban"),
        ("emergency_response_time", 15.0, "<", "rural"),
    ]
    assert ts[0].group_id == ts[1].group_id is not None


def test_listed_scopes_share_the_trailing_comparator():
    ts = targets("院前平均急救反应时间控制在“城区9分钟、乡镇15分钟”以内。")
    assert [(t.value, t.comparator, t.scope) for t in ts] == [
        (9.0, "<=", "urban"),
        (15.0, "<=", "rural"),
    ]


def test_fenbie_pair_of_two_indicators():
    ts = targets("规范管理率、规范服药率分别达到95%和90%以上。")
    assert [(t.value, t.comparator) for t in ts] == [(95.0, ">="), (90.0, ">=")]
    assert ts[0].indicator_code != ts[1].indicator_code


def test_per_1000_places_from_the_population_base_before_the_number():
    t = one_target("到2025年底,全市千人托位数达4.5个。")
    assert (t.indicator_code, t.value, t.unit, t.unit_as_stated) == (
        "childcare_places_per_1000_pop",
        4.5,
        "per_1000_pop",
        "个/千人",
    )


def test_age_before_the_places_is_a_scope_not_a_target():
    ms = find_mentions(
        "到2027年,每千人拥有3岁以下婴幼儿托位数达到5.5个。", PUB, load_catalog(CATALOG_DIR)
    )
    age = next(m for m in ms if m.surface.startswith("3岁"))
    assert (age.kind, age.reason) == ("ignored", "age_group")
    t = next(m for m in ms if m.kind == "target")
    assert (t.indicator_code, t.value) == ("childcare_places_per_1000_pop", 5.5)


def test_per_100k_fraction_and_per_mille():
    ts = targets("孕产妇死亡率控制在1/10万以下,婴儿死亡率控制在1.65‰以下。")
    assert [
        (t.indicator_code, t.value_as_stated, t.unit_as_stated, t.value, t.unit, t.comparator)
        for t in ts
    ] == [
        ("maternal_mortality", 1.0, "/10万", 1.0, "per_100000", "<="),
        ("infant_mortality", 1.65, "‰", 1.65, "per_1000", "<="),
    ]


def test_infant_mortality_in_percent_converts_to_per_mille():
    t = one_target("婴儿死亡率控制在0.3%以下。")
    assert (t.indicator_code, t.value, t.unit) == ("infant_mortality", 3.0, "per_1000")


def test_range_keeps_both_bounds():
    t = one_target("到2025年底,新增高层次学科带头人3到5人。")
    assert (t.value_as_stated, t.value_high_as_stated, t.comparator, t.unit) == (
        3.0,
        5.0,
        "range",
        "persons",
    )


def test_em_dash_range_of_persons():
    t = one_target("为每个乡镇卫生院培养1—2名复合型骨干人员。")
    assert (t.value_as_stated, t.value_high_as_stated, t.comparator) == (1.0, 2.0, "range")


def test_plan_period_year_from_the_goal_heading():
    raw = "力争到“十四五”末实现以下主要目标:\n——建成4个省级临床重点专科。"
    t = one_target(raw, date(2023, 4, 10))
    assert t.target_year == 2025
    assert "十四五" in t.year_basis


def test_relative_span_resolved_against_the_document_date():
    t = one_target("力争三年招聘医学院校毕业生600人。", date(2023, 5, 30))
    assert (t.target_year, t.value, t.unit) == (2025, 600.0, "persons")
    assert t.year_basis == "relative:三年 from 2023"


def test_annual_quota_has_period_annual():
    t = one_target("每年在基层培育不少于4个示范样板。")
    assert (t.period, t.comparator, t.value) == ("annual", ">=", 4.0)


def test_document_horizon_fills_undated_targets():
    raw = "一、总体要求 到2027年,率先实现现代化。 二、重点任务 县域就诊率保持在90%以上。"
    t = one_target(raw, date(2023, 12, 21))
    assert t.target_year == 2027
    assert t.year_basis.startswith("document_horizon")


def test_no_horizon_leaves_the_year_null():
    t = one_target("落实专家团队下沉覆盖率达到100%。", date(2022, 12, 21))
    assert t.target_year is None and t.year_basis == "none"


def test_money_in_ten_thousand_yuan():
    ms = targets("设立3年1000万元的中医药传承与创新专项基金。")
    money = next(m for m in ms if m.unit_as_stated == "万元")
    assert money.value_as_stated == 1000.0
    assert money.period == "span:3"


def test_chinese_numerals_with_classifier_are_numbers_and_words_are_not():
    ms = find_mentions(
        "建成三个中医馆,推进一体化管理,新增两家医院。", PUB, load_catalog(CATALOG_DIR)
    )
    assert [(m.surface, m.value_as_stated) for m in ms] == [("三个", 3.0), ("两家", 2.0)]


def test_fullwidth_digits_and_thousands_separators():
    ts = targets("培训１，２００人次,投入资金1,000万元。")
    assert [(t.value_as_stated, t.unit_as_stated) for t in ts] == [
        (1200.0, "人次"),
        (1000.0, "万元"),
    ]


@pytest.mark.parametrize(
    ("text", "surface", "reason"),
    [
        ("乐政办发〔2023〕27号", "〔2023〕27号", "doc_number"),
        ("成文日期:2023-05-24", "2023-05-24", "date"),
        ("乐清市人民政府办公室\n2023年5月24日", "2023年5月24日", "date"),
        ("落实“两个允许”要求", "两个允许", "law_or_label"),
        ("强化胸痛、卒中等五大中心建设", "五大中心", "law_or_label"),
        ("完善120院前急救体系", "120", "phone"),
        ("二级以上医疗机构全面建立公共卫生科", "二级以上", "tier_label"),
        ("加强60岁以上老年人的健康体检", "60岁以上", "age_group"),
        ("在基层医疗机构工作满30年,且仍在基层就职", "满30年", "condition"),
        ("县级医院综合实力进入全省第一阵营", "第一", "ordinal"),
    ],
)
def test_furniture_numbers_are_ignored_with_a_reason(text, surface, reason):
    ms = find_mentions(text, PUB, load_catalog(CATALOG_DIR))
    m = next(m for m in ms if m.surface == surface)
    assert (m.kind, m.reason) == ("ignored", reason)


def test_list_index_at_paragraph_start():
    ms = find_mentions("三、重点任务\n1.高标准构建党建工作新格局。", PUB, load_catalog(CATALOG_DIR))
    assert [(m.surface, m.reason) for m in ms] == [("三、", "list_index"), ("1.", "list_index")]


def test_population_fact_is_a_reference():
    ms = find_mentions(
        "按照市级要求,结合124万人口计算加快区级方舱升级改造。", PUB, load_catalog(CATALOG_DIR)
    )
    m = next(m for m in ms if m.surface.startswith("124"))
    assert m.kind == "reference"


def test_existing_achievement_is_a_reference():
    ms = find_mentions("巩固1个省级重点专科创建成果。", PUB, load_catalog(CATALOG_DIR))
    assert ms[0].kind == "reference"


def test_every_digit_is_in_some_mention():
    raw = "到2025年底,县域就诊率达90%以上。设立3年1000万元基金。乐政办发〔2023〕27号 4·27 RW值≥2"
    ms = find_mentions(raw, PUB, load_catalog(CATALOG_DIR))
    covered = set()
    for m in ms:
        covered.update(range(m.start, m.end))
    assert all(i in covered for i, ch in enumerate(raw) if ch.isdigit())


def test_change_from_a_baseline_is_a_target_left_for_review_not_a_level():
    t = one_target("到2025年,居民健康素养水平比2020年提高5个百分点。", date(2024, 1, 1))
    assert (t.reason, t.value, t.unit, t.indicator_code) == (
        "change_from_baseline",
        5.0,
        "percentage_points",
        None,
    )
    assert t.target_year == 2025  # the deadline, not the 2020 baseline


def test_life_expectancy_gain_does_not_become_a_life_expectancy_level():
    t = one_target("到2025年,人均预期寿命提高1岁。", date(2024, 1, 1))
    assert t.indicator_code is None and t.reason == "change_from_baseline"


def test_ratio_written_one_to_x():
    t = one_target("到2026年底,医护比达到1:1.2,二级以上医院全部接入平台。", date(2024, 1, 1))
    assert (t.indicator_code, t.value, t.unit, t.comparator) == (
        "nurse_to_physician_ratio",
        1.2,
        "ratio_to_one",
        ">=",
    )


def test_years_of_a_survival_rate_are_not_a_span_of_the_plan():
    t = one_target("到2030年,总体癌症5年生存率不低于46.6%。", date(2023, 4, 18))
    assert (t.indicator_code, t.value, t.target_year) == ("cancer_5yr_survival_rate", 46.6, 2030)


def test_a_township_as_unit_of_measurement_is_not_a_rural_scope():
    t = one_target("以乡镇（街道）为单位,适龄儿童免疫规划疫苗接种率保持在90%以上。")
    assert (t.indicator_code, t.scope) == ("immunisation_coverage", None)


def test_a_biosafety_grade_is_not_a_tertiary_hospital_scope():
    t = one_target("建设生物安全三级实验室1个。")
    assert (t.value, t.scope) == (1.0, None)


def test_taiwan_metropolitan_area_is_urban():
    t = one_target("都會區救護車平均反應時間將縮短至12分鐘以內。")
    assert (t.indicator_code, t.value, t.comparator, t.scope) == (
        "emergency_response_time",
        12.0,
        "<=",
        "urban",
    )


def test_a_previous_year_total_is_a_fact():
    ms = find_mentions("上年度全县卫生健康总投入为2.6亿元。", PUB, load_catalog(CATALOG_DIR))
    assert [(m.surface, m.kind) for m in ms] == [("2.6亿元", "reference")]


def test_full_width_letters_read_as_ascii():
    t = one_target("重症监护病区（ＩＣＵ）床位占总床位数的比例达到５％。")
    assert (t.indicator_code, t.value, t.comparator) == ("icu_bed_share", 5.0, ">=")


def test_a_clause_without_a_year_takes_the_nearest_deadline_of_its_sentence():
    # One long sentence: each number takes the deadline stated last before it, the first one
    # (with none before it) the deadline after it, and a year in a parenthesis is a baseline.
    raw = "全市床位1张,到2025年底," + ",".join(
        f"床位达到{i + 2}张,到{2026 + i % 3}年底" for i in range(5)
    )
    raw += ",床位达到9张(2022年为7张)。"
    got = [(t.surface, t.target_year, t.year_basis) for t in targets(raw)]
    assert got == [
        ("1张", 2025, "explicit:到2025年底 (sentence)"),
        ("2张", 2025, "explicit:到2025年底 (sentence)"),
        ("3张", 2026, "explicit:到2026年底 (sentence)"),
        ("4张", 2027, "explicit:到2027年底 (sentence)"),
        ("5张", 2028, "explicit:到2028年底 (sentence)"),
        ("6张", 2026, "explicit:到2026年底 (sentence)"),
        ("9张", 2027, "explicit:到2027年底 (sentence)"),
    ]
