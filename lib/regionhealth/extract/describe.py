"""Describe a target: comparator, year, scope, indicator and canonical value, from its context.

Stage 3 for prose (:mod:`regionhealth.extract.describe_table` for table rows): takes the numbers the kind
stage made targets and returns one frozen :class:`~regionhealth.extract.records.TargetFields` per number.
It works clause by clause so numbers listed together (分别…和…, 城区9分钟、乡镇15分钟) share what
they share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from regionhealth.catalog.comparators import comparator
from regionhealth.catalog.loader import Rules
from regionhealth.extract.conversion import per_population, to_canonical
from regionhealth.extract.indicator_choice import Range, UsableIndicators, choose_indicator, scope
from regionhealth.extract.records import Kind, Number, TargetFields
from regionhealth.extract.target_years import TargetYears
from regionhealth.text import clean as textmod
from regionhealth.text.years import YearExpr, YearIndex

if TYPE_CHECKING:
    from regionhealth.extract.doc import Doc

__all__ = ["YearIndex", "describe_targets", "document_horizon"]


# --- context helpers --------------------------------------------------------------------------


def document_horizon(text: str, years: YearIndex, cues: re.Pattern[str]) -> YearExpr | None:
    """The document's main goal year: the first deadline stated near a '目标/总体要求' heading
    (``rules.yaml: horizon_cues``)."""
    for m in cues.finditer(text):
        after = [y for y in years.within(m.end(), m.end() + 601) if y.year and y.is_deadline]
        before = [y for y in years.within(m.start() - 200, m.start()) if y.year and y.is_deadline]
        if after or before:
            return after[0] if after else before[-1]
    return None


def _fields(q: Number, reading: _Reading, doc: Doc, known: _Known, clause: Range) -> TargetFields:
    """The target fields of ``q`` from what its clause says about it."""
    catalog, rules = doc.catalog, doc.catalog.rules
    stated, unit_as_stated = per_population(
        catalog, q.stated_unit, q.unit_as_stated, reading.whole_before
    )
    found = (
        None
        if reading.is_change
        else choose_indicator(
            catalog,
            known.indicators.usable(stated),
            reading.part,
            reading.windows,
            reading.heads,
            doc.hits,
        )
    )
    ind = catalog.indicators[found] if found is not None else None
    # Words that name the indicator are not its scope (基层就诊率 is not "primary care only").
    part, before = reading.part, reading.before
    masked_part = catalog.matcher.mask(found, part) if found is not None and part else part
    masked_before = (
        _masked(doc, found, reading.before_start, q.start, before) if found is not None else before
    )
    target_scope = scope(rules, masked_part) if masked_part is not None else None
    if target_scope is None:
        target_scope = scope(rules, masked_before)
    sentence = doc.sentences.at(q.start)
    year, basis, period = known.years.of(q, clause, sentence, doc.paragraphs.at(q.start))
    s = sentence or textmod.Span(*clause)
    c = to_canonical(
        catalog.units,
        q.value_as_stated,
        q.value_high_as_stated,
        unit_as_stated,
        stated,
        ind.unit if ind is not None else None,
    )
    return TargetFields(
        value_as_stated=c.value_as_stated,
        value_high_as_stated=c.value_high_as_stated,
        unit_as_stated=c.unit_as_stated,
        stated_unit=c.stated_unit,
        comparator=reading.comparator,
        target_year=year,
        year_basis=basis,
        period=period,
        scope=target_scope,
        indicator_code=ind.code if ind is not None else None,
        value=c.value,
        value_high=c.value_high,
        unit=c.unit,
        quote_start=s.start,
        quote_end=s.end,
        group_id=reading.group_id,
    )


def _masked(doc: Doc, found: int, a: int, b: int, piece: str) -> str:
    """``piece`` (the text [a, b)) with every wording of indicator ``found`` blanked out.

    An indicator named by plain synonyms only has its wordings among the document's hits, found
    once (the automaton reports every occurrence, so those inside [a, b) are the ones a search of
    ``piece`` finds); one with regex patterns is searched in ``piece`` itself, as a pattern may
    match differently there than in the whole text.
    """
    if doc.catalog.indicators[found].patterns:
        return doc.catalog.matcher.mask(found, piece)
    hits = doc.hits.within(a, b, doc.catalog.only[found])
    if not hits:
        return piece
    chars = list(piece)
    for h in hits:
        chars[h.start - a : h.end - a] = " " * (h.end - h.start)
    return "".join(chars)


class _Known(NamedTuple):
    """What every target of a document looks up, prepared once for the document."""

    years: TargetYears
    indicators: UsableIndicators


class _Reading(NamedTuple):
    """What a number's clause says around it, read once (the inputs of :func:`_fields`)."""

    before: str  # since the previous number of the clause
    before_start: int  # where ``before`` starts in the text
    whole_before: str  # since the clause start
    windows: list[tuple[Range, Range]]  # (before, after) text ranges to find its indicator in
    comparator: str
    is_change: bool  # a change from a baseline never lands on a level indicator
    part: str | None = None  # its own part of a 分别 list
    heads: str | None = None  # the last part of that list (its head completes the others)
    group_id: str | None = None


def describe_targets(targets: Sequence[Kind], doc: Doc) -> dict[int, TargetFields]:
    """Comparator, year, scope, indicator and value of every prose target, clause by clause,
    keyed by the number's start."""
    text = doc.text
    by_clause: dict[Range, list[Number]] = {}
    kinds: dict[int, Kind] = {}
    bounds = doc.clauses.bounds
    for k in targets:
        if k.kind == "target":
            q = k.number
            kinds[q.start] = k
            by_clause.setdefault(bounds(q.start, q.end), []).append(q)
    out: dict[int, TargetFields] = {}
    if not by_clause:
        return out
    known = _Known(TargetYears(doc), UsableIndicators(doc.catalog))
    for clause, qs in by_clause.items():
        readings = _read_clause(doc, clause, qs, kinds)
        fields = [_fields(q, r, doc, known, clause) for q, r in zip(qs, readings, strict=True)]
        for q, f in zip(qs, _share_comparators(qs, fields, text), strict=True):
            out[q.start] = f
    return out


