"""Whole-text regex searches that skip, in C, every position where a match cannot start.

Python's ``re`` jumps straight to candidate positions only when a pattern starts with a literal or a
character class. A pattern that starts with a lookbehind (``(?<!\\d)``), an optional lead-in
(``(?:到|至)?2025年``) or an alternation of classes (``(?:[一二三]|\\d{1,2})个``) is instead tried
at every position of the text, several times slower. :class:`Scan` computes the set of characters
a match must start with and searches ``[set](?<=(?=(?P<_scan>pattern))[set])``: the engine skips
to the next character of the set and matches ``pattern`` from there, lookbehinds and all, so every
match is the one ``pattern`` itself finds at that position; matches are then kept left to right
without overlaps, exactly as :meth:`re.Pattern.finditer` does. A text that lacks a word every match
contains (:func:`required_literal`) is not searched at all; where such a word is rare and a match
cannot reach far from it, only the few windows around its occurrences are searched.
:class:`MultiScan` searches several patterns that start with a numeral in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_GROUP = "_scan"
_PLAIN = re.compile("").flags
_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (_c.ASSERT, _c.ASSERT_NOT, _c.AT)


class _Unknown(Exception):
    """The first character of a match cannot be bounded (any character, a backreference…)."""


def _first(ops) -> tuple[list[str], bool]:
    """Class items a match of the sequence ``ops`` can start with, and whether it can be empty."""
    items: list[str] = []
    for op, av in ops:
        if op in _ZERO_WIDTH:
            continue
        if op is _c.LITERAL:
            return [*items, re.escape(chr(av))], False
        if op is _c.IN:
            for iop, iav in av:
                if iop is _c.LITERAL:
                    items.append(re.escape(chr(iav)))
                elif iop is _c.RANGE:
                    items.append(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
                elif iop is _c.CATEGORY and iav in _CATEGORIES:
                    items.append(_CATEGORIES[iav])
                else:  # NEGATE, CHARSET…
                    raise _Unknown
            return items, False
        if op is _c.SUBPATTERN:
            sub, nullable = _first(av[-1])
        elif op is _c.BRANCH:
            sub, nullable = [], False
            for branch in av[1]:
                b_items, b_null = _first(branch)
                sub += b_items
                nullable = nullable or b_null
        elif op in (
            _c.MAX_REPEAT,
            _c.MIN_REPEAT,
            getattr(_c, "POSSESSIVE_REPEAT", None),
        ):
            sub, nullable = _first(av[2])
            nullable = nullable or av[0] == 0
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            sub, nullable = _first(av)
        else:  # ANY, NOT_LITERAL, GROUPREF, conditional…
            raise _Unknown
        items += sub
        if not nullable:
            return items, False
    return items, True


def _skips_already(ops) -> bool:
    """Whether ``re`` itself skips to candidate positions: the pattern starts with a literal, a
    class, or an alternation of literals (the cases of ``re._compiler._get_charset_prefix``)."""
    while ops and ops[0][0] is _c.SUBPATTERN:
        ops = ops[0][1][-1]
    if not ops:
        return False
    op, av = ops[0]
    if op is _c.BRANCH:
        return all(b and b[0][0] is _c.LITERAL for b in av[1])
    return op in (_c.LITERAL, _c.IN)


class Scan:
    """A compiled pattern whose :meth:`finditer` gives the matches ``pattern.finditer`` gives."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.literal = required_literal(pattern)
        self._fast: re.Pattern[str] | None = None
        parsed = _p.parse(pattern.pattern, pattern.flags).data
        first = _first_class(pattern)
        # The characters a match can start with, if a few: a text with none has no match.
        # (Only a few: each test is a pass over the text.)
        starts = start_chars(pattern)
        self._starts = starts if starts is not None and len(starts) <= 3 else None
        # Every match starting at s examines only text[s - back : s + ahead] (lookarounds included),
        # so it holds its required word within that reach (None if unbounded). Searching only
        # there pays unless ``re`` already skips fast (the pattern starts with one plain character).
        fast_already = _starts_plain(parsed) or (starts is not None and len(starts) == 1)
        self._reach = _reach(pattern) if self.literal else None
        self._window = self._reach is not None and not fast_already
        if first is None or _skips_already(parsed):
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


def _starts_plain(ops) -> bool:
    """Whether a parsed pattern starts with a plain character, which ``re`` skips to fast."""
    while ops and ops[0][0] is _c.SUBPATTERN:
        ops = ops[0][1][-1]
    return bool(ops) and ops[0][0] is _c.LITERAL


def _reach(pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """(back, ahead): every match of ``pattern`` starting at s examines only text[s - back :
    s + ahead], lookarounds and anchors included; None if that is unbounded or unknown, or if the
    pattern can match the empty string."""
    try:
        least, _, ahead, back = _extent(_p.parse(pattern.pattern, pattern.flags).data)
    except _Unknown:
        return None
    return None if least == 0 else (back, ahead)


_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None))
_ONE_CHAR = (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY)


