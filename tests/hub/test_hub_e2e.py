"""A class of ten on a real hub: JupyterHub 5, configurable-http-proxy, the committed
workshop config, kit-progress writing to a real PostgreSQL server.

Ten learners are created and given tokens through the hub's REST API, their servers are
started, and lesson 00's own quiz cells run in each learner's kernel through the Jupyter
server API (kernels over REST, code over the kernel's websocket). Then: every attempt is in
the database, the instructor's dashboard data shows all ten, a learner cannot read another's
attempts, unauthenticated requests are refused, and stopping and restarting the service in
the middle of the class loses nothing.

Skips without JupyterHub, the proxy or PostgreSQL; fails under CI=true. About 2-4 minutes.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from hubdriver import INSTRUCTOR, Kernel, Service, http, start_hub

from kit.store.progress import HOLD_OFF_SECONDS

pytestmark = [pytest.mark.hub, pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
LEARNERS = [f"learner{i:02d}" for i in range(10)]
CLASS = "ws-test"


def lesson_cells() -> tuple[str, str]:
    """Lesson 00's imports cell and its first quiz cell, as the learner runs them."""
    nb = json.loads((ROOT / "lessons" / "00-welcome.ipynb").read_text())
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    imports = next(c for c in code if c.startswith("from kit import"))
    quiz = next(c for c in code if c.startswith('quiz.ask("00", "where-graded")'))
    return imports, quiz


# Answer the widget the lesson cell just showed (``_``): first a wrong option, then the
# right one, exactly as the Submit button does; print what the learner would see.
ANSWER = """
import json as _json
_w = {widget}
_q = _w.question
_pick = [l for l in _q.labels() if _q.grade(l).correct == {right}][0]
_fb = _w.submit(_pick)
print(_json.dumps({{"correct": _fb.correct, "note": _w.store_error,
                   "pending": _w.store.pending() if _w.store else None}}))
"""


def answer(widget: str, right: bool) -> str:
    return ANSWER.format(widget=widget, right=right)


def result(out: dict) -> dict:
    return json.loads(out["stdout"].strip().splitlines()[-1])


@pytest.fixture
def class_db(pg_server):
    pg_server.drop_database("hub_e2e")
    url = pg_server.create_database("hub_e2e")
    yield pg_server, url
    pg_server.drop_database("hub_e2e")


