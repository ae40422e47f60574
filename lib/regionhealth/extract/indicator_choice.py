"""Which catalog indicator a target measures, and its scope: the nearest wording whose unit fits.

The one chooser (:func:`choose_indicator`) and the one scope rule (:func:`scope`) of prose
(:mod:`regionhealth.extract.describe`), table rows (:mod:`regionhealth.extract.describe_table`) and
reference targets (:mod:`regionhealth.extract.references`).
"""

from __future__ import annotations

from collections.abc import Sequence

from regionhealth.catalog.loader import Catalog, Rules
from regionhealth.patterns.words import TextHits

Range = tuple[int, int]

# A number written without a unit word ("年体检人数达到18.2万") may be any kind of count.
_UNITLESS_DIMENSIONS = frozenset({"count", "persons", "person_times"})
# A change (提高6个百分点, 较2015年下降30%, 提高1岁) may be the change of a share, of a
# percentage or of years: a reference file states such rows against level indicators.
_CHANGE_DIMENSIONS = frozenset({"ratio", "percentage_point_change", "years"})

# A listed item completed with the last item's head is a short modifier (高血压, 0-6岁儿童).
_MODIFIER_MAX = 6


def usable_indicators(
    catalog: Catalog, stated_unit: str | None, change: bool = False
) -> frozenset[int]:
    """Indicators (by number) whose canonical unit converts from the stated unit (or that a
    stated ``change`` may be about)."""
    dims = {catalog.units.dimension(stated_unit)} if stated_unit else set(_UNITLESS_DIMENSIONS)
    if change:
        dims |= _CHANGE_DIMENSIONS
    return frozenset().union(*(catalog.by_dimension.get(d, frozenset()) for d in dims))


class UsableIndicators:
    """:func:`usable_indicators` of one catalog per stated unit, with the indicators that are not
    usable, each pair computed once (a document states a handful of units for many numbers)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._known: dict[str | None, tuple[frozenset[int], frozenset[int]]] = {}

    def usable(self, stated_unit: str | None) -> tuple[frozenset[int], frozenset[int]]:
        """(usable, not usable) indicators for a number stated in ``stated_unit``."""
        found = self._known.get(stated_unit)
        if found is None:
            usable = usable_indicators(self.catalog, stated_unit)
            found = self._known[stated_unit] = (usable, self.catalog.all_indicators - usable)
        return found


def closest(catalog: Catalog, best: dict[int, tuple[int, int]]) -> int | None:
    """The indicator of the nearest match (then the longest, then the first code)."""
    return min(best, key=lambda i: (best[i], catalog.indicators[i].code)) if best else None


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


def choose_indicator(
    catalog: Catalog,
    indicators: tuple[frozenset[int], frozenset[int]],
    part: str | None = None,
    windows: Sequence[tuple[Range, Range]] = (),
    heads: str | None = None,
    hits: TextHits | None = None,
) -> int | None:
    """Number of the nearest-matching usable indicator (``indicators``: the usable ones and the
    others, :class:`UsableIndicators`), the one chooser of prose, tables and reference files:
    in ``part`` (the words naming the number: its 分别 part, a table row's indicator cell, a
    reference row's name; the match nearest its end, then the longest, then the first code),
    else in the windows (text ranges before and after the number in the text of ``hits``),
    tried in order.

    A count followed at once by the name of a concept it cannot measure ("10个“中医阁”", where
    中医阁 is a share-only indicator) gets no code rather than the code of its neighbour.
    """
    usable, others = indicators
    if part is not None:
        found = closest(catalog, catalog.matcher.nearest(usable, part, ""))
        if found is not None:
            return found
        found = _completed_part(catalog, usable, part, heads)
        if found is not None:
            return found
    if not windows or hits is None:
        return None
    # The windows of a number share its text after: what is named there is looked up once.
    read_after: dict[Range, tuple[bool, dict[int, tuple[int, int]]]] = {}
    for before, after in windows:
        empty = (after[0], after[0])
        known = read_after.get(after)
        if known is None and after[0] == after[1]:
            known = (False, {})  # nothing after the number in its clause
        elif known is None:
            usable_after = hits.nearest(usable, empty, after)
            named_after = not usable_after and any(
                d[0] <= 1 for d in hits.nearest(others, empty, after).values()
            )
            known = read_after[after] = (named_after, usable_after)
        named_after, usable_after = known
        if named_after:
            return None
        best = hits.nearest(usable, before, empty)
        for owner, d in usable_after.items():
            if owner not in best or d < best[owner]:
                best[owner] = d
        found = closest(catalog, best)
        if found is not None:
            return found
    return None


def scope(rules: Rules, before: str) -> str | None:
    """The scope code whose pattern matches nearest the end of ``before`` (rules.yaml: scopes):
    the words before a number, the name of a table row or of a reference row."""
    if not rules.any_scope.search(before):
        return None  # most texts name no scope: one search instead of one per scope
    best: tuple[int, str] | None = None
    for code, p in rules.scopes:
        for mm in p.finditer(before):
            cand = (len(before) - mm.end(), code)
            if best is None or cand < best:
                best = cand
    return best[1] if best else None
