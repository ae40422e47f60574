"""reports.toml is validated strictly before anything runs; every CLI option is documented."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from regionhealth import paths
from regionhealth.errors import RegionhealthError
from regionhealth.reports import runner as reports


def write(tmp_path: Path, text: str) -> Path:
    """A config file with ``text``."""
    path = tmp_path / "reports.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    """The RegionhealthError message load_config gives for config ``text``."""
    with pytest.raises(RegionhealthError) as err:
        reports.load_config(write(tmp_path, text))
    return str(err.value)


def small_store(tmp_path: Path) -> Path:
    """A store-shaped DuckDB file with one table of region ids."""
    path = tmp_path / "small.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table documents as select * from (values ('north'), ('south')) t(region_id)"
        )
    return path


QUERY_ENTRY = '[[report]]\nid = "p-{{region}}"\nnotebook = "06_region_profile"\nmatrix.region = {{ query = "{sql}" }}\n'


def test_committed_config_expands_to_one_profile_per_region_and_one_comparison_per_indicator(
    built_store: Path,
) -> None:
    runs = {r.id: r for r in reports.load_config(paths.ROOT / "reports.toml", built_store)}
    assert runs["profile-yueqing"].parameters == {"region": "yueqing"}
    assert runs["compare-emergency_response_time"].parameters == {
        "indicator_codes": ["emergency_response_time"]
    }
    assert {r.notebook for r in runs.values()} == set(reports.notebook_names())


def test_misspelt_key_names_the_key_and_the_valid_ones(tmp_path: Path) -> None:
    message = error_for(
        tmp_path, '[[report]]\nid = "a"\nnotebook = "01_overview"\nparamters = {}\n'
    )
    assert "paramters" in message and "parameters" in message


def test_unknown_notebook_lists_the_notebooks(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[[report]]\nid = "a"\nnotebook = "01_overveiw"\n')
    assert "01_overveiw" in message and "01_overview" in message


def test_unknown_parameter_lists_the_notebook_parameters(tmp_path: Path) -> None:
    message = error_for(
        tmp_path, '[[report]]\nid = "a"\nnotebook = "06_region_profile"\nparameters.regoin = "x"\n'
    )
    assert "regoin" in message and "region" in message


def test_parameter_of_wrong_type_is_refused(tmp_path: Path) -> None:
    message = error_for(
        tmp_path,
        '[[report]]\nid = "a"\nnotebook = "02_indicator_comparison"\n'
        'parameters.indicator_codes = "emergency_response_time"\n',
    )
    assert "indicator_codes must be list" in message


def test_duplicate_ids_after_matrix_expansion_are_refused(tmp_path: Path) -> None:
    message = error_for(
        tmp_path,
        '[[report]]\nid = "p"\nnotebook = "06_region_profile"\nmatrix.region = ["a", "b"]\n',
    )
    assert "duplicate report id 'p'" in message


def test_unknown_top_level_table_and_bad_toml_are_refused(tmp_path: Path) -> None:
    assert "reprot" in error_for(tmp_path, '[[reprot]]\nid = "a"\n')
    assert "invalid TOML" in error_for(tmp_path, "[[report]\n")


def test_store_path_is_reserved_for_the_runner(tmp_path: Path) -> None:
    message = error_for(
        tmp_path, '[[report]]\nid = "a"\nnotebook = "01_overview"\nparameters.store_path = "/x"\n'
    )
    assert "--store" in message


def test_only_with_unknown_id_lists_the_ids(built_store: Path) -> None:
    runs = reports.load_config(paths.ROOT / "reports.toml", built_store)
    with pytest.raises(RegionhealthError, match="overview"):
        reports.select(runs, ["overveiw"])
    assert [r.id for r in reports.select(runs, ["profile-*"])][:2] == [
        "profile-chizhou",
        "profile-guangxi",
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[[report]]\nid = "a"\nnotebok = "01_overview"\n', "notebok"),
        (QUERY_ENTRY.format(sql="SELECT region_id FROM no_such_table"), "no_such_table"),
    ],
    ids=["unknown_key", "matrix_query_fails_on_the_store"],
)
def test_config_typo_fails_the_cli_with_one_line_and_runs_nothing(
    tmp_path: Path, text: str, words: str
) -> None:
    """With a store present (as after `make reports`), the config is read and checked, its
    matrix queries included, before --out is created or the store pinned in it."""
    store = small_store(tmp_path)
    config = write(tmp_path, text)
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            str(Path(sys.executable).with_name("regionhealth")),
            "reports",
            "--config",
            str(config),
            "--out",
            str(out),
            "--store",
            str(store),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0]
    assert not out.exists()


def test_every_runner_option_is_documented() -> None:
    parser = argparse.ArgumentParser()
    reports.configure_parser(parser)
    doc = (paths.DOCS_DIR / "reports.md").read_text(encoding="utf-8")
    options = [s for a in parser._actions for s in a.option_strings if s.startswith("--")]
    missing = [o for o in options if o != "--help" and o not in doc]
    assert not missing, f"options missing from docs/reports.md: {missing}"


def test_committed_config_compares_every_shared_indicator(con, built_store: Path) -> None:
    """One comparison report per indicator that two or more regions state targets for."""
    runs = reports.load_config(paths.ROOT / "reports.toml", built_store)
    compared = {
        r.parameters["indicator_codes"][0]
        for r in runs
        if r.notebook == "02_indicator_comparison" and r.id.startswith("compare-")
    }
    shared = {
        row[0]
        for row in con.execute("SELECT DISTINCT indicator_code FROM shared_indicators").fetchall()
    }
    assert compared == shared


def test_matrix_query_expands_to_one_run_per_value_from_the_store(tmp_path: Path) -> None:
    config = write(
        tmp_path, QUERY_ENTRY.format(sql="SELECT DISTINCT region_id FROM documents ORDER BY 1")
    )
    runs = reports.load_config(config, small_store(tmp_path))
    assert [(r.id, r.parameters) for r in runs] == [
        ("p-north", {"region": "north"}),
        ("p-south", {"region": "south"}),
    ]


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("DELETE FROM documents", "must be one SELECT"),
        ("SELECT 1; SELECT 2", "must be one SELECT"),
        ("SELECT region_id, region_id FROM documents", "one column"),
        ("SELECT region_id FROM documents WHERE false", "no rows"),
        ("SELECT * FROM read_csv('/etc/hostname')", "query failed"),
        ("SELECT 'Bad Id!'", "must match"),
        ("SELECT region_id FROM nowhere", "query failed"),
    ],
)
def test_matrix_query_is_one_read_only_select_returning_valid_ids(tmp_path, sql, words) -> None:
    store = small_store(tmp_path)
    with pytest.raises(RegionhealthError, match=words):
        reports.load_config(write(tmp_path, QUERY_ENTRY.format(sql=sql)), store)
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == 2


def test_matrix_query_without_a_store_says_to_build_it(tmp_path: Path) -> None:
    config = write(tmp_path, QUERY_ENTRY.format(sql="SELECT region_id FROM documents"))
    with pytest.raises(RegionhealthError, match="regionhealth build"):
        reports.load_config(config)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("report = [1]\n", "reports.toml report #1: must be a table ([[report]])"),
        (
            '[[report]]\nid = "a"\nnotebook = "01_overview"\ntitle = 5\n',
            "reports.toml report #1 ('a'): title must be text, got 5",
        ),
        (
            '[[report]]\nid = "a{x.y}"\nnotebook = "01_overview"\n',
            "reports.toml report #1 ('a{x.y}'): bad placeholder",
        ),
        (
            '[[report]]\nid = "a"\nnotebook = "01_overview"\nparameters = [["k", "v"]]\n',
            "reports.toml report #1 ('a'): parameters and matrix must be tables",
        ),
    ],
    ids=["entry_not_a_table", "title_not_text", "attribute_placeholder", "parameters_a_list"],
)
def test_malformed_entries_are_one_line_not_an_internal_error(
    tmp_path: Path, text: str, message: str
) -> None:
    assert error_for(tmp_path, text).startswith(message)


def test_config_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "reports.toml"
    path.write_bytes('[[report]]\nid = "总览"\n'.encode("gb18030"))
    with pytest.raises(RegionhealthError, match="not UTF-8 text"):
        reports.load_config(path)


def test_matrix_queries_read_the_pinned_store(tmp_path: Path, monkeypatch) -> None:
    """The runs and the notebooks see one store generation: the config is checked on --store
    before anything is created, and the runs are then read from the pinned copy in --out, not
    from --store, which a build may replace meanwhile."""
    store = small_store(tmp_path)
    config = write(tmp_path, QUERY_ENTRY.format(sql="SELECT DISTINCT region_id FROM documents"))
    read_from: list[Path] = []
    real_load = reports.load_config

    def load(path: Path, store_path: Path | None = None):
        read_from.append(store_path)
        return real_load(path, store_path)

    def fake_run(chosen, runs, store_, out, pinned, sha, options) -> int:
        assert pinned.is_file() and pinned.parent == out
        assert read_from == [store.resolve(), pinned]
        assert sorted(r.id for r in chosen) == ["p-north", "p-south"]
        assert (options.jobs, options.force, options.static) == (1, False, False)
        return 0

    monkeypatch.setattr(reports, "load_config", load)
    monkeypatch.setattr(reports, "_run", fake_run)
    assert reports.run(config=config, jobs=1, out=tmp_path / "out", store=store) == 0
    assert read_from and read_from[-1] != store
