"""The frozen records the extraction stages return, in the order the stages run.

Each stage reads the :class:`~regionhealth.extract.doc.Doc` and the records of the stages before it and
returns records of its own; none changes a record it was given (docs/extraction.md):

1. numbers (:mod:`regionhealth.extract.quantities`, furniture in :mod:`regionhealth.extract.pipeline`) →
   :class:`Number`, or a final ignored :class:`Mention` for furniture;
2. kind and reason (:mod:`regionhealth.extract.pipeline`, revised by :mod:`regionhealth.extract.revise`) →
   :class:`Kind`;
3. target fields (:mod:`regionhealth.extract.describe`, :mod:`regionhealth.extract.describe_table`, neighbours in
   :mod:`regionhealth.extract.revise`) → :class:`TargetFields`;
4. what kind of promise (:mod:`regionhealth.extract.semantics`) →
   :class:`~regionhealth.extract.semantics.TargetSemantics`.

:func:`mention` puts one number's records together into the final :class:`Mention`, the record
the store rows are made from (:mod:`regionhealth.store.rows`).

The records are named tuples: immutable like frozen dataclasses, and built several times faster
(one per number of a text, so their construction is on the per-number path: a 26-field frozen
dataclass takes ~4 µs to build in CPython 3.11, a named tuple ~0.8 µs).
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
    baseline_as_stated: float | None = None
    baseline_year: int | None = None
    binding: str | None = None


class TargetSemantics(NamedTuple):
    """What kind of promise a target is (stage 4, :mod:`regionhealth.extract.semantics`)."""

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
    baseline_as_stated: float | None = None
    baseline_year: int | None = None
    binding: str | None = None
    semantics: TargetSemantics | None = None  # for targets


# The final record is put together from slices of the stages' records (C-level copies, one per
# number): a Mention's fields are a Number's first three, the kind and reason, the first sixteen of
# TargetFields, is_chinese, TargetFields' last three, then the semantics. The named tuple's own
# __new__ (a Python function) would cost more than the copying.
_new = tuple.__new__
_DESCRIBED = TargetFields._fields[:16]  # value_as_stated … group_id
_TABLE_ONLY = TargetFields._fields[16:]  # baseline_as_stated, baseline_year, binding
assert Mention._fields == (
    *Number._fields[:3],
    "kind",
    "reason",
    *_DESCRIBED,
    "is_chinese",
    *_TABLE_ONLY,
    "semantics",
), "records.mention copies fields by position: keep Mention, Number and TargetFields aligned"
assert Number._fields[3:7] == _DESCRIBED[:4]  # value_as_stated … stated_unit
# The fields of an undescribed number after its stated unit, up to is_chinese, and after it.
_UNDESCRIBED = (None,) * (len(_DESCRIBED) - 4)
_AFTER_CHINESE = (None,) * (len(_TABLE_ONLY) + 1)


def mention(kind: Kind, t: TargetFields | None, semantics: TargetSemantics | None) -> Mention:
    """The final record of one number from its stages' records (``t`` for a described number)."""
    n = kind.number
    if t is None:
        return _new(
            Mention,
            n[:3]
            + (kind.kind, kind.reason)
            + n[3:7]
            + _UNDESCRIBED
            + (n.is_chinese,)
            + _AFTER_CHINESE,
        )
    return _new(
        Mention,
        n[:3] + (kind.kind, kind.reason) + t[:16] + (n.is_chinese,) + t[16:] + (semantics,),
    )


def with_semantics(m: Mention, semantics: TargetSemantics) -> Mention:
    """The final record of a target: ``m`` (made by :func:`mention` without stage 4) with its
    semantics, the last field (copied positionally: one per target, on the per-number path)."""
    return _new(Mention, m[:-1] + (semantics,))
