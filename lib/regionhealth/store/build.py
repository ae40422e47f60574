"""Build the curated DuckDB store: load → extract → save to a temporary file → check → swap.

A build writes ``regionhealth.duckdb`` beside itself under a temporary name, runs the data checks
in ``queries/checks`` against it, closes it and ``os.replace``\\ s it over the old store. A reader
with the old file open keeps reading the old file; a build that fails anywhere changes nothing.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import duckdb

from regionhealth import __version__
from regionhealth.catalog.loader import freeze_heap, load_catalog
from regionhealth.errors import RegionhealthError
from regionhealth.extract.pipeline import extract_document
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
from regionhealth.sources.registry import Document, load_documents
from regionhealth.store import publish, schema
from regionhealth.store.diff import TARGET_KEYS_SQL, diff_targets, target_keys_or_none
from regionhealth.store.exports import export_tables, repair_exports
from regionhealth.store.rows import (
    build_info_row,
    document_row,
    document_rows,
    document_text_row,
)
from regionhealth.store.small_tables import small_tables
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


# --- extract: one document's rows (in a worker process when the build is parallel) -------------


def _one_document(
    doc: Document, catalog_dir: Path, decisions: tuple[Decision, ...]
) -> dict[str, list[dict]]:
    """All rows one document contributes: its extraction with the reviewers' decisions applied
    (a stale one stops the build here), its theme mentions, its registry row and text."""
    catalog = load_catalog(catalog_dir)
    notes: list[str] = []
    raw = read_raw(doc.path, doc.encoding, notes)
    extraction = extract_document(raw, doc.published_date, catalog)
    mentions = apply_decisions(doc.doc_id, raw, extraction.mentions, decisions, catalog)
    rows = document_rows(doc, raw, mentions, find_theme_mentions(extraction.doc))
    if not mentions:
        notes.append("no numbers found: the document adds 0 targets")
    rows["notes"] = [{"note": f"{doc.path.name}: {n}"} for n in notes]
    rows["documents"] = [document_row(doc, raw, extraction.horizon_year)]
    rows["document_texts"] = [document_text_row(doc, raw)]
    return rows


def _init_pool_worker(build_pid: int) -> None:
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


def _document_batches(
    docs: list[Document],
    catalog_dir: Path,
    jobs: int,
    batch: int,
    decisions: tuple[Decision, ...] = (),
) -> Iterator[dict[str, list[dict]]]:
    """Rows of ``batch`` documents at a time, in registry order; extraction in ``jobs`` processes
    (each given the catalog folder and the decisions by argument)."""
    one = partial(_one_document, catalog_dir=catalog_dir, decisions=decisions)
    if jobs <= 1:
        results: Iterator[dict[str, list[dict]]] = map(one, docs)
        pool = None
    else:
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(
            jobs, initializer=_init_pool_worker, initargs=(os.getpid(),)
        )
        results = pool.imap(one, docs, chunksize=max(1, min(64, len(docs) // (jobs * 8) or 1)))
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


@dataclass(frozen=True)
class _Inputs:
    """What a build reads before it extracts anything (the load step)."""

    digest: str  # sha256 of every input file (regionhealth.sources.inputs)
    folders: tuple[Path, Path, Path, Path]  # raw, catalog, queries, review
    docs: list[Document]
    decisions: tuple[Decision, ...]  # those about the documents of this build
    small: dict[str, list[dict]]  # rows of the small tables (regions, units, catalog, references)
    notes: list[str]


@dataclass(frozen=True)
class _Checked:
    """What the check step reads from the written store for the build's summary."""

    new: dict[str, tuple]  # target keys (regionhealth.store.diff)
    per_region: dict[str, int]
    unmapped: int


def build(
    store: Path = STORE_PATH,
    raw_dir: Path = RAW_DIR,
    catalog_dir: Path = CATALOG_DIR,
    queries_dir: Path = QUERIES_DIR,
    export_dir: Path | None = EXPORT_DIR,
    force: bool = False,
    jobs: int = 1,
    batch_size: int = 100,
    review_dir: Path = REVIEW_DIR,
) -> BuildResult:
    """Build the store from the raw inputs unless it is up to date; see the module docstring."""
    store = _store_path(store)
    if export_dir is not None:
        publish.check_exports_are_ours(export_dir, [t.name for t in schema.TABLES])
    with publish.build_lock(store):
        notes = _repair(store, export_dir)
        digest = inputs_sha256(raw_dir, catalog_dir, queries_dir, review_dir)
        if not force and stored_inputs_sha256(store) == digest:
            return BuildResult(store, False, digest, notes=notes)
        inputs = _load(digest, raw_dir, catalog_dir, queries_dir, review_dir)
        notes += inputs.notes
        tmp = store.with_name(f".{store.name}.tmp-{os.getpid()}")
        try:
            counts = _save(tmp, inputs, jobs, batch_size, notes)
            checked = _check(tmp, queries_dir, counts)
            old = _publish(tmp, store, export_dir)
        except (OSError, duckdb.Error) as exc:
            if not publish.is_disk_error(exc):
                raise
            raise publish.disk_error(exc, store.parent) from None
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)
            shutil.rmtree(tmp.with_name(tmp.name + ".tmp"), ignore_errors=True)  # DuckDB spill
        return BuildResult(
            store,
            True,
            digest,
            counts={t.name: counts[t.name] for t in schema.TABLES},
            targets_per_region=checked.per_region,
            unmapped_targets=checked.unmapped,
            diff=diff_targets(old, checked.new) if old else [],
            notes=notes,
        )


