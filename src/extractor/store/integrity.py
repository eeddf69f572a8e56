"""The store's integrity check: what a crash, a kill or concurrent writers could have left wrong.

``check_integrity(store)`` returns a list of one-line problems (empty when the store is sound):
the database's own check (SQLite ``PRAGMA integrity_check`` and ``foreign_key_check``), orphan rows in the
link tables, a text index out of step with the activities, documents whose activities are not a complete
sequence or whose status disagrees with them, evidence outside the document's text, duplicate
documents by content hash or name, and maintained facet counts (``facet_counts``, calendar-year ``span``
rows included) that differ from a recount of the base tables.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Integer, column, func, select
from sqlalchemy import table as sql_table

from extractor.store import aggregates
from extractor.store.engine import Store
from extractor.store.tables import (activities, activity_countries, activity_partners, activity_regionales,
                                    activity_search, documents, partner_aliases, partners)

STATUSES = ("ok", "partial", "failed")
_LIMIT = 20      # problems listed per check, so a badly broken store still gives a readable report


def check_integrity(store: Store) -> list[str]:
    """Every problem found in ``store``, one line each; [] when the store is consistent."""
    problems: list[str] = []
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            problems += _sqlite_checks(conn)
        problems += _orphans(conn)
        problems += _text_index(conn, store)
        problems += _documents(conn)
        problems += _duplicates(conn)
        problems += aggregates.differences(conn, _LIMIT)
    return problems


def _sqlite_checks(conn: Connection) -> list[str]:
    result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    problems = [f"sqlite integrity_check: {r}" for r in result if r != "ok"][:_LIMIT]
    for row in list(conn.exec_driver_sql("PRAGMA foreign_key_check"))[:_LIMIT]:
        problems.append(f"sqlite foreign_key_check: row {row[1]} of {row[0]} points to a missing {row[2]} row")
    return problems


def _missing(conn: Connection, child: Any, column: Any, parent: Any, label: str) -> list[str]:
    stmt = (select(child.c.id, column).where(column.not_in(select(parent.c.id)))
            .order_by(child.c.id).limit(_LIMIT))
    return [f"orphan: {label} row {r[0]} points to missing id {r[1]}" for r in conn.execute(stmt)]


def _orphans(conn: Connection) -> list[str]:
    return (_missing(conn, activities, activities.c.document_id, documents, "activities.document_id")
            + _missing(conn, activity_partners, activity_partners.c.activity_id, activities,
                       "activity_partners.activity_id")
            + _missing(conn, activity_partners, activity_partners.c.partner_id, partners,
                       "activity_partners.partner_id")
            + _missing(conn, activity_countries, activity_countries.c.activity_id, activities,
                       "activity_countries.activity_id")
            + _missing(conn, activity_regionales, activity_regionales.c.activity_id, activities,
                       "activity_regionales.activity_id")
            + _missing(conn, partner_aliases, partner_aliases.c.partner_id, partners, "partner_aliases.partner_id"))


def _index_table(store: Store) -> tuple[Any, Any]:
    """The text index's table and its activity-id column, for the store's backend."""
    if store.backend.name == "postgres-fts":
        from extractor.store import pg_text
        index = sql_table(pg_text.TABLE, column("activity_id", Integer))
        return index, index.c.activity_id
    table = getattr(store.backend, "table", None)
    if table:   # an FTS5 virtual table keyed by rowid = activity id
        index = sql_table(table, column("rowid", Integer))
        return index, index.c.rowid
    return activity_search, activity_search.c.activity_id


def _text_index(conn: Connection, store: Store) -> list[str]:
    """Every activity indexed once, and nothing else in the index."""
    index, ids = _index_table(store)
    count = conn.execute(select(func.count()).select_from(index)).scalar_one()
    problems = []
    stale = list(conn.execute(select(ids).where(ids.not_in(select(activities.c.id))).limit(_LIMIT)).scalars())
    if stale:
        problems.append(f"text index: {len(stale)}+ entries for missing activities (e.g. {stale[:5]})")
    unindexed = list(conn.execute(select(activities.c.id).where(activities.c.id.not_in(select(ids)))
                                  .limit(_LIMIT)).scalars())
    if unindexed:
        problems.append(f"text index: activities not indexed (e.g. {unindexed[:5]})")
    total = conn.execute(select(func.count()).select_from(activities)).scalar_one()
    if count != total and not stale and not unindexed:
        problems.append(f"text index: {count} entries for {total} activities (some indexed twice)")
    return problems


def _documents(conn: Connection) -> list[str]:
    """Per document: a known status, activities numbered 0..n-1 once each, none on a failed document, and
    evidence inside the document's text."""
    problems = []
    stats = (select(activities.c.document_id, func.count().label("n"), func.min(activities.c.seq).label("lo"),
                    func.max(activities.c.seq).label("hi"), func.count(activities.c.seq.distinct()).label("d"),
                    func.max(activities.c.evidence_end).label("end"), func.min(activities.c.evidence_start)
                    .label("start")).group_by(activities.c.document_id).subquery())
    rows = conn.execute(select(documents.c.id, documents.c.name, documents.c.status,
                               func.length(documents.c.text).label("chars"), stats.c.n, stats.c.lo, stats.c.hi,
                               stats.c.d, stats.c.end, stats.c.start)
                        .outerjoin(stats, stats.c.document_id == documents.c.id).order_by(documents.c.id))
    for r in rows:
        n = r.n or 0
        where = f"document {r.name!r} (id {r.id})"
        if r.status not in STATUSES:
            problems.append(f"{where}: unknown status {r.status!r}")
        if r.status == "failed" and n:
            problems.append(f"{where}: failed but has {n} activities")
        if n and (r.lo != 0 or r.hi != n - 1 or r.d != n):
            problems.append(f"{where}: {n} activities numbered {r.lo}..{r.hi} ({r.d} distinct): "
                            f"an incomplete or doubled write")
        if n and (r.start < 0 or r.end > (r.chars or 0)):
            problems.append(f"{where}: evidence offsets outside its text of {r.chars} characters")
        if len(problems) >= _LIMIT:
            break
    return problems


def _duplicates(conn: Connection) -> list[str]:
    problems = []
    for col, label in ((documents.c.sha256, "content (sha256)"), (documents.c.name, "name")):
        stmt = (select(col, func.count()).where(col.is_not(None)).group_by(col)
                .having(func.count() > 1).limit(_LIMIT))
        problems += [f"duplicate documents: {n} rows with the same {label} {value!r}" for value, n in conn.execute(stmt)]
    return problems


def stored_fingerprints(store: Store) -> dict[str, dict[str, Any]]:
    """sha256 → {document, status, error, extractor_version} of every stored document, in one query: what a
    batch needs to decide which files to skip (``find_document`` per file costs a count over all activities).
    (A candidate for a Store method.)"""
    cols = (documents.c.sha256, documents.c.name, documents.c.status, documents.c.error,
            documents.c.extractor_version)
    with store.engine.connect() as conn:
        rows = conn.execute(select(*cols).where(documents.c.sha256.is_not(None)))
        return {r.sha256: {"document": r.name, "status": r.status, "error": r.error,
                           "extractor_version": r.extractor_version} for r in rows}


__all__ = ["check_integrity", "stored_fingerprints"]
