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
