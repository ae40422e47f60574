"""Columns of a view that sets a regional target beside a national one say which side they are."""

from regionhealth.store.schema import TARGET_VS_NATIONAL, TARGETS

_TARGET_COLUMNS = {c.name for c in TARGETS.columns}


def test_regional_columns_of_target_vs_national_say_regional():
    regional = [c for c in TARGET_VS_NATIONAL.columns if c.name in _TARGET_COLUMNS]
    assert {"region_id", "comparator", "value", "value_high", "target_year", "quote"} <= {
        c.name for c in regional
    }
    unsaid = [c.name for c in regional if "regional" not in c.description.lower()]
    assert unsaid == []


def test_national_columns_of_target_vs_national_say_national():
    national = [
        c
        for c in TARGET_VS_NATIONAL.columns
        if c.name.startswith("national_") or c.name == "reference_id"
    ]
    assert len(national) >= 8
    unsaid = [c.name for c in national if "national" not in c.description.lower()]
    assert unsaid == []


def test_a_regional_column_keeps_the_description_of_its_targets_column():
    value = next(c for c in TARGET_VS_NATIONAL.columns if c.name == "value")
    source = next(c for c in TARGETS.columns if c.name == "value")
    assert value.description == f"Regional side: {source.description}"
    assert (value.type, value.nullable, value.unit) == (source.type, source.nullable, source.unit)
