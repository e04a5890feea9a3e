"""The kit-progress service and its client, through the real HubAuth against a stand-in hub
API (see conftest.py): who may read and write what, bad input, the outbox."""

from __future__ import annotations

import json

import pytest
from hubdriver import free_port, http

from kit.errors import KitError
from kit.hub.client import HubProgressStore, ServiceDown
from kit.quiz.questions import Feedback


def attempt(**over):
    a = {
        "id": over.pop("id", "a" * 32),
        "learner": "ada",
        "bank": "00",
        "question": "q1",
        "response": "x",
        "correct": False,
        "score": 0.0,
        "points": 1.0,
        "time": "2026-12-05T07:00:00.000+00:00",
        "class_id": "ws1",
    }
    a.update(over)
    return a


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
    assert body["attempts"][0]["attempt"] == 1
    status, body = http("GET", service.url + "api/attempts?learner=ada", "tok-ada")
    assert status == 200
    assert [(a["learner"], a["question"], a["response"]) for a in body["attempts"]] == [
        ("ada", "q1", "x")
    ]


def test_another_learners_id_gets_403_for_reads_and_writes(service):
    http("POST", service.url + "api/attempts", "tok-ada", {"attempts": [attempt()]})
    status, body = http("GET", service.url + "api/attempts?learner=ada", "tok-bob")
    assert status == 403
    assert body["message"] == "bob may read only their own attempts, not ada's"
    status, body = http("GET", service.url + "api/attempts?class_id=ws1", "tok-bob")
    assert status == 403
    status, body = http(
        "POST", service.url + "api/attempts", "tok-bob", {"attempts": [attempt(id="b" * 32)]}
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
    assert body["summary"]["learners"] == 1
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


def test_the_client_implements_the_store_methods(service, tmp_path):
    ada = HubProgressStore(service.url, token="tok-ada", outbox=tmp_path / "outbox.jsonl")
    first = ada.record("00", "q1", "wrong", Feedback(False, 0.0, ""), learner="ada")
    second = ada.record("00", "q1", "right", Feedback(True, 1.0, ""), learner="ada")
    assert (first.attempt, second.attempt) == (1, 2)
    got = ada.attempts(learner="ada", bank="00", question="q1")
    assert [(a.response, a.correct) for a in got] == [("wrong", False), ("right", True)]
    assert ada.summary(learner="ada")[0]["right"] == 1
    assert "ada,00,q1,2" in ada.export(learner="ada")
    with pytest.raises(KitError, match="not ada's"):
        HubProgressStore(service.url, token="tok-bob").attempts(learner="ada")
    assert ada.reset(learner="ada") == 2
    assert ada.attempts(learner="ada") == []


def test_the_client_queues_while_the_service_is_down_and_loses_nothing(service, tmp_path):
    outbox = tmp_path / "outbox.jsonl"
    dead = f"http://127.0.0.1:{free_port()}/services/kit-progress/"
    down = HubProgressStore(dead, token="tok-ada", outbox=outbox, timeout=2)
    for i in range(3):
        with pytest.raises(ServiceDown, match="kept on this computer"):
            down.record("00", f"q{i}", i, Feedback(i == 2, float(i == 2), ""), learner="ada")
    assert down.pending() == 3
    assert service.store.attempts() == []
    up = HubProgressStore(service.url, token="tok-ada", outbox=outbox)
    up.record("00", "q9", "last", Feedback(True, 1.0, ""), learner="ada")
    assert up.pending() == 0
    stored = service.store.attempts(learner="ada")
    assert [a.question for a in stored] == ["q0", "q1", "q2", "q9"]  # queued ones first
    # Sending the same attempts again (a retry after a lost reply) stores nothing new.
    lines = [json.loads(x) for x in outbox.read_text().splitlines()] if outbox.exists() else []
    assert lines == []
