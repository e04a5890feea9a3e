"""Drive a real workshop JupyterHub for the tests and the benchmark.

- :func:`start_hub` runs JupyterHub 5 with configurable-http-proxy on free loopback ports,
  configured by the committed ``deploy/jupyterhub_config.py`` (loaded as it is) plus one
  test-only admin service whose token creates users, tokens and servers through the REST
  API. State (hub database, homes, progress) lives in a temporary folder.
- :class:`Service` runs ``kit-progress`` as an external service that a test can stop and
  start again (the committed config supports that with ``KIT_HUB_SERVICE_TOKEN``).
- :class:`Kernel` executes code in a user's kernel through the Jupyter server API
  (a kernel over REST, then ``execute_request`` messages over its websocket).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PASSWORD = "workshop-test-pw"
INSTRUCTOR = "instructor"
INSTRUCTOR_PASSWORD = "instructor-" + "x" * 32
CLASS = "ws-test"


def proxy_binary() -> str | None:
    local = ROOT / ".hub" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    return shutil.which("configurable-http-proxy")


def missing() -> str:
    """Why a real hub cannot run here, or ''."""
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "jupyterhub is not installed (pip install -e '.[test]')"
    if not shutil.which("jupyterhub-singleuser", path=str(Path(sys.executable).parent)):
        return "jupyterhub-singleuser is not beside this Python"
    if proxy_binary() is None:
        return "configurable-http-proxy is missing (make hub-proxy, or npm install it)"
    return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, token: str | None = None, data=None, timeout: float = 60):
    """One request; returns (status, parsed JSON body or text). ``data``: JSON-encoded, or
    sent as it is when bytes."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    req = urllib.request.Request(
        url,
        method=method,
        data=None
        if data is None
        else data
        if isinstance(data, bytes)
        else json.dumps(data).encode(),
        headers=headers,
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, body = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    try:
        return status, json.loads(body) if body else None
    except ValueError:
        return status, body.decode("utf-8", "replace")


class Hub:
    """A running hub: ``url`` (the proxy), ``api`` (REST, as the test admin), ports, folders."""

    def __init__(self, home: Path, ports: dict, admin_token: str, service_token: str | None):
        self.home = home
        self.ports = ports
        self.url = f"http://127.0.0.1:{ports['KIT_HUB_PORT']}"
        self.hub_api = f"http://127.0.0.1:{ports['KIT_HUB_API_PORT']}/hub/api"
        self.service_url = f"{self.url}/services/kit-progress/"
        self.service_direct = f"http://127.0.0.1:{ports['KIT_HUB_SERVICE_PORT']}"
        self.admin_token = admin_token
        self.service_token = service_token
        self.log = home / "hub.log"

    def api(self, method: str, path: str, data=None, token: str | None = None):
        status, body = http(method, f"{self.url}/hub/api{path}", token or self.admin_token, data)
        if status >= 400:
            raise RuntimeError(f"{method} {path}: {status} {body}")
        return body

    def add_users(self, names: list[str]) -> None:
        existing = {u["name"] for u in self.api("GET", "/users")}
        new = [n for n in names if n not in existing]
        if new:
            self.api("POST", "/users", {"usernames": new})

    def token(self, name: str, scopes: list[str] | None = None) -> str:
        data = {"note": "kit test", "expires_in": 3600}
        if scopes is not None:
            data["scopes"] = scopes
        return self.api("POST", f"/users/{name}/tokens", data)["token"]

    def start_servers(self, names: list[str], timeout: float = 300) -> None:
        for name in names:
            status, body = http("POST", f"{self.url}/hub/api/users/{name}/server", self.admin_token)
            if status not in (201, 202, 400):  # 400: already running
                raise RuntimeError(f"could not start {name}'s server: {status} {body}")
        deadline = time.monotonic() + timeout
        waiting = set(names)
        while waiting:
            for name in sorted(waiting):
                model = self.api("GET", f"/users/{name}")
                server = model.get("servers", {}).get("")
                if server and server.get("ready"):
                    waiting.discard(name)
            if waiting and time.monotonic() > deadline:
                raise RuntimeError(f"servers not ready after {timeout} s: {sorted(waiting)}")
            time.sleep(1)


