"""Described views: every column of a view listed in schema.VIEWS is in the store with its type and
a COMMENT, and the view has no column the schema does not describe."""

from __future__ import annotations

import pytest

from regionhealth import schema


@pytest.mark.parametrize("view", schema.VIEWS, ids=[v.name for v in schema.VIEWS])
def test_view_columns_match_their_description_and_carry_comments(con, view) -> None:
    got = con.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE table_name = ? ORDER BY column_index",
        [view.name],
    ).fetchall()
    assert [(n, t) for n, t, _ in got] == [(c.name, c.type) for c in view.columns]
    assert [c for _, _, c in got] == [c.description for c in view.columns]
