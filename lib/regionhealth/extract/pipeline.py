"""Find every number in a document and decide what it is: a target, a reference fact, or ignored.

The stages work on one :class:`~regionhealth.extract.doc.Doc` (the cleaned text has the raw text's
offsets) and each returns frozen records of its own (:mod:`regionhealth.extract.records`):

1. numbers: structural rules (``rules.yaml: ignore``) and year expressions claim document
   numbers, dates, list indices, labels and years (final ignored mentions); every remaining
   numeral (Arabic, Chinese with a classifier, fraction, range) with its unit word is a
   :class:`~regionhealth.extract.records.Number`;
2. kind and reason (:func:`classify`): reference, condition, target… by the words around it;
3. target fields: comparator, year (clause → sentence → paragraph → document horizon), scope,
   indicator (nearest catalog wording whose unit converts) and the value in the canonical unit
   (:mod:`regionhealth.extract.describe`, :mod:`regionhealth.extract.describe_table`, :mod:`regionhealth.extract.revise`);
4. what kind of promise each target is (:mod:`regionhealth.extract.semantics`).

Nothing here knows about particular documents: all knowledge is in ``data/catalog``.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from regionhealth.catalog.loader import Catalog, Rules
from regionhealth.extract.describe import (
    YearIndex,
    describe_targets,
    document_horizon,
)
from regionhealth.extract.describe_table import describe_table_targets
from regionhealth.extract.doc import Doc, RememberedClauses, RememberedSpans
from regionhealth.extract.quantities import DIGITS, find_quantities, has_numeral
from regionhealth.extract.records import (
    Described,
    Kind,
    Mention,
    Number,
    described,
    ignored,
    mention,
)
from regionhealth.extract.revise import elliptical_clauses, past_goals_are_facts
from regionhealth.extract.semantics import describe_semantics
from regionhealth.patterns.anyof import AnyOf, InWindows, any_of
from regionhealth.text import clean as textmod
from regionhealth.text.numbers import (
    MULTIPLIER_WORDS,
)
from regionhealth.text.tables import find_tables
from regionhealth.text.years import YearExpr, find_years

__all__ = ["Extraction", "Mention", "describe", "extract_document", "find_mentions"]


# One number of a run of numbers (text.NUMBER_RUN_MIN): digits with their decimals.
_RUN_NUMBER = re.compile(r"\d+(?:\.\d+)?")


_START = operator.attrgetter("start")
_span = re.Match.span


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the stages make of one document: its mentions (each target with its semantics) in
    document order, its main horizon year, and the document object the stages read (themes
    read it too)."""

    mentions: list[Mention]
    horizon_year: int | None
    doc: Doc


def find_mentions(raw: str, published: date | None, catalog: Catalog) -> list[Mention]:
    """Every number in ``raw``, classified; targets carry comparator, year, scope and indicator."""
    return extract_document(raw, published, catalog).mentions


