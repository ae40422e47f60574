"""The store's tables of documents, numbers, themes, the catalog and the build (the targets and
reference targets are in :mod:`regionhealth.store.target_tables`)."""

from __future__ import annotations

from regionhealth.store.fields import Table, col, fk

REGIONS = Table(
    "regions",
    "Administrative regions (GB/T 2260), including the parents of the regions with documents.",
    (
        col("region_id", "VARCHAR", "Stable lowercase id of the region, e.g. 'yueqing'.", False),
        col("name_zh", "VARCHAR", "Official Chinese name, e.g. 乐清市.", False),
        col("name_en", "VARCHAR", "English name, e.g. Yueqing.", False),
        col("admin_code", "VARCHAR", "GB/T 2260 six-digit administrative division code.", False),
        col(
            "admin_level",
            "VARCHAR",
            "Administrative level: 省 (province), 地 (prefecture) or 县 (county).",
            False,
        ),
        col(
            "admin_level_en",
            "VARCHAR",
            "Administrative level in English: province, prefecture, county.",
            False,
        ),
        col("parent_id", "VARCHAR", "region_id of the parent region; NULL for provinces."),
        col(
            "province_id",
            "VARCHAR",
            "region_id of the province-level region the region belongs to.",
            False,
        ),
        col("aliases", "VARCHAR", "Short names used in texts, separated by ';'."),
    ),
    ("region_id",),
    foreign_keys=(
        fk("parent_id", "regions.region_id"),
        fk("province_id", "regions.region_id"),
    ),
)

DOCUMENTS = Table(
    "documents",
    "Policy documents in the store, one row per raw text file, with their provenance.",
    (
        col(
            "doc_id",
            "VARCHAR",
            "Stable id of the document (the raw file name without .txt).",
            False,
        ),
        col(
            "region_id",
            "VARCHAR",
            "Region whose policy the document states (regions.region_id).",
            False,
        ),
        col("file", "VARCHAR", "File name of the raw text under data/raw/.", False),
        col("title", "VARCHAR", "Title of the document in Chinese.", False),
        col("issuer", "VARCHAR", "Issuing body."),
        col("doc_number", "VARCHAR", "Official document number (文号), e.g. 乐政办发〔2023〕27号."),
        col("index_number", "VARCHAR", "Government disclosure index number (索引号) where shown."),
        col("written_date", "DATE", "Date the document was written or signed (成文日期)."),
        col("published_date", "DATE", "Date the document was published or printed.", False),
        col("source_url", "VARCHAR", "Address the text was retrieved from, where known."),
        col(
            "sha256",
            "VARCHAR",
            "SHA-256 of the raw file as committed; the build refuses a mismatch.",
            False,
        ),
        col(
            "n_chars",
            "INTEGER",
            "Length of the raw text in Unicode code points.",
            False,
            unit="Unicode code points",
        ),
        col(
            "horizon_year",
            "INTEGER",
            "The document's main horizon: the first goal year it states (NULL if none).",
            unit="calendar year",
        ),
    ),
    ("doc_id",),
    foreign_keys=(fk("region_id", "regions.region_id"),),
)

INDICATORS = Table(
    "indicators",
    "The indicator catalog: harmonised concepts that targets are mapped to (from data/catalog/indicators.yaml).",
    (
        col(
            "indicator_code",
            "VARCHAR",
            "Stable code of the indicator, e.g. 'county_visit_rate'.",
            False,
        ),
        col("name_zh", "VARCHAR", "Chinese name.", False),
        col("name_en", "VARCHAR", "English name.", False),
        col(
            "unit",
            "VARCHAR",
            "Canonical unit every target of this indicator is converted to (units table).",
            False,
        ),
        col(
            "better", "VARCHAR", "Which direction is better: 'higher', 'lower' or 'neutral'.", False
        ),
        col(
            "theme_code",
            "VARCHAR",
            "Theme the indicator belongs to (themes.theme_code), where one fits.",
        ),
        col("description", "VARCHAR", "What is counted, and how document wordings map to it."),
    ),
    ("indicator_code",),
    foreign_keys=(
        fk("unit", "units.unit"),
        fk("theme_code", "themes.theme_code"),
    ),
)

DOCUMENT_TEXTS = Table(
    "document_texts",
    "The raw text of each document as committed, so quotes and offsets can be checked in SQL.",
    (
        col("doc_id", "VARCHAR", "Document (documents.doc_id).", False),
        col(
            "raw_text",
            "VARCHAR",
            "The raw file decoded as UTF-8; substr(raw_text, char_start + 1, char_end - char_start) = quote.",
            False,
        ),
    ),
    ("doc_id",),
    foreign_keys=(fk("doc_id", "documents.doc_id"),),
)

UNITS = Table(
    "units",
    "Units known to the store and the explicit factor to their dimension's base unit.",
    (
        col("unit", "VARCHAR", "Unit code, e.g. 'percent', 'per_1000', 'CNY'.", False),
        col(
            "dimension",
            "VARCHAR",
            "Quantity kind; only units of one dimension convert into each other.",
            False,
        ),
        col(
            "to_base",
            "DOUBLE",
            "Multiply a value in this unit by to_base to get the dimension's base unit.",
            False,
            unit="base unit of the dimension per one of this unit",
        ),
        col(
            "symbol",
            "VARCHAR",
            "How the unit is written for readers, e.g. '%', '‰', '/10万'.",
            False,
        ),
        col("description", "VARCHAR", "What the unit means."),
    ),
    ("unit",),
)

