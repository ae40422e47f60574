# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python (regionhealth)
#     language: python
#     name: regionhealth
# ---

# %% [markdown]
# # 政策主题 / Policy themes
# How often each region's documents speak of each qualitative theme (region × theme heatmap),
# and which themes only one region raises; evidence quotes below each.

# %%
from regionhealth import charts
from regionhealth import notebook as rh
from regionhealth.errors import RegionhealthError

# %% tags=["parameters"]
regions = []  # region ids; empty: every region with documents
quotes_per_cell = 2  # evidence quotes shown per region × theme
store_path = ""  # empty: the project's built store

# %%
con = rh.start(store_path)
regions = rh.choose_many(con, "region", regions, "regions", allow_empty=True)
if not isinstance(quotes_per_cell, int) or quotes_per_cell < 1:
    raise RegionhealthError(f"quotes_per_cell must be a positive integer, got {quotes_per_cell!r}")
rh.show_params(regions=regions or "all", quotes_per_cell=quotes_per_cell)

# %% [markdown]
# ## 地区 × 主题 / Region × theme

# %%
counts = rh.query(con, "theme_counts", regions=regions)
charts.show(
    charts.heatmap(
        counts,
        x="region_label",
        y="theme_label",
        count="n_mentions",
        title="各地区提及主题的次数 / Theme mentions per region",
        x_title="地区 / Region",
        y_title="主题 / Theme",
    )
)
quotes = rh.query(con, "theme_quotes", regions=regions, per_cell=quotes_per_cell)
rh.show_table(
    quotes,
    ["theme_label", "region_label", "n_mentions", "keyword", "doc_title", "quote"],
    caption=f"每格最多 {quotes_per_cell} 条原文 / Up to {quotes_per_cell} quotes per cell",
)

# %% [markdown]
# ## 仅一个地区提及的主题 / Themes unique to one region

# %%
unique = rh.query(con, "unique_themes", regions=regions)
if not unique.empty:
    charts.show(
        charts.count_bars(
            unique.assign(label=unique["theme_label"] + " — " + unique["region_label"]),
            "label",
            {"n_mentions": "提及 / Mentions"},
            "仅一个地区提及的主题 / Themes only one region mentions",
        )
    )
rh.show_table(unique, ["theme_label", "region_label", "n_mentions", "doc_title", "quote"])
