"""Search: text analysis (accent folding, Spanish stems), text-index backends, filters, and the query itself.

Text search is accent-insensitive and matches Spanish word forms: every indexed text also gets a shadow of
Snowball Spanish stems of each word and of its plain singular (see ``word_forms``: Snowball alone splits
pairs such as mujer/mujeres or aprendiz/aprendices), and each query term matches either the word (or a word
it begins, for terms of 4+ characters) or any of its stem forms.
SQLite uses FTS5, PostgreSQL a tsvector with a Spanish configuration and unaccent (``pg_text``); a portable
LIKE index remains for anything else.
"""

from __future__ import annotations

import calendar
import re
import threading
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import chain
from typing import Any, Iterable, Protocol

import snowballstemmer
from sqlalchemy import (Column, Connection, Engine, Float, Integer, MetaData, Select, Table, and_, case, delete, exists,
                        false, func, insert, literal, or_, select, text)
from sqlalchemy.types import Text

from extractor.normalize import CharTable
from extractor.store.export import load_records
from extractor.store import aggregates
from extractor.store.facets import count_from_aggregates, count_over_hits
from extractor.store.tables import (activities, activity_countries, activity_partners, activity_regionales,
                                    activity_search, documents, facet_counts, partner_aliases, partners)

MAX_TERMS = 64           # longer queries keep their first 64 distinct terms
PREFIX_MIN = 4           # shorter terms match whole words only

# Function words dropped from queries (kept when a query has nothing else): they would only narrow results.
STOPWORDS = frozenset(
    "a al ante con de del desde e el en entre hacia hasta la las lo los o para por que se sin sobre su sus u un "
    "una unos unas y the of and for in on to at by with".split())


# --- text analysis ---------------------------------------------------------------------------------------

def _search_fold_char(ch: str) -> str:
    """Its NFKD decomposition without combining marks, case-folded. Folding character by character gives
    the same string as folding the whole text (canonical reordering only moves combining marks, which are
    dropped, and case folding has no context), at ``str.translate`` speed: indexing folds every activity."""
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_SEARCH_FOLD = CharTable(_search_fold_char)


def fold(s: str) -> str:
    """Lower case without accents (ñ → n too: both spellings occur in real text)."""
    if s.isascii():
        return s.lower()   # the same result, without the table (most text is plain ASCII)
    return s.translate(_SEARCH_FOLD)


_WORD = re.compile(r"[^\W_]+")


def words(s: str) -> list[str]:
    return _WORD.findall(fold(s))


def normalise_key(s: str) -> str:
    """Registry key of a name or alias: folded, punctuation dropped, spaces collapsed."""
    return " ".join(words(s))


def key_variants(s: str) -> list[str]:
    """Registry keys to try for a name or acronym: its key, and for a dotted acronym ("I.T.B.") the
    letters run together ("itb")."""
    key = normalise_key(s)
    parts = key.split()
    if len(parts) > 1 and all(len(p) == 1 for p in parts):
        return [key, "".join(parts)]
    return [key] if key else []


_stemmer = snowballstemmer.stemmer("spanish")
_stem_lock = threading.Lock()   # Snowball stemmer objects keep state between calls


def singular(word: str) -> str:
    """A plain Spanish singular guess for a folded word (-ces → -z, -es after l r n d j y s z x, -as/-os/-es → -a/-o/-e).

    Only a helper: both the word's stem and its singular's stem are indexed and queried, so a wrong guess
    on a word that only looks plural costs nothing.
    """
    if len(word) <= 3:
        return word
    if word.endswith("ces"):
        return word[:-3] + "z"
    if word.endswith("es") and word[-3] in "lrndjyszx":
        return word[:-2]
    if word[-1] == "s" and word[-2] in "aeo":
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def _snowball(word: str) -> str:
    with _stem_lock:
        s = _stemmer.stemWord(word)
    return s[:-1] + "c" if s.endswith("z") else s   # so singular -z meets plural -ces


@lru_cache(maxsize=65536)
def word_forms(word: str) -> tuple[str, ...]:
    """The stems a folded word is indexed and searched under: its own and its singular's."""
    return tuple(dict.fromkeys((_snowball(word), _snowball(singular(word)))))


def stem(word: str) -> str:
    """Spanish (Snowball) stem of a folded word."""
    return _snowball(word)


def analyze(s: str) -> list[str]:
    """All stem forms of the words of ``s``, each once, in order. Each distinct word is looked up once, and
    the loops run in C: every stored activity's text goes through here."""
    return list(dict.fromkeys(chain.from_iterable(map(word_forms, dict.fromkeys(words(s))))))


