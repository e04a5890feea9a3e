"""The agreement test has teeth: it fails when one rule changes in one implementation only.

Both implementations read their thresholds and shared formulas from :mod:`kit.sim.rules`.
Each case below hands one implementation (the engine or the reference, not both) a copy of
those rules with one of them 10% off, the way a real bug, or a rule updated in one place and
forgotten in the other, would; it then runs ``tests/sim/test_agreement.py``'s comparison and
expects it to fail. The unchanged pair, on the same seeds, passes (the control here).

What the comparison (N = 500, 40 seeds, nine outputs) cannot see at 10%, measured when this
test was written: the active-tie threshold, the tie of a new connection, the share of new
interactions sent to unengaged followers, the follow chance after engagement, the referral
propensity and the evidence a sale adds. The golden frames (``test_golden.py``) catch any
change to the engine's; a change to the reference alone in one of those would pass unseen.
"""

from __future__ import annotations

import functools
import types

import pytest

from kit import sim
from kit.sim import engine, reference, rules
from kit.sim.reference import simulate_reference

from .test_agreement import assert_agree, curves

pytestmark = pytest.mark.slow  # about 20 s of CPU: eleven runs of 40 seeds, five in plain Python


@pytest.fixture(autouse=True)
def _fresh_runs(monkeypatch):
    """These tests compare the engine itself with the reference (and a changed rule must
    show): every run computed, none from the run cache (kit/sim/cache.py)."""
    monkeypatch.setenv("KIT_CACHE", "off")


@functools.cache
def reference_curves(preset: str):
    return curves(simulate_reference, preset)


@functools.cache
def engine_curves(preset: str):
    return curves(sim.simulate, preset)


def off_by_a_tenth(name: str):
    """kit.sim.rules with one threshold or formula 10% off."""
    real = getattr(rules, name)
    if callable(real):
        changed = {
            # the budgets and chances 10% up, the capacity 10% down
            "team_capacity": lambda s: int(0.9 * real(s)),
            "tie_kept": lambda k, gain: real(k, 1.1 * gain),
        }.get(name, lambda *args: 1.1 * real(*args))
    else:
        changed = 1.1 * real
    copy = types.SimpleNamespace(**{k: v for k, v in vars(rules).items() if not k.startswith("_")})
    setattr(copy, name, changed)
    return copy


#: (implementation changed, preset compared, rule changed)
MUTATIONS = [
    ("engine", "relationship", "STRONG_TIE"),  # outputs
    ("engine", "broadcast", "requests"),  # step 3
    ("engine", "relationship", "interactions"),  # step 4
    ("engine", "relationship", "team_capacity"),  # step 4
    ("engine", "relationship", "tie_kept"),  # step 4
    ("engine", "broadcast", "leave_chance"),  # step 6
    ("reference", "relationship", "STRONG_TIE"),
    ("reference", "broadcast", "leave_chance"),
]


@pytest.mark.parametrize(
    ("where", "preset", "rule"), MUTATIONS, ids=["-".join(m) for m in MUTATIONS]
)
def test_a_rule_changed_in_one_implementation_fails_the_agreement(where, preset, rule, monkeypatch):
    monkeypatch.setattr(engine if where == "engine" else reference, "rules", off_by_a_tenth(rule))
    if where == "engine":
        fast, slow = curves(sim.simulate, preset), reference_curves(preset)
    else:
        fast, slow = engine_curves(preset), curves(simulate_reference, preset)
    with pytest.raises(AssertionError):
        assert_agree(fast, slow)


@pytest.mark.parametrize("preset", sorted({p for _, p, _ in MUTATIONS}))
def test_unchanged_implementations_agree_on_the_same_seeds(preset):
    assert_agree(engine_curves(preset), reference_curves(preset))
