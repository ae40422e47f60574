"""Publishing a build durably: the lock, the checks on the closed file, fsync, and export generations.

A build writes its store under a temporary name and its exports into a hidden generation folder
``.export.<store-sha16>/`` beside the store (with ``generation.json`` naming the store's sha256).
Only when both are complete and on disk are two renames done: the store over the old store, then a
fresh symlink ``export -> .export.<store-sha16>`` over the old one. A reader of ``export/`` follows
the link once and reads one whole generation; the previous generation stays until the next build,
so a reader that resolved the old link keeps finding its files. If the build dies between the two
renames, the next build sees the link naming another store and switches it (or re-exports).

This module knows nothing of what the exports contain: the caller passes a function that writes
them into a folder.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from regionhealth.errors import RegionhealthError
from regionhealth.sources.registry import sha256_file

GENERATION_FILE = "generation.json"
_LEGACY_EXPORT_FILE = re.compile(r"[a-z_][a-z0-9_]*\.(?:parquet|csv)|datapackage\.json")
_GENERATION_NAME = re.compile(r"\.(?P<export>.+)\.(?P<sha>[0-9a-f]{16})")


# --- on disk ------------------------------------------------------------------------------------


def fsync_file(path: Path) -> None:
    """Flush a file's data to the disk (a rename is only durable once the renamed data is)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (renames, new files) to the disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_DISK_WORDS = (
    "No space left on device",
    "Disk quota exceeded",
    "Read-only file system",
    "Permission denied",
)


def is_disk_error(exc: BaseException) -> bool:
    """Whether a failed write is the machine's (disk full, read-only, permissions), not a bug.

    DuckDB reports a full disk as an IOException or, when it happens at commit, as a
    TransactionException whose message carries the operating system's reason.
    """
    if isinstance(exc, OSError | duckdb.IOException):
        return True
    return isinstance(exc, duckdb.Error) and any(w in str(exc) for w in _DISK_WORDS)


def disk_error(exc: BaseException, where: Path) -> RegionhealthError:
    """One line for a write that failed (disk full, read-only folder, permission): nothing published."""
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            reason = "no space left on device"
    else:
        text = str(exc)
        reason = next((w.lower() for w in _DISK_WORDS if w in text), None) or (
            text.splitlines()[0] if text else type(exc).__name__
        )
    return RegionhealthError(
        f"cannot write the new store in {where} ({reason}); the previous store and exports are unchanged"
    )


def verify_store(path: Path, expected: dict[str, int]) -> None:
    """Check a closed store from the file alone: no write-ahead log beside it, every row count as written.

    DuckDB can fail to checkpoint at close (a full disk) without raising, leaving the data only in
    the ``.wal``; a connection opened on such a file replays the log and looks fine, but the file
    on its own is empty. So the log must be gone before the file is opened to count rows.
    """
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        raise RegionhealthError(
            f"cannot write the new store in {path.parent} (its write-ahead log was not checkpointed "
            "at close: is the disk full?); the previous store and exports are unchanged"
        )
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            for table, n in expected.items():
                (got,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - allow-listed
                if got != n:
                    raise RegionhealthError(
                        f"the new store {path.name} holds {got} rows in {table}, {n} were written; "
                        "the previous store and exports are unchanged"
                    )
    except duckdb.Error as exc:
        raise RegionhealthError(
            f"the new store {path.name} does not read back ({str(exc).splitlines()[0]}); "
            "the previous store and exports are unchanged"
        ) from None
    if wal.exists():  # reading must not have needed a log either
        raise RegionhealthError(
            f"the new store {path.name} left a write-ahead log when read back; the previous store "
            "and exports are unchanged"
        )


# --- the build lock -----------------------------------------------------------------------------

_HELD: set[str] = set()


@contextlib.contextmanager
def build_lock(store: Path) -> Iterator[None]:
    """Hold an exclusive lock for the build of ``store``; a second build fails with a clear message.

    The lock is a POSIX record lock (``fcntl.lockf``) on ``<store>.lock``: it belongs to this
    process alone, so forked extraction workers never hold it, and it dies with the process,
    even under ``kill -9``. The file descriptor is not inherited across exec.
    """
    if store.parent.exists() and not store.parent.is_dir():
        raise RegionhealthError(f"{store.parent}: is not a directory; it cannot hold the store")
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegionhealthError(
            f"{store.parent}: cannot create the store directory ({exc.strerror})"
        ) from None
    lock_path = store.with_name(store.name + ".lock")
    busy = RegionhealthError(
        f"another build of {store} is running (lock {lock_path}); try again when it ends"
    )
    key = str(lock_path.resolve())
    if key in _HELD:  # a POSIX lock does not exclude its own process: check that ourselves
        raise busy
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise RegionhealthError(
            f"{lock_path}: cannot open the build lock ({exc.strerror}); "
            "remove it or run the build as its owner"
        ) from None
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EAGAIN):
                raise busy from None
            raise
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)
    finally:
        os.close(fd)  # releases the lock


