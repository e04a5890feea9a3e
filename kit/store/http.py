"""The HTTP backend the quiz uses under JupyterHub: attempts go to the ``kit-progress`` service.

``KIT_PROGRESS_URL=hub`` (or the service's ``http(s)://`` URL) makes
:class:`kit.store.ProgressStore` send attempts through the hub's ``kit-progress``
service (:mod:`kit.hub.service`) instead of writing a file, with the token of the learner's
own server (``JUPYTERHUB_API_TOKEN``); the hub config sets that variable, nothing else to
configure. This module registers the ``hub``, ``http`` and ``https`` schemes.

:class:`HubBackend` has the methods of :class:`kit.store.base.Backend` (``add``, ``select``,
``delete``, ``describe``, ``close``) over HTTP. When the service does not
answer, it raises a transient :class:`~kit.store.base.StoreError`: ``ProgressStore`` then
keeps the attempt in its local outbox, the quiz says so in one sentence, and the outbox is
sent when the service is back. Each row carries a ``uid`` made in the kernel, so a row sent
twice is stored once: nothing is lost and nothing doubles.

Examples
--------
>>> backend = open_backend("http://127.0.0.1:9/services/kit-progress")
>>> backend.url
'http://127.0.0.1:9/services/kit-progress/'
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Unpack

from kit.errors import KitError
from kit.store.base import (
    DELETE_FILTERS,
    ENV_URL,
    SELECT_FILTERS,
    Filters,
    StoreError,
    hub_user,
    only_filters,
    register_scheme,
)

__all__ = ["HubBackend", "open_backend", "service_url", "SERVICE_NAME"]

ENV_SERVICE_URL = "KIT_HUB_SERVICE_URL"
#: The service's name in ``c.JupyterHub.services``; its URL prefix is ``/services/kit-progress/``.
SERVICE_NAME = "kit-progress"


def _hub_get(path: str, token: str, timeout: float) -> Any:
    api = os.environ.get("JUPYTERHUB_API_URL", "").rstrip("/")
    req = urllib.request.Request(f"{api}/{path}", headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())


def service_url(value: str | None = None, *, token: str | None = None, timeout: float = 5) -> str:
    """The URL of the ``kit-progress`` service, ending in ``/``.

    ``value`` is an ``http(s)://`` URL (used as it is) or ``"hub"`` (default
    ``$KIT_PROGRESS_URL``). For ``"hub"``: ``$KIT_HUB_SERVICE_URL`` if set, else the
    service's address as the hub tells it (``$JUPYTERHUB_API_URL/services/kit-progress``,
    which the server's token may read when the hub config grants
    ``read:services!service=kit-progress``), else the hub's public URL plus
    ``services/kit-progress/``.

    Raises
    ------
    kit.errors.KitError
        When no URL can be found, saying which variable to set.
    """
    value = (value or os.environ.get(ENV_URL, "") or "hub").strip()
    if value.startswith(("http://", "https://")):
        return value if value.endswith("/") else value + "/"
    if value != "hub":
        raise KitError(f"{value!r} is not a service URL; use 'hub' or an http(s):// URL")
    env = os.environ.get(ENV_SERVICE_URL, "").strip()
    if env:
        return service_url(env)
    token = token or os.environ.get("JUPYTERHUB_API_TOKEN", "")
    why = "JUPYTERHUB_API_URL is not set (not running under JupyterHub?)"
    if os.environ.get("JUPYTERHUB_API_URL") and token:
        try:
            model = _hub_get(f"services/{SERVICE_NAME}", token, timeout)
            if model.get("url") and model.get("prefix"):
                return model["url"].rstrip("/") + "/" + model["prefix"].lstrip("/")
            why = "the hub did not show the service's address to this server's token"
        except (OSError, ValueError) as exc:
            why = f"the hub did not tell the service's address ({exc})"
    public = os.environ.get("JUPYTERHUB_PUBLIC_HUB_URL", "").strip()
    if public:
        parts = urllib.parse.urlsplit(public)
        base = os.environ.get("JUPYTERHUB_BASE_URL", "/") or "/"
        return f"{parts.scheme}://{parts.netloc}{base.rstrip('/')}/services/{SERVICE_NAME}/"
    raise KitError(
        f"cannot find the {SERVICE_NAME} service: {why}; set {ENV_SERVICE_URL} to its URL, "
        f"e.g. http://127.0.0.1:8000/services/{SERVICE_NAME}/"
    )


class HubBackend:
    """Attempt rows through the ``kit-progress`` service (the progress backends' methods).

    Parameters
    ----------
    url : str
        The service's URL, or ``"hub"`` to find it (see :func:`service_url`) on first use.
    token : str, optional
        A hub API token; default ``$JUPYTERHUB_API_TOKEN`` (the learner's server's token).
    timeout : float
        Seconds to wait for the service per request.
    """

    def __init__(self, url: str = "hub", *, token: str | None = None, timeout: float = 10.0):
        self._url = service_url(url) if url and url != "hub" else None
        self.token = token or os.environ.get("JUPYTERHUB_API_TOKEN", "")
        self.timeout = timeout

    @property
    def url(self) -> str:
        if self._url is None:
            try:
                self._url = service_url("hub", token=self.token, timeout=self.timeout)
            except KitError as exc:
                raise StoreError(str(exc)) from None
        return self._url

    def __repr__(self) -> str:
        return f"HubBackend({self._url or 'hub'!r})"

    def describe(self) -> str:
        return f"the class progress service at {self._url or 'the hub'}"

    def close(self) -> None:
        pass

    def _request(self, method: str, path: str, query=None, body=None) -> Any:
        url = self.url + path
        query = {k: v for k, v in (query or {}).items() if v is not None}
        if query:
            url += "?" + urllib.parse.urlencode(query)
        req = urllib.request.Request(
            url,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={
                "Authorization": f"token {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read()).get("message") or exc.reason
            except (ValueError, AttributeError, OSError):
                message = exc.reason
            if exc.code in (502, 503, 504):  # the proxy found no service, or its store is down
                raise StoreError(
                    f"the class progress service is not available ({message})", transient=True
                ) from None
            # 400/403/422 on a write: these rows as such are turned down (another learner's
            # name, a malformed row); 401 and the rest are about the token or the set-up.
            raise StoreError(
                f"the class progress service refused this: {message}",
                refused=method == "POST" and exc.code in (400, 403, 422),
            ) from None
        except (OSError, ValueError) as exc:
            raise StoreError(
                f"the class progress service at {self.url} is not answering ({_why(exc)})",
                transient=True,
            ) from None

    def add(self, rows: list[dict]) -> list[int]:
        """Store rows (idempotent by ``uid``); return their attempt numbers."""
        numbers: list[int] = []
        for start in range(0, len(rows), BATCH):
            got = self._request(
                "POST", "api/attempts", body={"attempts": rows[start : start + BATCH]}
            )
            numbers += [int(n) for n in got["numbers"]]
        return numbers

    def select(self, **filters: Unpack[Filters]) -> list[dict]:
        """Rows the token may read, oldest first (a learner: their own; an instructor:
        anyone's in their classes, with ``class_id``)."""
        query = only_filters(filters, SELECT_FILTERS)
        if "learner" not in query and "class_id" not in query and hub_user():
            # A learner's kernel asking for "everything" means its own attempts.
            query["learner"] = hub_user()
        return self._request("GET", "api/attempts", query=query)["attempts"]

    def delete(self, **filters: Unpack[Filters]) -> int:
        """Delete the caller's own attempts (all, or one bank's / class's / question's / one);
        with ``class_id`` and another learner or an ``id``, an instructor's deletion in a class
        they teach (the service checks it)."""
        query = only_filters(filters, DELETE_FILTERS)
        me = hub_user()
        class_id = query.get("class_id")
        if class_id and (query.get("learner") not in (None, me) or "id" in query):
            path = f"api/classes/{urllib.parse.quote(class_id, safe='')}/attempts"
            query.pop("class_id")
            return int(self._request("DELETE", path, query=query)["deleted"])
        learner = query.pop("learner", None) or me
        if learner:
            query["learner"] = learner
        return int(self._request("DELETE", "api/attempts", query=query)["deleted"])

    def report(self, class_id: str) -> dict:
        """A class's numbers (for its instructors), as :func:`kit.classroom.class_report`."""
        return self._request("GET", f"api/classes/{urllib.parse.quote(class_id)}/report")

    def whoami(self) -> dict:
        """The service's view of this token: name, instructor, classes."""
        return self._request("GET", "api/me")


def _why(exc: BaseException) -> str:
    """A few plain words for a failed connection."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused: it is stopped or restarting"
    if isinstance(reason, TimeoutError):
        return "no answer in time"
    return str(reason)


#: Rows per POST (the service takes at most 500).
BATCH = 200


def open_backend(target: str = "hub", **kwargs) -> HubBackend:
    """The backend for ``KIT_PROGRESS_URL=hub`` or the service's ``http(s)://`` URL."""
    return HubBackend(target, **kwargs)


def wait_until_up(url: str, timeout: float = 30.0) -> bool:
    """Poll the service's health route until it answers (for scripts and tests)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/api/health", timeout=2) as resp:
                if resp.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


register_scheme(
    ["http", "https"],
    "hub",
    open_backend,
    words=["hub"],
    example="hub, or the hub's https:// address",
)
