"""Quiz widgets: one question (:class:`QuestionWidget`) and a section (:class:`QuizSection`).

Grading happens in the kernel (``question.grade``). The browser only ever receives what a
learner may see before answering: the prompt, the option texts in their shown order, and
after each submission the feedback for that submission. No correct flags, no hidden
answers. This is for self-checking, not for exams: a learner with the kernel can read
the bank.

Keyboard use: Tab moves between controls; Space or the arrow keys choose options; Enter in a
text box submits; ordering uses "move up" / "move down" buttons, matching uses drop-downs.
Feedback appears in an ``aria-live`` region and always carries a mark and words
(✓ Correct, ✗ Not yet, ◐ Partly right), not only a colour.
"""

from __future__ import annotations

import html
import re
from typing import Any

import anywidget
import ipywidgets as w
import traitlets as t

from kit.errors import KitError
from kit.quiz.bank import Bank, load_bank
from kit.quiz.progress import ProgressStore, default_learner
from kit.quiz.questions import (
    CORRECT,
    Feedback,
    FreeText,
    Matching,
    MultiSelect,
    Numeric,
    Ordering,
    Question,
    SingleChoice,
)

__all__ = [
    "QuestionWidget",
    "QuizSection",
    "ChoiceGroup",
    "MatchSelect",
    "FeedbackBox",
    "ask",
    "ask_all",
]

_TYPE_NAMES = {
    "single": "single choice",
    "multi": "choose all that apply",
    "numeric": "number",
    "text": "short text",
    "ordering": "ordering",
    "matching": "matching",
}

_TYPESET = """
function typeset(model, el) {
  // Reuse JupyterLab's own MathJax (the one HTMLMath uses); without it TeX stays as text.
  requestAnimationFrame(() => {
    try {
      const rendermime = model.widget_manager && model.widget_manager._rendermime;
      const typesetter = rendermime && rendermime.latexTypesetter;
      if (typesetter) typesetter.typeset(el);
    } catch (err) {
      console.warn("kit.quiz: could not typeset math", err);
    }
  });
}
"""

_UNIQUE_ID = """
function uniqueId(prefix) {
  // Unique in the page: the module may be evaluated once per widget (a module counter would
  // restart) and two widgets may render in the same millisecond.
  return `${prefix}-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
}
"""

