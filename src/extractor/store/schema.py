"""Schema creation and migration with Alembic, on SQLite and PostgreSQL alike.

* A fresh store is created at head (``create_all`` plus backend objects) and stamped (Alembic's recipe; the
  version row is written directly, so a new store needs no Alembic import).
* A v1 store (``schema_version`` but no ``alembic_version``) is stamped at the baseline and upgraded.
* Any other store is upgraded to head when behind; a store newer than this extractor is refused.

Everything runs in one transaction under a lock (SQLite ``BEGIN IMMEDIATE``; a PostgreSQL advisory lock),
so several processes opening one new store at once create it once. ``schema_version`` is kept (set to
``SCHEMA_VERSION``) so that older extractors refuse a store they cannot read.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import (Column, Connection, Engine, MetaData, PrimaryKeyConstraint, String, Table, delete, insert,
                        inspect, select, text, update)
from sqlalchemy.exc import DBAPIError

from extractor.store.tables import STORE_TABLES, schema_version

if TYPE_CHECKING:
    from alembic.config import Config

SCHEMA_VERSION = 2
BASELINE = "0001_v1"
HEAD = "0006_change_generations"   # the newest migration (a test checks it): a store at HEAD opens without importing Alembic
SCHEMA_LOCK = 0x5E4A_0001            # pg_advisory_xact_lock keys (any fixed numbers of our own)
SAVE_LOCK = 0x5E4A_0002
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class SchemaError(Exception):
    """The store's schema cannot be used by this extractor."""


def alembic_config(conn: Connection | None = None) -> Config:
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    from alembic.script import ScriptDirectory
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    from alembic.script import ScriptDirectory
    return frozenset(s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions())


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext
    return MigrationContext.configure(conn).get_current_revision()


# Alembic's own version table, written directly when a new store is stamped at HEAD: importing Alembic
# to write one row would cost a fresh ``extractor ingest`` about 0.2 s. Same name, column and key.
_version_table = Table("alembic_version", MetaData(),
                       Column("version_num", String(32), nullable=False),
                       PrimaryKeyConstraint("version_num", name="alembic_version_pkc"))


def _create_head(conn: Connection) -> None:
    from sqlmodel import SQLModel
    SQLModel.metadata.create_all(conn, tables=STORE_TABLES)
    if conn.dialect.name == "postgresql":
        from extractor.store import pg_text
        pg_text.install(conn)
    _version_table.create(conn, checkfirst=True)
    conn.execute(delete(_version_table))
    conn.execute(insert(_version_table).values(version_num=HEAD))


def _set_schema_version(conn: Connection) -> None:
    current = conn.execute(select(schema_version.c.version).where(schema_version.c.id == 1)).scalar()
    if current is None:
        conn.execute(insert(schema_version).values(id=1, version=SCHEMA_VERSION))
    elif current != SCHEMA_VERSION:
        conn.execute(update(schema_version).where(schema_version.c.id == 1).values(version=SCHEMA_VERSION))


def _migrate(conn: Connection) -> None:
    tables = set(inspect(conn).get_table_names())
    if "documents" not in tables and ("alembic_version" not in tables or _stored_revision(conn) is None):
        _create_head(conn)                                    # a new store: created at head, no Alembic
        _set_schema_version(conn)
        return
    from alembic import command
    if "alembic_version" not in tables or current_revision(conn) is None:
        command.stamp(alembic_config(conn), BASELINE)         # a v1 store made before Alembic
    rev = current_revision(conn)
    if rev not in known_revisions():
        raise SchemaError(f"store schema revision {rev} is newer than this extractor's (unknown to it): "
                          "upgrade extractor")
    _check_not_newer(conn)
    if rev != head_revision():
        command.upgrade(alembic_config(conn), "head")
    _set_schema_version(conn)


def _check_not_newer(conn: Connection) -> int | None:
    """The store's ``schema_version`` (None without one); SchemaError when newer than this extractor's."""
    if "schema_version" not in inspect(conn).get_table_names():
        return None
    current = conn.execute(select(schema_version.c.version).where(schema_version.c.id == 1)).scalar()
    if current is not None and current > SCHEMA_VERSION:
        raise SchemaError(f"store schema version {current} is newer than this extractor's ({SCHEMA_VERSION}): "
                          "upgrade extractor")
    return current


def _stored_revision(conn: Connection) -> str | None:
    """The store's Alembic revision read directly (None without one), so opening needs no Alembic import."""
    try:
        with conn.begin_nested() if conn.in_transaction() else conn.begin():
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def ensure_schema(engine: Engine) -> None:
    """Create or migrate the store's schema; cheap (two reads, no Alembic) when it is already at head."""
    with engine.connect() as conn:
        if _stored_revision(conn) == HEAD and _check_not_newer(conn) == SCHEMA_VERSION:
            return
    with engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
            _migrate(conn)
