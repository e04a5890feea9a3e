"""Scenario codes: a short text that holds one scenario exactly, to copy, paste and hand in.

A code looks like ``kit1:q1YqLkksSU3PTMxRslJKKsrPT1HSUSpITVGyMjQw0FEqzsjMS...`` It is the
scenario's strategy, its seed and every field that differs from ``Scenario``'s default, as
compact JSON, deflated (raw DEFLATE primed with :data:`ZDICT`, the field names and common
values, so a name costs a back-reference instead of its letters), written in URL-safe base64,
with a CRC-32 check at the end. Decoding
only ever reads JSON numbers, strings and lists and builds a :class:`Scenario` from them
(never ``pickle`` or ``eval``), so a code cannot run anything but a scenario.

A bad code (cut short, changed by hand, made by a newer kit, naming a field this kit does
not know, or holding a value out of range) raises :class:`CodeError`, a ``KitError`` and a
``ValueError`` whose message is one sentence saying what is wrong.

Examples
--------
>>> from kit.sim import Scenario
>>> s = Scenario.preset("broadcast", population=5_000, weeks=104, seed=7, p_ad=0.04)
>>> code = s.to_code()
>>> code.startswith("kit1:"), len(code) < 200
(True, True)
>>> Scenario.from_code(code) == s
True
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import zlib
from collections.abc import Collection
from typing import Any

from kit.errors import KitError

PREFIX = "kit"
VERSION = 1
#: Codes longer than this are refused before decoding (a real one is far shorter).
MAX_CODE = 4_000
#: At most this many bytes are inflated (a zip bomb stops here).
MAX_JSON = 8_000
#: The deflate dictionary of format kit1: frozen forever (a later field simply compresses
#: less well); changing it would make every kit1 code unreadable.
ZDICT = (
    b'"initial_followers":"ambassador_hours":"ambassadors":"prior_a":"prior_b":"fame":'
    b'"follow_after_engage":"forget":"unfollow_base":"unfollow_fatigue":"rec_base":'
    b'"satisfaction":"help_evidence":"tie_gain":"tie_decay":"explore":"capacity":'
    b'"follow_back":"tolerance":"fatigue_decay":"spam_weight":"content_tie":'
    b'"content_evidence":"promo_share":"post_cost":"connect_cost":"engage_cost":'
    b'"rewire":"mean_degree":"graph":"small_world","complete","weeks":104,'
    b'"population":5000,"hours":"reach":"p_rel":"q_wom":"p_ad":0.0'
    b'{"strategy":"broadcast","acquainting","relationship","balanced","celebrity",[0.'
    b'"seed":'
)


class CodeError(KitError, ValueError):
    """A scenario code that cannot be read; the message says why in one sentence."""


def encode_fields(fields: dict[str, Any]) -> str:
    """The code of a scenario's fields (JSON numbers, strings and lists): ``kit1:`` then
    base64url(deflate(JSON)) and a CRC-32 check. :meth:`Scenario.to_code` chooses the fields
    (the strategy, the seed and every non-default field)."""
    return pack(json.dumps(fields, separators=(",", ":"), allow_nan=False).encode())


def pack(payload: bytes, version: str = f"{PREFIX}{VERSION}") -> str:
    """``version:`` + base64url(raw deflate of ``payload`` with :data:`ZDICT`) + ``.crc32``."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, ZDICT)
    packed = deflater.compress(payload) + deflater.flush()
    body = base64.urlsafe_b64encode(packed).decode().rstrip("=")
    check = zlib.crc32(body.encode()) & 0xFFFFFFFF
    return f"{version}:{body}.{check:08x}"


def _check_value(name: str, value: Any) -> Any:
    if name == "strategy":
        if isinstance(value, str):
            return value
        if (
            isinstance(value, list)
            and len(value) == 3
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        ):
            return tuple(value)
        raise CodeError(
            "This scenario code's strategy is neither a preset name nor three time shares; "
            "copy the code again from where it was made."
        )
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CodeError(
            f"This scenario code gives {name} a value that is not a number ({value!r}); "
            "copy the code again from where it was made."
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise CodeError(f"This scenario code gives {name} a value that is not finite.")
    return value


def decode_fields(text: Any, known: Collection[str]) -> dict[str, Any]:
    """Read a code made by :func:`encode_fields` back into its fields, checked as data.

    Only field names in ``known`` are allowed, and only JSON numbers, strings, ``null`` and
    the strategy's list of three numbers; :meth:`Scenario.from_code` builds the scenario.

    Raises
    ------
    CodeError
        With one sentence saying what is wrong: not a code, cut short or changed, made by a
        newer kit, an unknown field, or a value that is not a number.
    """
    if not isinstance(text, str):
        raise CodeError(f"A scenario code is text starting 'kit1:', not {type(text).__name__}.")
    code = "".join(text.split())  # spaces and line breaks picked up while copying
    if not code:
        raise CodeError("The scenario code is empty; paste a code that starts with 'kit1:'.")
    if len(code) > MAX_CODE:
        raise CodeError(
            f"This text is {len(code):,} characters long, far longer than any scenario code; "
            "paste just the code that starts with 'kit1:'."
        )
    head, sep, rest = code.partition(":")
    version = head[len(PREFIX) :]
    if not sep or not head.startswith(PREFIX) or not version.isdigit():
        raise CodeError(
            "This is not a scenario code: a code starts with 'kit1:' (copy it again, whole)."
        )
    if int(version) > VERSION:
        raise CodeError(
            f"This scenario code was made by a newer kit (format {head}, this kit reads "
            f"{PREFIX}{VERSION}); update the kit (pip install -U kit) to open it."
        )
    if int(version) != VERSION:
        raise CodeError(f"This scenario code's format {head} is not one this kit knows.")
    body, dot, check = rest.rpartition(".")
    damaged = CodeError(
        "This scenario code is damaged or incomplete (its check does not match); "
        "copy it again, whole, from where it was made."
    )
    if not dot or len(check) != 8:
        raise damaged
    try:
        if int(check, 16) != zlib.crc32(body.encode()) & 0xFFFFFFFF:
            raise damaged
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj(-15, ZDICT)
        raw = inflater.decompress(packed, MAX_JSON)
        if inflater.unconsumed_tail or not inflater.eof:
            raise damaged
        fields = json.loads(raw.decode())
    except (ValueError, binascii.Error, zlib.error, UnicodeDecodeError, RecursionError):
        # RecursionError: JSON nested thousands deep (no real code nests more than one list)
        raise damaged from None
    if not isinstance(fields, dict):
        raise damaged
    unknown = sorted(set(fields) - set(known))
    if unknown:
        raise CodeError(
            f"This scenario code sets {', '.join(map(str, unknown))[:200]}, which this kit does "
            "not know; it was probably made by a newer kit (pip install -U kit)."
        )
    return {name: _check_value(name, value) for name, value in fields.items()}
