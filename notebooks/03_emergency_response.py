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
# # 院前急救反应时间 / Emergency response time
# Average pre-hospital emergency response time each region aims for, urban (城区) vs rural (乡村),
# in minutes, by target year; shorter is better. Every bar is labelled "comparator value (year)".

# %%
from regionhealth import charts
from regionhealth import notebook as rh

# %% tags=["parameters"]
regions = []  # region ids; empty: every region with documents
store_path = ""  # empty: the project's built store

# %%
INDICATOR = "emergency_response_time"
con = rh.start(store_path)
rh.choose_one(con, "indicator", INDICATOR, "INDICATOR")
regions = rh.choose_many(con, "region", regions, "regions", allow_empty=True)
rh.show_params(regions=regions or "all")

# %%
targets = rh.query(con, "targets", indicators=[INDICATOR], regions=regions, scope=None)
if targets.empty:
    rh.note("没有急救反应时间目标 / No emergency response time targets in the store.")
else:
    charts.show(
        charts.target_bars(
            targets,
            title="平均急救反应时间目标 / Target emergency response time",
            subtitle="城区 urban vs 乡村 rural, 分钟 / minutes; 越短越好 / lower is better",
        )
    )
rh.show_table(
    targets,
    ["region_label", "scope", "target_label", "target_year", "year_basis", "doc_title", "quote"],
)

# %% [markdown]
# ## 城乡差距 / Urban–rural gap

# %%
wide = targets.pivot_table(
    index=["region_label", "target_year"], columns="scope", values="value", aggfunc="min"
).reset_index()
wide.columns.name = None  # pivot leaves "scope" as the header row name
if {"urban", "rural"} <= set(wide.columns):
    wide["gap_minutes"] = wide["rural"] - wide["urban"]  # minutes: rural minus urban target
    rh.show_table(
        wide.rename(
            columns={
                "urban": "城区 / urban (min)",
                "rural": "乡村 / rural (min)",
                "gap_minutes": "差距 / gap (min)",
            }
        ),
        [
            "region_label",
            "target_year",
            "城区 / urban (min)",
            "乡村 / rural (min)",
            "差距 / gap (min)",
        ],
    )
else:
    rh.note("没有同时给出城区与乡村目标的地区 / No region states both urban and rural targets.")
