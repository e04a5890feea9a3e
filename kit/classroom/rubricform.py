"""The instructor's form for the capstone rubric: pick a learner, a level per criterion, Save.

``Dashboard.rubric_form()`` (or ``RubricForm(store, load_rubric(), learners)``) shows it;
each level button's tooltip and the line under it give the level's words from
``data/rubric.yaml``. Save stores the criteria whose level or note changed
(:func:`kit.classroom.rubric.record_score`), in the store's class; choosing a learner shows
their current scores.

Examples
--------
>>> import os, tempfile
>>> from kit.classroom.rubric import load_rubric
>>> from kit.store import ProgressStore
>>> store = ProgressStore(os.path.join(tempfile.mkdtemp(), "p.db"), class_id="ws1")
>>> form = RubricForm(store, load_rubric(), ["ada", "bo"])
>>> form.levels["flip"].value = 2
>>> form.save()
1
>>> [(a.learner, a.question, a.response["level"]) for a in store.attempts(bank="rubric")]
[('ada', 'flip', 2)]
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from kit.classroom.rubric import RUBRIC_BANK, Rubric, record_score, scores
from kit.errors import KitError

__all__ = ["RubricForm"]


class RubricForm(w.VBox):
    """Score the rubric for one learner at a time (see the module doc).

    Parameters
    ----------
    store : ProgressStore
        Where scores go (its class is the class scored).
    rubric : Rubric
    learners : list of str
        The learners to choose from.
    on_saved : callable, optional
        Called after a save (the dashboard refreshes).
    """

    def __init__(
        self,
        store,
        rubric: Rubric,
        learners: list[str],
        *,
        on_saved: Callable[[], object] | None = None,
    ):
        super().__init__()
        self.store, self.rubric, self.on_saved = store, rubric, on_saved
        self.learner = w.Dropdown(options=list(learners), description="Learner")
        self.levels: dict[str, w.ToggleButtons] = {}
        self.words: dict[str, w.HTML] = {}
        rows = []
        for c in rubric.criteria:
            buttons = w.ToggleButtons(
                options=[("–", None)] + [(str(k), k) for k in c.levels],
                value=None,
                tooltips=["not scored"] + [c.levels[k] for k in c.levels],
                style={"button_width": "2.6em"},
            )
            words = w.HTML()
            buttons.observe(lambda _ch, cid=c.id: self._describe(cid), names="value")
            self.levels[c.id], self.words[c.id] = buttons, words
            rows.append(w.VBox([w.HTML(f"<b>{html.escape(c.name)}</b>"), buttons, words]))
        self.note = w.Textarea(placeholder="A note for this learner (optional)")
        self.save_button = w.Button(description="Save", button_style="primary")
        self.save_button.on_click(lambda _: self.save())
        self.status = w.HTML()
        self.learner.observe(lambda _ch: self.load(), names="value")
        self.children = [
            w.HTML(f"<h4>{html.escape(rubric.title or 'Rubric')}: score a defence</h4>"),
            self.learner,
            *rows,
            self.note,
            w.HBox([self.save_button, self.status]),
        ]
        self.add_class("kit-rubric-form")
        self._stored: dict[str, dict] = {}
        self.load()

    def _describe(self, cid: str) -> None:
        level = self.levels[cid].value
        c = self.rubric[cid]
        self.words[cid].value = (
            f"<span class='kit-rubric-words'>{level}: {html.escape(c.levels[level])}</span>"
            if level is not None
            else ""
        )

    def load(self) -> None:
        """Show the chosen learner's current scores (from the store)."""
        name = self.learner.value
        if not name:
            return
        try:
            rows = self.store.rows(class_id=self.store.class_id, bank=RUBRIC_BANK, learner=name)
        except KitError as exc:
            self.status.value = html.escape(f"Cannot read the scores: {exc}")
            return
        self._stored = scores(rows, self.rubric).get(name, {})
        notes = [v["note"] for v in self._stored.values() if v["note"]]
        for cid, buttons in self.levels.items():
            buttons.value = self._stored[cid]["level"] if cid in self._stored else None
        self.note.value = notes[-1] if notes else ""
        self.status.value = ""

    def save(self) -> int:
        """Store the levels (and note) that changed for the chosen learner; return how many."""
        name = self.learner.value
        if not name:
            self.status.value = "Choose a learner first."
            return 0
        n = 0
        try:
            for cid, buttons in self.levels.items():
                level, old = buttons.value, self._stored.get(cid)
                if level is None:
                    continue
                if old and old["level"] == level and old["note"] == self.note.value:
                    continue
                record_score(self.store, self.rubric, name, cid, level, note=self.note.value)
                n += 1
        except KitError as exc:
            self.status.value = html.escape(str(exc))
            return n
        self.status.value = html.escape(f"Saved {n} score{'s' if n != 1 else ''} for {name}.")
        self.load()
        self.status.value = html.escape(f"Saved {n} score{'s' if n != 1 else ''} for {name}.")
        if self.on_saved is not None and n:
            self.on_saved()
        return n
