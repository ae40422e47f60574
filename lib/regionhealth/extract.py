"""Find every number in a document and decide what it is: a target, a reference fact, or ignored.

The pipeline works on the cleaned text, which has the raw text's offsets:

1. structural rules (``rules.yaml: ignore``) and year expressions claim document numbers, dates,
   list indices, labels and years;
2. every remaining numeral (Arabic, Chinese with a classifier, fraction, range) with its unit word
   is a quantity, classified as reference, condition or target by the words around it;
3. a target gets its comparator, year (clause → sentence → paragraph → document horizon), scope,
   indicator (nearest catalog pattern whose unit converts) and its value in the canonical unit
   (:mod:`regionhealth.describe`).

Nothing here knows about particular documents: all knowledge is in ``data/catalog``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from regionhealth import text as textmod
from regionhealth.catalog import Catalog
from regionhealth.describe import (
    Mention,
    YearIndex,
    clause_bounds,
    describe_targets,
    document_horizon,
)
from regionhealth.errors import RegionhealthError
from regionhealth.numbers import (
    ARABIC,
    CN_NUMERAL_CHARS,
    MULTIPLIER_WORDS,
    RANGE_SEP,
    parse_number,
)
from regionhealth.semantics import TargetSemantics, describe_semantics
from regionhealth.units import load_unit_words, word_unit
from regionhealth.years import YearExpr, find_years

__all__ = ["Extraction", "Mention", "extract_document", "find_mentions"]


_LIST_INDEX = re.compile(
    r"\s*(?:\d{1,2}\s*[.、．](?!\d)|[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]|[一二三四五六七八九十]{1,3}\s*、)"
)


_DIGITS = re.compile(r"\d+")


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
    """Unit code of a unit word, None for no word or an unknown one."""
    try:
        return word_unit(word) if word else None
    except KeyError:
        return None


def _ignored(start: int, end: int, text: str, reason: str) -> Mention:
    return Mention(start, end, text[start:end], "ignored", reason)


@dataclass
class Extraction:
    """What the pipeline makes of one document: its mentions, main horizon year, and what kind of
    promise each target is (keyed by the target's start offset)."""

    mentions: list[Mention]
    horizon_year: int | None
    semantics: dict[int, TargetSemantics] = field(default_factory=dict)


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
    years_index = YearIndex(kept_years)
    horizon = document_horizon(text, years_index)
    quantities.sort(key=lambda q: q.start)
    _classify(quantities, text, rules, sentences, years_index, pub_year)
    describe_targets(
        quantities,
        text,
        raw,
        catalog,
        years_index,
        sentences,
        textmod.SpanIndex(paragraphs),
        horizon,
    )
    semantics = describe_semantics(quantities, text, sentences, catalog.semantics)
    mentions.extend(quantities)
    mentions.sort(key=lambda x: x.start)
    return Extraction(mentions, horizon.year if horizon else None, semantics)


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
    if not unit_word and not fraction_unit and not is_cn and num.rstrip()[-1:] in MULTIPLIER_WORDS:
        # "18.2万" with no unit word: 18.2 as stated, 万 its unit as stated (scaled in describe).
        unit_word = num.rstrip()[-1]
        num = num.rstrip()[:-1]
        if hi and hi.rstrip()[-1:] == unit_word:
            hi = hi.rstrip()[:-1]
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
    q: Mention, text: str, sentence_start: int, years: YearIndex, pub_year: int | None, rules
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
        # 比2020年提高, 从2020年的75%提高到: a baseline year, not a stated fact.
        baseline = bool(
            rules.baseline_year_before.search(text, max(sentence_start, y.start - 2), y.start)
        )
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
    years: YearIndex,
    pub_year: int | None,
) -> None:
    """Decide target / reference / ignored for each quantity from the words around it."""
    for q in quantities:
        if q.kind != "target":
            continue
        clause_a, _ = clause_bounds(text, q.start, q.end)
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
            (q.unit_as_stated is None or q.unit_as_stated in MULTIPLIER_WORDS)
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
