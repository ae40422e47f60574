"""The store's tables and columns: the one metadata source of truth.

DDL, the ``COMMENT ON`` descriptions and ``docs/data-dictionary.md`` are all generated from
``TABLES``; change a column here and the build, the dictionary and the tests follow.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool = True
    unit: str | None = None  # what one unit of the value is, where the column has a fixed unit


@dataclass(frozen=True)
class ForeignKey:
    """``columns`` of a table take their values from ``ref_columns`` of ``ref_table`` (or are NULL)."""

    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    # Why a view is in the store only, not in the Parquet/CSV exports (None: it is exported).
    store_only: str | None = None


def _c(
    name: str, type_: str, description: str, nullable: bool = True, unit: str | None = None
) -> Column:
    return Column(name, type_, description, nullable, unit)


def _fk(column: str, ref: str) -> ForeignKey:
    """A one-column foreign key; ``ref`` is 'table.column'."""
    table_name, ref_column = ref.split(".")
    return ForeignKey((column,), table_name, (ref_column,))


REGIONS = Table(
    "regions",
    "Administrative regions (GB/T 2260), including the parents of the regions with documents.",
    (
        _c("region_id", "VARCHAR", "Stable lowercase id of the region, e.g. 'yueqing'.", False),
        _c("name_zh", "VARCHAR", "Official Chinese name, e.g. 乐清市.", False),
        _c("name_en", "VARCHAR", "English name, e.g. Yueqing.", False),
        _c("admin_code", "VARCHAR", "GB/T 2260 six-digit administrative division code.", False),
        _c(
            "admin_level",
            "VARCHAR",
            "Administrative level: 省 (province), 地 (prefecture) or 县 (county).",
            False,
        ),
        _c(
            "admin_level_en",
            "VARCHAR",
            "Administrative level in English: province, prefecture, county.",
            False,
        ),
        _c("parent_id", "VARCHAR", "region_id of the parent region; NULL for provinces."),
        _c(
            "province_id",
            "VARCHAR",
            "region_id of the province-level region the region belongs to.",
            False,
        ),
        _c("aliases", "VARCHAR", "Short names used in texts, separated by ';'."),
    ),
    ("region_id",),
    foreign_keys=(
        _fk("parent_id", "regions.region_id"),
        _fk("province_id", "regions.region_id"),
    ),
)

DOCUMENTS = Table(
    "documents",
    "Policy documents in the store, one row per raw text file, with their provenance.",
    (
        _c(
            "doc_id",
            "VARCHAR",
            "Stable id of the document (the raw file name without .txt).",
            False,
        ),
        _c(
            "region_id",
            "VARCHAR",
            "Region whose policy the document states (regions.region_id).",
            False,
        ),
        _c("file", "VARCHAR", "File name of the raw text under data/raw/.", False),
        _c("title", "VARCHAR", "Title of the document in Chinese.", False),
        _c("issuer", "VARCHAR", "Issuing body."),
        _c("doc_number", "VARCHAR", "Official document number (文号), e.g. 乐政办发〔2023〕27号."),
        _c("index_number", "VARCHAR", "Government disclosure index number (索引号) where shown."),
        _c("written_date", "DATE", "Date the document was written or signed (成文日期)."),
        _c("published_date", "DATE", "Date the document was published or printed.", False),
        _c("source_url", "VARCHAR", "Address the text was retrieved from, where known."),
        _c(
            "sha256",
            "VARCHAR",
            "SHA-256 of the raw file as committed; the build refuses a mismatch.",
            False,
        ),
        _c(
            "n_chars",
            "INTEGER",
            "Length of the raw text in Unicode code points.",
            False,
            unit="Unicode code points",
        ),
        _c(
            "horizon_year",
            "INTEGER",
            "The document's main horizon: the first goal year it states (NULL if none).",
            unit="calendar year",
        ),
    ),
    ("doc_id",),
    foreign_keys=(_fk("region_id", "regions.region_id"),),
)

INDICATORS = Table(
    "indicators",
    "The indicator catalog: harmonised concepts that targets are mapped to (from data/catalog/indicators.yaml).",
    (
        _c(
            "indicator_code",
            "VARCHAR",
            "Stable code of the indicator, e.g. 'county_visit_rate'.",
            False,
        ),
        _c("name_zh", "VARCHAR", "Chinese name.", False),
        _c("name_en", "VARCHAR", "English name.", False),
        _c(
            "unit",
            "VARCHAR",
            "Canonical unit every target of this indicator is converted to (units table).",
            False,
        ),
        _c(
            "better", "VARCHAR", "Which direction is better: 'higher', 'lower' or 'neutral'.", False
        ),
        _c(
            "theme_code",
            "VARCHAR",
            "Theme the indicator belongs to (themes.theme_code), where one fits.",
        ),
        _c("description", "VARCHAR", "What is counted, and how document wordings map to it."),
    ),
    ("indicator_code",),
    foreign_keys=(
        _fk("unit", "units.unit"),
        _fk("theme_code", "themes.theme_code"),
    ),
)

DOCUMENT_TEXTS = Table(
    "document_texts",
    "The raw text of each document as committed, so quotes and offsets can be checked in SQL.",
    (
        _c("doc_id", "VARCHAR", "Document (documents.doc_id).", False),
        _c(
            "raw_text",
            "VARCHAR",
            "The raw file decoded as UTF-8; substr(raw_text, char_start + 1, char_end - char_start) = quote.",
            False,
        ),
    ),
    ("doc_id",),
    foreign_keys=(_fk("doc_id", "documents.doc_id"),),
)

UNITS = Table(
    "units",
    "Units known to the store and the explicit factor to their dimension's base unit.",
    (
        _c("unit", "VARCHAR", "Unit code, e.g. 'percent', 'per_1000', 'CNY'.", False),
        _c(
            "dimension",
            "VARCHAR",
            "Quantity kind; only units of one dimension convert into each other.",
            False,
        ),
        _c(
            "to_base",
            "DOUBLE",
            "Multiply a value in this unit by to_base to get the dimension's base unit.",
            False,
            unit="base unit of the dimension per one of this unit",
        ),
        _c(
            "symbol",
            "VARCHAR",
            "How the unit is written for readers, e.g. '%', '‰', '/10万'.",
            False,
        ),
        _c("description", "VARCHAR", "What the unit means."),
    ),
    ("unit",),
)

MENTIONS = Table(
    "mentions",
    "Every number found in every document, and what was made of it: target, reference or ignored.",
    (
        _c("mention_id", "VARCHAR", "Stable id: doc_id ':' char_start.", False),
        _c("doc_id", "VARCHAR", "Document the number appears in.", False),
        _c(
            "char_start",
            "INTEGER",
            "Start offset of the number in the raw text (Unicode code points).",
            False,
            unit="Unicode code points",
        ),
        _c(
            "char_end",
            "INTEGER",
            "End offset (exclusive) of the number and its unit in the raw text.",
            False,
            unit="Unicode code points",
        ),
        _c("surface", "VARCHAR", "The number as written, with its unit, e.g. '90%'.", False),
        _c(
            "kind",
            "VARCHAR",
            "'target' (a stated goal), 'reference' (a stated fact) or 'ignored'.",
            False,
        ),
        _c(
            "reason",
            "VARCHAR",
            "Why the mention has its kind, e.g. 'year', 'doc_number', 'list_index', 'target_cue'.",
            False,
        ),
        _c(
            "value_as_stated",
            "DOUBLE",
            "The number in the document's own unit (lower bound for ranges).",
            unit="unit_as_stated of the row",
        ),
        _c(
            "value_high_as_stated",
            "DOUBLE",
            "Upper bound of a range in the document's own unit, else NULL.",
            unit="unit_as_stated of the row",
        ),
        _c("unit_as_stated", "VARCHAR", "The unit as written, e.g. '%', '‰', '个/千人', '万元'."),
        _c("target_id", "VARCHAR", "targets.target_id when kind is 'target'."),
    ),
    ("mention_id",),
    foreign_keys=(
        _fk("doc_id", "documents.doc_id"),
        _fk("target_id", "targets.target_id"),
    ),
)

TARGETS = Table(
    "targets",
    "One row per stated quantitative target, harmonised to the indicator's canonical unit, with its quote.",
    (
        _c("target_id", "VARCHAR", "Stable id: doc_id ':' char_start of the number.", False),
        _c("doc_id", "VARCHAR", "Document stating the target (documents.doc_id).", False),
        _c("region_id", "VARCHAR", "Region the target is for (regions.region_id).", False),
        _c(
            "indicator_code",
            "VARCHAR",
            "Harmonised indicator (indicators.indicator_code); NULL if no catalog entry fits yet.",
        ),
        _c(
            "value",
            "DOUBLE",
            "Target value in the indicator's canonical unit (lower bound of a range).",
            False,
            unit="unit of the row (units.unit)",
        ),
        _c(
            "value_high",
            "DOUBLE",
            "Upper bound of a range in the canonical unit, else NULL.",
            unit="unit of the row (units.unit)",
        ),
        _c("unit", "VARCHAR", "Canonical unit of value and value_high (units.unit).", False),
        _c(
            "value_as_stated",
            "DOUBLE",
            "The number in the document's own unit (lower bound for ranges).",
            False,
            unit="unit_as_stated of the row",
        ),
        _c(
            "unit_as_stated",
            "VARCHAR",
            "The unit as written, e.g. '%', '‰', '/10万', '个/千人', '万元'.",
            False,
        ),
        _c("comparator", "VARCHAR", "One of '>=', '>', '<=', '<', '=', 'range', 'approx'.", False),
        _c(
            "target_year",
            "INTEGER",
            "Year by which the target is to be met; NULL when the document gives none.",
            unit="calendar year",
        ),
        _c(
            "year_basis",
            "VARCHAR",
            "How target_year was derived, e.g. 'explicit:到2025年底', 'plan_period:十四五末', 'document_horizon'.",
            False,
        ),
        _c(
            "period",
            "VARCHAR",
            "'annual' for a quota stated per year (每年), 'span:N' for N years, else NULL.",
        ),
        _c(
            "scope",
            "VARCHAR",
            "Part of the population or system the target is for, e.g. 'urban', 'rural', 'tertiary_hospitals'.",
        ),
        _c(
            "quote",
            "VARCHAR",
            "The sentence stating the target, exactly as in the raw text.",
            False,
        ),
        _c(
            "char_start",
            "INTEGER",
            "Start offset of quote in the raw text (Unicode code points, UTF-8 decoded).",
            False,
            unit="Unicode code points",
        ),
        _c(
            "char_end",
            "INTEGER",
            "End offset (exclusive) of quote; raw_text[char_start:char_end] == quote.",
            False,
            unit="Unicode code points",
        ),
        _c(
            "number_start",
            "INTEGER",
            "Start offset of the number itself in the raw text.",
            False,
            unit="Unicode code points",
        ),
        _c(
            "number_end",
            "INTEGER",
            "End offset (exclusive) of the number and its unit in the raw text.",
            False,
            unit="Unicode code points",
        ),
        _c(
            "group_id",
            "VARCHAR",
            "Links targets stated together in one clause (分别…和…); restatements share statement_id instead.",
        ),
        _c(
            "target_type",
            "VARCHAR",
            "What kind of promise the number is: 'level' (a rate or level to reach or keep: 就诊率达到90%), "
            "'change' (from a baseline: 提高5个百分点, 比2020年下降10%), 'increment' (new additions in the "
            "period: 新增2家, 三年招聘600人), 'stock' (a total to exist: 建成12个, 累计30家), 'rank' (进入前50位) "
            "or 'ratio' (床护比1:1.6). Compare only targets of one type.",
            False,
        ),
        _c(
            "target_type_basis",
            "VARCHAR",
            "Why target_type was chosen: 'cue:新增' (the nearest type word before the number), 'unit:percent', "
            "'period:annual', 'of_which:…' (其中: the type of the number before), 'change_from_baseline', or "
            "'default:count' (a count with no type word: a stock).",
            False,
        ),
        _c(
            "per_unit",
            "VARCHAR",
            "For a quota per institution or per area, what it is per (per_units.per_unit: 'county', "
            "'primary_care_institution', 'specialty' …): 每个乡镇卫生院培养2名 is 2 per centre, not 2 in all. "
            "NULL for a total for the whole region.",
        ),
        _c(
            "per_unit_as_stated",
            "VARCHAR",
            "The words stating the per-unit quota as written, e.g. '每个设区市', '设区市、县(市、区)'.",
        ),
        _c(
            "commitment",
            "VARCHAR",
            "'committed', or 'aspirational' when a hedge (力争, 争取, 努力, 争创) precedes the number in its "
            "sentence. Never changes the comparator.",
            False,
        ),
        _c(
            "statement_id",
            "VARCHAR",
            "One goal stated several times in a document (the 目标 list and the task text, an annex table) "
            "is one statement: the target_id of its first statement in document order. Count statements, "
            "not targets.",
            False,
        ),
        _c(
            "is_primary",
            "BOOLEAN",
            "True for the first statement of a goal (target_id = statement_id); restatements are kept with "
            "false.",
            False,
        ),
        _c(
            "baseline_value",
            "DOUBLE",
            "Baseline stated with the target, in baseline_unit (从2020年的75%提高到85% → 75; 基期值).",
            unit="baseline_unit of the row (units.unit)",
        ),
        _c(
            "baseline_year",
            "INTEGER",
            "Year of the baseline where stated (从2020年的…, 比2020年提高… → 2020).",
            unit="calendar year",
        ),
        _c(
            "baseline_unit",
            "VARCHAR",
            "Unit of baseline_value: the target's canonical unit when it converts (units.unit).",
        ),
        _c(
            "binding",
            "VARCHAR",
            "'binding' (约束性) or 'expected' (预期性) where the document states it (an indicator "
            "table's 属性 column or the sentence); NULL where it does not.",
        ),
        _c(
            "reviewed_by",
            "VARCHAR",
            "Who reviewed the target, where a decision in data/review/corrections.csv applies to it; "
            "NULL for targets as extracted.",
        ),
        _c(
            "review_note",
            "VARCHAR",
            "What the review decided and why, e.g. 'accept: …' or 'period: 年体检人数 is per year'.",
        ),
    ),
    ("target_id",),
    foreign_keys=(
        _fk("doc_id", "documents.doc_id"),
        _fk("region_id", "regions.region_id"),
        _fk("indicator_code", "indicators.indicator_code"),
        _fk("unit", "units.unit"),
        _fk("per_unit", "per_units.per_unit"),
        _fk("statement_id", "targets.target_id"),
    ),
)

PER_UNITS = Table(
    "per_units",
    "What a per-unit quota can be per (from data/catalog/semantics.yaml): targets.per_unit.",
    (
        _c("per_unit", "VARCHAR", "Stable code, e.g. 'county', 'primary_care_institution'.", False),
        _c("name_zh", "VARCHAR", "Chinese name, e.g. 县(市、区).", False),
        _c("name_en", "VARCHAR", "English name.", False),
        _c("words", "VARCHAR", "Words documents use for it, separated by ';'.", False),
    ),
    ("per_unit",),
)

THEMES = Table(
    "themes",
    "Qualitative policy themes (from data/catalog/themes.yaml).",
    (
        _c("theme_code", "VARCHAR", "Stable code of the theme, e.g. 'family_doctor'.", False),
        _c("name_zh", "VARCHAR", "Chinese name.", False),
        _c("name_en", "VARCHAR", "English name.", False),
        _c("description", "VARCHAR", "What the theme covers."),
    ),
    ("theme_code",),
)

THEME_MENTIONS = Table(
    "theme_mentions",
    "Each place a document speaks of a theme: region × document × theme, with the evidence.",
    (
        _c("doc_id", "VARCHAR", "Document.", False),
        _c("region_id", "VARCHAR", "Region of the document.", False),
        _c("theme_code", "VARCHAR", "Theme matched (themes.theme_code).", False),
        _c("keyword", "VARCHAR", "The keyword rule that matched.", False),
        _c(
            "char_start",
            "INTEGER",
            "Start offset of the evidence sentence in the raw text.",
            False,
            unit="Unicode code points",
        ),
        _c(
            "char_end",
            "INTEGER",
            "End offset (exclusive) of the evidence sentence.",
            False,
            unit="Unicode code points",
        ),
        _c("quote", "VARCHAR", "The evidence sentence exactly as in the raw text.", False),
    ),
    (),
    foreign_keys=(
        _fk("doc_id", "documents.doc_id"),
        _fk("region_id", "regions.region_id"),
        _fk("theme_code", "themes.theme_code"),
    ),
)

REFERENCE_FILES = Table(
    "reference_files",
    "Files of reference targets in data/raw (registered in references.csv), with their level and checksum.",
    (
        _c("file", "VARCHAR", "File name under data/raw/.", False),
        _c(
            "level",
            "VARCHAR",
            "Whose targets the file states: 'national', or 'province'/'prefecture' for a region's own plan.",
            False,
        ),
        _c(
            "region_id",
            "VARCHAR",
            "Region of a provincial or prefectural reference; NULL for national.",
        ),
        _c("title", "VARCHAR", "What the file is.", False),
        _c(
            "sha256",
            "VARCHAR",
            "SHA-256 of the file as committed; the build refuses a mismatch.",
            False,
        ),
        _c(
            "n_rows",
            "INTEGER",
            "Rows of the file (a row stated for two years gives two targets).",
            False,
        ),
    ),
    ("file",),
    foreign_keys=(_fk("region_id", "regions.region_id"),),
)

REFERENCE_TARGETS = Table(
    "reference_targets",
    "Reference targets (national first) that regional targets are compared with, each with its source and passage.",
    (
        _c(
            "reference_id",
            "VARCHAR",
            "Stable id: file stem ':' line, plus ':' year when one row states a value for two years (2022/2030).",
            False,
        ),
        _c(
            "level",
            "VARCHAR",
            "'national', or 'province'/'prefecture' (reference_files.level).",
            False,
        ),
        _c(
            "region_id",
            "VARCHAR",
            "Region whose plan sets the reference; NULL for national targets.",
        ),
        _c("file", "VARCHAR", "Reference file under data/raw/ (reference_files.file).", False),
        _c("line", "INTEGER", "Line of the row in that file (the header is line 1).", False),
        _c(
            "indicator_code",
            "VARCHAR",
            "Harmonised indicator (indicators.indicator_code), matched from the indicator's name; NULL if none fits.",
        ),
        _c(
            "indicator_as_stated",
            "VARCHAR",
            "The indicator's name as the reference writes it.",
            False,
        ),
        _c(
            "scope",
            "VARCHAR",
            "Part of the population or system the target is for (same codes as targets.scope), from the name.",
        ),
        _c(
            "target_type",
            "VARCHAR",
            "'level' (a value to reach), 'change' (by how much, from a baseline), 'relative_change' "
            "(by what share of the baseline, e.g. 下降30%), 'qualitative' (实现, 持续减缓) or 'baseline' (a base value only).",
            False,
        ),
        _c(
            "comparator",
            "VARCHAR",
            "As in targets: '>=', '>', '<=', '<', '=', 'range', 'approx'; NULL for qualitative and baseline rows.",
        ),
        _c(
            "value",
            "DOUBLE",
            "Level: value in the indicator's canonical unit (lower bound of a range). Change: the signed "
            "change in unit (e.g. +1 years, -30 percent of the baseline). NULL for qualitative rows.",
            unit="unit of the row",
        ),
        _c(
            "value_high",
            "DOUBLE",
            "Upper bound of a range, in the unit of value; else NULL.",
            unit="unit of the row",
        ),
        _c(
            "unit",
            "VARCHAR",
            "Unit of value and baseline_value (units.unit): the canonical unit for levels. NULL when none is stated.",
        ),
        _c(
            "value_as_stated",
            "VARCHAR",
            "The target cell as written, e.g. '4.5', '+6', '较2015年下降30%', '实现'.",
        ),
        _c(
            "unit_as_stated",
            "VARCHAR",
            "The unit as written, e.g. '%', '‰', '1/10万', '辆/3万人口'.",
        ),
        _c(
            "wording",
            "VARCHAR",
            "The words of a qualitative target (实现, 持续减缓); NULL otherwise.",
        ),
        _c(
            "target_year",
            "INTEGER",
            "Year the target is for; a row stated for 2022/2030 gives one row per year. NULL when none is stated.",
            unit="calendar year",
        ),
        _c(
            "year_basis",
            "VARCHAR",
            "How target_year was read: 'explicit:2025', 'one_value_for:2022/2030', 'not_stated', 'baseline_only'.",
            False,
        ),
        _c("period", "VARCHAR", "'annual' for a value per year (每年提升1—3个百分点), else NULL."),
        _c("baseline_value", "DOUBLE", "Base value where the passage states one, in unit."),
        _c(
            "baseline_year",
            "INTEGER",
            "Year of the base value where it is one year (NULL for 2002—2012).",
            unit="calendar year",
        ),
        _c(
            "baseline_as_stated",
            "VARCHAR",
            "Base year and value as written, e.g. '2002—2012 约5.3'.",
        ),
        _c(
            "binding",
            "VARCHAR",
            "'binding' (约束性) or 'expected' (预期性) where the passage shows it; NULL when not stated.",
        ),
        _c(
            "source_doc",
            "VARCHAR",
            "The document that sets the target, and whose copy it was read in.",
            False,
        ),
        _c("source_url", "VARCHAR", "Address of the copy the value was read in.", False),
        _c(
            "quote",
            "VARCHAR",
            "The passage the row was read from; the build checks it contains the value.",
            False,
        ),
        _c(
            "notes",
            "VARCHAR",
            "Caveats recorded with the row (value implied, column attribution inferred).",
        ),
        _c(
            "review_note",
            "VARCHAR",
            "Reviewed note (data/review/reference_notes.csv) for a passage that states its value otherwise, e.g. in English words.",
        ),
    ),
    ("reference_id",),
    foreign_keys=(
        _fk("file", "reference_files.file"),
        _fk("region_id", "regions.region_id"),
        _fk("indicator_code", "indicators.indicator_code"),
        _fk("unit", "units.unit"),
    ),
)

BUILD_INFO = Table(
    "build_info",
    "One row describing the build that wrote the store.",
    (
        _c(
            "code_version",
            "VARCHAR",
            "Version of the regionhealth package that built the store.",
            False,
        ),
        _c(
            "inputs_sha256",
            "VARCHAR",
            "SHA-256 over all inputs (raw texts, registry, catalogs, queries).",
            False,
        ),
        _c("n_documents", "INTEGER", "Number of documents built.", False),
        _c("n_targets", "INTEGER", "Number of targets.", False),
        _c("built_at", "TIMESTAMP", "When the build wrote the store (UTC, to the second).", False),
        _c(
            "git_commit",
            "VARCHAR",
            "Git commit of the code that built the store, '+dirty' when tracked files differed "
            "from it; NULL outside a git checkout.",
        ),
        _c(
            "duckdb_version",
            "VARCHAR",
            "Version of the DuckDB library that wrote the store.",
            False,
        ),
        _c(
            "storage_version",
            "VARCHAR",
            "DuckDB storage format of the file (ATTACH … STORAGE_VERSION); readable from that DuckDB version on.",
            False,
        ),
    ),
)

BUILD_INPUTS = Table(
    "build_inputs",
    "Every input file of the build that wrote the store, with its checksum (raw texts, registry, catalog, queries).",
    (
        _c(
            "path",
            "VARCHAR",
            "Path of the file relative to the repository, e.g. 'data/raw/documents.csv'.",
            False,
        ),
        _c("sha256", "VARCHAR", "SHA-256 of the file's bytes when the store was built.", False),
        _c("n_bytes", "BIGINT", "Size of the file.", False, unit="bytes"),
    ),
    ("path",),
)

TABLES: tuple[Table, ...] = (
    REGIONS,
    DOCUMENTS,
    DOCUMENT_TEXTS,
    UNITS,
    INDICATORS,
    PER_UNITS,
    THEMES,
    MENTIONS,
    TARGETS,
    THEME_MENTIONS,
    REFERENCE_FILES,
    REFERENCE_TARGETS,
    BUILD_INFO,
    BUILD_INPUTS,
)


# --- views -------------------------------------------------------------------------------------
# Views whose columns are described here get a COMMENT ON COLUMN for each column at build time
# (the view itself is defined in queries/views/<name>.sql; a test checks the columns match).


def _like(t: Table, name: str, description: str | None = None, alias: str | None = None) -> Column:
    """A view column passed through from table ``t``'s column ``name`` (optionally renamed)."""
    for c in t.columns:
        if c.name == name:
            return Column(alias or name, c.type, description or c.description, c.nullable, c.unit)
    raise KeyError(f"{t.name}.{name}")


