"""What a finished table row says: its unit when the name carries it, and two rows from one.

A table with no 单位 column may write the unit in brackets after the name (人均预期寿命（岁）). A row
whose target cells hold two values (≤4 / ≤5.5) for the two indicators its name lists
(婴儿死亡率/5岁以下儿童死亡率) or the two areas in its brackets (急救服务半径（城市/农村）) is two rows,
each with its own name (spans into the text) and its own values.
"""

from __future__ import annotations

import re
from dataclasses import replace

from regionhealth.text.table_model import Cell, Row

# One value of a cell: an optional sign, a number, an optional % (≤4, >79, 3.3, ≥80%).
_VALUE = r"[≤≥<>=]?\s*\d+(?:\.\d+)?\s*%?"
# A cell holding two values: "≤4 / ≤5.5", "3.3/3.9" (never 8/10万: a fraction has 万/千 after it).
_TWO_VALUES = re.compile(rf"\s*({_VALUE})\s*/\s*({_VALUE})\s*$")
# The unit in brackets at the end of an indicator's name: 居民健康素养水平（%）, 人均预期寿命（岁）.
_UNIT_IN_NAME = re.compile(r"[(（]\s*([^()（）/]{1,6}|1/10万|1/万|1/千)\s*[)）]\s*$")


def _positions(spans: list[tuple[int, int]]) -> list[int]:
    return [i for a, b in spans for i in range(a, b)]


def _spans(positions: list[int]) -> tuple[tuple[int, int], ...]:
    """Contiguous spans covering ``positions`` (sorted text offsets)."""
    out: list[list[int]] = []
    for i in positions:
        if out and out[-1][1] == i:
            out[-1][1] = i + 1
        else:
            out.append([i, i + 1])
    return tuple((a, b) for a, b in out)


def _name_parts(text: str, spans: list[tuple[int, int]]) -> list[tuple[tuple[int, int], ...]]:
    """The two names of a row naming two indicators (a/b) or two areas (名称（城市/农村）)."""
    pos = _positions(spans)
    chars = "".join(text[i] for i in pos)
    depth, slashes, brackets = 0, [], []
    for k, ch in enumerate(chars):
        if ch in "(（":
            depth += 1
            brackets.append([k, None, []])
        elif ch in ")）" and depth:
            depth -= 1
            if brackets and brackets[-1][1] is None:
                brackets[-1][1] = k
        elif ch == "/":
            (slashes if depth == 0 else brackets[-1][2]).append(k)
    if len(slashes) == 1:
        k = slashes[0]
        return [_spans(pos[:k]), _spans(pos[k + 1 :])]
    inner = [br for br in brackets if br[1] is not None and len(br[2]) == 1]
    if not slashes and len(inner) == 1:
        open_, close, (k,) = inner[0]
        head, tail = pos[: open_ + 1], pos[close:]
        return [_spans(head + pos[open_ + 1 : k] + tail), _spans(head + pos[k + 1 : close] + tail)]
    return []


def _split_values(row: Row, text: str) -> list[Row]:
    """A row whose value cells hold two values each, read as two rows (or the row as it is)."""
    halves: dict[Cell, tuple[Cell, Cell]] = {}
    for c in row.cells:
        if c.role in ("baseline", "target"):
            m = _TWO_VALUES.match(text, c.start, c.end)
            if m:
                halves[c] = (
                    Cell(m.start(1), m.end(1), c.role, c.year),
                    Cell(m.start(2), m.end(2), c.role, c.year),
                )
    if not any(c.role == "target" for c in halves):
        return [row]
    parts = _name_parts(text, row.name_spans())
    if len(parts) != 2:
        return [row]
    return [
        replace(row, cells=tuple(halves[c][i] if c in halves else c for c in row.cells), name=part)
        for i, part in enumerate(parts)
    ]


def _unit_from_name(row: Row, text: str, header: list[Cell]) -> Row:
    """With no 单位 column, the bracketed word ending the row's name is its unit cell.

    The name keeps the bracket: a word that is no unit (急救服务半径（城市）) still names the scope,
    and the unit cell of an unknown word gives no unit.
    """
    if any(h.role == "unit" for h in header):
        return row
    name = row.name_spans()
    if not name:
        return row
    m = _UNIT_IN_NAME.search(text, *name[-1])
    if m is None:
        return row
    return replace(row, cells=(*row.cells, Cell(m.start(1), m.end(1), "unit")))


def complete_row(row: Row, text: str, header: list[Cell]) -> list[Row]:
    """The finished row (its continuation lines joined): its unit from the name, two-value cells split."""
    return _split_values(_unit_from_name(row, text, header), text)
