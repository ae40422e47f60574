"""Numerals as Chinese policy texts write them: Arabic, Chinese, fractions, ranges, 万/亿 multipliers.

Parsers take text that went through :func:`regionhealth.text.clean.clean` (full-width digits already
folded); they never raise on odd input except :class:`~regionhealth.errors.RegionhealthError`.
"""

from __future__ import annotations

import math
import re

from regionhealth.errors import RegionhealthError

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
# A multiplier written after Arabic digits with no unit word after it (18.2万): its unit as stated.
MULTIPLIER_WORDS = CN_BIG_UNITS
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

# An Arabic number: digits with optional thousands separators ("1,000") and decimals.
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Range separators: "3到5", "3至5", "1—2", "3-5", "4～6".
RANGE_SEP = r"[ \t]*(?:到|至|—|–|-|~|－|～)[ \t]*"

_ARABIC_RE = re.compile(rf"^-?(?:{ARABIC})$")
# No policy target is a quadrillion of anything (national budgets are ~10^13 yuan): a longer digit
# run is an ID, a phone number or garbage, and float would turn the longest into infinity.
MAX_MAGNITUDE = 1e15


class NumberTooLarge(RegionhealthError):
    """A numeral beyond MAX_MAGNITUDE: refused as a number (the extractor ignores it, with a reason)."""


def parse_arabic(s: str) -> float:
    """Value of an Arabic numeral such as '1,000' or '1.65'."""
    s = s.strip()
    if not _ARABIC_RE.match(s):
        raise RegionhealthError(f"not an Arabic number: {s!r}")
    return float(s.replace(",", ""))


def parse_chinese(s: str) -> float:
    """Value of a Chinese numeral: '十四' → 14, '两' → 2, '一千二百' → 1200, '三万五千' → 35000."""
    s = s.strip()
    if not s or any(ch not in CN_NUMERAL_CHARS for ch in s):
        raise RegionhealthError(f"not a Chinese numeral: {s!r}")
    if all(ch in CN_DIGITS for ch in s) and len(s) > 1:
        # Digit-by-digit form such as 二〇二五.
        return float("".join(str(CN_DIGITS[ch]) for ch in s))
    total = 0.0  # completed 万/亿 sections
    section = 0.0  # value below the current big unit
    digit: float | None = None
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0 and CN_DIGITS[ch] != 0:
                raise RegionhealthError(f"not a Chinese numeral: {s!r}")
            digit = float(CN_DIGITS[ch])
        elif ch in CN_SMALL_UNITS:
            section += (1.0 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0.0
            if section == 0:
                raise RegionhealthError(f"not a Chinese numeral: {s!r}")
            total = (
                (total + section) * CN_BIG_UNITS[ch]
                if CN_BIG_UNITS[ch] > 10_000
                else total + section * CN_BIG_UNITS[ch]
            )
            section = 0.0
            digit = None
    return total + section + (digit or 0.0)


def parse_number(s: str) -> float:
    """Value of an Arabic or Chinese numeral, with a trailing 万/亿 multiplier: '18.2万' → 182000."""
    s = s.strip()
    mult = 1.0
    if s and s[-1] in CN_BIG_UNITS and s[:-1] and _ARABIC_RE.match(s[:-1]):
        mult = CN_BIG_UNITS[s[-1]]
        s = s[:-1]
    value = parse_arabic(s) * mult if _ARABIC_RE.match(s) else parse_chinese(s) * mult
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise NumberTooLarge(f"number too large: {s!r}")
    return value