def test_a_class_of_ten_on_a_real_hub(tmp_path, class_db):
    pg, store_url = class_db
    imports, quiz_cell = lesson_cells()
    with start_hub(tmp_path / "hub", store_url=store_url, external_service=True) as hub:
        service = Service(hub, store_url)
        service.start()
        kernels: dict[str, Kernel] = {}
        loop = asyncio.new_event_loop()

        def run(*coros):
            """Run coroutines side by side (one per learner) and return their results."""

            async def together():
                return await asyncio.gather(*coros)

            return loop.run_until_complete(together())

        try:
            hub.add_users(LEARNERS)
            tokens = {name: hub.token(name) for name in LEARNERS}
            instructor = hub.token(INSTRUCTOR)
            hub.start_servers(LEARNERS + [INSTRUCTOR])

            async def first_question(name):
                k = kernels[name] = await Kernel(hub.url, name, tokens[name]).start()
                await k.run(imports)
                await k.run(quiz_cell)
                await k.run("w1 = _")
                wrong = result(await k.run(answer("w1", right=False)))
                right = result(await k.run(answer("w1", right=True)))
                return wrong, right

            seen = run(*(first_question(n) for n in LEARNERS))
            for wrong, right in seen:
                assert (wrong["correct"], right["correct"]) == (False, True)
                assert wrong["note"] == right["note"] == ""  # saved, no message
                assert right["pending"] == 0

            # 1. Every learner's two attempts are in the class database (counted in SQL).
            rows = pg.sql(
                "SELECT learner, count(*), count(DISTINCT uid) FROM attempts "
                "WHERE class_id = %s GROUP BY learner ORDER BY learner",
                "hub_e2e",
                (CLASS,),
            )
            assert rows == [(name, 2, 2) for name in LEARNERS]

            # 2. The instructor's dashboard data, through the service with their token.
            status, report = http("GET", f"{hub.service_url}api/classes/{CLASS}/report", instructor)
            assert status == 200, report
            assert report["learners"] == 10
            assert [r["learner"] for r in report["per_learner"]] == LEARNERS
            [q] = report["questions"]
            assert (q["tried"], q["right_first_try"], q["right"]) == (10, 0, 10)
            status, body = http(
                "GET", f"{hub.service_url}api/attempts?class_id={CLASS}", instructor
            )
            assert {a["learner"] for a in body["attempts"]} == set(LEARNERS)
            # ...and the notebook dashboard in the instructor's own kernel (their server's
            # token, KIT_PROGRESS_URL=hub as every server on this hub has).
            kernels[INSTRUCTOR] = run(Kernel(hub.url, INSTRUCTOR, instructor).start())[0]
            [out] = run(
                kernels[INSTRUCTOR].run(
                    "from kit import quiz\n"
                    f"d = quiz.dashboard(class_id={CLASS!r})\n"
                    "q = d.stats['questions'][0]\n"
                    "print(d.stats['learners'], q['tried'], q['right'], repr(d.status))"
                )
            )
            assert out["stdout"].split() == ["10", "10", "10", "''"], out

            # 3. A learner cannot read another's attempts: not with a token made for them,
            #    and not from their own kernel (their server's token).
            status, body = http(
                "GET", f"{hub.service_url}api/attempts?learner=learner01", tokens["learner00"]
            )
            assert status == 403
            assert body["message"] == (
                "learner00 may read only their own attempts, not learner01's"
            )
            [out] = run(
                kernels["learner00"].run(
                    "from kit.store import ProgressStore\n"
                    "try:\n    ProgressStore().attempts(learner='learner01')\n"
                    "except Exception as e:\n    print(type(e).__name__, e)"
                )
            )
            assert "StoreError" in out["stdout"] and "not learner01's" in out["stdout"]
            status, body = http(
                "GET", f"{hub.service_url}api/classes/{CLASS}/report", tokens["learner00"]
            )
            assert status == 403

            # 4. Refused without a token, with a bad token, and with a token lacking the
            #    service's access scope.
            for token in (None, "not-a-token"):
                status, body = http("GET", f"{hub.service_url}api/attempts", token)
                assert status == 401, body
            narrow = hub.token("learner00", scopes=["read:users:name!user"])
            status, body = http("GET", f"{hub.service_url}api/attempts?learner=learner00", narrow)
            assert status == 403
            assert "access:services!service=kit-progress" in body["message"]

            # 4b. Hostile and fuzzed bodies through the real hub and proxy: the four that
            #     once gave 500s get 4xx with a sentence; seeded mutations never get a 5xx,
            #     and only the ones that are valid rows are stored (issue 23).
            before = pg.sql("SELECT count(*) FROM attempts", "hub_e2e")[0][0]
            accepted = []
            for i, body in enumerate(hostile_bodies("learner00", seed=23)):
                status, reply = http(
                    "POST", f"{hub.service_url}api/attempts", tokens["learner00"], body
                )
                assert status < 500, (status, reply, body[:200])
                if i < 4 or status != 200:
                    assert 400 <= status < 500 and reply.get("message"), (status, reply)
                else:  # a mutation that left a valid row: stored, removed again below
                    accepted.append(json.loads(body)["attempts"][0]["uid"])
            status, _ = http(
                "GET",
                f"{hub.service_url}api/attempts?learner=learner00&after_id=" + "9" * 20,
                tokens["learner00"],
            )
            assert status == 400
            after = pg.sql("SELECT count(*) FROM attempts", "hub_e2e")[0][0]
            assert after == before + len(accepted)
            pg.sql("DELETE FROM attempts WHERE uid = ANY(%s)", "hub_e2e", (accepted,))

            # 5. The service stops in the middle of the class: five learners answer anyway
            #    (kept in their outbox, with a message), it comes back, they go on; nothing
            #    is lost and nothing doubles.
            service.stop()
            late = LEARNERS[:5]

            async def during_outage(name):
                k = kernels[name]
                await k.run('w2 = quiz.ask("00", "same-seed")')
                return result(await k.run(answer("w2", right=False)))

            async def after_outage(name):
                return result(await kernels[name].run(answer("w2", right=True)))

            down = run(*(during_outage(n) for n in late))
            for r in down:
                assert r["pending"] == 1
                assert "kept on this computer" in r["note"], r
            service.start()
            # A store that just failed queues answers without trying for a few seconds;
            # the learners' next answers come after that.
            time.sleep(HOLD_OFF_SECONDS + 1)
            back = run(*(after_outage(n) for n in late))
            assert all(r["correct"] and r["pending"] == 0 for r in back)
            assert all(r["note"] == "" for r in back), back  # no stale "not being saved"
            rows = pg.sql(
                "SELECT learner, question, count(*), count(DISTINCT uid) FROM attempts "
                "WHERE class_id = %s GROUP BY learner, question",
                "hub_e2e",
                (CLASS,),
            )
            counts = {(r[0], r[1]): (r[2], r[3]) for r in rows}
            assert counts == {
                **{(n, "where-graded"): (2, 2) for n in LEARNERS},
                **{(n, "same-seed"): (2, 2) for n in late},
            }
            status, report = http("GET", f"{hub.service_url}api/classes/{CLASS}/report", instructor)
            assert report["attempts"] == 30
        finally:
            run(*(k.stop() for k in kernels.values()))
            loop.close()
            service.stop()


