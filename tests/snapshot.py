"""The reviewed snapshot of what the extractor makes of every number in the committed documents.

``python -m tests.snapshot --update`` rewrites ``tests/snapshots/mentions.csv`` (one row per
number), ``mention_counts.csv`` (counts per document, kind and reason) and
``target_semantics.csv`` (what kind of promise each target is); review the diff like code: every
change in coverage shows up there.
"""

from __future__ import annotations

import argparse
import csv
import io
from collections import Counter
from pathlib import Path

from regionhealth.catalog.loader import load_catalog
from regionhealth.extract.pipeline import extract_document, find_mentions
from regionhealth.paths import CATALOG_DIR
from regionhealth.sources.rawfile import read_raw
from regionhealth.sources.registry import load_documents

SNAPSHOT_DIR = Path(__file__).parent / "snapshots"
MENTION_FIELDS = (
    "doc_id",
    "char_start",
    "surface",
    "kind",
    "reason",
    "indicator_code",
    "value",
    "unit",
    "comparator",
    "target_year",
    "scope",
)


def current_mentions() -> list[dict[str, str]]:
    """Every mention of every registered document, as strings."""
    rows = []
    catalog = load_catalog(CATALOG_DIR)
    for doc in load_documents():
        raw = read_raw(doc.path, doc.encoding)
        for m in find_mentions(raw, doc.published_date, catalog):
            values = {
                "doc_id": doc.doc_id,
                "char_start": m.start,
                "surface": m.surface,
                "kind": m.kind,
                "reason": m.reason,
                "indicator_code": m.indicator_code,
                "value": m.value,
                "unit": m.unit,
                "comparator": m.comparator,
                "target_year": m.target_year,
                "scope": m.scope,
            }
            rows.append({k: "" if v is None else str(v) for k, v in values.items()})
    return rows


SEMANTICS_FIELDS = (
    "doc_id",
    "char_start",
    "surface",
    "indicator_code",
    "target_type",
    "target_type_basis",
    "per_unit",
    "per_unit_as_stated",
    "commitment",
    "statement_start",
    "baseline_value",
    "baseline_year",
    "binding",
)


def current_target_semantics() -> list[dict[str, str]]:
    """What kind of promise every target of every registered document is, as strings."""
    rows = []
    catalog = load_catalog(CATALOG_DIR)
    for doc in load_documents():
        raw = read_raw(doc.path, doc.encoding)
        ex = extract_document(raw, doc.published_date, catalog)
        for m in ex.mentions:
            if m.kind != "target":
                continue
            s = m.semantics
            values = {
                "doc_id": doc.doc_id,
                "char_start": m.start,
                "surface": m.surface,
                "indicator_code": m.indicator_code,
                **{f: getattr(s, f) for f in SEMANTICS_FIELDS[4:]},
            }
            rows.append({k: "" if v is None else str(v) for k, v in values.items()})
    return rows


def counts(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Counts per document, kind and reason."""
    c = Counter((r["doc_id"], r["kind"], r["reason"]) for r in rows)
    return [
        {"doc_id": d, "kind": k, "reason": r, "n": str(n)} for (d, k, r), n in sorted(c.items())
    ]


def to_csv(rows: list[dict[str, str]], fields: tuple[str, ...]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--update", action="store_true", help="rewrite the snapshot files")
    args = p.parse_args()
    rows = current_mentions()
    files = {
        "mentions.csv": to_csv(rows, MENTION_FIELDS),
        "mention_counts.csv": to_csv(counts(rows), ("doc_id", "kind", "reason", "n")),
        "target_semantics.csv": to_csv(current_target_semantics(), SEMANTICS_FIELDS),
    }
    for name, content in files.items():
        path = SNAPSHOT_DIR / name
        if args.update:
            path.write_text(content, encoding="utf-8")
            print(f"wrote {path}")
        else:
            print(
                f"{name}: {'up to date' if path.exists() and path.read_text(encoding='utf-8') == content else 'STALE'}"
            )


if __name__ == "__main__":
    main()
