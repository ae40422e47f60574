"""Quantities: every numeral of a text not claimed as furniture, with its unit word as written.

Arabic numerals with thousands separators, Chinese numerals followed by a classifier, fractions
(1/10万, 十万分之十), ranges (3到5, 4～6), ratios (1:1.2) and 万/亿 multipliers; the unit words are
those of ``unit_words.csv``, longest first. Every digit of the text ends in exactly one mention.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from regionhealth.catalog.loader import Catalog
from regionhealth.errors import RegionhealthError
from regionhealth.extract.records import Number
from regionhealth.text import clean as textmod
from regionhealth.text.numbers import (
    ARABIC,
    CN_NUMERAL_CHARS,
    MULTIPLIER_WORDS,
    RANGE_SEP,
    NumberTooLarge,
    parse_number,
)

DIGITS = re.compile(r"\d+")


def _unit_alternation(unit_words: tuple[tuple[str, str], ...]) -> str:
    words = [w for w, _ in unit_words if not w.startswith(("/", "1:"))]
    # "124万人口" is a population, not "124万人" + 口: a 人 unit never swallows 人口.
    return "|".join(re.escape(w) + ("(?!口)" if w.endswith("人") else "") for w in words)


def _quantity_regex(catalog: Catalog) -> re.Pattern[str]:
    """The regex of every quantity (numeral, range, fraction or ratio, with a unit word of the
    catalog's ``unit_words.csv``)."""
    return _compiled_quantity_regex(catalog.units.words)


@cache
def _classifier_regex(classifiers: str) -> re.Pattern[str]:
    """Classifiers after a Chinese numeral (rules.yaml ``chinese_classifiers``), at a position."""
    return re.compile(rf"\s*(?:{classifiers})")


@lru_cache(maxsize=8)
def _compiled_quantity_regex(unit_words: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """The quantity regex of a list of unit words, compiled once per list."""
    units = _unit_alternation(unit_words)
    # A Chinese numeral starts with a digit character or 十 (万 or 千 alone is a word: 万名老年人).
    cn = f"[零〇一二两三四五六七八九十][{CN_NUMERAL_CHARS}]*"
    # Between a number and its multiplier or unit only spaces, never a line break: "120\n张" is two lines.
    gap = r"[ \t]*"
    num = rf"(?:{ARABIC})(?:{gap}[万亿](?!元|人(?!口)|名|人次))?|{cn}"
    frac = (
        rf"(?P<fnum>{ARABIC}){gap}/{gap}(?P<fden>10万|十万|100000|10000|万|1000|千)"
        rf"|(?P<cden>10万|十万|万|千|百)分之(?P<cnum>{ARABIC}|[{CN_NUMERAL_CHARS}]+)"
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


# 十万分之十 (or 10万分之9, as news reports write it) = 10/10万, 千分之三 = 3‰, 百分之九十 = 90%.


_CHINESE_FRACTION_UNITS = {"10万": "/10万", "十万": "/10万", "万": "/万", "千": "‰", "百": "%"}


_FRACTION_UNITS = {
    "10万": "/10万",
    "十万": "/10万",
    "100000": "/10万",
    "10000": "/万",
    "万": "/万",
    "1000": "/千",
    "千": "/千",
}


def find_quantities(text: str, raw: str, claims: textmod.SpanSet, catalog: Catalog) -> list[Number]:
    """One number per free numeral, with its unit word as written; claims what it takes."""
    qty = _quantity_regex(catalog)
    classifier = _classifier_regex(catalog.rules.chinese_classifiers)
    codes = catalog.units.by_word  # unit word → unit code
    free, take = claims.free, claims.take
    quantities: list[Number] = []
    for m in qty.finditer(text):
        a, b = m.span()
        while b > a and text[b - 1].isspace():
            b -= 1
        if not free(a, b):
            # Part of the match is claimed: fall back to the bare digits that are still free.
            for d in DIGITS.finditer(text, a, b):
                if free(d.start(), d.end()):
                    take(d.start(), d.end())
                    quantities.append(_quantity(raw, codes, d.span(), d.group(0)))
            continue
        lead = m.group("num")
        if lead:
            numeral_end = m.end("num")
        else:
            numeral_end = m.end("hi") if m.group("hi") else -1
        if numeral_end >= 0 and not classifier.match(text, numeral_end):
            lead = lead or m.group("lo")
            # A numeral is Arabic (starts with a digit) or Chinese (has none): its first character says.
            if not lead[0].isdigit() and _parses(lead, m.group("hi")):
                continue  # a Chinese numeral without a classifier: a word such as 一体化
        q = _from_match(m, a, b, raw, codes)
        if q is None:
            continue
        take(a, b)
        quantities.append(q)
    # Digits not reached by anything above (e.g. inside words) are still accounted for.
    for d in DIGITS.finditer(text):
        if free(d.start(), d.end()):
            take(d.start(), d.end())
            quantities.append(_quantity(raw, codes, d.span(), d.group(0)))

    return quantities


@lru_cache(maxsize=4096)
def _parsed(num: str) -> float:
    """:func:`parse_number`, remembered: a document writes the same few numerals again and again
    (a numeral that does not parse raises every time)."""
    return parse_number(num)


@lru_cache(maxsize=4096)
def _parses(num: str, hi: str | None) -> bool:
    """Whether a numeral (and the high end of its range) parse: one that does not is kept as an
    ``unparsed_numeral`` mention, classifier or not. (The same few words, 一 of 统一 and 进一步,
    come back thousands of times: remembered.)"""
    try:
        parse_number(num)
        if hi:
            parse_number(hi)
    except RegionhealthError:
        return False
    return True


_CN_NUMERALS = frozenset(CN_NUMERAL_CHARS)


def has_numeral(s: str) -> bool:
    """Whether ``s`` holds a digit or a Chinese numeral character (tested in C, no Python loop)."""
    return any(map(str.isdigit, s)) or not _CN_NUMERALS.isdisjoint(s)


def _quantity(
    raw: str,
    codes: dict[str, str],
    span: tuple[int, int],
    num: str,
    hi: str | None = None,
    unit_word: str | None = None,
    fraction_unit: str | None = None,
) -> Number:
    """The number ``num`` (``hi`` for a range) at ``span`` with its unit as written (and its code
    in ``codes``, the catalog's unit words; None for no word or an unknown one)."""
    a, b = span
    is_cn = not any(map(str.isdigit, num))
    if not unit_word and not fraction_unit and not is_cn and num.rstrip()[-1:] in MULTIPLIER_WORDS:
        # "18.2万" with no unit word: 18.2 as stated, 万 its unit as stated (scaled in describe).
        unit_word = num.rstrip()[-1]
        num = num.rstrip()[:-1]
        if hi and hi.rstrip()[-1:] == unit_word:
            hi = hi.rstrip()[:-1]
    try:
        value = _parsed(num)
        high = _parsed(hi) if hi else None
    except NumberTooLarge:
        return Number(a, b, raw[a:b], unread="number_too_large")
    except RegionhealthError:
        return Number(a, b, raw[a:b], unread="unparsed_numeral")
    if high is not None and high < value:
        high = None
    unit_as_stated = fraction_unit or unit_word
    # Positional (one per number): value, its upper end, unit as stated, its code, is Chinese.
    code = codes.get(unit_as_stated) if unit_as_stated else None
    return Number(a, b, raw[a:b], value, high, unit_as_stated, code, is_cn)


# The groups of the quantity regex :func:`_from_match` reads, fetched in one call.
_GROUPS = ("fnum", "fden", "rnum", "cnum", "cden", "lo", "hi", "lounit", "num", "unit")


def _from_match(m: re.Match[str], a: int, b: int, raw: str, codes: dict[str, str]) -> Number | None:
    """The mention of one match of the quantity regex, trimmed to [a, b)."""
    fnum, fden, rnum, cnum, cden, lo, hi, lounit, num, unit = m.group(*_GROUPS)
    if fnum:
        return _quantity(raw, codes, (a, b), fnum, fraction_unit=_FRACTION_UNITS[fden])
    if rnum:
        return _quantity(raw, codes, (a, b), rnum, fraction_unit="1:")
    if cnum:
        return _quantity(raw, codes, (a, b), cnum, fraction_unit=_CHINESE_FRACTION_UNITS[cden])
    if lo:
        return _quantity(raw, codes, (a, b), lo, hi, unit or lounit)
    if num and not has_numeral(num):
        return None
    return _quantity(raw, codes, (a, b), num, unit_word=unit)
