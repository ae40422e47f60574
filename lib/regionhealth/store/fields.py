"""The shapes the store's schema is written in: columns, foreign keys, tables, and their DDL.

The tables themselves are in :mod:`regionhealth.store.tables` (documents, mentions, catalog,
build) and :mod:`regionhealth.store.target_tables` (targets and reference targets), the described
views in :mod:`regionhealth.store.national_views` and :mod:`regionhealth.store.semantic_views`;
:mod:`regionhealth.store.schema` puts them together.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool = True
    unit: str | None = None  # what one unit of the value is, where the column has a fixed unit


@dataclass(frozen=True)
class ForeignKey:
    """``columns`` of a table take their values from ``ref_columns`` of ``ref_table`` (or are NULL)."""

    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    # Why a view is in the store only, not in the Parquet/CSV exports (None: it is exported).
    store_only: str | None = None


def col(
    name: str, type_: str, description: str, nullable: bool = True, unit: str | None = None
) -> Column:
    """A column (positional, so the tables read as one line per column)."""
    return Column(name, type_, description, nullable, unit)


def fk(column: str, ref: str) -> ForeignKey:
    """A one-column foreign key; ``ref`` is 'table.column'."""
    table_name, ref_column = ref.split(".")
    return ForeignKey((column,), table_name, (ref_column,))


def like(t: Table, name: str, description: str | None = None, alias: str | None = None) -> Column:
    """A view column passed through from table ``t``'s column ``name`` (optionally renamed)."""
    for c in t.columns:
        if c.name == name:
            return Column(alias or name, c.type, description or c.description, c.nullable, c.unit)
    raise KeyError(f"{t.name}.{name}")


def create_sql(t: Table) -> str:
    """``CREATE TABLE`` statement for ``t``."""
    cols = [f"{c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in t.columns]
    if t.primary_key:
        cols.append(f"PRIMARY KEY ({', '.join(t.primary_key)})")
    return f"CREATE TABLE {t.name} (\n    " + ",\n    ".join(cols) + "\n)"
