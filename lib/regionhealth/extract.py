"""Find every number in a document and decide what it is: a target, a reference fact, or ignored.

The pipeline works on the cleaned text, which has the raw text's offsets:

1. structural rules (``rules.yaml: ignore``) and year expressions claim document numbers, dates,
   list indices, labels and years;
2. every remaining numeral (Arabic, Chinese with a classifier, fraction, range) with its unit word
   is a quantity, classified as reference, condition or target by the words around it;
3. a target gets its comparator, year (clause → sentence → paragraph → document horizon), scope,
   indicator (nearest catalog pattern whose unit converts) and its value in the canonical unit.

Nothing here knows about particular documents: all knowledge is in ``data/catalog``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from regionhealth import text as textmod
from regionhealth.catalog import Catalog, Indicator
from regionhealth.comparators import comparator
from regionhealth.errors import RegionhealthError
from regionhealth.numbers import ARABIC, CN_NUMERAL_CHARS, RANGE_SEP, parse_number
from regionhealth.units import POP_BASES, convert, dimension, load_unit_words
from regionhealth.years import YearExpr, find_years

_CLAUSE_SEP = re.compile(r"[,，；;。！!？?\n]")
_LIST_INDEX = re.compile(
    r"\s*(?:\d{1,2}\s*[.、．](?!\d)|[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]|[一二三四五六七八九十]{1,3}\s*、)"
)
_DIGITS = re.compile(r"\d+")
_HORIZON_CUE = re.compile(
    r"主要目标|工作目标|总体目标|发展目标|总体要求|目标任务|行动目标|具体目标"
)


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


# --- finding quantities -----------------------------------------------------------------------


def _unit_alternation() -> str:
    words = [w for w, _ in load_unit_words() if not w.startswith(("/", "1:"))]
    # "124万人口" is a population, not "124万人" + 口: a 人 unit never swallows 人口.
    return "|".join(re.escape(w) + ("(?!口)" if w.endswith("人") else "") for w in words)


def _quantity_regex(catalog: Catalog) -> re.Pattern[str]:
    units = _unit_alternation()
    # A Chinese numeral starts with a digit character or 十 (万 or 千 alone is a word: 万名老年人).
    cn = f"[零〇一二两三四五六七八九十][{CN_NUMERAL_CHARS}]*"
    # Between a number and its multiplier or unit only spaces, never a line break: "120\n张" is two lines.
    gap = r"[ \t]*"
    num = rf"(?:{ARABIC})(?:{gap}[万亿](?!元|人(?!口)|名|人次))?|{cn}"
    frac = (
        rf"(?P<fnum>{ARABIC}){gap}/{gap}(?P<fden>10万|十万|100000|10000|万|1000|千)"
        rf"|(?P<cden>十万|万|千|百)分之(?P<cnum>{ARABIC}|[{CN_NUMERAL_CHARS}]+)"
    )
    ratio = (
        rf"(?<![\d.])1{gap}:{gap}(?P<rnum>{ARABIC})"  # 医护比1:1.2 (never a clock time: 1 first)
    )
    rng = rf"(?P<lo>{num}){gap}(?P<lounit>{units})?{RANGE_SEP}(?P<hi>{num})"
    single = rf"(?P<num>{num})"
    # The lookahead lets the regex engine skip every position that cannot start a number.
    return re.compile(
        rf"(?=[\d{CN_NUMERAL_CHARS}])(?:{frac}|{ratio}|{rng}|{single}){gap}(?P<unit>{units})?"
    )


# 十万分之十 = 10/10万, 千分之三 = 3‰, 百分之九十 = 90%.
_CHINESE_FRACTION_UNITS = {"十万": "/10万", "万": "/万", "千": "‰", "百": "%"}
_FRACTION_UNITS = {
    "10万": "/10万",
    "十万": "/10万",
    "100000": "/10万",
    "10000": "/万",
    "万": "/万",
    "1000": "/千",
    "千": "/千",
}


def _unit_code(word: str | None) -> str | None:
    if not word:
        return None
    for w, unit in load_unit_words():
        if w == word:
            return unit
    return None


class _Years:
    """The document's year expressions, sorted, with O(log n) lookup by position range."""

    def __init__(self, years: list[YearExpr]) -> None:
        self.all = sorted(years, key=lambda y: y.start)
        self.starts = [y.start for y in self.all]

    def within(self, a: int, b: int) -> list[YearExpr]:
        """Expressions starting in [a, b)."""
        return self.all[bisect.bisect_left(self.starts, a) : bisect.bisect_left(self.starts, b)]


