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
from regionhealth.extract.records import Kind, Mention, Number, mention, with_semantics
from regionhealth.extract.revise import elliptical_clauses, past_goals_are_facts
from regionhealth.extract.semantics import describe_semantics
from regionhealth.patterns.anyof import AnyOf, InWindows, any_of
from regionhealth.text import clean as textmod
from regionhealth.text.numbers import (
    MULTIPLIER_WORDS,
)
from regionhealth.text.tables import find_tables
from regionhealth.text.years import YearExpr, find_years

__all__ = ["Extraction", "Mention", "extract_document", "find_mentions"]


# One number of a run of numbers (text.NUMBER_RUN_MIN): digits with their decimals.
_RUN_NUMBER = re.compile(r"\d+(?:\.\d+)?")


_new_tuple = tuple.__new__
_START = operator.itemgetter(0)  # a record's start (first field)
_span = re.Match.span
_MENTION_DEFAULTS = tuple(Mention._field_defaults.values())


def _ignored(start: int, end: int, text: str, reason: str) -> Mention:
    return _new_tuple(Mention, (start, end, text[start:end], "ignored", reason, *_MENTION_DEFAULTS))


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the stages make of one document: its mentions (each target with its semantics) in
    document order, and its main horizon year."""

    mentions: list[Mention]
    horizon_year: int | None


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
    numbers.sort(key=lambda q: q.start)
    # 2. Kind and reason: table cells by their column, prose by the words around them.
    kinds = classify(numbers, doc)
    first_target = next((k.number.start for k in kinds if k.kind == "target"), len(text))
    horizon = document_horizon(text, doc.years, catalog.rules.horizon_cues) or _lead_deadline(
        doc.years, doc.published_year, first_target
    )
    doc = replace(doc, horizon=horizon)
    # 3. Target fields: table rows, prose clauses, then elliptical clauses from their neighbours.
    fields = describe_table_targets([k for k in kinds if k.reason == "table_target"], doc)
    fields.update(describe_targets([k for k in kinds if k.reason != "table_target"], doc))
    prose = [k for k in kinds if k.reason == "quantity_in_plan"]
    fields.update(elliptical_clauses(prose, fields, doc))
    # 2'. A goal its own words date before the publication is a fact (needs the year of 3).
    revised = past_goals_are_facts(prose, fields, doc.published_year)
    kinds = [revised.get(k.number.start, k) for k in kinds]
    # 4. What kind of promise each target is.
    described = [mention(k, fields.get(k.number.start), None) for k in kinds]
    targets = [m for m in described if m.kind == "target"]
    semantics = describe_semantics(
        targets, text, doc.sentences, doc.clauses, catalog.semantics, catalog.units
    )
    mentions = furniture + [
        with_semantics(m, semantics[m.start]) if m.kind == "target" else m for m in described
    ]
    mentions.sort(key=_START)
    return Extraction(mentions, horizon.year if horizon else None)


_YEAR_REASONS = {
    "absolute": "year",
    "period": "year",
    "plan": "plan_period",
    "relative": "year_span",
}


def _claim_furniture(
    doc: Doc, folded: str, blanked: textmod.Furniture, claims: textmod.SpanSet
) -> tuple[list[Mention], list[YearExpr]]:
    """Ignored mentions for the document's furniture, in order of precedence, and the year
    expressions left free; everything claimed is taken in ``claims``."""
    raw, text, tables = doc.raw, doc.text, doc.tables
    mentions: list[Mention] = []

    def claim(a: int, b: int, reason: str) -> None:
        claims.take(a, b)
        mentions.append(_ignored(a, b, raw, reason))

    # Page chrome and runs of numbers: blanked in ``text``, their numbers accounted for, not read.
    for a, b in blanked.chrome:
        for m in DIGITS.finditer(folded, a, b):
            claim(m.start(), m.end(), "page_chrome")
    for a, b in blanked.number_runs:
        claims.take(a, b)
        # A run holds up to a number per two characters: its mentions are built as plain tuples
        # with the defaults of the fields after the reason (tuple.__new__ is a C call).
        mentions.extend(
            _new_tuple(Mention, (s, e, raw[s:e], "ignored", "number_run", *_MENTION_DEFAULTS))
            for s, e in map(_span, _RUN_NUMBER.finditer(folded, a, b))
        )
    for a, b in blanked.digit_strings:
        claim(a, b, "number_too_large")
    headers = set(tables.headers)
    for cell in (*tables.headers, *(c for r in tables.rows for c in r.cells)):
        if (cell in headers or cell.role == "sequence") and has_numeral(
            text[cell.start : cell.end]
        ):
            if claims.free(cell.start, cell.end):
                claim(cell.start, cell.end, "table_header" if cell in headers else "table_sequence")
    rules = doc.catalog.rules
    for rule, found in zip(rules.ignore, rules.ignore_scan.finditer_all(text), strict=True):
        for m in found:
            if claims.free(m.start(), m.end()) and has_numeral(m.group(0)):
                claim(m.start(), m.end(), rule.reason)
    for p in doc.paragraphs.spans:
        m = rules.list_index.match(text, p.start)
        if m and claims.free(m.start(), m.end()):
            claim(m.start(), m.end(), "list_index")
    kept: list[YearExpr] = []
    for y in find_years(text, doc.published_year, doc.catalog.years):
        if not claims.free(y.start, y.end):
            continue
        kept.append(y)
        if has_numeral(y.surface) and y.kind in _YEAR_REASONS:
            claim(y.start, y.end, _YEAR_REASONS[y.kind])
    return mentions, kept


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
