"""Year expressions: '到2025年底', '2030年底前', '十四五末', '三年', '每年', and how a year was derived.

A found expression becomes a :class:`YearExpr` with the resolved year and a ``basis`` string kept
beside the year in the store (e.g. ``explicit:到2025年底``, ``plan_period:十四五末``,
``relative:三年 from 2023``), so a reader can always see why a target got its year.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from regionhealth.numbers import CN_NUMERAL_CHARS, parse_number
from regionhealth.regexscan import Scan, ScanMatch
from regionhealth.text import SpanSet

# Four-digit year with an optional lead-in (到/至/力争到…) and tail (底/末/前/以前…).
_LEAD = r"(?:(?:力争|争取|预计)?(?:到|至|截至|截止到|于|在)|展望(?:到)?)?"
_ABSOLUTE = re.compile(
    rf"{_LEAD}(?<!\d)((?:19|20)\d{{2}})\s*年(?:度)?(?:年?(底前|底|末|前|以前|之前|内|上半年|下半年|起))?"
)
# A period of years: (2023-2025), 2021-2025年, 2023至2025年.
_PERIOD = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年)?\s*(?:-|—|–|~|至|到)\s*((?:19|20)\d{2})(?!\d)\s*年?"
)
# Five-year plan periods: 十四五 → 2021-2025, 十五五 → 2026-2030.
_PLAN = re.compile(
    r"(?:到|至|在)?[“\"]?十([一二三四五六七八九])五[”\"]?(末|期末|时期末|期间|时期|规划期末|规划期内|规划)?"
)
# A span of years counted from the document: 三年, 5年, 三年内.
_RELATIVE = re.compile(
    rf"(?<![\d{CN_NUMERAL_CHARS}第])(\d{{1,2}}|[一二两三四五六七八九十]{{1,2}})\s*年(内|间|来)?"
)
# A year named relative to the publication: 今年 (the year published), 明年, 去年.
_NAMED = re.compile(r"(?:到|至|于|在)?(今年|本年度?|明年|去年|上年)(?!度)(底前|底|末|前|内)?")
_NAMED_OFFSET = {"今年": 0, "本年": 0, "本年度": 0, "明年": 1, "去年": -1, "上年": -1}
# Recurrence: each year, year by year.
_ANNUAL = re.compile(r"每年|年均|逐年|每一年|年度")
_VAGUE = re.compile(r"本世纪中叶|中长期|远期|今后一个时期")

# Searched from the characters a match can start with (:mod:`regionhealth.regexscan`).
_SCANS = {p: Scan(p) for p in (_ABSOLUTE, _PERIOD, _PLAN, _RELATIVE, _NAMED, _ANNUAL, _VAGUE)}

_PLAN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class YearExpr:
    start: int
    end: int
    surface: str
    year: int | None
    basis: str
    kind: str  # 'absolute', 'period', 'plan', 'relative', 'annual', 'vague'
    is_deadline: bool  # a horizon ("到2025年", "十四五末"), not a mere mention of a year
    span: int | None = (
        None  # length in years of a span the target is spread over (三年 → 3, 十四五期间 → 5)
    )


def plan_end_year(n: int) -> int:
    """Last year of the n-th five-year plan: 14 (十四五) → 2025, 15 (十五五) → 2030."""
    return 2025 + (n - 14) * 5


def find_years(text: str, published_year: int | None) -> list[YearExpr]:
    """Every year expression in ``text``, non-overlapping, in order of position."""
    found: list[YearExpr] = []
    taken = SpanSet()

    def add(
        m: re.Match[str] | ScanMatch,
        year: int | None,
        basis: str,
        kind: str,
        deadline: bool,
        span: int | None = None,
    ) -> None:
        if taken.free(m.start(), m.end()):
            taken.take(m.start(), m.end())
            found.append(
                YearExpr(m.start(), m.end(), m.group(0), year, basis, kind, deadline, span)
            )

    for m in _SCANS[_PERIOD].finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b:
            add(m, b, f"period_end:{m.group(0).strip()}", "period", True)
    for m in _SCANS[_ABSOLUTE].finditer(text):
        surface = m.group(0)
        deadline = surface[0] in "到至截力争预于在展" or (m.group(2) or "") in (
            "底前",
            "底",
            "末",
            "前",
            "以前",
            "之前",
            "内",
        )
        add(m, int(m.group(1)), f"explicit:{surface}", "absolute", deadline)
    if published_year:
        for m in _SCANS[_NAMED].finditer(text):
            year = published_year + _NAMED_OFFSET[m.group(1)]
            add(
                m,
                year,
                f"named:{m.group(0)} from {published_year}",
                "absolute",
                year >= published_year,
            )
    for m in _SCANS[_PLAN].finditer(text):
        n = 10 + _PLAN_DIGITS[m.group(1)]
        # "“十四五”期间" spreads a target over the plan's five years; "十四五末" is its last year.
        over_period = (m.group(2) or "") in ("期间", "时期", "规划期内")
        add(
            m,
            plan_end_year(n),
            f"plan_period:{m.group(0)}",
            "plan",
            True,
            5 if over_period else None,
        )
    for m in _SCANS[_RELATIVE].finditer(text):
        try:
            n = int(parse_number(m.group(1)))
        except Exception:  # noqa: BLE001 - not a numeral after all: not a year expression
            continue
        if not 1 <= n <= 30:
            continue
        # A span of N years that includes the publication year ends N-1 years after it.
        year = published_year + n - 1 if published_year else None
        basis = (
            f"relative:{m.group(0)} from {published_year}"
            if published_year
            else f"relative:{m.group(0)}"
        )
        add(m, year, basis, "relative", False, n)
    for m in _SCANS[_ANNUAL].finditer(text):
        add(m, None, f"annual:{m.group(0)}", "annual", False)
    for m in _SCANS[_VAGUE].finditer(text):
        add(m, None, f"vague:{m.group(0)}", "vague", True)
    return sorted(found, key=lambda y: y.start)


class YearIndex:
    """The document's year expressions, sorted, with O(log n) lookup by position range."""

    def __init__(self, years: list[YearExpr]) -> None:
        self.all = sorted(years, key=lambda y: y.start)
        self.starts = [y.start for y in self.all]

    def within(self, a: int, b: int) -> list[YearExpr]:
        """Expressions starting in [a, b)."""
        return self.all[bisect.bisect_left(self.starts, a) : bisect.bisect_left(self.starts, b)]
