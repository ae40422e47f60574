"""Regional targets against the national line: the verdicts of target_vs_national, and the national
targets no region addresses."""

from __future__ import annotations

import pytest

from regionhealth.catalog.loader import load_catalog
from regionhealth.paths import CATALOG_DIR
from regionhealth.store.national import against_national

VERDICTS = {"more ambitious", "equal", "less ambitious", "not comparable", "no national reference"}


def national_line(con, region: str, indicator: str) -> list[dict]:
    rel = con.execute(
        "SELECT * FROM target_vs_national WHERE region_id = ? AND indicator_code = ?",
        [region, indicator],
    )
    cols = [d[0] for d in rel.description]
    return [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]


def test_yueqing_childcare_places_equal_the_national_target(con) -> None:
    (row,) = national_line(con, "yueqing", "childcare_places_per_1000_pop")
    assert (row["value"], row["target_year"]) == (4.5, 2025)
    assert (row["national_value"], row["national_year"], row["difference"]) == (4.5, 2025, 0)
    assert row["verdict"] == "equal"
    assert "4.5" in row["national_quote"] and row["national_source_url"].startswith("http")


def test_shangyu_childcare_places_are_more_ambitious(con) -> None:
    (row,) = national_line(con, "shangyu", "childcare_places_per_1000_pop")
    assert (row["value"], row["target_year"]) == (5.5, 2027)
    # No national figure at or after 2027: the latest before (2025) is used, and said so.
    assert (row["national_value"], row["national_year"]) == (4.5, 2025)
    assert row["national_year_relation"] == "before" and row["years_apart"] == -2
    assert (row["difference"], row["verdict"]) == (1.0, "more ambitious")
    assert "latest before: 2025" in row["why"]


def test_guangxi_family_doctor_coverage_equals_the_2035_national_figure(con) -> None:
    (row,) = national_line(con, "guangxi", "family_doctor_coverage")
    assert (row["value"], row["target_year"]) == (75.0, 2035)
    assert (row["national_value"], row["national_year"], row["verdict"]) == (75.0, 2035, "equal")


def test_indicator_without_national_row_says_so(con) -> None:
    rows = national_line(con, "yueqing", "county_visit_rate")
    assert rows
    for row in rows:
        assert row["verdict"] == "no national reference"
        assert row["why"] == "no national target for this indicator in the reference list"
        assert row["national_value"] is None and row["difference"] is None


def test_lower_is_better_reads_a_lower_value_as_more_ambitious(con) -> None:
    (row,) = national_line(con, "shangyu", "infant_mortality")
    assert row["value"] < row["national_value"] and row["verdict"] == "more ambitious"


def test_every_coded_target_has_one_row_and_a_known_verdict(con) -> None:
    coded = con.execute("SELECT count(*) FROM targets WHERE indicator_code IS NOT NULL").fetchone()[
        0
    ]
    rows = con.execute("SELECT target_id, verdict, why FROM target_vs_national").fetchall()
    assert len(rows) == coded == len({r[0] for r in rows})
    assert {r[1] for r in rows} <= VERDICTS
    assert all(r[2] for r in rows), "every verdict says why"


def test_unaddressed_national_targets_are_the_indicators_no_region_states(con) -> None:
    rows = con.execute(
        "SELECT DISTINCT indicator_code FROM national_targets_unaddressed"
    ).fetchall()
    unaddressed = {r[0] for r in rows}
    assert "neonatal_mortality" in unaddressed and "smoking_rate" in unaddressed
    stated = {r[0] for r in con.execute("SELECT DISTINCT indicator_code FROM targets").fetchall()}
    assert not unaddressed & stated
    assert "childcare_places_per_1000_pop" not in unaddressed


# --- the rules, on targets written for them -------------------------------------------------------


