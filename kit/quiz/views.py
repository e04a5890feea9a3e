"""One view per kind of question: its input widget, its response, and its static renderings.

A view knows how a question type is *shown*; :class:`kit.quiz.widgets.QuestionWidget`
holds one (``widget.view``) and does the rest (grading, attempts, feedback) the same way
for every type. :func:`view_for` picks the view from :data:`VIEWS` by the question's YAML
``type``; a new question type registers its view there (see CONTRIBUTING.md).

Every view has:

- ``widget``: the input shown under the prompt;
- ``response()`` / ``set_response(response)``: the learner's answer in the form
  ``question.grade`` takes, and putting one back (a restored session);
- ``set_locked(locked)``: disable the inputs once the question is done;
- ``reset()``: empty the inputs ("Start again"); ``answer_text()``: the right answer in
  words, shown with the explanation after the last attempt;
- ``text_lines()`` / ``html()``: the options for viewers without a kernel (no answers).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kit.errors import KitError
from kit.quiz.base import Question
from kit.quiz.controls import AnswerBox, ChoiceGroup, MatchSelect
from kit.quiz.markup import inline_html, plain_text

__all__ = [
    "TYPE_NAMES",
    "KindView",
    "ChoiceView",
    "TypedView",
    "OrderingView",
    "MatchingView",
    "VIEWS",
    "view_for",
    "prompt_html",
]

#: How each type is named under the prompt.
TYPE_NAMES = {
    "single": "single choice",
    "multi": "choose all that apply",
    "numeric": "number",
    "text": "short text",
    "ordering": "ordering",
    "matching": "matching",
}


def prompt_html(question: Question, number: str = "") -> str:
    """The prompt as HTML: escaped text (math left for MathJax), paragraphs, code."""
    paragraphs = [p for p in re.split(r"\n\s*\n", question.prompt.strip()) if p.strip()]
    body = "".join(f"<p>{_inline(p)}</p>" for p in paragraphs)
    if question.code:
        body += f"<pre><code>{html.escape(question.code)}</code></pre>"
    kind = TYPE_NAMES.get(question.type, question.type)
    points = f"{question.points:g} point{'s' if question.points != 1 else ''}"
    head = f"<strong>{html.escape(number)}</strong> " if number else ""
    return (
        f'<div class="kit-quiz-prompt">{head}<span class="kit-quiz-kind">({kind}, {points})'
        f"</span>{body}</div>"
    )


def _inline(text: str) -> str:
    # The kit's Markdown subset (code, bold, italics, links); the rest is escaped text.
    return inline_html(" ".join(text.split()))


class KindView:
    """The common part of every view.

    Parameters
    ----------
    question : Question
    order : list of int
        Indices of ``question.labels()`` in the order to show them.
    submit : callable
        Grades what is in the inputs (a text box's Enter key calls it).
    """

    def __init__(self, question: Question, order: list[int], submit: Callable[[], Any]):
        self.question = question
        self.order = order
        self.labels = question.labels()
        self.submit = submit
        self.locked = False
        self.widget = self.build()

    def build(self) -> w.Widget:  # pragma: no cover - abstract
        raise NotImplementedError

    def response(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_response(self, response: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self.widget.disabled = locked

    def reset(self) -> None:
        """Empty the inputs, as when the question was first shown ("Start again")."""
        self.set_response(None)

    def answer_text(self) -> str:
        """The right answer in words, shown after the last attempt ('' if it has none)."""
        return ""

    def text_lines(self) -> list[str]:
        return ["  Your answer: ____"]

    def html(self) -> str:
        return "<p>Your answer: ____</p>"


class ChoiceView(KindView):
    """Radio buttons (single choice) or checkboxes (multi-select), in the shown order."""

    @property
    def multiple(self) -> bool:
        return self.question.type == "multi"

    def build(self) -> w.Widget:
        q = self.question
        options = [
            {"label": q.options[i].label, "code": bool(q.options[i].code and not q.options[i].text)}
            for i in self.order
        ]
        legend = "Choose all that apply:" if self.multiple else "Choose one:"
        name = f"{_plain(q.prompt)} {legend.rstrip(':')}"
        return ChoiceGroup(options=options, multiple=self.multiple, legend=legend, name=name)

    def response(self) -> Any:
        chosen = self.widget.selected
        if self.multiple:
            return [self.labels[self.order[i]] for i in sorted(chosen)]
        return self.labels[self.order[chosen[0]]] if chosen else None

    def set_response(self, response: Any) -> None:
        wanted = [response] if isinstance(response, str) else list(response or [])
        shown = [self.labels[i] for i in self.order]
        picked = [shown.index(x) for x in wanted if x in shown]
        self.widget.selected = sorted(picked) if self.multiple else picked[:1]

    def answer_text(self) -> str:
        right = [o.label for o in self.question.options if o.correct]
        return "; ".join(f"“{x}”" for x in right)

    def text_lines(self) -> list[str]:
        box = "[ ]" if self.multiple else "( )"
        return [f"  {box} {self.labels[i]}" for i in self.order]

    def html(self) -> str:
        mark = "☐" if self.multiple else "○"
        items = "".join(f"<li>{mark} {inline_html(self.labels[i])}</li>" for i in self.order)
        return f"<ul style='list-style:none;padding-left:0.5em'>{items}</ul>"


class TypedView(KindView):
    """A labelled text box (numbers and short texts); Enter submits the text typed."""

    def build(self) -> w.Widget:
        numeric = self.question.type == "numeric"
        box = AnswerBox(placeholder="a number, e.g. 42, 1,500 or 2.5" if numeric else "type here")
        box.add_class("kit-answer")
        box.on_msg(self._on_msg)
        return box

    def _on_msg(self, _widget, content, _buffers) -> None:
        # The text box sends "submit" with the text typed when Enter is pressed.
        if content.get("event") == "submit":
            if isinstance(content.get("value"), str):
                self.widget.value = content["value"]
            self.submit()

    def response(self) -> Any:
        return self.widget.value

    def set_response(self, response: Any) -> None:
        self.widget.value = "" if response is None else str(response)

    def answer_text(self) -> str:
        right = [a for a in getattr(self.question, "answers", ()) if a.correct]
        for a in right:
            if getattr(a, "kind", "") == "value" and a.value is not None:
                return f"{a.value:g}"
            if getattr(a, "kind", "") == "range" and a.range is not None:
                return f"from {a.range[0]:g} to {a.range[1]:g}"
            if getattr(a, "kind", "") == "text" and a.text:
                return f"“{a.text}”"
        return ""


class OrderingView(KindView):
    """The items in a column with "move up" / "move down" buttons."""

    def build(self) -> w.Widget:
        self.items = [self.question.items[i] for i in self.order]
        self.rows: list[tuple[w.HTMLMath, w.Button, w.Button]] = []
        boxes = []
        for pos in range(len(self.items)):
            # named by words (an icon's glyph is what a screen reader would say)
            up = w.Button(description="Up", layout=w.Layout(width="auto", min_width="4em"))
            down = w.Button(description="Down", layout=w.Layout(width="auto", min_width="4em"))
            up.on_click(lambda _, p=pos: self.move(p, -1))
            down.on_click(lambda _, p=pos: self.move(p, +1))
            label = w.HTMLMath(layout=w.Layout(flex="1 1 auto"))
            pos_label = w.HTML(f'<span class="kit-order-pos">{pos + 1}.</span>')
            self.rows.append((label, up, down))
            row = w.HBox([pos_label, up, down, label], layout=w.Layout(align_items="center"))
            row.add_class("kit-order-row")
            boxes.append(row)
        self.draw()
        caption = w.HTML(
            '<span class="kit-quiz-kind">Your order, first at the top. Use the arrow '
            "buttons to move an item.</span>"
        )
        return w.VBox([caption, *boxes])

    def draw(self) -> None:
        n = len(self.items)
        for pos, (label, up, down) in enumerate(self.rows):
            item = self.items[pos]
            label.value = inline_html(item)
            up.tooltip = f"Move “{plain_text(item)}” up"
            down.tooltip = f"Move “{plain_text(item)}” down"
            up.disabled = self.locked or pos == 0
            down.disabled = self.locked or pos == n - 1

    def move(self, position: int, step: int) -> None:
        """Move the item at ``position`` up (``step=-1``) or down (``+1``)."""
        target = position + step
        if self.locked or not 0 <= target < len(self.items):
            return
        items = self.items
        items[position], items[target] = items[target], items[position]
        self.draw()
        moved = getattr(self, "on_moved", None)
        if moved is not None:  # the focus follows the moved item (QuestionWidget)
            moved(target, step)

    def response(self) -> Any:
        return list(self.items)

    def set_response(self, response: Any) -> None:
        if isinstance(response, list) and sorted(map(str, response)) == sorted(self.question.items):
            self.items = [str(x) for x in response]
            self.draw()

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self.draw()

    def reset(self) -> None:
        self.items = [self.question.items[i] for i in self.order]
        self.draw()

    def answer_text(self) -> str:
        return " → ".join(self.question.items)

    def text_lines(self) -> list[str]:
        return [f"  {n}. {self.question.items[i]}" for n, i in enumerate(self.order, 1)]

    def html(self) -> str:
        items = "".join(f"<li>{inline_html(self.question.items[i])}</li>" for i in self.order)
        return f"<ol>{items}</ol>"


class MatchingView(KindView):
    """One labelled drop-down per left-hand item."""

    def build(self) -> w.Widget:
        # "" stands for "not chosen yet": None would leave the drop-down blank.
        shown = [(self.labels[i], self.labels[i]) for i in self.order]
        choices = [("Choose…", ""), *shown]
        self.dropdowns: dict[str, MatchSelect] = {}
        for left in self.question.lefts():
            dd = MatchSelect(options=choices, value="", description=left)
            dd.add_class("kit-match")
            self.dropdowns[left] = dd
        return w.VBox(list(self.dropdowns.values()))

    def response(self) -> Any:
        return {left: dd.value for left, dd in self.dropdowns.items() if dd.value}

    def set_response(self, response: Any) -> None:
        if isinstance(response, dict):
            for left, dd in self.dropdowns.items():
                value = response.get(left)
                dd.value = value if value in self.labels else ""

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        for dd in self.dropdowns.values():
            dd.disabled = locked

    def reset(self) -> None:
        for dd in self.dropdowns.values():
            dd.value = ""

    def answer_text(self) -> str:
        return "; ".join(f"{left} → {right}" for left, right in self.question.pairs)

    def text_lines(self) -> list[str]:
        choices = " / ".join(self.labels[i] for i in self.order)
        return [f"  {left} -> ?" for left in self.question.lefts()] + [f"  choices: {choices}"]

    def html(self) -> str:
        esc = html.escape
        choices = ", ".join(esc(self.labels[i]) for i in self.order)
        lefts = "".join(f"<li>{esc(x)} → …</li>" for x in self.question.lefts())
        return f"<ul>{lefts}</ul><p>Choices: {choices}</p>"


#: YAML ``type`` -> the view that shows it.
VIEWS: dict[str, type[KindView]] = {
    "single": ChoiceView,
    "multi": ChoiceView,
    "numeric": TypedView,
    "text": TypedView,
    "ordering": OrderingView,
    "matching": MatchingView,
}


def view_for(question: Question, order: list[int], submit: Callable[[], Any]) -> KindView:
    """The view of ``question`` (by its ``type``), its options shown in ``order``."""
    try:
        cls = VIEWS[question.type]
    except KeyError:
        raise KitError(f"no view for question type {question.type!r}") from None
    return cls(question, order, submit)


def _plain(text: str) -> str:
    """A prompt without markup, in one line (an accessible name)."""
    text = re.sub(r"<[^>]+>|[`*_$\\]", "", str(text))
    return " ".join(text.split())
