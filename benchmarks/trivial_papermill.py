"""The floor of a papermill report set: N trivial notebooks executed as `regionhealth reports` does.

Same kernel, same process pool (spawn, --jobs workers), same papermill call; the notebook only
has a parameters cell and one line, so what remains is papermill and kernel start-up.
Run: python -m benchmarks.trivial_papermill N JOBS OUT_DIR
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def trivial_notebook(path: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('store_path = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("x = 1 + 1")]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def _execute(task: tuple[str, str, str]) -> str:
    import papermill

    src, dst, kernel = task
    papermill.execute_notebook(
        src,
        dst,
        parameters={"store_path": "unused"},
        kernel_name=kernel,
        progress_bar=False,
        start_timeout=120,
    )
    return dst


def main(argv: list[str]) -> int:
    from regionhealth.reports.execute_run import kernel_name

    n, jobs, out = int(argv[0]), int(argv[1]), Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    src = trivial_notebook(out / "trivial.ipynb")
    kernel = kernel_name()
    tasks = [(str(src), str(out / f"run{i:02d}.ipynb"), kernel) for i in range(n)]
    with ProcessPoolExecutor(
        max_workers=min(jobs, n), mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        done = list(pool.map(_execute, tasks))
    print(f"{len(done)} trivial notebooks executed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
