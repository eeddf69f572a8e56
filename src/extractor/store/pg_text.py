"""PostgreSQL full-text search: a Spanish configuration with unaccent, a GIN-indexed tsvector per activity.

The configuration ``extractor_es`` is Spanish Snowball stemming after ``unaccent`` (so "formación" and
"formacion" meet). Snowball alone splits pairs such as aprendiz/aprendices, so each vector also carries the
Python stems of ``search.analyze`` (own and singular forms) under the ``simple`` configuration, and each
query term matches either its Spanish lexeme (as a prefix from 4 letters) or one of those stems — the same
semantics as the SQLite FTS5 index. Weights rank title > partners > bulletin title > body.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, Float, Integer, text

from extractor.store.search import PREFIX_MIN, IndexEntry, analyze, word_forms

CONFIG = "extractor_es"
TABLE = "activity_fts_pg"

_VECTOR = (f"setweight(to_tsvector('{CONFIG}', :title), 'A') || setweight(to_tsvector('{CONFIG}', :partners), 'B')"
           f" || setweight(to_tsvector('{CONFIG}', :doc_title), 'C') || setweight(to_tsvector('{CONFIG}', :body), 'D')"
           " || to_tsvector('simple', :stems)")


def install(conn: Connection) -> None:
    """Create the unaccent extension, the configuration and the index table (idempotent)."""
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    conn.exec_driver_sql(f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.spanish);
            ALTER TEXT SEARCH CONFIGURATION {CONFIG}
              ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
          END IF;
        END $$""")
    conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {TABLE} (activity_id integer PRIMARY KEY "
                         "REFERENCES activities(id) ON DELETE CASCADE, tsv tsvector NOT NULL)")
    conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_tsv ON {TABLE} USING gin (tsv)")


def uninstall(conn: Connection) -> None:
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")
    conn.exec_driver_sql(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


def reindex_all(conn: Connection) -> None:
    """Index every stored activity (a store upgraded from the portable LIKE index)."""
    conn.exec_driver_sql(f"""
        INSERT INTO {TABLE} (activity_id, tsv)
        SELECT a.id,
          setweight(to_tsvector('{CONFIG}', a.title), 'A')
          || setweight(to_tsvector('{CONFIG}', coalesce((
               SELECT string_agg(ap.name_as_written || ' ' || coalesce(ap.acronym, '') || ' ' || p.name, ' ')
               FROM activity_partners ap JOIN partners p ON p.id = ap.partner_id
               WHERE ap.activity_id = a.id), '')), 'B')
          || setweight(to_tsvector('{CONFIG}', coalesce(d.title, '')), 'C')
          || setweight(to_tsvector('{CONFIG}', coalesce(a.section, '') || ' ' || a.text), 'D')
          || to_tsvector('simple', coalesce(s.stems, ''))
        FROM activities a JOIN documents d ON d.id = a.document_id
        LEFT JOIN activity_search s ON s.activity_id = a.id
        ON CONFLICT (activity_id) DO NOTHING""")


def available(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.execute(text(
            "SELECT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = :c) AND to_regclass(:t) IS NOT NULL"),
            {"c": CONFIG, "t": TABLE}).scalar())


class PgFtsBackend:
    name = "postgres-fts"

    def setup(self, conn: Connection) -> None:
        pass   # created by the schema (store/schema.py, migration 0002)

    def index(self, conn: Connection, entries: list[IndexEntry]) -> None:
        if not entries:
            return
        conn.execute(text(f"INSERT INTO {TABLE} (activity_id, tsv) VALUES (:id, {_VECTOR}) "
                          "ON CONFLICT (activity_id) DO UPDATE SET tsv = EXCLUDED.tsv"),
                     [{"id": e.activity_id, "title": e.title, "partners": e.partners, "doc_title": e.doc_title,
                       "body": e.body, "stems": " ".join(analyze(f"{e.title} {e.body} {e.partners} {e.doc_title}"))}
                      for e in entries])

    def unindex(self, conn: Connection, activity_ids: list[int]) -> None:
        for i in range(0, len(activity_ids), 500):
            conn.execute(text(f"DELETE FROM {TABLE} WHERE activity_id = ANY(:ids)"), {"ids": activity_ids[i:i + 500]})

    def match(self, terms: list[str]) -> Any:
        # Terms are folded [^\W_]+ words (search.query_terms), so quoting them leaves no tsquery syntax.
        parts, params = [], {}
        for i, t in enumerate(terms):
            params[f"w{i}"] = f"'{t}':*" if len(t) >= PREFIX_MIN else f"'{t}'"
            params[f"s{i}"] = " | ".join(f"'{f}'" for f in word_forms(t))
            parts.append(f"(to_tsquery('{CONFIG}', :w{i}) || to_tsquery('simple', :s{i}))")
        query = " && ".join(parts)
        return (text(f"SELECT activity_id, -ts_rank(tsv, q) AS rank FROM {TABLE}, ({'SELECT ' + query} AS q) AS tq "
                     "WHERE tsv @@ q").bindparams(**params).columns(activity_id=Integer, rank=Float))
