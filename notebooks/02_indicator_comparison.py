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
rh.show_indicator_sections(
    targets,
    indicator_codes,
    ["region_label", "scope", "target_label", "target_year", "year_basis", "doc_title", "quote"],
)
