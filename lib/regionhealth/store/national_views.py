"""Described views that put regional targets beside the national line (defined in
``queries/views/<name>.sql``; their columns are described here, and get a COMMENT ON COLUMN
each at build time; a test checks the columns match)."""

from __future__ import annotations

from dataclasses import replace

from regionhealth.store.fields import Column, Table, col, like
from regionhealth.store.tables import INDICATORS, REGIONS
from regionhealth.store.target_tables import REFERENCE_TARGETS, TARGETS


def _regional(name: str, description: str | None = None) -> Column:
    """A targets column passed through as the regional side of a comparison with the national line.

    The targets table's description speaks of "the target"; beside national_* columns a reader
    must see which side a column is, so the description says so.
    """
    c = like(TARGETS, name, description)
    if "regional" in c.description.lower():
        return c
    return Column(c.name, c.type, f"Regional side: {c.description}", c.nullable, c.unit)


_T = TARGETS
REGION_NAMES = (
    like(REGIONS, "name_zh", "Chinese name of the region, e.g. 乐清市.", "region_name_zh"),
    like(REGIONS, "name_en", "English name of the region.", "region_name_en"),
)
INDICATOR_NAMES = (
    like(INDICATORS, "name_zh", "Chinese name of the indicator.", "indicator_name_zh"),
    like(INDICATORS, "name_en", "English name of the indicator.", "indicator_name_en"),
)

TARGET_VS_NATIONAL = Table(
    "target_vs_national",
    "Each coded regional target against the national line: nearest national target year, difference and verdict.",
    (
        _regional("target_id", "The regional target (targets.target_id)."),
        _regional("region_id"),
        _regional("doc_id"),
        _regional(
            "indicator_code",
            "Harmonised indicator of the regional target (indicators.indicator_code); the national row has the same.",
        ),
        *INDICATOR_NAMES,
        like(
            INDICATORS,
            "better",
            "Which direction is better for the indicator: 'higher', 'lower' or 'neutral'; the verdict reads the difference through it.",
        ),
        _regional(
            "target_type",
            "Kind of regional promise (targets.target_type); only levels and stocks compare with national levels.",
        ),
        _regional(
            "scope",
            "Part of the population or system the regional target is for; a national row must have the same scope.",
        ),
        _regional(
            "per_unit",
            "What the regional quota is per (targets.per_unit); a quota per county is not compared with a national figure.",
        ),
        _regional(
            "period",
            "'annual' or 'span:N' for a regional quota per year or per N years; it must match the national row's period.",
        ),
        _regional("comparator"),
        _regional("value"),
        _regional("value_high"),
        _regional(
            "unit",
            "Canonical unit of the regional value, national_value and difference (units.unit).",
        ),
        _regional("target_year"),
        _regional("quote"),
        # The national columns come from an outer join: NULL where no national row is comparable.
        col(
            "reference_id",
            "VARCHAR",
            "The national reference compared with (reference_targets.reference_id); NULL when none is comparable.",
        ),
        col("national_comparator", "VARCHAR", "Comparator of the national target."),
        col(
            "national_value",
            "DOUBLE",
            "National target value in the same canonical unit (lower bound of a range).",
        ),
        col(
            "national_value_high",
            "DOUBLE",
            "Upper bound of a national range (农村急救服务半径10—20公里), else NULL.",
        ),
        col(
            "national_year",
            "INTEGER",
            "Year of the national target used: the nearest at or after the regional year, else the latest before.",
        ),
        col(
            "national_year_relation",
            "VARCHAR",
            "'at_or_after' the regional year, 'before' it (no national target at or after), or 'undated'.",
        ),
        col("years_apart", "INTEGER", "national_year minus the regional target_year."),
        col(
            "n_national_at_year",
            "BIGINT",
            "How many national values the reference list gives for that year (the more demanding one is used).",
        ),
        col(
            "difference",
            "DOUBLE",
            "Regional minus national bound (the weaker end of a range) in the canonical unit; NULL unless comparable.",
        ),
        col(
            "verdict",
            "VARCHAR",
            "'more ambitious', 'equal', 'less ambitious', 'not comparable' or 'no national reference'.",
        ),
        col(
            "why",
            "VARCHAR",
            "Why the verdict: which national year was used, or what makes the two not comparable.",
        ),
        col(
            "national_source_doc",
            "VARCHAR",
            "National document setting the reference, and whose copy it was read in.",
        ),
        col(
            "national_source_url", "VARCHAR", "Address of the copy the national value was read in."
        ),
        col("national_quote", "VARCHAR", "Passage of the national document stating the value."),
        col(
            "national_text",
            "VARCHAR",
            "The national target as reports write it, e.g. '≥ 4.5 /千人' (written like targets_labelled.target_text); NULL when none is comparable.",
        ),
        col(
            "national_label",
            "VARCHAR",
            "national_text with the national year, e.g. '≥ 4.5 /千人 (2025)': the label of a chart's national line and of the profile table.",
        ),
    ),
)

NATIONAL_TARGETS_UNADDRESSED = Table(
    "national_targets_unaddressed",
    "National reference targets whose indicator no region in the store states a target for.",
    (
        like(
            REFERENCE_TARGETS,
            "reference_id",
            "The national reference target (reference_targets.reference_id).",
        ),
        like(
            REFERENCE_TARGETS,
            "indicator_code",
            "Harmonised indicator no region in the store states a target for.",
        ),
        # From an outer join: NULL where no indicator fits the national name.
        *(replace(c, nullable=True) for c in INDICATOR_NAMES),
        like(REFERENCE_TARGETS, "indicator_as_stated"),
        like(REFERENCE_TARGETS, "scope"),
        like(
            REFERENCE_TARGETS,
            "target_type",
            "'level', 'change', 'relative_change' or 'qualitative' (reference_targets.target_type).",
        ),
        *(like(REFERENCE_TARGETS, n) for n in ("comparator", "value", "value_high")),
        # The view has no baseline_value, which the table's unit also describes.
        like(
            REFERENCE_TARGETS,
            "unit",
            "Unit of value (units.unit): the canonical unit for levels; NULL when none is stated.",
        ),
        *(
            like(REFERENCE_TARGETS, n)
            for n in ("wording", "target_year", "period", "source_doc", "source_url", "quote")
        ),
    ),
)

NATIONAL_VIEWS: tuple[Table, ...] = (TARGET_VS_NATIONAL, NATIONAL_TARGETS_UNADDRESSED)
