"""facet_counts as stored, and as a full recount from the base tables gives them (shared by store tests)."""

from __future__ import annotations

from sqlalchemy import text

from extractor.store import Store
from extractor.store import aggregates

Key = tuple[str, str, str, str]
_SELECT = "SELECT dim, value, dim2, value2, n FROM facet_counts"


def facet_rows(store: Store) -> dict[Key, int]:
    with store.engine.connect() as conn:
        return {tuple(r[:4]): int(r[4]) for r in conn.execute(text(_SELECT))}  # type: ignore[misc]


def recounted_rows(store: Store) -> dict[Key, int]:
    """The rows a full recount writes (in a transaction rolled back afterwards)."""
    with store.engine.connect() as conn:
        with conn.begin() as tx:
            aggregates.rebuild(conn)
            rows = {tuple(r[:4]): int(r[4]) for r in conn.execute(text(_SELECT))}
            tx.rollback()
    return rows  # type: ignore[return-value]
