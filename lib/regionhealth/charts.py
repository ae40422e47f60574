"""Altair charts for the report notebooks, rendered offline to SVG/PNG by vl-convert.

Reports must open without a network, so charts are never shown through Altair's default
renderer (which loads vega-embed from a CDN): ``show`` renders the chart to an inline SVG.
Chinese labels need a CJK font on the machine (``make fonts``); ``FONT`` names it first.
"""

from __future__ import annotations

import sys
from typing import Any

# altair → jsonschema would build the rfc3987_syntax grammar (0.7 s per kernel, docs/benchmarks.md)
# for a URI format check no chart uses; without the module jsonschema simply skips that check.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import altair as alt  # noqa: E402
import pandas as pd  # noqa: E402
import vl_convert as vlc  # noqa: E402

# Noto Sans CJK (Debian fonts-noto-cjk) first so vl-convert and browsers pick a font with CJK
# glyphs before a Latin-only default; the generic family is the fallback.
FONT = "Noto Sans CJK SC"
WIDTH = 560
# Colours for target scopes; unscoped targets ('all') get the neutral blue.
SCOPE_COLORS = {"all": "#4c78a8", "urban": "#e45756", "rural": "#54a24b"}
OTHER_COLORS = ["#f58518", "#b279a2", "#72b7b2", "#eeca3b", "#9d755d", "#bab0ac"]
# Bilingual labels '中文 / English' are drawn on two lines: vl-convert under-measures text that
# mixes CJK and Latin in one run, which makes axis titles overlap long labels; one script per
# line measures right.
TWO_LINES = "split(datum.label, ' / ')"


