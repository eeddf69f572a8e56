"""The store's content generation (``store_state.content_generation``): one number that grows with every
write transaction, so a reader holding a copy of the store's contents (search_index.IndexedSearch) can tell
with one indexed read whether the copy is still current."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, insert, select, update

from extractor.store.tables import store_state


def content_generation(conn: Connection) -> int:
    return int(conn.execute(select(store_state.c.content_generation).where(store_state.c.id == 1)).scalar() or 0)


def bump_content_generation(conn: Connection) -> None:
    """Mark the write transaction of ``conn`` as a change of content (visible to readers when it commits)."""
    if conn.execute(update(store_state).where(store_state.c.id == 1)
                    .values(content_generation=store_state.c.content_generation + 1)).rowcount == 0:
        conn.execute(insert(store_state).values(id=1, registry_generation=0, content_generation=1))


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A read transaction that sees one state of the store throughout: its content generation and every row
    read after it (SQLite's read transactions do; PostgreSQL's default READ COMMITTED would let a commit in
    between change what a later statement reads)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn
