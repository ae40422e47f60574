"""The table of contents of a report set: ``manifest.json``, ``index.html`` and the document
reader pages, written over every configured run after the selected runs have finished.

Nothing here is cached: the runner rewrites these files on every invocation, so they are not part
of a run's cache key (the runs' own pages are, through :mod:`regionhealth.reports.runner`).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from regionhealth.reports import pages
from regionhealth.reports.config import RUNNER_PARAMETERS, Run, notebook_summary


def write_outputs(
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

    from regionhealth.reports import reader

    with duckdb.connect(str(store), read_only=True) as con:
        docs = reader.write_readers(con, out)
        built = con.execute(
            "select code_version, inputs_sha256, built_at from build_info"
        ).fetchone()
    entries = [_run_entry(r, records, out) for r in runs]
    manifest = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "store": _store_entry(store, out, store_sha, built),
        "code_version": version,
        "documents": [_document_entry(d) for d in docs],
        "groups": _groups(runs),
        "runs": entries,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    scripts = [] if static else [f"{pages.STATIC_DIR}/{pages.REPORTS_JS}"]
    (out / "index.html").write_text(pages.index_page(manifest, scripts), encoding="utf-8")


def _run_entry(r: Run, records: dict[str, dict[str, Any]], out: Path) -> dict[str, Any]:
    """A run's entry: its record of this invocation, else of an earlier one, else 'not run',
    with the parameters a reader set and the paths of its files relative to ``out``."""
    rec = records.get(r.id) or previous_record(out / r.id)
    rec = rec or {"id": r.id, "notebook": r.notebook, "title": r.title, "status": "not run"}
    shown = {k: v for k, v in r.parameters.items() if k not in RUNNER_PARAMETERS}
    entry = {**rec, "parameters": shown}
    for key in ("html", "ipynb"):
        if rec.get(key):
            entry[key] = f"{r.id}/{rec[key]}"
    entry["csv"] = [f"{r.id}/chart-{n}.csv" for n in range(1, int(rec.get("charts") or 0) + 1)]
    return entry


def _groups(runs: list[Run]) -> list[dict[str, Any]]:
    """The runs grouped by notebook, in the order the notebooks first appear, with its question."""
    groups = []
    for name in dict.fromkeys(r.notebook for r in runs):
        question, description = notebook_summary(name)
        ids = [r.id for r in runs if r.notebook == name]
        groups.append(
            {"notebook": name, "question": question, "description": description, "runs": ids}
        )
    return groups


def _store_entry(
    store: Path, out: Path, store_sha: str, built: tuple[Any, ...] | None
) -> dict[str, Any]:
    """The store reported on: its path relative to ``out``, sha256 and ``build_info`` row."""
    return {
        "path": os.path.relpath(store, out),
        "sha256": store_sha,
        "built_at": f"{built[2]:%Y-%m-%dT%H:%M:%S}+00:00" if built else None,
        "built_by": built[0] if built else None,
        "inputs_sha256": built[1] if built else None,
    }


def _document_entry(d: dict[str, Any]) -> dict[str, Any]:
    """An input document of the report set, with its reader page."""
    return {
        "doc_id": d["doc_id"],
        "region": f"{d['name_zh']} {d['name_en']}",
        "title": d["title"],
        "published_date": str(d["published_date"]),
        "written_date": str(d["written_date"]) if d["written_date"] else None,
        "file": d["file"],
        "sha256": d["sha256"],
        "reader": d["page"],
    }


def previous_record(run_dir: Path) -> dict[str, Any] | None:
    """The record a run left in an earlier invocation (for runs not selected this time)."""
    try:
        return {**json.loads((run_dir / "run.json").read_text(encoding="utf-8")), "stale": True}
    except (FileNotFoundError, json.JSONDecodeError):
        return None
