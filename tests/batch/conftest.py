"""Batch tests run the concurrency test on SQLite and on a real PostgreSQL server (tests/pg.py)."""

from tests.pg import pg_server, pg_url, store_url  # noqa: F401 - fixtures
