"""Reviewers' decisions about extraction results, as data: ``data/review/corrections.csv``.

Each row accepts, corrects a field of, reclassifies or rejects one mention, found by its document,
a quote around it and the number as written, so the decision survives re-extraction and edits
elsewhere in the text. The build applies them to the rows of each document; a decision that no
longer matches anything stops the build with one line naming the row.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from regionhealth.errors import RegionhealthError

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


# Fields a 'correct' row may set, and how its value is read. Values stay in the target's
# canonical unit: a correction never converts.
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


def apply_decisions(
    doc_id: str, raw: str, rows: dict[str, list[dict]], decisions: tuple[Decision, ...]
) -> None:
    """Apply the decisions about ``doc_id`` to its mention and target rows (in place)."""
    mentions = {m["char_start"]: m for m in rows["mentions"]}
    targets = {t["number_start"]: t for t in rows["targets"]}
    removed: set[int] = set()
    for d in decisions:
        if d.doc_id != doc_id:
            continue
        at = number_start(d, raw)
        # The mention covering the number (a year mention starts at 到 of 到2026年).
        start = max((s for s in mentions if s <= at < mentions[s]["char_end"]), default=at)
        target = targets.get(start)
        if target is None or start in removed:
            m = mentions.get(start)
            what = f"{m['kind']} ({m['reason']})" if m else "not a number the extractor found"
            raise RegionhealthError(
                f"{d.where()}: no longer matches: the number is {what}, not a target"
            )
        note = f"{d.action}: {d.reason}" if d.action != "correct" else f"{d.field}: {d.reason}"
        target["reviewed_by"] = d.reviewed_by
        target["review_note"] = "; ".join(x for x in (target.get("review_note"), note) if x)
        if d.action == "correct":
            target[d.field] = d.value
        elif d.action in ("reclassify", "reject"):
            removed.add(start)
            mention = mentions[start]
            mention["kind"] = d.value if d.action == "reclassify" else "ignored"
            mention["reason"] = f"review_{d.action}"
            mention["target_id"] = None
    if removed:
        rows["targets"] = [t for t in rows["targets"] if t["number_start"] not in removed]
        _promote_restatements(rows["targets"], removed, doc_id)


def _promote_restatements(targets: list[dict], removed: set[int], doc_id: str) -> None:
    """A removed first statement hands its statement on to its next restatement."""
    gone = {f"{doc_id}:{s}" for s in removed}
    by_statement: dict[str, list[dict]] = {}
    for t in sorted(targets, key=lambda t: t["number_start"]):
        if t["statement_id"] in gone:
            by_statement.setdefault(t["statement_id"], []).append(t)
    for members in by_statement.values():
        first = members[0]["target_id"]
        for t in members:
            t["statement_id"] = first
            t["is_primary"] = t["target_id"] == first


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
