"""any_of: one search that finds a match exactly when one of several catalog patterns does."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regionhealth.catalog.loader import load_catalog
from regionhealth.paths import CATALOG_DIR
from regionhealth.patterns.anyof import InWindows, any_of

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
    rules = load_catalog(CATALOG_DIR).rules
    for patterns in (rules.condition_before, rules.reference_after, rules.reference_before):
        assert isinstance(any_of(patterns), re.Pattern)


_WINDOW_PATTERNS = [
    r"力争|争取(?![、，,])|努力(?!方向)",  # a few start characters, lookaheads at the window end
    r"约束性",
    r"(?<=床位)达到",  # a lookbehind that sees before the window
    r"\d+张",  # start characters not a known set: always searched
    r"^\s*其中",
]


@settings(max_examples=300, deadline=None, database=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("力争取努方向约束性床位达到其中 ，、5张\n")), max_size=60
    ),
    a=st.integers(0, 60),
    b=st.integers(0, 60),
)
def test_a_pattern_in_windows_finds_what_a_search_of_the_window_finds(text, a, b):
    for p in map(re.compile, _WINDOW_PATTERNS):
        windows = InWindows(p, text)
        m, expected = windows.search(a, b), p.search(text, a, b)
        assert (m and m.span()) == (expected and expected.span())
        assert [x.span() for x in windows.finditer(a, b)] == [
            x.span() for x in p.finditer(text, a, b)
        ]


def test_a_window_without_a_start_character_is_not_searched():
    windows = InWindows(re.compile("约束性|预期性"), "预期性指标" + "床位" * 500 + "约束性")
    assert windows._possible(0, 5) and not windows._possible(5, 1005)
    assert windows.search(5, 1005) is None and windows.search(0, 1008).span() == (0, 3)