def _regional(name: str, description: str | None = None) -> Column:
    """A targets column passed through as the regional side of a comparison with the national line.

    The targets table's description speaks of "the target"; beside national_* columns a reader
    must see which side a column is, so the description says so.
    """
    c = _like(TARGETS, name, description)
    if "regional" in c.description.lower():
        return c
    return Column(c.name, c.type, f"Regional side: {c.description}", c.nullable, c.unit)


_T = TARGETS
_REGION_NAMES = (
    _like(REGIONS, "name_zh", "Chinese name of the region, e.g. 乐清市.", "region_name_zh"),
    _like(REGIONS, "name_en", "English name of the region.", "region_name_en"),
)
_INDICATOR_NAMES = (
    _like(INDICATORS, "name_zh", "Chinese name of the indicator.", "indicator_name_zh"),
    _like(INDICATORS, "name_en", "English name of the indicator.", "indicator_name_en"),
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
        *_INDICATOR_NAMES,
        _like(
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
        _c(
            "reference_id",
            "VARCHAR",
            "The national reference compared with (reference_targets.reference_id); NULL when none is comparable.",
        ),
        _c("national_comparator", "VARCHAR", "Comparator of the national target."),
        _c(
            "national_value",
            "DOUBLE",
            "National target value in the same canonical unit (lower bound of a range).",
        ),
        _c(
            "national_value_high",
            "DOUBLE",
            "Upper bound of a national range (农村急救服务半径10—20公里), else NULL.",
        ),
        _c(
            "national_year",
            "INTEGER",
            "Year of the national target used: the nearest at or after the regional year, else the latest before.",
        ),
        _c(
            "national_year_relation",
            "VARCHAR",
            "'at_or_after' the regional year, 'before' it (no national target at or after), or 'undated'.",
        ),
        _c("years_apart", "INTEGER", "national_year minus the regional target_year."),
        _c(
            "n_national_at_year",
            "BIGINT",
            "How many national values the reference list gives for that year (the more demanding one is used).",
        ),
        _c(
            "difference",
            "DOUBLE",
            "Regional minus national bound (the weaker end of a range) in the canonical unit; NULL unless comparable.",
        ),
        _c(
            "verdict",
            "VARCHAR",
            "'more ambitious', 'equal', 'less ambitious', 'not comparable' or 'no national reference'.",
        ),
        _c(
            "why",
            "VARCHAR",
            "Why the verdict: which national year was used, or what makes the two not comparable.",
        ),
        _c(
            "national_source_doc",
            "VARCHAR",
            "National document setting the reference, and whose copy it was read in.",
        ),
        _c("national_source_url", "VARCHAR", "Address of the copy the national value was read in."),
        _c("national_quote", "VARCHAR", "Passage of the national document stating the value."),
        _c(
            "national_text",
            "VARCHAR",
            "The national target as reports write it, e.g. '≥ 4.5 /千人' (written like targets_labelled.target_text); NULL when none is comparable.",
        ),
        _c(
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
        _like(
            REFERENCE_TARGETS,
            "reference_id",
            "The national reference target (reference_targets.reference_id).",
        ),
        _like(
            REFERENCE_TARGETS,
            "indicator_code",
            "Harmonised indicator no region in the store states a target for.",
        ),
        # From an outer join: NULL where no indicator fits the national name.
        *(replace(c, nullable=True) for c in _INDICATOR_NAMES),
        _like(REFERENCE_TARGETS, "indicator_as_stated"),
        _like(REFERENCE_TARGETS, "scope"),
        _like(
            REFERENCE_TARGETS,
            "target_type",
            "'level', 'change', 'relative_change' or 'qualitative' (reference_targets.target_type).",
        ),
        *(_like(REFERENCE_TARGETS, n) for n in ("comparator", "value", "value_high")),
        # The view has no baseline_value, which the table's unit also describes.
        _like(
            REFERENCE_TARGETS,
            "unit",
            "Unit of value (units.unit): the canonical unit for levels; NULL when none is stated.",
        ),
        *(
            _like(REFERENCE_TARGETS, n)
            for n in ("wording", "target_year", "period", "source_doc", "source_url", "quote")
        ),
    ),
)


_PERIOD_KIND = (
    "'annual' (a quota per year, 每年), 'span:N' (over N years, 三年内), or 'by_target_year' (to "
    "be reached by target_year)."
)

# How the reports write a target, decided once in SQL: the notebooks and charts read these columns.
_REGION_LABEL = _c(
    "region_label",
    "VARCHAR",
    "The region as reports label it: short Chinese name (first alias, else name_zh) and English name, e.g. '乐清 Yueqing'.",
    False,
)
_PRESENTATION = (
    _REGION_LABEL,
    _c(
        "unit_symbol",
        "VARCHAR",
        "Symbol of the target's unit as reports print it (units.symbol), e.g. '分钟', '/千人'.",
        False,
    ),
    _c(
        "target_text",
        "VARCHAR",
        "The target as reports write it: comparator symbol, value (a range as low–high) and unit symbol, e.g. '≥ 12 个', '< 11 分钟', '3–5 %'.",
        False,
    ),
    _c(
        "year_label",
        "VARCHAR",
        "The target year as reports write it: '2025', or '年份未定 / no year'.",
        False,
    ),
    _c(
        "year_inferred",
        "BOOLEAN",
        "True when the year is not written with the target but taken from the document's horizon (year_basis 'document_horizon:…'), or there is none.",
        False,
    ),
    _c(
        "target_label",
        "VARCHAR",
        "The label of the target's mark in the comparison charts: target_text and year, '*' after an inferred year, 力争 for an aspirational target, e.g. '≥ 10 个 (2027*) 力争'.",
        False,
    ),
)

_LABEL_VIEWS: tuple[Table, ...] = (
    Table(
        "comparator_labels",
        "How reports write each comparator code: its symbol ('>=' → '≥'), its words ('至少 / at least') and whether the bound itself is excluded.",
        (
            _c(
                "comparator",
                "VARCHAR",
                "Comparator code of targets and reference targets: '>=', '>', '<=', '<', '=', 'range', 'approx'.",
                False,
            ),
            _c("symbol", "VARCHAR", "Symbol written before a value, e.g. '≥'.", False),
            _c("words", "VARCHAR", "The comparator in words, e.g. '至少 / at least'.", False),
            _c(
                "comparator_text",
                "VARCHAR",
                "Symbol and words, e.g. '≥ 至少 / at least': the legend of a chart's comparator marks.",
                False,
            ),
            _c(
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
            _like(REGIONS, "region_id"),
            *_REGION_NAMES,
            _REGION_LABEL,
        ),
        store_only="labels for the reports, built from regions (exported) in one expression",
    ),
)

_SEMANTIC_VIEWS: tuple[Table, ...] = (
    Table(
        "targets_labelled",
        "Every target with its indicator, region and document names: the table to start exploring from.",
        (
            _like(_T, "target_id"),
            _like(_T, "region_id"),
            *_REGION_NAMES,
            _like(_T, "doc_id"),
            _like(DOCUMENTS, "title", "Title of the document stating the target.", "doc_title"),
            _like(DOCUMENTS, "published_date"),
            _like(_T, "indicator_code"),
            *_INDICATOR_NAMES,
            _like(INDICATORS, "better"),
            *(
                _like(_T, n)
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
            *_PRESENTATION,
        ),
    ),
    Table(
        "target_comparison",
        "Shared indicators side by side, one row per statement (restatements left out): compare rows only where scope, target_type, per_unit and period agree.",
        (
            _like(_T, "indicator_code"),
            *_INDICATOR_NAMES,
            _like(_T, "region_id"),
            *_REGION_NAMES,
            _like(
                _T,
                "scope",
                "Part of the population or system the target is for; 'all' when unscoped. Never compare urban with rural.",
            ),
            _like(_T, "target_type"),
            _like(
                _T,
                "per_unit",
                "What a quota is per (per_units.per_unit), or 'total' for a total for the whole region.",
            ),
            Column("period", "VARCHAR", _PERIOD_KIND, False),
            _like(_T, "commitment"),
            _like(_T, "comparator"),
            _like(_T, "value"),
            _like(_T, "value_high"),
            _like(_T, "unit"),
            _like(_T, "target_year"),
            _like(_T, "year_basis"),
            _like(_T, "baseline_value"),
            _like(_T, "baseline_year"),
            _like(_T, "binding"),
            Column(
                "n_times_stated",
                "BIGINT",
                "How many times the document states this goal (1 + its restatements).",
                False,
            ),
            _like(_T, "doc_id"),
            _like(_T, "statement_id"),
            _like(
                _T,
                "target_id",
                "The target row of the statement's first statement (= statement_id).",
            ),
            _like(_T, "quote"),
        ),
    ),
    Table(
        "shared_indicators",
        "Indicators stated by two or more regions: per indicator × region × comparable kind (scope, target_type, per_unit, period, commitment), the statements' range.",
        (
            _like(_T, "indicator_code"),
            *_INDICATOR_NAMES,
            _like(INDICATORS, "unit"),
            _like(INDICATORS, "better"),
            _like(_T, "region_id"),
            *_REGION_NAMES,
            _like(
                _T,
                "scope",
                "Scope of the statements; 'all' when unscoped (urban and rural are separate rows).",
            ),
            _like(_T, "target_type"),
            _like(_T, "per_unit", "What the quotas are per, or 'total'."),
            Column("period", "VARCHAR", _PERIOD_KIND, False),
            _like(_T, "commitment"),
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
            _like(_T, "indicator_code"),
            *_INDICATOR_NAMES,
            Column("region_a", "VARCHAR", "First region of the pair (alphabetically).", False),
            Column("region_b", "VARCHAR", "Second region of the pair.", False),
            Column("statement_a", "VARCHAR", "statement_id of region_a's statement.", False),
            Column("statement_b", "VARCHAR", "statement_id of region_b's statement.", False),
            Column("value_a", "DOUBLE", "region_a's value, in unit.", False),
            Column("value_b", "DOUBLE", "region_b's value, in unit.", False),
            _like(_T, "unit"),
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
            _like(INDICATORS, "indicator_code"),
            *_INDICATOR_NAMES,
            _like(_T, "region_id", "A region with at least one document."),
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
            _like(_T, "region_id", "A region with at least one document."),
            _like(THEMES, "theme_code"),
            _like(THEMES, "name_zh", "Chinese name of the theme.", "theme_name_zh"),
            _like(THEMES, "name_en", "English name of the theme.", "theme_name_en"),
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


VIEWS: tuple[Table, ...] = (
    TARGET_VS_NATIONAL,
    NATIONAL_TARGETS_UNADDRESSED,
    *_LABEL_VIEWS,
    *_SEMANTIC_VIEWS,
)


def view(name: str) -> Table | None:
    """The described view called ``name``, or None if schema.py does not describe it."""
    return next((v for v in VIEWS if v.name == name), None)


def table(name: str) -> Table:
    """The table called ``name``; KeyError if the store has none."""
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)


def create_sql(t: Table) -> str:
    """``CREATE TABLE`` statement for ``t``."""
    cols = [f"{c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in t.columns]
    if t.primary_key:
        cols.append(f"PRIMARY KEY ({', '.join(t.primary_key)})")
    return f"CREATE TABLE {t.name} (\n    " + ",\n    ".join(cols) + "\n)"
