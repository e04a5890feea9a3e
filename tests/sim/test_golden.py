"""Every golden scenario's frame, final state and graph are bit for bit the recorded ones.

The fingerprints were recorded from the engine before it was refactored; see
``tests/sim/golden.py`` for the cases and for how (and when) to re-record them.
"""

from __future__ import annotations

import numpy as np
import pytest

from kit.sim import engine

from .golden import cases, fingerprint, frame_digest, load

GOLDEN = load()
CASES = cases()


def test_the_recorded_cases_are_the_cases():
    assert sorted(GOLDEN) == sorted(CASES), "re-record: tests/sim/golden.py --record"


@pytest.mark.parametrize("name", sorted(CASES))
def test_run_is_bit_identical_to_the_recording(name):
    assert fingerprint(CASES[name]) == GOLDEN[name]


def test_a_one_bit_change_changes_the_digest():
    frame = engine.run(CASES["balanced/random/seed0/N300"])
    before = frame_digest(frame)
    trust = frame["mean_trust"].to_numpy().copy()
    trust[-1] = np.nextafter(trust[-1], np.inf)  # the smallest possible change
    assert frame_digest(frame.assign(mean_trust=trust)) != before
    assert frame_digest(frame) == before
