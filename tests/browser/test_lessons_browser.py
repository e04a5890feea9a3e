"""Every lesson in JupyterLab under headless Chromium: what a learner actually sees.

For each ``lessons/0[0-6]-*.ipynb`` (a copy; see conftest): open it, run all cells, wait for
the kernel to be idle, then check

- no cell failed (no error output in the notebook model, no traceback in the DOM), every code
  cell ran;
- every plotly figure (plain figures and the FigureWidgets inside explorers) is drawn, with
  traces, at a real size; every widget output rendered (no "Error displaying widget", no
  "Loading widget...", not empty);
- before anything was submitted, the page holds no correct-answer marker: no explanation or
  answer feedback text from the lesson's quiz bank, no ``data-kind="correct"`` feedback, no
  element whose class or data attribute names correctness;
- every figure (plain figures, explorers and revealed predictions): no two differently named
  lines share colour and dash, and every line colour has at least 3:1 contrast against the
  background the figure actually sits on, in the light theme and in the dark theme
  (``kit.plots.style.style_problems`` on the traces plotly holds in the page);
- every explorer: one slider moved with the keyboard (ArrowRight on its handle) changes the
  figure's data (the traces' ``y`` as plotly holds them in the page).

With ``KIT_SCREENSHOTS=1`` (``make screenshots``) every lesson is photographed top to bottom
in the light and the dark theme into ``test-output/browser/``; a failure always leaves a
screenshot there.
"""

from __future__ import annotations

import html
import json
import re

import labdriver
import pytest
import yaml
from labdriver import OUT, SCREENSHOTS, VIEWPORT

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips these tests (fails them under CI=true) with the reason
    expect = None

DATA = labdriver.ROOT / "data" / "quizzes"
# predict_then_reveal's reveal (kit/predict.py): shown only once a guess is revealed.
PREDICTION_SECRETS = ["Your guess vs the simulation", "What that tells you:"]


def _norm(text: str) -> str:
    return " ".join(text.split())


def bank_secrets(bank_id: str) -> list[str]:
    """Texts the learner may only see after submitting: explanations and answer feedback."""
    path = DATA / f"{bank_id}.yaml"
    if not path.exists():
        return []
    bank = yaml.safe_load(path.read_text())
    found = []
    for q in bank.get("questions", []):
        found.append(q.get("explanation") or "")
        found.append(q.get("default_feedback") or "")
        for answer in q.get("answers") or []:
            if isinstance(answer, dict):
                found.append(answer.get("feedback") or "")
        feedback = q.get("feedback")
        if isinstance(feedback, dict):
            found += [str(v) for v in feedback.values()]
        elif isinstance(feedback, str):
            found.append(feedback)
    # Strip markup the widget would render differently; short texts could match by chance.
    texts = [_norm(re.sub(r"[`*$\\]", "", t)) for t in found]
    return [t for t in texts if len(t) >= 25]


_PAGE_TEXT = """() => [document.body.innerText,
  [...document.querySelectorAll('.jp-OutputArea')].map((el) => el.outerHTML).join('\\n')]"""

_MARKERS = """() => [...document.querySelectorAll(
    '.kit-quiz [data-correct], .kit-quiz [class*="correct" i], .kit-quiz [data-answer],'
    + ' .kit-feedback[data-kind="correct"], .kit-feedback[data-kind="incorrect"]')]
  .map((el) => el.outerHTML.slice(0, 200))"""


def assert_no_answer_markers(page, secrets: list[str]) -> None:
    text, outputs = page.evaluate(_PAGE_TEXT)
    outputs = _norm(html.unescape(re.sub(r"<[^>]+>", " ", outputs)))
    visible = _norm(text)
    leaked = [s for s in secrets if s in visible or s in outputs]
    assert not leaked, f"answer feedback/explanations in the page before submitting: {leaked}"
    markers = page.evaluate(_MARKERS)
    assert not markers, f"correct-answer markers in the DOM before submitting: {markers}"


_FIGURE_Y = """(ex) => {
  const plot = ex.querySelector('.js-plotly-plot');
  return JSON.stringify((plot.data || []).map((t) => Array.from(t.y || [])));
}"""


def check_explorers(page) -> list[str]:
    """Move the first slider of every explorer one step right, by keyboard; return names."""
    moved = []
    explorers = page.locator(".kit-explorer")
    for i in range(explorers.count()):
        explorer = explorers.nth(i)
        explorer.scroll_into_view_if_needed()
        handle = explorer.locator(".widget-slider .noUi-handle").first
        slider = explorer.locator(".widget-slider").first
        name = slider.locator(".widget-label").first.inner_text()
        readout = slider.locator(".widget-readout")
        before_value = readout.inner_text()
        before = explorer.evaluate(_FIGURE_Y)
        # Focusing the handle is only the starting point (a learner Tabs there from the
        # previous cell); the change itself is a key press.
        handle.focus()
        page.keyboard.press("ArrowRight")
        expect(readout).not_to_have_text(before_value)
        page.wait_for_function(
            f"(ex) => ({_FIGURE_Y})(ex) !== {json.dumps(before)}",
            arg=explorer.element_handle(),
            timeout=labdriver.UI_TIMEOUT_MS,
        )
        after_status = explorer.locator(".widget-html").last.inner_text()
        assert "Could not run" not in after_status, after_status
        moved.append(f"{name}: {before_value} -> {readout.inner_text()}")
    return moved


