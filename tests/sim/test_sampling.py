"""The engine's Bernoulli sampler: drawing the gaps between successes is exact.

``_successes(rng, n, p)`` stands in for ``np.flatnonzero(rng.random(n) < p)`` in the post,
purchase (thinning) steps; these tests check that it has the same distribution: the number
of successes is Binomial(n, p), every index is equally likely, and the indices are distinct,
sorted and in range, for small p, p past the switch to one uniform per trial, a second batch
of gaps, and p so small that a naive 1 / -log(1 - p) would overflow.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from kit.sim.engine import _SKIP_BELOW, _successes


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
