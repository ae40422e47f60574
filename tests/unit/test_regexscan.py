"""A pattern searched from its candidate characters finds exactly what ``re`` finds, for every
whole-text pattern of the catalog and of the year expressions."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regionhealth.catalog.loader import load_catalog
from regionhealth.paths import CATALOG_DIR
from regionhealth.patterns.scan import MultiScan, Scan
from regionhealth.patterns.shape import reach, required_literal, required_literals
from regionhealth.text.clean import clean

_ROOT = Path(__file__).resolve().parents[2]
# Real texts: the five documents and the fixture documents, cleaned as the extractor reads them.
REAL = [
    clean(f.read_text(encoding="utf-8"))
    for f in sorted((_ROOT / "data" / "raw").glob("*.txt"))
    + sorted((_ROOT / "tests" / "fixtures" / "docs").glob("*.txt"))
]


def _patterns() -> list[re.Pattern[str]]:
    cat = load_catalog(CATALOG_DIR)
    return [
        *(r.pattern for r in cat.rules.ignore),
        *(p for ind in cat.indicators for p in ind.patterns),
        *(scan.pattern for scan in cat.years.scans),
    ]


PATTERNS = _patterns()
# Text made of the characters the patterns name, digits, spaces, quotes and line breaks: where
# lookbehinds, optional lead-ins and overlapping candidates meet.
_ALPHABET = sorted(
    {ch for p in PATTERNS for ch in p.pattern if ord(ch) > 0x2000}
    | set('0123456789 .-/:\n“”"、，,。%年月日个项第')
)
TEXTS = st.lists(st.sampled_from(_ALPHABET), max_size=60).map("".join)


def _expected(p: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groups()) for m in p.finditer(text) if m.end() > m.start()]


# A Scan is not changed by searching: one per pattern serves every generated text (building it
# parses the pattern, which cost more than the searches).
_scan = cache(Scan)


def _found(p: re.Pattern[str], text: str) -> list[tuple]:
    return [
        (m.span(), tuple(m.group(i) for i in range(1, p.groups + 1)))
        for m in _scan(p).finditer(text)
    ]


@settings(max_examples=40, deadline=None, database=None)
@given(text=TEXTS)
@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:40])
def test_scan_finds_what_finditer_finds(pattern, text):
    assert _found(pattern, text) == _expected(pattern, text)


def test_scan_of_real_sentences_keeps_groups_and_non_overlap():
    text = "到2025年底，2021-2025年；比2020年提高，十四五末，三年内，12345热线，120急救。"
    for p in PATTERNS:
        assert _found(p, text) == _expected(p, text), p.pattern


def test_a_leading_lookbehind_is_searched_from_the_candidate_characters():
    scan = Scan(re.compile(r"(?<![\d.])\d{1,2}\s*月"))
    assert scan._fast is not None
    assert [m.group(0) for m in scan.finditer("2023年5月、12月,1.5月")] == ["5月", "12月"]


def test_a_pattern_that_starts_with_a_literal_or_can_be_empty_is_left_to_re():
    assert Scan(re.compile(r"第\s*\d+"))._fast is None  # re skips to 第 by itself
    assert Scan(re.compile(r"[一二]级"))._fast is None
    assert Scan(re.compile(r"(?<!a)b?"))._fast is None  # can match the empty string
    assert Scan(re.compile(r"(?<!a).b"))._fast is None  # any character can start it
    assert [m.group(0) for m in Scan(re.compile(r"(?<!a)b?")).finditer("abb")] == ["b"]


def test_every_pattern_finds_what_finditer_finds_in_real_texts():
    for p in PATTERNS:
        for text in REAL:
            assert _found(p, text) == _expected(p, text), p.pattern


@cache
def _multiscan(patterns: tuple[re.Pattern[str], ...]) -> MultiScan:
    return MultiScan(list(patterns))


def _multi(patterns, text):
    return [
        [(m.span(), tuple(m.group(i) for i in range(1, p.groups + 1))) for m in found]
        for p, found in zip(patterns, _multiscan(tuple(patterns)).finditer_all(text), strict=True)
    ]


RULES = [r.pattern for r in load_catalog(CATALOG_DIR).rules.ignore]


@settings(max_examples=200, deadline=None, database=None)
@given(text=TEXTS)
def test_rules_searched_together_find_what_each_finds_alone(text):
    assert _multi(RULES, text) == [_expected(p, text) for p in RULES]


def test_rules_searched_together_in_real_texts():
    assert MultiScan(RULES)._fast is not None  # most rules start with a numeral: one pass
    for text in REAL:
        assert _multi(RULES, text) == [_expected(p, text) for p in RULES]


def test_required_literal_is_a_word_every_match_contains():
    assert required_literal(re.compile(r"(?<!高血压)规范管理率")) == "规范管理率"
    assert required_literal(re.compile(r"\d{1,2}(?=[”]?\s*重要讲话)")) == "重要讲话"
    assert required_literal(re.compile(r"(?:专家|名医)工作[室站]")) == "工作"
    assert required_literal(re.compile(r"a|b")) == ""
    assert (
        required_literal(re.compile(r"(?:总数)?床位")) == "床位"
    )  # an optional word is not required
    assert list(Scan(re.compile(r"(?<!a)规范管理率")).finditer("管理率")) == []


# Patterns whose matches stay within a known reach of a word they contain: searched around it.
WINDOWED = [(p, w) for p in PATTERNS if reach(p) is not None for w in required_literals(p)]


@settings(max_examples=40, deadline=None, database=None)
@given(text=TEXTS)
@pytest.mark.parametrize("pattern,word", WINDOWED, ids=lambda x: getattr(x, "pattern", x)[:40])
def test_searching_around_a_required_word_finds_what_finditer_finds(pattern, word, text):
    found = [(m.span(), m.groups()) for m in _scan(pattern)._windowed(text, word)]
    assert found == _expected(pattern, text)


def test_searching_around_a_required_word_in_real_texts():
    assert len(WINDOWED) > 20
    for p, w in WINDOWED:
        for text in REAL:
            found = [(m.span(), m.groups()) for m in Scan(p)._windowed(text, w)]
            assert found == _expected(p, text), p.pattern


def test_reach_counts_lookarounds_and_refuses_unbounded_patterns():
    # (?<!ab) looks 2 back; c, up to 3 more, then (?=de) looks 2 further: 6 ahead.
    assert reach(re.compile(r"(?<!ab)c[^x]{0,3}(?=de)")) == (2, 6)
    assert reach(re.compile(r"床位(?:数)?$")) == (0, 5)  # $ may look at a final line break
    assert reach(re.compile(r"(?m)^床位")) == (1, 2)  # ^ looks at the character before
    assert reach(re.compile(r"a+b")) is None  # unbounded
    assert reach(re.compile(r"a?")) is None  # can match the empty string
    assert required_literals(re.compile(r"(?:专家|名医)工作[室站](?=建设)")) == ["工作", "建设"]


def test_a_rare_required_word_is_searched_around_in_a_long_text():
    scan = Scan(re.compile(r"(?:建强|做强)[^，,。；;]{0,4}乡镇卫生院"))
    text = "，".join(["其他内容" * 50, "建强一批乡镇卫生院", "无关" * 300, "做强中心乡镇卫生院"])
    assert scan._window
    assert [m.group(0) for m in scan.finditer(text)] == ["建强一批乡镇卫生院", "做强中心乡镇卫生院"]
    assert list(Scan(re.compile(r"(?:RW|CMI)值\d")).finditer("没有这些字母的文本")) == []


def test_a_backreference_keeps_the_pattern_as_written():
    assert Scan(re.compile(r"(?<!a)(\d)年\1"))._fast is None
    assert [m.group(0) for m in Scan(re.compile(r"(?<!a)(\d)年\1")).finditer("1年1 2年3")] == [
        "1年1"
    ]


def test_a_pattern_with_inline_flags_is_searched_as_written():
    p = re.compile(r"(?m)^\s*第\d+条")
    assert [m.group(0) for m in Scan(p).finditer("x\n 第3条")] == [" 第3条"]
    multi = MultiScan([p, re.compile(r"(?<!\d)\d+条")])
    assert [[m.group(0) for m in found] for found in multi.finditer_all("x\n 第3条")] == [
        [" 第3条"],
        ["3条"],
    ]
