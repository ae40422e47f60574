"""Build the curated DuckDB store: load → extract → save to a temporary file → check → swap.

A build writes ``regionhealth.duckdb`` beside itself under a temporary name, runs the data checks
in ``queries/checks`` against it, closes it and ``os.replace``\\ s it over the old store. A reader
with the old file open keeps reading the old file; a build that fails anywhere changes nothing.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from regionhealth import __version__
from regionhealth.catalog.loader import Catalog, freeze_heap, load_catalog
from regionhealth.errors import RegionhealthError
from regionhealth.extract.pipeline import extract_document
from regionhealth.extract.references import load_reference_targets
from regionhealth.extract.review import (
    Decision,
    apply_decisions,
    decisions_for,
    load_decisions,
)
from regionhealth.extract.themes import find_theme_mentions
from regionhealth.paths import CATALOG_DIR, EXPORT_DIR, QUERIES_DIR, RAW_DIR, REVIEW_DIR, STORE_PATH
from regionhealth.sources import provenance
from regionhealth.sources.inputs import input_files_with_base, inputs_sha256, stored_inputs_sha256
from regionhealth.sources.rawfile import read_raw
from regionhealth.sources.registry import Document, load_documents, load_regions
from regionhealth.store import publish, schema
from regionhealth.store.diff import TARGET_KEYS_SQL, diff_targets, target_keys_or_none
from regionhealth.store.exports import export_tables, repair_exports
from regionhealth.store.rows import mention_row, target_row
from regionhealth.store.sql import (
    BUILD_DUCKDB_CONFIG,
    STORAGE_VERSION,
    WRITE_DUCKDB_CONFIG,
    create_tables,
    create_views,
    insert,
    run_checks,
)


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


# --- rows -------------------------------------------------------------------------------------


def _document_rows(
    doc: Document, raw: str, catalog: Catalog
) -> tuple[dict[str, list[dict]], int | None]:
    """Mentions, targets and theme mentions of one document, as rows for the store."""
    extraction = extract_document(raw, doc.published_date, catalog)
    out: dict[str, list[dict]] = {"mentions": [], "targets": [], "theme_mentions": []}
    horizon = extraction.horizon_year
    for m in extraction.mentions:
        out["mentions"].append(mention_row(doc.doc_id, m))
        if m.kind == "target":
            out["targets"].append(target_row(doc, raw, m))
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


def _one_document(doc: Document, catalog_dir: Path) -> dict[str, list[dict]]:
    """All rows one document contributes (run in a worker process when the build is parallel)."""
    catalog = load_catalog(catalog_dir)
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


_WORKER_DECISIONS: tuple[Decision, ...] = ()


def _init_worker(decisions: tuple[Decision, ...] = ()) -> None:
    global _WORKER_DECISIONS
    _WORKER_DECISIONS = decisions


def _init_pool_worker(build_pid: int, decisions: tuple[Decision, ...] = ()) -> None:
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
    _init_worker(decisions)


def _document_batches(
    docs: list[Document],
    catalog_dir: Path,
    jobs: int,
    batch: int,
    decisions: tuple[Decision, ...] = (),
) -> Iterator[dict[str, list[dict]]]:
    """Rows of ``batch`` documents at a time, in registry order; extraction in ``jobs`` processes."""
    one_document = functools.partial(_one_document, catalog_dir=catalog_dir)
    if jobs <= 1:
        _init_worker(decisions)
        results: Iterator[dict[str, list[dict]]] = map(one_document, docs)
        pool = None
    else:
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(
            jobs, initializer=_init_pool_worker, initargs=(os.getpid(), decisions)
        )
        results = pool.imap(
            one_document, docs, chunksize=max(1, min(64, len(docs) // (jobs * 8) or 1))
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
            for u in catalog.units.table.values()
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
            if export_dir is not None and repair_exports(store, export_dir):
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
        freeze_heap()  # before the workers fork: they inherit it
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
            with duckdb.connect(str(tmp), config=WRITE_DUCKDB_CONFIG) as con:
                create_tables(con)
                insert(con, reference)
                for rows in _document_batches(docs, catalog_dir, jobs, batch_size, decisions):
                    notes += [n["note"] for n in rows.pop("notes", [])]
                    insert(con, rows)
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
                        input_files_with_base(raw_dir, catalog_dir, queries_dir, review_dir)
                    ),
                }
                insert(con, build_rows)
                counts.update({name: len(r) for name, r in build_rows.items()})
                create_views(con, queries_dir)
            # From here on the closed file alone is what counts: no log beside it, every table
            # holding what was written.
            publish.verify_store(tmp, {t.name: counts[t.name] for t in schema.TABLES})
            # Checks and statistics read the closed, complete file through a read-only connection:
            # a check can look at the store but never change it.
            with duckdb.connect(str(tmp), read_only=True, config=BUILD_DUCKDB_CONFIG) as con:
                failures = run_checks(con, queries_dir)
                if failures:
                    raise RegionhealthError(
                        "data checks failed, store not replaced:\n  " + "\n  ".join(failures)
                    )
                if fail_after_write is not None:
                    fail_after_write()
                new = {r[0]: r[1:] for r in con.execute(TARGET_KEYS_SQL).fetchall()}
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
                generation = publish.stage_exports(tmp, sha, export_dir, export_tables, previous)
                link = publish.prepare_link(export_dir, generation)
            old = target_keys_or_none(store)
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
