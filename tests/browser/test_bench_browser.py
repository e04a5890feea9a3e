"""The explorer's lab bench in a real JupyterLab: pin a run, replay two, copy and paste a code.

The notebook (written into the test server's folder) shows two explorers of broadcast vs
relationship: ``ex`` (sliders hours and p_ad, 3,000 people, 60 weeks) and ``other`` (a
reach slider, another size and seed). The test, in the browser only:

- moves ex's p_ad slider with the keyboard, so the history table has two runs; ticks run 1's
  pin box: run 1 is drawn faded under the live lines, labelled "Ad response 1.0% → 1.5%";
- turns the Bass yardstick on: a dotted Bass curve and the sentences that explain the gap;
- replays the live run's two strategies: Play makes the weeks advance and people change
  colour, Pause stops, "week ▶" steps one week, the week slider (End key) jumps to the
  last week; frames took under 50 ms (95th percentile; the worst is printed);
- presses Copy (the clipboard then holds the code shown), pastes it with Ctrl+V into
  ``other``'s box and presses Load code: ``other`` then draws exactly ex's live lines.

Screenshots in light and dark: ``test-output/browser/bench-*.png``.
"""

from __future__ import annotations

import json

import labdriver
from labdriver import OUT

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips these tests (fails them under CI=true) with the reason
    expect = None

NOTEBOOK = "lab-bench.ipynb"
# Imports first, as in every lesson: an explorer in the very first output of a freshly
# loaded page sometimes stays blank (its widgets' first updates can arrive before
# JupyterLab's widget manager is ready; seen about once in five runs, never in lessons).
CELLS = [
    "from kit.explore import explore",
    "ex = explore(sliders=('hours', 'p_ad'), population=3_000, weeks=60, seed=3)\nex",
    "other = explore(sliders=('reach',), population=2_000, weeks=30, seed=9)\nother",
]

LINES = """(explorer) => {
  const plot = explorer.querySelector('.js-plotly-plot');
  return (plot.data || []).map((t) => ({name: t.name, colour: t.line && t.line.color,
    dash: t.line && t.line.dash, overlay: t.meta && t.meta.overlay || null,
    y: Array.from(t.y || [])}));
}"""


def lines(explorer) -> list[dict]:
    return explorer.evaluate(LINES)


def live(explorer) -> list[tuple[str, list]]:
    return [(t["name"], t["y"]) for t in lines(explorer) if not t["overlay"]]