def query_terms(s: str | None) -> list[str]:
    """The distinct folded words of a user query, stopwords dropped unless nothing else is left."""
    if not s:
        return []
    seen: dict[str, None] = {}
    for w in words(s):
        seen.setdefault(w, None)
    terms = list(seen)
    content = [t for t in terms if t not in STOPWORDS]
    return (content or terms)[:MAX_TERMS]


# --- dates -----------------------------------------------------------------------------------------------

_BOUND = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def parse_bound(s: str, end: bool = False) -> date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a date: the first day of the period, or its last with ``end``.

    Raises ValueError with a one-line message on anything else.
    """
    m = _BOUND.match(s or "")
    if not m:
        raise ValueError(f"invalid date {s!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        mo = int(month)
        if day is None:
            return date(year, mo, calendar.monthrange(year, mo)[1] if end else 1)
        return date(year, mo, int(day))
    except (ValueError, calendar.IllegalMonthError) as exc:
        raise ValueError(f"invalid date {s!r}: {exc}") from None


# --- text-index backends ---------------------------------------------------------------------------------

def partners_text(names: Iterable[str]) -> str:
    """The partners field of an activity's text: the names its mentions give (as written, acronym, the
    registry's name, mention by mention), each once, in order, empty ones left out."""
    return " ".join(n for n in dict.fromkeys(names) if n)


@dataclass
class IndexEntry:
    activity_id: int
    title: str
    body: str
    partners: str
    doc_title: str

    @classmethod
    def of(cls, activity_id: int, title: str, section: str | None, text: str, names: Iterable[str],
           doc_title: str | None) -> IndexEntry:
        """An activity's text entry, as saving it and curation alike write it."""
        return cls(activity_id, title, f"{section or ''} {text}", partners_text(names), doc_title or "")


class TextBackend(Protocol):
    name: str

    def setup(self, conn: Connection) -> None: ...
    def index(self, conn: Connection, entries: list[IndexEntry]) -> None: ...
    def unindex(self, conn: Connection, activity_ids: list[int]) -> None: ...
    def match(self, terms: list[str]) -> Any:
        """A select (or textual select) of (activity_id, rank), rank ascending = better."""
        ...


class Fts5Backend:
    name = "sqlite-fts5"
    table = "activity_fts"
    _weights = (10.0, 1.0, 5.0, 2.0, 1.0)   # title, body, partners, doc_title, stems

    def setup(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
            "title, body, partners, doc_title, stems, tokenize = 'unicode61 remove_diacritics 2')")

    def index(self, conn: Connection, entries: list[IndexEntry]) -> None:
        if not entries:
            return
        conn.execute(
            text(f"INSERT INTO {self.table} (rowid, title, body, partners, doc_title, stems) "
                 "VALUES (:id, :title, :body, :partners, :doc_title, :stems)"),
            [{"id": e.activity_id, "title": e.title, "body": e.body, "partners": e.partners,
              "doc_title": e.doc_title, "stems": " ".join(analyze(f"{e.title} {e.body} {e.partners} {e.doc_title}"))}
             for e in entries])

    def unindex(self, conn: Connection, activity_ids: list[int]) -> None:
        for i in range(0, len(activity_ids), 500):
            chunk = activity_ids[i:i + 500]
            marks = ", ".join(f":p{j}" for j in range(len(chunk)))
            conn.execute(text(f"DELETE FROM {self.table} WHERE rowid IN ({marks})"),
                         {f"p{j}": v for j, v in enumerate(chunk)})

    @staticmethod
    def fts_query(terms: list[str]) -> str:
        # Terms are folded [^\W_]+ words, so double-quoting them leaves no FTS5 syntax to inject.
        parts = []
        for t in terms:
            star = "*" if len(t) >= PREFIX_MIN else ""
            forms = " OR ".join(f'"{f}"' for f in word_forms(t))
            parts.append(f'({{title body partners doc_title}} : "{t}"{star} OR stems : ({forms}))')
        return " AND ".join(parts)

    def match(self, terms: list[str]) -> Any:
        weights = ", ".join(str(w) for w in self._weights)
        return (text(f"SELECT rowid AS activity_id, bm25({self.table}, {weights}) AS rank FROM {self.table} "
                     f"WHERE {self.table} MATCH :fts_q")
                .bindparams(fts_q=self.fts_query(terms)).columns(activity_id=Integer, rank=Float))


