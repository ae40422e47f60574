"""What the parse tree of a regular expression says about its matches, without running it.

The characters a match can start with (:func:`first_class`, :func:`start_chars`), the plain words
every match contains (:func:`required_literals`), and how far around its start a match can look
(:func:`reach`): :mod:`regionhealth.patterns.scan` uses them to skip the text a pattern cannot match in,
and :mod:`regionhealth.extract.themes` to skip sentences.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

# The group a scan wraps a pattern's match in (regexscan): a pattern that already uses the name
# cannot be wrapped.
SCAN_GROUP = "_scan"

_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (_c.ASSERT, _c.ASSERT_NOT, _c.AT)


class Unknown(Exception):
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
                    raise Unknown
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
            raise Unknown
        items += sub
        if not nullable:
            return items, False
    return items, True


def skips_already(ops) -> bool:
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


def starts_plain(ops) -> bool:
    """Whether a parsed pattern starts with a plain character, which ``re`` skips to fast."""
    while ops and ops[0][0] is _c.SUBPATTERN:
        ops = ops[0][1][-1]
    return bool(ops) and ops[0][0] is _c.LITERAL


def reach(pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """(back, ahead): every match of ``pattern`` starting at s examines only text[s - back :
    s + ahead], lookarounds and anchors included; None if that is unbounded or unknown, or if the
    pattern can match the empty string."""
    try:
        least, _, ahead, back = _extent(_p.parse(pattern.pattern, pattern.flags).data)
    except Unknown:
        return None
    return None if least == 0 else (back, ahead)


_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None))
_ONE_CHAR = (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY)


def _extent(ops) -> tuple[int, int, int, int]:
    """(least width, most width, ahead, back) of a parsed sequence: positions it examines lie in
    [start - back, start + ahead). Raises Unknown for an unbounded repeat or a construct whose
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
                raise Unknown
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
                    raise Unknown
                ahead = max(ahead, hi - s_lo + s_ahead)
                back = max(back, s_lo + s_back - lo)
        elif op is _c.AT:  # ^ $ \b …: may look at the character before and the two after
            ahead = max(ahead, hi + 2)
            back = max(back, 1 - lo)
        else:  # backreference, conditional…
            raise Unknown
    return lo, hi, max(ahead, hi), max(back, 0)


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


def first_class(p: re.Pattern[str]) -> list[str] | None:
    """Class items a match of ``p`` must start with; None if unbounded, if ``p`` can be empty or
    if it cannot be embedded in a larger pattern (backreferences, case folding)."""
    if p.flags & re.IGNORECASE or SCAN_GROUP in p.groupindex:
        return None
    parsed = _p.parse(p.pattern, p.flags).data
    if _refers_to_groups(parsed):
        return None
    try:
        items, nullable = _first(parsed)
    except Unknown:
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
    items = first_class(p)
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
