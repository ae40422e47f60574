"""Describe a target stated in an indicator table: everything comes from its row and column.

The comparator is read inside the cell (≤9, ≥55, 95以上), the unit from the 单位 column when the
cell has none (with the population base of the indicator's name: 每千人口…床位数 in 张 is
per_1000_pop), the indicator and scope from the indicator cell, the year from the column header,
the baseline from the base column and the binding from the 属性 column. The quote is the row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from regionhealth.catalog.comparators import comparator
from regionhealth.catalog.loader import Catalog
from regionhealth.catalog.units import POP_BASES, convert, dimension, load_units, word_unit
from regionhealth.errors import RegionhealthError
from regionhealth.extract.doc import Doc
from regionhealth.extract.indicator_choice import closest, scope, usable_indicators
from regionhealth.extract.records import Kind, TargetFields
from regionhealth.text.numbers import ARABIC, parse_number
from regionhealth.text.tables import Row

_NUMBER = re.compile(ARABIC)


def _unit_of_cell(cell: str) -> str | None:
    """Unit code of a 单位 cell (%, ‰, 1/10万, 张, 岁, 分钟…), None if unknown."""
    word = cell.strip().removeprefix("1/").strip()
    for w in (word, f"/{word}"):
        try:
            return word_unit(w)
        except KeyError:
            continue
    return None


def _row_unit(row: Row, text: str, catalog: Catalog) -> tuple[str | None, str]:
    """(unit code, unit as stated) of the row's 单位 column, per population if the name says so."""
    cell = row.first("unit")
    if cell is None:
        return None, ""
    stated = text[cell.start : cell.end]
    unit = _unit_of_cell(stated)
    indicator = row.first("indicator")
    if unit is not None and indicator is not None and dimension(unit) in ("count", "persons"):
        base = catalog.rules.pop_base.search(text, indicator.start, indicator.end)
        if base:  # 每千人口医疗卫生机构床位数 (张): beds per 1000 people
            code, word = POP_BASES[base.group(1)]
            # 每万名老年人…床位数 is per 10 000 older people, not per 10 000 people.
            rest = text[base.end() : indicator.end].lstrip()
            for group, pattern in catalog.rules.pop_groups:
                g = pattern.match(rest)
                if g and f"{code.removesuffix('_pop')}_{group}" in load_units():
                    code = f"{code.removesuffix('_pop')}_{group}"
                    word = f"{base.group(0).lstrip('每').strip()}{g.group(0)}"
                    break
            return code, f"{stated}/{word}"
    return unit, stated


def _baseline(row: Row, text: str) -> tuple[float | None, int | None]:
    """The value of the row's base column and its year (None when the cell holds no number)."""
    cell = row.first("baseline")
    if cell is None:
        return None, None
    m = _NUMBER.search(text, cell.start, cell.end)
    if m is None:
        return None, cell.year
    try:
        return parse_number(m.group(0)), cell.year
    except RegionhealthError:
        return None, cell.year


def describe_table_targets(targets: Sequence[Kind], doc: Doc) -> dict[int, TargetFields]:
    """Comparator, unit, indicator, scope, year, value, baseline, binding and quote of every
    target in a table cell, keyed by the number's start."""
    text, catalog = doc.text, doc.catalog
    out: dict[int, TargetFields] = {}
    for k in targets:
        q = k.number
        found = doc.tables.cell_at(q.start)
        if found is None:
            continue
        row, cell = found
        stated, unit_as_stated = q.stated_unit, q.unit_as_stated
        if stated is None:
            stated, unit_as_stated = _row_unit(row, text, catalog)
        name_text = row.name_text(text)  # joined across a wrapped line; one of a two-name row
        usable = usable_indicators(catalog, stated)
        chosen = closest(catalog, catalog.matcher.nearest(usable, name_text, ""))
        ind = catalog.indicators[chosen] if chosen is not None else None
        masked = catalog.matcher.mask(chosen, name_text) if chosen is not None else name_text
        baseline, baseline_year = _baseline(row, text)
        binding_cell = row.first("binding")
        if stated is None:
            stated = ind.unit if ind is not None else "count"
        unit = ind.unit if ind is not None else stated
        high = q.value_high_as_stated
        # From the unit stated in the row to the indicator's canonical unit (same dimension).
        out[q.start] = TargetFields(
            value_as_stated=q.value_as_stated,
            value_high_as_stated=high,
            unit_as_stated=unit_as_stated or "",
            stated_unit=stated,
            comparator=comparator(
                catalog.comparators,
                text[cell.start : q.start],
                text[q.end : cell.end],
                high is not None,
            ),
            target_year=cell.year,
            year_basis="table_column" if cell.year is not None else "none",
            period=None,
            scope=scope(catalog.rules.scopes, masked),
            indicator_code=ind.code if ind is not None else None,
            value=convert(q.value_as_stated, stated, unit),
            value_high=convert(high, stated, unit) if high is not None else None,
            unit=unit,
            quote_start=row.start,
            quote_end=row.end,
            baseline_as_stated=convert(baseline, stated, unit) if baseline is not None else None,
            baseline_year=baseline_year,
            binding=catalog.tables.binding(text[binding_cell.start : binding_cell.end])
            if binding_cell is not None
            else None,
        )
    return out
