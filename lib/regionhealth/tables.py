"""Indicator tables written as text: pipe-separated, tab-separated or aligned with spaces.

Most 十四五 plans carry a 主要指标 table (序号 | 指标 | 单位 | 2020年 | 2025年 | 属性). Read as prose,
its numbers have no words around them; read as a table, each row gives one target per target
column with its unit from the 单位 column, its baseline from the base column, its binding from the
属性 column and its year from the column header. The header words are in
``data/catalog/tables.yaml``; this module only finds the rows and cells, with offsets into the text.

Printed tables are not always one line per row. A name too long for its column wraps onto the next
line (an indented line, or a pipe row with no number in it): the continuation is part of the row
above. A cell may hold two values, ``≤4 / ≤5.5``, for the two indicators the row names
(婴儿死亡率/5岁以下儿童死亡率) or the two kinds of area in its brackets (急救服务半径（城市/农村）): the
row is read as two rows, each with its own name and values. A table with no 单位 column may give the
unit in brackets at the end of the name (人均预期寿命（岁）).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from regionhealth.text import SpanIndex

ROLES = ("sequence", "indicator", "unit", "baseline", "target", "binding", "other")

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")
_ONLY_YEAR = re.compile(r"^\s*[(]?\s*(?:19|20)\d{2}\s*年?\s*[)]?\s*(?:[(][^)]{0,6}[)])?\s*$")
_SEPARATOR_ROW = re.compile(r"^[\s|:\-—=+]*$")
_CELL_SEP = {"pipe": re.compile(r"\|"), "tab": re.compile(r"\t+"), "space": re.compile(r" {2,}")}
# One value of a cell: an optional sign, a number, an optional % (≤4, >79, 3.3, ≥80%).
_VALUE = r"[≤≥<>=]?\s*\d+(?:\.\d+)?\s*%?"
# A cell holding two values: "≤4 / ≤5.5", "3.3/3.9" (never 8/10万: a fraction has 万/千 after it).
_TWO_VALUES = re.compile(rf"\s*({_VALUE})\s*/\s*({_VALUE})\s*$")
# The unit in brackets at the end of an indicator's name: 居民健康素养水平（%）, 人均预期寿命（岁）.
_UNIT_IN_NAME = re.compile(r"[(（]\s*([^()（）/]{1,6}|1/10万|1/万|1/千)\s*[)）]\s*$")


@dataclass(frozen=True)
class TableSpec:
    """Header words by column role, and the words of the binding column (tables.yaml)."""

    columns: dict[str, tuple[str, ...]]
    binding_values: dict[str, tuple[str, ...]]

    def role(self, cell: str) -> str | None:
        """Role of a header cell: the role of the longest header word it contains."""
        best: tuple[int, str] | None = None
        for role, words in self.columns.items():
            for w in words:
                if w in cell and (best is None or len(w) > best[0]):
                    best = (len(w), role)
        return best[1] if best else None

    def binding(self, cell: str) -> str | None:
        for code, words in self.binding_values.items():
            if any(w in cell for w in words):
                return code
        return None


@dataclass(frozen=True)
class Cell:
    """One cell of a table row: its span in the text, its column's role and year."""

    start: int
    end: int
    role: str
    year: int | None = None


@dataclass(frozen=True)
class Row:
    """One row of an indicator table, with the cells that describe its targets.

    ``name`` holds the spans of the text naming the row's indicator when that is not simply its
    indicator cell: a name wrapped over two lines, or one of the two indicators of a two-value row.
    """

    start: int
    end: int
    cells: tuple[Cell, ...]
    name: tuple[tuple[int, int], ...] = ()

    def first(self, role: str) -> Cell | None:
        return next((c for c in self.cells if c.role == role), None)

    def name_spans(self) -> list[tuple[int, int]]:
        """The spans naming the row's indicator: ``name``, else its indicator cells."""
        return list(self.name) or [(c.start, c.end) for c in self.cells if c.role == "indicator"]

    def name_text(self, text: str) -> str:
        """The words naming the row's indicator, joined across wrapped lines."""
        return "".join(text[a:b] for a, b in self.name_spans())


