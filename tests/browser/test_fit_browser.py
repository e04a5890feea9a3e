"""Everything fits (issue 25, outcome 2), in every lesson, in JupyterLab and Chromium.

Each lesson is opened with the file browser open at 1400x1000, run, and measured; then the
window is made 1024x768 and measured again. For every explorer, question and prediction:

- nothing in it reaches past the right edge of its cell's output area, unless it sits in a
  box that scrolls sideways (the lab bench's history table does: it scrolls inside the
  explorer instead of being cut off);
- every slider's track is at least 100 px wide (a long label sits above the track, so
  "Unfollowing from ad fatigue" no longer squeezes it to 9 px).

Lessons 02, 04 and 06 are photographed (their explorers, light and dark, at both sizes) into
``test-output/browser/fit-*.png``.
"""

from __future__ import annotations

import labdriver
import pytest

WIDGETS = ".kit-explorer, .kit-quiz, .kit-prediction"

_MEASURE = r"""(selector) => {
  const out = {overflows: [], narrow: [], widgets: 0, sliders: 0};
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const scrolls = (el) => {
    const s = getComputedStyle(el);
    return ['auto', 'scroll'].includes(s.overflowX);
  };
  const name = (el) => (el.className && el.className.baseVal === undefined
    ? String(el.className).split(' ').filter(Boolean).slice(0, 2).join('.') : el.tagName);
  for (const widget of panel.querySelectorAll(selector)) {
    if (widget.parentElement.closest(selector)) continue;  // a question inside a section
    out.widgets += 1;
    const cell = widget.closest('.jp-OutputArea-output') || widget.closest('.jp-Cell');
    const edge = cell.getBoundingClientRect().right + 1;
    const what = widget.className.split(' ').find((c) => c.startsWith('kit-'));
    for (const el of [widget, ...widget.querySelectorAll('*')]) {
      if (el.closest('svg') || el.closest('.js-plotly-plot .modebar')) continue;
      const r = el.getBoundingClientRect();
      if (!r.width || r.right <= edge) continue;
      // inside a box that scrolls sideways (and is itself within the cell): fine
      let node = el.parentElement, scrolled = false;
      while (node && node !== widget.parentElement) {
        if (scrolls(node) && node.getBoundingClientRect().right <= edge) { scrolled = true; break; }
        node = node.parentElement;
      }
      if (!scrolled) {
        out.overflows.push(`${what}: ${name(el)} ends at ${Math.round(r.right)} px,`
          + ` the cell at ${Math.round(edge)}`);
        break;  // one per widget is enough to say it
      }
    }
    for (const track of widget.querySelectorAll('.widget-slider .noUi-target')) {
      out.sliders += 1;
      const w = track.getBoundingClientRect().width;
      const label = track.closest('.widget-slider').querySelector('.widget-label');
      if (w < 100) out.narrow.push(`${label ? label.textContent : '?'}: ${Math.round(w)} px`);
    }
  }
  return out;
}"""


def measure(page) -> dict:
    page.wait_for_timeout(800)  # plotly and the grid lay themselves out after a resize
    return page.evaluate(_MEASURE, WIDGETS)


def shoot(page, lesson: str, size: str) -> None:
    """The window at each explorer's top and at its lab bench, light and dark."""
    labdriver.OUT.mkdir(parents=True, exist_ok=True)
    explorers = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .kit-explorer")
    for theme, tag in ((labdriver.LIGHT, "light"), (labdriver.DARK, "dark")):
        labdriver.set_theme_live(page, theme)
        for i in range(explorers.count()):
            for part, where in (("top", ".kit-control"), ("bench", ".kit-labbench")):
                target = explorers.nth(i).locator(where).first
                target.evaluate("el => el.scrollIntoView({block: 'start'})")
                page.wait_for_timeout(300)
                name = f"fit-{lesson[:2]}-explorer{i + 1}-{part}-{size}-{tag}.png"
                page.screenshot(path=str(labdriver.OUT / name))
    labdriver.set_theme_live(page, labdriver.LIGHT)


@pytest.mark.parametrize("lesson", labdriver.LESSON_FILES)
def test_every_widget_fits_its_cell(page, lab, lesson):
    page.set_viewport_size({"width": 1400, "height": 1000})
    labdriver.open_notebook(page, lab, lesson)
    page.evaluate("() => window.jupyterapp.shell.expandLeft()")  # the file browser open
    labdriver.run_all(page)
    problems = []
    for width, height in ((1400, 1000), (1024, 768)):
        page.set_viewport_size({"width": width, "height": height})
        found = measure(page)
        counts = f"{found['widgets']} widgets, {found['sliders']} sliders"
        print(f"{lesson} at {width}x{height}: {counts}")
        assert found["widgets"] > 0
        problems += [f"{width}x{height} {p}" for p in found["overflows"] + found["narrow"]]
        if lesson[:2] in ("02", "04", "06"):
            shoot(page, lesson, f"{width}")
    assert not problems, f"{lesson}: widgets that do not fit: {problems}"
