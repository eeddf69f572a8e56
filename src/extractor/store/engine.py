"""Opening a store (URL resolution, SQLite settings, schema and migrations) and the Store API."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (Connection, Engine, create_engine, delete, event, func, insert, select, update)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from extractor.model.activity import Activity, DocumentRecord, PartnerRef
from extractor.store import aggregates, registry
from extractor.store.export import document_records, iso, iter_records, load_records
from extractor.store.registry import PartnerNotFound, Registry, RegistryState
from extractor.store.schema import SAVE_LOCK, SCHEMA_VERSION, SchemaError, ensure_schema
from extractor.store.state import bump_content_generation, snapshot
from extractor.store.search import (HITS_DDL, IndexEntry, SearchQuery, SearchResult, TextBackend, backend_for,
                                    normalise_key, run_search)
from extractor.store.tables import (activities, activity_countries, activity_partners, activity_regionales, documents,
                                    partners, row_id)

if TYPE_CHECKING:
    from extractor.store.search_index import IndexedSearch


ENV_VAR = "EXTRACTOR_DATABASE_URL"
DEFAULT_DB_NAME = "extractor.db"
BUSY_TIMEOUT_S = 30
SAVE_ATTEMPTS = 4
_RETRY_SQLSTATES = {"40001", "40P01"}   # serialization failure, deadlock: safe to run the transaction again

__all__ = ["SCHEMA_VERSION", "DocumentNotFound", "PartnerNotFound", "SaveError", "Store", "StoreError", "open_store",
           "resolve_url"]


class StoreError(Exception):
    """The store cannot be opened or used (the CLI's exit code 2); ``str()`` is one line."""


class DocumentNotFound(StoreError, KeyError):
    def __str__(self) -> str:   # KeyError would quote the message
        return str(self.args[0]) if self.args else "document not found"


class SaveError(Exception):
    """One document could not be saved (that file failed); nothing of it was written."""


def _one_line(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return msg[0] if msg else type(exc).__name__


# --- URLs and engines ------------------------------------------------------------------------------------

def resolve_url(db: str | os.PathLike[str] | None) -> str:
    """A file path → ``sqlite:///abs/path``; a URL (``scheme://…``) as is; None → $EXTRACTOR_DATABASE_URL or
    ``sqlite:///<cwd>/extractor.db``."""
    value = os.fspath(db) if db is not None else None
    if not value or not value.strip():
        value = os.environ.get(ENV_VAR, "").strip() or None
    if value is None:
        return f"sqlite:///{Path.cwd() / DEFAULT_DB_NAME}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().absolute()}"


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _check_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.is_dir():
        raise StoreError(f"cannot open store {path}: it is a directory")
    if not path.parent.is_dir():
        raise StoreError(f"cannot open store {path}: folder {path.parent} does not exist")
    if path.exists():
        try:
            with path.open("rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise StoreError(f"cannot open store {path}: {exc.strerror or exc}") from None
        if head and head != b"SQLite format 3\x00":
            raise StoreError(f"cannot open store {path}: not an SQLite database")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None   # SQLAlchemy emits BEGIN itself (below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(HITS_DDL)   # the search's temporary table, once per connection
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front, so busy_timeout applies instead of a failed lock upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")


def _create_hits_table(engine: Engine) -> None:
    """PostgreSQL: each pooled connection gets the search's temporary table once, not once per search."""
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(HITS_DDL)
        cur.close()
        dbapi_conn.commit()


def make_engine(url: str) -> Engine:
    try:
        sa_url = make_url(url)
        if sa_url.get_backend_name() == "sqlite":
            _check_sqlite_file(url)
            engine = create_engine(sa_url, connect_args={"timeout": BUSY_TIMEOUT_S})
            _configure_sqlite(engine)
        else:
            engine = create_engine(sa_url, pool_pre_ping=True)
            _create_hits_table(engine)
    except StoreError:
        raise
    except Exception as exc:   # noqa: BLE001 - unknown dialects, missing drivers, malformed URLs
        raise StoreError(f"cannot open store {_safe(url)}: {_one_line(exc)}") from None
    return engine


def open_store(url: str | None = None) -> Store:
    """Open (creating or migrating the schema if needed) the store at ``url`` (a path or URL, see resolve_url)."""
    url = resolve_url(url)
    engine = make_engine(url)
    try:
        ensure_schema(engine)
        backend = backend_for(engine)
        with engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                backend.setup(conn)
    except SchemaError as exc:
        engine.dispose()
        raise StoreError(str(exc)) from None
    except StoreError:
        engine.dispose()
        raise
    except Exception as exc:   # noqa: BLE001 - "file is not a database", unreachable server, read-only file…
        engine.dispose()
        raise StoreError(f"cannot open store {_safe(url)}: {_one_line(exc)}") from None
    return Store(engine, backend)


# --- the store -------------------------------------------------------------------------------------------

def _now() -> datetime:
    return datetime.now(timezone.utc)


def _document_values(doc: DocumentRecord) -> dict[str, Any]:
    return {
        "name": doc.document, "path": doc.path, "sha256": doc.sha256 or None, "format": doc.format,
        "reader": doc.reader, "title": doc.title, "period_start": doc.period_start, "period_end": doc.period_end,
        "pages": doc.pages, "pages_ocr": doc.pages_ocr, "status": doc.status, "error": doc.error,
        "last_error": None, "warnings": list(doc.warnings), "text": doc.text,
        "extractor_version": doc.extractor_version, "ingested_at": _now(),
    }


_TOUCHED = "extractor_documents_touched"


def _documents_only(conn: Connection, *doc_ids: int) -> None:
    """Declare that the write transaction of ``conn`` changes only what search reads of ``doc_ids``: their
    activities, with their links, text index and partners' names (documents deleted whole need no naming),
    besides new partners and what search does not read (aliases, partners' countries and types, curation
    decisions; state.py). Any write that does not say so counts as a rewrite."""
    touched = conn.info.get(_TOUCHED)
    conn.info[_TOUCHED] = (touched or set()) | set(doc_ids)


def _codes(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v.strip().upper() for v in values if v and v.strip()))


class Store:
    def __init__(self, engine: Engine, backend: TextBackend) -> None:
        self.engine = engine
        self.backend = backend
        self._registry = RegistryState()   # kept between saves; see RegistryState
        self._facet_delta: Counter[tuple[str, str, str, str]] = Counter()   # of the write transaction
        self.search_index: IndexedSearch | None = None     # see use_search_index

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        if self.search_index is not None:
            self.search_index.close()
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self, lock: bool = False) -> Iterator[Connection]:
        """A write transaction; with ``lock``, writers of documents and partners take turns (PostgreSQL: an
        advisory lock, so processes on several machines never race on the registry; SQLite: BEGIN IMMEDIATE)."""
        with self.engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                if lock and conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SAVE_LOCK})")
                conn.info[_TOUCHED] = None      # a rewrite, unless the work says otherwise (_documents_only)
                try:
                    yield conn
                    # In-memory search indexes of this store are now stale: a rewrite, or some documents changed.
                    touched = conn.info[_TOUCHED]
                    generation = bump_content_generation(conn, rewrite=touched is None)
                    if touched:
                        conn.execute(update(documents).where(documents.c.id.in_(sorted(touched)))
                                     .values(changed_generation=generation))
                finally:
                    conn.info.pop(_TOUCHED, None)

    def _retrying(self, work: Callable[[Connection], int]) -> int:
        for attempt in range(SAVE_ATTEMPTS):
            try:
                with self._write(lock=True) as conn:
                    self._check_registry(conn)
                    self._facet_delta = Counter()
                    result = work(conn)
                    aggregates.write(conn, self._facet_delta)   # net: a re-save of the same items writes nothing
                    self._registry_written(conn)
                    return result
            except BaseException as exc:
                self._registry.clear()   # it may hold rows of the transaction just rolled back
                state = getattr(getattr(exc, "orig", None), "sqlstate", None)
                if not isinstance(exc, DBAPIError) or state not in _RETRY_SQLSTATES or attempt == SAVE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _check_registry(self, conn: Connection) -> None:
        """Drop the kept registry state if another writer changed the registry since this store last wrote."""
        st = self._registry
        st.changed = False
        if not st.loaded or registry.read_generation(conn) != st.generation:
            st.clear()

    def _registry_written(self, conn: Connection) -> None:
        st = self._registry
        if st.changed or st.generation is None:
            st.generation = registry.bump_generation(conn) if st.changed else registry.read_generation(conn)
            st.changed = False

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    # --- writing -----------------------------------------------------------------------------------------

    def save_document(self, doc: DocumentRecord, acts: list[Activity]) -> int:
        """Store a read document and its activities in one transaction; return the document id.

        A stored document of the same name (else of the same sha256) is replaced with its activities; if the
        name matches one row and the sha256 another, the other (the same content under an old name) goes.
        On any error nothing is written and SaveError is raised.
        """
        def work(conn: Connection) -> int:
            doc_id, replaced = self._upsert_document(conn, doc)
            self._insert_activities(conn, doc_id, doc, acts)
            _documents_only(conn, doc_id)   # this document's rows (and those of any it replaced, now gone)
            if replaced:           # only replaced activities can leave partners without any (a scan of all)
                self._prune(conn)
            return doc_id

        try:
            return self._retrying(work)
        except SQLAlchemyError as exc:
            raise SaveError(f"{doc.document}: cannot save: {_one_line(exc)}") from exc

    def record_failure(self, doc: DocumentRecord) -> int:
        """Record a document that could not be read; return its id.

        A first failure stores a row with status ``failed`` and no activities. A failed re-read of a document
        stored as ok/partial destroys nothing: its version and activities stay, and the failure is kept in
        ``last_error`` (cleared by the next successful save).
        """
        error = doc.error or "failed"

        def work(conn: Connection) -> int:
            row = self._existing(conn, doc.document, doc.sha256 or None)
            if row is not None and row.status in ("ok", "partial"):
                conn.execute(update(documents).where(documents.c.id == row.id).values(last_error=error))
                _documents_only(conn)     # a note on the document: no activity changes
                return int(row.id)
            values = _document_values(doc) | {"status": "failed", "error": error}
            sha_owner = conn.execute(select(documents.c.id).where(documents.c.sha256 == values["sha256"])
                                     ).scalar() if values["sha256"] else None
            if sha_owner is not None and (row is None or sha_owner != row.id):
                values["sha256"] = None
            _documents_only(conn, *([] if row is None else [row.id]))    # its activities, if it had any, go
            if row is None:
                return int(conn.execute(insert(documents).values(**values)).inserted_primary_key[0])
            self._drop_activities(conn, row.id)
            conn.execute(update(documents).where(documents.c.id == row.id).values(**values))
            self._prune(conn)
            return int(row.id)

        try:
            return self._retrying(work)
        except SQLAlchemyError as exc:
            raise SaveError(f"{doc.document}: cannot record failure: {_one_line(exc)}") from exc

    def _prune(self, conn: Connection) -> None:
        if registry.prune(conn):
            self._registry.clear()        # its partners and their aliases are gone
            self._registry.changed = True

    def _existing(self, conn: Connection, name: str, sha256: str | None) -> Any:
        row = conn.execute(select(documents.c.id, documents.c.status).where(documents.c.name == name)).first()
        if row is None and sha256:
            row = conn.execute(select(documents.c.id, documents.c.status)
                               .where(documents.c.sha256 == sha256)).first()
        return row

    def _drop_activities(self, conn: Connection, doc_id: int) -> int:
        """Delete a document's activities (with their facet counts and text index); return how many."""
        ids = list(conn.execute(select(activities.c.id).where(activities.c.document_id == doc_id)).scalars())
        if not ids:
            return 0
        self._facet_delta.update(aggregates.count(aggregates.stored_values(conn, ids), -1))
        self.backend.unindex(conn, ids)   # a virtual text index has no foreign-key cascade
        conn.execute(delete(activities).where(activities.c.document_id == doc_id))
        return len(ids)

    def _upsert_document(self, conn: Connection, doc: DocumentRecord) -> tuple[int, int]:
        """(document id, activities of earlier versions it replaced)."""
        values = _document_values(doc)
        row = self._existing(conn, doc.document, values["sha256"])
        replaced = 0
        if values["sha256"]:
            others = conn.execute(select(documents.c.id).where(documents.c.sha256 == values["sha256"])).scalars()
            for other in [o for o in others if row is None or o != row.id]:
                replaced += self._drop_activities(conn, other)
                conn.execute(delete(documents).where(documents.c.id == other))
        if row is None:
            return int(conn.execute(insert(documents).values(**values)).inserted_primary_key[0]), replaced
        replaced += self._drop_activities(conn, row.id)
        conn.execute(update(documents).where(documents.c.id == row.id).values(**values))
        return int(row.id), replaced

    def _insert_activities(self, conn: Connection, doc_id: int, doc: DocumentRecord, acts: list[Activity]) -> None:
        """All activities in one multi-row insert, then their links, text index and facet counts in batches."""
        if not acts:
            return
        rows, links = [], []
        for seq, act in enumerate(acts):
            start, end = (act.date_start, act.date_end)
            if start is None and end is None:
                start, end = doc.period_start, doc.period_end
            year = (start or end).year if (start or end) else None
            countries, regionales = _codes(act.countries), _codes(act.regionales)
            links.append((countries, regionales, year))
            rows.append(dict(
                document_id=doc_id, seq=seq, kind=act.kind, title=act.title, section=act.section,
                countries=countries, cities=list(act.cities), date_start=act.date_start, date_end=act.date_end,
                date_precision=act.date_precision, beneficiaries=act.beneficiaries, regionales=regionales,
                text=act.text, evidence_page=act.evidence.page, evidence_start=act.evidence.start,
                evidence_end=act.evidence.end, values=[v.model_dump(mode="json") for v in act.values],
                span_start=start, span_end=end, year=year,
            ))
        ids = [int(i) for i in conn.execute(
            insert(activities).returning(activities.c.id, sort_by_parameter_order=True), rows).scalars()]
        reg = Registry(conn, self._registry)
        country_rows, regional_rows, partner_rows = [], [], []
        entries: list[IndexEntry] = []
        counted: list[aggregates.Values] = []
        for act_id, act, (countries, regionales, year), row in zip(ids, acts, links, rows):
            country_rows += [{"activity_id": act_id, "code": c} for c in countries]
            regional_rows += [{"activity_id": act_id, "code": c} for c in regionales]
            linked, names = self._partner_rows(act_id, act.partners, reg)
            partner_rows += linked
            counted.append(aggregates.activity_values(act.kind, year, countries, regionales,
                                                      [r["partner_id"] for r in linked], row["span_start"],
                                                      row["span_end"]))
            entries.append(IndexEntry.of(act_id, act.title, act.section, act.text, names, doc.title))
        for table, batch in ((activity_countries, country_rows), (activity_regionales, regional_rows),
                             (activity_partners, partner_rows)):
            if batch:
                conn.execute(insert(table), batch)
        self.backend.index(conn, entries)
        self._facet_delta.update(aggregates.count(counted))

    def _partner_rows(self, act_id: int, refs: list[PartnerRef], reg: Registry) -> tuple[list[dict[str, Any]], list[str]]:
        """The activity_partners rows of one activity and the names its text index gets."""
        rows: list[dict[str, Any]] = []
        names: list[str] = []
        for ref in refs:
            name = (ref.name or "").strip() or (ref.acronym or "").strip()
            if not normalise_key(name):
                continue
            pid, canonical = reg.resolve(ref)
            rows.append({"activity_id": act_id, "partner_id": pid, "seq": len(rows), "name_as_written": name,
                         "acronym": ref.acronym, "country": ref.country.upper() if ref.country else None,
                         "evidence": ref.evidence.model_dump() if ref.evidence else None})
            names += [name, ref.acronym or "", canonical]
        return rows, names

    # --- reading -----------------------------------------------------------------------------------------

    _DOC_COLUMNS = [c for c in documents.c if c.name != "text"]

    @staticmethod
    def _document_dict(row: Any, count: int) -> dict[str, Any]:
        return {
            "id": row.id, "document": row.name, "path": row.path, "sha256": row.sha256, "format": row.format,
            "reader": row.reader, "title": row.title, "period_start": iso(row.period_start),
            "period_end": iso(row.period_end), "pages": row.pages, "pages_ocr": row.pages_ocr,
            "status": row.status, "error": row.error, "last_error": row.last_error,
            "warnings": list(row.warnings or []), "extractor_version": row.extractor_version,
            "ingested_at": row.ingested_at.isoformat() if row.ingested_at else None, "activities": count,
        }

    def _documents_query(self) -> Any:
        """Documents with their activity counts: one grouped count for a listing of them all."""
        counts = (select(activities.c.document_id, func.count().label("n"))
                  .group_by(activities.c.document_id).subquery())
        return (select(*self._DOC_COLUMNS, func.coalesce(counts.c.n, 0).label("n"))
                .outerjoin(counts, counts.c.document_id == documents.c.id))

    def _document_query(self) -> Any:
        """One document (add its WHERE) with its activity count, counted through the document_id index: the
        grouped count of ``_documents_query`` would read every activity (55 ms at 10⁶)."""
        n = (select(func.count()).select_from(activities).where(activities.c.document_id == documents.c.id)
             .scalar_subquery())
        return select(*self._DOC_COLUMNS, n.label("n"))

    def find_document(self, name: str | None = None, sha256: str | None = None) -> dict[str, Any] | None:
        """The stored document with this name (else this sha256), without its text; None if none."""
        with self._read() as conn:
            for col, val in ((documents.c.name, name), (documents.c.sha256, sha256)):
                if val:
                    row = conn.execute(self._document_query().where(col == val)).first()
                    if row is not None:
                        return self._document_dict(row, row.n)
        return None

    def list_documents(self, status: str | None = None) -> list[dict[str, Any]]:
        stmt = self._documents_query().order_by(documents.c.name)
        if status:
            stmt = stmt.where(documents.c.status == status)
        with self._read() as conn:
            return [self._document_dict(r, r.n) for r in conn.execute(stmt)]

    def _document_id(self, conn: Connection, name: str) -> int:
        """A document by its stored name; else by the name without extension or folders, when unambiguous."""
        found = conn.execute(select(documents.c.id).where(documents.c.name == name)).scalar()
        if found is not None:
            return int(found)
        base = os.path.basename(name)
        candidates = {r.id for r in conn.execute(select(documents.c.id, documents.c.name))
                      if r.name == base or os.path.splitext(r.name)[0] == base}
        if len(candidates) == 1:
            return candidates.pop()
        why = "ambiguous" if candidates else "not in the store"
        raise DocumentNotFound(f"document {name!r} {why}")

    def document_text(self, name: str) -> str:
        """The document's extracted text, exactly as evidence offsets count it (CONTRACT §3)."""
        with self._read() as conn:
            doc_id = self._document_id(conn, name)
            return conn.execute(select(documents.c.text).where(documents.c.id == doc_id)).scalar_one()

    def get_activity(self, activity_id: int | str) -> dict[str, Any] | None:
        """The §1 record plus ``text``, ``values``, ``passage`` (the document text at the evidence),
        ``document_info`` (the document's fields) and per partner its registry ``partner_id``, ``canonical``
        name, ``type`` and ``evidence``."""
        aid = row_id(activity_id)
        if aid is None:
            return None
        with self._read() as conn:
            recs = load_records(conn, [aid], detailed=True)
            if not recs:
                return None
            row = conn.execute(select(activities.c.document_id, activities.c.text, activities.c["values"])
                               .where(activities.c.id == aid)).one()
            doc = conn.execute(self._document_query().where(documents.c.id == row.document_id)).one()
            ev = recs[0]["evidence"]
            passage = conn.execute(select(func.substr(documents.c.text, ev["start"] + 1, ev["end"] - ev["start"]))
                                   .where(documents.c.id == row.document_id)).scalar()
        return recs[0] | {"text": row.text, "values": list(row.values or []), "passage": passage or "",
                          "document_info": self._document_dict(doc, doc.n)}

    def export_activities(self, documents: list[str] | None = None) -> Iterator[dict[str, Any]]:
        """§1 records of every activity (or of the named documents), by document name then order in it.

        Unknown document names raise DocumentNotFound at once (before anything is yielded).
        """
        with self._read() as conn:
            doc_ids = None if documents is None else [self._document_id(conn, n) for n in documents]
        return self._iter_activities(doc_ids)

    def _iter_activities(self, doc_ids: list[int] | None) -> Iterator[dict[str, Any]]:
        stmt = (select(activities.c.id).join(documents, documents.c.id == activities.c.document_id)
                .order_by(documents.c.name, activities.c.seq))
        if doc_ids is not None:
            stmt = stmt.where(activities.c.document_id.in_(doc_ids))
        with self._read() as conn:
            ids = list(conn.execute(stmt).scalars())
            yield from iter_records(conn, ids)

    def export_documents(self, documents: list[str] | None = None) -> list[dict[str, Any]]:
        """§2 records (plus ``format`` and ``error``) of every document or the named ones."""
        with self._read() as conn:
            doc_ids = None if documents is None else [self._document_id(conn, n) for n in documents]
            return document_records(conn, doc_ids)

    def use_search_index(self, background: bool = True) -> IndexedSearch:
        """Answer searches from an in-memory copy of the store (search_index.py) whenever it is current, for a
        process that searches many times (web app, notebook). ``background``: a stale or missing copy is
        rebuilt in the background (a thread, or a child process for a large store) while searches go to the
        database; else it is rebuilt by the search that finds it stale."""
        from extractor.store.search_index import IndexedSearch   # numpy stays off one-shot commands' start-up
        if self.search_index is None:
            self.search_index = IndexedSearch(self.engine, background=background)
        return self.search_index

    def search(self, q: SearchQuery) -> SearchResult:
        if self.search_index is not None:
            with snapshot(self.engine) as conn:
                index = self.search_index.current(conn)
                if index is not None:
                    return index.search(conn, q)
                return run_search(conn, self.backend, q)
        with self._read() as conn:
            return run_search(conn, self.backend, q)

    # --- partners (registry and curation) ----------------------------------------------------------------

    def list_partners(self, text: str | None = None, country: str | None = None) -> list[dict[str, Any]]:
        """Every registry partner (name, acronym, country, type, gazetteer entry, aliases, activity and
        document counts, first and last year), most mentioned first; ``text`` filters on any alias."""
        with self._read() as conn:
            return registry.list_partners(conn, text, country)

    def get_partner(self, ref: str | int) -> dict[str, Any]:
        """One partner by id or any alias, with its aliases (and their sources), years, activities and the
        curation decisions that concern it. Raises PartnerNotFound."""
        with self._read() as conn:
            return registry.partner_detail(conn, registry.find_partner(conn, ref))

    def merge_partners(self, sources: list[str | int], target: str | int) -> dict[str, Any]:
        """Merge ``sources`` into ``target`` (ids or aliases); the decision is stored and outlives re-ingests."""
        with self._curating() as conn:
            tid = registry.find_partner(conn, target)
            sids = [registry.find_partner(conn, s) for s in sources]
            # Mentions move from the sources to the target: recount the facets of the activities concerned.
            affected = list(conn.execute(select(activity_partners.c.activity_id).distinct()
                                         .where(activity_partners.c.partner_id.in_([*sids, tid]))).scalars())
            aggregates.apply(conn, aggregates.stored_values(conn, affected), -1)
            registry.merge(conn, sids, tid)
            aggregates.apply(conn, aggregates.stored_values(conn, affected), 1)
            _documents_only(conn, *self._reindex_mentions(conn, [tid]))   # the sources' mentions are the target's now
        return self.get_partner(tid)

    def rename_partner(self, ref: str | int, name: str) -> dict[str, Any]:
        if not normalise_key(name):
            raise ValueError("a partner name needs letters or digits")
        with self._curating() as conn:
            pid = registry.find_partner(conn, ref)
            registry.rename(conn, pid, name)
            _documents_only(conn, *self._reindex_mentions(conn, [pid]))   # their text names the partner
        return self.get_partner(pid)

    def set_partner_country(self, ref: str | int, code: str | None) -> dict[str, Any]:
        with self._curating() as conn:
            pid = registry.find_partner(conn, ref)
            registry.set_country(conn, pid, code)
            # Search reads no partner's country, but applying the partner's decisions sets its name too.
            _documents_only(conn, *self._reindex_mentions(conn, [pid]))
        return self.get_partner(pid)

    def _reindex_mentions(self, conn: Connection, partner_ids: list[int]) -> set[int]:
        """Index the text of the activities that mention ``partner_ids`` again: its partners field holds each
        partner's name (a rename or a merge changes it), rebuilt from the stored rows as a save writes it.
        Returns their documents."""
        ap, p = activity_partners, partners
        ids = list(conn.execute(select(ap.c.activity_id).distinct().where(ap.c.partner_id.in_(partner_ids))).scalars())
        documents_of: set[int] = set()
        for i in range(0, len(ids), 500):
            chunk = sorted(ids[i:i + 500])
            names: dict[int, list[str]] = {a: [] for a in chunk}
            for act_id, written, acronym, canonical in conn.execute(
                    select(ap.c.activity_id, ap.c.name_as_written, ap.c.acronym, p.c.name)
                    .join(p, p.c.id == ap.c.partner_id).where(ap.c.activity_id.in_(chunk))
                    .order_by(ap.c.activity_id, ap.c.seq)):
                names[act_id] += [written, acronym or "", canonical]
            a, d = activities.c, documents.c
            entries = []
            for act_id, doc_id, title, section, text_, doc_title in conn.execute(
                    select(a.id, a.document_id, a.title, a.section, a.text, d.title)
                    .join(documents, d.id == a.document_id).where(a.id.in_(chunk)).order_by(a.id)):
                entries.append(IndexEntry.of(act_id, title, section, text_, names[act_id], doc_title))
                documents_of.add(doc_id)
            self.backend.unindex(conn, chunk)
            self.backend.index(conn, entries)
        return documents_of

    @contextmanager
    def _curating(self) -> Iterator[Connection]:
        """A curation transaction: it changes what mentions resolve to, so every store's kept registry goes."""
        self._registry.clear()
        with self._write(lock=True) as conn:
            yield conn
            registry.bump_generation(conn)

    # --- statistics --------------------------------------------------------------------------------------

    def stats(self, dims: list[str], query: SearchQuery | None = None) -> list[dict[str, Any]]:
        """Activities and beneficiaries per value (per combination of values) of ``dims``; see store/stats.py."""
        from extractor.store.stats import compute_stats
        with self._read() as conn:
            return compute_stats(conn, self.backend, dims, query)
