"""Shared fixtures of the store's tests (the root conftest already keeps every test away from
the user's real database)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def progress_db(tmp_path, monkeypatch) -> Path:
    """Point KIT_PROGRESS_DB at a fresh file and name the learner ``tester``; the file's path."""
    path = tmp_path / "progress.db"
    monkeypatch.setenv("KIT_PROGRESS_DB", str(path))
    monkeypatch.setenv("KIT_LEARNER", "tester")
    return path


def _hub_fixtures():
    """tests/hub/conftest.py, loaded once: its ``service`` fixture runs the real kit-progress
    app (through the real HubAuth, against a stand-in hub API) for the contract tests."""
    import importlib.util
    import sys

    name = "kit_tests_hub_conftest"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "hub" / "conftest.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


service = _hub_fixtures().service
