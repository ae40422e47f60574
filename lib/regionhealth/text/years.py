"""Year expressions: '到2025年底', '2030年底前', '十四五末', '三年', '每年', and how a year was derived.

A found expression becomes a :class:`YearExpr` with the resolved year and a ``basis`` string kept
beside the year in the store (e.g. ``explicit:到2025年底``, ``plan_period:十四五末``,
``relative:三年 from 2023``), so a reader can always see why a target got its year.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from regionhealth.patterns.scan import Scan, ScanMatch
from regionhealth.text.clean import SpanSet
from regionhealth.text.numbers import CN_NUMERAL_CHARS, parse_number

# A period of years: (2023-2025), 2021-2025年, 2023至2025年.
_PERIOD = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年)?\s*(?:-|—|–|~|至|到)\s*((?:19|20)\d{2})(?!\d)\s*年?"
)


def _alt(words: list[str]) -> str:
    """Plain words as a regex alternation, longest first (so 底前 is tried before 底)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class YearWords:
    """The words of year expressions (``data/catalog/years.yaml``) and the searches built from
    them, each searched from the characters a match can start with (:mod:`regionhealth.patterns.scan`)."""

    absolute: Scan  # 到2025年底: group 1 the year, group 2 its tail
    deadline_tails: frozenset[str]
    period: Scan  # 2021-2025年
    plan: Scan  # 十四五末: group 1 the plan's digit, group 2 its tail
    plan_period_tails: frozenset[str]
    relative: Scan  # 三年内: group 1 the number of years
    named: Scan  # 今年底: group 1 the name
    named_offsets: dict[str, int]
    annual: Scan
    vague: Scan

    @property
    def scans(self) -> tuple[Scan, ...]:
        """Every search, in the order :func:`find_years` runs them."""
        return (
            self.period,
            self.absolute,
            self.named,
            self.plan,
            self.relative,
            self.annual,
            self.vague,
        )


def year_words(data: Any) -> YearWords:
    """The searches of ``years.yaml``, already checked against its schema by the catalog loader."""
    ab, plan, named = data["absolute"], data["plan"], data["named"]
    # A four-digit year with an optional lead-in (到, 力争到, 展望) and tail (底, 末, 上半年…).
    lead = (
        rf"(?:(?:(?:{_alt(ab['hedged_leads'])})?(?:{_alt(ab['leads'])})"
        rf"|{_alt(ab['outlook_leads'])})?)"
    )
    tails = _alt(ab["deadline_tails"] + ab["other_tails"])
    absolute = rf"{lead}(?<!\d)((?:19|20)\d{{2}})\s*年(?:度)?(?:年?({tails}))?"
    # Five-year plan periods: 十四五 → 2021-2025, 十五五 → 2026-2030.
    plan_re = (
        rf"(?:{_alt(plan['leads'])})?[“\"]?十([一二三四五六七八九])五[”\"]?"
        rf"({_alt(plan['end_tails'] + plan['period_tails'])})?"
    )
    # A span of years counted from the document: 三年, 5年, 三年内.
    relative = (
        rf"(?<![\d{CN_NUMERAL_CHARS}第])(\d{{1,2}}|[一二两三四五六七八九十]{{1,2}})\s*年"
        rf"({_alt(data['span_tails'])})?"
    )
    # A year named relative to the publication: 今年 (the year published), 明年, 去年.
    named_re = (
        rf"(?:{_alt(named['leads'])})?({_alt(list(named['years']))})"
        rf"(?!{_alt(named['not_before'])})({_alt(named['tails'])})?"
    )
    return YearWords(
        absolute=Scan(re.compile(absolute)),
        deadline_tails=frozenset(ab["deadline_tails"]),
        period=Scan(_PERIOD),
        plan=Scan(re.compile(plan_re)),
        plan_period_tails=frozenset(plan["period_tails"]),
        relative=Scan(re.compile(relative)),
        named=Scan(re.compile(named_re)),
        named_offsets=dict(named["years"]),
        annual=Scan(re.compile(_alt(data["annual"]))),
        vague=Scan(re.compile(_alt(data["vague"]))),
    )


_PLAN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


