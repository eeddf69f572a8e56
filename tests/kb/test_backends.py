"""SQLite and PostgreSQL hold the same store: same export of the whole corpus, Alembic schema on both,
v1 stores upgraded, and concurrent ingest processes against one PostgreSQL store."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from extractor.ingest import ingest_paths
from extractor.store import SearchQuery, open_store
from extractor.store.schema import SCHEMA_VERSION, alembic_config, head_revision
from tests.conftest import CORPUS, SEED_DIR

from .bulletins import Item, search_corpus, write_bulletin

V1_DUMP = Path(__file__).with_name("data") / "v1_store.sql"


def _corpus_copy(folder: Path) -> Path:
    """corpus/ (its bulletins, not its build scripts) plus the seed renditions under distinct names."""
    folder.mkdir()
    for f in sorted(CORPUS.iterdir()):
        if f.is_file():
            shutil.copy2(f, folder / f.name)
    for f in sorted(SEED_DIR.iterdir()):
        if f.is_file() and f.name.startswith("boletin_"):
            shutil.copy2(f, folder / f"seed_{f.name}")
    return folder


class _Both:
    """The part of the Store API ingest uses, writing to two stores (keeps the test fast)."""

    def __init__(self, first, second) -> None:
        self.first, self.second = first, second

    def find_document(self, **kw):
        return self.first.find_document(**kw)

    def save_document(self, doc, acts):
        self.second.save_document(doc, acts)
        return self.first.save_document(doc, acts)

    def record_failure(self, doc):
        self.second.record_failure(doc)
        return self.first.record_failure(doc)


def _snapshot(url: str) -> tuple[list, list, list, dict]:
    with open_store(url) as store:
        acts = list(store.export_activities())
        docs = store.export_documents()
        partners = sorted((p["name"], p["country"], p["type"], sorted(p["aliases"]), p["activities"])
                          for p in store.list_partners())
        facets = store.search(SearchQuery(limit=0)).facets
    return acts, docs, partners, facets


def test_same_export_on_sqlite_and_postgres(tmp_path: Path, pg_url: str) -> None:
    folder = _corpus_copy(tmp_path / "corpus")
    sqlite_url = f"sqlite:///{tmp_path / 'kb.db'}"
    with open_store(sqlite_url) as lite_store, open_store(pg_url) as pg_store:
        outcomes = ingest_paths(_Both(lite_store, pg_store), [folder])   # each file read once, saved twice
    assert sum(o.status == "ok" for o in outcomes) >= 10
    lite, pg = _snapshot(sqlite_url), _snapshot(pg_url)
    assert len(lite[0]) > 100 and sum(d["status"] in ("ok", "partial") for d in lite[1]) >= 10
    assert [json.dumps(r, sort_keys=True) for r in lite[0]] == [json.dumps(r, sort_keys=True) for r in pg[0]]
    assert lite[1] == pg[1]
    assert lite[2] == pg[2]
    assert lite[3] == pg[3]
    # text search agrees too (accents, plurals) on the real corpus
    for q in ("aprendiz", "formacion", "energías renovables", "Japón"):
        with open_store(sqlite_url) as a, open_store(pg_url) as b:
            ra, rb = a.search(SearchQuery(text=q, limit=None)), b.search(SearchQuery(text=q, limit=None))
        assert ra.total > 0 and {r["id"] for r in ra.results} == {r["id"] for r in rb.results}, q


def test_four_ingest_processes_share_one_postgres_store(tmp_path: Path, pg_empty_url: str) -> None:
    folder = tmp_path / "in"
    search_corpus(folder)
    for n in range(3):
        write_bulletin(folder, f"boletin_202{n}T2_extra.md", f"Segundo trimestre 202{n}", [
            Item("alliance", f"Convenio {n} con KOICA", "KOICA", "Corea del Sur", "Huila",
                 f"del 2 al 9 de mayo de 202{n}", body="Convenio."),
            Item("training", f"Curso {n} de soldadura", "Fundación Técnica del Pacífico Sur", "Chile", "Cauca",
                 f"del 12 al 19 de junio de 202{n}", "diez instructores", body="Curso."),
        ])
    env = {**os.environ, "EXTRACTOR_DATABASE_URL": pg_empty_url}   # a fresh database: the schema races too
    cmd = [sys.executable, "-m", "extractor", "ingest", "--json"]
    procs = [subprocess.Popen(cmd + (["--force"] if n % 2 else []) + [str(folder)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(4)]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (out, errs) in zip(procs, results):
        assert p.returncode == 0, errs
        assert json.loads(out)["counts"]["failed"] == 0
    engine = create_engine(pg_empty_url)
    with engine.connect() as conn:
        q = lambda sql: conn.execute(text(sql)).scalar()   # noqa: E731
        assert q("SELECT count(*) FROM documents") == 6
        assert q("SELECT count(*) FROM activities") == 12
        assert q("SELECT count(*) FROM (SELECT document_id, seq FROM activities GROUP BY 1, 2 HAVING count(*) > 1) d") == 0
        assert q("SELECT count(*) FROM partners") == q("SELECT count(DISTINCT key) FROM partners")
        assert q("SELECT count(*) FROM partners WHERE entry_id = 'koica'") == 1
        assert q("SELECT count(*) FROM partners WHERE name = 'Fundación Técnica del Pacífico Sur'") == 1
        assert q("SELECT count(*) FROM activity_fts_pg") == 12
        assert q("SELECT version_num FROM alembic_version") == head_revision()
    engine.dispose()
    with open_store(pg_empty_url) as store:
        assert store.search(SearchQuery(partners=["KOICA"])).total == 6


def _columns(url: str) -> dict[str, set[str]]:
    engine = create_engine(url)
    insp = inspect(engine)
    out = {t: {c["name"] for c in insp.get_columns(t)} | {f"ix:{i['name']}" for i in insp.get_indexes(t)}
           for t in insp.get_table_names() if not t.startswith("activity_fts")}
    engine.dispose()
    return out


def test_v1_sqlite_store_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    raw = sqlite3.connect(path)
    raw.executescript(V1_DUMP.read_text(encoding="utf-8"))
    raw.close()
    with open_store(str(path)) as store:
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            assert conn.execute(text("SELECT version FROM schema_version")).scalar() == SCHEMA_VERSION
        assert store.search(SearchQuery(text="aprendiz")).total == 2          # old text index kept
        koica = store.get_partner("KOICA")
        assert koica["entry_id"] == "koica"                                   # linked to the gazetteer
        store.rename_partner("KOICA", "KOICA (Corea)")                        # curation works on it
        assert store.search(SearchQuery(partners=["KOICA (Corea)"])).total == 1
    fresh = tmp_path / "fresh.db"
    open_store(str(fresh)).close()
    assert _columns(f"sqlite:///{path}") == _columns(f"sqlite:///{fresh}")   # migrated == created at head


def test_postgres_fresh_and_migrated_schemas_agree(pg_empty_url: str, pg_url: str) -> None:
    from alembic import command
    with open_store(pg_empty_url) as store:
        store.save_document(*_one_doc())
        with store.engine.begin() as conn:   # back to the v1 schema, data kept
            command.downgrade(alembic_config(conn), "0001_v1")
    assert "partner_curation" not in _columns(pg_empty_url)
    with open_store(pg_empty_url) as store:                                   # upgraded on open
        assert type(store.backend).__name__ == "PgFtsBackend"
        assert store.search(SearchQuery(text="aprendiz")).total == 1          # text index rebuilt
        assert store.get_partner("KOICA")["entry_id"] == "koica"
    assert _columns(pg_empty_url) == _columns(pg_url)


def _one_doc():
    from tests.store import act, doc, partner
    return doc("uno.md"), [act("Curso con KOICA", text="Formación de aprendices.", partners=[partner("KOICA")])]
