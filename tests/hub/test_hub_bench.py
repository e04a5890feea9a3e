"""``benchmarks/hub_load.py`` runs: a smoke run (3 learners, 3 s, SQLite) prints its table
with nothing lost. The numbers themselves are measured by the script, not asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.hub, pytest.mark.slow]

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "hub_load.py"


def test_a_smoke_run_prints_the_table_and_loses_nothing():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--seconds", "3", "--learners", "3", "--store", "sqlite"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    row = next(line for line in done.stdout.splitlines() if line.startswith("| SQLite"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    acknowledged, lost, duplicates = int(cells[1].replace(",", "")), cells[5], cells[6]
    assert acknowledged > 0
    assert (lost, duplicates) == ("0", "0")
