"""regionhealth: harmonised, traceable health-policy targets of Chinese regions.

The package is a house of rooms, one per stage, each importing only the rooms below it:

    cli        the command line (the only place an argparse.Namespace lives)
    reports    the report set and what its notebooks call
    store      the DuckDB store: schema, rows, build, publish, exports
    extract    the document object, the extraction stages and their records
    catalog    the reviewed knowledge of data/catalog, loaded into one Catalog
    text       cleaning, sentences, numerals, years, tables written as text
    sources    the registry, raw files, reference files, inputs and provenance
    patterns   regex machinery without knowledge of its own
    errors, paths

``tests/unit/test_architecture.py`` fails on an import that runs up a floor or closes a circle;
``docs/architecture.md`` walks one number through the rooms.
"""

__version__ = "0.1.0"
