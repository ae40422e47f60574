"""The reviewed knowledge in ``data/catalog/``: loaded once into one ``Catalog`` and checked
against its schemas (indicators, synonyms, units and unit words, comparators, rules, semantics,
tables, years, themes).

Owns: ``loader`` (``Catalog``, ``load_catalog``), ``schema``, ``units``, ``comparators``,
``semantic_rules``. May import: ``text``, ``patterns``, ``sources``, ``regionhealth.errors``,
``regionhealth.paths``.
"""
