"""The README's code runs as written (with smaller populations, to keep the suite quick)."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_runs():
    text = README.read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 4
    namespace: dict = {}
    for block in blocks:
        quick = block.replace("population=20_000", "population=5_000").replace("reps=20", "reps=3")
        quick = quick.replace(
            'preset("broadcast", seed=7)', 'preset("broadcast", population=5_000, seed=7)'
        )
        exec(compile(quick, str(README), "exec"), namespace)  # noqa: S102 - our own README


def test_readme_starts_with_the_two_commands():
    text = README.read_text()
    first_block = re.search(r"```bash\n(.*?)```", text, re.S).group(1)
    assert first_block.splitlines()[0].startswith("make lab")
    assert first_block.splitlines()[1].startswith("make test")
