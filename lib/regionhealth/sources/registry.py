"""The document registry and region reference in data/raw: loaded, validated, checked against files."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from regionhealth.errors import RegionhealthError
from regionhealth.paths import RAW_DIR
from regionhealth.sources.rawfile import MAX_DOCUMENT_BYTES, check_encoding, check_regular_file

DOCUMENT_COLUMNS = (
    "doc_id",
    "region_id",
    "file",
    "title",
    "issuer",
    "doc_number",
    "index_number",
    "written_date",
    "published_date",
    "source_url",
    "encoding",
    "sha256",
)
REGION_COLUMNS = (
    "region_id",
    "name_zh",
    "name_en",
    "admin_code",
    "admin_level",
    "admin_level_en",
    "parent_id",
    "province_id",
    "aliases",
)
ADMIN_LEVELS = {"省": "province", "地": "prefecture", "县": "county"}


@dataclass(frozen=True)
class Document:
    doc_id: str
    region_id: str
    path: Path
    title: str
    issuer: str | None
    doc_number: str | None
    index_number: str | None
    written_date: date | None
    published_date: date
    source_url: str | None
    encoding: str
    sha256: str


# A registry of tens of thousands of documents is a few MB; anything far larger is not one.
MAX_REGISTRY_BYTES = 16 * 1024 * 1024


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a UTF-8 registry CSV (a BOM, as Excel writes it, is allowed), checked before reading."""
    if not path.exists() and not path.is_symlink():
        raise RegionhealthError(f"{path}: registry file not found")
    check_regular_file(path, MAX_REGISTRY_BYTES, "a registry")
    data = path.read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        raise RegionhealthError(f"{path}: contains a NUL byte at byte {nul}; not a CSV text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RegionhealthError(f"{path}: registry is not UTF-8") from None
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise RegionhealthError(f"{path}: missing column(s) {', '.join(missing)}")
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except csv.Error as exc:
        raise RegionhealthError(f"{path}: not a readable CSV ({exc})") from None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str, where: str) -> date:
    """A calendar date written YYYY-MM-DD; anything else (2023/05/30, 20230530, 2023-02-30) is refused."""
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise RegionhealthError(
            f"{where}: malformed date {value!r} (expected YYYY-MM-DD)"
        ) from None


def _date(value: str, where: str, required: bool) -> date | None:
    if not value:
        if required:
            raise RegionhealthError(f"{where}: date is required")
        return None
    return parse_date(value, where)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_regions(raw_dir: Path = RAW_DIR) -> list[dict[str, str]]:
    """Rows of regions.csv, validated: unique ids, six-digit codes, known levels and parents."""
    path = raw_dir / "regions.csv"
    rows = _read_csv(path, REGION_COLUMNS)
    ids = [r["region_id"] for r in rows]
    seen: set[str] = set()
    codes: dict[str, int] = {}
    for i, r in enumerate(rows, start=2):
        where = f"{path.name} line {i} ({r['region_id'] or '?'})"
        if not r["region_id"] or not r["name_zh"] or not r["name_en"]:
            raise RegionhealthError(f"{where}: region_id, name_zh and name_en are required")
        if r["region_id"] in seen:
            raise RegionhealthError(f"{where}: duplicate region_id")
        seen.add(r["region_id"])
        if not (r["admin_code"].isdigit() and len(r["admin_code"]) == 6):
            raise RegionhealthError(f"{where}: admin_code must be a six-digit GB/T 2260 code")
        if r["admin_level"] not in ADMIN_LEVELS:
            raise RegionhealthError(
                f"{where}: admin_level must be one of {', '.join(ADMIN_LEVELS)}"
            )
        for ref in ("parent_id", "province_id"):
            if r[ref] and r[ref] not in ids:
                raise RegionhealthError(f"{where}: {ref} {r[ref]!r} is not a region_id")
        if r["admin_code"] in codes:
            raise RegionhealthError(
                f"{where}: duplicate admin_code {r['admin_code']} (first on line {codes[r['admin_code']]})"
            )
        codes[r["admin_code"]] = i
    parent = {r["region_id"]: r["parent_id"] for r in rows}
    for i, r in enumerate(rows, start=2):
        chain = [r["region_id"]]
        while parent.get(chain[-1]):
            chain.append(parent[chain[-1]])
            if chain[-1] in chain[:-1]:
                raise RegionhealthError(
                    f"{path.name} line {i} ({r['region_id']}): parent_id cycle {' → '.join(chain)}"
                )
    return rows


