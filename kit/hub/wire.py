"""Attempt rows as JSON between the hub client and the ``kit-progress`` service.

The rows are the progress backends' own (:data:`kit.store.ROW_KEYS`)::

    {"uid": "3f2c...", "class_id": "ws1", "learner": "ada", "bank": "00",
     "question": "where-graded", "response": "\\"In the notebook's ...\\"", "correct": true,
     "score": 1.0, "points": 1.0, "time": "2026-12-05T07:01:02.345+00:00"}

``uid`` is made in the learner's kernel when they submit, so a row sent twice (a retry after
a lost reply, an outbox flushed again) is stored once. ``time`` is when the learner
submitted, not when the service got it. ``response`` is the JSON text of the response.
Rows read back also carry the database's ``id``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from kit.hub.access import check_class_id
from kit.limits import InputError, check_number, check_text, load_json

__all__ = ["WireError", "check_row"]


class WireError(ValueError):
    """A row that is not in the wire format; the message names the field."""


#: Longest ``response`` accepted (the JSON text of one answer; real ones are under 2 kB).
MAX_RESPONSE = 20_000
#: Deepest nesting inside a ``response`` (an ordering or matching answer nests 2).
MAX_RESPONSE_DEPTH = 8


def _text(item: dict, key: str, *, limit: int = 200, empty: bool = False) -> str:
    value = item.get(key)
    if value is None and empty:
        return ""
    if not isinstance(value, str) or (not value and not empty) or len(value) > limit:
        raise WireError(f"{key!r} must be a non-empty string of at most {limit} characters")
    try:
        return check_text(value, name=repr(key), limit=limit, empty=empty)
    except InputError as exc:
        raise WireError(str(exc)) from None


def _number(item: dict, key: str, lo: float, hi: float) -> float:
    try:
        return check_number(item.get(key), name=repr(key), lo=lo, hi=hi)
    except InputError as exc:
        raise WireError(str(exc)) from None


def _response(item: dict) -> str:
    text = _text(item, "response", limit=MAX_RESPONSE, empty=True)
    if text:
        try:  # stored rows are read back by every report: they must parse, shallowly
            value = load_json(
                text, what="'response'", max_bytes=MAX_RESPONSE, max_depth=MAX_RESPONSE_DEPTH
            )
            json.dumps(value, ensure_ascii=False).encode("utf-8")  # "\ud800" escaped inside
        except InputError as exc:
            raise WireError(str(exc)) from None
        except UnicodeEncodeError:
            raise WireError(
                "'response' holds a character that is not valid text (a lone surrogate)"
            ) from None
    return text


def check_row(item: Any) -> dict:
    """Check one attempt row from a request; return it normalised, or raise
    :class:`WireError` naming the bad field.

    Examples
    --------
    >>> check_row({"uid": "u1", "learner": "ada", "bank": "00", "question": "q",
    ...            "response": '"x"', "correct": False, "score": 0, "points": 1,
    ...            "time": "2026-12-05T07:00:00+00:00"})["class_id"]
    ''
    >>> check_row({"uid": "u1"})
    Traceback (most recent call last):
    ...
    kit.hub.wire.WireError: 'learner' must be a non-empty string of at most 200 characters
    """
    if not isinstance(item, dict):
        raise WireError("each attempt must be a JSON object")
    row = {
        "uid": _text(item, "uid", limit=64),
        "class_id": _text(item, "class_id", limit=64, empty=True),
        "learner": _text(item, "learner"),
        "bank": _text(item, "bank"),
        "question": _text(item, "question"),
        "response": _response(item),
        "score": _number(item, "score", 0.0, 1.0),
        "points": _number(item, "points", 0.0, 1e6),
        "time": _text(item, "time", limit=40),
    }
    if not isinstance(item.get("correct"), bool):
        raise WireError("'correct' must be true or false")
    row["correct"] = item["correct"]
    try:
        check_class_id(row["class_id"] or None)
    except ValueError as exc:
        raise WireError(str(exc)) from None
    try:
        when = datetime.fromisoformat(row["time"])
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise WireError("'time' must be an ISO 8601 time with a UTC offset")
    return row