def _store_path(store: Path) -> Path:
    """The file a build at ``store`` writes (where a link points), checked to be ours or absent."""
    if store.is_symlink():  # build where the link points: the link stays a link
        store = Path(os.path.realpath(store))
    if store.is_dir():
        raise RegionhealthError(
            f"{store}: is a directory; --store takes the path of a .duckdb file"
        )
    _check_store_is_ours(store)
    return store


def _repair(store: Path, export_dir: Path | None) -> list[str]:
    """Remove what an interrupted build left and re-publish the store's own exports if they are
    not those of the store; a note if that was needed."""
    publish.remove_stale(store, export_dir)
    try:
        if export_dir is not None and repair_exports(store, export_dir):
            return [
                f"{export_dir.name}: the exports were not those of the store (an earlier build "
                "was interrupted); published the store's own exports"
            ]
    except (OSError, duckdb.Error) as exc:
        if not publish.is_disk_error(exc):
            raise
        raise publish.disk_error(exc, export_dir.parent) from None  # type: ignore[union-attr]
    return []


def _load(
    digest: str, raw_dir: Path, catalog_dir: Path, queries_dir: Path, review_dir: Path
) -> _Inputs:
    """Load: the catalog, the registry, the reviewers' decisions and the small tables."""
    catalog = load_catalog(catalog_dir)
    freeze_heap()  # before the workers fork: they inherit it
    docs = load_documents(raw_dir)
    decisions, notes = decisions_for(load_decisions(review_dir), {d.doc_id for d in docs})
    small = small_tables(raw_dir, catalog, review_dir)
    folders = (raw_dir, catalog_dir, queries_dir, review_dir)
    return _Inputs(digest, folders, docs, decisions, small, notes)


def _save(tmp: Path, inputs: _Inputs, jobs: int, batch_size: int, notes: list[str]) -> Counter[str]:
    """Extract and save into the new store at ``tmp``: the small tables, every document's rows
    (a batch at a time), what the build was made from, then the views; rows written per table.
    The documents' notes go to ``notes``."""
    counts: Counter[str] = Counter({name: len(r) for name, r in inputs.small.items()})
    _, catalog_dir, queries_dir, _ = inputs.folders
    with duckdb.connect(str(tmp), config=WRITE_DUCKDB_CONFIG) as con:
        create_tables(con)
        insert(con, inputs.small)
        batches = _document_batches(inputs.docs, catalog_dir, jobs, batch_size, inputs.decisions)
        for rows in batches:
            notes += [n["note"] for n in rows.pop("notes", [])]
            insert(con, rows)
            counts.update({name: len(r) for name, r in rows.items()})
        rows = _build_rows(inputs, counts)
        insert(con, rows)
        counts.update({name: len(r) for name, r in rows.items()})
        create_views(con, queries_dir)
    return counts


def _build_rows(inputs: _Inputs, counts: Counter[str]) -> dict[str, list[dict]]:
    """Rows saying what the build was made from (build_info, build_inputs)."""
    return {
        "build_info": [
            build_info_row(
                code_version=__version__,
                inputs_sha256=inputs.digest,
                n_documents=counts["documents"],
                n_targets=counts["targets"],
                built_at=provenance.build_time(),
                git_commit=provenance.git_commit(),
                duckdb_version=duckdb.__version__,
                storage_version=STORAGE_VERSION,
            )
        ],
        "build_inputs": provenance.input_rows(input_files_with_base(*inputs.folders)),
    }


def _check(tmp: Path, queries_dir: Path, counts: Counter[str]) -> _Checked:
    """Check the closed store: every table holds what was written, the data checks pass; then
    read what the summary needs."""
    # From here on the closed file alone is what counts: no log beside it, every table holding
    # what was written.
    publish.verify_store(tmp, {t.name: counts[t.name] for t in schema.TABLES})
    # Checks and statistics read the closed, complete file through a read-only connection: a
    # check can look at the store but never change it.
    with duckdb.connect(str(tmp), read_only=True, config=BUILD_DUCKDB_CONFIG) as con:
        failures = run_checks(con, queries_dir)
        if failures:
            raise RegionhealthError(
                "data checks failed, store not replaced:\n  " + "\n  ".join(failures)
            )
        new = {r[0]: r[1:] for r in con.execute(TARGET_KEYS_SQL).fetchall()}
        per_region = dict(
            con.execute(
                "SELECT region_id, count(*) FROM targets GROUP BY ALL ORDER BY region_id"
            ).fetchall()
        )
        (unmapped,) = con.execute(
            "SELECT count(*) FROM targets WHERE indicator_code IS NULL"
        ).fetchone()
    return _Checked(new, per_region, unmapped)


def _publish(tmp: Path, store: Path, export_dir: Path | None) -> dict[str, tuple] | None:
    """Publish: the exports staged from the checked store, then the store and the exports' link
    switched; the target keys of the store replaced (None if there was none)."""
    publish.fsync_file(tmp)
    if export_dir is None:
        old = target_keys_or_none(store)
        publish.publish(tmp, store, None, None)
        return old
    # The exports are made from the verified temporary store, before anything is published, into
    # a folder named after the store's sha256.
    sha = publish.store_sha256(tmp)
    previous = publish.previous_generation(export_dir)
    generation = publish.stage_exports(tmp, sha, export_dir, export_tables, previous)
    link: Path | None = publish.prepare_link(export_dir, generation)
    try:
        old = target_keys_or_none(store)
        publish.publish(tmp, store, link, export_dir)
        link = None
    finally:
        if link is not None:  # not published: the new link goes
            link.unlink(missing_ok=True)
    publish.prune_generations(export_dir, {generation.name, previous or ""})
    return old
