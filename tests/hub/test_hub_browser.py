"""A learner and the instructor in Chromium on a real workshop hub.

The instructor logs in through the hub's login page and opens the class page of the
kit-progress service (a hub OAuth login); the learner logs in on the same login page in
another browser context, lands in lesson 00 (the hub copied the lessons into their home),
runs it and answers a question. The instructor's page, which refreshes itself, then shows
the learner and the question.

Needs JupyterHub, configurable-http-proxy and Debian's Chromium: skips without them, fails
under CI=true. About a minute.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from hubdriver import CLASS, INSTRUCTOR, INSTRUCTOR_PASSWORD, PASSWORD, start_hub

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
import labdriver  # noqa: E402

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(600)]

LESSON = "lessons/00-welcome.ipynb"
# The question and its options as the bank has them (the bank's wording may change)
_QUESTION = next(
    q
    for q in yaml.safe_load((labdriver.ROOT / "data" / "quizzes" / "00.yaml").read_text())[
        "questions"
    ]
    if q["id"] == "where-graded"
)
PROMPT = " ".join(_QUESTION["prompt"].split())
RIGHT = next(a["text"] for a in _QUESTION["answers"] if a.get("correct"))
WRONG = next(a["text"] for a in _QUESTION["answers"] if not a.get("correct"))


@pytest.fixture(autouse=True)
def _chromium():
    reason = labdriver.missing()
    if reason:
        if labdriver.__dict__.get("IN_CI") or __import__("hubdriver").IN_CI:
            pytest.fail(f"CI=true and the browser cannot run: {reason}", pytrace=False)
        pytest.skip(f"browser tests skipped: {reason}")


def lab_config(folder: Path) -> str:
    """Test-only additions: no news or update checks in the learners' JupyterLab (no
    requests leave the machine), and the command registry exposed for run-all."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = {
        "LabApp": {
            "news_url": None,
            "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
            "expose_app_in_browser": True,
        }
    }
    (folder / "jupyter_server_config.json").write_text(json.dumps(settings))
    (folder / "jupyter_lab_config.json").write_text(json.dumps(settings))
    return f"c.Spawner.environment['JUPYTER_CONFIG_DIR'] = {str(folder)!r}\n"


def log_in(page, base: str, name: str, password: str, next_url: str = "") -> None:
    page.goto(f"{base}/hub/login" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_learners_answer_shows_on_the_instructors_page(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    extra = lab_config(tmp_path / "labconfig")
    with start_hub(tmp_path / "hub", extra_config=extra) as hub, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(labdriver.CHROMIUM), headless=True, args=labdriver.CHROMIUM_ARGS
        )
        blocked: list[str] = []
        try:
            # The instructor: hub login, then the class page (the service's OAuth login).
            teacher = browser.new_context(viewport=labdriver.VIEWPORT)
            labdriver.guard_network(teacher, blocked)
            tpage = teacher.new_page()
            tpage.set_default_timeout(labdriver.UI_TIMEOUT_MS)
            class_page = f"/services/kit-progress/classes/{CLASS}"
            log_in(tpage, hub.url, INSTRUCTOR, INSTRUCTOR_PASSWORD, next_url=class_page)
            expect(tpage.locator("h1")).to_have_text(f"Class {CLASS}")
            expect(tpage.locator("#summary")).to_contain_text("0 learners")

            # The learner: the same login page, straight into lesson 00 in JupyterLab.
            learner = browser.new_context(viewport=labdriver.VIEWPORT)
            labdriver.guard_network(learner, blocked)
            page = learner.new_page()
            page.set_default_timeout(labdriver.UI_TIMEOUT_MS)
            log_in(page, hub.url, "ada", PASSWORD)
            page.wait_for_function(
                "(p) => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                " && window.jupyterapp.shell.currentWidget.context"
                " && window.jupyterapp.shell.currentWidget.context.path === p",
                arg=LESSON,
                timeout=labdriver.RUN_TIMEOUT_MS,
            )
            page.wait_for_function(
                "() => window.jupyterapp.shell.currentWidget.sessionContext.session"
                " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
                " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
                ".status === 'idle'",
                timeout=labdriver.RUN_TIMEOUT_MS,
            )
            labdriver.run_all(page)
            question = page.locator(".kit-quiz").filter(has_text=PROMPT).first
            question.scroll_into_view_if_needed()
            feedback = question.locator(".kit-feedback")
            question.get_by_label(WRONG).check()
            question.get_by_role("button", name="Submit").click()
            expect(feedback).to_contain_text("✗Not yet")
            question.get_by_label(RIGHT).check()
            question.get_by_role("button", name="Submit").click()
            expect(feedback).to_contain_text("✓Correct")
            expect(feedback).not_to_contain_text("not being saved")

            # The instructor's page refreshes itself every 5 s and now shows the answer.
            expect(tpage.locator("#summary")).to_contain_text(
                "1 learner, 2 attempts", timeout=30_000
            )
            rows = tpage.locator("table").first.locator("tr")
            expect(rows.filter(has_text="where-graded")).to_contain_text(WRONG)
            learners = tpage.locator("h2", has_text="Learners").locator(
                "xpath=following-sibling::table[1]"
            )
            expect(learners).to_contain_text("ada")
            labdriver.OUT.mkdir(parents=True, exist_ok=True)
            # The picture in the instructor guide (lessons/images/hub-class-page.png).
            tpage.screenshot(
                path=str(labdriver.OUT / "hub-instructor-class-page.png"),
                clip={"x": 0, "y": 0, "width": 1280, "height": 380},
            )
            page.screenshot(path=str(labdriver.OUT / "hub-learner-lesson-00.png"))
        finally:
            browser.close()
        assert not blocked, f"requests to hosts other than loopback were made: {blocked}"
