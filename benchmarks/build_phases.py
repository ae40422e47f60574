"""Where a build spends its time and memory: phases of store.build with wall, CPU and peak RSS.

Wraps the store's phase functions (no change to the library) and samples the RSS of this process
and of its extraction workers every 100 ms. Optional cProfile of the parent process.
Run: python -m benchmarks.build_phases RAW_DIR STORE [--jobs N] [--profile OUT.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import threading
import time
from pathlib import Path

import psutil

from regionhealth.store import build as st

_PHASES: list[dict] = []
_SAMPLES: list[tuple[float, int, int]] = []  # (t, parent RSS, workers RSS)


def _sampler(stop: threading.Event, t0: float) -> None:
    me = psutil.Process()
    while not stop.is_set():
        try:
            kids = sum(c.memory_info().rss for c in me.children(recursive=True))
        except psutil.Error:
            kids = 0
        _SAMPLES.append((time.perf_counter() - t0, me.memory_info().rss, kids))
        stop.wait(0.1)


def _timed(name: str, fn):
    @functools.wraps(fn)
    def wrapper(*a, **kw):
        t, c = time.perf_counter(), time.process_time()
        try:
            return fn(*a, **kw)
        finally:
            _PHASES.append(
                {
                    "phase": name,
                    "start": t,
                    "wall_s": time.perf_counter() - t,
                    "parent_cpu_s": time.process_time() - c,
                }
            )

    return wrapper


def _timed_batches(fn):
    """The batch generator: time spent waiting in next() (workers, unpickling, accumulating)."""

    @functools.wraps(fn)
    def wrapper(*a, **kw):
        it = fn(*a, **kw)
        while True:
            t, c = time.perf_counter(), time.process_time()
            try:
                rows = next(it)
            except StopIteration:
                return
            finally:
                _PHASES.append(
                    {
                        "phase": "wait for a batch of rows",
                        "start": t,
                        "wall_s": time.perf_counter() - t,
                        "parent_cpu_s": time.process_time() - c,
                    }
                )
            yield rows

    return wrapper


class _DuckDBWithConfig:
    """Stands in for the duckdb module inside store/build.py: every connection gets ``config``."""

    def __init__(self, module, config: dict[str, str]) -> None:
        self._module, self._config = module, config

    def __getattr__(self, name: str):
        return getattr(self._module, name)

    def connect(
        self, database: str = ":memory:", read_only: bool = False, config: dict | None = None
    ):
        return self._module.connect(
            database, read_only=read_only, config={**self._config, **(config or {})}
        )


def run(
    raw_dir: Path,
    store_path: Path,
    jobs: int,
    batch_size: int,
    profile: Path | None,
    duckdb_config: dict[str, str] | None = None,
) -> dict:
    if duckdb_config:
        st.duckdb = _DuckDBWithConfig(st.duckdb, duckdb_config)
    for name, label in (
        ("insert", "insert (polars frame → Arrow → DuckDB)"),
        ("create_views", "create views"),
        ("run_checks", "data checks"),
        ("export_tables", "Parquet/CSV export"),
        ("target_keys_or_none", "read old target keys"),
        ("load_documents", "load registry + sha256"),
        ("inputs_sha256", "inputs sha256"),
        ("diff_targets", "diff against old store"),
    ):
        setattr(st, name, _timed(label, getattr(st, name)))
    st._document_batches = _timed_batches(st._document_batches)
    stop = threading.Event()
    t0 = time.perf_counter()
    th = threading.Thread(target=_sampler, args=(stop, t0), daemon=True)
    th.start()
    prof = cProfile.Profile() if profile else None
    c0 = time.process_time()
    if prof:
        prof.enable()
    st.build(
        store=store_path,
        raw_dir=raw_dir,
        export_dir=store_path.parent / "export",
        force=True,
        jobs=jobs,
        batch_size=batch_size,
    )
    if prof:
        prof.disable()
        prof.dump_stats(profile)
    total = time.perf_counter() - t0
    stop.set()
    th.join()
    agg: dict[str, dict] = {}
    for p in _PHASES:
        a = agg.setdefault(
            p["phase"],
            {
                "calls": 0,
                "wall_s": 0.0,
                "parent_cpu_s": 0.0,
                "first": p["start"] - t0,
                "peak_parent_rss": 0,
                "peak_workers_rss": 0,
            },
        )
        a["calls"] += 1
        a["wall_s"] += p["wall_s"]
        a["parent_cpu_s"] += p["parent_cpu_s"]
        lo, hi = p["start"] - t0, p["start"] - t0 + p["wall_s"]
        for t, parent, kids in _SAMPLES:
            if lo <= t <= hi + 0.1:
                a["peak_parent_rss"] = max(a["peak_parent_rss"], parent)
                a["peak_workers_rss"] = max(a["peak_workers_rss"], kids)
    return {
        "total_wall_s": total,
        "parent_cpu_s": time.process_time() - c0,
        "phases": agg,
        "peak_parent_rss": max(s[1] for s in _SAMPLES),
        "peak_workers_rss": max(s[2] for s in _SAMPLES),
        "samples": _SAMPLES[:: max(1, len(_SAMPLES) // 200)],
    }


def main() -> int:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.build_phases", description=__doc__.splitlines()[0]
    )
    p.add_argument("raw_dir", type=Path)
    p.add_argument("store", type=Path)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--batch-size", type=int, default=500)
    p.add_argument("--profile", type=Path)
    p.add_argument(
        "--duckdb",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="DuckDB setting for every connection of the build, e.g. memory_limit=512MB (an experiment)",
    )
    args = p.parse_args()
    args.store.parent.mkdir(parents=True, exist_ok=True)
    config = dict(kv.split("=", 1) for kv in args.duckdb)
    r = run(args.raw_dir, args.store, args.jobs, args.batch_size, args.profile, config)
    mib = 2**20
    print(
        f"total {r['total_wall_s']:.1f} s wall, parent CPU {r['parent_cpu_s']:.1f} s, peak parent RSS "
        f"{r['peak_parent_rss'] / mib:.0f} MiB, peak workers RSS {r['peak_workers_rss'] / mib:.0f} MiB"
    )
    print(
        f"{'phase':42s} {'calls':>5s} {'wall s':>8s} {'parent CPU s':>12s} {'peak parent MiB':>16s} {'peak workers MiB':>17s}"
    )
    for name, a in sorted(r["phases"].items(), key=lambda x: x[1]["first"]):
        print(
            f"{name:42s} {a['calls']:5d} {a['wall_s']:8.1f} {a['parent_cpu_s']:12.1f} "
            f"{a['peak_parent_rss'] / mib:16.0f} {a['peak_workers_rss'] / mib:17.0f}"
        )
    print(
        "RSS timeline (s, parent MiB, workers MiB):",
        " ".join(f"{t:.0f}:{a / mib:.0f}/{b / mib:.0f}" for t, a, b in r["samples"][::10]),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
