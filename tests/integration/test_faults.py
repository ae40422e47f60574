"""A build that fails for want of disk space (or any write) publishes nothing.

Two ways: on a real full disk (a small tmpfs, when the tests run as root and may mount one) and by
faking ENOSPC at each step of the build that writes (monkeypatched, everywhere). Either way the
build stops with one line, the store and every export file stay byte-identical, nothing temporary
is left, and the next build with room succeeds.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from tests import support

from regionhealth.errors import RegionhealthError
from regionhealth.paths import RAW_DIR
from regionhealth.store import build as storemod
from regionhealth.store import publish

CLI = Path(sys.executable).with_name("regionhealth")


def snapshot(store: Path) -> tuple[str, dict[str, str]]:
    """The store's sha256 and the published exports' hashes (checked against generation.json)."""
    return support.sha256(store), support.assert_exports_match_store(store)


# --- a real full disk -------------------------------------------------------------------------


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 MiB tmpfs mounted for the test (root only); skipped where mounting is impossible."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root; the faked-ENOSPC test covers this case")
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip()}); ENOSPC is faked instead")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Write a filler file so that only ``leave`` bytes stay free on ``disk``."""
    st = os.statvfs(disk)
    free = st.f_bavail * st.f_frsize
    filler = disk / "filler"
    with open(filler, "wb") as f:
        remaining = max(0, free - leave)
        chunk = b"\0" * (1 << 20)
        while remaining > 0:
            n = min(remaining, len(chunk))
            try:
                f.write(chunk[:n])
                f.flush()
            except OSError:
                break
            remaining -= n
    return filler