class LikeBackend:
    """Portable fallback: word matching with LIKE over padded folded text and stems (no ranking)."""

    name = "like"

    def setup(self, conn: Connection) -> None:
        pass   # activity_search is part of the ordinary schema

    def index(self, conn: Connection, entries: list[IndexEntry]) -> None:
        if not entries:
            return
        rows = []
        for e in entries:
            joined = f"{e.title} {e.body} {e.partners} {e.doc_title}"
            rows.append({"activity_id": e.activity_id, "folded": f" {' '.join(words(joined))} ",
                         "stems": f" {' '.join(analyze(joined))} "})
        conn.execute(insert(activity_search), rows)

    def unindex(self, conn: Connection, activity_ids: list[int]) -> None:
        for i in range(0, len(activity_ids), 500):
            conn.execute(delete(activity_search).where(activity_search.c.activity_id.in_(activity_ids[i:i + 500])))

    def match(self, terms: list[str]) -> Select[Any]:
        s = activity_search.c
        conds = []
        for t in terms:
            word = s.folded.like(f"% {t}%" if len(t) >= PREFIX_MIN else f"% {t} %")
            conds.append(or_(word, *(s.stems.like(f"% {f} %") for f in word_forms(t))))
        return select(s.activity_id.label("activity_id"), literal(0.0, Float).label("rank")).where(and_(*conds))


def backend_for(engine: Engine) -> TextBackend:
    """FTS5 on SQLite, Spanish full text (unaccent) on PostgreSQL once the schema has it, else LIKE."""
    if engine.dialect.name == "sqlite" and _has_fts5(engine):
        return Fts5Backend()
    if engine.dialect.name == "postgresql":
        from extractor.store import pg_text
        if pg_text.available(engine):
            return pg_text.PgFtsBackend()
    return LikeBackend()


def _has_fts5(engine: Engine) -> bool:
    with engine.connect() as conn:
        opts = {r[0] for r in conn.exec_driver_sql("PRAGMA compile_options")}
    return "ENABLE_FTS5" in opts or _try_fts5(engine)


def _try_fts5(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE VIRTUAL TABLE temp._fts5_probe USING fts5(x)")
            conn.exec_driver_sql("DROP TABLE temp._fts5_probe")
        return True
    except Exception:   # noqa: BLE001 - any failure means no FTS5
        return False


# --- the query -------------------------------------------------------------------------------------------

@dataclass
class SearchQuery:
    """Filters combine with AND; the values inside one list combine with OR."""

    text: str | None = None
    kinds: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)      # ISO 3166-1 alpha-2 codes
    partners: list[str] = field(default_factory=list)       # any name, written form, alias or acronym
    regionales: list[str] = field(default_factory=list)     # ISO 3166-2:CO codes
    date_from: date | None = None
    date_to: date | None = None
    min_beneficiaries: int | None = None
    sort: str = "relevance"                                  # relevance | date
    limit: int | None = 20                                   # None: all
    offset: int = 0
    facet_limit: int | None = None                           # values per facet; None: all

    def __post_init__(self) -> None:
        # Numbers typed by a user are held inside what the databases bind: past these bounds no row differs
        # (no store has 2⁶² rows; counts are INTEGER columns), and SQLite or psycopg would raise instead.
        self.offset = _clamp(self.offset, 0, _MAX_ROWS)
        self.limit = None if self.limit is None else _clamp(self.limit, 0, _MAX_ROWS)
        self.facet_limit = None if self.facet_limit is None else _clamp(self.facet_limit, 0, _MAX_ROWS)
        if self.min_beneficiaries is not None:
            self.min_beneficiaries = _clamp(self.min_beneficiaries, -_MAX_COUNT, _MAX_COUNT)


_MAX_ROWS = 2**62
_MAX_COUNT = 2**31 - 1


def _clamp(value: int, low: int, high: int) -> int:
    return min(max(int(value), low), high)


@dataclass
class SearchResult:
    total: int
    results: list[dict[str, Any]]
    facets: dict[str, dict[str, int]]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "results": self.results, "facets": self.facets}


def _partner_ids(conn: Connection, names: list[str]) -> list[int]:
    """Registry partners named by any of ``names``: exact normalised alias (curated ones included), else the
    partner of the gazetteer entry the name denotes, else a whole-word part of an alias."""
    from extractor.values.organisation import load_gazetteer

    found: set[int] = set()
    for name in names:
        keys = key_variants(name)
        if not keys:
            continue
        exact = conn.execute(select(partner_aliases.c.partner_id)
                             .where(partner_aliases.c.key.in_(keys))).scalars().all()
        if not exact:
            entry = load_gazetteer().lookup(name)
            if entry is not None:
                exact = conn.execute(select(partners.c.id).where(partners.c.entry_id == entry.id)).scalars().all()
        if not exact:
            padded = literal(" ").concat(partner_aliases.c.key).concat(" ")
            exact = conn.execute(select(partner_aliases.c.partner_id)
                                 .where(padded.like(f"% {keys[0]} %"))).scalars().all()
        found.update(exact)
    return sorted(found)