@dataclass(frozen=True)
class Tables:
    """Every table of a document: header cells (ignored) and rows, with position lookups."""

    headers: tuple[Cell, ...]
    rows: tuple[Row, ...]

    def __post_init__(self) -> None:
        cells = sorted((c for r in self.rows for c in r.cells), key=lambda c: c.start)
        rows = {(c.start, c.end): r for r in self.rows for c in r.cells}
        object.__setattr__(self, "_cells", SpanIndex(cells))  # type: ignore[arg-type]
        object.__setattr__(self, "_row_of", rows)

    def cell_at(self, pos: int) -> tuple[Row, Cell] | None:
        """The row and cell holding text position ``pos``, if it is inside a table."""
        c = self._cells.at(pos)  # type: ignore[attr-defined]
        return (self._row_of[(c.start, c.end)], c) if c is not None else None  # type: ignore[attr-defined]


def _split(text: str, a: int, b: int, mode: str) -> list[tuple[int, int]]:
    """Trimmed cell spans of the line text[a:b] in ``mode`` (pipe/tab/space)."""
    cuts = [a] + [x for m in _CELL_SEP[mode].finditer(text, a, b) for x in (m.start(), m.end())]
    cuts.append(b)
    spans = []
    for s, e in zip(cuts[0::2], cuts[1::2], strict=False):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        spans.append((s, e))
    if mode == "pipe":  # "| a | b |": the borders give empty first and last cells
        if spans and spans[0][0] == spans[0][1]:
            spans = spans[1:]
        if spans and spans[-1][0] == spans[-1][1]:
            spans = spans[:-1]
    else:
        spans = [sp for sp in spans if sp[1] > sp[0]]
    return spans


def _mode(line: str) -> str | None:
    if line.count("|") >= 2:
        return "pipe"
    if "\t" in line:
        return "tab"
    if re.search(r"\S {2,}\S", line):
        return "space"
    return None


def _header(text: str, a: int, b: int, spec: TableSpec) -> tuple[str, list[Cell]] | None:
    """The header cells of line text[a:b], if it is the header of an indicator table."""
    mode = _mode(text[a:b])
    if mode is None:
        return None
    spans = _split(text, a, b, mode)
    if len(spans) < 3:
        return None
    cells: list[Cell] = []
    for s, e in spans:
        word = text[s:e]
        year = _YEAR.search(word)
        role = spec.role(word)
        if role is None and _ONLY_YEAR.match(word):
            role = "target"
        if role is None:
            return None  # a header row names every column
        cells.append(Cell(s, e, role, int(year.group(1)) if year else None))
    roles = [c.role for c in cells]
    if "indicator" not in roles or "target" not in roles:
        return None
    if "baseline" not in roles:
        dated = [c for c in cells if c.role == "target" and c.year is not None]
        if len(dated) >= 2:
            first = min(dated, key=lambda c: c.year or 0)
            cells = [Cell(c.start, c.end, "baseline", c.year) if c is first else c for c in cells]
    return mode, cells


def _row(text: str, a: int, b: int, mode: str, header: list[Cell]) -> Row | None:
    """The row on line text[a:b], its cells given the header's roles, or None if it is no row."""
    spans = _split(text, a, b, mode)
    n = len(header)
    if len(spans) < 3 or len(spans) > n:
        return None
    if len(spans) < n:
        # A merged cell (领域 written once for several rows) leaves a row short: its cells are
        # the last columns, except a leading sequence number, which stays first.
        lead = []
        if header[0].role == "sequence" and text[spans[0][0] : spans[0][1]].isdigit():
            lead, spans = [(spans[0], header[0])], spans[1:]
        pairs = lead + list(zip(spans, header[n - len(spans) :], strict=True))
    else:
        pairs = list(zip(spans, header, strict=True))
    cells = tuple(Cell(s, e, h.role, h.year) for (s, e), h in pairs if e > s)
    return Row(a, b, cells)


