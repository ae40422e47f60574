"""Start-up: wall time of `regionhealth --help` and of a no-op build, and the heavy modules they import."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

from benchmarks.build import BIN, build_cmd
from benchmarks.measure import median

HEAVY = (
    "pandas",
    "altair",
    "papermill",
    "nbconvert",
    "jupytext",
    "vl_convert",
    "polars",
    "duckdb",
    "pyarrow",
    "numpy",
    "yaml",
    "tqdm",
)
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def _wall(cmd: list[str], env: dict[str, str], reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        subprocess.run(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        out.append(time.perf_counter() - t0)
    return out


def imports(cmd: list[str], env: dict[str, str]) -> dict:
    """Top-level packages imported by ``cmd`` (python -X importtime) with their cumulative ms."""
    p = subprocess.run(
        [str(BIN / "python"), "-X", "importtime", *cmd], env=env, capture_output=True, text=True
    )
    top: dict[str, float] = {}
    total = 0.0
    for line in p.stderr.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        cumulative_us, indent, name = int(m.group(2)), len(m.group(3)), m.group(4)
        if indent == 1:  # imported at top level of the program, cumulative includes its children
            total += cumulative_us / 1000
        root = name.split(".")[0]
        top[root] = max(top.get(root, 0.0), cumulative_us / 1000)
    heavy = {k: round(v, 1) for k, v in top.items() if k in HEAVY}
    return {
        "heavy_ms": heavy,
        "import_total_ms": round(total, 1),
        "stdout": p.stdout.strip().splitlines()[:1],
    }


def run(home: Path, reps: int = 10) -> dict:
    """--help and a no-op build of the (already built) store of ``home``."""
    env = {**os.environ, "REGIONHEALTH_HOME": str(home)}
    cli = str(BIN / "regionhealth")
    noop = build_cmd(home, jobs=1, force=False)
    first = subprocess.run(noop, env=env, capture_output=True, text=True, check=True).stdout
    res = {
        "help": {
            "cmd": "regionhealth --help",
            "wall_s": _wall([cli, "--help"], env, reps),
            **imports([cli, "--help"], env),
        },
        "noop_build": {
            "cmd": "regionhealth build --store STORE (unchanged inputs)",
            "first_stdout": first.strip(),
            "wall_s": _wall(noop, env, reps),
            **imports(noop, env),
        },
    }
    for k in res:
        res[k]["median_s"] = median(res[k]["wall_s"])
        print(
            f"  startup {k}: {res[k]['median_s'] * 1000:.0f} ms, heavy imports {sorted(res[k]['heavy_ms'])}",
            flush=True,
        )
    return res