# --- context helpers --------------------------------------------------------------------------


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = start
    while a > 0 and not _CLAUSE_SEP.match(text[a - 1]):
        a -= 1
    b = end
    while b < len(text) and not _CLAUSE_SEP.match(text[b]):
        b += 1
    return a, b


def document_horizon(text: str, years: _Years) -> YearExpr | None:
    """The document's main goal year: the first deadline stated near a '目标/总体要求' heading."""
    for m in _HORIZON_CUE.finditer(text):
        after = [y for y in years.within(m.end(), m.end() + 601) if y.year and y.is_deadline]
        before = [y for y in years.within(m.start() - 200, m.start()) if y.year and y.is_deadline]
        if after or before:
            return after[0] if after else before[-1]
    return None


def _resolve_year(
    m: Mention,
    text: str,
    years: _Years,
    clause: tuple[int, int],
    sentence: textmod.Span | None,
    paragraph: textmod.Span | None,
    horizon: YearExpr | None,
) -> None:
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
            and text[y.start - 1 : y.start] != "比"  # 比2020年提高: a baseline, not a deadline
            and (level == "clause" or y.is_deadline or y.kind == "relative")
        ]
        before = [y for y in inside if y.end <= m.start]
        after = [y for y in inside if y.start >= m.end]
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


def _nearest(
    patterns: tuple[re.Pattern[str], ...], before: str, after: str
) -> tuple[int, int] | None:
    """(distance, -length) of the pattern match nearest to the number, before or after it."""
    best: tuple[int, int] | None = None
    for p in patterns:
        for mm in p.finditer(before):
            cand = (len(before) - mm.end(), -(mm.end() - mm.start()))
            if best is None or cand < best:
                best = cand
        mm = p.search(after)
        if mm:
            cand = (mm.start() + 1, -(mm.end() - mm.start()))
            if best is None or cand < best:
                best = cand
    return best


# A number written without a unit word ("年体检人数达到18.2万") may be any kind of count.
_UNITLESS_DIMENSIONS = frozenset({"count", "persons", "person_times"})


def _choose_indicator(
    indicators: tuple[Indicator, ...], stated_unit: str | None, windows: list[tuple[str, str]]
) -> Indicator | None:
    """Nearest-matching indicator whose canonical unit converts from the stated unit."""
    dims = {dimension(stated_unit)} if stated_unit else _UNITLESS_DIMENSIONS
    usable = [ind for ind in indicators if dimension(ind.unit) in dims]
    for before, after in windows:
        scored = []
        for ind in usable:
            d = _nearest(ind.patterns, before, after)
            if d is not None:
                scored.append((d, ind.code, ind))
        if scored:
            return min(scored)[2]
    return None


def _mask(patterns: tuple[re.Pattern[str], ...], text: str) -> str:
    """``text`` with every match of ``patterns`` blanked out."""
    for p in patterns:
        text = p.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _scope(scopes: tuple[tuple[str, re.Pattern[str]], ...], before: str) -> str | None:
    best: tuple[int, str] | None = None
    for code, p in scopes:
        for mm in p.finditer(before):
            cand = (len(before) - mm.end(), code)
            if best is None or cand < best:
                best = cand
    return best[1] if best else None


# --- the pipeline -----------------------------------------------------------------------------


def _ignored(start: int, end: int, text: str, reason: str) -> Mention:
    return Mention(start, end, text[start:end], "ignored", reason)


@dataclass
class Extraction:
    """What the pipeline makes of one document: its mentions and its main horizon year."""

    mentions: list[Mention]
    horizon_year: int | None


def find_mentions(raw: str, published: date | None, catalog: Catalog) -> list[Mention]:
    """Every number in ``raw``, classified; targets carry comparator, year, scope and indicator."""
    return extract_document(raw, published, catalog).mentions