# --- export generations -------------------------------------------------------------------------


def generation_dir(export_dir: Path, store_sha: str) -> Path:
    """The hidden folder holding the exports of the store with this sha256."""
    return export_dir.with_name(f".{export_dir.name}.{store_sha[:16]}")


def read_generation(folder: Path) -> dict | None:
    """The generation.json of an export folder, or None if it has none (incomplete or not ours)."""
    try:
        return json.loads((folder / GENERATION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def current_store_sha(export_dir: Path) -> str | None:
    """The sha256 of the store the published exports were made from, or None."""
    if not export_dir.is_symlink():
        return None
    gen = read_generation(export_dir)
    return gen.get("store_sha256") if gen else None


def _complete(folder: Path, store_sha: str) -> bool:
    """Whether a generation folder holds every file its generation.json lists, unchanged."""
    gen = read_generation(folder)
    if not gen or gen.get("store_sha256") != store_sha:
        return False
    files = gen.get("files", {})
    return all(
        (folder / name).is_file() and (folder / name).stat().st_size == meta["bytes"]
        for name, meta in files.items()
    )


def check_exports_are_ours(export_dir: Path, table_names: list[str]) -> None:
    """Refuse to replace an ``export`` path this project did not write (a file, a foreign folder)."""
    if export_dir.is_symlink():
        target = os.readlink(export_dir)
        m = _GENERATION_NAME.fullmatch(target)
        if m and m["export"] == export_dir.name:
            return
        raise RegionhealthError(
            f"{export_dir}: is a link to {target!r}, not an export written by regionhealth; "
            "move it away or build with --no-export"
        )
    if not export_dir.exists():
        return
    if export_dir.is_dir():
        # Exports of earlier versions: a plain folder of <table or view>.parquet / .csv files and
        # datapackage.json, nothing else.
        names = {p.name for p in export_dir.iterdir()}
        known = {f"{t}.{ext}" for t in table_names for ext in ("parquet", "csv")}
        if all(n in known or _LEGACY_EXPORT_FILE.fullmatch(n) for n in names):
            return
    raise RegionhealthError(
        f"{export_dir}: exists and was not written by regionhealth; refusing to replace it "
        "(move it away or build with --no-export)"
    )


def stage_exports(
    store_file: Path,
    store_sha: str,
    export_dir: Path,
    write: Callable[[Path, Path], None],
    replaces: str | None,
) -> Path:
    """Write the exports of ``store_file`` into their generation folder, complete and on disk.

    ``replaces`` (the generation ``export`` names now) is recorded in generation.json: once this
    generation is published, it is the one kept beside it for readers still in it.
    """
    final = generation_dir(export_dir, store_sha)
    if _complete(final, store_sha):
        return final
    tmp = export_dir.with_name(f".{export_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        write(store_file, tmp)
        files = {
            p.name: {"bytes": p.stat().st_size, "sha256": sha256_file(p)}
            for p in sorted(tmp.iterdir())
            if p.is_file()
        }
        meta = {"store_sha256": store_sha, "replaces": replaces, "files": files}
        (tmp / GENERATION_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        for p in tmp.iterdir():
            fsync_file(p)
        fsync_dir(tmp)
        shutil.rmtree(final, ignore_errors=True)  # an incomplete folder of the same store
        os.rename(tmp, final)
        fsync_dir(final.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def prepare_link(export_dir: Path, generation: Path) -> Path:
    """A new symlink to ``generation``, made beside ``export`` ahead of the switch."""
    link = export_dir.with_name(f".{export_dir.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    os.symlink(generation.name, link)
    return link


def switch_link(link: Path, export_dir: Path) -> None:
    """Atomically point ``export`` at the new generation (a rename over the old link)."""
    if export_dir.is_dir() and not export_dir.is_symlink():
        # A plain folder from an earlier version cannot be renamed over by a link: move it aside.
        export_dir.rename(export_dir.with_name(f".{export_dir.name}.legacy-{os.getpid()}"))
    os.replace(link, export_dir)


def publish(tmp: Path, store: Path, link: Path | None, export_dir: Path | None) -> None:
    """Rename the verified store over the old one, then switch the exports; on any failure undo both.

    The old store stays reachable through a hard link until the end, so a failure after the first
    rename (a full disk at the folder's fsync, a signal) puts the old store and exports back.
    """
    had_store = store.is_file()
    old_target = (
        os.readlink(export_dir) if export_dir is not None and export_dir.is_symlink() else None
    )
    backup = None
    if had_store:
        backup = store.with_name(f".{store.name}.prev-{os.getpid()}")
        backup.unlink(missing_ok=True)
        try:
            os.link(store, backup)
        except OSError:
            backup = None
    replaced = switched = False
    try:
        os.replace(tmp, store)
        replaced = True
        if link is not None and export_dir is not None:
            switch_link(link, export_dir)
            switched = True
        fsync_dir(store.parent)
    except BaseException:
        _undo(store, export_dir, backup, had_store, old_target, replaced, switched)
        raise
    finally:
        if backup is not None:  # gone already if _undo put it back
            backup.unlink(missing_ok=True)


def _undo(
    store: Path,
    export_dir: Path | None,
    backup: Path | None,
    had_store: bool,
    old_target: str | None,
    replaced: bool,
    switched: bool,
) -> None:
    """Put the previous store and export link back after a failed publish (best effort, no raise)."""
    with contextlib.suppress(OSError):
        if switched and export_dir is not None:
            if old_target is None:
                export_dir.unlink()
            else:
                back = export_dir.with_name(f".{export_dir.name}.link-{os.getpid()}")
                back.unlink(missing_ok=True)
                os.symlink(old_target, back)
                os.replace(back, export_dir)
    with contextlib.suppress(OSError):
        if replaced:
            if backup is not None:
                os.replace(backup, store)
            elif not had_store:
                store.unlink()
    with contextlib.suppress(OSError):
        fsync_dir(store.parent)


def prune_generations(export_dir: Path, keep: set[str]) -> None:
    """Remove export generations other than ``keep`` (folder names), and folders of old versions."""
    parent = export_dir.parent
    if not parent.is_dir():
        return
    prefix = glob.escape(f".{export_dir.name}.")
    for p in parent.glob(prefix + "*"):
        m = _GENERATION_NAME.fullmatch(p.name)
        generation = m is not None and m["export"] == export_dir.name
        legacy = p.name.startswith(f".{export_dir.name}.legacy-")
        if (generation or legacy) and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)


def remove_stale(store: Path, export_dir: Path | None) -> None:
    """Temporary files of builds that were killed before their cleanup (only call under the lock)."""
    # Names are escaped: a store called "x[1].duckdb" must not be read as a glob pattern.
    for pattern in (f".{store.name}.tmp-", f".{store.name}.prev-"):
        for leftover in store.parent.glob(glob.escape(pattern) + "*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
    if export_dir is not None and export_dir.parent.is_dir():
        esc = glob.escape(export_dir.name)
        for pattern in (f"{esc}.tmp-*", f"{esc}.old-*", f".{esc}.tmp-*"):
            for leftover in export_dir.parent.glob(pattern):
                shutil.rmtree(leftover, ignore_errors=True)
        for leftover in export_dir.parent.glob(f".{esc}.link-*"):
            leftover.unlink(missing_ok=True)


def previous_generation(export_dir: Path) -> str | None:
    """The folder name ``export`` points at now (kept one more build for readers still in it)."""
    if export_dir.is_symlink():
        return os.readlink(export_dir)
    return None


def store_sha256(store: Path) -> str:
    """Hex sha256 of a store file (names its export generation)."""
    return sha256_file(store)