def extract_document(raw: str, published: date | None, catalog: Catalog) -> Extraction:
    """Mentions of ``raw`` and the document horizon, through the stages over one :class:`Doc`."""
    folded = textmod.fold_text(raw)
    found = textmod.furniture(folded)  # found once: blanked here, its numbers claimed in 1.
    text = textmod.blank_furniture(folded, found)
    doc = Doc(
        raw=raw,
        text=text,
        published=published,
        catalog=catalog,
        sentences=RememberedSpans(textmod.sentences(text)),
        paragraphs=textmod.SpanIndex(textmod.paragraphs(text)),
        clauses=RememberedClauses(text),
        tables=find_tables(folded, catalog.tables, raw),
        years=YearIndex([]),
        horizon=None,
        hits=catalog.matcher.in_text(text),
    )
    claims = textmod.SpanSet()
    # 1. Numbers. Furniture first (chrome, table headers and row numbers, catalog rules, list
    # indices, years): final ignored mentions; then every remaining numeral with its unit word.
    furniture, years = _claim_furniture(doc, folded, found, claims)
    doc = replace(doc, years=YearIndex(years))
    numbers = find_quantities(text, raw, claims, catalog)
    numbers.sort(key=_START)
    # 2. Kind and reason: table cells by their column, prose by the words around them.
    kinds = classify(numbers, doc)
    first_target = next((k.number.start for k in kinds if k.kind == "target"), len(text))
    horizon = document_horizon(text, doc.years, catalog.rules.horizon_cues) or _lead_deadline(
        doc.years, doc.published_year, first_target
    )
    doc = replace(doc, horizon=horizon)
    # 3. Target fields (and the kinds of stage 2 revised with the years they give).
    numbers_described = describe(kinds, doc)
    # 4. What kind of promise each target is.
    targets = [d for d in numbers_described if d.kind == "target"]
    semantics = describe_semantics(
        targets, text, doc.sentences, doc.clauses, catalog.semantics, catalog.units
    )
    mentions = furniture + [
        mention(d, semantics[d.start] if d.kind == "target" else None) for d in numbers_described
    ]
    mentions.sort(key=_START)
    return Extraction(mentions, horizon.year if horizon else None, doc)


def describe(kinds: list[Kind], doc: Doc) -> list[Described]:
    """Stage 3: each number with its target fields, in order: a table target's from its row, a
    prose target's from its clause, or from the number before it for an elliptical clause. Then
    the last step of stage 2, which needs those years: a prose goal its own words date before the
    publication is a fact."""
    table = describe_table_targets([k for k in kinds if k.reason == "table_target"], doc)
    in_clauses = describe_targets([k for k in kinds if k.reason != "table_target"], doc)
    in_plan = [k for k in kinds if k.reason == "quantity_in_plan"]
    # Prose fields: a clause's own, or those an elliptical clause takes from its neighbour.
    prose = {**in_clauses, **elliptical_clauses(in_plan, in_clauses, doc)}
    facts = past_goals_are_facts(in_plan, prose, doc.published_year)
    out = []
    for k in kinds:
        start = k.number.start
        fields = table.get(start) if k.reason == "table_target" else prose.get(start)
        out.append(described(facts.get(start, k), fields))
    return out


_YEAR_REASONS = {
    "absolute": "year",
    "period": "year",
    "plan": "plan_period",
    "relative": "year_span",
}


class _Claims:
    """The spans claimed as furniture so far, and the final ignored mentions of their numbers."""

    def __init__(self, raw: str, spans: textmod.SpanSet) -> None:
        self.raw, self.spans = raw, spans
        self.mentions: list[Mention] = []

    def claim(self, a: int, b: int, reason: str) -> None:
        self.spans.take(a, b)
        self.mentions.append(ignored(a, b, self.raw[a:b], reason))

    def claim_free(self, a: int, b: int, reason: str) -> None:
        """Claim ``a:b`` unless part of it is claimed already."""
        if self.spans.free(a, b):
            self.claim(a, b, reason)


def _claim_furniture(
    doc: Doc, folded: str, found: textmod.Furniture, spans: textmod.SpanSet
) -> tuple[list[Mention], list[YearExpr]]:
    """Ignored mentions for the document's furniture, in order of precedence, and the year
    expressions left free; everything claimed is taken in ``spans``."""
    claims = _Claims(doc.raw, spans)
    _claim_page_furniture(claims, folded, found)
    _claim_table_furniture(claims, doc)
    _claim_by_rules(claims, doc)
    years = _claim_years(claims, doc)
    return claims.mentions, years


def _claim_page_furniture(claims: _Claims, folded: str, found: textmod.Furniture) -> None:
    """Page chrome, runs of numbers and over-long digit strings (``found`` in ``folded``):
    blanked in the cleaned text, their numbers accounted for, not read."""
    for a, b in found.chrome:
        for m in DIGITS.finditer(folded, a, b):
            claims.claim(m.start(), m.end(), "page_chrome")
    raw = claims.raw
    for a, b in found.number_runs:
        claims.spans.take(a, b)
        # A run holds up to a number per two characters: one mention each, its span only.
        claims.mentions.extend(
            ignored(s, e, raw[s:e], "number_run")
            for s, e in map(_span, _RUN_NUMBER.finditer(folded, a, b))
        )
    for a, b in found.digit_strings:
        claims.claim(a, b, "number_too_large")


