"""Bounds for input from someone else: size, depth, aliases, numbers and text, checked first.

Scenario codes, question banks (the kit's YAML and jupyterquiz JSON), progress exports and
requests to the ``kit-progress`` service all come from other people. Before any of it is
used, it goes through these checks, which refuse it with one sentence (:class:`InputError`,
a ``KitError`` and ``ValueError``) instead of letting a parser recurse, a YAML alias expand
into gigabytes, or a 400-digit number reach a database:

- :func:`load_json`: size in bytes, nesting depth (counted before parsing, so a body of
  100,000 ``[`` never reaches the recursive parser), and only finite numbers;
- :func:`load_yaml`: the same, plus YAML aliases counted and the document's size *after*
  aliases are expanded (the "billion laughs" shape: nine aliases of nine, 1 kB of text);
- :func:`check_text`: a string's length and whether it can be written as UTF-8 (a lone
  surrogate such as ``"\\ud800"`` cannot);
- :func:`check_int` and :func:`check_number`: ranges, including whole numbers too large for
  a 64-bit database column.

The limits are module constants, written down in the README's "Limits" section.

Examples
--------
>>> load_json('{"a": [1, 2]}', what="a request")
{'a': [1, 2]}
>>> load_json("[" * 100 + "]" * 100, what="a request")
Traceback (most recent call last):
...
kit.limits.InputError: a request nests more than 32 levels deep; write it flatter
"""

from __future__ import annotations

import json
import math
from typing import Any

from kit.errors import KitError

#: Deepest nesting of lists and maps accepted anywhere (banks nest about 6).
MAX_DEPTH = 32
#: Most YAML aliases (``*name``) in one document.
MAX_ALIASES = 100
#: Most values (scalars, lists, maps) a YAML document may hold once aliases are expanded.
MAX_NODES = 200_000
#: The largest whole number stored (a 64-bit signed database column).
MAX_INT = 2**63 - 1


class InputError(KitError, ValueError):
    """Input from someone else that is too large, too deep or malformed; one sentence."""


def nesting_depth(text: str, stop: int | None = None) -> int:
    """The deepest nesting of ``[``/``{`` in JSON or flow-style YAML text, strings skipped.

    Counted without parsing, in one pass; stops early once ``stop`` is passed.
    """
    depth = deepest = 0
    in_string = escape = False
    quote = ""
    for ch in text:
        if in_string:
            if escape:
                escape = False
            elif ch == "\\" and quote == '"':
                escape = True
            elif ch == quote:
                in_string = False
            continue
        if ch in "\"'":
            in_string, quote = True, ch
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop is not None and deepest > stop:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def _check_size(text: str | bytes, what: str, max_bytes: int) -> None:
    if len(text) > max_bytes:
        raise InputError(
            f"{what} is {len(text):,} bytes; at most {max_bytes:,} are allowed"
            if isinstance(text, bytes)
            else f"{what} is {len(text):,} characters long; at most {max_bytes:,} are allowed"
        )


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def load_json(
    text: str | bytes, *, what: str, max_bytes: int = 1_000_000, max_depth: int = MAX_DEPTH
) -> Any:
    """Parse JSON from someone else, bounded in size and depth; :class:`InputError` if not."""
    _check_size(text, what, max_bytes)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{what} is not UTF-8 text") from None
    depth = nesting_depth(text, stop=max_depth)
    if depth > max_depth:
        raise InputError(f"{what} nests more than {max_depth} levels deep; write it flatter")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise InputError(f"{what} is not valid JSON ({reason})") from None


def safe_loader_class():
    """``yaml.SafeLoader``, with libyaml's C scanner and parser underneath when PyYAML has it.

    Only the scanning and parsing move to C (about ten times faster: the lessons' banks took
    half a second each to read in pure Python); composing and constructing stay in Python, so
    the bounds below still see every node and alias, and nesting still ends in a RecursionError
    rather than in C's stack. The results are the same as ``yaml.SafeLoader``'s.
    """
    import yaml

    try:
        from yaml.cyaml import CParser
    except ImportError:
        return yaml.SafeLoader

    class FastSafeLoader(
        yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
    ):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    return FastSafeLoader


