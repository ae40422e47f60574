"""`regionhealth reports`: run the notebooks listed in reports.toml with papermill, in parallel.

Each run writes ``OUT/<run-id>/`` (executed ``.ipynb``, ``.html`` page, a CSV per chart,
``run.json``); ``OUT/documents/`` holds a reader page per document, ``OUT/_static/`` the chart
libraries; ``OUT/index.html`` links everything, grouped by question, and ``OUT/manifest.json``
records parameters, status, duration, the store's sha256, the input documents and the code
version (both written by :mod:`regionhealth.reports.manifest`). A run is reused, not executed,
when its cache key (sha256 over notebook source, parameters, store sha256 and report code) equals
the key of a previous successful run in the same OUT.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regionhealth import __version__, paths
from regionhealth.errors import RegionhealthError
from regionhealth.reports import manifest as report_manifest
from regionhealth.reports import pages
from regionhealth.reports.config import (  # noqa: F401  (re-exported: the runner's public names)
    CONFIG_PATH,
    RUNNER_PARAMETERS,
    Run,
    load_config,
    notebook_defaults,
    notebook_names,
    notebook_path,
    notebook_summary,
    select,
)
from regionhealth.reports.execute_run import (
    execute,
    kernel_name,
)
from regionhealth.sources.registry import sha256_file

if TYPE_CHECKING:
    from tqdm import tqdm

OUT_DIR = paths.ROOT / "reports"
# Files whose change must invalidate cached reports besides the notebook itself: every module of
# this room but manifest.py (the manifest and index are rewritten on every invocation, never reused).
CODE_FILES = tuple(
    sorted(p.name for p in Path(__file__).parent.glob("*.py") if p.name != "manifest.py")
)


def code_sha256() -> str:
    """SHA-256 over the report code and the notebook queries (part of every cache key)."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    files = [here / name for name in CODE_FILES] + sorted(
        (paths.QUERIES_DIR / "notebooks").glob("*.sql")
    )
    for f in files:
        digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


def cache_key(run: Run, parameters: dict[str, Any], store_sha: str, code_sha: str) -> str:
    """Key under which a run's result is reused: hashes of everything its output depends on."""
    payload = {
        "notebook": hashlib.sha256(notebook_path(run.notebook).read_bytes()).hexdigest(),
        "parameters": parameters,
        "store_sha256": store_sha,
        "code_sha256": code_sha,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _cached(run_dir: Path, key: str) -> dict[str, Any] | None:
    """The previous record of a successful run with the same cache key, if its files exist."""
    try:
        record = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    files_ok = all((run_dir / record.get(k, "")).is_file() for k in ("ipynb", "html"))
    if record.get("cache_key") == key and record.get("status") == "ok" and files_ok:
        return {**record, "cached": True}
    return None


def configure_parser(p: argparse.ArgumentParser) -> None:
    """Add the options of `regionhealth reports` to ``p``."""
    p.add_argument("--config", type=Path, default=CONFIG_PATH, help="runs to execute (TOML)")
    p.add_argument("--jobs", type=int, default=2, help="notebooks executed in parallel")
    p.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default: reports/)")
    p.add_argument("--only", action="append", metavar="NAME", help="run only ids matching NAME")
    p.add_argument("--store", type=Path, default=paths.STORE_PATH, help="store to report on")
    p.add_argument("--force", action="store_true", help="execute even if a cached result fits")
    p.add_argument(
        "--static",
        action="store_true",
        help="charts as SVG drawn at build time, pages without scripts",
    )


def run(
    *,
    config: Path = CONFIG_PATH,
    out: Path = OUT_DIR,
    store: Path = paths.STORE_PATH,
    only: list[str] | None = None,
    jobs: int = 2,
    force: bool = False,
    static: bool = False,
) -> int:
    """Run the reports of ``config`` (those matching ``only``) on ``store`` into ``out``, ``jobs``
    at a time; ``force`` executes even a cached run, ``static`` draws charts as SVG. 0 if all
    succeeded, 1 if any failed."""
    if jobs < 1:
        raise RegionhealthError(f"--jobs must be at least 1, got {jobs}")
    store = Path(store).resolve()
    if not store.is_file():
        select(load_config(config), only)  # a bad config says so first
        raise RegionhealthError(f"store not found at {store}; run `regionhealth build` first")
    # The whole config is checked (its matrix queries on the store) before anything is created.
    select(load_config(config, store), only)
    out = Path(out).resolve()
    check_out_is_ours(out)
    out.mkdir(parents=True, exist_ok=True)
    pinned, store_sha = pin_store(store, out)
    try:
        # The runs are then read again from the pinned store, which the notebooks read too: a
        # build finishing meanwhile cannot give the runs values of one store and the notebooks
        # another.
        runs = load_config(config, pinned)
        chosen = select(runs, only)
        options = _Options(jobs=jobs, force=force, static=static)
        return _run(chosen, runs, store, out, pinned, store_sha, options)
    finally:
        pinned.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Options:
    """How a report set is run: workers, whether a cached result may be reused, chart format."""

    jobs: int
    force: bool
    static: bool


