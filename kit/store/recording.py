"""Recording for a learner: which store a kernel uses, and the one policy for a failure.

Everything that records attempts for a learner (the quiz widgets, predictions) gets its
store from :func:`resolve_store` (one store, one connection and one background retry per
kernel, not one per question) and records through :func:`record_attempt`: a store problem
never stops a lesson, is one sentence, and the attempt waits in the outbox and is sent by a
background thread when the store is back.

Examples
--------
>>> import os, tempfile
>>> from types import SimpleNamespace as Graded
>>> store = ProgressStore(os.path.join(tempfile.mkdtemp(), "p.db"))
>>> saved = record_attempt(store, "b", "q", "42", Graded(correct=True, score=1.0))
>>> saved.attempt.attempt, saved.problem
(1, None)
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kit.errors import KitError
from kit.store.base import ENV_OUTBOX, default_class, default_url
from kit.store.progress import Attempt, ProgressStore

__all__ = ["default_store", "resolve_store", "record_attempt", "Saved", "RETRY_SECONDS"]

_SHARED: dict[tuple, ProgressStore] = {}
_SHARED_LOCK = threading.Lock()


def default_store() -> ProgressStore:
    """The process's store for the current settings (``$KIT_PROGRESS_URL``/``_DB``,
    ``$KIT_CLASS``, ``$KIT_OUTBOX``), shared by every widget that was given no store: one
    connection and one background retry per kernel, not one per question."""
    key = (default_url(), default_class(), os.environ.get(ENV_OUTBOX, ""))
    with _SHARED_LOCK:
        store = _SHARED.get(key)
        if store is None:
            store = _SHARED[key] = ProgressStore(key[0], class_id=key[1])
        return store


def resolve_store(store: ProgressStore | bool | None = None) -> ProgressStore | None:
    """The store a widget records into, from its ``store=`` argument.

    ``None`` (the default): :func:`default_store`, shared by the whole kernel; ``False``:
    nowhere (returns None); a :class:`ProgressStore` (or anything with its methods): that one.

    Examples
    --------
    >>> resolve_store(False) is None, resolve_store() is resolve_store()
    (True, True)
    """
    if store is None:
        return default_store()
    return store or None


#: Seconds between background tries to send attempts a store could not take.
RETRY_SECONDS = 15.0


@dataclass(frozen=True)
class Saved:
    """What became of one attempt given to :func:`record_attempt`.

    ``attempt`` is the stored attempt (numbered), or the one kept in the outbox (numbered 0),
    or None when there was no store. ``problem`` is why it was not stored (None: it was);
    ``retrying`` says it waits in the outbox and is sent in the background every ``every``
    seconds (False when the store refused it as such and it was set aside).
    """

    attempt: Attempt | None = None
    problem: KitError | None = None
    retrying: bool = False
    every: float = RETRY_SECONDS


def record_attempt(
    store: ProgressStore | None,
    bank: str,
    question: str,
    response: Any,
    feedback,
    *,
    learner: str | None = None,
    points: float = 1.0,
    on_sent: Callable[[int], None] | None = None,
) -> Saved:
    """Record one graded attempt with the kit's one policy; never raises for a store problem.

    The attempt goes to ``store`` (None: nowhere). When the store cannot take it, it waits in
    the outbox and a background thread (one per store) sends it every :data:`RETRY_SECONDS`
    until that works, then calls ``on_sent(n)``; an attempt the store refused as such is set
    aside and not retried. Quiz widgets and predictions both record through this.

    """
    if store is None:
        return Saved()
    every = RETRY_SECONDS
    try:
        attempt = store.record(bank, question, response, feedback, learner=learner, points=points)
    except KitError as exc:
        # A broken database must not stop the lesson: the caller says so in one sentence.
        retrying = getattr(exc, "retrying", True)
        if retrying:
            store.retry_in_background(on_sent, every=every)
        return Saved(getattr(exc, "attempt", None), exc, retrying, every)
    return Saved(attempt, None, False, every)
