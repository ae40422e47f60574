"""Bad documents and bad parameters: `regionhealth build` and `regionhealth extract` either refuse
with one line naming the file and the problem (exit 2, no traceback, store byte-identical) or
proceed and say what they did.

Every case runs the real console script in a subprocess with REGIONHEALTH_HOME pointing at a
temporary copy of the project layout (data/raw, data/catalog, queries), mutated for the case.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from tests import support

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).with_name("regionhealth")
SQL = "x'); DROP TABLE targets; --"
LAST_ROW = 6  # documents.csv line of the last registered document (chizhou)
CHIZHOU = "chizhou_2023_quality_medical_resources_plan"
CHIZHOU_SHA = "65f0eb8da67604ce3a51cc72c002a9a460dd2cb56b8535eca880115fa785126e"
GOAL = "二、主要目标\n到2025年底，县域就诊率达到90%以上。\n"
# Number-free policy prose, used to pad the 20 MB document.
FILLER = "各地要加强组织领导，压实工作责任，完善工作机制，确保各项任务落到实处。\n"
TRADITIONAL = (
    "二、主要目標\n到2025年底，縣域就診率達到90%以上，基層就診率達到65%以上，每千人口執業（助理）醫師數達到3.2人，"
    "每千人口醫療衛生機構床位數達到6.5張。家庭醫生簽約服務覆蓋率達到75%以上，孕產婦死亡率控制在10/10萬以下，"
    "嬰兒死亡率控制在5‰以下。全市建成3個區域醫療中心，每年培訓基層衛生人員1,200人次。\n"
)
FULLWIDTH = (
    "二、主要目标\n到２０２５年底，县域就诊率达到９０％以上，每年培训基层医务人员１，２００人次。\n"
)
THOUSANDS = (
    "二、主要目标\n到2025年底，每年培训基层医务人员1,000人次，全市新增医疗卫生机构床位1，200张。\n"
)
NO_NUMBERS = "各地要加强组织领导，压实工作责任。\n各部门要密切配合，形成工作合力。\n"
HTML = (
    "<!DOCTYPE html>\n<html lang='zh'><head><meta charset='utf-8'><title>实施方案</title></head>"
    f"<body><p>{GOAL}</p></body></html>\n"
)
TWENTY_MB = 20 * 1024 * 1024
# A text with one NUL byte past the first 4 KB (where the binary sniffing looks).
NUL_LATE = (GOAL + FILLER * 100).encode() + b"\x00" + GOAL.encode()
OVER_LIMIT = 64 * 1024 * 1024 + 1
HEADER = "doc_id,region_id,file,title,issuer,doc_number,index_number,written_date,published_date,source_url,encoding,sha256"


def sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no room on disk (the size check must come first)."""
    with open(path, "wb") as f:
        f.truncate(size)


def edit_region(home: Home, region_id: str, **changes: str) -> None:
    """Change columns of one regions.csv row in place."""
    path = home.raw / "regions.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0])
    for r in rows:
        if r["region_id"] == region_id:
            r.update(changes)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def record(key: str, value: float) -> None:
    support.record("bad_inputs", key, value)


# --- the project copy a case mutates ----------------------------------------------------------


@dataclass
class Home:
    root: Path
    store: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    def add_doc(
        self,
        file: str,
        data: bytes | None,
        doc_id: str = "extra",
        region_id: str = "chizhou",
        encoding: str = "utf-8",
        written: str = "",
        published: str = "2023-04-10",
        sha: str | None = None,
    ) -> None:
        """Write ``data`` to data/raw/``file`` (unless None) and register it as line 7 of documents.csv."""
        if data is not None:
            (self.raw / file).write_bytes(data)
        if sha is None:
            sha = support.sha256(self.raw / file) if (self.raw / file).is_file() else "0" * 64
        row = [
            doc_id,
            region_id,
            file,
            "测试文件",
            "",
            "",
            "",
            written,
            published,
            "",
            encoding,
            sha,
        ]
        with open(self.raw / "documents.csv", "a", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerow(row)

    def edit_doc(self, doc_id: str, **changes: str) -> None:
        """Change columns of one registry row in place."""
        path = self.raw / "documents.csv"
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
            fields = list(rows[0])
        for r in rows:
            if r["doc_id"] == doc_id:
                r.update(changes)
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "REGIONHEALTH_HOME": str(self.root)}
        env.pop("REGIONHEALTH_DEBUG", None)
        return subprocess.run(
            [str(CLI), *args],
            env=env,
            cwd=cwd or self.root,
            capture_output=True,
            text=True,
            timeout=900,
        )

    def build(self) -> subprocess.CompletedProcess[str]:
        return self.run("build", "--store", str(self.store), "--no-export")

    def extract(self, path: str, *options: str) -> subprocess.CompletedProcess[str]:
        return self.run(
            "extract", path, "--region-id", "chizhou", "--published", "2023-04-10", *options
        )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """A copy of the project inputs and a store built from them, shared by the cases."""
    root = tmp_path_factory.mktemp("template").resolve()
    (root / "data").mkdir()
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "data" / "catalog", root / "data" / "catalog")
    shutil.copytree(ROOT / "data" / "review", root / "data" / "review")
    shutil.copytree(ROOT / "queries", root / "queries")
    home = Home(root, root / "store" / "regionhealth.duckdb")
    proc = home.build()
    assert proc.returncode == 0, proc.stderr
    return home


@pytest.fixture()
def home(template: Home, tmp_path: Path) -> Home:
    """A fresh copy of the template project and its store for one case."""
    root = tmp_path.resolve() / "home"
    shutil.copytree(template.root, root)
    return Home(root, root / "store" / "regionhealth.duckdb")


