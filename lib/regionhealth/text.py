"""Reading raw texts and cleaning them without moving a single offset.

Cleaning never deletes or inserts characters: page chrome and table pipes are overwritten with
spaces and full-width forms are replaced one code point for one, so an offset into the cleaned text
is the same offset into the raw file. That is what keeps every quote traceable.
"""

from __future__ import annotations

import bisect
import codecs
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import opencc

from regionhealth.errors import RegionhealthError
from regionhealth.numbers import CN_NUMERAL_CHARS

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
_SIMPLIFIED: dict[str, str] = {}  # supplementary-plane characters seen, and their folded form

# Page chrome scraped along with the text: whole lines that carry no policy content.
_CHROME_LINE = re.compile(
    r"^[ \t]*(?:您现在的位置.*|当前位置.*|简体版\s*\|\s*繁体版.*|支持IPv6|无障碍|"
    r"!\[\]\(\)\s*\|?|\|+|文件下载:?.*|.*\.(?:doc|docx|pdf|wps)\s*|打印本页.*|关闭窗口.*|"
    r"[【\[]?(?:字体|字号)[:：].*)[ \t]*$",
    re.MULTILINE,
)
# Table residue: pipes between cells of tables flattened to text.
_PIPE = re.compile(r"\|")


# Signatures of files that are not texts at all, checked before any decoding.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (.docx, .xlsx, .ofd, …)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 document (.doc, .wps, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HTML_HEAD = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
# Characters that exist only in traditional Chinese (none is in GB2312), frequent in health policy.
_TRADITIONAL = frozenset(
    "醫療衛縣區級機構達實現體與發務設護國這們為會對時產業質數標準項關開應進長點師診婦兒養險藥費資統"
    "計劃規總鄉鎮員網絡擴蓋條農檢測腦強優勢專貧聯轉辦導參補貼職稱擔當壓處廣東廠熱視聽語說讀寫線電話"
    "號碼層張簽約嬰訓練組織領責負續維環傳類價報據態營評經濟門問題種響將並從還過讓歲齡"
)
_FULLWIDTH_DIGITS = frozenset("０１２３４５６７８９")
REGISTRY_DECLARATION = "declare encoding {encoding} in documents.csv (column encoding)"


