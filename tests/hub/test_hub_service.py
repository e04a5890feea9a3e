"""The kit-progress service and its client, through the real HubAuth against a stand-in hub
API (see conftest.py): who may read and write what, bad input, the outbox."""

from __future__ import annotations

import pytest
from hubdriver import http

from kit.quiz.questions import Feedback
from kit.store import ProgressNotSaved, ProgressStore, StoreError


def attempt(**over):
    a = {
        "uid": over.pop("uid", "a" * 32),
        "learner": "ada",
        "bank": "00",
        "question": "q1",
        "response": '"x"',
        "correct": False,
        "score": 0.0,
        "points": 1.0,
        "time": "2026-12-05T07:00:00.000+00:00",
        "class_id": "ws1",
    }
    a.update(over)
    return a


@pytest.fixture
def as_ada(monkeypatch, tmp_path):
    """This process is ada's kernel on the hub: her server's token and name."""
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-ada")
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    monkeypatch.setenv("KIT_CLASS", "ws1")


def test_health_needs_no_login(service):
    assert http("GET", service.url + "api/health") == (200, {"ok": True, "service": "kit-progress"})


@pytest.mark.parametrize("token", [None, "not-a-hub-token"])
def test_unauthenticated_requests_are_refused(service, token):
    for method, data in (("GET", None), ("POST", {"attempts": [attempt()]})):
        status, body = http(method, service.url + "api/attempts?learner=ada", token, data)
        assert status == 401, body
        assert "Authorization: token" in body["message"]
    assert service.store.attempts() == []


def test_a_token_without_the_access_scope_gets_403(service):
    status, body = http("GET", service.url + "api/attempts?learner=eve", "tok-noscope")
    assert status == 403
    assert "access:services!service=kit-progress" in body["message"]


def test_a_learner_writes_and_reads_their_own_attempts(service):
    status, body = http("POST", service.url + "api/attempts", "tok-ada", {"attempts": [attempt()]})
    assert status == 200, body
    assert body == {"numbers": [1]}
    status, body = http("GET", service.url + "api/attempts?learner=ada", "tok-ada")
    assert status == 200
    assert [(a["learner"], a["question"], a["response"]) for a in body["attempts"]] == [
        ("ada", "q1", '"x"')
    ]


def test_a_resent_attempt_is_stored_once(service):
    for _ in range(3):
        status, body = http(
            "POST", service.url + "api/attempts", "tok-ada", {"attempts": [attempt()]}
        )
        assert (status, body) == (200, {"numbers": [1]})
    assert len(service.store.attempts()) == 1


def test_another_learners_id_gets_403_for_reads_and_writes(service):
    http("POST", service.url + "api/attempts", "tok-ada", {"attempts": [attempt()]})
    status, body = http("GET", service.url + "api/attempts?learner=ada", "tok-bob")
    assert status == 403
    assert body["message"] == "bob may read only their own attempts, not ada's"
    status, body = http("GET", service.url + "api/attempts?class_id=ws1", "tok-bob")
    assert status == 403
    status, body = http(
        "POST", service.url + "api/attempts", "tok-bob", {"attempts": [attempt(uid="b" * 32)]}
    )
    assert status == 403
    assert "not ada's" in body["message"]
    status, body = http("DELETE", service.url + "api/attempts?learner=ada", "tok-bob")
    assert status == 403
    assert len(service.store.attempts(learner="ada")) == 1


def test_an_instructor_reads_their_class_only(service):
    http("POST", service.url + "api/attempts", "tok-ada", {"attempts": [attempt()]})
    status, body = http("GET", service.url + "api/classes/ws1/report", "tok-tess")
    assert status == 200, body
    assert (body["learners"], body["attempts"], body["class_id"]) == (1, 1, "ws1")
    assert body["per_learner"] == [{"learner": "ada", "attempts": 1, "tried": 1, "right": 0}]
    status, body = http("GET", service.url + "api/classes/other/report", "tok-tess")
    assert status == 403
    assert "class-other" in body["message"]
    status, body = http("GET", service.url + "api/attempts?learner=ada", "tok-tess")
    assert status == 403  # a class must be named
    status, body = http("GET", service.url + "api/me", "tok-tess")
    assert body == {"name": "tess", "kind": "user", "instructor": True, "classes": ["ws1"]}


