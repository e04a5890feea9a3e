"""Stored answers and prompts as short plain text, for reports (no imports of the rest of the
classroom, so every module of it may use these)."""

from __future__ import annotations

from typing import Any

from kit.limits import load_json

__all__ = ["response_text", "MAX_SHOWN_RESPONSE"]

#: The most characters of a stored response a report reads.
MAX_SHOWN_RESPONSE = 2_000


def _short(value: Any) -> str:
    """A value as short text: nested containers are not walked (a stored answer may nest
    thousands deep)."""
    if isinstance(value, list | dict | tuple):
        return f"[{len(value)} items]"
    text = str(value)
    return text[:MAX_SHOWN_RESPONSE]


def response_text(value: Any, limit: int = 80) -> str:
    """A response as a short line of text (lists joined, pairs with arrows).

    >>> response_text(["a", "b"]), response_text({"x": "1"}), response_text('"word"')
    ('a, b', 'x → 1', 'word')
    """
    if isinstance(value, str):
        if len(value) > MAX_SHOWN_RESPONSE:
            value = value[:MAX_SHOWN_RESPONSE]  # cut before parsing: the text is all we show
        try:
            value = load_json(value, what="a response", max_depth=8)
        except ValueError:
            pass
    try:
        if isinstance(value, list):
            text = ", ".join(_short(v) for v in value[:50])
        elif isinstance(value, dict):
            text = "; ".join(f"{_short(k)} → {_short(v)}" for k, v in list(value.items())[:50])
        else:
            text = _short(value)
    except (RecursionError, ValueError):  # anything stored, read safely: never raise
        text = "(an answer too deeply nested to show)"
    text = " ".join(text.split()).encode("utf-8", "replace").decode("utf-8")  # lone surrogates
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(text: str) -> str:
    """Markdown and TeX marks taken out of a prompt, for a one-line label."""
    for mark in ("$", "*", "`", "\\"):
        text = text.replace(mark, "")
    return text
