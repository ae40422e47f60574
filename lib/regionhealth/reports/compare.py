"""The indicator-comparison section of the reports: per indicator, honest charts and their rows.

Per indicator: a heading, one chart per panel of comparable targets (see ``marks``), the table of
the statements behind it with linked quotes, and, where a region states targets for several
scopes (urban and rural, …), those targets side by side with their comparators.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from regionhealth.reports import charts, labels, marks, target_chart
from regionhealth.reports import notebook as rh

TABLE_COLUMNS = [
    "region_label",
    "scope_text",
    "target_text",
    "year_label",
    "basis_text",
    "commitment_text",
    "doc_title",
    "quote",
]


def with_texts(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` of targets (with the views' target_text and year_label) with the words of their
    codes a table also shows: scope_text and, where the rows have a year_basis, basis_text."""
    texts = {"scope_text": rows["scope"].map(labels.scope_text)}
    if "year_basis" in rows.columns:
        texts["basis_text"] = rows["year_basis"].map(labels.year_basis_text)
    return rows.assign(**texts)


def reference_for(key: dict[str, Any], part: pd.DataFrame) -> tuple[float, str] | None:
    """The national line of a panel as (value, label), or None: the national target the view
    target_vs_national chose for the panel's latest target for the whole region (no scope).

    The view decides which national year and value a target meets (the nearest year at or after
    it, else the latest before; the most demanding value of a year); a panel of per-unit or
    per-period quotas gets no line."""
    if key.get("per_unit") or key.get("period") or "national_value" not in part.columns:
        return None
    lined = part[part["national_value"].notna() & part["scope"].isna()]
    if lined.empty:
        return None
    r = lined.sort_values("target_year", ascending=False, kind="stable").iloc[0]
    if pd.isna(r["national_year"]):
        return float(r["national_value"]), f"全国 / national: {r['national_label']}"
    return float(r["national_value"]), (
        f"全国 / national {int(r['national_year'])}: {r['national_text']}"
    )


def show_indicator(rows: pd.DataFrame, label: str, regions: pd.DataFrame) -> None:
    """The charts and tables of one indicator's targets (all regions, one panel per kind)."""
    rh.heading(label, level=2)
    rows = marks.statements(rows)
    missing = sorted(set(regions["region_label"]) - set(rows["region_label"]))
    if rows.empty:
        rh.note("没有地区为该指标设定目标 / No region states a target for this indicator.")
        return
    better = str(rows["better"].iloc[0] or "neutral")
    direction = {"higher": "越高越好 / higher is better", "lower": "越低越好 / lower is better"}
    groups = marks.panels(rows)
    for n, (key, part) in enumerate(groups):
        note = marks.panel_note(key)
        if len(groups) > 1:
            rh.heading(note, level=3)
            rh.note(
                "这些目标与其他目标的性质不同，单独绘制 / These targets are of another kind "
                "than the others and are drawn apart, never on a shared axis."
            )
        years = sorted({int(y) for y in part["target_year"].dropna()})
        drawn = marks.target_marks(
            part, better, missing if n == 0 else (), show_year=len(years) > 1
        )
        sub = [f"{part['region_id'].nunique()} 个地区 / regions", note]
        if better in direction:
            sub.append(direction[better])
        if len(years) > 1:
            sub.append("目标年不同 / target years differ: " + ", ".join(map(str, years)))
        reference = reference_for(key, part)
        spec = target_chart.target_marks(
            drawn,
            charts.title(label, " · ".join(sub)),
            str(key.get("unit_symbol", "")),
            reference,
        )
        charts.show(spec, marks.csv_rows(drawn))
        if reference is not None:
            rh.note(f"虚线 / dashed line: {reference[1]} (国家目标 / the national target)")
        if (drawn["year_status"] == marks.INFERRED).any():
            rh.note(
                "\\* 推定年份：文件未就该目标写明年份，取文件的目标年 / inferred year: the "
                "sentence gives no year, the document's horizon is used (dashed, lighter bar)."
            )
        rh.show_table(drawn[drawn["has_target"]], TABLE_COLUMNS)
        if missing and n == 0:
            rh.note("未设定目标的地区 / Regions without a target: " + ", ".join(missing))
    show_scopes_side_by_side(rows)


def show_scopes_side_by_side(rows: pd.DataFrame) -> None:
    """Regions that state targets for several scopes (e.g. urban, rural): the targets in a row."""
    scoped = rows[rows["scope"].notna()]
    several = scoped.groupby("region_id")["scope"].nunique()
    scoped = scoped[scoped["region_id"].isin(several[several > 1].index)]
    if scoped.empty:
        return
    rh.heading("范围对比 / Scopes side by side", level=3)
    scoped = with_texts(scoped)
    wide = scoped.pivot_table(
        index=["region_label", "year_label"],
        columns="scope_text",
        values="target_text",
        aggfunc=lambda s: "; ".join(dict.fromkeys(s)),
    ).reset_index()
    wide.columns.name = None
    rh.show_table(wide, list(wide.columns), link=None)


def show_indicator_sections(
    targets: pd.DataFrame,
    indicator_codes: Sequence[str],
    indicator_labels: dict[str, str],
    regions: pd.DataFrame,
) -> None:
    """One section per indicator, in the order given."""
    for code in indicator_codes:
        rows = targets[targets["indicator_code"] == code]
        show_indicator(rows, indicator_labels.get(code, code), regions)


def indicator_labels(con: Any, codes: Sequence[str]) -> dict[str, str]:
    """'中文 / English' names of the indicators ``codes``."""
    df = rh.query(con, "indicator_names", indicators=list(codes))
    return dict(zip(df["indicator_code"], df["indicator_label"], strict=True))
