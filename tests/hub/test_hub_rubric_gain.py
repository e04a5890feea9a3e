"""The rubric, the gain and the item analysis through the kit-progress service (stand-in hub).

Who may store rubric scores (an instructor of the class, for its learners; nobody for
themselves), the round trip through the hub's HTTP backend, and the new sections of the
class's JSON report and page.
"""

from __future__ import annotations

import pytest
from hubdriver import http

from kit.classroom.rubric import load_rubric, record_score, scores
from kit.quiz import load_bank
from kit.quiz.questions import Feedback
from kit.store import ProgressNotSaved, ProgressStore


def as_user(monkeypatch, name: str) -> None:
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", f"tok-{name}")
    monkeypatch.setenv("JUPYTERHUB_USER", name)
    monkeypatch.setenv("KIT_CLASS", "ws1")


def test_rubric_scores_round_trip_through_the_hub(service, monkeypatch, tmp_path):
    rubric = load_rubric()
    as_user(monkeypatch, "ada")
    ProgressStore(service.url).record("00", "q1", "x", Feedback(True, 1.0, ""))
    # ada cannot score herself: the service refuses, the score is set aside, not queued.
    with pytest.raises(ProgressNotSaved, match="only an instructor of class ws1"):
        record_score(ProgressStore(service.url, class_id="ws1"), rubric, "ada", "flip", 2)
    as_user(monkeypatch, "tess")
    tess = ProgressStore(service.url, class_id="ws1")
    record_score(tess, rubric, "ada", "flip", 2, note="clear")
    record_score(tess, rubric, "ada", "uncertainty", 1)
    # ... and not in a class she does not teach.
    with pytest.raises(ProgressNotSaved, match="only an instructor of class other"):
        record_score(ProgressStore(service.url, class_id="other"), rubric, "ada", "flip", 1)
    got = scores(tess.rows(class_id="ws1"), rubric)
    assert {k: v["level"] for k, v in got["ada"].items()} == {"flip": 2, "uncertainty": 1}
    assert got["ada"]["flip"]["note"] == "clear"
    # Kept in the service's own store, with the class.
    stored = service.store.rows(class_id="ws1", bank="rubric")
    assert [(r["learner"], r["question"]) for r in stored] == [
        ("ada", "flip"),
        ("ada", "uncertainty"),
    ]


def test_the_class_report_and_page_show_gain_and_items(service):
    bank = load_bank("inventory")
    rows = []
    for k, (learner, pre, post) in enumerate([("ada", 2, 8), ("bob", 4, 6)]):
        for phase, n_right in (("pre", pre), ("post", post)):
            for i, q in enumerate(bank):
                label = next(o.label for o in q.options if o.correct == (i < n_right))
                rows.append(
                    {
                        "uid": f"{learner}-{phase}-{i}",
                        "learner": learner,
                        "bank": f"inventory-{phase}",
                        "question": q.id,
                        "response": f'"{label}"',
                        "correct": i < n_right,
                        "score": float(i < n_right),
                        "points": 1.0,
                        "time": f"2026-12-05T0{7 + (phase == 'post')}:{k}{i}:00.000+00:00",
                        "class_id": "ws1",
                    }
                )
    for learner in ("ada", "bob"):
        mine = [r for r in rows if r["learner"] == learner]
        status, body = http("POST", service.url + "api/attempts", f"tok-{learner}",
                            {"attempts": mine})  # fmt: skip
        assert status == 200, body
    status, report = http("GET", service.url + "api/classes/ws1/report", "tok-tess")
    assert status == 200, report
    gain = report["gain"]
    # pre (20 + 40) / 2 = 30%, post (80 + 60) / 2 = 70%: <g> = 40 / 70 = 0.571.
    assert (gain["n_matched"], gain["pre"], gain["post"]) == (2, 30.0, 70.0)
    assert gain["gain"] == pytest.approx(0.571)
    items = {(i["bank"], i["question"]): i for i in report["items"]["items"]}
    first = items[("inventory-pre", "inv-followers")]
    assert first["n"] == 2 and len(first["options"]) == 4
    assert sum(o["picked"] for o in first["options"]) == 2
    # The page (a browser with the hub login) shows both sections.
    status, page = http("GET", service.url + "classes/ws1", "tok-tess")
    assert status == 200
    assert "Did the workshop work?" in page and "0.57" in page and "Item analysis" in page
    assert "followers are customers" in page


@pytest.mark.browser
def test_class_page_screenshots_light_and_dark(service):
    """The class page's new sections in Chromium (the stand-in hub: the instructor's token
    in a header stands for the hub login), with the system's light and dark scheme."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
    import labdriver

    reason = labdriver.missing()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    test_the_class_report_and_page_show_gain_and_items(service)
    from playwright.sync_api import sync_playwright

    labdriver.OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = labdriver.launch(p)
        try:
            for scheme in ("light", "dark"):
                context = browser.new_context(
                    viewport={"width": 1280, "height": 900},
                    color_scheme=scheme,
                    extra_http_headers={"Authorization": "token tok-tess"},
                )
                page = context.new_page()
                page.goto(service.url + "classes/ws1")
                assert page.locator("#gain").is_visible() and page.locator("#items").is_visible()
                page.screenshot(
                    path=str(labdriver.OUT / f"class-page-{scheme}.png"), full_page=True
                )
                context.close()
        finally:
            browser.close()
