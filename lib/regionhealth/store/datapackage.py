"""datapackage.json beside the exports: a Frictionless Tabular Data Package describing every CSV.

Types, descriptions and nullability come from the built store itself (``duckdb_columns()`` and the
``COMMENT ON`` descriptions that ``schema.py`` puts there); keys and units come from ``schema.py``;
licence, sources and the build record from ``data/LICENSE.md``, the registry and ``build_info``.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from regionhealth import __version__
from regionhealth.errors import RegionhealthError
from regionhealth.store import schema

PACKAGE_FILE = "datapackage.json"

# DuckDB type → Table Schema type. Integers stay integers and dates dates: a reader that follows the
# descriptor never sees a year as 2025.0 or a GB/T code as a number.
_FIELD_TYPES = {
    "VARCHAR": "string",
    "TINYINT": "integer",
    "SMALLINT": "integer",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "HUGEINT": "integer",
    "DOUBLE": "number",
    "FLOAT": "number",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "datetime",
}
# How DuckDB writes a TIMESTAMP into CSV (no 'T', no zone); build_info.built_at is UTC.
_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


def field_type(duckdb_type: str, where: str) -> str:
    """The Table Schema type of a DuckDB column type; an unknown type stops the export."""
    if duckdb_type.startswith("DECIMAL"):
        return "number"
    try:
        return _FIELD_TYPES[duckdb_type]
    except KeyError:
        raise RegionhealthError(
            f"{where}: DuckDB type {duckdb_type} has no Table Schema type in datapackage.py; "
            "cast the column to a plain type in the view"
        ) from None


def _described(name: str) -> schema.Table | None:
    """The table or view ``name`` as described in schema.py, if it is."""
    for t in (*schema.TABLES, *getattr(schema, "VIEWS", ())):
        if t.name == name:
            return t
    return None


def _fields(con: duckdb.DuckDBPyConnection, name: str) -> list[dict]:
    described = _described(name)
    columns = {c.name: c for c in described.columns} if described else {}
    key = set(getattr(described, "primary_key", ()) or ())
    rows = con.execute(
        "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? "
        "ORDER BY column_index",
        [name],
    ).fetchall()
    fields = []
    for column, data_type, nullable, comment in rows:
        ftype = field_type(data_type, f"{name}.{column}")
        field: dict = {"name": column, "type": ftype}
        if comment:
            field["description"] = comment
        if ftype == "datetime":
            field["format"] = _TIMESTAMP_FORMAT
        # In CSV an empty string and NULL are both an empty field, so only a NOT NULL column that
        # cannot hold '' is marked required (Parquet keeps the two apart).
        if column in key or (not nullable and ftype != "string"):
            field["constraints"] = {"required": True}
        unit = getattr(columns.get(column), "unit", None)
        if unit:
            field["unit"] = unit
        fields.append(field)
    return fields


def _resource(con: duckdb.DuckDBPyConnection, name: str, kind: str, description: str) -> dict:
    described = _described(name)
    table_schema: dict = {"fields": _fields(con, name), "missingValues": [""]}
    if getattr(described, "primary_key", ()):
        table_schema["primaryKey"] = list(described.primary_key)
    foreign_keys = getattr(described, "foreign_keys", ())
    if foreign_keys:
        table_schema["foreignKeys"] = [
            {
                "fields": list(fk.columns),
                "reference": {
                    "resource": "" if fk.ref_table == name else fk.ref_table,
                    "fields": list(fk.ref_columns),
                },
            }
            for fk in foreign_keys
        ]
    return {
        "name": name,
        "title": f"{name} ({kind})",
        "description": description,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        # The CSVs start with a UTF-8 byte order mark so that Excel reads the Chinese.
        "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
        "schema": table_schema,
        "regionhealth:parquet": f"{name}.parquet",
    }


def _sources(con: duckdb.DuckDBPyConnection) -> list[dict]:
    rows = con.execute(
        "SELECT title, issuer, doc_number, index_number, published_date, source_url, sha256 "
        "FROM documents ORDER BY doc_id"
    ).fetchall()
    sources = []
    for title, issuer, number, index, published, url, sha in rows:
        ref = number or (f"索引号 {index}" if index else None)
        parts = [p for p in (issuer, ref, published.isoformat()) if p]
        source = {"title": f"{title} ({', '.join(parts)})", "regionhealth:sha256": sha}
        if url:
            source["path"] = url
        sources.append(source)
    return sources


def _build(con: duckdb.DuckDBPyConnection) -> dict:
    cur = con.execute("SELECT * FROM build_info")
    row = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
    row["built_at"] = row["built_at"].isoformat() + "Z"
    row["inputs"] = [
        {"path": p, "sha256": s}
        for p, s in con.execute("SELECT path, sha256 FROM build_inputs ORDER BY path").fetchall()
    ]
    return row


def package(con: duckdb.DuckDBPyConnection, views: list[tuple[str, str]]) -> dict:
    """The descriptor of every table of schema.py and every view ``(name, description)``."""
    build = _build(con)
    resources = [_resource(con, t.name, "table", t.description) for t in schema.TABLES]
    resources += [_resource(con, name, "view", description) for name, description in views]
    return {
        "profile": "tabular-data-package",
        "name": "regionhealth",
        "title": "regionhealth: quantitative targets of Chinese regional health policy documents",
        "description": (
            "Every quantitative target of the source documents, harmonised to one indicator "
            "catalog and traceable to its sentence (quote and character offsets into the raw "
            "text). One CSV (UTF-8 with BOM) and one Parquet file per table and view of the "
            "DuckDB store. In the CSV an empty field is NULL, or an empty string in a string "
            "column; the Parquet files keep the two apart."
        ),
        "version": __version__,
        "created": build["built_at"],
        "licenses": [LICENSE],
        "contributors": [{"title": "The regionhealth maintainers", "role": "author"}],
        "sources": _sources(con),
        "keywords": ["health policy", "China", "policy targets", "regions"],
        "regionhealth:build": build,
        "resources": resources,
    }


def store_views(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, description) of every view of the store, by name."""
    return con.execute(
        "SELECT view_name, coalesce(comment, '') FROM duckdb_views() "
        "WHERE NOT internal AND database_name = current_database() ORDER BY view_name"
    ).fetchall()


def write_package(
    con: duckdb.DuckDBPyConnection, folder: Path, views: list[tuple[str, str]]
) -> Path:
    """Write ``folder/datapackage.json`` for the exports in ``folder``; return its path."""
    path = folder / PACKAGE_FILE
    text = json.dumps(package(con, views), ensure_ascii=False, indent=1, default=str)
    path.write_text(text + "\n", encoding="utf-8")
    return path
