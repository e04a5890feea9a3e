"""The ``kit-progress`` JupyterHub service: quiz attempts over HTTP, into one shared store.

Learners' kernels send their attempts here with the hub's own token of their server
(``JUPYTERHUB_API_TOKEN``); the service asks the hub who the token belongs to
(:class:`jupyterhub.services.auth.HubOAuth`), checks the scope
``access:services!service=kit-progress`` and the rules of :mod:`kit.hub.access`, and writes
to one progress store (PostgreSQL, or SQLite for a small hub). Learners never hold database
credentials.

Routes, under the service prefix (``/services/kit-progress/``):

=============================================  ===============================================
``GET  api/health``                            ``{"ok": true}``; no login needed (for probes)
``GET  api/me``                                who the token is: name, instructor, classes
``POST api/attempts``                          ``{"attempts": [...]}``: store the caller's own
                                               attempts; resending an ``id`` is harmless
``GET  api/attempts?learner=&class_id=&...``   attempts the caller may read (see access rules)
``DELETE api/attempts?learner=&bank=``         delete the caller's own attempts (also
                                               ``question=``, ``id=``)
``DELETE api/classes/<id>/attempts?learner=``  an instructor of the class deletes one attempt
                                               (``id=``) or resets a learner's question
``GET  api/classes/<class_id>/report``         a class's numbers (instructors of the class)
``GET  .`` and ``classes/<class_id>``          the same in a page for a browser (hub login)
=============================================  ===============================================

Writes need a token in the ``Authorization`` header (a browser's hub login cookie only
reads), so a page elsewhere cannot post attempts in a learner's name.

Run by the hub (see ``deploy/jupyterhub_config.py``) as
``python -m kit.hub.service --store postgresql://...`` (or ``sqlite:///path``).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import logging
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlparse

from jupyterhub.services.auth import (
    HubOAuth,
    HubOAuthCallbackHandler,
    HubOAuthenticated,
    UserNotAllowed,
)
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.httpserver import HTTPServer

from kit.classroom.stats import class_report
from kit.errors import KitError
from kit.hub import SERVICE_NAME, access
from kit.hub.pages import gain_html, items_html
from kit.hub.wire import WireError, check_row
from kit.limits import MAX_INT, InputError, check_int, check_text, load_json
from kit.store import ProgressStore, parse_url

log = logging.getLogger("kit.hub.service")

__all__ = ["make_app", "main"]

#: Attempts accepted in one POST (an outbox flushing after a long outage sends batches).
MAX_BATCH = 500
#: Largest request body read (500 attempts of ordinary size fit in well under this).
MAX_BODY = 4_000_000


class _Handler(HubOAuthenticated, web.RequestHandler):
    """Common ground: the hub user in ``self.user``, errors as JSON with one sentence."""

    api = True  # JSON errors and no login redirect; the HTML pages set False

    def initialize(self, store, pool, hub_auth):
        self.store = store  # a ProgressStore; the service uses its backend directly
        self.pool = pool
        self.hub_auth = hub_auth
        self.user: dict | None = None
        self._not_allowed: dict | None = None

    def check_hub_user(self, model):
        try:
            return super().check_hub_user(model)
        except UserNotAllowed:
            self._not_allowed = model
            raise

    async def prepare(self):
        # The async form of get_current_user: asking the hub must not block other requests.
        try:
            model = await self.hub_auth.get_user(self, sync=False)
        except web.HTTPError as exc:
            if exc.status_code < 500:
                raise
            # The hub itself is down or restarting: worth trying again soon (503).
            raise web.HTTPError(
                503, f"the hub cannot confirm who is asking right now ({exc.log_message})"
            ) from None
        if model:
            try:
                model = self.check_hub_user(model)
            except UserNotAllowed:
                model = None
        self.user = model
        self.current_user = model

    def require_user(self) -> dict:
        if self.user is not None:
            return self.user
        if self._not_allowed is not None:
            raise web.HTTPError(
                403,
                f"{self._not_allowed.get('name')} may not use {SERVICE_NAME}: their "
                f"token lacks the scope access:services!service={SERVICE_NAME}",
            )
        if not self.api:
            self.redirect(self.get_login_url())
            raise web.Finish()
        raise web.HTTPError(
            401,
            "log in first: send the header 'Authorization: token <your hub API token>'",
        )

    def require_token(self) -> dict:
        user = self.require_user()
        if not getattr(self, "_token_authenticated", False):
            raise web.HTTPError(403, "writes need a hub API token in the Authorization header")
        return user

    def arg(self, name: str) -> str | None:
        value = self.get_argument(name, None)
        return value if value not in (None, "") else None

    def require_class_reader(self, user: dict, class_id: str) -> None:
        """A valid class id (400 if not) that ``user`` may read as a whole (an instructor of
        the class; 403 if not)."""
        try:
            access.check_class_id(class_id)
        except ValueError as exc:
            raise web.HTTPError(400, str(exc)) from None
        access.check_read(user, learner=None, class_id=class_id)

    def text_arg(self, name: str, limit: int = 200) -> str | None:
        """A query argument as bounded, encodable text (400 with a sentence if not)."""
        value = self.arg(name)
        if value is None:
            return None
        try:
            return check_text(value, name=name, limit=limit)
        except InputError as exc:
            raise web.HTTPError(400, str(exc)) from None

    def int_arg(self, name: str) -> int | None:
        """A query argument as a whole number a database column holds (400 if not)."""
        value = self.arg(name)
        if value is None:
            return None
        if len(value) > 20 or not value.strip().isdigit():
            raise web.HTTPError(400, f"{name} must be a whole number from 0 to {MAX_INT}")
        try:
            return check_int(int(value), name=name)
        except InputError as exc:
            raise web.HTTPError(400, str(exc)) from None

    def class_arg(self) -> str | None:
        class_id = self.arg("class_id")
        try:
            access.check_class_id(class_id)
        except ValueError as exc:
            raise web.HTTPError(400, str(exc)) from None
        return class_id

    async def run(self, fn):
        """Run a store call in the worker threads; a store failure is a 503 with its reason."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool, fn)
        except KitError as exc:
            log.error("store failed: %s", exc)
            raise web.HTTPError(503, f"the progress store is unavailable: {exc}") from None

    def send_json(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(data, ensure_ascii=False))

    def write_error(self, status_code: int, **kwargs) -> None:
        reason = self._reason
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, access.Denied):
            status_code, reason = 403, str(exc)
            self.set_status(403)
        elif isinstance(exc, web.HTTPError) and exc.log_message:
            reason = exc.log_message % exc.args if exc.args else exc.log_message
        if self.api:
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(json.dumps({"status": status_code, "message": reason}))
        else:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(_page(f"{status_code}", f"<p>{html.escape(reason)}</p>"))

    def log_exception(self, typ, value, tb) -> None:
        if isinstance(value, access.Denied):
            log.warning("403 %s %s: %s", self.request.method, self.request.uri, value)
        else:
            super().log_exception(typ, value, tb)

    def send_error(self, status_code: int = 500, **kwargs) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, access.Denied):
            status_code = 403
        super().send_error(status_code, **kwargs)


