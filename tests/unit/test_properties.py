"""Property-based tests: the parsers and the extractor never crash, and what is formatted parses back.

"Never crash" means: on arbitrary Unicode, a parser returns a value or raises RegionhealthError,
nothing else. Strategies mix arbitrary characters with the characters the parsers look for
(digits, Chinese numerals, 年/到/底, %, separators, full-width forms) so that odd inputs reach
deep into the code instead of being rejected on the first character.
"""

from __future__ import annotations

import math
import re
from datetime import date

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from regionhealth.catalog.comparators import COMPARATORS, comparator
from regionhealth.catalog.loader import load_catalog
from regionhealth.errors import RegionhealthError
from regionhealth.extract.pipeline import find_mentions
from regionhealth.paths import CATALOG_DIR
from regionhealth.sources.rawfile import decode
from regionhealth.text.clean import clean, paragraphs, sentences
from regionhealth.text.numbers import (
    RANGE_SEP,
    parse_arabic,
    parse_chinese,
    parse_number,
)
from regionhealth.text.years import find_years, plan_end_year

SETTINGS = settings(max_examples=300, deadline=None, database=None)

# Characters the parsers react to, full-width and odd spaces included.
HOT = (
    "0123456789０１２３４５６７８９一二两三四五六七八九十百千万亿零〇.,，．%％‰/／-—–~～至到"
    "年底末前内以上下左右约达到不少于超过控制在低于每千人口万人次个家所张分钟小时天岁级倍位元"
    '十四五“”"（）()、。；;！？\n\r\t \u3000\ufeff\u00a0县域就诊率基层床位医师覆盖'
)
hot_text = st.text(alphabet=st.sampled_from(HOT), max_size=80)
any_text = st.one_of(
    st.text(max_size=80),
    hot_text,
    st.lists(st.one_of(st.text(max_size=5), hot_text), max_size=8).map("".join),
)
CATALOG = load_catalog(CATALOG_DIR)
UNITS = sorted(CATALOG.units.table)
convert, dimension, word_unit = (
    CATALOG.units.convert,
    CATALOG.units.dimension,
    CATALOG.units.word_unit,
)
SEPARATORS = ["到", "至", "—", "–", "-", "~", "－", "～"]


def plain_number(v: float) -> str:
    """``v`` in plain Arabic digits as a policy text writes it: 90.0 → '90', 12.5 → '12.5' (the
    generated values have at most four decimals, so repr has no exponent)."""
    return str(int(v)) if v == int(v) else repr(v)


def parses_or_refuses(fn, *args):
    """fn(*args), or None when it refuses with RegionhealthError; anything else propagates."""
    try:
        return fn(*args)
    except RegionhealthError:
        return None


# Plain decimal numbers as policy texts write them: up to four decimals.
policy_values = st.decimals(
    min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False
).map(float)


def chinese(n: int) -> str:
    """Reference Chinese reading of 0 ≤ n < 10**12: 10005 → 一万零五, 120000000 → 一亿二千万."""
    digits = "零一二三四五六七八九"

    def below_10k(k: int) -> str:
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // value % 10
            if d:
                out += ("零" if zero and out else "") + digits[d] + unit
                zero = False
            else:
                zero = True
        return out

    if n == 0:
        return "零"
    parts = []
    for value, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        section = n // value % 10**4 if value < 10**8 else n // value
        if section:
            gap = parts and section < 1000
            parts.append(("零" if gap else "") + below_10k(section) + unit)
    return "".join(parts)


# --- numbers ------------------------------------------------------------------------------------


@SETTINGS
@given(any_text)
def test_number_parsers_return_a_value_or_refuse_on_any_text(s):
    for fn in (parse_arabic, parse_chinese, parse_number):
        v = parses_or_refuses(fn, s)
        # Negative only when written with a minus ('-0.5' parses).
        assert v is None or (isinstance(v, float) and (v >= 0 or s.strip().startswith("-")))


@SETTINGS
@given(st.integers(min_value=0, max_value=10**12 - 1))
@example(10005)
@example(120000000)
def test_chinese_numeral_round_trips(n):
    assert parse_chinese(chinese(n)) == n


@SETTINGS
@given(st.integers(min_value=1000, max_value=10**15))
def test_thousands_separators_ascii_and_fullwidth(n):
    written = f"{n:,}"
    assert parse_number(written) == n
    assert parse_number(clean(written.replace(",", "，"))) == n


def test_range_separators_listed_here_are_the_parsers():
    assert all(re.fullmatch(RANGE_SEP, s) for s in SEPARATORS)


