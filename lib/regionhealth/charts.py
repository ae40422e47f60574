"""Vega-Lite charts for the report notebooks, as plain JSON specs (no JavaScript needed to build them).

A chart is a Vega-Lite dict. ``show`` displays it with the Vega-Lite mimetype, so JupyterLab draws
it interactively and the report runner turns it into an offline, interactive chart (vega shipped
inside the report set) or, with ``--static``, into an SVG drawn by vl-convert (``to_svg``).
Charts fill the width of their container; labels are at least 12 px.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from .outputs import CHART_MIMETYPE as MIMETYPE
from .outputs import VL_VERSION

FONT = "Noto Sans CJK SC"  # Debian fonts-noto-cjk; named first so CJK glyphs are found
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # names the version; never fetched
STATIC_WIDTH = 900  # width of 'container' charts when drawn without a browser
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
# Axis labels on two lines: '乐清 Yueqing' → 乐清 / Yueqing, '中文 / English' → 中文 / English.
TWO_LINES = "indexof(datum.label, ' / ') >= 0 ? split(datum.label, ' / ') : split(datum.label, ' ')"
CONFIG = {
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 320},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "labelLimit": 360},
    "title": {"fontSize": 16, "subtitleFontSize": 13, "anchor": "start"},
    "text": {"fontSize": 12},
}


def values(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``df`` as JSON-ready records (dates as ISO text, missing values as null)."""
    return json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False))


def chart(layers: list[dict[str, Any]], data: pd.DataFrame, height: int, **top: Any) -> dict:
    """A layered Vega-Lite spec over ``data`` as wide as its container."""
    return {
        "$schema": SCHEMA,
        "data": {"values": values(data)},
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CONFIG,
        "layer": layers,
        **top,
    }


def title(text: str, subtitle: str | None = None) -> dict[str, Any]:
    """Title ('中文 / English') with an optional subtitle."""
    return {"text": text, "subtitle": subtitle or ""}


def show(spec: dict[str, Any], data: pd.DataFrame | None = None) -> None:
    """Display ``spec``; ``data`` (the rows a reader may download as CSV) travels with it."""
    from IPython.display import display

    bundle: dict[str, Any] = {MIMETYPE: spec, "text/plain": f"<chart: {_title_text(spec)}>"}
    if data is not None:
        bundle["text/csv"] = data.to_csv(index=False)
    display(bundle, raw=True)


def _title_text(spec: dict[str, Any]) -> str:
    t = spec.get("title", "chart")
    return t.get("text", "chart") if isinstance(t, dict) else str(t)


def static_spec(spec: dict[str, Any], width: int = STATIC_WIDTH) -> dict[str, Any]:
    """``spec`` with container widths fixed, for drawing without a browser; hrefs dropped."""

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: fix(v) for k, v in node.items() if k != "href"}
            if out.get("width") == "container":
                out["width"] = width
            return out
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    return fix(spec)


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document drawn by vl-convert (text kept as text)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(static_spec(spec), vl_version=VL_VERSION)


