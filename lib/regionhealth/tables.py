"""Indicator tables written as text: pipe-separated, tab-separated or aligned with spaces.

Most 十四五 plans carry a 主要指标 table (序号 | 指标 | 单位 | 2020年 | 2025年 | 属性). Read as prose,
its numbers have no words around them; read as a table, each row gives one target per target
column with its unit from the 单位 column, its baseline from the base column, its binding from the
属性 column and its year from the column header. The header words are in
``data/catalog/tables.yaml``; this module only finds the rows and cells, with offsets into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from regionhealth.text import SpanIndex

ROLES = ("sequence", "indicator", "unit", "baseline", "target", "binding", "other")

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")
_ONLY_YEAR = re.compile(r"^\s*[(]?\s*(?:19|20)\d{2}\s*年?\s*[)]?\s*(?:[(][^)]{0,6}[)])?\s*$")
_SEPARATOR_ROW = re.compile(r"^[\s|:\-—=+]*$")
_CELL_SEP = {"pipe": re.compile(r"\|"), "tab": re.compile(r"\t+"), "space": re.compile(r" {2,}")}


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
    """One row of an indicator table, with the cells that describe its targets."""

    start: int
    end: int
    cells: tuple[Cell, ...]

    def first(self, role: str) -> Cell | None:
        return next((c for c in self.cells if c.role == role), None)


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
        while i < len(lines):
            a, b = lines[i]
            line = text[a:b]
            if _SEPARATOR_ROW.match(line):
                i += 1
                continue
            row = _row(text, a, b, mode, header)
            if row is None:
                break
            rows.append(row)
            i += 1
    return Tables(tuple(headers), tuple(rows))


def table_spec(data: dict) -> TableSpec:
    """The table header words of ``tables.yaml`` (already checked against its schema)."""
    columns = {role: tuple(data.get("columns", {}).get(role) or ()) for role in ROLES}
    values = {k: tuple(v) for k, v in (data.get("binding_values") or {}).items()}
    return TableSpec(columns, values)