_CSS = """
.kit-quiz {
  border: 1px solid var(--jp-border-color2);
  border-radius: 4px;
  padding: 8px 14px 10px;
  margin: 6px 0;
  background: var(--jp-layout-color1);
  color: var(--jp-content-font-color1);
  max-width: 52em;
}
.kit-quiz .widget-html-content { line-height: 1.5; white-space: normal; }
.kit-quiz-prompt { font-size: var(--jp-content-font-size1); color: var(--jp-content-font-color1); }
.kit-quiz-prompt p { margin: 2px 0 6px; }
.kit-quiz-prompt .kit-quiz-kind {
  color: var(--jp-content-font-color2); font-size: var(--jp-ui-font-size1);
}
.kit-quiz-prompt pre {
  font-family: var(--jp-code-font-family); font-size: var(--jp-code-font-size);
  background: var(--jp-layout-color2); color: var(--jp-content-font-color1);
  padding: 6px 8px; border-radius: 3px; margin: 4px 0 8px;
}
.kit-choices { border: none; margin: 2px 0 4px; padding: 0; min-width: 0; }
.kit-choices legend {
  color: var(--jp-content-font-color2); font-size: var(--jp-ui-font-size1);
  padding: 0; margin-bottom: 4px;
}
.kit-choice {
  display: flex; align-items: baseline; gap: 8px; padding: 3px 6px; border-radius: 3px;
  cursor: pointer; color: var(--jp-content-font-color1);
  font-size: var(--jp-content-font-size1); line-height: 1.5;
}
.kit-choice:hover { background: var(--jp-layout-color2); }
.kit-choice input { margin: 0; flex: none; accent-color: var(--jp-brand-color1); }
.kit-choice input:focus-visible, .kit-quiz button:focus-visible,
.kit-quiz input:focus-visible, .kit-quiz select:focus-visible {
  outline: 2px solid var(--jp-brand-color1); outline-offset: 2px;
}
.kit-choice-code {
  font-family: var(--jp-code-font-family); font-size: var(--jp-code-font-size);
  background: var(--jp-layout-color2); padding: 1px 4px; border-radius: 2px; white-space: pre;
}
.kit-quiz .kit-answer .widget-label {
  white-space: normal; overflow: visible; color: var(--jp-content-font-color1);
}
.kit-match-label {
  display: flex; gap: 8px; align-items: center; width: 44em; max-width: 100%; margin: 3px 0;
}
.kit-match-caption {
  flex: 0 0 40%; color: var(--jp-content-font-color1); font-size: var(--jp-ui-font-size1);
  text-align: right; white-space: normal;
}
.kit-match-label select {
  flex: 1 1 auto; min-width: 0; padding: 3px 6px; font-size: var(--jp-ui-font-size1);
  color: var(--jp-ui-font-color0); background: var(--jp-layout-color1);
  border: 1px solid var(--jp-border-color1); border-radius: 2px;
}
.kit-match-label select:disabled { opacity: 0.6; }
.kit-order-pos { color: var(--jp-content-font-color2); min-width: 2em; }
.kit-answer-label { display: flex; gap: 8px; align-items: center; max-width: 100%; }
.kit-answer-label span { color: var(--jp-content-font-color1); }
.kit-answer-label input {
  width: 22em; max-width: 100%; padding: 3px 6px; font-size: var(--jp-ui-font-size1);
  color: var(--jp-ui-font-color0); background: var(--jp-layout-color1);
  border: 1px solid var(--jp-border-color1); border-radius: 2px;
}
.kit-quiz .widget-button.mod-primary:disabled {
  color: var(--jp-ui-inverse-font-color0); opacity: 0.6;
}
.kit-feedback { margin-top: 6px; color: var(--jp-content-font-color1); line-height: 1.5; }
.kit-feedback:not([data-kind=""]) {
  padding: 6px 12px; border-left: 4px solid var(--jp-border-color1);
  background: var(--jp-layout-color2); border-radius: 2px;
}
.kit-feedback p { margin: 2px 0; }
.kit-feedback ol { margin: 2px 0; padding-left: 1.6em; }
.kit-feedback-head { font-weight: bold; }
.kit-feedback-mark { display: inline-block; min-width: 1.2em; font-weight: bold; }
.kit-feedback[data-kind="correct"] { border-left-color: var(--jp-success-color1); }
.kit-feedback[data-kind="correct"] .kit-feedback-mark { color: var(--jp-success-color1); }
.kit-feedback[data-kind="incorrect"] { border-left-color: var(--jp-error-color1); }
.kit-feedback[data-kind="incorrect"] .kit-feedback-mark { color: var(--jp-error-color1); }
.kit-feedback[data-kind="partial"] { border-left-color: var(--jp-warn-color1); }
.kit-feedback[data-kind="partial"] .kit-feedback-mark { color: var(--jp-warn-color1); }
.kit-feedback[data-kind="info"] { border-left-color: var(--jp-info-color1); }
.kit-feedback[data-kind="info"] .kit-feedback-mark { color: var(--jp-info-color1); }
.kit-feedback-note { color: var(--jp-content-font-color2); font-size: var(--jp-ui-font-size1); }
.kit-section-head h3 { margin: 4px 0; color: var(--jp-content-font-color1); }
.kit-section-head p { margin: 2px 0; color: var(--jp-content-font-color2); }
.kit-section-score { font-weight: bold; color: var(--jp-content-font-color1); }
"""


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

    _esm = (
        _TYPESET
        + _UNIQUE_ID
        + """
function render({ model, el }) {
  const name = uniqueId("kit-choice");  // a name shared with another question joins groups
  const fieldset = document.createElement("fieldset");
  fieldset.className = "kit-choices";
  const legend = document.createElement("legend");
  const list = document.createElement("div");
  fieldset.append(legend, list);
  el.append(fieldset);
  let inputs = [];
  function sync() {
    const chosen = new Set(model.get("selected"));
    const disabled = model.get("disabled");
    inputs.forEach((input, i) => { input.checked = chosen.has(i); input.disabled = disabled; });
  }
  function build() {
    legend.textContent = model.get("legend");
    list.replaceChildren();
    inputs = [];
    const multiple = model.get("multiple");
    model.get("options").forEach((option, i) => {
      const label = document.createElement("label");
      label.className = "kit-choice";
      const input = document.createElement("input");
      input.type = multiple ? "checkbox" : "radio";
      input.name = name;
      input.value = String(i);
      input.addEventListener("change", () => {
        const selected = inputs.filter((x) => x.checked).map((x) => Number(x.value));
        model.set("selected", selected);
        model.save_changes();
        model.send({ event: "choose", value: selected });  // see _ChoiceInput
      });
      const text = document.createElement(option.code ? "code" : "span");
      text.className = option.code ? "kit-choice-code" : "kit-choice-text";
      text.textContent = option.label;
      label.append(input, text);
      list.append(label);
      inputs.push(input);
    });
    sync();
    typeset(model, list);
  }
  build();
  model.on("change:options", build);
  model.on("change:multiple", build);
  model.on("change:legend", () => { legend.textContent = model.get("legend"); });
  model.on("change:selected", sync);
  model.on("change:disabled", sync);
}
export default { render };
"""
    )
    _css = _CSS
    options = t.List(t.Dict(), help="[{label, code}] in the order shown").tag(sync=True)
    multiple = t.Bool(False).tag(sync=True)
    selected = t.List(t.Int()).tag(sync=True)
    legend = t.Unicode("").tag(sync=True)
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

    _esm = """
function render({ model, el }) {
  const label = document.createElement("label");
  label.className = "kit-answer-label";
  const caption = document.createElement("span");
  const input = document.createElement("input");
  input.type = "text";
  input.autocomplete = "off";
  input.spellcheck = false;
  label.append(caption, input);
  el.append(label);
  function sync() {
    caption.textContent = model.get("description");
    input.placeholder = model.get("placeholder");
    input.disabled = model.get("disabled");
    if (input.value !== model.get("value")) input.value = model.get("value");
  }
  input.addEventListener("input", () => { model.set("value", input.value); model.save_changes(); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      event.stopPropagation();  // Enter must not also run the notebook cell
      model.set("value", input.value);
      model.save_changes();
      model.send({ event: "submit", value: input.value });
    }
  });
  sync();
  for (const name of ["value", "description", "placeholder", "disabled"]) {
    model.on(`change:${name}`, sync);
  }
}
export default { render };
"""
    _css = _CSS
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

    _esm = (
        _UNIQUE_ID
        + """
function render({ model, el }) {
  // The caption is a <label for=...> beside the select, not around it: a wrapping label
  // would add the chosen option's text to the select's accessible name.
  const row = document.createElement("div");
  row.className = "kit-match-label";
  const caption = document.createElement("label");
  caption.className = "kit-match-caption";
  const select = document.createElement("select");
  select.id = uniqueId("kit-match");
  caption.htmlFor = select.id;
  row.append(caption, select);
  el.append(row);
  function build() {
    select.replaceChildren();
    for (const [text, value] of model.get("options")) {
      const option = document.createElement("option");
      option.textContent = text;
      option.value = value;
      select.append(option);
    }
    sync();
  }
  function sync() {
    caption.textContent = model.get("description");
    select.disabled = model.get("disabled");
    if (select.value !== model.get("value")) select.value = model.get("value");
  }
  select.addEventListener("change", () => {
    model.set("value", select.value);
    model.save_changes();
    model.send({ event: "choose", value: select.value });  // see _ChoiceInput
  });
  build();
  model.on("change:options", build);
  for (const name of ["value", "description", "disabled"]) model.on(`change:${name}`, sync);
}
export default { render };
"""
    )
    _css = _CSS
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

    _esm = """
function render({ el }) {
  let tries = 0;
  function attach() {
    const quiz = el.closest(".kit-quiz");
    if (!quiz) { if (tries++ < 100) requestAnimationFrame(attach); return; }
    if (quiz.dataset.kitKeyGuard) return;
    quiz.dataset.kitKeyGuard = "1";
    quiz.addEventListener("keydown", (event) => {
      const target = event.target;
      const choice = target.tagName === "SELECT" ||
        (target.tagName === "INPUT" && target.type === "radio");
      if (choice && event.key.startsWith("Arrow")) event.stopPropagation();
    });
  }
  attach();
}
export default { render };
"""


