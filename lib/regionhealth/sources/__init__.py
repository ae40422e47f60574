"""The inputs as they are stored: the document registry and region reference, raw files read
as text, the registered reference files, the inputs hash and the provenance of a build.

Owns: ``registry``, ``rawfile``, ``reference_files``, ``inputs``, ``provenance``. May import:
``regionhealth.errors`` and ``regionhealth.paths`` only (it is the ground floor beside
``patterns``); nothing here knows what a target is.
"""