class HealthHandler(_Handler):
    async def prepare(self):
        pass  # no login: it says only that the service answers

    def get(self):
        self.send_json({"ok": True, "service": SERVICE_NAME})


class MeHandler(_Handler):
    def get(self):
        user = self.require_user()
        self.send_json(
            {
                "name": user["name"],
                "kind": user.get("kind", "user"),
                "instructor": access.is_instructor(user),
                "classes": sorted(access.classes_of(user)),
            }
        )


class AttemptsHandler(_Handler):
    async def post(self):
        user = self.require_token()
        try:
            body = load_json(
                self.request.body or b"null", what="the request body", max_bytes=MAX_BODY
            )
            items = body["attempts"] if isinstance(body, dict) else None
            if not isinstance(items, list):
                raise TypeError("'attempts' is not a list")
            if len(items) > MAX_BATCH:
                raise web.HTTPError(413, f"send at most {MAX_BATCH} attempts per request")
            rows = [check_row(item) for item in items]
        except (ValueError, KeyError, TypeError, WireError) as exc:
            raise web.HTTPError(
                400, f'send {{"attempts": [...]}} with valid attempt rows ({exc})'
            ) from None
        for row in rows:
            access.check_write(
                user, row["learner"], bank=row["bank"], class_id=row["class_id"] or None
            )
        # The backend skips a uid it already has: a resent row is stored once.
        numbers = await self.run(lambda: self.store.backend.add(rows))
        self.send_json({"numbers": numbers})

    async def get(self):
        user = self.require_user()
        learner, class_id = self.arg("learner"), self.class_arg()
        access.check_read(user, learner=learner, class_id=class_id)
        filters = {
            "class_id": class_id,
            "learner": learner,
            "bank": self.text_arg("bank"),
            "question": self.text_arg("question"),
            "id": self.int_arg("id"),
            "after_id": self.int_arg("after_id"),
        }
        rows = await self.run(lambda: self.store.backend.select(**filters))
        self.send_json({"attempts": rows})

    async def delete(self):
        user = self.require_token()
        learner = self.text_arg("learner") or user["name"]
        access.check_write(user, learner)
        filters = {
            "learner": learner,
            "bank": self.text_arg("bank"),
            "class_id": self.class_arg(),
            "question": self.text_arg("question"),
            "id": self.int_arg("id"),
        }
        n = await self.run(lambda: self.store.backend.delete(**filters))
        self.send_json({"deleted": n})