def extract_document(raw: str, published: date | None, catalog: Catalog) -> Extraction:
    """Mentions of ``raw`` and the document horizon (first deadline near a 目标 heading)."""
    text = textmod.clean(raw)
    folded = raw.translate(textmod._FULLWIDTH)
    rules = catalog.rules
    claims = textmod.SpanSet()
    mentions: list[Mention] = []

    # 1. Page chrome: numbers in blanked chrome lines are accounted for, not read.
    for m in _DIGITS.finditer(folded):
        if text[m.start() : m.end()].isspace():
            claims.take(m.start(), m.end())
            mentions.append(
                Mention(m.start(), m.end(), raw[m.start() : m.end()], "ignored", "page_chrome")
            )

    # 2. Structural rules from the catalog, then list indices and year expressions.
    for rule in rules.ignore:
        for m in rule.pattern.finditer(text):
            if m.end() > m.start() and claims.free(m.start(), m.end()) and _has_numeral(m.group(0)):
                claims.take(m.start(), m.end())
                mentions.append(_ignored(m.start(), m.end(), raw, rule.reason))
    paragraphs = textmod.paragraphs(text)
    for p in paragraphs:
        m = _LIST_INDEX.match(text, p.start)
        if m and claims.free(m.start(), m.end()):
            claims.take(m.start(), m.end())
            mentions.append(_ignored(m.start(), m.end(), raw, "list_index"))
    pub_year = published.year if published else None
    years = find_years(text, pub_year)
    kept_years: list[YearExpr] = []
    for y in years:
        if not claims.free(y.start, y.end):
            continue
        kept_years.append(y)
        if _has_numeral(y.surface) and y.kind in ("absolute", "period", "plan", "relative"):
            claims.take(y.start, y.end)
            reason = {
                "absolute": "year",
                "period": "year",
                "plan": "plan_period",
                "relative": "year_span",
            }[y.kind]
            mentions.append(_ignored(y.start, y.end, raw, reason))

    # 3. Quantities.
    qty = _quantity_regex(catalog)
    classifier = re.compile(rf"\s*(?:{rules.chinese_classifiers})")
    quantities: list[Mention] = []
    for m in qty.finditer(text):
        a, b = m.start(), m.end()
        while b > a and text[b - 1].isspace():
            b -= 1
        if not claims.free(a, b):
            # Part of the match is claimed: fall back to the bare digits that are still free.
            for d in _DIGITS.finditer(text, a, b):
                if claims.free(d.start(), d.end()):
                    claims.take(d.start(), d.end())
                    quantities.append(
                        _quantity(d.start(), d.end(), raw, text, d.group(0), None, None, None)
                    )
            continue
        q = _from_match(m, a, b, raw, text)
        if q is None:
            continue
        numeral_end = m.end("num") if m.group("num") else m.end("hi") if m.group("hi") else -1
        if q.is_chinese and numeral_end >= 0 and not classifier.match(text, numeral_end):
            continue  # a word such as 一体化, not a number
        claims.take(a, b)
        quantities.append(q)
    # Digits not reached by anything above (e.g. inside words) are still accounted for.
    for d in _DIGITS.finditer(text):
        if claims.free(d.start(), d.end()):
            claims.take(d.start(), d.end())
            quantities.append(
                _quantity(d.start(), d.end(), raw, text, d.group(0), None, None, None)
            )

    sentences = textmod.SpanIndex(textmod.sentences(text))
    years_index = _Years(kept_years)
    horizon = document_horizon(text, years_index)
    quantities.sort(key=lambda q: q.start)
    _classify(quantities, text, rules, sentences, years_index, pub_year)
    _describe_targets(
        quantities,
        text,
        raw,
        catalog,
        years_index,
        sentences,
        textmod.SpanIndex(paragraphs),
        horizon,
    )
    mentions.extend(quantities)
    mentions.sort(key=lambda x: x.start)
    return Extraction(mentions, horizon.year if horizon else None)


def _has_numeral(s: str) -> bool:
    return any(ch.isdigit() or ch in CN_NUMERAL_CHARS for ch in s)


def _quantity(
    a: int,
    b: int,
    raw: str,
    text: str,
    num: str,
    hi: str | None,
    unit_word: str | None,
    fraction_unit: str | None,
) -> Mention:
    is_cn = not any(ch.isdigit() for ch in num)
    try:
        value = parse_number(num)
        high = parse_number(hi) if hi else None
    except RegionhealthError:
        return Mention(a, b, raw[a:b], "ignored", "unparsed_numeral")
    if high is not None and high < value:
        high = None
    unit_as_stated = fraction_unit or unit_word
    return Mention(
        a,
        b,
        raw[a:b],
        "target",
        "",
        value_as_stated=value,
        value_high_as_stated=high,
        unit_as_stated=unit_as_stated,
        stated_unit=_unit_code(unit_as_stated),
        is_chinese=is_cn,
    )


def _from_match(m: re.Match[str], a: int, b: int, raw: str, text: str) -> Mention | None:
    if m.group("fnum"):
        return _quantity(
            a, b, raw, text, m.group("fnum"), None, None, _FRACTION_UNITS[m.group("fden")]
        )
    if m.group("rnum"):
        return _quantity(a, b, raw, text, m.group("rnum"), None, None, "1:")
    if m.group("cnum"):
        return _quantity(
            a, b, raw, text, m.group("cnum"), None, None, _CHINESE_FRACTION_UNITS[m.group("cden")]
        )
    if m.group("lo"):
        return _quantity(
            a,
            b,
            raw,
            text,
            m.group("lo"),
            m.group("hi"),
            m.group("unit") or m.group("lounit"),
            None,
        )
    num = m.group("num")
    if num and not _has_numeral(num):
        return None
    return _quantity(a, b, raw, text, num, None, m.group("unit"), None)