def shoot(page, locator, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for theme, tag in ((labdriver.LIGHT, "light"), (labdriver.DARK, "dark")):
        labdriver.set_theme_live(page, theme)
        locator.scroll_into_view_if_needed()
        locator.screenshot(path=str(OUT / f"bench-{name}-{tag}.png"))
    labdriver.set_theme_live(page, labdriver.LIGHT)


def test_pin_replay_and_paste_a_code(page, lab):
    labdriver._notebook(lab.root / NOTEBOOK, CELLS)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=lab.base)
    labdriver.open_notebook(page, lab, NOTEBOOK)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    labdriver.run_all(page)
    assert not labdriver.output_report(page)["modelErrors"]
    explorers = page.locator(".kit-explorer")
    expect(explorers).to_have_count(2)
    ex, other = explorers.nth(0), explorers.nth(1)
    table = ex.locator(".kit-history")
    expect(table.locator("tbody tr")).to_have_count(1)

    # ------------------------------------------------------------ a second run, pinned
    handle = ex.locator(".widget-slider .noUi-handle").nth(1)  # p_ad
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tr.kit-history-live")).to_have_attribute("data-run", "2")
    table.locator("tr[data-run='1'] .kit-history-pin").click()
    page.wait_for_function(
        f"(ex) => ({LINES})(ex).some((t) => t.overlay === 'pinned')",
        arg=ex.element_handle(),
    )
    drawn = lines(ex)
    pinned = [t for t in drawn if t["overlay"] == "pinned"]
    assert [t["name"] for t in pinned] == [
        "#1 broadcast: Ad response 1.0% → 1.5%",
        "#1 relationship: Ad response 1.0% → 1.5%",
    ]
    assert all(t["colour"].startswith("rgba(") for t in pinned)  # faded
    assert drawn.index(pinned[-1]) < drawn.index(next(t for t in drawn if not t["overlay"]))
    expect(table.locator("tr[data-run='1']")).to_have_class("kit-history-pinned")

    # ------------------------------------------------------------ the Bass yardstick
    ex.locator(".kit-labbench input[type='checkbox']").first.check()
    page.wait_for_function(
        f"(ex) => ({LINES})(ex).some((t) => t.overlay === 'yardstick')",
        arg=ex.element_handle(),
    )
    expect(ex.locator(".kit-labbench")).to_contain_text("Step by step from Bass to the run")
    yard = [t for t in lines(ex) if t["overlay"] == "yardstick"]
    assert yard[0]["name"].startswith("Bass yardstick (broadcast")
    shoot(page, ex, "explorer")

    # ------------------------------------------------------------ replay two runs
    ex.get_by_role("button", name="Replay these two").click()
    replay = ex.locator(".kit-replay")
    expect(replay).to_be_visible()
    expect(replay.locator("figcaption")).to_have_count(2)
    expect(replay.locator(".kit-replay-week")).to_have_text("week 1 of 60")
    # nothing played yet: the chart still shows where both runs are in week 1 (issue 25)
    dots = replay.locator(".kit-replay-dot")
    expect(dots).to_have_count(2)
    assert all(d.get_attribute("cx") and d.get_attribute("cy") for d in dots.all())
    people = replay.locator("figure").first.locator("circle")
    at_start = people.evaluate_all("cs => cs.filter((c) => c.dataset.state >= '2').length")
    replay.locator(".kit-replay-play").click()
    page.wait_for_function(
        "(r) => Number(r.dataset.week) >= 15", arg=replay.element_handle(), timeout=30_000
    )
    replay.locator(".kit-replay-play").click()  # pause
    expect(replay).to_have_attribute("data-playing", "0")
    frames = int(replay.get_attribute("data-frames"))
    worst = float(replay.get_attribute("data-frame-max-ms"))
    p95 = float(replay.get_attribute("data-frame-p95-ms"))
    print(
        f"replay: {frames} frames, median {replay.get_attribute('data-frame-median-ms')} ms, "
        f"95th percentile {p95} ms, worst {worst} ms"
    )
    assert frames >= 14 and p95 < 50  # the worst frame depends on the machine's load
    week = int(replay.get_attribute("data-week"))
    page.wait_for_timeout(500)
    assert int(replay.get_attribute("data-week")) == week  # paused: no more weeks
    replay.locator(".kit-replay-step").click()
    expect(replay).to_have_attribute("data-week", str(week + 1))
    replay.locator(".kit-replay-back").click()
    expect(replay).to_have_attribute("data-week", str(week))
    replay.locator(".kit-replay-scrub").focus()
    page.keyboard.press("End")
    expect(replay).to_have_attribute("data-week", "60")
    expect(replay.locator(".kit-replay-week")).to_have_text("week 60 of 60")
    at_end = people.evaluate_all("cs => cs.filter((c) => c.dataset.state >= '2').length")
    assert at_end > at_start
    # the curves grew to the run's last week, and the kernel heard where the replay is
    points = replay.locator("polyline").first.get_attribute("points").split()
    assert len(points) == 60
    page.keyboard.press("Home")
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    expect(replay).to_have_attribute("data-week", "21")
    shoot(page, replay, "replay")

    # ------------------------------------------------------------ copy a code, paste it
    shown = ex.locator(".kit-code-text").input_value()
    assert shown.startswith("kit1:")
    ex.locator(".kit-code-copy").click()
    expect(ex.locator(".kit-code-said")).to_have_text("copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == shown
    before = live(other)
    box = other.locator(".kit-labbench input[placeholder^='paste']")
    box.click()
    page.keyboard.press("Control+V")
    expect(box).to_have_value(shown)
    other.get_by_role("button", name="Load code").click()
    page.wait_for_function(
        f"([a, b]) => JSON.stringify(({LINES})(a).filter((t) => !t.overlay)"
        f".map((t) => [t.name, t.y])) === JSON.stringify(({LINES})(b).filter((t) => !t.overlay)"
        ".map((t) => [t.name, t.y]))",
        arg=[ex.element_handle(), other.element_handle()],
    )
    assert live(other) == live(ex) != before
    expect(other.locator(".kit-code-text")).to_have_value(shown)
    expect(other.locator(".kit-history tbody tr")).to_have_count(2)
    # a damaged code: one sentence, nothing else changes
    box.click()
    page.keyboard.type(shown[:-3])
    other.get_by_role("button", name="Load code").click()
    expect(other.locator(".kit-labbench-error")).to_contain_text("damaged or incomplete")
    assert live(other) == live(ex)
    shoot(page, other, "pasted")
    print("lab bench:", json.dumps({"code": shown, "length": len(shown)}))
