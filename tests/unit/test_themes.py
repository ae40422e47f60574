"""Theme mentions found from each keyword's first characters are exactly those of searching every
sentence with every keyword, and a keyword's first characters are a set only when they are known."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regionhealth.catalog.loader import Theme, load_catalog
from regionhealth.extract.pipeline import extract_document
from regionhealth.extract.themes import ThemeMention, find_theme_mentions
from regionhealth.paths import CATALOG_DIR
from regionhealth.patterns.scan import start_chars
from regionhealth.text import clean as textmod

_ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_catalog(CATALOG_DIR)
THEMES = CATALOG.themes
REAL = [
    f.read_text(encoding="utf-8")
    for f in sorted((_ROOT / "data" / "raw").glob("*.txt"))
    + sorted((_ROOT / "tests" / "fixtures" / "docs").glob("*.txt"))
]
# The characters the keywords name, digits, punctuation that ends sentences, and line breaks.
_ALPHABET = sorted(
    {ch for t in THEMES for kw in t.keywords for ch in kw.pattern if ord(ch) > 0x2000}
    | set("0123456789 AEDGI5。；;！？\n，、“”")
)
TEXTS = st.lists(st.sampled_from(_ALPHABET), max_size=80).map("".join)


def every_sentence_every_keyword(raw: str, themes: tuple[Theme, ...]) -> list[ThemeMention]:
    """The definition: each sentence searched with each keyword of each theme, in catalog order."""
    text = textmod.clean(raw)
    out = []
    for s in textmod.sentences(text):
        sentence = text[s.start : s.end]
        for theme in themes:
            kw = next((kw for kw in theme.keywords if kw.search(sentence)), None)
            if kw is not None:
                out.append(ThemeMention(theme.code, kw.pattern, s.start, s.end))
    return out


def themes_of(raw: str, themes: tuple[Theme, ...] = THEMES) -> list[ThemeMention]:
    """find_theme_mentions on the document object of ``raw``, read with a catalog of ``themes``."""
    doc = extract_document(raw, None, replace(CATALOG, themes=themes)).doc
    return find_theme_mentions(doc)


@pytest.mark.parametrize("i", range(len(REAL)))
def test_real_texts_give_the_mentions_of_the_definition(i: int) -> None:
    found = themes_of(REAL[i])
    assert found == every_sentence_every_keyword(REAL[i], THEMES)
    assert found  # every document speaks of some theme


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_any_text_gives_the_mentions_of_the_definition(raw: str) -> None:
    assert themes_of(raw) == every_sentence_every_keyword(raw, THEMES)


def test_a_keyword_with_unbounded_first_characters_is_tried_everywhere() -> None:
    themes = (
        Theme("walk", "步行", "Walking", None, (re.compile(r"\d+分钟步行"),)),
        Theme("bed", "床位", "Beds", None, (re.compile(r"(?<!病)床位"), re.compile("病床"))),
    )
    raw = "15分钟步行可达。新增病床100张；床位充足"
    assert themes_of(raw, themes) == every_sentence_every_keyword(raw, themes)
    assert [m.theme_code for m in themes_of(raw, themes)] == ["walk", "bed", "bed"]


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        ("胸痛|(脑?卒中|创伤)中心", {"胸", "脑", "卒", "创"}),
        ("(?<![应紧])急救", {"急"}),
        (r"[(（]试点[)）]", {"(", "（"}),
        (r"\d+分钟", None),  # a category, not a finite set
        ("[一-十]个", None),  # a range
        ("(急救)?站", {"急", "站"}),
        ("a*", None),  # can be empty
    ],
)
def test_start_chars(pattern: str, chars: set[str] | None) -> None:
    assert start_chars(re.compile(pattern)) == (None if chars is None else frozenset(chars))
