"""The store's content generation (``store_state.content_generation``): one number that grows with every
write transaction, so a reader holding a copy of the store's contents (search_index.IndexedSearch) can tell
with one indexed read whether the copy is still current."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from extractor.store.tables import store_state


def content_generation(conn: Connection) -> int:
    return int(conn.execute(select(store_state.c.content_generation).where(store_state.c.id == 1)).scalar() or 0)


def bump_content_generation(conn: Connection) -> None:
    """Mark the write transaction of ``conn`` as a change of content (visible to readers when it commits)."""
    if conn.execute(update(store_state).where(store_state.c.id == 1)
                    .values(content_generation=store_state.c.content_generation + 1)).rowcount == 0:
        conn.execute(insert(store_state).values(id=1, registry_generation=0, content_generation=1))
