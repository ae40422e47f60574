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

from regionhealth.catalog.loader import Catalog, Indicator
from regionhealth.catalog.units import POP_BASES, convert, dimension, population_rate, word_unit
from regionhealth.errors import RegionhealthError
from regionhealth.sources.reference_files import (
    ReferenceFile,
    load_notes,
    load_reference_files,
    read_rows,
)
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
    period = None
    if cell.endswith("/年"):
        cell, period = cell.removesuffix("/年"), "annual"
    if not cell:
        return None, period, 1.0
    if re.fullmatch(r"1/\S+", cell):  # 1/10万: the 1 is the numerator of the unit
        cell = cell[1:]
    per = _PER_POPULATION.match(cell)
    try:
        if per and dimension(word_unit(per.group(1))) in ("count", "persons"):
            unit, divisor = population_rate(int(per.group(2) or 1), per.group(3))
            return unit, period, divisor
        unit = word_unit(cell)
    except KeyError:
        raise RegionhealthError(f"{where}: unknown unit {cell!r}") from None
    if dimension(unit) in ("count", "persons"):
        base = catalog.rules.pop_base.search(name)
        if base:  # 每千人口拥有…托位数 (个): a count per thousand people
            unit = POP_BASES[base.group(1)][0]
    return unit, period, 1.0


def _match_names(ind: Indicator) -> list[re.Pattern[str]]:
    """The wordings extraction matches for ``ind``: its synonyms and patterns (not name_zh, so that
    a qualifier such as 三级 becomes the scope exactly as in a regional sentence)."""
    words = [re.compile(re.escape(w)) for w in getattr(ind, "synonyms", ()) or ()]
    return words + list(ind.patterns)


def map_indicator(
    catalog: Catalog, name: str, unit: str | None, change: bool
) -> tuple[Indicator | None, str]:
    """The indicator whose wording covers most of ``name``, among those ``unit`` converts into.

    Returns the indicator (or None) and the name with the matched words blanked, for the scope.
    """
    name = _NAME_NOTE.sub("", name)
    dims = None
    if unit is not None:
        dims = {dimension(unit)}
        if change:  # 提高6个百分点 changes a percentage; 较2015年下降30% is relative
            dims |= {"ratio", "percentage_point_change", "years"}
    best: list[tuple[int, str, Indicator, re.Match[str]]] = []
    for ind in catalog.indicators:
        if dims is not None and dimension(ind.unit) not in dims:
            continue
        for p in _match_names(ind):
            for m in p.finditer(name):
                best.append((m.end() - m.start(), ind.code, ind, m))
    if not best:
        return None, name
    best.sort(key=lambda b: (-b[0], b[1]))
    top = [b for b in best if b[0] == best[0][0]]
    if len({b[1] for b in top}) > 1:
        raise RegionhealthError(
            f"indicator name {name!r} matches {', '.join(sorted({b[1] for b in top}))} equally well"
        )
    _, _, ind, m = best[0]
    return ind, name[: m.start()] + " " * (m.end() - m.start()) + name[m.end() :]


def _scope(catalog: Catalog, rest: str) -> str | None:
    hits = [(m.start(), code) for code, p in catalog.rules.scopes for m in p.finditer(rest)]
    return min(hits)[1] if hits else None


