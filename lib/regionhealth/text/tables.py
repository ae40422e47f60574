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

import bisect
import re
import unicodedata
from dataclasses import dataclass, replace

from regionhealth.text.table_model import ROLES, Cell, Row, Tables, TableSpec, table_spec
from regionhealth.text.table_rows import complete_row

# The records live in table_model.py and what a finished row says in table_rows.py; the catalog,
# the document and the stages import them from here.
__all__ = ["ROLES", "Cell", "Row", "TableSpec", "Tables", "find_tables", "table_spec"]

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")
_ONLY_YEAR = re.compile(r"^\s*[(]?\s*(?:19|20)\d{2}\s*年?\s*[)]?\s*(?:[(][^)]{0,6}[)])?\s*$")
_SEPARATOR_ROW = re.compile(r"^[\s|:\-—=+]*$")
# Cells are separated by a pipe, by tabs, or by a gap at least two columns wide: two spaces or a
# full-width space (read in the text as displayed, before folding: 　 is one character, two columns).
_CELL_SEP = {
    "pipe": re.compile(r"\|"),
    "tab": re.compile(r"\t+"),
    "space": re.compile(r"[ \u3000]*\u3000[ \u3000]*| {2,}"),
}
_SPACE_TABLE = re.compile(r"\S(?:[ \u3000]*\u3000[ \u3000]*| {2,})\S")
# What a wrapped name never is: a sentence or a note (。 ： ;), a list item or heading (一、 （二） 3.).
_NOT_A_NAME_PART = re.compile(
    r"[。；;：:]|^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、])",
    re.M,
)


@dataclass(frozen=True)
class _Grid:
    """One table being read: the text, the text as displayed (for gaps and column widths), the
    header's cells and where each header cell starts, in display columns."""

    text: str  # folded: what cells say
    disp: str  # raw, same offsets: where cells are
    mode: str = "space"
    header: tuple[Cell, ...] = ()
    hcols: tuple[int, ...] = ()

    def split(self, a: int, b: int, mode: str | None = None) -> list[tuple[int, int]]:
        """Trimmed cell spans of the line text[a:b] (pipe borders dropped, empty cells kept)."""
        mode = mode or self.mode
        view = self.disp if mode == "space" else self.text
        cuts = [a] + [x for m in _CELL_SEP[mode].finditer(view, a, b) for x in m.span()] + [b]
        spans = []
        for s, e in zip(cuts[0::2], cuts[1::2], strict=False):
            while s < e and self.text[s].isspace():
                s += 1
            while e > s and self.text[e - 1].isspace():
                e -= 1
            spans.append((s, e))
        if mode == "pipe":  # "| a | b |": the borders give empty first and last cells
            if spans and spans[0][0] == spans[0][1]:
                spans = spans[1:]
            if spans and spans[-1][0] == spans[-1][1]:
                spans = spans[:-1]
            return spans
        return [sp for sp in spans if sp[1] > sp[0]]

    def width(self, a: int, b: int) -> int:
        """Display width of text[a:b]: CJK and full-width characters take two columns."""
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in self.disp[a:b])

    def column(self, a: int, s: int) -> int | None:
        """Index of the header column a cell starting at ``s`` (line start ``a``) sits under."""
        text, n = self.text, len(self.header)
        if self.mode == "pipe":
            i = text.count("|", a, s) - (1 if text[a:s].lstrip().startswith("|") else 0)
        elif self.mode == "tab":  # the number of tabs before the cell
            i = text.count("\t", a, s)
        else:  # where the cell starts, within two display columns of a header cell
            col = self.width(a, s)
            i = min(range(n), key=lambda k: abs(self.hcols[k] - col))
            if abs(self.hcols[i] - col) > 2:
                return None
        return i if 0 <= i < n else None

    def placed(self, a: int, b: int) -> list[Cell] | None:
        """The cells of line text[a:b], each with the role of the column it sits under."""
        cells = []
        for s, e in self.split(a, b):
            if e == s:
                continue
            i = self.column(a, s)
            if i is None:
                return None
            cells.append(Cell(s, e, self.header[i].role, self.header[i].year))
        return cells


