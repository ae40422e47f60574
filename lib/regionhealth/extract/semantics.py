"""What kind of promise each target is: type, per-unit quota, commitment, statement, baseline, binding.

A stage after :mod:`regionhealth.extract.describe`: it reads the described targets (value, unit, indicator,
scope, year), the cleaned text and the rules of ``data/catalog/semantics.yaml``, and returns one
frozen :class:`TargetSemantics` per target, keyed by the number's start offset. It changes no field
of a target; everything it decides is in the record it returns.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple

from regionhealth.catalog.semantic_rules import SemanticRules
from regionhealth.catalog.units import Units
from regionhealth.extract.baseline import baseline
from regionhealth.extract.records import Described, TargetSemantics
from regionhealth.patterns.anyof import InWindows
from regionhealth.text import clean as textmod

TARGET_TYPES = ("level", "change", "increment", "stock", "rank", "ratio")
COMMITMENTS = ("committed", "aspirational")


# --- the stage ---------------------------------------------------------------------------------


def describe_semantics(
    targets: Sequence[Described],
    text: str,
    sentences: textmod.SpanIndex,
    clauses: textmod.ClauseIndex,
    rules: SemanticRules,
    units: Units,
) -> dict[int, TargetSemantics]:
    """One record per target (keyed by its start offset), in document order (``clauses``: the
    clause boundaries of ``text``; ``units``: the catalog's)."""
    targets = sorted((t for t in targets if t.kind == "target"), key=lambda t: t.start)
    if not targets:
        return {}
    bounds = clauses.bounds
    clause_starts = [bounds(t.start, t.end)[0] for t in targets]
    per_unit = _per_units(targets, clause_starts, text, sentences, rules)
    context = _Context(
        text=text,
        sentences=sentences,
        rules=rules,
        units=units,
        lead_ins=_LeadIns(text, rules),
        hedges=InWindows(rules.hedges, text),
        binding_words=[(code, InWindows(p, text)) for code, p in rules.binding_words],
    )
    partial: dict[int, _Decided] = {}
    previous: tuple[Described, _Decided] | None = None
    for t, clause_a in zip(targets, clause_starts, strict=True):
        decided = _decide(t, clause_a, previous, per_unit.get(t.start, (None, None)), context)
        partial[t.start] = decided
        previous = (t, decided)
    statements = _statements(
        targets, partial, text, sentences, clauses, rules.restatement_min_overlap
    )
    return {t.start: _record(t, partial[t.start], statements[t.start]) for t in targets}


class _Decided(NamedTuple):
    """What is decided about a target before its restatements are known."""

    target_type: str
    target_type_basis: str
    per_unit: str | None
    per_unit_as_stated: str | None
    commitment: str
    baseline: tuple[float | None, int | None, str | None]  # value, year, unit
    binding: str | None


class _Context(NamedTuple):
    """What the decisions about every target of a document read: its text, sentences and rules,
    and the searches built once per document."""

    text: str
    sentences: textmod.SpanIndex
    rules: SemanticRules
    units: Units
    lead_ins: _LeadIns
    hedges: InWindows
    binding_words: list[tuple[str, InWindows]]


def _decide(
    t: Described,
    clause_a: int,
    previous: tuple[Described, _Decided] | None,
    per_unit: tuple[str | None, str | None],
    context: _Context,
) -> _Decided:
    """Type, per-unit quota, commitment, baseline and binding of one target (``clause_a``: where
    its clause starts; ``previous``: the target before it and what was decided about it)."""
    text, rules = context.text, context.rules
    s_start, s_end = _sentence_window(t, clause_a, context.sentences)
    clause_before = text[clause_a : t.start]
    ttype, basis = _type_in_sentence(t, clause_before, s_start, previous, context)
    hedged = context.hedges.search(s_start, t.start) or context.lead_ins.hedged(s_start)
    return _Decided(
        target_type=ttype,
        target_type_basis=basis,
        per_unit=per_unit[0],
        per_unit_as_stated=per_unit[1],
        commitment="aspirational" if hedged else "committed",
        baseline=baseline(t, text, clause_before, rules, context.units),
        binding=_binding(t, s_start, s_end, context.binding_words),
    )


def _sentence_window(t: Described, clause_a: int, sentences: textmod.SpanIndex) -> tuple[int, int]:
    """The target's sentence (outside one: its clause up to the target), cut to at most
    CONTEXT characters either side of the target, so the work is linear however long the sentence."""
    sentence = sentences.at(t.start)
    s_start, s_end = (sentence.start, sentence.end) if sentence else (clause_a, t.end)
    return max(s_start, t.start - textmod.CONTEXT), min(s_end, t.end + textmod.CONTEXT)


def _type_in_sentence(
    t: Described,
    clause_before: str,
    s_start: int,
    previous: tuple[Described, _Decided] | None,
    context: _Context,
) -> tuple[str, str]:
    """The target's type and its basis; an "of which" (其中) count or stock in the sentence of a
    previous count or stock takes that target's type."""
    ttype, basis = _target_type(t, clause_before, context.rules, context.units)
    if (
        previous is not None
        and previous[0].start >= s_start
        and context.rules.type_inherit.search(clause_before)
        and ttype in ("increment", "stock")
        and previous[1].target_type in ("increment", "stock")
    ):
        return previous[1].target_type, f"of_which:{previous[1].target_type_basis}"
    return ttype, basis


def _record(t: Described, d: _Decided, first: int) -> TargetSemantics:
    """The stage's record of a target (``first``: where the statement it restates starts)."""
    value, year, unit = d.baseline
    return TargetSemantics(
        target_type=d.target_type,
        target_type_basis=d.target_type_basis,
        per_unit=d.per_unit,
        per_unit_as_stated=d.per_unit_as_stated,
        commitment=d.commitment,
        statement_start=first,
        is_primary=first == t.start,
        baseline_value=value,
        baseline_year=year,
        baseline_unit=unit,
        binding=d.binding,
    )


class _LeadIns:
    """Whether a target's line is an item of a list whose lead-in line is hedged and ends with ':'.

    "力争到2027年实现以下目标:\n——新增2家…;\n——…": the hedge covers every item of the list. The walk
    up passes only items marked like the target's own line (a heading is not an item). What a walk
    finds holds for every line it passed, so each line of a document is walked over at most once
    per item marking, and lines are found by bisection: a list of any length, or a text without a
    line break, costs linear time.
    """

    def __init__(self, text: str, rules: SemanticRules) -> None:
        self.text, self.rules = text, rules
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self._found: dict[tuple[int, str], bool] = {}  # (line number, item marking) → hedged

    def hedged(self, pos: int) -> bool:
        """Whether the line holding ``pos`` is an item of a hedged list."""
        text, rules, starts = self.text, self.rules, self.starts
        k = bisect.bisect_right(starts, pos) - 1
        kind = _item_kind(text[starts[k] : starts[k] + 8], rules)
        if kind is None:
            return False
        passed: list[tuple[int, str]] = []
        found = False
        while k > 0:
            known = self._found.get((k, kind))
            if known is not None:
                found = known
                break
            passed.append((k, kind))
            line = text[starts[k - 1] : starts[k] - 1].strip()
            if line and _item_kind(line, rules) != kind:
                found = line.endswith((":", "：")) and bool(rules.hedges.search(line))
                break
            k -= 1
        for key in passed:
            self._found[key] = found
        return found


_LINE_BREAK = re.compile("\n")


def _item_kind(line: str, rules: SemanticRules) -> str | None:
    """How a list item is marked (``semantics.yaml: list_items``: dash ——, number 1., paren (一),
    cn 一、), None if the line is not one."""
    m = rules.list_item.match(line)
    if m is None:
        return None
    groups = m.groupdict()
    for kind in rules.list_item_kinds:
        if groups[kind] is not None:
            return kind
    raise AssertionError("a list item matches one marking")  # pragma: no cover


def _target_type(
    t: Described, clause_before: str, rules: SemanticRules, units: Units
) -> tuple[str, str]:
    """(target_type, basis): see the order of decisions in semantics.yaml."""
    unit = t.unit or t.stated_unit or "count"
    dim = units.dimension(unit)
    if t.reason == "change_from_baseline" or dim == "percentage_point_change":
        return "change", "change_from_baseline"
    if dim == "rank":
        return "rank", "unit:rank"
    if dim == "ratio_to_one":
        return "ratio", "unit:ratio_to_one"
    if dim not in rules.count_dimensions:
        return "level", f"unit:{unit}"
    best: tuple[int, str, str] | None = None
    for ttype, pattern in rules.type_cues:
        for m in pattern.finditer(clause_before):
            if best is None or m.end() > best[0]:
                best = (m.end(), ttype, m.group(0))
    if best is not None:
        return best[1], f"cue:{best[2]}"
    if t.period == "annual":
        return "increment", "period:annual"
    return "stock", "default:count"


def _per_units(
    targets: Sequence[Described],
    clause_starts: Sequence[int],
    text: str,
    sentences: textmod.SpanIndex,
    rules: SemanticRules,
) -> dict[int, tuple[str, str]]:
    """Number start → (per_unit code, words as stated) for the quotas per institution or area
    (``clause_starts``: where each target's clause starts)."""
    out: dict[int, tuple[str, str]] = {}
    by_sentence: dict[int, list[tuple[Described, int]]] = {}
    for t, clause_a in zip(targets, clause_starts, strict=True):
        s = sentences.at(t.start)
        by_sentence.setdefault(s.start if s else t.start, []).append((t, clause_a))
    for ts in by_sentence.values():
        carried: tuple[str, str] | None = None
        for t, clause_a in ts:
            found = _per_unit_in(text[clause_a : t.start], rules)
            if found is not None:
                # A quota clause (每个专科设立1个…) lends its unit to the clauses after it.
                carried = found
            if carried is not None:
                out[t.start] = carried
    return out


def _per_unit_in(clause_before: str, rules: SemanticRules) -> tuple[str, str] | None:
    """The per-unit words governing a number, from the text of its clause before it."""
    m = rules.per_unit_subject.search(clause_before)
    if m is None:
        found = list(rules.per_unit_prefixed.finditer(clause_before))
        m = found[-1] if found else None
    if m is None:
        return None
    units = m.group("units") if m.groupdict().get("units") else m.group("one")
    # The first unit word of the list (at one position, the longest) names the unit.
    first = rules.per_unit_first_word.search(units)
    return rules.per_unit_word_code[first.group(0)], m.group(0).strip()


def _binding(
    t: Described, s_start: int, s_end: int, binding_words: list[tuple[str, InWindows]]
) -> str | None:
    """约束性 / 预期性 (``semantics.yaml: binding_words``, searched in the document's text) in the
    target's sentence: the nearest after the number, else before it."""
    if t.binding is not None:  # the 属性 column of an indicator table (describe_table.py)
        return t.binding
    after: tuple[int, str] | None = None
    before: tuple[int, str] | None = None
    for code, pattern in binding_words:
        m = pattern.search(t.end, s_end)
        if m and (after is None or m.start() < after[0]):
            after = (m.start(), code)
        for m in pattern.finditer(s_start, t.start):
            if before is None or m.end() > before[0]:
                before = (m.end(), code)
    return after[1] if after else before[1] if before else None


_MAX_RESTATED = 32


def _statements(
    targets: Sequence[Described],
    partial: dict[int, _Decided],
    text: str,
    sentences: textmod.SpanIndex,
    clauses: textmod.ClauseIndex,
    min_overlap: float,
) -> dict[int, int]:
    """Number start → start of the first statement of the same goal.

    A goal restated elsewhere in the document (目标 list and task text, an annex table) has the
    same indicator, value, unit, scope, per-unit, type, year and annual-or-not, in another
    sentence, in overlapping words. Two such numbers in one sentence are two goals (10名…、10名…).
    """
    # Per key, its first statements and their sentences.
    first: dict[tuple, list[tuple[Described, textmod.Span | None]]] = {}
    out: dict[int, int] = {}
    for t in targets:
        out[t.start] = t.start
        if t.indicator_code is None:
            continue
        p = partial[t.start]
        key = (
            t.indicator_code,
            t.value,
            t.value_high,
            t.unit,
            t.scope,
            p.per_unit,
            p.target_type,
            t.target_year,
            t.period == "annual",
        )
        # The first few statements of a key are the candidates: a real document restates a goal
        # a handful of times, and a bounded number of comparisons keeps this linear.
        here = sentences.at(t.start)
        candidates = first.setdefault(key, [])
        restated: Described | None = None
        for earlier, there in candidates:
            if there is here:  # one sentence (or none): two goals, never a restatement
                if here is None:
                    continue
                # Targets come in document order, so the candidates of this sentence are the
                # last ones: none after this one is in another sentence.
                break
            if _restates(earlier, t, text, sentences, clauses, min_overlap):
                restated = earlier
                break
        if restated is not None:
            out[t.start] = restated.start
        elif len(candidates) < _MAX_RESTATED:
            candidates.append((t, here))
    return out


def _restates(
    a: Described,
    b: Described,
    text: str,
    sentences: textmod.SpanIndex,
    clauses: textmod.ClauseIndex,
    min_overlap: float,
) -> bool:
    """Whether ``b`` restates ``a``: another sentence, overlapping words (clause or sentence)."""
    sa, sb = sentences.at(a.start), sentences.at(b.start)
    if sa is None or sb is None or sa.start == sb.start:
        return False
    ca, cb = clauses.bounds(a.start, a.end), clauses.bounds(b.start, b.end)
    return (
        max(
            _overlap(text[ca[0] : ca[1]], text[cb[0] : cb[1]]),
            _overlap(text[sa.start : sa.end], text[sb.start : sb.end]),
        )
        >= min_overlap
    )


_NOT_WORDS = re.compile(r"[\d\s\W_—]+")


def _overlap(a: str, b: str) -> float:
    """Share of the shorter text's character pairs found in the other (digits, punctuation out)."""
    pa, pb = _pairs(a), _pairs(b)
    return len(pa & pb) / max(1, min(len(pa), len(pb)))


def _pairs(s: str) -> set[str]:
    s = _NOT_WORDS.sub("", s)
    return {s[i : i + 2] for i in range(len(s) - 1)}
