"""Rows of the final extraction records, shaped by ``schema.py``: the one place they are made.

The build (:mod:`regionhealth.store.build`), ``regionhealth extract`` (:mod:`regionhealth.cli`) and the
tests make rows of :class:`~regionhealth.extract.records.Mention` records only here. A row has exactly the
columns of its table in ``schema.py``, in their order: a column is either derived below or a field
of the same name of the record (or, for targets, of its semantics); a schema column that is
neither stops the import.
"""

from __future__ import annotations

from typing import Any

from regionhealth.extract.records import Mention, TargetSemantics
from regionhealth.sources.registry import Document
from regionhealth.store import schema

_SEMANTIC = frozenset(TargetSemantics._fields)
_RECORD = frozenset(Mention._fields)
# Target columns not read from a field of the same name (see target_row).
_TARGET_DERIVED = frozenset(
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
    }
)
_MENTION_DERIVED = frozenset({"mention_id", "doc_id", "char_start", "char_end", "target_id"})


def _sources(table: schema.Table, derived: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """(column, where its value comes from: 'derived', 'semantics' or 'record'), in order."""
    out = []
    for c in table.columns:
        if c.name in derived:
            out.append((c.name, "derived"))
        elif c.name in _SEMANTIC and table is schema.TARGETS:
            out.append((c.name, "semantics"))
        elif c.name in _RECORD:
            out.append((c.name, "record"))
        else:
            raise RuntimeError(
                f"schema.py: {table.name}.{c.name}: no record field or rule makes it"
            )
    return tuple(out)


_TARGET_COLUMNS = _sources(schema.TARGETS, _TARGET_DERIVED)
_MENTION_COLUMNS = _sources(schema.MENTIONS, _MENTION_DERIVED)


def _row(columns: tuple[tuple[str, str], ...], derived: dict, m: Mention) -> dict[str, Any]:
    sem = m.semantics
    return {
        c: derived[c] if src == "derived" else getattr(sem if src == "semantics" else m, c)
        for c, src in columns
    }


def mention_row(doc_id: str, m: Mention) -> dict[str, Any]:
    """The ``mentions`` row of one number of document ``doc_id``."""
    derived = {
        "mention_id": f"{doc_id}:{m.start}",
        "doc_id": doc_id,
        "char_start": m.start,
        "char_end": m.end,
        "target_id": f"{doc_id}:{m.start}" if m.kind == "target" else None,
    }
    return _row(_MENTION_COLUMNS, derived, m)


def target_row(doc: Document, raw: str, m: Mention) -> dict[str, Any]:
    """The ``targets`` row of one target of ``doc`` (a mention of kind 'target', with semantics)."""
    if m.semantics is None:
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
        "reviewed_by": None,  # set by a decision in data/review/corrections.csv
        "review_note": None,
    }
    return _row(_TARGET_COLUMNS, derived, m)


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
