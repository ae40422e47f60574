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
# # 比较一个指标 / Compare an indicator across regions
# What each region promises for the chosen indicators, in the indicator's canonical unit: one mark
# per statement, the comparator drawn in the mark, the most ambitious target first.
# Targets of different kinds (per year, per unit, other units) are drawn in separate panels;
# every row links to its passage in the document.

# %%
from regionhealth.reports import compare
from regionhealth.reports import notebook as rh

# %% tags=["parameters"]
indicator_codes = ["emergency_response_time", "family_doctor_coverage", "county_visit_rate"]
regions = []  # region ids; empty: every region with documents
scope = None  # e.g. "urban" or "rural"; None: every scope
title = ""  # page title; empty: the indicators' names
store_path = ""  # empty: the project's built store

# %%
con = rh.start(store_path)
indicator_codes = rh.choose_many(con, "indicator", indicator_codes, "indicator_codes")
regions = rh.choose_many(con, "region", regions, "regions", allow_empty=True)
scope = rh.choose_optional(con, "scope", scope, "scope", indicators=indicator_codes)
names = compare.indicator_labels(con, indicator_codes)
rh.page_title(title or "比较 / Compare: " + "; ".join(names[c] for c in indicator_codes))
rh.show_params(indicator_codes=indicator_codes, regions=regions or "all", scope=scope or "all")

# %%
targets = rh.query(con, "targets", indicators=indicator_codes, regions=regions, scope=scope)
compare.show_indicator_sections(
    targets,
    indicator_codes,
    names,
    rh.query(con, "regions", regions=regions),
)
