"""Query latency of the researcher-facing views, as a researcher runs them: read-only, parameters bound."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from benchmarks.measure import median

# (view, SQL with a bound parameter, how the parameter is chosen)
QUERIES = (
    ("target_comparison", "SELECT * FROM target_comparison WHERE indicator_code = ?", "indicator"),
    ("targets_labelled", "SELECT * FROM targets_labelled WHERE indicator_code = ?", "indicator"),
    ("shared_indicators", "SELECT * FROM shared_indicators WHERE indicator_code = ?", "indicator"),
    ("coverage_matrix", "SELECT * FROM coverage_matrix WHERE indicator_code = ?", "indicator"),
    ("theme_coverage", "SELECT * FROM theme_coverage WHERE region_id = ?", "region"),
    ("target_comparison", "SELECT count(*) FROM target_comparison", None),
    ("coverage_matrix", "SELECT count(*) FROM coverage_matrix", None),
)


def _params(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The most targeted shared indicator and the region with most theme mentions: the largest answers."""
    (indicator,) = con.execute(
        "SELECT indicator_code FROM targets WHERE indicator_code IS NOT NULL GROUP BY ALL "
        "ORDER BY count(*) DESC, indicator_code LIMIT 1"
    ).fetchone()
    (region,) = con.execute(
        "SELECT region_id FROM theme_mentions GROUP BY ALL ORDER BY count(*) DESC, region_id LIMIT 1"
    ).fetchone()
    return {"indicator": indicator, "region": region}


def run(store: Path, reps: int = 50, warmup: int = 3) -> dict:
    """Median and 95th percentile latency (execute + fetch all rows) per query; cold first run."""
    out = []
    with duckdb.connect(str(store), read_only=True) as con:
        params = _params(con)
        (n_targets,) = con.execute("SELECT count(*) FROM targets").fetchone()
        (n_docs,) = con.execute("SELECT count(*) FROM documents").fetchone()
    for view, sql, kind in QUERIES:
        args = [params[kind]] if kind else []
        with duckdb.connect(str(store), read_only=True) as con:
            t0 = time.perf_counter()
            rows = con.execute(sql, args).fetchall()
            cold = time.perf_counter() - t0
            for _ in range(warmup):
                con.execute(sql, args).fetchall()
            times = []
            for _ in range(reps):
                t0 = time.perf_counter()
                con.execute(sql, args).fetchall()
                times.append(time.perf_counter() - t0)
        times.sort()
        out.append(
            {
                "view": view,
                "sql": sql,
                "param": args[0] if args else None,
                "rows": len(rows),
                "cold_s": cold,
                "median_s": median(times),
                "p95_s": times[int(0.95 * (len(times) - 1))],
                "reps": reps,
            }
        )
        print(f"  query {sql[:60]:60s} {out[-1]['median_s'] * 1000:.1f} ms", flush=True)
    return {"documents": n_docs, "targets": n_targets, "queries": out}
