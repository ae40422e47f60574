"""The comparison chart of one indicator: one mark per statement, the comparator drawn in the mark,
ranges as spans, inferred years dashed, the national line as a rule (see ``target_marks``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from regionhealth.reports.charts import chart, tooltip_fields

SCOPE_COLORS = ["#4c78a8", "#e45756", "#54a24b", "#f58518", "#b279a2", "#72b7b2", "#9d755d"]
# The comparator is drawn in the mark: an arrow for 'at least', a cap for 'at most',
# a circle for an exact value, a diamond for 'about', a cap at the upper end of a span.
SHAPES = {
    ">=": "triangle-right",
    ">": "triangle-right",
    "<=": "M0,-1.3L0,1.3",
    "<": "M-0.7,-1.3L0,-1.3L0,1.3L-0.7,1.3",
    "=": "circle",
    "approx": "diamond",
    "range": "M0,-1.3L0,1.3",
}
STRICT = {">", "<"}  # drawn hollow: the value itself is not included

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

    ``marks`` comes from ``notebook.target_marks`` (columns row, has_target, value, value_high,
    end, comparator, strict, scope_text, year_status, target_label, passage, tooltip fields),
    already in display order. Rows without a target show '无目标 / no target'. ``reference``
    (value, label) draws the national line as a rule.
    """
    rows = list(dict.fromkeys(marks["row"]))
    scopes = list(dict.fromkeys(marks.loc[marks["has_target"], "scope_text"]))
    comps = list(dict.fromkeys(marks.loc[marks["has_target"], "comparator_text"]))
    comp_codes = dict(zip(marks["comparator_text"], marks["comparator"], strict=False))
    end_max = float(marks["end"].max()) if marks["has_target"].any() else 1.0
    if reference is not None:
        end_max = max(end_max, float(reference[0]))
    y = {"field": "row", "type": "nominal", "sort": rows, "title": None}
    x = {
        "field": "value",
        "type": "quantitative",
        "title": f"目标值 / Target value ({unit_symbol})"
        if unit_symbol
        else "目标值 / Target value",
        "scale": {"domain": [0, end_max], "nice": True, "zero": True},
        "axis": {"format": "~g"},
        "stack": None,
    }
    color = {
        "field": "scope_text",
        "type": "nominal",
        "title": "范围 / Scope",
        "scale": {"domain": scopes, "range": SCOPE_COLORS[: max(1, len(scopes))]},
        "legend": None if len(scopes) < 2 else {},
    }
    has = {"filter": "datum.has_target"}
    status = {
        "field": "year_status",
        "type": "nominal",
        "title": "目标年 / Target year",
        "scale": {
            "domain": ["文中写明 / stated", "推定 / inferred"],
            "range": [[1, 0], [4, 3]],
        },
    }
    tooltip = tooltip_fields(TARGET_TOOLTIP)
    bar = {
        "transform": [has],
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
                "scale": {"domain": status["scale"]["domain"], "range": [0.75, 0.25]},
                "legend": None,
            },
            "tooltip": tooltip,
            "href": {"field": "passage"},
        },
    }
    span = {
        "transform": [has, {"filter": "isValid(datum.value_high)"}],
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
    glyph = {
        "transform": [has],
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
    label = {
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
    layers = [bar, span, glyph, label]
    if reference is not None:
        layers.append(
            {
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
        )
    height = 34 * len(rows) + 10
    return chart(
        layers,
        marks,
        height,
        title=title_,
        padding={"right": 170, "left": 5, "top": 5, "bottom": 5},
        resolve={"scale": {"color": "shared"}},
    )
