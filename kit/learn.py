"""Helpers the lessons call so that a learner never meets a failing check or a blank cell.

- :func:`claim_check`: the lessons' claim checks. Each one keeps a sentence of the lesson true
  to the model. Under the test suite (``KIT_CLAIMS=strict``, set by ``tests/conftest.py`` for
  nbval, or ``CI``) a claim that no longer holds fails the test, so prose cannot drift from the
  model. In a learner's kernel it never raises: when the learner has changed something the
  text did not foresee, one calm sentence says that the text describes the default run and
  what their run did instead, and the notebook goes on.
- :func:`solution`: a "Show a solution" button under a challenge. It appears only once the
  challenge cell has run (it is that cell's output), in lessons and student copies alike;
  the solution comes from ``data/solutions/NN.yaml`` (also the answer key's source) and can be
  run with one more click, so nobody has to type code.

Examples
--------
>>> with claim_check("the default run"):
...     assert 2 + 2 == 4
"""

from __future__ import annotations

import contextlib
import html
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kit.data import data_dir
from kit.errors import KitError

#: Values of KIT_CLAIMS that make claim checks raise (the test suite's setting).
STRICT = ("strict", "1", "on", "true", "yes")


def claims_are_strict() -> bool:
    """Whether claim checks raise: ``KIT_CLAIMS=strict`` (the test suite), or CI without
    ``KIT_CLAIMS=calm``."""
    mode = os.environ.get("KIT_CLAIMS", "").strip().lower()
    if mode:
        return mode in STRICT
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


class ClaimNote:
    """What a :func:`claim_check` block found (``held`` is False once a claim did not hold)."""

    def __init__(self, about: str) -> None:
        self.about = about
        self.held = True
        self.reason = ""


def _calm(about: str, reason: str) -> str:
    said = reason.strip().split("\n")[0].strip().rstrip(".")  # the message, not a rewrite
    detail = f" In yours, {said[0].lower()}{said[1:]}." if said else ""
    return (
        f"ⓘ The text above describes {about}; your run differs, so read the numbers above "
        f"rather than the text.{detail}"
    )


@contextlib.contextmanager
def claim_check(about: str = "the default run") -> Iterator[ClaimNote]:
    """Check the lesson's claims in the block: strict under tests, calm for a learner.

    Parameters
    ----------
    about : str
        What the text describes, for the learner's sentence: ``"the default run"``,
        ``"the runs with the lesson's settings"``.

    Write plain ``assert`` statements in the block, each with a message that says what the
    learner's run did, e.g. ``assert ratio > 3, f"relationship had {ratio:.1f} times
    broadcast's customers"``. In a learner's kernel any error in the block (a claim that no
    longer holds, or a value the learner's change made impossible to look up) becomes one
    sentence; under tests it is raised as it is.
    """
    note = ClaimNote(about)
    try:
        yield note
    except Exception as exc:  # noqa: BLE001 - a learner must never see a check's traceback
        if claims_are_strict():
            raise
        note.held = False
        note.reason = str(exc) if isinstance(exc, AssertionError) else ""
        _show_text(_calm(about, note.reason))


def _show_text(text: str) -> None:
    try:
        from IPython.display import HTML, display

        display(HTML(f"<p class='kit-claim-note' role='note'>{html.escape(text)}</p>"))
    except ImportError:  # pragma: no cover - outside IPython
        print(text)


# ------------------------------------------------------------------------------ solutions
#: Largest solutions file read (a lesson's is a few kB).
MAX_SOLUTIONS_BYTES = 200_000


def solutions(lesson: str) -> dict[int, dict[str, str]]:
    """The solutions of one lesson (``data/solutions/NN.yaml``), by challenge number."""
    import yaml

    path = Path(data_dir()) / "solutions" / f"{lesson}.yaml"
    try:
        if path.stat().st_size > MAX_SOLUTIONS_BYTES:
            raise KitError(f"{path} is larger than {MAX_SOLUTIONS_BYTES:,} bytes")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KitError(f"no solutions for lesson {lesson}: cannot read {path}") from exc
    items = (data or {}).get("challenges", {}) if isinstance(data, dict) else {}
    out: dict[int, dict[str, str]] = {}
    for number, item in items.items():
        if isinstance(item, dict):
            out[int(number)] = {k: str(v) for k, v in item.items() if v is not None}
    return out


def _run(code: str, name: str, namespace: dict[str, Any]) -> Any:
    """Run ``code`` in ``namespace``; the value of its last line if that is an expression
    (as a notebook cell shows it)."""
    import ast

    tree = ast.parse(code, name)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, name, "exec"), namespace)  # noqa: S102 - the kit's own solution text
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), name, "eval"), namespace)  # noqa: S307


def solution(lesson: str, challenge: int, namespace: dict[str, Any] | None = None):
    """A "Show a solution" button for one challenge; call it last in the challenge's cell.

    The button is the cell's output, so it appears only after the learner has run the cell
    (tried the challenge). Clicking it shows the solution's explanation and code; a second
    button runs that code in the notebook (``namespace``, the notebook's variables by
    default) and shows what it gives, so a learner who does not code can still see it work.
    """
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    found = solutions(lesson).get(int(challenge))
    if not found:
        raise KitError(f"lesson {lesson} has no solution for challenge {challenge}")
    title = found.get("title", f"Challenge {challenge}")
    show = widgets.Button(
        description="Show a solution",
        tooltip=f"Show a solution to challenge {challenge}: {title}",
        icon="eye",
        layout=widgets.Layout(width="auto"),
    )
    run = widgets.Button(
        description="Run this solution",
        tooltip="Run the solution's code here and show what it gives",
        icon="play",
        layout=widgets.Layout(width="auto", display="none"),
    )
    out = widgets.Output()
    result = widgets.Output()
    box = widgets.VBox([widgets.HBox([show, run]), out, result])
    box.add_class("kit-solution")

    # The buttons are never hidden or disabled while they have the keyboard focus (the focus
    # would fall to the page, and the next Tab to JupyterLab's menus): "Show a solution"
    # turns into "Hide the solution", and "Run this solution" stays pressable while it runs.
    def on_show(_=None):
        if show.description == "Hide the solution":
            out.clear_output()
            result.clear_output()
            run.layout.display = "none"
            show.description, show.icon = "Show a solution", "eye"
            return
        show.description, show.icon = "Hide the solution", "eye-slash"
        if found.get("code"):
            run.layout.display = None
        out.clear_output()
        with out:
            text = found.get("explain", "")
            if found.get("code"):
                text += f"\n\n```python\n{found['code'].rstrip()}\n```"
            display(Markdown(f"**A solution** (one of several that work)\n\n{text}"))

    def on_run(_=None):
        from IPython import get_ipython

        ip = get_ipython()
        target = namespace if namespace is not None else (ip.user_ns if ip else {})
        result.clear_output()
        with result:
            try:
                value = _run(found["code"], f"<solution {lesson}-{challenge}>", target)
                if value is not None:
                    display(value)
            except Exception as exc:  # noqa: BLE001 - say it in a sentence
                print(
                    f"The solution could not run here ({type(exc).__name__}: {exc}); run the "
                    "lesson's cells above it first (Run > Run All Cells), then try again."
                )

    show.on_click(on_show)
    run.on_click(on_run)
    box.show_solution, box.run_solution = on_show, on_run  # for tests and keyboard scripts
    # what it shows, as data: the static website's form of the button (kit.site.emit)
    box.solution = {"lesson": lesson, "challenge": int(challenge), "title": title, **found}
    return box
