"""One document, analysed once: the text views and indexes every extraction stage reads.

Built by :func:`regionhealth.extract.extract_document`; stages take it and never change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from regionhealth.catalog import Catalog
from regionhealth.tables import Tables
from regionhealth.text import ClauseIndex, SpanIndex
from regionhealth.wordmatch import TextHits
from regionhealth.years import YearExpr, YearIndex


@dataclass(frozen=True)
class Doc:
    """A document's raw text, its cleaned view (same length) and what is computed from it once."""

    raw: str
    text: str  # folded (simplified, ASCII punctuation) with chrome and table pipes blanked
    published: date | None
    catalog: Catalog
    sentences: SpanIndex
    paragraphs: SpanIndex
    clauses: ClauseIndex  # clause boundaries, looked up for every number
    tables: Tables
    years: YearIndex  # year expressions left after furniture was claimed
    horizon: YearExpr | None  # the document's main goal year
    hits: TextHits  # every indicator wording, found once

    @property
    def published_year(self) -> int | None:
        return self.published.year if self.published else None
