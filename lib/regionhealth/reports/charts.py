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

from regionhealth.reports.outputs import CHART_MIMETYPE as MIMETYPE
from regionhealth.reports.outputs import VL_VERSION

FONT = "Noto Sans CJK SC"  # Debian fonts-noto-cjk; named first so CJK glyphs are found
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # names the version; never fetched
STATIC_WIDTH = 900  # width of 'container' charts when drawn without a browser
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


def tooltip_fields(fields: dict[str, str]) -> list[dict[str, str]]:
    return [{"field": f, "type": "nominal", "title": t} for f, t in fields.items()]


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
    tip = tooltip_fields(tooltip or {x: x_title, y: y_title})
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
    tip = tooltip_fields({category: category_title, "measure": "度量 / Measure"}) + [
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
            "tooltip": tooltip_fields(
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
            "tooltip": tooltip_fields(
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
