"""Store: opening, schema, saving/replacing in one transaction, failures, reading and export shapes."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from extractor.store import (DocumentNotFound, PartnerNotFound, SaveError, SearchQuery, Store, StoreError, open_store,
                             resolve_url, write_csv)
from extractor.store.engine import SCHEMA_VERSION

from . import act, doc, partner

SECTION1_KEYS = {"id", "document", "kind", "title", "partners", "countries", "cities", "date_start", "date_end",
                 "beneficiaries", "regionales", "evidence"}
SECTION2_KEYS = {"document", "sha256", "title", "period_start", "period_end", "pages", "status", "activities"}

BODY = ("Convenio con la Fundación Horizonte Austral para formar aprendices. "
        "Movilidad de instructores a Valparaíso en mayo.")
SECOND = (BODY.index("Movilidad"), len(BODY))


@pytest.fixture
def store(store_url: str) -> Store:
    s = open_store(store_url)
    yield s
    s.close()


def two_activities() -> list:
    return [
        act("Convenio con Fundación Horizonte Austral", kind="alliance",
            partners=[partner("Fundación Horizonte Austral", "FHA", "cl")], countries=["cl"], ev=(0, SECOND[0] - 1)),
        act("Movilidad de instructores", kind="mobility_out", countries=["CL"], cities=["Valparaíso"],
            start=date(2024, 5, 6), end=date(2024, 5, 10), beneficiaries=4, regionales=["co-ant", "CO-DC"],
            partners=[partner("Universidad Marítima del Sur", None, "CL"), partner("FHA")], ev=SECOND),
    ]


# --- opening -----------------------------------------------------------------------------------------------

def test_resolve_url_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EXTRACTOR_DATABASE_URL", raising=False)
    assert resolve_url("x.db") == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql+psycopg://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'extractor.db'}"
    monkeypatch.setenv("EXTRACTOR_DATABASE_URL", "sqlite:////elsewhere/k.db")
    assert resolve_url(None) == "sqlite:////elsewhere/k.db"
    assert resolve_url("y.db") == f"sqlite:///{tmp_path / 'y.db'}"   # --db wins over the environment


def test_open_creates_schema_with_sqlite_settings(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with open_store(str(path)) as s:
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
            assert conn.execute(text("SELECT version FROM schema_version")).scalar() == SCHEMA_VERSION
    assert path.exists()
    with open_store(f"sqlite:///{path}") as again:   # reopening an existing store works
        assert again.list_documents() == []


@pytest.mark.parametrize("make", ["directory", "missing_parent", "not_a_database", "bad_scheme"])
def test_unusable_db_raises_store_error(tmp_path: Path, make: str) -> None:
    target = {
        "directory": str(tmp_path),
        "missing_parent": str(tmp_path / "nope" / "kb.db"),
        "not_a_database": str(tmp_path / "notes.txt"),
        "bad_scheme": "nosuchdialect://host/db",
    }[make]
    (tmp_path / "notes.txt").write_text("just some text, not a database\n" * 20)
    with pytest.raises(StoreError) as info:
        open_store(target)
    assert "\n" not in str(info.value) and str(info.value)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 5,))
    with pytest.raises(StoreError, match="newer"):
        open_store(str(path))


def test_older_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE schema_version SET version = 0")
    with open_store(str(path)) as s, s.engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_version")).scalar() == SCHEMA_VERSION


# --- saving ------------------------------------------------------------------------------------------------

def test_save_and_export_shape(store: Store) -> None:
    doc_id = store.save_document(doc(text=BODY), two_activities())
    assert isinstance(doc_id, int)
    records = list(store.export_activities())
    assert len(records) == 2
    for rec in records:
        assert SECTION1_KEYS <= rec.keys()
        assert rec["document"] == "boletin_prueba.pdf"
        assert all(set(p) == {"name", "acronym", "country"} for p in rec["partners"])
        json.dumps(rec)   # plain JSON values only
    first, second = records
    assert first["kind"] == "alliance" and first["countries"] == ["CL"]
    assert first["partners"] == [{"name": "Fundación Horizonte Austral", "acronym": "FHA", "country": "CL"}]
    assert second["date_start"] == "2024-05-06" and second["date_end"] == "2024-05-10"
    assert second["regionales"] == ["CO-ANT", "CO-DC"] and second["cities"] == ["Valparaíso"]
    assert second["beneficiaries"] == 4
    assert second["evidence"] == {"page": 1, "start": SECOND[0], "end": SECOND[1]}
    # the written name is kept on the link even though it resolved to the registry's partner
    assert [p["name"] for p in second["partners"]] == ["Universidad Marítima del Sur", "FHA"]
    assert first["date_start"] is None and first["beneficiaries"] is None


def test_export_documents_shape(store: Store) -> None:
    store.save_document(doc("a.pdf", text=BODY), two_activities())
    store.save_document(doc("b.docx", title=None, period=(None, None)), [])
    rows = store.export_documents()
    assert [r["document"] for r in rows] == ["a.pdf", "b.docx"]
    assert all(SECTION2_KEYS <= r.keys() for r in rows)
    a, b = rows
    assert (a["activities"], a["period_start"], a["period_end"], a["status"]) == (2, "2024-04-01", "2024-06-30", "ok")
    assert (b["activities"], b["title"], b["period_start"]) == (0, None, None)
    assert store.export_documents(["b.docx"]) == [b]


def test_resave_replaces_activities_and_never_reuses_ids(store: Store) -> None:
    first_id = store.save_document(doc(text=BODY), two_activities())
    old_ids = {r["id"] for r in store.export_activities()}
    again = store.save_document(doc(text=BODY, title="Nuevo título"), [act("Una sola actividad", kind="event")])
    assert again == first_id
    recs = list(store.export_activities())
    assert [r["title"] for r in recs] == ["Una sola actividad"]
    assert recs[0]["id"] not in old_ids
    assert store.find_document("boletin_prueba.pdf")["title"] == "Nuevo título"
    assert len(store.list_documents()) == 1
    # the replaced activities are gone from the text index too
    assert store.search(SearchQuery(text="Horizonte")).total == 0


def test_same_content_under_new_name_replaces_old_row(store: Store) -> None:
    store.save_document(doc("old_name.pdf", sha="same"), two_activities())
    store.save_document(doc("new_name.pdf", sha="same"), [act("Otra", kind="training")])
    assert [d["document"] for d in store.list_documents()] == ["new_name.pdf"]
    assert [r["document"] for r in store.export_activities()] == ["new_name.pdf"]


def test_failed_save_leaves_old_version_intact(store: Store) -> None:
    store.save_document(doc(text=BODY), two_activities())
    before = list(store.export_activities())
    bad = [act("Buena", kind="training"), act("Mala", kind="not-a-kind")]   # fails on the 2nd insert
    with pytest.raises(SaveError) as info:
        store.save_document(doc(text="otro texto", title="Nunca guardado"), bad)
    assert "boletin_prueba.pdf" in str(info.value)
    assert list(store.export_activities()) == before
    assert store.find_document("boletin_prueba.pdf")["title"] == "Boletín de prueba"
    assert store.document_text("boletin_prueba.pdf") == BODY
    assert store.search(SearchQuery(text="Horizonte")).total == 2        # text index rolled back as well
    assert store.search(SearchQuery(text="Buena")).total == 0


def test_failed_first_save_writes_nothing(store: Store) -> None:
    with pytest.raises(SaveError):
        store.save_document(doc("x.pdf"), [act("Mala", kind="bogus")])
    assert store.list_documents() == [] and list(store.export_activities()) == []


# --- failures ----------------------------------------------------------------------------------------------

def test_first_failure_is_recorded(store: Store) -> None:
    store.record_failure(doc("roto.pdf", status="failed", error="roto.pdf: not a PDF"))
    [row] = store.list_documents(status="failed")
    assert (row["document"], row["status"], row["error"], row["activities"]) == ("roto.pdf", "failed",
                                                                                 "roto.pdf: not a PDF", 0)
    assert store.export_documents()[0]["status"] == "failed"
    assert store.list_documents(status="ok") == []


def test_failed_reread_keeps_good_version(store: Store) -> None:
    store.save_document(doc(text=BODY), two_activities())
    store.record_failure(doc(sha="changed", status="failed", error="encrypted"))
    found = store.find_document("boletin_prueba.pdf")
    assert (found["status"], found["activities"], found["last_error"], found["sha256"]) == (
        "ok", 2, "encrypted", "sha-boletin_prueba.pdf")
    store.save_document(doc(text=BODY), two_activities())
    assert store.find_document("boletin_prueba.pdf")["last_error"] is None


def test_repeated_failure_updates_failed_row_and_later_success_replaces_it(store: Store) -> None:
    store.record_failure(doc("f.pdf", status="failed", error="first"))
    store.record_failure(doc("f.pdf", status="failed", error="second"))
    [row] = store.list_documents()
    assert row["error"] == "second"
    store.save_document(doc("f.pdf"), [act("Ahora sí", kind="event")])
    [row] = store.list_documents()
    assert (row["status"], row["error"], row["activities"]) == ("ok", None, 1)


# --- reading -----------------------------------------------------------------------------------------------

def test_find_document(store: Store) -> None:
    store.save_document(doc("a.pdf", sha="h1"), [])
    assert store.find_document(name="a.pdf")["sha256"] == "h1"
    assert store.find_document(sha256="h1")["document"] == "a.pdf"
    assert store.find_document(name="zzz.pdf") is None
    assert store.find_document() is None


def test_document_text_and_evidence_slice(store: Store) -> None:
    store.save_document(doc(text=BODY), two_activities())
    assert store.document_text("boletin_prueba.pdf") == BODY
    assert store.document_text("boletin_prueba") == BODY   # without extension, when unambiguous
    rec = list(store.export_activities())[1]
    assert BODY[rec["evidence"]["start"]:rec["evidence"]["end"]].startswith("Movilidad de instructores")
    with pytest.raises(DocumentNotFound):
        store.document_text("missing.pdf")


def test_ambiguous_name_without_extension(store: Store) -> None:
    store.save_document(doc("b.pdf"), [])
    store.save_document(doc("b.docx"), [])
    with pytest.raises(DocumentNotFound, match="ambiguous"):
        store.document_text("b")


def test_get_activity(store: Store) -> None:
    store.save_document(doc(text=BODY), two_activities())
    rec = list(store.export_activities())[1]
    full = store.get_activity(rec["id"])
    assert SECTION1_KEYS <= full.keys()
    assert full["passage"] == BODY[SECOND[0]:SECOND[1]] == BODY[SECOND[0]:]
    assert full["document_info"]["document"] == "boletin_prueba.pdf"
    assert full["values"][0]["field"] == "title"
    assert full["partners"][1]["canonical"] == "Fundación Horizonte Austral"   # "FHA" resolved by acronym
    assert store.get_activity(str(rec["id"]))["id"] == rec["id"]
    assert store.get_activity(999999) is None and store.get_activity("abc") is None
    # Ids typed by a user that no row can have: beyond a 64-bit integer (SQLite raised OverflowError), past
    # PostgreSQL's SERIAL, not ASCII digits ("²" passes str.isdigit, int() refuses it), zero, negative.
    for odd in ("12345678901234567890", 2**63, 2**31 + 5, "²", "١٢", "-1", "0", " 7 7", ""):
        assert store.get_activity(odd) is None, odd
        with pytest.raises(PartnerNotFound):
            store.get_partner(odd)
    assert store.get_partner(f" {full['partners'][1]['partner_id']} ")["name"] == "Fundación Horizonte Austral"


def test_export_named_documents(store: Store) -> None:
    store.save_document(doc("a.pdf"), [act("De A")])
    store.save_document(doc("b.pdf"), [act("De B"), act("Otra de B")])
    assert [r["title"] for r in store.export_activities(["b.pdf"])] == ["De B", "Otra de B"]
    with pytest.raises(DocumentNotFound):
        store.export_activities(["a.pdf", "nope.pdf"])


# --- partner registry --------------------------------------------------------------------------------------

def test_partner_registry_merges_written_forms(store: Store) -> None:
    store.save_document(doc("a.pdf"), [act("Uno", partners=[partner("Instituto Técnico Boreal", "ITB", "NO")])])
    store.save_document(doc("b.pdf"), [act("Dos", partners=[partner("INSTITUTO TECNICO BOREAL")]),
                                       act("Tres", partners=[partner("Boreal Tech", "I.T.B.")])])
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM partners")).scalar() == 1
        assert conn.execute(text("SELECT country FROM partners")).scalar() == "NO"
    facets = store.search(SearchQuery()).facets["partner"]
    assert facets == {"Instituto Técnico Boreal": 3}
    names = [p["name"] for r in store.export_activities() for p in r["partners"]]
    assert names == ["Instituto Técnico Boreal", "INSTITUTO TECNICO BOREAL", "Boreal Tech"]


def test_partner_with_only_acronym_and_empty_partner(store: Store) -> None:
    store.save_document(doc(), [act("Uno", partners=[partner("", "OXQ"), partner("  ")])])
    [rec] = store.export_activities()
    assert rec["partners"] == [{"name": "OXQ", "acronym": "OXQ", "country": None}]


# --- CSV -----------------------------------------------------------------------------------------------------

def test_write_csv(store: Store) -> None:
    store.save_document(doc(text=BODY), two_activities())
    buf = io.StringIO()
    assert write_csv(store.export_activities(), buf) == 2
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert SECTION1_KEYS <= set(rows[0])
    second = rows[1]
    assert second["partners"] == "Universidad Marítima del Sur; FHA"
    assert second["regionales"] == "CO-ANT; CO-DC"
    assert second["date_start"] == "2024-05-06" and rows[0]["date_start"] == ""
    assert (second["evidence"], second["evidence_start"], second["evidence_end"]) == (
        f"1:{SECOND[0]}-{SECOND[1]}", str(SECOND[0]), str(SECOND[1]))


def test_write_csv_documents(store: Store) -> None:
    from extractor.store.export import DOCUMENT_FIELDS
    store.save_document(doc("a.pdf"), [act("x")])
    buf = io.StringIO()
    write_csv(store.export_documents(), buf, DOCUMENT_FIELDS)
    [row] = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["document"] == "a.pdf" and row["activities"] == "1" and set(row) == set(DOCUMENT_FIELDS)


def test_concurrent_writers_share_one_registry(store_url: str) -> None:
    path = store_url
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            with open_store(path) as s:   # each thread its own Store, as separate processes would
                for i in range(5):
                    s.save_document(doc(f"w{n}_{i}.pdf"), [act(f"Actividad {n}-{i}",
                                                              partners=[partner("Consorcio Común", "CCM")])])
        except BaseException as exc:   # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(path) as s:
        assert len(s.list_documents()) == 20
        assert s.search(SearchQuery(partners=["ccm"])).facets["partner"] == {"Consorcio Común": 20}
