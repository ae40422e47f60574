"""Build: wall time, CPU time and peak memory of ``regionhealth build`` as a child process.

Each corpus gets a home (REGIONHEALTH_HOME) whose data/raw is the corpus and whose catalog and
queries are the project's own, so the command is exactly what a user runs:
``REGIONHEALTH_HOME=HOME regionhealth build --store HOME/data/curated/regionhealth.duckdb --jobs N --force``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from benchmarks.measure import ChildRun, median, run_child, wait_quiet
from regionhealth.paths import CATALOG_DIR, QUERIES_DIR, REVIEW_DIR

BIN = Path(os.environ.get("VIRTUAL_ENV", Path(__file__).resolve().parents[1] / ".venv")) / "bin"


def home_for(raw_dir: Path, home: Path) -> Path:
    """A REGIONHEALTH_HOME whose data/raw is ``raw_dir`` (catalog and queries linked to the project's)."""
    (home / "data" / "curated").mkdir(parents=True, exist_ok=True)
    for link, target in (
        (home / "data" / "raw", raw_dir),
        (home / "data" / "catalog", CATALOG_DIR),
        (home / "data" / "review", REVIEW_DIR),
        (home / "queries", QUERIES_DIR),
    ):
        if link.is_symlink() or link.exists():
            if link.resolve() == target.resolve():
                continue
            link.unlink() if link.is_symlink() else shutil.rmtree(link)
        link.symlink_to(target.resolve(), target_is_directory=True)
    return home


def store_of(home: Path) -> Path:
    return home / "data" / "curated" / "regionhealth.duckdb"


def build_cmd(home: Path, jobs: int, force: bool = True, export: bool = True) -> list[str]:
    cmd = [str(BIN / "regionhealth"), "build", "--store", str(store_of(home)), "--jobs", str(jobs)]
    return cmd + (["--force"] if force else []) + ([] if export else ["--no-export"])


def build_once(home: Path, jobs: int, log_dir: Path, quiet_wait: float = 0.0, **kw) -> ChildRun:
    """One forced build in a child process; raises if it fails."""
    busy = wait_quiet(quiet_wait) if quiet_wait else 0.0
    run = run_child(
        build_cmd(home, jobs, **kw),
        env={**os.environ, "REGIONHEALTH_HOME": str(home)},
        log_dir=log_dir,
    )
    run.busy_before = busy
    if run.returncode != 0:
        raise RuntimeError(f"build failed ({run.returncode}): {run.stderr[-2000:]}")
    return run


def statement_mix(store: Path) -> dict:
    """Per MB of text: numbers, targets, references, ignored; share of targets mapped to an indicator."""
    with duckdb.connect(str(store), read_only=True) as con:
        (mb,) = con.execute(
            "SELECT sum(octet_length(encode(raw_text))) / 1e6 FROM document_texts"
        ).fetchone()
        kinds = dict(con.execute("SELECT kind, count(*) FROM mentions GROUP BY ALL").fetchall())
        (mapped,) = con.execute(
            "SELECT avg((indicator_code IS NOT NULL)::INT) FROM targets"
        ).fetchone()
        (n_docs,) = con.execute("SELECT count(*) FROM documents").fetchone()
        (themes,) = con.execute("SELECT count(*) FROM theme_mentions").fetchone()
    return {
        "documents": n_docs,
        "mb": mb,
        "mentions_per_mb": sum(kinds.values()) / mb,
        **{f"{k}_per_mb": v / mb for k, v in kinds.items()},
        "mapped_share": mapped,
        "theme_mentions_per_mb": themes / mb,
        "store_bytes": store.stat().st_size,
    }


def run(
    homes: dict[int, Path], plan: list[tuple[int, int, int]], log_dir: Path, quiet_wait: float
) -> dict:
    """``plan``: (documents, jobs, repetitions); median wall time, max of the peaks."""
    out: dict = {"runs": [], "mix": {}}
    for n, jobs, reps in plan:
        runs = [build_once(homes[n], jobs, log_dir, quiet_wait) for _ in range(reps)]
        walls = [r.wall_s for r in runs]
        rec = {
            "documents": n,
            "jobs": jobs,
            "reps": reps,
            "wall_s": walls,
            "median_wall_s": median(walls),
            "median_cpu_s": median([r.cpu_s for r in runs]),
            "peak_tree_rss_bytes": max(r.peak_tree_rss_bytes for r in runs),
            "peak_tree_pss_bytes": max(r.peak_tree_pss_bytes for r in runs),
            "maxrss_bytes": max(r.maxrss_bytes for r in runs),
            "busy_before": [round(r.busy_before, 2) for r in runs],
            "command": "REGIONHEALTH_HOME=HOME "
            + " ".join(build_cmd(Path("HOME"), jobs)).replace(str(BIN) + "/", ".venv/bin/"),
            "stdout_head": runs[-1].stdout.splitlines()[:2],
        }
        out["runs"].append(rec)
        print(
            f"  build {n:>6} docs --jobs {jobs}: {rec['median_wall_s']:.1f} s, "
            f"peak tree RSS {rec['peak_tree_rss_bytes'] / 2**30:.2f} GiB",
            flush=True,
        )
        if n not in out["mix"]:
            out["mix"][n] = statement_mix(store_of(homes[n]))
    return out