MENTIONS = Table(
    "mentions",
    "Every number found in every document, and what was made of it: target, reference or ignored.",
    (
        col("mention_id", "VARCHAR", "Stable id: doc_id ':' char_start.", False),
        col("doc_id", "VARCHAR", "Document the number appears in.", False),
        col(
            "char_start",
            "INTEGER",
            "Start offset of the number in the raw text (Unicode code points).",
            False,
            unit="Unicode code points",
        ),
        col(
            "char_end",
            "INTEGER",
            "End offset (exclusive) of the number and its unit in the raw text.",
            False,
            unit="Unicode code points",
        ),
        col("surface", "VARCHAR", "The number as written, with its unit, e.g. '90%'.", False),
        col(
            "kind",
            "VARCHAR",
            "'target' (a stated goal), 'reference' (a stated fact) or 'ignored'.",
            False,
        ),
        col(
            "reason",
            "VARCHAR",
            "Why the mention has its kind, e.g. 'year', 'doc_number', 'list_index', 'target_cue'.",
            False,
        ),
        col(
            "value_as_stated",
            "DOUBLE",
            "The number in the document's own unit (lower bound for ranges).",
            unit="unit_as_stated of the row",
        ),
        col(
            "value_high_as_stated",
            "DOUBLE",
            "Upper bound of a range in the document's own unit, else NULL.",
            unit="unit_as_stated of the row",
        ),
        col("unit_as_stated", "VARCHAR", "The unit as written, e.g. '%', '‰', '个/千人', '万元'."),
        col("target_id", "VARCHAR", "targets.target_id when kind is 'target'."),
    ),
    ("mention_id",),
    foreign_keys=(
        fk("doc_id", "documents.doc_id"),
        fk("target_id", "targets.target_id"),
    ),
)

PER_UNITS = Table(
    "per_units",
    "What a per-unit quota can be per (from data/catalog/semantics.yaml): targets.per_unit.",
    (
        col(
            "per_unit", "VARCHAR", "Stable code, e.g. 'county', 'primary_care_institution'.", False
        ),
        col("name_zh", "VARCHAR", "Chinese name, e.g. 县(市、区).", False),
        col("name_en", "VARCHAR", "English name.", False),
        col("words", "VARCHAR", "Words documents use for it, separated by ';'.", False),
    ),
    ("per_unit",),
)

THEMES = Table(
    "themes",
    "Qualitative policy themes (from data/catalog/themes.yaml).",
    (
        col("theme_code", "VARCHAR", "Stable code of the theme, e.g. 'family_doctor'.", False),
        col("name_zh", "VARCHAR", "Chinese name.", False),
        col("name_en", "VARCHAR", "English name.", False),
        col("description", "VARCHAR", "What the theme covers."),
    ),
    ("theme_code",),
)

THEME_MENTIONS = Table(
    "theme_mentions",
    "Each place a document speaks of a theme: region × document × theme, with the evidence.",
    (
        col("doc_id", "VARCHAR", "Document.", False),
        col("region_id", "VARCHAR", "Region of the document.", False),
        col("theme_code", "VARCHAR", "Theme matched (themes.theme_code).", False),
        col("keyword", "VARCHAR", "The keyword rule that matched.", False),
        col(
            "char_start",
            "INTEGER",
            "Start offset of the evidence sentence in the raw text.",
            False,
            unit="Unicode code points",
        ),
        col(
            "char_end",
            "INTEGER",
            "End offset (exclusive) of the evidence sentence.",
            False,
            unit="Unicode code points",
        ),
        col("quote", "VARCHAR", "The evidence sentence exactly as in the raw text.", False),
    ),
    (),
    foreign_keys=(
        fk("doc_id", "documents.doc_id"),
        fk("region_id", "regions.region_id"),
        fk("theme_code", "themes.theme_code"),
    ),
)

BUILD_INFO = Table(
    "build_info",
    "One row describing the build that wrote the store.",
    (
        col(
            "code_version",
            "VARCHAR",
            "Version of the regionhealth package that built the store.",
            False,
        ),
        col(
            "inputs_sha256",
            "VARCHAR",
            "SHA-256 over all inputs (raw texts, registry, catalogs, queries).",
            False,
        ),
        col("n_documents", "INTEGER", "Number of documents built.", False),
        col("n_targets", "INTEGER", "Number of targets.", False),
        col("built_at", "TIMESTAMP", "When the build wrote the store (UTC, to the second).", False),
        col(
            "git_commit",
            "VARCHAR",
            "Git commit of the code that built the store, '+dirty' when tracked files differed "
            "from it; NULL outside a git checkout.",
        ),
        col(
            "duckdb_version",
            "VARCHAR",
            "Version of the DuckDB library that wrote the store.",
            False,
        ),
        col(
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
        col(
            "path",
            "VARCHAR",
            "Path of the file relative to the repository, e.g. 'data/raw/documents.csv'.",
            False,
        ),
        col("sha256", "VARCHAR", "SHA-256 of the file's bytes when the store was built.", False),
        col("n_bytes", "BIGINT", "Size of the file.", False, unit="bytes"),
    ),
    ("path",),
)