class FeedbackBox(anywidget.AnyWidget):
    """A live region (``role=status``, ``aria-live=polite``) showing feedback and hints."""

    _esm = (
        _TYPESET
        + """
function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "kit-feedback";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  box.setAttribute("aria-atomic", "true");
  el.append(box);
  function para(text, cls) {
    const p = document.createElement("p");
    if (cls) p.className = cls;
    p.textContent = text;
    return p;
  }
  function draw() {
    const kind = model.get("kind");
    box.dataset.kind = kind;
    box.replaceChildren();
    if (kind) {
      const head = document.createElement("p");
      head.className = "kit-feedback-head";
      const mark = document.createElement("span");
      mark.className = "kit-feedback-mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = model.get("mark");
      head.append(mark, document.createTextNode(model.get("title")));
      box.append(head);
    }
    if (model.get("message")) box.append(para(model.get("message")));
    const hints = model.get("hints");
    if (hints.length) {
      const title = para(hints.length === 1 ? "Hint:" : "Hints:");
      const list = document.createElement("ol");
      hints.forEach((hint) => {
        const li = document.createElement("li");
        li.textContent = hint;
        list.append(li);
      });
      box.append(title, list);
    }
    if (model.get("explanation")) {
      const p = para("");
      const strong = document.createElement("strong");
      strong.textContent = "Explanation: ";
      p.append(strong, document.createTextNode(model.get("explanation")));
      box.append(p);
    }
    if (model.get("note")) box.append(para(model.get("note"), "kit-feedback-note"));
    typeset(model, box);
  }
  draw();
  model.on("change", draw);
}
export default { render };
"""
    )
    _css = _CSS
    kind = t.Unicode("", help="'' | correct | incorrect | partial | info").tag(sync=True)
    mark = t.Unicode("").tag(sync=True)
    title = t.Unicode("").tag(sync=True)
    message = t.Unicode("").tag(sync=True)
    hints = t.List(t.Unicode()).tag(sync=True)
    explanation = t.Unicode("").tag(sync=True)
    note = t.Unicode("").tag(sync=True)


