"""Nothing a learner sends can take down the service or the class page (issue 23): bounded
bodies, fields and query arguments (4xx with a sentence, never 500), stored rows read safely,
an instructor who can delete an attempt or reset a question, and fuzzing."""

from __future__ import annotations

import json

import pytest
from hubdriver import http
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hub_service import attempt


def post(service, data, token="tok-ada"):
    return http("POST", service.url + "api/attempts", token, data)


@pytest.mark.parametrize(
    "data, words",
    [
        (
            b'{"attempts": ['
            + json.dumps(attempt()).replace('"points": 1.0', '"points": 1' + "0" * 399).encode()
            + b"]}",
            "'points' must be between",
        ),
        (b"[" * 100_000, "nests"),
        ({"attempts": [attempt(response="\ud800")]}, "not valid text"),
        ({"attempts": [attempt(response='"\\ud800"')]}, "not valid text"),
        ({"attempts": [attempt(learner="\ud800")]}, "not valid text"),
        ({"attempts": [attempt(response="[" * 40_000 + "]" * 40_000)]}, "'response'"),
        ({"attempts": [attempt(response="{not json")]}, "not valid JSON"),
        ({"attempts": [attempt(points=float("inf"))]}, "Infinity is not a number JSON allows"),
        (b'{"attempts": [], "x": NaN}', "not valid JSON"),
        (b"\xff\xfe not text", "not UTF-8"),
        ({"attempts": [attempt(uid=str(i)) for i in range(501)]}, "at most 500 attempts"),
    ],
)
def test_bad_bodies_get_4xx_with_a_sentence_and_store_nothing(service, data, words):
    if isinstance(data, dict):
        try:
            data = json.dumps(data).encode()
        except UnicodeEncodeError:
            data = json.dumps(data, ensure_ascii=True).encode()
    status, body = post(service, data)
    assert 400 <= status < 500, (status, body)
    assert words in body["message"], body
    assert service.store.attempts() == []


@pytest.mark.parametrize(
    "query",
    [
        "after_id=99999999999999999999",
        "after_id=-1",
        "after_id=1e5",
        "id=" + "9" * 400,
        "bank=" + "b" * 5000,
        "question=%ED%A0%80",  # a lone surrogate, percent-encoded
    ],
)
def test_bad_query_arguments_get_400_not_500(service, query):
    status, body = http("GET", service.url + "api/attempts?learner=ada&" + query, "tok-ada")
    assert status == 400, (status, body)
    assert isinstance(body, dict) and body["message"]


def test_a_deep_response_stored_before_cannot_break_the_class_page(service):
    row = attempt()
    row["response"] = "[" * 40_000 + "]" * 40_000  # written straight to the database
    service.store.backend.add([row])
    status, body = http("GET", service.url + "api/classes/ws1/report", "tok-tess")
    assert status == 200, body
    assert body["attempts"] == 1
    status, page = http("GET", service.url + "classes/ws1", "tok-tess")
    assert status == 200 and "Class ws1" in page


def test_an_instructor_deletes_an_attempt_or_resets_a_question_in_their_class(service):
    post(service, {"attempts": [attempt(uid="a1"), attempt(uid="a2", question="q2")]})
    post(service, {"attempts": [attempt(uid="b1", learner="bob")]}, token="tok-bob")
    [first] = [r for r in service.store.backend.select() if r["uid"] == "a1"]
    url = service.url + "api/classes/ws1/attempts"
    # learners cannot, nor can an instructor of another class, nor a login without a token
    assert http("DELETE", f"{url}?id={first['id']}", "tok-bob")[0] == 403
    assert (
        http("DELETE", service.url + f"api/classes/other/attempts?id={first['id']}", "tok-tess")[0]
        == 403
    )
    assert http("DELETE", f"{url}", "tok-tess")[0] == 400  # say which attempts
    assert http("DELETE", f"{url}?id={first['id']}", "tok-tess") == (200, {"deleted": 1})
    assert http("DELETE", f"{url}?learner=ada&question=q2", "tok-tess") == (200, {"deleted": 1})
    assert [r["uid"] for r in service.store.backend.select()] == ["b1"]
    status, body = http("GET", service.url + "api/classes/ws1/report", "tok-tess")
    assert body["attempts"] == 1


def test_a_learner_deletes_one_of_their_own_questions(service):
    post(service, {"attempts": [attempt(uid="a1"), attempt(uid="a2", question="q2")]})
    status, body = http("DELETE", service.url + "api/attempts?question=q2", "tok-ada")
    assert (status, body) == (200, {"deleted": 1})
    assert [r["uid"] for r in service.store.backend.select()] == ["a1"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_rows = st.fixed_dictionaries({k: st.one_of(st.just(v), _json) for k, v in attempt().items()})


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.one_of(_json, st.fixed_dictionaries({"attempts": st.lists(_rows, max_size=3)})))
def test_fuzzed_bodies_never_get_a_5xx_and_refused_ones_store_nothing(service, body):
    before = len(service.store.attempts())
    try:
        data = json.dumps(body).encode()
    except (UnicodeEncodeError, ValueError):
        data = json.dumps(body, ensure_ascii=True).encode()
    status, reply = post(service, data)
    assert status < 500, reply
    if status != 200:
        assert len(service.store.attempts()) == before
        assert isinstance(reply, dict) and reply["message"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(["after_id", "id", "bank", "question", "learner", "class_id"]),
    value=st.text(max_size=40) | st.integers().map(str),
)
def test_fuzzed_query_arguments_never_get_a_5xx(service, name, value):
    from urllib.parse import quote

    query = f"learner=ada&{name}={quote(value, safe='')}"
    status, reply = http("GET", service.url + "api/attempts?" + query, "tok-ada")
    assert status < 500, reply


def test_an_instructor_resets_a_learner_s_question_through_the_store(service, monkeypatch):
    from kit.quiz.questions import Feedback
    from kit.store import ProgressStore

    monkeypatch.setenv("KIT_CLASS", "ws1")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-ada")
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    for question in ("q1", "q1", "q2"):
        ProgressStore(service.url).record("00", question, "x", Feedback(False, 0.0, ""))
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-tess")
    monkeypatch.setenv("JUPYTERHUB_USER", "tess")
    store = ProgressStore(service.url)
    assert store.reset(class_id="ws1", learner="ada", question="q1") == 2
    assert [a.question for a in store.attempts(class_id="ws1")] == ["q2"]
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-bob")  # a learner cannot reset ada's
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    with pytest.raises(Exception, match="403|may"):
        ProgressStore(service.url).reset(class_id="ws1", learner="ada", question="q2")
    assert len(service.store.attempts()) == 1