def to_png(spec: dict[str, Any], scale: float = 1.0) -> bytes:
    """The chart as PNG bytes, text rasterised with the system's fonts."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(static_spec(spec), vl_version=VL_VERSION, scale=scale)


def _tooltip(fields: dict[str, str]) -> list[dict[str, str]]:
    return [{"field": f, "type": "nominal", "title": t} for f, t in fields.items()]


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
    tooltip = _tooltip(TARGET_TOOLTIP)
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


def heatmap(
    df: pd.DataFrame,
    x: str,
    y: str,
    count: str,
    title_: dict,
    x_title: str,
    y_title: str,
    fmt: str = "d",
    tooltip: dict[str, str] | None = None,
    count_title: str = "数量 / Count",
) -> dict:
    """Count heatmap, x labels on top, the count printed in every non-empty cell, zeros grey.

    ``y_title`` names the rows in the tooltip (the rows' labels need no axis title)."""
    enc = {
        "x": {
            "field": x,
            "type": "nominal",
            "title": x_title,
            "sort": None,
            "axis": {"orient": "top", "labelAngle": 0, "labelExpr": TWO_LINES},
        },
        # the row labels say what they are; a y title would sit over long labels
        "y": {"field": y, "type": "nominal", "title": None, "sort": None},
    }
    tip = _tooltip(tooltip or {x: x_title, y: y_title})
    tip.append({"field": count, "type": "quantitative", "title": count_title, "format": fmt})
    top = float(df[count].max()) if len(df) else 1.0
    cells = {
        "mark": {"type": "rect", "stroke": "white"},
        "encoding": {
            **enc,
            "color": {
                "condition": {"test": f"datum['{count}'] == 0", "value": "#f4f4f4"},
                "field": count,
                "type": "quantitative",
                "title": count_title,
                "scale": {"scheme": "blues"},
            },
            "tooltip": tip,
        },
    }
    text = {
        "transform": [{"filter": f"datum['{count}'] > 0"}],
        "mark": {"type": "text", "fontSize": 12},
        "encoding": {
            **enc,
            "text": {"field": count, "type": "quantitative", "format": fmt},
            "color": {
                "condition": {"test": f"datum['{count}'] > {top / 2}", "value": "white"},
                "value": "black",
            },
            "tooltip": tip,
        },
    }
    return chart([cells, text], df, 30 * max(1, df[y].nunique()), title=title_)


def count_bars(
    df: pd.DataFrame,
    category: str,
    measures: dict[str, str],
    title_: dict,
    category_title: str = "类别 / Category",
) -> dict:
    """Grouped horizontal bars: one bar per measure (column → bilingual label) per category."""
    long = df.melt(id_vars=[category], value_vars=list(measures), var_name="measure")
    long["measure"] = long["measure"].map(measures)
    order = list(measures.values())
    enc = {
        "y": {"field": category, "type": "nominal", "title": None, "sort": None},
        "yOffset": {"field": "measure", "type": "nominal", "sort": order},
        "x": {"field": "value", "type": "quantitative", "title": "数量 / Count"},
    }
    tip = _tooltip({category: category_title, "measure": "度量 / Measure"}) + [
        {"field": "value", "type": "quantitative", "title": "数量 / Count"}
    ]
    bars = {
        "mark": "bar",
        "encoding": {
            **enc,
            "color": {"field": "measure", "type": "nominal", "title": None, "sort": order},
            "tooltip": tip,
        },
    }
    text = {
        "mark": {"type": "text", "align": "left", "dx": 3},
        "encoding": {**enc, "text": {"field": "value", "type": "quantitative"}},
    }
    n = max(1, df[category].nunique())
    return chart([bars, text], long, n * 16 * len(measures) + 20, title=title_)


def timeline(docs: pd.DataFrame, years: pd.DataFrame, title_: dict) -> dict:
    """Per document: publication date (diamond), target years (circles sized by count), span."""
    y = {"field": "doc_label", "type": "nominal", "title": None, "sort": None}
    xt = {
        "field": "published_date",
        "type": "temporal",
        "title": "年份 / Year",
        "axis": {"format": "%Y", "tickCount": "year", "grid": True},
    }
    docs = docs.assign(kind="docs")
    years = years.assign(kind="years")
    span = {
        "transform": [{"filter": "datum.kind == 'docs'"}],
        "mark": {"type": "rule", "strokeWidth": 2, "color": "#bbbbbb"},
        "encoding": {"y": y, "x": xt, "x2": {"field": "last_target"}},
    }
    published = {
        "transform": [{"filter": "datum.kind == 'docs'"}],
        "mark": {"type": "point", "shape": "diamond", "filled": True, "size": 140, "color": "#333"},
        "encoding": {
            "y": y,
            "x": {"field": "published_date", "type": "temporal"},
            "tooltip": _tooltip(
                {"doc_label": "文件 / Document", "published_text": "发布 / Published"}
            ),
        },
    }
    targets = {
        "transform": [{"filter": "datum.kind == 'years'"}],
        "mark": {"type": "circle", "color": "#e45756", "opacity": 0.8},
        "encoding": {
            "y": y,
            "x": {"field": "target_date", "type": "temporal"},
            "size": {
                "field": "n_targets",
                "type": "quantitative",
                "title": "目标数 / Targets",
                "scale": {"range": [40, 600]},
            },
            "tooltip": _tooltip(
                {
                    "doc_label": "文件 / Document",
                    "year_label": "目标年 / Year",
                    "bases": "依据 / Basis",
                }
            )
            + [{"field": "n_targets", "type": "quantitative", "title": "目标数 / Targets"}],
        },
    }
    labels = {
        "transform": [{"filter": "datum.kind == 'years'"}],
        "mark": {"type": "text", "dy": -16},
        "encoding": {
            "y": y,
            "x": {"field": "target_date", "type": "temporal"},
            "text": {"field": "year_label"},
        },
    }
    data = pd.concat([docs, years], ignore_index=True)
    sub = "◆ 发布日期 / published · ● 目标年 / target year (size = count)"
    return chart(
        [span, published, targets, labels],
        data,
        56 * max(1, docs["doc_label"].nunique()),
        title=title(title_["text"], sub),
    )
