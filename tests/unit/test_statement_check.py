"""queries/checks/statement_one_indicator.sql: target_comparison relies on it (see the view)."""

from __future__ import annotations

import duckdb

from regionhealth.paths import QUERIES_DIR

CHECK = (QUERIES_DIR / "checks" / "statement_one_indicator.sql").read_text(encoding="utf-8")


def _failing(rows: list[tuple[str, str | None]]) -> list[tuple]:
    with duckdb.connect() as con:
        con.execute("create table targets (statement_id varchar, indicator_code varchar)")
        con.executemany("insert into targets values (?, ?)", rows)
        return con.execute(CHECK).fetchall()


def test_a_statement_split_across_indicators_fails_and_a_restatement_passes():
    assert _failing([("d:1", "beds"), ("d:1", "beds"), ("d:2", None), ("d:2", None)]) == []
    assert _failing([("d:1", "beds"), ("d:1", "nurses")]) == [("d:1", 2)]
    assert _failing([("d:1", "beds"), ("d:1", None)]) == [("d:1", 2)]
