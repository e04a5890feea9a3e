"""What a learner sees in the kit's figures (issue 25): text contrast, cell labels, summaries.

Each lesson is run in JupyterLab (Run All). Then, in the light and the dark theme, every
piece of text plotly drew in every figure of the notebook (static figures of ``kit.plots``,
explorers, revealed predictions, the replay) is measured from its *computed* fill against
what it sits on: the page (through every ancestor's background), an annotation's own box,
or, for the labels of a heatmap's cells, the cell's colour (the cells' colours travel in the
label trace's ``meta``). Every ratio must reach WCAG AA's 4.5:1 for text. axe-core's
colour-contrast rule does not look inside plotly's SVG, hence this test.

Every figure must also carry a generated summary as its accessible name (``role=figure``,
``aria-label`` "Figure: ..."), shown as text under it, and its toolbar must be out of the
Tab order.

Lessons 02, 04 and 06 are photographed figure by figure, light and dark, into
``test-output/browser/figures-<tag>-<lesson>-NN-<theme>.png`` (``KIT_FIGURE_SHOTS_TAG``,
default ``after``; ``before`` was taken on the tree before this work).
"""

from __future__ import annotations

import os

import labdriver
import pytest

SHOOT = ("02-", "04-", "06-")
TAG = os.environ.get("KIT_FIGURE_SHOTS_TAG", "after")
AA_TEXT = 4.5

_MEASURE = """(minimum) => {
  const parse = (c) => {
    const m = String(c).match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {  // top composited over an opaque colour
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const lum = (c) => {
    const ch = c.slice(0, 3).map((v) => { v /= 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const page = (el) => {  // what el sits on: every ancestor's background, outermost first
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let base = [255, 255, 255, 1];
    for (const c of layers.reverse()) base = over(c, base);
    return base;
  };
  const fillOf = (el) => {
    const s = getComputedStyle(el);
    const c = parse(s.fill);
    if (!c) return null;
    c[3] *= Number(s.fillOpacity || 1) * Number(s.opacity || 1);
    return c;
  };
  const out = {low: [], figures: 0, texts: 0, cells: 0, unnamed: [], tabStops: 0, names: []};
  for (const plot of document.querySelectorAll('.jp-Notebook .js-plotly-plot')) {
    out.figures += 1;
    const name = plot.getAttribute('aria-label') || '';
    if (plot.getAttribute('role') !== 'figure' || !name.startsWith('Figure')) {
      const title = plot.querySelector('.gtitle');
      out.unnamed.push(title ? title.textContent : '(untitled)');
    } else out.names.push(name);
    for (const b of plot.querySelectorAll('.modebar-btn')) if (b.tabIndex !== -1) out.tabStops += 1;
    const behind = page(plot);
    const cells = new Map();
    for (const t of plot._fullData || []) {
      if (t.meta && t.meta.cell_colours) cells.set(String(t.uid), t.meta.cell_colours);
    }
    for (const text of plot.querySelectorAll('.main-svg text')) {
      if (text.closest('.hoverlayer') || !text.textContent.trim()) continue;
      const box = text.getBoundingClientRect();
      const style = getComputedStyle(text);
      if (!box.width || style.visibility === 'hidden' || style.display === 'none') continue;
      const fill = fillOf(text);
      if (!fill || fill[3] === 0) continue;
      let under = behind;
      let where = 'page';
      const trace = text.closest('.trace');
      const uid = trace && [...trace.classList].find((c) => c.startsWith('trace') && c !== 'trace');
      if (uid && cells.has(uid.slice(5))) {
        const points = [...trace.querySelectorAll('.textpoint')];
        const i = points.indexOf(text.closest('.textpoint'));
        under = parse(cells.get(uid.slice(5))[i].replace(/^#(..)(..)(..)$/,
          (_, r, g, b) => `rgb(${parseInt(r, 16)}, ${parseInt(g, 16)}, ${parseInt(b, 16)})`));
        where = 'cell';
        out.cells += 1;
      } else {
        const note = text.closest('.annotation');
        const bg = note && note.querySelector('rect.bg');
        const c = bg && fillOf(bg);
        if (c && c[3] > 0) { under = over(c, behind); where = 'annotation box'; }
      }
      const r = ratio(over(fill, under), under);
      out.texts += 1;
      if (r < minimum) out.low.push(`${JSON.stringify(text.textContent.slice(0, 40))}: ` +
        `${style.fill} on ${where} rgb(${under.slice(0, 3).map(Math.round)}) = ${r.toFixed(2)}:1`);
    }
  }
  return out;
}"""


def _figure_outputs(page):
    """Each figure's output (static figure with its summary, or the widget holding it)."""
    return page.locator(
        ".jp-Notebook .jp-OutputArea-child:has(.js-plotly-plot),"
        " .jp-Notebook .jp-OutputArea-child:has(+ .jp-OutputArea-child .kit-figure-summary)"
    )


