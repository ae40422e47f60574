"""The comparison chart of one indicator: one mark per statement, the comparator drawn in the mark,
ranges as spans, inferred years dashed, the national line as a rule (see ``target_marks``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from regionhealth.reports.charts import chart, tooltip_fields

SCOPE_COLORS = ["#4c78a8", "#e45756", "#54a24b", "#f58518", "#b279a2", "#72b7b2", "#9d755d"]
# The comparator is drawn in the mark: an arrow for 'at least', a cap for 'at most',
# a circle for an exact value, a diamond for 'about', a cap at the upper end of a span. Whether a
# comparator is strict (drawn hollow) is the view comparator_labels' column ``strict``.
SHAPES = {
    ">=": "triangle-right",
    ">": "triangle-right",
    "<=": "M0,-1.3L0,1.3",
    "<": "M-0.7,-1.3L0,-1.3L0,1.3L-0.7,1.3",
    "=": "circle",
    "approx": "diamond",
    "range": "M0,-1.3L0,1.3",
}

TARGET_TOOLTIP = {
    "region_label": "地区 / Region",
    "scope_text": "范围 / Scope",
    "target_text": "目标 / Target",
    "year_label": "目标年 / Target year",
    "basis_text": "年份依据 / Year basis",
    "commitment_text": "承诺 / Commitment",
    "doc_title": "文件 / Document",
    "quote_short": "原文 / Quote",
    "open_hint": "原文链接 / Passage",
}


def target_marks(marks: pd.DataFrame, title_: dict, unit_symbol: str, reference: Any = None):
    """One row per statement: a bar to the value, the comparator drawn at its end, ranges as spans.

    ``marks`` comes from ``marks.target_marks`` (columns row, has_target, value, value_high,
    end, comparator, comparator_text, strict, scope_text, year_status, target_label, passage,
    tooltip fields), already in display order. Rows without a target show '无目标 / no target'.
    ``reference`` (value, label) draws the national line as a rule.
    """
    rows = list(dict.fromkeys(marks["row"]))
    y = {"field": "row", "type": "nominal", "sort": rows, "title": None}
    color = _scope_color(marks)
    tooltip = tooltip_fields(TARGET_TOOLTIP)
    layers = [
        _bars(y, _value_axis(marks, unit_symbol, reference), color, tooltip),
        _spans(y, color, tooltip),
        _glyphs(y, marks, color, tooltip),
        _labels(y),
    ]
    if reference is not None:
        layers.append(_reference_rule(reference))
    return chart(
        layers,
        marks,
        34 * len(rows) + 10,
        title=title_,
        padding={"right": 170, "left": 5, "top": 5, "bottom": 5},
        resolve={"scale": {"color": "shared"}},
    )


_HAS_TARGET = {"filter": "datum.has_target"}
# Inferred years are drawn dashed and lighter than stated ones.
_YEAR_STATUS = ["文中写明 / stated", "推定 / inferred"]


def _value_axis(marks: pd.DataFrame, unit_symbol: str, reference: Any) -> dict:
    """The x axis from zero to the farthest end (or the national line, if farther)."""
    end_max = float(marks["end"].max()) if marks["has_target"].any() else 1.0
    if reference is not None:
        end_max = max(end_max, float(reference[0]))
    title = f"目标值 / Target value ({unit_symbol})" if unit_symbol else "目标值 / Target value"
    return {
        "field": "value",
        "type": "quantitative",
        "title": title,
        "scale": {"domain": [0, end_max], "nice": True, "zero": True},
        "axis": {"format": "~g"},
        "stack": None,
    }


def _scope_color(marks: pd.DataFrame) -> dict:
    """One colour per scope; a legend only when there are two or more."""
    scopes = list(dict.fromkeys(marks.loc[marks["has_target"], "scope_text"]))
    return {
        "field": "scope_text",
        "type": "nominal",
        "title": "范围 / Scope",
        "scale": {"domain": scopes, "range": SCOPE_COLORS[: max(1, len(scopes))]},
        "legend": None if len(scopes) < 2 else {},
    }


def _bars(y: dict, x: dict, color: dict, tooltip: list) -> dict:
    """A bar from zero to the value: dashed and lighter where the year is inferred."""
    status = {
        "field": "year_status",
        "type": "nominal",
        "title": "目标年 / Target year",
        "scale": {"domain": _YEAR_STATUS, "range": [[1, 0], [4, 3]]},
    }
    return {
        "transform": [_HAS_TARGET],
        "mark": {"type": "bar", "height": {"band": 0.55}, "strokeWidth": 1.5},
        "encoding": {
            "y": y,
            "x": x,
            "color": color,
            "stroke": {**color, "legend": None},
            "strokeDash": status,
            "fillOpacity": {
                "field": "year_status",
                "type": "nominal",
                "scale": {"domain": _YEAR_STATUS, "range": [0.75, 0.25]},
                "legend": None,
            },
            "tooltip": tooltip,
            "href": {"field": "passage"},
        },
    }


def _spans(y: dict, color: dict, tooltip: list) -> dict:
    """A range (3–5) as a thick span from its low to its high value."""
    return {
        "transform": [_HAS_TARGET, {"filter": "isValid(datum.value_high)"}],
        "mark": {"type": "bar", "height": {"band": 0.8}, "opacity": 0.95},
        "encoding": {
            "y": y,
            "x": {"field": "value", "type": "quantitative"},
            "x2": {"field": "value_high"},
            "color": {**color, "legend": None},
            "tooltip": tooltip,
            "href": {"field": "passage"},
        },
    }


def _glyphs(y: dict, marks: pd.DataFrame, color: dict, tooltip: list) -> dict:
    """The comparator at the end of the bar (``SHAPES``), hollow where it is strict (> and <)."""
    drawn = marks.loc[marks["has_target"], "comparator_text"]
    comps = list(dict.fromkeys(drawn))
    comp_codes = dict(zip(marks["comparator_text"], marks["comparator"], strict=False))
    return {
        "transform": [_HAS_TARGET],
        "mark": {"type": "point", "size": 220, "strokeWidth": 2.5, "opacity": 1},
        "encoding": {
            "y": y,
            "x": {"field": "end", "type": "quantitative"},
            "shape": {
                "field": "comparator_text",
                "type": "nominal",
                "title": "比较 / Comparator",
                "scale": {"domain": comps, "range": [SHAPES[comp_codes[c]] for c in comps]},
            },
            "stroke": {**color, "legend": None},
            "fill": {
                "condition": {"test": "datum.strict", "value": "white"},
                **color,
                "legend": None,
            },
            "tooltip": tooltip,
            "href": {"field": "passage"},
        },
    }


def _labels(y: dict) -> dict:
    """The mark's label ('≥ 12 个 (2025)', from the view) after its end; grey for no target."""
    return {
        "mark": {"type": "text", "align": "left", "dx": 12, "fontSize": 12},
        "encoding": {
            "y": y,
            "x": {"field": "label_x", "type": "quantitative"},
            "text": {"field": "target_label"},
            "color": {
                "condition": {"test": "datum.has_target", "value": "#222222"},
                "value": "#888888",
            },
        },
    }


def _reference_rule(reference: Any) -> dict:
    """The national line: a dashed rule at its value, labelled at the top."""
    return {
        "data": {"values": [{"ref": float(reference[0]), "ref_label": reference[1]}]},
        "layer": [
            {
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#333333"},
                "encoding": {"x": {"field": "ref", "type": "quantitative"}},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": -4, "y": 0},
                "encoding": {
                    "x": {"field": "ref", "type": "quantitative"},
                    "text": {"field": "ref_label"},
                },
            },
        ],
    }
