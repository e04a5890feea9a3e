"""The agreement test has teeth: it fails when one rule changes in one implementation only.

Each case below changes one rule by 10% in the engine or in the reference, not in both (the
way a real bug, or a rule updated in one place and forgotten in the other, would), runs
``tests/sim/test_agreement.py``'s comparison and expects it to fail. The unchanged pair, on
the same seeds, passes (as the agreement tests themselves show, and the control here).

Changes below the comparison's resolution at N = 500 and 40 seeds go unseen: the active-tie
threshold (0.05) or the tie of a new connection (0.02) off by 10% move no compared output
by more than its noise. They are guarded by the golden frames instead.
"""

from __future__ import annotations

import functools

import pytest

from kit import sim
from kit.sim import engine, reference
from kit.sim.reference import simulate_reference

from .test_agreement import assert_agree, curves

pytestmark = pytest.mark.slow  # about 20 s of CPU: eight runs of 40 seeds, half in plain Python


@functools.cache
def reference_curves(preset: str):
    return curves(simulate_reference, preset)


@functools.cache
def engine_curves(preset: str):
    return curves(sim.simulate, preset)


def budgets_up(module):
    """Every weekly budget (posts, requests, interactions) 10% above its rule."""
    rounding = module._stochastic_round
    return "_stochastic_round", lambda x, rng: rounding(1.1 * x, rng)


def strong_tie_up(module):
    """The strong-tie threshold of the outputs 10% above its rule (0.55 for 0.5)."""
    return "STRONG_TIE", 1.1 * module.STRONG_TIE


MUTATIONS = [
    ("engine", "relationship", strong_tie_up),
    ("engine", "broadcast", budgets_up),
    ("reference", "relationship", strong_tie_up),
    ("reference", "balanced", budgets_up),
]


@pytest.mark.parametrize(
    ("where", "preset", "mutation"),
    MUTATIONS,
    ids=[f"{w}-{p}-{m.__name__}" for w, p, m in MUTATIONS],
)
def test_a_rule_changed_in_one_implementation_fails_the_agreement(
    where, preset, mutation, monkeypatch
):
    module = engine if where == "engine" else reference
    monkeypatch.setattr(module, *mutation(module))
    if where == "engine":
        fast, slow = curves(sim.simulate, preset), reference_curves(preset)
    else:
        fast, slow = engine_curves(preset), curves(simulate_reference, preset)
    with pytest.raises(AssertionError):
        assert_agree(fast, slow)


@pytest.mark.parametrize("preset", sorted({p for _, p, _ in MUTATIONS}))
def test_unchanged_implementations_agree_on_the_same_seeds(preset):
    assert_agree(engine_curves(preset), reference_curves(preset))