class YearExpr(NamedTuple):
    """A year expression found in a text (immutable; a named tuple, as one is built per year
    expression and a frozen dataclass takes several times longer to build)."""

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


def _expr(
    m: re.Match[str] | ScanMatch,
    year: int | None,
    basis: str,
    kind: str,
    deadline: bool,
    span: int | None = None,
) -> YearExpr:
    """The year expression a match stands for."""
    return YearExpr(m.start(), m.end(), m.group(0), year, basis, kind, deadline, span)


def _periods(text: str, words: YearWords) -> Iterator[YearExpr]:
    """Periods of years (2021-2025年), resolved to their last year."""
    for m in words.period.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b:
            yield _expr(m, b, f"period_end:{m.group(0).strip()}", "period", True)


def _absolute_years(text: str, words: YearWords) -> Iterator[YearExpr]:
    """Four-digit years (到2025年底, 2030年)."""
    for m in words.absolute.finditer(text):
        surface = m.group(0)
        # A lead-in (the match starts before the year) or a deadline tail makes it a deadline.
        deadline = m.start(1) > m.start() or (m.group(2) or "") in words.deadline_tails
        yield _expr(m, int(m.group(1)), f"explicit:{surface}", "absolute", deadline)


def _named_years(text: str, published_year: int | None, words: YearWords) -> Iterator[YearExpr]:
    """Years named from the publication (今年底, 明年); none without a publication year."""
    if not published_year:
        return
    for m in words.named.finditer(text):
        year = published_year + words.named_offsets[m.group(1)]
        basis = f"named:{m.group(0)} from {published_year}"
        yield _expr(m, year, basis, "absolute", year >= published_year)


def _plan_periods(text: str, words: YearWords) -> Iterator[YearExpr]:
    """Five-year plan periods (十四五末, “十四五”期间), resolved to the plan's last year."""
    for m in words.plan.finditer(text):
        n = 10 + _PLAN_DIGITS[m.group(1)]
        # "“十四五”期间" spreads a target over the plan's five years; "十四五末" is its last year.
        over_period = (m.group(2) or "") in words.plan_period_tails
        span = 5 if over_period else None
        yield _expr(m, plan_end_year(n), f"plan_period:{m.group(0)}", "plan", True, span)


def _relative_spans(text: str, published_year: int | None, words: YearWords) -> Iterator[YearExpr]:
    """Spans of 1 to 30 years counted from the publication (三年, 5年内)."""
    for m in words.relative.finditer(text):
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
        yield _expr(m, year, basis, "relative", False, n)


def _yearless(text: str, scan: Scan, kind: str, deadline: bool) -> Iterator[YearExpr]:
    """Expressions without a year of their own: recurrences (每年) and vague horizons."""
    for m in scan.finditer(text):
        yield _expr(m, None, f"{kind}:{m.group(0)}", kind, deadline)


def find_years(text: str, published_year: int | None, words: YearWords) -> list[YearExpr]:
    """Every year expression in ``text``, non-overlapping, in order of position (earlier kinds
    first where two overlap: periods, years, named years, plan periods, spans, recurrences)."""
    kinds = (
        _periods(text, words),
        _absolute_years(text, words),
        _named_years(text, published_year, words),
        _plan_periods(text, words),
        _relative_spans(text, published_year, words),
        _yearless(text, words.annual, "annual", False),
        _yearless(text, words.vague, "vague", True),
    )
    found: list[YearExpr] = []
    taken = SpanSet()
    for candidates in kinds:
        for y in candidates:
            if taken.free(y.start, y.end):
                taken.take(y.start, y.end)
                found.append(y)
    return sorted(found, key=lambda y: y.start)


class YearIndex:
    """The document's year expressions, sorted, with O(log n) lookup by position range."""

    def __init__(self, years: list[YearExpr]) -> None:
        self.all = sorted(years, key=lambda y: y.start)
        self.starts = [y.start for y in self.all]

    def within(self, a: int, b: int) -> list[YearExpr]:
        """Expressions starting in [a, b)."""
        return self.all[bisect.bisect_left(self.starts, a) : bisect.bisect_left(self.starts, b)]