def _linked(link: Any, column: Any, values: list[Any], correlated: bool) -> Any:
    """Activities with one of ``values`` in a link table: a set of ids (evaluated once), or, ``correlated``,
    a per-row probe of the link table's (activity_id, …) index, for scans that stop early."""
    if correlated:
        return exists().where(link.c.activity_id == activities.c.id, column.in_(values)).correlate(activities)
    return activities.c.id.in_(select(link.c.activity_id).where(column.in_(values)))


def _conditions(conn: Connection, q: SearchQuery, correlated: bool = False) -> list[Any]:
    a = activities.c
    conds: list[Any] = []
    if q.kinds:
        conds.append(a.kind.in_([k.strip().lower() for k in q.kinds]))
    if q.countries:
        codes = [c.strip().upper() for c in q.countries]
        conds.append(_linked(activity_countries, activity_countries.c.code, codes, correlated))
    if q.regionales:
        codes = [c.strip().upper() for c in q.regionales]
        conds.append(_linked(activity_regionales, activity_regionales.c.code, codes, correlated))
    if q.partners:
        ids = _partner_ids(conn, q.partners)
        conds.append(_linked(activity_partners, activity_partners.c.partner_id, ids, correlated) if ids else false())
    if q.date_from is not None or q.date_to is not None:
        conds.append(_date_condition(conn, q.date_from, q.date_to))
    if q.min_beneficiaries is not None:
        conds.append(a.beneficiaries >= q.min_beneficiaries)
    return conds


def _longest_span(conn: Connection) -> int | None:
    """The longest closed span in years (end year − start year), from the maintained ``spanlen`` counts;
    None when no activity has a closed span."""
    return conn.execute(text("SELECT max(CAST(value AS INTEGER)) FROM facet_counts "
                             "WHERE dim = 'spanlen' AND dim2 = ''")).scalar()


def _date_condition(conn: Connection, date_from: date | None, date_to: date | None) -> Any:
    """Overlap of [span_start, span_end] with [from, to]; a null end is open; no date at all never matches.

    With both bounds, closed spans are looked up as a range of span_start (no span is longer than the longest
    stored one, so an overlapping span starts at most that many years before ``from``) and the half-open ones
    by their known end: every branch an index range, instead of reading every span that starts before ``to``.
    """
    a = activities.c
    if date_from is None or date_to is None:
        conds = [or_(a.span_start.is_not(None), a.span_end.is_not(None))]
        if date_to is not None:
            conds.append(or_(a.span_start.is_(None), a.span_start <= date_to))
        if date_from is not None:
            conds.append(or_(a.span_end.is_(None), a.span_end >= date_from))
        return and_(*conds)
    longest = _longest_span(conn)
    lower = date(max(date_from.year - (longest or 0), 1), 1, 1)
    return or_(and_(a.span_start >= lower, a.span_start <= date_to, a.span_end >= date_from),
               _half_open(date_from, date_to))


def _calendar_year(q: SearchQuery) -> int | None:
    """The year when the date window is exactly one calendar year (``--from Y --to Y``)."""
    f, t = q.date_from, q.date_to
    if f is None or t is None or f.year != t.year or (f.month, f.day) != (1, 1) or (t.month, t.day) != (12, 31):
        return None
    return f.year if aggregates.SPAN_LO <= f.year <= aggregates.SPAN_HI else None


def _half_open(date_from: date, date_to: date) -> Any:
    """Activities with one unknown end whose span overlaps the window (also the part of a calendar-year search
    the ``span`` counts leave out: they count closed spans only)."""
    a = activities.c
    return or_(and_(a.span_start.is_(None), a.span_end >= date_from),
               and_(a.span_end.is_(None), a.span_start <= date_to))


def matching(conn: Connection, backend: TextBackend, q: SearchQuery) -> tuple[Select[Any], Any]:
    """(select of the matching activities' ids labelled ``id``, their text rank or None)."""
    a = activities.c
    terms = query_terms(q.text)
    base = select(a.id.label("id")).select_from(activities)
    rank = None
    if terms:
        matched = backend.match(terms).subquery("matched")
        base = base.join(matched, matched.c.activity_id == a.id)
        rank = matched.c.rank
    conds = _conditions(conn, q)
    if conds:
        base = base.where(*conds)
    return base, rank


