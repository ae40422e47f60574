"""What a build records about itself: when, from which code, from which input files (by checksum)."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from regionhealth.paths import ROOT
from regionhealth.sources.registry import sha256_file


def build_time() -> datetime:
    """Now in UTC, to the second, without tzinfo (stored as a DuckDB TIMESTAMP meaning UTC)."""
    return datetime.now(UTC).replace(microsecond=0, tzinfo=None)


def git_commit(root: Path = ROOT) -> str | None:
    """The checkout's commit, with '+dirty' when tracked files differ from it; None outside git."""
    if not (root / ".git").exists():
        return None
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if changed else head


def input_path(path: Path, base: Path, root: Path = ROOT) -> str:
    """How an input file is named in build_inputs: relative to the repository when inside it,
    else relative to the parent of its input folder ``base`` (e.g. 'raw/documents.csv')."""
    path = path.resolve()
    for anchor in (root.resolve(), base.resolve().parent):
        if path.is_relative_to(anchor):
            return path.relative_to(anchor).as_posix()
    return path.name


def input_rows(files: list[tuple[Path, Path]], root: Path = ROOT) -> list[dict]:
    """One build_inputs row per (file, its input folder): path, SHA-256 and size in bytes."""
    return [
        {
            "path": input_path(f, base, root),
            "sha256": sha256_file(f),
            "n_bytes": f.stat().st_size,
        }
        for f, base in files
    ]
