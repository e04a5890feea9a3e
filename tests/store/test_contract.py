"""The backend contract (:class:`kit.store.base.Backend`), one suite over every backend: SQLite,
PostgreSQL (tests/pgserver.py; skipped without it, failed under CI=true) and the hub's HTTP
backend against the real kit-progress service in this process (tests/hub/conftest.py).

Every row is ada's, in her own kernel under the hub, so the hub's access rules allow each call.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from kit.store import (
    DELETE_FILTERS,
    ROW_KEYS,
    SELECT_FILTERS,
    Backend,
    hide_password,
    open_backend,
)


@pytest.fixture(params=["sqlite", "postgresql", "hub"])
def backend(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'class.db'}"
    elif request.param == "postgresql":
        url = request.getfixturevalue("pg_url")
    else:
        service = request.getfixturevalue("service")
        monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-ada")
        monkeypatch.setenv("JUPYTERHUB_USER", "ada")
        url = service.url
    opened = open_backend(url)
    yield opened
    opened.close()


def row(uid: str, *, question="q1", bank="b1", class_id="ws1", minute=0, correct=False):
    return {
        "uid": uid,
        "class_id": class_id,
        "learner": "ada",
        "bank": bank,
        "question": question,
        "response": f'"{uid}"',
        "correct": correct,
        "score": 1.0 if correct else 0.0,
        "points": 1.0,
        "time": f"2026-12-05T07:{minute:02d}:00.000+00:00",
    }


def test_every_backend_meets_the_protocol(backend):
    assert isinstance(backend, Backend)
    where = backend.describe()
    assert isinstance(where, str) and hide_password(where) == where  # no password shown
    assert backend.select(learner="ada") == []


def test_add_numbers_attempts_per_question_and_class_and_skips_a_resent_uid(backend):
    rows = [
        row("u1", minute=1),
        row("u2", minute=2, correct=True),
        row("u3", question="q2", minute=3),
        row("u4", class_id="ws2", minute=4),
    ]
    assert backend.add(rows) == [1, 2, 1, 1]
    assert backend.add([rows[1]]) == [2]  # resent after a lost reply: stored once
    assert backend.add([]) == []
    got = backend.select(learner="ada")
    assert [r["uid"] for r in got] == ["u1", "u2", "u3", "u4"]


def test_select_returns_rows_oldest_first_with_every_filter(backend):
    backend.add(
        [
            row("late", minute=9),
            row("early", minute=1, correct=True),
            row("other-bank", bank="b2", minute=5),
            row("other-class", class_id="ws2", minute=6),
            row("other-question", question="q2", minute=7),
        ]
    )
    every = backend.select(learner="ada")
    assert [r["uid"] for r in every] == [
        "early",
        "other-bank",
        "other-class",
        "other-question",
        "late",
    ]
    first = every[0]
    assert set(first) == {"id", *ROW_KEYS}
    assert first["correct"] is True and every[-1]["correct"] is False
    assert (first["score"], first["points"], first["response"]) == (1.0, 1.0, '"early"')
    uids = lambda **f: [r["uid"] for r in backend.select(learner="ada", **f)]  # noqa: E731
    assert uids(bank="b2") == ["other-bank"]
    assert uids(class_id="ws2") == ["other-class"]
    assert uids(question="q2") == ["other-question"]
    assert uids(bank="b1", question="q1", class_id="ws1") == ["early", "late"]
    newest = max(r["id"] for r in every)
    assert uids(after_id=newest) == []
    assert sorted(uids(after_id=min(r["id"] for r in every))) == sorted(
        r["uid"] for r in every if r["id"] != min(x["id"] for x in every)
    )


def test_delete_takes_the_delete_filters_and_says_how_many(backend):
    backend.add([row("a", minute=1), row("b", bank="b2", minute=2), row("c", minute=3)])
    assert backend.delete(learner="ada", bank="b1") == 2
    assert [r["uid"] for r in backend.select(learner="ada")] == ["b"]
    assert backend.delete(learner="ada", class_id="nope") == 0
    assert backend.delete(learner="ada") == 1


def test_a_filter_outside_the_contract_is_a_type_error(backend):
    with pytest.raises(TypeError, match="unknown filter 'name'"):
        backend.select(name="ada")
    with pytest.raises(TypeError, match="unknown filter 'after_id'"):
        backend.delete(learner="ada", after_id=1)
    assert SELECT_FILTERS == ("class_id", "learner", "bank", "question", "id", "after_id")
    assert DELETE_FILTERS == ("class_id", "learner", "bank", "question", "id")


def test_one_attempt_or_one_question_can_be_deleted(backend):
    backend.add([row("a", minute=1), row("b", question="q2", minute=2), row("c", minute=3)])
    first = backend.select(learner="ada", question="q1")[0]
    assert [r["uid"] for r in backend.select(id=first["id"])] == ["a"]
    assert backend.delete(learner="ada", id=first["id"]) == 1
    assert backend.delete(learner="ada", question="q2") == 1
    assert [r["uid"] for r in backend.select(learner="ada")] == ["c"]


def test_closing_lets_go_and_the_next_call_opens_again(backend):
    backend.add([row("u1")])
    backend.close()
    assert [r["uid"] for r in backend.select(learner="ada")] == ["u1"]


def test_import_kit_store_loads_no_questions_widgets_or_hub():
    code = (
        "import sys, kit.store\n"
        "print(sorted(m for m in sys.modules if m.startswith(('kit.quiz', 'kit.hub', "
        "'kit.classroom', 'psycopg', 'numpy', 'ipywidgets'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
