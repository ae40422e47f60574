"""Every catalog file is checked against a schema: a typo stops the build with one line naming it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from tests.support import catalog_error

from regionhealth.catalog import schema as catalog_schema
from regionhealth.catalog.loader import load_catalog
from regionhealth.catalog.units import load_units
from regionhealth.errors import RegionhealthError
from regionhealth.paths import CATALOG_DIR
from regionhealth.text.years import find_years


def _catalog_copy(tmp_path: Path) -> Path:
    out = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, out)
    return out


def _edit_yaml(path: Path, edit) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_committed_catalog_passes_its_schema():
    catalog = load_catalog(CATALOG_DIR)
    assert len(catalog.indicators) > 50
    assert all(ind.synonyms or ind.patterns for ind in catalog.indicators)


def test_unknown_indicator_key_names_file_entry_and_key(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "indicators.yaml", lambda x: x["indicators"][2].update(synonym=["托位"]))
    code = yaml.safe_load((d / "indicators.yaml").read_text())["indicators"][2]["code"]
    message = catalog_error(d)
    assert message.startswith(f"indicators.yaml: indicators #3 ({code}): synonym: unknown key")


def test_synonyms_must_be_a_list_of_words(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "indicators.yaml", lambda x: x["indicators"][0].update(synonyms="县域就诊率"))
    message = catalog_error(d)
    assert message.startswith("indicators.yaml: indicators #1 (county_visit_rate): synonyms:")
    assert "expected a list, got a string" in message


def test_a_synonym_that_is_a_number_is_a_type_error(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(
        d / "indicators.yaml", lambda x: x["indicators"][0].update(synonyms=["县域就诊率", 120])
    )
    assert catalog_error(d).startswith(
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


def test_indicator_without_any_wording_is_refused(tmp_path):
    d = _catalog_copy(tmp_path)

    def drop(x):
        x["indicators"][0].pop("synonyms", None)
        x["indicators"][0].pop("patterns", None)

    _edit_yaml(d / "indicators.yaml", drop)
    assert catalog_error(d) == (
        "indicators.yaml: indicators #1 (county_visit_rate): needs synonyms or patterns"
    )


def test_bad_better_value_lists_the_allowed_ones(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "indicators.yaml", lambda x: x["indicators"][0].update(better="up"))
    assert catalog_error(d) == (
        "indicators.yaml: indicators #1 (county_visit_rate): better: 'up' is not one of higher, lower, neutral"
    )


def test_missing_required_field_is_named(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "indicators.yaml", lambda x: x["indicators"][0].pop("unit"))
    assert catalog_error(d) == "indicators.yaml: indicators #1 (county_visit_rate): unit: missing"


def test_unknown_rules_key_is_refused(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "rules.yaml", lambda x: x.update(reference_cue=["现有"]))
    assert catalog_error(d).startswith("rules.yaml: top level: reference_cue: unknown key")


def test_scope_pattern_of_wrong_type_names_the_scope(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "rules.yaml", lambda x: x["scopes"].update(urban=["城区"]))
    assert catalog_error(d).startswith("rules.yaml: scopes: urban: expected a string, got a list")


def test_a_bad_list_index_regex_names_the_field(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "rules.yaml", lambda x: x.update(list_index="(\\d"))
    assert catalog_error(d).startswith("rules.yaml: list_index: bad regular expression")


def test_unknown_years_key_is_refused(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "years.yaml", lambda x: x["named"].update(tail=["底"]))
    assert catalog_error(d).startswith("years.yaml: named: tail: unknown key")


def test_a_named_year_offset_must_be_a_whole_number(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "years.yaml", lambda x: x["named"]["years"].update(明年="1"))
    assert (
        catalog_error(d) == "years.yaml: named: years.明年: expected an integer, got a string ('1')"
    )


def test_a_missing_years_list_is_named(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "years.yaml", lambda x: x["absolute"].pop("deadline_tails"))
    assert catalog_error(d) == "years.yaml: absolute: deadline_tails: missing"


def test_a_year_word_added_in_the_catalog_is_found(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "years.yaml", lambda x: x["named"]["years"].update(后年=2))
    (y,) = find_years("后年底前建成", 2024, load_catalog(d).years)
    assert (y.year, y.surface, y.is_deadline) == (2026, "后年底前", True)


def test_unknown_theme_key_is_refused(tmp_path):
    d = _catalog_copy(tmp_path)
    _edit_yaml(d / "themes.yaml", lambda x: x["themes"][0].update(keyword=["胸痛"]))
    assert ": keyword: unknown key" in catalog_error(d)
    assert catalog_error(d).startswith("themes.yaml: themes #1 (")


def test_units_csv_with_a_non_numeric_factor_names_the_row(tmp_path):
    d = _catalog_copy(tmp_path)
    p = d / "units.csv"
    p.write_text(p.read_text().replace("percent,ratio,0.01", "percent,ratio,one hundredth"))
    with pytest.raises(
        RegionhealthError,
        match=r"^units.csv: row 2 \(percent\): to_base: 'one hundredth' is not a number$",
    ):
        load_units(d)


def test_unit_words_csv_with_an_extra_column_is_refused(tmp_path):
    d = _catalog_copy(tmp_path)
    p = d / "unit_words.csv"
    p.write_text(p.read_text().replace("word,unit,note", "word,unit,note,dimension", 1))
    with pytest.raises(
        RegionhealthError, match=r"^unit_words.csv: header: unknown column dimension"
    ):
        load_units(d)


def test_synonym_is_a_plain_word_matched_after_folding(tmp_path):
    """A synonym written with full-width brackets matches text folded to ASCII brackets."""
    d = _catalog_copy(tmp_path)
    new = {
        "code": "test_assistant_physicians",
        "name_zh": "执业（助理）医师（测试）",
        "name_en": "test",
        "unit": "per_1000_pop",
        "better": "higher",
        "synonyms": ["每千人口执业（助理）医师数（测试）"],
    }
    _edit_yaml(d / "indicators.yaml", lambda x: x["indicators"].insert(0, new))
    catalog = load_catalog(d)
    owner = 0
    hits = catalog.matcher.hits("到2025年,每千人口执业(助理)医师数(测试)达到3.2人")
    assert any(h.owner == owner for h in hits)


def test_checking_the_catalog_does_not_import_rfc3987_syntax():
    """jsonschema would import rfc3987_syntax (a ~1.7 s lark grammar build) in every process
    that checks the catalog; it is kept out, and the check still stops a bad file."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from regionhealth.catalog.loader import load_catalog\n"
        "load_catalog()\n"
        "assert 'rfc3987_syntax' not in sys.modules, 'rfc3987_syntax was imported'\n"
        "import rfc3987_syntax\n"  # still importable by whoever wants it afterwards
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
