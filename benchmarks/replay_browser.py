"""Replay benchmark: the time each frame of a side-by-side replay takes in the browser.

A replay (:func:`kit.explore.replay.replay`) plays in the page alone: each frame recolours the
people whose state changed in both network pictures, extends the two curves and moves the
week marker. The widget times every frame with ``performance.now()``, from the start of the
update to after a forced style and layout (``getBoundingClientRect``), and reports them
per play. This script plays whole replays in a private JupyterLab under headless Chromium
and prints, per size, the median, 95th percentile and worst frame next to the 50 ms budget
(the ratio is budget / time: above 1 is within budget).

Sizes: lesson size (5,000 people x 104 weeks, 150 people drawn), the same with 400 people
drawn, and lesson 02's 20,000 people x 104 weeks (150 drawn).

Usage: ``make bench-replay`` or ``python benchmarks/replay_browser.py [--plays 3]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
import labdriver  # noqa: E402

BUDGET_MS = 50.0
SIZES = [
    ("lesson size: 5,000 x 104, 150 drawn", 5_000, 104, 150),
    ("5,000 x 104, 400 drawn", 5_000, 104, 400),
    ("lesson 02: 20,000 x 104, 150 drawn", 20_000, 104, 150),
]
NOTEBOOK = "replay-bench.ipynb"


def cells() -> list[str]:
    out = ["from kit import sim\nfrom kit.explore.replay import replay"]
    for _, population, weeks, people in SIZES:
        size = f"population={population}, weeks={weeks}, seed=1"
        out.append(
            f"replay(sim.Scenario.preset('broadcast', {size}), "
            f"sim.Scenario.preset('relationship', {size}), people={people}, interval_ms=20)"
        )
    return out


def play(page, replay, weeks: int) -> list[float]:
    """Play one replay to the end; return its frames' times (ms)."""
    replay.scroll_into_view_if_needed()
    replay.locator(".kit-replay-scrub").focus()
    page.keyboard.press("Home")
    replay.locator(".kit-replay-play").click()
    page.wait_for_function(
        f"(r) => r.dataset.playing === '0' && Number(r.dataset.week) === {weeks}",
        arg=replay.element_handle(),
        timeout=120_000,
    )
    return replay.evaluate("(r) => r._kitFrameTimes.slice()")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plays", type=int, default=3, help="whole replays per size")
    args = parser.parse_args(argv)
    if labdriver.missing():
        print(f"cannot run: {labdriver.missing()}", file=sys.stderr)
        return 1

    rows = []
    with labdriver.browser_and_lab("kit-bench-replay-") as (browser, lab):
        labdriver._notebook(lab.root / NOTEBOOK, cells())
        context = browser.new_context(viewport=labdriver.VIEWPORT)
        page = context.new_page()
        labdriver.open_notebook(page, lab, NOTEBOOK)
        labdriver.run_all(page)
        replays = page.locator(".kit-replay")
        for i, (label, _, weeks, _) in enumerate(SIZES):
            times = []
            for _ in range(args.plays):
                times += play(page, replays.nth(i), weeks)
            times.sort()
            row = (
                label,
                len(times),
                statistics.median(times),
                times[int(0.95 * (len(times) - 1))],
                times[-1],
            )
            rows.append(row)
            print(f"{label}: median {row[2]:.1f} ms, p95 {row[3]:.1f} ms, worst {row[4]:.1f}")
        context.close()
        lab.shutdown_kernels()
    print()
    print("| replay frame | frames | median ms | 95th pct ms | worst ms | budget / 95th pct |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, n, median, p95, worst in rows:
        print(
            f"| {label} | {n} | {median:.1f} | {p95:.1f} | {worst:.1f} | {BUDGET_MS / p95:,.0f}x |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