def _aggregate_key(conn: Connection, q: SearchQuery) -> tuple[str, str] | None:
    """(dim, value) when the matching set is all activities ('', '') or those with one value on one
    dimension (a calendar year counting as a value of ``span``), so total and facets can come from the
    maintained counts; else None."""
    if query_terms(q.text) or q.min_beneficiaries is not None:
        return None
    filters = [(dim, vals) for dim, vals in (("kind", q.kinds), ("country", q.countries),
                                             ("regional", q.regionales), ("partner", q.partners)) if vals]
    if q.date_from is not None or q.date_to is not None:
        year = _calendar_year(q)
        if year is None or filters:
            return None
        return "span", str(year)
    if not filters:
        return "", ""
    if len(filters) > 1:
        return None
    dim, vals = filters[0]
    if dim == "partner":
        ids = _partner_ids(conn, vals)
        return ("partner", str(ids[0])) if len(ids) == 1 else None
    values = {v.strip().lower() if dim == "kind" else v.strip().upper() for v in vals}
    return (dim, values.pop()) if len(values) == 1 else None


# The matching set of one search, with what the page order and the kind/year facets need, so neither reads
# the wide activity rows again.
_HITS = Table("_hits", MetaData(), Column("id", Integer, primary_key=True), Column("rank", Float),
              Column("kind", Text), Column("year", Integer), Column("document_id", Integer), Column("seq", Integer))

HITS_DDL = ("CREATE TEMPORARY TABLE IF NOT EXISTS _hits (id INTEGER PRIMARY KEY, rank REAL, kind TEXT, year INTEGER, "
            "document_id INTEGER, seq INTEGER)")


def _empty_hits(conn: Connection) -> None:
    """An empty ``_hits``. Each connection creates the table once (engine.make_engine); a search fills it
    inside its read transaction, whose rollback empties it again."""
    conn.exec_driver_sql(HITS_DDL)
    # PostgreSQL: TRUNCATE, not DELETE. A rolled-back insert leaves dead rows, and nothing vacuums a temporary
    # table, so a connection's _hits would grow with every search; a truncation rolled back restores the
    # (empty) file it replaced.
    conn.exec_driver_sql("TRUNCATE _hits" if conn.dialect.name == "postgresql" else "DELETE FROM _hits")


def _hits_count(conn: Connection) -> int:
    return int(conn.exec_driver_sql("SELECT count(*) FROM _hits").scalar_one())


def _fill_hits(conn: Connection, base: Select[Any], rank: Any) -> int:
    """Evaluate the matching set once, into the temporary table ``_hits``; return its size."""
    _empty_hits(conn)
    a = activities.c
    stmt = base.with_only_columns(a.id, rank if rank is not None else literal(None, Float), a.kind, a.year,
                                  a.document_id, a.seq)
    n = conn.execute(insert(_HITS).from_select(["id", "rank", "kind", "year", "document_id", "seq"], stmt)).rowcount
    return n if n >= 0 else _hits_count(conn)


def _paged(stmt: Select[Any], q: SearchQuery) -> Select[Any]:
    """``stmt`` cut to the query's page."""
    if q.limit is not None:
        stmt = stmt.limit(max(q.limit, 0))
    if q.offset:
        stmt = stmt.offset(max(q.offset, 0))
    return stmt


def _hits_page(q: SearchQuery, ranked: bool) -> Select[Any]:
    h = _HITS.c
    page = select(h.id).select_from(_HITS.join(documents, documents.c.id == h.document_id))
    return _paged(page.order_by(*([h.rank] if ranked else []), documents.c.name, h.seq), q)


def _page(q: SearchQuery, source: Any, rank: Any) -> Select[Any]:
    a = activities.c
    page = select(a.id).select_from(source).join(documents, documents.c.id == a.document_id)
    if q.sort == "date":
        when = case((a.span_start.is_not(None), a.span_start), else_=a.span_end)
        page = page.order_by(case((when.is_(None), 1), else_=0), when.desc(), documents.c.name, a.seq)
    elif rank is not None:
        page = page.order_by(rank, documents.c.name, a.seq)
    else:
        page = page.order_by(documents.c.name, a.seq)
    return _paged(page, q)


WALK_MAX_ROWS = 20_000   # activities a page walk may read before a sort of the whole matching set is cheaper


