"""Units: the words documents write after numbers, and the explicit conversion table between them.

Both tables are data (``data/catalog/units.csv`` and ``unit_words.csv``); every conversion in the
project goes through :func:`convert`, which multiplies by the ratio of the units' ``to_base``
factors and refuses to convert across dimensions.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from regionhealth.errors import RegionhealthError
from regionhealth.paths import CATALOG_DIR


@dataclass(frozen=True)
class Unit:
    unit: str
    dimension: str
    to_base: float
    symbol: str
    description: str


def _read_csv(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[dict]:
    """Rows of a catalog CSV whose header is exactly ``columns`` (plus ``optional`` ones)."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            header = tuple(reader.fieldnames or ())
            rows = list(reader)
    except FileNotFoundError:
        raise RegionhealthError(f"{path}: catalog file not found") from None
    unknown = [c for c in header if c not in columns + optional]
    missing = [c for c in columns if c not in header]
    if unknown or missing:
        what = "; ".join(
            x
            for x in (
                f"unknown column {', '.join(unknown)}" if unknown else "",
                f"missing column {', '.join(missing)}" if missing else "",
            )
            if x
        )
        raise RegionhealthError(f"{path.name}: header: {what} (expected {', '.join(columns)})")
    for i, r in enumerate(rows):
        for c in columns:
            if not r.get(c) and c not in ("symbol", "description"):
                raise RegionhealthError(
                    f"{path.name}: row {i + 2} ({r.get(columns[0])}): {c}: missing"
                )
    return rows


def _number(value: str, where: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise RegionhealthError(f"{where}: {value!r} is not a number") from None


@cache
def load_units(catalog_dir: Path = CATALOG_DIR) -> dict[str, Unit]:
    """The unit table keyed by unit code, checked (exact header, numeric to_base)."""
    path = catalog_dir / "units.csv"
    rows = _read_csv(path, ("unit", "dimension", "to_base", "symbol", "description"))
    return {
        r["unit"]: Unit(
            r["unit"],
            r["dimension"],
            _number(r["to_base"], f"units.csv: row {i + 2} ({r['unit']}): to_base"),
            r["symbol"],
            r["description"],
        )
        for i, r in enumerate(rows)
    }


@cache
def load_unit_words(catalog_dir: Path = CATALOG_DIR) -> tuple[tuple[str, str], ...]:
    """(word, unit code) pairs, longest word first so '万元' wins over '元'."""
    units = load_units(catalog_dir)
    table = _read_csv(catalog_dir / "unit_words.csv", ("word", "unit"), ("note",))
    rows = [(r["word"], r["unit"]) for r in table]
    for i, (word, unit) in enumerate(rows):
        if unit not in units:
            raise RegionhealthError(
                f"unit_words.csv: row {i + 2} ({word}): unit: unknown unit {unit!r} (see units.csv)"
            )
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


# A per-population base written before the number: 每千人口, 千人, 每万常住人口, 万名老年人, 每百名.
POP_BASES = {
    "百": ("per_100_pop", "百人"),
    "千": ("per_1000_pop", "千人"),
    "万": ("per_10000_pop", "万人"),
}


def word_unit(word: str) -> str:
    """Unit code of a unit word as written ('%' → 'percent'); KeyError if unknown."""
    words = load_unit_words()
    if _WORD_UNITS[0] is not words:
        # Word → unit code, the first pair of ``words`` for a word: one lookup per number.
        table: dict[str, str] = {}
        for w, unit in words:
            table.setdefault(w, unit)
        _WORD_UNITS[:] = [words, table]
    return _WORD_UNITS[1][word]


_WORD_UNITS: list = [None, {}]  # (the unit words read, their table), rebuilt if they are re-read


def scaled_unit(unit: str, factor: float) -> str | None:
    """The unit of the same dimension worth ``factor`` times ``unit`` (persons × 10⁴ → 10k_persons)."""
    units = load_units()
    base = units[unit]
    for u in units.values():
        if u.dimension == base.dimension and math.isclose(u.to_base, base.to_base * factor):
            return u.unit
    return None


def dimension(unit: str) -> str:
    """Dimension of a unit code."""
    try:
        return load_units()[unit].dimension
    except KeyError:
        raise RegionhealthError(f"unknown unit {unit!r}") from None


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (same dimension only).

    E.g. 1.65 per_1000 (‰) → 0.165 percent; 1000 10k_CNY (万元) → 10 000 000 CNY;
    0.4 per_1000_pop → 4 per_10000_pop.
    """
    units = load_units()
    try:
        a, b = units[from_unit], units[to_unit]
    except KeyError as exc:
        raise RegionhealthError(f"unknown unit {exc.args[0]!r}") from None
    if a.dimension != b.dimension:
        raise RegionhealthError(
            f"cannot convert {from_unit} ({a.dimension}) to {to_unit} ({b.dimension})"
        )
    if a.unit == b.unit:
        return value
    # Through the dimension's base unit; 12 significant digits drop binary noise such as
    # 0.30000000000000004 without losing small values (0.001 minutes in days).
    return float(f"{value * a.to_base / b.to_base:.12g}")


def population_rate(n: int, base: str) -> tuple[str, float]:
    """Unit and divisor for a count per ``n`` × 百/千/万 people: 辆/3万人口 → (per_10000_pop, 3).

    A value per 30 000 people divided by 3 is the value per 10 000 people.
    """
    if n < 1:
        raise RegionhealthError(f"population base must be positive, got {n}")
    return POP_BASES[base][0], float(n)
