"""`regionhealth reports`: run the notebooks listed in reports.toml with papermill, in parallel.

Each run writes ``OUT/<run-id>/`` (executed ``.ipynb``, ``.html`` page, a CSV per chart,
``run.json``); ``OUT/documents/`` holds a reader page per document, ``OUT/_static/`` the chart
libraries; ``OUT/index.html`` links everything, grouped by question, and ``OUT/manifest.json``
records parameters, status, duration, the store's sha256, the input documents and the code version. A run is reused, not executed, when its cache key
(sha256 over notebook source, parameters, store sha256 and report code) equals the key of a
previous successful run in the same OUT.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import hashlib
import html
import json
import multiprocessing
import os
import re
import sys
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import __version__, pages, paths, reader
from .errors import RegionhealthError
from .registry import sha256_file

CONFIG_PATH = paths.ROOT / "reports.toml"
OUT_DIR = paths.ROOT / "reports"
REPORT_KEYS = {"id", "notebook", "title", "parameters", "matrix"}
RUNNER_PARAMETERS = {"store_path"}  # set by the runner for every run, never in the config
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
# Files whose change must invalidate cached reports besides the notebook itself.
CODE_FILES = (
    "notebook.py",
    "charts.py",
    "reports.py",
    "pages.py",
    "marks.py",
    "compare.py",
    "labels.py",
)


@dataclass(frozen=True)
class Run:
    """One notebook execution: its id (also its output folder), notebook and parameters."""

    id: str
    notebook: str
    title: str
    parameters: dict[str, Any]


def notebook_path(name: str) -> Path:
    """Path of notebook ``name`` (jupytext percent ``notebooks/<name>.py``)."""
    return paths.NOTEBOOKS_DIR / f"{name}.py"


def notebook_names() -> list[str]:
    """Names of the notebooks the runner can execute."""
    return sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("[0-9]*.py"))


def notebook_defaults(name: str) -> dict[str, Any]:
    """Parameter names and default values from the notebook's cell tagged ``parameters``."""
    import jupytext

    nb = jupytext.read(notebook_path(name), fmt="py:percent")
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            defaults: dict[str, Any] = {}
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                    defaults[node.targets[0].id] = ast.literal_eval(node.value)
            return defaults
    raise RegionhealthError(f"notebook {name} has no cell tagged 'parameters'")


def notebook_summary(name: str) -> tuple[str, str]:
    """The question a notebook answers (its '# title') and its first descriptive line."""
    import jupytext

    nb = jupytext.read(notebook_path(name), fmt="py:percent")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            title, _, rest = cell.source.strip().partition("\n")
            paragraph = " ".join(rest.strip().split("\n\n")[0].split())
            first = re.split(r"(?<=[.。:：])\s", paragraph, maxsplit=1)[0]
            return title.lstrip("# ").strip() or name, first
    return name, ""


def _query_values(where: str, key: str, spec: Any, store: Path | None) -> list[Any]:
    """The values of ``matrix.KEY = { query = "SELECT …" }``: one column read from the store.

    Only one read-only SELECT is accepted, run on a read-only connection without file or
    network access; each value still has to pass the id and type checks of a listed value.
    """
    import duckdb

    if set(spec) != {"query"} or not isinstance(spec["query"], str):
        raise RegionhealthError(f'{where}: matrix.{key} must be a list or {{ query = "SELECT …" }}')
    if store is None:
        raise RegionhealthError(
            f"{where}: matrix.{key} is a query and needs the store; run `regionhealth build` first"
        )
    # A private in-memory instance with the store attached read-only, so the switches below
    # never reach other connections to the same file in this process.
    with duckdb.connect(":memory:") as con:
        con.execute("ATTACH ? AS store (READ_ONLY)", [str(store)])
        con.execute("USE store")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        try:
            statements = con.extract_statements(spec["query"])
            if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
                raise RegionhealthError(f"{where}: matrix.{key} query must be one SELECT")
            cur = con.execute(spec["query"])
            rows = cur.fetchall()
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            raise RegionhealthError(f"{where}: matrix.{key} query failed: {first}") from None
        if len(cur.description) != 1:
            raise RegionhealthError(f"{where}: matrix.{key} query must return one column")
    values = [r[0] for r in rows]
    if not values:
        raise RegionhealthError(f"{where}: matrix.{key} query returned no rows")
    return values


