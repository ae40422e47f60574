"""The document reader marks every number with an anchor and its reason, text kept intact."""

from __future__ import annotations

import html
import re

from regionhealth.reports import reader


def mention(start: int, end: int, kind: str, reason: str, **kw) -> dict:
    base = {
        "char_start": start,
        "char_end": end,
        "kind": kind,
        "reason": reason,
        "target_id": None,
        "target_text": None,  # from the view targets_labelled, like year_label
        "year_label": None,
        "year_basis": None,
        "scope": None,
        "indicator_label": None,
    }
    return {**base, **kw}


RAW = "一、目标<x>\n到2025年，建成3个中心。"


def test_numbers_are_marked_by_kind_with_anchor_and_reason() -> None:
    mentions = [
        mention(0, 1, "ignored", "list_index"),
        mention(RAW.index("2025"), RAW.index("2025") + 5, "ignored", "year"),
        mention(
            RAW.index("3个"),
            RAW.index("3个") + 2,
            "target",
            "quantity_in_plan",
            target_id="d:1",
            target_text="= 3 个",
            year_label="2025",
            year_basis="explicit:到2025年",
        ),
    ]
    out = reader.marked_text(RAW, mentions, anchors=[RAW.index("到")])
    target = re.search(r'<mark id="m-(\d+)" class="k-target" title="([^"]*)">3个</mark>', out)
    assert target and int(target[1]) == RAW.index("3个")
    hover = html.unescape(target[2])
    assert "= 3 个" in hover and "文中写明" in hover and "quantity_in_plan" not in hover
    assert 'class="k-ignored" title="忽略 / ignored: 条目编号 / list number"' in out
    assert f'id="q-{RAW.index("到")}"' in out
    # the text itself is unchanged once the markup is removed, and escaped
    assert "&lt;x&gt;" in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == RAW


def test_overlapping_mentions_never_duplicate_text() -> None:
    mentions = [mention(0, 3, "ignored", "date"), mention(1, 2, "ignored", "year")]
    out = reader.marked_text("一二三四", mentions, anchors=[])
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == "一二三四"
