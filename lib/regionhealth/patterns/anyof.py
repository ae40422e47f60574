"""Where any of a list of catalog patterns matches, in one search.

A rule such as "a condition word before the number" is a list of regular expressions in the
catalog; asking whether any of them matches a text costs one search per pattern. Joined into one
alternation, the text is searched once. Patterns that cannot be joined without changing what they
match (group references by number or name, differing or inline global flags) are searched one by
one: the answer is the same either way.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache

from regionhealth.patterns.shape import start_chars


class _OneByOne:
    """Patterns searched one by one (:func:`any_of` when they cannot be joined)."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.patterns = patterns

    def search(self, s: str) -> re.Match[str] | None:
        return next((m for p in self.patterns if (m := p.search(s))), None)


AnyOf = re.Pattern[str] | _OneByOne

# A pattern referring to its own groups by number or name cannot be joined with others.
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?\(|\(\?P=")


@lru_cache(maxsize=64)
def any_of(patterns: tuple[re.Pattern[str], ...]) -> AnyOf:
    """An object whose ``search(text)`` finds a match exactly when one of ``patterns`` matches
    ``text`` (which match it returns is unspecified): one search where the patterns can be
    joined. Cached per tuple of patterns (a catalog's lists are built once)."""
    if (
        not patterns
        or len({p.flags for p in patterns}) > 1
        or any(_GROUP_REFERENCE.search(p.pattern) for p in patterns)
    ):
        return _OneByOne(patterns)
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
    except re.error:
        return _OneByOne(patterns)


class InWindows:
    """One pattern searched in many windows [a, b) of one text, as ``pattern.search(text, a, b)``.

    A window holding none of the characters the pattern's matches start with
    (:func:`~regionhealth.patterns.shape.start_chars`) has no match: where those characters occur is
    found once per text, so a window without them costs a bisection instead of a scan of all its
    characters (sentence windows around each number of a text without a sentence end overlap
    hundreds of times).
    """

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern, self.text = pattern, text
        chars = start_chars(pattern)
        self._at: list[int] | None = None
        if chars is not None:
            where = re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")
            self._at = [m.start() for m in where.finditer(text)]

    def _possible(self, a: int, b: int) -> bool:
        at = self._at
        if at is None:
            return True
        i = bisect.bisect_left(at, a)
        return i < len(at) and at[i] < b

    def search(self, a: int, b: int) -> re.Match[str] | None:
        """``pattern.search(text, a, b)``."""
        return self.pattern.search(self.text, a, b) if self._possible(a, b) else None

    def finditer(self, a: int, b: int) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text, a, b)``."""
        return self.pattern.finditer(self.text, a, b) if self._possible(a, b) else iter(())
