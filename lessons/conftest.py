"""Running the lessons alone under pytest (``pytest lessons/02-*.ipynb``): the same set-up as
the whole suite's (``tests/conftest.py``), so nbval's kernels hold claim checks strictly and
never touch a real progress database or run cache."""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config):
    if os.environ.get("KIT_CLAIMS") is None:
        os.environ["KIT_CLAIMS"] = "strict"  # prose must not drift from the model
    folder = tempfile.mkdtemp(prefix="kit-lessons-")
    for name, value in (
        ("KIT_PROGRESS_DB", os.path.join(folder, "progress.db")),
        ("KIT_OUTBOX", os.path.join(folder, "outbox.db")),
        ("KIT_CACHE_DIR", os.path.join(folder, "run-cache")),
        ("KIT_CAPSTONE_RESULTS", os.path.join(folder, "capstone-results")),
        ("KIT_LEARNER", "nbval"),
    ):
        os.environ.setdefault(name, value)
