"""Browser benchmark: what a learner waits for in JupyterLab under headless Chromium.

Measured in the page (``performance.now()``, key presses' ``event.timeStamp``), median and
worst of N (default 10):

- page open to first rendered widget: navigation start to the first quiz widget in the DOM,
  on a two-cell quiz notebook (JupyterLab loads, the kernel starts, Run All, the widget draws);
- quiz submit to feedback shown: Enter on a focused Submit button to the new feedback in the
  live region (a wrong numeric answer, so every try is graded and stored);
- slider change to updated figure: ArrowRight on a focused slider handle to plotly's
  ``plotly_afterplot`` with new data, for ``explore()`` at lesson size (5,000 people,
  104 weeks) and as lesson 01 uses it (20,000 people, 104 weeks); target under 150 ms;
- run-all time per lesson: Run All Cells to the kernel idle with no ``[*]`` prompt, after a
  kernel restart.

Usage: ``make bench-browser`` or ``python benchmarks/browser.py [--reps 10] [--runall-reps 10]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
import labdriver  # noqa: E402

FIRST_WIDGET = """() => {
  window.__kitFirstWidget = null;
  const seen = () => {
    if (window.__kitFirstWidget === null && document.querySelector('.jp-OutputArea .kit-quiz'))
      window.__kitFirstWidget = performance.now();
  };
  new MutationObserver(seen).observe(document, {subtree: true, childList: true});
}"""

KEY_CLOCK = """() => {
  window.__kitKeyAt = null;
  document.addEventListener('keydown', (e) => { window.__kitKeyAt = e.timeStamp; }, true);
}"""


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} | {max(values):,.0f}"


def first_widget(browser, lab, reps: int) -> list[float]:
    times = []
    for _ in range(reps):
        context = browser.new_context(viewport=labdriver.VIEWPORT)
        blocked: list[str] = []
        labdriver.guard_network(context, blocked)
        context.add_init_script(f"({FIRST_WIDGET})()")
        page = context.new_page()
        labdriver.open_notebook(page, lab, labdriver.QUIZ_NOTEBOOK)
        labdriver.run_command(page, "notebook:run-all-cells")
        page.wait_for_function("() => window.__kitFirstWidget !== null", timeout=120_000)
        times.append(page.evaluate("() => window.__kitFirstWidget"))
        labdriver.wait_idle(page)
        context.close()
        lab.shutdown_kernels()
        assert not blocked, blocked
    return times


def quiz_submit(page, reps: int) -> list[float]:
    question = page.locator(".kit-quiz-section .kit-quiz").nth(3)  # ratio-approx: no limit
    box = question.get_by_label("Your answer")
    box.focus()
    page.keyboard.type("1")
    labdriver.wait_idle(page)
    page.wait_for_timeout(500)  # the typed value is in the kernel before the first submit
    button = question.get_by_role("button", name="Submit")
    button.focus()
    page.evaluate(KEY_CLOCK)
    feedback = question.locator(".kit-feedback").element_handle()
    times = []
    for n in range(1, reps + 1):
        page.evaluate(
            """([box, n]) => { window.__kitShownAt = null;
              const obs = new MutationObserver(() => {
                if (box.textContent.includes(`Attempt ${n}.`)) {
                  window.__kitShownAt = performance.now(); obs.disconnect(); } });
              obs.observe(box, {subtree: true, childList: true, characterData: true}); }""",
            [feedback, n],
        )
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.__kitShownAt !== null", timeout=60_000)
        times.append(page.evaluate("() => window.__kitShownAt - window.__kitKeyAt"))
        labdriver.wait_idle(page)
    return times


def slider(page, reps: int) -> tuple[list[float], list[float]]:
    explorer = page.locator(".kit-explorer").first
    explorer.scroll_into_view_if_needed()
    plot = explorer.locator(".js-plotly-plot").first.element_handle()
    page.evaluate(
        """(gd) => { window.__kitPlotAt = null;
          gd.on('plotly_afterplot', () => { window.__kitPlotAt = performance.now(); }); }""",
        plot,
    )
    handle = explorer.locator(".widget-slider .noUi-handle").first
    handle.focus()
    page.evaluate(KEY_CLOCK)
    status = explorer.locator(".widget-html").last
    times, kernel = [], []
    for _ in range(reps):
        before = page.evaluate("(gd) => JSON.stringify(gd.data.map((t) => Array.from(t.y)))", plot)
        page.evaluate("() => { window.__kitPlotAt = null; }")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            """([gd, before]) => window.__kitPlotAt !== null
                 && JSON.stringify(gd.data.map((t) => Array.from(t.y))) !== before""",
            arg=[plot, before],
            timeout=60_000,
        )
        times.append(page.evaluate("() => window.__kitPlotAt - window.__kitKeyAt"))
        labdriver.wait_idle(page)
        text = status.inner_text()
        if "updated in" in text:
            kernel.append(float(text.split("updated in")[1].split("ms")[0]))
        page.wait_for_timeout(300)  # past the explorer's 150 ms debounce: each press runs
    return times, kernel


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10, help="repetitions per measurement")
    parser.add_argument("--runall-reps", type=int, default=10, help="run-alls per lesson")
    args = parser.parse_args(argv)
    if labdriver.missing():
        print(f"cannot run: {labdriver.missing()}", file=sys.stderr)
        return 1

    rows = []
    with labdriver.browser_and_lab("kit-bench-browser-") as (browser, lab):
        t = first_widget(browser, lab, args.reps)
        rows.append(("page open to first rendered widget (quiz notebook)", t))
        print(f"first widget: {_stats(t)} ms", flush=True)

        context = browser.new_context(viewport=labdriver.VIEWPORT)
        page = context.new_page()
        labdriver.open_notebook(page, lab, labdriver.QUIZ_NOTEBOOK)
        labdriver.run_all(page)
        t = quiz_submit(page, args.reps)
        rows.append(("quiz submit (Enter) to feedback shown", t))
        print(f"quiz: {_stats(t)} ms", flush=True)
        context.close()
        lab.shutdown_kernels()

        for name, label in [
            (labdriver.EXPLORE_NOTEBOOK, "explore() at lesson size, 5,000 people x 104 weeks"),
            ("01-tokens-and-tickets.ipynb", "lesson 01 explorer, 20,000 people x 104 weeks"),
        ]:
            context = browser.new_context(viewport=labdriver.VIEWPORT)
            page = context.new_page()
            labdriver.open_notebook(page, lab, name)
            labdriver.run_all(page)
            t, kernel = slider(page, args.reps)
            k = f" (kernel: median {statistics.median(kernel):.0f} ms)" if kernel else ""
            rows.append((f"slider (ArrowRight) to updated figure: {label}{k}", t))
            print(f"slider {label}: {_stats(t)} ms{k}", flush=True)
            context.close()
            lab.shutdown_kernels()

        for lesson in labdriver.LESSON_FILES:
            context = browser.new_context(viewport=labdriver.VIEWPORT)
            page = context.new_page()
            labdriver.open_notebook(page, lab, lesson)
            t = []
            for rep in range(args.runall_reps):
                if rep:
                    labdriver.restart_kernel(page)
                t.append(labdriver.run_all(page) * 1000)
            rows.append((f"run all cells: {lesson}", t))
            print(f"run-all {lesson}: {_stats(t)} ms", flush=True)
            context.close()
            lab.shutdown_kernels()

    print()
    print("| measurement | n | median ms | worst ms |")
    print("|---|---:|---:|---:|")
    for label, values in rows:
        print(f"| {label} | {len(values)} | {_stats(values)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
