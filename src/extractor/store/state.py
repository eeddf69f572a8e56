"""The store's content generation (``store_state.content_generation``): one number that grows with every
write transaction, so a reader holding a copy of the store's contents (search_index.IndexedSearch) can tell
with one indexed read whether the copy is still current.

``store_state.rewrite_generation`` is the generation of the last write that did not say which documents'
rows it changed: a write path that does not declare it (engine._documents_only) counts as a rewrite. Every
write that does (a document added, saved again, replaced or deleted with its activities; a partner renamed or
merged, whose mentions' documents it names) stamps those documents with its generation
(``documents.changed_generation``). A copy taken at generation G with G ≥ the rewrite generation is then still
right about every row except those of documents stamped after G (or gone), and can take just those in again
instead of being rebuilt (``SearchIndex.extended``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, insert, select, update

from extractor.store.tables import store_state


def content_generation(conn: Connection) -> int:
    return int(conn.execute(select(store_state.c.content_generation).where(store_state.c.id == 1)).scalar() or 0)


def rewrite_generation(conn: Connection) -> int:
    return int(conn.execute(select(store_state.c.rewrite_generation).where(store_state.c.id == 1)).scalar() or 0)


def bump_content_generation(conn: Connection, rewrite: bool = True) -> int:
    """Mark the write transaction of ``conn`` as a change of content (visible to readers when it commits) and
    return its generation. ``rewrite=False``: it changed only documents' own rows, and stamps those documents
    with the generation returned; any other write moves the rewrite generation too."""
    state = store_state.c
    moved = state.content_generation + 1
    generation = conn.execute(update(store_state).where(state.id == 1)
                              .values(content_generation=moved,
                                      rewrite_generation=moved if rewrite else state.rewrite_generation)
                              .returning(state.content_generation)).scalar()
    if generation is None:      # no state row yet
        conn.execute(insert(store_state).values(id=1, registry_generation=0, content_generation=1,
                                                rewrite_generation=1 if rewrite else 0))
        return 1
    return int(generation)


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
