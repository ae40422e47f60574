"""Reference targets: national (later provincial) goals that regional targets are measured against.

Each reference file in ``data/raw`` is registered in ``data/raw/references.csv`` (level, region,
sha256) and kept byte for byte (:mod:`regionhealth.sources.reference_files` reads and checks both). A row
becomes one store row per target year, mapped to the same indicator catalog and converted through
the same unit table as regional targets. A row that cannot be read (unknown unit, unparseable
value, missing source, a quote that does not contain its value) stops the build with one line
naming it, unless a reviewed note in ``data/review/reference_notes.csv`` says how the passage
states the value.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from regionhealth.catalog.loader import Catalog, Indicator
from regionhealth.catalog.units import population_rate
from regionhealth.errors import RegionhealthError
from regionhealth.extract.conversion import per_population, to_canonical
from regionhealth.extract.indicator_choice import choose_indicator, scope, usable_indicators
from regionhealth.extract.records import ReferenceTarget
from regionhealth.sources.reference_files import (
    ReferenceFile,
    load_notes,
    load_reference_files,
    read_rows,
)
from regionhealth.text.clean import fold
from regionhealth.text.numbers import ARABIC, CN_DIGITS, parse_chinese

ROW_COLUMNS = (
    "source_doc",
    "source_url",
    "indicator_zh",
    "unit",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "comparator",
    "binding",
    "quote",
    "notes",
)

# The reference files' comparator vocabulary → (target type, store comparator). Levels use the
# comparators of the targets table; a change is stated from a baseline (+1岁, 较2015年下降30%).
COMPARATORS = {
    ">=": ("level", ">="),
    ">": ("level", ">"),
    "<=": ("level", "<="),
    "<": ("level", "<"),
    "=": ("level", "="),
    "约": ("level", "approx"),
    "range": ("level", "range"),
    "annual": ("level", "="),
    "increase_by": ("change", "="),
    "decrease_by_per_year": ("change", "="),
    "decrease_by_pct": ("relative_change", "="),
    "qualitative": ("qualitative", None),
}
BINDING = {"约束性": "binding", "预期性": "expected"}

_NUMBER = re.compile(rf"(?<![\d.])(?:{ARABIC})")
_RANGE = re.compile(rf"^\s*({ARABIC})\s*[-—–~～至到]\s*({ARABIC})\s*$")
# A change cell: its number, skipping the baseline year (较2015年下降30% → 30).
_CHANGE_NUMBER = re.compile(rf"(?<![\d.])({ARABIC})(?![\d.]|\s*年)")
_CN_NUMERAL = re.compile(
    r"[零〇○一二两兩三四五六七八九十百千万萬亿億]+(?:[点點][零〇○一二三四五六七八九]+)?"
)
# Traditional and variant numeral characters folded to the ones parse_chinese reads.
_CN_FOLD = str.maketrans({"兩": "两", "○": "〇", "萬": "万", "億": "亿", "點": "点"})
_YEAR = re.compile(r"\d{4}")
# A note in brackets after the indicator's name: 家庭医生签约服务覆盖率（年提升）.
_NAME_NOTE = re.compile(r"[（(][^（）()]*[）)]\s*$")
_PER_POPULATION = re.compile(r"^(.+?)/(\d*)([百千万])人口?$")


# --- one row ----------------------------------------------------------------------------------


def numbers_in(text: str) -> set[float]:
    """Every number a passage writes, as digits (1,000 · 5.3) or Chinese numerals (七七點七 · 一)."""
    found = {float(m.group(0).replace(",", "")) for m in _NUMBER.finditer(text)}
    for m in _CN_NUMERAL.finditer(text):
        whole, _, frac = m.group(0).translate(_CN_FOLD).partition("点")
        if not any(c in CN_DIGITS or c == "十" for c in whole):
            continue  # 百分点, 千人, 万元: a unit word, not a number
        try:
            value = parse_chinese(whole)
            if frac:  # 七七點七: the digits after the point are read one by one
                value += float("0." + "".join(str(CN_DIGITS[c]) for c in frac))
        except (RegionhealthError, KeyError):
            continue
        found.add(value)
    return found


def _number(cell: str, where: str, what: str) -> float:
    cell = cell.removeprefix("约").strip()
    if not re.fullmatch(ARABIC, cell):
        raise RegionhealthError(f"{where}: unparseable {what} {cell!r}")
    return float(cell.replace(",", ""))


def _unit(
    cell: str, name: str, catalog: Catalog, where: str
) -> tuple[str | None, str | None, float]:
    """(unit code, period, divisor) of a unit cell: '%', '1/10万', '个' after 每千人口, '辆/3万人口', '%/年'."""
    units = catalog.units
    period = None
    if cell.endswith("/年"):
        cell, period = cell.removesuffix("/年"), "annual"
    if not cell:
        return None, period, 1.0
    if re.fullmatch(r"1/\S+", cell):  # 1/10万: the 1 is the numerator of the unit
        cell = cell[1:]
    per = _PER_POPULATION.match(cell)
    try:
        if per and units.dimension(units.word_unit(per.group(1))) in ("count", "persons"):
            unit, divisor = population_rate(int(per.group(2) or 1), per.group(3))
            return unit, period, divisor
        unit = units.word_unit(cell)
    except KeyError:
        raise RegionhealthError(f"{where}: unknown unit {cell!r}") from None
    # 每千人口拥有…托位数 (个): a count per thousand people, read as in a regional text.
    unit, _ = per_population(catalog, unit, cell, name)
    return unit, period, 1.0


def map_indicator(
    catalog: Catalog, name: str, unit: str | None, change: bool
) -> tuple[Indicator | None, str]:
    """The indicator ``name`` states, among those ``unit`` converts into (or, for a ``change``,
    that it may be the change of), chosen as a table row's
    (:func:`~regionhealth.extract.indicator_choice.choose_indicator`).

    Returns the indicator (or None) and the name (folded, its bracketed note dropped) with the
    matched words blanked, for the scope.
    """
    name = fold(_NAME_NOTE.sub("", name))
    usable = catalog.all_indicators if unit is None else usable_indicators(catalog, unit, change)
    found = choose_indicator(catalog, (usable, catalog.all_indicators - usable), name)
    if found is None:
        return None, name
    return catalog.indicators[found], catalog.matcher.mask(found, name)


class _Read(NamedTuple):
    """What one row of a reference file states, checked, before its indicator is known."""

    target_type: str
    comparator: str | None
    unit: str | None
    period: str | None
    divisor: float  # the row's unit is per ``divisor`` × its population base
    value: float | None
    value_high: float | None
    baseline: float | None
    wording: str | None
    stated: list[float]  # every value the quote must contain


def _read_row(r: dict[str, str], where: str, catalog: Catalog) -> _Read:
    """The values, unit and type of one reference row; raises on the first problem."""
    for col in ("source_doc", "source_url", "quote", "indicator_zh"):
        if not r[col]:
            raise RegionhealthError(f"{where}: missing {col}")
    if r["comparator"] and r["comparator"] not in COMPARATORS:
        raise RegionhealthError(f"{where}: unknown comparator {r['comparator']!r}")
    if not r["comparator"] and (r["target_value"] or not r["baseline_value"]):
        raise RegionhealthError(f"{where}: a row without comparator must be a baseline only")
    target_type, comparator = COMPARATORS.get(r["comparator"], ("baseline", None))
    unit, period, divisor = _unit(r["unit"], r["indicator_zh"], catalog, where)
    if (
        target_type == "level"
        and unit
        and catalog.units.dimension(unit) == "percentage_point_change"
    ):
        target_type = "change"  # 每年提升1—3个百分点: a unit of change makes the row a change
    if unit is None and target_type not in ("qualitative",):
        raise RegionhealthError(f"{where}: missing unit")
    value, value_high, wording = _target_value(r, target_type, where)
    if r["comparator"] == "decrease_by_per_year":
        period = "annual"
    # As the passage writes them: a decrease is stored negative, written as its size.
    stated = [abs(v) for v in (value, value_high) if v is not None]
    baseline = None
    if r["baseline_value"]:
        baseline = _number(r["baseline_value"], where, "baseline value")
        stated.append(baseline)
    return _Read(
        target_type, comparator, unit, period, divisor, value, value_high, baseline, wording, stated
    )


def _target_value(
    r: dict[str, str], target_type: str, where: str
) -> tuple[float | None, float | None, str | None]:
    """(value, upper end of a range, wording of a qualitative target) of a row's target cell."""
    if target_type == "qualitative":
        if not r["target_value"]:
            raise RegionhealthError(f"{where}: a qualitative row needs its wording")
        return None, None, r["target_value"]
    if r["comparator"] == "range":
        m = _RANGE.match(r["target_value"])
        if not m:
            raise RegionhealthError(f"{where}: unparseable range {r['target_value']!r}")
        return float(m.group(1)), float(m.group(2)), None
    if target_type == "level":
        return _number(r["target_value"], where, "target value"), None, None
    if target_type in ("change", "relative_change"):
        m = _CHANGE_NUMBER.search(r["target_value"])
        if not m:
            raise RegionhealthError(f"{where}: unparseable change {r['target_value']!r}")
        value = float(m.group(1).replace(",", ""))
        return (-value if r["comparator"].startswith("decrease") else value), None, None
    return None, None, None


