"""Reports show words, never codes: year bases, scopes, periods, reasons.

How a target itself is written ('≥ 12 个 (2025)') is the views' decision: test_view_labels.py."""

from __future__ import annotations

import pandas as pd
import pytest

from regionhealth.reports import labels


@pytest.mark.parametrize(
    ("basis", "words"),
    [
        (
            "explicit:到2025年底 (sentence)",
            "文中写明 / stated: 到2025年底（同一句 / same sentence）",
        ),
        ("explicit:到2027年", "文中写明 / stated: 到2027年"),
        ("plan_period:“十四五”期间", "规划期 / plan period: “十四五”期间"),
        ("relative:三年 from 2023", "相对年份 / counted from publication: 三年，自2023年起"),
        (
            "document_horizon:到2027年",
            "推定：文件目标年 / inferred from the document's horizon: 到2027年",
        ),
        ("none", labels.NO_YEAR),
    ],
)
def test_year_basis_codes_become_words(basis: str, words: str) -> None:
    assert labels.year_basis_text(basis) == words
    assert ":" not in words.split(" / ")[0] or "推定" in words  # no 'kind:' prefix survives


def test_missing_scope_is_written_one_way() -> None:
    for missing in (None, float("nan"), pd.NA, "", "all"):
        assert labels.scope_text(missing) == labels.NO_SCOPE
    assert labels.scope_text("urban") == "城区 / urban"
    assert labels.scope_text("children_hospitals") == "children hospitals"  # unknown: words


def test_reasons_and_periods_are_words() -> None:
    assert labels.reason_text("list_index") == "条目编号 / list number"
    assert labels.reason_text("new_rule_x") == "new rule x"
    assert labels.period_text("annual") == "每年 / per year"
    assert labels.period_text("span:5") == "5年累计 / over 5 years"
    assert labels.period_text(None) == ""