class ClassAttemptsHandler(_Handler):
    """``DELETE api/classes/<class_id>/attempts?learner=&question=&bank=&id=``: an instructor
    of the class deletes one attempt (``id``) or resets a learner's question (``learner`` and
    ``question``), or a learner's attempts at a bank, in that class only. Authorised as the
    class's reads are, with a token (a page elsewhere cannot do it with the login cookie)."""

    async def delete(self, class_id: str):
        user = self.require_token()
        self.require_class_reader(user, class_id)
        filters = {
            "class_id": class_id,
            "learner": self.text_arg("learner"),
            "bank": self.text_arg("bank"),
            "question": self.text_arg("question"),
            "id": self.int_arg("id"),
        }
        if filters["id"] is None and filters["learner"] is None:
            raise web.HTTPError(
                400, "say which attempts: id=N for one attempt, or learner=NAME (and question=)"
            )
        n = await self.run(lambda: self.store.backend.delete(**filters))
        log.info("%s deleted %d attempts in class %s (%s)", user["name"], n, class_id, filters)
        self.send_json({"deleted": n})


async def _class_report(handler: _Handler, class_id: str) -> dict:
    user = handler.require_user()
    handler.require_class_reader(user, class_id)
    rows = await handler.run(lambda: handler.store.backend.select(class_id=class_id))
    return class_report(rows, class_id=class_id)


class ReportHandler(_Handler):
    async def get(self, class_id: str):
        self.send_json(await _class_report(self, class_id))


class IndexPage(_Handler):
    api = False

    def get(self):
        user = self.require_user()
        classes = sorted(access.classes_of(user))
        if classes:
            items = "".join(
                f'<li><a href="classes/{html.escape(c)}">{html.escape(c)}</a></li>' for c in classes
            )
            body = f"<p>Your classes:</p><ul>{items}</ul>"
        else:
            body = (
                "<p>You teach no class here. Instructors are members of the hub group "
                "<code>instructors</code> and of <code>class-ID</code> for each class.</p>"
            )
        self.finish(_page(f"kit-progress: {html.escape(user['name'])}", body))


class ClassPage(_Handler):
    api = False

    async def get(self, class_id: str):
        report = await _class_report(self, class_id)
        self.finish(_page(f"Class {html.escape(class_id)}", _report_html(report), refresh=5))


def _page(title: str, body: str, refresh: int | None = None) -> str:
    meta = f'<meta http-equiv="refresh" content="{refresh}">' if refresh else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{meta}'
        f"<title>{title}</title><style>body{{font-family:sans-serif;margin:2em;"
        "color:#222;background:#fff}table{border-collapse:collapse}td,th{border:1px solid "
        "#bbb;padding:.3em .6em;text-align:left}th{background:#eee}"
        "@media (prefers-color-scheme: dark){body{color:#eee;background:#111}"
        "th{background:#333}}</style>"
        f"</head><body><h1>{title}</h1>{body}</body></html>"
    )


def _report_html(report: dict) -> str:
    def table(rows, cols):
        head = "".join(f"<th>{html.escape(label)}</th>" for _, label in cols)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(r[key]))}</td>" for key, _ in cols) + "</tr>"
            for r in rows
        )
        return f"<table><tr>{head}</tr>{body}</table>"

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    top = (
        f'<p id="summary">{count(report["learners"], "learner")}, '
        f"{count(report['attempts'], 'attempt')}, "
        f"{report['active']} active in the last {report['active_minutes']:g} minutes. "
        f"Updated {html.escape(report['now'])}; this page refreshes itself every 5 s.</p>"
    )
    questions = [
        {
            **q,
            "first": f"{q['share_first_try']:.0%}",
            "end": f"{q['share_right']:.0%}",
            "stuck": ", ".join(q["stuck"]),
        }
        for q in report["questions"]
    ]
    qtable = table(
        questions,
        [
            ("bank", "bank"),
            ("question", "question"),
            ("tried", "learners who tried"),
            ("first", "right at first try"),
            ("end", "right in the end"),
            ("common_wrong", "most common wrong answer"),
            ("stuck", "stuck (tried 3 times, never right)"),
        ],
    )
    ltable = table(
        report["per_learner"],
        [("learner", "learner"), ("attempts", "attempts"), ("tried", "tried"), ("right", "right")],
    )
    extra = gain_html(report.get("gain"), table) + items_html(report.get("items"), table)
    return f"{top}<h2>Questions</h2>{qtable}{extra}<h2>Learners</h2>{ltable}"