def _wait_http(url: str, timeout: float, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(
                f"process exited ({proc.returncode}); log:\n{log.read_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer in {timeout} s; see {log}") from None
        time.sleep(0.3)


@contextlib.contextmanager
def start_hub(
    home: Path,
    *,
    store_url: str | None = None,
    external_service: bool = False,
    extra_config: str = "",
) -> Iterator[Hub]:
    """Start a workshop hub in ``home`` (a fresh folder); stop it, its servers and proxy after.

    With ``external_service`` the hub does not start ``kit-progress``: use :class:`Service`.
    ``extra_config`` is appended to the test's config file (Python, ``c`` defined).
    """
    home.mkdir(parents=True, exist_ok=True)
    ports = {
        name: free_port()
        for name in (
            "KIT_HUB_PORT",
            "KIT_HUB_API_PORT",
            "KIT_HUB_PROXY_API_PORT",
            "KIT_HUB_SERVICE_PORT",
        )
    }
    admin_token = secrets.token_hex(16)
    service_token = secrets.token_hex(16) if external_service else None
    config = home / "test_config.py"
    config.write_text(
        "# The committed workshop config, as an instructor would run it...\n"
        f"load_subconfig({str(CONFIG)!r})\n"
        "# ...plus an admin service whose token the tests drive the REST API with.\n"
        "c.JupyterHub.services.append({'name': 'kit-test-admin', 'api_token': "
        f"{admin_token!r}}})\n"
        "c.JupyterHub.load_roles.append({'name': 'admin', 'services': ['kit-test-admin']})\n"
        "c.ConfigurableHTTPProxy.command = " + repr([proxy_binary()]) + "\n" + extra_config
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "KIT_"))},
        **{k: str(v) for k, v in ports.items()},
        "KIT_HUB_DIR": str(home / "state"),
        "KIT_WORKSHOP_PASSWORD": PASSWORD,
        "KIT_INSTRUCTOR": INSTRUCTOR,
        "KIT_INSTRUCTOR_PASSWORD": INSTRUCTOR_PASSWORD,
        "KIT_CLASS": CLASS,
        "PYTHONUNBUFFERED": "1",
    }
    if store_url:
        env["KIT_HUB_STORE_URL"] = store_url
    if service_token:
        env["KIT_HUB_SERVICE_TOKEN"] = service_token
    hub = Hub(home, ports, admin_token, service_token)
    jupyterhub = str(Path(sys.executable).with_name("jupyterhub"))
    with hub.log.open("w") as log:
        proc = subprocess.Popen(
            [jupyterhub, "-f", str(config)],
            env=env,
            cwd=home,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_http(f"{hub.url}/hub/api/", 120, proc, hub.log)
            yield hub
        finally:
            # SIGTERM: the hub stops every learner's server and the proxy it started.
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            # Anything left in the hub's process group (a stuck server) goes too, and the
            # proxy (its own session) if a hub that crashed left it behind.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            pid_file = home / "state" / "proxy.pid"
            with contextlib.suppress(ValueError, OSError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)


class Service:
    """``kit-progress`` run by the test as the hub's external service: stop() and start()."""

    def __init__(self, hub: Hub, store_url: str):
        self.hub, self.store_url = hub, store_url
        self.proc: subprocess.Popen | None = None
        self.log = hub.home / "service.log"

    def start(self) -> None:
        port = self.hub.ports["KIT_HUB_SERVICE_PORT"]
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "KIT_"))},
            "JUPYTERHUB_API_TOKEN": self.hub.service_token,
            "JUPYTERHUB_API_URL": self.hub.hub_api,
            "JUPYTERHUB_SERVICE_NAME": "kit-progress",
            "JUPYTERHUB_SERVICE_PREFIX": "/services/kit-progress/",
            "JUPYTERHUB_CLIENT_ID": "service-kit-progress",
            "JUPYTERHUB_OAUTH_CALLBACK_URL": "/services/kit-progress/oauth_callback",
            "JUPYTERHUB_BASE_URL": "/",
            "PYTHONUNBUFFERED": "1",
        }
        log = self.log.open("a")
        self.proc = subprocess.Popen(
            [
                sys.executable, "-m", "kit.hub.service",
                "--store", self.store_url, "--url", f"http://127.0.0.1:{port}",
            ],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        _wait_http(
            f"http://127.0.0.1:{port}/services/kit-progress/api/health", 60, self.proc, self.log
        )

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


# ---------------------------------------------------------------------- kernels


async def _execute(ws, session: str, code: str, timeout: float) -> dict:
    msg_id = uuid.uuid4().hex
    await ws.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": "kit-test",
                    "session": session,
                    "date": "",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    out = {"stdout": "", "error": None, "result": None}
    idle = replied = False
    deadline = time.monotonic() + timeout
    while not (idle and replied):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no answer from the kernel in {timeout} s to: {code[:80]}")
        raw = await asyncio.wait_for(ws.read_message(), left)
        if raw is None:
            raise ConnectionError("the kernel's websocket closed")
        if not isinstance(raw, str):
            continue  # binary frames carry widget buffers; not needed here
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out["stdout"] += content.get("text", "")
        elif kind == "execute_result":
            out["result"] = content["data"].get("text/plain")
        elif kind == "error":
            out["error"] = f"{content['ename']}: {content['evalue']}"
        elif kind == "status" and content.get("execution_state") == "idle":
            idle = True
        elif kind == "execute_reply":
            replied = True
    return out


class Kernel:
    """A kernel kept open across several steps of a test (e.g. before and after an outage)."""

    def __init__(self, hub_url: str, user: str, token: str, timeout: float = 180):
        self.base = f"{hub_url}/user/{user}"
        self.user, self.timeout = user, timeout
        self.headers = {"Authorization": f"token {token}"}
        self.ws = None
        self.kernel = None
        self.session = uuid.uuid4().hex

    async def start(self) -> Kernel:
        """Start a kernel and connect to it, once it answers.

        Ten servers on one machine starting kernels at the same moment can pick the same
        free TCP port; the kernel that loses fails to bind and its server starts it again,
        closing the websocket. JupyterLab then reconnects; so does this (up to 3 times).
        """
        from tornado.httpclient import AsyncHTTPClient

        resp = await AsyncHTTPClient().fetch(
            f"{self.base}/api/kernels",
            method="POST",
            body=json.dumps({"name": "python3"}),
            headers=self.headers,
            request_timeout=self.timeout,
        )
        self.kernel = json.loads(resp.body)["id"]
        from tornado.httpclient import HTTPClientError

        for attempt in range(4):
            try:
                await self._connect()
                await _execute(self.ws, self.session, "pass", self.timeout)
                return self
            except (ConnectionError, HTTPClientError, OSError):
                if attempt == 3:
                    raise
                if self.ws is not None:
                    self.ws.close()
                await asyncio.sleep(2)
        return self

    async def _connect(self) -> None:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = self.base.replace("http://", "ws://") + f"/api/kernels/{self.kernel}/channels"
        self.ws = await websocket_connect(
            HTTPRequest(url, headers=self.headers, request_timeout=self.timeout),
            max_message_size=64 * 1024 * 1024,
        )

    async def run(self, code: str) -> dict:
        out = await _execute(self.ws, self.session, code, self.timeout)
        if out["error"]:
            raise RuntimeError(f"{self.user}: {out['error']}\nin cell:\n{code}")
        return out

    async def stop(self) -> None:
        from tornado.httpclient import AsyncHTTPClient

        if self.ws is not None:
            self.ws.close()
        if self.kernel is not None:
            await AsyncHTTPClient().fetch(
                f"{self.base}/api/kernels/{self.kernel}",
                method="DELETE",
                headers=self.headers,
                raise_error=False,
            )