def _width(s: str) -> int:
    """Display width of ``s``: CJK characters take two columns in an aligned text table."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


# What a wrapped name never is: a sentence or a note (。 ： ;), a list item or heading (一、 （二） 3.).
_NOT_A_NAME_PART = re.compile(
    r"[。；;：:]|^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、])",
    re.M,
)


def _continuation(
    text: str, a: int, b: int, mode: str, header: list[Cell], hcols: list[int], above: Row
) -> list[Cell] | None:
    """The cells of line text[a:b] if it continues the row above (a wrapped name), else None.

    A continuation comes right under its row (no blank line) and holds a few words and no value:
    an indented line of at most two cells, each under a header column, in an aligned table, or a
    pipe row whose sequence, base and target cells are empty. Its cells take the role of the header
    column they sit under.
    """
    if text.count("\n", above.end, a) > 1 or _NOT_A_NAME_PART.search(text, a, b):
        return None
    spans = [sp for sp in _split(text, a, b, mode) if sp[1] > sp[0]]
    if not spans or any(e - s > 16 or text[s].isdigit() or text[s] in "≤≥<>" for s, e in spans):
        return None
    if mode == "pipe":
        row = _row(text, a, b, mode, header)
        if row is None or any(c.role not in ("indicator", "unit", "other") for c in row.cells):
            return None
        return list(row.cells)
    if len(spans) > 2 or not text[a:b][:1].isspace():
        return None
    cells = []
    for s, e in spans:
        if mode == "tab":  # the column is the number of tabs before the cell
            i = text.count("\t", a, s)
            if i >= len(header):
                return None
        else:  # the column is where the cell starts, in display columns
            col = _width(text[a:s])
            i = min(range(len(header)), key=lambda k: abs(hcols[k] - col))
            if abs(hcols[i] - col) > 2:  # under no column: an indented paragraph, not a cell
                return None
        cells.append(Cell(s, e, header[i].role, header[i].year))
    return cells


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


def _complete(row: Row, text: str, header: list[Cell]) -> list[Row]:
    """The finished row (its continuation lines joined): its unit from the name, two-value cells split."""
    return _split_values(_unit_from_name(row, text, header), text)


def find_tables(text: str, spec: TableSpec) -> Tables:
    """Indicator tables of ``text`` (with its pipes still in place): header cells and rows."""
    headers: list[Cell] = []
    rows: list[Row] = []
    lines = [m.span() for m in re.finditer(r"[^\n]*", text) if m.end() > m.start()]
    i = 0
    while i < len(lines):
        a, b = lines[i]
        line = text[a:b]
        named = any(w in line for w in spec.columns["indicator"])
        found = _header(text, a, b, spec) if named else None
        i += 1
        if found is None:
            continue
        mode, header = found
        headers.extend(header)
        hcols = [_width(text[a : c.start]) for c in header]
        last: Row | None = None
        while i < len(lines):
            a, b = lines[i]
            line = text[a:b]
            if _SEPARATOR_ROW.match(line):
                i += 1
                continue
            more = _continuation(text, a, b, mode, header, hcols, last) if last else None
            if more is not None and last is not None:
                # A wrapped name: the words join the row above, in the column they sit under.
                name = last.name_spans() + [(c.start, c.end) for c in more if c.role == "indicator"]
                last = Row(last.start, b, last.cells + tuple(more), tuple(name))
                i += 1
                continue
            row = _row(text, a, b, mode, header)
            if row is None:
                break
            if last is not None:
                rows.extend(_complete(last, text, header))
            last = row
            i += 1
        if last is not None:
            rows.extend(_complete(last, text, header))
    return Tables(tuple(headers), tuple(rows))


def table_spec(data: dict) -> TableSpec:
    """The table header words of ``tables.yaml`` (already checked against its schema)."""
    columns = {role: tuple(data.get("columns", {}).get(role) or ()) for role in ROLES}
    values = {k: tuple(v) for k, v in (data.get("binding_values") or {}).items()}
    return TableSpec(columns, values)
