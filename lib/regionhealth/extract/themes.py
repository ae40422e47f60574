"""Qualitative themes: which policy themes a document speaks of, with the sentences as evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from regionhealth.catalog.loader import Theme
from regionhealth.extract.doc import Doc
from regionhealth.patterns.scan import start_chars


@dataclass(frozen=True)
class ThemeMention:
    theme_code: str
    keyword: str
    start: int
    end: int


class _Index(NamedTuple):
    """A theme catalog's keywords in catalog order, as (theme position, theme, pattern), and which
    of them a sentence can match: ``by_char`` maps a character to the keywords whose matches may
    start with it; ``anywhere`` are those whose first characters are not a known set (``\\d``…),
    tried on every sentence."""

    keywords: tuple[tuple[int, Theme, re.Pattern[str]], ...]
    by_char: dict[str, tuple[int, ...]]
    chars: frozenset[str]
    anywhere: frozenset[int]


@lru_cache(maxsize=8)
def _index(themes: tuple[Theme, ...]) -> _Index:
    keywords = tuple((t, theme, kw) for t, theme in enumerate(themes) for kw in theme.keywords)
    by_char: dict[str, list[int]] = {}
    anywhere = set()
    for k, (_, _, kw) in enumerate(keywords):
        chars = start_chars(kw)
        if chars is None:
            anywhere.add(k)
        else:
            for c in chars:
                by_char.setdefault(c, []).append(k)
    return _Index(
        keywords,
        {c: tuple(ks) for c, ks in by_char.items()},
        frozenset(by_char),
        frozenset(anywhere),
    )


def find_theme_mentions(doc: Doc) -> list[ThemeMention]:
    """One mention per (sentence, theme of ``doc.catalog``) whose keywords match the sentence of
    the document's cleaned text; offsets into the raw text (the same).

    A theme's keywords are tried in catalog order and the first that matches is the evidence. A
    keyword is only tried on a sentence holding a character its matches can start with (one set
    intersection per sentence), so a sentence is not searched with each of the ~160 keywords."""
    index = _index(doc.catalog.themes)
    text = doc.text
    out: list[ThemeMention] = []
    for s in doc.sentences.spans:
        sentence = text[s.start : s.end]
        tried = set(index.anywhere)
        for c in index.chars.intersection(sentence):
            tried.update(index.by_char[c])
        found = -1
        for k in sorted(tried):
            t, theme, kw = index.keywords[k]
            if t != found and kw.search(sentence):
                out.append(ThemeMention(theme.code, kw.pattern, s.start, s.end))
                found = t
    return out
