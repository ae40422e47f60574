"""Indicator tables written as text give one target per target column, with unit, year, baseline."""

from __future__ import annotations

from datetime import date

import pytest

from regionhealth.catalog.loader import load_catalog
from regionhealth.extract.pipeline import Mention, extract_document, find_mentions
from regionhealth.paths import CATALOG_DIR
from regionhealth.text.clean import fold_text
from regionhealth.text.tables import find_tables

PUB = date(2021, 6, 1)

PIPE = (
    "表1 主要指标\n"
    "| 序号 | 指标 | 单位 | 2020年 | 2025年 | 属性 |\n"
    "|---|---|---|---|---|---|\n"
    "| 3 | 每千人口医疗卫生机构床位数 | 张 | 4.8 | 5.6 | 预期性 |\n"
    "| 4 | 孕产妇死亡率 | 1/10万 | 11.2 | ≤10 | 约束性 |\n"
    "注：表中数据为预计数。\n"
)

SPACES = (
    "序号  指标名称              单位    基期值(2020年)   目标值(2025年)   2030年   指标属性\n"
    "1     县域内就诊率          %       86               ≥90              92       预期性\n"
    "2     婴儿死亡率            ‰       4.1              <4               3.5      约束性\n"
)


def _by_surface(text: str) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = {}
    for m in find_mentions(text, PUB, load_catalog(CATALOG_DIR)):
        out.setdefault(m.surface, []).append(m)
    return out


def test_row_sequence_number_is_ignored_not_a_target():
    ms = _by_surface(PIPE)
    assert [(m.kind, m.reason) for m in ms["3"]] == [("ignored", "table_sequence")]


def test_pipe_row_gives_a_target_with_unit_from_the_unit_column_and_year_from_the_header():
    m = _by_surface(PIPE)["5.6"][0]
    assert (m.kind, m.reason) == ("target", "table_target")
    assert (m.indicator_code, m.value, m.unit, m.comparator, m.target_year) == (
        "beds_per_1000_pop",
        5.6,
        "per_1000_pop",
        "=",
        2025,
    )
    assert PIPE[m.quote_start : m.quote_end].startswith("| 3 | 每千人口医疗卫生机构床位数")


def test_comparator_sign_in_the_cell_and_fraction_unit_column():
    m = _by_surface(PIPE)["10"][0]
    assert (m.indicator_code, m.value, m.unit, m.comparator) == (
        "maternal_mortality",
        10.0,
        "per_100000",
        "<=",
    )


def test_base_column_is_a_reference_and_the_targets_baseline():
    ms = _by_surface(PIPE)
    assert (ms["4.8"][0].kind, ms["4.8"][0].reason) == ("reference", "table_baseline")
    target = ms["5.6"][0]
    assert (target.semantics.baseline_value, target.semantics.baseline_year) == (4.8, 2020)


def test_binding_column_gives_the_targets_binding():
    extraction = extract_document(PIPE, PUB, load_catalog(CATALOG_DIR))
    by_surface = {m.surface: m for m in extraction.mentions}
    assert by_surface["5.6"].semantics.binding == "expected"
    sem = by_surface["10"].semantics
    assert (sem.binding, sem.baseline_value, sem.baseline_year) == ("binding", 11.2, 2020)


def test_header_years_are_ignored_with_a_reason():
    ms = _by_surface(PIPE)
    assert [(m.kind, m.reason) for m in ms["2020年"]] == [("ignored", "table_header")]


def test_space_aligned_table_gives_one_target_per_target_column():
    ms = _by_surface(SPACES)
    targets = [m for m in ms["90"] + ms["92"] if m.kind == "target"]
    assert [(m.value, m.comparator, m.target_year, m.indicator_code) for m in targets] == [
        (90.0, ">=", 2025, "county_visit_rate"),
        (92.0, "=", 2030, "county_visit_rate"),
    ]
    assert ms["86"][0].reason == "table_baseline"
    assert [m.comparator for m in ms["4"] if m.kind == "target"] == ["<"]


def test_table_with_two_year_columns_reads_the_earlier_as_baseline():
    tables = find_tables(fold_text(PIPE), load_catalog(CATALOG_DIR).tables)
    roles = [(c.role, c.year) for c in tables.rows[0].cells]
    assert roles == [
        ("sequence", None),
        ("indicator", None),
        ("unit", None),
        ("baseline", 2020),
        ("target", 2025),
        ("binding", None),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "城区9分钟  乡镇15分钟  农村20分钟",  # aligned prose, no header
        "| 2023年 | 2024年 | 2025年 |",  # a header without an indicator column
    ],
)
def test_lines_that_are_not_indicator_tables_stay_prose(line):
    assert not find_tables(fold_text(line + "\n1 | 2 | 3\n"), load_catalog(CATALOG_DIR).tables).rows


