"""Helpers shared by the reliability suites."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from regionhealth.catalog import schema as catalog_schema
from regionhealth.catalog.loader import load_catalog
from regionhealth.errors import RegionhealthError
from regionhealth.paths import CATALOG_DIR, QUERIES_DIR
from regionhealth.sources.registry import sha256_file
from regionhealth.store import build as storemod


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (the registry's own hash, so tests and build agree)."""
    return sha256_file(path)


def record(suite: str, key: str, value: float) -> None:
    """Append a measured figure to $REGIONHEALTH_RELIABILITY_LOG (docs/reliability.md quotes them)."""
    log = os.environ.get("REGIONHEALTH_RELIABILITY_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"test": suite, "key": key, "value": value}) + "\n")


GENERATION = re.compile(r"\.export\.[0-9a-f]{16}")


def leftovers(store: Path) -> list[str]:
    """Everything beside the store but the store, its lock, ``export`` and export generations."""
    keep = {store.name, store.name + ".lock", "export"}
    return sorted(
        p.name
        for p in store.parent.iterdir()
        if p.name not in keep and not GENERATION.fullmatch(p.name)
    )


def assert_exports_match_store(store: Path) -> dict[str, str]:
    """``export`` names this store's sha256 and every file it lists is intact; returns their hashes."""
    export = store.parent / "export"
    assert export.is_symlink(), "export is not a link to a generation"
    gen = json.loads((export / "generation.json").read_text(encoding="utf-8"))
    assert gen["store_sha256"] == sha256(store), "exports of another store"
    files = {p.name: sha256(p) for p in sorted(export.iterdir())}
    assert {n: m["sha256"] for n, m in gen["files"].items()} == {
        n: h for n, h in files.items() if n != "generation.json"
    }
    generations = [p.name for p in store.parent.iterdir() if GENERATION.fullmatch(p.name)]
    assert len(generations) <= 2, generations  # the current one and the one before it
    return files


def raw_variant(src: Path, dst: Path, keep: int, broken: bool = False) -> Path:
    """A copy of ``src`` (a data/raw folder) registering only the first ``keep`` documents.

    With ``broken``, an undecodable document is registered last, so a build fails halfway: after
    the other documents were written.
    """
    shutil.copytree(src, dst)
    with open(dst / "documents.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    rows = rows[:keep]
    if broken:
        data = "到2025年底，县域就诊率达到90%以上。".encode("gb18030")
        (dst / "broken.txt").write_bytes(data)
        rows.append(
            {
                **rows[0],
                "doc_id": "broken",
                "file": "broken.txt",
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    with open(dst / "documents.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return dst


def build(store: Path, raw: Path, **options: Any) -> storemod.BuildResult:
    """``store.build`` of the documents in ``raw`` with the committed catalog and queries, exports
    in ``export`` beside the store, forced; ``options`` add to or override those."""
    kw: dict[str, Any] = {
        "catalog_dir": CATALOG_DIR,
        "queries_dir": QUERIES_DIR,
        "export_dir": store.parent / "export",
        "force": True,
        **options,
    }
    return storemod.build(store=store, raw_dir=raw, **kw)


def catalog_error(catalog_dir: Path) -> str:
    """The error loading the catalog in ``catalog_dir`` raises, checked to be one line."""
    with pytest.raises(RegionhealthError) as exc:
        load_catalog(catalog_dir)
    message = str(exc.value)
    assert "\n" not in message
    return message


def schema_error(data: Any, schema: dict, filename: str) -> str:
    """The error checking ``data`` (a catalog fragment) against ``schema`` raises, checked to be
    one line."""
    with pytest.raises(RegionhealthError) as exc:
        catalog_schema.check(data, schema, filename)
    message = str(exc.value)
    assert "\n" not in message
    return message