def _yaml_loader(what: str, max_aliases: int, max_nodes: int, max_depth: int):
    import yaml

    class Loader(safe_loader_class()):
        """SafeLoader that counts aliases and the expanded size before building anything."""

        aliases = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                Loader.aliases += 1
                if Loader.aliases > max_aliases:
                    raise InputError(
                        f"{what} uses more than {max_aliases} YAML aliases (*name); write the "
                        "values out instead"
                    )
            return super().compose_node(parent, index)

        def compose_document(self):
            node = super().compose_document()
            _check_expanded(node, what, max_nodes, max_depth)
            return node

    Loader.aliases = 0
    return Loader


def _check_expanded(root, what: str, max_nodes: int, max_depth: int) -> None:
    """Count the values a composed YAML node holds with aliases expanded (memoised per node,
    so nine aliases of nine cost nine steps, not 9**9) and its depth."""
    import yaml

    sizes: dict[int, tuple[int, int]] = {}
    active: set[int] = set()

    def measure(node) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise InputError(f"{what} refers to itself through a YAML alias")
        active.add(key)
        if isinstance(node, yaml.SequenceNode):
            parts = [measure(child) for child in node.value]
        elif isinstance(node, yaml.MappingNode):
            parts = [measure(part) for pair in node.value for part in pair]
        else:
            parts = []
        count = 1 + sum(p[0] for p in parts)
        depth = 1 + max((p[1] for p in parts), default=0)
        active.discard(key)
        if count > max_nodes:
            raise InputError(
                f"{what} expands to more than {max_nodes:,} values (YAML aliases repeat "
                "their anchor's contents); write a smaller file"
            )
        if depth > max_depth:
            raise InputError(f"{what} nests deeper than {max_depth} levels")
        sizes[key] = (count, depth)
        return sizes[key]

    if root is not None:
        measure(root)


def load_yaml(
    text: str,
    *,
    what: str,
    max_bytes: int = 1_000_000,
    max_depth: int = MAX_DEPTH,
    max_aliases: int = MAX_ALIASES,
    max_nodes: int = MAX_NODES,
) -> Any:
    """Parse YAML (safe types only) from someone else, bounded in size, depth and aliases.

    Raises :class:`InputError` for a bound passed; YAML syntax errors are raised as
    ``yaml.YAMLError`` for the caller to word with its own line numbers.
    """
    import yaml

    _check_size(text, what, max_bytes)
    loader = _yaml_loader(what, max_aliases, max_nodes, max_depth)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise InputError(f"{what} nests too deeply to read") from None


def check_text(value: Any, *, name: str, limit: int, empty: bool = False) -> str:
    """A string of at most ``limit`` characters that can be written as UTF-8."""
    if not isinstance(value, str) or (not value and not empty):
        raise InputError(f"{name} must be {'a' if empty else 'a non-empty'} string")
    if len(value) > limit:
        raise InputError(f"{name} must be at most {limit:,} characters, not {len(value):,}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"{name} holds a character that is not valid text (a lone surrogate)"
        ) from None
    return value


def _shown(value: int) -> str:
    """A whole number for a message: as it is, or its size (no huge str() conversion)."""
    if abs(value) < 10**30:
        return str(value)
    return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"


def check_int(value: Any, *, name: str, lo: int = 0, hi: int = MAX_INT) -> int:
    """A whole number in ``[lo, hi]`` (never a bool; never larger than a database column)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{name} must be a whole number")
    if not lo <= value <= hi:
        raise InputError(f"{name} must be between {lo:,} and {hi:,}, not {_shown(value)}")
    return value


def check_number(value: Any, *, name: str, lo: float, hi: float) -> float:
    """A finite number in ``[lo, hi]``; whole numbers of any size are compared exactly."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{name} must be a number")
    if isinstance(value, int):
        if not lo <= value <= hi:  # exact for any size: no float conversion
            raise InputError(f"{name} must be between {lo:g} and {hi:g}, not {_shown(value)}")
        return float(value)
    if not math.isfinite(value) or not lo <= value <= hi:
        raise InputError(f"{name} must be a finite number between {lo:g} and {hi:g}")
    return value
