"""What every storage backend shares: the contract, its error, its settings, its registry.

A *backend* keeps attempt rows somewhere (a SQLite file, a PostgreSQL database, the hub's
service) and has the five methods of :class:`Backend`; :class:`kit.store.ProgressStore`
(and so the outbox, the quiz widgets, predictions and the teacher's view) uses nothing else.
Backends are chosen by the URL's scheme: each backend module calls :func:`register_scheme`
for its schemes, and :func:`open_backend` opens the one a URL names.

The names of the environment variables that configure storage are written here and only
here (:data:`ENV_URL` and the others), with the functions that read them.

Examples
--------
>>> parse_url("sqlite:///tmp/p.db")
('sqlite', '/tmp/p.db')
>>> only_filters({"learner": "ada", "bank": None}, SELECT_FILTERS)
{'learner': 'ada'}
"""

from __future__ import annotations

import getpass
import os
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypedDict, Unpack, runtime_checkable

from kit.data import user_data_dir
from kit.errors import KitError

__all__ = [
    "Backend",
    "Filters",
    "SELECT_FILTERS",
    "DELETE_FILTERS",
    "ROW_KEYS",
    "StoreError",
    "register_scheme",
    "parse_url",
    "open_backend",
    "hide_password",
    "only_filters",
    "default_db_path",
    "default_url",
    "default_learner",
    "default_class",
    "default_outbox_path",
]

#: Where attempts go: a store URL (sqlite:///..., postgresql://..., hub, https://...).
ENV_URL = "KIT_PROGRESS_URL"
#: A SQLite file for attempts, when ENV_URL is not set.
ENV_DB = "KIT_PROGRESS_DB"
#: The class stamped on every attempt.
ENV_CLASS = "KIT_CLASS"
#: The learner, outside JupyterHub.
ENV_LEARNER = "KIT_LEARNER"
#: The learner under JupyterHub (set by the hub for every server).
ENV_HUB_USER = "JUPYTERHUB_USER"
#: The outbox file.
ENV_OUTBOX = "KIT_OUTBOX"

#: The columns of one stored attempt, as backends take and return them (``id`` is added
#: by the database on the way out).
ROW_KEYS = (
    "uid",
    "class_id",
    "learner",
    "bank",
    "question",
    "response",
    "correct",
    "score",
    "points",
    "time",
)


class Filters(TypedDict, total=False):
    """The filters of :meth:`Backend.select` (all of them) and :meth:`Backend.delete` (all
    but ``after_id``): each one given and not None keeps only the rows with that value
    (``id``: the one attempt with that number; ``after_id``: rows whose ``id`` is greater)."""

    class_id: str | None
    learner: str | None
    bank: str | None
    question: str | None
    id: int | None
    after_id: int | None


#: The filter names select takes, in order; delete takes all but the last (``after_id``).
SELECT_FILTERS: tuple[str, ...] = tuple(Filters.__annotations__)
DELETE_FILTERS: tuple[str, ...] = SELECT_FILTERS[:5]


def only_filters(given: dict, names: Iterable[str]) -> dict:
    """``given`` without its None values; a name outside ``names`` is a TypeError (a bug in
    the caller, as for a wrong keyword argument)."""
    names = tuple(names)
    unknown = [name for name in given if name not in names]
    if unknown:
        raise TypeError(f"unknown filter {unknown[0]!r}; the filters are {', '.join(names)}")
    return {name: value for name, value in given.items() if value is not None}


@runtime_checkable
class Backend(Protocol):
    """The contract of a storage backend (``tests/store/test_contract.py`` checks it for
    every registered backend).

    Every method raises :class:`StoreError` when the store cannot do it.
    """

    def add(self, rows: list[dict]) -> list[int]:
        """Store attempt rows (dicts with :data:`ROW_KEYS`); return each row's attempt number
        (its place among the learner's attempts at that question in that class).

        Idempotent: a row whose ``uid`` is already stored is skipped, so a resend after a
        lost reply never makes a duplicate.
        """
        ...

    def select(self, **filters: Unpack[Filters]) -> list[dict]:
        """Stored rows (with ``id``), oldest first, that match every filter given."""
        ...

    def delete(self, **filters: Unpack[Filters]) -> int:
        """Delete the rows that match the filters (class_id, learner, bank, question, id);
        return how many."""
        ...

    def describe(self) -> str:
        """Where the attempts go, with any password hidden (for messages)."""
        ...

    def close(self) -> None:
        """Let go of any connection (a later call opens a new one)."""
        ...


class StoreError(KitError):
    """A progress store cannot be used; the message is one sentence with the fix.

    ``transient`` is True when trying again later may succeed (an unreachable server), False
    when the configuration must change first (an unknown scheme, a foreign database).
    ``refused`` is True when the store turned down the rows themselves (say, another learner's
    attempt sent with this learner's token): sending them again can never succeed, so the
    outbox sets them aside instead of letting them hold up every later answer.
    """

    def __init__(self, message: str, *, transient: bool = False, refused: bool = False):
        super().__init__(message)
        self.transient = transient
        self.refused = refused


# --------------------------------------------------------------------------- URLs


@dataclass(frozen=True)
class _Scheme:
    kind: str
    opener: Callable[[str], Backend]
    target: Callable[[str], str]
    example: str


