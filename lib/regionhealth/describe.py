"""Describe a target: comparator, year, scope, indicator and canonical value, from its context.

Called by :mod:`regionhealth.extract` once every number is classified; works clause by clause so
numbers listed together (分别…和…, 城区9分钟、乡镇15分钟) share what they share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from regionhealth import text as textmod
from regionhealth.catalog import Catalog, Rules
from regionhealth.comparators import comparator
from regionhealth.errors import RegionhealthError
from regionhealth.numbers import MULTIPLIER_WORDS
from regionhealth.units import POP_BASES, convert, dimension, load_units, scaled_unit
from regionhealth.years import YearExpr, YearIndex

if TYPE_CHECKING:
    from regionhealth.doc import Doc

__all__ = ["Mention", "YearIndex", "clause_bounds", "describe_targets", "document_horizon"]


@dataclass
class Mention:
    """One number in a document, with everything decided about it."""

    start: int
    end: int
    surface: str
    kind: str  # 'target' | 'reference' | 'ignored'
    reason: str
    value_as_stated: float | None = None
    value_high_as_stated: float | None = None
    unit_as_stated: str | None = None
    stated_unit: str | None = None  # unit code of unit_as_stated
    comparator: str | None = None
    target_year: int | None = None
    year_basis: str | None = None
    period: str | None = None
    scope: str | None = None
    indicator_code: str | None = None
    value: float | None = None
    value_high: float | None = None
    unit: str | None = None
    quote_start: int | None = None
    quote_end: int | None = None
    group_id: str | None = None
    is_chinese: bool = False
    # Stated in an indicator table's row: the base column's value (in ``unit``) and year, and
    # the 属性 column's binding ('binding' / 'expected'); None for targets written as prose.
    baseline_as_stated: float | None = None
    baseline_year: int | None = None
    binding: str | None = None


# --- context helpers --------------------------------------------------------------------------


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): between two of ,，；;。！!？? or line breaks (bounded)."""
    return textmod.clause_bounds(text, start, end)


def document_horizon(text: str, years: YearIndex, cues: re.Pattern[str]) -> YearExpr | None:
    """The document's main goal year: the first deadline stated near a '目标/总体要求' heading
    (``rules.yaml: horizon_cues``)."""
    for m in cues.finditer(text):
        after = [y for y in years.within(m.end(), m.end() + 601) if y.year and y.is_deadline]
        before = [y for y in years.within(m.start() - 200, m.start()) if y.year and y.is_deadline]
        if after or before:
            return after[0] if after else before[-1]
    return None


def _resolve_year(m: Mention, doc: Doc, clause: tuple[int, int]) -> None:
    """Target year: the clause's year, else a deadline of the sentence, then of the paragraph,
    else the document's horizon."""
    text, years, horizon = doc.text, doc.years, doc.horizon
    baseline_year_before = doc.catalog.rules.baseline_year_before
    sentence, paragraph = doc.sentences.at(m.start), doc.paragraphs.at(m.start)
    if any(y.kind == "annual" for y in years.within(clause[0], clause[1])):
        m.period = "annual"
    scopes = [("clause", clause[0], clause[1])]
    if sentence:
        scopes.append(("sentence", sentence.start, sentence.end))
    if paragraph:
        scopes.append(("paragraph", paragraph.start, paragraph.end))
    for level, a, b in scopes:
        # In the number's own clause any year counts ("2025年每万常住人口…"); further away only
        # deadlines ("到2025年底") and spans ("三年") do.
        inside = [
            y
            for y in years.within(a, b)
            if y.kind != "annual"
            # 比2020年提高, 从2020年的…提高到: a baseline, not a deadline
            and not baseline_year_before.search(text, max(0, y.start - 2), y.start)
            and (level == "clause" or y.is_deadline or y.kind == "relative")
        ]
        before = [y for y in inside if y.end <= m.start]
        # "90%(2022年为84%)": a year in a parenthesis after the number states its baseline.
        after = [y for y in inside if y.start >= m.end and "(" not in text[m.end : y.start]]
        pick = before[-1] if before else (after[0] if after and level != "paragraph" else None)
        if pick is not None:
            m.target_year = pick.year
            m.year_basis = pick.basis if level == "clause" else f"{pick.basis} ({level})"
            if pick.span and m.period is None:
                m.period = f"span:{pick.span}"
            return
    if horizon is not None:
        m.target_year = horizon.year
        m.year_basis = f"document_horizon:{horizon.surface}"
    else:
        m.year_basis = "none"


# A number written without a unit word ("年体检人数达到18.2万") may be any kind of count.


_UNITLESS_DIMENSIONS = frozenset({"count", "persons", "person_times"})


