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
# # 政策主题 / Themes: what each region speaks of
# How often each region's documents speak of each qualitative theme, per 10 000 characters (a long
# plan says more of everything), with the matched words and the clause they stand in.

# %%
from regionhealth.errors import RegionhealthError
from regionhealth.reports import charts
from regionhealth.reports import notebook as rh

# %% tags=["parameters"]
regions = []  # region ids; empty: every region with documents
quotes_per_cell = 2  # evidence clauses shown per region × theme
store_path = ""  # empty: the project's built store

# %%
con = rh.start(store_path)
regions = rh.choose_many(con, "region", regions, "regions", allow_empty=True)
if not isinstance(quotes_per_cell, int) or quotes_per_cell < 1:
    raise RegionhealthError(f"quotes_per_cell must be a positive integer, got {quotes_per_cell!r}")
rh.page_title("政策主题 / Policy themes")
rh.show_params(regions=regions or "all", quotes_per_cell=quotes_per_cell)

# %% [markdown]
# ## 地区 × 主题 / Region × theme, per 10 000 characters

# %%
counts = rh.query(con, "theme_counts", regions=regions)
mentioned = counts.groupby("theme_code")["n_mentions"].transform("sum") > 0
charts.show(
    charts.heatmap(
        counts[mentioned],
        x="region_label",
        y="theme_label",
        count="n_per_10k",
        title_=charts.title(
            "每万字的主题提及 / Theme mentions per 10 000 characters",
            "提及 = 含主题词的句子 / a mention is a sentence with a theme word",
        ),
        x_title="地区 / Region",
        y_title="主题 / Theme",
        fmt=".1f",
    ),
    counts[mentioned][["theme_label", "region_label", "n_mentions", "n_chars", "n_per_10k"]],
)

# %% [markdown]
# ## 证据 / Evidence

# %%
quotes = rh.evidence(rh.query(con, "theme_quotes", regions=regions, per_cell=quotes_per_cell))
quotes = quotes.merge(
    counts[["region_id", "theme_code", "n_per_10k"]], on=["region_id", "theme_code"]
)
rh.show_table(
    quotes,
    ["theme_label", "region_label", "n_per_10k", "words", "doc_title", "evidence"],
    caption=f"每格最多 {quotes_per_cell} 条 / Up to {quotes_per_cell} clauses per cell",
    link="evidence",
)

# %% [markdown]
# ## 仅一个地区提及的主题 / Themes only one region raises

# %%
unique = rh.evidence(rh.query(con, "unique_themes", regions=regions))
rh.show_table(
    unique,
    ["theme_label", "region_label", "n_mentions", "words", "doc_title", "evidence"],
    link="evidence",
)
