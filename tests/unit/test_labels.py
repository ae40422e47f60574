"""Reports show words, never codes: year bases, comparators, scopes, periods, reasons."""

from __future__ import annotations

import pandas as pd
import pytest

from regionhealth.reports import labels


@pytest.mark.parametrize(
    ("basis", "words", "inferred"),
    [
        (
            "explicit:到2025年底 (sentence)",
            "文中写明 / stated: 到2025年底（同一句 / same sentence）",
            False,
        ),
        ("explicit:到2027年", "文中写明 / stated: 到2027年", False),
        ("plan_period:“十四五”期间", "规划期 / plan period: “十四五”期间", False),
        ("relative:三年 from 2023", "相对年份 / counted from publication: 三年，自2023年起", False),
        (
            "document_horizon:到2027年",
            "推定：文件目标年 / inferred from the document's horizon: 到2027年",
            True,
        ),
        ("none", labels.NO_YEAR, True),
    ],
)
def test_year_basis_codes_become_words(basis: str, words: str, inferred: bool) -> None:
    assert labels.year_basis_text(basis) == words
    assert labels.year_is_inferred(basis) is inferred
    assert ":" not in words.split(" / ")[0] or "推定" in words  # no 'kind:' prefix survives


def test_missing_scope_is_written_one_way() -> None:
    for missing in (None, float("nan"), pd.NA, "", "all"):
        assert labels.scope_text(missing) == labels.NO_SCOPE
    assert labels.scope_text("urban") == "城区 / urban"
    assert labels.scope_text("children_hospitals") == "children hospitals"  # unknown: words


def test_target_text_keeps_comparator_range_and_unit() -> None:
    assert labels.target_text(">=", 12.0, None, "个") == "≥ 12 个"
    assert labels.target_text("<", 11.0, float("nan"), "分钟") == "< 11 分钟"
    assert labels.target_text("range", 3.0, 5.0, "个") == "3–5 个"
    assert labels.target_text("approx", 0.5, None, "%") == "≈ 0.5 %"


def test_year_text_marks_inferred_years_and_missing_ones() -> None:
    assert labels.year_text(2025.0) == "2025"
    assert labels.year_text(2027, "document_horizon:到2027年") == "2027 (推定 / inferred)"
    assert labels.year_text(pd.NA) == "年份未定 / no year"


def test_reasons_and_periods_are_words() -> None:
    assert labels.reason_text("list_index") == "条目编号 / list number"
    assert labels.reason_text("new_rule_x") == "new rule x"
    assert labels.period_text("annual") == "每年 / per year"
    assert labels.period_text("span:5") == "5年累计 / over 5 years"
    assert labels.period_text(None) == ""
