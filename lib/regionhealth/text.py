"""Reading raw texts and cleaning them without moving a single offset.

Cleaning never deletes or inserts characters: page chrome and table pipes are overwritten with
spaces and full-width forms are replaced one code point for one, so an offset into the cleaned text
is the same offset into the raw file. That is what keeps every quote traceable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from regionhealth.errors import RegionhealthError

# Full-width digits and the symbols around numbers, mapped one code point to one.
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９％．，：／～－＋（）；！？\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff",
    "0123456789%.,:/~-+();!?" + " " * 7,
)

# Page chrome scraped along with the text: whole lines that carry no policy content.
_CHROME_LINE = re.compile(
    r"^[ \t]*(?:您现在的位置.*|当前位置.*|简体版\s*\|\s*繁体版.*|支持IPv6|无障碍|"
    r"!\[\]\(\)\s*\|?|\|+|文件下载:?.*|.*\.(?:doc|docx|pdf|wps)\s*|打印本页.*|关闭窗口.*|"
    r"[【\[]?(?:字体|字号)[:：].*)[ \t]*$",
    re.MULTILINE,
)
# Table residue: pipes between cells of tables flattened to text.
_PIPE = re.compile(r"\|")

_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
# A paragraph starts at a line break or, in texts flattened onto one line, where a list marker
# such as "2." "（三）" "三、" follows whitespace.
_PARAGRAPH_START = re.compile(
    r"\n|(?<=\s)(?=(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)\S)"
)


def decode(data: bytes, source: str, encoding: str = "utf-8") -> str:
    """Decode the bytes of a raw file, refusing what is not a policy text in ``encoding``."""
    if not data.strip():
        raise RegionhealthError(f"{source}: file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RegionhealthError(f"{source}: file is UTF-16 (starts with a UTF-16 byte order mark); save it as UTF-8")
    if b"\x00" in data[:4096]:
        raise RegionhealthError(f"{source}: file is binary (contains NUL bytes), not a text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        hint = ""
        if encoding.replace("-", "").lower() == "utf8":
            try:
                data.decode("gb18030")
                hint = "; it decodes as GB18030/GBK: declare encoding gb18030 in the registry or convert it"
            except UnicodeDecodeError:
                pass
        raise RegionhealthError(
            f"{source}: not valid {encoding} at byte {exc.start}{hint}"
        ) from None
    if text.startswith("\ufeff"):
        # A UTF-8 byte order mark: keep it (offsets count it) but cleaning blanks it.
        pass
    head = text[:2000].lower()
    if "<html" in head or "<!doctype html" in head:
        raise RegionhealthError(f"{source}: file is an HTML page, not plain text; extract its text first")
    return text


def read_raw(path: Path, encoding: str = "utf-8") -> str:
    """Read a raw document as text, with a one-line error for anything that is not one."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RegionhealthError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise RegionhealthError(f"{path}: is a directory, not a file") from None
    return decode(data, str(path), encoding)


def clean(raw: str) -> str:
    """Cleaned copy of ``raw`` of exactly the same length: chrome blanked, full-width folded."""
    text = raw.translate(_FULLWIDTH)
    text = _CHROME_LINE.sub(lambda m: " " * len(m.group(0)), text)
    text = _PIPE.sub(" ", text)
    assert len(text) == len(raw)
    return text


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _spans(text: str, boundaries: list[int]) -> list[Span]:
    """Non-blank spans between boundaries, trimmed of surrounding whitespace."""
    out = []
    for a, b in zip(boundaries, boundaries[1:], strict=False):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append(Span(a, b))
    return out


def sentences(text: str) -> list[Span]:
    """Sentence spans: split after 。；;！？ and at line breaks."""
    cuts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    return _spans(text, cuts)


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans: split at line breaks and at list markers of flattened texts."""
    cuts = [0] + [m.start() for m in _PARAGRAPH_START.finditer(text)] + [len(text)]
    return _spans(text, sorted(set(cuts)))
