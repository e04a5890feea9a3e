"""``make bench`` prints its table: a smoke run of the simulator benchmark in quick mode.

Quick mode skips the 1e6 run and Mesa, and one repetition per row keeps it to a few seconds;
the speed targets themselves are measured by ``make bench``, not asserted here (timings on a
shared machine are too noisy for a test).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


@pytest.mark.slow
def test_quick_benchmark_prints_the_table_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--repeat", "1", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "| implementation" in text and "agent-steps/s" in text
    for label in ("engine (NumPy), N=10,000", "engine (NumPy), N=100,000", "reference"):
        assert label in text
    assert "engine N=1e4 / reference N=1e3" in text
    assert "Lesson-sized run (N=5,000, 104 weeks)" in text
    result = json.loads(out.read_text())
    rows = {label: (n, weeks, seconds) for label, n, weeks, seconds in result["rows"]}
    assert rows["engine (NumPy), N=10,000"][:2] == (10_000, 156)
    assert all(seconds > 0 for _, _, seconds in rows.values())
    cold, warm = result["lesson_ms"]
    assert cold > 0 and warm > 0