def load_documents(raw_dir: Path = RAW_DIR, check_files: bool = True) -> list[Document]:
    """Documents of documents.csv, validated against regions.csv and (optionally) the files."""
    path = raw_dir / "documents.csv"
    rows = _read_csv(path, DOCUMENT_COLUMNS)
    if not rows:
        raise RegionhealthError(f"{path}: no documents registered (the file has only its header)")
    regions = {r["region_id"] for r in load_regions(raw_dir)}
    doc_lines: dict[str, int] = {}
    file_lines: dict[str, int] = {}
    docs: list[Document] = []
    for i, r in enumerate(rows, start=2):
        where = f"{path.name} line {i} ({r['doc_id'] or '?'})"
        if not r["doc_id"] or not r["file"] or not r["title"]:
            raise RegionhealthError(f"{where}: doc_id, file and title are required")
        if first := _seen_on(doc_lines, r["doc_id"], i):
            raise RegionhealthError(f"{where}: duplicate doc_id (first on line {first})")
        if r["region_id"] not in regions:
            raise RegionhealthError(
                f"{where}: unknown region_id {r['region_id']!r} (not in regions.csv)"
            )
        file = _registered_path(r["file"], where, raw_dir)
        if first := _seen_on(file_lines, r["file"], i):
            raise RegionhealthError(
                f"{where}: file {r['file']!r} is already registered on line {first}"
            )
        doc = _document(r, where, file, _encoding(r, where))
        if check_files:
            _check_file(doc, where, r["file"], raw_dir)
        docs.append(doc)
    return docs


def _seen_on(lines: dict[str, int], key: str, line: int) -> int | None:
    """The line ``key`` was first seen on, or None (and ``line`` is remembered as its first)."""
    if key in lines:
        return lines[key]
    lines[key] = line
    return None


def _registered_path(name: str, where: str, raw_dir: Path) -> Path:
    """The path of a registered file, which must lie inside ``raw_dir``."""
    file = raw_dir / name
    if Path(name).is_absolute() or not file.resolve().is_relative_to(raw_dir.resolve()):
        raise RegionhealthError(
            f"{where}: file {name!r} is outside {raw_dir}; raw texts live in that directory"
        )
    return file


def _encoding(r: dict[str, str], where: str) -> str:
    """The row's declared encoding (UTF-8 when blank), one Python knows and the reader accepts."""
    encoding = r["encoding"] or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise RegionhealthError(f"{where}: unknown encoding {encoding!r} for {r['file']}") from None
    check_encoding(encoding, f"{where}: encoding of {r['file']}")
    return encoding


def _document(r: dict[str, str], where: str, file: Path, encoding: str) -> Document:
    """The Document of a checked registry row; its dates must be in order."""
    doc = Document(
        doc_id=r["doc_id"],
        region_id=r["region_id"],
        path=file,
        title=r["title"],
        issuer=r["issuer"] or None,
        doc_number=r["doc_number"] or None,
        index_number=r["index_number"] or None,
        written_date=_date(r["written_date"], f"{where} written_date", False),
        published_date=_date(r["published_date"], f"{where} published_date", True),  # type: ignore[arg-type]
        source_url=r["source_url"] or None,
        encoding=encoding,
        sha256=r["sha256"].lower(),
    )
    if doc.written_date and doc.written_date > doc.published_date:
        raise RegionhealthError(
            f"{where}: written_date {doc.written_date} is after published_date {doc.published_date}"
        )
    return doc


def _check_file(doc: Document, where: str, name: str, raw_dir: Path) -> None:
    """The registered file exists, is a file within the size limit and has the registry's sha256."""
    if not doc.path.exists():
        raise RegionhealthError(f"{where}: file {name!r} not found in {raw_dir}")
    if not doc.path.is_file():
        raise RegionhealthError(f"{where}: {name!r} in {raw_dir} is not a file")
    size = doc.path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise RegionhealthError(
            f"{where}: {name!r} is {size} bytes, over the limit of "
            f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB for a document"
        )
    actual = sha256_file(doc.path)
    if actual != doc.sha256:
        raise RegionhealthError(
            f"{where}: sha256 mismatch for {name} (registry {doc.sha256[:12]}…, file {actual[:12]}…); "
            "raw files are immutable: restore the file or register it as a new version"
        )
