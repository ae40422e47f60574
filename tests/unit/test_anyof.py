"""any_of: one search that finds a match exactly when one of several catalog patterns does."""

import re

import pytest

from regionhealth.anyof import any_of
from regionhealth.catalog import load_catalog

TEXTS = [
    "",
    "满",
    "超过 ",
    "人口",
    "以上的",
    "所以",
    "常住人口为",
    "可以\n",
    "尚未达到“",
    "全市床位达到",
]


@pytest.mark.parametrize(
    "patterns",
    [
        (r"满\s*$", r"超过\s*$", r"以上的\s*$"),
        (r"^人口", r"^常住人口", r"^居民(?!健康)"),
        (r"(?<![所可难])以\s*$", r"(?:常住人口|户籍人口)\s*(?:为|达)?\s*$"),
        (r"(人)\1", r"床位"),  # a back-reference: searched one by one
        (r"(?P<w>口)(?P=w)", r"(?P<w>为)"),  # the same group name twice: searched one by one
        (),
    ],
)
def test_any_of_matches_exactly_when_one_pattern_does(patterns):
    compiled = tuple(re.compile(p) for p in patterns)
    joined = any_of(compiled)
    for text in TEXTS + ["人人", "口口"]:
        assert bool(joined.search(text)) == any(p.search(text) for p in compiled), text


def test_the_catalog_cue_lists_are_joined_into_one_pattern():
    rules = load_catalog().rules
    for patterns in (rules.condition_before, rules.reference_after, rules.reference_before):
        assert isinstance(any_of(patterns), re.Pattern)
