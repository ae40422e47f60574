"""Report set: `regionhealth reports --jobs 1` and `--jobs 2` against two baselines, in the same run.

- floor: the same number of trivial notebooks through papermill as the runner does
  (``python -m benchmarks.trivial_papermill N JOBS OUT``): papermill and kernel start-up only;
- loop: a plain shell loop calling the papermill CLI once per report on notebooks converted to
  .ipynb beforehand (no HTML pages, no index, no cache): what a cron job without the runner does.

Every run writes to a fresh --out directory, so no report is ever served from the cache.
The variants run interleaved within each repetition, so they share the machine's load.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.build import BIN
from benchmarks.measure import median, run_child, wait_quiet
from regionhealth import paths
from regionhealth.reports.execute_run import kernel_name
from regionhealth.reports.runner import CONFIG_PATH, load_config, notebook_path


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REGIONHEALTH_HOME", None)  # notebooks and reports.toml of this checkout
    return env


def loop_script(store: Path, work: Path) -> Path:
    """A bash script: one `papermill` CLI call per report of reports.toml (notebooks pre-converted)."""
    runs = load_config(CONFIG_PATH, store)
    nb_dir = work / "ipynb"
    nb_dir.mkdir(parents=True, exist_ok=True)
    for name in sorted({r.notebook for r in runs}):
        subprocess.run(
            [
                str(BIN / "jupytext"),
                "--quiet",
                "--to",
                "ipynb",
                str(notebook_path(name)),
                "-o",
                str(nb_dir / f"{name}.ipynb"),
            ],
            check=True,
        )
    kernel = kernel_name()
    lines = ["#!/bin/bash", "set -e", 'OUT="$1"', 'mkdir -p "$OUT"']
    for r in runs:
        params = json.dumps({**r.parameters, "store_path": str(store)}, ensure_ascii=False)
        lines.append(
            f"{shlex.quote(str(BIN / 'papermill'))} {shlex.quote(str(nb_dir / (r.notebook + '.ipynb')))} "
            f'"$OUT/{r.id}.ipynb" -k {kernel} --cwd {shlex.quote(str(paths.NOTEBOOKS_DIR))} '
            f"--no-progress-bar -y {shlex.quote(params)}"
        )
    script = work / "papermill_loop.sh"
    script.write_text("\n".join(lines) + "\n")
    return script


def run(
    store: Path, work: Path, reps: int, jobs: tuple[int, ...] = (1, 2), quiet_wait: float = 0.0
) -> dict:
    """Median wall time of each variant over ``reps`` interleaved repetitions."""
    n = len(load_config(CONFIG_PATH, store))
    script = loop_script(store, work)
    variants: dict[str, list[str]] = {"loop": ["bash", str(script)]}
    for j in jobs:
        variants[f"floor_jobs{j}"] = [
            sys.executable,
            "-m",
            "benchmarks.trivial_papermill",
            str(n),
            str(j),
        ]
        variants[f"reports_jobs{j}"] = [
            str(BIN / "regionhealth"),
            "reports",
            "--jobs",
            str(j),
            "--store",
            str(store),
            "--out",
        ]
    times: dict[str, list[float]] = {k: [] for k in variants}
    cpu: dict[str, list[float]] = {k: [] for k in variants}
    busy: list[float] = []
    failures: list[str] = []
    for _ in range(reps):
        busy.append(round(wait_quiet(quiet_wait), 2) if quiet_wait else 0.0)
        for name, cmd in variants.items():
            with tempfile.TemporaryDirectory(prefix=f"rh-{name}-", dir=work) as out:
                r = run_child(
                    [*cmd, out], env=_env(), cwd=Path(__file__).resolve().parents[1], log_dir=work
                )
            if r.returncode != 0:
                failures.append(
                    f"{name}: exit {r.returncode}: {r.stderr.strip().splitlines()[-1:] if r.stderr else ''}"
                )
            times[name].append(r.wall_s)
            cpu[name].append(r.cpu_s)
            print(f"  reports {name:16s} {r.wall_s:6.1f} s (exit {r.returncode})", flush=True)
    med = {k: median(v) for k, v in times.items()}
    ratios = {}
    for j in jobs:
        ratios[f"reports_jobs{j}/loop"] = med[f"reports_jobs{j}"] / med["loop"]
        ratios[f"reports_jobs{j}/floor_jobs{j}"] = med[f"reports_jobs{j}"] / med[f"floor_jobs{j}"]
    return {
        "reports": n,
        "reps": reps,
        "wall_s": times,
        "cpu_s": cpu,
        "median_s": med,
        "ratios": ratios,
        "busy_before": busy,
        "failures": failures,
        "commands": {
            k: " ".join(v)
            .replace(str(BIN) + "/", ".venv/bin/")
            .replace(sys.executable, ".venv/bin/python")
            + " OUT"
            for k, v in variants.items()
        },
    }