def reference_rows(
    ref: ReferenceFile, catalog: Catalog, notes: dict[tuple[str, int], dict[str, str]]
) -> list[dict]:
    """Store rows of one reference file: one per row and target year; raises on the first bad row."""
    used: set[tuple[str, int]] = set()
    out: list[dict] = []
    for line, r in enumerate(read_rows(ref.path, ROW_COLUMNS), start=2):
        name = r["indicator_zh"]
        where = f"{ref.file} line {line} ({name or '?'})"
        for col in ("source_doc", "source_url", "quote", "indicator_zh"):
            if not r[col]:
                raise RegionhealthError(f"{where}: missing {col}")
        if r["comparator"] and r["comparator"] not in COMPARATORS:
            raise RegionhealthError(f"{where}: unknown comparator {r['comparator']!r}")
        if not r["comparator"] and (r["target_value"] or not r["baseline_value"]):
            raise RegionhealthError(f"{where}: a row without comparator must be a baseline only")
        target_type, comparator = COMPARATORS.get(r["comparator"], ("baseline", None))
        unit, period, divisor = _unit(r["unit"], name, catalog, where)
        if target_type == "level" and unit and dimension(unit) == "percentage_point_change":
            target_type = "change"  # 每年提升1—3个百分点: a unit of change makes the row a change
        if unit is None and target_type not in ("qualitative",):
            raise RegionhealthError(f"{where}: missing unit")
        value = value_high = baseline = None
        wording = None
        stated: list[float] = []
        if target_type == "qualitative":
            wording = r["target_value"] or None
            if not wording:
                raise RegionhealthError(f"{where}: a qualitative row needs its wording")
        elif r["comparator"] == "range":
            m = _RANGE.match(r["target_value"])
            if not m:
                raise RegionhealthError(f"{where}: unparseable range {r['target_value']!r}")
            value, value_high = float(m.group(1)), float(m.group(2))
            stated += [value, value_high]
        elif target_type == "level":
            value = _number(r["target_value"], where, "target value")
            stated.append(value)
        elif target_type in ("change", "relative_change") and r["comparator"] != "range":
            m = _CHANGE_NUMBER.search(r["target_value"])
            if not m:
                raise RegionhealthError(f"{where}: unparseable change {r['target_value']!r}")
            value = float(m.group(1).replace(",", ""))
            stated.append(value)
            if r["comparator"].startswith("decrease"):
                value = -value
            if r["comparator"] == "decrease_by_per_year":
                period = "annual"
        if r["baseline_value"]:
            baseline = _number(r["baseline_value"], where, "baseline value")
            stated.append(baseline)
        # Every value must be in its passage, as digits or Chinese numerals, or carry a reviewed note.
        in_quote = numbers_in(r["quote"])
        missing = [v for v in stated if not any(abs(v - q) < 1e-9 for q in in_quote)]
        note = notes.get((ref.file, line))
        if note is not None:
            used.add((ref.file, line))
            if note["indicator_zh"] != name:
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
        ind, rest = map_indicator(catalog, name, unit, target_type in ("change", "relative_change"))
        if ind is None:
            raise RegionhealthError(
                f"{where}: no catalog indicator fits the name; add its wording to indicators.yaml"
            )
        canonical = unit
        if ind is not None and unit is not None and target_type in ("level", "baseline"):
            if dimension(unit) != dimension(ind.unit):
                raise RegionhealthError(
                    f"{where}: unit {r['unit']!r} does not convert to {ind.code} ({ind.unit})"
                )
            canonical = ind.unit

        if target_type in ("level", "baseline") and unit is not None:
            # From the row's unit (per 3万 people: divided by 3) to the indicator's canonical unit.
            value, value_high, baseline = (
                None if v is None else convert(v / divisor, unit, canonical)
                for v in (value, value_high, baseline)
            )

        years_cell = r["target_year"]
        if target_type == "baseline":
            years, basis = [None], "baseline_only"
        elif years_cell == "annual":
            years, basis, period = [None], "not_stated", "annual"
        elif not years_cell:
            years, basis = [None], "not_stated"
        elif re.fullmatch(r"\d{4}(?:/\d{4})*", years_cell):
            years = [int(y) for y in years_cell.split("/")]
            basis = f"explicit:{years_cell}" if len(years) == 1 else f"one_value_for:{years_cell}"
        else:
            raise RegionhealthError(f"{where}: unparseable target_year {years_cell!r}")
        base_year = r["baseline_year"]
        for year in years:
            out.append(
                {
                    "reference_id": f"{ref.file.removesuffix('.csv')}:{line}"
                    + (f":{year}" if len(years) > 1 else ""),
                    "level": ref.level,
                    "region_id": ref.region_id,
                    "file": ref.file,
                    "line": line,
                    "indicator_code": ind.code if ind else None,
                    "indicator_as_stated": name,
                    "scope": _scope(catalog, rest) if ind else None,
                    "target_type": target_type,
                    "comparator": comparator,
                    "value": value,
                    "value_high": value_high,
                    "unit": canonical,
                    "value_as_stated": r["target_value"] or None,
                    "unit_as_stated": r["unit"] or None,
                    "wording": wording,
                    "target_year": year,
                    "year_basis": basis,
                    "period": period,
                    "baseline_value": baseline,
                    "baseline_year": int(base_year) if _YEAR.fullmatch(base_year) else None,
                    "baseline_as_stated": " ".join(x for x in (base_year, r["baseline_value"]) if x)
                    or None,
                    "binding": BINDING.get(r["binding"]),
                    "source_doc": r["source_doc"],
                    "source_url": r["source_url"],
                    "quote": r["quote"],
                    "notes": r["notes"] or None,
                    "review_note": note["note"] if note else None,
                }
            )
    stale = [k for k in notes if k[0] == ref.file and k not in used]
    if stale:
        raise RegionhealthError(f"reference_notes.csv: {ref.file} line {stale[0][1]}: no such row")
    return out


def load_reference_targets(
    raw_dir: Path, review_dir: Path, catalog: Catalog
) -> tuple[list[dict], list[dict]]:
    """(reference file rows, reference target rows) of every registered reference file."""
    notes = load_notes(review_dir)
    files = load_reference_files(raw_dir)
    known = {f.file for f in files}
    for file, line in notes:
        if file not in known:
            raise RegionhealthError(
                f"reference_notes.csv: {file} line {line}: not a registered reference file"
            )
    targets: list[dict] = []
    file_rows = []
    for ref in files:
        rows = reference_rows(ref, catalog, notes)
        targets += rows
        file_rows.append(
            {
                "file": ref.file,
                "level": ref.level,
                "region_id": ref.region_id,
                "title": ref.title,
                "sha256": ref.sha256,
                "n_rows": len({r["line"] for r in rows}),
            }
        )
    return file_rows, targets