def test_full_disk_leaves_store_and_exports_byte_identical(small_disk: Path) -> None:
    store = small_disk / "regionhealth.duckdb"
    first = subprocess.run(
        [str(CLI), "build", "--store", str(store)], capture_output=True, text=True, timeout=600
    )
    assert first.returncode == 0, first.stderr
    before = snapshot(store)
    size = store.stat().st_size
    # From no room at all to almost a whole new store: each level fails at another step.
    levels = [0, 64 << 10, 1 << 20, size // 2, size - (256 << 10), size + (128 << 10)]
    failures = 0
    for leave in levels:
        filler = fill(small_disk, leave)
        proc = subprocess.run(
            [str(CLI), "build", "--store", str(store), "--force"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        filler.unlink()
        assert "Traceback" not in proc.stdout + proc.stderr
        assert proc.returncode == 2, (leave, proc.stdout, proc.stderr)
        assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("regionhealth: error: ")
        assert "the previous store and exports are unchanged" in proc.stderr, proc.stderr
        assert snapshot(store) == before, leave
        assert support.leftovers(store) == [], leave
        failures += 1
    proc = subprocess.run(
        [str(CLI), "build", "--store", str(store), "--force"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr  # with room again, the build goes through
    assert snapshot(store)[0] != before[0]
    support.record("faults", "full_disk_builds_refused", failures)


# --- ENOSPC faked at every write step -----------------------------------------------------------


def enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def after(original: Callable, fail: Callable) -> Callable:
    """Run ``original`` then fail (the write happened, what follows it did not)."""

    def wrapped(*args: object, **kwargs: object) -> object:
        original(*args, **kwargs)
        return fail()

    return wrapped


def nth_call(original: Callable, n: int) -> Callable:
    """``original`` for the first n-1 calls, ENOSPC on the n-th."""
    calls = [0]

    def wrapped(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == n:
            enospc()
        return original(*args, **kwargs)

    return wrapped


def leave_wal(original: Callable) -> Callable:
    """DuckDB's failed checkpoint at close: the data is left in the write-ahead log only."""

    def wrapped(path: Path, expected: dict[str, int]) -> None:
        path.with_name(path.name + ".wal").write_bytes(b"\0" * 64)
        original(path, expected)

    return wrapped


def duckdb_full(*args: object, **kwargs: object) -> None:
    raise duckdb.IOException('Could not write file "x": No space left on device')


# (patched object, attribute, replacement factory): one row per step of a build that writes.
STEPS: dict[str, tuple[object, str, Callable[[Callable], Callable]]] = {
    "tables_insert_first": (storemod, "insert", lambda o: nth_call(o, 1)),
    "tables_insert_documents": (storemod, "insert", lambda o: nth_call(o, 2)),
    "duckdb_write_fails": (storemod, "insert", lambda o: duckdb_full),
    "views": (storemod, "create_views", lambda o: enospc),
    "checkpoint_at_close_leaves_wal": (publish, "verify_store", leave_wal),
    "fsync_store": (publish, "fsync_file", lambda o: nth_call(o, 1)),
    "export_parquet_csv": (storemod, "export_tables", lambda o: after(o, enospc)),
    "export_csv_copy": (shutil, "copyfileobj", lambda o: nth_call(o, 3)),
    "export_generation_file": (Path, "write_text", lambda o: enospc),
    "fsync_exports": (publish, "fsync_dir", lambda o: nth_call(o, 1)),
    "rename_generation": (os, "rename", lambda o: nth_call(o, 1)),
    "symlink": (os, "symlink", lambda o: enospc),
    "replace_store": (os, "replace", lambda o: nth_call(o, 1)),
    "switch_exports": (os, "replace", lambda o: nth_call(o, 2)),
    "fsync_folder_after_rename": (publish, "fsync_dir", lambda o: nth_call(o, 3)),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Inputs of two documents and a store with exports built from them."""
    root = tmp_path_factory.mktemp("faults")
    raw = support.raw_variant(RAW_DIR, root / "raw", 2)
    store = root / "curated" / "regionhealth.duckdb"
    build(store, raw)
    return raw, store


build = support.build


@pytest.mark.parametrize("step", STEPS, ids=list(STEPS))
def test_enospc_at_each_write_step_publishes_nothing(
    built: tuple[Path, Path], step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, template = built
    curated = tmp_path / "curated"
    shutil.copytree(template.parent, curated, symlinks=True)
    store = curated / template.name
    before = snapshot(store)
    target, name, fake = STEPS[step]
    with monkeypatch.context() as m:
        m.setattr(target, name, fake(getattr(target, name)))
        with pytest.raises(RegionhealthError) as err:
            build(store, raw)
    message = str(err.value)
    assert "\n" not in message
    assert message.endswith("the previous store and exports are unchanged"), message
    assert snapshot(store) == before
    assert support.leftovers(store) == []
    after_ok = build(store, raw)  # the fault gone, the next build publishes store and exports
    assert after_ok.built
    support.assert_exports_match_store(store)
    assert support.leftovers(store) == []


# --- what is not ours is never overwritten --------------------------------------------------------


def foreign_duckdb(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE precious AS SELECT 42 AS answer")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.write_text("doc_id,region_id\n", encoding="utf-8"),
            "{p}: exists and is not a regionhealth store (no build_info); refusing to overwrite it: "
            "choose another --store or move the file away",
        ),
        (
            lambda p: p.write_bytes(b""),
            "{p}: exists and is not a regionhealth store (no build_info); refusing to overwrite it: "
            "choose another --store or move the file away",
        ),
        (
            foreign_duckdb,
            "{p}: exists and is not a regionhealth store (no build_info); refusing to overwrite it: "
            "choose another --store or move the file away",
        ),
        (
            lambda p: os.mkfifo(p),
            "{p}: is not a regular file; --store takes the path of a .duckdb file",
        ),
    ],
    ids=["text_file", "empty_file", "other_duckdb_database", "fifo"],
)
def test_build_refuses_to_overwrite_a_file_that_is_not_a_store(
    tmp_path: Path, make: Callable[[Path], None], message: str
) -> None:
    path = tmp_path / "target.duckdb"
    make(path)
    before = support.sha256(path) if path.is_file() else None
    proc = subprocess.run(
        [str(CLI), "build", "--store", str(path), "--no-export"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"regionhealth: error: {message.format(p=path)}\n"
    if before is not None:
        assert support.sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target.duckdb"]


def test_build_refuses_to_replace_an_export_folder_it_did_not_write(tmp_path: Path) -> None:
    store = tmp_path / "regionhealth.duckdb"
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "thesis.docx").write_bytes(b"chapter 1")
    proc = subprocess.run(
        [str(CLI), "build", "--store", str(store)], capture_output=True, text=True, timeout=300
    )
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        f"regionhealth: error: {tmp_path / 'export'}: exists and was not written by regionhealth; "
        "refusing to replace it (move it away or build with --no-export)\n"
    )
    assert (tmp_path / "export" / "thesis.docx").read_bytes() == b"chapter 1"
    assert not store.exists()


def test_store_symlink_stays_a_link_and_its_target_is_rebuilt(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    raw, template = built
    real = tmp_path / "real" / "regionhealth.duckdb"
    real.parent.mkdir()
    shutil.copy(template, real)
    link = tmp_path / "link.duckdb"
    link.symlink_to(real)
    build(link, raw, export_dir=None)
    assert link.is_symlink() and link.resolve() == real
    assert support.sha256(real) != support.sha256(template)


def test_exports_of_an_earlier_version_are_migrated_to_a_generation(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    raw, template = built
    store = tmp_path / "regionhealth.duckdb"
    shutil.copy(template, store)
    legacy = tmp_path / "export"
    shutil.copytree(template.parent / "export", legacy)  # a plain folder, as older builds wrote
    (legacy / "generation.json").unlink()
    result = build(store, raw)
    assert result.built
    support.assert_exports_match_store(store)
    assert support.leftovers(store) == []


def test_build_killed_between_the_two_switches_is_repaired_by_the_next_build(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New store, old exports (the process died after the first rename): the next build re-links."""
    raw, template = built
    curated = tmp_path / "curated"
    shutil.copytree(template.parent, curated, symlinks=True)
    store = curated / template.name

    class Killed(BaseException):
        pass

    def die(*args: object) -> None:
        raise Killed()

    with monkeypatch.context() as m:
        m.setattr(publish, "switch_link", die)
        m.setattr(publish, "publish", _publish_without_rollback(die))
        with pytest.raises(Killed):
            build(store, raw)
    with pytest.raises(AssertionError, match="exports of another store"):
        support.assert_exports_match_store(store)
    result = build(store, raw, force=False)
    assert not result.built  # the store is up to date …
    assert result.notes and "exports were not those of the store" in result.notes[0]
    support.assert_exports_match_store(store)  # … and its exports are published again
    assert support.leftovers(store) == []


def test_exports_staged_by_a_build_killed_before_publishing_are_removed_by_the_next_build(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kill after the new exports are staged but before the store is renamed leaves a complete
    generation nothing links to; the next build removes it even when the store is up to date."""
    raw, template = built
    curated = tmp_path / "curated"
    shutil.copytree(template.parent, curated, symlinks=True)
    store = curated / template.name
    build(store, raw)  # a current generation and the one before it
    published = generations(store)
    assert len(published) == 2

    class Killed(BaseException):
        pass

    def die(*args: object) -> None:
        raise Killed()

    with monkeypatch.context() as m:
        m.setattr(publish, "publish", die)
        with pytest.raises(Killed):
            build(store, raw)
    orphan = generations(store) - published
    assert len(orphan) == 1  # staged complete, never linked
    result = build(store, raw, force=False)
    assert not result.built  # nothing to rebuild …
    assert generations(store) == published  # … and the orphan is gone, the previous one kept
    support.assert_exports_match_store(store)
    assert support.leftovers(store) == []


def generations(store: Path) -> set[str]:
    """The export generation folders beside ``store``."""
    return {p.name for p in store.parent.iterdir() if support.GENERATION.fullmatch(p.name)}


def _publish_without_rollback(die: Callable) -> Callable:
    """publish() as a process killed right after renaming the store would leave things."""

    def publish_(tmp: Path, store: Path, link: Path | None, export_dir: Path | None) -> None:
        os.replace(tmp, store)
        die()

    return publish_


# --- reports: one store generation per run, never someone else's folder ----------------------------


def test_pinned_store_keeps_the_generation_a_rebuild_replaces(built: tuple[Path, Path], tmp_path):
    from regionhealth.reports import runner as reports

    _, template = built
    store = tmp_path / "regionhealth.duckdb"
    shutil.copy(template, store)
    out = tmp_path / "out"
    out.mkdir()
    pinned, sha = reports.pin_store(store, out)
    assert sha == support.sha256(store)
    replacement = tmp_path / "new.duckdb"
    replacement.write_bytes(store.read_bytes() + b"\0")
    os.replace(replacement, store)  # what a rebuild does to the store's path
    assert support.sha256(pinned) == sha != support.sha256(store)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda out: out.write_text("not a folder", encoding="utf-8"),
            "{out}: --out is not a folder",
        ),
        (
            lambda out: (out.mkdir(), (out / "thesis.docx").write_bytes(b"chapter 1")),
            "{out}: --out is neither empty nor a report set (no manifest.json); refusing to write "
            "into it: choose a new or empty folder",
        ),
    ],
    ids=["a_file", "a_folder_of_other_files"],
)
def test_reports_refuse_an_out_that_is_not_a_report_set(
    built: tuple[Path, Path], tmp_path: Path, make: Callable[[Path], None], message: str
) -> None:
    _, store = built
    out = tmp_path / "out"
    make(out)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    proc = subprocess.run(
        [str(CLI), "reports", "--out", str(out), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.endswith(f"regionhealth: error: {message.format(out=out)}\n")
    assert proc.stderr.count("regionhealth:") == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_reports_accept_an_empty_folder_or_an_earlier_report_set(tmp_path: Path) -> None:
    from regionhealth.reports import runner as reports

    (tmp_path / "empty").mkdir()
    reports.check_out_is_ours(tmp_path / "empty")
    (tmp_path / "earlier").mkdir()
    (tmp_path / "earlier" / "manifest.json").write_text("{}", encoding="utf-8")
    reports.check_out_is_ours(tmp_path / "earlier")
    reports.check_out_is_ours(tmp_path / "new")
