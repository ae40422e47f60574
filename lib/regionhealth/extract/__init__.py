"""Extraction: one document analysed once (``doc``), then stages that find every number and
decide what it is (quantities, describe, revise, semantics, review), their frozen records,
themes, and the reference targets read from the reference files.

Owns: ``pipeline`` (``extract_document``), ``doc``, ``records``, ``quantities``, ``describe``,
``describe_table``, ``indicator_choice`` (the one chooser and scope rule), ``conversion`` (the
one conversion), ``target_years``, ``revise``, ``semantics``, ``baseline``, ``review``,
``themes``, ``references``. May import: ``catalog``, ``text``, ``patterns``, ``sources``,
``regionhealth.errors``, ``regionhealth.paths``.
"""