def test_tab_separated_table_is_read():
    text = "指标\t单位\t2025年\n每万人口全科医生数\t人\t≥4\n"
    (m,) = [m for m in find_mentions(text, PUB, load_catalog(CATALOG_DIR)) if m.kind == "target"]
    assert (m.indicator_code, m.value, m.unit, m.comparator, m.target_year) == (
        "gps_per_10k_pop",
        4.0,
        "per_10000_pop",
        ">=",
        2025,
    )


def _targets(text: str) -> list[Mention]:
    return [m for m in find_mentions(text, PUB, load_catalog(CATALOG_DIR)) if m.kind == "target"]


WRAPPED = (
    "序号  指标                          单位   2020年   2025年   属性\n"
    "1     二级以上综合医院设置老年医学科  %      38       ≥60      预期性\n"
    "      的比例\n"
    "2     每万人口全科医生数              人     2.6      3.9      约束性\n"
    "注：表中数据为预计数。\n"
)


def test_a_name_wrapped_onto_an_indented_line_joins_its_row_and_the_table_goes_on():
    ts = _targets(WRAPPED)
    assert [(t.surface, t.indicator_code, t.comparator) for t in ts] == [
        ("60", "geriatrics_dept_share", ">="),
        ("3.9", "gps_per_10k_pop", "="),
    ]
    row = find_tables(fold_text(WRAPPED), load_catalog(CATALOG_DIR).tables).rows[0]
    assert row.name_text(fold_text(WRAPPED)) == "二级以上综合医院设置老年医学科的比例"


def test_a_pipe_row_with_words_only_continues_the_name_above():
    text = (
        "| 序号 | 指标 | 2020年 | 2025年 |\n"
        "|---|---|---|---|\n"
        "| 1 | 二级以上综合性医院设老年医学科比 | 41 | ≥60 |\n"
        "|   | 例（%） |  |  |\n"
        "| 2 | 个人卫生支出占卫生总费用的比重（%） | 27.1 | ≤27 |\n"
    )
    ts = _targets(text)
    assert [(t.surface, t.indicator_code, t.unit) for t in ts] == [
        ("60", "geriatrics_dept_share", "percent"),
        ("27", "out_of_pocket_share", "percent"),
    ]


def test_a_cell_with_two_values_gives_one_target_to_each_indicator_of_the_row():
    text = (
        "指标                          单位   2020年     2025年\n"
        "婴儿死亡率/5岁以下儿童死亡率  ‰      4.1/5.6    ≤4 / ≤5.5\n"
        "每千人口执业（助理）医师数/   人     2.84/3.06  3.3/3.9\n"
        "  注册护士数\n"
    )
    got = [(t.surface.strip(), t.indicator_code, t.unit, t.comparator) for t in _targets(text)]
    assert got == [
        ("4", "infant_mortality", "per_1000", "<="),
        ("5.5", "under5_mortality", "per_1000", "<="),
        ("3.3", "physicians_per_1000_pop", "per_1000_pop", "="),
        ("3.9", "nurses_per_1000_pop", "per_1000_pop", "="),
    ]
    refs = [
        m
        for m in find_mentions(text, PUB, load_catalog(CATALOG_DIR))
        if m.reason == "table_baseline"
    ]
    assert [m.surface.strip() for m in refs] == ["4.1", "5.6", "2.84", "3.06"]


def test_a_cell_with_two_values_for_the_two_areas_in_the_name_gives_two_scopes():
    text = "指标  单位  2025年\n急救服务半径（城市/农村）  公里  ≤5/≤10\n"
    got = [(t.value, t.indicator_code, t.scope) for t in _targets(text)]
    assert got == [(5.0, "ems_service_radius", "urban"), (10.0, "ems_service_radius", "rural")]


def test_a_fraction_in_a_cell_is_one_value_not_two():
    text = "| 指标 | 2025年 |\n|---|---|\n| 孕产妇死亡率 | 9/10万 |\n"
    (t,) = _targets(text)
    assert (t.indicator_code, t.value, t.unit) == ("maternal_mortality", 9.0, "per_100000")


def test_the_unit_in_brackets_after_the_name_is_the_rows_unit_when_there_is_no_unit_column():
    text = (
        "| 序号 | 指标 | 基期水平 | 2030年目标值 |\n"
        "|---|---|---|---|\n"
        "| 1 | 人均预期寿命（岁） | 78.9 | ≥80 |\n"
        "| 2 | 经常参加体育锻炼人数比例（%） | 36.2 | ≥42 |\n"
        "| 3 | 每千人口医疗卫生机构床位数（张） | 5.9 | 6.8 |\n"
        "| 4 | 急救平均反应时间（城市）（分钟） | 13 | ≤12 |\n"
    )
    got = [(t.indicator_code, t.unit, t.value, t.target_year, t.scope) for t in _targets(text)]
    assert got == [
        ("life_expectancy", "years", 80.0, 2030, None),
        ("exercise_participation", "percent", 42.0, 2030, None),
        ("beds_per_1000_pop", "per_1000_pop", 6.8, 2030, None),
        ("emergency_response_time", "minutes", 12.0, 2030, "urban"),
    ]