def _extent(ops) -> tuple[int, int, int, int]:
    """(least width, most width, ahead, back) of a parsed sequence: positions it examines lie in
    [start - back, start + ahead). Raises _Unknown for an unbounded repeat or a construct whose
    reach is not known (backreferences, conditionals)."""
    lo = hi = ahead = back = 0  # least and most offset of the current position so far

    def consume(sub: tuple[int, int, int, int]) -> None:
        nonlocal lo, hi, ahead, back
        s_lo, s_hi, s_ahead, s_back = sub
        ahead = max(ahead, hi + s_ahead)
        back = max(back, s_back - lo)
        lo += s_lo
        hi += s_hi

    for op, av in ops:
        if op in _ONE_CHAR:
            consume((1, 1, 1, 0))
        elif op is _c.SUBPATTERN:
            consume(_extent(av[-1]))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            consume(_extent(av))
        elif op is _c.BRANCH:
            subs = [_extent(b) for b in av[1]]
            consume(
                (
                    min(x[0] for x in subs),
                    max(x[1] for x in subs),
                    max(x[2] for x in subs),
                    max(x[3] for x in subs),
                )
            )
        elif op in _REPEATS:
            least, most, sub = av
            s_lo, s_hi, s_ahead, s_back = _extent(sub)
            if most == _c.MAXREPEAT:
                raise _Unknown
            if most == 0:
                continue
            consume((least * s_lo, most * s_hi, (most - 1) * s_hi + s_ahead, s_back))
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, sub = av
            s_lo, s_hi, s_ahead, s_back = _extent(sub)
            if direction == 1:  # lookahead: examined from the current position on
                ahead = max(ahead, hi + s_ahead)
                back = max(back, s_back - lo)
            else:  # lookbehind of fixed width w: matched from w characters back
                if s_lo != s_hi:
                    raise _Unknown
                ahead = max(ahead, hi - s_lo + s_ahead)
                back = max(back, s_lo + s_back - lo)
        elif op is _c.AT:  # ^ $ \b …: may look at the character before and the two after
            ahead = max(ahead, hi + 2)
            back = max(back, 1 - lo)
        else:  # backreference, conditional…
            raise _Unknown
    return lo, hi, max(ahead, hi), max(back, 0)


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


def compile_scan(pattern: str | re.Pattern[str], flags: int = 0) -> Scan:
    """A :class:`Scan` of ``pattern`` (a string is compiled with ``flags``)."""
    return Scan(re.compile(pattern, flags) if isinstance(pattern, str) else pattern)


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
            first = _first_class(p)
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


def _refers_to_groups(ops) -> bool:
    """Whether a parsed pattern uses a backreference or a conditional on a group (whose numbers
    would shift inside a larger pattern)."""
    for op, av in ops:
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            return True
        for sub in av if isinstance(av, (tuple, list)) else (av,):
            if isinstance(sub, _p.SubPattern) and _refers_to_groups(sub.data):
                return True
            if isinstance(sub, list) and any(
                isinstance(b, _p.SubPattern) and _refers_to_groups(b.data) for b in sub
            ):
                return True
    return False


def _first_class(p: re.Pattern[str]) -> list[str] | None:
    """Class items a match of ``p`` must start with; None if unbounded, if ``p`` can be empty or
    if it cannot be embedded in a larger pattern (backreferences, case folding)."""
    if p.flags & re.IGNORECASE or _GROUP in p.groupindex:
        return None
    parsed = _p.parse(p.pattern, p.flags).data
    if _refers_to_groups(parsed):
        return None
    try:
        items, nullable = _first(parsed)
    except _Unknown:
        return None
    return None if nullable or not items else items


def required_literal(p: re.Pattern[str]) -> str:
    """The longest run of plain characters every match of ``p`` contains ('' if none is known):
    a text without it has no match, which ``in`` finds far faster than the regex engine."""
    return max(required_literals(p), key=len, default="")


def required_literals(p: re.Pattern[str]) -> list[str]:
    """Every run of plain characters that every match of ``p`` contains (lookarounds that must
    match included), in pattern order; none for a case-insensitive pattern."""
    if p.flags & re.IGNORECASE:
        return []
    runs: list[str] = []

    def walk(ops) -> None:
        run = ""
        for op, av in ops:
            if op is _c.LITERAL:
                run += chr(av)
                continue
            if run:
                runs.append(run)
            run = ""
            if op is _c.SUBPATTERN:
                walk(av[-1])
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
                walk(av[2])
            elif op is _c.ASSERT:  # a lookahead or lookbehind that must match
                walk(av[1])
        if run:
            runs.append(run)

    walk(_p.parse(p.pattern, p.flags).data)
    return list(dict.fromkeys(runs))


def start_chars(p: re.Pattern[str]) -> frozenset[str] | None:
    """The characters every match of ``p`` starts with, or None if they are not a known, finite
    set (a range, ``\\d``…): a text holding none of them holds no match of ``p``."""
    items = _first_class(p)
    if items is None:
        return None
    chars = set()
    for (
        item
    ) in items:  # re.escape'd characters: "x", or "\\" + a character that is not alphanumeric
        if len(item) == 1:
            chars.add(item)
        elif len(item) == 2 and item[0] == "\\" and not item[1].isalnum():
            chars.add(item[1])
        else:
            return None
    return frozenset(chars)
