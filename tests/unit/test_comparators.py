"""Comparator words before and after a number (data/catalog/comparators.yaml)."""

import shutil
from pathlib import Path

import pytest
import yaml
from tests.support import catalog_error

from regionhealth.catalog.comparators import comparator
from regionhealth.catalog.loader import load_catalog
from regionhealth.errors import RegionhealthError
from regionhealth.paths import CATALOG_DIR

WORDS = load_catalog(CATALOG_DIR).comparators


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("县域就诊率达", "以上,", ">="),
        ("每年培育不少于", "健康乐清行动", ">="),
        ("不低于", "", ">="),
        ("千人托位数达", "", ">="),
        ("规范运营站点数超", "", ">"),
        ("超过", "", ">"),
        ("平均急救反应时间分别少于", "和15分钟", "<"),
        ("年增长率低于", "", "<"),
        ("孕产妇死亡率控制在", "以下", "<="),
        ("院前平均急救反应时间控制在“城区", "、乡镇", "<="),
        ("不超过", "", "<="),
        ("", "以内", "<="),
        ("约", "", "approx"),
        ("", "左右", "approx"),
        ("新增", "", "="),
    ],
)
def test_comparator_words(before, after, expected):
    assert comparator(WORDS, before, after) == expected


def test_range_is_its_own_comparator():
    assert comparator(WORDS, "新增", "", is_range=True) == "range"


def test_a_word_before_the_indicator_name_does_not_bind_the_number():
    # 达 of 达标率 is not 达 "reach": the 率 between stops the backward search.
    assert comparator(WORDS, "达标率", "") == "="


def _catalog_with(tmp_path: Path, edit) -> Path:
    out = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, out)
    path = out / "comparators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return out


def test_a_comparator_word_added_to_the_catalog_is_read(tmp_path: Path):
    assert comparator(WORDS, "务必做到", "") == "="
    catalog_dir = _catalog_with(tmp_path, lambda d: d["before"][0]["words"].append("务必做到"))
    assert comparator(load_catalog(catalog_dir).comparators, "务必做到", "") == ">="


def test_unknown_comparator_key_names_file_entry_and_key(tmp_path: Path):
    catalog_dir = _catalog_with(tmp_path, lambda d: d["after"][0].update(word=["以上"]))
    with pytest.raises(
        RegionhealthError, match=r"^comparators.yaml: after #1 \(>=\): word: unknown key"
    ):
        load_catalog(catalog_dir)


def test_unknown_comparator_value_is_refused(tmp_path: Path):
    catalog_dir = _catalog_with(tmp_path, lambda d: d["before"][1].update(comparator="=>"))
    with pytest.raises(
        RegionhealthError,
        match=r"^comparators.yaml: before #2 \(=>\): comparator: '=>' is not one of",
    ):
        load_catalog(catalog_dir)


def test_a_pattern_before_the_number_may_not_look_ahead(tmp_path: Path):
    catalog_dir = _catalog_with(tmp_path, lambda d: d["before"][2].update(patterns=["前(?!列)"]))
    with pytest.raises(
        RegionhealthError, match=r"^comparators.yaml: before #3 \(<=\): patterns: .* look ahead"
    ):
        load_catalog(catalog_dir)


def test_a_bad_comparator_pattern_is_a_one_line_error_naming_the_entry(tmp_path: Path):
    catalog_dir = _catalog_with(tmp_path, lambda d: d["after"][3].update(patterns=["(以上"]))
    assert catalog_error(catalog_dir).startswith(
        "comparators.yaml: after #4 (<=): patterns: bad regular expression '(以上' (missing ),"
    )


def test_a_pattern_that_breaks_only_when_joined_is_acatalog_error(tmp_path: Path):
    # "(?i)…" compiles alone, but a global flag inside the entry's joined pattern does not.
    catalog_dir = _catalog_with(tmp_path, lambda d: d["before"][2].update(patterns=["(?i)前"]))
    message = catalog_error(catalog_dir)
    assert message.startswith("comparators.yaml: before #3 (<=): patterns: bad regular expression")
    assert "global flags not at the start" in message


def test_a_group_name_used_in_two_before_entries_is_acatalog_error(tmp_path: Path):
    # Each entry compiles alone; the search for any word of ``before`` joins all entries.
    def edit(d):
        d["before"][2].update(patterns=["(?P<w>前)"])
        d["before"][5].update(patterns=["(?P<w>约莫)"])

    message = catalog_error(_catalog_with(tmp_path, edit))
    assert message.startswith("comparators.yaml: before: patterns: bad regular expression")
    assert "redefinition of group name 'w'" in message
