"""The shape of an indicator table read from text: header words by role, cells, rows, lookups.

Built by :func:`regionhealth.text.tables.find_tables`; frozen, like every record of a document.
"""

from __future__ import annotations

from dataclasses import dataclass

from regionhealth.text.clean import SpanIndex

ROLES = ("sequence", "indicator", "unit", "baseline", "target", "binding", "other")


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


def table_spec(data: dict) -> TableSpec:
    """The table header words of ``tables.yaml`` (already checked against its schema)."""
    columns = {role: tuple(data.get("columns", {}).get(role) or ()) for role in ROLES}
    values = {k: tuple(v) for k, v in (data.get("binding_values") or {}).items()}
    return TableSpec(columns, values)
