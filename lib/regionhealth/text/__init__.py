"""A document's text, read without the catalog's meaning: cleaning that keeps every offset,
sentences and clauses, numerals and ranges, year expressions and indicator tables written as text.

Owns: ``clean``, ``numbers``, ``years``, ``tables`` (with ``table_model``, ``table_rows``).
May import: ``patterns``, ``regionhealth.errors``, ``regionhealth.paths``.
"""
