"""Lasting progress: every attempt in a database chosen by URL, and how one is recorded.

Where attempts go (first that is set):

- ``$KIT_PROGRESS_URL``: ``sqlite:///path/to/progress.db``, ``postgresql://user@host/dbname``
  (one database for a whole class), ``hub`` or the class hub's ``https://`` address;
- ``$KIT_PROGRESS_DB``: a SQLite file path (as before);
- ``progress.db`` in the user's data folder (``~/.local/share/kit`` on Linux,
  ``~/Library/Application Support/kit`` on macOS, ``%LOCALAPPDATA%\\kit`` on Windows).

The learner is ``$JUPYTERHUB_USER`` when set, then ``$KIT_LEARNER``, then the login name. The
class is ``class_id=`` or ``$KIT_CLASS`` (none by default), so one database serves many
workshops.

Backends (:mod:`kit.store.sql`, :mod:`kit.store.http`) run one versioned schema
(:mod:`kit.store.migrations`):
a file from an older kit is migrated in place on first use. Each attempt gets a unique id
made here, so sending it again never stores it twice. When the database cannot take an
attempt (server down, wrong password, ...), the attempt waits in the local outbox
(:mod:`kit.store.outbox`), :meth:`ProgressStore.record` raises :class:`ProgressNotSaved`
saying why, and the outbox is sent before the next attempt or on :meth:`ProgressStore.flush`.

Everything that records attempts for a learner (quiz widgets, predictions) gets its store
and records through :mod:`kit.store.recording`.

The store knows no questions: ``feedback`` is anything with ``correct`` and ``score`` (a
:class:`kit.quiz.Feedback`, say).

Examples
--------
>>> import tempfile, os
>>> from types import SimpleNamespace as Graded
>>> store = ProgressStore(os.path.join(tempfile.mkdtemp(), "p.db"), class_id="demo")
>>> store.record("example", "q1", "60", Graded(correct=True, score=1.0), learner="ada").attempt
1
>>> [(a.correct, a.class_id) for a in store.attempts(learner="ada")]
[(True, 'demo')]
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kit.errors import KitError
from kit.files import write_atomic
from kit.limits import load_json
from kit.store.base import (
    StoreError,
    configured_url,
    default_class,
    default_learner,
    hide_password,
    open_backend,
    parse_url,
)
from kit.store.export import export_row, format_rows
from kit.store.outbox import Outbox

__all__ = [
    "Attempt",
    "ProgressStore",
    "ProgressNotSaved",
    "number_rows",
    "new_uid",
]


#: After a database could not be reached, record() queues attempts without trying it again
#: for this long (the background retry keeps trying), so a learner never waits through one
#: connection timeout per answer.
HOLD_OFF_SECONDS = 10.0


@dataclass(frozen=True)
class Attempt:
    """One stored attempt.

    ``response`` is the learner's response as given (JSON-compatible); ``attempt`` counts
    this learner's attempts at this question (in this class), from 1; ``time`` is UTC, ISO
    8601; ``class_id`` is None outside a class; ``uid`` is the attempt's unique id.
    """

    learner: str
    bank: str
    question: str
    attempt: int
    response: Any
    correct: bool
    score: float
    points: float
    time: str
    class_id: str | None = None
    uid: str | None = None


class ProgressNotSaved(KitError):
    """The attempt could not be stored now; it waits in the outbox (``.attempt``).

    The message is one sentence: why, and that the answer is kept and sent later.
    """

    def __init__(self, message: str, attempt: Attempt, cause: KitError, *, retrying: bool = True):
        super().__init__(message)
        self.attempt = attempt
        self.cause = cause
        #: False when the store refused this attempt as such: it is set aside, not retried.
        self.retrying = retrying


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_uid() -> str:
    """A fresh attempt id (random, 32 hex digits)."""
    return uuid.uuid4().hex


def _to_attempt(row: dict, number: int) -> Attempt:
    try:  # bounded: a stored row from elsewhere must not take a kernel down
        value = load_json(row["response"], what="a stored response", max_bytes=100_000)
    except (TypeError, ValueError):
        value = row["response"]
    return Attempt(
        row["learner"],
        row["bank"],
        row["question"],
        number,
        value,
        bool(row["correct"]),
        float(row["score"]),
        float(row["points"]),
        row["time"],
        row.get("class_id") or None,
        row.get("uid"),
    )


class ProgressStore:
    """The attempts database.

    Parameters
    ----------
    url : str or Path, optional
        ``sqlite:///file``, ``postgresql://...``, ``hub``, ``https://...`` or a plain file
        path; default :func:`default_url`. Nothing is opened until first use.
    class_id : str, optional
        Stamped on every attempt recorded here; default :func:`default_class`.
    outbox : Outbox, optional
        Where attempts wait when the database cannot take them; default
        :class:`kit.store.outbox.Outbox` at its default path.

    Raises
    ------
    kit.errors.KitError
        From any method, with one sentence saying what is wrong and how to fix it
        (:class:`ProgressNotSaved` from :meth:`record`).
    """

    def __init__(
        self,
        url: str | os.PathLike | None = None,
        *,
        class_id: str | None = None,
        outbox=None,
    ):
        if url is None:
            url = configured_url()
        self.url = os.fspath(url)
        self.class_id = (class_id if class_id is not None else default_class()) or None
        self._outbox = outbox
        self._backend = None
        self._retry_lock = threading.Lock()
        self._retry_thread: threading.Thread | None = None
        self._retry_stop = threading.Event()
        self._retry_callbacks: list = []
        #: (until when, why): the database was just found unreachable (see record).
        self._down: tuple[float, Exception] | None = None
        self._config_error: StoreError | None = None
        #: The SQLite file, for a SQLite store (None otherwise).
        self.path: Path | None = None
        try:
            kind, target = parse_url(url)
        except StoreError as exc:
            self.kind, self._config_error = "unknown", exc
        else:
            self.kind = kind
            if kind == "sqlite":
                self.path = Path(target).expanduser()
                self.url = "sqlite:///" + str(self.path)

    def __repr__(self) -> str:
        extra = f", class_id={self.class_id!r}" if self.class_id else ""
        return f"ProgressStore({self.where()!r}{extra})"

    def where(self) -> str:
        """Where attempts go, for people (a file path, or the URL without its password)."""
        return str(self.path) if self.path is not None else hide_password(self.url)

    @property
    def outbox(self):
        if self._outbox is None:
            self._outbox = Outbox()
        return self._outbox

    @property
    def backend(self):
        """The backend (opened on first use; raises the configuration's error if bad)."""
        if self._config_error is not None:
            raise self._config_error
        if self._backend is None:
            self._backend = open_backend(self.path if self.path is not None else self.url)
        return self._backend

    def check(self) -> None:
        """Connect (and migrate) now; raise the one-sentence error if that fails."""
        self.backend.select(after_id=2**62)

    def close(self) -> None:
        """Stop retrying in the background and close the connection, if any (a later call
        opens a new one)."""
        self._retry_stop.set()
        thread = self._retry_thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        self._retry_stop.clear()
        if self._backend is not None:
            self._backend.close()

    def retry_in_background(self, on_sent=None, *, every: float = 15.0) -> None:
        """Send the outbox from a background thread, every ``every`` seconds, until it is
        empty; then call ``on_sent(n)`` (n: attempts sent by the thread).

        One thread per store, started on the first call; later calls only add their
        ``on_sent``. The widgets use this after :class:`ProgressNotSaved`, so answers reach
        the database when it is back even if the learner answers nothing more.
        :meth:`close` stops it.
        """
        with self._retry_lock:
            if on_sent is not None:
                self._retry_callbacks.append(on_sent)
            if self._retry_thread is not None and self._retry_thread.is_alive():
                return
            self._retry_thread = threading.Thread(
                target=self._retry_loop, args=(every,), name="kit-progress-retry", daemon=True
            )
            self._retry_thread.start()

    def _retry_loop(self, every: float) -> None:
        sent = 0
        while not self._retry_stop.wait(every):
            try:
                sent += self.flush()
                if self.pending():
                    continue
            except (StoreError, OSError):
                continue
            with self._retry_lock:
                callbacks, self._retry_callbacks = self._retry_callbacks, []
                self._retry_thread = None
            for callback in callbacks:
                try:
                    callback(sent)
                except Exception:  # noqa: BLE001 - a widget that went away must not stop others
                    pass
            return

    def flush(self) -> int:
        """Send the outbox's waiting attempts; return how many were sent.

        Raises the backend's error if it still cannot take them (they stay queued).
        """
        if not self.outbox.count(self.where()):
            return 0
        sent = self.outbox.send(self.backend, self.where())
        self._down = None
        return sent

    def pending(self) -> int:
        """How many attempts wait in the outbox for this store."""
        return self.outbox.count(self.where())

    def record(
        self,
        bank: str,
        question: str,
        response: Any,
        feedback,
        *,
        learner: str | None = None,
        points: float = 1.0,
        class_id: str | None = None,
        uid: str | None = None,
    ) -> Attempt:
        """Store one graded attempt and return it (with its attempt number).

        Raises
        ------
        ProgressNotSaved
            The database cannot take it now: it waits in the outbox and is sent later.
        """
        row = {
            "uid": uid or new_uid(),
            "class_id": (class_id or self.class_id) or "",
            "learner": learner or default_learner(),
            "bank": bank,
            "question": question,
            "response": json.dumps(response, ensure_ascii=False, sort_keys=True, default=str),
            "correct": bool(feedback.correct),
            "score": float(feedback.score),
            "points": float(points),
            "time": _now(),
        }
        down = self._down
        if down is not None and time.monotonic() >= down[0]:
            down = None
        try:
            if down is not None:
                # Just failed to reach it: queue at once instead of making the learner wait
                # for another connection timeout; the retry thread keeps trying meanwhile.
                raise down[1]
            # Older attempts first, so the numbering follows the order they were made in.
            self.flush()
            [number] = self.backend.add([row])
        except StoreError as exc:
            if exc.transient and down is None:
                self._down = (time.monotonic() + HOLD_OFF_SECONDS, exc)
            kept = self.outbox.put(row, self.where())
            if exc.refused:
                # Sending it again would be refused again: keep it, but do not queue it in
                # front of every later answer.
                self.outbox.set_aside([row["uid"]], str(exc))
                raise ProgressNotSaved(
                    f"{exc} (this answer is kept {kept}, set aside: it will not be sent)",
                    _to_attempt(row, 0),
                    exc,
                    retrying=False,
                ) from None
            raise ProgressNotSaved(
                f"{exc} (your answer is kept {kept} and sent when that works again)",
                _to_attempt(row, 0),
                exc,
            ) from None
        return _to_attempt(row, number)

    def attempts(
        self,
        *,
        learner: str | None = None,
        bank: str | None = None,
        question: str | None = None,
        class_id: str | None = None,
    ) -> list[Attempt]:
        """Return stored attempts, oldest first, optionally filtered.

        Attempts waiting in the outbox are sent first when that works.
        """
        return number_rows(
            self.rows(learner=learner, bank=bank, question=question, class_id=class_id)
        )

    def rows(
        self,
        *,
        learner: str | None = None,
        bank: str | None = None,
        question: str | None = None,
        class_id: str | None = None,
    ) -> list[dict]:
        """Stored attempts as the backend gives them, oldest first: the fast way to read a
        whole class (no :class:`Attempt` objects; ``response`` stays JSON text).

        Each dict has ``id``, ``uid``, ``class_id``, ``learner``, ``bank``, ``question``,
        ``response``, ``correct``, ``score``, ``points`` and ``time``, which is what
        :func:`kit.classroom.class_stats` reads. Waiting outbox rows are sent first.
        """
        try:
            self.flush()
        except StoreError:
            pass  # the select below says why, or works without them
        return self.backend.select(learner=learner, bank=bank, question=question, class_id=class_id)

    def first_attempts(self, *, class_id: str | None = None) -> list[dict]:
        """Each learner's first attempt at each question (earliest by time, then id): the
        rows an item analysis reads (``learner``, ``bank``, ``question``, ``response``,
        ``correct``, ``time``). A backend that can pick them itself (SQLite, PostgreSQL:
        ``first_attempts``) does, reading a third of a class's rows at three tries each;
        others give every row and the first are picked here. Waiting outbox rows are sent
        first."""
        own = getattr(self.backend, "first_attempts", None)
        if own is not None:
            try:
                self.flush()
            except StoreError:
                pass
            return own(class_id)
        first: dict[tuple, dict] = {}
        for row in self.rows(class_id=class_id):  # oldest first: keep the first seen
            first.setdefault((row["learner"], row["bank"], row["question"]), row)
        keys = ("learner", "bank", "question", "response", "correct", "time")
        return [{k: row[k] for k in keys} for row in first.values()]

    def reset(
        self,
        *,
        bank: str | None = None,
        learner: str | None = None,
        class_id: str | None = None,
        question: str | None = None,
        id: int | None = None,  # noqa: A002 - the filter's name
    ) -> int:
        """Delete attempts (all, or one bank's / learner's / class's / question's, or the one
        attempt numbered ``id``); return how many. On a hub, an instructor may reset a
        learner's question or delete one attempt in a class they teach."""
        return self.backend.delete(
            bank=bank, learner=learner, class_id=class_id, question=question, id=id
        )

    def summary(self, *, learner: str | None = None) -> list[dict]:
        """Per learner and bank: attempts, questions tried, questions right, points earned.

        A question's points earned are its best score times its points.
        """
        best: dict[tuple, dict] = {}
        for a in self.attempts(learner=learner):
            row = best.setdefault(
                (a.learner, a.bank),
                {"learner": a.learner, "bank": a.bank, "attempts": 0, "questions": {}},
            )
            row["attempts"] += 1
            prev = row["questions"].get(a.question, (False, 0.0))
            row["questions"][a.question] = (prev[0] or a.correct, max(prev[1], a.score * a.points))
        out = []
        for row in best.values():
            qs = row.pop("questions")
            row["tried"] = len(qs)
            row["right"] = sum(ok for ok, _ in qs.values())
            row["points"] = round(sum(p for _, p in qs.values()), 3)
            out.append(row)
        return out

    def export_rows(self, *, learner: str | None = None, class_id: str | None = None) -> list[dict]:
        """Attempts as flat rows with :data:`kit.store.export.EXPORT_COLUMNS`."""
        return [export_row(a) for a in self.attempts(learner=learner, class_id=class_id)]

    def export(
        self,
        fmt: str = "csv",
        out: str | os.PathLike | None = None,
        *,
        learner: str | None = None,
        class_id: str | None = None,
    ) -> str:
        """Export attempts as CSV or JSON; write ``out`` atomically, or return the text.

        Returns
        -------
        str
            The exported text (also when written to ``out``).
        """
        rows = self.export_rows(learner=learner, class_id=class_id)
        text = format_rows(rows, fmt)
        if out is not None:
            write_atomic(Path(out), text)
        return text


def number_rows(rows: Iterable[dict]) -> list[Attempt]:
    """Turn backend rows (oldest first) into Attempts numbered per learner and question."""
    counts: dict[tuple, int] = {}
    out = []
    for row in rows:
        key = (row.get("class_id") or "", row["learner"], row["bank"], row["question"])
        counts[key] = counts.get(key, 0) + 1
        out.append(_to_attempt(row, counts[key]))
    return out