def _check_type(where: str, key: str, value: Any, default: Any) -> None:
    """RegionhealthError unless ``value`` has the type of the notebook's default."""
    if default is None:
        ok = value is None or isinstance(value, str | list)
    elif isinstance(default, bool) or isinstance(value, bool):
        ok = type(value) is type(default)
    elif isinstance(default, int | float):
        ok = isinstance(value, int | float)
    else:
        ok = isinstance(value, type(default))
    if isinstance(value, list):
        ok = ok and all(isinstance(v, str) for v in value)
    if not ok:
        raise RegionhealthError(
            f"{where}: parameter {key} must be {type(default).__name__} like the notebook's "
            f"default {default!r}, got {value!r}"
        )


def _expand(
    where: str, entry: dict[str, Any], defaults: dict[str, Any], store: Path | None = None
) -> list[Run]:
    """The runs of one config entry: one, or one per value of its single ``matrix`` key."""
    params = dict(entry.get("parameters", {}))
    matrix = entry.get("matrix", {})
    if not isinstance(params, dict) or not isinstance(matrix, dict):
        raise RegionhealthError(f"{where}: parameters and matrix must be tables")
    if len(matrix) > 1:
        raise RegionhealthError(f"{where}: matrix takes one parameter, got {sorted(matrix)}")
    for key in [*params, *matrix]:
        if key in RUNNER_PARAMETERS:
            raise RegionhealthError(f"{where}: {key} is set by the runner (use --store)")
        if key not in defaults:
            valid = ", ".join(k for k in defaults if k not in RUNNER_PARAMETERS)
            raise RegionhealthError(f"{where}: unknown parameter {key!r}; valid: {valid}")
    if key_overlap := set(params) & set(matrix):
        raise RegionhealthError(f"{where}: {sorted(key_overlap)} in both parameters and matrix")
    variants: list[tuple[dict[str, Any], dict[str, str]]] = [({}, {})]
    if matrix:
        ((mkey, values),) = matrix.items()
        if isinstance(values, dict):
            values = _query_values(where, mkey, values, store)
        if not isinstance(values, list) or not values:
            raise RegionhealthError(f"{where}: matrix.{mkey} must be a non-empty list")
        # A list parameter runs once per value, as a one-item list.
        wrap = isinstance(defaults[mkey], list)
        variants = [({mkey: [v] if wrap else v}, {mkey: str(v)}) for v in values]
    title = entry.get("title") or notebook_summary(entry["notebook"])[0]
    runs = []
    for extra, fmt in variants:
        merged = {**params, **extra}
        for key, value in merged.items():
            _check_type(where, key, value, defaults[key])
        try:
            run_id = entry["id"].format(**fmt)
            run_title = title.format(**fmt)
        except (KeyError, IndexError, ValueError) as exc:
            raise RegionhealthError(f"{where}: bad placeholder {exc} in id or title") from None
        if not _ID.match(run_id):
            raise RegionhealthError(f"{where}: id {run_id!r} must match {_ID.pattern}")
        runs.append(Run(run_id, entry["notebook"], run_title, merged))
    return runs