def target(**kw) -> dict:
    base = {
        "target_id": "t:1",
        "doc_id": "t",
        "region_id": "somewhere",
        "indicator_code": "life_expectancy",
        "value": 80.0,
        "value_high": None,
        "unit": "years",
        "value_as_stated": 80.0,
        "unit_as_stated": "岁",
        "comparator": ">=",
        "target_year": 2025,
        "year_basis": "explicit:2025",
        "period": None,
        "scope": None,
        "quote": "人均预期寿命达到80岁",
        "char_start": 0,
        "char_end": 10,
        "number_start": 7,
        "number_end": 10,
        "group_id": None,
        "target_type": "level",
        "target_type_basis": "unit:years",
        "per_unit": None,
        "per_unit_as_stated": None,
        "commitment": "committed",
        "statement_id": "t:0",
        "is_primary": True,
        "baseline_value": None,
        "baseline_year": None,
        "baseline_unit": None,
        "binding": None,
    }
    return {**base, **kw}


def verdict(**kw) -> dict:
    return against_national([target(**kw)], load_catalog(CATALOG_DIR))["t:1"]


def test_a_level_compares_with_the_national_level_of_the_nearest_year_at_or_after_it() -> None:
    row = verdict(value=78.0, target_year=2025)  # national 2025: 78.3 (level) and +1 (a change)
    assert (row["national_year"], row["national_value"], row["verdict"]) == (
        2025,
        78.3,
        "less ambitious",
    )


def test_two_national_values_for_one_year_take_the_more_demanding() -> None:
    row = verdict(value=79.5, target_year=2028)  # national 2030: 79 and 80
    assert (row["national_value"], row["n_national_at_year"], row["verdict"]) == (
        80.0,
        2,
        "less ambitious",
    )


@pytest.mark.parametrize(
    "change,why",
    [
        ({"target_type": "change", "value": 1.0}, "the regional target is a change"),
        ({"per_unit": "county"}, "the regional target is per county"),
        ({"period": "annual"}, "different period"),
        ({"scope": "urban"}, "different scope"),
        ({"target_year": None}, "the regional target states no year"),
    ],
)
def test_unlike_targets_are_not_comparable_and_say_why(change: dict, why: str) -> None:
    row = verdict(**change)
    assert row["verdict"] == "not comparable"
    assert row["why"].startswith(why)
    assert row["difference"] is None


def test_a_national_change_is_not_a_level() -> None:
    # 3岁以下婴幼儿入托率: the only national row is a change (提高6个百分点).
    row = verdict(
        indicator_code="childcare_enrolment_rate", value=30.0, unit="percent", target_year=2030
    )
    assert row["verdict"] == "not comparable"
    assert row["why"] == "the national target is a change (+6), the regional one a level"


def test_scoped_national_targets_meet_targets_of_the_same_scope() -> None:
    row = verdict(
        indicator_code="ems_service_radius", value=4.0, unit="km", scope="urban", comparator="<="
    )
    assert (row["national_value"], row["verdict"]) == (5.0, "more ambitious")
    rural = verdict(
        indicator_code="ems_service_radius", value=15.0, unit="km", scope="rural", comparator="<="
    )
    # 10—20 km: a range commits to its weaker end (20 when lower is better).
    assert (rural["national_value_high"], rural["difference"], rural["verdict"]) == (
        20.0,
        -5.0,
        "more ambitious",
    )


# --- the notebook queries the reports draw from -------------------------------------------------


def test_report_queries_label_the_national_line(built_store) -> None:
    from regionhealth.reports import notebook as rh

    con = rh.open_store(built_store)
    try:
        profile = rh.query(con, "national_line", regions=["shangyu"], indicators=[])
        places = profile[profile["indicator_code"] == "childcare_places_per_1000_pop"].iloc[0]
        # both written by the views' one rule: comparator symbol, value, unit symbol, year
        assert (places["target_label"], places["national_label"]) == (
            "≥ 5.5 /千人 (2027)",
            "= 4.5 /千人 (2025)",
        )
        assert places["region_label"] == "上虞 Shangyu"
        assert set(profile["verdict"]) <= VERDICTS - {"no national reference"}

        counts = rh.query(con, "national_line_counts", regions=[]).set_index("region_id")
        assert (counts.loc["yueqing", "n_with_national"], counts.loc["yueqing", "n_equal"]) == (
            1,
            1,
        )
        assert counts.loc["guangxi", "n_equal"] == 1
        assert counts.loc["shangyu", "n_more_ambitious"] >= 1
        assert (counts["n_targets"] >= counts["n_coded"]).all()

    finally:
        con.close()
