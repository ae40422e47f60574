"""A process that extracts after loading the catalog can leave it out of garbage collections."""

from __future__ import annotations

import gc

from regionhealth.catalog.loader import freeze_heap, load_catalog
from regionhealth.paths import CATALOG_DIR


def test_freeze_heap_leaves_objects_alive_now_out_of_later_collections() -> None:
    gc.unfreeze()  # an earlier test of this process may have run a build or `extract` in-process
    catalog = load_catalog(CATALOG_DIR)
    probe: dict[str, list[object]] = {"kept": [catalog]}
    assert any(o is probe for o in gc.get_objects())
    try:
        freeze_heap()
        assert gc.get_freeze_count() > 0
        assert not any(o is probe for o in gc.get_objects())
        assert not any(o is catalog.rules for o in gc.get_objects())
    finally:
        gc.unfreeze()
