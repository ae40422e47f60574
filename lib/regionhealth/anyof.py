"""Where any of a list of catalog patterns matches, in one search.

A rule such as "a condition word before the number" is a list of regular expressions in the
catalog; asking whether any of them matches a text costs one search per pattern. Joined into one
alternation, the text is searched once. Patterns that cannot be joined without changing what they
match (group references by number or name, differing or inline global flags) are searched one by
one: the answer is the same either way.
"""

from __future__ import annotations

import re
from functools import lru_cache


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
