"""Reviewers' decisions are a stage on records: new records, the records given left as they are."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from regionhealth.catalog.loader import load_catalog
from regionhealth.errors import RegionhealthError
from regionhealth.extract.pipeline import extract_document
from regionhealth.extract.records import Mention, Review
from regionhealth.extract.review import Decision, apply_decisions
from regionhealth.paths import CATALOG_DIR
from regionhealth.sources.registry import Document
from regionhealth.store.rows import target_row

PUB = date(2024, 3, 1)
# The goal list states 3个 first; the tasks restate it (one statement, two mentions).
TEXT = (
    "一、工作目标\n"
    "到2026年,新增县级临床重点专科3个,县域内就诊率达到92%以上。\n"
    "二、重点任务\n"
    "(一)加强学科建设。到2026年,新增县级临床重点专科3个。\n"
    "(二)提升基层能力。年服务人次达到12万,全县建成5个示范中医馆。\n"
)
DOC = Document(
    "plan", "r1", Path("plan.txt"), "plan", None, None, None, None, PUB, None, "utf-8", ""
)


CATALOG = load_catalog(CATALOG_DIR)


def _mentions() -> list[Mention]:
    return extract_document(TEXT, PUB, CATALOG).mentions


def _decision(quote: str, number: str, action: str, field=None, value=None, occurrence=1):
    return Decision(2, "plan", quote, number, occurrence, action, field, value, "reviewer", "why")


def _at(mentions: list[Mention], quote: str, number: str, occurrence: int = 1) -> Mention:
    at = -1
    for _ in range(occurrence):
        at = TEXT.index(quote, at + 1)
    start = at + quote.index(number)
    return next(m for m in mentions if m.start == start)


def test_accept_marks_the_target_and_changes_nothing_else():
    before = _mentions()
    after = apply_decisions(
        "plan",
        TEXT,
        before,
        (_decision("县域内就诊率达到92%以上", "92%", "accept"),),
        CATALOG,
    )
    m = _at(after, "县域内就诊率达到92%以上", "92%")
    assert m.review == Review(reviewed_by="reviewer", note="accept: why")
    assert m._replace(review=None) == _at(before, "县域内就诊率达到92%以上", "92%")
    assert all(b.review is None for b in before)  # the records given are left as they are
    row = target_row(DOC, TEXT, m)
    assert (row["reviewed_by"], row["review_note"]) == ("reviewer", "accept: why")


def test_a_correction_sets_a_field_of_the_record_or_of_its_semantics():
    decisions = (
        _decision("年服务人次达到12万", "12万", "correct", "period", "annual"),
        _decision("年服务人次达到12万", "12万", "correct", "commitment", "aspirational"),
    )
    m = _at(
        apply_decisions("plan", TEXT, _mentions(), decisions, CATALOG), "年服务人次达到12万", "12万"
    )
    assert (m.period, m.semantics.commitment) == ("annual", "aspirational")
    assert m.review.note == "period: why; commitment: why"
    row = target_row(DOC, TEXT, m)
    assert (row["period"], row["commitment"], row["value"]) == ("annual", "aspirational", 12.0)


def test_rejecting_a_first_statement_hands_it_on_to_its_restatement():
    before = _mentions()
    first, again = (
        _at(before, "新增县级临床重点专科3个", "3个"),
        _at(before, "新增县级临床重点专科3个", "3个", 2),
    )
    assert again.semantics.statement_start == first.start and not again.semantics.is_primary
    after = apply_decisions(
        "plan",
        TEXT,
        before,
        (_decision("新增县级临床重点专科3个", "3个", "reject"),),
        CATALOG,
    )
    rejected, restated = (
        _at(after, "新增县级临床重点专科3个", "3个"),
        _at(after, "新增县级临床重点专科3个", "3个", 2),
    )
    assert (rejected.kind, rejected.reason, rejected.semantics) == (
        "ignored",
        "review_reject",
        None,
    )
    assert (restated.semantics.statement_start, restated.semantics.is_primary) == (
        again.start,
        True,
    )
    assert [m.start for m in after] == [m.start for m in before]


def test_reclassify_makes_a_reference():
    decision = _decision(
        "新增县级临床重点专科3个", "3个", "reclassify", value="reference", occurrence=2
    )
    m = _at(
        apply_decisions("plan", TEXT, _mentions(), (decision,), CATALOG),
        "新增县级临床重点专科3个",
        "3个",
        2,
    )
    assert (m.kind, m.reason) == ("reference", "review_reclassify")


def test_a_decision_on_a_number_that_is_not_a_target_is_stale():
    with pytest.raises(
        RegionhealthError, match=r"no longer matches: the number is ignored \(year\), not a target$"
    ):
        apply_decisions(
            "plan", TEXT, _mentions(), (_decision("到2026年", "2026", "accept"),), CATALOG
        )
    twice = (_decision("新增县级临床重点专科3个", "3个", "reject"),) * 2
    with pytest.raises(
        RegionhealthError, match=r"the number is ignored \(review_reject\), not a target$"
    ):
        apply_decisions("plan", TEXT, _mentions(), twice, CATALOG)


def test_decisions_about_another_document_change_nothing():
    before = _mentions()
    decision = _decision("县域内就诊率达到92%以上", "92%", "reject")
    assert apply_decisions("other", TEXT, before, (decision,), CATALOG) is before


def test_a_corrected_indicator_brings_its_canonical_unit_and_the_value_is_converted():
    """92 percent corrected to an indicator kept in per_1000 is 920 per_1000, not 92."""
    decision = _decision(
        "县域内就诊率达到92%以上", "92%", "correct", "indicator_code", "infant_mortality"
    )
    m = _at(
        apply_decisions("plan", TEXT, _mentions(), (decision,), CATALOG),
        "县域内就诊率达到92%以上",
        "92%",
    )
    assert (m.indicator_code, m.value, m.unit) == ("infant_mortality", 920.0, "per_1000")
    assert (m.value_as_stated, m.unit_as_stated) == (92.0, "%")  # as written, untouched


def test_a_corrected_indicator_in_the_same_unit_changes_the_code_only():
    decision = _decision(
        "新增县级临床重点专科3个", "3个", "correct", "indicator_code", "tertiary_hospitals_built"
    )
    before = _at(_mentions(), "新增县级临床重点专科3个", "3个")
    m = _at(
        apply_decisions("plan", TEXT, _mentions(), (decision,), CATALOG),
        "新增县级临床重点专科3个",
        "3个",
    )
    assert m._replace(review=None) == before._replace(indicator_code="tertiary_hospitals_built")


@pytest.mark.parametrize(
    "code, message",
    [
        (
            "tertiary_hospitals_built",
            r"indicator_code: tertiary_hospitals_built is kept in count, the target is in percent \(ratio\)",
        ),
        ("no_such_indicator", r"indicator_code: unknown indicator 'no_such_indicator'$"),
    ],
)
def test_an_indicator_the_value_cannot_be_expressed_in_stops_with_one_line(code, message):
    decision = _decision("县域内就诊率达到92%以上", "92%", "correct", "indicator_code", code)
    with pytest.raises(
        RegionhealthError, match=r"^corrections.csv: row 2 \(plan: 92% in .*" + message
    ):
        apply_decisions("plan", TEXT, _mentions(), (decision,), CATALOG)
