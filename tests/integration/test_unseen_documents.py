"""Documents the extractor was not written against (tests/fixtures/docs) come out as reviewed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from regionhealth.catalog import load_catalog
from regionhealth.extract import Mention, find_mentions

FIXTURES = Path(__file__).parents[1] / "fixtures" / "docs"


def _cases(section: str):
    for exp_path in sorted(FIXTURES.glob("*.expected.yaml")):
        expected = yaml.safe_load(exp_path.read_text(encoding="utf-8"))
        doc = exp_path.name.removesuffix(".expected.yaml")
        for i, item in enumerate(expected.get(section) or []):
            yield pytest.param(
                doc, expected["published"], item, id=f"{doc[:10]}-{section}-{i}-{item['number']}"
            )


_cache: dict[str, tuple[str, list[Mention]]] = {}


def _codes() -> set[str]:
    return {ind.code for ind in load_catalog().indicators}


def _mention(doc: str, published, item: dict) -> Mention | None:
    if doc not in _cache:
        raw = (FIXTURES / f"{doc}.txt").read_text(encoding="utf-8")
        pub = published if isinstance(published, date) else date.fromisoformat(str(published))
        _cache[doc] = (raw, find_mentions(raw, pub, load_catalog()))
    raw, mentions = _cache[doc]
    q = raw.index(item["quote_contains"])
    pos = raw.index(item["number"], q)
    for m in mentions:
        if m.start <= pos < m.end or pos <= m.start < pos + len(item["number"]):
            return m
    return None


@pytest.mark.parametrize(("doc", "published", "item"), list(_cases("targets")))
def test_expected_target_is_extracted(doc, published, item):
    m = _mention(doc, published, item)
    assert m is not None and m.kind == "target", m and (m.kind, m.reason)
    # An expected code the catalog does not have yet must come out as no code, never a wrong one.
    code = item["indicator_code"] if item["indicator_code"] in _codes() else None
    got = (m.indicator_code, m.unit, m.comparator, m.target_year, m.scope)
    want = (
        code,
        item["unit"] if code or item["indicator_code"] is None else m.unit,
        item["comparator"],
        item["target_year"],
        item["scope"],
    )
    assert got == want
    assert m.value == pytest.approx(item["value"])
    if "value_high" in item:
        assert m.value_high == pytest.approx(item["value_high"])
    if "period" in item:
        assert m.period is not None and m.period.split(":")[0] == item["period"].split(":")[0]


@pytest.mark.parametrize(("doc", "published", "item"), list(_cases("references")))
def test_expected_reference_is_not_a_target(doc, published, item):
    m = _mention(doc, published, item)
    assert m is not None and m.kind == "reference", m and (m.kind, m.reason)


@pytest.mark.parametrize(("doc", "published", "item"), list(_cases("not_targets")))
def test_furniture_is_not_a_target(doc, published, item):
    m = _mention(doc, published, item)
    assert m is None or m.kind == "ignored", (m.kind, m.reason)


def coded_share() -> tuple[int, int]:
    """(targets found with an indicator code, expected targets) over every fixture document."""
    coded = total = 0
    for doc, published, item in (p.values for p in _cases("targets")):
        m = _mention(doc, published, item)
        total += 1
        coded += m is not None and m.kind == "target" and m.indicator_code is not None
    return coded, total


# The share of the fixtures' targets that carry an indicator code, floored at what the catalog
# reaches today: a catalog change that loses codes fails here (raise the floor as it grows).
CODED_SHARE_FLOOR = 0.80


def test_share_of_fixture_targets_with_an_indicator_code_does_not_fall():
    coded, total = coded_share()
    print(f"coded share: {coded}/{total} = {coded / total:.0%}")
    assert coded / total >= CODED_SHARE_FLOOR