def _note(
    notes: dict[tuple[str, int], dict[str, str]],
    key: tuple[str, int],
    r: dict[str, str],
    stated: list[float],
    where: str,
) -> dict[str, str] | None:
    """The reviewed note of a row, if any, checked: every value must be in its passage (as
    digits or Chinese numerals) or carry a note, and a note is only for a passage that lacks one."""
    in_quote = numbers_in(r["quote"])
    missing = [v for v in stated if not any(abs(v - q) < 1e-9 for q in in_quote)]
    note = notes.get(key)
    if note is not None:
        if note["indicator_zh"] != r["indicator_zh"]:
            raise RegionhealthError(
                f"reference_notes.csv: {where}: note is for {note['indicator_zh']!r}"
            )
        if not missing:
            raise RegionhealthError(
                f"reference_notes.csv: {where}: the quote contains the value; remove the note"
            )
    elif missing:
        raise RegionhealthError(
            f"{where}: the quote does not contain the value {missing[0]:g} "
            "(as digits or Chinese numerals); correct the row or add a reviewed note"
        )
    return note


def _in_indicator_unit(
    row: _Read, ind: Indicator, catalog: Catalog, unit_cell: str, where: str
) -> tuple[float | None, float | None, float | None, str | None]:
    """(value, value_high, baseline, unit) of a row whose indicator is ``ind``: a level or a
    baseline in the indicator's canonical unit; a change or a qualitative row as stated."""
    if row.unit is None or row.target_type not in ("level", "baseline"):
        return row.value, row.value_high, row.baseline, row.unit
    units = catalog.units
    if units.dimension(row.unit) != units.dimension(ind.unit):
        raise RegionhealthError(
            f"{where}: unit {unit_cell!r} does not convert to {ind.code} ({ind.unit})"
        )
    # From the row's unit (per 3万 people: divided by 3) to the indicator's canonical unit.
    c = to_canonical(units, row.value, row.value_high, unit_cell, row.unit, ind.unit, row.divisor)
    b = to_canonical(units, row.baseline, None, unit_cell, row.unit, ind.unit, row.divisor)
    return c.value, c.value_high, b.value, ind.unit


