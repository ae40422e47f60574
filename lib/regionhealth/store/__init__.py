"""The curated DuckDB store: its schema (the one metadata source of truth), the rows made from
extraction records, the build with its atomic publish, exports, data package, data dictionary,
the diff between two stores and the national comparison outside a store.

Owns: ``schema``, ``sql``, ``rows``, ``build``, ``publish``, ``exports``, ``datapackage``,
``dictionary``, ``diff``, ``national``. May import: ``extract`` and everything below it.
"""
