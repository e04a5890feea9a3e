"""Shared fixtures: every quiz test uses a temporary progress database and learner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: jupyterquiz's own files, shared beside the checkout (absent in users' clones);
#: ``KIT_SHARED`` names that shared folder when the checkout is elsewhere (a git worktree).
SHARED = Path(os.environ.get("KIT_SHARED") or Path(__file__).resolve().parents[3] / "shared")
INTEROP = SHARED / "interop" / "jupyterquiz"


@pytest.fixture(autouse=True)
def progress_db(tmp_path, monkeypatch) -> Path:
    """Point KIT_PROGRESS_DB at a fresh file so no test touches the real database."""
    path = tmp_path / "progress.db"
    monkeypatch.setenv("KIT_PROGRESS_DB", str(path))
    monkeypatch.setenv("KIT_LEARNER", "tester")
    return path


@pytest.fixture
def interop() -> Path:
    """The folder of jupyterquiz files; skips the test when it is not there."""
    if not (INTEROP / "questions.json").is_file():
        pytest.skip(f"jupyterquiz interop files not found in {INTEROP.resolve()}")
    return INTEROP
