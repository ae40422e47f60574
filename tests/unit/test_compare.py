"""The words a table of targets shows, computed once for the reports and the notebooks."""

from __future__ import annotations

import pandas as pd

from regionhealth.reports import compare


def test_with_texts_adds_the_words_of_each_target() -> None:
    rows = pd.DataFrame(
        {
            "scope": ["urban", None],
            "comparator": ["<", "range"],
            "value": [11.0, 3.0],
            "value_high": [None, 5.0],
            "unit_symbol": ["分钟", "%"],
            "target_year": [2025, None],
            "year_basis": ["explicit:到2025年", None],
        }
    )
    out = compare.with_texts(rows)
    assert list(out["scope_text"]) == ["城区 / urban", "全部 / all"]
    assert list(out["target_text"]) == ["< 11 分钟", "3–5 %"]
    assert list(out["year_label"]) == ["2025", "年份未定 / no year"]
    assert out["basis_text"].iloc[0].startswith("文中写明 / stated: 到2025年")
    assert list(rows.columns) == list(out.columns)[: len(rows.columns)]  # rows left as they were
    assert "scope_text" not in rows.columns


def test_with_texts_needs_no_year_basis() -> None:
    rows = pd.DataFrame(
        {
            "scope": [None],
            "comparator": [">="],
            "value": [12.0],
            "value_high": [None],
            "unit_symbol": ["个"],
            "target_year": [2030],
        }
    )
    out = compare.with_texts(rows)
    assert list(out["target_text"]) == ["≥ 12 个"]
    assert "basis_text" not in out.columns