def _walk_page(conn: Connection, q: SearchQuery, total: int) -> list[int] | None:
    """The page of a broad, name-ordered SQLite search without text, read in index order (documents by name,
    then items by seq) and stopping at the page's end, instead of sorting every match; None when that would
    not pay off."""
    if conn.dialect.name != "sqlite" or q.sort == "date" or q.limit is None or query_terms(q.text):
        return None
    everything = aggregates.count_of(conn)
    wanted = max(q.limit, 0) + max(q.offset, 0)
    if wanted * everything > total * WALK_MAX_ROWS:
        return None
    a = activities.c
    stmt = (select(a.id).select_from(documents.join(activities, a.document_id == documents.c.id))
            .where(*_conditions(conn, q, correlated=True)).order_by(documents.c.name, a.seq))
    sql, params = _compiled(conn, _paged(stmt, q))
    join = "FROM documents JOIN activities ON"
    assert join in sql, sql
    # SQLite's CROSS JOIN keeps this join order, so it does not start at the filter and sort all its matches.
    sql = sql.replace(join, "FROM documents CROSS JOIN activities ON", 1)
    return [int(r[0]) for r in conn.exec_driver_sql(sql, params)]


def _aggregate_counts(conn: Connection, q: SearchQuery, key: tuple[str, str]) -> tuple[int, dict[str, dict[str, int]]]:
    """Total and facets from facet_counts; for a calendar year, plus the half-open spans counted over hits
    (a disjoint set, so counts add up exactly)."""
    if key[0] != "span":
        return count_from_aggregates(conn, *key, limit=q.facet_limit)
    a = activities.c
    half_open = select(a.id.label("id")).select_from(activities).where(_half_open(q.date_from, q.date_to))
    extra = _fill_hits(conn, half_open, None)
    if not extra:
        return count_from_aggregates(conn, *key, limit=q.facet_limit)
    total, facets = count_from_aggregates(conn, *key, limit=None)
    for name, counts in count_over_hits(conn, None).items():
        merged = facets.setdefault(name, {})
        for v, n in counts.items():
            merged[v] = merged.get(v, 0) + n
    for name, counts in facets.items():
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], int(kv[0]) if name == "year" else kv[0]))
        facets[name] = dict(ordered if q.facet_limit is None else ordered[:max(q.facet_limit, 0)])
    return total + extra, facets


_FTS5 = Table(Fts5Backend.table, MetaData(), Column("rowid", Integer))
# A text search whose narrowest country/regional/partner filter has at most this many activities reads
# that filter first (a few ms per 10⁴ rows) and the text index once; wider ones let the text index drive.
TEXT_FILTER_FIRST_MAX = 30_000


def _compiled(conn: Connection, clause: Any) -> tuple[str, tuple[Any, ...]]:
    """A statement or condition as SQL text with its positional parameters, for SQL this module edits."""
    compiled = clause.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    return str(compiled), tuple(compiled.params[k] for k in compiled.positiontup or ())


def _cross_joined(conn: Connection, stmt: Any, join: str) -> tuple[str, tuple[Any, ...]]:
    """``stmt`` as SQL with its first ``join`` made a CROSS JOIN (SQLite then keeps that join order), and
    activities read through their covering index ix_activities_hits: SQLite would pick the primary key and
    read a wide row (text, JSON) per probe."""
    sql, params = _compiled(conn, stmt)
    assert f"FROM {join}" in sql, sql
    forced = join.replace(" JOIN ", " CROSS JOIN ", 1)
    if forced.endswith(" activities"):
        forced += " INDEXED BY ix_activities_hits"
    return sql.replace(f"FROM {join}", f"FROM {forced}", 1), params


def _rank_matches_in(conn: Connection, backend: Fts5Backend, fts_q: str, within: str) -> None:
    """``_ranked``: the activities of the temporary table ``within`` (column ``id``) that the text matches,
    with their bm25, from one read of the text index probing ``within`` per match."""
    t, weights = backend.table, ", ".join(str(w) for w in backend._weights)
    conn.exec_driver_sql("CREATE TEMPORARY TABLE IF NOT EXISTS _ranked (id INTEGER PRIMARY KEY, rank REAL)")
    conn.exec_driver_sql("DELETE FROM _ranked")
    conn.exec_driver_sql(f"INSERT INTO _ranked (id, rank) SELECT {t}.rowid, bm25({t}, {weights}) FROM {t} "
                         f"CROSS JOIN {within} w ON w.id = {t}.rowid WHERE {t} MATCH ?", (fts_q,))


