"""A screen reader can follow (issue 25, outcome 11): axe-core over every lesson, both themes.

Each lesson is run in JupyterLab (Run All), then axe-core (from npm: ``make site-axe`` puts it
in the git-ignored ``.site-tools/``) checks the kit's own widgets, explorers, questions,
predictions and sections, in the light and the dark theme: no critical or serious violation.
JupyterLab's own violations (outside the kit's widgets) are printed, not counted; so is
plotly's drawing (its SVG), whose text colour is one grey for both themes.

By hand, in the same page: every explorer slider handle has an accessible name (its plain
label) and speaks its visible value (``aria-valuetext`` "1.0%"); every explorer figure is
named by a one-sentence summary and its toolbar is out of the Tab order; every choice
group is named by its question.
"""

from __future__ import annotations

import os

import labdriver
import pytest

AXE = labdriver.ROOT / ".site-tools" / "node" / "node_modules" / "axe-core" / "axe.min.js"
KIT = [".kit-explorer", ".kit-quiz", ".kit-prediction", ".kit-quiz-section"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(autouse=True)
def _axe_available():
    if not AXE.exists():
        reason = f"{AXE.relative_to(labdriver.ROOT)} is missing (make site-axe)"
        if IN_CI:
            pytest.fail(f"CI=true and axe-core is missing: {reason}")
        pytest.skip(reason)


_RUN = """async (include) => {
  const present = include.filter((s) => document.querySelector(s));
  const kit = present.length ? await axe.run(
      {include: present.map((s) => [s]), exclude: [['.main-svg']]},
      {resultTypes: ['violations']}) : {violations: []};
  const all = await axe.run(document, {resultTypes: ['violations']});
  const pick = (r) => r.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))}));
  return {kit: pick(kit), all: pick(all)};
}"""

_BY_HAND = """() => {
  const out = [];
  for (const h of document.querySelectorAll('.kit-explorer .noUi-handle')) {
    const label = h.closest('.widget-slider').querySelector('.widget-label').textContent;
    const readout = h.closest('.widget-slider').querySelector('.widget-readout').textContent;
    if (h.getAttribute('aria-label') !== label.trim()) out.push(`slider without name: ${label}`);
    if (h.getAttribute('aria-valuetext') !== readout.trim())
      out.push(`slider ${label} says ${h.getAttribute('aria-valuetext')}, shows ${readout}`);
  }
  for (const p of document.querySelectorAll('.kit-explorer .js-plotly-plot')) {
    const name = p.getAttribute('aria-label') || '';
    if (!name.startsWith('Figure:')) out.push('explorer figure without a summary');
    for (const b of p.querySelectorAll('.modebar-btn'))
      if (b.tabIndex !== -1) { out.push('toolbar button in the Tab order'); break; }
  }
  for (const f of document.querySelectorAll('.kit-choices')) {
    const name = f.getAttribute('aria-label') || '';
    if (name.length < 20) out.push(`choice group named "${name}"`);
  }
  return out;
}"""


@pytest.mark.parametrize("lesson", labdriver.LESSON_FILES)
def test_no_serious_violation_in_the_kits_widgets(page, lab, lesson):
    labdriver.open_notebook(page, lab, lesson)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    labdriver.run_all(page)
    page.wait_for_timeout(1000)
    page.add_script_tag(path=str(AXE))  # inlined by Playwright: no request
    problems = []
    for theme in (labdriver.LIGHT, labdriver.DARK):
        labdriver.set_theme_live(page, theme)
        found = page.evaluate(_RUN, KIT)
        lab_only = [(v["id"], v["nodes"][:2]) for v in found["all"] if v not in found["kit"]]
        print(f"{lesson} {theme}: kit {found['kit']}; JupyterLab's own (not counted): {lab_only}")
        problems += [f"{theme}: {v}" for v in found["kit"]]
    labdriver.set_theme_live(page, labdriver.LIGHT)
    by_hand = page.evaluate(_BY_HAND)
    assert not problems, f"{lesson}: axe-core in the kit's widgets: {problems}"
    assert not by_hand, f"{lesson}: {by_hand}"
