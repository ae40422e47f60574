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
# # 总览 / Overview
# Which regions and documents the store holds, and how many targets and themes each region states.
# The coverage matrix shows which harmonised indicators each region sets a target for.

# %%
from regionhealth import charts
from regionhealth import notebook as rh

# %% tags=["parameters"]
store_path = ""  # empty: the project's built store data/curated/regionhealth.duckdb

# %%
con = rh.start(store_path)
rh.show_params(store_path=str(rh.store_file(store_path)))

# %% [markdown]
# ## 地区 / Regions

# %%
summary = rh.query(con, "region_summary")
charts.show(
    charts.count_bars(
        summary,
        "region_label",
        {
            "n_documents": "文件 / Documents",
            "n_targets": "目标 / Targets",
            "n_indicators": "指标 / Indicators",
            "n_themes": "主题 / Themes",
        },
        "各地区的文件、目标与主题 / Documents, targets and themes per region",
    )
)
rh.show_table(
    summary,
    [
        "region_label",
        "admin_level",
        "n_documents",
        "n_targets",
        "n_targets_harmonised",
        "n_indicators",
        "n_themes",
        "n_theme_mentions",
    ],
)

# %% [markdown]
# ## 文件 / Documents

# %%
documents = rh.query(con, "documents", regions=[])
rh.show_table(
    documents,
    [
        "region_label",
        "doc_title",
        "issuer",
        "doc_number",
        "published_date",
        "horizon_year",
        "n_targets",
    ],
)

# %% [markdown]
# ## 覆盖矩阵 / Coverage: indicator × region

# %%
coverage = rh.query(con, "coverage")
charts.show(
    charts.heatmap(
        coverage,
        x="region_label",
        y="indicator_label",
        count="n_targets",
        title="各地区设定目标的指标 / Targets per indicator and region",
        x_title="地区 / Region",
        y_title="指标 / Indicator",
    )
)
harmonised = rh.query(con, "targets", indicators=[], regions=[], scope=None)
harmonised = harmonised[harmonised["indicator_code"].notna()]
rh.show_table(
    harmonised,
    ["indicator_label", "region_label", "scope", "target_label", "doc_title", "quote"],
    caption="每个格子背后的目标与原文 / The targets behind each cell, with their quotes",
)
