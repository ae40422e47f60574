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
# # 地区概况 / Region profile
# Everything one region's documents promise in numbers, grouped by theme (via the indicator's
# theme), with the year each target is due; unharmonised targets are listed as 未归类 / unclassified.

# %%
from regionhealth import charts
from regionhealth import notebook as rh

# %% tags=["parameters"]
region = "yueqing"  # a region id with documents
store_path = ""  # empty: the project's built store

# %%
con = rh.start(store_path)
region = rh.choose_one(con, "region", region, "region")
rh.show_params(region=region)

# %% [markdown]
# ## 文件 / Documents

# %%
documents = rh.query(con, "documents", regions=[region])
rh.heading(documents["region_label"].iloc[0], level=2)
rh.show_table(
    documents, ["doc_title", "issuer", "doc_number", "published_date", "horizon_year", "n_targets"]
)

# %% [markdown]
# ## 目标与期限 / Targets and horizons by theme

# %%
UNCLASSIFIED = "未归类 / unclassified"
targets = rh.query(con, "targets", indicators=[], regions=[region], scope=None)
targets["theme_label"] = targets["theme_label"].fillna(UNCLASSIFIED)
targets["indicator_label"] = targets["indicator_label"].fillna("—")
by_theme = (
    targets.assign(year=targets["target_year"].map(charts.year_text))
    .groupby(["theme_label", "year"], as_index=False)
    .size()
    .rename(columns={"size": "n_targets"})
)
if targets.empty:
    rh.note("该地区的文件没有量化目标 / This region's documents state no quantitative targets.")
else:
    charts.show(
        charts.heatmap(
            by_theme,
            x="year",
            y="theme_label",
            count="n_targets",
            title="按主题和目标年的目标数 / Targets by theme and target year",
            x_title="目标年 / Target year",
            y_title="主题 / Theme",
        )
    )
for theme, rows in targets.groupby("theme_label", sort=True):
    rh.heading(f"{theme} ({len(rows)})", level=3)
    rh.show_table(
        rows,
        ["indicator_label", "scope", "target_label", "year_basis", "doc_title", "quote"],
    )
