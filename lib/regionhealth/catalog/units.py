"""Units: the words documents write after numbers, and the explicit conversion table between them.

Both tables are data (``units.csv`` and ``unit_words.csv`` of a catalog folder), loaded once into
the catalog's :class:`Units`; every conversion in the project goes through :meth:`Units.convert`,
which multiplies by the ratio of the units' ``to_base`` factors and refuses to convert across
dimensions.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

from regionhealth.errors import RegionhealthError


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


def _read_units(catalog_dir: Path) -> dict[str, Unit]:
    """The unit table of ``catalog_dir`` keyed by unit code, checked (exact header, numeric to_base)."""
    rows = _read_csv(
        catalog_dir / "units.csv", ("unit", "dimension", "to_base", "symbol", "description")
    )
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


def _read_unit_words(catalog_dir: Path, units: dict[str, Unit]) -> tuple[tuple[str, str], ...]:
    """(word, unit code) pairs of ``unit_words.csv``, each unit one of ``units``, longest word
    first so '万元' wins over '元'."""
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


@dataclass(frozen=True)
class Units:
    """The units of one catalog folder (``units.csv``) and the words documents write for them
    (``unit_words.csv``): every conversion in the project is :meth:`convert` of a catalog's units."""

    table: dict[str, Unit]  # by unit code
    words: tuple[tuple[str, str], ...]  # (word, unit code), longest word first
    # Word → unit code, the first pair of ``words`` for a word: one lookup per number.
    by_word: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_word: dict[str, str] = {}
        for w, unit in self.words:
            by_word.setdefault(w, unit)
        object.__setattr__(self, "by_word", by_word)

    def __contains__(self, unit: object) -> bool:
        return unit in self.table

    def word_unit(self, word: str) -> str:
        """Unit code of a unit word as written ('%' → 'percent'); KeyError if unknown."""
        return self.by_word[word]

    def dimension(self, unit: str) -> str:
        """Dimension of a unit code."""
        try:
            return self.table[unit].dimension
        except KeyError:
            raise RegionhealthError(f"unknown unit {unit!r}") from None

    def scaled_unit(self, unit: str, factor: float) -> str | None:
        """The unit of the same dimension worth ``factor`` times ``unit`` (persons × 10⁴ →
        10k_persons), None if the table has none."""
        base = self.table[unit]
        for u in self.table.values():
            if u.dimension == base.dimension and math.isclose(u.to_base, base.to_base * factor):
                return u.unit
        return None

    def convert(self, value: float, from_unit: str, to_unit: str) -> float:
        """``value`` in ``from_unit`` expressed in ``to_unit`` (same dimension only).

        E.g. 1.65 per_1000 (‰) → 0.165 percent; 1000 10k_CNY (万元) → 10 000 000 CNY;
        0.4 per_1000_pop → 4 per_10000_pop.
        """
        try:
            a, b = self.table[from_unit], self.table[to_unit]
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

    def population_unit(self, base: str, group: str | None = None) -> str:
        """Unit code of a rate per 百/千/万 (``base``) people, or per that many of a population
        group (万, 'elderly' → per_10000_elderly); a RegionhealthError if units.csv lacks it."""
        code = POP_BASES[base][0]
        if group is None:
            return code
        code = f"{code.removesuffix('_pop')}_{group}"
        if code not in self.table:
            raise RegionhealthError(
                f"rules.yaml: pop_groups {group}: unit {code!r} missing in units.csv"
            )
        return code


def load_units(catalog_dir: Path) -> Units:
    """The units and unit words of the catalog in ``catalog_dir``, checked."""
    table = _read_units(catalog_dir)
    return Units(table, _read_unit_words(catalog_dir, table))


def population_rate(n: int, base: str) -> tuple[str, float]:
    """Unit and divisor for a count per ``n`` × 百/千/万 people: 辆/3万人口 → (per_10000_pop, 3).

    A value per 30 000 people divided by 3 is the value per 10 000 people.
    """
    if n < 1:
        raise RegionhealthError(f"population base must be positive, got {n}")
    return POP_BASES[base][0], float(n)
