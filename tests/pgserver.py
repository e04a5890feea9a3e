"""A real, private PostgreSQL server for the tests (Debian's ``postgresql`` package).

:class:`PgServer` runs ``initdb`` into a temporary folder and starts ``postgres`` listening on
a Unix socket in that folder and on 127.0.0.1 at a free port (nothing else), with one user
``kit`` whose password is :data:`PASSWORD` (password auth over TCP, trust on the socket).
It is stopped, and its folder removed, at the end. PostgreSQL refuses to run as root, so
as root every server command runs as the ``postgres`` system user (``runuser -u postgres``)
in a folder that user owns.

The server runs with ``fsync=off`` (a test server need not survive a power cut; a clean
restart or a killed client is what the tests exercise).

Used by the ``pg_server`` / ``pg_url`` fixtures in ``tests/conftest.py``; other test suites
(the hub's) can start their own with ``with PgServer.started(folder) as pg: ...``.

    >>> missing()  # doctest: +SKIP
    ''
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

USER = "kit"
PASSWORD = "kit-test-password"
_BIN_GLOB = "/usr/lib/postgresql/*/bin"


def bindir() -> Path | None:
    """The folder with ``initdb``/``pg_ctl`` (newest installed version), or None."""
    found = sorted(glob.glob(_BIN_GLOB), key=lambda p: int(Path(p).parent.name or 0))
    for folder in reversed(found):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    return Path(os.path.realpath(initdb)).parent if initdb else None


def missing() -> str:
    """Why a PostgreSQL server cannot be started here, or ''."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg package is not installed (pip install -e '.[test]')"
    if bindir() is None:
        return "PostgreSQL is not installed (Debian: apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """One private PostgreSQL server in ``folder`` (see the module doc)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.socket_dir = self.folder / "sock"
        self.log = self.folder / "server.log"
        self.port = _free_port()
        self.bin = bindir()
        self._as_postgres = os.geteuid() == 0

    def _cmd(self, *args: str) -> list[str]:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_postgres else []
        return prefix + [str(self.bin / args[0]), *args[1:]]

    def _run(self, *args: str, timeout: float = 120) -> None:
        result = subprocess.run(
            self._cmd(*args), capture_output=True, text=True, timeout=timeout, cwd=self.folder
        )
        if result.returncode != 0:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({result.returncode}): "
                f"{result.stderr.strip() or result.stdout.strip()}\n{log}"
            )

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        pwfile = self.folder / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
            for p in (self.socket_dir, pwfile):
                shutil.chown(p, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            USER,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        pwfile.unlink()

    def _options(self) -> str:
        return (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=150 "
            "-c shared_buffers=32MB"
        )

    def start(self) -> None:
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(), "-w",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        """Stop the server (fast: clients are cut off) and start it again on the same port."""
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(),
            "-m", "fast", "-w", "restart",
        )  # fmt: skip

    def url(self, dbname: str = "postgres", *, password: str | None = PASSWORD) -> str:
        """A TCP URL (127.0.0.1, password auth) for ``dbname``."""
        auth = USER if password is None else f"{USER}:{urllib.parse.quote(password, safe='')}"
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def socket_url(self, dbname: str = "postgres") -> str:
        """A Unix-socket URL (no password) for ``dbname``."""
        host = urllib.parse.quote(str(self.socket_dir), safe="")
        return f"postgresql://{USER}@{host}:{self.port}/{dbname}"

    def sql(self, statement: str, dbname: str = "postgres", args=()) -> list[tuple]:
        """Run one statement (autocommit) and return its rows (if any)."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            cur = conn.execute(statement, args)
            return cur.fetchall() if cur.description else []

    def create_database(self, name: str) -> str:
        """Create database ``name``; return its URL."""
        self.sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @classmethod
    @contextlib.contextmanager
    def started(cls, folder: Path) -> Iterator[PgServer]:
        """Init and start a server in ``folder``; stop it and remove the folder after."""
        server = cls(folder)
        try:
            server.init()
            server.start()
            yield server
        finally:
            if (server.data / "postmaster.pid").exists():
                with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                    server.stop()
            # Give a just-stopped server a moment to release the folder.
            for _ in range(20):
                try:
                    shutil.rmtree(folder)
                    break
                except OSError:
                    time.sleep(0.1)
