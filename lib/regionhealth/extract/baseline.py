"""A target's baseline (the value it starts from), decided once for prose and table rows.

Part of stage 4 (:mod:`regionhealth.extract.semantics`): the base column of an indicator table
(read as stated by :mod:`regionhealth.extract.describe_table`), else the words around the number
(``semantics.yaml: baseline_before / baseline_after``); both converted to the target's unit by
:func:`regionhealth.extract.conversion.to_canonical`.
"""

from __future__ import annotations

from regionhealth.catalog.semantic_rules import SemanticRules
from regionhealth.catalog.units import Units
from regionhealth.errors import RegionhealthError
from regionhealth.extract.conversion import to_canonical
from regionhealth.extract.records import Described
from regionhealth.text.numbers import parse_number

_NO_BASELINE: tuple[float | None, int | None, str | None] = (None, None, None)


def baseline(
    t: Described, text: str, before: str, rules: SemanticRules, units: Units
) -> tuple[float | None, int | None, str | None]:
    """(baseline value, year, unit): the one baseline rule. The base column of an indicator table
    (describe_table.py), else the words around the number: 从2020年的75%提高到85%, 比2020年下降,
    85%(2020年为75%) (``before``: the text of the target's clause before it)."""
    if t.baseline_as_stated is not None or t.baseline_year is not None:
        if t.baseline_as_stated is None:
            return None, t.baseline_year, None
        # Stated in the table row's unit, like the target.
        value, unit = _in_target_unit(units, t, t.baseline_as_stated, t.stated_unit)
        return value, t.baseline_year, unit
    m = None
    for p in rules.baseline_before:
        m = p.search(before)
        if m is not None:
            break
    if m is None:
        m = rules.baseline_after.match(text, t.end, min(len(text), t.end + 40))
    if m is None:
        return _NO_BASELINE
    groups = m.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if groups.get("value"):
        try:
            value = parse_number(groups["value"])
        except RegionhealthError:  # a numeral too large to be a baseline: none is recorded
            return None, year, None
        word = (groups.get("unit") or "").strip()
        stated = (units.by_word.get(word) if word else None) or t.stated_unit
        converted, unit = _in_target_unit(units, t, value, stated)
        return converted, year, unit
    return None, year, None


def _in_target_unit(
    units: Units, t: Described, value: float, stated: str | None
) -> tuple[float, str | None]:
    """(value, unit) of a baseline stated in ``stated``, in the target's unit; in its stated
    unit when it does not convert to the target's (a baseline of another dimension)."""
    unit = t.unit or t.stated_unit
    if unit and stated and stated != unit:
        try:
            converted = to_canonical(units, value, None, None, stated, unit).value
        except RegionhealthError:
            return value, stated
        return value if converted is None else converted, unit
    return value, unit
