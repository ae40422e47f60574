"""How the reports write a store's codes, decided once in SQL: the columns of the label views
and the presentation columns of ``targets_labelled``; the notebooks and charts read these."""

from __future__ import annotations

from regionhealth.store.fields import Table, col, like
from regionhealth.store.national_views import REGION_NAMES
from regionhealth.store.tables import REGIONS

REGION_LABEL = col(
    "region_label",
    "VARCHAR",
    "The region as reports label it: short Chinese name (first alias, else name_zh) and English name, e.g. '乐清 Yueqing'.",
    False,
)
PRESENTATION = (
    REGION_LABEL,
    col(
        "unit_symbol",
        "VARCHAR",
        "Symbol of the target's unit as reports print it (units.symbol), e.g. '分钟', '/千人'.",
        False,
    ),
    col(
        "target_text",
        "VARCHAR",
        "The target as reports write it: comparator symbol, value (a range as low–high) and unit symbol, e.g. '≥ 12 个', '< 11 分钟', '3–5 %'.",
        False,
    ),
    col(
        "year_label",
        "VARCHAR",
        "The target year as reports write it: '2025', or '年份未定 / no year'.",
        False,
    ),
    col(
        "year_inferred",
        "BOOLEAN",
        "True when the year is not written with the target but taken from the document's horizon (year_basis 'document_horizon:…'), or there is none.",
        False,
    ),
    col(
        "target_label",
        "VARCHAR",
        "The label of the target's mark in the comparison charts: target_text and year, '*' after an inferred year, 力争 for an aspirational target, e.g. '≥ 10 个 (2027*) 力争'.",
        False,
    ),
)

LABEL_VIEWS: tuple[Table, ...] = (
    Table(
        "comparator_labels",
        "How reports write each comparator code: its symbol ('>=' → '≥'), its words ('至少 / at least') and whether the bound itself is excluded.",
        (
            col(
                "comparator",
                "VARCHAR",
                "Comparator code of targets and reference targets: '>=', '>', '<=', '<', '=', 'range', 'approx'.",
                False,
            ),
            col("symbol", "VARCHAR", "Symbol written before a value, e.g. '≥'.", False),
            col("words", "VARCHAR", "The comparator in words, e.g. '至少 / at least'.", False),
            col(
                "comparator_text",
                "VARCHAR",
                "Symbol and words, e.g. '≥ 至少 / at least': the legend of a chart's comparator marks.",
                False,
            ),
            col(
                "strict",
                "BOOLEAN",
                "True for '>' and '<': the value itself is excluded (a chart draws the mark hollow).",
                False,
            ),
        ),
        store_only="a fixed lookup of the seven comparator codes for the reports and the data checks; targets_labelled carries the texts built from it",
    ),
    Table(
        "regions_labelled",
        "Every region with the label reports print: its short Chinese name (first alias, else its name) and its English name, e.g. '乐清 Yueqing'.",
        (
            like(REGIONS, "region_id"),
            *REGION_NAMES,
            REGION_LABEL,
        ),
        store_only="labels for the reports, built from regions (exported) in one expression",
    ),
)
