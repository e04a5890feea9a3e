"""Our YAML bank format, field by field: the one description the checker and the JSON Schema share.

Every field a bank, a question or an answer entry may have is listed here once, as a JSON
Schema fragment. From these lists:

- :mod:`kit.quiz.yaml_format` takes which fields are known (anything else is reported with
  a "did you mean" hint) and then checks values with line numbers and builds the questions
  with their constructors (which check once more, as the model);
- :data:`META_FIELDS` describe an item for authors and instructors (its Bloom level, the
  earlier banks it asks again); they are not graded and not constructor arguments: the
  checker validates them and the bank keeps them (:meth:`kit.quiz.checking.Bank.info`);
- :func:`json_schema` builds ``data/quizzes/schema-1.json`` (for editors' completion); a test
  fails when the file and this module differ (``python -m kit.quiz.schema`` rewrites it),
  and another when a question type of :data:`kit.quiz.questions.TYPES` has no entry here or
  a field here is not a parameter of its class.

Examples
--------
>>> sorted(question_fields("ordering") - COMMON_FIELDS.keys() - META_FIELDS.keys())
['feedback', 'items', 'scoring']
>>> BLOOM_LEVELS[2:]
('apply', 'analyze', 'evaluate', 'create')
>>> sorted(answer_fields("single"))
['code', 'correct', 'feedback', 'misconception', 'text']
>>> sorted(answer_fields("numeric"))
['correct', 'feedback', 'range', 'rel_tolerance', 'tolerance', 'value']
"""

from __future__ import annotations

import json
import sys
from typing import Any

from kit.quiz.base import ID_RE

__all__ = [
    "SCHEMA_VERSION",
    "BLOOM_LEVELS",
    "BANK_FIELDS",
    "COMMON_FIELDS",
    "META_FIELDS",
    "KIND_FIELDS",
    "KIND_REQUIRED",
    "KIND_ANY_OF",
    "question_fields",
    "answer_fields",
    "json_schema",
    "schema_text",
]

SCHEMA_VERSION = 1

_ID = {"type": "string", "pattern": ID_RE.pattern}
_FEEDBACK = {"type": "string", "description": "Shown when this answer is given."}
_TEXT_MAP = {"type": "object", "additionalProperties": {"type": "string"}}

#: The levels of the revised Bloom taxonomy (Anderson & Krathwohl 2001), lowest first; the
#: value of a question's ``bloom`` field. From ``apply`` on, a learner uses an idea on a case
#: they have not seen, takes a result apart, judges a claim or makes something new.
BLOOM_LEVELS = ("remember", "understand", "apply", "analyze", "evaluate", "create")

#: The top level of a bank file.
BANK_FIELDS: dict[str, Any] = {
    "schema": {"const": SCHEMA_VERSION},
    "id": {**_ID, "description": "Bank id; defaults to the file name."},
    "title": {"type": "string"},
    "description": {"type": "string"},
    "questions": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/question"}},
    "delayed_check": {
        "type": "array",
        "items": _ID,
        "uniqueItems": True,
        "description": "Ids of a few questions of this bank to ask again about a week later.",
    },
}

#: Fields every question type takes (the keyword arguments of :class:`kit.quiz.base.Question`,
#: plus ``type``).
COMMON_FIELDS: dict[str, Any] = {
    "id": {**_ID, "description": "Stable id; progress is stored under it."},
    "type": {"enum": ["single", "multi", "numeric", "text", "ordering", "matching"]},
    "prompt": {"type": "string", "minLength": 1, "description": "The question; $...$ is TeX math."},
    "code": {"type": "string", "description": "A code block shown under the prompt."},
    "points": {"type": "number", "exclusiveMinimum": 0, "default": 1},
    "hints": {
        "type": "array",
        "items": {"type": "string"},
        "description": "One more is shown per failed attempt, or on request.",
    },
    "explanation": {"type": "string", "description": "Shown once right or out of attempts."},
    "max_attempts": {
        "type": ["integer", "null"],
        "minimum": 1,
        "description": "Unlimited when absent.",
    },
    "shuffle": {"type": "boolean", "default": True},
    "default_feedback": {
        "type": "string",
        "description": "Shown for a wrong answer without its own feedback.",
    },
}

#: Fields that describe a question for authors and instructors. Every type may have them;
#: they change nothing in grading or display, so they are not constructor arguments.
META_FIELDS: dict[str, Any] = {
    "bloom": {
        "enum": list(BLOOM_LEVELS),
        "description": "What the question asks the learner to do (revised Bloom taxonomy).",
    },
    "revisits": {
        "type": "array",
        "items": _ID,
        "minItems": 1,
        "uniqueItems": True,
        "description": "Ids of earlier banks whose ideas this question asks again (spacing).",
    },
}

_CHOICE_ANSWERS = {
    "type": "array",
    "minItems": 2,
    "items": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "text": {"type": "string"},
            "code": {"type": "string"},
            "correct": {"type": "boolean", "default": False},
            "feedback": _FEEDBACK,
            "misconception": {
                "type": "string",
                "minLength": 1,
                "description": "The named misconception a wrong option stands for.",
            },
        },
        "anyOf": [{"required": ["text"]}, {"required": ["code"]}],
    },
}

