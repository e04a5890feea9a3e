"""Everything fits (issue 25, outcome 2), in every lesson, in JupyterLab and Chromium.

Each lesson is opened with the file browser open at 1400x1000, run, and measured; then the
window is made 1024x768 and measured again. For every explorer, question and prediction:

- nothing in it reaches past the right edge of its cell's output area, unless it sits in a
  box that scrolls sideways (the lab bench's history table does: it scrolls inside the
  explorer instead of being cut off);
- every slider's track is at least 100 px wide (a long label sits above the track, so
  "Unfollowing from ad fatigue" no longer squeezes it to 9 px).

Every prediction is answered first (a guess typed and Enter pressed), so its revealed figure
is measured too. For every plotly figure in the notebook (static figures, explorers, revealed
predictions) no text plotly drew (title, legend, annotation or source note, axis titles and
tick labels) lies outside the part of the figure one can see: the figure's own box, cut at
its cell's edge. Every table in an output ends inside its output area, unless it sits in a
box of its own that scrolls sideways (``kit.sim.show`` tables do); the output area's own
scrolling does not count, its scrollbar is easily missed at the bottom of a long output.

Lessons 02, 04 and 06 are photographed (their explorers, light and dark, at both sizes;
their static figures, revealed predictions and widest tables at both sizes) into
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


_FIGURES_AND_TABLES = r"""() => {
  const out = {figures: 0, texts: 0, tables: 0, clipped: [], tables_out: []};
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const cells = [...panel.querySelectorAll('.jp-Cell')];
  const where = (el) => `cell ${cells.indexOf(el.closest('.jp-Cell'))}`;
  const clips = (el) => getComputedStyle(el).overflowX !== 'visible';
  const scrollsX = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  for (const plot of panel.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('svg.main-svg');
    if (!svg || !svg.getBoundingClientRect().width) continue;
    out.figures += 1;
    const area = plot.closest('.jp-OutputArea-output') || plot.closest('.jp-Cell');
    // what can be seen of the figure: its own box, cut by the cell and every box that clips
    const box = svg.getBoundingClientRect();
    let left = box.left, right = box.right;
    for (let n = svg.parentElement; n && n !== document.body; n = n.parentElement) {
      if (clips(n) || n === area) {
        const b = n.getBoundingClientRect();
        left = Math.max(left, b.left); right = Math.min(right, b.right);
      }
      if (n === area) break;
    }
    const title = ((plot.querySelector('.gtitle') || {}).textContent || '(untitled)').slice(0, 40);
    for (const t of plot.querySelectorAll('.main-svg text')) {
      if (t.closest('.hoverlayer') || !t.textContent.trim()) continue;
      const r = t.getBoundingClientRect();
      if (!r.width) continue;
      out.texts += 1;
      if (r.left >= left - 1 && r.right <= right + 1 && r.top >= box.top - 1
          && r.bottom <= box.bottom + 1) continue;
      const part = t.closest('.g-gtitle, .legend, .annotation, .xtick, .ytick, .g-xtitle,'
        + ' .g-ytitle');
      const kind = part ? part.getAttribute('class').split(' ')[0] : 'text';
      out.clipped.push(`${where(plot)} "${title}": ${kind} "${t.textContent.slice(0, 40)}" at`
        + ` x ${Math.round(r.left)}-${Math.round(r.right)}, y ${Math.round(r.top - box.top)}-`
        + `${Math.round(r.bottom - box.top)}; seen: x ${Math.round(left)}-${Math.round(right)},`
        + ` y 0-${Math.round(box.height)}`);
    }
  }
  for (const table of panel.querySelectorAll('.jp-OutputArea-output table')) {
    out.tables += 1;
    const area = table.closest('.jp-OutputArea-output');
    const edge = area.getBoundingClientRect().right + 1;
    const r = table.getBoundingClientRect();
    if (!r.width || r.right <= edge) continue;
    let scrolled = false;  // a sideways-scrolling box inside the output, within the cell
    for (let n = table.parentElement; n && n !== area; n = n.parentElement) {
      if (scrollsX(n) && n.getBoundingClientRect().right <= edge) { scrolled = true; break; }
    }
    if (scrolled) continue;
    const head = [...table.querySelectorAll('th')].slice(0, 3).map((x) => x.textContent.trim());
    out.tables_out.push(`${where(table)} table (${head.join(' | ').slice(0, 60)}) ends at`
      + ` ${Math.round(r.right)} px, its output at ${Math.round(edge)}`);
  }
  return out;
}"""


def reveal_predictions(page) -> int:
    """Answer every prediction not answered yet (a guess, Enter), so its figure is drawn."""
    boxes = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .kit-prediction .kit-guess input")
    revealed = 0
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if box.is_disabled():
            continue  # answered in an earlier session: already revealed
        box.scroll_into_view_if_needed()
        box.fill("100")
        box.press("Enter")
        result = box.locator("xpath=ancestor::*[contains(@class,'kit-prediction')][1]")
        result.locator(".kit-prediction-result .js-plotly-plot .main-svg").first.wait_for()
        revealed += 1
    page.wait_for_timeout(500)
    return revealed


def measure_figures(page) -> dict:
    """Figure text outside what can be seen of its figure; tables past their output."""
    return page.evaluate(_FIGURES_AND_TABLES)


def shoot_fitted(page, lesson: str, size: str) -> None:
    """Each static figure, revealed prediction and table wider than 500 px, light and dark."""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    static = ".jp-OutputArea-output > .js-plotly-plot, .jp-OutputArea-output > * > .js-plotly-plot"
    targets = [
        ("figure", panel.locator(static)),
        ("prediction", panel.locator(".kit-prediction-result .js-plotly-plot")),
        ("table", panel.locator(".jp-OutputArea-output .kit-table-scroll")),
    ]
    for theme, tag in ((labdriver.LIGHT, "light"), (labdriver.DARK, "dark")):
        labdriver.set_theme_live(page, theme)
        for what, found in targets:
            shot = 0
            for i in range(found.count()):
                item = found.nth(i)
                if what == "table" and item.evaluate("el => el.scrollWidth") < 500:
                    continue
                item.evaluate("el => el.scrollIntoView({block: 'center'})")
                page.wait_for_timeout(300)
                shot += 1
                name = f"fit-{lesson[:2]}-{what}{shot}-{size}-{tag}.png"
                page.screenshot(path=str(labdriver.OUT / name))
    labdriver.set_theme_live(page, labdriver.LIGHT)


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
    revealed = reveal_predictions(page)
    problems, clipped = [], []
    for width, height in ((1400, 1000), (1024, 768)):
        page.set_viewport_size({"width": width, "height": height})
        found = measure(page)
        drawn = measure_figures(page)
        counts = (
            f"{found['widgets']} widgets, {found['sliders']} sliders, {revealed} predictions"
            f" revealed, {drawn['figures']} figures with {drawn['texts']} texts,"
            f" {drawn['tables']} tables"
        )
        print(f"{lesson} at {width}x{height}: {counts}")
        assert found["widgets"] > 0
        problems += [f"{width}x{height} {p}" for p in found["overflows"] + found["narrow"]]
        clipped += [f"{width}x{height} {p}" for p in drawn["clipped"] + drawn["tables_out"]]
        if lesson[:2] in ("02", "04", "06"):
            shoot(page, lesson, f"{width}")
            shoot_fitted(page, lesson, f"{width}")
    assert not problems, f"{lesson}: widgets that do not fit: {problems}"
    assert not clipped, f"{lesson}: figure text or tables cut at the edge: {clipped}"
