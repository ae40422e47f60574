"""Find the catalog's indicator wordings in a piece of text: plain synonyms and the few regexes.

Synonyms are plain words matched all at once by one Aho-Corasick automaton (pyahocorasick), so a
domain expert adds a wording without knowing regular expressions and matching costs one pass
whatever the number of words. ``patterns:`` stay regular expressions for the wordings that need
one (a lookbehind, a gap of any characters).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import ahocorasick

from regionhealth.patterns.scan import Scan
from regionhealth.patterns.shape import required_literal


class Hit(NamedTuple):
    """One wording of indicator number ``owner`` found at [start, end) of a window."""

    start: int
    end: int
    owner: int


class WordMatcher:
    """Every synonym and pattern of a list of owners (indicators), searchable in one pass."""

    def __init__(
        self,
        synonyms: Sequence[Iterable[str]],
        patterns: Sequence[Iterable[re.Pattern[str]]],
        fold: Callable[[str], str] = lambda s: s,
    ) -> None:
        """``synonyms[i]`` and ``patterns[i]`` are the wordings of owner ``i``; ``fold`` is the
        text normalisation the searched text went through (applied to the synonyms too)."""
        owners: dict[str, list[int]] = {}
        for i, words in enumerate(synonyms):
            for w in words:
                owners.setdefault(fold(w), []).append(i)
        self._automaton: ahocorasick.Automaton | None = None
        if owners:
            self._automaton = ahocorasick.Automaton()
            for word, idx in owners.items():
                self._automaton.add_word(word, (len(word), tuple(idx)))
            self._automaton.make_automaton()
        self._patterns = [(i, p) for i, ps in enumerate(patterns) for p in ps]
        # A pattern whose required words are not in a text has no match there (see patterns.scan).
        self._literals = {p: required_literal(p) for _, p in self._patterns}
        self._by_owners: dict[frozenset[int] | None, list[tuple[int, re.Pattern[str], str]]] = {}
        # A pattern anchored to a window's edge (^…, …$) is about the window, not the text: it is
        # matched per window; every other wording is found once per text (:meth:`in_text`).
        self._anchored = [(i, p) for i, p in self._patterns if _anchored(p)]
        self._anchored_by_owners: dict[frozenset[int], list[tuple[int, re.Pattern[str], str]]] = {}
        self._free = [(i, Scan(p)) for i, p in self._patterns if not _anchored(p)]

    def in_text(self, text: str) -> TextHits:
        """Every wording found once over a whole text, for window queries in O(log n + hits)."""
        hits: list[Hit] = []
        if self._automaton is not None and text:
            for last, (length, idx) in self._automaton.iter(text):
                start = last + 1 - length
                for i in idx:
                    hits.append(Hit(start, last + 1, i))
        for i, p in self._free:
            hits += [Hit(*m.span(), i) for m in p.finditer(text)]
        return TextHits(self, text, hits)

    def hits(self, text: str, owners: frozenset[int] | None = None) -> list[Hit]:
        """Every match in ``text`` (overlapping synonyms included), optionally of some owners only."""
        out: list[Hit] = []
        if self._automaton is not None and text:
            for last, (length, idx) in self._automaton.iter(text):
                for i in idx:
                    if owners is None or i in owners:
                        out.append(Hit(last + 1 - length, last + 1, i))
        for i, p, literal in self._patterns_of(owners):
            if literal in text:
                out.extend(
                    Hit(m.start(), m.end(), i) for m in p.finditer(text) if m.end() > m.start()
                )
        return out

    def _anchored_of(self, owners: frozenset[int]) -> list[tuple[int, re.Pattern[str], str]]:
        """The window-anchored patterns of ``owners`` in catalog order, each with its required
        word; remembered per owner set, as :meth:`_patterns_of`."""
        found = self._anchored_by_owners.get(owners)
        if found is None:
            if len(self._anchored_by_owners) > 1024:
                self._anchored_by_owners.clear()
            found = [(i, p, self._literals[p]) for i, p in self._anchored if i in owners]
            self._anchored_by_owners[owners] = found
        return found

    def _patterns_of(self, owners: frozenset[int] | None) -> list[tuple[int, re.Pattern[str], str]]:
        """The patterns of ``owners`` (all if None) in catalog order, each with its required word;
        remembered per owner set (callers ask again and again with the same few sets)."""
        found = self._by_owners.get(owners)
        if found is None:
            if len(self._by_owners) > 1024:  # many different sets: forget, never grow unbounded
                self._by_owners.clear()
            found = [
                (i, p, self._literals[p])
                for i, p in self._patterns
                if owners is None or i in owners
            ]
            self._by_owners[owners] = found
        return found

    def nearest(
        self, owners: frozenset[int], before: str, after: str
    ) -> dict[int, tuple[int, int]]:
        """For each owner found, (distance, -length) of its match nearest to the number.

        The number sits between ``before`` and ``after``: a match in ``before`` is as far as the
        characters after it; one in ``after`` is one further than the characters before it, so at
        equal distance the words before the number win; at equal distance the longer match wins.
        """
        best: dict[int, tuple[int, int]] = {}
        for h in self.hits(before, owners):
            cand = (len(before) - h.end, h.start - h.end)
            if h.owner not in best or cand < best[h.owner]:
                best[h.owner] = cand
        for h in self.hits(after, owners):
            cand = (h.start + 1, h.start - h.end)
            if h.owner not in best or cand < best[h.owner]:
                best[h.owner] = cand
        return best

    def mask(self, owner: int, text: str) -> str:
        """``text`` with every wording of ``owner`` blanked out (same length)."""
        chars = list(text)
        for h in self.hits(text, frozenset((owner,))):
            chars[h.start : h.end] = " " * (h.end - h.start)
        return "".join(chars)


def _anchored(p: re.Pattern[str]) -> bool:
    return p.pattern.startswith("^") or p.pattern.endswith("$")


def _START_LONGEST(h: Hit) -> tuple[int, int]:
    return h.start, -h.end


class TextHits:
    """The wordings of one text, sorted, answering "nearest wording to a number" by position."""

    def __init__(self, matcher: WordMatcher, text: str, hits: list[Hit]) -> None:
        self.matcher = matcher
        self.text = text
        self.by_start = sorted(hits, key=_START_LONGEST)
        self.starts = [h.start for h in self.by_start]

    def within(self, a: int, b: int, owners: frozenset[int]) -> list[Hit]:
        """Hits inside [a, b) of the given owners, with window-anchored patterns matched there."""
        if a >= b:
            return []
        starts = self.starts
        lo = bisect.bisect_left(starts, a)
        hi = bisect.bisect_left(starts, b, lo)
        out = [h for h in self.by_start[lo:hi] if h.end <= b and h.owner in owners]
        anchored = self.matcher._anchored_of(owners)
        if anchored:
            window = self.text[a:b]
            for i, p, literal in anchored:
                if literal in window:
                    out.extend(
                        Hit(a + m.start(), a + m.end(), i)
                        for m in p.finditer(window)
                        if m.end() > m.start()
                    )
        return out

    def nearest(
        self, owners: frozenset[int], before: tuple[int, int], after: tuple[int, int]
    ) -> dict[int, tuple[int, int]]:
        """As :meth:`WordMatcher.nearest`, for the text ranges ``before`` and ``after``."""
        best: dict[int, tuple[int, int]] = {}
        for h in self.within(*before, owners):
            cand = (before[1] - h.end, h.start - h.end)
            if h.owner not in best or cand < best[h.owner]:
                best[h.owner] = cand
        for h in self.within(*after, owners):
            cand = (h.start - after[0] + 1, h.start - h.end)
            if h.owner not in best or cand < best[h.owner]:
                best[h.owner] = cand
        return best
