"""The year a prose target is for: a year of its clause, else a deadline of its sentence, then of
its paragraph, else the document's horizon (part of stage 3, :mod:`regionhealth.extract.describe`).

In its own clause a number takes any year but an annual one ("2025年每万常住人口…"); further away
only deadlines ("到2025年底") and spans ("三年"). A year right after 比/从 is a baseline (比2020年
提高), never a target's year. The years a target may take are filtered once per document and the
nearest one found by bisection, so a sentence or paragraph with many years costs no more per number
than a short one.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from regionhealth.extract.records import Number
from regionhealth.text.clean import Span
from regionhealth.text.years import YearExpr

if TYPE_CHECKING:
    from regionhealth.extract.doc import Doc


class TargetYears:
    """The year expressions of one document that a target can take its year from."""

    def __init__(self, doc: Doc) -> None:
        text, baseline_year_before = doc.text, doc.catalog.rules.baseline_year_before
        self.text = text
        self.horizon = doc.horizon
        self.annual = [y.start for y in doc.years.all if y.kind == "annual"]
        near = [
            y
            for y in doc.years.all
            if y.kind != "annual"
            and not baseline_year_before.search(text, max(0, y.start - 2), y.start)
        ]
        far = [y for y in near if y.is_deadline or y.kind == "relative"]
        self.near, self.near_starts = near, [y.start for y in near]
        self.far, self.far_starts = far, [y.start for y in far]

    def of(
        self, q: Number, clause: tuple[int, int], sentence: Span | None, paragraph: Span | None
    ) -> tuple[int | None, str, str | None]:
        """(target_year, year_basis, period) of ``q``, a number of ``clause``."""
        period = "annual" if self.has_annual(*clause) else None
        pick, level = None, "clause"
        if self.near:  # else no year to pick at any level (``far`` is a part of ``near``)
            pick = self.pick(q, clause[0], clause[1], "clause")
            if pick is None and sentence:
                pick, level = self.pick(q, sentence.start, sentence.end, "sentence"), "sentence"
            if pick is None and paragraph:
                pick, level = (
                    self.pick(q, paragraph.start, paragraph.end, "paragraph"),
                    "paragraph",
                )
        if pick is not None:
            basis = pick.basis if level == "clause" else f"{pick.basis} ({level})"
            if pick.span and period is None:
                period = f"span:{pick.span}"
            return pick.year, basis, period
        if self.horizon is not None:
            return self.horizon.year, f"document_horizon:{self.horizon.surface}", period
        return None, "none", period

    def has_annual(self, a: int, b: int) -> bool:
        """Whether an annual expression (每年, 年均) starts in [a, b)."""
        i = bisect.bisect_left(self.annual, a)
        return i < len(self.annual) and self.annual[i] < b

    def pick(self, q: Number, a: int, b: int, level: str) -> YearExpr | None:
        """The year of ``q`` in [a, b) at ``level``: the last one before the number, else (not in
        a paragraph) the first one after it unless a parenthesis opens between them ("90%(2022年为
        84%)": a year in a parenthesis after the number states its baseline)."""
        years, starts = (
            (self.near, self.near_starts) if level == "clause" else (self.far, self.far_starts)
        )
        lo = bisect.bisect_left(starts, a)
        for i in range(bisect.bisect_left(starts, min(b, q.start)) - 1, lo - 1, -1):
            if years[i].end <= q.start:
                return years[i]
        if level == "paragraph":
            return None
        i = bisect.bisect_left(starts, max(a, q.end))
        if i < len(starts) and starts[i] < b and self.text.find("(", q.end, starts[i]) < 0:
            return years[i]
        return None
