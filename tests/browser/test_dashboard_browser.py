"""The instructor dashboard in a real JupyterLab and Chromium updates by itself.

The notebook shows ``quiz.dashboard(class_id="tue-am", banks=["example"], interval=1)`` once;
then *another process* records graded attempts into the lab's progress database, and the
numbers on the page change without any cell being run again. Clearing the output stops the
refreshes (the view's timer goes with the view). Screenshots of the dashboard in the light
and the dark theme are written to ``test-output/browser/dashboard-{light,dark}.png``.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap

import labdriver
from labdriver import OUT

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips these tests (fails them under CI=true) with the reason
    expect = None

NOTEBOOK = "dashboard-live.ipynb"
CELLS = [
    "from kit import quiz\n"
    "board = quiz.dashboard(class_id='tue-am', banks=['example'], interval=1)\n"
    "board",
    "before = board.refreshes",
    "import time\ntime.sleep(0)\nprint('refreshes since:', board.refreshes - before)",
]

# A seeded class: eight learners answer four questions of the example bank, graded by the
# bank itself, up to three tries each, a little apart in time.
SUBMIT = textwrap.dedent(
    """
    import random, sys, time
    from kit.quiz import ProgressStore, load_bank
    store = ProgressStore(sys.argv[1], class_id="tue-am")
    bank = load_bank("example")
    rng = random.Random(2026)
    tries = {
        "trust-fastest": [o.text for o in bank["trust-fastest"].options],
        "networking-traits": [[o.text for o in bank["networking-traits"].options[:k]]
                              for k in (1, 2, 3)],
        "reach-share": [60, 600, 6, 30],
        "two-way-term": ["networking", "broadcasting", "media"],
    }
    for learner in ["ada", "bo", "chidi", "dana", "eli", "fay", "gus", "hana"]:
        for qid, choices in tries.items():
            for _ in range(3):
                response = rng.choice(choices)
                feedback = bank[qid].grade(response)
                store.record("example", qid, response, feedback, learner=learner)
                if feedback.correct:
                    break
        time.sleep(0.2)
    print("done")
    """
)


def _cell_output(page, index: int) -> str:
    return (
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")
        .nth(index)
        .locator(".jp-OutputArea-output")
        .inner_text()
    )


def _run_cell(page, index: int) -> None:
    page.evaluate(
        f"() => {{ window.jupyterapp.shell.currentWidget.content.activeCellIndex = {index}; }}"
    )
    labdriver.run_command(page, "notebook:run-cell")
    page.wait_for_timeout(300)
    labdriver.wait_idle(page, labdriver.UI_TIMEOUT_MS)


def test_dashboard_updates_by_itself_and_stops_when_closed(page, lab):
    labdriver._notebook(lab.root / NOTEBOOK, CELLS)
    labdriver.open_notebook(page, lab, NOTEBOOK)
    page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0; }")
    labdriver.run_command(page, "notebook:run-cell")
    dash = page.locator(".kit-dash")
    expect(dash).to_be_visible()
    tried = dash.locator('tr[data-question="example/trust-fastest"] [data-stat="tried"]')
    expect(tried).to_have_text("0")
    expect(dash.locator('tr[data-question="example/match-terms"]')).to_be_visible()

    # Another process submits; the page follows without any re-run.
    result = subprocess.run(
        [sys.executable, "-c", SUBMIT, str(lab.home / "progress.db")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KIT_OUTBOX": str(lab.home / "submit-outbox.db")},
    )
    assert result.returncode == 0, result.stderr
    expect(tried).to_have_text("8")
    expect(dash.locator('.kit-dash-card[data-stat="learners"] .kit-dash-number')).to_have_text("8")
    expect(dash.locator('.kit-dash-card[data-stat="active"] .kit-dash-number')).to_have_text("8")
    # Every attempt the other process stored is counted (a count made directly in SQL).
    with sqlite3.connect(lab.home / "progress.db") as conn:
        (stored,) = conn.execute(
            "SELECT COUNT(*) FROM attempts WHERE class_id = 'tue-am'"
        ).fetchone()
    card = dash.locator('.kit-dash-card[data-stat="attempts"] .kit-dash-number')
    expect(card).to_have_text(str(stored))
    # The bars and the most common wrong answer are drawn.
    assert dash.locator(".kit-dash-fill").count() == 2 * 7
    assert "learner" in dash.locator('tr[data-question="example/reach-share"]').inner_text()

    OUT.mkdir(parents=True, exist_ok=True)
    area = page.locator(".jp-Cell").nth(0).locator(".jp-OutputArea-output")
    area.screenshot(path=str(OUT / "dashboard-light.png"))
    labdriver.set_theme_live(page, labdriver.DARK)
    area.screenshot(path=str(OUT / "dashboard-dark.png"))
    labdriver.set_theme_live(page, labdriver.LIGHT)

    # While shown, the view asks the kernel about once a second.
    _run_cell(page, 1)
    page.wait_for_timeout(3000)
    _run_cell(page, 2)
    assert int(_cell_output(page, 2).split(":")[1]) >= 1

    # Output cleared: the view is gone, and so is its timer.
    labdriver.run_command(page, "notebook:clear-all-cell-outputs")
    expect(page.locator(".kit-dash")).to_have_count(0)
    page.wait_for_timeout(1500)  # a request already on its way is answered
    _run_cell(page, 1)
    page.wait_for_timeout(3000)
    _run_cell(page, 2)
    assert _cell_output(page, 2).strip() == "refreshes since: 0"
