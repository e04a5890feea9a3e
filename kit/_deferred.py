"""Defer one slow third-party import that every lesson kernel would otherwise pay for.

The first plotly figure a kernel shows imports ``plotly.io._renderers``, which imports
``nbformat``, whose validator imports ``jsonschema``, whose format checkers import
``rfc3987_syntax`` (the ``format-nongpl`` extra that ``jupyter-events`` asks for). That module
builds a Lark grammar when it is imported: 3.5 s of a lesson's Run All on a 2-core machine
(``python -X importtime -c "import nbformat"``), paid by every learner in the room at once,
for a checker (``iri`` strings in JSON schemas) no lesson uses. Upstream knows
(python-jsonschema/jsonschema#1428, #1521); until a release imports it lazily, the kit puts a
stand-in under its name that imports the real module the first time anything in it is used,
so behaviour is unchanged and only the time moves.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

NAME = "rfc3987_syntax"
_lock = threading.Lock()


class _StandIn(types.ModuleType):
    """Imports the real module on first use and hands every attribute on to it."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return getattr(_real(), attr)


def _real() -> types.ModuleType:
    with _lock:
        module = sys.modules.get(NAME)
        if isinstance(module, _StandIn):
            del sys.modules[NAME]
        try:
            return importlib.import_module(NAME)
        except BaseException:
            if isinstance(module, _StandIn) and NAME not in sys.modules:
                sys.modules[NAME] = module
            raise


def _is_valid_syntax(*args: Any, **kwargs: Any) -> Any:
    return _real().is_valid_syntax(*args, **kwargs)


def install() -> bool:
    """Put the stand-in in place if the real module is installed and not yet imported."""
    if NAME in sys.modules or importlib.util.find_spec(NAME) is None:
        return False
    stand_in = _StandIn(NAME, "Stand-in: the real module is imported on first use (kit._deferred).")
    stand_in.is_valid_syntax = _is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[NAME] = stand_in
    return True
