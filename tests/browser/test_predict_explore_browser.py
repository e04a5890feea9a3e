"""Predict-then-reveal and the explorer in a real JupyterLab, by keyboard only.

The notebook (``labdriver.PREDICT_NOTEBOOK``) shows a crossover prediction (weeks 1 to 60)
and an explorer with two sliders. As elsewhere, the test focuses the first control of a
widget with ``element.focus()`` where a learner would Tab from the cell above; every move
after that is a key press (Tab, Shift+Tab, arrows, Space, Enter, typing).

- Prediction: the range is stated beside the box; an out-of-range guess (500) and a word are
  refused with a sentence and nothing is revealed; the guess can be changed before Reveal;
  Enter in the box or Space on the button reveals "your guess vs the simulation" with no
  cross and no points, the guess drawn on a figure whose x axis stays on the run (1 to 60);
  "Predict again on a new run" opens the box afresh. Focus is visible on each control.
- Explorer: the sliders carry plain labels (readouts in the unit: whole hours, per cents) and
  the field name in small print; arrow keys move a slider and stay on it (JupyterLab does
  not take them to move between cells); the metric menu is reached with Tab and changed
  with the arrow keys, and the figure follows.

Screenshots of both, light and dark, go to ``test-output/browser/predict-*.png``.
"""

from __future__ import annotations

import json

import labdriver

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips these tests (fails them under CI=true) with the reason
    expect = None
from test_quiz_browser import is_focused, key_to


def test_prediction_and_explorer_by_keyboard(page, lab):
    labdriver.open_notebook(page, lab, labdriver.PREDICT_NOTEBOOK)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    labdriver.run_all(page)
    assert not labdriver.output_report(page)["modelErrors"]

    # ------------------------------------------------------------ prediction
    pred = page.locator(".kit-prediction").first
    box = pred.locator(".kit-guess input")
    button = pred.locator(".kit-guess button")
    message = pred.locator(".kit-guess-message")
    expect(pred.locator(".kit-guess-range")).to_have_text("a week from 1 to 60")
    assert message.get_attribute("aria-live") == "polite"
    labdriver.shoot_themes(page, pred, "predict-before")
    box.focus()
    assert labdriver.focus_visible(box)
    page.keyboard.type("500")
    page.keyboard.press("Enter")
    expect(message).to_contain_text("beyond the run")
    expect(message).to_contain_text("from 1 to 60")
    assert "Your guess vs the simulation" not in pred.inner_text()
    labdriver.shoot_themes(page, pred, "predict-refused")
    page.keyboard.press("Control+a")
    page.keyboard.type("soon")
    page.keyboard.press("Enter")
    expect(message).to_contain_text("is not a number")
    assert not box.is_disabled()
    # change the guess freely, then Tab to Reveal and press Space
    page.keyboard.press("Control+a")
    page.keyboard.type("20")
    page.keyboard.press("Control+a")
    page.keyboard.type("25")
    key_to(page, button)
    assert labdriver.focus_visible(button)
    page.keyboard.press("Space")
    result = pred.locator(".kit-prediction-result")
    expect(result).to_contain_text("Your guess vs the simulation")
    expect(result).to_contain_text("You guessed week 25")
    expect(result).to_contain_text("What that tells you")
    text = result.inner_text()
    for word in ("✗", "✓", "point", "Not close", "wrong"):
        assert word not in text, word
    expect(box).to_be_disabled()
    plot = result.locator(".js-plotly-plot")
    expect(plot).to_be_visible()
    x_range = plot.evaluate("p => p.layout.xaxis.range")
    assert x_range == [1, 60], x_range
    shapes = plot.evaluate("p => (p.layout.shapes || []).map((s) => [s.x0, s.line.dash])")
    assert [25, "dash"] in shapes, shapes
    labdriver.shoot_themes(page, pred, "predict-revealed")
    again = pred.get_by_role("button", name="Predict again on a new run")
    key_to(page, again)
    assert labdriver.focus_visible(again)
    page.keyboard.press("Enter")
    expect(box).to_be_enabled()
    expect(box).to_have_value("")
    expect(result).not_to_contain_text("Your guess vs the simulation")
    expect(pred).to_contain_text("A new run (seed 4)")

    # ------------------------------------------------------------ explorer
    ex = page.locator(".kit-explorer").first
    ex.scroll_into_view_if_needed()
    sliders = ex.locator(".widget-slider")
    expect(sliders.nth(0).locator(".widget-label")).to_have_text("Time budget")
    expect(sliders.nth(1).locator(".widget-label")).to_have_text("Reach")
    small = ex.locator(".kit-control-small").first
    expect(small).to_have_text("hours per week")  # the code name only in the tooltip
    assert "(in code: hours)" in (small.get_attribute("title") or "")
    readouts = ex.locator(".widget-readout")
    expect(readouts.nth(0)).to_have_text("10")
    expect(readouts.nth(1)).to_have_text("6%")
    handle = ex.locator(".noUi-handle").first
    handle.focus()
    assert labdriver.focus_visible(handle)
    active = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    page.keyboard.press("ArrowRight")
    expect(readouts.nth(0)).to_have_text("11")
    page.keyboard.press("ArrowUp")  # moves the slider, not the notebook's active cell
    expect(readouts.nth(0)).to_have_text("12")
    assert is_focused(handle)
    after = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    assert after == active
    second = ex.locator(".noUi-handle").nth(1)
    key_to(page, second)  # Tab: past the first slider's editable readout
    page.keyboard.press("ArrowRight")
    expect(readouts.nth(1)).to_have_text("7%")
    menu = ex.locator(".kit-metric-menu select")
    key_to(page, menu)
    assert labdriver.focus_visible(menu)
    groups = menu.evaluate("s => [...s.querySelectorAll('optgroup')].map((g) => g.label)")
    assert groups == ["Customers", "Audience", "Relationships and trust"], groups
    before = plot_title(ex)
    page.keyboard.press("ArrowDown")
    expect(menu).to_have_value("new_customers")
    page.wait_for_function(
        f"(ex) => ex.querySelector('.js-plotly-plot').layout.title.text !== {json.dumps(before)}",
        arg=ex.element_handle(),
    )
    assert "New customers" in plot_title(ex)
    labdriver.shoot_themes(page, ex, "predict-explorer")
    assert not page.js_errors, page.js_errors


def plot_title(ex) -> str:
    return ex.evaluate("ex => ex.querySelector('.js-plotly-plot').layout.title.text")
