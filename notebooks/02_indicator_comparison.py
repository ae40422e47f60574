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
# # 指标对比 / Indicator comparison
# For each chosen indicator, the target every region sets, in the indicator's canonical unit.
# Each bar is labelled with comparator, value and target year (e.g. "< 11 min (2025)"); quotes below.

# %%
from regionhealth import charts
from regionhealth import notebook as rh

# %% tags=["parameters"]
indicator_codes = ["emergency_response_time", "family_doctor_coverage", "county_visit_rate"]
regions = []  # region ids; empty: every region with documents
scope = None  # e.g. "urban" or "rural"; None: every scope
store_path = ""  # empty: the project's built store

# %%
con = rh.start(store_path)
indicator_codes = rh.choose_many(con, "indicator", indicator_codes, "indicator_codes")
regions = rh.choose_many(con, "region", regions, "regions", allow_empty=True)
scope = rh.choose_optional(con, "scope", scope, "scope", indicators=indicator_codes)
rh.show_params(indicator_codes=indicator_codes, regions=regions or "all", scope=scope or "all")

# %%
targets = rh.query(con, "targets", indicators=indicator_codes, regions=regions, scope=scope)
for code in indicator_codes:
    rows = targets[targets["indicator_code"] == code]
    label = rows["indicator_label"].iloc[0] if len(rows) else code
    rh.heading(label)
    if rows.empty:
        rh.note("没有地区为该指标设定目标 / No region states a target for this indicator.")
        continue
    n_regions = rows["region_id"].nunique()
    charts.show(
        charts.target_bars(
            rows,
            title=label,
            subtitle=f"{n_regions} 个地区 / regions · 单位 / unit: {rows['unit'].iloc[0]}",
        )
    )
    rh.show_table(
        rows,
        [
            "region_label",
            "scope",
            "target_label",
            "target_year",
            "year_basis",
            "doc_title",
            "quote",
        ],
    )
