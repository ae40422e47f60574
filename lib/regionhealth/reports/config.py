"""reports.toml → the runs to execute: one per entry, or one per value of its matrix.

Every key, notebook, parameter name and type is checked before anything runs; a matrix may be
a list or a query on the store (one read-only SELECT returning one column).
"""

from __future__ import annotations

import ast
import fnmatch
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regionhealth import paths
from regionhealth.errors import RegionhealthError

CONFIG_PATH = paths.ROOT / "reports.toml"
REPORT_KEYS = {"id", "notebook", "title", "parameters", "matrix"}
RUNNER_PARAMETERS = {"store_path"}  # set by the runner for every run, never in the config
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@dataclass(frozen=True)
class Run:
    """One notebook execution: its id (also its output folder), notebook and parameters."""

    id: str
    notebook: str
    title: str
    parameters: dict[str, Any]


def notebook_path(name: str) -> Path:
    """Path of notebook ``name`` (jupytext percent ``notebooks/<name>.py``)."""
    return paths.NOTEBOOKS_DIR / f"{name}.py"


def notebook_names() -> list[str]:
    """Names of the notebooks the runner can execute."""
    return sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("[0-9]*.py"))


def notebook_defaults(name: str) -> dict[str, Any]:
    """Parameter names and default values from the notebook's cell tagged ``parameters``."""
    import jupytext

    nb = jupytext.read(notebook_path(name), fmt="py:percent")
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            defaults: dict[str, Any] = {}
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                    defaults[node.targets[0].id] = ast.literal_eval(node.value)
            return defaults
    raise RegionhealthError(f"notebook {name} has no cell tagged 'parameters'")


def notebook_summary(name: str) -> tuple[str, str]:
    """The question a notebook answers (its '# title') and its first descriptive line."""
    import jupytext

    nb = jupytext.read(notebook_path(name), fmt="py:percent")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            title, _, rest = cell.source.strip().partition("\n")
            paragraph = " ".join(rest.strip().split("\n\n")[0].split())
            first = re.split(r"(?<=[.。])\s", paragraph, maxsplit=1)[0]
            return title.lstrip("# ").strip() or name, first
    return name, ""


def _query_values(where: str, key: str, spec: Any, store: Path | None) -> list[Any]:
    """The values of ``matrix.KEY = { query = "SELECT …" }``: one column read from the store.

    Only one read-only SELECT is accepted, run on a read-only connection without file or
    network access; each value still has to pass the id and type checks of a listed value.
    """
    import duckdb

    if set(spec) != {"query"} or not isinstance(spec["query"], str):
        raise RegionhealthError(f'{where}: matrix.{key} must be a list or {{ query = "SELECT …" }}')
    if store is None:
        raise RegionhealthError(
            f"{where}: matrix.{key} is a query and needs the store; run `regionhealth build` first"
        )
    # A private in-memory instance with the store attached read-only, so the switches below
    # never reach other connections to the same file in this process.
    with duckdb.connect(":memory:") as con:
        con.execute("ATTACH ? AS store (READ_ONLY)", [str(store)])
        con.execute("USE store")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        try:
            statements = con.extract_statements(spec["query"])
            if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
                raise RegionhealthError(f"{where}: matrix.{key} query must be one SELECT")
            cur = con.execute(spec["query"])
            rows = cur.fetchall()
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            raise RegionhealthError(f"{where}: matrix.{key} query failed: {first}") from None
        if len(cur.description) != 1:
            raise RegionhealthError(f"{where}: matrix.{key} query must return one column")
    values = [r[0] for r in rows]
    if not values:
        raise RegionhealthError(f"{where}: matrix.{key} query returned no rows")
    return values


def _check_type(where: str, key: str, value: Any, default: Any) -> None:
    """RegionhealthError unless ``value`` has the type of the notebook's default."""
    if default is None:
        ok = value is None or isinstance(value, str | list)
    elif isinstance(default, bool) or isinstance(value, bool):
        ok = type(value) is type(default)
    elif isinstance(default, int | float):
        ok = isinstance(value, int | float)
    else:
        ok = isinstance(value, type(default))
    if isinstance(value, list):
        ok = ok and all(isinstance(v, str) for v in value)
    if not ok:
        raise RegionhealthError(
            f"{where}: parameter {key} must be {type(default).__name__} like the notebook's "
            f"default {default!r}, got {value!r}"
        )


