"""Shared test set-up: keep every test away from the user's real progress database."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def pytest_configure(config):
    """Kernels started by nbval for the lessons inherit this: a throwaway progress database."""
    folder = tempfile.mkdtemp(prefix="kit-test-progress-")
    os.environ["KIT_PROGRESS_DB"] = os.path.join(folder, "progress.db")
    os.environ["KIT_OUTBOX"] = os.path.join(folder, "outbox.db")
    for name in ("KIT_PROGRESS_URL", "KIT_CLASS", "JUPYTERHUB_USER"):
        os.environ.pop(name, None)
    os.environ["KIT_LEARNER"] = "nbval"
    # the lessons' claim checks raise under the tests (in a learner's kernel they only say
    # in a sentence that the learner's run differs from the text): kit/learn.py
    os.environ["KIT_CLAIMS"] = "strict"
    # the simulator's run cache: a throwaway folder of its own (the shipped pack of the
    # lessons' runs stays on, as learners have it; tests/sim/test_cache.py checks it is exact)
    os.environ["KIT_CACHE_DIR"] = os.path.join(folder, "run-cache")
    os.environ["KIT_CAPSTONE_RESULTS"] = os.path.join(folder, "capstone-results")
    for name in ("KIT_CACHE", "KIT_SHARED_CACHE", "KIT_CACHE_RECORD"):
        os.environ.pop(name, None)


@pytest.fixture(autouse=True)
def _private_progress_db(tmp_path_factory, monkeypatch):
    """Point KIT_PROGRESS_DB, KIT_OUTBOX and KIT_LEARNER at throwaway values for every test
    (and unset the class and URL settings a developer may have)."""
    folder = tmp_path_factory.mktemp("progress")
    monkeypatch.setenv("KIT_PROGRESS_DB", str(folder / "progress.db"))
    monkeypatch.setenv("KIT_OUTBOX", str(folder / "outbox.db"))
    for name in ("KIT_PROGRESS_URL", "KIT_CLASS", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KIT_LEARNER", "test-learner")


def _is_browser_test(item) -> bool:
    return (ROOT / "tests" / "browser") in Path(str(item.path)).parents


#: Tests over about 2 s, marked ``slow`` here rather than in their files (which their owners
#: were changing when the fast tier was made); ``make test-fast`` leaves them out, ``make
#: test`` runs them. Prefer ``@pytest.mark.slow`` in the file for new ones; an entry here
#: that matches no test is reported (see below), so a rename cannot hide it.
SLOW_TESTS = {
    "tests/explore/test_bench.py::test_replay_two_runs_on_a_shared_sample",
    "tests/explore/test_codes.py::test_cli_runs_a_code_and_refuses_a_bad_one_in_one_sentence",
    "tests/explore/test_codes.py::test_every_field_round_trips_exactly",
    "tests/sim/test_model.py::test_bass_limit_matches_discrete_twin_and_closed_form",
    "tests/sim/test_model.py::test_result_4_celebrity_broadcast_wins_while_most_of_the_audience_leaves",
    "tests/sim/test_model.py::test_result_1_broadcast_leads_early_relationship_overtakes",
    "tests/sim/test_model.py::test_result_1_crossover_comes_later_as_ads_work_better",
    "tests/sim/test_model.py::test_sparse_graphs_are_slower_than_bass_and_approach_it_as_degree_grows",
    "tests/sim/test_reference.py::test_bass_limit_without_word_of_mouth_is_exponential",
    "tests/sim/test_reference.py::test_bass_limit_follows_the_discrete_twin",
}


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests ``browser`` and the tests of :data:`SLOW_TESTS` ``slow``
    (``make test-fast`` leaves both out), and run the browser tests last: Playwright's sync
    API keeps an event loop running in this thread for the whole session, which would change
    how other tests' widgets schedule work."""
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
        path = Path(str(item.path))
        file = path.relative_to(ROOT).as_posix() if ROOT in path.parents else ""
        if f"{file}::{getattr(item, 'originalname', item.name)}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
    stale = []
    for key in sorted(SLOW_TESTS):
        file, name = key.split("::")
        source = ROOT / file
        if not source.is_file() or f"def {name}(" not in source.read_text(encoding="utf-8"):
            stale.append(key)
    if stale:
        raise pytest.UsageError(f"tests/conftest.py SLOW_TESTS names no test: {', '.join(stale)}")
    items.sort(key=_is_browser_test)


# --- A real PostgreSQL server (tests/pgserver.py) --------------------------------------------
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _pgserver():
    import importlib.util
    import sys

    if "pgserver" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "pgserver", Path(__file__).with_name("pgserver.py")
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["pgserver"] = module
        spec.loader.exec_module(module)
    return sys.modules["pgserver"]


@pytest.fixture(scope="session")
def pg_server():
    """One private PostgreSQL server for the session (skips without PostgreSQL; fails under
    CI=true, where .ci/run installs it)."""
    pgserver = _pgserver()
    reason = pgserver.missing()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true and PostgreSQL tests cannot run: {reason}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    # Not under pytest's tmp folders: as root, the server runs as 'postgres', which must be
    # able to reach its folder.
    folder = Path(tempfile.mkdtemp(prefix="kit-pg-"))
    try:
        with pgserver.PgServer.started(folder) as server:
            yield server
    except RuntimeError as exc:
        pytest.fail(f"could not start PostgreSQL: {exc}", pytrace=False)


@pytest.fixture
def pg_url(pg_server, request):
    """A fresh, empty database on the session's server; its URL (dropped after the test)."""
    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50]
    name += f"_{os.getpid()}"
    pg_server.drop_database(name)
    url = pg_server.create_database(name)
    yield url
    pg_server.drop_database(name)