def _window_rows(conn: Connection, q: SearchQuery) -> float:
    """Activities in the query's date window when it is one calendar year (maintained span counts; the few
    half-open spans aside); infinity otherwise (unknown: not worth reading first)."""
    year = _calendar_year(q)
    if year is None:
        return float("inf")
    return float(aggregates.count_of(conn, "span", str(year)))


def _fill_fts5_hits(conn: Connection, backend: Fts5Backend, q: SearchQuery) -> tuple[int, bool]:
    """The matching set of a text search on FTS5 into ``_hits``, without ranking it (bm25 over every match
    costs more than the rest together; only the page needs it, see _fts5_ranked_page). The text index drives
    and each other filter is probed per match on its (activity_id, …) index, never read whole into a list.
    Returns (hits, whether _hits.rank already holds the bm25 rank)."""
    fts_q = backend.fts_query(query_terms(q.text))
    if q.countries or q.regionales or q.partners:
        n = _fill_linked_hits(conn, q, TEXT_FILTER_FIRST_MAX)
        if n == 0:
            return 0, True
        if n is not None:
            # A narrow filter: its activities first, then one read of the text index keeps those it matches,
            # with their bm25 (a probe of the small _hits table per match, not the link and activity indexes).
            _rank_matches_in(conn, backend, fts_q, "_hits")
            conn.exec_driver_sql("DELETE FROM _hits WHERE id NOT IN (SELECT id FROM _ranked)")
            conn.exec_driver_sql("UPDATE _hits SET rank = (SELECT r.rank FROM _ranked r WHERE r.id = _hits.id)")
            return _hits_count(conn), True
    elif not q.kinds and q.min_beneficiaries is None and _window_rows(conn, q) <= TEXT_FILTER_FIRST_MAX * 4:
        # Text and a calendar year only: the year's ids straight from the span index (it holds the row id),
        # then one read of the text index keeps those it matches, with their bm25.
        window, params = _compiled(conn, _date_condition(conn, q.date_from, q.date_to))
        conn.exec_driver_sql("CREATE TEMPORARY TABLE IF NOT EXISTS _window (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("DELETE FROM _window")
        conn.exec_driver_sql(f"INSERT INTO _window (id) SELECT activities.id FROM activities WHERE {window}", params)
        _rank_matches_in(conn, backend, fts_q, "_window")
        _empty_hits(conn)
        conn.exec_driver_sql("INSERT INTO _hits (id, rank, kind, year, document_id, seq) SELECT a.id, r.rank, a.kind, "
                             "a.year, a.document_id, a.seq FROM _ranked r CROSS JOIN activities a "
                             "INDEXED BY ix_activities_hits ON a.id = r.id")
        return _hits_count(conn), True
    _empty_hits(conn)
    a = activities.c
    match = text(f"{backend.table} MATCH :fts_q").bindparams(fts_q=fts_q)
    stmt = (select(a.id, literal(None, Float), a.kind, a.year, a.document_id, a.seq)
            .select_from(_FTS5.join(activities, a.id == _FTS5.c.rowid))
            .where(match, *_conditions(conn, q, correlated=True)))
    sql, params = _cross_joined(conn, stmt, f"{backend.table} JOIN activities")
    conn.exec_driver_sql(f"INSERT INTO _hits (id, rank, kind, year, document_id, seq) {sql}", params)
    return _hits_count(conn), False


def _fts5_ranked_page(conn: Connection, backend: Fts5Backend, q: SearchQuery) -> list[int]:
    """The page of a text search by bm25, computed only for the matches that are hits."""
    h = _HITS.c
    weights = ", ".join(str(w) for w in backend._weights)
    match = text(f"{backend.table} MATCH :fts_q").bindparams(fts_q=backend.fts_query(query_terms(q.text)))
    stmt = (select(h.id).select_from(_FTS5.join(_HITS, h.id == _FTS5.c.rowid)
                                     .join(documents, documents.c.id == h.document_id))
            .where(match).order_by(text(f"bm25({backend.table}, {weights})"), documents.c.name, h.seq))
    sql, params = _cross_joined(conn, _paged(stmt, q), f"{backend.table} JOIN _hits")
    return [int(r[0]) for r in conn.exec_driver_sql(sql, params)]


def _fill_linked_hits(conn: Connection, q: SearchQuery, max_rows: int | None = None) -> int | None:
    """SQLite, at least one country/regional/partner filter: the activities matching every filter but the
    text into ``_hits``, read from the link index of the filter with the fewest activities (maintained
    counts tell) and the other filters probed per row. SQLite would otherwise read every filter's list
    whole (often 10⁵ ids each). None when this does not apply, or when even the smallest filter has more
    than ``max_rows`` activities (the caller takes another path)."""
    if conn.dialect.name != "sqlite":
        return None
    pids = _partner_ids(conn, q.partners) if q.partners else []
    if q.partners and not pids:
        return None   # a partner nobody knows: nothing matches (the general path says so)
    options = []
    for dim, link, col, values in (("country", activity_countries, activity_countries.c.code,
                                    sorted({c.strip().upper() for c in q.countries})),
                                   ("regional", activity_regionales, activity_regionales.c.code,
                                    sorted({c.strip().upper() for c in q.regionales})),
                                   ("partner", activity_partners, activity_partners.c.partner_id,
                                    pids)):
        if values:
            size = conn.execute(select(func.coalesce(func.sum(facet_counts.c.n), 0)).where(
                facet_counts.c.dim == dim, facet_counts.c.value.in_([str(v) for v in values]),
                facet_counts.c.dim2 == "")).scalar_one()
            options.append((int(size), dim, link, col, values))
    if not options:
        return None
    options.sort(key=lambda o: o[0])
    if max_rows is not None and options[0][0] > max_rows:
        return None
    # Driver first, then a join per other link filter on (activity_id, value), then the activity's covering
    # index: the order SQLite's planner does not find by itself (it reads each filter's ids whole).
    joins, params, distinct = [], [], False
    for i, (_, dim, link, col, values) in enumerate(options):
        marks = ", ".join("?" * len(values))
        joins.append(f"{link.name} l{i}" if i == 0 else
                     f"CROSS JOIN {link.name} l{i} ON l{i}.activity_id = l0.activity_id AND l{i}.{col.name} IN ({marks})")
        params += values if i else []
        distinct = distinct or len(values) > 1 or dim == "partner"   # several rows of one activity can match
    driver_values = options[0][4]
    where = [f"l0.{options[0][3].name} IN ({', '.join('?' * len(driver_values))})"]
    params += driver_values
    rest = _conditions(conn, replace(q, countries=[], regionales=[], partners=[]), correlated=True)
    if rest:
        sql, rest_params = _compiled(conn, and_(*rest))
        where.append(f"({sql})")
        params += rest_params
    _empty_hits(conn)
    conn.exec_driver_sql(
        f"INSERT INTO _hits (id, rank, kind, year, document_id, seq) SELECT {'DISTINCT ' if distinct else ''}"
        "activities.id, NULL, activities.kind, activities.year, activities.document_id, activities.seq "
        f"FROM {' '.join(joins)} CROSS JOIN activities INDEXED BY ix_activities_hits ON activities.id = l0.activity_id "
        f"WHERE {' AND '.join(where)}", tuple(params))
    return _hits_count(conn)


def run_search(conn: Connection, backend: TextBackend, q: SearchQuery) -> SearchResult:
    key = _aggregate_key(conn, q)
    if key is not None:
        # Broad: counts from facet_counts; the page straight from the filtered activities.
        total, facets = _aggregate_counts(conn, q, key)
        base, _ = matching(conn, backend, q)
        page_ids = _walk_page(conn, q, total) if total else []
        if page_ids is None:
            page = base.subquery("m")
            source = activities.join(page, page.c.id == activities.c.id)
            page_ids = list(conn.execute(_page(q, source, None)).scalars())
    elif isinstance(backend, Fts5Backend) and query_terms(q.text):
        total, ranked = _fill_fts5_hits(conn, backend, q)
        if q.sort == "date":
            page_ids = list(conn.execute(_page(q, _HITS.join(activities, activities.c.id == _HITS.c.id), None))
                            .scalars())
        elif ranked:
            page_ids = list(conn.execute(_hits_page(q, True)).scalars())
        else:
            page_ids = _fts5_ranked_page(conn, backend, q) if total else []
        facets = count_over_hits(conn, q.facet_limit)
    else:
        base, rank = matching(conn, backend, q)
        total = _fill_linked_hits(conn, q) if rank is None and not query_terms(q.text) else None
        if total is None:
            total = _fill_hits(conn, base, rank)
        if q.sort == "date":
            page = _page(q, _HITS.join(activities, activities.c.id == _HITS.c.id), None)
        else:
            page = _hits_page(q, rank is not None)
        page_ids = list(conn.execute(page).scalars())
        facets = count_over_hits(conn, q.facet_limit)
    return SearchResult(total=int(total), results=load_records(conn, page_ids), facets=facets)