# Codecs Python knows that no document is written in: bytes-to-bytes transforms (base64, zlib, …)
# are refused by their flag; these decode text into something else (domain names, escapes).
_NOT_DOCUMENT_ENCODINGS = frozenset(
    {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "undefined"}
)
# Largest raw document read: far beyond any policy text (the largest known are ~1 MB), small
# enough that reading, decoding and extracting it stays within memory and minutes.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def check_encoding(encoding: str, source: str) -> str:
    """The codec name of a declared text encoding; one line for an unknown or non-text one."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise RegionhealthError(f"{source}: unknown encoding {encoding!r}") from None
    if not info._is_text_encoding or info.name in _NOT_DOCUMENT_ENCODINGS:
        raise RegionhealthError(
            f"{source}: {encoding!r} is not a text encoding for documents (use utf-8, gb18030, …)"
        )
    return info.name


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_utf16(data: bytes) -> bool:
    """Whether NUL bytes sit at every other position, as in UTF-16 text written without a BOM."""
    head = data[:4096]
    half = len(head) // 2
    return half >= 2 and max(head[0::2].count(0), head[1::2].count(0)) >= 0.3 * half


def _text_notes(text: str, codec: str, declared: str) -> list[str]:
    """What reading the text did or noticed, for the user (never a reason to refuse it)."""
    notes = []
    if codec not in ("utf-8", "utf-8-sig"):
        notes.append(f"decoded as {declared} (as declared)")
    if text.startswith("\ufeff"):
        notes.append(
            "UTF-8 byte order mark kept as code point 0 (offsets count it; cleaning blanks it)"
        )
    wide = sum(ch in _FULLWIDTH_DIGITS for ch in text)
    if wide:
        notes.append(
            f"{wide} full-width digit(s) read as ASCII digits (one code point for one: offsets unchanged)"
        )
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    trad = sum(ch in _TRADITIONAL for ch in text)
    if trad >= 10 and trad >= 0.02 * cjk:
        notes.append(
            f"looks like traditional Chinese ({trad} traditional characters): read through its simplified "
            "form character by character (quotes stay as written)"
        )
    return notes


def decode(
    data: bytes,
    source: str,
    encoding: str = "utf-8",
    notes: list[str] | None = None,
    declaration: str = REGISTRY_DECLARATION,
) -> str:
    """Decode the bytes of a raw file, refusing what is not a policy text in ``encoding``.

    ``notes`` (if given) collects what was done on the way (a declared encoding, a BOM kept…);
    ``declaration`` says how the user declares an encoding (registry column or CLI option).
    """
    codec = check_encoding(encoding, source)
    wide = codec.startswith(("utf-16", "utf-32"))
    if not data.strip():
        raise RegionhealthError(f"{source}: file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise RegionhealthError(f"{source}: file is {what}, not a text; extract its text first")
    if data.startswith(_UTF32_BOMS) and not codec.startswith("utf-32"):
        raise RegionhealthError(
            f"{source}: file is UTF-32 (starts with a UTF-32 byte order mark); save it as UTF-8 or "
            + declaration.format(encoding="utf-32")
        )
    if not wide:
        if data.startswith(_UTF16_BOMS):
            raise RegionhealthError(
                f"{source}: file is UTF-16 (starts with a UTF-16 byte order mark); save it as UTF-8 or "
                + declaration.format(encoding="utf-16")
            )
        if b"\x00" in data[:4096]:
            if _looks_utf16(data):
                raise RegionhealthError(
                    f"{source}: file looks like UTF-16 without a byte order mark (every other byte is NUL); "
                    "save it as UTF-8"
                )
            raise RegionhealthError(f"{source}: file is binary (contains NUL bytes), not a text")
        nul = data.find(b"\x00")
        if nul >= 0:  # a text with a NUL further in: a damaged file or a binary tail
            raise RegionhealthError(
                f"{source}: contains a NUL byte at byte {nul}; not a clean text"
            )
    if codec not in ("utf-8", "utf-8-sig") and not data.isascii() and _is_utf8(data):
        # Valid UTF-8 with non-ASCII bytes is almost never a GBK (or other) text by chance.
        raise RegionhealthError(
            f"{source}: declared {encoding} but the file is UTF-8; declare utf-8 instead"
        )
    try:
        text = data.decode(codec)
    except UnicodeError as exc:
        if not isinstance(exc, UnicodeDecodeError):
            raise RegionhealthError(f"{source}: not valid {encoding}") from None
        hint = ""
        if codec == "utf-8":
            try:
                data.decode("gb18030")
                hint = (
                    "; it decodes as GB18030/GBK: "
                    + declaration.format(encoding="gb18030")
                    + " or convert it to UTF-8"
                )
            except UnicodeDecodeError:
                pass
        raise RegionhealthError(
            f"{source}: not valid {encoding} at byte {exc.start}{hint}"
        ) from None
    if not text.replace("\ufeff", "").strip():
        raise RegionhealthError(f"{source}: file is empty")
    nul = text.find("\x00")
    if nul >= 0:  # e.g. UTF-32 read as UTF-16: every other character a NUL
        raise RegionhealthError(
            f"{source}: decoded as {encoding} it contains a NUL character at offset {nul}; "
            "the file is not in that encoding"
        )
    if _HTML_HEAD.search(text[:2000]):
        raise RegionhealthError(
            f"{source}: file is an HTML page, not plain text; extract its text first"
        )
    if notes is not None:
        notes.extend(_text_notes(text, codec, encoding))
    return text


def read_raw(
    path: Path,
    encoding: str = "utf-8",
    notes: list[str] | None = None,
    declaration: str = REGISTRY_DECLARATION,
) -> str:
    """Read a raw document as text, with a one-line error for anything that is not one."""
    check_regular_file(path, MAX_DOCUMENT_BYTES, "a document")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RegionhealthError(f"{path}: file not found") from None
    except PermissionError:
        raise RegionhealthError(f"{path}: permission denied") from None
    return decode(data, str(path), encoding, notes, declaration)


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
    for ch in set(_SUPPLEMENTARY.findall(s)):
        if ch not in _SIMPLIFIED:
            _SIMPLIFIED[ch] = _simplified_char(ch)
        if _SIMPLIFIED[ch] != ch:
            present.add(ch)
    if not present:
        return s
    mapping = {ch: table.get(ch) or _SIMPLIFIED[ch] for ch in present}
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
_NUMBER_RUN = re.compile(rf"(?:\d+[^\d\n{CN_NUMERAL_CHARS}]{{1,3}}){{{NUMBER_RUN_MIN - 1},}}\d+")


@dataclass(frozen=True)
class Furniture:
    """Where a folded text has furniture: page chrome lines and runs of numbers ([start, end))."""

    chrome: tuple[tuple[int, int], ...]
    number_runs: tuple[tuple[int, int], ...]


_FURNITURE: list[tuple[str, Furniture]] = []


def furniture(folded: str) -> Furniture:
    """The furniture of ``folded`` (found once per text: :func:`blank_furniture` and the
    extractor's claims ask for the same text)."""
    if _FURNITURE and _FURNITURE[0][0] is folded:
        return _FURNITURE[0][1]
    chrome = tuple(m.span() for m in _CHROME_LINE.finditer(folded))
    unchromed = _blank(folded, chrome)
    runs = tuple(m.span() for m in _NUMBER_RUN.finditer(unchromed))
    found = Furniture(chrome, runs)
    _FURNITURE[:] = [(folded, found)]
    return found


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


def blank_furniture(folded: str) -> str:
    """``folded`` with page chrome lines, runs of numbers and table pipes overwritten by spaces
    (same length)."""
    found = furniture(folded)
    text = _blank(_blank(folded, found.chrome), found.number_runs)
    return _PIPE.sub(" ", text)


def check_regular_file(path: Path, max_bytes: int, what: str) -> None:
    """Refuse what must not be read: a directory, a FIFO or device (reading would hang or never
    end), a file over ``max_bytes``. ``stat`` never blocks, unlike opening a FIFO."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise RegionhealthError(f"{path}: file not found") from None
    except PermissionError:
        raise RegionhealthError(f"{path}: permission denied") from None
    if stat.S_ISDIR(st.st_mode):
        raise RegionhealthError(f"{path}: is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        if stat.S_ISFIFO(st.st_mode):
            kind = "a FIFO (named pipe)"
        elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            kind = "a device"
        else:
            kind = "a special file"
        raise RegionhealthError(f"{path}: is {kind}, not a regular file")
    if st.st_size > max_bytes:
        raise RegionhealthError(
            f"{path}: {st.st_size} bytes is over the limit of {max_bytes // (1024 * 1024)} MiB for {what}"
        )


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


_CLAUSES: list[ClauseIndex] = []


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause of ``text`` around [start, end) (index built once per text)."""
    if not _CLAUSES or _CLAUSES[0].text is not text:
        _CLAUSES[:] = [ClauseIndex(text)]
    return _CLAUSES[0].bounds(start, end)


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