def hostile_bodies(learner: str, seed: int) -> list[bytes]:
    """The request bodies that once gave 500s, and seeded random mutations of a good one."""
    import json
    import random

    good = {
        "uid": "f" * 32, "class_id": CLASS, "learner": learner, "bank": "00",
        "question": "q", "response": '"x"', "correct": False, "score": 0.0,
        "points": 1.0, "time": "2026-12-05T07:00:00.000+00:00",
    }  # fmt: skip
    bodies = [
        json.dumps({"attempts": [good]}).replace('"points": 1.0', '"points": 1' + "0" * 399),
        "[" * 100_000,
        json.dumps({"attempts": [{**good, "response": "\ud800"}]}),
        json.dumps({"attempts": [{**good, "response": "[" * 40_000 + "]" * 40_000}]}),
    ]
    rng = random.Random(seed)
    junk = [None, True, -1, 10**30, 1e308, "", "\ud800", "x" * 300, [], {}, [[[]]], "nan"]
    for _ in range(20):
        row = dict(good, uid=f"{rng.getrandbits(128):032x}")
        for key in rng.sample(sorted(row), k=rng.randint(1, 3)):
            row[key] = rng.choice(junk)
        bodies.append(json.dumps({"attempts": [row]}))
    return [b.encode() for b in bodies]


def test_the_hub_starts_a_killed_service_again_and_the_class_goes_on(tmp_path):
    """As `make hub` runs it (started by the hub, SQLite): the service is killed; the hub
    notices and starts it again; attempts sent meanwhile wait and then arrive."""
    import os
    import signal

    from kit.store import StoreError
    from kit.store.http import HubBackend

    with start_hub(tmp_path / "hub") as hub:
        hub.add_users(["ada"])
        backend = HubBackend(hub.service_url, token=hub.token("ada"), timeout=5)
        row = {
            "uid": "u" * 32, "class_id": CLASS, "learner": "ada", "bank": "00",
            "question": "q", "response": '"x"', "correct": False, "score": 0.0,
            "points": 1.0, "time": "2026-12-05T07:00:00.000+00:00",
        }  # fmt: skip
        assert backend.add([row]) == [1]
        pid = hub.api("GET", "/services/kit-progress")["pid"]
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 120
        down_seen = False
        while True:
            try:
                numbers = backend.add([{**row, "uid": "v" * 32}])
                break
            except StoreError as exc:
                assert exc.transient, exc
                down_seen = True
            assert time.monotonic() < deadline, "the hub did not start the service again"
            time.sleep(1)
        assert down_seen and numbers == [2]
        assert hub.api("GET", "/services/kit-progress")["pid"] != pid
        assert [r["uid"] for r in backend.select(learner="ada")] == ["u" * 32, "v" * 32]
