"""The engine's shortcuts are exact: its Bernoulli sampler and its search for the set M.

``_successes(rng, n, p)`` stands in for ``np.flatnonzero(rng.random(n) < p)`` in the post,
purchase (thinning) steps; these tests check that it has the same distribution: the number
of successes is Binomial(n, p), every index is equally likely, and the indices are distinct,
sorted and in range, for small p, p past the switch to one uniform per trial, a second batch
of gaps, and p so small that a naive 1 / -log(1 - p) would overflow. The set of maintained
relationships found from last week's floor is the one a search of every active tie finds.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.sim import Scenario, engine
from kit.sim.engine import _SKIP_BELOW, _maintained, _successes
from kit.sim.rules import ACTIVE_TIE


def draws(n: int, p: float, reps: int, seed: int = 0, batch: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [_successes(rng, n, p, batch=batch) for _ in range(reps)]


@pytest.mark.parametrize(
    ("n", "p", "batch"),
    [
        (1_000, 0.05, 0),  # the usual case: a week's purchases among a few thousand people
        (40, 0.15, 0),  # a short run of trials
        (200, 0.1, 3),  # batches of 3 gaps: nearly every call needs several
        (300, 0.5, 0),  # past the switch: one uniform per trial
    ],
)
def test_successes_are_binomial_and_uniform_over_indices(n, p, batch):
    reps = 4_000
    runs = draws(n, p, reps, batch=batch)
    counts = np.array([len(r) for r in runs])
    for r in runs:
        assert r.dtype == np.int64
        assert np.all(np.diff(r) > 0), "indices must be distinct and sorted"
        assert len(r) == 0 or (r[0] >= 0 and r[-1] < n)
    mean, var = n * p, n * p * (1 - p)
    assert abs(counts.mean() - mean) < 5 * np.sqrt(var / reps)
    assert abs(counts.var() / var - 1) < 0.1  # Binomial's variance, not Poisson's
    hits = np.bincount(np.concatenate(runs), minlength=n) / reps
    # every index equally likely (the first and the last included): within 5 standard errors
    assert np.all(np.abs(hits - p) < 5 * np.sqrt(p * (1 - p) / reps))
    assert abs(hits[0] - p) < 5 * np.sqrt(p * (1 - p) / reps)
    assert abs(hits[-1] - p) < 5 * np.sqrt(p * (1 - p) / reps)


def test_second_batches_change_nothing_but_the_draws():
    one = np.concatenate(draws(500, 0.08, 2_000, seed=3))
    many = np.concatenate(draws(500, 0.08, 2_000, seed=3, batch=2))
    # same distribution of indices (two samples of a uniform law), different random streams
    assert abs(len(one) - len(many)) < 5 * np.sqrt(2 * 500 * 0.08 * 2_000)
    assert abs(one.mean() - many.mean()) < 5 * 500 / np.sqrt(12 * len(one))


@pytest.mark.parametrize("p", [5e-324, 2.2e-309, 1e-300, 1e-17])
def test_vanishing_probabilities_give_no_successes_and_no_warnings(p):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow or invalid cast would be an error
        assert all(len(r) == 0 for r in draws(10**6, p, 20))


def test_edge_cases():
    rng = np.random.default_rng(1)
    assert len(_successes(rng, 0, 0.1)) == 0
    assert len(_successes(rng, 100, 0.0)) == 0
    assert list(_successes(rng, 7, 1.0)) == list(range(7))
    assert 0 < _SKIP_BELOW < 1


def test_same_seed_same_successes():
    a = draws(5_000, 0.03, 5, seed=9)
    b = draws(5_000, 0.03, 5, seed=9)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    c = draws(5_000, 0.03, 5, seed=10)
    assert not all(np.array_equal(x, y) for x, y in zip(a, c, strict=True))


# --- The maintained set M (RULES step 4) -----------------------------------------------------


def brute_maintained(tie: np.ndarray, cap: int) -> np.ndarray:
    """The ties of M, sorted: every active tie, or the cap largest (ties at the cut are equal
    in value, so the sorted values identify M up to RULES's arbitrary tie-breaking)."""
    active = np.sort(tie[tie > ACTIVE_TIE])
    return active[len(active) - cap :] if len(active) > cap else active


@settings(max_examples=300, deadline=None)
@given(
    ties=st.lists(st.floats(0.0, 1.0, width=32), min_size=1, max_size=60),
    cap=st.integers(0, 20),
    floor=st.floats(0.0, 1.0, width=32),
)
def test_maintained_set_is_the_same_for_any_floor(ties, cap, floor):
    tie = np.array(ties, dtype=np.float32)
    kept, next_floor = _maintained(tie, cap, np.float32(floor))
    expected = brute_maintained(tie, cap) if cap else np.empty(0, np.float32)
    assert np.array_equal(np.sort(tie[kept]), expected)
    assert len(np.unique(kept)) == len(kept)
    # next week's floor: the cap-th largest tie if the set was cut, else 0 (always valid;
    # a cut that the floor made unnecessary, exactly cap people above it, passes 0 too)
    if cap and (tie > ACTIVE_TIE).sum() > cap:
        assert next_floor in (expected[0], 0)
    else:
        assert next_floor == 0


def test_engine_weeks_keep_the_same_maintained_set_as_a_full_search(monkeypatch):
    calls = []

    def checked(tie, cap, floor):
        kept, next_floor = _maintained(tie, cap, floor)
        full, full_floor = _maintained(tie, cap, np.float32(0.0))
        assert np.array_equal(np.sort(tie[kept]), np.sort(tie[full]))
        assert next_floor in (full_floor, 0)
        calls.append(floor > ACTIVE_TIE)
        return kept, next_floor

    monkeypatch.setattr(engine, "_maintained", checked)
    for preset, extra in (("relationship", {}), ("balanced", {"ambassadors": 1, "capacity": 40})):
        for seed in range(2):
            engine.run(Scenario.preset(preset, population=3_000, weeks=80, seed=seed, **extra))
    assert sum(calls) > 100  # the floor was in use in most weeks
