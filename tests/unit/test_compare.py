"""The words a table of targets shows beside the views' labels, and the national line a panel
draws: the one the view target_vs_national chose."""

from __future__ import annotations

import pandas as pd

from regionhealth.reports import compare


def test_with_texts_adds_the_words_of_each_code() -> None:
    rows = pd.DataFrame(
        {
            "scope": ["urban", None],
            "target_text": ["< 11 分钟", "3–5 %"],  # from the view targets_labelled
            "year_basis": ["explicit:到2025年", "none"],
        }
    )
    out = compare.with_texts(rows)
    assert list(out["scope_text"]) == ["城区 / urban", "全部 / all"]
    assert out["basis_text"].iloc[0].startswith("文中写明 / stated: 到2025年")
    assert list(rows.columns) == list(out.columns)[: len(rows.columns)]  # rows left as they were
    assert "scope_text" not in rows.columns


def test_with_texts_needs_no_year_basis() -> None:
    out = compare.with_texts(pd.DataFrame({"scope": [None], "target_text": ["≥ 12 个"]}))
    assert "basis_text" not in out.columns


def panel(**columns) -> pd.DataFrame:
    base = {
        "scope": [None, None, "urban"],
        "target_year": [2025, 2027, 2030],
        "national_value": [4.5, 4.5, 9.0],
        "national_year": [2025, 2025, 2030],
        "national_text": ["= 4.5 /千人", "= 4.5 /千人", "≤ 9 分钟"],
        "national_label": ["= 4.5 /千人 (2025)"] * 2 + ["≤ 9 分钟 (2030)"],
    }
    return pd.DataFrame({**base, **columns})


def test_a_panel_draws_the_national_line_of_its_latest_target_for_the_whole_region() -> None:
    # the urban target's line is not the region's: the latest unscoped target's line is drawn
    assert compare.reference_for({}, panel()) == (4.5, "全国 / national 2025: = 4.5 /千人")


def test_quotas_and_targets_without_a_national_match_draw_no_line() -> None:
    assert compare.reference_for({"period": "annual"}, panel()) is None
    assert compare.reference_for({"per_unit": "county"}, panel()) is None
    assert compare.reference_for({}, panel(national_value=[None, None, 9.0])) is None
