"""Whole-text regex searches that skip, in C, every position where a match cannot start.

Python's ``re`` jumps straight to candidate positions only when a pattern starts with a literal or a
character class. A pattern that starts with a lookbehind (``(?<!\\d)``), an optional lead-in
(``(?:到|至)?2025年``) or an alternation of classes (``(?:[一二三]|\\d{1,2})个``) is instead tried
at every position of the text, several times slower. :class:`Scan` computes the set of characters
a match must start with and searches ``[set](?<=(?=(?P<_scan>pattern))[set])``: the engine skips
to the next character of the set and matches ``pattern`` from there, lookbehinds and all, so every
match is the one ``pattern`` itself finds at that position; matches are then kept left to right
without overlaps, exactly as :meth:`re.Pattern.finditer` does. A text that lacks a word every match
contains is not searched at all; where such a word is rare and a match cannot reach far from it,
only the few windows around its occurrences are searched (what a pattern must start with, contain
and reach is read from its parse tree by :mod:`regionhealth.patterns.shape`). :class:`MultiScan`
searches several patterns that start with a numeral in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from regionhealth.patterns.shape import (
    SCAN_GROUP as _GROUP,
)
from regionhealth.patterns.shape import (
    first_class,
    reach,
    required_literal,
    skips_already,
    start_chars,
    starts_plain,
)

try:  # Python 3.11+
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _p  # type: ignore[no-redef]

_PLAIN = re.compile("").flags


class Scan:
    """A compiled pattern whose :meth:`finditer` gives the matches ``pattern.finditer`` gives."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.literal = required_literal(pattern)
        self._fast: re.Pattern[str] | None = None
        parsed = _p.parse(pattern.pattern, pattern.flags).data
        first = first_class(pattern)
        # The characters a match can start with, if a few: a text with none has no match.
        # (Only a few: each test is a pass over the text.)
        starts = start_chars(pattern)
        self._starts = starts if starts is not None and len(starts) <= 3 else None
        # Every match starting at s examines only text[s - back : s + ahead] (lookarounds included),
        # so it holds its required word within that reach (None if unbounded). Searching only
        # there pays unless ``re`` already skips fast (the pattern starts with one plain character).
        fast_already = starts_plain(parsed) or (starts is not None and len(starts) == 1)
        self._reach = reach(pattern) if self.literal else None
        self._window = self._reach is not None and not fast_already
        if first is None or skips_already(parsed):
            return
        cls = "[" + "".join(dict.fromkeys(first)) + "]"
        try:
            self._fast = re.compile(
                f"{cls}(?<=(?=(?P<{_GROUP}>{pattern.pattern})){cls})", pattern.flags
            )
        except re.error:  # e.g. inline flags, which must stay at the start of a pattern
            self._fast = None

    def finditer(self, text: str) -> Iterator[re.Match[str] | ScanMatch]:
        """The non-empty matches of the pattern, left to right without overlaps, as
        ``pattern.finditer`` finds them."""
        literal = self.literal
        if self._window:
            count = text.count(literal)
            if not count:
                return
            if count * _WINDOW_COST < len(text):  # a rare word: search only around it
                yield from self._windowed(text, literal)
                return
        elif literal:
            if literal not in text:
                return
        elif self._starts is not None and not any(ch in text for ch in self._starts):
            return
        if self._fast is None:
            for m in self.pattern.finditer(text):
                if m.end() > m.start():
                    yield m
            return
        # The next match starts at the end of the last one or later: search from there (a
        # candidate inside a match would be dropped anyway; a long match is not tried again
        # from each of its characters).
        search = self._fast.search
        m = search(text)
        while m is not None:
            yield ScanMatch(m)
            m = search(text, m.end(_GROUP))

    def _windowed(self, text: str, literal: str) -> Iterator[re.Match[str]]:
        """The matches of :meth:`finditer`, searched only where they can start: within reach of
        an occurrence of ``literal``, one of the words every match holds. A match starting at s examines text[s - back :
        s + ahead] only, so it starts in [k + len(word) - ahead, k + back] of some occurrence k;
        searching with ``endpos`` = the last such start + ahead changes nothing the match sees
        (lookbehinds and ^ see the whole text before ``pos``)."""
        assert self._reach is not None
        back, ahead = self._reach
        n, size = len(literal), len(text)
        search = self.pattern.search
        end = 0  # end of the last match: the next one starts there or later
        k = text.find(literal)
        while k >= 0:
            lo, hi = k + n - ahead, k + back
            k = text.find(literal, k + 1)
            while k >= 0 and k + n - ahead <= hi + 1:  # overlapping windows: one search
                hi = k + back
                k = text.find(literal, k + 1)
            pos = max(lo, end, 0)
            stop = min(size, hi + ahead)
            while pos <= hi:
                m = search(text, pos, stop)
                if m is None or m.start() > hi:
                    break
                yield m
                pos = end = m.end()


