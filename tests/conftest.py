"""Shared test set-up: keep every test away from the user's real progress database."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def pytest_configure(config):
    """Kernels started by nbval for the lessons inherit this: a throwaway progress database."""
    folder = tempfile.mkdtemp(prefix="kit-test-progress-")
    os.environ["KIT_PROGRESS_DB"] = os.path.join(folder, "progress.db")
    os.environ["KIT_LEARNER"] = "nbval"


@pytest.fixture(autouse=True)
def _private_progress_db(tmp_path_factory, monkeypatch):
    """Point KIT_PROGRESS_DB and KIT_LEARNER at throwaway values for every test."""
    folder = tmp_path_factory.mktemp("progress")
    monkeypatch.setenv("KIT_PROGRESS_DB", str(folder / "progress.db"))
    monkeypatch.setenv("KIT_LEARNER", "test-learner")


def _is_browser_test(item) -> bool:
    return (ROOT / "tests" / "browser") in Path(str(item.path)).parents


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests ``browser`` (``make test-fast`` leaves them out) and run them
    last: Playwright's sync API keeps an event loop running in this thread for the whole
    session, which would change how other tests' widgets schedule work."""
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
    items.sort(key=_is_browser_test)