def _mode(g: _Grid, a: int, b: int) -> str | None:
    line = g.text[a:b]
    if line.count("|") >= 2:
        return "pipe"
    if "\t" in line:
        return "tab"
    if _SPACE_TABLE.search(g.disp, a, b):
        return "space"
    return None


def _header(g: _Grid, a: int, b: int, spec: TableSpec) -> _Grid | None:
    """The table whose header is line text[a:b], if it is the header of an indicator table."""
    mode = _mode(g, a, b)
    if mode is None:
        return None
    spans = g.split(a, b, mode)
    if len(spans) < 3:
        return None
    cells: list[Cell] = []
    for s, e in spans:
        word = g.text[s:e]
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
    hcols = tuple(g.width(a, c.start) for c in cells)
    return replace(g, mode=mode, header=tuple(cells), hcols=hcols)


def _row(g: _Grid, a: int, b: int) -> Row | None:
    """The row on line text[a:b], its cells given the header's roles, or None if it is no row."""
    spans, header = g.split(a, b), g.header
    n = len(header)
    if len(spans) < 3 or len(spans) > n:
        return None
    if len(spans) < n:
        # A merged cell (领域 written once for several rows) leaves a row short: its cells are
        # the last columns, except a leading sequence number, which stays first.
        lead = []
        if header[0].role == "sequence" and g.text[spans[0][0] : spans[0][1]].isdigit():
            lead, spans = [(spans[0], header[0])], spans[1:]
        pairs = lead + list(zip(spans, header[n - len(spans) :], strict=True))
    else:
        pairs = list(zip(spans, header, strict=True))
    cells = tuple(Cell(s, e, h.role, h.year) for (s, e), h in pairs if e > s)
    return Row(a, b, cells)


def _continuation(g: _Grid, a: int, b: int, above: Row) -> list[Cell] | None:
    """The cells of line text[a:b] if it continues the row above (a wrapped name), else None.

    A continuation comes right under its row (no blank line) and holds a few words and no value:
    an indented line of at most two cells, each under a header column, in an aligned table, or a
    pipe row whose sequence, base and target cells are empty. Its cells take the role of the header
    column they sit under.
    """
    text = g.text
    if text.count("\n", above.end, a) > 1 or _NOT_A_NAME_PART.search(text, a, b):
        return None
    spans = [sp for sp in g.split(a, b) if sp[1] > sp[0]]
    if not spans or any(e - s > 16 or text[s].isdigit() or text[s] in "≤≥<>" for s, e in spans):
        return None
    if g.mode != "pipe" and (len(spans) > 2 or not text[a:b][:1].isspace()):
        return None
    cells = g.placed(a, b)
    if cells is None or any(c.role not in ("indicator", "unit", "other") for c in cells):
        return None
    return cells


def _name_head(g: _Grid, a: int, b: int) -> Row | None:
    """A row's first line when its name wraps above its values: a sequence number and words.

    ``7  每千人口医疗卫生机构`` ⏎ ``   床位数  张  4.5  5.5``: the values are on the next line.
    """
    if _NOT_A_NAME_PART.search(g.text, a, b):
        return None
    cells = g.placed(a, b)
    roles = [c.role for c in cells or ()]
    if not cells or len(cells) > 2 or roles != ["sequence", "indicator"][: len(cells)]:
        return None
    if not g.text[cells[0].start : cells[0].end].isdigit():
        return None
    return Row(a, b, tuple(cells))


def _has_values(row: Row, text: str) -> bool:
    """Whether a base or target cell of the row holds a number."""
    return any(
        c.role in ("baseline", "target") and re.search(r"\d", text[c.start : c.end])
        for c in row.cells
    )


