"""The store's targets: regional targets stated in the documents, and reference targets from the
national and provincial plans (:mod:`regionhealth.store.tables` holds the other tables)."""

from __future__ import annotations

from regionhealth.store.fields import Table, col, fk

TARGETS = Table(
    "targets",
    "One row per stated quantitative target, harmonised to the indicator's canonical unit, with its quote.",
    (
        col("target_id", "VARCHAR", "Stable id: doc_id ':' char_start of the number.", False),
        col("doc_id", "VARCHAR", "Document stating the target (documents.doc_id).", False),
        col("region_id", "VARCHAR", "Region the target is for (regions.region_id).", False),
        col(
            "indicator_code",
            "VARCHAR",
            "Harmonised indicator (indicators.indicator_code); NULL if no catalog entry fits yet.",
        ),
        col(
            "value",
            "DOUBLE",
            "Target value in the indicator's canonical unit (lower bound of a range).",
            False,
            unit="unit of the row (units.unit)",
        ),
        col(
            "value_high",
            "DOUBLE",
            "Upper bound of a range in the canonical unit, else NULL.",
            unit="unit of the row (units.unit)",
        ),
        col("unit", "VARCHAR", "Canonical unit of value and value_high (units.unit).", False),
        col(
            "value_as_stated",
            "DOUBLE",
            "The number in the document's own unit (lower bound for ranges).",
            False,
            unit="unit_as_stated of the row",
        ),
        col(
            "unit_as_stated",
            "VARCHAR",
            "The unit as written, e.g. '%', '‰', '/10万', '个/千人', '万元'.",
            False,
        ),
        col("comparator", "VARCHAR", "One of '>=', '>', '<=', '<', '=', 'range', 'approx'.", False),
        col(
            "target_year",
            "INTEGER",
            "Year by which the target is to be met; NULL when the document gives none.",
            unit="calendar year",
        ),
        col(
            "year_basis",
            "VARCHAR",
            "How target_year was derived, e.g. 'explicit:到2025年底', 'plan_period:十四五末', 'document_horizon'.",
            False,
        ),
        col(
            "period",
            "VARCHAR",
            "'annual' for a quota stated per year (每年), 'span:N' for N years, else NULL.",
        ),
        col(
            "scope",
            "VARCHAR",
            "Part of the population or system the target is for, e.g. 'urban', 'rural', 'tertiary_hospitals'.",
        ),
        col(
            "quote",
            "VARCHAR",
            "The sentence stating the target, exactly as in the raw text.",
            False,
        ),
        col(
            "char_start",
            "INTEGER",
            "Start offset of quote in the raw text (Unicode code points, UTF-8 decoded).",
            False,
            unit="Unicode code points",
        ),
        col(
            "char_end",
            "INTEGER",
            "End offset (exclusive) of quote; raw_text[char_start:char_end] == quote.",
            False,
            unit="Unicode code points",
        ),
        col(
            "number_start",
            "INTEGER",
            "Start offset of the number itself in the raw text.",
            False,
            unit="Unicode code points",
        ),
        col(
            "number_end",
            "INTEGER",
            "End offset (exclusive) of the number and its unit in the raw text.",
            False,
            unit="Unicode code points",
        ),
        col(
            "group_id",
            "VARCHAR",
            "Links targets stated together in one clause (分别…和…); restatements share statement_id instead.",
        ),
        col(
            "target_type",
            "VARCHAR",
            "What kind of promise the number is: 'level' (a rate or level to reach or keep: 就诊率达到90%), "
            "'change' (from a baseline: 提高5个百分点, 比2020年下降10%), 'increment' (new additions in the "
            "period: 新增2家, 三年招聘600人), 'stock' (a total to exist: 建成12个, 累计30家), 'rank' (进入前50位) "
            "or 'ratio' (床护比1:1.6). Compare only targets of one type.",
            False,
        ),
        col(
            "target_type_basis",
            "VARCHAR",
            "Why target_type was chosen: 'cue:新增' (the nearest type word before the number), 'unit:percent', "
            "'period:annual', 'of_which:…' (其中: the type of the number before), 'change_from_baseline', or "
            "'default:count' (a count with no type word: a stock).",
            False,
        ),
        col(
            "per_unit",
            "VARCHAR",
            "For a quota per institution or per area, what it is per (per_units.per_unit: 'county', "
            "'primary_care_institution', 'specialty' …): 每个乡镇卫生院培养2名 is 2 per centre, not 2 in all. "
            "NULL for a total for the whole region.",
        ),
        col(
            "per_unit_as_stated",
            "VARCHAR",
            "The words stating the per-unit quota as written, e.g. '每个设区市', '设区市、县(市、区)'.",
        ),
        col(
            "commitment",
            "VARCHAR",
            "'committed', or 'aspirational' when a hedge (力争, 争取, 努力, 争创) precedes the number in its "
            "sentence. Never changes the comparator.",
            False,
        ),
        col(
            "statement_id",
            "VARCHAR",
            "One goal stated several times in a document (the 目标 list and the task text, an annex table) "
            "is one statement: the target_id of its first statement in document order. Count statements, "
            "not targets.",
            False,
        ),
        col(
            "is_primary",
            "BOOLEAN",
            "True for the first statement of a goal (target_id = statement_id); restatements are kept with "
            "false.",
            False,
        ),
        col(
            "baseline_value",
            "DOUBLE",
            "Baseline stated with the target, in baseline_unit (从2020年的75%提高到85% → 75; 基期值).",
            unit="baseline_unit of the row (units.unit)",
        ),
        col(
            "baseline_year",
            "INTEGER",
            "Year of the baseline where stated (从2020年的…, 比2020年提高… → 2020).",
            unit="calendar year",
        ),
        col(
            "baseline_unit",
            "VARCHAR",
            "Unit of baseline_value: the target's canonical unit when it converts (units.unit).",
        ),
        col(
            "binding",
            "VARCHAR",
            "'binding' (约束性) or 'expected' (预期性) where the document states it (an indicator "
            "table's 属性 column or the sentence); NULL where it does not.",
        ),
        col(
            "reviewed_by",
            "VARCHAR",
            "Who reviewed the target, where a decision in data/review/corrections.csv applies to it; "
            "NULL for targets as extracted.",
        ),
        col(
            "review_note",
            "VARCHAR",
            "What the review decided and why, e.g. 'accept: …' or 'period: 年体检人数 is per year'.",
        ),
    ),
    ("target_id",),
    foreign_keys=(
        fk("doc_id", "documents.doc_id"),
        fk("region_id", "regions.region_id"),
        fk("indicator_code", "indicators.indicator_code"),
        fk("unit", "units.unit"),
        fk("per_unit", "per_units.per_unit"),
        fk("statement_id", "targets.target_id"),
    ),
)

