"""Decisions that need every target described first: they read a target's neighbours.

- An elliptical clause (城市地区…急救服务半径不超过5公里，农村地区不超过15公里) names no indicator
  of its own: its number is about the indicator of the number before it in the same sentence,
  when both are stated in the same unit (new target fields, the last step of stage 3).
- A number whose year, read from its sentence or paragraph, lies before the document's
  publication is a fact about the past, not a goal (2020年末…人均预期寿命达到78.6岁 in a 2021
  plan): a new kind (the last step of stage 2, which needs the year of stage 3).

Both return new records; the records they read are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from regionhealth.catalog.loader import Catalog
from regionhealth.extract.conversion import to_canonical
from regionhealth.extract.doc import Doc
from regionhealth.extract.records import Kind, TargetFields

# An elliptical clause leaves at most a comparator (不超过, 达到, 控制在…) before its number.
_ELLIPSIS_MAX_CHARS = 4
# Year bases that come from the words around the number (not the document's horizon).
_STATED_BASES = ("explicit:", "period_end:", "named:")


def past_goals_are_facts(
    prose: Sequence[Kind], fields: dict[int, TargetFields], published_year: int | None
) -> dict[int, Kind]:
    """The prose targets dated before the publication year by their own context, as references."""
    out: dict[int, Kind] = {}
    if published_year is None:
        return out
    for k in prose:
        f = fields.get(k.number.start)
        if (
            k.kind == "target"
            and k.reason == "quantity_in_plan"
            and f is not None
            and f.target_year is not None
            and f.target_year < published_year
            and f.year_basis.startswith(_STATED_BASES)
        ):
            out[k.number.start] = Kind(k.number, "reference", "past_fact")
    return out


def _elliptical(before: str, catalog: Catalog) -> bool:
    """Whether the words before a number are only a scope and a comparator (农村地区不超过)."""
    for _, pattern in catalog.rules.scopes:
        before = pattern.sub("", before)
    return len(before.strip()) <= _ELLIPSIS_MAX_CHARS


def elliptical_clauses(
    prose: Sequence[Kind], fields: dict[int, TargetFields], doc: Doc
) -> dict[int, TargetFields]:
    """New fields for the targets with no indicator wording in their clause: the previous
    target's indicator (a chain of such clauses passes it on)."""
    text, sentences, catalog = doc.text, doc.sentences, doc.catalog
    by_code = {ind.code: ind for ind in catalog.indicators}
    out: dict[int, TargetFields] = {}
    previous: tuple[int, int, TargetFields] | None = None
    for k in prose:
        q = k.number
        f = fields.get(q.start)
        if k.kind != "target" or k.reason != "quantity_in_plan" or f is None:
            continue
        p, previous = previous, (q.start, q.end, f)
        if p is None or f.indicator_code is not None or p[2].indicator_code is None:
            continue
        p_start, p_end, pf = p
        s = sentences.at(q.start)
        if s is None or not s.start <= p_start or pf.stated_unit != f.stated_unit:
            continue
        clause_a, _ = doc.clauses.bounds(q.start, q.end)
        if clause_a <= p_end or not _elliptical(text[clause_a : q.start], catalog):
            continue  # same clause as the previous number, or words of its own
        ind = by_code[pf.indicator_code]
        # The value as stated, in the inherited indicator's canonical unit.
        c = to_canonical(
            catalog.units,
            f.value_as_stated,
            f.value_high_as_stated,
            f.unit_as_stated,
            f.stated_unit,
            ind.unit,
        )
        f = f._replace(indicator_code=ind.code, unit=c.unit, value=c.value, value_high=c.value_high)
        out[q.start] = f
        previous = (q.start, q.end, f)
    return out
