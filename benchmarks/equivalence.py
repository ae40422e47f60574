"""Extraction and store output, dumped and compared: proof that a refactoring changed nothing.

``python -m benchmarks.equivalence dump DIR`` writes what ``regionhealth extract`` prints for every
text the project has (the registered documents, the test fixtures, the development documents in
``../shared/dev-documents`` when present, and a sample of the benchmark corpus) and every table
and view of a freshly built store, each sorted, as CSV. ``compare OLD NEW`` says which files differ
and how (columns added or removed, rows only in one side). It goes through the command line only,
so the same script reads a checkout before and after a change of the package's inside.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sys
import tempfile
from pathlib import Path

import duckdb
import yaml

from regionhealth.cli import main as cli

ROOT = Path(__file__).resolve().parents[1]
# Columns that differ from build to build by design (times, the checkout's commit, temp paths).
VOLATILE = {"build_info": {"built_at", "git_commit", "code_version"}}


def _texts(corpus: Path | None) -> list[tuple[str, Path, str]]:
    """(name, path, published date) of every text to extract."""
    out: list[tuple[str, Path, str]] = []
    with open(ROOT / "data/raw/documents.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out.append((f"raw/{r['doc_id']}", ROOT / "data/raw" / r["file"], r["published_date"]))
    for p in sorted((ROOT / "tests/fixtures/docs").glob("*.txt")):
        expected = yaml.safe_load(p.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
        out.append((f"fixtures/{p.stem}", p, str(expected["published"])))
    dev = ROOT.parent / "shared" / "dev-documents"
    if (dev / "published.csv").exists():
        with open(dev / "published.csv", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                out.append(
                    (f"dev/{Path(r['file']).stem}", dev / r["file"], r["published"] or "2020-01-01")
                )
    if corpus is not None:
        with open(corpus / "documents.csv", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                out.append((f"corpus/{r['doc_id']}", corpus / r["file"], r["published_date"]))
    return out


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli(argv)
    return code, out.getvalue(), err.getvalue()


def _dump_store(store: Path, out: Path) -> None:
    with duckdb.connect(str(store), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables ORDER BY table_name"
            ).fetchall()
        ]
        for name in names:
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position",
                    [name],
                ).fetchall()
                if r[0] not in VOLATILE.get(name, set())
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            rows = con.execute(f'SELECT {select} FROM "{name}" ORDER BY ALL').fetchall()
            with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(cols)
                w.writerows(rows)


def dump(out: Path, corpus_size: int) -> None:
    """Write every extraction and every store table under ``out``."""
    from benchmarks import corpus as corpus_mod

    with tempfile.TemporaryDirectory() as tmp:
        corpus = None
        if corpus_size:
            corpus = corpus_mod.generate(corpus_size, Path(tmp) / "corpus", seed=1)
        for name, path, published in _texts(corpus):
            code, stdout, stderr = _run(
                ["extract", str(path), "--region-id", "unregistered_region",
                 "--published", published, "--format", "json"]
            )  # fmt: skip
            target = out / "extract" / f"{name}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            rows = json.loads(stdout) if code == 0 else []
            target.write_text(
                json.dumps(
                    {"exit": code, "stderr": stderr, "rows": rows}, ensure_ascii=False, indent=0
                ),
                encoding="utf-8",
            )
        store = Path(tmp) / "store" / "regionhealth.duckdb"
        store.parent.mkdir()
        code, _, stderr = _run(["build", "--store", str(store), "--force", "--no-export"])
        if code:
            raise SystemExit(f"build failed: {stderr}")
        (out / "store").mkdir(parents=True, exist_ok=True)
        _dump_store(store, out / "store")


def _read_csv(p: Path) -> tuple[list[str], list[tuple[str, ...]]]:
    with open(p, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [tuple(r) for r in rows[1:]]


def _compare_table(a: Path, b: Path) -> list[str]:
    (ca, ra), (cb, rb) = _read_csv(a), _read_csv(b)
    notes = []
    if ca != cb:
        added, removed = [c for c in cb if c not in ca], [c for c in ca if c not in cb]
        notes.append(f"columns added {added}, removed {removed}")
        common = [c for c in ca if c in cb]
        ra = sorted(tuple(r[ca.index(c)] for c in common) for r in ra)
        rb = sorted(tuple(r[cb.index(c)] for c in common) for r in rb)
    if ra != rb:
        only_a, only_b = set(ra) - set(rb), set(rb) - set(ra)
        notes.append(f"{len(only_a)} rows only before, {len(only_b)} only after")
        for r in sorted(only_a)[:3]:
            notes.append(f"  - {r}")
        for r in sorted(only_b)[:3]:
            notes.append(f"  + {r}")
    return notes


def compare(old: Path, new: Path) -> int:
    """Print what differs between two dumps; 0 when the extractions and stores are identical."""
    differ = 0
    files = sorted(
        {p.relative_to(old) for p in old.rglob("*.*")}
        | {p.relative_to(new) for p in new.rglob("*.*")}
    )
    for rel in files:
        a, b = old / rel, new / rel
        if not a.exists() or not b.exists():
            print(f"{rel}: only {'after' if b.exists() else 'before'}")
            differ += 1
            continue
        if a.read_bytes() == b.read_bytes():
            continue
        differ += 1
        if rel.suffix == ".csv":
            print(f"{rel}:")
            for line in _compare_table(a, b):
                print(f"  {line}")
        else:
            print(f"{rel}: extraction differs")
    print(f"{len(files)} files compared, {differ} differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.equivalence", description=__doc__.splitlines()[0]
    )
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="extract every text and dump a fresh store into DIR")
    d.add_argument("out", type=Path)
    d.add_argument(
        "--corpus", type=int, default=200, help="benchmark corpus documents (default: 200)"
    )
    c = sub.add_parser("compare", help="compare two dumps")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = p.parse_args(argv)
    if args.command == "dump":
        dump(args.out, args.corpus)
        return 0
    return compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