def _header_years(g: _Grid, a: int, b: int) -> _Grid | None:
    """The table with its header's years, if line text[a:b] only adds years under its columns.

    A header too wide for one line puts the years of its columns on the next: 基期值 ⏎ (2020年).
    """
    spans = [sp for sp in g.split(a, b) if sp[1] > sp[0]]
    if not spans or not all(_ONLY_YEAR.match(g.text[s:e]) for s, e in spans):
        return None
    cells = list(g.header)
    for s, e in spans:
        if g.mode == "space":  # a year is centred under its column: place it by its middle
            mid = g.width(a, s) + g.width(s, e) // 2
            i = max((k for k in range(len(cells)) if g.hcols[k] <= mid), default=None)
        else:
            i = g.column(a, s)
        if i is None or cells[i].year is not None:
            return None
        year = _YEAR.search(g.text, s, e)
        cells[i] = replace(cells[i], year=int(year.group(1)) if year else None)
    return replace(g, header=tuple(cells))


def _rows(g: _Grid, lines: list[tuple[int, int]], i: int) -> tuple[list[Row], int]:
    """The rows of table ``g`` from line ``i`` on, and the index of the first line after them."""
    text, header = g.text, list(g.header)
    rows: list[Row] = []
    last: Row | None = None
    while i < len(lines):
        a, b = lines[i]
        if _SEPARATOR_ROW.match(text[a:b]):
            i += 1
            continue
        more = _continuation(g, a, b, last) if last else None
        if more is not None and last is not None:
            # A wrapped name: the words join the row above, in the column they sit under.
            name = last.name_spans() + [(c.start, c.end) for c in more if c.role == "indicator"]
            last = Row(last.start, b, last.cells + tuple(more), tuple(name))
            i += 1
            continue
        row = _row(g, a, b) or _name_head(g, a, b)
        if row is None:
            break
        if last is not None and not _has_values(last, text) and row.first("sequence") is None:
            # The values of a name that wrapped above them: one row.
            name = last.name_spans() + row.name_spans()
            last = Row(last.start, b, last.cells + row.cells, tuple(name))
            i += 1
            continue
        if last is not None:
            rows.extend(complete_row(last, text, header))
        last = row
        i += 1
    if last is not None:
        rows.extend(complete_row(last, text, header))
    return rows, i


def find_tables(text: str, spec: TableSpec, raw: str | None = None) -> Tables:
    """Indicator tables of ``text`` (with its pipes still in place): header cells and rows.

    ``raw`` is the text as written (same offsets as ``text``): an aligned table's gaps and column
    positions are read on it, where a full-width space or digit is still two columns wide.
    """
    headers: list[Cell] = []
    rows: list[Row] = []
    lines = [m.span() for m in re.finditer(r"[^\n]*", text) if m.end() > m.start()]
    page = _Grid(text, raw if raw is not None and len(raw) == len(text) else text)
    names = _Occurrences(text, spec.columns["indicator"])
    i = 0
    while i < len(lines):
        a, b = lines[i]
        g = _header(page, a, b, spec) if names.within(a, b) else None
        i += 1
        if g is None:
            continue
        while i < len(lines) and _SEPARATOR_ROW.match(text[lines[i][0] : lines[i][1]]):
            i += 1
        dated = _header_years(g, *lines[i]) if i < len(lines) else None
        if dated is not None:  # 基期值 ⏎ (2020年): the years of a header too wide for one line
            headers.extend(Cell(s, e, "other") for s, e in g.split(*lines[i]) if e > s)
            g = dated
            i += 1
        headers.extend(g.header)
        found, i = _rows(g, lines, i)
        rows.extend(found)
    return Tables(tuple(headers), tuple(rows))


class _Occurrences:
    """Whether a line of ``text`` holds one of ``words``: the words are found in one pass over the
    text (a line without a word costs a bisection, not one search per word)."""

    def __init__(self, text: str, words: tuple[str, ...]) -> None:
        self.text, self.words = text, words
        self._at: list[int] | None = None
        if words and all(w and "\n" not in w for w in words):
            # No word spans a line break, so a line holding one has a match that starts in it.
            any_word = re.compile("|".join(re.escape(w) for w in words))
            self._at = [m.start() for m in any_word.finditer(text)]

    def within(self, a: int, b: int) -> bool:
        """Whether text[a:b] (a line) holds one of the words."""
        if self._at is None:
            return any(w in self.text[a:b] for w in self.words)
        i = bisect.bisect_left(self._at, a)
        return i < len(self._at) and self._at[i] < b
