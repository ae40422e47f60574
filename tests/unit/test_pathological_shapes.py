"""The pathological shapes of the extraction benchmark (``benchmarks/extraction.py: SHAPES``) cost
work linear in their length.

Not a timed test: the work is counted as Python function calls (the interpreter's own and those
into C, regex searches included), which do not depend on the machine's load. A step that walks
back over every earlier number, line or year (each time quadratic before it was fixed) makes the
calls per character grow with the length; each regex search is bounded by ``text.CONTEXT``.
"""

from __future__ import annotations

import sys
from datetime import date

import pytest
from benchmarks.extraction import SHAPES

from regionhealth.catalog.loader import load_catalog
from regionhealth.extract.pipeline import find_mentions
from regionhealth.paths import CATALOG_DIR

PUB = date(2023, 1, 1)
CAT = load_catalog(CATALOG_DIR)
SMALL, LARGE = 3_000, 12_000  # characters; both past text.CONTEXT, so windows are bounded at both


def _calls(text: str) -> tuple[int, int]:
    """(function calls made by find_mentions on ``text``, mentions found)."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    found = find_mentions(text, PUB, CAT)  # warm: caches of the catalog are not this text's cost
    sys.setprofile(profile)
    try:
        found = find_mentions(text, PUB, CAT)
    finally:
        sys.setprofile(None)
    return count, len(found)


def test_the_shapes_include_those_once_quadratic():
    texts = [make(LARGE) for make in SHAPES.values()]
    for piece in ("2025年底前完成，", "——新增床位5张;\n", "每年新增床位5张，"):
        assert any(t.startswith(piece) or piece in t[:40] for t in texts), piece


@pytest.mark.parametrize("name", list(SHAPES))
def test_a_shape_costs_the_same_work_per_character_at_four_times_the_length(name):
    make = SHAPES[name]
    small, large = make(SMALL), make(LARGE)
    small_calls, small_found = _calls(small)
    large_calls, large_found = _calls(large)
    # Every number of the shape is accounted for at both lengths.
    assert small_found > 0 and large_found >= 3 * small_found
    per_char_small = small_calls / len(small)
    per_char_large = large_calls / len(large)
    assert per_char_large <= 1.1 * per_char_small, (name, per_char_small, per_char_large)