#: The fields of each question type besides :data:`COMMON_FIELDS`, by YAML ``type``.
KIND_FIELDS: dict[str, dict[str, Any]] = {
    "single": {"answers": _CHOICE_ANSWERS},
    "multi": {"answers": _CHOICE_ANSWERS, "partial_credit": {"type": "boolean", "default": True}},
    "numeric": {
        "answer": {"type": "number"},
        "tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
        "sig_figs": {
            "type": "integer",
            "minimum": 1,
            "description": "Round the response to this many significant digits first.",
        },
        "answers": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "value": {"type": "number"},
                    "range": {
                        "type": "array",
                        "items": {"type": "number"},
                        "minItems": 2,
                        "maxItems": 2,
                        "description": "[low, high): low <= x < high",
                    },
                    "tolerance": {"type": "number", "minimum": 0},
                    "rel_tolerance": {"type": "number", "minimum": 0},
                    "correct": {"type": "boolean", "default": True},
                    "feedback": _FEEDBACK,
                },
                "oneOf": [{"required": ["value"]}, {"required": ["range"]}],
            },
        },
    },
    "text": {
        "answers": {
            "type": "array",
            "minItems": 1,
            "items": {
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "text": {"type": "string"},
                            "regex": {"type": "string"},
                            "correct": {"type": "boolean", "default": True},
                            "feedback": _FEEDBACK,
                            "match_case": {"type": "boolean"},
                            "fuzzy_threshold": {"type": "number", "minimum": 0, "maximum": 1},
                        },
                        "oneOf": [{"required": ["text"]}, {"required": ["regex"]}],
                    },
                ]
            },
        },
        "match_case": {"type": "boolean", "default": False},
        "fuzzy_threshold": {"type": "number", "minimum": 0, "maximum": 1},
        "normalize_whitespace": {"type": "boolean", "default": True},
    },
    "ordering": {
        "items": {
            "type": "array",
            "minItems": 2,
            "items": {"type": "string"},
            "uniqueItems": True,
            "description": "In the right order.",
        },
        "scoring": {"enum": ["pairwise", "position", "all_or_nothing"], "default": "pairwise"},
        "feedback": _TEXT_MAP,
    },
    "matching": {
        "pairs": {"type": "object", "minProperties": 2, "additionalProperties": {"type": "string"}},
        "distractors": {"type": "array", "items": {"type": "string"}},
        "partial_credit": {"type": "boolean", "default": True},
        "feedback": _TEXT_MAP,
    },
}

#: Fields a question type cannot do without, besides ``id``, ``type`` and ``prompt``.
KIND_REQUIRED: dict[str, list[str]] = {
    "single": ["answers"],
    "multi": ["answers"],
    "numeric": [],
    "text": ["answers"],
    "ordering": ["items"],
    "matching": ["pairs"],
}


#: Alternatives where one of several fields is needed (JSON Schema ``anyOf``).
KIND_ANY_OF: dict[str, list[list[str]]] = {"numeric": [["answer"], ["answers"]]}


def question_fields(kind: str) -> set[str]:
    """Every field a question of YAML type ``kind`` may have."""
    return set(COMMON_FIELDS) | set(META_FIELDS) | set(KIND_FIELDS[kind])


def answer_fields(kind: str) -> set[str]:
    """The fields of one mapping entry in ``answers`` of a question of type ``kind``."""
    items = KIND_FIELDS[kind]["answers"]["items"]
    if "properties" not in items:  # text: a string or a mapping
        items = next(x for x in items["oneOf"] if x.get("type") == "object")
    return set(items["properties"])


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the format, as ``data/quizzes/schema-1.json`` holds it."""
    base = ["id", "type", "prompt"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/kit/kit/data/quizzes/schema-1.json",
        "title": f"kit quiz bank, schema {SCHEMA_VERSION}",
        "description": (
            "A kit question bank (YAML). For editors' completion and early hints; `kit quiz "
            "check` does the real checking, with line numbers. See README.md beside this file."
        ),
        "type": "object",
        "required": ["schema", "questions"],
        "additionalProperties": False,
        "properties": BANK_FIELDS,
        "$defs": {
            "question": {
                "type": "object",
                "required": base,
                "properties": {"type": COMMON_FIELDS["type"]},
                "allOf": [
                    {
                        "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
                        "then": _then(kind, fields, base),
                    }
                    for kind, fields in KIND_FIELDS.items()
                ],
            }
        },
    }


def _then(kind: str, fields: dict[str, Any], base: list[str]) -> dict[str, Any]:
    then = {
        "type": "object",
        "required": base + KIND_REQUIRED[kind],
        "properties": {**COMMON_FIELDS, **META_FIELDS, **fields},
        "additionalProperties": False,
    }
    if kind in KIND_ANY_OF:
        then["anyOf"] = [{"required": names} for names in KIND_ANY_OF[kind]]
    return then


def schema_text() -> str:
    """:func:`json_schema` as the text of ``data/quizzes/schema-1.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m kit.quiz.schema > data/quizzes/schema-1.json
    sys.stdout.write(schema_text())