def _claim_table_furniture(claims: _Claims, doc: Doc) -> None:
    """Table headers and the sequence column (row numbers) that hold numerals."""
    text, tables = doc.text, doc.tables
    headers = set(tables.headers)
    for cell in (*tables.headers, *(c for r in tables.rows for c in r.cells)):
        if (cell in headers or cell.role == "sequence") and has_numeral(
            text[cell.start : cell.end]
        ):
            reason = "table_header" if cell in headers else "table_sequence"
            claims.claim_free(cell.start, cell.end, reason)


def _claim_by_rules(claims: _Claims, doc: Doc) -> None:
    """The catalog's structural rules (``rules.yaml: ignore``), then list indices."""
    text, rules = doc.text, doc.catalog.rules
    for rule, found in zip(rules.ignore, rules.ignore_scan.finditer_all(text), strict=True):
        for m in found:
            if has_numeral(m.group(0)):
                claims.claim_free(m.start(), m.end(), rule.reason)
    for p in doc.paragraphs.spans:
        m = rules.list_index.match(text, p.start)
        if m:
            claims.claim_free(m.start(), m.end(), "list_index")


def _claim_years(claims: _Claims, doc: Doc) -> list[YearExpr]:
    """Year expressions on free text: those with a numeral are claimed; all are returned."""
    kept: list[YearExpr] = []
    for y in find_years(doc.text, doc.published_year, doc.catalog.years):
        if not claims.spans.free(y.start, y.end):
            continue
        kept.append(y)
        if has_numeral(y.surface) and y.kind in _YEAR_REASONS:
            claims.claim(y.start, y.end, _YEAR_REASONS[y.kind])
    return kept


def _lead_deadline(years: YearIndex, pub_year: int | None, before: int) -> YearExpr | None:
    """Horizon of a text with no 目标 heading (a news report, a digest): a deadline stated in
    its lead, before its first target, and not before the publication year."""
    return next(
        (
            y
            for y in years.within(0, before)
            if y.is_deadline and y.year and (pub_year is None or y.year >= pub_year)
        ),
        None,
    )


def _is_fact(q: Number, doc: Doc, cues: _ProseCues, sentence_start: int) -> str | None:
    """Why the number states a fact ('reference_cue', 'past_fact'), or None if it may be a goal.

    A fact cue (现有, 截至, 目前) or a past year ("2023年…为88.7%" in a 2024 plan) earlier in the
    same sentence makes a number a fact, unless a deadline or a goal verb (新建, 设置…) lies between
    it and the number, or the cue sits inside parentheses closed before the number.
    """
    text, years, pub_year, rules = doc.text, doc.years, doc.published_year, doc.catalog.rules
    marks: list[tuple[int, str]] = []
    # Mostly none: one search (none where no cue can start) instead of one per cue.
    if cues.any_reference_cue.search(sentence_start, q.start):
        before = text[sentence_start : q.start]
        for cue in rules.reference_cues:
            i = before.rfind(cue)
            if i >= 0 and not _closed_parenthesis_between(before, i):
                marks.append((sentence_start + i + len(cue), "reference_cue"))
    for y in years.within(sentence_start, q.start):
        if (
            y.kind == "absolute"
            and y.end <= q.start
            and pub_year
            and y.year < pub_year
            # 比2020年提高, 从2020年的75%提高到: a baseline year, not a stated fact.
            and not rules.baseline_year_before.search(
                text, max(sentence_start, y.start - 2), y.start
            )
        ):
            marks.append((y.end, "past_fact"))
    if not marks:
        return None
    pos, reason = max(marks)
    if any(
        y.is_deadline and (y.year is None or not pub_year or y.year >= pub_year)
        for y in years.within(pos, q.start)
    ):
        return None
    if reason == "reference_cue" and rules.goal_verbs.search(text, pos, q.start):
        return None
    return reason


