"""The output types a report notebook displays and the report runner reads back.

Kept apart from the chart and notebook code so the runner can read them without importing pandas.
"""

CHART_MIMETYPE = "application/vnd.vegalite.v6+json"  # a Vega-Lite spec (JupyterLab draws it)
TITLE_MIMETYPE = "application/vnd.regionhealth.title+json"  # {"title": …}: the page's one title
VL_VERSION = "6.4"  # the Vega-Lite version of the specs and of the bundled JavaScript