def _is_fact(
    q: Mention, text: str, sentence_start: int, years: _Years, pub_year: int | None, rules
) -> str | None:
    """Why the number states a fact ('reference_cue', 'past_fact'), or None if it may be a goal.

    A fact cue (现有, 截至, 目前) or a past year ("2023年…为88.7%" in a 2024 plan) earlier in the
    same sentence makes a number a fact, unless a deadline or a goal verb (新建, 设置…) lies between
    it and the number, or the cue sits inside parentheses closed before the number.
    """
    before = text[sentence_start : q.start]
    marks: list[tuple[int, str]] = []
    for cue in rules.reference_cues:
        i = before.rfind(cue)
        if i >= 0 and not _closed_parenthesis_between(before, i):
            marks.append((sentence_start + i + len(cue), "reference_cue"))
    for y in years.within(sentence_start, q.start):
        baseline = (
            text[max(sentence_start, y.start - 1) : y.start] == "比"
        )  # 比2020年提高: a baseline
        if (
            y.end <= q.start
            and y.kind == "absolute"
            and pub_year
            and y.year < pub_year
            and not baseline
        ):
            marks.append((y.end, "past_fact"))
    if not marks:
        return None
    pos, reason = max(marks)
    if any(
        y.is_deadline and (y.year is None or not pub_year or y.year >= pub_year)
        for y in years.within(pos, q.start)
    ):
        return None
    if reason == "reference_cue" and rules.goal_verbs.search(text, pos, q.start):
        return None
    return reason


def _closed_parenthesis_between(before: str, i: int) -> bool:
    """Whether position ``i`` of ``before`` is inside parentheses that close before its end."""
    opened = before.rfind("(", 0, i)
    return opened >= 0 and before.rfind(")", 0, i) < opened and ")" in before[i:]


def _classify(
    quantities: list[Mention],
    text: str,
    rules,
    sentences: textmod.SpanIndex,
    years: _Years,
    pub_year: int | None,
) -> None:
    """Decide target / reference / ignored for each quantity from the words around it."""
    for q in quantities:
        if q.kind != "target":
            continue
        clause_a, _ = _clause_bounds(text, q.start, q.end)
        before = text[clause_a : q.start]
        after = text[q.end : q.end + 12]
        sentence = sentences.at(q.start)
        fact = _is_fact(q, text, sentence.start if sentence else clause_a, years, pub_year, rules)
        if q.value_as_stated is None:
            q.kind, q.reason = "ignored", "unparsed_numeral"
        elif rules.change_before.search(before):
            # "提高5个百分点", "人均预期寿命提高1岁": a change from a baseline, not a level. It stays a
            # target but never lands on a level indicator: the reviewer sees it unmapped.
            q.kind, q.reason = "target", "change_from_baseline"
        elif any(p.search(before) for p in rules.condition_alone) or (
            q.stated_unit not in rules.condition_units_exempt
            and any(p.search(before) for p in rules.condition_before)
            and any(p.search(after) for p in rules.condition_after)
        ):
            q.kind, q.reason = "ignored", "condition"
        elif any(p.search(after) for p in rules.reference_after) or any(
            p.search(before) for p in rules.reference_before
        ):
            q.kind, q.reason = "reference", "population_fact"
        elif fact:
            q.kind, q.reason = "reference", fact
        elif (
            q.unit_as_stated is None
            and q.stated_unit is None
            and not _bare_is_quantity(before, after)
        ):
            q.kind, q.reason = "ignored", "bare_number"
        elif (
            q.is_chinese
            and q.value_as_stated == 1
            and re.match(r"\s*批", text[q.end - 1 : q.end + 1])
        ):
            q.kind, q.reason = "ignored", "vague_quantity"
        else:
            q.kind, q.reason = "target", "quantity_in_plan"


def _bare_is_quantity(before: str, after: str) -> bool:
    """A number without a unit word is a quantity only when a rate word or 达到 precedes it."""
    return bool(re.search(r"(?:率|比例|占比|达到|达|指数|水平)\s*$", before))


