"""From a value as a text states it to the value in its indicator's canonical unit: the one place.

Two steps, each decided here only, for prose targets, table rows, elliptical clauses, baselines
and reference targets alike:

1. :func:`per_population`: a count written after a population base (每千人口, 每万常住人口,
   每万名老年人) is a rate per that many people (张 → per_1000_pop, '张/千人口'); a population
   group whose unit units.csv lacks stops the extraction with one line;
2. :func:`to_canonical`: once the indicator is known, a number with no unit word is in the
   indicator's unit; 18.2万 with no unit word is 18.2 of the unit 10⁴ times that one (or 182 000
   of it when the dimension has none); a value per ``n`` × the base (辆/3万人口) is divided by
   ``n``; then the value is converted through ``units.csv`` to the indicator's unit.
"""

from __future__ import annotations

from typing import NamedTuple

from regionhealth.catalog.loader import Catalog
from regionhealth.catalog.units import POP_BASES, Units
from regionhealth.text.numbers import MULTIPLIER_WORDS

# The dimensions of a count that a population base turns into a rate.
_COUNTS = ("count", "persons")


def per_population(
    catalog: Catalog, stated: str | None, unit_as_stated: str | None, before: str
) -> tuple[str | None, str | None]:
    """(stated unit, unit as stated) of a number stated in ``stated`` (None: no unit word) read
    with the population base last written in ``before`` (the words before it: its clause, or the
    name of a table row or a reference row); unchanged when there is none or the unit is no count.
    """
    units, rules = catalog.units, catalog.rules
    if not (stated is None or units.dimension(stated) in _COUNTS):
        return stated, unit_as_stated
    base = None
    for base in rules.pop_base.finditer(before):  # noqa: B007 - the last one is the nearest
        pass
    if base is None:
        return stated, unit_as_stated
    group, word = None, POP_BASES[base.group(1)][1]
    # 每万名老年人 is not 每万人: a population group after the base is its own unit.
    rest = before[base.end() :].lstrip()
    for code, pattern in rules.pop_groups:
        g = pattern.match(rest)
        if g:
            group, word = code, f"{base.group(0).lstrip('每').strip()}{g.group(0)}"
            break
    return units.population_unit(base.group(1), group), f"{unit_as_stated or ''}/{word}"


class Converted(NamedTuple):
    """A value as stated and in its indicator's unit."""

    value_as_stated: float | None
    value_high_as_stated: float | None
    unit_as_stated: str
    stated_unit: str
    value: float | None
    value_high: float | None
    unit: str


def to_canonical(
    units: Units,
    value: float | None,
    high: float | None,
    unit_as_stated: str | None,
    stated: str | None,
    unit: str | None,
    divisor: float = 1.0,
) -> Converted:
    """``value`` (``high``: the upper end of a range) stated in ``stated`` (per ``divisor`` × its
    population base), in ``unit``, the indicator's canonical unit (None: no indicator, the value
    stays in its stated unit). Raises RegionhealthError across dimensions."""
    if stated is None:
        # A unitless number is in whatever unit the indicator uses.
        stated = unit if unit is not None else "count"
        factor = MULTIPLIER_WORDS.get(unit_as_stated or "")
        if factor is not None:
            scaled = units.scaled_unit(stated, factor)
            if scaled is not None:
                stated = scaled
            else:  # no unit that large in this dimension: state the whole number instead
                value = value * factor if value is not None else None
                high = high * factor if high is not None else None
                unit_as_stated = ""
    if unit is None:
        return Converted(value, high, unit_as_stated or "", stated, value, high, stated)
    # From the stated unit to the indicator's canonical unit (same dimension), per one base.
    return Converted(
        value,
        high,
        unit_as_stated or "",
        stated,
        None if value is None else units.convert(value / divisor, stated, unit),
        None if high is None else units.convert(high / divisor, stated, unit),
        unit,
    )
