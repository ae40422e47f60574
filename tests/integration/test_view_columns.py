"""Every column of every view is described in schema.VIEWS, with the type the view really has.

The messages name the view and the column and say where to describe it (docs/views.md), so a
maintainer who adds a view or a column learns exactly what is missing.
"""

from __future__ import annotations

import dataclasses

from regionhealth.store import schema
from regionhealth.store.sql import view_files

HOW = "describe it in schema.VIEWS (lib/regionhealth/store/schema.py), see docs/views.md"


def view_problems(con) -> list[str]:
    """One line per view column that is undescribed, mistyped, uncommented or described but gone."""
    problems = []
    for path in view_files():
        name = path.stem
        built = con.execute(
            "SELECT column_name, data_type, comment FROM duckdb_columns() "
            "WHERE database_name = current_database() AND table_name = ? ORDER BY column_index",
            [name],
        ).fetchall()
        described = schema.view(name)
        if described is None:
            problems.append(f"view {name}: not described in schema.VIEWS at all; {HOW}")
            continue
        before = len(problems)
        columns = {c.name: c for c in described.columns}
        for column, data_type, comment in built:
            c = columns.get(column)
            if c is None:
                problems.append(
                    f"view {name}: column {column} ({data_type}) is not described; {HOW}"
                )
            elif c.type != data_type:
                problems.append(
                    f"view {name}: column {column} is {data_type} in the store but {c.type} in "
                    "schema.VIEWS"
                )
            elif comment != c.description:
                problems.append(f"view {name}: column {column} has no COMMENT ON from schema.VIEWS")
        for gone in columns.keys() - {column for column, _, _ in built}:
            problems.append(f"view {name}: schema.VIEWS describes column {gone}, the view has none")
        order = [c for c, _, _ in built] != [c.name for c in described.columns]
        if order and len(problems) == before:
            problems.append(f"view {name}: schema.VIEWS lists the columns in another order")
    return problems


def test_every_view_column_is_described_typed_and_commented(con):
    problems = view_problems(con)
    assert not problems, "\n".join(problems)


def test_a_view_column_left_undescribed_is_named_in_the_message(con, monkeypatch):
    name = view_files()[0].stem
    described = schema.view(name)
    assert described is not None
    left_out = described.columns[-1]
    trimmed = dataclasses.replace(described, columns=described.columns[:-1])
    views = tuple(trimmed if v.name == name else v for v in schema.VIEWS)
    monkeypatch.setattr(schema, "VIEWS", views)
    assert f"view {name}: column {left_out.name} ({left_out.type}) is not described" in (
        "\n".join(view_problems(con))
    )
