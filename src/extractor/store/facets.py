"""Search facets (datasette style): counts of distinct activities per value over the whole matching set,
never just the page shown.

Two ways to count, with the same results: over a table of the matching ids (``hits``, filled once per
search, see search.run_search), or, for broad searches (no text, at most one filter of one value), from
the counts the store maintains (``facet_counts``, see aggregates.py), in O(values) whatever the store's size.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from extractor.store import aggregates

FACET_NAMES = ("kind", "country", "partner", "regional", "year")

# Per facet: (value, count) rows over the matching set in _hits (which carries kind and year). FROM _hits
# CROSS JOIN … makes SQLite start from the (unanalysed) hits table instead of scanning a link table;
# PostgreSQL reads it as an ordinary join.
_OVER_HITS = {
    "kind": "SELECT kind AS v, count(*) AS n FROM _hits GROUP BY kind ORDER BY n DESC, kind",
    "year": "SELECT year AS v, count(*) AS n FROM _hits WHERE year IS NOT NULL GROUP BY year ORDER BY n DESC, year",
    # (activity_id, code) is unique in the code link tables, so count(*) counts distinct activities.
    "country": "SELECT c.code AS v, count(*) AS n FROM _hits h CROSS JOIN activity_countries c "
               "WHERE c.activity_id = h.id GROUP BY c.code ORDER BY n DESC, c.code",
    "regional": "SELECT r.code AS v, count(*) AS n FROM _hits h CROSS JOIN activity_regionales r "
                "WHERE r.activity_id = h.id GROUP BY r.code ORDER BY n DESC, r.code",
    "partner": "SELECT p.name AS v, x.n FROM (SELECT ap.partner_id, count(DISTINCT ap.activity_id) AS n "
               "FROM _hits h CROSS JOIN activity_partners ap WHERE ap.activity_id = h.id GROUP BY ap.partner_id) x "
               "JOIN partners p ON p.id = x.partner_id ORDER BY x.n DESC, p.name",
}


def _limited(sql: str, limit: int | None) -> str:
    return sql if limit is None else f"{sql} LIMIT {int(limit)}"


def _rows(conn: Connection, sql: str, params: dict[str, Any]) -> dict[str, int]:
    return {str(v): int(n) for v, n in conn.execute(text(sql), params) if v is not None}


def count_over_hits(conn: Connection, limit: int | None = None) -> dict[str, dict[str, int]]:
    """Every facet over the ids in the temporary table ``_hits``."""
    pg = conn.dialect.name == "postgresql"
    if pg:   # probe the link tables' indexes per hit: hash or merge joins read them whole, O(store) not O(hits)
        conn.exec_driver_sql("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off")
    try:
        return {name: _rows(conn, _limited(_OVER_HITS[name], limit), {}) for name in FACET_NAMES}
    finally:
        if pg:
            conn.exec_driver_sql("SET LOCAL enable_hashjoin = on; SET LOCAL enable_mergejoin = on")


def count_from_aggregates(conn: Connection, dim: str, value: str,
                          limit: int | None = None) -> tuple[int, dict[str, dict[str, int]]]:
    """(total, facets) of the activities with ``value`` on ``dim`` (``dim == ''``: all activities)."""
    key = {"d": dim, "v": value}
    total = aggregates.count_of(conn, dim, value)
    # Facet rows of the filter value (dim, value, facet, v2); unfiltered: the per-value rows (facet, v2, '', '').
    where = "f.dim = :d AND f.value = :v AND f.dim2 = :f" if dim else "f.dim = :f AND f.dim2 = ''"
    col = "f.value2" if dim else "f.value"
    facets = {}
    for name in FACET_NAMES:
        if name == "partner":
            sql = (f"SELECT p.name, f.n FROM facet_counts f JOIN partners p ON p.id = CAST({col} AS INTEGER) "
                   f"WHERE {where} ORDER BY f.n DESC, p.name")
        elif name == "year":
            sql = f"SELECT {col}, f.n FROM facet_counts f WHERE {where} ORDER BY f.n DESC, CAST({col} AS INTEGER)"
        else:
            sql = f"SELECT {col}, f.n FROM facet_counts f WHERE {where} ORDER BY f.n DESC, {col}"
        facets[name] = _rows(conn, _limited(sql, limit), key | {"f": name})
    return total, facets
