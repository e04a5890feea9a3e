"""Quiz widgets in a real JupyterLab and Chromium: keyboard use, labels, feedback, themes.

Screenshots go to ``test-output/quiz/`` for a human to look at. Skips when Chromium or
Playwright is missing. JupyterLab runs with its own settings, workspace and progress
database in a temporary folder, so the user's set-up is never touched.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test-output" / "quiz"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed")
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a notebook that asks one question and the example bank."""
    import nbformat

    home = tmp_path_factory.mktemp("lab")
    notebooks = home / "nb"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell("from kit import quiz\nquiz.ask('example', 'trust-fastest')"),
        nbformat.v4.new_code_cell("quiz.ask_all('example')"),
    ]
    nbformat.write(nb, notebooks / "quiz.ipynb")
    settings = home / "settings"
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false"}))
    port = _free_port()
    env = {
        **os.environ,
        "KIT_PROGRESS_DB": str(home / "progress.db"),
        "KIT_LEARNER": "browser-test",
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    log = (home / "lab.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.token=tok", f"--ServerApp.root_dir={notebooks}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token=tok", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"JupyterLab did not start; see {home / 'lab.log'}")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _open_and_run(page, base):
    page.goto(f"{base}/lab/tree/quiz.ipynb?token=tok")
    page.wait_for_selector(".jp-Notebook", timeout=90000)
    last_run = -100
    for tick in range(180):
        # JupyterLab may ask which kernel to start; the default is the right one.
        if page.locator(".jp-Dialog").count():
            page.locator(".jp-Dialog").get_by_role("button", name="Select", exact=True).click()
        elif page.locator(".kit-quiz-section .kit-choices").count():
            break
        elif (
            tick - last_run > 20
            and page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").count()
        ):
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            last_run = tick  # runs again later if the kernel was not ready yet
        page.wait_for_timeout(500)
    else:
        page.screenshot(path=str(OUT / "browser-failure.png"))
        pytest.fail(f"the quiz cells did not render; see {OUT / 'browser-failure.png'}")
    page.wait_for_timeout(1500)


def test_quiz_in_jupyterlab_light_and_dark(lab):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1400})
            _open_and_run(page, lab)
            first = page.locator(".kit-quiz").first
            # Every control has an accessible name.
            first.get_by_label("Buying followers to look popular").check()
            first.get_by_role("button", name="Submit").click()
            feedback = first.locator(".kit-feedback")
            assert feedback.get_attribute("role") == "status"
            assert feedback.get_attribute("aria-live") == "polite"
            sync_api.expect(feedback).to_contain_text("✗Not yet")
            sync_api.expect(feedback).to_contain_text("A large audience")
            # Keyboard only: Space on the right option, Tab to Submit, Enter.
            first.get_by_label("Replying personally to people who comment on your posts").focus()
            page.keyboard.press("Space")
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            sync_api.expect(feedback).to_contain_text("✓Correct")
            sync_api.expect(feedback).to_contain_text("Explanation:")
            # Enter in a number box submits.
            section = page.locator(".kit-quiz-section .kit-quiz")
            number = section.nth(2).get_by_label("Your answer")
            number.fill("600")
            number.press("Enter")
            sync_api.expect(section.nth(2).locator(".kit-feedback")).to_contain_text("30%, not 3%")
            # Math is typeset by JupyterLab's MathJax.
            assert section.nth(2).locator("mjx-container").count() > 0
            page.screenshot(path=str(OUT / "browser-light.png"))
            # Dark theme (in this server's private settings), reload, re-run: state restores.
            page.request.put(
                f"{lab}/lab/api/settings/@jupyterlab/apputils-extension:themes?token=tok",
                data={"raw": json.dumps({"theme": "JupyterLab Dark"})},
            )
            page.reload()
            _open_and_run(page, lab)
            assert page.locator("body[data-jp-theme-light='false']").count() == 1
            first = page.locator(".kit-quiz").first
            sync_api.expect(first.locator(".kit-feedback")).to_contain_text("Restored")
            sync_api.expect(first.get_by_role("button", name="Submit")).to_be_disabled()
            page.screenshot(path=str(OUT / "browser-dark.png"))
            section = page.locator(".kit-quiz-section .kit-quiz")
            for i in range(section.count()):
                section.nth(i).scroll_into_view_if_needed()
                section.nth(i).screenshot(path=str(OUT / f"browser-dark-q{i + 1}.png"))
        finally:
            browser.close()
