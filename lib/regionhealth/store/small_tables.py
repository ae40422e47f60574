"""The small tables of a store: regions, units, indicators, per units, themes, reference targets.

Made from the registry, the catalog and the reference files, not from the documents: the build
writes them first, and ``regionhealth extract`` reads the same rows to put a target beside the
national line (:mod:`regionhealth.store.national`).
"""

from __future__ import annotations

from pathlib import Path

from regionhealth.catalog.loader import Catalog
from regionhealth.extract.references import load_reference_targets
from regionhealth.sources.registry import load_regions
from regionhealth.store.rows import (
    indicator_row,
    per_unit_row,
    reference_file_row,
    reference_target_row,
    region_row,
    theme_row,
    unit_row,
)


def small_tables(raw_dir: Path, catalog: Catalog, review_dir: Path) -> dict[str, list[dict]]:
    """Rows of the small tables, by table name."""
    files, targets = load_reference_targets(raw_dir, review_dir, catalog)
    return {
        "reference_files": [reference_file_row(ref, n) for ref, n in files],
        "reference_targets": [reference_target_row(t) for t in targets],
        "regions": [region_row(r) for r in load_regions(raw_dir)],
        "units": [unit_row(u) for u in catalog.units.table.values()],
        "indicators": [indicator_row(i) for i in catalog.indicators],
        "per_units": [per_unit_row(u) for u in catalog.semantics.per_units],
        "themes": [theme_row(t) for t in catalog.themes],
    }
