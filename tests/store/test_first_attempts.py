"""ProgressStore.first_attempts: each learner's first try at each question, the same from
SQLite, PostgreSQL (picked in the database) and the hub (picked from every row)."""

from __future__ import annotations

import pytest

from kit.store import ProgressStore


@pytest.fixture(params=["sqlite", "postgresql", "hub"])
def store_url(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'class.db'}"
    if request.param == "postgresql":
        return request.getfixturevalue("pg_url")
    service = request.getfixturevalue("service")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-tess")  # an instructor of ws1
    monkeypatch.setenv("JUPYTERHUB_USER", "tess")
    return service.url, service


def row(uid, learner, question, minute, *, class_id="ws1", correct=False):
    return {
        "uid": uid,
        "class_id": class_id,
        "learner": learner,
        "bank": "b1",
        "question": question,
        "response": f'"{uid}"',
        "correct": correct,
        "score": float(correct),
        "points": 1.0,
        "time": f"2026-12-05T07:{minute:02d}:00.000+00:00",
    }


ROWS = [
    row("a2", "ada", "q1", 5, correct=True),
    # Stored after a2 but made before it (an outbox sent late): it is ada's first try.
    row("a1", "ada", "q1", 2),
    row("a3", "ada", "q2", 7, correct=True),
    row("b1", "bob", "q1", 3, correct=True),
    row("b2", "bob", "q1", 4),
    row("x1", "ada", "q1", 1, class_id="other"),  # another class
]


def test_first_attempts_are_the_same_everywhere(store_url):
    if isinstance(store_url, tuple):
        url, service = store_url
        service.store.backend.add(ROWS)  # the service's own store (learners wrote them)
    else:
        url = store_url
        ProgressStore(url).backend.add(ROWS)
    store = ProgressStore(url, class_id="ws1")
    got = sorted(
        (r["learner"], r["question"], r["response"], bool(r["correct"]))
        for r in store.first_attempts(class_id="ws1")
    )
    assert got == [
        ("ada", "q1", '"a1"', False),
        ("ada", "q2", '"a3"', True),
        ("bob", "q1", '"b1"', True),
    ]
    assert set(store.first_attempts(class_id="ws1")[0]) == {
        "learner",
        "bank",
        "question",
        "response",
        "correct",
        "time",
    }


def test_an_empty_or_missing_store_has_no_first_attempts(tmp_path):
    store = ProgressStore(tmp_path / "none.db")
    assert store.first_attempts(class_id="ws1") == []
    assert not (tmp_path / "none.db").exists()  # reading never creates the file
