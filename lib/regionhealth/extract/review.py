"""Reviewers' decisions about extraction results, as data: ``data/review/corrections.csv``.

Each row accepts, corrects a field of, reclassifies or rejects one mention, found by its document,
a quote around it and the number as written, so the decision survives re-extraction and edits
elsewhere in the text. They are applied to a document's records (:func:`apply_decisions`, the last
stage of its extraction), by the build and by ``regionhealth extract`` alike; a decision that no
longer matches anything stops with one line naming the row.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from regionhealth.catalog.loader import Catalog
from regionhealth.errors import RegionhealthError
from regionhealth.extract.records import Mention, Review, TargetSemantics

CORRECTIONS_FILE = "corrections.csv"
COLUMNS = (
    "doc_id",
    "quote",
    "number",
    "occurrence",
    "action",
    "field",
    "value",
    "reviewed_by",
    "reason",
)
ACTIONS = ("accept", "correct", "reclassify", "reject")
RECLASSIFY_KINDS = ("reference", "ignored")


def _text(v: str) -> str | None:
    return v or None


def _float(v: str) -> float | None:
    return float(v) if v else None


def _int(v: str) -> int | None:
    return int(v) if v else None


def _one_of(*allowed: str) -> Callable[[str], str | None]:
    def parse(v: str) -> str | None:
        if v and v not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}")
        return v or None

    return parse


# Fields a 'correct' row may set, and how its value is read. A value is in the target's
# canonical unit; a corrected indicator_code brings its own canonical unit, into which the
# target's value is converted (the one place a review converts, through the catalog's units).
CORRECTABLE: dict[str, Callable[[str], object]] = {
    "indicator_code": _text,
    "comparator": _one_of(">=", ">", "<=", "<", "=", "range", "approx"),
    "value": _float,
    "value_high": _float,
    "target_year": _int,
    "period": _text,
    "scope": _text,
    "target_type": _one_of("level", "change", "increment", "stock", "rank", "ratio"),
    "per_unit": _text,
    "commitment": _one_of("committed", "aspirational"),
    "binding": _one_of("binding", "expected"),
}


@dataclass(frozen=True)
class Decision:
    """One row of corrections.csv (``row`` is its line number, for error messages)."""

    row: int
    doc_id: str
    quote: str
    number: str
    occurrence: int
    action: str
    field: str | None
    value: object
    reviewed_by: str
    reason: str

    def where(self) -> str:
        return (
            f"{CORRECTIONS_FILE}: row {self.row} ({self.doc_id}: {self.number} in {self.quote!r})"
        )


def load_decisions(review_dir: Path) -> tuple[Decision, ...]:
    """Every decision of ``corrections.csv`` (none if the file is absent), checked row by row."""
    path = review_dir / CORRECTIONS_FILE
    if not path.is_file():
        return ()
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = tuple(reader.fieldnames or ())
        rows = list(reader)
    if header != COLUMNS:
        raise RegionhealthError(f"{CORRECTIONS_FILE}: header must be {','.join(COLUMNS)}")
    out = []
    for i, r in enumerate(rows, start=2):
        where = f"{CORRECTIONS_FILE}: row {i}"
        for c in ("doc_id", "quote", "number", "action", "reviewed_by", "reason"):
            if not (r.get(c) or "").strip():
                raise RegionhealthError(f"{where}: {c}: missing (every decision names its reason)")
        if r["action"] not in ACTIONS:
            raise RegionhealthError(f"{where}: action: {r['action']!r} is not one of {ACTIONS}")
        if r["number"] not in r["quote"]:
            raise RegionhealthError(f"{where}: number: {r['number']!r} is not inside the quote")
        try:
            occurrence = int(r["occurrence"] or 1)
        except ValueError:
            raise RegionhealthError(f"{where}: occurrence: not a whole number") from None
        field, value = r["field"] or None, None
        if r["action"] == "correct":
            if field not in CORRECTABLE:
                raise RegionhealthError(
                    f"{where}: field: {field!r} cannot be corrected (one of {', '.join(CORRECTABLE)})"
                )
            try:
                value = CORRECTABLE[field](r["value"])
            except ValueError as exc:
                raise RegionhealthError(f"{where}: value: {r['value']!r} ({exc})") from None
        elif r["action"] == "reclassify":
            if r["value"] not in RECLASSIFY_KINDS:
                raise RegionhealthError(
                    f"{where}: value: a target is reclassified as one of {RECLASSIFY_KINDS}"
                )
            value = r["value"]
        elif field or r["value"]:
            raise RegionhealthError(
                f"{where}: field/value: only 'correct' and 'reclassify' take them"
            )
        out.append(
            Decision(
                i,
                r["doc_id"],
                r["quote"],
                r["number"],
                occurrence,
                r["action"],
                field,
                value,
                r["reviewed_by"],
                r["reason"],
            )
        )
    return tuple(out)


def number_start(decision: Decision, raw: str) -> int:
    """Offset of the decision's number in ``raw``: its quote's n-th occurrence, then the number."""
    at = -1
    for _ in range(decision.occurrence):
        at = raw.find(decision.quote, at + 1)
        if at < 0:
            raise RegionhealthError(
                f"{decision.where()}: no longer matches: the quote is not in the document"
                + (f" {decision.occurrence} times" if decision.occurrence > 1 else "")
            )
    return at + decision.quote.index(decision.number)


# Where a corrected field lives: on the target's semantics or on the record itself.
_ON_SEMANTICS = frozenset(CORRECTABLE) & frozenset(TargetSemantics._fields)
if not set(CORRECTABLE) <= _ON_SEMANTICS | set(Mention._fields):
    raise RuntimeError("review.CORRECTABLE: a field that is neither on Mention nor its semantics")


def apply_decisions(
    doc_id: str,
    raw: str,
    mentions: list[Mention],
    decisions: tuple[Decision, ...],
    catalog: Catalog,
) -> list[Mention]:
    """Stage 5: the mentions of document ``doc_id`` (text ``raw``) with the decisions about it
    applied, in the same order; the records given are left as they are.

    A decided target carries a :class:`~regionhealth.extract.records.Review`; a corrected field
    takes the decided value; a reclassified or rejected target becomes a reference or an ignored
    number (reason ``review_<action>``) and, if it was the first statement of its goal, hands the
    statement on to its next restatement. A corrected indicator re-derives the value and unit in
    the new indicator's canonical unit. A decision that no longer finds a target, or names an
    indicator the target's value cannot be expressed in, stops here.
    """
    mine = [d for d in decisions if d.doc_id == doc_id]
    if not mine:
        return mentions
    by_start = {m.start: m for m in mentions}
    removed: set[int] = set()
    for d in mine:
        start = _covering(by_start, number_start(d, raw))
        m = by_start.get(start)
        if m is None or m.kind != "target":
            what = f"{m.kind} ({m.reason})" if m else "not a number the extractor found"
            raise RegionhealthError(
                f"{d.where()}: no longer matches: the number is {what}, not a target"
            )
        by_start[start] = _decided(m, d, catalog)
        if by_start[start].kind != "target":
            removed.add(start)
    if removed:
        _promote_restatements(by_start, removed)
    return list(by_start.values())


def _covering(by_start: dict[int, Mention], at: int) -> int:
    """Start of the mention covering offset ``at`` (a year mention starts at 到 of 到2026年), or
    ``at`` itself if none does."""
    return max((s for s, m in by_start.items() if s <= at < m.end), default=at)


def _decided(m: Mention, d: Decision, catalog: Catalog) -> Mention:
    """Target ``m`` with decision ``d`` applied."""
    note = f"{d.action}: {d.reason}" if d.action != "correct" else f"{d.field}: {d.reason}"
    review = Review(
        reviewed_by=d.reviewed_by, note=note if m.review is None else f"{m.review.note}; {note}"
    )
    if d.action == "correct":
        if d.field == "indicator_code":
            return _with_indicator(m, str(d.value), d, catalog)._replace(review=review)
        if d.field in _ON_SEMANTICS:
            semantics = m.semantics._replace(**{d.field: d.value})  # type: ignore[union-attr]
            return m._replace(semantics=semantics, review=review)
        return m._replace(**{d.field: d.value}, review=review)  # type: ignore[arg-type]
    if d.action in ("reclassify", "reject"):
        kind = d.value if d.action == "reclassify" else "ignored"
        return m._replace(kind=kind, reason=f"review_{d.action}", semantics=None, review=review)
    return m._replace(review=review)


def _with_indicator(m: Mention, code: str, d: Decision, catalog: Catalog) -> Mention:
    """Target ``m`` measured by indicator ``code``: its value and upper value converted from the
    target's unit to the indicator's canonical unit (e.g. percent → per_1000)."""
    try:
        unit = catalog.indicator(code).unit
    except RegionhealthError as exc:
        raise RegionhealthError(f"{d.where()}: indicator_code: {exc}") from None
    if m.unit is None or m.unit == unit:
        return m._replace(indicator_code=code, unit=m.unit and unit)
    units = catalog.units
    if units.dimension(m.unit) != units.dimension(unit):
        raise RegionhealthError(
            f"{d.where()}: indicator_code: {code} is kept in {unit}, the target is in {m.unit} "
            f"({units.dimension(m.unit)}); reject the target or correct another indicator"
        )

    def converted(v: float | None) -> float | None:
        return None if v is None else units.convert(v, m.unit, unit)  # type: ignore[arg-type]

    return m._replace(
        indicator_code=code, value=converted(m.value), value_high=converted(m.value_high), unit=unit
    )


def _promote_restatements(by_start: dict[int, Mention], removed: set[int]) -> None:
    """A removed first statement hands its statement on to its next restatement."""
    by_statement: dict[int, list[Mention]] = {}
    for start in sorted(by_start):
        m = by_start[start]
        if m.semantics is not None and m.semantics.statement_start in removed:
            by_statement.setdefault(m.semantics.statement_start, []).append(m)
    for members in by_statement.values():
        first = members[0].start
        for m in members:
            semantics = m.semantics._replace(  # type: ignore[union-attr]
                statement_start=first, is_primary=m.start == first
            )
            by_start[m.start] = m._replace(semantics=semantics)


def decisions_for(
    decisions: tuple[Decision, ...], doc_ids: set[str]
) -> tuple[tuple[Decision, ...], list[str]]:
    """The decisions about documents of this build, and a note for each about another document.

    A build of another registry (a subset, a test corpus) leaves the decisions about documents it
    does not hold aside, and says so; within a document, a decision that no longer matches is an
    error (:func:`apply_decisions`).
    """
    kept = tuple(d for d in decisions if d.doc_id in doc_ids)
    notes = [
        f"{d.where()}: document {d.doc_id!r} is not in this build; decision not applied"
        for d in decisions
        if d.doc_id not in doc_ids
    ]
    return kept, notes