def _closed_parenthesis_between(before: str, i: int) -> bool:
    """Whether position ``i`` of ``before`` is inside parentheses that close before its end."""
    opened = before.rfind("(", 0, i)
    return opened >= 0 and before.rfind(")", 0, i) < opened and ")" in before[i:]


_TABLE_KINDS = {
    "target": ("target", "table_target"),
    "baseline": ("reference", "table_baseline"),
}


class _ProseCues(NamedTuple):
    """The catalog's cue lists read by :func:`_kind_in_prose`, each joined into one pattern."""

    condition_alone: AnyOf
    condition_before: AnyOf
    condition_after: AnyOf
    reference_after: AnyOf
    reference_before: AnyOf
    any_reference_cue: InWindows  # in windows of the document's text

    @classmethod
    def of(cls, rules: Rules, text: str) -> _ProseCues:
        return cls(
            any_of(rules.condition_alone),
            any_of(rules.condition_before),
            any_of(rules.condition_after),
            any_of(rules.reference_after),
            any_of(rules.reference_before),
            InWindows(
                re.compile("|".join(re.escape(c) for c in rules.reference_cues) or "(?!)"), text
            ),
        )


def classify(numbers: list[Number], doc: Doc) -> list[Kind]:
    """Stage 2: what each number is, in order. A number in a table cell is what its column says
    (a target, a baseline, or a label); one in prose is read from the words around it."""
    out: list[Kind] = []
    cues = _ProseCues.of(doc.catalog.rules, doc.text)
    for q in numbers:
        if q.unread is not None:
            out.append(Kind(q, "ignored", q.unread))
            continue
        found = doc.tables.cell_at(q.start)
        if found is not None:
            kind, reason = _TABLE_KINDS.get(found[1].role, ("ignored", "table_label"))
        else:
            kind, reason = _kind_in_prose(q, doc, cues)
        out.append(Kind(q, kind, reason))
    return out


def _kind_in_prose(q: Number, doc: Doc, cues: _ProseCues) -> tuple[str, str]:
    """(kind, reason) of a number written in prose, from the words around it."""
    text, rules = doc.text, doc.catalog.rules
    clause_a, _ = doc.clauses.bounds(q.start, q.end)
    before = text[clause_a : q.start]
    after = text[q.end : q.end + 12]
    if q.value_as_stated is None:
        return "ignored", "unparsed_numeral"
    if rules.change_before.search(before):
        # "提高5个百分点", "人均预期寿命提高1岁": a change from a baseline, not a level. It stays a
        # target but never lands on a level indicator: the reviewer sees it unmapped.
        return "target", "change_from_baseline"
    if cues.condition_alone.search(before) or (
        q.stated_unit not in rules.condition_units_exempt
        and cues.condition_before.search(before)
        and cues.condition_after.search(after)
    ):
        return "ignored", "condition"
    if cues.reference_after.search(after) or cues.reference_before.search(before):
        return "reference", "population_fact"
    sentence = doc.sentences.at(q.start)
    # Facts are read in the sentence, at most CONTEXT characters back (linear in its length).
    fact = _is_fact(
        q, doc, cues, max(sentence.start, q.start - textmod.CONTEXT) if sentence else clause_a
    )
    if fact:
        return "reference", fact
    if (
        (q.unit_as_stated is None or q.unit_as_stated in MULTIPLIER_WORDS)
        and q.stated_unit is None
        and not rules.bare_quantity_before.search(before)
    ):
        return "ignored", "bare_number"
    if (
        q.is_chinese
        and q.value_as_stated == 1
        and any(text.endswith(w, q.start, q.end) for w in rules.vague_one_classifiers)
    ):
        return "ignored", "vague_quantity"
    return "target", "quantity_in_plan"
