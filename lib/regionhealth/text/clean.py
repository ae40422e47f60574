"""Cleaning a raw text without moving a single offset, and finding its sentences and paragraphs.

Cleaning never deletes or inserts characters: page chrome and table pipes are overwritten with
spaces and full-width forms are replaced one code point for one, so an offset into the cleaned text
is the same offset into the raw file. That is what keeps every quote traceable. (Reading the raw
file is :mod:`regionhealth.sources.rawfile`.)
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

import opencc

from regionhealth.text.numbers import CN_NUMERAL_CHARS

# Full-width digits, letters (ＩＣＵ) and the symbols around numbers as ASCII, and the rarer forms of
# CJK punctuation (half-width ｡ ､, small ﹐ ﹑, corner brackets 「」 of traditional texts) as the forms
# the catalog writes: one code point for one, so offsets never move.
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９％．，：／～－＋（）；！？\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff"
    "｡､﹐﹑﹔﹕「」『』"
    + "".join(chr(c) for c in range(0xFF21, 0xFF3B))
    + "".join(chr(c) for c in range(0xFF41, 0xFF5B)),
    "0123456789%.,:/~-+();!?"
    + " " * 7
    + "。、,、;:“”‘’"
    + "".join(chr(c) for c in range(0x41, 0x5B))
    + "".join(chr(c) for c in range(0x61, 0x7B)),
)
# Half-width texts end sentences with "." and number their headings "一,": an ASCII full stop
# after a CJK character (or % or a closing bracket) and not before a digit or letter is a 。, a
# comma right after a heading numeral at a line start is a 、.
# (The lookbehind comes after the "." so that the regex engine can skip straight to each ".".)
_HALFWIDTH_STOP = re.compile(r"\.(?<=[\u3400-\u9fff%)”\"]\.)(?![0-9A-Za-z.])")
_HALFWIDTH_HEADING = re.compile(r"(?m)^([ \t]*[一二三四五六七八九十]{1,3}),(?=\S)")

# Traditional characters are read through their simplified form, one character for one (OpenCC's
# Hong Kong and generic tables; a character whose simplified form is longer or shorter is kept).
_OPENCC = (opencc.OpenCC("hk2s"), opencc.OpenCC("t2s"))

# Page chrome scraped along with the text: whole lines that carry no policy content.
_CHROME_LINE = re.compile(
    r"^[ \t]*(?:您现在的位置.*|当前位置.*|简体版\s*\|\s*繁体版.*|支持IPv6|无障碍|"
    r"!\[\]\(\)\s*\|?|\|+|文件下载:?.*|.*\.(?:doc|docx|pdf|wps)\s*|打印本页.*|关闭窗口.*|"
    r"[【\[]?(?:字体|字号)[:：].*)[ \t]*$",
    re.MULTILINE,
)
# Table residue: pipes between cells of tables flattened to text.
_PIPE = re.compile(r"\|")


def _simplified_char(ch: str) -> str:
    for converter in _OPENCC:
        out = converter.convert(ch)
        if out != ch and len(out) == 1:
            return out
    return ch


# Basic Multilingual Plane characters that OpenCC may simplify (CJK extension A, unified ideographs,
# compatibility ideographs, full-width forms); rarer ones (supplementary planes) are looked up one by
# one as they occur.
_CJK_BLOCK = range(0x3400, 0x10000)
_SUPPLEMENTARY = re.compile(r"[\U00010000-\U0010ffff]")


def _fold_table() -> tuple[dict[str, str], re.Pattern[str]]:
    """Every BMP character :func:`fold` changes, with its folded form, and a class matching them.

    Built once per process: one OpenCC conversion of the whole block (one character per line, so
    each converts alone, as :func:`_simplified_char` converts it), ~0.1 s.
    """
    if _FOLD:
        return _FOLD[0]
    chars = [chr(i) for i in _CJK_BLOCK if not 0xD800 <= i < 0xE000]
    converted = [c.convert("\n".join(chars)).split("\n") for c in _OPENCC]
    table: dict[str, str] = {}
    if all(len(out) == len(chars) for out in converted):
        for i, ch in enumerate(chars):
            for out in converted:
                if out[i] != ch and len(out[i]) == 1:
                    table[ch] = out[i]
                    break
    else:  # pragma: no cover - a dictionary that joined lines: one character at a time
        table = {ch: out for ch in chars if (out := _simplified_char(ch)) != ch}
    # Full-width forms first: they fold to ASCII or CJK punctuation, never through OpenCC.
    table.update((chr(k), chr(v)) for k, v in _FULLWIDTH.items() if k != v)
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in sorted(table)) + "]")
    _FOLD.append((table, pattern))
    return table, pattern


_FOLD: list[tuple[dict[str, str], re.Pattern[str]]] = []


def fold(s: str) -> str:
    """``s`` as the catalog writes it: simplified characters, ASCII digits and punctuation
    (，→, ：→: （→( ) but CJK 。、“” kept; one code point for one."""
    table, changed = _fold_table()
    present = set(changed.findall(s))
    # Supplementary-plane characters (rare: a few per text at most) are looked up one by one.
    rare = {ch: out for ch in set(_SUPPLEMENTARY.findall(s)) if (out := _simplified_char(ch)) != ch}
    present.update(rare)
    if not present:
        return s
    mapping = {ch: table.get(ch) or rare[ch] for ch in present}
    if len(mapping) > 24 or not present.isdisjoint(mapping.values()):
        # Many characters to fold (a traditional text), or one whose folded form folds again:
        # one pass over the text, every character folded once.
        return s.translate({ord(k): v for k, v in mapping.items()})
    # A few characters (full-width punctuation of a simplified text): one fast pass each.
    for ch, out in mapping.items():
        s = s.replace(ch, out)
    return s


def fold_text(raw: str) -> str:
    """``raw`` folded (:func:`fold`), with half-width sentence ends and heading commas read as
    。 and 、; same length, table pipes still in place."""
    text = fold(raw)
    text = _HALFWIDTH_STOP.sub("。", text)
    return _HALFWIDTH_HEADING.sub(r"\1、", text)


# A run of numbers with at most three characters (no numeral, no line break) between each two, from
# NUMBER_RUN_MIN numbers on, is a dump of data, not a statement: no policy sentence lists fifty
# numbers without a word between them. Its numbers are accounted for as furniture (``number_run``)
# and its text is blanked, so no later step spends work per number on it.
NUMBER_RUN_MIN = 50
# A string of more than DIGIT_STRING_MAX digits is no number either (an ID or a phone number has
# under 30 digits; values beyond 1e15 are refused): it is accounted for as ``number_too_large`` and
# blanked, so that no pattern is tried from each of its digits (quadratic in its length).
DIGIT_STRING_MAX = 100
# Both in one pass, written from "a digit that starts a digit run": the engine skips to each digit,
# and one that continues a run fails at once instead of trying the whole chain again (a quarter of
# the cost of (?:\d+S{1,3}){49,}\d+; linear on a long digit string).
_SEP = rf"[^\d\n{CN_NUMERAL_CHARS}]{{1,3}}"
_NUMBER_RUN = re.compile(
    rf"\d(?<!\d\d)(?:(?P<digits>\d{{{DIGIT_STRING_MAX},}})"
    rf"|\d*{_SEP}(?:\d+{_SEP}){{{NUMBER_RUN_MIN - 2},}}\d+)"
)


@dataclass(frozen=True)
class Furniture:
    """Where a folded text has furniture: page chrome lines, runs of numbers and over-long digit
    strings ([start, end))."""

    chrome: tuple[tuple[int, int], ...]
    number_runs: tuple[tuple[int, int], ...]
    digit_strings: tuple[tuple[int, int], ...] = ()


def furniture(folded: str) -> Furniture:
    """The furniture of ``folded`` (found once per text by the extractor, which blanks it with
    :func:`blank_furniture` and claims its numbers)."""
    chrome = tuple(m.span() for m in _CHROME_LINE.finditer(folded))
    unchromed = _blank(folded, chrome)
    runs: list[tuple[int, int]] = []
    strings: list[tuple[int, int]] = []
    for m in _NUMBER_RUN.finditer(unchromed):
        (runs if m.group("digits") is None else strings).append(m.span())
    return Furniture(chrome, tuple(runs), tuple(strings))


def _blank(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` with each span overwritten by spaces."""
    if not spans:
        return text
    parts, pos = [], 0
    for a, b in spans:
        parts += [text[pos:a], " " * (b - a)]
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def blank_furniture(folded: str, found: Furniture | None = None) -> str:
    """``folded`` with page chrome lines, runs of numbers, over-long digit strings and table pipes
    overwritten by spaces (same length); ``found``: its :func:`furniture`, if known already."""
    if found is None:
        found = furniture(folded)
    text = _blank(_blank(_blank(folded, found.chrome), found.number_runs), found.digit_strings)
    return _PIPE.sub(" ", text)


def clean(raw: str) -> str:
    """Cleaned copy of ``raw`` of exactly the same length: folded, chrome and pipes blanked."""
    text = blank_furniture(fold_text(raw))
    assert len(text) == len(raw)
    return text


class Span(NamedTuple):
    start: int
    end: int


# A sentence runs to just after a 。；;！!？? (or to a line break), trimmed of whitespace: it starts at
# its first character that is neither whitespace nor a sentence end, and takes in the sentence end
# it runs to (a lone sentence end is a sentence of its own). One regex pass gives the trimmed spans.
_SENTENCE = re.compile(
    r"[^\s。；;！!？?][^。；;！!？?\n]*[。；;！!？?]"
    r"|[^\s。；;！!？?](?:[^。；;！!？?\n]*[^\s。；;！!？?])?"
    r"|[。；;！!？?]"
)
# A paragraph runs to a line break, or to whitespace before a list marker such as "2." "（三）"
# "三、" in texts flattened onto one line (the marker starts the next paragraph); trimmed.
_PARAGRAPH = re.compile(
    r"\S+(?:[^\S\n]+(?!(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)\S)\S+)*"
)


def sentences(text: str) -> list[Span]:
    """Sentence spans: split after 。；;！？ and at line breaks, trimmed of whitespace."""
    return [Span(*m.span()) for m in _SENTENCE.finditer(text)]


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans: split at line breaks and at list markers of flattened texts, trimmed."""
    return [Span(*m.span()) for m in _PARAGRAPH.finditer(text)]


# The farthest any rule reads from a number, in characters. Real clauses are under 200 and real
# sentences under 350 characters long, so no decision on a real text changes; a pathological text
# (100 000 numbers in one clause, a megabyte without a sentence end) costs a bounded amount of work
# per number instead of one proportional to its clause: extraction stays linear.
CONTEXT = 400

_CLAUSE_END = re.compile(r"[,，；;。！!？?\n]")


class ClauseIndex:
    """Clause boundaries of one text (,；。！？ and line breaks), found once, looked up by bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cuts = [m.start() for m in _CLAUSE_END.finditer(text)]

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """[a, b) of the clause around [start, end), at most CONTEXT characters either side."""
        i = bisect.bisect_left(self.cuts, start)
        a = self.cuts[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(self.cuts, end)
        b = self.cuts[j] if j < len(self.cuts) else len(self.text)
        return max(a, start - CONTEXT), min(b, end + CONTEXT)


class SpanSet:
    """Non-overlapping non-empty [start, end) spans of one text, kept as a mask of the positions
    taken: testing or taking a span costs one C-level scan of its characters."""

    def __init__(self) -> None:
        self._taken = bytearray()

    def free(self, a: int, b: int) -> bool:
        """Whether the non-empty [a, b) overlaps no span of the set."""
        return self._taken.find(1, a, b) < 0

    def take(self, a: int, b: int) -> None:
        """Add [a, b), which must be free."""
        taken = self._taken
        if b > len(taken):
            taken.extend(bytes(b - len(taken)))
        taken[a:b] = b"\x01" * (b - a)


class SpanIndex:
    """Find which of a sorted list of spans holds a position, in O(log n)."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.starts = [s.start for s in spans]
        self._ends = [s.end for s in spans]

    def at(self, pos: int) -> Span | None:
        """The span containing ``pos``, if any."""
        i = bisect.bisect_right(self.starts, pos) - 1  # so spans[i].start <= pos
        if i >= 0 and pos < self._ends[i]:
            return self.spans[i]
        return None
