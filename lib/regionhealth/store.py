"""Build the curated DuckDB store: load → extract → save to a temporary file → check → swap.

A build writes ``regionhealth.duckdb`` beside itself under a temporary name, runs the data checks
in ``queries/checks`` against it, closes it and ``os.replace``\\ s it over the old store. A reader
with the old file open keeps reading the old file; a build that fails anywhere changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from regionhealth import __version__, datapackage, provenance, publish, schema
from regionhealth.catalog import Catalog, load_catalog
from regionhealth.describe import Mention
from regionhealth.errors import RegionhealthError
from regionhealth.extract import extract_document
from regionhealth.paths import CATALOG_DIR, EXPORT_DIR, QUERIES_DIR, RAW_DIR, REVIEW_DIR, STORE_PATH
from regionhealth.references import load_reference_targets
from regionhealth.registry import Document, load_documents, load_regions
from regionhealth.review import (
    Decision,
    apply_decisions,
    decisions_for,
    load_decisions,
)
from regionhealth.semantics import TargetSemantics
from regionhealth.text import read_raw
from regionhealth.themes import find_theme_mentions
from regionhealth.units import load_units

_POLARS_TYPES = {
    "VARCHAR": pl.Utf8,
    "INTEGER": pl.Int32,
    "BIGINT": pl.Int64,
    "DOUBLE": pl.Float64,
    "DATE": pl.Date,
    "BOOLEAN": pl.Boolean,
    "TIMESTAMP": pl.Datetime("us"),
}


@dataclass
class BuildResult:
    store: Path
    built: bool  # False when the store was already up to date
    inputs_sha256: str
    counts: dict[str, int] = field(default_factory=dict)
    targets_per_region: dict[str, int] = field(default_factory=dict)
    unmapped_targets: int = 0
    diff: list[str] = field(default_factory=list)
    notes: list[str] = field(
        default_factory=list
    )  # what was done with recoverable inputs, per file


# --- inputs -----------------------------------------------------------------------------------


def _input_files(
    raw_dir: Path, catalog_dir: Path, queries_dir: Path, review_dir: Path
) -> list[Path]:
    files = sorted(p for p in raw_dir.rglob("*") if p.is_file())  # documents may sit in sub-folders
    files += sorted(p for p in catalog_dir.rglob("*") if p.is_file())
    if review_dir.is_dir():
        files += sorted(p for p in review_dir.rglob("*") if p.is_file())
    files += sorted(p for p in queries_dir.rglob("*.sql") if p.is_file())
    return files


def _input_files_with_base(
    raw_dir: Path, catalog_dir: Path, queries_dir: Path, review_dir: Path
) -> list[tuple[Path, Path]]:
    """The input files, each with the input folder it belongs to (for build_inputs paths)."""
    files = _input_files(raw_dir, catalog_dir, queries_dir, review_dir)
    bases = (raw_dir, catalog_dir, queries_dir, review_dir)
    return [(f, next(b for b in bases if f.is_relative_to(b))) for f in files]


def inputs_sha256(
    raw_dir: Path = RAW_DIR,
    catalog_dir: Path = CATALOG_DIR,
    queries_dir: Path = QUERIES_DIR,
    review_dir: Path = REVIEW_DIR,
) -> str:
    """One SHA-256 over every input of a build and the code version: unchanged hash, unchanged store."""
    h = hashlib.sha256(f"regionhealth {__version__}\n".encode())
    code_dir = Path(__file__).parent
    for p in [
        *_input_files(raw_dir, catalog_dir, queries_dir, review_dir),
        *sorted(code_dir.glob("*.py")),
    ]:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def stored_inputs_sha256(store: Path) -> str | None:
    """The inputs hash recorded in an existing store, or None if there is no readable store."""
    if not store.exists():
        return None
    try:
        with duckdb.connect(str(store), read_only=True) as con:
            row = con.execute("SELECT inputs_sha256 FROM build_info").fetchone()
            return row[0] if row else None
    except duckdb.Error:
        return None


# --- rows -------------------------------------------------------------------------------------


def _frame(table: schema.Table, rows: list[dict]) -> pl.DataFrame:
    cols = {c.name: _POLARS_TYPES[c.type] for c in table.columns}
    return pl.DataFrame(rows, schema=cols) if rows else pl.DataFrame(schema=cols)


def target_row(doc: Document, raw: str, m: Mention, sem: TargetSemantics) -> dict:
    """The store row of one target mention of ``doc`` (used by the build and by ``extract``)."""
    target_id = f"{doc.doc_id}:{m.start}"
    return {
        "target_id": target_id,
        "doc_id": doc.doc_id,
        "region_id": doc.region_id,
        "indicator_code": m.indicator_code,
        "value": m.value,
        "value_high": m.value_high,
        "unit": m.unit,
        "value_as_stated": m.value_as_stated,
        "unit_as_stated": m.unit_as_stated or "",
        "comparator": m.comparator,
        "target_year": m.target_year,
        "year_basis": m.year_basis,
        "period": m.period,
        "scope": m.scope,
        "quote": raw[m.quote_start : m.quote_end],
        "char_start": m.quote_start,
        "char_end": m.quote_end,
        "number_start": m.start,
        "number_end": m.end,
        "group_id": None if m.group_id is None else f"{doc.doc_id}:{m.group_id}",
        "target_type": sem.target_type,
        "target_type_basis": sem.target_type_basis,
        "per_unit": sem.per_unit,
        "per_unit_as_stated": sem.per_unit_as_stated,
        "commitment": sem.commitment,
        "statement_id": f"{doc.doc_id}:{sem.statement_start}",
        "is_primary": sem.is_primary,
        "baseline_value": sem.baseline_value,
        "baseline_year": sem.baseline_year,
        "baseline_unit": sem.baseline_unit,
        "binding": sem.binding,
        "reviewed_by": None,  # set by a decision in data/review/corrections.csv
        "review_note": None,
    }


def _document_rows(
    doc: Document, raw: str, catalog: Catalog
) -> tuple[dict[str, list[dict]], int | None]:
    """Mentions, targets and theme mentions of one document, as rows for the store."""
    extraction = extract_document(raw, doc.published_date, catalog)
    mentions = extraction.mentions
    out: dict[str, list[dict]] = {"mentions": [], "targets": [], "theme_mentions": []}
    horizon = extraction.horizon_year
    for m in mentions:
        target_id = f"{doc.doc_id}:{m.start}" if m.kind == "target" else None
        out["mentions"].append(
            {
                "mention_id": f"{doc.doc_id}:{m.start}",
                "doc_id": doc.doc_id,
                "char_start": m.start,
                "char_end": m.end,
                "surface": m.surface,
                "kind": m.kind,
                "reason": m.reason,
                "value_as_stated": m.value_as_stated,
                "value_high_as_stated": m.value_high_as_stated,
                "unit_as_stated": m.unit_as_stated,
                "target_id": target_id,
            }
        )
        if m.kind != "target":
            continue
        out["targets"].append(target_row(doc, raw, m, extraction.semantics[m.start]))
    for t in find_theme_mentions(raw, catalog.themes):
        out["theme_mentions"].append(
            {
                "doc_id": doc.doc_id,
                "region_id": doc.region_id,
                "theme_code": t.theme_code,
                "keyword": t.keyword,
                "char_start": t.start,
                "char_end": t.end,
                "quote": raw[t.start : t.end],
            }
        )
    return out, horizon


def _one_document(doc: Document) -> dict[str, list[dict]]:
    """All rows one document contributes (run in a worker process when the build is parallel)."""
    catalog = load_catalog(_WORKER_CATALOG_DIR)
    notes: list[str] = []
    raw = read_raw(doc.path, doc.encoding, notes)
    rows, horizon = _document_rows(doc, raw, catalog)
    # Reviewers' decisions (data/review/corrections.csv); a stale one stops the build here.
    apply_decisions(doc.doc_id, raw, rows, _WORKER_DECISIONS)
    if not rows["mentions"]:
        notes.append("no numbers found: the document adds 0 targets")
    rows["notes"] = [{"note": f"{doc.path.name}: {n}"} for n in notes]
    rows["documents"] = [
        {
            "doc_id": doc.doc_id,
            "region_id": doc.region_id,
            "file": doc.path.name,
            "title": doc.title,
            "issuer": doc.issuer,
            "doc_number": doc.doc_number,
            "index_number": doc.index_number,
            "written_date": doc.written_date,
            "published_date": doc.published_date,
            "source_url": doc.source_url,
            "sha256": doc.sha256,
            "n_chars": len(raw),
            "horizon_year": horizon,
        }
    ]
    rows["document_texts"] = [{"doc_id": doc.doc_id, "raw_text": raw}]
    return rows


_WORKER_CATALOG_DIR = CATALOG_DIR
_WORKER_DECISIONS: tuple[Decision, ...] = ()


def _init_worker(catalog_dir: Path, decisions: tuple[Decision, ...] = ()) -> None:
    global _WORKER_CATALOG_DIR, _WORKER_DECISIONS
    _WORKER_CATALOG_DIR = catalog_dir
    _WORKER_DECISIONS = decisions


def _init_pool_worker(
    catalog_dir: Path, build_pid: int, decisions: tuple[Decision, ...] = ()
) -> None:
    """A forked extraction worker: dies with the build, leaves Ctrl-C and SIGTERM to the build."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops its workers itself
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:  # Linux: SIGKILL this worker when the build process dies (even by kill -9)
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != build_pid:  # the build died before the line above took effect
        os._exit(1)
    _init_worker(catalog_dir, decisions)


