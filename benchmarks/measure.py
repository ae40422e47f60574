"""Timing helpers: perf_counter loops, child processes with wall time, CPU time and peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def repeat(fn: Callable[[], object], n: int) -> list[float]:
    """Wall seconds of ``n`` calls of ``fn`` (time.perf_counter)."""
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def cpu_busy(seconds: float = 1.0) -> float:
    """Cores busy (0…N) over the next ``seconds``, from /proc/stat: what else runs on the machine."""

    def snap() -> tuple[int, int]:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + v[4]
        return sum(v) - idle, sum(v)

    b0, t0 = snap()
    time.sleep(seconds)
    b1, t1 = snap()
    return (b1 - b0) / max(1, t1 - t0) * (os.cpu_count() or 1)


def wait_quiet(max_wait: float, threshold: float = 0.3) -> float:
    """Wait (up to ``max_wait`` s) until other processes use less than ``threshold`` cores; the last reading."""
    deadline = time.monotonic() + max_wait
    busy = cpu_busy(1.0)
    while busy > threshold and time.monotonic() < deadline:
        busy = cpu_busy(2.0)
    return busy


@dataclass
class ChildRun:
    """One child process: wall time, CPU time of it and its children, peak memory of its tree."""

    cmd: list[str]
    returncode: int
    wall_s: float
    cpu_s: float  # user + sys of the child and every descendant it waited for
    maxrss_bytes: int  # largest single process (getrusage ru_maxrss)
    peak_tree_rss_bytes: int  # largest sum of RSS over the process tree (sampled every 50 ms)
    peak_tree_pss_bytes: int  # largest sum of PSS (shared pages split between processes)
    busy_before: float = 0.0  # cores used by other processes just before
    stdout: str = ""
    stderr: str = ""
    extra: dict = field(default_factory=dict)


def _tree(pid: int) -> list[psutil.Process]:
    try:
        p = psutil.Process(pid)
        return [p, *p.children(recursive=True)]
    except psutil.Error:
        return []


def run_child(
    cmd: list[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    log_dir: Path | None = None,
    sample_s: float = 0.05,
) -> ChildRun:
    """Run ``cmd`` to completion; stdout/stderr to files (no pipe can block the child)."""
    log_dir = log_dir or Path("/tmp")
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / "child.stdout", log_dir / "child.stderr"
    peak = {"rss": 0, "pss": 0}
    stop = threading.Event()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)

        def sample() -> None:
            n = 0
            while not stop.is_set():
                procs = _tree(proc.pid)
                rss = pss = 0
                for p in procs:
                    try:
                        if n % 4 == 0:  # PSS reads smaps: every 200 ms is enough
                            mi = p.memory_full_info()
                            rss += mi.rss
                            pss += mi.pss
                        else:
                            rss += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak["rss"] = max(peak["rss"], rss)
                peak["pss"] = max(peak["pss"], pss)
                n += 1
                stop.wait(sample_s)

        th = threading.Thread(target=sample, daemon=True)
        th.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        th.join()
    return ChildRun(
        cmd=cmd,
        returncode=proc.returncode,
        wall_s=wall,
        cpu_s=ru.ru_utime + ru.ru_stime,
        maxrss_bytes=ru.ru_maxrss * 1024,
        peak_tree_rss_bytes=peak["rss"],
        peak_tree_pss_bytes=peak["pss"],
        stdout=out_path.read_text(errors="replace"),
        stderr=err_path.read_text(errors="replace"),
    )
