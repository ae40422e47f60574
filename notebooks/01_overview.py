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
# # 总览 / Overview: which regions, documents and indicators
# The regions and documents in the store, how many targets each region states, and which
# harmonised indicators at least two regions share (the ones that can be compared).

# %%
from regionhealth.reports import charts
from regionhealth.reports import notebook as rh

# %% tags=["parameters"]
store_path = ""  # empty: the project's built store data/curated/regionhealth.duckdb

# %%
con = rh.start(store_path)
rh.page_title("总览 / Overview")

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
        charts.title("各地区的文件、目标与主题 / Documents, targets and themes per region"),
        category_title="地区 / Region",
    ),
    summary,
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
# ## 对照全国目标 / Against the national line
# For how many of each region's targets a national target exists, and how many of those are more
# ambitious, equal, less ambitious or not comparable (view `target_vs_national`).

# %%
against = rh.query(con, "national_line_counts", regions=[])
rh.show_table(
    against,
    [
        "region_label",
        "n_targets",
        "n_coded",
        "n_with_national",
        "n_more_ambitious",
        "n_equal",
        "n_less_ambitious",
        "n_not_comparable",
    ],
)

# %% [markdown]
# ## 文件 / Documents

# %%
documents = rh.query(con, "documents", regions=[])
documents["passage"] = documents["doc_id"].map(rh.reader_url)
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
    link="doc_title",
)

# %% [markdown]
# ## 共同指标 / Indicators two or more regions share
# Only these can be compared across regions; the other indicators follow as a table.

# %%
coverage = rh.query(con, "coverage")
shared = coverage[coverage["n_regions"] >= 2]
if shared.empty:
    rh.note("没有两个地区共同的指标 / No indicator is shared by two regions.")
else:
    charts.show(
        charts.heatmap(
            shared,
            x="region_label",
            y="indicator_label",
            count="n_targets",
            title_=charts.title(
                "共同指标的目标数 / Targets per shared indicator and region",
                f"{shared['indicator_code'].nunique()} 个指标 / indicators",
            ),
            x_title="地区 / Region",
            y_title="指标 / Indicator",
        ),
        shared[["indicator_label", "region_label", "n_targets"]],
    )

# %% [markdown]
# ## 仅一个地区的指标 / Indicators only one region states

# %%
single = (
    coverage[(coverage["n_regions"] == 1) & (coverage["n_targets"] > 0)]
    .rename(columns={"region_label": "region_labels"})
    .sort_values("indicator_label")
)
rh.show_table(single, ["indicator_label", "region_labels", "n_targets"], link=None)
