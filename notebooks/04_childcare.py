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
# # 一老一小 / Childcare and elderly care
# Targets for the young and the old (一老一小): childcare places per 1,000 population, the public
# share of childcare places, and rehabilitation/nursing beds for the elderly, by region.

# %%
from regionhealth import notebook as rh

# %% tags=["parameters"]
indicator_codes = [
    "childcare_places_per_1000_pop",
    "public_childcare_share",
    "elderly_rehab_nursing_beds_per_10k_elderly",
]
regions = []  # region ids; empty: every region with documents
store_path = ""  # empty: the project's built store

# %%
con = rh.start(store_path)
indicator_codes = rh.choose_many(con, "indicator", indicator_codes, "indicator_codes")
regions = rh.choose_many(con, "region", regions, "regions", allow_empty=True)
rh.show_params(indicator_codes=indicator_codes, regions=regions or "all")

# %%
targets = rh.query(con, "targets", indicators=indicator_codes, regions=regions, scope=None)
rh.show_indicator_sections(
    targets,
    indicator_codes,
    ["region_label", "target_label", "value_as_stated", "unit_as_stated", "doc_title", "quote"],
)