def _shoot(page, lesson: str) -> list:
    paths = []
    stem = lesson.split("-")[0]
    labdriver.OUT.mkdir(parents=True, exist_ok=True)
    for theme, tag in ((labdriver.LIGHT, "light"), (labdriver.DARK, "dark")):
        labdriver.set_theme_live(page, theme)
        plots = page.locator(".jp-Notebook .js-plotly-plot")
        for i in range(plots.count()):
            plot = plots.nth(i)
            # the figure and the summary under it (static figures: the next output)
            target = plot.locator(
                "xpath=ancestor::div[contains(@class,'jp-OutputArea ')][1]"
                " | ancestor::div[contains(@class,'kit-explorer')][1]"
            ).last
            target = target if target.count() else plot
            target.scroll_into_view_if_needed()
            page.wait_for_timeout(150)
            path = labdriver.OUT / f"figures-{TAG}-{stem}-{i + 1:02d}-{tag}.png"
            box = plot.bounding_box()
            outer = target.bounding_box()
            if box and outer:
                height = min(outer["y"] + outer["height"] - box["y"], box["height"] + 140)
                clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": height}
                page.screenshot(path=str(path), clip=clip)
            else:
                plot.screenshot(path=str(path))
            paths.append(path)
    labdriver.set_theme_live(page, labdriver.LIGHT)
    return paths


@pytest.mark.parametrize("lesson", labdriver.LESSON_FILES)
def test_figure_text_reads_in_both_themes_and_every_figure_is_named(page, lab, lesson):
    lab.forget_progress()
    labdriver.open_notebook(page, lab, lesson)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    labdriver.run_all(page)
    page.wait_for_timeout(1500)
    report = labdriver.output_report(page)
    assert not report["problems"], report["problems"]
    problems = []
    for theme in (labdriver.LIGHT, labdriver.DARK):
        labdriver.set_theme_live(page, theme)
        found = page.evaluate(_MEASURE, AA_TEXT)
        print(
            f"{lesson} {theme}: {found['figures']} figures, {found['texts']} texts measured,"
            f" {found['cells']} heatmap cell labels; below {AA_TEXT}:1: {found['low']}"
        )
        problems += [f"{theme}: {low}" for low in found["low"]]
        if found["unnamed"]:
            problems.append(f"{theme}: figures without a summary: {found['unnamed']}")
        if found["tabStops"]:
            problems.append(f"{theme}: {found['tabStops']} toolbar buttons in the Tab order")
    labdriver.set_theme_live(page, labdriver.LIGHT)
    for name in found["names"]:
        print("  ", name)
    if lesson.startswith(SHOOT):
        print("screenshots:", *_shoot(page, lesson), sep="\n  ")
    assert not problems, f"{lesson}: {problems}"


_GUESS_ROW = """(pred) => {
  const row = pred.querySelector('.kit-guess');
  const parts = ['label', 'input', '.kit-guess-range', 'button']
    .map((s) => row.querySelector(s).getBoundingClientRect());
  const out = {gaps: [], wraps: 0, overflow: row.scrollWidth - row.clientWidth,
               gap: getComputedStyle(row).columnGap};
  for (let i = 1; i < parts.length; i++) {
    const [a, b] = [parts[i - 1], parts[i]];
    if (b.top >= a.bottom - 1) { out.wraps += 1; continue; }  // on the next line
    out.gaps.push(Math.round(b.left - a.right));
  }
  const result = pred.querySelector('.kit-prediction-result');
  out.resultGap = result && result.innerText.trim()
    ? Math.round(result.getBoundingClientRect().top - row.getBoundingClientRect().bottom) : null;
  return out;
}"""


@pytest.mark.parametrize("size", [(1024, 768), (1400, 1000)])
def test_the_prediction_box_has_room_at_both_sizes(page, lab, size):
    """Issue 25: the guess box, its range, its button and the result do not run together
    (the box's stylesheet was not loaded at all); photographed light and dark."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    lab.forget_progress()
    labdriver.open_notebook(page, lab, labdriver.PREDICT_NOTEBOOK)
    labdriver.run_all(page)
    pred = page.locator(".kit-prediction").first
    pred.scroll_into_view_if_needed()
    before = pred.evaluate(_GUESS_ROW)
    pred.locator(".kit-guess input").fill("25")
    pred.locator(".kit-guess button").click()
    pred.locator(".kit-prediction-result b", has_text="Your guess vs the simulation").wait_for()
    after = pred.evaluate(_GUESS_ROW)
    print(size, "before reveal:", before, "after:", after)
    for found in (before, after):
        assert found["gap"] == "12px", found  # predict.css is in the page
        assert all(g >= 8 for g in found["gaps"]), found
        assert found["overflow"] <= 0, found
    assert after["resultGap"] is not None and after["resultGap"] >= 6, after
    labdriver.shoot_themes(page, pred, f"predict-box-{size[0]}x{size[1]}")
