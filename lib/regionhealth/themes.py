"""Qualitative themes: which policy themes a document speaks of, with the sentences as evidence."""

from __future__ import annotations

from dataclasses import dataclass

from regionhealth import text as textmod
from regionhealth.catalog import Theme


@dataclass(frozen=True)
class ThemeMention:
    theme_code: str
    keyword: str
    start: int
    end: int


def find_theme_mentions(raw: str, themes: tuple[Theme, ...]) -> list[ThemeMention]:
    """One mention per (sentence, theme) whose keywords match the sentence; offsets into ``raw``."""
    text = textmod.clean(raw)
    out: list[ThemeMention] = []
    for s in textmod.sentences(text):
        sentence = text[s.start : s.end]
        for theme in themes:
            for kw in theme.keywords:
                if kw.search(sentence):
                    out.append(ThemeMention(theme.code, kw.pattern, s.start, s.end))
                    break
    return out