def _read_clause(
    doc: Doc, clause: Range, qs: list[Number], kinds: dict[int, Kind]
) -> list[_Reading]:
    """One reading per number of the clause, in order."""
    text, rules = doc.text, doc.catalog.rules
    ca, cb = clause
    clause_text = text[ca:cb]
    fenbie = -1  # where the first 分别 word of the clause starts
    for w in rules.respectively:
        i = clause_text.find(w)
        if i >= 0 and (fenbie < 0 or i < fenbie):
            fenbie = i
    parts: dict[int, str] = {}
    heads: str | None = None
    group_id: str | None = None
    if fenbie >= 0:
        grouped = [q for q in qs if q.start >= ca + fenbie]
        split = _split_parts(text[ca : ca + fenbie], len(grouped), rules)
        if split:
            heads = split[-1]
            group_id = f"pair:{grouped[0].start}"
            parts = {q.start: part for q, part in zip(grouped, split, strict=True)}
    out: list[_Reading] = []
    prev_end = ca
    for i, q in enumerate(qs):
        before = text[prev_end : q.start]
        nxt = qs[i + 1].start if i + 1 < len(qs) else cb
        after_range = (q.end, nxt)
        if not text[q.end : nxt].strip() and i + 1 < len(qs):
            # "2个1000万元引育专项基金": nothing between two numbers, so both are about what follows.
            after_range = (qs[i + 1].end, qs[i + 2].start if i + 2 < len(qs) else cb)
        whole_before = text[ca : q.start]
        windows: list[tuple[Range, Range]] = []
        if not before.strip() or before.strip() in rules.listed_number_joins:
            # "10名江淮名医、20名秋浦名医": a listed number is about the words after it.
            windows.append(((q.start, q.start), after_range))
        windows.append(((prev_end, q.start), after_range))
        if prev_end != ca:  # the first number of a clause: the two windows are one
            windows.append(((ca, q.start), after_range))
        out.append(
            _Reading(  # positional, in the order of the fields (one per number)
                before,
                prev_end,
                whole_before,
                windows,
                comparator(
                    doc.catalog.comparators,
                    before if before.strip() else whole_before,
                    text[q.end : cb],
                    q.value_high_as_stated is not None,
                ),
                kinds[q.start].reason == "change_from_baseline",
                parts.get(q.start),
                heads,
                group_id if q.start in parts else None,
            )
        )
        prev_end = q.end
    return out


_ENDS_IN_NUMERAL = re.compile(r"[一二三四五六七八九十\d]\s*$")
_STARTS_WITH_NUMERAL = re.compile(r"\s*[一二三四五六七八九十\d]\s*")


def _split_parts(segment: str, n: int, rules: Rules) -> list[str] | None:
    """Split the words before 分别 into n parts (one per number), by the first group of
    ``rules.list_separators`` (和/与/及, then 、) that gives n."""
    if n < 2:
        return None
    for sep in rules.list_separators:
        parts = [x for x in sep.split(segment) if x.strip()]
        if len(parts) == n:
            # "二、三级公立医院": a bare numeral borrows the classifier of the next part.
            for i in range(n - 1):
                if _ENDS_IN_NUMERAL.search(parts[i]):
                    nxt = _STARTS_WITH_NUMERAL.match(parts[i + 1])
                    cls = nxt and rules.borrowed_classifiers.match(parts[i + 1], nxt.end())
                    if cls:
                        parts[i] = parts[i].rstrip() + cls.group(0)
            return parts
    return None


_BOUNDS = ("<=", ">=", "<", ">")
_LIST_GAP_STOP = re.compile(r"[，,；;。]")


def _share_comparators(
    qs: list[Number], fields: list[TargetFields], text: str
) -> list[TargetFields]:
    """Numbers listed together share a comparator: '城区9分钟、乡镇15分钟”以内', '分别达到4%、8%以上'."""
    if len(qs) == 1:
        return fields  # a number alone in its clause shares with none
    comps = [f.comparator for f in fields]

    def close(i: int, j: int) -> bool:
        gap = text[qs[i].end : qs[j].start]
        return (
            len(gap) <= 8
            and fields[i].stated_unit == fields[j].stated_unit
            and not _LIST_GAP_STOP.search(gap)
        )

    for i in range(len(qs) - 2, -1, -1):  # trailing 以上/以内 applies to the numbers before it
        if comps[i] == "=" and comps[i + 1] in _BOUNDS and close(i, i + 1):
            comps[i] = comps[i + 1]
    for i in range(1, len(qs)):  # a leading 少于/控制在 applies to the numbers after it
        if comps[i] == "=" and comps[i - 1] in _BOUNDS and close(i - 1, i):
            comps[i] = comps[i - 1]
    groups: dict[str, list[int]] = {}
    for i, f in enumerate(fields):
        if f.group_id and f.group_id.startswith("pair:"):
            groups.setdefault(f.group_id, []).append(i)
    for members in groups.values():
        shared = [comps[i] for i in members if comps[i] not in ("=", "range")]
        if shared:
            for i in members:
                if comps[i] == "=":
                    comps[i] = shared[-1]
    return [
        f if c == f.comparator else f._replace(comparator=c)
        for f, c in zip(fields, comps, strict=True)
    ]