def _document_batches(
    docs: list[Document],
    catalog_dir: Path,
    jobs: int,
    batch: int,
    decisions: tuple[Decision, ...] = (),
) -> Iterator[dict[str, list[dict]]]:
    """Rows of ``batch`` documents at a time, in registry order; extraction in ``jobs`` processes."""
    if jobs <= 1:
        _init_worker(catalog_dir, decisions)
        results: Iterator[dict[str, list[dict]]] = map(_one_document, docs)
        pool = None
    else:
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(
            jobs, initializer=_init_pool_worker, initargs=(catalog_dir, os.getpid(), decisions)
        )
        results = pool.imap(
            _one_document, docs, chunksize=max(1, min(64, len(docs) // (jobs * 8) or 1))
        )
    try:
        acc: dict[str, list[dict]] = {}
        n = 0
        for rows in results:
            for name, r in rows.items():
                acc.setdefault(name, []).extend(r)
            n += 1
            if n == batch:
                yield acc
                acc, n = {}, 0
        if n:
            yield acc
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def _reference_rows(raw_dir: Path, catalog: Catalog, review_dir: Path) -> dict[str, list[dict]]:
    """The small tables: regions, units, indicators, themes, reference targets."""
    reference_files, reference_targets = load_reference_targets(raw_dir, review_dir, catalog)
    return {
        "reference_files": reference_files,
        "reference_targets": reference_targets,
        "regions": [
            {c.name: (r[c.name] or None) for c in schema.REGIONS.columns}
            for r in load_regions(raw_dir)
        ],
        "units": [
            {
                "unit": u.unit,
                "dimension": u.dimension,
                "to_base": u.to_base,
                "symbol": u.symbol,
                "description": u.description,
            }
            for u in load_units().values()
        ],
        "indicators": [
            {
                "indicator_code": i.code,
                "name_zh": i.name_zh,
                "name_en": i.name_en,
                "unit": i.unit,
                "better": i.better,
                "theme_code": i.theme,
                "description": i.description,
            }
            for i in catalog.indicators
        ],
        "per_units": [
            {
                "per_unit": u.code,
                "name_zh": u.name_zh,
                "name_en": u.name_en,
                "words": ";".join(u.words),
            }
            for u in catalog.semantics.per_units
        ],
        "themes": [
            {
                "theme_code": t.code,
                "name_zh": t.name_zh,
                "name_en": t.name_en,
                "description": t.description,
            }
            for t in catalog.themes
        ],
    }


# --- writing ----------------------------------------------------------------------------------


def _sql_literal(s: str) -> str:
    """A SQL string literal for our own static descriptions (COMMENT ON takes no parameters)."""
    return "'" + s.replace("'", "''") + "'"


# View names come from file names and are formatted into CREATE VIEW: only plain identifiers pass.
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def view_files(queries_dir: Path = QUERIES_DIR) -> list[Path]:
    """SQL files defining the researcher-facing views, one view per file named after it."""
    return sorted((queries_dir / "views").glob("*.sql"))


def check_files(queries_dir: Path = QUERIES_DIR) -> list[Path]:
    """SQL data checks: each returns the failing rows, so an empty result is a pass."""
    return sorted((queries_dir / "checks").glob("*.sql"))


def view_description(path: Path) -> str:
    """The first '-- ' comment line of a view file: the view's description."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("--"):
            return line.lstrip("- ").strip()
    return ""


def _create_tables(con: duckdb.DuckDBPyConnection) -> None:
    for t in schema.TABLES:
        con.execute(schema.create_sql(t))
        con.execute(f"COMMENT ON TABLE {t.name} IS {_sql_literal(t.description)}")
        for c in t.columns:
            con.execute(f"COMMENT ON COLUMN {t.name}.{c.name} IS {_sql_literal(c.description)}")


def _insert(con: duckdb.DuckDBPyConnection, rows: dict[str, list[dict]]) -> None:
    """Insert rows through Arrow (one columnar batch per table), never row by row."""
    for name, r in rows.items():
        if not r:
            continue
        t = schema.table(name)
        frame = _frame(t, r).sort(list(t.primary_key) or [c.name for c in t.columns])
        con.register("incoming", frame.to_arrow())
        con.execute(f"INSERT INTO {t.name} SELECT * FROM incoming")
        con.unregister("incoming")


def _create_views(con: duckdb.DuckDBPyConnection, queries_dir: Path) -> None:
    # Views may build on each other: create them in passes until none is left.
    pending = view_files(queries_dir)
    while pending:
        errors: dict[Path, str] = {}
        for path in pending:
            if not _IDENTIFIER.fullmatch(path.stem):
                raise RegionhealthError(
                    f"{path}: a view file name must be a lowercase SQL identifier"
                )
            sql = path.read_text(encoding="utf-8").strip().rstrip(";")
            try:
                con.execute(f"CREATE VIEW {path.stem} AS {sql}")
            except duckdb.Error as exc:
                errors[path] = str(exc).splitlines()[0]
                continue
            con.execute(f"COMMENT ON VIEW {path.stem} IS {_sql_literal(view_description(path))}")
            described = schema.view(path.stem)
            for c in described.columns if described else ():
                # Names come from schema.py (ours, not user input); a column the view lacks fails.
                con.execute(
                    f"COMMENT ON COLUMN {path.stem}.{c.name} IS {_sql_literal(c.description)}"
                )
        if len(errors) == len(pending):
            path, message = next(iter(errors.items()))
            raise RegionhealthError(f"{path}: view does not build ({message})")
        pending = list(errors)


def run_checks(con: duckdb.DuckDBPyConnection, queries_dir: Path = QUERIES_DIR) -> list[str]:
    """Run every data check; one line per failing check with its first failing rows."""
    failures = []
    for path in check_files(queries_dir):
        try:
            rel = con.execute(path.read_text(encoding="utf-8"))
            bad = rel.fetchall()
        except duckdb.Error as exc:
            raise RegionhealthError(
                f"{path}: check does not run ({str(exc).splitlines()[0]})"
            ) from None
        if bad:
            cols = [d[0] for d in rel.description]
            sample = "; ".join(
                ", ".join(f"{c}={v}" for c, v in zip(cols, row, strict=True)) for row in bad[:3]
            )
            failures.append(f"{path.stem}: {len(bad)} failing row(s): {sample}")
    return failures


# DuckDB keeps up to 80% of RAM by default; a build has no use for that much. Measured at 10 000
# documents (docs/benchmarks.md): peak 1.48 GiB → 0.95 GiB with the same wall time.
_BUILD_DUCKDB_CONFIG = {"memory_limit": "512MB"}

# The store is written in the oldest storage format every DuckDB client from 1.1.0 on reads, not
# in the newest one of the DuckDB that builds it: a 2.0 file is unreadable by every 1.x client (the
# CLI, R, Java, older Python). v1.1.0 is the oldest that works: DuckDB 1.0 cannot read the primary
# key indexes of a file written by 2.0, even in its own v1.0.0 format (tests/integration/
# test_clients.py opens the store with DuckDB 1.1.0 and with the newest DuckDB CLI).
STORAGE_VERSION = "v1.1.0"
MIN_DUCKDB_VERSION = "1.1.0"
_WRITE_DUCKDB_CONFIG = {**_BUILD_DUCKDB_CONFIG, "storage_compatibility_version": STORAGE_VERSION}


def _export(store: Path, folder: Path) -> None:
    """Every table and view as Parquet and CSV (UTF-8 with BOM so Excel reads the Chinese) with a
    datapackage.json describing them, into ``folder``.

    What is written lives here; how it is published (a generation folder switched in whole with
    the store) lives in :mod:`regionhealth.publish`.
    """
    # DuckDB streams each table to disk itself: bounded memory whatever the corpus size. The
    # relation API takes the paths as values: nothing user-controlled is formatted into SQL.
    with duckdb.connect(str(store), read_only=True, config=_BUILD_DUCKDB_CONFIG) as con:
        views = datapackage.store_views(con)
        for name in [*(t.name for t in schema.TABLES), *(v for v, _ in views)]:
            rel = con.table(name)
            rel.to_parquet(str(folder / f"{name}.parquet"))
            plain = folder / f"{name}.plain.csv"
            rel.to_csv(str(plain), header=True)
            with open(folder / f"{name}.csv", "wb") as out, open(plain, "rb") as src:
                out.write(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel then reads the Chinese correctly
                shutil.copyfileobj(src, out, 1 << 20)
            plain.unlink()
        datapackage.write_package(con, folder, views)


def _check_store_is_ours(store: Path) -> None:
    """Refuse to replace anything at ``store`` but a store this project built (it has build_info)."""
    if not store.exists():
        return
    if not store.is_file():
        raise RegionhealthError(
            f"{store}: is not a regular file; --store takes the path of a .duckdb file"
        )
    if not _has_build_info(store):
        raise RegionhealthError(
            f"{store}: exists and is not a regionhealth store (no build_info); refusing to overwrite "
            "it: choose another --store or move the file away"
        )


def _has_build_info(store: Path) -> bool:
    with open(store, "rb") as f:
        head = f.read(16)
    if head[8:12] != b"DUCK":  # DuckDB's magic bytes: never hand another kind of file to DuckDB
        return False
    try:
        with duckdb.connect(str(store), read_only=True) as con:
            con.execute("SELECT inputs_sha256 FROM build_info").fetchall()
        return True
    except duckdb.Error:
        return False


def _repair_exports(store: Path, export_dir: Path) -> bool:
    """Make the published exports those of ``store`` (after a build died between the two switches)."""
    if not store.is_file():
        return False
    sha = publish.store_sha256(store)
    if publish.current_store_sha(export_dir) == sha:
        return False
    previous = publish.previous_generation(export_dir)
    generation = publish.stage_exports(store, sha, export_dir, _export)
    link = publish.prepare_link(export_dir, generation)
    publish.switch_link(link, export_dir)
    publish.fsync_dir(export_dir.parent)
    publish.prune_generations(export_dir, {generation.name, previous or ""})
    return True


_TARGET_KEYS_SQL = "SELECT target_id, region_id, indicator_code, value, value_high, comparator, target_year, scope FROM targets"


def _target_keys(store: Path) -> dict[str, tuple]:
    """Like read_target_keys, but {} when there is no readable previous store to compare with."""
    try:
        return read_target_keys(store)
    except RegionhealthError:
        return {}


def read_target_keys(store: Path) -> dict[str, tuple]:
    """target_id → (region, indicator, value, value_high, comparator, year, scope) of a store."""
    if not store.is_file():
        raise RegionhealthError(f"{store}: no such store")
    try:
        with duckdb.connect(str(store), read_only=True) as con:
            return {r[0]: r[1:] for r in con.execute(_TARGET_KEYS_SQL).fetchall()}
    except duckdb.Error as exc:
        raise RegionhealthError(
            f"{store}: not a regionhealth store ({str(exc).splitlines()[0]})"
        ) from None


def diff_targets(old: dict[str, tuple], new: dict[str, tuple]) -> list[str]:
    """Per region and indicator: targets added, removed and changed between two builds."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for tid in new.keys() - old.keys():
        counts[(new[tid][0], new[tid][1] or "(unmapped)", "added")] += 1
    for tid in old.keys() - new.keys():
        counts[(old[tid][0], old[tid][1] or "(unmapped)", "removed")] += 1
    for tid in new.keys() & old.keys():
        if new[tid] != old[tid]:
            counts[(new[tid][0], new[tid][1] or "(unmapped)", "changed")] += 1
    return [
        f"{region} {indicator}: {n} {what}"
        for (region, indicator, what), n in sorted(counts.items())
    ]


def build(
    store: Path = STORE_PATH,
    raw_dir: Path = RAW_DIR,
    catalog_dir: Path = CATALOG_DIR,
    queries_dir: Path = QUERIES_DIR,
    export_dir: Path | None = EXPORT_DIR,
    force: bool = False,
    fail_after_write: Callable[[], None] | None = None,
    jobs: int = 1,
    batch_size: int = 100,
    review_dir: Path = REVIEW_DIR,
) -> BuildResult:
    """Build the store from the raw inputs unless it is up to date; see the module docstring."""
    if store.is_symlink():  # build where the link points: the link stays a link
        store = Path(os.path.realpath(store))
    if store.is_dir():
        raise RegionhealthError(
            f"{store}: is a directory; --store takes the path of a .duckdb file"
        )
    _check_store_is_ours(store)
    if export_dir is not None:
        publish.check_exports_are_ours(export_dir, [t.name for t in schema.TABLES])
    with publish.build_lock(store):
        publish.remove_stale(store, export_dir)
        notes: list[str] = []
        try:
            if export_dir is not None and _repair_exports(store, export_dir):
                notes.append(
                    f"{export_dir.name}: the exports were not those of the store (an earlier build "
                    "was interrupted); published the store's own exports"
                )
        except (OSError, duckdb.Error) as exc:
            if not publish.is_disk_error(exc):
                raise
            raise publish.disk_error(exc, export_dir.parent) from None  # type: ignore[union-attr]
        digest = inputs_sha256(raw_dir, catalog_dir, queries_dir, review_dir)
        if not force and stored_inputs_sha256(store) == digest:
            result = BuildResult(store, False, digest)
            result.notes = notes
            return result
        catalog = load_catalog(catalog_dir)
        docs = load_documents(raw_dir)
        decisions, review_notes = decisions_for(
            load_decisions(review_dir), {d.doc_id for d in docs}
        )
        reference = _reference_rows(raw_dir, catalog, review_dir)
        tmp = store.with_name(f".{store.name}.tmp-{os.getpid()}")
        counts: Counter[str] = Counter({name: len(r) for name, r in reference.items()})
        notes += review_notes
        link = None
        try:
            with duckdb.connect(str(tmp), config=_WRITE_DUCKDB_CONFIG) as con:
                _create_tables(con)
                _insert(con, reference)
                for rows in _document_batches(docs, catalog_dir, jobs, batch_size, decisions):
                    notes += [n["note"] for n in rows.pop("notes", [])]
                    _insert(con, rows)
                    counts.update({name: len(r) for name, r in rows.items()})
                build_rows = {
                    "build_info": [
                        {
                            "code_version": __version__,
                            "inputs_sha256": digest,
                            "n_documents": counts["documents"],
                            "n_targets": counts["targets"],
                            "built_at": provenance.build_time(),
                            "git_commit": provenance.git_commit(),
                            "duckdb_version": duckdb.__version__,
                            "storage_version": STORAGE_VERSION,
                        }
                    ],
                    "build_inputs": provenance.input_rows(
                        _input_files_with_base(raw_dir, catalog_dir, queries_dir, review_dir)
                    ),
                }
                _insert(con, build_rows)
                counts.update({name: len(r) for name, r in build_rows.items()})
                _create_views(con, queries_dir)
            # From here on the closed file alone is what counts: no log beside it, every table
            # holding what was written.
            publish.verify_store(tmp, {t.name: counts[t.name] for t in schema.TABLES})
            # Checks and statistics read the closed, complete file through a read-only connection:
            # a check can look at the store but never change it.
            with duckdb.connect(str(tmp), read_only=True, config=_BUILD_DUCKDB_CONFIG) as con:
                failures = run_checks(con, queries_dir)
                if failures:
                    raise RegionhealthError(
                        "data checks failed, store not replaced:\n  " + "\n  ".join(failures)
                    )
                if fail_after_write is not None:
                    fail_after_write()
                new = {r[0]: r[1:] for r in con.execute(_TARGET_KEYS_SQL).fetchall()}
                per_region = dict(
                    con.execute(
                        "SELECT region_id, count(*) FROM targets GROUP BY ALL ORDER BY region_id"
                    ).fetchall()
                )
                (unmapped,) = con.execute(
                    "SELECT count(*) FROM targets WHERE indicator_code IS NULL"
                ).fetchone()
            publish.fsync_file(tmp)
            previous = None
            if export_dir is not None:
                # The exports are made from the verified temporary store, before anything is
                # published, into a folder named after the store's sha256.
                sha = publish.store_sha256(tmp)
                previous = publish.previous_generation(export_dir)
                generation = publish.stage_exports(tmp, sha, export_dir, _export)
                link = publish.prepare_link(export_dir, generation)
            old = _target_keys(store)
            publish.publish(tmp, store, link, export_dir)
            link = None
            if export_dir is not None:
                publish.prune_generations(export_dir, {generation.name, previous or ""})
        except (OSError, duckdb.Error) as exc:
            if not publish.is_disk_error(exc):
                raise
            raise publish.disk_error(exc, store.parent) from None
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal"), link):
                if leftover is not None:
                    leftover.unlink(missing_ok=True)
            shutil.rmtree(tmp.with_name(tmp.name + ".tmp"), ignore_errors=True)  # DuckDB spill
        result = BuildResult(store, True, digest)
        result.counts = {t.name: counts[t.name] for t in schema.TABLES}
        result.targets_per_region = per_region
        result.unmapped_targets = unmapped
        result.diff = diff_targets(old, new) if old else []
        result.notes = notes
        return result
