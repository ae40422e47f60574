"""Describe a target stated in an indicator table: everything comes from its row and column.

The comparator is read inside the cell (≤9, ≥55, 95以上), the unit from the 单位 column when the
cell has none (with the population base of the indicator's name: 每千人口…床位数 in 张 is
per_1000_pop, :mod:`regionhealth.extract.conversion`), the indicator and scope from the indicator
cell, the year from the column header, the baseline (as stated) from the base column and the
binding from the 属性 column. The quote is the row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from regionhealth.catalog.comparators import comparator
from regionhealth.catalog.units import Units
from regionhealth.errors import RegionhealthError
from regionhealth.extract.conversion import per_population, to_canonical
from regionhealth.extract.doc import Doc
from regionhealth.extract.indicator_choice import UsableIndicators, choose_indicator, scope
from regionhealth.extract.records import Kind, Number, TargetFields
from regionhealth.text.numbers import ARABIC, parse_number
from regionhealth.text.tables import Cell, Row

_NUMBER = re.compile(ARABIC)


def _unit_of_cell(cell: str, units: Units) -> str | None:
    """Unit code of a 单位 cell (%, ‰, 1/10万, 张, 岁, 分钟…), None if unknown."""
    word = cell.strip().removeprefix("1/").strip()
    for w in (word, f"/{word}"):
        try:
            return units.word_unit(w)
        except KeyError:
            continue
    return None


def _row_unit(row: Row, text: str, units: Units) -> tuple[str | None, str]:
    """(unit code, unit as stated) of the row's 单位 column."""
    cell = row.first("unit")
    if cell is None:
        return None, ""
    stated = text[cell.start : cell.end]
    return _unit_of_cell(stated, units), stated


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
    usable = UsableIndicators(doc.catalog)
    out: dict[int, TargetFields] = {}
    for k in targets:
        q = k.number
        found = doc.tables.cell_at(q.start)
        if found is not None:
            row, cell = found
            out[q.start] = _describe_cell(q, row, cell, doc, usable)
    return out


def _describe_cell(
    q: Number, row: Row, cell: Cell, doc: Doc, usable: UsableIndicators
) -> TargetFields:
    """What the number ``q`` in ``cell`` of ``row`` promises."""
    text, catalog = doc.text, doc.catalog
    stated, unit_as_stated = _stated_unit(q, row, doc)
    name_text = row.name_text(text)  # joined across a wrapped line; one of a two-name row
    chosen = choose_indicator(catalog, usable.usable(stated), name_text)
    ind = catalog.indicators[chosen] if chosen is not None else None
    masked = catalog.matcher.mask(chosen, name_text) if chosen is not None else name_text
    baseline, baseline_year = _baseline(row, text)
    c = to_canonical(
        catalog.units,
        q.value_as_stated,
        q.value_high_as_stated,
        unit_as_stated,
        stated,
        ind.unit if ind is not None else None,
    )
    return TargetFields(
        value_as_stated=c.value_as_stated,
        value_high_as_stated=c.value_high_as_stated,
        unit_as_stated=c.unit_as_stated,
        stated_unit=c.stated_unit,
        comparator=comparator(
            catalog.comparators,
            text[cell.start : q.start],
            text[q.end : cell.end],
            q.value_high_as_stated is not None,
        ),
        target_year=cell.year,
        year_basis="table_column" if cell.year is not None else "none",
        period=None,
        scope=scope(catalog.rules, masked),
        indicator_code=ind.code if ind is not None else None,
        value=c.value,
        value_high=c.value_high,
        unit=c.unit,
        quote_start=row.start,
        quote_end=row.end,
        # As stated, in stated_unit: the baseline is converted with the prose ones (semantics).
        baseline_as_stated=baseline,
        baseline_year=baseline_year,
        binding=_row_binding(row, doc),
    )


def _stated_unit(q: Number, row: Row, doc: Doc) -> tuple[str | None, str]:
    """(unit code, unit as stated) of a cell's number: its own unit word, else the row's 单位
    column, read with the population base of the indicator's name."""
    stated, unit_as_stated = q.stated_unit, q.unit_as_stated
    if stated is None:
        stated, unit_as_stated = _row_unit(row, doc.text, doc.catalog.units)
    indicator = row.first("indicator")
    if indicator is not None:  # 每千人口医疗卫生机构床位数 (张): beds per 1000 people
        stated, unit_as_stated = per_population(
            doc.catalog, stated, unit_as_stated, doc.text[indicator.start : indicator.end]
        )
    return stated, unit_as_stated


def _row_binding(row: Row, doc: Doc) -> str | None:
    """The binding code of the row's 属性 column (约束性, 预期性), None without one."""
    cell = row.first("binding")
    if cell is None:
        return None
    return doc.catalog.tables.binding(doc.text[cell.start : cell.end])
