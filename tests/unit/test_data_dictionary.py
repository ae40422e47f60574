"""docs/data-dictionary.md is generated; it must match what the schema generates now."""

from regionhealth.paths import DOCS_DIR
from regionhealth.store.dictionary import data_dictionary


def test_data_dictionary_is_up_to_date():
    on_disk = (DOCS_DIR / "data-dictionary.md").read_text(encoding="utf-8")
    assert on_disk == data_dictionary(), "docs/data-dictionary.md is stale: run `make docs`"
