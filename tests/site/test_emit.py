"""kit.site.emit: the static form is computed in the kernel, only under KIT_STATIC=1."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from kit.quiz.questions import Matching, Numeric
from kit.quiz.widgets import QuestionWidget
from kit.site import MIME, emit


@pytest.fixture
def shell():
    ip = InteractiveShell.instance()
    yield ip
    ip.display_formatter.formatters.pop(MIME, None)


def test_no_static_form_without_the_flag(shell, monkeypatch):
    monkeypatch.delenv("KIT_STATIC", raising=False)
    assert emit.install(shell) is False
    assert MIME not in shell.display_formatter.formatters


def test_widgets_carry_their_static_form_under_the_flag(shell, monkeypatch):
    monkeypatch.setenv("KIT_STATIC", "1")
    assert emit.install(shell) is True
    answer = 6 * 7  # a question built from a variable
    widget = QuestionWidget(Numeric("6 x 7?", answer=answer, hints=["Six sevens."]), store=False)
    data, _meta = shell.display_formatter.format(widget)
    assert "application/vnd.jupyter.widget-view+json" in data  # the widget is still there
    form = data[MIME]
    assert form["kind"] == "question"
    assert form["question"]["answers"][0]["value"] == 42.0
    assert form["question"]["hints"] == ["Six sevens."]
    assert "6 x 7?" in form["prompt_html"]
    # anything else is left alone
    plain, _ = shell.display_formatter.format(42)
    assert MIME not in plain


def test_matching_form_keeps_the_shown_order():
    q = Matching("Match.", pairs={"follower": "one-way", "friend": "two-way"}, distractors=["x"])
    widget = QuestionWidget(q, store=False, bank_id="b")
    form = emit.question_form(q, widget=widget)
    assert form["order"] == widget._order
    assert form["lefts"] == ["follower", "friend"]
    assert sorted(form["labels"]) == ["one-way", "two-way", "x"]
    assert form["key"] == "b/" + q.id


def test_explorer_grid_keeps_the_start_and_the_budget():
    from kit.explore import explore

    ex = explore(sliders=["hours", "p_ad"], population=1_000, weeks=10, bench=False)
    form = emit.explorer_form(ex)
    assert form["kind"] == "explorer" and form["mode"] == "grid"
    for slider in form["sliders"]:
        assert slider["start"] in slider["values"]
        assert len(slider["values"]) <= emit.VALUES_PER_SLIDER
    hours, p_ad = (len(s["values"]) for s in form["sliders"])
    assert len(form["runs"]) == hours * p_ad
    start = "|".join(f"{s['start']:g}" for s in form["sliders"])
    assert set(form["runs"][start]) == {m for m, _ in form["metrics"]}


def test_progress_bars_in_tqdm_s_form_and_the_kit_s_plain_form_are_left_out():
    from kit.sim.outputs import PLAIN_BAR
    from kit.site.render import PROGRESS

    plain = PLAIN_BAR.format(desc="Running the grid", percentage=0, n_fmt=0, total_fmt=54, bar="")
    assert PROGRESS.match(plain)
    assert PROGRESS.match("sweep:  0%|          | 0/54 [00:00<?, ?run/s]")
    assert not PROGRESS.match("Half of them: 50% of 54 people")
