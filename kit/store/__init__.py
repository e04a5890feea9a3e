"""Attempts, kept anywhere: the kit's storage, which knows no questions and no widgets.

- :class:`ProgressStore` records and reads attempts in the store a URL names
  (``$KIT_PROGRESS_URL``: ``sqlite:///file``, ``postgresql://...``, ``hub``/``https://...``),
  queueing them in a local :class:`Outbox` when the store is down.
- :func:`resolve_store` and :func:`record_attempt`: how a widget (a quiz question, a
  prediction) gets the kernel's one store and records into it with the one retry policy.
- :class:`Backend`: the contract every backend meets (:mod:`kit.store.sql` for SQLite and
  PostgreSQL, :mod:`kit.store.http` for the hub's service); :func:`register_scheme` adds one.
- :mod:`kit.store.export`: attempts as CSV/JSON files, read back and merged.

``import kit.store`` is light: the PostgreSQL driver loads only for a ``postgresql://`` URL.

Examples
--------
>>> import os, tempfile
>>> from types import SimpleNamespace as Graded
>>> store = ProgressStore(os.path.join(tempfile.mkdtemp(), "p.db"), class_id="demo")
>>> record_attempt(store, "b", "q1", "60", Graded(correct=True, score=1.0)).attempt.attempt
1
>>> isinstance(store.backend, Backend)
True
"""

from __future__ import annotations

# The backend modules register their URL schemes when imported, in this order (the order
# an unknown scheme's message lists them in).
# isort: off
from kit.store import sql, http  # noqa: F401

# isort: on
from kit.store.base import (
    DELETE_FILTERS,
    ROW_KEYS,
    SELECT_FILTERS,
    Backend,
    Filters,
    StoreError,
    default_class,
    default_db_path,
    default_learner,
    default_url,
    hide_password,
    open_backend,
    parse_url,
    register_scheme,
)
from kit.store.export import EXPORT_COLUMNS, format_rows, merge_exports, read_export
from kit.store.outbox import Outbox
from kit.store.progress import Attempt, ProgressNotSaved, ProgressStore
from kit.store.recording import Saved, default_store, record_attempt, resolve_store

__all__ = [
    "Attempt",
    "Backend",
    "DELETE_FILTERS",
    "EXPORT_COLUMNS",
    "Filters",
    "Outbox",
    "ProgressNotSaved",
    "ProgressStore",
    "ROW_KEYS",
    "SELECT_FILTERS",
    "Saved",
    "StoreError",
    "default_class",
    "default_db_path",
    "default_learner",
    "default_store",
    "default_url",
    "format_rows",
    "hide_password",
    "merge_exports",
    "open_backend",
    "parse_url",
    "read_export",
    "record_attempt",
    "register_scheme",
    "resolve_store",
]
