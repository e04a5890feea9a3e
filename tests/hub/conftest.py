"""Shared set-up for the hub tests.

Tests marked ``hub`` need a real JupyterHub with configurable-http-proxy (see
``hubdriver.missing``): without one they skip locally and fail under ``CI=true``.

The ``service`` fixture runs the real ``kit-progress`` app against a small stand-in for the
hub's ``/hub/api/user`` (the one call :class:`jupyterhub.services.auth.HubAuth` makes), so
the access rules are checked fast, through the real HubAuth code, without a hub.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from pathlib import Path

import pytest
from tornado.httpserver import HTTPServer

sys.path.insert(0, str(Path(__file__).parent))
import hubdriver  # noqa: E402

ACCESS = "access:services!service=kit-progress"


def pytest_collection_modifyitems(config, items):
    reason = hubdriver.missing()
    if not reason or hubdriver.IN_CI:
        return
    for item in items:
        if item.get_closest_marker("hub"):
            item.add_marker(pytest.mark.skip(reason=f"real-hub tests skipped: {reason}"))


@pytest.fixture(autouse=True)
def _hub_available(request):
    if request.node.get_closest_marker("hub"):
        reason = hubdriver.missing()
        if reason and hubdriver.IN_CI:
            pytest.fail(f"CI=true and the real-hub tests cannot run: {reason}", pytrace=False)


#: token -> the user model the stand-in hub returns for it.
USERS = {
    "tok-ada": {"kind": "user", "name": "ada", "groups": [], "scopes": [ACCESS]},
    "tok-bob": {"kind": "user", "name": "bob", "groups": [], "scopes": [ACCESS]},
    "tok-tess": {
        "kind": "user",
        "name": "tess",
        "groups": ["instructors", "class-ws1"],
        "scopes": [ACCESS],
    },
    "tok-noscope": {"kind": "user", "name": "eve", "groups": [], "scopes": ["read:users:name"]},
}


class Running:
    """The running service: ``url``, ``store``; ``stop()`` and ``start()`` its listener."""

    def __init__(self, url: str, store, loop, box):
        self.url, self.store, self.loop, self._box = url, store, loop, box

    @property
    def app(self):
        return self._box["app"]

    def _call(self, fn):
        done = threading.Event()

        def run():
            fn()
            done.set()

        self.loop.call_soon_threadsafe(run)
        assert done.wait(10)

    def stop(self):
        """Stop answering (the port is closed), as a stopped service would."""
        self._call(lambda: self._box["server"].stop())

    def start(self):
        """Answer again on the same address."""

        def listen():
            self._box["server"] = HTTPServer(self._box["app"])
            self._box["server"].listen(self._box["port"], "127.0.0.1")

        self._call(listen)


@pytest.fixture
def service(tmp_path):
    """The kit-progress app on a SQLite store, with a stand-in hub API; yields ``Running``."""
    from jupyterhub.services.auth import HubOAuth
    from tornado import web

    from kit.hub.service import make_app
    from kit.store import ProgressStore

    class WhoAmI(web.RequestHandler):
        def get(self):
            token = self.request.headers.get("Authorization", "").partition(" ")[2]
            if token not in USERS:
                self.set_status(403)
                self.finish(json.dumps({"status": 403, "message": "bad token"}))
                return
            self.finish(json.dumps(USERS[token]))

    hub_port, port = hubdriver.free_port(), hubdriver.free_port()
    store = ProgressStore(tmp_path / "class.db")
    ready = threading.Event()
    box = {}

    def serve():
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        box["loop"] = loop

        async def start():
            HTTPServer(web.Application([(r"/hub/api/user", WhoAmI)])).listen(hub_port, "127.0.0.1")
            auth = HubOAuth(
                api_url=f"http://127.0.0.1:{hub_port}/hub/api",
                api_token="service-token",
                cache_max_age=0,
                access_scopes={ACCESS},
            )
            app = make_app(store, prefix="/services/kit-progress/", hub_auth=auth)
            box.update(app=app, port=port, server=HTTPServer(app))
            box["server"].listen(port, "127.0.0.1")
            ready.set()

        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(30)
    yield Running(f"http://127.0.0.1:{port}/services/kit-progress/", store, box["loop"], box)
    box["loop"].call_soon_threadsafe(box["loop"].stop)
    thread.join(10)
