"""The registered reference files (``data/raw/references.csv``) and the reviewed notes on their
rows (``data/review/reference_notes.csv``), each checked as it is read.

A reference file is kept byte for byte like a document: its registry line names its level, its
region (none for national files) and its sha256, and a file that no longer matches stops the build.
What the rows of a file say is read by :mod:`regionhealth.extract.references`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from regionhealth.errors import RegionhealthError
from regionhealth.sources.registry import load_regions, sha256_file

FILE_COLUMNS = ("file", "level", "region_id", "title", "sha256")
NOTE_COLUMNS = ("file", "line", "indicator_zh", "note")
LEVELS = ("national", "province", "prefecture")


@dataclass(frozen=True)
class ReferenceFile:
    """One registered reference file, its checksum verified."""

    file: str
    path: Path
    level: str
    region_id: str | None
    title: str
    sha256: str


def read_rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file, stripped; one line naming the file if a column is missing."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise RegionhealthError(f"{path}: missing column(s) {', '.join(missing)}")
            return [{k: (v or "").strip() for k, v in r.items() if k} for r in reader]
    except FileNotFoundError:
        raise RegionhealthError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise RegionhealthError(f"{path}: not UTF-8") from None


def load_reference_files(raw_dir: Path) -> list[ReferenceFile]:
    """Entries of references.csv, validated like documents.csv (level, region, file, sha256)."""
    path = raw_dir / "references.csv"
    if not path.exists():
        return []
    regions = {r["region_id"] for r in load_regions(raw_dir)}
    out: list[ReferenceFile] = []
    for i, r in enumerate(read_rows(path, FILE_COLUMNS), start=2):
        where = f"{path.name} line {i} ({r['file'] or '?'})"
        if r["level"] not in LEVELS:
            raise RegionhealthError(f"{where}: level must be one of {', '.join(LEVELS)}")
        if (r["level"] == "national") != (not r["region_id"]):
            raise RegionhealthError(f"{where}: region_id is empty for national references only")
        if r["region_id"] and r["region_id"] not in regions:
            raise RegionhealthError(f"{where}: unknown region_id {r['region_id']!r}")
        file = raw_dir / r["file"]
        if not r["file"] or Path(r["file"]).name != r["file"] or not file.is_file():
            raise RegionhealthError(f"{where}: file not found in {raw_dir}")
        actual = sha256_file(file)
        if actual != r["sha256"].lower():
            raise RegionhealthError(
                f"{where}: sha256 mismatch (registry {r['sha256'][:12]}…, file {actual[:12]}…); "
                "raw files are immutable: restore the file or register it as a new version"
            )
        out.append(
            ReferenceFile(r["file"], file, r["level"], r["region_id"] or None, r["title"], actual)
        )
    return out


def load_notes(review_dir: Path) -> dict[tuple[str, int], dict[str, str]]:
    """Reviewed notes on reference rows, keyed by (file, line)."""
    path = review_dir / "reference_notes.csv"
    if not path.exists():
        return {}
    notes = {}
    for i, r in enumerate(read_rows(path, NOTE_COLUMNS), start=2):
        if not r["line"].isdigit() or not r["note"]:
            raise RegionhealthError(
                f"{path.name} line {i}: line must be a number and note is required"
            )
        notes[(r["file"], int(r["line"]))] = r
    return notes
