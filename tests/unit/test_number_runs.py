"""A run of numbers without words between them is a dump of data: every number of it is accounted
for (``number_run``), none is read as a target, and the cost stays linear in its length."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from regionhealth.catalog.loader import load_catalog
from regionhealth.extract.pipeline import find_mentions
from regionhealth.paths import CATALOG_DIR
from regionhealth.text.clean import _NUMBER_RUN, DIGIT_STRING_MAX, NUMBER_RUN_MIN, clean
from regionhealth.text.numbers import CN_NUMERAL_CHARS

PUB = date(2023, 1, 1)
CAT = load_catalog(CATALOG_DIR)


def _mentions(raw: str):
    return find_mentions(raw, PUB, CAT)


def _digits_accounted_once(raw: str, mentions) -> bool:
    covered = [0] * len(raw)
    for m in mentions:
        for i in range(m.start, m.end):
            covered[i] += 1
    return (
        all(covered[i] == 1 for i, ch in enumerate(raw) if ch.isdigit())
        and max(covered, default=0) <= 1
    )


def test_every_number_of_a_run_is_one_ignored_mention():
    run = "、".join(str(i) for i in range(NUMBER_RUN_MIN + 5))
    raw = f"到2025年，床位数达到5张。\n{run}\n"
    ms = _mentions(raw)
    in_run = [m for m in ms if m.start >= raw.index(run)]
    assert [m.surface for m in in_run] == run.split("、")
    assert {(m.kind, m.reason) for m in in_run} == {("ignored", "number_run")}
    # The sentence before the run is read as usual.
    assert [(m.surface, m.kind) for m in ms if m.kind == "target"] == [("5张", "target")]
    assert _digits_accounted_once(raw, ms)


def test_decimals_and_full_width_digits_of_a_run_keep_their_surface():
    raw = "；".join(f"{i}．5％" for i in range(NUMBER_RUN_MIN))
    ms = _mentions(raw)
    assert [m.surface for m in ms] == [f"{i}．5" for i in range(NUMBER_RUN_MIN)]
    assert {m.reason for m in ms} == {"number_run"}


def test_a_short_list_of_values_is_not_a_run():
    raw = "到2025年，三项指标分别达到" + "、".join(f"{80 + i}%" for i in range(5)) + "。"
    assert all(m.reason != "number_run" for m in _mentions(raw))
    below = "、".join(str(i) for i in range(NUMBER_RUN_MIN - 1))
    assert all(m.reason != "number_run" for m in _mentions(below))
    assert {m.reason for m in _mentions(below + "、7")} == {"number_run"}


def test_words_or_a_line_break_end_a_run():
    half = "、".join(str(i) for i in range(NUMBER_RUN_MIN // 2 + 1))
    for sep in ("\n", "，全市床位", "，三"):
        assert all(m.reason != "number_run" for m in _mentions(half + sep + half)), sep


def test_a_run_is_blanked_in_the_cleaned_text_with_its_length():
    raw = "1%" * NUMBER_RUN_MIN + "。"
    assert clean(raw) == " " * (2 * NUMBER_RUN_MIN - 1) + "%。"  # from its first to last digit


@settings(max_examples=60, deadline=None, database=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**6).map(str),
            st.sampled_from(["、", "%", "个", "，", "%、", "万人", " ", "年", ".", "\n", "，全市"]),
        ),
        min_size=NUMBER_RUN_MIN - 5,
        max_size=NUMBER_RUN_MIN + 20,
    ).map(lambda xs: "".join(n + s for n, s in xs))
)
def test_every_digit_is_in_exactly_one_mention_with_or_without_runs(raw):
    ms = _mentions(raw)
    assert _digits_accounted_once(raw, ms)
    for m in ms:
        assert raw[m.start : m.end] == m.surface and m.reason


def test_numbers_of_a_run_match_the_digits_of_the_text():
    raw = "1%" * 300
    assert len(_mentions(raw)) == len(re.findall(r"\d+", raw))


# The run as first written: any number, then 1-3 separators, NUMBER_RUN_MIN - 1 times, then one.
_PLAIN_RUN = re.compile(rf"(?:\d+[^\d\n{CN_NUMERAL_CHARS}]{{1,3}}){{{NUMBER_RUN_MIN - 1},}}\d+")
_PIECES = st.lists(
    st.tuples(
        st.text("0123456789", min_size=1, max_size=4),
        # separators mostly, now and then something that ends a run
        st.sampled_from(["%", "、", ", ", "..", "%、"] * 20 + ["\n", "一", "abcd", "年"]),
    ),
    max_size=150,
).map(lambda ps: "".join(d + s for d, s in ps))


@settings(max_examples=300, deadline=None, database=None)
@given(text=_PIECES)
@example(text="见" + "12%、" * 60 + "3")
@example(text="1" * DIGIT_STRING_MAX + "%、" * 60)
def test_the_run_searched_from_digit_run_starts_finds_what_the_plain_form_finds(text):
    assert [m.span() for m in _NUMBER_RUN.finditer(text)] == [
        m.span() for m in _PLAIN_RUN.finditer(text)
    ]


def test_a_digit_string_longer_than_any_number_is_one_ignored_mention():
    digits = "7" * (DIGIT_STRING_MAX + 1)
    raw = f"附件编号{digits}，到2025年，床位数达到5张。"
    ms = _mentions(raw)
    assert [(m.surface, m.reason) for m in ms if m.surface == digits] == [
        (digits, "number_too_large")
    ]
    assert [(m.surface, m.kind) for m in ms if m.kind == "target"] == [("5张", "target")]
    assert _digits_accounted_once(raw, ms)
    # A long one (where trying a pattern from each digit would be quadratic) is read at once.
    assert [m.reason for m in _mentions("1" * 200_000)] == ["number_too_large"]
    assert clean("1" * 200) == " " * 200
    # Up to DIGIT_STRING_MAX digits it is read as a number (too large to be a value).
    assert {m.reason for m in _mentions("8" * DIGIT_STRING_MAX)} == {"number_too_large"}
