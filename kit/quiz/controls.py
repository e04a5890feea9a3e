"""The browser-side controls of the quiz widgets (anywidget), with their JS and CSS in ``static/``.

Each control's ES module is the concatenation of files in ``kit/quiz/static/`` (shared
helpers first), read once at import by :func:`kit.files.static_text`; every control loads
``quiz.css``. The files ship in the wheel beside this module (``tests/test_packaging.py``
checks it).

Only what a learner may see before answering reaches the browser: option texts in their
shown order, never correct flags or answers.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets as t

from kit.files import static_text

__all__ = [
    "CSS",
    "ChoiceGroup",
    "AnswerBox",
    "MatchSelect",
    "KeyGuard",
    "FeedbackBox",
]


def _module(*names: str) -> str:
    """One ES module from static files, in order (helpers first, the control's own last)."""
    return "\n".join(static_text("kit.quiz", name) for name in names)


#: The stylesheet of every quiz control.
CSS = static_text("kit.quiz", "quiz.css")


class _ChoiceInput(anywidget.AnyWidget):
    """An input whose browser side also sends each choice as a ``choose`` message.

    ipywidgets holds a model's state update back while an earlier one is in flight, but
    sends messages (a button's click too) at once: without the message, a Submit pressed
    right after a choice could be graded on an older choice. The kernel checks the message
    (:meth:`_checked`) and applies it without sending it back, since sending it back could
    undo a newer choice made in the meantime; that is what ipywidgets' own property lock
    does when the browser's state arrives.
    """

    _choice_trait = ""  # the synced trait a choice sets
    disabled = t.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._on_choose)

    def _checked(self, value: Any) -> Any:
        """The trait value for a choice the browser sent, or None to ignore it."""
        raise NotImplementedError

    def _on_choose(self, _widget, content, _buffers) -> None:
        if self.disabled or not isinstance(content, dict) or content.get("event") != "choose":
            return
        value = self._checked(content.get("value"))
        if value is not None:
            with self._lock_property(**{self._choice_trait: value}):
                setattr(self, self._choice_trait, value)


class ChoiceGroup(_ChoiceInput):
    """Radio buttons or checkboxes with real labels, a legend and typeset math.

    Only the option texts are sent to the browser; ``selected`` holds the indices the
    learner ticked.
    """

    _esm = _module("typeset.js", "unique_id.js", "choice_group.js")
    _css = CSS
    options = t.List(t.Dict(), help="[{label, code}] in the order shown").tag(sync=True)
    multiple = t.Bool(False).tag(sync=True)
    selected = t.List(t.Int()).tag(sync=True)
    legend = t.Unicode("").tag(sync=True)
    #: The group's accessible name: its question, then the legend.
    name = t.Unicode("").tag(sync=True)
    _choice_trait = "selected"

    def _checked(self, chosen: Any) -> list[int] | None:
        n = len(self.options)
        if not isinstance(chosen, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n for i in chosen
        ):
            return None
        return sorted(set(chosen)) if self.multiple else chosen[:1]


class AnswerBox(anywidget.AnyWidget):
    """A labelled text input whose Enter key submits the text typed, not an older value.

    ipywidgets' ``Text`` may still be holding back the last keystrokes when its Enter
    message arrives, so a fast typist would be graded on part of the answer. Here the
    submit message carries the text itself.
    """

    _esm = _module("answer_box.js")
    _css = CSS
    value = t.Unicode("").tag(sync=True)
    description = t.Unicode("Your answer").tag(sync=True)
    placeholder = t.Unicode("").tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)


class MatchSelect(_ChoiceInput):
    """A labelled drop-down for one matching pair (the label is the left-hand item).

    It replaces ipywidgets' ``Dropdown`` so that each choice is also sent as a message
    (see :class:`_ChoiceInput`). ``options`` is a list of ``(label, value)`` pairs; the
    value ``""`` stands for "not chosen yet".
    """

    _esm = _module("unique_id.js", "match_select.js")
    _css = CSS
    description = t.Unicode("").tag(sync=True)
    options = t.List(t.Tuple(t.Unicode(), t.Unicode())).tag(sync=True)
    value = t.Unicode("").tag(sync=True)
    _choice_trait = "value"

    @t.validate("value")
    def _valid_value(self, proposal: dict) -> str:
        value = proposal["value"]
        allowed = [v for _, v in self.options]
        if allowed and value not in allowed:
            raise t.TraitError(f"{value!r} is not one of the options {allowed}")
        return value

    def _checked(self, value: Any) -> str | None:
        return value if isinstance(value, str) and value in [v for _, v in self.options] else None


class KeyGuard(anywidget.AnyWidget):
    """Keeps arrow keys inside a question's radio buttons and drop-downs.

    JupyterLab binds ArrowUp/ArrowDown to "select the next cell"; without this, a keyboard
    user's arrow press moves to another cell instead of to the next option.
    """

    _esm = _module("key_guard.js")

    def focus(self, target: str) -> None:
        """Move the keyboard focus in the browser: ``"feedback"`` (the feedback box) or
        ``"first"`` (the question's first enabled control)."""
        self.send({"focus": target})


class FeedbackBox(anywidget.AnyWidget):
    """A live region (``role=status``, ``aria-live=polite``) showing feedback and hints."""

    _esm = _module("typeset.js", "feedback_box.js")
    _css = CSS
    kind = t.Unicode("", help="'' | correct | incorrect | partial | info").tag(sync=True)
    mark = t.Unicode("").tag(sync=True)
    title = t.Unicode("").tag(sync=True)
    message = t.Unicode("").tag(sync=True)
    hints = t.List(t.Unicode()).tag(sync=True)
    explanation = t.Unicode("").tag(sync=True)
    note = t.Unicode("").tag(sync=True)
