"""Every table and view of a store as Parquet and CSV with a datapackage.json, and the repair that
makes the published exports those of the store again."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from regionhealth.store import datapackage, publish, schema
from regionhealth.store.sql import BUILD_DUCKDB_CONFIG


def is_exported(view: str) -> bool:
    """Whether a view goes to the exports: all do but those the schema keeps in the store only."""
    described = schema.view(view)
    return described is None or described.store_only is None


def export_tables(store: Path, folder: Path) -> None:
    """Every table and view as Parquet and CSV (UTF-8 with BOM so Excel reads the Chinese) with a
    datapackage.json describing them, into ``folder``.

    What is written lives here; how it is published (a generation folder switched in whole with
    the store) lives in :mod:`regionhealth.store.publish`.
    """
    # DuckDB streams each table to disk itself: bounded memory whatever the corpus size. The
    # relation API takes the paths as values: nothing user-controlled is formatted into SQL.
    with duckdb.connect(str(store), read_only=True, config=BUILD_DUCKDB_CONFIG) as con:
        views = [v for v in datapackage.store_views(con) if is_exported(v[0])]
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


def repair_exports(store: Path, export_dir: Path) -> bool:
    """Make the published exports those of ``store`` (after a build died between the two switches).

    When they are already, remove what a build killed before either switch left: its staged,
    complete generation that nothing links to.
    """
    if not store.is_file():
        return False
    sha = publish.store_sha256(store)
    if publish.current_store_sha(export_dir) == sha:
        _prune_unpublished(export_dir)
        return False
    previous = publish.previous_generation(export_dir)
    generation = publish.stage_exports(store, sha, export_dir, export_tables, previous)
    link = publish.prepare_link(export_dir, generation)
    publish.switch_link(link, export_dir)
    publish.fsync_dir(export_dir.parent)
    publish.prune_generations(export_dir, {generation.name, previous or ""})
    return True


def _prune_unpublished(export_dir: Path) -> None:
    """Remove the generations of builds killed after staging their exports, before publishing them.

    Such a generation is complete but nothing links to it. Kept: the published generation and the
    one it replaced (its generation.json says which). Exports written before generations recorded
    what they replace are left alone: which one readers may still be in is not known.
    """
    linked = publish.previous_generation(export_dir)  # the generation ``export`` links to
    gen = publish.read_generation(export_dir)
    if linked is None or gen is None or "replaces" not in gen:
        return
    publish.prune_generations(export_dir, {linked, gen["replaces"] or ""})
