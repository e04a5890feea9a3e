"""Moved to :mod:`kit.store` (issue 19); these names are re-exported here only until the
predictions (:mod:`kit.explore.predict`) record through :func:`kit.store.resolve_store` and
:func:`kit.store.record_attempt`. New code imports :mod:`kit.store`.
"""

from __future__ import annotations

from kit.store import (
    Attempt,
    ProgressNotSaved,
    ProgressStore,
    default_class,
    default_learner,
    default_store,
)

__all__ = [
    "Attempt",
    "ProgressNotSaved",
    "ProgressStore",
    "default_class",
    "default_learner",
    "default_store",
]
