"""Comparator words around a number: 以上/不少于/达到 → '>=', 少于/低于 → '<', 以下/以内/控制在 → '<='.

The words are data (``data/catalog/comparators.yaml``), loaded once with the catalog. The
comparator comes only from words that bind the number itself. A hedge (力争, 争取) says how firm
the promise is, not which way it points: it is read as ``commitment`` by
:mod:`regionhealth.extract.semantics` and never changes the comparator.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from regionhealth.catalog import schema as catalog_schema
from regionhealth.catalog.schema import regex
from regionhealth.errors import RegionhealthError

COMPARATORS = (">=", ">", "<=", "<", "=", "range", "approx")


@dataclass(frozen=True, slots=True)
class ComparatorWords:
    """The compiled contents of ``comparators.yaml``."""

    after: tuple[tuple[re.Pattern[str], str], ...]  # matched at the start of the text after
    before: tuple[tuple[re.Pattern[str], str], ...]  # matched at the end of the text before
    not_across: tuple[str, ...]
    # Any word of ``before`` anywhere: a text without one needs no search word by word.
    any_before: re.Pattern[str]


def _words(entry: dict, fold: Callable[[str], str]) -> str | None:
    """The entry's plain words as one regex alternation (escaped, folded like the text)."""
    words = [re.escape(fold(w)) for w in entry.get("words") or ()]
    return "|".join(words) or None


def _patterns(entry: dict, where: str) -> str | None:
    """The entry's regular expressions as one alternation, each checked on its own first."""
    patterns = entry.get("patterns") or ()
    for p in patterns:
        regex(p, f"{where}: patterns")
    return "|".join(patterns) or None


def _after(entry: dict, fold: Callable[[str], str], where: str) -> re.Pattern[str]:
    # A closing quote may stand between the number and the word ("城区9分钟”以内").
    alts = [f'[”"’]?\\s*(?:{w})' for w in [_words(entry, fold)] if w]
    alts += [p for p in [_patterns(entry, where)] if p]
    return regex(rf"^\s*(?:{'|'.join(alts)})", f"{where}: patterns")


def _before(entry: dict, fold: Callable[[str], str], where: str) -> re.Pattern[str]:
    for p in entry.get("patterns") or ():
        if "(?=" in p or "(?!" in p:
            # The number follows the word: what comes after it is not the pattern's to read
            # (and comparator() skips texts where no word of ``before`` occurs at all).
            raise RegionhealthError(f"{where}: patterns: {p!r} must not look ahead")
    alts = [a for a in (_words(entry, fold), _patterns(entry, where)) if a]
    return regex(rf"(?:{'|'.join(alts)})\s*$", f"{where}: patterns")


def _where(filename: str, side: str, i: int, entry: dict) -> str:
    """'comparators.yaml: before #3 (<=)': the entry as the schema check names it."""
    return f"{filename}: {side} #{i + 1} ({entry['comparator']})"


def comparator_words(data: Any, filename: str, fold: Callable[[str], str]) -> ComparatorWords:
    """``comparators.yaml`` checked against its schema and compiled (words folded like the text)."""
    catalog_schema.check(data, catalog_schema.COMPARATORS_FILE, filename)
    return ComparatorWords(
        after=tuple(
            (_after(e, fold, _where(filename, "after", i, e)), e["comparator"])
            for i, e in enumerate(data["after"])
        ),
        before=tuple(
            (_before(e, fold, _where(filename, "before", i, e)), e["comparator"])
            for i, e in enumerate(data["before"])
        ),
        not_across=tuple(fold(w) for w in data["not_across"]),
        any_before=regex(
            "|".join(
                f"(?:{a})"
                for i, e in enumerate(data["before"])
                for a in (_words(e, fold), _patterns(e, _where(filename, "before", i, e)))
                if a
            ),
            f"{filename}: before: patterns",
        ),
    )


def comparator(words: ComparatorWords, before: str, after: str, is_range: bool = False) -> str:
    """Comparator of a number from the text ``before`` it (same clause) and ``after`` its unit."""
    if is_range:
        return "range"
    for pattern, comp in words.after:
        if pattern.search(after):
            return comp
    tail = before[-12:]
    if not words.any_before.search(tail):
        return "="
    # Nearest comparator word first; at the same distance the longer word wins (不低于 over 低于).
    for cut in range(min(len(tail), 8) + 1):
        head = tail[: len(tail) - cut]
        if cut and any(w in tail[len(tail) - cut :] for w in words.not_across):
            break  # "达标率100%": the 达 belongs to a word before the indicator, not to the number
        hits = [
            (len(m.group(0)), comp) for pattern, comp in words.before if (m := pattern.search(head))
        ]
        if hits:
            return max(hits)[1]
    return "="