def test_an_indented_paragraph_after_the_table_is_not_part_of_its_last_row():
    text = WRAPPED.replace("注：表中数据为预计数。\n", "\n　　三、主要任务\n　　加强基层\n")
    rows = find_tables(fold_text(text), load_catalog(CATALOG_DIR).tables).rows
    assert rows[-1].name_text(fold_text(text)) == "每万人口全科医生数"


def test_a_heading_under_the_table_is_not_a_wrapped_name():
    text = WRAPPED.replace("注：表中数据为预计数。\n", "      三、主要任务\n")
    rows = find_tables(fold_text(text), load_catalog(CATALOG_DIR).tables).rows
    assert rows[-1].name_text(fold_text(text)) == "每万人口全科医生数"


def test_a_tab_separated_unit_wrapped_onto_the_next_line_is_the_rows_unit():
    text = "类别\t指标（单位）\t2020年\t2025年\n医养结合\t二级及以上综合性医院设老年医学科的比例\t35\t≥60\n\t（%）\n"
    (t,) = _targets(text)
    assert (t.indicator_code, t.unit, t.value, t.comparator) == (
        "geriatrics_dept_share",
        "percent",
        60.0,
        ">=",
    )


def test_years_on_the_line_under_the_header_date_its_columns():
    text = (
        "序号  指标名称                单位    基期值      目标值      属性\n"
        "                                      (2020年)    (2025年)\n"
        "1     县域内就诊率            %       86          ≥90         预期性\n"
    )
    ms = _by_surface(text)
    (t,) = [m for m in ms["90"] if m.kind == "target"]
    assert (t.indicator_code, t.target_year, t.comparator) == ("county_visit_rate", 2025, ">=")
    assert (ms["86"][0].reason, ms["(2020年)"][0].reason) == ("table_baseline", "table_header")


def test_a_name_wrapped_above_its_values_joins_the_line_with_the_values():
    text = (
        "序号  指标                      单位   2020年   2025年   属性\n"
        "1     每千人口医疗卫生机构\n"
        "      床位数                    张     4.5      5.5      预期性\n"
        "2     每万人口全科医生数        人     2.6      3.9      约束性\n"
    )
    ts = _targets(text)
    assert [(t.surface, t.indicator_code, t.unit) for t in ts] == [
        ("5.5", "beds_per_1000_pop", "per_1000_pop"),
        ("3.9", "gps_per_10k_pop", "per_10000_pop"),
    ]
    pipe = (
        "| 序号 | 指标 | 单位 | 2020年 | 2025年 |\n|---|---|---|---|---|\n"
        "| 1 | 每千人口医疗卫生机构 |  |  |  |\n|  | 床位数 | 张 | 4.5 | 5.5 |\n"
    )
    (t,) = _targets(pipe)
    assert (t.indicator_code, t.value) == ("beds_per_1000_pop", 5.5)


def test_a_table_aligned_with_full_width_spaces_and_digits_is_read_by_display_columns():
    raw = (
        "序号　指标名称　　　　　　　　单位　　现状值　　　　目标值\n"
        "　　　　　　　　　　　　　　　　　　　（２０２０年）　（２０２５年）\n"
        "１　　严重精神障碍患者规范管理率　％　　８６　　　　　　≥９０\n"
        "２　　以乡镇（街道）为单位适龄儿童\n"
        "　　　免疫规划疫苗接种率　　　　　％　　９５　　　　　　≥９５\n"
    )
    got = [(t.indicator_code, t.value, t.comparator, t.target_year) for t in _targets(raw)]
    assert got == [
        ("smi_standard_management_rate", 90.0, ">=", 2025),
        ("immunisation_coverage", 95.0, ">=", 2025),
    ]


def test_table_baseline_is_kept_as_stated_and_converted_once_like_a_prose_baseline():
    """The base column in % of an indicator kept in ‰: the cell's 0.41 is carried as stated to
    the one baseline rule (semantics), which gives 4.1 per_1000 like the target (converted
    twice it would be 41, not at all 0.41)."""
    text = (
        "| 序号 | 指标 | 单位 | 2020年 | 2025年 | 属性 |\n"
        "|---|---|---|---|---|---|\n"
        "| 1 | 婴儿死亡率 | % | 0.41 | <0.4 | 约束性 |\n"
    )
    (t,) = [m for m in find_mentions(text, PUB, load_catalog(CATALOG_DIR)) if m.kind == "target"]
    assert (t.indicator_code, t.value, t.unit, t.stated_unit) == (
        "infant_mortality",
        4.0,
        "per_1000",
        "percent",
    )
    assert (t.semantics.baseline_value, t.semantics.baseline_unit) == (4.1, "per_1000")
    assert t.semantics.baseline_year == 2020
