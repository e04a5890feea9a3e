"""The instructor's live dashboard: a class's numbers, refreshed every few seconds.

``kit.classroom.dashboard(class_id="tue-am", banks=["01", "02"])`` (also
``kit.quiz.dashboard``) shows, on top, the learners
who tried anything, those active in the last 10 minutes, the questions finished and the
attempts; then per question the learners who tried it, the share right at the first try
and in the end (bars in the kit's palette), the most common wrong answer and the learners
stuck on it (tried several times, never right). Below, when the class has taken the concept
inventory, *Did the workshop work?*: the normalised gain of the learners with both tests,
per item before -> after and the delayed check (:mod:`kit.classroom.gain`); then *Item
analysis*: difficulty, discrimination, flags and, per question, the distractor table
(:mod:`kit.classroom.analysis`); and the capstone rubric's scores, which
:meth:`Dashboard.rubric_form` lets the instructor enter (:mod:`kit.classroom.rubric`).

Refreshing needs no re-run: the view in the browser asks the kernel every ``interval``
seconds, and the kernel reads ``store.rows(class_id=...)`` and recomputes the numbers
with :func:`kit.classroom.stats.class_stats` (no SQL here, so the same code serves SQLite,
PostgreSQL and the hub). The timer belongs to the view, so it stops when the output is
cleared or the notebook is closed; :meth:`Dashboard.close` ends the widget itself. When the
store cannot be read, the last numbers stay and a line says why; the next tick tries again.

Examples
--------
>>> import os, tempfile
>>> from kit.quiz import Feedback
>>> from kit.store import ProgressStore
>>> store = ProgressStore(os.path.join(tempfile.mkdtemp(), "p.db"), class_id="demo")
>>> _ = store.record("example", "trust-fastest", "x", Feedback(False, 0.0, ""), learner="ada")
>>> board = Dashboard(store=store, banks=["example"])
>>> board.stats["learners"], board.stats["questions"][0]["tried"]
(1, 1)
"""

from __future__ import annotations

import os
import time

import anywidget
import traitlets as t

from kit.classroom.analysis import first_tries, item_report
from kit.classroom.gain import class_gain
from kit.classroom.rubric import RUBRIC_BANK, load_rubric, scores
from kit.classroom.stats import STUCK_AFTER, bank_questions, class_stats, format_report
from kit.errors import KitError
from kit.files import static_text
from kit.palette import OKABE_ITO
from kit.store import ProgressStore, read_export

__all__ = ["Dashboard", "dashboard"]


def _static(name: str) -> str:
    return static_text("kit.classroom", name)


def _colours() -> dict[str, str]:
    # Blue and bluish green: the two palette colours with 3:1 contrast on both themes that
    # no strategy figure uses side by side for "worse" and "better".
    return {"first": OKABE_ITO["blue"], "right": OKABE_ITO["bluish_green"]}


