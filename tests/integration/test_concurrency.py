"""Rebuilds are atomic and safe with concurrent readers and concurrent builds.

Reader processes query the store through read-only connections while it is rebuilt again and
again (with different inputs, so each generation is recognisable, and with rebuilds that fail on
purpose): every read succeeds and sees one complete store, a failed rebuild leaves the previous
store byte-identical, and no temporary file survives. Two builds at once: the second is refused
with a clear message and nothing is corrupted.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from tests import support

from regionhealth.errors import RegionhealthError
from regionhealth.paths import CATALOG_DIR, QUERIES_DIR, RAW_DIR, REVIEW_DIR
from regionhealth.store import build as storemod

CLI = Path(sys.executable).with_name("regionhealth")
ROOT = Path(__file__).resolve().parents[2]

# A reader: query the store until told to stop; every read must see one complete store.
READER = textwrap.dedent(
    """
    import json, os, sys, time
    import duckdb

    store, stop, ready, out, mode = sys.argv[1:6]
    reads, failures, stamps, generations = 0, [], [], {}

    def read(con):
        n_docs, n_targets = con.execute("SELECT n_documents, n_targets FROM build_info").fetchone()
        got = (
            con.execute("SELECT count(*) FROM documents").fetchone()[0],
            con.execute("SELECT count(*) FROM targets").fetchone()[0],
            con.execute("SELECT count(*) FROM mentions WHERE kind = 'target'").fetchone()[0],
            con.execute("SELECT count(*) FROM targets_labelled").fetchone()[0],
            con.execute("SELECT count(DISTINCT doc_id) FROM document_texts").fetchone()[0],
        )
        if got != (n_docs, n_targets, n_targets, n_targets, n_docs):
            raise AssertionError(f"incomplete store: build_info says {(n_docs, n_targets)}, tables hold {got}")
        return n_docs

    def read_export():
        # A reader of the exports: resolve the link once, read one generation from that folder.
        folder = os.path.realpath(os.path.join(os.path.dirname(store), "export"))
        with open(os.path.join(folder, "generation.json"), encoding="utf-8") as f:
            files = json.load(f)["files"]
        with duckdb.connect() as c:
            n_docs, n_targets = c.execute(
                "SELECT n_documents, n_targets FROM read_parquet(?)", [os.path.join(folder, "build_info.parquet")]
            ).fetchone()
            got = (
                c.execute("SELECT count(*) FROM read_parquet(?)", [os.path.join(folder, "documents.parquet")]).fetchone()[0],
                c.execute("SELECT count(*) FROM read_parquet(?)", [os.path.join(folder, "targets.parquet")]).fetchone()[0],
                c.execute("SELECT count(*) FROM read_csv(?)", [os.path.join(folder, "targets.csv")]).fetchone()[0],
            )
        if got != (n_docs, n_targets, n_targets) or os.path.getsize(os.path.join(folder, "targets.csv")) != files["targets.csv"]["bytes"]:
            raise AssertionError(f"exports mixed: build_info says {(n_docs, n_targets)}, files hold {got}")
        return n_docs

    con = duckdb.connect(store, read_only=True) if mode == "persistent" else None
    while not os.path.exists(stop):
        try:
            if mode == "persistent":
                n = read(con)
            elif mode == "export":
                n = read_export()
            else:
                with duckdb.connect(store, read_only=True) as c:
                    n = read(c)
            reads += 1
            stamps.append(time.time())
            generations[n] = generations.get(n, 0) + 1
        except Exception as exc:
            failures.append(f"{type(exc).__name__}: {exc}")
        if reads == 1 and not os.path.exists(ready):
            open(ready, "w").close()
    with open(out, "w") as f:
        json.dump({"reads": reads, "failures": failures[:20], "stamps": stamps, "generations": generations}, f)
    """
)

# A builder that holds the build lock (once its new store is written and checked: its data checks
# wrapped by assignment, as a monkeypatch would) until told to go on.
HOLDING_BUILDER = textwrap.dedent(
    """
    import pathlib, sys, time
    from regionhealth.store import build as store

    s, raw, catalog, queries, holding, release = map(pathlib.Path, sys.argv[1:7])
    checks = store.run_checks

    def hold(con, queries_dir):
        failures = checks(con, queries_dir)
        holding.touch()
        deadline = time.time() + 120
        while not release.exists() and time.time() < deadline:
            time.sleep(0.02)
        return failures

    store.run_checks = hold
    store.build(store=s, raw_dir=raw, catalog_dir=catalog, queries_dir=queries, export_dir=None, force=True)
    """
)


def record(key: str, value: float) -> None:
    support.record("concurrency", key, value)


def raw_variant(dst: Path, keep: int, broken: bool = False) -> Path:
    """A copy of data/raw registering only the first ``keep`` documents (+ an undecodable one if ``broken``)."""
    return support.raw_variant(RAW_DIR, dst, keep, broken)


leftovers = support.leftovers


def n_documents(store: Path) -> int:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT n_documents FROM build_info").fetchone()[0]


build = support.build


class Boom(Exception):
    """The failure injected halfway through a rebuild."""


def boom_after_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the next builds fail on purpose once the new store is written and checked."""
    checks = storemod.run_checks

    def boom(con: duckdb.DuckDBPyConnection, queries_dir: Path) -> list[str]:
        assert checks(con, queries_dir) == []
        raise Boom("rebuild fails on purpose after writing the new store")

    monkeypatch.setattr(storemod, "run_checks", boom)


