"""Regex machinery, with no knowledge of its own: whole-text scans that skip impossible start
positions, what a pattern's parse tree says, any-of searches and word automata.

Owns: ``scan``, ``shape``, ``anyof``, ``words``. May import: the standard library and
``regionhealth.errors`` only; every other room builds its searches from these.
"""
