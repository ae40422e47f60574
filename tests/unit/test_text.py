"""Cleaning keeps every offset: the cleaned text has the raw text's length."""

import pytest

from regionhealth.errors import RegionhealthError
from regionhealth.sources.rawfile import decode
from regionhealth.text.clean import clean, paragraphs, sentences


def test_cleaning_keeps_length_and_folds_fullwidth_digits():
    raw = "县域就诊率达９０％以上，基层就诊率达79%"
    out = clean(raw)
    assert len(out) == len(raw)
    assert "90%" in out


def test_cleaning_blanks_page_chrome_lines_and_table_pipes():
    raw = "您现在的位置:首页 > 政务公开\n简体版|繁体版\n到2025年,托位数达4.5个 |\n"
    out = clean(raw)
    assert len(out) == len(raw)
    assert "您现在的位置" not in out and "繁体版" not in out and "|" not in out
    assert out.index("到2025年") == raw.index("到2025年")


def test_nbsp_becomes_space():
    assert clean("达到\u00a090%") == "达到 90%"


def test_sentences_split_after_full_stops_and_semicolons():
    t = "到2025年,A达90%。B达5个;C达1人"
    spans = sentences(t)
    assert [t[s.start : s.end] for s in spans] == ["到2025年,A达90%。", "B达5个;", "C达1人"]


def test_paragraphs_split_flattened_list_items():
    t = "一、总体要求 坚持。 1.打造示范。 2.健全制度。"
    assert [t[p.start : p.end] for p in paragraphs(t)] == [
        "一、总体要求 坚持。",
        "1.打造示范。",
        "2.健全制度。",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        ("县域就诊率".encode("utf-16"), "UTF-16"),
        (b"\x00\x01\x02binary", "binary"),
        ("县域就诊率达90%".encode("gb18030"), "GB18030"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "HTML"),
    ],
)
def test_decode_refuses_what_is_not_a_utf8_text(data, message):
    with pytest.raises(RegionhealthError, match=message):
        decode(data, "doc.txt")


def test_decode_reads_declared_gb18030():
    assert decode("县域就诊率达90%".encode("gb18030"), "doc.txt", "gb18030") == "县域就诊率达90%"


def test_utf8_bom_is_kept_in_raw_and_blanked_by_cleaning():
    raw = decode("\ufeff托位数达4.5个".encode(), "doc.txt")
    assert raw[0] == "\ufeff"
    assert clean(raw)[0] == " "
