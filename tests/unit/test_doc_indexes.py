"""The indexes a document keeps for its numbers (``doc.py``) remember their answers without changing
them, and a table's header lines are found as a search of every line finds them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regionhealth.extract.doc import RememberedClauses, RememberedSpans
from regionhealth.text.clean import ClauseIndex, SpanIndex, sentences
from regionhealth.text.tables import _Occurrences

_TEXT = st.text(alphabet=st.sampled_from(list("床位达到5张，。；\n 指标单位")), max_size=80)


@settings(max_examples=200, deadline=None, database=None)
@given(text=_TEXT, spans=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 8)), max_size=20))
def test_remembered_clauses_and_sentences_answer_as_the_plain_indexes(text, spans):
    clauses, plain_clauses = RememberedClauses(text), ClauseIndex(text)
    found = sentences(text)
    spans_of, plain_spans = RememberedSpans(found), SpanIndex(found)
    for _ in range(2):  # asked twice: the second answer comes from memory
        for start, length in spans:
            end = min(start + length, len(text))
            assert clauses.bounds(start, end) == plain_clauses.bounds(start, end)
            assert spans_of.at(start) is plain_spans.at(start)


@settings(max_examples=200, deadline=None, database=None)
@given(text=_TEXT, words=st.lists(st.sampled_from(["指标", "单位", "标单", "位"]), max_size=3))
def test_lines_holding_a_word_are_those_a_search_of_each_line_finds(text, words):
    names = _Occurrences(text, tuple(words))
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        assert names.within(a, b) == any(w in line for w in words), (line, words)
        pos = b + 1
