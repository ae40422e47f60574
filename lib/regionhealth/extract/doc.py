"""One document, analysed once: the text views and indexes every extraction stage reads.

Built by :func:`regionhealth.extract.pipeline.extract_document`; stages take it and never change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from regionhealth.catalog.loader import Catalog
from regionhealth.patterns.words import TextHits
from regionhealth.text.clean import ClauseIndex, Span, SpanIndex
from regionhealth.text.tables import Tables
from regionhealth.text.years import YearExpr, YearIndex


@dataclass(frozen=True)
class Doc:
    """A document's raw text, its cleaned view (same length) and what is computed from it once."""

    raw: str
    text: str  # folded (simplified, ASCII punctuation) with chrome and table pipes blanked
    published: date | None
    catalog: Catalog
    sentences: SpanIndex  # (a RememberedSpans: each number's sentence is asked for by every stage)
    paragraphs: SpanIndex
    clauses: ClauseIndex  # clause boundaries (a RememberedClauses), looked up for every number
    tables: Tables
    years: YearIndex  # year expressions left after furniture was claimed
    horizon: YearExpr | None  # the document's main goal year
    hits: TextHits  # every indicator wording, found once

    @property
    def published_year(self) -> int | None:
        return self.published.year if self.published else None


# Each stage asks for a number's clause and sentence again (kind, fields, semantics, restatements):
# the answers are remembered per position, so each is found by bisection once per number.
_UNKNOWN = object()


class RememberedSpans(SpanIndex):
    """A :class:`~regionhealth.text.clean.SpanIndex` that remembers the span of each position asked."""

    def __init__(self, spans: list[Span]) -> None:
        super().__init__(spans)
        self._known: dict[int, Span | None] = {}

    def at(self, pos: int) -> Span | None:
        found = self._known.get(pos, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._known[pos] = SpanIndex.at(self, pos)
        return found  # type: ignore[return-value]


class RememberedClauses(ClauseIndex):
    """A :class:`~regionhealth.text.clean.ClauseIndex` that remembers the bounds of each span asked."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._known: dict[tuple[int, int], tuple[int, int]] = {}

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        key = (start, end)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = ClauseIndex.bounds(self, start, end)
        return found
