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
# # 地区概况 / One region: everything it promises
# Everything one region's documents promise in numbers, grouped by theme (via the indicator's
# theme), with the year each target is due; targets without an indicator yet are listed as
# 未归类 / unclassified.

# %%
from regionhealth.reports import charts, compare
from regionhealth.reports import notebook as rh

# %% tags=["parameters"]
region = "yueqing"  # a region id with documents
store_path = ""  # empty: the project's built store

# %%
con = rh.start(store_path)
region = rh.choose_one(con, "region", region, "region")
documents = rh.query(con, "documents", regions=[region])
rh.page_title(f"地区概况 / Region profile: {documents['region_label'].iloc[0]}")
rh.show_params(region=region)

# %% [markdown]
# ## 文件 / Documents

# %%
documents["passage"] = documents["doc_id"].map(rh.reader_url)
rh.show_table(
    documents,
    ["doc_title", "issuer", "doc_number", "published_date", "horizon_year", "n_targets"],
    link="doc_title",
)

# %% [markdown]
# ## 目标与期限 / Targets and horizons by theme

# %%
UNCLASSIFIED = "未归类 / unclassified"
targets = rh.with_passages(rh.query(con, "targets", indicators=[], regions=[region], scope=None))
targets = targets[targets["is_primary"]]  # a goal restated elsewhere in a document is listed once
targets = compare.with_texts(targets)  # scope_text, basis_text; the texts come from the views
targets["theme_label"] = targets["theme_label"].fillna(UNCLASSIFIED)
targets["indicator_label"] = targets["indicator_label"].fillna("—")
by_theme = (
    targets.groupby(["theme_label", "year_label"], as_index=False)
    .size()
    .rename(columns={"size": "n_targets"})
)
if targets.empty:
    rh.note("该地区的文件没有量化目标 / This region's documents state no quantitative targets.")
else:
    charts.show(
        charts.heatmap(
            by_theme,
            x="year_label",
            y="theme_label",
            count="n_targets",
            title_=charts.title("按主题和目标年的目标数 / Targets by theme and target year"),
            x_title="目标年 / Target year",
            y_title="主题 / Theme",
        ),
        by_theme,
    )

# %%
for theme, rows in targets.groupby("theme_label", sort=True):
    rh.heading(f"{theme} ({len(rows)})", level=3)
    rh.show_table(
        rows,
        [
            "indicator_label",
            "scope_text",
            "target_text",
            "year_label",
            "basis_text",
            "doc_title",
            "quote",
        ],
    )

# %% [markdown]
# ## 对照全国目标 / Against the national line
# Each target whose indicator has a national target, beside the national value for the nearest
# target year at or after it (else the latest before), the difference in the indicator's unit and
# the verdict; the national source and passage follow (view `target_vs_national`).

# %%
national = rh.query(con, "national_line", regions=[region], indicators=[])
if national.empty:
    rh.note("该地区的指标没有全国目标可对照 / None of this region's indicators has a national target.")
else:
    rh.show_table(
        national,
        [
            "indicator_name_zh",
            "scope",
            "target_label",
            "national_label",
            "difference",
            "verdict",
            "why",
            "national_source_doc",
            "national_quote",
        ],
    )
    if national["year_inferred"].any():
        rh.note(
            "\\* 推定年份：文件未就该目标写明年份，取文件的目标年 / inferred year: the sentence "
            "gives no year, the document's horizon is used."
        )
