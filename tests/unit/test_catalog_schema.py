"""Every catalog file is checked against a schema: a typo stops the build with one line naming it.

The schema cases check small inline fragments (or one committed file's data, edited in memory)
against the schema of their file; one test pins that loading a catalog checks every file, and one
loads a small catalog folder to show that words added as data are read.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml
from tests.support import schema_error

from regionhealth.catalog import schema as catalog_schema
from regionhealth.catalog.loader import load_catalog, load_rules
from regionhealth.catalog.units import load_units
from regionhealth.errors import RegionhealthError
from regionhealth.paths import CATALOG_DIR
from regionhealth.text.years import find_years, year_words

# The schema each catalog file is checked against.
SCHEMAS = {
    "indicators.yaml": catalog_schema.INDICATORS_FILE,
    "themes.yaml": catalog_schema.THEMES_FILE,
    "rules.yaml": catalog_schema.RULES_FILE,
    "semantics.yaml": catalog_schema.SEMANTICS_FILE,
    "tables.yaml": catalog_schema.TABLES_FILE,
    "comparators.yaml": catalog_schema.COMPARATORS_FILE,
    "years.yaml": catalog_schema.YEARS_FILE,
}
# A valid indicator entry; a case changes one field of it.
INDICATOR = {
    "code": "county_visit_rate",
    "name_zh": "县域就诊率",
    "name_en": "Share of patient visits treated within the county",
    "unit": "percent",
    "better": "higher",
    "synonyms": ["县域就诊率"],
}
THEME = {"code": "chest_pain", "name_zh": "胸痛中心", "name_en": "Chest pain centres"}


def indicator(code: str = "county_visit_rate", **changes: object) -> dict:
    """An indicator entry with ``changes`` (a value of None drops the field)."""
    entry = {**INDICATOR, "code": code, **changes}
    return {k: v for k, v in entry.items() if v is not None}


def indicators_error(*entries: dict) -> str:
    return schema_error(
        {"indicators": list(entries)}, SCHEMAS["indicators.yaml"], "indicators.yaml"
    )


@cache
def _committed_text(name: str) -> str:
    return (CATALOG_DIR / name).read_text(encoding="utf-8")


def committed(name: str) -> dict:
    """A fresh copy of the data of committed catalog file ``name`` (small files only)."""
    return yaml.safe_load(_committed_text(name))


def edited_error(name: str, edit) -> str:
    """The schema error of committed file ``name`` after ``edit`` changed its data in memory."""
    data = committed(name)
    edit(data)
    return schema_error(data, SCHEMAS[name], name)


# --- loading a catalog checks every file -----------------------------------------------------


def test_the_committed_catalog_passes_its_schema():
    catalog = load_catalog(CATALOG_DIR)
    assert len(catalog.indicators) > 50
    assert all(ind.synonyms or ind.patterns for ind in catalog.indicators)


def test_loading_a_catalog_checks_every_yaml_file_against_its_schema(tmp_path, monkeypatch):
    checked: dict[str, dict] = {}
    real_check = catalog_schema.check

    def check(data, schema, filename):
        checked[filename] = schema
        real_check(data, schema, filename)

    monkeypatch.setattr(catalog_schema, "check", check)
    folder = tmp_path / "catalog"
    folder.symlink_to(CATALOG_DIR)  # another path: loaded afresh, not taken from a cache
    load_catalog(folder)
    assert sorted(checked) == sorted(p.name for p in CATALOG_DIR.glob("*.yaml"))
    assert all(checked[name] is SCHEMAS[name] for name in checked)


# --- indicators.yaml -------------------------------------------------------------------------


def test_unknown_indicator_key_names_file_entry_and_key():
    message = indicators_error(
        indicator("a"), indicator("b"), indicator("childcare_places", synonym=["托位"])
    )
    assert message.startswith(
        "indicators.yaml: indicators #3 (childcare_places): synonym: unknown key"
    )


def test_synonyms_must_be_a_list_of_words():
    message = indicators_error(indicator(synonyms="县域就诊率"))
    assert message.startswith("indicators.yaml: indicators #1 (county_visit_rate): synonyms:")
    assert "expected a list, got a string" in message


def test_a_synonym_that_is_a_number_is_a_type_error():
    assert indicators_error(indicator(synonyms=["县域就诊率", 120])) == (
        "indicators.yaml: indicators #1 (county_visit_rate): synonyms.[2]: expected a string, got an integer (120)"
    )


@pytest.mark.parametrize(
    ("want", "value", "message"),
    [
        ("integer", "1", "expected an integer, got a string ('1')"),
        ("string", 7, "expected a string, got an integer (7)"),
        ("number", True, "expected a number, got a boolean (True)"),
        ("boolean", 1.5, "expected a boolean, got a number (1.5)"),
        ("object", ["a"], "expected a mapping, got a list (['a'])"),
        ("array", {"a": 1}, "expected a list, got a mapping ({'a': 1})"),
        ("string", None, "expected a string, got nothing (None)"),
        ("null", "x", "expected nothing, got a string ('x')"),
        (["integer", "array"], "x", "expected an integer or a list, got a string ('x')"),
    ],
)
def test_type_errors_use_the_right_article_for_every_type(want, value, message):
    schema = {"type": "object", "properties": {"field": {"type": want}}}
    with pytest.raises(RegionhealthError) as exc:
        catalog_schema.check({"field": value}, schema, "some.yaml")
    assert str(exc.value) == f"some.yaml: field: {message}"


def test_indicator_without_any_wording_is_refused():
    assert indicators_error(indicator(synonyms=None)) == (
        "indicators.yaml: indicators #1 (county_visit_rate): needs synonyms or patterns"
    )


def test_an_indicator_with_patterns_only_passes():
    schema_ok = {"indicators": [indicator(synonyms=None, patterns=["(?<!儿科)医师数"])]}
    catalog_schema.check(schema_ok, SCHEMAS["indicators.yaml"], "indicators.yaml")


def test_bad_better_value_lists_the_allowed_ones():
    assert indicators_error(indicator(better="up")) == (
        "indicators.yaml: indicators #1 (county_visit_rate): better: 'up' is not one of higher, lower, neutral"
    )


def test_missing_required_field_is_named():
    assert indicators_error(indicator(unit=None)) == (
        "indicators.yaml: indicators #1 (county_visit_rate): unit: missing"
    )


# --- rules.yaml ------------------------------------------------------------------------------


def test_the_committed_rules_pass_and_the_cases_below_start_from_them():
    catalog_schema.check(committed("rules.yaml"), SCHEMAS["rules.yaml"], "rules.yaml")


def test_unknown_rules_key_is_refused():
    message = edited_error("rules.yaml", lambda x: x.update(reference_cue=["现有"]))
    assert message.startswith("rules.yaml: top level: reference_cue: unknown key")


def test_scope_pattern_of_wrong_type_names_the_scope():
    message = edited_error("rules.yaml", lambda x: x["scopes"].update(urban=["城区"]))
    assert message.startswith("rules.yaml: scopes: urban: expected a string, got a list")


def test_a_bad_list_index_regex_names_the_field(tmp_path):
    data = committed("rules.yaml")
    data["list_index"] = "(\\d"
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RegionhealthError) as exc:
        load_rules(path)
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith("rules.yaml: list_index: bad regular expression")


# --- years.yaml ------------------------------------------------------------------------------


def test_unknown_years_key_is_refused():
    message = edited_error("years.yaml", lambda x: x["named"].update(tail=["底"]))
    assert message.startswith("years.yaml: named: tail: unknown key")


def test_a_named_year_offset_must_be_a_whole_number():
    message = edited_error("years.yaml", lambda x: x["named"]["years"].update(明年="1"))
    assert message == "years.yaml: named: years.明年: expected an integer, got a string ('1')"


def test_a_missing_years_list_is_named():
    message = edited_error("years.yaml", lambda x: x["absolute"].pop("deadline_tails"))
    assert message == "years.yaml: absolute: deadline_tails: missing"


def test_a_year_word_added_to_the_years_data_is_found():
    data = committed("years.yaml")
    data["named"]["years"]["后年"] = 2
    catalog_schema.check(data, SCHEMAS["years.yaml"], "years.yaml")
    (y,) = find_years("后年底前建成", 2024, year_words(data))
    assert (y.year, y.surface, y.is_deadline) == (2026, "后年底前", True)


# --- themes.yaml -----------------------------------------------------------------------------


def test_unknown_theme_key_is_refused():
    data = {"themes": [{**THEME, "keywords": ["胸痛"], "keyword": ["胸痛"]}]}
    message = schema_error(data, SCHEMAS["themes.yaml"], "themes.yaml")
    assert message.startswith("themes.yaml: themes #1 (chest_pain): keyword: unknown key")


def test_a_theme_needs_a_keyword():
    data = {"themes": [{**THEME, "keywords": []}]}
    assert schema_error(data, SCHEMAS["themes.yaml"], "themes.yaml").startswith(
        "themes.yaml: themes #1 (chest_pain): keywords:"
    )


# --- units.csv and unit_words.csv --------------------------------------------------------------

UNITS_CSV = (
    "unit,dimension,to_base,symbol,description\n"
    "percent,ratio,0.01,%,per hundred\n"
    "per_1000,ratio,0.001,‰,per thousand\n"
)


def _unit_folder(tmp_path: Path, units: str, unit_words: str | None = None) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "units.csv").write_text(units, encoding="utf-8")
    if unit_words is not None:
        (folder / "unit_words.csv").write_text(unit_words, encoding="utf-8")
    return folder


def test_units_csv_with_a_non_numeric_factor_names_the_row(tmp_path):
    folder = _unit_folder(
        tmp_path, UNITS_CSV.replace("percent,ratio,0.01", "percent,ratio,one hundredth")
    )
    with pytest.raises(
        RegionhealthError,
        match=r"^units.csv: row 2 \(percent\): to_base: 'one hundredth' is not a number$",
    ):
        load_units(folder)


def test_unit_words_csv_with_an_extra_column_is_refused(tmp_path):
    folder = _unit_folder(tmp_path, UNITS_CSV, "word,unit,note,dimension\n%,percent,,ratio\n")
    with pytest.raises(
        RegionhealthError, match=r"^unit_words.csv: header: unknown column dimension"
    ):
        load_units(folder)


# --- words added as data are read --------------------------------------------------------------


def test_synonym_is_a_plain_word_matched_after_folding(tmp_path):
    """A synonym written with full-width brackets matches text folded to ASCII brackets."""
    folder = tmp_path / "catalog"
    folder.mkdir()
    for f in CATALOG_DIR.iterdir():
        if f.name != "indicators.yaml":
            (folder / f.name).symlink_to(f)
    new = indicator(
        "test_assistant_physicians",
        name_zh="执业（助理）医师（测试）",
        name_en="test",
        unit="per_1000_pop",
        synonyms=["每千人口执业（助理）医师数（测试）"],
    )
    (folder / "indicators.yaml").write_text(
        yaml.safe_dump({"indicators": [new, indicator()]}, allow_unicode=True), encoding="utf-8"
    )
    catalog = load_catalog(folder)
    assert catalog.indicators[0].code == "test_assistant_physicians"
    hits = catalog.matcher.hits("到2025年,每千人口执业(助理)医师数(测试)达到3.2人")
    assert any(h.owner == 0 for h in hits)


def test_checking_the_catalog_does_not_import_rfc3987_syntax():
    """jsonschema would import rfc3987_syntax (a ~1.7 s lark grammar build) in every process
    that checks the catalog; it is kept out, and the check still stops a bad file."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from regionhealth.catalog.loader import load_catalog\n"
        "from regionhealth.paths import CATALOG_DIR\n"
        "load_catalog(CATALOG_DIR)\n"
        "assert 'rfc3987_syntax' not in sys.modules, 'rfc3987_syntax was imported'\n"
        # Still importable by whoever wants it afterwards: installed, and no None left in
        # sys.modules to block it (found, not imported: importing builds the 1.7 s grammar).
        "import importlib.util\n"
        "assert importlib.util.find_spec('rfc3987_syntax') is not None\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