def _expand(
    where: str, entry: dict[str, Any], defaults: dict[str, Any], store: Path | None = None
) -> list[Run]:
    """The runs of one config entry: one, or one per value of its single ``matrix`` key."""
    params = entry.get("parameters", {})
    matrix = entry.get("matrix", {})
    if not isinstance(params, dict) or not isinstance(matrix, dict):
        raise RegionhealthError(f"{where}: parameters and matrix must be tables")
    params = dict(params)
    if len(matrix) > 1:
        raise RegionhealthError(f"{where}: matrix takes one parameter, got {sorted(matrix)}")
    for key in [*params, *matrix]:
        if key in RUNNER_PARAMETERS:
            raise RegionhealthError(f"{where}: {key} is set by the runner (use --store)")
        if key not in defaults:
            valid = ", ".join(k for k in defaults if k not in RUNNER_PARAMETERS)
            raise RegionhealthError(f"{where}: unknown parameter {key!r}; valid: {valid}")
    if key_overlap := set(params) & set(matrix):
        raise RegionhealthError(f"{where}: {sorted(key_overlap)} in both parameters and matrix")
    variants: list[tuple[dict[str, Any], dict[str, str]]] = [({}, {})]
    if matrix:
        ((mkey, values),) = matrix.items()
        if isinstance(values, dict):
            values = _query_values(where, mkey, values, store)
        if not isinstance(values, list) or not values:
            raise RegionhealthError(f"{where}: matrix.{mkey} must be a non-empty list")
        # A list parameter runs once per value, as a one-item list.
        wrap = isinstance(defaults[mkey], list)
        variants = [({mkey: [v] if wrap else v}, {mkey: str(v)}) for v in values]
    title = entry.get("title") or notebook_summary(entry["notebook"])[0]
    if not isinstance(title, str):
        raise RegionhealthError(f"{where}: title must be text, got {title!r}")
    runs = []
    for extra, fmt in variants:
        merged = {**params, **extra}
        for key, value in merged.items():
            _check_type(where, key, value, defaults[key])
        try:
            run_id = entry["id"].format(**fmt)
            run_title = title.format(**fmt)
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            raise RegionhealthError(f"{where}: bad placeholder {exc} in id or title") from None
        if not _ID.match(run_id):
            raise RegionhealthError(f"{where}: id {run_id!r} must match {_ID.pattern}")
        runs.append(Run(run_id, entry["notebook"], run_title, merged))
    return runs


def load_config(path: Path, store: Path | None = None) -> list[Run]:
    """Runs listed in the TOML config; RegionhealthError on any unknown key, notebook or typo.

    ``store`` answers the matrices written as queries (``{ query = "SELECT …" }``).
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegionhealthError(f"config not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegionhealthError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise RegionhealthError(f"{path}: not UTF-8 text") from None
    except IsADirectoryError:
        raise RegionhealthError(f"{path}: is a directory, not a config file") from None
    if unknown := set(data) - {"report"}:
        raise RegionhealthError(
            f"{path}: unknown top-level key(s) {sorted(unknown)}; valid: report"
        )
    entries = data.get("report", [])
    if not isinstance(entries, list) or not entries:
        raise RegionhealthError(f"{path}: no [[report]] entries")
    runs: list[Run] = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise RegionhealthError(f"{path.name} report #{n}: must be a table ([[report]])")
        where = f"{path.name} report #{n} ({entry.get('id', '?')!r})"
        if unknown := set(entry) - REPORT_KEYS:
            raise RegionhealthError(
                f"{where}: unknown key(s) {sorted(unknown)}; valid: {', '.join(sorted(REPORT_KEYS))}"
            )
        for key in ("id", "notebook"):
            if not isinstance(entry.get(key), str):
                raise RegionhealthError(f"{where}: missing or non-text {key!r}")
        if entry["notebook"] not in notebook_names():
            raise RegionhealthError(
                f"{where}: unknown notebook {entry['notebook']!r}; valid: {', '.join(notebook_names())}"
            )
        runs.extend(_expand(where, entry, notebook_defaults(entry["notebook"]), store))
    seen: set[str] = set()
    for run in runs:
        if run.id in seen:
            raise RegionhealthError(f"{path.name}: duplicate report id {run.id!r}")
        seen.add(run.id)
    return runs


def select(runs: list[Run], only: list[str] | None) -> list[Run]:
    """The runs whose id matches one of the ``--only`` patterns (all when none given)."""
    if not only:
        return runs
    for pattern in only:
        if not any(fnmatch.fnmatchcase(r.id, pattern) for r in runs):
            ids = ", ".join(r.id for r in runs)
            raise RegionhealthError(f"--only {pattern!r} matches no report; ids: {ids}")
    return [r for r in runs if any(fnmatch.fnmatchcase(r.id, p) for p in only)]