def _prompt_html(question: Question, number: str = "") -> str:
    """The prompt as HTML: escaped text (math left for MathJax), paragraphs, code."""
    paragraphs = [p for p in re.split(r"\n\s*\n", question.prompt.strip()) if p.strip()]
    body = "".join(f"<p>{_inline(p)}</p>" for p in paragraphs)
    if question.code:
        body += f"<pre><code>{html.escape(question.code)}</code></pre>"
    kind = _TYPE_NAMES.get(question.type, question.type)
    points = f"{question.points:g} point{'s' if question.points != 1 else ''}"
    head = f"<strong>{html.escape(number)}</strong> " if number else ""
    return (
        f'<div class="kit-quiz-prompt">{head}<span class="kit-quiz-kind">({kind}, {points})'
        f"</span>{body}</div>"
    )


def _inline(text: str) -> str:
    # `code` spans and *emphasis*, the only markup prompts use; the rest is escaped text.
    out = html.escape(" ".join(text.split()), quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"(?<![\w*$\\])\*([^*\s][^*]*?)\*(?!\w)", r"<em>\1</em>", out)


class QuestionWidget(w.VBox):
    """One question: prompt, input, Submit / Hint buttons and live feedback.

    Parameters
    ----------
    question : Question
    bank_id : str
        Progress is stored under (learner, bank_id, question.id). Inline questions use
        ``"inline"``.
    store : ProgressStore or None or False
        Where attempts go; default the learner's database. ``False`` stores nothing.
    learner : str, optional
        Default :func:`kit.quiz.progress.default_learner`.
    seed : str, optional
        Changes the option order; by default it is fixed by bank and question id, so every
        learner (and every re-run) sees the same order.
    number : str, optional
        A label such as ``"Question 2 of 7"`` shown before the prompt.
    titles : dict, optional
        Rewording of the feedback headings: keys ``correct`` ("Correct"), ``incorrect``
        ("Not yet") and ``out_of_attempts`` (" (no attempts left)").

    Examples
    --------
    >>> from kit.quiz.questions import Numeric
    >>> widget = QuestionWidget(Numeric("6 x 7?", answer=42), store=False)
    >>> widget.submit("42").correct, widget.status
    (True, 'correct')
    """

    attempts = t.Int(0, help="graded attempts so far")
    status = t.Unicode("unanswered", help="unanswered | incorrect | correct | out_of_attempts")
    score = t.Float(0.0, help="best score so far, in [0, 1]")
    hints_shown = t.Int(0)

    def __init__(
        self,
        question: Question,
        *,
        bank_id: str = "inline",
        store: ProgressStore | None | bool = None,
        learner: str | None = None,
        seed: str | None = None,
        number: str = "",
        titles: dict[str, str] | None = None,
    ):
        super().__init__()
        self.question = question
        self.bank_id = bank_id
        self.learner = learner or default_learner()
        self.store = ProgressStore() if store is None else (store or None)
        # The feedback headings; other uses of the widget (a prediction) may reword them.
        self.titles = {
            "correct": "Correct",
            "incorrect": "Not yet",
            "out_of_attempts": " (no attempts left)",
            **(titles or {}),
        }
        self.store_error = ""
        self.last_feedback: Feedback | None = None
        base = f"{bank_id}/{question.id}"
        self._order = question.display_order(f"{seed}/{base}" if seed else base)
        self._labels = question.labels()

        self.prompt = w.HTMLMath(_prompt_html(question, number))
        self.input = self._make_input()
        self.submit_button = w.Button(
            description="Submit", button_style="primary", tooltip="Check your answer"
        )
        self.hint_button = w.Button(description="Show a hint", tooltip="Show the next hint")
        self.hint_button.layout.display = None if question.hints else "none"
        self.feedback = FeedbackBox()
        self.submit_button.on_click(lambda _: self.submit())
        self.hint_button.on_click(lambda _: self.show_hint())
        self.observe(self._refresh_controls, names=["status", "hints_shown", "attempts"])
        self.children = [
            self.prompt,
            self.input,
            w.HBox([self.submit_button, self.hint_button]),
            self.feedback,
            KeyGuard(layout=w.Layout(height="0px", margin="0px")),
        ]
        self.add_class("kit-quiz")
        self._restore()
        self._refresh_controls()

    # ------------------------------------------------------------------ inputs

    def _make_input(self) -> w.Widget:
        q = self.question
        if isinstance(q, SingleChoice | MultiSelect):
            options = [
                {
                    "label": q.options[i].label,
                    "code": bool(q.options[i].code and not q.options[i].text),
                }
                for i in self._order
            ]
            return ChoiceGroup(
                options=options,
                multiple=isinstance(q, MultiSelect),
                legend="Choose all that apply:" if isinstance(q, MultiSelect) else "Choose one:",
            )
        if isinstance(q, Numeric | FreeText):
            box = AnswerBox(
                placeholder="a number, e.g. 42, 3.1e0 or 22/7"
                if isinstance(q, Numeric)
                else "type here",
            )
            box.add_class("kit-answer")
            box.on_msg(self._on_text_msg)
            return box
        if isinstance(q, Ordering):
            self._order_items = [q.items[i] for i in self._order]
            self._rows = []
            for pos in range(len(self._order_items)):
                up = w.Button(icon="arrow-up", layout=w.Layout(width="36px"))
                down = w.Button(icon="arrow-down", layout=w.Layout(width="36px"))
                up.on_click(lambda _, p=pos: self.move(p, -1))
                down.on_click(lambda _, p=pos: self.move(p, +1))
                label = w.HTMLMath(layout=w.Layout(flex="1 1 auto"))
                pos_label = w.HTML(f'<span class="kit-order-pos">{pos + 1}.</span>')
                self._rows.append((label, up, down))
                row = w.HBox([pos_label, up, down, label], layout=w.Layout(align_items="center"))
                row.add_class("kit-order-row")
                self._rows_box = getattr(self, "_rows_box", [])
                self._rows_box.append(row)
            self._draw_order()
            caption = w.HTML(
                '<span class="kit-quiz-kind">Your order, first at the top. Use the arrow '
                "buttons to move an item.</span>"
            )
            return w.VBox([caption, *self._rows_box])
        if isinstance(q, Matching):
            # "" stands for "not chosen yet": None would leave the drop-down blank.
            shown = [(self._labels[i], self._labels[i]) for i in self._order]
            choices = [("Choose…", ""), *shown]
            self._dropdowns = {}
            for left in q.lefts():
                dd = MatchSelect(options=choices, value="", description=left)
                dd.add_class("kit-match")
                self._dropdowns[left] = dd
            return w.VBox(list(self._dropdowns.values()))
        raise KitError(f"no widget for question type {q.type!r}")  # pragma: no cover

    def _on_text_msg(self, _widget, content, _buffers) -> None:
        # The text box sends "submit" with the text typed when Enter is pressed.
        if content.get("event") == "submit":
            if isinstance(content.get("value"), str):
                self.input.value = content["value"]
            self.submit()

    def _draw_order(self) -> None:
        n = len(self._order_items)
        for pos, (label, up, down) in enumerate(self._rows):
            item = self._order_items[pos]
            label.value = html.escape(item)
            up.tooltip = f"Move “{item}” up"
            down.tooltip = f"Move “{item}” down"
            up.disabled = self._locked or pos == 0
            down.disabled = self._locked or pos == n - 1

    @property
    def _locked(self) -> bool:
        return self.status in ("correct", "out_of_attempts")

    def move(self, position: int, step: int) -> None:
        """Move the ordering item at ``position`` up (``step=-1``) or down (``+1``)."""
        target = position + step
        if self._locked or not 0 <= target < len(self._order_items):
            return
        items = self._order_items
        items[position], items[target] = items[target], items[position]
        self._draw_order()

    @property
    def response(self) -> Any:
        """The learner's current response, in the form ``question.grade`` takes."""
        q = self.question
        if isinstance(q, SingleChoice):
            chosen = self.input.selected
            return self._labels[self._order[chosen[0]]] if chosen else None
        if isinstance(q, MultiSelect):
            return [self._labels[self._order[i]] for i in sorted(self.input.selected)]
        if isinstance(q, Numeric | FreeText):
            return self.input.value
        if isinstance(q, Ordering):
            return list(self._order_items)
        return {left: dd.value for left, dd in self._dropdowns.items() if dd.value}

    def set_response(self, response: Any) -> None:
        """Put ``response`` into the inputs, as if the learner had entered it.

        Parts that do not fit the question (an unknown option) are left out.
        """
        q = self.question
        if isinstance(q, SingleChoice | MultiSelect):
            wanted = [response] if isinstance(response, str) else list(response or [])
            shown = [self._labels[i] for i in self._order]
            picked = [shown.index(x) for x in wanted if x in shown]
            self.input.selected = picked[:1] if isinstance(q, SingleChoice) else sorted(picked)
        elif isinstance(q, Numeric | FreeText):
            self.input.value = "" if response is None else str(response)
        elif isinstance(q, Ordering):
            if isinstance(response, list) and sorted(map(str, response)) == sorted(q.items):
                self._order_items = [str(x) for x in response]
                self._draw_order()
        elif isinstance(q, Matching) and isinstance(response, dict):
            for left, dd in self._dropdowns.items():
                value = response.get(left)
                dd.value = value if value in self._labels else ""

    # ------------------------------------------------------------------ actions

    def submit(self, response: Any = None) -> Feedback:
        """Grade ``response`` (default: what is in the inputs) as the Submit button does.

        The feedback is shown and, for a readable response, the attempt is stored.
        After a right answer, or when the attempts are used up, further submissions are
        graded but neither counted nor stored.
        """
        if response is not None:
            self.set_response(response)
        response = self.response
        feedback = self.question.grade(response)
        self.last_feedback = feedback
        if not feedback.valid:
            self._show(feedback, counted=False)
            return feedback
        if self._locked:
            self._show(feedback, counted=False, note="Already finished; this try was not recorded.")
            return feedback
        self._save(response, feedback)
        self.attempts += 1
        self.score = max(self.score, feedback.score)
        q = self.question
        if feedback.correct:
            self.status = "correct"
        elif q.max_attempts is not None and self.attempts >= q.max_attempts:
            self.status = "out_of_attempts"
        else:
            self.status = "incorrect"
            # One more hint per failed attempt.
            self.hints_shown = min(len(q.hints), max(self.hints_shown, self.attempts))
        self._show(feedback)
        return feedback

    def show_hint(self) -> None:
        """Show the next hint (if any is left)."""
        if self.hints_shown < len(self.question.hints):
            self.hints_shown += 1
            if self.last_feedback is None:
                self.feedback.kind = "info"
                self.feedback.mark = "ℹ"
                self.feedback.title = "Hint"
            self.feedback.hints = list(self.question.hints[: self.hints_shown])

    def _save(self, response: Any, feedback: Feedback) -> None:
        if self.store is None:
            return
        try:
            self.store.record(
                self.bank_id,
                self.question.id,
                response,
                feedback,
                learner=self.learner,
                points=self.question.points,
            )
        except KitError as exc:
            # A broken database must not stop the lesson; say so once, in the widget.
            self.store_error = f"Progress is not being saved: {exc}"

    def _show(self, feedback: Feedback, *, counted: bool = True, note: str = "") -> None:
        q = self.question
        fb = self.feedback
        if not feedback.valid:
            fb.kind, fb.mark, fb.title = "info", "ℹ", "Check your answer"
        elif feedback.correct:
            fb.kind, fb.mark, fb.title = "correct", "✓", self.titles["correct"]
        elif feedback.score > 0:
            fb.kind, fb.mark, fb.title = "partial", "◐", f"Partly right ({feedback.score:.0%})"
        else:
            fb.kind, fb.mark, fb.title = "incorrect", "✗", self.titles["incorrect"]
        if self.status == "out_of_attempts" and not feedback.correct and counted:
            fb.title += self.titles["out_of_attempts"]
        # The title already says "Correct"; a bare "Correct!" underneath adds nothing.
        fb.message = "" if feedback.correct and feedback.message == CORRECT else feedback.message
        fb.hints = list(q.hints[: self.hints_shown])
        fb.explanation = q.explanation if self._locked else ""
        parts = [note] if note else []
        if self.attempts:
            limit = f" of {q.max_attempts}" if q.max_attempts else ""
            parts.append(f"Attempt {self.attempts}{limit}.")
            if not self._locked:
                parts.append("Try again.")
        if self.store_error:
            parts.append(self.store_error)
        fb.note = " ".join(parts)

    def _refresh_controls(self, _change=None) -> None:
        locked = self._locked
        self.submit_button.disabled = locked
        self.hint_button.disabled = locked or self.hints_shown >= len(self.question.hints)
        left = len(self.question.hints) - self.hints_shown
        self.hint_button.description = f"Show a hint ({left} left)" if left else "No more hints"
        q = self.question
        if isinstance(q, SingleChoice | MultiSelect):
            self.input.disabled = locked
        elif isinstance(q, Numeric | FreeText):
            self.input.disabled = locked
        elif isinstance(q, Ordering):
            self._draw_order()
        else:
            for dd in self._dropdowns.values():
                dd.disabled = locked

    def _restore(self) -> None:
        """Bring back the last answer, attempts and result stored for this learner."""
        if self.store is None:
            return
        try:
            past = self.store.attempts(
                learner=self.learner, bank=self.bank_id, question=self.question.id
            )
        except KitError as exc:
            self.store_error = f"Progress is not being saved: {exc}"
            self.feedback.note = self.store_error
            return
        if not past:
            return
        q = self.question
        self.attempts = len(past)
        self.score = max(a.score for a in past)
        failed = sum(not a.correct for a in past)
        if any(a.correct for a in past):
            self.status = "correct"
        elif q.max_attempts is not None and self.attempts >= q.max_attempts:
            self.status = "out_of_attempts"
        else:
            self.status = "incorrect"
            self.hints_shown = min(len(q.hints), failed)
        last = past[-1]
        self.set_response(last.response)
        self.last_feedback = q.grade(last.response)
        self._show(self.last_feedback, note="Restored from your earlier session.")

    @property
    def done(self) -> bool:
        """True once answered right or out of attempts."""
        return self._locked

    # ------------------------------------------------------------------ static output

    def plain_text(self) -> str:
        """A deterministic text rendering (no answers, no progress)."""
        q = self.question
        kind = _TYPE_NAMES.get(q.type, q.type)
        lines = [f"Question {q.id!r} ({kind}, {q.points:g} point{'s' if q.points != 1 else ''})"]
        lines += ["  " + line for line in q.prompt.strip().splitlines()]
        if q.code:
            lines += ["    " + line for line in q.code.splitlines()]
        if isinstance(q, SingleChoice | MultiSelect):
            box = "( )" if isinstance(q, SingleChoice) else "[ ]"
            lines += [f"  {box} {self._labels[i]}" for i in self._order]
        elif isinstance(q, Ordering):
            lines += [f"  {n}. {q.items[i]}" for n, i in enumerate(self._order, 1)]
        elif isinstance(q, Matching):
            choices = " / ".join(self._labels[i] for i in self._order)
            lines += [f"  {left} -> ?" for left in q.lefts()] + [f"  choices: {choices}"]
        else:
            lines.append("  Your answer: ____")
        lines.append("(Run this cell with a live kernel to answer.)")
        return "\n".join(lines)

    def static_html(self) -> str:
        """Static HTML of the question and its options, for viewers without a kernel."""
        q = self.question
        parts = [_prompt_html(q)]
        esc = html.escape
        if isinstance(q, SingleChoice | MultiSelect):
            mark = "○" if isinstance(q, SingleChoice) else "☐"
            parts.append("<ul style='list-style:none;padding-left:0.5em'>")
            parts += [f"<li>{mark} {esc(self._labels[i])}</li>" for i in self._order]
            parts.append("</ul>")
        elif isinstance(q, Ordering):
            parts.append(
                "<ol>" + "".join(f"<li>{esc(q.items[i])}</li>" for i in self._order) + "</ol>"
            )
        elif isinstance(q, Matching):
            choices = ", ".join(esc(self._labels[i]) for i in self._order)
            parts.append("<ul>" + "".join(f"<li>{esc(x)} → …</li>" for x in q.lefts()) + "</ul>")
            parts.append(f"<p>Choices: {choices}</p>")
        else:
            parts.append("<p>Your answer: ____</p>")
        parts.append("<p><em>Run this cell with a live kernel to answer.</em></p>")
        return f'<div class="kit-quiz-static">{"".join(parts)}</div>'

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.plain_text()
        data["text/html"] = self.static_html()
        return data


