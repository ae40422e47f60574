"""The exports come with a valid Frictionless data package, and their CSVs keep their types."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from frictionless import Package

from regionhealth.store import schema
from regionhealth.store.datapackage import PACKAGE_FILE
from regionhealth.store.exports import is_exported
from regionhealth.store.sql import view_files


@pytest.fixture(scope="module")
def export(built_store: Path) -> Path:
    return built_store.parent / "export"


@pytest.fixture(scope="module")
def descriptor(export: Path) -> dict:
    return json.loads((export / PACKAGE_FILE).read_text(encoding="utf-8"))


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def test_frictionless_validate_passes_on_the_data_package(export):
    frictionless = Path(sys.executable).parent / "frictionless"
    done = subprocess.run(
        [str(frictionless), "validate", "--json", str(export / PACKAGE_FILE)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    report = json.loads(done.stdout)
    errors = [
        f"{task['name']}: {e['message']}" for task in report["tasks"] for e in task["errors"]
    ] + [e["message"] for e in report["errors"]]
    assert done.returncode == 0 and report["valid"], "\n".join(errors[:20])


def test_every_table_and_view_is_a_resource_with_the_store_columns(descriptor, built_store):
    names = [r["name"] for r in descriptor["resources"]]
    assert names == [t.name for t in schema.TABLES] + [
        p.stem for p in view_files() if is_exported(p.stem)
    ]
    with duckdb.connect(str(built_store), read_only=True) as con:
        for r in descriptor["resources"]:
            columns = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                    "ORDER BY column_index",
                    [r["name"]],
                ).fetchall()
            ]
            assert [f["name"] for f in r["schema"]["fields"]] == columns, r["name"]
            assert (built_store.parent / "export" / r["path"]).is_file()


def test_a_store_only_view_is_queryable_but_not_exported(descriptor, built_store):
    store_only = [v.name for v in schema.VIEWS if v.store_only]
    assert store_only, "no view is kept in the store only: drop this test and is_exported"
    names = {r["name"] for r in descriptor["resources"]}
    with duckdb.connect(str(built_store), read_only=True) as con:
        for name in store_only:
            assert name not in names
            assert not list((built_store.parent / "export").glob(f"{name}.*"))
            con.execute(f"SELECT count(*) FROM {name}").fetchone()


def test_fields_carry_types_descriptions_keys_and_units(descriptor):
    for t in schema.TABLES:
        r = resource(descriptor, t.name)
        fields = {f["name"]: f for f in r["schema"]["fields"]}
        for c in t.columns:
            assert fields[c.name]["description"] == c.description, f"{t.name}.{c.name}"
        assert r["schema"].get("primaryKey", []) == list(t.primary_key)
    for path in (p for p in view_files() if is_exported(p.stem)):
        for f in resource(descriptor, path.stem)["schema"]["fields"]:
            assert f.get("description"), f"view {path.stem}: column {f['name']} has no description"
    labelled = {f["name"]: f for f in resource(descriptor, "targets_labelled")["schema"]["fields"]}
    assert labelled["char_start"]["unit"] == "Unicode code points"
    targets = {f["name"]: f for f in resource(descriptor, "targets")["schema"]["fields"]}
    assert targets["target_year"]["type"] == "integer"
    assert targets["value"]["type"] == "number"
    assert targets["char_start"]["unit"] == "Unicode code points"
    documents = {f["name"]: f for f in resource(descriptor, "documents")["schema"]["fields"]}
    assert documents["published_date"]["type"] == "date"
    assert documents["published_date"]["constraints"] == {"required": True}
    regions = {f["name"]: f for f in resource(descriptor, "regions")["schema"]["fields"]}
    assert regions["admin_code"]["type"] == "string"
    keys = resource(descriptor, "targets")["schema"]["foreignKeys"]
    assert {
        "fields": ["doc_id"],
        "reference": {"resource": "documents", "fields": ["doc_id"]},
    } in keys


def test_package_carries_licence_sources_and_the_build_record(descriptor, con):
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    issuers = [i for (i,) in con.execute("SELECT issuer FROM documents ORDER BY doc_id").fetchall()]
    assert len(descriptor["sources"]) == len(issuers)
    for source, issuer in zip(descriptor["sources"], issuers, strict=True):
        assert issuer in source["title"]
    build = descriptor["regionhealth:build"]
    inputs_sha256, commit = con.execute(
        "SELECT inputs_sha256, git_commit FROM build_info"
    ).fetchone()
    assert build["inputs_sha256"] == inputs_sha256 and build["git_commit"] == commit
    assert {i["path"] for i in build["inputs"]} == {
        p for (p,) in con.execute("SELECT path FROM build_inputs").fetchall()
    }


def test_integer_and_date_columns_read_back_typed_through_the_descriptor(export):
    # Integers without '.0', dates as dates, codes as strings: read through the package, as a
    # researcher's tool that follows datapackage.json does.
    package = Package(str(export / PACKAGE_FILE))
    rows = package.get_resource("targets").read_rows()
    years = [r["target_year"] for r in rows if r["target_year"] is not None]
    assert years and all(type(y) is int for y in years)
    docs = package.get_resource("documents").read_rows()
    assert all(type(d["published_date"]) is date for d in docs)
    regions = package.get_resource("regions").read_rows()
    assert all(isinstance(r["admin_code"], str) and len(r["admin_code"]) == 6 for r in regions)
    (info,) = package.get_resource("build_info").read_rows()
    assert type(info["built_at"]) is datetime


def test_integer_and_date_cells_are_written_as_integers_and_iso_dates(export, descriptor):
    patterns = {"integer": r"-?\d+", "date": r"\d{4}-\d{2}-\d{2}"}
    checked = 0
    for r in descriptor["resources"]:
        typed = {f["name"]: f["type"] for f in r["schema"]["fields"] if f["type"] in patterns}
        if not typed:
            continue
        with open(export / r["path"], encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                for name, ftype in typed.items():
                    if row[name]:
                        assert re.fullmatch(patterns[ftype], row[name]), (
                            r["name"],
                            name,
                            row[name],
                        )
                        checked += 1
    assert checked > 1000


def test_every_exported_view_has_a_defined_row_order():
    """A view without ORDER BY is exported in whatever order its joins give, which can change
    between two builds of the same inputs; every exported view states its order."""

    def outer_order(sql: str) -> bool:  # an ORDER BY after the view's final SELECT
        tail = sql.lower().rsplit("select * from final", 1)[-1]
        return any(line.strip().startswith("order by") for line in tail.splitlines())

    unordered = [
        f.stem
        for f in view_files()
        if is_exported(f.stem) and not outer_order(f.read_text(encoding="utf-8"))
    ]
    assert unordered == []


def test_targets_labelled_is_exported_in_document_order(export):
    with duckdb.connect() as con:
        keys = con.execute(
            "SELECT doc_id, char_start FROM read_parquet(?)",
            [str(export / "targets_labelled.parquet")],
        ).fetchall()
    assert keys and keys == sorted(keys)
