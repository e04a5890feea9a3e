"""What a run will cost (kit/sim/cost.py): estimates near the measured peak, huge runs refused
in a moment with a sentence, the lessons' runs allowed."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from kit.sim import Scenario, cost, engine


@pytest.mark.parametrize(
    "fields",
    [
        dict(population=100_000, mean_degree=10),
        dict(population=50_000, mean_degree=60),
        dict(population=80_000, mean_degree=20, graph="small_world"),
        dict(population=100_000, graph="complete"),
    ],
)
def test_the_estimate_is_within_a_third_of_numpy_s_measured_peak(fields):
    scenario = Scenario.preset("balanced", weeks=3, seed=1, **fields)
    tracemalloc.start()
    try:
        engine.run(scenario)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    estimated = cost.estimate(scenario).memory
    assert 0.67 * peak < estimated < 1.5 * peak, (estimated, peak)


def test_a_run_that_cannot_fit_is_refused_at_once_with_both_sizes(monkeypatch):
    huge = Scenario(population=10_000_000, mean_degree=1_000, weeks=5_200)
    start = time.perf_counter()
    with pytest.raises(cost.TooBig, match=r"needs about .* GB of memory; this machine has"):
        engine.run(huge)
    assert time.perf_counter() - start < 1.0
    monkeypatch.setattr(cost, "available_memory", lambda: 2_000_000_000)
    with pytest.raises(cost.TooBig, match="fewer contacts per person"):
        cost.check_fits(Scenario(population=1_000_000, mean_degree=200))


@pytest.mark.parametrize(
    "fields",
    [
        dict(population=3_000_000, weeks=2_600),
        dict(population=1_000_000, weeks=1_040),
        dict(population=2_000_000, mean_degree=20, weeks=10),
    ],
)
def test_runs_too_large_to_wait_for_are_refused_where_a_learner_waits(fields):
    with pytest.raises(cost.TooBig, match="too large to start here"):
        cost.check_interactive(Scenario(**fields))


def test_the_lessons_sizes_are_interactive():
    for fields in (
        dict(population=20_000, weeks=156),
        dict(population=100_000, weeks=156),
        dict(population=200_000, weeks=104, mean_degree=30, graph="small_world"),
    ):
        cost.check_interactive(Scenario(**fields))
