"""The frozen records the extraction stages return, in the order the stages run.

Each stage reads the :class:`~regionhealth.extract.doc.Doc` and the records of the stages before it and
returns records of its own; none changes a record it was given (docs/extraction.md):

1. numbers (:mod:`regionhealth.extract.quantities`, furniture in :mod:`regionhealth.extract.pipeline`) →
   :class:`Number`, or a final ignored :class:`Mention` for furniture;
2. kind and reason (:mod:`regionhealth.extract.pipeline`, revised by :mod:`regionhealth.extract.revise`) →
   :class:`Kind`;
3. target fields (:mod:`regionhealth.extract.describe`, :mod:`regionhealth.extract.describe_table`, neighbours in
   :mod:`regionhealth.extract.revise`) → :class:`TargetFields`; a number with its kind and
   fields is a :class:`Described`, what stage 4 reads;
4. what kind of promise (:mod:`regionhealth.extract.semantics`) → :class:`TargetSemantics`;
5. reviewers' decisions (:mod:`regionhealth.extract.review`) → a :class:`Review` on the targets
   they are about (and new kinds for those they reclassify or reject).

:func:`mention` puts one number's records together into the final :class:`Mention`, the record
the store rows are made from (:mod:`regionhealth.store.rows`). Every record is built by keyword.

The records are named tuples: immutable like frozen dataclasses, and built several times faster
(one per number of a text, so their construction is on the per-number path: a 26-field frozen
dataclass takes ~4 µs to build in CPython 3.11, a named tuple ~1 µs).
"""

from __future__ import annotations

from typing import NamedTuple


class Number(NamedTuple):
    """A numeral of the text with its unit word as written (stage 1)."""

    start: int
    end: int
    surface: str  # as written in the raw text
    value_as_stated: float | None = None
    value_high_as_stated: float | None = None  # the upper end of a range
    unit_as_stated: str | None = None
    stated_unit: str | None = None  # unit code of unit_as_stated
    is_chinese: bool = False
    unread: str | None = None  # why the numeral has no value ('number_too_large', …)


class Kind(NamedTuple):
    """What a number is (stage 2): 'target', 'reference' or 'ignored', and why."""

    number: Number
    kind: str
    reason: str


class TargetFields(NamedTuple):
    """What a target promises (stage 3): its value in the indicator's unit, comparator, year,
    scope, indicator, quote; the value and unit as stated, read with their context (a
    population base 每千人口, a multiplier 万 with no unit word)."""

    value_as_stated: float | None
    value_high_as_stated: float | None
    unit_as_stated: str
    stated_unit: str | None
    comparator: str
    target_year: int | None
    year_basis: str
    period: str | None
    scope: str | None
    indicator_code: str | None
    value: float | None
    value_high: float | None
    unit: str | None
    quote_start: int
    quote_end: int
    group_id: str | None = None
    # Stated in an indicator table's row: the base column's value (as stated, in stated_unit;
    # converted with the prose baselines by :mod:`regionhealth.extract.baseline`) and year, and
    # the 属性 column's binding ('binding' / 'expected'); None for targets written as prose.
    # Inputs of stage 4, which decides the target's baseline and binding (TargetSemantics).
    baseline_as_stated: float | None = None
    baseline_year: int | None = None
    binding: str | None = None


class Described(NamedTuple):
    """One number after stages 1–3 (what stage 4 reads): where it is, what it is and, for a
    described number, its target fields (the table-stated baseline and binding among them)."""

    start: int
    end: int
    surface: str
    kind: str
    reason: str
    value_as_stated: float | None = None
    value_high_as_stated: float | None = None
    unit_as_stated: str | None = None
    stated_unit: str | None = None
    comparator: str | None = None
    target_year: int | None = None
    year_basis: str | None = None
    period: str | None = None
    scope: str | None = None
    indicator_code: str | None = None
    value: float | None = None
    value_high: float | None = None
    unit: str | None = None
    quote_start: int | None = None
    quote_end: int | None = None
    group_id: str | None = None
    is_chinese: bool = False
    baseline_as_stated: float | None = None
    baseline_year: int | None = None
    binding: str | None = None


