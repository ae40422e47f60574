"""Every number in the five documents is accounted for, and the classification matches the snapshot."""

from __future__ import annotations

import re

from tests.snapshot import (
    MENTION_FIELDS,
    SEMANTICS_FIELDS,
    SNAPSHOT_DIR,
    counts,
    current_mentions,
    current_target_semantics,
    to_csv,
)

from regionhealth.sources.registry import load_documents
from regionhealth.text.numbers import CN_NUMERAL_CHARS

KINDS = {"target", "reference", "ignored"}


def test_every_digit_of_every_document_is_in_a_classified_mention():
    rows = current_mentions()
    by_doc: dict[str, set[int]] = {}
    for r in rows:
        assert r["kind"] in KINDS and r["reason"], r
        start = int(r["char_start"])
        by_doc.setdefault(r["doc_id"], set()).update(range(start, start + len(r["surface"])))
    for doc in load_documents():
        raw = doc.path.read_text(encoding="utf-8")
        missing = [
            m.group(0)
            for m in re.finditer(r"[0-9０-９]+", raw)
            if m.start() not in by_doc.get(doc.doc_id, set())
        ]
        assert missing == [], f"{doc.doc_id}: digits in no mention: {missing[:10]}"


def test_chinese_numerals_with_a_classifier_are_mentions():
    rows = current_mentions()
    cn = [r for r in rows if r["surface"] and r["surface"][0] in CN_NUMERAL_CHARS]
    assert any(r["kind"] == "target" for r in cn)


def test_classification_counts_match_the_reviewed_snapshot():
    expected = (SNAPSHOT_DIR / "mention_counts.csv").read_text(encoding="utf-8")
    assert to_csv(counts(current_mentions()), ("doc_id", "kind", "reason", "n")) == expected, (
        "coverage changed: review `python -m tests.snapshot --update` and the diff of tests/snapshots/"
    )


def test_mentions_match_the_reviewed_snapshot():
    expected = (SNAPSHOT_DIR / "mentions.csv").read_text(encoding="utf-8")
    assert to_csv(current_mentions(), MENTION_FIELDS) == expected


def test_target_semantics_match_the_reviewed_snapshot():
    expected = (SNAPSHOT_DIR / "target_semantics.csv").read_text(encoding="utf-8")
    assert to_csv(current_target_semantics(), SEMANTICS_FIELDS) == expected, (
        "target semantics changed: review `python -m tests.snapshot --update` and the diff"
    )
