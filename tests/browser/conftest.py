"""Shared set-up for the browser tests: one JupyterLab server and one headless Chromium.

The server (see ``labdriver.start_lab``) runs on a free loopback port with a token, on a
*copy* of ``lessons/`` in a temporary folder (the repository's notebooks are never opened or
saved by the browser), with private config, data, runtime, settings and workspace folders,
news and update checks off, and its own progress database.

Chromium is Debian's ``/usr/bin/chromium`` (never ``playwright install``). Without it, or
without the ``playwright`` package, the tests skip with the reason; under ``CI=true`` that is
a failure instead, so CI cannot pass without having run them.

Every page aborts requests to hosts other than loopback, and the test fails if one was made.

Screenshots go to ``test-output/browser/``: always on failure, and of every lesson in the
light and the dark theme when ``KIT_SCREENSHOTS=1`` (``make screenshots``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import labdriver  # noqa: E402

OUT = labdriver.OUT
try:
    from playwright.sync_api import expect

    # Kernel round-trips on a loaded 2-core machine: wait up to 30 s for a UI expectation.
    expect.set_options(timeout=30_000)
except ImportError:  # the tests skip (or fail under CI=true) with the reason
    pass
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(config, items):
    reason = labdriver.missing()
    if not reason or IN_CI:
        return  # in CI, _browser_available fails each browser test instead
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


@pytest.fixture(autouse=True)
def _browser_available():
    reason = labdriver.missing()
    if reason and IN_CI:
        pytest.fail(f"CI=true and the browser tests cannot run: {reason}", pytrace=False)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on a copy of lessons/ plus the quiz and explorer notebooks."""
    try:
        with labdriver.start_lab(tmp_path_factory.mktemp("jupyterlab")) as server:
            yield server
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = labdriver.launch(p)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, lab, request):
    """A fresh page with the network guard; a screenshot on failure; kernels stopped after."""
    context = browser.new_context(viewport=labdriver.VIEWPORT)
    context.set_default_timeout(labdriver.UI_TIMEOUT_MS)
    blocked: list[str] = []
    labdriver.guard_network(context, blocked)
    pg = context.new_page()
    pg.js_errors = []  # uncaught JavaScript errors, shown in failure messages
    pg.on("pageerror", lambda exc: pg.js_errors.append(str(exc)))
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        OUT.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in request.node.name)
        try:
            pg.screenshot(path=str(OUT / f"FAILED-{name}.png"))
            print(f"failure screenshot: {OUT / f'FAILED-{name}.png'}")
        except Exception as exc:  # noqa: BLE001 - the test already failed; say why not
            print(f"could not take a failure screenshot: {exc}")
        if pg.js_errors:
            print("uncaught JavaScript errors:", *pg.js_errors, sep="\n  ")
    context.close()
    lab.shutdown_kernels()
    lab.set_theme(labdriver.LIGHT)
    assert not blocked, f"requests to hosts other than loopback were made (blocked): {blocked}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
