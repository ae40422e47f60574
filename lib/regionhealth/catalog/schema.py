"""JSON Schemas of the reviewed catalog files, and a check that reports the first problem in one line.

A catalog file is edited by domain experts without Python: an unknown key (a typo such as
``synonym:``) or a wrong type must stop the build with a message naming the file, the entry and
the field, not surface later as an indicator that silently never matches.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from regionhealth.errors import RegionhealthError


def _import_jsonschema():  # noqa: ANN202 (returns the module)
    """jsonschema, imported without ``rfc3987_syntax``.

    When that package is installed, jsonschema imports it for its "iri" format checks, and the
    import builds a lark grammar: ~1.7 s and ~138 000 objects in every process that checks the
    catalog (a no-op ``build`` took 2.7 s instead of 0.3). No catalog schema uses a format, so
    the import is refused (jsonschema skips those checks on ImportError) and then allowed again.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import jsonschema

        return jsonschema
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import jsonschema
    finally:
        del sys.modules["rfc3987_syntax"]
    return jsonschema


jsonschema = _import_jsonschema()

_STR = {"type": "string", "minLength": 1}
_STR_LIST = {"type": "array", "items": _STR}
_CODE = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}

INDICATOR = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "name_zh", "name_en", "unit", "better"],
    "anyOf": [{"required": ["synonyms"]}, {"required": ["patterns"]}],
    "properties": {
        "code": _CODE,
        "name_zh": _STR,
        "name_en": _STR,
        "unit": _STR,
        "better": {"enum": ["higher", "lower", "neutral"]},
        "theme": _CODE,
        "description": _STR,
        "synonyms": _STR_LIST,
        "patterns": _STR_LIST,
    },
}

INDICATORS_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["indicators"],
    "properties": {"indicators": {"type": "array", "items": INDICATOR}},
}

THEMES_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["themes"],
    "properties": {
        "themes": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "name_zh", "name_en", "keywords"],
                "properties": {
                    "code": _CODE,
                    "name_zh": _STR,
                    "name_en": _STR,
                    "description": _STR,
                    "keywords": {**_STR_LIST, "minItems": 1},
                },
            },
        }
    },
}

RULES_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "ignore",
        "reference_cues",
        "reference_after",
        "reference_before",
        "condition_before",
        "condition_after",
        "condition_alone",
        "goal_verbs",
        "change_before",
        "condition_units_exempt",
        "chinese_classifiers",
        "pop_base",
        "scopes",
        "bare_quantity_before",
        "vague_one_classifiers",
        "horizon_cues",
        "respectively",
        "list_separators",
        "borrowed_classifiers",
        "listed_number_joins",
        "list_index",
    ],
    "properties": {
        "ignore": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["reason", "pattern"],
                "properties": {"reason": _CODE, "pattern": _STR},
            },
        },
        "reference_cues": _STR_LIST,
        "reference_after": _STR_LIST,
        "reference_before": _STR_LIST,
        "condition_before": _STR_LIST,
        "condition_after": _STR_LIST,
        "condition_alone": _STR_LIST,
        "goal_verbs": _STR,
        "change_before": _STR,
        "condition_units_exempt": _STR_LIST,
        "chinese_classifiers": _STR,
        "pop_base": _STR,
        "scopes": {"type": "object", "additionalProperties": _STR},
        "baseline_year_before": _STR,
        "pop_groups": {"type": "object", "additionalProperties": _STR},
        "bare_quantity_before": {**_STR_LIST, "minItems": 1},
        "vague_one_classifiers": _STR_LIST,
        "horizon_cues": {**_STR_LIST, "minItems": 1},
        "respectively": {**_STR_LIST, "minItems": 1},
        "list_separators": {"type": "array", "items": {**_STR_LIST, "minItems": 1}},
        "borrowed_classifiers": _STR_LIST,
        "listed_number_joins": _STR_LIST,
        "list_index": _STR,
    },
}

_COMPARATOR_ENTRY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["comparator"],
    "anyOf": [{"required": ["words"]}, {"required": ["patterns"]}],
    "properties": {
        "comparator": {"enum": [">=", ">", "<=", "<", "approx"]},
        "words": {**_STR_LIST, "minItems": 1},
        "patterns": {**_STR_LIST, "minItems": 1},
    },
}

COMPARATORS_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["after", "before", "not_across"],
    "properties": {
        "after": {"type": "array", "items": _COMPARATOR_ENTRY},
        "before": {"type": "array", "items": _COMPARATOR_ENTRY},
        "not_across": _STR_LIST,
    },
}

SEMANTICS_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "count_dimensions",
        "type_cues",
        "type_inherit",
        "restatement_min_overlap",
        "per_unit_prefix",
        "per_unit_subject_after",
        "per_unit_join",
        "per_units",
        "per_unit_word_not_before",
        "hedges",
        "list_items",
        "baseline_before",
        "baseline_after",
        "binding_words",
    ],
    "properties": {
        "count_dimensions": {**_STR_LIST, "minItems": 1},
        "type_cues": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {"increment": _STR, "stock": _STR},
        },
        "type_inherit": _STR,
        "restatement_min_overlap": {"type": "number", "minimum": 0, "maximum": 1},
        "per_unit_prefix": _STR,
        "per_unit_subject_after": _STR,
        "per_unit_join": _STR,
        "per_units": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "name_zh", "name_en", "words"],
                "properties": {
                    "code": _CODE,
                    "name_zh": _STR,
                    "name_en": _STR,
                    "words": {**_STR_LIST, "minItems": 1},
                },
            },
        },
        "per_unit_word_not_before": _STR,
        "hedges": _STR,
        "list_items": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": _CODE,
            "additionalProperties": _STR,
        },
        "baseline_before": {**_STR_LIST, "minItems": 1},
        "baseline_after": _STR,
        "binding_words": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {"binding": _STR, "expected": _STR},
        },
    },
}