# --- units --------------------------------------------------------------------------------------


@SETTINGS
@given(
    policy_values,
    st.one_of(st.sampled_from(UNITS), st.text(max_size=8)),
    st.one_of(st.sampled_from(UNITS), st.text(max_size=8)),
)
def test_convert_returns_a_value_or_refuses(v, a, b):
    out = parses_or_refuses(convert, v, a, b)
    assert out is None or out >= 0
    assert parses_or_refuses(dimension, a) in (
        None,
        *(u.dimension for u in CATALOG.units.table.values()),
    )


@SETTINGS
@given(any_text)
def test_word_unit_knows_a_word_or_raises_key_error(word):
    try:
        assert word_unit(word) in UNITS
    except KeyError:
        pass


same_dimension_pair = st.sampled_from(
    [(a, b) for a in UNITS for b in UNITS if dimension(a) == dimension(b)]
)


@SETTINGS
@given(st.decimals(min_value=0, max_value=10**6, places=3).map(float), same_dimension_pair)
@example(0.001, ("minutes", "days"))  # 6.944e-07 days: round(…, 10) keeps 4 significant digits
@example(123.456, ("CNY", "100m_CNY"))
def test_convert_there_and_back_gives_the_value(v, pair):
    a, b = pair
    assert math.isclose(convert(convert(v, a, b), b, a), v, rel_tol=1e-9, abs_tol=1e-12)


# --- years --------------------------------------------------------------------------------------


@SETTINGS
@given(any_text, st.one_of(st.none(), st.integers(min_value=1, max_value=9999)))
def test_find_years_never_raises_and_spans_are_the_surface(s, published):
    found = find_years(s, published, CATALOG.years)
    assert [y.start for y in found] == sorted(y.start for y in found)
    for y, nxt in zip(found, found[1:], strict=False):
        assert y.end <= nxt.start
    for y in found:
        assert s[y.start : y.end] == y.surface


@SETTINGS
@given(
    st.integers(min_value=1900, max_value=2099),
    st.sampled_from(["到{}年底", "到{}年", "{}年底前", "至{}年末"]),
)
def test_deadline_year_round_trips(year, form):
    written = form.format(year)
    (y,) = find_years(f"主要目标：{written}，县域就诊率", 2023, CATALOG.years)
    assert (y.year, y.basis, y.is_deadline) == (year, f"explicit:{written}", True)


@SETTINGS
@given(st.integers(min_value=1, max_value=9), st.sampled_from(["末", "期间", "期末"]))
def test_plan_period_round_trips(n, tail):
    cn = "一二三四五六七八九"[n - 1]
    (y,) = find_years(f"力争“十{cn}五”{tail}实现", 2023, CATALOG.years)
    assert y.year == plan_end_year(10 + n) == 2025 + (10 + n - 14) * 5


@SETTINGS
@given(
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=1950, max_value=2100),
    st.booleans(),
)
def test_relative_span_round_trips(n, published, as_chinese):
    written = chinese(n) if as_chinese and n <= 10 else str(n)
    (y,) = find_years(f"力争{written}年内招聘医生", published, CATALOG.years)
    assert y.year == published + n - 1


@SETTINGS
@given(st.integers(min_value=1900, max_value=2099), st.integers(min_value=0, max_value=99))
def test_period_round_trips(a, span):
    b = min(a + span, 2099)
    (y,) = find_years(f"实施方案（{a}-{b}年）", 2023, CATALOG.years)
    assert y.year == b


# --- comparators --------------------------------------------------------------------------------

BEFORE_WORDS = {
    "不少于": ">=",
    "不低于": ">=",
    "至少": ">=",
    "达到": ">=",
    "提高到": ">=",
    "超过": ">",
    "多于": ">",
    "不超过": "<=",
    "控制在": "<=",
    "降至": "<=",
    "低于": "<",
    "少于": "<",
    "约": "approx",
    "大约": "approx",
}
AFTER_WORDS = {"以上": ">=", "及以上": ">=", "以下": "<=", "以内": "<=", "左右": "approx", "": None}
NEUTRAL = st.text(alphabet=st.sampled_from("县域就诊率床位数医师全市建成基层服务能力"), max_size=10)


@SETTINGS
@given(any_text, any_text, st.booleans())
def test_comparator_always_names_a_known_comparator(before, after, is_range):
    assert comparator(CATALOG.comparators, before, after, is_range) in COMPARATORS