def check_out_is_ours(out: Path) -> None:
    """``--out`` must be new, empty, or a report set this runner wrote: never someone's folder."""
    if not out.exists():
        return
    if not out.is_dir():
        raise RegionhealthError(f"{out}: --out is not a folder")
    entries = list(out.iterdir())
    if not entries or (out / "manifest.json").is_file():
        return
    # A run interrupted before its manifest: only run folders, shared assets and pinned stores.
    if all(
        (p.is_dir() and (p / "kernel.log").exists())
        or p.name == pages.STATIC_DIR
        or _PINNED.fullmatch(p.name)
        for p in entries
    ):
        return
    raise RegionhealthError(
        f"{out}: --out is neither empty nor a report set (no manifest.json); refusing to write "
        "into it: choose a new or empty folder"
    )


_PINNED = re.compile(r"\.store-\d+\.duckdb")


def pin_store(store: Path, out: Path) -> tuple[Path, str]:
    """One store generation for the whole run: a hard link (else a copy) of ``store`` in ``out``.

    A rebuild replaces the store's path with a new file; the link keeps naming the file that was
    there, so every notebook of the run reads that one, and its sha256 is the one recorded.
    """
    for stale in out.glob(".store-*.duckdb"):  # left by a killed run
        pid = stale.name[len(".store-") : -len(".duckdb")]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            stale.unlink(missing_ok=True)
    pinned = out / f".store-{os.getpid()}.duckdb"
    pinned.unlink(missing_ok=True)
    try:
        os.link(store, pinned)
    except OSError:  # another filesystem: copy (one open file, so one whole generation)
        shutil.copyfile(store, pinned)
    return pinned, sha256_file(pinned)


def _run(
    chosen: list[Run],
    runs: list[Run],
    store: Path,
    out: Path,
    pinned: Path,
    store_sha: str,
    options: _Options,
) -> int:
    """Execute the chosen runs that no cached result fits, then write the manifest and index;
    0 if all succeeded, 1 if any failed."""
    from tqdm import tqdm

    static = options.static
    scripts = [] if static else [f"../{pages.STATIC_DIR}/{n}" for n in pages.write_static(out)]
    code_sha = code_sha256()
    version = f"{__version__}+{code_sha[:12]}"
    shared = {
        "store_sha256": store_sha,
        "code_version": version,
        "kernel": kernel_name(),
        "static": static,
        "scripts": scripts,
        "pinned_store": str(pinned),
    }
    records, tasks = _plan(chosen, store, out, code_sha, shared, options.force)
    bar = tqdm(total=len(chosen), desc="reports", unit="report", file=sys.stderr)
    bar.update(len(records))
    if tasks:
        records.update(_execute_all(tasks, options.jobs, bar))
    bar.close()
    report_manifest.write_outputs(out, runs, records, store, store_sha, version, static)
    failed = [r.id for r in chosen if records[r.id]["status"] != "ok"]
    n_cached = sum(1 for r in chosen if records[r.id].get("cached"))
    print(
        f"{len(chosen) - len(failed)} ok ({n_cached} cached), {len(failed)} failed; "
        f"index: {out / 'index.html'}"
    )
    return 1 if failed else 0


def _plan(
    chosen: list[Run],
    store: Path,
    out: Path,
    code_sha: str,
    shared: dict[str, Any],
    force: bool,
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The records of the runs a cached result fits (by run id; none if ``force``) and the tasks
    of the others (``shared``: what every task carries besides its run and cache key)."""
    records: dict[str, dict[str, Any]] = {}
    tasks = []
    for r in chosen:
        params = {**r.parameters, "store_path": str(store)}
        key = cache_key(r, {**params, "static": shared["static"]}, shared["store_sha256"], code_sha)
        hit = None if force else _cached(out / r.id, key)
        if hit:
            records[r.id] = {**hit, "duration_s": 0.0, "original_duration_s": hit["duration_s"]}
            continue
        tasks.append(
            {
                **asdict(r),
                "parameters": params,
                "run_dir": str(out / r.id),
                "cache_key": key,
                **shared,
            }
        )
    return records, tasks


def _execute_all(
    tasks: list[dict[str, Any]], jobs: int, bar: tqdm[Any]
) -> dict[str, dict[str, Any]]:
    """Execute ``tasks``, ``jobs`` at a time, each in its own worker process: their records by
    run id, in the order they finish (a failure is written above the progress bar)."""
    records: dict[str, dict[str, Any]] = {}
    # spawn: each worker is a clean interpreter (no forked threads) that starts its kernel
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=ctx) as pool:
        futures = {pool.submit(execute, t): t for t in tasks}
        for future in as_completed(futures):
            t = futures[future]
            try:
                rec = future.result()
            except Exception as exc:  # worker crashed before it could record anything
                rec = {
                    **t,
                    "status": "failed",
                    "error": f"{type(exc).__name__}: {exc}",
                    "cached": False,
                    "duration_s": 0.0,
                }
            records[rec["id"]] = rec
            if rec["status"] != "ok":
                bar.write(f"FAILED {rec['id']}: {rec['error']}", file=sys.stderr)
            bar.update(1)
    return records
