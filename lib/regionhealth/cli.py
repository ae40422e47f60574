"""The ``regionhealth`` command: build the store, extract from a new document, run the reports.

Heavy modules are imported inside the commands so ``regionhealth --help`` stays fast. Every error
the user can fix is one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from regionhealth import __version__
from regionhealth.errors import RegionhealthError

if TYPE_CHECKING:
    from datetime import date

    from regionhealth.sources.registry import Document


def _cmd_build(args: argparse.Namespace) -> int:
    from regionhealth.store import build as store

    result = store.build(
        store=Path(args.store),
        force=args.force,
        jobs=args.jobs,
        export_dir=None if args.no_export else Path(args.store).parent / "export",
    )
    if not result.built:
        print(f"store is up to date: {result.store} (inputs {result.inputs_sha256[:12]})")
        return 0
    print(f"built {result.store} (inputs {result.inputs_sha256[:12]})")
    for note in result.notes:
        print(f"  note: {note}")
    c = result.counts
    print(
        f"  {c['regions']} regions, {c['documents']} documents, {c['mentions']} numbers found, "
        f"{c['targets']} targets, {c['theme_mentions']} theme mentions"
    )
    for region, n in result.targets_per_region.items():
        print(f"  {region:12s} {n:4d} targets")
    if c["targets"]:
        coded = c["targets"] - result.unmapped_targets
        rest = " (the others: see `regionhealth extract`)" if result.unmapped_targets else ""
        print(
            f"  {coded} of {c['targets']} targets ({coded / c['targets']:.0%}) carry an indicator"
            f"{rest}; {c['reference_targets']} reference targets"
        )
    if result.diff:
        print("changes against the previous store:")
        for line in result.diff:
            print(f"  {line}")
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    import csv
    import json

    from regionhealth.catalog.loader import freeze_heap, load_catalog
    from regionhealth.extract.pipeline import extract_document
    from regionhealth.extract.review import apply_decisions, load_decisions
    from regionhealth.paths import CATALOG_DIR, REVIEW_DIR
    from regionhealth.sources.rawfile import read_raw
    from regionhealth.sources.registry import load_regions, parse_date
    from regionhealth.store.national import against_national
    from regionhealth.store.rows import EXTRACT_COLUMNS, extract_row, target_row

    if not args.region_id.strip():
        raise RegionhealthError("--region-id must not be empty")
    published = parse_date(args.published, "--published")
    path = Path(args.path)
    notes: list[str] = []
    if args.region_id not in {r["region_id"] for r in load_regions()}:
        # Previewing a new region's document needs no registry edit: the id is only a label here.
        notes.append(
            f"region {args.region_id!r} is not in data/raw/regions.csv: extracted all the same "
            "(add it there before building the store)"
        )
    raw = read_raw(path, args.encoding, notes, declaration="pass --encoding {encoding}")
    catalog = load_catalog(CATALOG_DIR)
    freeze_heap()
    doc, registered = _document_of(path, args.region_id, published, args.encoding)
    extraction = extract_document(raw, published, catalog)
    # What the store holds: a registered document's records with the reviewers' decisions
    # applied (data/review/corrections.csv); no decision is about an unregistered file.
    decisions = load_decisions(REVIEW_DIR) if registered else ()
    mentions = apply_decisions(doc.doc_id, raw, extraction.mentions, decisions, catalog)
    # Each coded target against the national line, by the store's own view.
    coded = [target_row(doc, raw, m) for m in mentions if m.kind == "target" and m.indicator_code]
    national = against_national(coded, catalog) if coded else {}
    rows = [extract_row(raw, m, national.get(f"{doc.doc_id}:{m.start}", {})) for m in mentions]
    if not rows:
        notes.append("no numbers found")
    for note in notes:  # on stderr: stdout is the data
        print(f"regionhealth: note: {path.name}: {note}", file=sys.stderr)
    if args.kind:
        rows = [r for r in rows if r["kind"] == args.kind]
    if args.format == "json":
        # allow_nan=False: never print Infinity/NaN, which are not JSON (numbers are finite by then)
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1, allow_nan=False)
        sys.stdout.write("\n")
    else:
        w = csv.DictWriter(sys.stdout, fieldnames=EXTRACT_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return 0


def _document_of(
    path: Path, region_id: str, published: date, encoding: str
) -> tuple[Document, bool]:
    """The registered document whose raw file is ``path`` (and True), or a document of the given
    region and date named after the file (and False)."""
    from regionhealth.sources.registry import Document, load_documents

    resolved = path.resolve()
    for doc in load_documents(check_files=False):
        if doc.path.resolve() == resolved:
            return doc, True
    return (
        Document(
            doc_id=path.stem,
            region_id=region_id,
            path=path,
            title=path.name,
            issuer=None,
            doc_number=None,
            index_number=None,
            written_date=None,
            published_date=published,
            source_url=None,
            encoding=encoding,
            sha256="",
        ),
        False,
    )


def _cmd_diff(args: argparse.Namespace) -> int:
    from regionhealth.store import diff as target_diff

    old, new = (
        target_diff.read_target_keys(Path(args.old)),
        target_diff.read_target_keys(Path(args.new)),
    )
    lines = target_diff.diff_targets(old, new)
    print(f"{len(old)} targets in {args.old}, {len(new)} in {args.new}")
    for line in lines or ["no differences"]:
        print(f"  {line}")
    return 0


def _cmd_reports(args: argparse.Namespace) -> int:
    from regionhealth.reports import runner as reports

    return reports.run(
        config=args.config,
        out=args.out,
        store=args.store,
        only=args.only,
        jobs=args.jobs,
        force=args.force,
        static=args.static,
    )


def _cmd_dictionary(args: argparse.Namespace) -> int:
    from regionhealth.store.dictionary import data_dictionary

    sys.stdout.write(data_dictionary())
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    from regionhealth.paths import STORE_PATH

    p = argparse.ArgumentParser(
        prog="regionhealth",
        description="Harmonised, traceable quantitative targets from Chinese regional health-policy documents.",
    )
    p.add_argument("--version", action="version", version=f"regionhealth {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser(
        "build", help="build the DuckDB store from data/raw (skipped when nothing changed)"
    )
    b.add_argument("--store", default=str(STORE_PATH), help="store to write (default: %(default)s)")
    b.add_argument("--force", action="store_true", help="rebuild even if the inputs are unchanged")
    b.add_argument("--no-export", action="store_true", help="skip the Parquet/CSV exports")
    b.add_argument(
        "--jobs", type=int, default=1, help="extraction processes (default: %(default)s)"
    )
    b.set_defaults(func=_cmd_build)

    e = sub.add_parser(
        "extract", help="print every number found in a text file and what it was taken for"
    )
    e.add_argument("path", help="UTF-8 text of a policy document")
    e.add_argument(
        "--region-id",
        required=True,
        help="region_id from data/raw/regions.csv, or a new one (a note says it is not registered)",
    )
    e.add_argument(
        "--published", required=True, help="publication date YYYY-MM-DD (resolves 三年, 每年)"
    )
    e.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="output format (default: csv)"
    )
    e.add_argument(
        "--kind", choices=("target", "reference", "ignored"), help="only mentions of this kind"
    )
    e.add_argument("--encoding", default="utf-8", help="text encoding of the file (default: utf-8)")
    e.set_defaults(func=_cmd_extract)

    f = sub.add_parser(
        "diff",
        help="targets added, removed and changed per region and indicator between two stores",
    )
    f.add_argument("old", help="the earlier store (.duckdb)")
    f.add_argument("new", help="the later store (.duckdb)")
    f.set_defaults(func=_cmd_diff)

    r = sub.add_parser(
        "reports", help="run the notebooks listed in reports.toml and write an HTML report set"
    )
    try:
        from regionhealth.reports import runner as reports

        reports.configure_parser(r)
    except ImportError:  # the notebook extras are not installed
        pass
    r.set_defaults(func=_cmd_reports)

    d = sub.add_parser(
        "dictionary", help="print the data dictionary (Markdown) generated from the schema"
    )
    d.set_defaults(func=_cmd_dictionary)
    return p


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so every cleanup (finally) runs on the way out."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return int(args.func(args) or 0)
    except RegionhealthError as exc:
        print(f"regionhealth: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("regionhealth: interrupted; temporary files removed", file=sys.stderr)
        return 130
    except _Terminated:
        print("regionhealth: terminated (SIGTERM); temporary files removed", file=sys.stderr)
        return 143
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # the machine, not our code: a file's permissions, a full disk, …
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"regionhealth: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the promise is: no traceback, ever
        if os.environ.get("REGIONHEALTH_DEBUG"):
            raise
        print(
            f"regionhealth: internal error: {type(exc).__name__}: {exc} "
            "(set REGIONHEALTH_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return 3
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
