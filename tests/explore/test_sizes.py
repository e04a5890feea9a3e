"""An explorer, a pasted code and a prediction refuse runs too large to wait for (issue 23):
in a sentence, in well under a second, and the explorer keeps working."""

from __future__ import annotations

import time

import pytest

from kit import sim
from kit.explore import explore, predict_then_reveal
from kit.sim.cost import TooBig

SMALL = dict(population=2_000, weeks=20, seed=1)
HUGE = sim.Scenario(population=10_000_000, mean_degree=1_000, weeks=5_200, seed=1)
SLOW = sim.Scenario(population=1_000_000, weeks=1_040, seed=1)


@pytest.mark.parametrize("scenario", [HUGE, SLOW], ids=["no-memory", "minutes"])
def test_a_pasted_code_too_large_is_refused_on_the_widget_and_changes_nothing(scenario):
    ex = explore(sliders=("hours", "p_ad"), **SMALL)
    before = (ex.session.runs, dict(ex.session.values), dict(ex.session.fixed))
    frame = ex.session.frame
    start = time.perf_counter()
    ex.bench.paste.value = scenario.to_code()
    ex.bench.load.click()
    assert time.perf_counter() - start < 1.0
    message = ex.bench.message.value
    assert "too large to start here" in message or "needs about" in message, message
    assert (ex.session.runs, ex.session.values, ex.session.fixed) == before
    assert ex.session.frame is frame
    ex.set(hours=12)  # and it still works
    assert ex.session.runs == before[0] + 1


def test_setting_a_huge_population_directly_is_refused_in_a_sentence():
    ex = explore(sliders=("hours",), **SMALL)
    with pytest.raises(TooBig, match="too large to start here"):
        ex.set(population=3_000_000, weeks=2_600)
    assert ex.session.fixed["population"] == 2_000


def test_a_prediction_too_large_is_refused_before_it_runs():
    start = time.perf_counter()
    with pytest.raises(TooBig):
        predict_then_reveal("How many customers?", SLOW, store=False)
    assert time.perf_counter() - start < 1.0
