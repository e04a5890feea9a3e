"""A KitError in a notebook is one sentence in a box, not a traceback."""

from __future__ import annotations

import subprocess
import sys


def test_a_kit_error_in_ipython_shows_its_sentence_without_a_traceback():
    code = r"""
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
shell = InteractiveShell.instance()
with capture_output() as out:
    result = shell.run_cell("from kit.sim import Scenario\nScenario.from_code('kit1:nonsense')")
print("ERROR_IN_EXEC", type(result.error_in_exec).__name__)
print("OUT", out.stdout)
print("HTML", [o.data.get("text/html", "") for o in out.outputs])
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ERROR_IN_EXEC CodeError" in done.stdout  # the cell still fails (Run All stops)
    assert "This did not work:" in done.stdout and "damaged or incomplete" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
