"""What a comparison chart draws: one mark per statement, like with like, in order of ambition.

The rules a fair comparison needs, kept out of the chart code so they can be tested alone:
- a target restated elsewhere in the same document is one statement, drawn once;
- targets of different kinds (total vs annual quota vs per-unit quota, different units or
  target types) never share an axis: each kind gets its own panel, with a note saying why;
- rows are sorted by ambition using the indicator's better-direction;
- regions without a target are listed as rows that say so;
- every mark knows its label ('≥ 12 个 (2025)', from the view targets_labelled), its year basis
  in words and its passage.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from regionhealth.reports import labels

NO_TARGET = "无目标 / no target"
STATED, INFERRED = "文中写明 / stated", "推定 / inferred"
# Columns that make two targets incomparable; the ones the store has are used.
PANEL_KEYS = ("target_type", "per_unit", "period", "unit")
QUOTE_CHARS = 140  # tooltips show the start of long quotes; the passage link has the rest


def passage_url(doc_id: str, number_start: Any) -> str:
    """Link from a report page to the number's place in the document reader."""
    return f"../documents/{doc_id}.html#m-{int(number_start)}"


def statements(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per statement: restated targets (same statement, same numbers) drawn once."""
    if "is_primary" in rows.columns:
        rows = rows[rows["is_primary"].fillna(True).astype(bool)]
    if "statement_id" in rows.columns:
        return rows.drop_duplicates("statement_id")
    # Without statement ids: a target group restating the same value, scope and year.
    key = ["doc_id", "group_id", "scope", "comparator", "value", "value_high", "target_year"]
    grouped = rows[rows["group_id"].notna()].drop_duplicates(key)
    return pd.concat([grouped, rows[rows["group_id"].isna()]]).sort_index()


def panel_keys(rows: pd.DataFrame) -> list[str]:
    """The columns, among ``PANEL_KEYS``, that this store has."""
    return [k for k in PANEL_KEYS if k in rows.columns]


def panel_note(key: dict[str, Any]) -> str:
    """What a panel's targets are: their type, per-unit basis, period and unit, in words."""
    parts = []
    if labels.target_type_text(key.get("target_type")):
        parts.append(labels.target_type_text(key["target_type"]))
    if key.get("per_unit_label"):
        parts.append(f"每 / per {key['per_unit_label']}")
    elif labels.humanise(key.get("per_unit")):
        parts.append(f"每 / per {labels.humanise(key['per_unit'])}")
    if labels.period_text(key.get("period")):
        parts.append(labels.period_text(key["period"]))
    if key.get("unit_symbol"):
        parts.append(f"单位 / unit: {key['unit_symbol']}")
    return " · ".join(parts) or "总量 / totals"


def panels(rows: pd.DataFrame) -> list[tuple[dict[str, Any], pd.DataFrame]]:
    """``rows`` split into groups that may share an axis; the plain totals first."""
    keys = panel_keys(rows)
    if rows.empty:
        return []
    filled = rows.assign(**{k: rows[k].astype(object).where(rows[k].notna(), "") for k in keys})
    out = []
    for values, part in filled.groupby(keys, sort=False, dropna=False):
        key = dict(zip(keys, values if isinstance(values, tuple) else (values,), strict=True))
        key["unit_symbol"] = str(part["unit_symbol"].iloc[0]) if len(part) else ""
        if "per_unit_label" in part.columns and part["per_unit_label"].notna().any():
            key["per_unit_label"] = str(part["per_unit_label"].dropna().iloc[0])
        out.append((key, rows.loc[part.index]))
    # plain totals (no period, no per-unit, no type) first, then by size
    out.sort(key=lambda kv: (any(kv[0].get(k) for k in keys if k != "unit"), -len(kv[1])))
    return out


def _ambition(rows: pd.DataFrame, better: str) -> pd.DataFrame:
    """Per scope, most ambitious first: highest value if higher is better, lowest if lower is."""
    rows = rows.assign(_scope=rows["scope"].fillna(""))
    if better == "higher":
        order = rows.sort_values(["_scope", "value", "region_label"], ascending=[True, False, True])
    elif better == "lower":
        order = rows.sort_values(["_scope", "value", "region_label"])
    else:
        order = rows.sort_values(["_scope", "region_label", "value"])
    return order.drop(columns="_scope")


def target_marks(
    rows: pd.DataFrame, better: str, missing: Iterable[str] = (), show_year: bool = False
) -> pd.DataFrame:
    """The rows of one panel as marks, in order of ambition, then regions without a target.

    ``rows`` are rows of the notebook query ``targets``: their labels (target_text, year_label,
    target_label, comparator_text, …) come from the views, decided once in SQL."""
    out = _marks(_ambition(rows, better))
    out["row"] = _row_labels(out, show_year)
    return pd.concat([out, _no_target_rows(missing)], ignore_index=True)


def _marks(rows: pd.DataFrame) -> pd.DataFrame:
    """One mark per row: the view's labels, the words of its codes, its passage and tooltip."""
    inferred = rows["year_inferred"].fillna(True).astype(bool)
    out = pd.DataFrame(
        {
            "region_label": rows["region_label"],
            "scope_text": rows["scope"].map(labels.scope_text),
            "comparator": rows["comparator"],
            "comparator_text": rows["comparator_text"],
            "strict": rows["strict"].fillna(False).astype(bool),
            "value": rows["value"],
            "value_high": rows["value_high"],
            "unit_symbol": rows["unit_symbol"],
            "target_year": rows["target_year"],
            "year_label": rows["year_label"],
            "basis_text": rows["year_basis"].map(labels.year_basis_text),
            "year_status": inferred.map({True: INFERRED, False: STATED}),
            "commitment_text": rows.get("commitment", pd.Series(None, index=rows.index)).map(
                labels.commitment_text
            ),
            "doc_title": rows["doc_title"],
            "quote": rows["quote"],
            "passage": [
                passage_url(d, n) for d, n in zip(rows["doc_id"], rows["number_start"], strict=True)
            ],
        }
    )
    out["has_target"] = True
    out["end"] = out["value_high"].fillna(out["value"])
    out["label_x"] = out["end"]
    out["target_text"] = rows["target_text"]
    out["target_label"] = rows["target_label"]
    out["quote_short"] = out["quote"].map(_short)
    out["open_hint"] = "点击打开原文 / click to open the passage"
    return out


def _row_labels(marks: pd.DataFrame, show_year: bool) -> pd.Series:
    """Each mark's row: its region, with the scope where scopes differ and the year if asked."""
    several_scopes = (
        marks["scope_text"].nunique() > 1 or (marks["scope_text"] != labels.NO_SCOPE).any()
    )
    row = marks["region_label"]
    if several_scopes:
        row = row + " · " + marks["scope_text"]
    if show_year:
        row = row + " · " + marks["year_label"]
    return _unique(row)


def _no_target_rows(missing: Iterable[str]) -> pd.DataFrame:
    """Rows for the regions without a target: they say so instead of being left out."""
    gone = pd.DataFrame({"region_label": sorted(missing)})
    if gone.empty:
        return gone
    return gone.assign(
        row=gone["region_label"],
        has_target=False,
        target_label=NO_TARGET,
        label_x=0.0,
        scope_text="",
        comparator="",
        comparator_text="",
        strict=False,
    )


def _unique(labels_: pd.Series) -> pd.Series:
    """Row labels made unique ('乐清 Yueqing', '乐清 Yueqing (2)'): two statements, two rows."""
    seen: dict[str, int] = {}
    out = []
    for label in labels_:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return pd.Series(out, index=labels_.index)


def _short(quote: Any) -> str:
    """The start of a quote, for tooltips."""
    text = " ".join(str(quote or "").split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


CSV_COLUMNS = {
    "region_label": "region",
    "scope_text": "scope",
    "comparator_text": "comparator",
    "value": "value",
    "value_high": "value_high",
    "unit_symbol": "unit",
    "target_year": "target_year",
    "basis_text": "year_basis",
    "commitment_text": "commitment",
    "doc_title": "document",
    "quote": "quote",
    "passage": "passage",
}


def csv_rows(marks: pd.DataFrame) -> pd.DataFrame:
    """The data behind a chart as a reader downloads it: words, values, quote, passage link."""
    return marks[marks["has_target"]][list(CSV_COLUMNS)].rename(columns=CSV_COLUMNS)