def load_config(path: Path, store: Path | None = None) -> list[Run]:
    """Runs listed in the TOML config; RegionhealthError on any unknown key, notebook or typo.

    ``store`` answers the matrices written as queries (``{ query = "SELECT …" }``).
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegionhealthError(f"config not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegionhealthError(f"{path}: invalid TOML: {exc}") from None
    if unknown := set(data) - {"report"}:
        raise RegionhealthError(
            f"{path}: unknown top-level key(s) {sorted(unknown)}; valid: report"
        )
    entries = data.get("report", [])
    if not isinstance(entries, list) or not entries:
        raise RegionhealthError(f"{path}: no [[report]] entries")
    runs: list[Run] = []
    for n, entry in enumerate(entries, 1):
        where = f"{path.name} report #{n} ({entry.get('id', '?')!r})"
        if unknown := set(entry) - REPORT_KEYS:
            raise RegionhealthError(
                f"{where}: unknown key(s) {sorted(unknown)}; valid: {', '.join(sorted(REPORT_KEYS))}"
            )
        for key in ("id", "notebook"):
            if not isinstance(entry.get(key), str):
                raise RegionhealthError(f"{where}: missing or non-text {key!r}")
        if entry["notebook"] not in notebook_names():
            raise RegionhealthError(
                f"{where}: unknown notebook {entry['notebook']!r}; valid: {', '.join(notebook_names())}"
            )
        runs.extend(_expand(where, entry, notebook_defaults(entry["notebook"]), store))
    seen: set[str] = set()
    for run in runs:
        if run.id in seen:
            raise RegionhealthError(f"{path.name}: duplicate report id {run.id!r}")
        seen.add(run.id)
    return runs


def select(runs: list[Run], only: list[str] | None) -> list[Run]:
    """The runs whose id matches one of the ``--only`` patterns (all when none given)."""
    if not only:
        return runs
    for pattern in only:
        if not any(fnmatch.fnmatchcase(r.id, pattern) for r in runs):
            ids = ", ".join(r.id for r in runs)
            raise RegionhealthError(f"--only {pattern!r} matches no report; ids: {ids}")
    return [r for r in runs if any(fnmatch.fnmatchcase(r.id, p) for p in only)]


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


def kernel_name() -> str:
    """'regionhealth' if that Jupyter kernel is registered (``make kernel``), else 'python3'."""
    from jupyter_client.kernelspec import KernelSpecManager

    return (
        "regionhealth" if "regionhealth" in KernelSpecManager().find_kernel_specs() else "python3"
    )


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


def execute(task: dict[str, Any]) -> dict[str, Any]:
    """Execute one run with papermill in a fresh kernel and write its .ipynb, .html, run.json."""
    import jupytext
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    run_dir = Path(task["run_dir"])
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "run.json").unlink(missing_ok=True)  # an interrupted run is never a cache hit
    ipynb, html = run_dir / f"{task['id']}.ipynb", run_dir / f"{task['id']}.html"
    started = datetime.now(UTC)
    t0 = time.monotonic()
    status, error = "ok", None
    nb = jupytext.read(notebook_path(task["notebook"]), fmt="py:percent")
    # The kernel inherits this process's stderr: keep its chatter out of the progress bar.
    saved_stderr = os.dup(2)
    with open(run_dir / "kernel.log", "w") as log:
        os.dup2(log.fileno(), 2)
        try:
            papermill.execute_notebook(
                nb,
                str(ipynb),
                parameters=task["parameters"],
                kernel_name=task["kernel"],
                cwd=str(paths.NOTEBOOKS_DIR),
                progress_bar=False,
                start_timeout=120,
                execution_timeout=900,
            )
        except PapermillExecutionError as exc:
            status, error = "failed", f"{exc.ename}: {exc.evalue}".splitlines()[0]
        except Exception as exc:  # kernel died, notebook unreadable, ...: still a failed run
            status, error = "failed", f"{type(exc).__name__}: {exc}".splitlines()[0]
        finally:
            os.dup2(saved_stderr, 2)
            os.close(saved_stderr)
    record = {
        "id": task["id"],
        "notebook": task["notebook"],
        "title": task["title"],
        "parameters": task["parameters"],
        "status": status,
        "error": error,
        "cached": False,
        "started_at": started.isoformat(timespec="seconds"),
        "duration_s": 0.0,
        "cache_key": task["cache_key"],
        "store_sha256": task["store_sha256"],
        "code_version": task["code_version"],
        "ipynb": ipynb.name,
        "html": html.name,
    }
    if ipynb.is_file():
        nb_page = pages.NotebookPage(run_dir, task["static"])
        body = nb_page.body(nbformat.read(ipynb, as_version=4))
        record["title"] = nb_page.title or record["title"]
        record["charts"] = nb_page.n_charts
        html.write_text(report_page(body, record, task["scripts"]), encoding="utf-8")
    record["duration_s"] = round(time.monotonic() - t0, 2)
    (run_dir / "run.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), "utf-8")
    return record


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


def run(args: argparse.Namespace) -> int:
    """Run the selected reports; 0 if all succeeded, 1 if any failed."""
    from tqdm import tqdm

    if args.jobs < 1:
        raise RegionhealthError(f"--jobs must be at least 1, got {args.jobs}")
    store = Path(args.store).resolve()
    runs = load_config(args.config, store if store.is_file() else None)
    chosen = select(runs, args.only)
    if not store.is_file():
        raise RegionhealthError(f"store not found at {store}; run `regionhealth build` first")
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    static = bool(getattr(args, "static", False))
    scripts = [] if static else [f"../{pages.STATIC_DIR}/{n}" for n in pages.write_static(out)]
    store_sha, code_sha = sha256_file(store), code_sha256()
    version = f"{__version__}+{code_sha[:12]}"
    kernel = kernel_name()
    records: dict[str, dict[str, Any]] = {}
    tasks = []
    for r in chosen:
        params = {**r.parameters, "store_path": str(store)}
        key = cache_key(r, {**params, "static": static}, store_sha, code_sha)
        hit = None if args.force else _cached(out / r.id, key)
        if hit:
            records[r.id] = {**hit, "duration_s": 0.0, "original_duration_s": hit["duration_s"]}
            continue
        tasks.append(
            {
                **asdict(r),
                "parameters": params,
                "run_dir": str(out / r.id),
                "cache_key": key,
                "store_sha256": store_sha,
                "code_version": version,
                "kernel": kernel,
                "static": static,
                "scripts": scripts,
            }
        )
    bar = tqdm(total=len(chosen), desc="reports", unit="report", file=sys.stderr)
    bar.update(len(records))
    if tasks:
        # spawn: each worker is a clean interpreter (no forked threads) that starts its kernel
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(args.jobs, len(tasks)), mp_context=ctx) as pool:
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
    bar.close()
    _write_outputs(out, runs, records, store, store_sha, version, static)
    failed = [r.id for r in chosen if records[r.id]["status"] != "ok"]
    n_cached = sum(1 for r in chosen if records[r.id].get("cached"))
    print(
        f"{len(chosen) - len(failed)} ok ({n_cached} cached), {len(failed)} failed; "
        f"index: {out / 'index.html'}"
    )
    return 1 if failed else 0


def _write_outputs(
    out: Path,
    runs: list[Run],
    records: dict[str, dict[str, Any]],
    store: Path,
    store_sha: str,
    version: str,
    static: bool = False,
) -> None:
    """Write the reader pages, manifest.json and index.html over every configured run."""
    import duckdb

    with duckdb.connect(str(store), read_only=True) as con:
        docs = reader.write_readers(con, out)
        built = con.execute("select code_version, inputs_sha256 from build_info").fetchone()
    entries = []
    for r in runs:
        rec = records.get(r.id) or _previous(out / r.id)
        rec = rec or {"id": r.id, "notebook": r.notebook, "title": r.title, "status": "not run"}
        shown = {k: v for k, v in r.parameters.items() if k not in RUNNER_PARAMETERS}
        entry = {**rec, "parameters": shown}
        for key in ("html", "ipynb"):
            if rec.get(key):
                entry[key] = f"{r.id}/{rec[key]}"
        entry["csv"] = [f"{r.id}/chart-{n}.csv" for n in range(1, int(rec.get("charts") or 0) + 1)]
        entries.append(entry)
    groups = []
    for name in dict.fromkeys(r.notebook for r in runs):
        question, description = notebook_summary(name)
        ids = [r.id for r in runs if r.notebook == name]
        groups.append(
            {"notebook": name, "question": question, "description": description, "runs": ids}
        )
    manifest = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "store": {
            "path": os.path.relpath(store, out),
            "sha256": store_sha,
            "modified_at": datetime.fromtimestamp(store.stat().st_mtime, UTC).isoformat(
                timespec="seconds"
            ),
            "built_by": built[0] if built else None,
            "inputs_sha256": built[1] if built else None,
        },
        "code_version": version,
        "documents": [
            {
                "doc_id": d["doc_id"],
                "region": f"{d['name_zh']} {d['name_en']}",
                "title": d["title"],
                "published_date": str(d["published_date"]),
                "written_date": str(d["written_date"]) if d["written_date"] else None,
                "file": d["file"],
                "sha256": d["sha256"],
                "reader": d["page"],
            }
            for d in docs
        ],
        "groups": groups,
        "runs": entries,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    scripts = [] if static else [f"{pages.STATIC_DIR}/{pages.REPORTS_JS}"]
    (out / "index.html").write_text(pages.index_page(manifest, scripts), encoding="utf-8")


def _previous(run_dir: Path) -> dict[str, Any] | None:
    """The record a run left in an earlier invocation (for runs not selected this time)."""
    try:
        return {**json.loads((run_dir / "run.json").read_text(encoding="utf-8")), "stale": True}
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def report_page(body: str, record: dict[str, Any], scripts: list[str]) -> str:
    """A report page: the run's title and metadata on top, the notebook's content below."""
    status = record["status"]
    error = record.get("error")
    header = (
        '<a href="../index.html">← 全部报告 / All reports</a>'
        f"<h1>{html.escape(record['title'])}</h1>"
        f'<div class="meta">状态 / Status: <span class="status-{status}">{status}</span> · '
        f"{html.escape(record['started_at'])} · store sha256 {record['store_sha256']} · "
        f"code {html.escape(record['code_version'])}</div>"
        + (f'<p class="error">{html.escape(error)}</p>' if error else "")
    )
    return pages.page(record["title"], header, pages.with_toc(body), scripts)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m regionhealth.reports``."""
    parser = argparse.ArgumentParser(prog="regionhealth reports", description=__doc__)
    configure_parser(parser)
    try:
        return run(parser.parse_args(argv))
    except RegionhealthError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
