"""A run is what the learner meant (issue 25, outcome 6): a burst of slider moves (nine
arrow-key presses) is one history row, the run the learner settled on."""

from __future__ import annotations

import asyncio

from kit.explore import bench as bench_module
from kit.explore import explore

SMALL = {"population": 2_000, "weeks": 30, "seed": 3}


def test_a_burst_of_slider_moves_is_one_row_the_last_one(monkeypatch):
    async def learner():
        ex = explore(sliders=("hours", "p_ad"), debounce=0, **SMALL)
        for step in range(1, 10):  # nine presses of the arrow key, in a running kernel
            ex.controls["hours"].value = 10 + step
        assert list(ex.history["run"]) == [1, 2]
        assert ex.history["hours"].iloc[-1] == 19.0 and ex.values["hours"] == 19.0
        assert ex.bench.live.number == 2 and ex.bench.table.live == 2
        # the live run is the settled one: its frame is the one drawn
        assert ex.bench.live.frame is ex.frame
        # pinned, it stays: the next move starts a new row
        ex.pin(2)
        ex.controls["p_ad"].value = 0.03
        assert list(ex.history["run"]) == [1, 2, 3]
        # a pause longer than SETTLE: the next move is a new run too
        monkeypatch.setattr(bench_module, "SETTLE", 0.05)
        await asyncio.sleep(0.1)
        ex.controls["p_ad"].value = 0.04
        assert list(ex.history["run"]) == [1, 2, 3, 4]
        return ex

    asyncio.run(learner())


def test_set_and_plain_python_keep_every_run():
    ex = explore(sliders=("hours",), **SMALL)
    for hours in (11, 12, 13):
        ex.controls["hours"].value = hours  # no running loop: every change is kept
    ex.set(hours=14)
    assert list(ex.history["run"]) == [1, 2, 3, 4, 5]


def test_scripted_runs_in_a_kernel_are_each_kept():
    async def script():
        ex = explore(sliders=("hours",), debounce=0, **SMALL)
        ex.set(hours=12)
        ex.set(hours=14)
        return list(ex.history["run"])

    assert asyncio.run(script()) == [1, 2, 3]
