"""Comparator words around a number: 以上/不少于/达到 → '>=', 少于/低于 → '<', 以下/以内/控制在 → '<='.

The comparator comes only from words that bind the number itself. A hedge (力争, 争取) says how
firm the promise is, not which way it points: it is read as ``commitment`` by
:mod:`regionhealth.semantics` and never changes the comparator.
"""

from __future__ import annotations

import re

COMPARATORS = (">=", ">", "<=", "<", "=", "range", "approx")

# Words written right after the number (and its unit) win over words before it:
# "控制在1‰以下" is '<=' because of 以下, "达到90%以上" '>=' because of 以上.
_AFTER = (
    (re.compile(r"^\s*[”\"’]?\s*(?:及以上|以上|或以上|及更高|以上水平)"), ">="),
    (re.compile(r"^\s*[”\"’]?\s*(?:及以下|以下|以内|之内|内)"), "<="),
    (re.compile(r"^\s*[”\"’]?\s*(?:左右|上下)"), "approx"),
    # "15分钟医疗服务圈", "3公里服务半径圈": a circle of N minutes is reached within N (≤ N).
    (re.compile(r"^\s*[“\"]?[^，,。；;、“”\"\d]{0,8}圈"), "<="),
)
# Words written before the number, searched backwards from the number (nearest first).
_BEFORE = (
    (
        re.compile(
            r"(?:不少于|不低于|不小于|至少|最少|达到|达|提高到|提高至|提升到|提升至|增加到|增加至|增长到|确保|保持在|稳定在|高于|大于等于|≥|>=)\s*$"
        ),
        ">=",
    ),
    (re.compile(r"(?:超过|超出|多于|大于|超|>)\s*$"), ">"),
    # "进入前50位": a rank within the first N is a position ≤ N.
    (re.compile(r"(?<![提此之以目当])前\s*$"), "<="),
    (
        re.compile(
            r"(?:不超过|不高于|不多于|不大于|控制在|降低到|降低至|降至|下降到|下降至|减少到|压缩到|小于等于|≤|<=)\s*$"
        ),
        "<=",
    ),
    (re.compile(r"(?:少于|低于|小于|<)\s*$"), "<"),
    (re.compile(r"(?:约|大约|近|左右)\s*$"), "approx"),
)


def comparator(before: str, after: str, is_range: bool = False) -> str:
    """Comparator of a number from the text ``before`` it (same clause) and ``after`` its unit."""
    if is_range:
        return "range"
    for pattern, comp in _AFTER:
        if pattern.search(after):
            return comp
    tail = before[-12:]
    # Nearest comparator word first; at the same distance the longer word wins (不低于 over 低于).
    for cut in range(min(len(tail), 8) + 1):
        head = tail[: len(tail) - cut]
        if re.search(r"[率比数量]", tail[len(tail) - cut :]):
            break  # "达标率100%": the 达 belongs to a word before the indicator, not to the number
        hits = [(len(m.group(0)), comp) for pattern, comp in _BEFORE if (m := pattern.search(head))]
        if hits:
            return max(hits)[1]
    return "="