class QuizSection(w.VBox):
    """All questions of a bank with a running score and a summary at the end.

    Examples
    --------
    >>> section = QuizSection(load_bank("example"), store=False)
    >>> section.questions[0].submit(["nonsense"]).valid
    False
    """

    def __init__(
        self,
        bank: Bank,
        *,
        store: ProgressStore | None | bool = None,
        learner: str | None = None,
        seed: str | None = None,
    ):
        super().__init__()
        self.bank = bank
        store = ProgressStore() if store is None else store
        n = len(bank.questions)
        self.questions = [
            QuestionWidget(
                q,
                bank_id=bank.id,
                store=store,
                learner=learner,
                seed=seed,
                number=f"Question {i} of {n}",
            )
            for i, q in enumerate(bank.questions, 1)
        ]
        title = html.escape(bank.title or bank.id)
        self.header = w.HTML(
            f'<div class="kit-section-head"><h3>{title}</h3><p>A self-check: answers are '
            "graded in the kernel and saved on this computer. It is not an exam.</p></div>"
        )
        self.score_line = w.HTML()
        self.summary = FeedbackBox()
        for qw in self.questions:
            qw.observe(self._update, names=["attempts", "status", "score"])
        self.children = [self.header, self.score_line, *self.questions, self.summary]
        self.add_class("kit-quiz-section")
        self._update()

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.bank.questions)

    @property
    def points(self) -> float:
        """Points earned: each question's best score times its points."""
        return sum(qw.score * qw.question.points for qw in self.questions)

    def _update(self, _change=None) -> None:
        answered = sum(qw.attempts > 0 for qw in self.questions)
        finished = sum(qw.done for qw in self.questions)
        n = len(self.questions)
        self.score_line.value = (
            f'<span class="kit-section-score">Score: {self.points:g} of {self.total_points:g} '
            f"points</span> · answered {answered} of {n}"
        )
        if finished < n:
            self.summary.kind = ""
            self.summary.message = ""
            self.summary.note = (
                f"Summary appears when every question is finished ({n - finished} to go)."
            )
            return
        right = sum(qw.status == "correct" for qw in self.questions)
        review = [qw.question.id for qw in self.questions if qw.status != "correct"]
        self.summary.kind = "correct" if right == n else "info"
        self.summary.mark = "✓" if right == n else "ℹ"
        self.summary.title = "Summary"
        self.summary.message = (
            f"You answered {right} of {n} questions right, scoring {self.points:g} of "
            f"{self.total_points:g} points."
            + (f" Worth reviewing: {', '.join(review)}." if review else " Well done.")
        )
        self.summary.note = ""

    def plain_text(self) -> str:
        """Deterministic text: the bank title and every question (no answers, no progress)."""
        n = len(self.questions)
        head = f"Quiz {self.bank.id!r}: {self.bank.title or self.bank.id} ({n} questions)"
        return "\n\n".join([head, *(qw.plain_text() for qw in self.questions)])

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.plain_text()
        data["text/html"] = "".join(
            [f"<h3>{html.escape(self.bank.title or self.bank.id)}</h3>"]
            + [qw.static_html() for qw in self.questions]
        )
        return data


def ask(bank, question_id: str, *, learner=None, store=None, seed=None) -> QuestionWidget:
    """Return the widget for one question of a bank.

    Parameters
    ----------
    bank : str, Path or Bank
        A bank id (a file in ``data/quizzes/``, e.g. ``"01"``) or a path.
    question_id : str
    learner, store, seed
        See :class:`QuestionWidget`.

    Examples
    --------
    >>> widget = ask("example", "reach-share", store=False)
    >>> widget.submit("60").message
    'Correct!'
    """
    loaded = load_bank(bank)
    return QuestionWidget(
        loaded[question_id], bank_id=loaded.id, store=store, learner=learner, seed=seed
    )


def ask_all(bank, *, learner=None, store=None, seed=None) -> QuizSection:
    """Return a section with every question of a bank, a running score and a summary."""
    return QuizSection(load_bank(bank), store=store, learner=learner, seed=seed)