class Dashboard(anywidget.AnyWidget):
    """A class's live numbers (see the module doc).

    Parameters
    ----------
    class_id : str, optional
        The class; default the store's (``class_id=`` or ``$KIT_CLASS``). None: every
        attempt in the store.
    banks : list, optional
        Bank ids, paths or Bank objects: show their questions in order, untried ones too,
        and leave out other banks. Default: every question with attempts.
    store : ProgressStore, optional
        Default ``ProgressStore()`` (``$KIT_PROGRESS_URL``).
    exports : list of paths, optional
        Read these ``kit progress export`` / ``merge`` files instead of a store (re-read
        at every refresh, so a file being collected into shows up as it grows).
    interval : float
        Seconds between refreshes (at least 1).
    stuck_after : int
        Attempts, none right, that make a learner stuck on a question.
    inventory : str or None
        The concept inventory's bank id, whose phases the gain section compares.
    rubric_file : path, optional
        The capstone rubric (default ``data/rubric.yaml``).
    analysis_every : float
        Seconds between recomputations of the gain, the item analysis and the rubric's
        scores (the class's numbers above them refresh every ``interval``).
    """

    _esm = _static("dashboard.js")
    _css = _static("dashboard.css")

    stats = t.Dict().tag(sync=True)
    status = t.Unicode("").tag(sync=True)
    interval = t.Float(5.0).tag(sync=True)
    class_id = t.Unicode("").tag(sync=True)
    where = t.Unicode("").tag(sync=True)
    colours = t.Dict().tag(sync=True)
    refreshes = t.Int(0).tag(sync=True)
    gain = t.Dict().tag(sync=True)
    items = t.Dict().tag(sync=True)
    rubric = t.Dict().tag(sync=True)

    def __init__(
        self,
        class_id: str | None = None,
        banks=None,
        *,
        store: ProgressStore | None = None,
        exports=None,
        interval: float = 5.0,
        stuck_after: int = STUCK_AFTER,
        inventory="inventory",
        rubric_file=None,
        analysis_every: float = 30.0,
    ):
        self._inventory = inventory
        try:
            self._rubric = load_rubric(rubric_file)
        except KitError:
            if rubric_file is not None:
                raise
            self._rubric = None  # a data folder of one's own without rubric.yaml
        self._exports = [exports] if isinstance(exports, str | os.PathLike) else exports
        if store is None and not self._exports:
            store = ProgressStore(class_id=class_id)
        self.store = store
        self._class = class_id or (store.class_id if store is not None else None)
        self._questions = bank_questions(banks) if banks else None
        self._stuck_after = stuck_after
        self._last = 0.0
        self._analysed = -float("inf")
        self._analysis_every = float(analysis_every)
        self._learners: set[str] = set()
        super().__init__(
            interval=max(1.0, float(interval)),
            class_id=self._class or "",
            where=store.where() if store is not None else ", ".join(map(str, self._exports)),
            colours=_colours(),
        )
        self.on_msg(self._on_message)
        self.refresh()

    def refresh(self, *, analyse: bool | None = None) -> dict:
        """Read the attempts and recompute the numbers now; return them.

        The gain, the item analysis and the rubric's scores change slowly and cost about as
        much as the rest of a refresh, so they are recomputed at most every
        ``analysis_every`` seconds (``analyse=True``: now; ``False``: not this time).
        """
        if analyse is None:
            analyse = time.monotonic() - self._analysed >= self._analysis_every
        try:
            rows = self._read()
        except KitError as exc:
            self.status = (
                f"Cannot read the class's progress: {exc}. "
                f"Showing the last numbers; trying again every {self.interval:g} s."
            )
        else:
            self.stats = class_stats(rows, questions=self._questions, stuck_after=self._stuck_after)
            self.status = ""
            if analyse:
                self._analyse(rows)
                self._analysed = time.monotonic()
            self.refreshes += 1
        self._last = time.monotonic()
        return self.stats

    def _analyse(self, rows: list) -> None:
        """The gain, the item analysis and the rubric's scores, from the same rows."""
        firsts = first_tries(rows)
        prefix = f"{self._inventory}-" if self._inventory else None
        self.gain = {}
        if prefix and any(bank.startswith(prefix) for bank, _ in firsts):
            try:
                self.gain = class_gain(rows, self._inventory, firsts=firsts)
            except KitError as exc:  # the inventory bank cannot be read: say so, go on
                self.status = f"No learning gain: {exc}"
        self.items = item_report(rows, questions=self._questions, firsts=firsts)
        if self._rubric is None:
            self.rubric = {}
            return
        got = scores((r for r in rows if r["bank"] == RUBRIC_BANK), self._rubric)
        self.rubric = {
            "title": self._rubric.title,
            "criteria": [{"id": c.id, "name": c.name, "top": c.top} for c in self._rubric.criteria],
            "total": self._rubric.total,
            "scores": {
                name: {cid: v["level"] for cid, v in mine.items()} for name, mine in got.items()
            },
        }

    def rubric_form(self):
        """A small form to score the capstone rubric for this class (saved in the store;
        the dashboard shows the scores at its next refresh)."""
        from kit.classroom.rubricform import RubricForm

        if self.store is None:
            raise KitError("scoring needs a progress store; open the dashboard with store=...")
        if self._rubric is None:
            raise KitError("no rubric to score: add data/rubric.yaml or pass rubric_file=...")
        learners = sorted(self._learners)
        saved = lambda: self.refresh(analyse=True)  # noqa: E731 - the form's callback
        return RubricForm(self.store, self._rubric, learners, on_saved=saved)

    def _read(self) -> list:
        if self.store is not None:
            rows = self.store.rows(class_id=self._class)
        else:
            rows = [row for path in self._exports for row in read_export(path)]
            if self._class:
                rows = [row for row in rows if (row.get("class_id") or "") == self._class]
        self._learners = {row["learner"] for row in rows if row["bank"] != RUBRIC_BANK}
        return rows

    def _on_message(self, _widget, content, _buffers) -> None:
        # Several open views each ask; answer at most about once per interval.
        if isinstance(content, dict) and content.get("type") == "refresh":
            if time.monotonic() - self._last >= 0.8 * self.interval:
                self.refresh()

    def text(self) -> str:
        """The numbers as the terminal report prints them (``kit progress report``)."""
        return format_report(self.stats, "table", title=f"Class {self._class or '(all)'}")

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            data, meta = bundle
        else:
            data, meta = bundle, {}
        data = {**data, "text/plain": self.text()}
        return data, meta


def dashboard(class_id: str | None = None, banks=None, **kwargs) -> Dashboard:
    """Return a live :class:`Dashboard` for a class (see its parameters)."""
    return Dashboard(class_id, banks, **kwargs)
