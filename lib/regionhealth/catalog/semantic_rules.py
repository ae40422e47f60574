"""The rules of ``data/catalog/semantics.yaml``, checked against its schema and compiled once.

What kind of promise a target is (:mod:`regionhealth.extract.semantics`) is decided from these: type cues,
per-unit words, hedges, list items, baseline and binding words. A domain expert edits the YAML;
a typo stops the catalog load with one line naming file, entry and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from regionhealth.catalog import schema as catalog_schema
from regionhealth.errors import RegionhealthError
from regionhealth.text import clean as textmod


@dataclass(frozen=True)
class PerUnit:
    code: str
    name_zh: str
    name_en: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class SemanticRules:
    """The compiled contents of ``semantics.yaml``."""

    count_dimensions: frozenset[str]
    type_cues: tuple[tuple[str, re.Pattern[str]], ...]
    type_inherit: re.Pattern[str]
    restatement_min_overlap: float
    per_units: tuple[PerUnit, ...]
    per_unit_prefixed: re.Pattern[str]  # 每个乡镇卫生院和社区卫生服务中心
    per_unit_subject: re.Pattern[str]  # 设区市、县(市、区)至少…  (at a clause start)
    per_unit_word_code: dict[str, str]
    per_unit_first_word: re.Pattern[str]  # any per-unit word, the longest first
    hedges: re.Pattern[str]
    list_item: re.Pattern[str]  # one group per marking of list_items, named after it
    list_item_kinds: tuple[str, ...]
    baseline_before: tuple[re.Pattern[str], ...]
    baseline_after: re.Pattern[str]
    binding_words: tuple[tuple[str, re.Pattern[str]], ...]


def _per_units(entries: list[dict], name: str) -> tuple[tuple[PerUnit, ...], dict[str, str]]:
    """The per-unit entries (words folded like the text) and the code of every word."""
    fold = textmod._FULLWIDTH  # the text is matched after the same folding
    per_units: list[PerUnit] = []
    word_code: dict[str, str] = {}
    for i, e in enumerate(entries):
        where = f"{name}: per_units #{i + 1} ({e['code']})"
        words = tuple(str(w).translate(fold) for w in e["words"])
        per_units.append(PerUnit(e["code"], e["name_zh"], e["name_en"], words))
        for w in words:
            if word_code.setdefault(w, e["code"]) != e["code"]:
                raise RegionhealthError(f"{where}: words: {w!r} already belongs to another unit")
    return tuple(per_units), word_code


def semantic_rules(d: Any, name: str) -> SemanticRules:
    """Rules from the contents of ``semantics.yaml`` (file ``name``), checked against the schema:
    one-line error naming file, entry and field."""
    _re = catalog_schema.regex  # the catalog's one checked regex loader
    catalog_schema.check(d, catalog_schema.SEMANTICS_FILE, name)
    per_units, word_code = _per_units(d["per_units"], name)
    not_before = _re(d["per_unit_word_not_before"], f"{name}: per_unit_word_not_before").pattern
    word = (
        "(?:"
        + "|".join(re.escape(w) for w in sorted(word_code, key=len, reverse=True))
        + f")(?!{not_before})"
    )
    join = _re(d["per_unit_join"], f"{name}: per_unit_join").pattern
    words = rf"{word}(?:\s*(?:{join})\s*{word})*"
    prefix = _re(d["per_unit_prefix"], f"{name}: per_unit_prefix").pattern
    after = _re(d["per_unit_subject_after"], f"{name}: per_unit_subject_after").pattern
    return SemanticRules(
        count_dimensions=frozenset(d["count_dimensions"]),
        type_cues=tuple((t, _re(p, f"{name}: type_cues: {t}")) for t, p in d["type_cues"].items()),
        type_inherit=_re(d["type_inherit"], f"{name}: type_inherit"),
        restatement_min_overlap=d["restatement_min_overlap"],
        per_units=per_units,
        per_unit_prefixed=re.compile(rf"(?:{prefix})\s*(?P<units>{words})"),
        # The subject form lists two or more units (设区市、县(市、区)至少有1个) or marks them all
        # with 均/都/各 (乡镇均设置1个): one unit word alone is the region itself (县至少建成1所).
        per_unit_subject=re.compile(
            rf"^\s*(?P<units>{word}(?:\s*(?:{join})\s*{word})+)(?={after})"
            rf"|^\s*(?P<one>{word})(?=\s*(?:均|都|各))"
        ),
        per_unit_word_code=word_code,
        per_unit_first_word=re.compile(
            "|".join(re.escape(w) for w in sorted(word_code, key=len, reverse=True))
        ),
        hedges=_re(d["hedges"], f"{name}: hedges"),
        list_item=re.compile(
            r"\s*(?:"
            + "|".join(
                f"(?P<{kind}>{_re(p, f'{name}: list_items: {kind}').pattern})"
                for kind, p in d["list_items"].items()
            )
            + ")"
        ),
        list_item_kinds=tuple(d["list_items"]),
        baseline_before=tuple(
            _re(p, f"{name}: baseline_before #{i + 1}") for i, p in enumerate(d["baseline_before"])
        ),
        baseline_after=_re(d["baseline_after"], f"{name}: baseline_after"),
        binding_words=tuple(
            (b, _re(p, f"{name}: binding_words: {b}")) for b, p in d["binding_words"].items()
        ),
    )