def _vl_version() -> str:
    """Vega-Lite version Altair writes, as vl-convert names it ('6.4')."""
    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def styled(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """``chart`` with the report font and quiet defaults applied."""
    return chart.configure(font=FONT, background="white").configure_view(stroke=None)


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as a standalone SVG document (text kept as text, font from ``FONT``)."""
    return vlc.vegalite_to_svg(styled(chart).to_dict(), vl_version=_vl_version())


def to_png(chart: alt.TopLevelMixin, scale: float = 1.0) -> bytes:
    """The chart as PNG bytes, text rasterised with the system's fonts."""
    return vlc.vegalite_to_png(styled(chart).to_dict(), vl_version=_vl_version(), scale=scale)


def show(chart: alt.TopLevelMixin) -> None:
    """Display ``chart`` in the notebook as inline SVG: no JavaScript, no network."""
    from IPython.display import display

    title = chart.to_dict().get("title", "chart")
    display({"image/svg+xml": to_svg(chart), "text/plain": f"<chart: {title}>"}, raw=True)


def _title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    """Chart title ('中文 / English' on two lines) with an optional subtitle line."""
    return alt.TitleParams(text=text.split(" / "), subtitle=subtitle or "", anchor="start")


def target_bars(df: pd.DataFrame, title: str, subtitle: str | None = None) -> alt.Chart:
    """Horizontal bars of target values by region, one bar per scope, labelled '<11 min (2025)'.

    ``df`` has the columns of ``queries/notebooks/targets.sql``; the label carries comparator,
    value, unit and target year so they are visible on the mark itself.
    """
    data = df.assign(
        scope_label=df["scope"].fillna("all"),
        row_label=df["region_label"] + " · " + df["target_year"].map(year_text),
    )
    scopes = _scope_order(data["scope_label"])
    unit = str(data["unit_symbol"].iloc[0]) if len(data) else ""
    max_value = float(data["value"].max()) if len(data) else 1.0
    base = alt.Chart(data).encode(
        y=alt.Y("row_label:N", title=None, sort=None),  # labels read '乐清 Yueqing · 2025'
        yOffset=alt.YOffset("scope_label:N", sort=scopes),
    )
    bars = base.mark_bar(height={"band": 0.8}).encode(
        x=alt.X(
            "value:Q",
            title=f"目标值 / Target value ({unit})",
            scale=alt.Scale(domain=[0, max_value * 1.35]),
        ),
        color=alt.Color(
            "scope_label:N",
            title="范围 / Scope",
            scale=alt.Scale(domain=scopes, range=_scope_colors(scopes)),
        ),
        tooltip=["region_label:N", "scope_label:N", "target_label:N", "doc_title:N"],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x="value:Q", text="target_label:N"
    )
    n_rows = max(1, data[["row_label", "scope_label"]].drop_duplicates().shape[0])
    return (bars + labels).properties(
        title=_title(title, subtitle), width=WIDTH, height=max(60, 26 * n_rows)
    )


def _scope_order(scopes: pd.Series) -> list[str]:
    """Scopes present, known ones first ('all', 'urban', 'rural'), then the rest sorted."""
    present = set(scopes)
    return [s for s in SCOPE_COLORS if s in present] + sorted(present - set(SCOPE_COLORS))


def _scope_colors(scopes: list[str]) -> list[str]:
    """A colour per scope: fixed for known scopes, from ``OTHER_COLORS`` for the rest."""
    others = iter(OTHER_COLORS * (1 + len(scopes) // len(OTHER_COLORS)))
    return [SCOPE_COLORS.get(s) or next(others) for s in scopes]


def year_text(year: Any) -> str:
    """Target year as text; '年份未定 / no year' when the document gives none."""
    return "年份未定 / no year" if pd.isna(year) else str(int(year))


def heatmap(
    df: pd.DataFrame,
    x: str,
    y: str,
    count: str,
    title: str,
    x_title: str,
    y_title: str,
    subtitle: str | None = None,
) -> alt.Chart:
    """Count heatmap with the count printed in every non-empty cell."""
    base = alt.Chart(df).encode(
        x=alt.X(
            f"{x}:N",
            title=x_title,
            axis=alt.Axis(labelAngle=-40, labelLimit=220, labelExpr=TWO_LINES),
        ),
        y=alt.Y(f"{y}:N", title=y_title, axis=alt.Axis(labelLimit=260, labelExpr=TWO_LINES)),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(f"{count}:Q", title="数量 / Count", scale=alt.Scale(scheme="blues")),
        tooltip=[f"{x}:N", f"{y}:N", f"{count}:Q"],
    )
    text = (
        base.mark_text(fontSize=11)
        .encode(
            text=alt.Text(f"{count}:Q"),
            color=alt.condition(
                alt.datum[count] > df[count].max() / 2 if len(df) else alt.datum[count] > 0,
                alt.value("white"),
                alt.value("black"),
            ),
        )
        .transform_filter(alt.datum[count] > 0)
    )
    n_x = max(1, df[x].nunique())
    n_y = max(1, df[y].nunique())
    return (cells + text).properties(
        title=_title(title, subtitle), width=min(WIDTH, 70 * n_x), height=30 * n_y
    )


def count_bars(df: pd.DataFrame, category: str, measures: dict[str, str], title: str) -> alt.Chart:
    """Grouped horizontal bars: one bar per measure (column → bilingual label) per category."""
    long = df.melt(id_vars=[category], value_vars=list(measures), var_name="measure")
    long["measure"] = long["measure"].map(measures)
    base = alt.Chart(long).encode(
        y=alt.Y(f"{category}:N", title=None, sort=None, axis=alt.Axis(labelExpr=TWO_LINES)),
        yOffset=alt.YOffset("measure:N", sort=list(measures.values())),
    )
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title="数量 / Count"),
        color=alt.Color("measure:N", title=None, sort=list(measures.values())),
        tooltip=[f"{category}:N", "measure:N", "value:Q"],
    )
    text = base.mark_text(align="left", dx=3, fontSize=11).encode(x="value:Q", text="value:Q")
    n = max(1, df[category].nunique())
    return (bars + text).properties(
        title=_title(title), width=WIDTH, height=n * 16 * max(1, len(measures)) + 20
    )


def timeline(docs: pd.DataFrame, years: pd.DataFrame, title: str) -> alt.LayerChart:
    """Per document: publication date (diamond), target years (circles sized by count), span."""
    y = alt.Y("doc_label:N", title=None, axis=alt.Axis(labelLimit=320), sort=None)
    span = (
        alt.Chart(docs)
        .mark_rule(strokeWidth=2, color="#bbbbbb")
        .encode(
            y=y,
            x=alt.X(
                "published_date:T",
                title="年份 / Year",
                axis=alt.Axis(format="%Y", tickCount="year", grid=True),
            ),
            x2="last_target:T",
        )
    )
    published = (
        alt.Chart(docs)
        .mark_point(shape="diamond", filled=True, size=140, color="#333333")
        .encode(y=y, x="published_date:T", tooltip=["doc_label:N", "published_date:T"])
    )
    targets = (
        alt.Chart(years)
        .mark_circle(color="#e45756", opacity=0.8)
        .encode(
            y=y,
            x="target_date:T",
            size=alt.Size(
                "n_targets:Q", title="目标数 / Targets", scale=alt.Scale(range=[40, 600])
            ),
            tooltip=["doc_label:N", "target_year:Q", "n_targets:Q"],
        )
    )
    labels = (
        alt.Chart(years)
        .mark_text(dy=-14, fontSize=10)
        .encode(y=y, x="target_date:T", text="year_label:N")
    )
    n = max(1, docs["doc_label"].nunique())
    return (span + published + targets + labels).properties(
        title=_title(title, "◆ 发布日期 / published · ● 目标年 / target year (size = count)"),
        width=WIDTH,
        height=48 * n,
    )
