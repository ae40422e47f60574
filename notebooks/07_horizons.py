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
# # 规划期限 / Horizons: when is each promise due?
# When each document was published and the years its targets are due: a timeline per document,
# so near-term and long-range promises can be told apart across regions.

# %%
from regionhealth.reports import charts, labels
from regionhealth.reports import notebook as rh

# %% tags=["parameters"]
regions = []  # region ids; empty: every region with documents
store_path = ""  # empty: the project's built store

# %%
con = rh.start(store_path)
regions = rh.choose_many(con, "region", regions, "regions", allow_empty=True)
rh.page_title("规划期限 / Horizons")
rh.show_params(regions=regions or "all")

# %%
documents = rh.query(con, "documents", regions=regions)
years = rh.query(con, "horizons", regions=regions)
documents["doc_label"] = documents["region_label"] + " · " + documents["doc_title"].str.slice(0, 18)
documents["published_text"] = documents["published_date"].astype(str)
documents["passage"] = documents["doc_id"].map(rh.reader_url)
years = years.merge(documents[["doc_id", "doc_label"]], on="doc_id")
years["year_label"] = years["target_year"].astype(str)
years["bases_text"] = years["year_bases"].map(
    lambda s: "; ".join(dict.fromkeys(labels.year_basis_text(b) for b in s.split("; ")))
)
years["bases"] = years["bases_text"]
years = rh.with_passages(years, start="number_start")
last = years.groupby("doc_id")["target_date"].max().rename("last_target")
documents = documents.merge(last, on="doc_id", how="left")
documents["last_target"] = documents["last_target"].fillna(documents["published_date"])
charts.show(
    charts.timeline(
        documents, years, charts.title("发布日期与目标年 / Publication dates and target years")
    ),
    years[
        ["region_label", "doc_title", "published_date", "target_year", "n_targets", "bases_text"]
    ],
)
rh.show_table(
    years,
    [
        "region_label",
        "doc_title",
        "published_date",
        "target_year",
        "years_after_publication",
        "n_targets",
        "bases_text",
        "quote",
    ],
    caption="每个目标年的第一条原文 / First quote for each target year",
)

# %% [markdown]
# ## 文件 / Documents
# Targets without a year are counted here but have no point on the timeline.

# %%
rh.show_table(
    documents,
    [
        "region_label",
        "doc_title",
        "published_date",
        "horizon_year",
        "n_targets",
        "last_target_year",
    ],
    link="doc_title",
)