def _describe_targets(
    quantities, text, raw, catalog, years, sentences, paragraphs, horizon
) -> None:
    by_clause: dict[tuple[int, int], list[Mention]] = {}
    for q in quantities:
        if q.kind == "target":
            by_clause.setdefault(_clause_bounds(text, q.start, q.end), []).append(q)
    for clause, qs in by_clause.items():
        _describe_clause(clause, qs, text, raw, catalog, years, sentences, paragraphs, horizon)
    # Restatements (a goal listed under 工作目标 and again under 重点任务) share a group id: same
    # indicator, value, scope, comparator and year, in different sentences, about similar words.
    same: dict[tuple, list[Mention]] = {}
    for q in quantities:
        if q.kind == "target" and q.indicator_code and q.group_id is None:
            key = (q.indicator_code, q.value, q.value_high, q.scope, q.comparator, q.target_year)
            same.setdefault(key, []).append(q)
    for group in same.values():
        first = group[0]
        for q in group[1:]:
            if q.quote_start != first.quote_start and _similar(
                text[first.end : first.end + 10], text[q.end : q.end + 10]
            ):
                first.group_id = q.group_id = f"restated:{first.start}"


def _similar(a: str, b: str) -> bool:
    """Whether two short texts share at least half of their characters (Jaccard)."""
    sa, sb = set(a), set(b)
    return bool(sa | sb) and len(sa & sb) / len(sa | sb) >= 0.5


def _describe_clause(clause, qs, text, raw, catalog, years, sentences, paragraphs, horizon) -> None:
    rules = catalog.rules
    ca, cb = clause
    clause_text = text[ca:cb]
    fenbie = clause_text.find("分别")
    group_parts: dict[int, str] = {}
    if fenbie >= 0:
        grouped = [q for q in qs if q.start >= ca + fenbie]
        parts = _split_parts(text[ca : ca + fenbie], len(grouped))
        if parts:
            for q, part in zip(grouped, parts, strict=True):
                group_parts[id(q)] = part
                q.group_id = f"pair:{grouped[0].start}"
    prev_end = ca
    for i, q in enumerate(qs):
        before = text[prev_end : q.start]
        nxt = qs[i + 1].start if i + 1 < len(qs) else cb
        after = text[q.end : nxt]
        if not after.strip() and i + 1 < len(qs):
            # "2个1000万元引育专项基金": nothing between two numbers, so both are about what follows.
            after = text[qs[i + 1].end : qs[i + 2].start if i + 2 < len(qs) else cb]
        whole_before = text[ca : q.start]
        q.comparator = comparator(
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
                code, word = POP_BASES[bases[-1].group(1)]
                q.stated_unit = code
                q.unit_as_stated = f"{q.unit_as_stated or ''}/{word}"
        part = group_parts.get(id(q))
        windows = []
        if part is not None:
            windows.append((part, ""))
        if before.strip() in ("", "、", "和", "及"):
            # "10名江淮名医、20名秋浦名医": a listed number is about the words after it.
            windows.append(("", after))
        windows += [(before, after), (whole_before, after)]
        ind = (
            None
            if q.reason == "change_from_baseline"
            else _choose_indicator(catalog.indicators, q.stated_unit, windows)
        )
        # Words that name the indicator are not its scope (基层就诊率 is not "primary care only").
        named = ind.patterns if ind is not None else ()
        q.scope = _scope(rules.scopes, _mask(named, part)) if part is not None else None
        if q.scope is None:
            q.scope = _scope(rules.scopes, _mask(named, before))
        s = sentences.at(q.start)
        p = paragraphs.at(q.start)
        _resolve_year(q, text, years, clause, s, p, horizon)
        if s is None:
            s = textmod.Span(ca, cb)
        q.quote_start, q.quote_end = s.start, s.end
        if q.stated_unit is None:
            # Unitless count: it is in whatever count unit the indicator uses.
            q.stated_unit = ind.unit if ind is not None else "count"
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


def _split_parts(segment: str, n: int) -> list[str] | None:
    """Split the words before 分别 into n parts (one per number), by 和/与/及 or by 、."""
    if n < 2:
        return None
    for sep in (r"[和与及]", r"、", r"[、和与及]"):
        parts = [x for x in re.split(sep, segment) if x.strip()]
        if len(parts) == n:
            # "二、三级公立医院": a bare numeral borrows the classifier of the next part.
            for i in range(n - 1):
                if re.search(r"[一二三四五六七八九十\d]\s*$", parts[i]):
                    nxt = re.match(r"\s*[一二三四五六七八九十\d]\s*(级|类|甲)", parts[i + 1])
                    if nxt:
                        parts[i] = parts[i].rstrip() + nxt.group(1)
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
