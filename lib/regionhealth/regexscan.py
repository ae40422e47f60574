"""Whole-text regex scans that skip, in C, every position where a match cannot start.

Python's ``re`` jumps straight to candidate positions only when a pattern starts with a literal or a
character class. A pattern that starts with a lookbehind (``(?<!\\d)``), an optional lead-in
(``(?:到|至)?2025年``) or an alternation of classes (``(?:[一二三]|\\d{1,2})个``) is instead tried
at every position of the text, several times slower. :func:`compile_scan` computes the set of
characters a match must start with and searches ``[set](?<=(?=(?P<_scan>pattern))[set])``: the
engine skips to the next character of the set and matches ``pattern`` from there, lookbehinds
and all, so every match is the one ``pattern`` itself finds at that position. Matches are then
kept left to right without overlaps, exactly as :meth:`re.Pattern.finditer` does.
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
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
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
    """A compiled pattern whose :meth:`finditer` gives the spans ``pattern.finditer`` gives."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._fast: re.Pattern[str] | None = None
        if pattern.flags & re.IGNORECASE or pattern.groupindex.get(_GROUP):
            return
        parsed = _p.parse(pattern.pattern, pattern.flags).data
        if _skips_already(parsed):
            return
        try:
            items, nullable = _first(parsed)
        except _Unknown:
            return
        if nullable or not items:
            return
        cls = "[" + "".join(dict.fromkeys(items)) + "]"
        self._fast = re.compile(
            f"{cls}(?<=(?=(?P<{_GROUP}>{pattern.pattern})){cls})", pattern.flags
        )

    def finditer(self, text: str) -> Iterator[re.Match[str] | ScanMatch]:
        """The non-empty matches of the pattern, left to right without overlaps, as
        ``pattern.finditer`` finds them."""
        if self._fast is None:
            for m in self.pattern.finditer(text):
                if m.end() > m.start():
                    yield m
            return
        end = 0
        for m in self._fast.finditer(text):
            a, b = m.span(_GROUP)
            if a >= end:
                end = b
                yield ScanMatch(m)


class ScanMatch:
    """A match of the searched pattern read through the fast search's match: group 0 is the
    pattern's match, group n its n-th group, named groups by name."""

    __slots__ = ("_m",)

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def _g(self, g: int | str) -> int | str:
        return _GROUP if g == 0 else g + 1 if isinstance(g, int) else g

    def group(self, g: int | str = 0) -> str | None:
        return self._m.group(self._g(g))

    def start(self, g: int | str = 0) -> int:
        return self._m.start(self._g(g))

    def end(self, g: int | str = 0) -> int:
        return self._m.end(self._g(g))

    def span(self, g: int | str = 0) -> tuple[int, int]:
        return self._m.span(self._g(g))

    @property
    def string(self) -> str:
        return self._m.string


def compile_scan(pattern: str | re.Pattern[str], flags: int = 0) -> Scan:
    """A :class:`Scan` of ``pattern`` (a string is compiled with ``flags``)."""
    return Scan(re.compile(pattern, flags) if isinstance(pattern, str) else pattern)
