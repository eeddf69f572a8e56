"""A real PostgreSQL server for the tests: started once per session, on 127.0.0.1 only, stopped at the end.

Use from a conftest: ``from tests.pg import pg_server, pg_url, pg_empty_url, store_url  # noqa: F401``.

* ``pg_server`` (session): the running server (``.url(db)``, ``.create_database()``, ``.drop_database()``).
* ``pg_url``: an empty store database at head (the session's scratch database, truncated: fast).
* ``pg_empty_url``: a fresh empty database (to test schema creation and migration).
* ``store_url``: parametrised ``sqlite`` / ``postgres``: a store URL on each backend.

The binaries are looked up under ``/usr/lib/postgresql/*/bin`` (Debian package ``postgresql``) or
$EXTRACTOR_PG_BIN. Missing binaries skip the PostgreSQL tests locally but fail them when $CI is set.
``initdb`` and ``postgres`` refuse to run as root, so as root they run as the ``postgres`` user
(``runuser -u postgres --``) on a temporary directory it owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TEMPLATE_DB = "extractor_template"
START_TIMEOUT_S = 60


def find_bindir() -> Path | None:
    """The newest PostgreSQL server bin folder with initdb, pg_ctl and postgres."""
    candidates = [os.environ["EXTRACTOR_PG_BIN"]] if os.environ.get("EXTRACTOR_PG_BIN") else []

    def version(path: str) -> float:
        try:
            return float(Path(path).parent.name)
        except ValueError:
            return 0.0
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    for c in candidates:
        if all((Path(c) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(c)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="extractor-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = "postgres"
        self._as_owner: list[str] = []
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root but there is no 'postgres' user to run the server") from None
            shutil.chown(self.root, "postgres", "postgres")
            self._as_owner = ["runuser", "-u", "postgres", "--"]
        self.started = False
        self._scratch: str | None = None

    def _run(self, tool: str, *args: str) -> None:
        cmd = [*self._as_owner, str(self.bindir / tool), *args]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=START_TIMEOUT_S, cwd=self.root)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> PgServer:
        self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust", "--encoding=UTF8",
                  "--locale=C", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options,
                  "-w", "-t", str(START_TIMEOUT_S), "start")
        self.started = True
        self._create_template()
        return self

    def stop(self) -> None:
        if self.started:
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            finally:
                self.started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, template: str | None = None) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE {template or 'template0'}")
        return name

    def drop_database(self, name: str) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def scratch_url(self) -> str:
        """The session's scratch database, emptied (its schema stays at head): much faster than a new one.
        Falls back to a new database when something still holds a lock on it."""
        import psycopg
        if self._scratch is None:
            self._scratch = self.create_database(template=TEMPLATE_DB)
        try:
            with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname={self._scratch}",
                                 autocommit=True) as conn:
                conn.execute("SET lock_timeout = '3s'")
                tables = [r[0] for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename NOT IN ('alembic_version', 'schema_version')")]
                conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        except psycopg.errors.LockNotAvailable:
            self._scratch = self.create_database(template=TEMPLATE_DB)
        return self.url(self._scratch)

    def _create_template(self) -> None:
        from extractor.store import open_store
        self._admin(f"CREATE DATABASE {TEMPLATE_DB} TEMPLATE template0")
        open_store(self.url(TEMPLATE_DB)).close()


_server: PgServer | None = None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests cannot run on CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The session's PostgreSQL server (one per process even when several conftests import this)."""
    global _server
    if _server is None:
        bindir = find_bindir()
        if bindir is None:
            _unavailable("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
                         "(install the Debian package 'postgresql', or run ./dev test)")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            _unavailable("psycopg is not installed (pip install 'psycopg[binary]')")
        server = PgServer(bindir)
        try:
            _server = server.start()
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            server.stop()
            _unavailable(f"cannot start PostgreSQL: {exc}")
    yield _server
    if _server is not None:
        _server.stop()
        _server = None


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """An empty store at head. Tests must not change its schema (use pg_empty_url for that)."""
    return pg_server.scratch_url()


@pytest.fixture
def pg_empty_url(pg_server: PgServer) -> Iterator[str]:
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL on each backend: an SQLite file in tmp_path, then a fresh PostgreSQL database."""
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'kb.db'}"
