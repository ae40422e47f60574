"""Rows of the store's tables from records, shaped by the schema: the one place they are made.

One function per table turns records into rows: the build (:mod:`regionhealth.store.build`),
``regionhealth extract`` (:mod:`regionhealth.cli`) and the tests use them and nothing else. A row
has exactly the columns of its table in the schema, in their order. Each function's shape is made
from the schema at import: a column is either derived (named in the function's ``derived``
values) or read from a field of the same name of one of its records, in the order given; a
schema column that is neither stops the import.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from regionhealth.catalog.loader import Indicator, Theme
from regionhealth.catalog.semantic_rules import PerUnit
from regionhealth.catalog.units import Unit
from regionhealth.extract.records import Mention, ReferenceTarget, TargetSemantics
from regionhealth.extract.themes import ThemeMention
from regionhealth.sources.reference_files import ReferenceFile
from regionhealth.sources.registry import Document
from regionhealth.store import schema


def _field_names(record_type: type) -> frozenset[str]:
    """The fields of a named tuple or dataclass type."""
    if dataclasses.is_dataclass(record_type):
        return frozenset(f.name for f in dataclasses.fields(record_type))
    return frozenset(record_type._fields)  # type: ignore[attr-defined]


class _Shape:
    """Where each column of ``table`` comes from: a derived value, or the field of the same name
    of the first of the named records that has it."""

    def __init__(
        self, table: schema.Table, derived: Iterable[str], records: Mapping[str, type]
    ) -> None:
        derived = frozenset(derived)
        fields = {name: _field_names(t) for name, t in records.items()}
        self.table = table
        self.sources: list[tuple[str, str | None]] = []  # (column, record name or None: derived)
        for c in table.columns:
            if c.name in derived:
                self.sources.append((c.name, None))
                continue
            found = next((name for name, f in fields.items() if c.name in f), "")
            if not found:
                raise RuntimeError(
                    f"schema: {table.name}.{c.name}: no record field or rule makes it"
                )
            self.sources.append((c.name, found))
        unused = derived - {c.name for c in table.columns}
        if unused:
            raise RuntimeError(f"rows: {table.name}: derived columns not in the schema: {unused}")

    def row(self, derived: Mapping[str, Any], **records: Any) -> dict[str, Any]:
        """The row: ``derived`` values and the fields of ``records`` (by the names given above)."""
        return {
            c: derived[c] if src is None else getattr(records[src], c) for c, src in self.sources
        }


# --- the extraction's records ------------------------------------------------------------------

_MENTION = _Shape(
    schema.MENTIONS,
    {"mention_id", "doc_id", "char_start", "char_end", "target_id"},
    {"mention": Mention},
)
_TARGET = _Shape(
    schema.TARGETS,
    {
        "target_id",
        "doc_id",
        "region_id",
        "unit_as_stated",
        "quote",
        "char_start",
        "char_end",
        "number_start",
        "number_end",
        "group_id",
        "statement_id",
        "reviewed_by",
        "review_note",
    },
    # What kind of promise it is first: the semantics own a target's baseline and binding.
    {"semantics": TargetSemantics, "mention": Mention},
)


def mention_row(doc_id: str, m: Mention) -> dict[str, Any]:
    """The ``mentions`` row of one number of document ``doc_id``."""
    derived = {
        "mention_id": f"{doc_id}:{m.start}",
        "doc_id": doc_id,
        "char_start": m.start,
        "char_end": m.end,
        "target_id": f"{doc_id}:{m.start}" if m.kind == "target" else None,
    }
    return _MENTION.row(derived, mention=m)


def target_row(doc: Document, raw: str, m: Mention) -> dict[str, Any]:
    """The ``targets`` row of one target of ``doc`` (a mention of kind 'target', with semantics)."""
    if m.kind != "target" or m.semantics is None:
        raise ValueError(f"{doc.doc_id}:{m.start}: a {m.kind} mention has no target row")
    derived = {
        "target_id": f"{doc.doc_id}:{m.start}",
        "doc_id": doc.doc_id,
        "region_id": doc.region_id,
        "unit_as_stated": m.unit_as_stated or "",
        "quote": raw[m.quote_start : m.quote_end],
        "char_start": m.quote_start,
        "char_end": m.quote_end,
        "number_start": m.start,
        "number_end": m.end,
        "group_id": None if m.group_id is None else f"{doc.doc_id}:{m.group_id}",
        "statement_id": f"{doc.doc_id}:{m.semantics.statement_start}",
        # A decision in data/review/corrections.csv (regionhealth.extract.review).
        "reviewed_by": m.review.reviewed_by if m.review else None,
        "review_note": m.review.note if m.review else None,
    }
    return _TARGET.row(derived, semantics=m.semantics, mention=m)


def document_rows(
    doc: Document, raw: str, mentions: list[Mention], themes: list[ThemeMention]
) -> dict[str, list[dict[str, Any]]]:
    """Rows of the mentions, targets and theme mentions of one document, by table."""
    return {
        "mentions": [mention_row(doc.doc_id, m) for m in mentions],
        "targets": [target_row(doc, raw, m) for m in mentions if m.kind == "target"],
        "theme_mentions": [theme_mention_row(doc, raw, t) for t in themes],
    }


_THEME_MENTION = _Shape(
    schema.THEME_MENTIONS,
    {"doc_id", "region_id", "char_start", "char_end", "quote"},
    {"theme": ThemeMention},
)


def theme_mention_row(doc: Document, raw: str, t: ThemeMention) -> dict[str, Any]:
    """The ``theme_mentions`` row of one sentence of ``doc`` speaking of a theme."""
    derived = {
        "doc_id": doc.doc_id,
        "region_id": doc.region_id,
        "char_start": t.start,
        "char_end": t.end,
        "quote": raw[t.start : t.end],
    }
    return _THEME_MENTION.row(derived, theme=t)


# --- the registry -------------------------------------------------------------------------------

_DOCUMENT = _Shape(schema.DOCUMENTS, {"file", "n_chars", "horizon_year"}, {"doc": Document})


def document_row(doc: Document, raw: str, horizon_year: int | None) -> dict[str, Any]:
    """The ``documents`` row of ``doc`` (``raw``: its text; ``horizon_year``: its main goal year)."""
    derived = {"file": doc.path.name, "n_chars": len(raw), "horizon_year": horizon_year}
    return _DOCUMENT.row(derived, doc=doc)


def document_text_row(doc: Document, raw: str) -> dict[str, Any]:
    """The ``document_texts`` row of ``doc``: its raw text."""
    return {"doc_id": doc.doc_id, "raw_text": raw}


def region_row(region: Mapping[str, str]) -> dict[str, Any]:
    """The ``regions`` row of a row of ``regions.csv`` (an empty value is NULL)."""
    return {c.name: (region[c.name] or None) for c in schema.REGIONS.columns}


_BUILD_INFO = _Shape(schema.BUILD_INFO, {c.name for c in schema.BUILD_INFO.columns}, {})


def build_info_row(**values: Any) -> dict[str, Any]:
    """The ``build_info`` row: one value per column of the schema, by name (KeyError if one is
    missing), in the schema's order."""
    return _BUILD_INFO.row(values)