def test_readers_always_see_a_complete_store_while_it_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "curated" / "regionhealth.duckdb"
    five, four = raw_variant(tmp_path / "raw5", 5), raw_variant(tmp_path / "raw4", 4)
    three, broken = (
        raw_variant(tmp_path / "raw3", 3),
        raw_variant(tmp_path / "raw_broken", 3, broken=True),
    )
    assert build(store, five).built
    stop = tmp_path / "stop"
    readers = []
    for i, mode in enumerate(["reconnect", "reconnect", "reconnect", "persistent", "export"]):
        ready, out = tmp_path / f"ready{i}", tmp_path / f"reader{i}.json"
        proc = subprocess.Popen(
            [sys.executable, "-c", READER, str(store), str(stop), str(ready), str(out), mode]
        )
        readers.append((mode, ready, out, proc))
    deadline = time.time() + 60
    while not all(r[1].exists() for r in readers):
        assert time.time() < deadline, "readers did not start"
        assert all(r[3].poll() is None for r in readers), "a reader died"
        time.sleep(0.05)

    # (raw inputs, expected documents after the rebuild or None if it must fail, extra build
    # options, whether it fails on purpose after the new store is written and checked)
    plan = [
        (four, 4, {}, False),
        (three, None, {}, True),
        (five, 5, {"jobs": 2}, False),
        (broken, None, {}, False),  # fails halfway through extraction: an undecodable document
        (four, 4, {}, False),
        (three, None, {}, True),
        (five, 5, {}, False),
        (four, 4, {"jobs": 2}, False),
    ]
    windows, survived, failed = [], 0, 0
    try:
        for raw, expected, options, fails_after_checks in plan:
            before, previous = support.sha256(store), n_documents(store)
            t0 = time.time()
            if expected is None:
                with monkeypatch.context() as m, pytest.raises((Boom, RegionhealthError)) as err:
                    if fails_after_checks:
                        boom_after_checks(m)
                    build(store, raw, **options)
                if raw is broken:
                    assert "broken.txt: not valid utf-8 at byte 0" in str(err.value)
                assert (
                    support.sha256(store) == before
                )  # the failed rebuild left the previous store in place
                assert n_documents(store) == previous
                failed += 1
            else:
                assert build(store, raw, **options).built
                assert n_documents(store) == expected
                survived += 1
            windows.append((t0, time.time()))
            assert leftovers(store) == []
            support.assert_exports_match_store(store)  # also after a failed rebuild
            assert (store.parent / "export" / "targets.parquet").is_file()
            time.sleep(0.3)  # let readers read this generation
    finally:
        stop.touch()
        for _, _, _, proc in readers:
            proc.wait(timeout=60)

    results = {
        mode + str(i): json.loads(out.read_text()) for i, (mode, _, out, _) in enumerate(readers)
    }
    for name, r in results.items():
        assert r["failures"] == [], name
        assert r["reads"] > 0, name
        assert set(r["generations"]) <= {"4", "5"}, (
            name
        )  # never a store of a failed rebuild (3 documents)
    # A session opened before the rebuilds keeps reading its store: the first one, whole.
    assert set(results["persistent3"]["generations"]) == {"5"}
    # Readers that reconnect see the new stores; the exports reader sees both generations too.
    seen = set().union(*(r["generations"] for n, r in results.items() if n.startswith("reconnect")))
    assert seen == {"4", "5"}
    assert set(results["export4"]["generations"]) == {"4", "5"}
    record("export_reads", results["export4"]["reads"])
    reads = sum(r["reads"] for r in results.values())
    during = sum(
        any(a <= t <= b for a, b in windows) for r in results.values() for t in r["stamps"]
    )
    assert during > 0
    record("rebuilds_survived", survived)
    record("rebuilds_failed_on_purpose", failed)
    record("reads_total", reads)
    record("reads_during_rebuilds", during)
    record("read_failures", sum(len(r["failures"]) for r in results.values()))


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the project inputs for REGIONHEALTH_HOME."""
    (tmp_path / "home" / "data").mkdir(parents=True)
    shutil.copytree(RAW_DIR, tmp_path / "home" / "data" / "raw")
    shutil.copytree(CATALOG_DIR, tmp_path / "home" / "data" / "catalog")
    shutil.copytree(REVIEW_DIR, tmp_path / "home" / "data" / "review")
    shutil.copytree(QUERIES_DIR, tmp_path / "home" / "queries")
    return tmp_path / "home"


def cli_build(home: Path, store: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "REGIONHEALTH_HOME": str(home)}
    return subprocess.Popen(
        [str(CLI), "build", "--store", str(store), "--force", "--no-export"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def lock_message(store: Path) -> str:
    return f"another build of {store} is running (lock {store}.lock); try again when it ends"


def hold_lock(home: Path, store: Path, tmp: Path) -> tuple[subprocess.Popen[str], Path]:
    """Start a build that holds the lock until the returned release file exists."""
    holding, release = tmp / "holding", tmp / "release"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HOLDING_BUILDER,
            str(store),
            str(home / "data" / "raw"),
            str(CATALOG_DIR),
            str(QUERIES_DIR),
            str(holding),
            str(release),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 60
    while not holding.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.time() < deadline
        time.sleep(0.02)
    return proc, release


def test_second_build_while_one_runs_is_refused_with_a_clear_message(
    project: Path, tmp_path: Path
) -> None:
    store = tmp_path / "curated" / "regionhealth.duckdb"
    assert build(store, project / "data" / "raw").built
    before = support.sha256(store)
    first, release = hold_lock(project, store, tmp_path)
    try:
        second = cli_build(project, store)
        out, err = second.communicate(timeout=120)
        assert (second.returncode, out, err) == (
            2,
            "",
            f"regionhealth: error: {lock_message(store)}\n",
        )
        with pytest.raises(RegionhealthError) as exc:
            build(store, project / "data" / "raw")
        assert str(exc.value) == lock_message(store)
        assert support.sha256(store) == before  # the refused builds touched nothing
    finally:
        release.touch()
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert n_documents(store) == 5
    assert leftovers(store) == []


def test_two_builds_started_at_once_leave_one_complete_store(project: Path, tmp_path: Path) -> None:
    store = tmp_path / "curated" / "regionhealth.duckdb"
    assert build(store, project / "data" / "raw").built
    outcomes = []
    for _ in range(3):
        procs = [cli_build(project, store), cli_build(project, store)]
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert "Traceback" not in out + err
            assert p.returncode in (0, 2), err
            if p.returncode == 2:
                assert err == f"regionhealth: error: {lock_message(store)}\n"
            outcomes.append(p.returncode)
        assert 0 in [p.returncode for p in procs]
        assert n_documents(store) == 5
        assert leftovers(store) == []
    record("simultaneous_build_pairs", 3)
    record("simultaneous_builds_refused", outcomes.count(2))


def test_build_killed_midway_leaves_the_old_store_and_the_next_build_cleans_up(
    project: Path, tmp_path: Path
) -> None:
    store = tmp_path / "curated" / "regionhealth.duckdb"
    assert build(store, project / "data" / "raw").built
    before = support.sha256(store)
    proc, _ = hold_lock(project, store, tmp_path)
    proc.send_signal(signal.SIGKILL)  # no cleanup runs: the temporary store stays behind
    proc.wait(timeout=60)
    assert support.sha256(store) == before
    assert [n for n in leftovers(store) if n.startswith(f".{store.name}.tmp-")]
    assert build(store, project / "data" / "raw").built  # the lock died with the process
    assert leftovers(store) == []
