"""Reader's words for the store's codes: year bases, scopes, periods, reasons, kinds.

Reports never show a code (``document_horizon:到2027年``, ``per_1000_pop``, ``list_index``):
every code a page prints goes through one of these functions. Unknown codes (a scope or reason
added to the rules later) fall back to their words with underscores as spaces, never to nothing.
How a target itself is written (comparator symbol, value, unit, year: '≥ 12 个 (2025)') is
decided in the views, not here: see ``targets_labelled`` and ``comparator_labels``.
"""

from __future__ import annotations

import re
from typing import Any

NO_SCOPE = "全部 / all"
NO_YEAR = "未写明 / not stated"

SCOPES = {
    "urban": "城区 / urban",
    "rural": "乡村 / rural",
    "primary_care": "基层 / primary care",
    "tertiary_hospitals": "三级医院 / tertiary hospitals",
    "secondary_hospitals": "二级医院 / secondary hospitals",
    "secondary_and_above_hospitals": "二级及以上医院 / secondary and above hospitals",
    "municipal_hospitals": "市级医院 / municipal hospitals",
    "county_hospitals": "县级医院 / county hospitals",
}
# What happened to a number in the text (mentions.reason), for the document reader's hover.
REASONS = {
    "quantity_in_plan": "规划中的量化目标 / a quantity the plan sets",
    "change_from_baseline": "相对基线的变化 / change from a baseline",
    "reference_cue": "现状数据 / a stated fact (reference cue)",
    "population_fact": "人口等现状 / a population or other fact",
    "list_index": "条目编号 / list number",
    "law_or_label": "名称中的数字 / part of a name or programme",
    "tier_label": "等级名称 / tier label (e.g. 三级)",
    "year": "年份 / a year",
    "date": "日期 / a date",
    "doc_number": "文号 / document number",
    "ordinal": "序数 / ordinal",
    "page_chrome": "页面信息 / page furniture",
    "number_run": "成串的数字 / one of a run of numbers without words between them",
    "year_span": "年份区间 / a span of years",
    "age_group": "年龄段 / age group",
    "list_count": "条目数量 / count of listed items",
    "standard_label": "标准名称 / name of a standard",
    "condition": "条件 / a condition, not a goal",
    "plan_period": "规划期 / plan period",
    "bare_number": "无单位的数字 / bare number",
    "code_label": "编码 / a code",
    "phone": "电话 / phone number",
    "vague_quantity": "约数 / vague quantity",
    "unparsed_numeral": "无法解析的数字 / numeral not parsed",
}
# What kind of promise a target is (targets.target_type).
TARGET_TYPES = {
    "level": "水平 / a level to reach",
    "change": "变化量 / a change from a baseline",
    "relative_change": "相对变化 / a relative change",
    "increment": "新增 / new additions",
    "stock": "总量 / a total to exist",
    "rank": "排名 / a rank",
    "ratio": "比例 / a ratio",
}
COMMITMENTS = {"committed": "明确 / committed", "aspirational": "力争 / aspirational"}
KINDS = {
    "target": "目标 / target",
    "reference": "参考事实 / reference fact",
    "ignored": "忽略 / ignored",
}
_LEVEL = {"sentence": "同一句 / same sentence", "paragraph": "同一段 / same paragraph"}
_BASIS = re.compile(r"^(?P<kind>[a-z_]+)(?::(?P<surface>.*?))?(?: \((?P<level>\w+)\))?$")


def _missing(value: Any) -> bool:
    """True for None, NaN and pandas' NA/NaT."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT differ from themselves
    except (TypeError, ValueError):
        return True  # pandas' NA: a comparison with it is NA, whose truth is undefined


def humanise(code: Any) -> str:
    """A code's words: 'secondary_and_above' → 'secondary and above'; missing → ''."""
    return "" if _missing(code) else str(code).replace("_", " ")


def scope_text(scope: Any) -> str:
    """A target's scope in words; no scope is always written ``NO_SCOPE``."""
    if _missing(scope) or scope in ("", "all"):
        return NO_SCOPE
    return SCOPES.get(str(scope), humanise(scope))


def reason_text(reason: Any) -> str:
    """Why a number is a target, a reference or ignored, in words."""
    return REASONS.get(str(reason), humanise(reason))


def target_type_text(target_type: Any) -> str:
    """'increment' → '新增 / new additions'; missing → ''."""
    return (
        "" if _missing(target_type) else TARGET_TYPES.get(str(target_type), humanise(target_type))
    )


def commitment_text(commitment: Any) -> str:
    """'aspirational' → '力争 / aspirational', 'committed' → '明确 / committed'; missing → ''."""
    return "" if _missing(commitment) else COMMITMENTS.get(str(commitment), humanise(commitment))


def kind_text(kind: Any) -> str:
    """'target' → '目标 / target'."""
    return KINDS.get(str(kind), humanise(kind))


def period_text(period: Any) -> str:
    """'annual' → '每年 / per year'; 'span:5' → '5年累计 / over 5 years'; none → ''."""
    if _missing(period) or not period:
        return ""
    if period == "annual":
        return "每年 / per year"
    if str(period).startswith("span:"):
        n = str(period).split(":", 1)[1]
        return f"{n}年累计 / over {n} years"
    return humanise(period)


def year_basis_text(basis: Any) -> str:
    """How a target got its year, in words: 'explicit:到2025年底 (sentence)' → '文中写明 …'."""
    if _missing(basis) or basis in ("", "none"):
        return NO_YEAR
    m = _BASIS.match(str(basis))
    if m is None:
        return humanise(basis)
    kind, surface, level = m["kind"], (m["surface"] or "").strip(), m["level"]
    where = f"（{_LEVEL[level]}）" if level in _LEVEL else ""
    if kind == "explicit":
        return f"文中写明 / stated: {surface}{where}"
    if kind == "plan_period":
        return f"规划期 / plan period: {surface}{where}"
    if kind == "relative":
        words = surface.replace(" from ", "，自") + ("年起" if " from " in surface else "")
        return f"相对年份 / counted from publication: {words}{where}"
    if kind == "document_horizon":
        return f"推定：文件目标年 / inferred from the document's horizon: {surface}"
    return f"{humanise(kind)}: {surface}".strip(": ")