REFERENCE_FILES = Table(
    "reference_files",
    "Files of reference targets in data/raw (registered in references.csv), with their level and checksum.",
    (
        col("file", "VARCHAR", "File name under data/raw/.", False),
        col(
            "level",
            "VARCHAR",
            "Whose targets the file states: 'national', or 'province'/'prefecture' for a region's own plan.",
            False,
        ),
        col(
            "region_id",
            "VARCHAR",
            "Region of a provincial or prefectural reference; NULL for national.",
        ),
        col("title", "VARCHAR", "What the file is.", False),
        col(
            "sha256",
            "VARCHAR",
            "SHA-256 of the file as committed; the build refuses a mismatch.",
            False,
        ),
        col(
            "n_rows",
            "INTEGER",
            "Rows of the file (a row stated for two years gives two targets).",
            False,
        ),
    ),
    ("file",),
    foreign_keys=(fk("region_id", "regions.region_id"),),
)

REFERENCE_TARGETS = Table(
    "reference_targets",
    "Reference targets (national first) that regional targets are compared with, each with its source and passage.",
    (
        col(
            "reference_id",
            "VARCHAR",
            "Stable id: file stem ':' line, plus ':' year when one row states a value for two years (2022/2030).",
            False,
        ),
        col(
            "level",
            "VARCHAR",
            "'national', or 'province'/'prefecture' (reference_files.level).",
            False,
        ),
        col(
            "region_id",
            "VARCHAR",
            "Region whose plan sets the reference; NULL for national targets.",
        ),
        col("file", "VARCHAR", "Reference file under data/raw/ (reference_files.file).", False),
        col("line", "INTEGER", "Line of the row in that file (the header is line 1).", False),
        col(
            "indicator_code",
            "VARCHAR",
            "Harmonised indicator (indicators.indicator_code), matched from the indicator's name; NULL if none fits.",
        ),
        col(
            "indicator_as_stated",
            "VARCHAR",
            "The indicator's name as the reference writes it.",
            False,
        ),
        col(
            "scope",
            "VARCHAR",
            "Part of the population or system the target is for (same codes as targets.scope), from the name.",
        ),
        col(
            "target_type",
            "VARCHAR",
            "'level' (a value to reach), 'change' (by how much, from a baseline), 'relative_change' "
            "(by what share of the baseline, e.g. 下降30%), 'qualitative' (实现, 持续减缓) or 'baseline' (a base value only).",
            False,
        ),
        col(
            "comparator",
            "VARCHAR",
            "As in targets: '>=', '>', '<=', '<', '=', 'range', 'approx'; NULL for qualitative and baseline rows.",
        ),
        col(
            "value",
            "DOUBLE",
            "Level: value in the indicator's canonical unit (lower bound of a range). Change: the signed "
            "change in unit (e.g. +1 years, -30 percent of the baseline). NULL for qualitative rows.",
            unit="unit of the row",
        ),
        col(
            "value_high",
            "DOUBLE",
            "Upper bound of a range, in the unit of value; else NULL.",
            unit="unit of the row",
        ),
        col(
            "unit",
            "VARCHAR",
            "Unit of value and baseline_value (units.unit): the canonical unit for levels. NULL when none is stated.",
        ),
        col(
            "value_as_stated",
            "VARCHAR",
            "The target cell as written, e.g. '4.5', '+6', '较2015年下降30%', '实现'.",
        ),
        col(
            "unit_as_stated",
            "VARCHAR",
            "The unit as written, e.g. '%', '‰', '1/10万', '辆/3万人口'.",
        ),
        col(
            "wording",
            "VARCHAR",
            "The words of a qualitative target (实现, 持续减缓); NULL otherwise.",
        ),
        col(
            "target_year",
            "INTEGER",
            "Year the target is for; a row stated for 2022/2030 gives one row per year. NULL when none is stated.",
            unit="calendar year",
        ),
        col(
            "year_basis",
            "VARCHAR",
            "How target_year was read: 'explicit:2025', 'one_value_for:2022/2030', 'not_stated', 'baseline_only'.",
            False,
        ),
        col("period", "VARCHAR", "'annual' for a value per year (每年提升1—3个百分点), else NULL."),
        col("baseline_value", "DOUBLE", "Base value where the passage states one, in unit."),
        col(
            "baseline_year",
            "INTEGER",
            "Year of the base value where it is one year (NULL for 2002—2012).",
            unit="calendar year",
        ),
        col(
            "baseline_as_stated",
            "VARCHAR",
            "Base year and value as written, e.g. '2002—2012 约5.3'.",
        ),
        col(
            "binding",
            "VARCHAR",
            "'binding' (约束性) or 'expected' (预期性) where the passage shows it; NULL when not stated.",
        ),
        col(
            "source_doc",
            "VARCHAR",
            "The document that sets the target, and whose copy it was read in.",
            False,
        ),
        col("source_url", "VARCHAR", "Address of the copy the value was read in.", False),
        col(
            "quote",
            "VARCHAR",
            "The passage the row was read from; the build checks it contains the value.",
            False,
        ),
        col(
            "notes",
            "VARCHAR",
            "Caveats recorded with the row (value implied, column attribution inferred).",
        ),
        col(
            "review_note",
            "VARCHAR",
            "Reviewed note (data/review/reference_notes.csv) for a passage that states its value otherwise, e.g. in English words.",
        ),
    ),
    ("reference_id",),
    foreign_keys=(
        fk("file", "reference_files.file"),
        fk("region_id", "regions.region_id"),
        fk("indicator_code", "indicators.indicator_code"),
        fk("unit", "units.unit"),
    ),
)
