"""Licence and citation: MIT code, CC BY 4.0 data attributed to every issuer, a CITATION.cff."""

from __future__ import annotations

import csv
import tomllib

import yaml

from regionhealth import __version__
from regionhealth.paths import RAW_DIR, ROOT


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_code_is_mit_licensed_in_license_and_pyproject():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    project = pyproject()["project"]
    assert project["license"] == "MIT"
    for name in project["license-files"]:
        assert (ROOT / name).is_file(), name


def test_data_licence_is_cc_by_4_and_names_every_issuer_and_title_of_the_registry():
    text = (ROOT / "data" / "LICENSE.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and "creativecommons.org/licenses/by/4.0" in text
    with open(RAW_DIR / "documents.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for row in rows:
        assert row["issuer"] in text, f"data/LICENSE.md does not attribute {row['issuer']}"
        assert row["title"] in text, f"data/LICENSE.md does not list {row['title']}"


def test_citation_cff_names_the_project_its_version_and_a_preferred_citation():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"].startswith("regionhealth")
    assert cff["version"] == __version__ == pyproject()["project"]["version"]
    assert cff["license"] == "MIT"
    assert cff["authors"] and all(a.get("name") for a in cff["authors"])
    preferred = cff["preferred-citation"]
    assert preferred["license"] == "CC-BY-4.0"
    assert preferred["version"] == __version__
    assert preferred["title"] and preferred["authors"]
