"""One report run, executed in a worker process: papermill runs the notebook in a fresh kernel,
then the run's HTML page and ``run.json`` are written beside the executed ``.ipynb``.

:mod:`regionhealth.reports.runner` decides which runs to execute and hands each one here as a task
(a dict, so that it crosses to a spawned worker as it is).
"""

from __future__ import annotations

import html
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from regionhealth import paths
from regionhealth.reports import pages
from regionhealth.reports.config import notebook_path


def kernel_name() -> str:
    """'regionhealth' if that Jupyter kernel is registered (``make kernel``), else 'python3'."""
    from jupyter_client.kernelspec import KernelSpecManager

    return (
        "regionhealth" if "regionhealth" in KernelSpecManager().find_kernel_specs() else "python3"
    )


def execute(task: dict[str, Any]) -> dict[str, Any]:
    """Execute one run with papermill in a fresh kernel and write its .ipynb, .html, run.json."""
    run_dir = Path(task["run_dir"])
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "run.json").unlink(missing_ok=True)  # an interrupted run is never a cache hit
    ipynb, page = run_dir / f"{task['id']}.ipynb", run_dir / f"{task['id']}.html"
    started = datetime.now(UTC)
    t0 = time.monotonic()
    status, error = _execute_notebook(task, ipynb)
    record = {
        "id": task["id"],
        "notebook": task["notebook"],
        "title": task["title"],
        "parameters": task["parameters"],
        "status": status,
        "error": error,
        "cached": False,
        "started_at": started.isoformat(timespec="seconds"),
        "duration_s": 0.0,
        "cache_key": task["cache_key"],
        "store_sha256": task["store_sha256"],
        "code_version": task["code_version"],
        "ipynb": ipynb.name,
        "html": page.name,
    }
    if ipynb.is_file():
        record = _write_page(task, record, ipynb, page)
    record["duration_s"] = round(time.monotonic() - t0, 2)
    (run_dir / "run.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), "utf-8")
    return record


def _execute_notebook(task: dict[str, Any], ipynb: Path) -> tuple[str, str | None]:
    """Run the task's notebook into ``ipynb``, the kernel's stderr in ``kernel.log``: ('ok',
    None) or ('failed', the error's first line)."""
    import jupytext
    import papermill
    from papermill.exceptions import PapermillExecutionError

    run_dir = Path(task["run_dir"])
    status, error = "ok", None
    nb = jupytext.read(notebook_path(task["notebook"]), fmt="py:percent")
    # The kernel inherits this process's stderr: keep its chatter out of the progress bar.
    saved_stderr = os.dup(2)
    with open(run_dir / "kernel.log", "w") as log:
        os.dup2(log.fileno(), 2)
        try:
            papermill.execute_notebook(
                nb,
                str(ipynb),
                # The notebooks read the run's pinned store; the record keeps the store's own path.
                parameters={
                    **task["parameters"],
                    "store_path": task.get("pinned_store", task["parameters"]["store_path"]),
                },
                kernel_name=task["kernel"],
                cwd=str(paths.NOTEBOOKS_DIR),
                progress_bar=False,
                start_timeout=120,
                execution_timeout=900,
            )
        except PapermillExecutionError as exc:
            status, error = "failed", f"{exc.ename}: {exc.evalue}".splitlines()[0]
        except Exception as exc:  # kernel died, notebook unreadable, ...: still a failed run
            status, error = "failed", f"{type(exc).__name__}: {exc}".splitlines()[0]
        finally:
            os.dup2(saved_stderr, 2)
            os.close(saved_stderr)
    return status, error


def _write_page(
    task: dict[str, Any], record: dict[str, Any], ipynb: Path, page: Path
) -> dict[str, Any]:
    """Write the run's HTML page from its executed notebook; the record with the notebook's
    title and number of charts."""
    import nbformat

    nb_page = pages.NotebookPage(Path(task["run_dir"]), task["static"])
    body = nb_page.body(nbformat.read(ipynb, as_version=4))
    record = {**record, "title": nb_page.title or record["title"], "charts": nb_page.n_charts}
    page.write_text(report_page(body, record, task["scripts"]), encoding="utf-8")
    return record


def report_page(body: str, record: dict[str, Any], scripts: list[str]) -> str:
    """A report page: the run's title and metadata on top, the notebook's content below."""
    status = record["status"]
    error = record.get("error")
    header = (
        '<a href="../index.html">← 全部报告 / All reports</a>'
        f"<h1>{html.escape(record['title'])}</h1>"
        f'<div class="meta">状态 / Status: <span class="status-{status}">{status}</span> · '
        f"{html.escape(record['started_at'])} · store sha256 {record['store_sha256']} · "
        f"code {html.escape(record['code_version'])}</div>"
        + (f'<p class="error">{html.escape(error)}</p>' if error else "")
    )
    return pages.page(record["title"], header, pages.with_toc(body), scripts)
