"""Comparator words before and after a number."""

import pytest

from regionhealth.comparators import comparator


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
    assert comparator(before, after) == expected


def test_range_is_its_own_comparator():
    assert comparator("新增", "", is_range=True) == "range"
