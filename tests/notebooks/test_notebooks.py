"""Every report notebook runs with its default parameters, and stops early on bad ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jupytext
import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

from regionhealth import paths
from regionhealth.reports import runner as reports
from regionhealth.reports.charts import MIMETYPE
from regionhealth.reports.execute_run import kernel_name
from regionhealth.reports.notebook import TITLE_MIMETYPE

NOTEBOOKS = reports.notebook_names()

# Per notebook: a parameter value outside its allow-list, and a valid value the error must list.
BAD_PARAMETERS = {
    "02_indicator_comparison": (
        {"indicator_codes": ["emergency_response_tme"]},
        "emergency_response_time",
    ),
    "05_themes": ({"regions": ["nowhere"]}, "guangxi"),
    "06_region_profile": ({"region": "Yueqing"}, "yueqing"),
    "07_horizons": ({"regions": "beijing"}, "yangpu"),
}


def execute(name: str, out: Path, **parameters: Any) -> nbformat.NotebookNode:
    """Run notebook ``name`` (jupytext → ipynb in memory) with papermill; return it executed."""
    nb = jupytext.read(reports.notebook_path(name), fmt="py:percent")
    papermill.execute_notebook(
        nb,
        str(out),
        parameters=parameters,
        kernel_name=kernel_name(),
        cwd=str(paths.NOTEBOOKS_DIR),
        progress_bar=False,
    )
    return nbformat.read(out, as_version=4)


def outputs(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """All outputs of all code cells, in order."""
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def test_every_notebook_has_a_parameters_cell_with_defaults() -> None:
    assert len(NOTEBOOKS) == 5
    for name in NOTEBOOKS:
        assert "store_path" in reports.notebook_defaults(name), name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_with_defaults_and_puts_a_source_table_under_every_chart(
    name: str, notebook_store: Path, tmp_path: Path
) -> None:
    nb = execute(name, tmp_path / f"{name}.ipynb", store_path=str(notebook_store))
    assert not [o for o in outputs(nb) if o["output_type"] == "error"]
    shown = [o for o in outputs(nb) if o["output_type"] == "display_data"]
    charts = [i for i, o in enumerate(shown) if MIMETYPE in o["data"]]
    assert charts, f"{name} shows no chart"
    for i in charts:
        chart = shown[i]["data"]
        # a Vega-Lite spec with its data inline, and the data as CSV for download
        assert chart[MIMETYPE]["data"]["values"], f"{name}: chart #{i} has no data"
        assert chart["text/csv"].count("\n") >= 2, f"{name}: chart #{i} has no CSV rows"
        # a table of rows with sources follows (or the notebook's own tables do)
        html = next(o["data"]["text/html"] for o in shown[i + 1 :] if "text/html" in o["data"])
        assert "rh-table" in html or "No rows" in html, f"{name}: chart #{i} has no table"
    titles = [o for o in shown if TITLE_MIMETYPE in o["data"]]
    assert len(titles) == 1, f"{name} sets {len(titles)} page titles"


def test_comparison_tables_carry_region_document_and_quote(
    notebook_store: Path, tmp_path: Path
) -> None:
    nb = execute(
        "02_indicator_comparison",
        tmp_path / "nb.ipynb",
        store_path=str(notebook_store),
        indicator_codes=["emergency_response_time"],
        scope="urban",
    )
    tables = [o["data"]["text/html"] for o in outputs(nb) if "text/html" in o.get("data", {})]
    table = next(t for t in tables if "rh-table" in t)
    for header in ("地区 / Region", "文件 / Document", "原文 / Quote"):
        assert header in table
    assert "城区9分钟" in table and "少于11分钟" in table
    assert "城区 / urban" in table and "rural" not in table  # the scope filter is applied
    assert 'href="../documents/' in table  # every quote links to its passage


@pytest.mark.parametrize("name", sorted(BAD_PARAMETERS))
def test_bad_parameter_stops_in_first_code_cell_with_valid_values(
    name: str, notebook_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"{name}.ipynb"
    bad, valid = BAD_PARAMETERS[name]
    with pytest.raises(PapermillExecutionError) as err:
        execute(name, out, store_path=str(notebook_store), **bad)
    assert err.value.ename == "RegionhealthError"
    message = err.value.evalue
    assert "\n" not in message and "valid values:" in message
    assert valid in message  # the allow-list is spelled out
    nb = nbformat.read(out, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    injected = next(i for i, c in enumerate(code) if "injected-parameters" in c.metadata.tags)
    failing = next(
        i for i, c in enumerate(code) if any(o.output_type == "error" for o in c.outputs)
    )
    assert failing == injected + 1
    # shown as one line, not as a traceback
    (error,) = [o for o in code[failing].outputs if o.output_type == "error"]
    assert len(error.traceback) == 1


def test_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(PapermillExecutionError) as err:
        execute("01_overview", tmp_path / "o.ipynb", store_path=str(tmp_path / "none.duckdb"))
    assert err.value.ename == "RegionhealthError"
    assert "regionhealth build" in err.value.evalue
