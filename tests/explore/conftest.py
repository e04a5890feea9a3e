"""Small, fast runs shared by the explorer tests."""

from __future__ import annotations

import pytest

from kit import sim

SMALL = {"population": 2_000, "weeks": 60, "seed": 3}


@pytest.fixture(scope="session")
def two():
    """broadcast vs relationship: relationship overtakes broadcast mid-run."""
    return sim.compare(["broadcast", "relationship"], **SMALL)
