"""check_integrity finds each kind of damage a crash or a buggy writer could leave (and nothing in a sound store)."""

from __future__ import annotations

import sqlite3

import pytest

from extractor.ingest import ingest_paths
from extractor.store import open_store
from extractor.store.integrity import check_integrity
from tests.batch.hostile import bulletin_md


@pytest.fixture
def db(tmp_path):
    for n in (1, 2):
        (tmp_path / f"b{n}.md").write_text(bulletin_md(n), encoding="utf-8")
    (tmp_path / "vacia.md").write_text("   \n", encoding="utf-8")
    path = str(tmp_path / "s.db")
    with open_store(path) as store:
        ingest_paths(store, [tmp_path])
        assert check_integrity(store) == []
    return path


def _damage(db: str, *sql: str) -> list[str]:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys=OFF")
    with conn:
        for statement in sql:
            conn.execute(statement)
    conn.close()
    with open_store(db) as store:
        return check_integrity(store)


def test_unindexed_activity(db):
    problems = _damage(db, "DELETE FROM activity_fts WHERE rowid = (SELECT min(id) FROM activities)")
    assert any("not indexed" in p for p in problems)


def test_stale_index_entry(db):
    problems = _damage(db, "INSERT INTO activity_fts (rowid, title) VALUES (999999, 'x')")
    assert any("missing activities" in p for p in problems)


def test_orphan_activity(db):
    problems = _damage(db, "UPDATE activities SET document_id = 4242 WHERE id = (SELECT min(id) FROM activities)")
    assert any("orphan: activities.document_id" in p for p in problems)
    assert any("foreign_key_check" in p for p in problems)


def test_half_written_document(db):
    problems = _damage(db, "DELETE FROM activity_countries WHERE activity_id = (SELECT max(id) FROM activities)",
                       "DELETE FROM activity_partners WHERE activity_id = (SELECT max(id) FROM activities)",
                       "DELETE FROM activity_regionales WHERE activity_id = (SELECT max(id) FROM activities)",
                       "DELETE FROM activity_fts WHERE rowid = (SELECT max(id) FROM activities)",
                       "DELETE FROM activities WHERE id = (SELECT id FROM activities WHERE seq = 0 LIMIT 1)")
    assert any("incomplete or doubled write" in p for p in problems), problems


def test_failed_document_with_activities(db):
    problems = _damage(db, "UPDATE documents SET status = 'failed' WHERE name = 'b1.md'")
    assert any("failed but has" in p for p in problems)
    problems = _damage(db, "UPDATE documents SET status = 'half' WHERE name = 'b2.md'")
    assert any("unknown status" in p for p in problems)


def test_evidence_outside_text(db):
    problems = _damage(db, "UPDATE documents SET text = 'x' WHERE name = 'b1.md'")
    assert any("evidence offsets outside" in p for p in problems)
