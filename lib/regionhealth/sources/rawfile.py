"""Reading a raw document file as text, refusing loudly what is not a policy text.

A PDF, a ZIP (.docx), an HTML page, a UTF-16 file without a declaration, a FIFO or a file too large
is refused with one line naming the file and what to do; a declared encoding is checked before
decoding. The text comes back exactly as stored: cleaning (:mod:`regionhealth.text.clean`) happens in
memory, with every offset kept.
"""

from __future__ import annotations

import codecs
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from regionhealth.errors import RegionhealthError

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
    if not data.strip():
        raise RegionhealthError(f"{source}: file is empty")
    _refuse_other_formats(data, source, codec, declaration)
    if not codec.startswith(("utf-16", "utf-32")):
        _refuse_nul_bytes(data, source)
    if codec not in ("utf-8", "utf-8-sig") and not data.isascii() and _is_utf8(data):
        # Valid UTF-8 with non-ASCII bytes is almost never a GBK (or other) text by chance.
        raise RegionhealthError(
            f"{source}: declared {encoding} but the file is UTF-8; declare utf-8 instead"
        )
    text = _decoded(data, source, codec, encoding, declaration)
    _refuse_non_texts(text, source, encoding)
    if notes is not None:
        notes.extend(_text_notes(text, codec, encoding))
    return text


def _refuse_other_formats(data: bytes, source: str, codec: str, declaration: str) -> None:
    """A PDF, an archive, an image… or a UTF-32/UTF-16 file (its byte order mark) read as another
    encoding: one line saying what the file is."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise RegionhealthError(f"{source}: file is {what}, not a text; extract its text first")
    if data.startswith(_UTF32_BOMS) and not codec.startswith("utf-32"):
        raise RegionhealthError(
            f"{source}: file is UTF-32 (starts with a UTF-32 byte order mark); save it as UTF-8 or "
            + declaration.format(encoding="utf-32")
        )
    if data.startswith(_UTF16_BOMS) and not codec.startswith(("utf-16", "utf-32")):
        raise RegionhealthError(
            f"{source}: file is UTF-16 (starts with a UTF-16 byte order mark); save it as UTF-8 or "
            + declaration.format(encoding="utf-16")
        )


def _refuse_nul_bytes(data: bytes, source: str) -> None:
    """NUL bytes in a file of a byte-oriented encoding: UTF-16 without a BOM, a binary, damage."""
    if b"\x00" in data[:4096]:
        if _looks_utf16(data):
            raise RegionhealthError(
                f"{source}: file looks like UTF-16 without a byte order mark (every other byte is NUL); "
                "save it as UTF-8"
            )
        raise RegionhealthError(f"{source}: file is binary (contains NUL bytes), not a text")
    nul = data.find(b"\x00")
    if nul >= 0:  # a text with a NUL further in: a damaged file or a binary tail
        raise RegionhealthError(f"{source}: contains a NUL byte at byte {nul}; not a clean text")


def _decoded(data: bytes, source: str, codec: str, encoding: str, declaration: str) -> str:
    """``data`` decoded with ``codec``; an undecodable byte is named, with a hint when a file
    declared (or defaulted to) UTF-8 decodes as GB18030."""
    try:
        return data.decode(codec)
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


def _refuse_non_texts(text: str, source: str, encoding: str) -> None:
    """A decoded text that is empty, holds NUL characters (a wrong wide encoding) or is HTML."""
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


def read_raw(
    path: Path,
    encoding: str = "utf-8",
    notes: list[str] | None = None,
    declaration: str = REGISTRY_DECLARATION,
) -> str:
    """Read a raw document as text, with a one-line error for anything that is not one."""
    check_regular_file(path, MAX_DOCUMENT_BYTES, "a document")
    with _os_errors(path):
        data = path.read_bytes()
    return decode(data, str(path), encoding, notes, declaration)


@contextmanager
def _os_errors(path: Path) -> Iterator[None]:
    """A missing or unreadable ``path`` as the one-line error the CLI prints."""
    try:
        yield
    except FileNotFoundError:
        raise RegionhealthError(f"{path}: file not found") from None
    except PermissionError:
        raise RegionhealthError(f"{path}: permission denied") from None


def check_regular_file(path: Path, max_bytes: int, what: str) -> None:
    """Refuse what must not be read: a directory, a FIFO or device (reading would hang or never
    end), a file over ``max_bytes``. ``stat`` never blocks, unlike opening a FIFO."""
    with _os_errors(path):
        st = path.stat()
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
