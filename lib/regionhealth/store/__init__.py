"""The curated DuckDB store: its schema (the one metadata source of truth), the rows made from
extraction records, the build with its atomic publish, exports, data package, data dictionary,
the diff between two stores and the national comparison outside a store.

Owns: ``schema`` (with ``fields``, ``tables``, ``target_tables``, ``national_views``,
``label_views``, ``semantic_views``), ``rows``, ``small_tables``, ``sql``, ``build``,
``publish``, ``exports``, ``datapackage``, ``dictionary``, ``diff``, ``national``. May import:
``extract`` and everything below it.
"""