def make_app(store, *, prefix: str | None = None, hub_auth: HubOAuth | None = None, **settings):
    """The tornado application of the service, on ``store``.

    Parameters
    ----------
    store : ProgressStore
        Where attempts go (any backend with the ProgressStore methods).
    prefix : str, optional
        The URL prefix; default ``$JUPYTERHUB_SERVICE_PREFIX`` or ``/services/kit-progress/``.
    hub_auth : HubOAuth, optional
        Default: configured from the ``JUPYTERHUB_*`` variables the hub gives its services.
    """
    prefix = prefix or os.environ.get("JUPYTERHUB_SERVICE_PREFIX") or f"/services/{SERVICE_NAME}/"
    if not prefix.endswith("/"):
        prefix += "/"
    if hub_auth is None:
        hub_auth = HubOAuth(api_url=os.environ.get("JUPYTERHUB_API_URL", ""), cache_max_age=60)
    if not hub_auth.access_scopes:
        # Outside the hub's environment (tests, an external service): the scope to check.
        hub_auth.access_scopes = {f"access:services!service={SERVICE_NAME}"}
    pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="kit-progress-store")
    kw = {"store": store, "pool": pool, "hub_auth": hub_auth}
    routes = [
        (url_path_join(prefix, "api/health"), HealthHandler, kw),
        (url_path_join(prefix, "api/me"), MeHandler, kw),
        (url_path_join(prefix, "api/attempts"), AttemptsHandler, kw),
        (url_path_join(prefix, r"api/classes/([^/]+)/report"), ReportHandler, kw),
        (url_path_join(prefix, r"api/classes/([^/]+)/attempts"), ClassAttemptsHandler, kw),
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler, {}),
        (url_path_join(prefix, r"classes/([^/]+)"), ClassPage, kw),
        (prefix, IndexPage, kw),
        (prefix.rstrip("/"), web.RedirectHandler, {"url": prefix}),
    ]
    app = web.Application(
        routes, cookie_secret=settings.pop("cookie_secret", None) or os.urandom(32), **settings
    )
    # HubOAuthCallbackHandler finds hub_auth in the handler; give it the same instance.
    HubOAuthCallbackHandler.hub_auth = hub_auth
    app.kit_pool, app.kit_hub_auth = pool, hub_auth
    return app


def _parse(argv):
    parser = argparse.ArgumentParser(
        prog="python -m kit.hub.service",
        description="Run the kit-progress JupyterHub service (normally started by the hub).",
    )
    parser.add_argument(
        "--store",
        default=os.environ.get("KIT_HUB_STORE_URL", ""),
        help="where attempts go: postgresql://user@host:port/db or sqlite:///path "
        "(default $KIT_HUB_STORE_URL)",
    )
    parser.add_argument(
        "--url",
        default=os.environ.get("JUPYTERHUB_SERVICE_URL", ""),
        help="address to listen on, e.g. http://127.0.0.1:10101 (default "
        "$JUPYTERHUB_SERVICE_URL, set by the hub)",
    )
    return parser.parse_args(argv)


def open_store(url: str):
    """The shared store for ``url`` (``postgresql://...`` or ``sqlite:///path``)."""
    if not url:
        raise KitError(
            "the kit-progress service needs a store: pass --store postgresql://... or "
            "sqlite:///path (or set KIT_HUB_STORE_URL)"
        )
    if parse_url(url)[0] == "hub":
        raise KitError(
            f"the kit-progress service cannot store into {url!r} (that is the service itself); "
            "give it a postgresql:// or sqlite:/// URL"
        )
    return ProgressStore(url)


def main(argv=None) -> int:
    """Start the service; return an exit code (1 with one sentence on bad configuration)."""
    from tornado.ioloop import IOLoop

    args = _parse(argv)
    logging.basicConfig(
        level=logging.INFO, format="[%(levelname).1s %(asctime)s kit-progress] %(message)s"
    )
    try:
        store = open_store(args.store)
        try:
            store.check()  # connect and migrate now, so a bad store shows in the hub's log
        except KitError as exc:
            if not getattr(exc, "transient", False):
                raise
            log.warning("the store is not reachable yet (%s); answering 503 until it is", exc)
        url = urlparse(args.url)
        if not (url.hostname and url.port):
            raise KitError(
                f"cannot listen on {args.url!r}; pass --url http://127.0.0.1:PORT "
                "(the hub sets JUPYTERHUB_SERVICE_URL for services it starts)"
            )
        app = make_app(store)
        server = HTTPServer(app, xheaders=True, max_body_size=MAX_BODY)
        server.listen(url.port, url.hostname)
    except (KitError, OSError) as exc:
        print(f"kit-progress: {exc}", file=sys.stderr)
        return 1
    log.info("serving on %s, store %r", args.url, store)
    started = time.monotonic()
    try:
        IOLoop.current().start()
    except KeyboardInterrupt:
        log.info("stopped after %.0f s", time.monotonic() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