def assert_refused(
    proc: subprocess.CompletedProcess[str], message: str, store: Path, before: str
) -> None:
    """Exit 2, stderr exactly one line with ``message``, nothing on stdout, the store byte-identical."""
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stderr == f"regionhealth: error: {message}\n"
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert support.sha256(store) == before
    assert sorted(p.name for p in store.parent.iterdir()) == [store.name, store.name + ".lock"]


def utf16_without_bom() -> bytes:
    return GOAL.encode("utf-16-le")


def twenty_mb() -> bytes:
    head = GOAL.encode()
    return head + FILLER.encode() * ((TWENTY_MB - len(head)) // len(FILLER.encode()) + 1)


# --- bad documents: `regionhealth build` --------------------------------------------------------


@dataclass
class Refused:
    """A case `build` refuses: ``message`` with {raw} for data/raw."""

    setup: Callable[[Home], None]
    message: str


R = "documents.csv line 7 (extra)"
C = f"documents.csv line {LAST_ROW} ({CHIZHOU})"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"

BUILD_REFUSED = {
    "gb18030_undeclared": Refused(
        lambda h: h.add_doc("gbk.txt", GOAL.encode("gb18030")),
        "{raw}/gbk.txt: not valid utf-8 at byte 0; it decodes as GB18030/GBK: declare encoding gb18030 in "
        "documents.csv (column encoding) or convert it to UTF-8",
    ),
    "utf8_declared_gb18030": Refused(
        lambda h: h.add_doc("utf8.txt", GOAL.encode(), encoding="gb18030"),
        "{raw}/utf8.txt: declared gb18030 but the file is UTF-8; declare utf-8 instead",
    ),
    "utf16_with_bom": Refused(
        lambda h: h.add_doc("utf16.txt", GOAL.encode("utf-16")),
        "{raw}/utf16.txt: file is UTF-16 (starts with a UTF-16 byte order mark); save it as UTF-8 or declare "
        "encoding utf-16 in documents.csv (column encoding)",
    ),
    "utf16_without_bom": Refused(
        lambda h: h.add_doc("utf16le.txt", utf16_without_bom()),
        "{raw}/utf16le.txt: file looks like UTF-16 without a byte order mark (every other byte is NUL); save it as UTF-8",
    ),
    "empty_file": Refused(lambda h: h.add_doc("empty.txt", b""), "{raw}/empty.txt: file is empty"),
    "blank_file": Refused(
        lambda h: h.add_doc("blank.txt", b" \r\n\t\n"), "{raw}/blank.txt: file is empty"
    ),
    "bom_only_file": Refused(
        lambda h: h.add_doc("bom.txt", b"\xef\xbb\xbf\n"), "{raw}/bom.txt: file is empty"
    ),
    "binary_with_nul_bytes": Refused(
        lambda h: h.add_doc("blob.txt", bytes(range(256)) * 8),
        "{raw}/blob.txt: file is binary (contains NUL bytes), not a text",
    ),
    "binary_without_nul_bytes": Refused(
        lambda h: h.add_doc("noise.txt", b"\x80\x81\xff" * 100),
        "{raw}/noise.txt: not valid utf-8 at byte 0",
    ),
    "pdf": Refused(
        lambda h: h.add_doc(
            "plan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
        ),
        "{raw}/plan.txt: file is a PDF document, not a text; extract its text first",
    ),
    "docx": Refused(
        lambda h: h.add_doc(
            "plan.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml"
        ),
        "{raw}/plan.docx: file is a ZIP archive (.docx, .xlsx, .ofd, …), not a text; extract its text first",
    ),
    "png": Refused(
        lambda h: h.add_doc("scan.txt", PNG),
        "{raw}/scan.txt: file is a PNG image, not a text; extract its text first",
    ),
    "html_page": Refused(
        lambda h: h.add_doc("page.txt", HTML.encode()),
        "{raw}/page.txt: file is an HTML page, not plain text; extract its text first",
    ),
    "registry_row_missing_file": Refused(
        lambda h: h.add_doc("nope.txt", None), R + ": file 'nope.txt' not found in {raw}"
    ),
    "registry_row_points_to_directory": Refused(
        lambda h: ((h.raw / "subdir").mkdir(), h.add_doc("subdir", None)),
        R + ": 'subdir' in {raw} is not a file",
    ),
    "registry_row_escapes_raw_dir": Refused(
        lambda h: h.add_doc("../catalog/units.csv", None),
        R + ": file '../catalog/units.csv' is outside {raw}; raw texts live in that directory",
    ),
    "duplicate_doc_id": Refused(
        lambda h: h.add_doc("dup.txt", GOAL.encode(), doc_id=CHIZHOU),
        f"documents.csv line 7 ({CHIZHOU}): duplicate doc_id (first on line {LAST_ROW})",
    ),
    "duplicate_file": Refused(
        lambda h: h.add_doc(f"{CHIZHOU}.txt", None),
        R + f": file '{CHIZHOU}.txt' is already registered on line {LAST_ROW}",
    ),
    "sha256_mismatch": Refused(
        lambda h: (h.raw / f"{CHIZHOU}.txt").write_bytes(
            (h.raw / f"{CHIZHOU}.txt").read_bytes() + b"\n"
        ),
        C
        + f": sha256 mismatch for {CHIZHOU}.txt (registry {CHIZHOU_SHA[:12]}…, file {{actual}}…); raw files are "
        "immutable: restore the file or register it as a new version",
    ),
    "published_date_with_slashes": Refused(
        lambda h: h.edit_doc(CHIZHOU, published_date="2023/04/10"),
        C + " published_date: malformed date '2023/04/10' (expected YYYY-MM-DD)",
    ),
    "published_date_compact": Refused(
        lambda h: h.edit_doc(CHIZHOU, published_date="20230410"),
        C + " published_date: malformed date '20230410' (expected YYYY-MM-DD)",
    ),
    "published_date_impossible": Refused(
        lambda h: h.edit_doc(CHIZHOU, published_date="2023-02-30"),
        C + " published_date: malformed date '2023-02-30' (expected YYYY-MM-DD)",
    ),
    "published_date_missing": Refused(
        lambda h: h.edit_doc(CHIZHOU, published_date=""), C + " published_date: date is required"
    ),
    "written_date_unpadded": Refused(
        lambda h: h.edit_doc(CHIZHOU, written_date="2023-4-10"),
        C + " written_date: malformed date '2023-4-10' (expected YYYY-MM-DD)",
    ),
    "written_after_published": Refused(
        lambda h: h.edit_doc(CHIZHOU, written_date="2023-05-01"),
        C + ": written_date 2023-05-01 is after published_date 2023-04-10",
    ),
    "unknown_region_id": Refused(
        lambda h: h.edit_doc(CHIZHOU, region_id="atlantis"),
        C + ": unknown region_id 'atlantis' (not in regions.csv)",
    ),
    "sql_as_region_id": Refused(
        lambda h: h.edit_doc(CHIZHOU, region_id=SQL),
        C + f': unknown region_id "{SQL}" (not in regions.csv)',
    ),
    "unknown_encoding": Refused(
        lambda h: h.add_doc("extra.txt", GOAL.encode(), encoding="klingon"),
        R + ": unknown encoding 'klingon' for extra.txt",
    ),
    "registry_missing_column": Refused(
        lambda h: (h.raw / "documents.csv").write_text(
            "\n".join(
                ",".join(line.split(",")[:-1])
                for line in (h.raw / "documents.csv").read_text().splitlines()
            )
            + "\n",
            encoding="utf-8",
        ),
        "{raw}/documents.csv: missing column(s) sha256",
    ),
    "registry_not_utf8": Refused(
        lambda h: (h.raw / "documents.csv").write_bytes(
            (h.raw / "documents.csv").read_text(encoding="utf-8").encode("gb18030")
        ),
        "{raw}/documents.csv: registry is not UTF-8",
    ),
    # --- found trying the build as an attacker would: each was silent, a hang or an internal error
    "utf32_with_bom": Refused(
        lambda h: h.add_doc("utf32.txt", GOAL.encode("utf-32")),
        "{raw}/utf32.txt: file is UTF-32 (starts with a UTF-32 byte order mark); save it as UTF-8 or declare "
        "encoding utf-32 in documents.csv (column encoding)",
    ),
    "utf32_declared_utf16": Refused(
        lambda h: h.add_doc("utf32.txt", GOAL.encode("utf-32"), encoding="utf-16"),
        "{raw}/utf32.txt: file is UTF-32 (starts with a UTF-32 byte order mark); save it as UTF-8 or declare "
        "encoding utf-32 in documents.csv (column encoding)",
    ),
    "utf32_without_bom_declared_utf16": Refused(
        lambda h: h.add_doc("utf32le.txt", GOAL.encode("utf-32-le"), encoding="utf-16"),
        "{raw}/utf32le.txt: decoded as utf-16 it contains a NUL character at offset 1; the file is not in "
        "that encoding",
    ),
    "nul_byte_after_4kb": Refused(
        lambda h: h.add_doc("nul.txt", NUL_LATE),
        "{raw}/nul.txt: contains a NUL byte at byte "
        + str(NUL_LATE.index(0))
        + "; not a clean text",
    ),
    "encoding_base64": Refused(
        lambda h: h.add_doc("extra.txt", GOAL.encode(), encoding="base64"),
        R
        + ": encoding of extra.txt: 'base64' is not a text encoding for documents (use utf-8, gb18030, …)",
    ),
    "encoding_punycode": Refused(
        lambda h: h.add_doc("extra.txt", GOAL.encode(), encoding="punycode"),
        R
        + ": encoding of extra.txt: 'punycode' is not a text encoding for documents (use utf-8, gb18030, …)",
    ),
    "document_is_a_fifo": Refused(
        lambda h: (os.mkfifo(h.raw / "pipe.txt"), h.add_doc("pipe.txt", None, sha="0" * 64)),
        R + ": 'pipe.txt' in {raw} is not a file",
    ),
    "document_over_the_size_limit": Refused(
        lambda h: (
            sparse(h.raw / "huge.txt", OVER_LIMIT),
            h.add_doc("huge.txt", None, sha="0" * 64),
        ),
        R + f": 'huge.txt' is {OVER_LIMIT} bytes, over the limit of 64 MiB for a document",
    ),
    "registry_only_header": Refused(
        lambda h: (h.raw / "documents.csv").write_text(
            (h.raw / "documents.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
            encoding="utf-8",
        ),
        "{raw}/documents.csv: no documents registered (the file has only its header)",
    ),
    "registry_with_nul_byte": Refused(
        lambda h: (h.raw / "documents.csv").write_bytes(
            (h.raw / "documents.csv").read_bytes().replace(b"\n", b"\n\x00", 1)
        ),
        "{raw}/documents.csv: contains a NUL byte at byte {header_end}; not a CSV text",
    ),
    "registry_is_a_fifo": Refused(
        lambda h: ((h.raw / "documents.csv").unlink(), os.mkfifo(h.raw / "documents.csv")),
        "{raw}/documents.csv: is a FIFO (named pipe), not a regular file",
    ),
    "regions_parent_cycle": Refused(
        lambda h: edit_region(h, "zhejiang", parent_id="yueqing"),
        "regions.csv line 2 (zhejiang): parent_id cycle zhejiang → yueqing → wenzhou → zhejiang",
    ),
    "regions_duplicate_admin_code": Refused(
        lambda h: edit_region(h, "wenzhou", admin_code="330000"),
        "regions.csv line 3 (wenzhou): duplicate admin_code 330000 (first on line 2)",
    ),
    "units_csv_malformed": Refused(
        lambda h: (h.root / "data" / "catalog" / "units.csv").write_text(
            "unit,dimension,to_base,symbol,description\npercent,ratio,abc,%,per cent\n",
            encoding="utf-8",
        ),
        "units.csv: row 2 (percent): to_base: 'abc' is not a number",
    ),
}


@pytest.mark.parametrize("case", BUILD_REFUSED.values(), ids=BUILD_REFUSED.keys())
def test_build_refuses_bad_document_in_one_line_and_keeps_the_store(
    home: Home, case: Refused
) -> None:
    before = support.sha256(home.store)
    case.setup(home)
    actual = ""
    if f"{CHIZHOU}.txt" in case.message and "{actual}" in case.message:
        actual = support.sha256(home.raw / f"{CHIZHOU}.txt")[:12]
    header_end = len(HEADER.encode()) + 1
    proc = home.build()
    message = case.message.format(raw=home.raw, actual=actual, header_end=header_end)
    assert_refused(proc, message, home.store, before)


# --- recoverable documents: `regionhealth build` proceeds and says what it did ---------------------


@dataclass
class Proceeds:
    """A case `build` accepts: the notes it prints and a check of what the store holds."""

    setup: Callable[[Home], None]
    notes: list[str]
    check: Callable[[duckdb.DuckDBPyConnection], None]
    doc_id: str = "extra"
    extra: dict = field(default_factory=dict)


def targets_of(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[tuple]:
    return con.execute(
        "SELECT value_as_stated, unit, comparator, target_year FROM targets WHERE doc_id = ? ORDER BY number_start",
        [doc_id],
    ).fetchall()


def check_goal(con: duckdb.DuckDBPyConnection, doc_id: str = "extra") -> None:
    """The GOAL sentence came out as the county visit rate target."""
    rows = con.execute(
        "SELECT indicator_code, value, unit, comparator, target_year FROM targets WHERE doc_id = ?",
        [doc_id],
    ).fetchall()
    assert rows == [("county_visit_rate", 90.0, "percent", ">=", 2025)]


def check_offsets(con: duckdb.DuckDBPyConnection, doc_id: str, first: str) -> None:
    """Offsets count code points of the raw text as stored, including a BOM or CRs."""
    (raw,) = con.execute(
        "SELECT raw_text FROM document_texts WHERE doc_id = ?", [doc_id]
    ).fetchone()
    assert raw[0] == first
    for a, b, surface in con.execute(
        "SELECT char_start, char_end, surface FROM mentions WHERE doc_id = ?", [doc_id]
    ).fetchall():
        assert raw[a:b] == surface
    (a, b) = con.execute(
        "SELECT number_start, number_end FROM targets WHERE doc_id = ?", [doc_id]
    ).fetchone()
    assert raw[a:b] == "90%"


def check_traditional(con: duckdb.DuckDBPyConnection) -> None:
    rows = targets_of(con, "extra")
    assert [r[0] for r in rows] == [90.0, 65.0, 3.2, 6.5, 75.0, 10.0, 5.0, 3.0, 1200.0]
    assert {r[3] for r in rows} == {2025}
    # Read through the simplified view: 縣域就診率 is county_visit_rate, 達到 is '>='.
    codes = con.execute(
        "SELECT indicator_code FROM targets WHERE doc_id = 'extra' ORDER BY number_start"
    ).fetchall()
    assert codes[:3] == [
        ("county_visit_rate",),
        ("primary_care_visit_rate",),
        ("physicians_per_1000_pop",),
    ]
    assert all(c is not None for (c,) in codes)


def check_no_numbers(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT count(*) FROM mentions WHERE doc_id = 'extra'").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM targets WHERE doc_id = 'extra'").fetchone() == (0,)
    assert con.execute("SELECT n_chars FROM documents WHERE doc_id = 'extra'").fetchone() == (
        len(NO_NUMBERS),
    )


def check_twenty_mb(con: duckdb.DuckDBPyConnection) -> None:
    (n_chars,) = con.execute("SELECT n_chars FROM documents WHERE doc_id = 'extra'").fetchone()
    assert len(twenty_mb().decode()) == n_chars
    check_goal(con)


def check_sql_doc_id(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT doc_id FROM documents WHERE doc_id = ?", [SQL]).fetchone() == (SQL,)
    check_goal(con, SQL)
    (n,) = con.execute("SELECT count(*) FROM targets").fetchone()
    assert n > 1  # the other documents' targets are all still there


BUILD_PROCEEDS = {
    "gb18030_declared": Proceeds(
        lambda h: h.add_doc("gbk.txt", GOAL.encode("gb18030"), encoding="gb18030"),
        ["gbk.txt: decoded as gb18030 (as declared)"],
        check_goal,
    ),
    "gbk_declared": Proceeds(
        lambda h: h.add_doc("gbk.txt", GOAL.encode("gbk"), encoding="GBK"),
        ["gbk.txt: decoded as GBK (as declared)"],
        check_goal,
    ),
    "utf16_declared": Proceeds(
        lambda h: h.add_doc("utf16.txt", GOAL.encode("utf-16"), encoding="utf-16"),
        ["utf16.txt: decoded as utf-16 (as declared)"],
        check_goal,
    ),
    "utf8_with_bom": Proceeds(
        lambda h: h.add_doc("bom.txt", b"\xef\xbb\xbf" + GOAL.encode()),
        [
            "bom.txt: UTF-8 byte order mark kept as code point 0 (offsets count it; cleaning blanks it)"
        ],
        lambda con: (check_goal(con), check_offsets(con, "extra", "\ufeff")),
    ),
    "crlf_line_endings": Proceeds(
        lambda h: h.add_doc("crlf.txt", GOAL.replace("\n", "\r\n").encode()),
        [],
        lambda con: (check_goal(con), check_offsets(con, "extra", "二")),
    ),
    "traditional_chinese": Proceeds(
        lambda h: h.add_doc("trad.txt", TRADITIONAL.encode()),
        [
            "trad.txt: looks like traditional Chinese (37 traditional characters): read through its simplified "
            "form character by character (quotes stay as written)"
        ],
        check_traditional,
    ),
    "fullwidth_digits_and_punctuation": Proceeds(
        lambda h: h.add_doc("wide.txt", FULLWIDTH.encode()),
        [
            "wide.txt: 10 full-width digit(s) read as ASCII digits (one code point for one: offsets unchanged)"
        ],
        lambda con: (
            targets_of(con, "extra")
            == [(90.0, "percent", ">=", 2025), (1200.0, "person_times", "=", 2025)]
            or pytest.fail(str(targets_of(con, "extra")))
        ),
    ),
    "thousands_separators": Proceeds(
        lambda h: h.add_doc("thousands.txt", THOUSANDS.encode()),
        [],
        lambda con: (
            [r[:2] for r in targets_of(con, "extra")]
            == [(1000.0, "person_times"), (1200.0, "count")]
            or pytest.fail(str(targets_of(con, "extra")))
        ),
    ),
    "no_numbers": Proceeds(
        lambda h: h.add_doc("words.txt", NO_NUMBERS.encode()),
        ["words.txt: no numbers found: the document adds 0 targets"],
        check_no_numbers,
    ),
    "twenty_megabytes": Proceeds(lambda h: h.add_doc("big.txt", twenty_mb()), [], check_twenty_mb),
    "sql_as_doc_id": Proceeds(
        lambda h: h.add_doc("sql.txt", GOAL.encode(), doc_id=SQL), [], check_sql_doc_id
    ),
}


@pytest.mark.parametrize("case", BUILD_PROCEEDS.values(), ids=BUILD_PROCEEDS.keys())
def test_build_proceeds_with_recoverable_document_and_says_what_it_did(
    home: Home, case: Proceeds, request: pytest.FixtureRequest
) -> None:
    before = support.sha256(home.store)
    case.setup(home)
    t0 = time.perf_counter()
    proc = home.build()
    seconds = time.perf_counter() - t0
    record(f"build_seconds:{request.node.callspec.id}", round(seconds, 1))
    assert "Traceback" not in proc.stderr + proc.stdout
    assert (proc.returncode, proc.stderr) == (0, "")
    assert [
        line.strip()[len("note: ") :]
        for line in proc.stdout.splitlines()
        if line.strip().startswith("note:")
    ] == case.notes
    assert support.sha256(home.store) != before  # the store was replaced …
    with duckdb.connect(str(home.store), read_only=True) as con:  # … by one that holds the document
        case.check(con)
        (n_docs,) = con.execute("SELECT n_documents FROM build_info").fetchone()
        assert n_docs == 6
    assert sorted(p.name for p in home.store.parent.iterdir()) == [
        home.store.name,
        home.store.name + ".lock",
    ]


# --- the same documents through `regionhealth extract` ---------------------------------------------

EXTRACT_REFUSED = {
    "gb18030_undeclared": (
        GOAL.encode("gb18030"),
        (),
        "{path}: not valid utf-8 at byte 0; it decodes as GB18030/GBK: pass --encoding gb18030 or convert it to UTF-8",
    ),
    "utf8_declared_gb18030": (
        GOAL.encode(),
        ("--encoding", "gb18030"),
        "{path}: declared gb18030 but the file is UTF-8; declare utf-8 instead",
    ),
    "utf16_with_bom": (
        GOAL.encode("utf-16"),
        (),
        "{path}: file is UTF-16 (starts with a UTF-16 byte order mark); save it as UTF-8 or pass --encoding utf-16",
    ),
    "utf16_without_bom": (
        utf16_without_bom(),
        (),
        "{path}: file looks like UTF-16 without a byte order mark (every other byte is NUL); save it as UTF-8",
    ),
    "empty_file": (b"", (), "{path}: file is empty"),
    "blank_file": (b"\n \n", (), "{path}: file is empty"),
    "binary_with_nul_bytes": (
        bytes(range(256)) * 8,
        (),
        "{path}: file is binary (contains NUL bytes), not a text",
    ),
    "binary_without_nul_bytes": (b"\x80\x81\xff" * 100, (), "{path}: not valid utf-8 at byte 0"),
    "pdf": (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        (),
        "{path}: file is a PDF document, not a text; extract its text first",
    ),
    "png": (PNG, (), "{path}: file is a PNG image, not a text; extract its text first"),
    "html_page": (
        HTML.encode(),
        (),
        "{path}: file is an HTML page, not plain text; extract its text first",
    ),
    "unknown_encoding": (
        GOAL.encode(),
        ("--encoding", "klingon"),
        "{path}: unknown encoding 'klingon'",
    ),
    "utf32_with_bom": (
        GOAL.encode("utf-32"),
        (),
        "{path}: file is UTF-32 (starts with a UTF-32 byte order mark); save it as UTF-8 or pass --encoding utf-32",
    ),
    "utf32_declared_utf16": (
        GOAL.encode("utf-32-le"),
        ("--encoding", "utf-16"),
        "{path}: decoded as utf-16 it contains a NUL character at offset 1; the file is not in that encoding",
    ),
    "nul_byte_after_4kb": (
        NUL_LATE,
        (),
        "{path}: contains a NUL byte at byte " + str(NUL_LATE.index(0)) + "; not a clean text",
    ),
    "encoding_base64": (
        GOAL.encode(),
        ("--encoding", "base64"),
        "{path}: 'base64' is not a text encoding for documents (use utf-8, gb18030, …)",
    ),
    "encoding_punycode": (
        GOAL.encode(),
        ("--encoding", "punycode"),
        "{path}: 'punycode' is not a text encoding for documents (use utf-8, gb18030, …)",
    ),
}


@pytest.mark.parametrize(
    ("data", "options", "message"), EXTRACT_REFUSED.values(), ids=EXTRACT_REFUSED.keys()
)
def test_extract_refuses_bad_document_in_one_line(
    home: Home, data: bytes, options: tuple, message: str
) -> None:
    before = support.sha256(home.store)
    path = home.root / "incoming" / "doc.txt"
    path.parent.mkdir()
    path.write_bytes(data)
    assert_refused(home.extract(str(path), *options), message.format(path=path), home.store, before)


EXTRACT_PROCEEDS = {
    "gb18030_declared": (
        GOAL.encode("gb18030"),
        ("--encoding", "gb18030"),
        ["decoded as gb18030 (as declared)"],
        [(90.0, ">=", "2025")],
    ),
    "utf16_declared": (
        GOAL.encode("utf-16"),
        ("--encoding", "utf-16"),
        ["decoded as utf-16 (as declared)"],
        [(90.0, ">=", "2025")],
    ),
    "utf8_with_bom": (
        b"\xef\xbb\xbf" + GOAL.encode(),
        (),
        ["UTF-8 byte order mark kept as code point 0 (offsets count it; cleaning blanks it)"],
        [(90.0, ">=", "2025")],
    ),
    "traditional_chinese": (
        TRADITIONAL.encode(),
        (),
        [
            "looks like traditional Chinese (37 traditional characters): read through its simplified form "
            "character by character (quotes stay as written)"
        ],
        [
            (90.0, ">=", "2025"),
            (65.0, ">=", "2025"),
            (3.2, ">=", "2025"),
            (6.5, ">=", "2025"),
            (75.0, ">=", "2025"),
            (10.0, "<=", "2025"),
            (5.0, "<=", "2025"),
            (3.0, "=", "2025"),
            (1200.0, "=", "2025"),
        ],
    ),
    "fullwidth_digits_and_punctuation": (
        FULLWIDTH.encode(),
        (),
        ["10 full-width digit(s) read as ASCII digits (one code point for one: offsets unchanged)"],
        [(90.0, ">=", "2025"), (1200.0, "=", "2025")],
    ),
    "thousands_separators": (
        THOUSANDS.encode(),
        (),
        [],
        [(1000.0, "=", "2025"), (1200.0, "=", "2025")],
    ),
    "no_numbers": (NO_NUMBERS.encode(), (), ["no numbers found"], []),
    "twenty_megabytes": (twenty_mb(), (), [], [(90.0, ">=", "2025")]),
}


@pytest.mark.parametrize(
    ("data", "options", "notes", "targets"), EXTRACT_PROCEEDS.values(), ids=EXTRACT_PROCEEDS.keys()
)
def test_extract_proceeds_with_recoverable_document_and_says_what_it_did(
    home: Home,
    data: bytes,
    options: tuple,
    notes: list[str],
    targets: list[tuple],
    request: pytest.FixtureRequest,
) -> None:
    before = support.sha256(home.store)
    path = home.root / "incoming" / "doc.txt"
    path.parent.mkdir()
    path.write_bytes(data)
    t0 = time.perf_counter()
    proc = home.extract(str(path), *options, "--format", "json", "--kind", "target")
    record(f"extract_seconds:{request.node.callspec.id}", round(time.perf_counter() - t0, 1))
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "".join(f"regionhealth: note: doc.txt: {n}\n" for n in notes)
    rows = json.loads(proc.stdout)
    assert [(r["value_as_stated"], r["comparator"], str(r["target_year"])) for r in rows] == targets
    raw = data.decode(options[1] if options else "utf-8")
    if (
        raw.startswith("\ufeff") and options
    ):  # Python's utf-16 codec drops the BOM, as the reader does
        raw = raw[1:]
    assert all(r["quote"] in raw for r in rows)
    assert support.sha256(home.store) == before


# --- bad parameters ---------------------------------------------------------------------------------


def known_regions(home: Home) -> str:
    with open(home.raw / "regions.csv", encoding="utf-8") as f:
        return ", ".join(sorted(r["region_id"] for r in csv.DictReader(f)))


@pytest.mark.parametrize(
    ("region", "published", "message"),
    [
        ("", "2023-04-10", "--region-id must not be empty"),
        ("chizhou", "2023/04/10", "--published: malformed date '2023/04/10' (expected YYYY-MM-DD)"),
        ("chizhou", "2023-13-01", "--published: malformed date '2023-13-01' (expected YYYY-MM-DD)"),
        ("chizhou", "20230410", "--published: malformed date '20230410' (expected YYYY-MM-DD)"),
        ("chizhou", "tomorrow", "--published: malformed date 'tomorrow' (expected YYYY-MM-DD)"),
        ("chizhou", "", "--published: malformed date '' (expected YYYY-MM-DD)"),
        ("chizhou", SQL, f'--published: malformed date "{SQL}" (expected YYYY-MM-DD)'),
    ],
    ids=[
        "empty_region",
        "date_slashes",
        "month_13",
        "date_compact",
        "date_word",
        "date_empty",
        "sql_as_date",
    ],
)
def test_extract_refuses_bad_parameters(
    home: Home, region: str, published: str, message: str
) -> None:
    before = support.sha256(home.store)
    path = home.raw / f"{CHIZHOU}.txt"
    proc = home.run("extract", str(path), "--region-id", region, "--published", published)
    assert_refused(proc, message.format(known=known_regions(home)), home.store, before)
    with duckdb.connect(str(home.store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM targets").fetchone()[0] > 0


@pytest.mark.parametrize("region", ["atlantis", SQL], ids=["unknown_region", "sql_as_region"])
def test_extract_on_an_unregistered_region_says_so_and_extracts(home: Home, region: str) -> None:
    before = support.sha256(home.store)
    path = home.raw / f"{CHIZHOU}.txt"
    proc = home.run(
        "extract", str(path), "--region-id", region, "--published", "2023-04-10", "--kind", "target"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == (
        f"regionhealth: note: {CHIZHOU}.txt: region {region!r} is not in data/raw/regions.csv: "
        "extracted all the same (add it there before building the store)\n"
    )
    assert len(proc.stdout.splitlines()) > 10
    assert support.sha256(home.store) == before


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nope.txt", "nope.txt: file not found"),
        (SQL, f"{SQL}: file not found"),
        ("data", "data: is a directory, not a file"),
        (
            "/dev/zero",
            "/dev/zero: is a device, not a regular file",
        ),  # was: read until out of memory
        ("pipe.txt", "pipe.txt: is a FIFO (named pipe), not a regular file"),  # was: waits forever
        ("huge.txt", f"huge.txt: {OVER_LIMIT} bytes is over the limit of 64 MiB for a document"),
    ],
    ids=["missing_file", "sql_as_path", "directory", "dev_zero", "fifo", "over_size_limit"],
)
def test_extract_refuses_missing_path(home: Home, path: str, message: str) -> None:
    before = support.sha256(home.store)
    os.mkfifo(home.root / "pipe.txt")
    sparse(home.root / "huge.txt", OVER_LIMIT)
    assert_refused(home.extract(path), message, home.store, before)


HUGE = "二、主要目标\n到2025年底，县域就诊率达到90%以上，新增床位" + "9" * 400 + "张。\n"


def test_extract_json_is_valid_and_a_huge_number_is_ignored_with_a_reason(home: Home) -> None:
    """A 400-digit number once parsed to infinity and printed `Infinity`, which is not JSON."""
    path = home.root / "huge_number.txt"
    path.write_text(HUGE, encoding="utf-8")
    proc = home.extract(str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr

    def no_constant(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    rows = json.loads(proc.stdout, parse_constant=no_constant)
    huge = [r for r in rows if "9" * 400 in HUGE[r["char_start"] : r["char_end"]]]
    assert [(r["kind"], r["reason"], r["value"]) for r in huge] == [
        ("ignored", "number_too_large", None)
    ]
    assert ("target", 90.0) in [(r["kind"], r["value"]) for r in rows]


def test_registry_saved_by_excel_with_a_bom_builds(home: Home) -> None:
    """A UTF-8 BOM before the header (Excel's "CSV UTF-8") once gave 'missing column doc_id'."""
    path = home.raw / "documents.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    proc = home.run("build", "--store", str(home.store), "--no-export", "--force")
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stderr
    with duckdb.connect(str(home.store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (5,)


def test_edited_document_in_a_sub_folder_is_noticed(home: Home) -> None:
    """Documents may live in sub-folders of data/raw; editing one must not leave the store 'up to date'."""
    (home.raw / "2024").mkdir()
    home.add_doc("2024/sub.txt", GOAL.encode())
    assert home.build().returncode == 0
    (home.raw / "2024" / "sub.txt").write_bytes(GOAL.encode() + b"\n")
    proc = home.build()
    assert proc.returncode == 2
    assert "sha256 mismatch for 2024/sub.txt" in proc.stderr, proc.stderr


def test_build_store_path_crafted_as_sql_is_just_a_path(home: Home) -> None:
    """A store directory named like an injection: the store and its exports land there, nothing is dropped."""
    store = home.root / SQL / "regionhealth.duckdb"
    proc = home.run("build", "--store", str(store))
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stderr
    with duckdb.connect(str(store), read_only=True) as con:
        (n,) = con.execute("SELECT count(*) FROM targets").fetchone()
    assert n > 0
    exported = sorted(p.name for p in (store.parent / "export").iterdir())
    assert "targets.parquet" in exported and "targets.csv" in exported
    support.assert_exports_match_store(store)
    assert support.leftovers(store) == []


def test_build_store_path_that_is_a_directory_is_refused(home: Home) -> None:
    before = support.sha256(home.store)
    target = home.root / "adir"
    target.mkdir()
    proc = home.run("build", "--store", str(target))
    assert_refused(
        proc,
        f"{target}: is a directory; --store takes the path of a .duckdb file",
        home.store,
        before,
    )


def test_build_store_under_a_file_is_refused(home: Home) -> None:
    before = support.sha256(home.store)
    proc = home.run("build", "--store", str(home.raw / "documents.csv" / "x.duckdb"))
    assert_refused(
        proc,
        f"{home.raw / 'documents.csv'}: is not a directory; it cannot hold the store",
        home.store,
        before,
    )


# --- validation before publishing: a failing data check keeps the old store -----------------------


def with_export(home: Home) -> tuple[str, dict[str, str]]:
    """Build the case's store once more with exports, return checksums of the store and its exports."""
    proc = home.run("build", "--store", str(home.store), "--force")
    assert proc.returncode == 0, proc.stderr
    return support.sha256(home.store), support.assert_exports_match_store(home.store)


def goal_offset(sentence: str, number: str) -> int:
    return sentence.index(number)


# What each check reports, on a tiny store, is tests/unit/test_data_checks.py; here one failing
# check shows that the build stops, says so in one message and keeps the old store and exports.
CHECK_FAILURES = {
    "extra_check_always_returns_a_row": (
        lambda h: (h.root / "queries" / "checks" / "always_fails.sql").write_text(
            "-- Failing rows: always one, on purpose.\nselect 'always' as reason, 42 as n\n",
            encoding="utf-8",
        ),
        "data checks failed, store not replaced:\n  always_fails: 1 failing row(s): reason=always, n=42",
    ),
}


@pytest.mark.parametrize(("setup", "message"), CHECK_FAILURES.values(), ids=CHECK_FAILURES.keys())
def test_failing_data_check_lists_the_failures_and_keeps_the_old_store(
    home: Home, setup, message: str
) -> None:
    store_before, exports_before = with_export(home)
    setup(home)
    proc = home.run("build", "--store", str(home.store))
    assert "Traceback" not in proc.stderr + proc.stdout
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"regionhealth: error: {message.format(root=home.root)}\n"
    assert support.sha256(home.store) == store_before
    assert support.assert_exports_match_store(home.store) == exports_before
    assert support.leftovers(home.store) == []


# Checks that do not parse or name an unknown table: tests/unit/test_data_checks.py. Here the one
# that tries to change the store shows that the build runs the checks on a read-only store.
@pytest.mark.parametrize(
    ("sql", "problem"),
    [("drop table targets", "read-only")],
    ids=["tries_to_drop_a_table"],
)
def test_check_that_does_not_run_is_one_line_and_cannot_change_the_store(
    home: Home, sql: str, problem: str
) -> None:
    before = support.sha256(home.store)
    path = home.root / "queries" / "checks" / "broken.sql"
    path.write_text(sql + "\n", encoding="utf-8")
    proc = home.build()
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.returncode == 2
    prefix = f"regionhealth: error: {path}: check does not run ("
    assert (
        proc.stderr.startswith(prefix)
        and proc.stderr.endswith(")\n")
        and proc.stderr.count("\n") == 1
    )
    assert problem.lower() in proc.stderr.lower()
    assert support.sha256(home.store) == before


# --- the machine, not the input: permissions ------------------------------------------------------


def without_file_permission_override() -> None:
    """In the child, drop root's power to ignore file permissions (CAP_DAC_OVERRIDE, _READ_SEARCH)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # PR_CAPBSET_DROP = 24: gone from the bounding set, so from the exec'd CLI
        if libc.prctl(24, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_unprivileged(home: Home, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as a user whom file permissions apply to (root in CI, without its override)."""
    env = {**os.environ, "REGIONHEALTH_HOME": str(home.root)}
    env.pop("REGIONHEALTH_DEBUG", None)
    return subprocess.run(
        [str(CLI), *args],
        env=env,
        cwd=home.root,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=without_file_permission_override if os.geteuid() == 0 else None,
    )


PERMISSION_CASES = {
    # (setup, CLI arguments, message); {raw}, {store}, {doc} are filled in per case
    "unreadable_document_build": (
        lambda h: (h.raw / f"{CHIZHOU}.txt").chmod(0),
        ("build", "--no-export"),
        "{doc}: Permission denied",
    ),
    "unreadable_document_extract": (
        lambda h: (h.raw / f"{CHIZHOU}.txt").chmod(0),
        ("extract", "{doc}", "--region-id", "chizhou", "--published", "2023-04-10"),
        "{doc}: permission denied",
    ),
    "lock_file_left_by_another_user": (
        lambda h: h.store.with_name(h.store.name + ".lock").chmod(0o444),
        ("build", "--no-export", "--force"),
        "{store}.lock: cannot open the build lock (Permission denied); remove it or run the build "
        "as its owner",
    ),
    "read_only_store_folder": (
        lambda h: h.store.parent.chmod(0o555),
        ("build", "--no-export", "--force"),
        "cannot write the new store in {folder} (permission denied); the previous store and exports "
        "are unchanged",
    ),
}


@pytest.mark.parametrize(
    ("setup", "args", "message"), PERMISSION_CASES.values(), ids=PERMISSION_CASES.keys()
)
def test_permission_problems_are_one_line_exit_2(
    home: Home, setup: Callable[[Home], None], args: tuple[str, ...], message: str
) -> None:
    """Once 'internal error' (exit 3): the user fixes these, so exit 2 and say what is wrong."""
    before = support.sha256(home.store)
    setup(home)
    fill = {
        "doc": str(home.raw / f"{CHIZHOU}.txt"),
        "store": str(home.store),
        "folder": str(home.store.parent),
    }
    argv = [a.format(**fill) for a in args]
    if argv[0] == "build":
        argv += ["--store", str(home.store)]
    try:
        proc = run_unprivileged(home, *argv)
    finally:
        home.store.parent.chmod(0o755)
    assert_refused(proc, message.format(**fill), home.store, before)
