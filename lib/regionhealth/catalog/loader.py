"""The reviewed data the extractor runs on: indicators, themes and extraction rules.

Everything here is loaded from ``data/catalog/*.yaml`` and validated once: a malformed entry is a
:class:`RegionhealthError` naming the file and the entry, never a surprise at extraction time.
"""

from __future__ import annotations

import atexit
import gc
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from regionhealth.catalog import schema as catalog_schema
from regionhealth.catalog.comparators import ComparatorWords, comparator_words
from regionhealth.catalog.schema import regex as _compile
from regionhealth.catalog.semantic_rules import SemanticRules, semantic_rules
from regionhealth.catalog.units import Units, load_units
from regionhealth.errors import RegionhealthError
from regionhealth.patterns.anyof import AnyOf, any_of
from regionhealth.patterns.scan import MultiScan
from regionhealth.patterns.words import WordMatcher
from regionhealth.text.clean import fold
from regionhealth.text.tables import TableSpec, table_spec
from regionhealth.text.years import YearWords, year_words


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    unit: str
    better: str
    theme: str | None
    patterns: tuple[re.Pattern[str], ...]
    description: str | None = None
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Theme:
    code: str
    name_zh: str
    name_en: str
    description: str | None
    keywords: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class IgnoreRule:
    reason: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    ignore: tuple[IgnoreRule, ...]
    reference_cues: tuple[str, ...]
    reference_after: tuple[re.Pattern[str], ...]
    reference_before: tuple[re.Pattern[str], ...]
    condition_before: tuple[re.Pattern[str], ...]
    condition_after: tuple[re.Pattern[str], ...]
    condition_alone: tuple[re.Pattern[str], ...]
    goal_verbs: re.Pattern[str]
    change_before: re.Pattern[str]
    condition_units_exempt: frozenset[str]
    chinese_classifiers: str
    pop_base: re.Pattern[str]
    scopes: tuple[tuple[str, re.Pattern[str]], ...]
    # Population group after a base (万名老年人): group code → words; unit per_<base>_<group>.
    pop_groups: tuple[tuple[str, re.Pattern[str]], ...] = ()
    # Words right before a year that make it a baseline (比2020年, 从2020年的).
    baseline_year_before: re.Pattern[str] = re.compile(r"比\s*$")
    # Words that make a unitless number a quantity (率90, 达到85), at the end of the text before it.
    bare_quantity_before: re.Pattern[str] = re.compile(r"(?:率|达到)\s*$")
    vague_one_classifiers: tuple[str, ...] = ()
    horizon_cues: re.Pattern[str] = re.compile("主要目标")
    respectively: tuple[str, ...] = ("分别",)
    list_separators: tuple[re.Pattern[str], ...] = ()
    borrowed_classifiers: re.Pattern[str] = re.compile("级")
    listed_number_joins: tuple[str, ...] = ()
    # A list marker at the start of a paragraph (1. （三） 三、): its number is furniture.
    list_index: re.Pattern[str] = re.compile("(?!)")
    # The ignore patterns searched together (:mod:`regionhealth.patterns.scan`): per rule, its matches.
    ignore_scan: MultiScan = field(init=False, repr=False, compare=False)
    # The scope patterns as one search: most texts name no scope (one search, not one per scope).
    any_scope: AnyOf = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ignore_scan", MultiScan([r.pattern for r in self.ignore]))
        object.__setattr__(self, "any_scope", any_of(tuple(p for _, p in self.scopes)))