def _target_years(
    cell: str, target_type: str, period: str | None, where: str
) -> tuple[list[int | None], str, str | None]:
    """(target years, year basis, period) of a row's target_year cell: one row per year."""
    if target_type == "baseline":
        return [None], "baseline_only", period
    if cell == "annual":
        return [None], "not_stated", "annual"
    if not cell:
        return [None], "not_stated", period
    if re.fullmatch(r"\d{4}(?:/\d{4})*", cell):
        years: list[int | None] = [int(y) for y in cell.split("/")]
        return years, (f"explicit:{cell}" if len(years) == 1 else f"one_value_for:{cell}"), period
    raise RegionhealthError(f"{where}: unparseable target_year {cell!r}")


def reference_targets(
    ref: ReferenceFile, catalog: Catalog, notes: dict[tuple[str, int], dict[str, str]]
) -> list[ReferenceTarget]:
    """The targets of one reference file: one per row and target year; raises on the first bad
    row."""
    used: set[tuple[str, int]] = set()
    out: list[ReferenceTarget] = []
    for line, r in enumerate(read_rows(ref.path, ROW_COLUMNS), start=2):
        name = r["indicator_zh"]
        where = f"{ref.file} line {line} ({name or '?'})"
        row = _read_row(r, where, catalog)
        note = _note(notes, (ref.file, line), r, row.stated, where)
        if note is not None:
            used.add((ref.file, line))
        ind, rest = map_indicator(
            catalog, name, row.unit, row.target_type in ("change", "relative_change")
        )
        if ind is None:
            raise RegionhealthError(
                f"{where}: no catalog indicator fits the name; add its wording to indicators.yaml"
            )
        value, value_high, baseline, unit = _in_indicator_unit(row, ind, catalog, r["unit"], where)
        years, basis, period = _target_years(r["target_year"], row.target_type, row.period, where)
        base_year = r["baseline_year"]
        for year in years:
            out.append(
                ReferenceTarget(
                    reference_id=f"{ref.file.removesuffix('.csv')}:{line}"
                    + (f":{year}" if len(years) > 1 else ""),
                    level=ref.level,
                    region_id=ref.region_id,
                    file=ref.file,
                    line=line,
                    indicator_code=ind.code,
                    indicator_as_stated=name,
                    scope=scope(catalog.rules, rest),
                    target_type=row.target_type,
                    comparator=row.comparator,
                    value=value,
                    value_high=value_high,
                    unit=unit,
                    value_as_stated=r["target_value"] or None,
                    unit_as_stated=r["unit"] or None,
                    wording=row.wording,
                    target_year=year,
                    year_basis=basis,
                    period=period,
                    baseline_value=baseline,
                    baseline_year=int(base_year) if _YEAR.fullmatch(base_year) else None,
                    baseline_as_stated=" ".join(x for x in (base_year, r["baseline_value"]) if x)
                    or None,
                    binding=BINDING.get(r["binding"]),
                    source_doc=r["source_doc"],
                    source_url=r["source_url"],
                    quote=r["quote"],
                    notes=r["notes"] or None,
                    review_note=note["note"] if note else None,
                )
            )
    stale = [k for k in notes if k[0] == ref.file and k not in used]
    if stale:
        raise RegionhealthError(f"reference_notes.csv: {ref.file} line {stale[0][1]}: no such row")
    return out


def load_reference_targets(
    raw_dir: Path, review_dir: Path, catalog: Catalog
) -> tuple[list[tuple[ReferenceFile, int]], list[ReferenceTarget]]:
    """Every registered reference file with its number of rows read, and their targets."""
    notes = load_notes(review_dir)
    files = load_reference_files(raw_dir)
    known = {f.file for f in files}
    for file, line in notes:
        if file not in known:
            raise RegionhealthError(
                f"reference_notes.csv: {file} line {line}: not a registered reference file"
            )
    targets: list[ReferenceTarget] = []
    read: list[tuple[ReferenceFile, int]] = []
    for ref in files:
        found = reference_targets(ref, catalog, notes)
        targets += found
        read.append((ref, len({t.line for t in found})))
    return read, targets