class TargetSemantics(NamedTuple):
    """What kind of promise a target is (stage 4, :mod:`regionhealth.extract.semantics`): the one
    owner of a target's baseline and binding."""

    target_type: str
    target_type_basis: str
    per_unit: str | None
    per_unit_as_stated: str | None
    commitment: str
    statement_start: int  # number_start of the first statement of the same goal
    is_primary: bool
    baseline_value: float | None
    baseline_year: int | None
    baseline_unit: str | None
    binding: str | None


class Review(NamedTuple):
    """Who reviewed a target and what they decided (stage 5, ``data/review/corrections.csv``)."""

    reviewed_by: str
    note: str  # one '<action or field>: <reason>' per decision, joined by '; '


class Mention(NamedTuple):
    """One number of a document with everything decided about it: the final record."""

    start: int
    end: int
    surface: str
    kind: str  # 'target' | 'reference' | 'ignored'
    reason: str
    value_as_stated: float | None = None
    value_high_as_stated: float | None = None
    unit_as_stated: str | None = None
    stated_unit: str | None = None  # unit code of unit_as_stated
    comparator: str | None = None
    target_year: int | None = None
    year_basis: str | None = None
    period: str | None = None
    scope: str | None = None
    indicator_code: str | None = None
    value: float | None = None
    value_high: float | None = None
    unit: str | None = None
    quote_start: int | None = None
    quote_end: int | None = None
    group_id: str | None = None
    is_chinese: bool = False
    semantics: TargetSemantics | None = None  # for targets: their baseline and binding too
    review: Review | None = None  # for targets a reviewer decided about


def described(kind: Kind, fields: TargetFields | None) -> Described:
    """One number's records of stages 1–3 (``fields`` for a described number, whose every field
    is a field of ``Described`` of the same name)."""
    n = kind.number
    if fields is None:
        return Described(
            start=n.start,
            end=n.end,
            surface=n.surface,
            kind=kind.kind,
            reason=kind.reason,
            value_as_stated=n.value_as_stated,
            value_high_as_stated=n.value_high_as_stated,
            unit_as_stated=n.unit_as_stated,
            stated_unit=n.stated_unit,
            is_chinese=n.is_chinese,
        )
    return Described(
        start=n.start,
        end=n.end,
        surface=n.surface,
        kind=kind.kind,
        reason=kind.reason,
        is_chinese=n.is_chinese,
        **fields._asdict(),
    )


# What stage 4 owns from here on: the table-stated values a Described holds for it.
_OWNED_BY_SEMANTICS = ("baseline_as_stated", "baseline_year", "binding")


def mention(d: Described, semantics: TargetSemantics | None) -> Mention:
    """The final record of one number (``semantics`` for a target: from here on they hold its
    baseline and binding, which ``d`` only holds as its table stated them)."""
    fields = d._asdict()
    for name in _OWNED_BY_SEMANTICS:
        del fields[name]
    return Mention(**fields, semantics=semantics)


def ignored(start: int, end: int, surface: str, reason: str) -> Mention:
    """The final record of a number claimed as furniture (a date, a list index, a page number…)."""
    return Mention(start=start, end=end, surface=surface, kind="ignored", reason=reason)


class ReferenceTarget(NamedTuple):
    """One reference target and year (:mod:`regionhealth.extract.references`): a national or
    provincial goal read from a registered reference file, mapped to a catalog indicator and
    converted to its canonical unit; the ``reference_targets`` row is made from it."""

    reference_id: str  # <file stem>:<line>[:<year> when the row states several years]
    level: str
    region_id: str | None
    file: str
    line: int
    indicator_code: str
    indicator_as_stated: str
    scope: str | None
    target_type: str
    comparator: str | None
    value: float | None
    value_high: float | None
    unit: str | None
    value_as_stated: str | None
    unit_as_stated: str | None
    wording: str | None
    target_year: int | None
    year_basis: str
    period: str | None
    baseline_value: float | None
    baseline_year: int | None
    baseline_as_stated: str | None
    binding: str | None
    source_doc: str
    source_url: str
    quote: str
    notes: str | None
    review_note: str | None
