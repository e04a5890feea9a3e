"""One build of the static website for all the site tests (issue 26).

The build runs the seven lessons (a few minutes on a loaded 2-core machine), so it happens
once per session, into a temporary folder. ``KIT_SITE_DIR=site`` reuses a folder that
``make site`` wrote instead (handy while working on the page's JavaScript; the tests then
check that folder as it is).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """``(folder, report)``: the built site, and the build's report (None if reused)."""
    given = os.environ.get("KIT_SITE_DIR", "").strip()
    if given:
        folder = (ROOT / given).resolve()
        if not (folder / "index.html").exists():
            pytest.fail(f"KIT_SITE_DIR={given}: no index.html there; run make site first")
        return folder, None
    from kit.site.build import build

    folder = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    # fresh: every lesson runs here (reusing unchanged ones is tested in test_build_reuse.py)
    report = build(folder, log=lambda line: print(line), fresh=True)
    print(f"site built in {time.perf_counter() - start:.0f} s: {report.summary()}")
    return folder, report
