"""Helpers for a workshop hub's configuration (``deploy/jupyterhub_config.py``).

Small and plain so the config file reads top to bottom; each is tested on its own.
"""

from __future__ import annotations

import secrets
import shutil
import sys
from pathlib import Path

from kit.files import copy_atomic, write_atomic
from kit.hub import CLASS_GROUP_PREFIX, INSTRUCTORS_GROUP, SERVICE_NAME
from kit.store.base import ENV_CLASS, ENV_URL

__all__ = ["add_progress_service", "copy_lessons", "read_env_file", "secret_file", "proxy_command"]


def copy_lessons(source: Path, home: Path, folder: str = "lessons") -> list[str]:
    """Copy the lesson notebooks from ``source`` into ``home/folder``; return what was copied.

    A file the learner already has is left alone (their edits and answers stay); lessons
    added since their last login are copied. Checkpoint folders are skipped.
    """
    target = home / folder
    copied = []
    for src in sorted(source.rglob("*")):
        rel = src.relative_to(source)
        if any(part.startswith(".") for part in rel.parts) or "capstone-results" in rel.parts:
            continue
        dst = target / rel
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
        elif not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            copy_atomic(src, dst)  # a learner never sees half a notebook
            copied.append(str(rel))
    return copied


def secret_file(path: Path, length: int) -> str:
    """The secret in ``path``, made (random, URL-safe, ``length`` characters) if missing.

    The file is readable by its owner only.
    """
    if path.exists():
        text = path.read_text().strip()
        if len(text) >= length:
            return text
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(length)[:length]
    write_atomic(path, value + "\n", mode=0o600)
    return value


def proxy_command(repo: Path) -> list[str]:
    """configurable-http-proxy: the copy ``make hub`` installs under ``.hub/node``, else the
    one on ``PATH``."""
    local = repo / ".hub" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return [str(local)]
    found = shutil.which("configurable-http-proxy")
    return [found or "configurable-http-proxy"]


def _get(section, name: str, default):
    """A value set in a traitlets config section, else ``default`` (unset ones are lazy)."""
    return section[name] if name in section else default


def add_progress_service(
    c,
    *,
    store_url: str,
    class_id: str,
    instructors: list[str],
    port: int = 10101,
    python: str | None = None,
    api_token: str | None = None,
) -> dict:
    """Add the ``kit-progress`` service to a JupyterHub config ``c``; return the service.

    What it sets (the same on a workshop hub, TLJH and Zero to JupyterHub):

    - ``c.JupyterHub.services``: ``kit-progress`` at ``http://127.0.0.1:port``, started by
      the hub with ``python -m kit.hub.service`` writing to ``store_url``, or, with
      ``api_token``, run on its own (the hub only routes to it);
    - ``c.JupyterHub.load_roles``: every user may use the service and read its address;
    - ``c.Spawner.server_token_scopes``: a learner's server token may use the service, read
      its address and show the learner's groups (plus the server's usual two scopes);
    - ``c.Spawner.environment``: ``KIT_PROGRESS_URL=hub`` and ``KIT_CLASS=class_id``;
    - ``c.JupyterHub.load_groups``: ``instructors`` and ``class-<class_id>`` hold
      ``instructors``.
    """
    access = f"access:services!service={SERVICE_NAME}"
    read = f"read:services!service={SERVICE_NAME}"
    service = {
        "name": SERVICE_NAME,
        "url": f"http://127.0.0.1:{port}",
        "display": True,  # in the hub's Services menu: the class page
        "oauth_no_confirm": True,
        # A browser login to the service may read the user's groups (to know instructors).
        "oauth_client_allowed_scopes": ["read:users:groups!user"],
    }
    if api_token:
        service["api_token"] = api_token
        service["oauth_redirect_uri"] = f"/services/{SERVICE_NAME}/oauth_callback"
    else:
        service["command"] = [python or sys.executable, "-m", "kit.hub.service"]
        service["environment"] = {"KIT_HUB_STORE_URL": store_url}
    services = [s for s in _get(c.JupyterHub, "services", []) if s.get("name") != SERVICE_NAME]
    c.JupyterHub.services = services + [service]
    roles = [r for r in _get(c.JupyterHub, "load_roles", []) if r.get("name") != "user"]
    c.JupyterHub.load_roles = roles + [{"name": "user", "scopes": ["self", access, read]}]
    c.Spawner.server_token_scopes = [
        "users:activity!user",
        "access:servers!server",
        access,
        read,
        "read:users:groups!user",
    ]
    env = dict(_get(c.Spawner, "environment", {}))
    env.update({ENV_URL: "hub", ENV_CLASS: class_id})
    c.Spawner.environment = env
    groups = dict(_get(c.JupyterHub, "load_groups", {}))
    for name in (INSTRUCTORS_GROUP, f"{CLASS_GROUP_PREFIX}{class_id}"):
        members = list(groups.get(name, {}).get("users", []))
        groups[name] = {"users": sorted(set(members) | set(instructors))}
    c.JupyterHub.load_groups = groups
    return service


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=value`` lines of ``path`` (``#`` comments and blank lines skipped); {} if absent.

    Raises
    ------
    kit.errors.KitError
        For a line that is not ``KEY=value``, naming the file and line.
    """
    from kit.errors import KitError

    if not path.exists():
        return {}
    out = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip().isidentifier():
            raise KitError(f"{path}, line {n}: expected KEY=value, got {line!r}")
        out[key.strip()] = value.strip().strip('"').strip("'")
    return out
