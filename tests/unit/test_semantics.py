"""What kind of promise a target is, on sentences written for these tests (not from the five texts)."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from regionhealth.catalog.loader import load_catalog
from regionhealth.errors import RegionhealthError
from regionhealth.extract.pipeline import extract_document
from regionhealth.paths import CATALOG_DIR

PUB = date(2024, 3, 1)


def described(text: str, published: date = PUB):
    """(mention, semantics) for every target of ``text``, in document order."""
    ex = extract_document(text, published, load_catalog(CATALOG_DIR))
    return [(m, m.semantics) for m in ex.mentions if m.kind == "target"]


def one(text: str, surface: str | None = None):
    got = described(text)
    if surface is not None:
        got = [(m, s) for m, s in got if m.surface == surface]
    assert len(got) == 1, [(m.surface, m.indicator_code) for m, _ in got]
    return got[0]


# --- target_type ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "surface", "expected"),
    [
        ("到2026年,全县居民健康素养水平达到38%。", "38%", ("level", "unit:percent")),
        (
            "到2026年,健康素养水平比2022年提高6个百分点。",
            "6个百分点",
            ("change", "change_from_baseline"),
        ),
        ("到2026年,新增县级临床重点专科3个。", "3个", ("increment", "cue:新增")),
        ("到2026年,累计建成市级临床重点专科20个。", "20个", ("stock", "cue:建成")),
        ("县人民医院三级公立医院绩效考核排名进入全国前150位。", "150位", ("rank", "unit:rank")),
        ("到2026年,全县医护比达到1:1.3。", "1:1.3", ("ratio", "unit:ratio_to_one")),
        ("每年培育市级健康促进示范单位不少于3个。", "3个", ("increment", "period:annual")),
        ("打造县域医疗次中心4个。", "4个", ("stock", "default:count")),
        ("两年内招聘护理人员80名。", "80名", ("increment", "cue:招聘")),
    ],
)
def test_target_type_from_cues_units_and_period(sentence, surface, expected):
    _, s = one(sentence, surface)
    assert (s.target_type, s.target_type_basis) == expected


def test_of_which_takes_the_type_of_the_number_before():
    got = described("三年内引进医学类毕业生300名,其中研究生40名。")
    assert [(m.surface, s.target_type) for m, s in got] == [
        ("300名", "increment"),
        ("40名", "increment"),
    ]
    assert got[1][1].target_type_basis == "of_which:cue:引进"


# --- per_unit ------------------------------------------------------------------------------------


def test_per_unit_prefix_form():
    m, s = one("为每个街道卫生服务中心配备2名全科医生。", "2名")
    assert (s.per_unit, s.per_unit_as_stated) == ("township", "每个街道")


def test_per_unit_lists_several_units_and_takes_the_first_code():
    _, s = one("每家县级医院和乡镇卫生院至少设立1个发热门诊。", "1个")
    assert s.per_unit == "hospital"
    assert s.per_unit_as_stated == "每家县级医院和乡镇卫生院"


def test_per_unit_subject_form_needs_a_list_or_a_distributive_word():
    _, listed = one("市、县(市、区)至少建成1个标准化疾控实验室。", "1个")
    assert (listed.per_unit, listed.per_unit_as_stated) == ("prefecture_city", "市、县(市、区)")
    _, all_of = one("乡镇均至少配备1辆救护车。", "1辆")
    assert all_of.per_unit == "township"
    _, alone = one("县至少建成1所三级医院。", "1所")
    assert alone.per_unit is None  # one place name alone is the region itself, not a quota


def test_a_quota_clause_lends_its_unit_to_the_clauses_after_it():
    got = described("每个县级医院设立1个中医科,确定至少2个重点病种。")
    assert [(m.surface, s.per_unit) for m, s in got] == [("1个", "hospital"), ("2个", "hospital")]


def test_a_distributive_clause_without_a_number_lends_nothing():
    got = described("各乡镇卫生院均设置中医馆、配备中医师,全县建成5个示范中医馆。")
    assert [(m.surface, s.per_unit) for m, s in got] == [("5个", None)]


def test_a_population_base_is_not_a_per_unit_quota():
    _, s = one("到2026年,每千人口执业(助理)医师数达到3.2人。", "3.2人")
    assert s.per_unit is None


# --- commitment ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "surface", "commitment", "comparator"),
    [
        ("力争县域内就诊率达到92%以上。", "92%", "aspirational", ">="),
        ("力争县域内就诊率达到92%。", "92%", "aspirational", ">="),
        ("力争新建2所社区医院。", "2所", "aspirational", "="),
        ("争取新增1家三级医院。", "1家", "aspirational", "="),
        ("努力使人均预期寿命达到80岁。", "80岁", "aspirational", ">="),
        ("县域内就诊率达到92%以上。", "92%", "committed", ">="),
        # 争取 as a noun (项目争取: money raised through projects) is not a hedge.
        ("通过“财政投入、项目争取”等方式,新建2所社区医院。", "2所", "committed", "="),
    ],
)
def test_hedges_set_commitment_and_never_the_comparator(sentence, surface, commitment, comparator):
    m, s = one(sentence, surface)
    assert (s.commitment, m.comparator) == (commitment, comparator)


def test_a_hedged_lead_in_covers_the_list_under_it():
    raw = (
        "力争到2027年实现以下目标:\n——新增2家三级医院;\n——县域内就诊率达到92%。\n"
        "二、主要任务\n1.新建3所社区医院。\n2.培养全科医生40名。"
    )
    assert [(m.surface, s.commitment) for m, s in described(raw)] == [
        ("2家", "aspirational"),
        ("92%", "aspirational"),
        ("3所", "committed"),  # a numbered task under a heading, not an item of the hedged list
        ("40名", "committed"),
    ]
    plain = "到2027年实现以下目标:\n——新增2家三级医院;\n——县域内就诊率达到92%。"
    assert [s.commitment for _, s in described(plain)] == ["committed", "committed"]


def test_each_list_takes_the_hedge_of_its_own_lead_in():
    hedged = "力争到2027年实现以下目标:\n" + "——新增2家三级医院;\n" * 30
    plain = "到2030年实现以下目标:\n" + "——新增3家三级医院;\n" * 30
    numbered = "力争到2030年实现以下目标:\n" + "".join(
        f"{i}.新增4家三级医院;\n" for i in range(1, 9)
    )
    got = [(m.surface, s.commitment) for m, s in described(hedged + plain + numbered)]
    assert got == (
        [("2家", "aspirational")] * 30 + [("3家", "committed")] * 30 + [("4家", "aspirational")] * 8
    )


# --- statement_id --------------------------------------------------------------------------------


def test_goal_list_and_task_text_are_one_statement():
    raw = (
        "一、发展目标\n到2025年,建成6个市级临床重点专科。\n"
        "二、主要任务\n(一)加强学科建设。实施重点专科培育工程,“十四五”期间建成6个市级重点专科。"
    )
    got = described(raw)
    assert [(m.indicator_code, s.is_primary) for m, s in got] == [
        ("municipal_key_specialties", True),
        ("municipal_key_specialties", False),
    ]
    assert got[0][1].statement_start == got[1][1].statement_start == got[0][0].start


def test_two_equal_numbers_in_one_sentence_are_two_statements():
    got = described("到2026年,选拔培养10名县级名医、10名基层名医。")
    assert len({s.statement_start for _, s in got}) == 2
    assert all(s.is_primary for _, s in got)


def test_equal_values_in_unrelated_wordings_are_two_statements():
    raw = (
        "设立500万元的公共卫生人才专项基金,用于人才引进。\n"
        "建立医共体信息化500万元专项基金,由财政统筹安排。"
    )
    got = described(raw)
    assert [m.value for m, _ in got] == [5_000_000.0, 5_000_000.0]
    assert all(s.is_primary for _, s in got)


def test_an_increment_never_restates_a_stock():
    raw = "一、目标\n新增市级临床重点专科3个。\n二、任务\n建成市级临床重点专科3个。"
    got = described(raw)
    assert [s.target_type for _, s in got] == ["increment", "stock"]
    assert all(s.is_primary for _, s in got)


# --- baseline and binding ------------------------------------------------------------------------


def test_baseline_from_a_from_to_clause():
    m, s = one("居民健康素养水平从2022年的31.5%提高到40%。", "40%")
    assert (m.value, s.baseline_value, s.baseline_year, s.baseline_unit) == (
        40.0,
        31.5,
        2022,
        "percent",
    )


def test_baseline_in_parentheses_after_the_target():
    _, s = one("到2026年,县域内就诊率达到90%(2022年为84%)。", "90%")
    assert (s.baseline_value, s.baseline_year) == (84.0, 2022)


def test_baseline_year_of_a_change():
    _, s = one("到2026年,健康素养水平比2021年提高5个百分点。", "5个百分点")
    assert (s.baseline_value, s.baseline_year) == (None, 2021)


def test_binding_and_expected_words():
    _, s = one("到2026年,孕产妇死亡率控制在9/10万以下(约束性)。", "9/10万")
    assert s.binding == "binding"
    _, s = one("到2026年,县域内就诊率达到90%以上,为预期性指标。", "90%")
    assert s.binding == "expected"
    _, s = one("到2026年,县域内就诊率达到90%以上。", "90%")
    assert s.binding is None


# --- wordings read the same way everywhere -------------------------------------------------------


def test_a_rank_within_the_first_n_is_at_most_n():
    m, _ = one("区中心医院在全国绩效考核中排名进入前300位。", "300位")
    assert (m.indicator_code, m.unit, m.comparator) == ("national_performance_rank", "rank", "<=")


def test_a_service_circle_of_n_minutes_is_within_n():
    m, s = one("到2026年,全面建成20分钟医疗服务圈。", "20分钟")
    assert (m.indicator_code, m.value, m.comparator, s.target_type) == (
        "medical_service_circle_minutes",
        20.0,
        "<=",
        "level",
    )


def test_per_ten_thousand_elderly_is_its_own_unit():
    m, _ = one("至2027年末,全市每万名老年人康复护理床位达70张以上。", "70张")
    assert (m.unit, m.unit_as_stated, m.value) == ("per_10000_elderly", "张/万名老年人", 70.0)
    m, _ = one("每千名儿童拥有儿科执业(助理)医师1.2名。", "1.2名")
    assert m.unit == "per_1000_children"


def test_per_ten_thousand_people_stays_per_ten_thousand_people():
    m, _ = one("到2026年,每万常住人口全科医生数达到4.5人。", "4.5人")
    assert m.unit == "per_10000_pop"


def test_a_multiplier_without_unit_word_is_the_unit_as_stated():
    m, _ = one("到2026年,年健康体检人数达到12.5万以上。", "12.5万")
    assert (m.value_as_stated, m.unit_as_stated, m.value, m.unit, m.comparator) == (
        12.5,
        "万",
        125_000.0,
        "persons",
        ">=",
    )


def test_the_three_95_percent_goals_are_a_target():
    got = described("持续推进艾滋病防治,到2026年实现三个“95%”目标。")
    assert [(m.surface, m.indicator_code, m.unit) for m, _ in got] == [
        ("95%", "hiv_95_95_95", "percent")
    ]


# --- the catalog file is checked ----------------------------------------------------------------


def test_unknown_key_names_file_and_field(tmp_path: Path):
    text = (CATALOG_DIR / "semantics.yaml").read_text(encoding="utf-8")
    catalog_dir = _catalog_copy(tmp_path)
    (catalog_dir / "semantics.yaml").write_text(text + "\nhedge_words: '力争'\n", encoding="utf-8")
    with pytest.raises(
        RegionhealthError, match=r"^semantics.yaml: top level: hedge_words: unknown key"
    ):
        load_catalog(catalog_dir)


def test_per_unit_entry_with_a_wrong_field_type_is_named(tmp_path: Path):
    text = (CATALOG_DIR / "semantics.yaml").read_text(encoding="utf-8")
    catalog_dir = _catalog_copy(tmp_path)
    assert "    words: ['医共体', '医联体', '医疗集团']" in text
    (catalog_dir / "semantics.yaml").write_text(
        text.replace("    words: ['医共体', '医联体', '医疗集团']", "    words: 医共体"), "utf-8"
    )
    with pytest.raises(
        RegionhealthError,
        match=r"^semantics.yaml: per_units #9 \(medical_alliance\): words: expected a list",
    ):
        load_catalog(catalog_dir)


def test_a_list_marking_added_to_the_catalog_is_read_as_an_item(tmp_path: Path):
    raw = "力争到2027年实现以下目标:\n①新增2家三级医院;\n②县域内就诊率达到92%。"
    assert [s.commitment for _, s in described(raw)] == ["committed", "committed"]
    text = (CATALOG_DIR / "semantics.yaml").read_text(encoding="utf-8")
    catalog_dir = _catalog_copy(tmp_path)
    assert "  cn: " in text
    (catalog_dir / "semantics.yaml").write_text(
        text.replace("  cn: ", "  circled: '[①②③④⑤⑥⑦⑧⑨⑩]'\n  cn: "), "utf-8"
    )
    ex = extract_document(raw, PUB, load_catalog(catalog_dir))
    assert [m.semantics.commitment for m in ex.mentions if m.kind == "target"] == [
        "aspirational",
        "aspirational",
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  dash: 5\n", r"^semantics.yaml: list_items: dash: expected a string"),
        ("  Dash: '—'\n", r"^semantics.yaml: list_items: .*Dash"),
        ("  dash: '(——'\n", r"^semantics.yaml: list_items: dash: bad regular expression"),
    ],
)
def test_a_bad_list_marking_is_named(tmp_path: Path, entry: str, message: str):
    text = (CATALOG_DIR / "semantics.yaml").read_text(encoding="utf-8")
    catalog_dir = _catalog_copy(tmp_path)
    (catalog_dir / "semantics.yaml").write_text(
        text.replace("list_items:\n", "list_items:\n" + entry, 1).replace(
            "  dash: '——|—|-|•|·'\n", "" if entry.startswith("  dash") else "  dash: '——|—|-|•|·'\n"
        ),
        "utf-8",
    )
    with pytest.raises(RegionhealthError, match=message):
        load_catalog(catalog_dir)


def _catalog_copy(tmp_path: Path) -> Path:
    out = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, out)
    return out
