"""The store's tables and columns: the one metadata source of truth.

DDL, the ``COMMENT ON`` descriptions, the rows (:mod:`regionhealth.store.rows`) and
``docs/data-dictionary.md`` are all generated from ``TABLES`` and ``VIEWS``; change a column and
the build, the dictionary and the tests follow. The shapes are in :mod:`regionhealth.store.fields`;
the tables in :mod:`regionhealth.store.tables` (documents, numbers, themes, catalog, build) and
:mod:`regionhealth.store.target_tables` (targets, reference targets); the described views in
:mod:`regionhealth.store.national_views`, :mod:`regionhealth.store.label_views` and
:mod:`regionhealth.store.semantic_views`.
"""

from __future__ import annotations

from regionhealth.store.fields import Column, ForeignKey, Table, create_sql
from regionhealth.store.label_views import LABEL_VIEWS
from regionhealth.store.national_views import (
    NATIONAL_TARGETS_UNADDRESSED,
    NATIONAL_VIEWS,
    TARGET_VS_NATIONAL,
)
from regionhealth.store.semantic_views import SEMANTIC_VIEWS
from regionhealth.store.tables import (
    BUILD_INFO,
    BUILD_INPUTS,
    DOCUMENT_TEXTS,
    DOCUMENTS,
    INDICATORS,
    MENTIONS,
    PER_UNITS,
    REGIONS,
    THEME_MENTIONS,
    THEMES,
    UNITS,
)
from regionhealth.store.target_tables import REFERENCE_FILES, REFERENCE_TARGETS, TARGETS

__all__ = [
    "BUILD_INFO",
    "BUILD_INPUTS",
    "DOCUMENTS",
    "DOCUMENT_TEXTS",
    "INDICATORS",
    "MENTIONS",
    "NATIONAL_TARGETS_UNADDRESSED",
    "PER_UNITS",
    "REFERENCE_FILES",
    "REFERENCE_TARGETS",
    "REGIONS",
    "TABLES",
    "TARGETS",
    "TARGET_VS_NATIONAL",
    "THEMES",
    "THEME_MENTIONS",
    "UNITS",
    "VIEWS",
    "Column",
    "ForeignKey",
    "Table",
    "create_sql",
    "table",
    "view",
]

TABLES: tuple[Table, ...] = (
    REGIONS,
    DOCUMENTS,
    DOCUMENT_TEXTS,
    UNITS,
    INDICATORS,
    PER_UNITS,
    THEMES,
    MENTIONS,
    TARGETS,
    THEME_MENTIONS,
    REFERENCE_FILES,
    REFERENCE_TARGETS,
    BUILD_INFO,
    BUILD_INPUTS,
)

# Views whose columns are described get a COMMENT ON COLUMN for each column at build time (the
# view itself is defined in queries/views/<name>.sql; a test checks the columns match).
VIEWS: tuple[Table, ...] = (*NATIONAL_VIEWS, *LABEL_VIEWS, *SEMANTIC_VIEWS)


def view(name: str) -> Table | None:
    """The described view called ``name``, or None if the schema does not describe it."""
    return next((v for v in VIEWS if v.name == name), None)


def table(name: str) -> Table:
    """The table called ``name``; KeyError if the store has none."""
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)
