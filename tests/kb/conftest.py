"""Knowledge-base tests run on SQLite and on a real PostgreSQL server (tests/pg.py)."""

from tests.pg import pg_empty_url, pg_server, pg_url, store_url  # noqa: F401 - fixtures