@pytest.mark.parametrize(
    "data, words",
    [
        ({"attempts": [attempt(score=2)]}, "'score' must be between"),
        ({"attempts": [attempt(correct="yes")]}, "'correct' must be true or false"),
        ({"attempts": [attempt(class_id="a b")]}, "class id 'a b' is not valid"),
        ({"attempts": [attempt(time="yesterday")]}, "'time' must be an ISO 8601"),
        ({"attempts": "x"}, "not a list"),
        ({"nope": []}, '{"attempts": [...]}'),
    ],
)
def test_bad_attempts_get_400_with_the_reason(service, data, words):
    status, body = http("POST", service.url + "api/attempts", "tok-ada", data)
    assert status == 400
    assert words in body["message"]
    assert service.store.attempts() == []


def test_bad_class_id_in_a_query_gets_400(service):
    status, body = http("GET", service.url + "api/attempts?learner=ada&class_id=a/b", "tok-ada")
    assert status == 400
    assert "is not valid" in body["message"]


def test_a_browser_page_redirects_to_the_hub_login(service):
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(service.url + "classes/ws1", timeout=10)
        raise AssertionError("expected a redirect")
    except urllib.error.HTTPError as exc:
        assert exc.code == 302
        assert "/hub/api/oauth2/authorize" in exc.headers["Location"]


def test_the_quiz_store_goes_through_the_service_by_url(service, as_ada):
    ada = ProgressStore(service.url)
    first = ada.record("00", "q1", "wrong", Feedback(False, 0.0, ""))
    second = ada.record("00", "q1", "right", Feedback(True, 1.0, ""))
    assert (first.attempt, second.attempt) == (1, 2)
    got = ada.attempts(bank="00", question="q1")
    assert [(a.learner, a.response, a.correct, a.class_id) for a in got] == [
        ("ada", "wrong", False, "ws1"),
        ("ada", "right", True, "ws1"),
    ]
    assert ada.summary()[0]["right"] == 1
    assert ",ada,00,q1,2," in "," + ada.export().replace("\n", ",")
    with pytest.raises(StoreError, match="ada may read only their own attempts, not bob's"):
        ProgressStore(service.url).attempts(learner="bob")
    assert ada.reset(learner="ada") == 2
    assert ada.attempts() == []


def test_an_answer_under_another_learners_name_is_set_aside_not_queued(service, as_ada, tmp_path):
    from kit.store import Outbox

    ada = ProgressStore(service.url, outbox=Outbox(tmp_path / "outbox.db"))
    with pytest.raises(ProgressNotSaved, match="set aside") as caught:
        ada.record("00", "q1", "x", Feedback(False, 0.0, ""), learner="bob")
    assert caught.value.retrying is False and ada.pending() == 0
    # ada's own next answer goes straight through instead of waiting behind bob's
    assert ada.record("00", "q1", "right", Feedback(True, 1.0, "")).attempt == 1
    assert [a.learner for a in service.store.attempts()] == ["ada"]


def test_the_instructor_reads_the_class_through_the_store(service, as_ada, monkeypatch):
    ProgressStore(service.url).record("00", "q1", "x", Feedback(False, 0.0, ""))
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-tess")
    monkeypatch.setenv("JUPYTERHUB_USER", "tess")
    rows = ProgressStore(service.url).attempts(class_id="ws1")
    assert [(a.learner, a.question) for a in rows] == [("ada", "q1")]


