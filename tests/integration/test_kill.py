"""`kill -9` at random moments of `regionhealth build --jobs 2`, the export phase included.

After every kill: the store is one whole generation (old or new), the exports are one whole
generation and name the store (or, killed between the two renames, name the previous store while
the store's own generation sits complete beside them: the next build switches them), the lock is
free at once, no extraction worker outlives the build, and only our temporary names are left,
which the next build removes.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from tests import support

from regionhealth.paths import CATALOG_DIR, QUERIES_DIR, RAW_DIR, REVIEW_DIR

CLI = Path(sys.executable).with_name("regionhealth")
RANDOM_KILLS = 16  # uniform over the whole build
EXPORT_KILLS = 8  # a few milliseconds after the export phase starts
TEMPORARY = (
    ".regionhealth.duckdb.tmp-",
    ".regionhealth.duckdb.prev-",
    ".export.tmp-",
    ".export.link-",
)


def start_build(home: Path, store: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REGIONHEALTH_HOME": str(home)}
    return subprocess.Popen(
        [str(CLI), "build", "--store", str(store), "--force", "--jobs", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its workers share its process group: we can find them after
    )


def group_members(pgid: int) -> list[int]:
    """Processes still alive in process group ``pgid`` (the build's extraction workers)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def lock_is_free(store: Path) -> bool:
    fd = os.open(store.with_name(store.name + ".lock"), os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def assert_store_whole(store: Path) -> None:
    with duckdb.connect(str(store), read_only=True) as con:
        n_docs, n_targets = con.execute("SELECT n_documents, n_targets FROM build_info").fetchone()
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == n_docs
        assert con.execute("SELECT count(*) FROM targets").fetchone()[0] == n_targets


def exports_state(store: Path) -> str:
    """'consistent', or 'between renames' (exports one generation behind, the store's own ready)."""
    export = store.parent / "export"
    gen = json.loads((export / "generation.json").read_text(encoding="utf-8"))
    for name, meta in gen["files"].items():
        assert support.sha256(export / name) == meta["sha256"], name  # one whole generation
    sha = support.sha256(store)
    if gen["store_sha256"] == sha:
        return "consistent"
    own = store.parent / f".export.{sha[:16]}"
    assert json.loads((own / "generation.json").read_text())["store_sha256"] == sha
    return "between renames"


def phase(store: Path, before: str, leftovers: list[str]) -> str:
    """Where the kill landed, read from what it left."""
    if support.sha256(store) != before:
        return "after the store rename"
    if any(n.startswith(".export.") for n in leftovers):
        return "export"
    if any(n.startswith(".regionhealth.duckdb.tmp-") for n in leftovers):
        return "writing or checking the store"
    return "before writing"


def make_home(tmp_path: Path, documents: int) -> Path:
    """A REGIONHEALTH_HOME with ``documents`` of the raw documents and the committed catalog,
    reviews and queries."""
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    support.raw_variant(RAW_DIR, home / "data" / "raw", documents)
    shutil.copytree(CATALOG_DIR, home / "data" / "catalog")
    shutil.copytree(REVIEW_DIR, home / "data" / "review")
    shutil.copytree(QUERIES_DIR, home / "queries")
    return home


def test_kill_9_at_random_moments_never_leaves_a_mix_a_stale_lock_or_an_orphan(
    tmp_path: Path,
) -> None:
    home = make_home(tmp_path, 3)
    store = tmp_path / "curated" / "regionhealth.duckdb"
    t0 = time.monotonic()
    first = start_build(home, store)
    assert first.wait(timeout=300) == 0
    full = time.monotonic() - t0
    rng = random.Random(15)
    # Uniform moments over the whole build, then moments just after the export phase began.
    plan = [("random", rng.uniform(0.0, full * 1.1)) for _ in range(RANDOM_KILLS)]
    plan += [("export", rng.uniform(0.0, 0.03)) for _ in range(EXPORT_KILLS)]
    phases: Counter[str] = Counter()
    states: Counter[str] = Counter()
    for kind, delay in plan:
        before = support.sha256(store)
        proc = start_build(home, store)
        if kind == "export":
            deadline = time.monotonic() + 300
            exporting = store.parent / f".export.tmp-{proc.pid}"
            while not exporting.exists() and proc.poll() is None:
                assert time.monotonic() < deadline
                time.sleep(0.002)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 10  # the kernel delivers the workers' death signal
        while group_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert group_members(proc.pid) == [], "an extraction worker outlived the build"
        assert lock_is_free(store), "the lock outlived the build"
        assert_store_whole(store)
        states[exports_state(store)] += 1
        left = support.leftovers(store)
        assert all(n.startswith(TEMPORARY) for n in left), left
        phases[phase(store, before, [n for n in left if n.endswith(f"-{proc.pid}")])] += 1
    # The next build removes what the kills left and publishes consistent exports.
    env = {**os.environ, "REGIONHEALTH_HOME": str(home)}
    proc = subprocess.run(
        [str(CLI), "build", "--store", str(store), "--jobs", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    support.assert_exports_match_store(store)
    assert support.leftovers(store) == []
    assert phases["export"] >= EXPORT_KILLS // 2, phases
    support.record("kill", "kills", len(plan))
    support.record("kill", "full_build_seconds", round(full, 1))
    for name, n in sorted(phases.items()):
        support.record("kill", f"phase:{name}", n)
    for name, n in sorted(states.items()):
        support.record("kill", f"exports:{name}", n)


@pytest.mark.parametrize(
    ("signum", "status", "line"),
    [
        (signal.SIGTERM, 143, "regionhealth: terminated (SIGTERM); temporary files removed\n"),
        (signal.SIGINT, 130, "regionhealth: interrupted; temporary files removed\n"),
    ],
    ids=["sigterm", "sigint"],
)
def test_sigterm_or_ctrl_c_stops_the_build_cleanly_in_one_line(
    tmp_path: Path, signum: int, status: int, line: str
) -> None:
    """SIGTERM once printed a multiprocessing traceback and orphaned a worker."""
    home = make_home(tmp_path, 5)
    store = tmp_path / "curated" / "regionhealth.duckdb"
    assert start_build(home, store).wait(timeout=300) == 0
    before = support.sha256(store), support.assert_exports_match_store(store)
    env = {**os.environ, "REGIONHEALTH_HOME": str(home)}
    proc = subprocess.Popen(
        [str(CLI), "build", "--store", str(store), "--force", "--jobs", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    writing = store.with_name(f".{store.name}.tmp-{proc.pid}")
    deadline = time.monotonic() + 300
    while not writing.exists():
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=120)
    assert (proc.returncode, out, err) == (status, "", line)
    time.sleep(0.5)
    assert group_members(proc.pid) == []
    assert lock_is_free(store)
    assert (support.sha256(store), support.assert_exports_match_store(store)) == before
    assert support.leftovers(store) == []