#: URL scheme -> how to open it; filled by the backend modules (kit.store imports them).
_SCHEMES: dict[str, _Scheme] = {}
#: A bare word that stands for a URL of a kind (``hub``) -> its scheme.
_WORDS: dict[str, str] = {}
#: Schemes that may carry a driver, as in ``postgresql+psycopg://``.
_DRIVERS: set[str] = set()


def register_scheme(
    schemes: Iterable[str],
    kind: str,
    opener: Callable[[str], Backend],
    *,
    target: Callable[[str], str] | None = None,
    words: Iterable[str] = (),
    drivers: bool = False,
    example: str = "",
) -> None:
    """Make URLs with these schemes open a backend of ``kind`` with ``opener(target)``.

    ``target(url)`` turns the URL into what ``opener`` takes (default: the URL itself; it
    raises :class:`StoreError` for a malformed one). ``words`` are bare words that stand for
    such a URL (``hub``); ``drivers`` lets ``scheme+driver://`` through as well. ``example``
    shows such a URL in the message for an unknown scheme (default ``scheme://...``).
    """
    names = [s.lower() for s in schemes]
    entry = _Scheme(kind, opener, target or (lambda text: text), example or f"{names[0]}://...")
    for name in names:
        _SCHEMES[name] = entry
        if drivers:
            _DRIVERS.add(name)
    for word in words:
        _WORDS[word] = names[0]


def hide_password(url: str) -> str:
    """Return ``url`` with its password (if any) replaced by ``***``.

    >>> hide_password("postgresql://ada:s3cret@db/kit")
    'postgresql://ada:***@db/kit'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = urllib.parse.quote(parts.username or "", safe="")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


def _scheme_of(text: str) -> str | None:
    """The registered scheme a URL text uses (None when none matches)."""
    if text in _WORDS:
        return _WORDS[text]
    if "://" not in text:
        return "sqlite"  # a plain path is a SQLite file
    scheme = text.split("://", 1)[0].lower()
    if scheme not in _SCHEMES and scheme.partition("+")[0] in _DRIVERS:
        scheme = scheme.partition("+")[0]
    return scheme if scheme in _SCHEMES else None


def parse_url(url: str | os.PathLike) -> tuple[str, str]:
    """Split a store URL into ``(kind, target)``: kind is sqlite, postgresql or hub (or a
    kind a backend module registered).

    A plain path (no ``scheme://``) is a SQLite file. Raises :class:`StoreError` for an
    unknown scheme.

    >>> parse_url("sqlite:///C:/Users/ada/p.db")  # a Windows drive
    ('sqlite', 'C:/Users/ada/p.db')
    >>> parse_url("postgres://ada@db.example.org/kit")[0]
    'postgresql'
    """
    if isinstance(url, os.PathLike):
        return "sqlite", os.fspath(url)
    text = url.strip()
    scheme = _scheme_of(text)
    if scheme is None:
        examples = dict.fromkeys(entry.example for entry in _SCHEMES.values())
        raise StoreError(
            f"the progress URL {hide_password(text)!r} has an unknown scheme "
            f"{text.split('://', 1)[0].lower()!r}; set {ENV_URL} to {', '.join(examples)}"
        )
    entry = _SCHEMES[scheme]
    return entry.kind, entry.target(text)


def open_backend(url: str | os.PathLike) -> Backend:
    """Return the backend for ``url`` (see :func:`parse_url`); nothing is connected yet."""
    kind, target = parse_url(url)
    entry = next(e for e in _SCHEMES.values() if e.kind == kind)
    return entry.opener(target)


# --------------------------------------------------------------------------- settings


def default_db_path() -> Path:
    """Return ``$KIT_PROGRESS_DB``, else ``progress.db`` in the user's data folder."""
    env = os.environ.get(ENV_DB, "").strip()
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "progress.db"


def default_url() -> str:
    """Return ``$KIT_PROGRESS_URL``, else ``sqlite:///`` + :func:`default_db_path`."""
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return env
    return "sqlite:///" + str(default_db_path())


def configured_url() -> str | os.PathLike:
    """``$KIT_PROGRESS_URL``, else the SQLite file :func:`default_db_path` as a path (not a
    ``sqlite:///`` URL, so a Windows drive letter needs no care)."""
    return os.environ.get(ENV_URL, "").strip() or default_db_path()


def default_learner() -> str:
    """Return ``$JUPYTERHUB_USER``, else ``$KIT_LEARNER``, else the login name."""
    for name in (ENV_HUB_USER, ENV_LEARNER):
        env = os.environ.get(name, "").strip()
        if env:
            return env
    try:
        return getpass.getuser() or "anonymous"
    except (OSError, KeyError, ImportError):
        return "anonymous"


def hub_user() -> str | None:
    """``$JUPYTERHUB_USER`` (the learner whose server this is, under JupyterHub), or None."""
    return os.environ.get(ENV_HUB_USER) or None


def default_class() -> str | None:
    """Return ``$KIT_CLASS``, or None (no class)."""
    return os.environ.get(ENV_CLASS, "").strip() or None


def default_outbox_path() -> Path:
    """``$KIT_OUTBOX``, else ``outbox.db`` in the kit's data folder."""
    env = os.environ.get(ENV_OUTBOX, "").strip()
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "outbox.db"
