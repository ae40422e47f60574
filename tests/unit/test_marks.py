"""What a comparison chart draws: one mark per statement, like with like, ordered by ambition."""

from __future__ import annotations

import pandas as pd
from tests import tiny_store

from regionhealth.reports import marks
from regionhealth.reports import notebook as rh


def target(**kw) -> dict:
    """One row of the notebook query ``targets`` with defaults (labels as the views write them)."""
    row = {
        "target_id": "d:1",
        "doc_id": "d",
        "region_id": "a",
        "region_label": "甲 A",
        "indicator_code": "x",
        "comparator": ">=",
        "value": 10.0,
        "value_high": None,
        "unit": "count",
        "unit_symbol": "个",
        "target_year": 2025,
        "year_basis": "explicit:到2025年",
        "period": None,
        "scope": None,
        "group_id": None,
        "doc_title": "T",
        "quote": "q",
        "number_start": 1,
        "better": "higher",
        "target_text": "≥ 10 个",
        "year_label": "2025",
        "year_inferred": False,
        "target_label": "≥ 10 个 (2025)",
        "comparator_text": "≥ 至少 / at least",
        "strict": False,
    }
    return {**row, **kw}


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_a_restated_target_is_one_statement() -> None:
    rows = frame(
        target(target_id="d:1", group_id="g", number_start=1),
        target(target_id="d:9", group_id="g", number_start=9),
        target(target_id="e:1", doc_id="e", region_id="b", region_label="乙 B"),
    )
    assert len(marks.statements(rows)) == 2


def test_statement_ids_win_when_the_store_has_them() -> None:
    rows = frame(
        target(target_id="d:1", statement_id="s1", is_primary=True),
        target(target_id="d:9", statement_id="s1", is_primary=False, value=12.0),
        target(target_id="d:20", statement_id="s2", is_primary=True, value=3.0),
    )
    assert list(marks.statements(rows)["target_id"]) == ["d:1", "d:20"]


def test_annual_quotas_and_totals_never_share_a_panel() -> None:
    rows = frame(
        target(value=12.0),
        target(region_id="b", region_label="乙 B", value=3.0, period="annual", number_start=5),
    )
    groups = marks.panels(rows)
    assert len(groups) == 2
    assert [len(part) for _, part in groups] == [1, 1]
    assert groups[0][0]["period"] == ""  # the plain totals first
    assert "每年" in marks.panel_note(groups[1][0])


def test_rows_are_ordered_by_ambition_and_missing_regions_are_listed() -> None:
    rows = frame(
        target(region_label="甲 A", value=80.0),
        target(region_label="乙 B", value=95.0, number_start=2),
    )
    higher = marks.target_marks(rows, "higher", missing=["丙 C"])
    assert list(higher["row"]) == ["乙 B", "甲 A", "丙 C"]
    assert higher.iloc[-1]["target_label"] == marks.NO_TARGET
    assert not higher.iloc[-1]["has_target"]
    lower = marks.target_marks(rows, "lower")
    assert list(lower["row"]) == ["甲 A", "乙 B"]


def drawn_from_the_store(*targets: dict) -> pd.DataFrame:
    """Marks of rows the notebook query ``targets`` reads from a tiny store's views."""
    con = tiny_store.tiny_store(targets=list(targets))
    rows = rh.query(con, "targets", indicators=[], regions=[], scope=None)
    return marks.target_marks(rows, "neutral")


def test_ranges_end_at_their_upper_bound_and_comparators_stay_in_labels() -> None:
    drawn = drawn_from_the_store(
        tiny_store.target(comparator="range", value=3.0, value_high=5.0),
        tiny_store.target(target_id="d:2", comparator="<", value=11.0, unit="minutes"),
    ).set_index("comparator")
    assert (
        drawn.loc["range", "end"] == 5.0 and drawn.loc["range", "target_label"] == "3–5 个 (2025)"
    )
    assert drawn.loc["<", "strict"] and drawn.loc["<", "target_label"] == "< 11 分钟 (2025)"
    assert drawn.loc["<", "comparator_text"] == "< 少于 / less than"
    assert not drawn.loc["range", "strict"]
    assert list(drawn["row"]) == ["乐清 Yueqing", "乐清 Yueqing (2)"]


def test_inferred_years_are_marked_and_passages_link_to_the_reader() -> None:
    (mark,) = drawn_from_the_store(
        tiny_store.target(year_basis="document_horizon:到2027年", target_year=2027, number_start=42)
    ).to_dict("records")
    assert mark["year_status"] == marks.INFERRED
    assert mark["target_label"] == "≥ 12 个 (2027*)"
    assert mark["basis_text"].startswith("推定")
    assert mark["passage"] == "../documents/d.html#m-42"


def test_two_statements_of_one_region_get_two_rows_not_a_stacked_bar() -> None:
    rows = frame(target(value=12.0), target(value=24.0, number_start=3))
    drawn = marks.target_marks(rows, "higher")
    assert list(drawn["row"]) == ["甲 A", "甲 A (2)"]
    assert list(drawn["end"]) == [24.0, 12.0]