@SETTINGS
@given(
    NEUTRAL, st.sampled_from(sorted(BEFORE_WORDS)), st.sampled_from(sorted(AFTER_WORDS)), NEUTRAL
)
def test_comparator_words_round_trip(prefix, before_word, after_word, suffix):
    expected = AFTER_WORDS[after_word] or BEFORE_WORDS[before_word]
    assert comparator(CATALOG.comparators, prefix + before_word, after_word + suffix) == expected


# --- text and the extractor ---------------------------------------------------------------------


@SETTINGS
@given(any_text)
def test_clean_keeps_every_offset_and_spans_stay_inside(s):
    c = clean(s)
    assert len(c) == len(s)
    for span in [*sentences(c), *paragraphs(c)]:
        assert 0 <= span.start < span.end <= len(s)


@SETTINGS
@given(
    st.binary(max_size=200), st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1", "klingon"])
)
def test_decode_returns_text_or_refuses_on_any_bytes(data, encoding):
    text = parses_or_refuses(decode, data, "doc.txt", encoding)
    assert text is None or isinstance(text, str)


plain_text = any_text.filter(
    lambda s: s.strip() and "\x00" not in s and "<" not in s and "\ud800" > s[:1]
)


@SETTINGS
@given(plain_text, st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_decode_gives_back_the_text_in_its_declared_encoding(s, encoding):
    assume(s.replace("\ufeff", "").strip())
    data = s.encode(encoding)
    assume(
        not data.startswith(
            (b"%PDF", b"PK\x03\x04", b"GIF8", b"{\\rtf", b"\xff\xd8\xff", b"\x89PNG")
        )
    )
    if encoding == "gb18030":
        # A file declared GB18030 that is also valid non-ASCII UTF-8 is refused as UTF-8: a real
        # GBK document never is, a snippet of a few characters may be.
        try:
            data.decode("utf-8")
            assume(data.isascii())
        except UnicodeDecodeError:
            pass
    expected = s[1:] if encoding == "utf-16" and s.startswith("\ufeff") else s
    assert decode(data, "doc.txt", encoding) == expected


@SETTINGS
@given(
    any_text,
    st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))),
)
@example(
    "到2025年底，全市新增床位120\n张。", None
)  # the unit on the next line: number ends after its quote
def test_extractor_never_crashes_and_offsets_point_into_the_raw_text(raw, published):
    try:
        mentions = find_mentions(raw, published, CATALOG)
    except RegionhealthError:
        return
    for m in mentions:
        assert 0 <= m.start < m.end <= len(raw)
        assert raw[m.start : m.end] == m.surface
        assert m.kind in ("target", "reference", "ignored")
        if m.kind == "target":
            assert m.comparator in COMPARATORS
            assert m.quote_start <= m.start and m.end <= m.quote_end <= len(raw)


percent_values = st.decimals(min_value=0, max_value=100, places=2).map(float)


@SETTINGS
@given(st.integers(min_value=2023, max_value=2099), percent_values)
@example(2025, 90.0)
def test_generated_goal_sentence_gives_back_year_and_value(year, v):
    raw = f"到{year}年底,县域就诊率达{plain_number(v)}%以上"
    targets = [m for m in find_mentions(raw, date(2023, 5, 30), CATALOG) if m.kind == "target"]
    assert [(t.indicator_code, t.value, t.unit, t.comparator, t.target_year) for t in targets] == [
        ("county_visit_rate", v, "percent", ">=", year)
    ]
    (t,) = targets
    assert raw[t.start : t.end] == f"{plain_number(v)}%"


@SETTINGS
@given(
    st.integers(min_value=2023, max_value=2099),
    percent_values,
    st.lists(st.sampled_from(["\ufeff", "\r\n", "\u3000", " "]), max_size=3),
    st.booleans(),
)
def test_goal_sentence_survives_bom_odd_spaces_and_fullwidth_digits(year, v, junk, wide):
    number = plain_number(v)
    if wide:
        number = number.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    raw = "".join(junk) + f"到{year}年底，县域就诊率达{number}％以上。"
    targets = [m for m in find_mentions(raw, date(2023, 5, 30), CATALOG) if m.kind == "target"]
    assert [(t.value, t.target_year) for t in targets] == [(v, year)]
    assert raw[targets[0].start : targets[0].end] == f"{number}％"


def test_chinese_reference_reader_spot_checks():
    assert [chinese(n) for n in (0, 10, 15, 105, 1005, 10005, 20000000, 120000000)] == [
        "零",
        "一十",
        "一十五",
        "一百零五",
        "一千零五",
        "一万零五",
        "二千万",
        "一亿二千万",
    ]
