"""Traditional characters and half-width punctuation are read through one folded view; offsets and
quotes stay those of the raw text."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from regionhealth.catalog.loader import load_catalog
from regionhealth.extract.pipeline import find_mentions
from regionhealth.paths import CATALOG_DIR
from regionhealth.text.clean import clean, fold, fold_text, sentences

PUB = date(2023, 1, 1)


def _target(text: str, surface: str):
    (m,) = [m for m in find_mentions(text, PUB, load_catalog(CATALOG_DIR)) if m.surface == surface]
    return m


def test_traditional_characters_fold_to_simplified_one_for_one():
    assert fold("醫療衞生機構牀位數達到") == "医疗卫生机构床位数达到"


def test_traditional_comparator_and_synonym_match_and_the_quote_stays_traditional():
    raw = "到2025年，每千人口執業（助理）醫師數達到3.5人。"
    m = _target(raw, "3.5人")
    assert (m.kind, m.indicator_code, m.comparator, m.target_year) == (
        "target",
        "physicians_per_1000_pop",
        ">=",
        2025,
    )
    assert raw[m.quote_start : m.quote_end] == raw


def test_corner_brackets_read_as_quotes():
    assert fold("「十四五」") == "“十四五”"


def test_half_width_full_stop_ends_a_sentence_but_a_decimal_point_does_not():
    text = "全区居民健康素养水平达到33.5%.家庭医生签约率达到45%."
    spans = [text[s.start : s.end] for s in sentences(clean(text))]
    assert spans == ["全区居民健康素养水平达到33.5%.", "家庭医生签约率达到45%."]


def test_half_width_heading_comma_is_a_list_marker():
    assert fold_text("一,工作目标\n") == "一、工作目标\n"
    m = [m for m in find_mentions("一,工作目标\n", PUB, load_catalog(CATALOG_DIR))][0]
    assert (m.surface, m.reason) == ("一,", "list_index")


def test_half_width_text_gives_the_same_targets_as_its_full_width_form():
    full = "一、工作目标\n到2025年，县域内就诊率达到90%以上；每千人口床位数达到6张（含康复床位）。"
    half = "一,工作目标\n到2025年,县域内就诊率达到90%以上;每千人口床位数达到6张(含康复床位)."

    def key(text):
        return [
            (m.start, m.kind, m.reason, m.indicator_code, m.comparator, m.target_year)
            for m in find_mentions(text, PUB, load_catalog(CATALOG_DIR))
        ]

    assert key(half) == key(full)


@given(st.text(alphabet="醫療衞生達到縣區執業牀位數90%.,;:()「」｡､一二 \n", max_size=200))
def test_folding_never_changes_the_length(text):
    assert len(fold_text(text)) == len(text) == len(clean(text))


def test_fold_table_is_opencc_character_by_character():
    """The table built in one conversion folds every BMP character as OpenCC does alone."""
    from regionhealth.text.clean import _FULLWIDTH, _simplified_char

    chars = "".join(chr(i) for i in range(0x3400, 0x10000) if not 0xD800 <= i < 0xE000)
    expected = "".join(
        ch if ch < "\u3400" else _simplified_char(ch) for ch in chars.translate(_FULLWIDTH)
    )
    assert fold(chars) == expected


def test_fold_handles_supplementary_characters_and_chained_forms():
    # 𠮷 (U+20BB7) is kept; full-width digits and a traditional character fold in one text.
    assert fold("𠮷１０醫，") == "𠮷10医,"
