"""Described views of targets with their names and what kind of promise they are (defined in
``queries/views/<name>.sql``; columns described here, as in :mod:`regionhealth.store.national_views`)."""

from __future__ import annotations

from regionhealth.store.fields import Column, Table, like
from regionhealth.store.label_views import PRESENTATION
from regionhealth.store.national_views import INDICATOR_NAMES, REGION_NAMES
from regionhealth.store.tables import DOCUMENTS, INDICATORS, THEMES
from regionhealth.store.target_tables import TARGETS

_T = TARGETS
_PERIOD_KIND = (
    "'annual' (a quota per year, 每年), 'span:N' (over N years, 三年内), or 'by_target_year' (to "
    "be reached by target_year)."
)

SEMANTIC_VIEWS: tuple[Table, ...] = (
    Table(
        "targets_labelled",
        "Every target with its indicator, region and document names: the table to start exploring from.",
        (
            like(_T, "target_id"),
            like(_T, "region_id"),
            *REGION_NAMES,
            like(_T, "doc_id"),
            like(DOCUMENTS, "title", "Title of the document stating the target.", "doc_title"),
            like(DOCUMENTS, "published_date"),
            like(_T, "indicator_code"),
            *INDICATOR_NAMES,
            like(INDICATORS, "better"),
            *(
                like(_T, n)
                for n in (
                    "comparator",
                    "value",
                    "value_high",
                    "unit",
                    "value_as_stated",
                    "unit_as_stated",
                    "target_year",
                    "year_basis",
                    "period",
                    "scope",
                    "target_type",
                    "per_unit",
                    "per_unit_as_stated",
                    "commitment",
                    "statement_id",
                    "is_primary",
                    "baseline_value",
                    "baseline_year",
                    "binding",
                    "quote",
                    "char_start",
                    "char_end",
                )
            ),
            *PRESENTATION,
        ),
    ),
    Table(
        "target_comparison",
        "Shared indicators side by side, one row per statement (restatements left out): compare rows only where scope, target_type, per_unit and period agree.",
        (
            like(_T, "indicator_code"),
            *INDICATOR_NAMES,
            like(_T, "region_id"),
            *REGION_NAMES,
            like(
                _T,
                "scope",
                "Part of the population or system the target is for; 'all' when unscoped. Never compare urban with rural.",
            ),
            like(_T, "target_type"),
            like(
                _T,
                "per_unit",
                "What a quota is per (per_units.per_unit), or 'total' for a total for the whole region.",
            ),
            Column("period", "VARCHAR", _PERIOD_KIND, False),
            like(_T, "commitment"),
            like(_T, "comparator"),
            like(_T, "value"),
            like(_T, "value_high"),
            like(_T, "unit"),
            like(_T, "target_year"),
            like(_T, "year_basis"),
            like(_T, "baseline_value"),
            like(_T, "baseline_year"),
            like(_T, "binding"),
            Column(
                "n_times_stated",
                "BIGINT",
                "How many times the document states this goal (1 + its restatements).",
                False,
            ),
            like(_T, "doc_id"),
            like(_T, "statement_id"),
            like(
                _T,
                "target_id",
                "The target row of the statement's first statement (= statement_id).",
            ),
            like(_T, "quote"),
        ),
    ),
    Table(
        "shared_indicators",
        "Indicators stated by two or more regions: per indicator × region × comparable kind (scope, target_type, per_unit, period, commitment), the statements' range.",
        (
            like(_T, "indicator_code"),
            *INDICATOR_NAMES,
            like(INDICATORS, "unit"),
            like(INDICATORS, "better"),
            like(_T, "region_id"),
            *REGION_NAMES,
            like(
                _T,
                "scope",
                "Scope of the statements; 'all' when unscoped (urban and rural are separate rows).",
            ),
            like(_T, "target_type"),
            like(_T, "per_unit", "What the quotas are per, or 'total'."),
            Column("period", "VARCHAR", _PERIOD_KIND, False),
            like(_T, "commitment"),
            Column(
                "n_statements",
                "BIGINT",
                "Statements (goals, restatements counted once) of this kind.",
                False,
            ),
            Column("min_value", "DOUBLE", "Lowest value among these statements, in unit.", False),
            Column(
                "max_value",
                "DOUBLE",
                "Highest value (or range upper bound) among these statements, in unit.",
                False,
            ),
            Column("first_target_year", "INTEGER", "Earliest target year among these statements."),
            Column("last_target_year", "INTEGER", "Latest target year among these statements."),
        ),
    ),
    Table(
        "incomparable_pairs",
        "Pairs of regions' statements on a shared indicator that cannot be compared as they stand, and why (type, per-unit vs total, annual vs whole-period quota, scope, target years more than 5 apart).",
        (
            like(_T, "indicator_code"),
            *INDICATOR_NAMES,
            Column("region_a", "VARCHAR", "First region of the pair (alphabetically).", False),
            Column("region_b", "VARCHAR", "Second region of the pair.", False),
            Column("statement_a", "VARCHAR", "statement_id of region_a's statement.", False),
            Column("statement_b", "VARCHAR", "statement_id of region_b's statement.", False),
            Column("value_a", "DOUBLE", "region_a's value, in unit.", False),
            Column("value_b", "DOUBLE", "region_b's value, in unit.", False),
            like(_T, "unit"),
            Column("target_type_a", "VARCHAR", "region_a's target_type.", False),
            Column("target_type_b", "VARCHAR", "region_b's target_type.", False),
            Column("per_unit_a", "VARCHAR", "region_a's per_unit ('total' for a total).", False),
            Column("per_unit_b", "VARCHAR", "region_b's per_unit ('total' for a total).", False),
            Column("period_a", "VARCHAR", "region_a's period: " + _PERIOD_KIND, False),
            Column("period_b", "VARCHAR", "region_b's period.", False),
            Column("scope_a", "VARCHAR", "region_a's scope ('all' when unscoped).", False),
            Column("scope_b", "VARCHAR", "region_b's scope.", False),
            Column("target_year_a", "INTEGER", "region_a's target year."),
            Column("target_year_b", "INTEGER", "region_b's target year."),
            Column(
                "type_differs",
                "BOOLEAN",
                "An increment beside a stock, a level beside a change …",
                False,
            ),
            Column(
                "per_unit_differs",
                "BOOLEAN",
                "A quota per institution or area beside a total, or per different units.",
                False,
            ),
            Column(
                "period_differs",
                "BOOLEAN",
                "An annual quota beside a whole-period one, or additions over periods of different kinds.",
                False,
            ),
            Column(
                "scope_differs",
                "BOOLEAN",
                "Different scopes (urban vs rural, tertiary hospitals vs all).",
                False,
            ),
            Column(
                "years_apart",
                "BOOLEAN",
                "Target years more than 5 apart (different planning rounds).",
                False,
            ),
            Column(
                "reasons",
                "VARCHAR",
                "The reasons in words, e.g. 'target_type stock vs increment; per_unit specialty vs total'.",
                False,
            ),
        ),
        store_only="it grows with the square of the regions stating an indicator (1 043 080 rows at 1 000 documents of the benchmark corpus): query it in the store, filtered by indicator or region",
    ),
    Table(
        "coverage_matrix",
        "Indicator × region: how many goals (statements) and targets each region states for each indicator (0 where none).",
        (
            like(INDICATORS, "indicator_code"),
            *INDICATOR_NAMES,
            like(_T, "region_id", "A region with at least one document."),
            Column(
                "n_statements",
                "BIGINT",
                "Goals the region states for the indicator (restatements counted once).",
                False,
            ),
            Column("n_targets", "BIGINT", "Target rows, restatements included.", False),
            Column(
                "n_regions",
                "BIGINT",
                "How many regions state at least one target for the indicator.",
                False,
            ),
        ),
    ),
    Table(
        "theme_coverage",
        "Region × theme: how many sentences of the region's documents speak of each theme.",
        (
            like(_T, "region_id", "A region with at least one document."),
            like(THEMES, "theme_code"),
            like(THEMES, "name_zh", "Chinese name of the theme.", "theme_name_zh"),
            like(THEMES, "name_en", "English name of the theme.", "theme_name_en"),
            Column(
                "n_mentions",
                "BIGINT",
                "Sentences of the region's documents speaking of the theme.",
                False,
            ),
            Column(
                "n_documents", "BIGINT", "Documents of the region speaking of the theme.", False
            ),
        ),
    ),
)