# --- the reference files -----------------------------------------------------------------------

_REFERENCE_FILE = _Shape(schema.REFERENCE_FILES, {"n_rows"}, {"ref": ReferenceFile})
_REFERENCE_TARGET = _Shape(schema.REFERENCE_TARGETS, (), {"target": ReferenceTarget})


def reference_file_row(ref: ReferenceFile, n_rows: int) -> dict[str, Any]:
    """The ``reference_files`` row of a registered reference file (``n_rows``: its rows read)."""
    return _REFERENCE_FILE.row({"n_rows": n_rows}, ref=ref)


def reference_target_row(t: ReferenceTarget) -> dict[str, Any]:
    """The ``reference_targets`` row of one reference target and year."""
    return _REFERENCE_TARGET.row({}, target=t)


# --- the catalog --------------------------------------------------------------------------------

_UNIT = _Shape(schema.UNITS, (), {"unit": Unit})
_INDICATOR = _Shape(schema.INDICATORS, {"indicator_code", "theme_code"}, {"indicator": Indicator})
_PER_UNIT = _Shape(schema.PER_UNITS, {"per_unit", "words"}, {"per_unit": PerUnit})
_THEME = _Shape(schema.THEMES, {"theme_code"}, {"theme": Theme})


def unit_row(u: Unit) -> dict[str, Any]:
    """The ``units`` row of one unit of the catalog."""
    return _UNIT.row({}, unit=u)


def indicator_row(i: Indicator) -> dict[str, Any]:
    """The ``indicators`` row of one indicator of the catalog."""
    return _INDICATOR.row({"indicator_code": i.code, "theme_code": i.theme}, indicator=i)


def per_unit_row(u: PerUnit) -> dict[str, Any]:
    """The ``per_units`` row of one per-unit of the catalog (its words joined by ';')."""
    return _PER_UNIT.row({"per_unit": u.code, "words": ";".join(u.words)}, per_unit=u)


def theme_row(t: Theme) -> dict[str, Any]:
    """The ``themes`` row of one theme of the catalog."""
    return _THEME.row({"theme_code": t.code}, theme=t)


# --- what `regionhealth extract` prints ---------------------------------------------------------

# What kind of promise a target is, as `regionhealth extract` prints it (empty for references
# and ignored numbers).
_EXTRACT_SEMANTICS = (
    "target_type",
    "target_type_basis",
    "per_unit",
    "commitment",
    "statement_start",
    "is_primary",
    "baseline_value",
    "baseline_year",
    "binding",
)
_NATIONAL = ("national_value", "national_year", "verdict")
EXTRACT_COLUMNS = (
    "char_start",
    "char_end",
    "quote",
    "kind",
    "reason",
    "value_as_stated",
    "unit_as_stated",
    "value",
    "unit",
    "comparator",
    "target_year",
    "year_basis",
    "period",
    "scope",
    "indicator_code",
    *_NATIONAL,
    *_EXTRACT_SEMANTICS,
)


def extract_row(raw: str, m: Mention, national: dict[str, Any]) -> dict[str, Any]:
    """The row ``regionhealth extract`` prints for one number (columns ``EXTRACT_COLUMNS``): its
    offsets, its quote (the number itself when it has none), the record's fields, the national
    line of a coded target (``national``, from :func:`regionhealth.store.national.against_national`)
    and its semantics."""
    sem = m.semantics
    row: dict[str, Any] = {
        "char_start": m.start,
        "char_end": m.end,
        "quote": raw[m.quote_start : m.quote_end] if m.quote_start is not None else m.surface,
    }
    for c in EXTRACT_COLUMNS[3:]:
        if c in _NATIONAL:
            row[c] = national.get(c)
        elif c in _EXTRACT_SEMANTICS:
            row[c] = getattr(sem, c) if sem is not None else None
        else:
            row[c] = getattr(m, c)
    return row