_FIGURES = r"""() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .js-plotly-plot')].map((plot) => {
  // The colour the figure sits on: the first opaque background up the tree (plotly's own
  // paper is transparent in the kit template).
  let bg = "", node = plot;
  while (node && node.nodeType === 1) {
    const c = getComputedStyle(node).backgroundColor;
    if (c && c !== "transparent" && !/rgba\(.*,\s*0\)$/.test(c)) { bg = c; break; }
    node = node.parentElement;
  }
  const pick = (t) => ({type: t.type, name: t.name, mode: t.mode, visible: t.visible,
    fill: t.fill, stackgroup: t.stackgroup, fillpattern: t.fillpattern,
    meta: t.meta && typeof t.meta === "object" ? {legend_key: t.meta.legend_key} : null,
    line: t.line && {color: t.line.color, dash: t.line.dash, width: t.line.width},
    marker: t.marker && {color: typeof t.marker.color === "string" ? t.marker.color : null,
      symbol: t.marker.symbol, pattern: t.marker.pattern}});
  const title = (plot.layout && plot.layout.title && plot.layout.title.text) || "";
  return {title, bg, data: (plot.data || []).map(pick)};
})"""


def figure_styles(page) -> list[dict]:
    """Every plotly figure in the open notebook: its title, background and traces."""
    return page.evaluate(_FIGURES)


def check_figure_styles(page, lesson: str) -> int:
    """Lines apart by colour and dash, 3:1 contrast on both themes' real backgrounds."""
    from kit.plots.style import style_problems

    light = figure_styles(page)
    labdriver.set_theme_live(page, labdriver.DARK)
    dark = figure_styles(page)
    labdriver.set_theme_live(page, labdriver.LIGHT)
    assert len(light) == len(dark) > 0
    problems = []
    for fig, fig_dark in zip(light, dark, strict=True):
        backgrounds = [_hex(fig["bg"]), _hex(fig_dark["bg"])]
        assert backgrounds[0] != backgrounds[1], f"{lesson}: the theme did not change"
        for problem in style_problems(fig, backgrounds):
            problems.append(f"{fig['title']!r}: {problem}")
    assert not problems, f"{lesson}: lines that cannot be told apart: {problems}"
    seen = sorted({(_hex(a["bg"]), _hex(b["bg"])) for a, b in zip(light, dark, strict=True)})
    print(f"{lesson}: figure backgrounds (light, dark): {seen}")
    return len(light)


def _hex(css: str) -> str:
    r, g, b = (int(v) for v in re.findall(r"[\d.]+", css)[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


def screenshots(page, lesson: str, theme: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    stem = lesson.removesuffix(".ipynb")
    for old in OUT.glob(f"{stem}-{theme}-*.png"):
        old.unlink()
    labdriver.scroll_pages(page, OUT / f"{stem}-{theme}", VIEWPORT["height"])


@pytest.mark.parametrize("lesson", labdriver.LESSON_FILES)
def test_lesson_runs_and_renders(page, lab, lesson):
    labdriver.open_notebook(page, lab, lesson)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    seconds = labdriver.run_all(page)
    report = labdriver.output_report(page)
    print(f"{lesson}: run-all {seconds:.1f} s; {json.dumps(report)}")
    assert not report["modelErrors"], f"{lesson}: cells failed: {report['modelErrors']}"
    assert not report["errors"], f"{lesson}: tracebacks in the page: {report['errors']}"
    assert not report["unrun"], f"{lesson}: cells that did not run: {report['unrun']}"
    assert not report["problems"], f"{lesson}: not rendered: {report['problems']}"
    assert report["plotly"] == report["plotlyRendered"] > 0, report
    assert report["widgets"] == report["widgetsRendered"] > 0, report
    assert not page.js_errors, f"{lesson}: uncaught JavaScript errors: {page.js_errors}"
    assert_no_answer_markers(page, bank_secrets(lesson[:2]) + PREDICTION_SECRETS)
    figures = check_figure_styles(page, lesson)
    print(f"{lesson}: {figures} figures checked for distinct lines and contrast")
    if SCREENSHOTS:
        screenshots(page, lesson, "light")
        labdriver.set_theme_live(page, labdriver.DARK)
        screenshots(page, lesson, "dark")
        labdriver.set_theme_live(page, labdriver.LIGHT)
    moved = check_explorers(page)
    print(f"{lesson}: explorers moved by keyboard: {moved}")
    assert len(moved) == report["explorers"]
    assert not page.js_errors, f"{lesson}: uncaught JavaScript errors: {page.js_errors}"
