"""Decisions that need every target described first: they read a target's neighbours.

- A number whose year, read from its sentence or paragraph, lies before the document's
  publication is a fact about the past, not a goal (2020年末…人均预期寿命达到78.6岁 in a 2021 plan).
- An elliptical clause (城市地区…急救服务半径不超过5公里，农村地区不超过15公里) names no indicator
  of its own: its number is about the indicator of the number before it in the same sentence,
  when both are stated in the same unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from regionhealth.catalog import Catalog
from regionhealth.describe import Mention, clause_bounds
from regionhealth.doc import Doc
from regionhealth.units import convert

# An elliptical clause leaves at most a comparator (不超过, 达到, 控制在…) before its number.
_ELLIPSIS_MAX_CHARS = 4
# Year bases that come from the words around the number (not the document's horizon).
_STATED_BASES = ("explicit:", "period_end:", "named:")


def past_goals_are_facts(targets: Sequence[Mention], published_year: int | None) -> None:
    """A prose target dated before the publication year by its own context becomes a reference."""
    if published_year is None:
        return
    for q in targets:
        if (
            q.kind == "target"
            and q.reason == "quantity_in_plan"
            and q.target_year is not None
            and q.target_year < published_year
            and (q.year_basis or "").startswith(_STATED_BASES)
        ):
            q.kind, q.reason = "reference", "past_fact"


def _elliptical(before: str, catalog: Catalog) -> bool:
    """Whether the words before a number are only a scope and a comparator (农村地区不超过)."""
    for _, pattern in catalog.rules.scopes:
        before = pattern.sub("", before)
    return len(before.strip()) <= _ELLIPSIS_MAX_CHARS


def elliptical_clauses(targets: Sequence[Mention], doc: Doc) -> None:
    """A target with no indicator wording in its clause takes the previous target's indicator."""
    text, sentences, catalog = doc.text, doc.sentences, doc.catalog
    by_code = {ind.code: ind for ind in catalog.indicators}
    previous: Mention | None = None
    for q in targets:
        if q.kind != "target" or q.reason != "quantity_in_plan":
            continue
        p, previous = previous, q
        if p is None or q.indicator_code is not None or p.indicator_code is None:
            continue
        s = sentences.at(q.start)
        if s is None or not s.start <= p.start or p.stated_unit != q.stated_unit:
            continue
        clause_a, _ = clause_bounds(text, q.start, q.end)
        if clause_a <= p.end or not _elliptical(text[clause_a : q.start], catalog):
            continue  # same clause as the previous number, or words of its own
        ind = by_code[p.indicator_code]
        q.indicator_code, q.unit = ind.code, ind.unit
        # From the stated unit to the inherited indicator's canonical unit (same dimension).
        q.value = convert(q.value_as_stated, q.stated_unit, ind.unit)
        if q.value_high_as_stated is not None:
            q.value_high = convert(q.value_high_as_stated, q.stated_unit, ind.unit)