@pytest.fixture
def no_hold_off(monkeypatch):
    """After a failure the store queues answers without trying for HOLD_OFF_SECONDS; these
    tests bring the service back at once, so they try again at once."""
    from kit.store import progress

    monkeypatch.setattr(progress, "HOLD_OFF_SECONDS", 0)


def test_attempts_wait_while_the_service_is_down_and_nothing_is_lost(service, as_ada, no_hold_off):
    store = ProgressStore(service.url)
    store.record("00", "q0", "before", Feedback(False, 0.0, ""))
    service.stop()
    for i in (1, 2, 3):
        with pytest.raises(ProgressNotSaved, match="not answering.*kept on this computer"):
            store.record("00", f"q{i}", i, Feedback(True, 1.0, ""))
    assert store.pending() == 3
    assert len(service.store.attempts()) == 1
    service.start()
    # Back: the next attempt sends the waiting ones first, in the order they were made.
    store.record("00", "q4", "after", Feedback(True, 1.0, ""))
    assert store.pending() == 0
    stored = service.store.attempts(learner="ada")
    assert [a.question for a in stored] == ["q0", "q1", "q2", "q3", "q4"]
    assert len({a.uid for a in stored}) == 5
    # A second flush of the same rows (a lost reply) adds nothing.
    rows = [r for r in service.store.backend.select()]
    status, body = http("POST", service.url + "api/attempts", "tok-ada", {"attempts": rows})
    assert status == 200 and len(service.store.attempts()) == 5


def test_the_quiz_widget_says_when_the_service_is_down_and_when_it_is_back(
    service, as_ada, monkeypatch, no_hold_off
):
    from kit import quiz

    monkeypatch.setenv("KIT_PROGRESS_URL", service.url)
    widget = quiz.ask("example", "reach-share")
    service.stop()
    assert not widget.submit("10").correct  # graded all the same
    note = widget.feedback.note
    assert "Progress is not being saved: the class progress service at" in note
    assert "is not answering (connection refused" in note and "kept on this computer" in note
    service.start()
    assert widget.submit("60").correct
    assert "not being saved" not in widget.feedback.note
    stored = service.store.attempts(learner="ada")
    assert [(a.response, a.correct) for a in stored] == [("10", False), ("60", True)]


def test_when_the_hub_cannot_answer_the_service_says_try_again(service, monkeypatch):
    from tornado import web

    async def hub_down(*args, **kwargs):
        raise web.HTTPError(500, "Failed to connect to Hub API")

    monkeypatch.setattr(service.app.kit_hub_auth, "get_user", hub_down)
    status, body = http("GET", service.url + "api/attempts?learner=ada", "tok-ada")
    assert status == 503
    assert body["message"].startswith("the hub cannot confirm who is asking right now")


def test_the_service_url_is_found_from_the_hubs_variables(monkeypatch):
    from kit.errors import KitError
    from kit.store.http import service_url

    for name in ("KIT_HUB_SERVICE_URL", "JUPYTERHUB_API_URL", "JUPYTERHUB_PUBLIC_HUB_URL"):
        monkeypatch.delenv(name, raising=False)
    assert service_url("http://h:1/services/kit-progress") == "http://h:1/services/kit-progress/"
    with pytest.raises(KitError, match="not running under JupyterHub.*set KIT_HUB_SERVICE_URL"):
        service_url("hub")
    monkeypatch.setenv("JUPYTERHUB_PUBLIC_HUB_URL", "https://hub.example.org/jh/hub/")
    monkeypatch.setenv("JUPYTERHUB_BASE_URL", "/jh/")
    assert service_url("hub") == "https://hub.example.org/jh/services/kit-progress/"
    monkeypatch.setenv(
        "KIT_HUB_SERVICE_URL", "http://progress.internal:10101/services/kit-progress/"
    )
    assert service_url("hub") == "http://progress.internal:10101/services/kit-progress/"
    with pytest.raises(KitError, match="'ftp://x' is not a service URL"):
        service_url("ftp://x")