# Searching around each occurrence of a word costs about as much as the regex engine's skipping over
# this many characters: below one occurrence per _WINDOW_COST characters, windows are cheaper.
_WINDOW_COST = 1000


class ScanMatch:
    """A match of the searched pattern read through the fast search's match: group 0 is the
    pattern's match, group n its n-th group, named groups by name."""

    __slots__ = ("_m", "_base")

    def __init__(self, m: re.Match[str], base: int = 1) -> None:
        self._m = m
        self._base = base  # the group number of the pattern's whole match in ``m``

    # Each method maps a group number to ``m``'s (named groups keep their names), inline: they
    # are called for every match.
    def group(self, g: int | str = 0) -> str | None:
        return self._m.group(g + self._base if g.__class__ is int else g)

    def start(self, g: int | str = 0) -> int:
        return self._m.start(g + self._base if g.__class__ is int else g)

    def end(self, g: int | str = 0) -> int:
        return self._m.end(g + self._base if g.__class__ is int else g)

    def span(self, g: int | str = 0) -> tuple[int, int]:
        return self._m.span(g + self._base if g.__class__ is int else g)

    @property
    def string(self) -> str:
        return self._m.string


# Class items of the numeral characters: patterns that can only start with one of these (most
# ignore rules) are tried together; the others keep a pass of their own.
_NUMERAL_ITEMS = frozenset(
    [r"\d", "0-9", "1-9", "1-4", *"0123456789", *"零〇一二两三四五六七八九十百千万亿"]
)


class MultiScan:
    """Several patterns, per pattern the matches :meth:`Scan.finditer` gives, in fewer passes.

    The patterns that can only start with a numeral are searched in one pass: at each numeral,
    each of them is tried in a lookahead of its own (``(?:(?=(?P<_pN>pattern))|)``), and its
    matches are then kept left to right without overlaps, as its own finditer would. The engine
    skips the text once instead of once per pattern.
    """

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.patterns = patterns
        self._alone: dict[int, Scan] = {}
        joined: list[int] = []
        items: list[str] = []
        for i, p in enumerate(patterns):
            first = first_class(p)
            if (
                first is None
                or p.groupindex
                or p.flags != _PLAIN
                or not set(first) <= _NUMERAL_ITEMS
            ):
                self._alone[i] = Scan(p)
            else:
                joined.append(i)
                items += first
        self._joined = joined
        self._fast: re.Pattern[str] | None = None
        if joined:
            cls = "[" + "".join(dict.fromkeys(items)) + "]"
            # ``(?:(?=…)|)`` rather than ``(?:(?=…))?``: the same tries, as a branch, which the
            # engine runs without the bookkeeping of a repeat (~25% faster on the ignore rules).
            tries = "".join(f"(?:(?=(?P<_p{i}>{patterns[i].pattern}))|)" for i in joined)
            try:
                self._fast = re.compile(f"{cls}(?<=(?={tries}){cls})")
            except re.error:  # a pattern that cannot be embedded: each keeps its own pass
                self._alone.update((i, Scan(patterns[i])) for i in joined)
                self._joined = []
            else:
                self._base = {i: self._fast.groupindex[f"_p{i}"] for i in joined}

    def finditer_all(self, text: str) -> list[list[re.Match[str] | ScanMatch]]:
        """For each pattern, its non-empty matches left to right without overlaps."""
        out: list[list] = [[] for _ in self.patterns]
        for i, scan in self._alone.items():
            out[i] = list(scan.finditer(text))
        if self._fast is None:
            return out
        ends = dict.fromkeys(self._joined, 0)
        groups = [(i, self._base[i], out[i]) for i in self._joined]
        for m in self._fast.finditer(text):
            if m.lastindex is None:
                continue
            regs = m.regs  # every group's span in one call
            for i, g, found in groups:
                a, b = regs[g]
                if a >= ends[i] and b > a:
                    ends[i] = b
                    found.append(ScanMatch(m, g))
        return out
