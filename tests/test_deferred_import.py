"""The stand-in for a slow third-party import changes nothing but when it is imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("rfc3987_syntax")

PROBE = r"""
import sys, kit
from kit import _deferred
standin = sys.modules["rfc3987_syntax"]
assert isinstance(standin, _deferred._StandIn), type(standin)
import nbformat  # what plotly's renderers import: no grammar is built
assert "lark" not in sys.modules, "the slow module was imported"
from jsonschema import Draft202012Validator, FormatChecker
v = Draft202012Validator({"format": "iri"}, format_checker=FormatChecker())
good = v.is_valid("https://example.org/caf%C3%A9")
bad = v.is_valid("not an iri with spaces")
assert "lark" in sys.modules and not isinstance(sys.modules["rfc3987_syntax"], _deferred._StandIn)
print(good, bad)
"""

REAL = r"""
import rfc3987_syntax
from jsonschema import Draft202012Validator, FormatChecker
v = Draft202012Validator({"format": "iri"}, format_checker=FormatChecker())
print(v.is_valid("https://example.org/caf%C3%A9"), v.is_valid("not an iri with spaces"))
"""


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_stand_in_defers_the_import_and_validates_as_the_real_module_does():
    assert _run(PROBE) == _run(REAL) == "True False"