_ROLES = ("sequence", "indicator", "unit", "baseline", "target", "binding", "other")

TABLES_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["columns", "binding_values"],
    "properties": {
        "columns": {
            "type": "object",
            "additionalProperties": False,
            "required": ["indicator", "target"],
            "properties": {role: {**_STR_LIST, "minItems": 1} for role in _ROLES},
        },
        "binding_values": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"binding": _STR_LIST, "expected": _STR_LIST},
        },
    },
}

_WORDS = {**_STR_LIST, "minItems": 1}


def _section(**words: dict) -> dict:
    """A mapping of exactly the given keys (every one required)."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(words),
        "properties": words,
    }


YEARS_FILE = _section(
    absolute=_section(
        leads=_WORDS,
        hedged_leads=_WORDS,
        outlook_leads=_WORDS,
        deadline_tails=_WORDS,
        other_tails=_WORDS,
    ),
    plan=_section(leads=_WORDS, end_tails=_WORDS, period_tails=_WORDS),
    span_tails=_WORDS,
    named=_section(
        years={
            "type": "object",
            "minProperties": 1,
            "propertyNames": _STR,
            "additionalProperties": {"type": "integer", "minimum": -10, "maximum": 10},
        },
        leads=_WORDS,
        tails=_WORDS,
        not_before=_WORDS,
    ),
    annual=_WORDS,
    vague=_WORDS,
)

_TYPE_NAMES = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    list: "list",
    dict: "mapping",
    type(None): "nothing",
}

# Schema type names in a catalog editor's words ("object" is a YAML mapping, "array" a list).
_SCHEMA_TYPE_NAMES = {"object": "mapping", "array": "list", "null": "nothing"}


def _a(noun: str) -> str:
    """The noun with its indefinite article: 'a string', 'an integer', 'nothing'."""
    if noun == "nothing":
        return noun
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _entry(data: Any, path: list[Any]) -> tuple[str, list[Any]]:
    """Name of the entry a path points into ('indicator #3 (code)', 'scopes') and the rest of it."""
    if len(path) >= 2 and isinstance(path[1], int):
        item = data[path[0]][path[1]]
        name = (
            item.get("code") or item.get("reason") or item.get("comparator")
            if isinstance(item, dict)
            else None
        )
        label = f"{path[0]} #{path[1] + 1}" + (f" ({name})" if name else "")
        return label, path[2:]
    if path:
        return str(path[0]), path[1:]
    return "top level", []


def _describe(error: jsonschema.ValidationError) -> tuple[list[str], str]:
    """(fields, message) of a schema error in the words of a catalog editor."""
    if error.validator == "additionalProperties":
        allowed = set((error.schema.get("properties") or {}).keys())
        extra = sorted(k for k in error.instance if k not in allowed)
        known = ", ".join(sorted(allowed))
        return extra, f"unknown key (allowed: {known})" if known else "unknown key"
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return missing, "missing"
    if error.validator == "anyOf" and "required" in str(error.validator_value):
        keys = " or ".join(k for alt in error.validator_value for k in alt["required"])
        return [], f"needs {keys}"
    if error.validator == "type":
        got = _TYPE_NAMES.get(type(error.instance), type(error.instance).__name__)
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        want = " or ".join(_a(_SCHEMA_TYPE_NAMES.get(w, w)) for w in wanted)
        return [], f"expected {want}, got {_a(got)} ({error.instance!r})"
    if error.validator == "enum":
        return [], f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    if error.validator == "pattern":
        return [], f"{error.instance!r} is not a snake_case code"
    if error.validator == "minLength":
        return [], "must not be empty"
    return [], error.message


def check(data: Any, schema: dict, filename: str) -> None:
    """Raise a one-line RegionhealthError for the first problem of ``data`` against ``schema``."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(
        validator.iter_errors(data),
        key=lambda e: [(0, p) if isinstance(p, int) else (1, str(p)) for p in e.absolute_path],
    )
    if not errors:
        return
    error = errors[0]
    path = list(error.absolute_path)
    entry, rest = _entry(data, path)
    fields, message = _describe(error)
    field = ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in rest)
    field = ", ".join(f"{field}.{f}" if field else f for f in fields) if fields else field
    where = f"{filename}: {entry}" + (f": {field}" if field else "")
    raise RegionhealthError(f"{where}: {message}")


def regex(pattern: object, where: str) -> re.Pattern[str]:
    """``pattern`` from a catalog file compiled, or a one-line error naming ``where`` (file: entry: field).

    Every regular expression of the catalog (and every one assembled from its entries) is
    compiled here, so a bad one stops the build with the same line wherever it is written.
    """
    if not isinstance(pattern, str) or not pattern:
        raise RegionhealthError(f"{where}: pattern must be a non-empty string")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RegionhealthError(f"{where}: bad regular expression {pattern!r} ({exc})") from None