def usable_indicators(catalog: Catalog, stated_unit: str | None) -> frozenset[int]:
    """Indicators (by number) whose canonical unit converts from the stated unit."""
    dims = {dimension(stated_unit)} if stated_unit else _UNITLESS_DIMENSIONS
    return frozenset().union(*(catalog.by_dimension.get(d, frozenset()) for d in dims))


def closest(catalog: Catalog, best: dict[int, tuple[int, int]]) -> int | None:
    """The indicator of the nearest match (then the longest, then the first code)."""
    return min(best, key=lambda i: (best[i], catalog.indicators[i].code)) if best else None


Range = tuple[int, int]


def _completed_part(
    catalog: Catalog, usable: frozenset[int], part: str, heads: str | None
) -> int | None:
    """The indicator of a listed modifier completed with the head of the list's last item:
    高血压、糖尿病患者规范管理率 lists 高血压患者规范管理率 and 糖尿病患者规范管理率."""
    if not heads or len(part.strip()) > _MODIFIER_MAX or part is heads:
        return None
    part = part.strip()
    for j in range(1, len(heads)):
        completed = part + heads[j:]
        hits = [h for h in catalog.matcher.hits(completed, usable) if h.start == 0]
        if hits and max(h.end for h in hits) > len(part):
            return closest(catalog, {h.owner: (0, h.start - h.end) for h in hits})
    return None


# A listed item completed with the last item's head is a short modifier (高血压, 0-6岁儿童).
_MODIFIER_MAX = 6


def _choose_indicator(
    doc: Doc,
    usable: frozenset[int],
    part: str | None,
    windows: list[tuple[Range, Range]],
    heads: str | None = None,
) -> int | None:
    """Number of the nearest-matching usable indicator: in the 分别 part, else in the windows
    (text ranges before and after the number), tried in order.

    A count followed at once by the name of a concept it cannot measure ("10个“中医阁”", where
    中医阁 is a share-only indicator) gets no code rather than the code of its neighbour.
    """
    catalog = doc.catalog
    if part is not None:
        found = closest(catalog, catalog.matcher.nearest(usable, part, ""))
        if found is not None:
            return found
        found = _completed_part(catalog, usable, part, heads)
        if found is not None:
            return found
    others = catalog.all_indicators - usable
    for before, after in windows:
        empty = (after[0], after[0])
        named_after = [d for d in doc.hits.nearest(others, empty, after).values() if d[0] <= 1]
        if named_after and not doc.hits.nearest(usable, empty, after):
            return None
        found = closest(catalog, doc.hits.nearest(usable, before, after))
        if found is not None:
            return found
    return None


def _scope(scopes: tuple[tuple[str, re.Pattern[str]], ...], before: str) -> str | None:
    best: tuple[int, str] | None = None
    for code, p in scopes:
        for mm in p.finditer(before):
            cand = (len(before) - mm.end(), code)
            if best is None or cand < best:
                best = cand
    return best[1] if best else None


def describe_targets(quantities: list[Mention], doc: Doc) -> None:
    """Comparator, year, scope, indicator and value of every prose target, clause by clause."""
    text = doc.text
    by_clause: dict[tuple[int, int], list[Mention]] = {}
    for q in quantities:
        if q.kind == "target":
            by_clause.setdefault(clause_bounds(text, q.start, q.end), []).append(q)
    for clause, qs in by_clause.items():
        _describe_clause(doc, clause, qs)