@dataclass(frozen=True)
class Catalog:
    indicators: tuple[Indicator, ...]
    themes: tuple[Theme, ...]
    rules: Rules
    # What kind of promise a target is (data/catalog/semantics.yaml).
    semantics: SemanticRules
    # Every indicator's synonyms and patterns; owner i is indicators[i].
    matcher: WordMatcher
    # Indicator numbers (owners of ``matcher``) by the dimension of their canonical unit.
    by_dimension: dict[str, frozenset[int]]
    # Header words of indicator tables (data/catalog/tables.yaml).
    tables: TableSpec
    # Words that say which way a target points (data/catalog/comparators.yaml).
    comparators: ComparatorWords
    # Words of year expressions (data/catalog/years.yaml).
    years: YearWords
    # Units and the words documents write for them (units.csv, unit_words.csv).
    units: Units
    # Every indicator number (owner of ``matcher``), and each one alone (``only[i]`` is {i}): the
    # same set objects for every number, so their hashes are computed once.
    all_indicators: frozenset[int] = field(init=False, repr=False, compare=False)
    only: tuple[frozenset[int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "all_indicators", frozenset(range(len(self.indicators))))
        object.__setattr__(
            self, "only", tuple(frozenset((i,)) for i in range(len(self.indicators)))
        )

    def indicator(self, code: str) -> Indicator:
        """The indicator with ``code``; RegionhealthError listing valid codes if unknown."""
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise RegionhealthError(f"unknown indicator {code!r}")


def _load_yaml(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except FileNotFoundError:
        raise RegionhealthError(f"{path}: catalog file not found") from None
    except yaml.YAMLError as exc:
        raise RegionhealthError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise RegionhealthError(f"{path}: expected a mapping at the top level")
    return data


def _words(words: list[str]) -> str:
    """Plain catalog words as one regex alternation, folded like the text, longest first."""
    return "|".join(re.escape(fold(x)) for x in sorted(words, key=len, reverse=True))


def load_indicators(path: Path, units: Units) -> tuple[Indicator, ...]:
    """Indicators from ``indicators.yaml``, checked against the schema, codes unique, each unit
    one of ``units`` (the same catalog folder's)."""
    data = _load_yaml(path)
    catalog_schema.check(data, catalog_schema.INDICATORS_FILE, path.name)
    out: list[Indicator] = []
    seen: set[str] = set()
    for i, e in enumerate(data["indicators"]):
        where = f"{path.name}: indicators #{i + 1} ({e['code']})"
        if e["code"] in seen:
            raise RegionhealthError(f"{where}: code: duplicate code")
        if e["unit"] not in units:
            raise RegionhealthError(f"{where}: unit: unknown unit {e['unit']!r} (see units.csv)")
        seen.add(e["code"])
        pats = tuple(_compile(p, f"{where}: patterns") for p in e.get("patterns") or ())
        out.append(
            Indicator(
                e["code"],
                e["name_zh"],
                e["name_en"],
                e["unit"],
                e["better"],
                e.get("theme"),
                pats,
                e.get("description"),
                tuple(e.get("synonyms") or ()),
            )
        )
    return tuple(out)


def load_themes(path: Path) -> tuple[Theme, ...]:
    """Themes from ``themes.yaml``, validated like the indicators."""
    if not path.exists():
        return ()
    data = _load_yaml(path)
    catalog_schema.check(data, catalog_schema.THEMES_FILE, path.name)
    out: list[Theme] = []
    seen: set[str] = set()
    for i, e in enumerate(data["themes"]):
        where = f"{path.name}: themes #{i + 1} ({e['code']})"
        if e["code"] in seen:
            raise RegionhealthError(f"{where}: code: duplicate code")
        seen.add(e["code"])
        kws = tuple(_compile(k, where) for k in e["keywords"])
        out.append(Theme(e["code"], e["name_zh"], e["name_en"], e.get("description"), kws))
    return tuple(out)


def load_rules(path: Path) -> Rules:
    """Extraction rules from ``rules.yaml``."""
    d = _load_yaml(path)
    catalog_schema.check(d, catalog_schema.RULES_FILE, path.name)
    w = path.name
    try:
        return Rules(
            ignore=tuple(
                IgnoreRule(r["reason"], _compile(r["pattern"], f"{w}: ignore {r['reason']}"))
                for r in d["ignore"]
            ),
            reference_cues=tuple(d["reference_cues"]),
            reference_after=tuple(
                _compile(p, f"{w}: reference_after") for p in d["reference_after"]
            ),
            reference_before=tuple(
                _compile(p, f"{w}: reference_before") for p in d["reference_before"]
            ),
            condition_before=tuple(
                _compile(p, f"{w}: condition_before") for p in d["condition_before"]
            ),
            condition_after=tuple(
                _compile(p, f"{w}: condition_after") for p in d["condition_after"]
            ),
            condition_alone=tuple(
                _compile(p, f"{w}: condition_alone") for p in d["condition_alone"]
            ),
            goal_verbs=_compile(d["goal_verbs"], f"{w}: goal_verbs"),
            change_before=_compile(d["change_before"], f"{w}: change_before"),
            condition_units_exempt=frozenset(d["condition_units_exempt"]),
            chinese_classifiers=str(d["chinese_classifiers"]),
            pop_base=_compile(d["pop_base"], f"{w}: pop_base"),
            scopes=tuple(
                (code, _compile(p, f"{w}: scope {code}")) for code, p in d["scopes"].items()
            ),
            baseline_year_before=_compile(
                d.get("baseline_year_before", r"比\s*$"), f"{w}: baseline_year_before"
            ),
            pop_groups=tuple(
                (code, _compile(p, f"{w}: pop_groups {code}"))
                for code, p in (d.get("pop_groups") or {}).items()
            ),
            bare_quantity_before=re.compile(rf"(?:{_words(d['bare_quantity_before'])})\s*$"),
            vague_one_classifiers=tuple(fold(x) for x in d["vague_one_classifiers"]),
            horizon_cues=re.compile(_words(d["horizon_cues"])),
            respectively=tuple(fold(x) for x in d["respectively"]),
            list_separators=tuple(re.compile(_words(seps)) for seps in d["list_separators"]),
            borrowed_classifiers=re.compile(_words(d["borrowed_classifiers"]) or "(?!)"),
            listed_number_joins=tuple(fold(x) for x in d["listed_number_joins"]),
            list_index=_compile(d["list_index"], f"{w}: list_index"),
        )
    except (KeyError, TypeError) as exc:
        raise RegionhealthError(f"{path}: malformed rules ({exc})") from None


def freeze_heap() -> None:
    """Leave every object alive now out of all later garbage collections.

    For a process that loads the catalog once and then extracts (the CLI, the build and its
    workers): the catalog's compiled patterns and the modules loading it brings in (jsonschema's
    format checkers build a grammar of ~140 000 objects) would otherwise be walked again by every
    full collection, several of which a long document triggers, so a 400 000-character document
    cost ~40% more per MB than a short one. Objects created later are collected as usual. At exit
    they are handed back to the collector, so that extension types (DuckDB's) are finalised and
    report no leak on stderr."""
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)


@cache
def load_catalog(catalog_dir: Path) -> Catalog:
    """The whole catalog of ``catalog_dir``: every file of the folder is checked against the others
    of the same folder (an indicator's unit against its own units.csv). There is no default
    folder: the CLI names data/catalog, the build its ``catalog_dir``. Loaded once per process and
    folder, so that a build worker handed the folder by argument loads it once, not per document."""
    units = load_units(catalog_dir)
    indicators = load_indicators(catalog_dir / "indicators.yaml", units)
    themes = load_themes(catalog_dir / "themes.yaml")
    theme_codes = {t.code for t in themes}
    if themes:
        for ind in indicators:
            if ind.theme and ind.theme not in theme_codes:
                raise RegionhealthError(
                    f"indicators.yaml: {ind.code}: theme: unknown theme {ind.theme!r}"
                )
    matcher = WordMatcher(
        [ind.synonyms for ind in indicators], [ind.patterns for ind in indicators], fold
    )
    by_dimension: dict[str, set[int]] = {}
    for i, ind in enumerate(indicators):
        by_dimension.setdefault(units.dimension(ind.unit), set()).add(i)
    return Catalog(
        indicators,
        themes,
        load_rules(catalog_dir / "rules.yaml"),
        semantic_rules(_load_yaml(catalog_dir / "semantics.yaml"), "semantics.yaml"),
        matcher,
        {d: frozenset(s) for d, s in by_dimension.items()},
        load_tables(catalog_dir / "tables.yaml"),
        comparator_words(_load_yaml(catalog_dir / "comparators.yaml"), "comparators.yaml", fold),
        year_words(
            _checked(
                _load_yaml(catalog_dir / "years.yaml"), catalog_schema.YEARS_FILE, "years.yaml"
            )
        ),
        units,
    )


def load_tables(path: Path) -> TableSpec:
    """Header words of indicator tables from ``tables.yaml``, checked against the schema."""
    data = _load_yaml(path)
    catalog_schema.check(data, catalog_schema.TABLES_FILE, path.name)
    return table_spec(data)


def _checked(data: object, schema: dict, filename: str) -> object:
    """``data`` once it passed ``schema`` (the first problem stops the build in one line)."""
    catalog_schema.check(data, schema, filename)
    return data
