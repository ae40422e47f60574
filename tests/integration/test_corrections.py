"""Reviewers' decisions in data/review/corrections.csv: applied by the build, stale ones stop it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from regionhealth.errors import RegionhealthError
from regionhealth.extract.review import COLUMNS, load_decisions
from regionhealth.paths import RAW_DIR, REVIEW_DIR
from regionhealth.store.build import build

# A short plan written for these tests (not from the committed documents).
TEXT = (
    "一、工作目标\n"
    "到2026年,新增县级临床重点专科3个,县域内就诊率达到92%以上。\n"
    "二、重点任务\n"
    "(一)加强学科建设。到2026年,新增县级临床重点专科3个。\n"
    "(二)提升基层能力。年服务人次达到12万,全县建成5个示范中医馆。\n"
)
HEADER = ",".join(COLUMNS)


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    """A raw folder holding one document of TEXT (region 'shangyu'), and an empty review folder."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    (raw / "test_plan.txt").write_text(TEXT, encoding="utf-8")
    sha = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    (raw / "documents.csv").write_text(
        "doc_id,region_id,file,title,issuer,doc_number,index_number,written_date,published_date,"
        "source_url,encoding,sha256\n"
        f"test_plan,shangyu,test_plan.txt,测试方案,测试,,,2024-03-01,2024-03-01,,utf-8,{sha}\n",
        encoding="utf-8",
    )
    review = tmp_path / "review"
    shutil.copytree(REVIEW_DIR, review)
    (review / "corrections.csv").unlink(missing_ok=True)
    return tmp_path


def _build(home: Path, decisions: list[str]) -> Path:
    (home / "review" / "corrections.csv").write_text(
        HEADER + "\n" + "\n".join(decisions) + "\n", encoding="utf-8"
    )
    store = home / "store.duckdb"
    build(
        store=store, raw_dir=home / "raw", review_dir=home / "review", export_dir=None, force=True
    )
    return store


def _targets(store: Path) -> list[tuple]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(
            "SELECT substr(quote, 1, 12), value, period, is_primary, reviewed_by, review_note "
            "FROM targets ORDER BY number_start"
        ).fetchall()


def test_accept_correct_and_reject_are_applied_and_marked(home: Path):
    store = _build(
        home,
        [
            "test_plan,县域内就诊率达到92%以上,92%,1,accept,,,reviewer A,checked against the table",
            "test_plan,年服务人次达到12万,12万,1,correct,period,annual,reviewer B,年服务人次 is per year",
            # The goal-list statement is rejected: its restatement in the tasks becomes primary.
            "test_plan,新增县级临床重点专科3个,3个,1,reject,,,reviewer C,duplicate heading line",
        ],
    )
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute(
            "SELECT value, period, is_primary, reviewed_by, review_note, statement_id = target_id "
            "FROM targets ORDER BY number_start"
        ).fetchall()
        (kind, reason) = con.execute(
            "SELECT kind, reason FROM mentions WHERE surface = '3个' ORDER BY char_start LIMIT 1"
        ).fetchone()
    assert rows == [
        (92.0, None, True, "reviewer A", "accept: checked against the table", True),
        (3.0, None, True, None, None, True),  # the restatement, now the first statement
        (12.0, "annual", True, "reviewer B", "period: 年服务人次 is per year", True),  # 12 × 万
        (5.0, None, True, None, None, True),
    ]
    assert (kind, reason) == ("ignored", "review_reject")


def test_occurrence_picks_the_nth_quote(home: Path):
    store = _build(
        home,
        [
            "test_plan,新增县级临床重点专科3个,3个,2,reclassify,,reference,reviewer,a task, not a goal"
        ],
    )
    with duckdb.connect(str(store), read_only=True) as con:
        kinds = con.execute(
            "SELECT kind, reason FROM mentions WHERE surface = '3个' ORDER BY char_start"
        ).fetchall()
    assert kinds == [("target", "quantity_in_plan"), ("reference", "review_reclassify")]


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        (
            "test_plan,新建县级临床重点专科3个,3个,1,accept,,,reviewer,ok",
            r"^corrections.csv: row 2 \(test_plan: 3个 in '新建县级临床重点专科3个'\): no longer "
            r"matches: the quote is not in the document$",
        ),
        (
            "test_plan,新增县级临床重点专科3个,3个,3,accept,,,reviewer,ok",
            r"^corrections.csv: row 2 .*: the quote is not in the document 3 times$",
        ),
        (
            "test_plan,到2026年,2026,1,accept,,,reviewer,ok",
            r"^corrections.csv: row 2 .*: no longer matches: the number is ignored \(year\), not a target$",
        ),
    ],
)
def test_a_stale_decision_stops_the_build_in_one_line_and_keeps_the_store(
    home: Path, decision: str, message: str
):
    store = _build(home, [])
    before = store.read_bytes()
    with pytest.raises(RegionhealthError, match=message) as exc:
        _build(home, [decision])
    assert "\n" not in str(exc.value)
    assert store.read_bytes() == before


def test_a_decision_about_a_document_outside_the_build_is_set_aside_with_a_note(home: Path):
    (home / "review" / "corrections.csv").write_text(
        HEADER + "\ngone_plan,县域内就诊率达到92%以上,92%,1,accept,,,reviewer,ok\n",
        encoding="utf-8",
    )
    result = build(
        store=home / "store.duckdb",
        raw_dir=home / "raw",
        review_dir=home / "review",
        export_dir=None,
        force=True,
    )
    assert result.notes == [
        "corrections.csv: row 2 (gone_plan: 92% in '县域内就诊率达到92%以上'): document "
        "'gone_plan' is not in this build; decision not applied"
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("d,q1,1,1,accept,,,r,", r"row 2: reason: missing"),
        ("d,q1,1,1,approve,,,r,why", r"row 2: action: 'approve' is not one of"),
        ("d,q1,1,1,correct,colour,red,r,why", r"row 2: field: 'colour' cannot be corrected"),
        ("d,q1,1,1,correct,target_year,soon,r,why", r"row 2: value: 'soon'"),
        ("d,q1,1,1,correct,comparator,=>,r,why", r"row 2: value: '=>'"),
        ("d,q1,1,1,reclassify,,target,r,why", r"row 2: value: a target is reclassified as one of"),
        ("d,q1,7,1,accept,,,r,why", r"row 2: number: '7' is not inside the quote"),
        ("d,q1,1,1,reject,value,2,r,why", r"row 2: field/value: only 'correct' and 'reclassify'"),
    ],
)
def test_malformed_rows_are_named(tmp_path: Path, row: str, message: str):
    (tmp_path / "corrections.csv").write_text(HEADER + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(RegionhealthError, match="^corrections.csv: " + message):
        load_decisions(tmp_path)


def test_the_committed_corrections_hold_one_decision_of_each_kind_with_reasons():
    decisions = load_decisions(REVIEW_DIR)
    assert {"accept", "correct", "reject"} <= {d.action for d in decisions}
    assert all(len(d.reason) > 20 for d in decisions)


def test_the_committed_corrections_are_applied(con):
    rows = con.execute(
        "SELECT doc_id, period, reviewed_by IS NOT NULL, review_note FROM targets "
        "WHERE reviewed_by IS NOT NULL ORDER BY doc_id"
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [
        ("chizhou_2023_quality_medical_resources_plan", None),
        ("shangyu_2023_health_modernization_plan", "annual"),
    ]
    (kind,) = con.execute(
        "SELECT kind FROM mentions WHERE doc_id = 'yangpu_2022_sanming_reform_plan' "
        "AND reason = 'review_reject'"
    ).fetchall()[0]
    assert kind == "ignored"