def _describe_clause(doc: Doc, clause: Range, qs: list[Mention]) -> None:
    text, catalog, rules = doc.text, doc.catalog, doc.catalog.rules
    ca, cb = clause
    clause_text = text[ca:cb]
    fenbie = min((i for w in rules.respectively if (i := clause_text.find(w)) >= 0), default=-1)
    group_parts: dict[int, str] = {}
    last_part: str | None = None
    if fenbie >= 0:
        grouped = [q for q in qs if q.start >= ca + fenbie]
        parts = _split_parts(text[ca : ca + fenbie], len(grouped), rules)
        if parts:
            last_part = parts[-1]
            for q, part in zip(grouped, parts, strict=True):
                group_parts[id(q)] = part
                q.group_id = f"pair:{grouped[0].start}"
    prev_end = ca
    for i, q in enumerate(qs):
        before = text[prev_end : q.start]
        nxt = qs[i + 1].start if i + 1 < len(qs) else cb
        after_range = (q.end, nxt)
        if not text[q.end : nxt].strip() and i + 1 < len(qs):
            # "2个1000万元引育专项基金": nothing between two numbers, so both are about what follows.
            after_range = (qs[i + 1].end, qs[i + 2].start if i + 2 < len(qs) else cb)
        whole_before = text[ca : q.start]
        q.comparator = comparator(
            catalog.comparators,
            before if before.strip() else whole_before,
            text[q.end : cb],
            q.value_high_as_stated is not None,
        )
        # Population base (千人, 每万常住人口) turns a count into a rate.
        stated = q.stated_unit
        if stated in ("count", "persons", None) or (
            stated and dimension(stated) in ("count", "persons")
        ):
            bases = list(rules.pop_base.finditer(whole_before))
            if bases:
                base = bases[-1]
                code, word = POP_BASES[base.group(1)]
                # 每万名老年人 is not 每万人: a population group after the base is its own unit.
                rest = whole_before[base.end() :].lstrip()
                for group, pattern in rules.pop_groups:
                    g = pattern.match(rest)
                    if g:
                        code = code.removesuffix("_pop") + f"_{group}"
                        if code not in load_units():
                            raise RegionhealthError(
                                f"rules.yaml: pop_groups {group}: unit {code!r} missing in units.csv"
                            )
                        word = f"{base.group(0).lstrip('每').strip()}{g.group(0)}"
                        break
                q.stated_unit = code
                q.unit_as_stated = f"{q.unit_as_stated or ''}/{word}"
        part = group_parts.get(id(q))
        windows: list[tuple[Range, Range]] = []
        if not before.strip() or before.strip() in rules.listed_number_joins:
            # "10名江淮名医、20名秋浦名医": a listed number is about the words after it.
            windows.append(((q.start, q.start), after_range))
        windows += [((prev_end, q.start), after_range), ((ca, q.start), after_range)]
        found = (
            None
            if q.reason == "change_from_baseline"
            else _choose_indicator(
                doc, usable_indicators(catalog, q.stated_unit), part, windows, last_part
            )
        )
        ind = catalog.indicators[found] if found is not None else None

        # Words that name the indicator are not its scope (基层就诊率 is not "primary care only").
        masked_part = catalog.matcher.mask(found, part) if found is not None and part else part
        masked_before = catalog.matcher.mask(found, before) if found is not None else before
        q.scope = _scope(rules.scopes, masked_part) if masked_part is not None else None
        if q.scope is None:
            q.scope = _scope(rules.scopes, masked_before)
        _resolve_year(q, doc, clause)
        s = doc.sentences.at(q.start)
        if s is None:
            s = textmod.Span(ca, cb)
        q.quote_start, q.quote_end = s.start, s.end
        if q.stated_unit is None:
            # Unitless count: it is in whatever count unit the indicator uses; "18.2万" with no
            # unit word is 18.2 of the unit ten thousand times that one (10k_persons for persons).
            q.stated_unit = ind.unit if ind is not None else "count"
            factor = MULTIPLIER_WORDS.get(q.unit_as_stated or "")
            if factor is not None:
                scaled = scaled_unit(q.stated_unit, factor)
                if scaled is not None:
                    q.stated_unit = scaled
                else:  # no unit that large in this dimension: state the whole number instead
                    q.value_as_stated *= factor
                    if q.value_high_as_stated is not None:
                        q.value_high_as_stated *= factor
                    q.unit_as_stated = ""
        if ind is not None:
            q.indicator_code = ind.code
            q.unit = ind.unit
            q.value = convert(q.value_as_stated, q.stated_unit, ind.unit)
            if q.value_high_as_stated is not None:
                q.value_high = convert(q.value_high_as_stated, q.stated_unit, ind.unit)
        else:
            q.unit = q.stated_unit
            q.value = q.value_as_stated
            q.value_high = q.value_high_as_stated
        if not q.unit_as_stated:
            q.unit_as_stated = ""
        prev_end = q.end
    _share_comparators(qs, text)


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


def _share_comparators(qs: list[Mention], text: str) -> None:
    """Numbers listed together share a comparator: '城区9分钟、乡镇15分钟”以内', '分别达到4%、8%以上'."""

    def close(a: Mention, b: Mention) -> bool:
        gap = text[a.end : b.start]
        return (
            len(gap) <= 8 and a.stated_unit == b.stated_unit and not re.search(r"[，,；;。]", gap)
        )

    for i in range(len(qs) - 2, -1, -1):  # trailing 以上/以内 applies to the numbers before it
        if (
            qs[i].comparator == "="
            and qs[i + 1].comparator in ("<=", ">=", "<", ">")
            and close(qs[i], qs[i + 1])
        ):
            qs[i].comparator = qs[i + 1].comparator
    for i in range(1, len(qs)):  # a leading 少于/控制在 applies to the numbers after it
        if (
            qs[i].comparator == "="
            and qs[i - 1].comparator in ("<=", ">=", "<", ">")
            and close(qs[i - 1], qs[i])
        ):
            qs[i].comparator = qs[i - 1].comparator
    groups: dict[str, list[Mention]] = {}
    for q in qs:
        if q.group_id and q.group_id.startswith("pair:"):
            groups.setdefault(q.group_id, []).append(q)
    for g in groups.values():
        comps = [q.comparator for q in g if q.comparator not in ("=", "range")]
        if comps:
            for q in g:
                if q.comparator == "=":
                    q.comparator = comps[-1]
