"""Maintained facet counts (table ``facet_counts``) so broad searches count facets in O(values), not O(rows).

For every activity, each (filter value, facet value) pair it has adds one to a row; ``dim2 = ''`` rows hold
the number of activities per value and the row ``('', '', '', '')`` the number of activities. The rows are
changed in the same transaction as the activities (save, delete, partner merge), so they are always exact.
Filter dimensions are those a search can restrict to one value (kind, country, regional, partner, and
``span``: a calendar year the activity's date span overlaps); facet dimensions are all five. Values are
text (a partner by its id, a year as digits).

``span`` covers closed spans only (both ends known), clamped to SPAN_LO..SPAN_HI so a wild date cannot add
thousands of rows; a search for one calendar year adds the few half-open spans (one end unknown) on its own.
``spanlen`` rows (per value only) count closed spans by their length in years (end year − start year): the
longest bounds how far back a date-range scan must start (see search._date_conditions).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, delete, select, text

from extractor.store.tables import (activities, activity_countries, activity_partners, activity_regionales,
                                    facet_counts)

FILTER_DIMS = ("kind", "country", "regional", "partner", "span")
FACET_DIMS = ("kind", "country", "partner", "regional", "year")
COUNT_DIMS = FACET_DIMS + ("span", "spanlen")   # dims with per-value rows (dim, value, '', '')
TOTAL = ("", "", "", "")
SPAN_LO, SPAN_HI = 1900, 2100
_CHUNK = 500

Values = dict[str, list[str]]   # dim → the activity's distinct values


def pairs(vals: Values) -> Iterable[tuple[str, str, str, str]]:
    """The facet_counts keys one activity adds one to."""
    yield TOTAL
    for dim in COUNT_DIMS:
        for v in vals.get(dim, ()):
            yield dim, v, "", ""
    for dim in FILTER_DIMS:
        for v in vals.get(dim, ()):
            for dim2 in FACET_DIMS:
                for v2 in vals.get(dim2, ()):
                    yield dim, v, dim2, v2


def count_of(conn: Connection, dim: str = "", value: str = "") -> int:
    """The maintained number of activities with ``value`` on ``dim`` (no arguments: of all activities)."""
    n = conn.execute(text("SELECT n FROM facet_counts WHERE dim = :d AND value = :v AND dim2 = '' AND value2 = ''"),
                     {"d": dim, "v": value}).scalar()
    return int(n or 0)


def span_values(start: date | None, end: date | None) -> tuple[list[str], list[str]]:
    """(``span`` years, ``spanlen``) of a date span: both empty unless the span is closed."""
    if start is None or end is None:
        return [], []
    lo, hi = max(start.year, SPAN_LO), min(end.year, SPAN_HI)
    return [str(y) for y in range(lo, hi + 1)], [str(max(end.year - start.year, 0))]


def activity_values(kind: str, year: int | None, countries: list[str], regionales: list[str],
                    partner_ids: Iterable[int], span_start: date | None = None,
                    span_end: date | None = None) -> Values:
    span, spanlen = span_values(span_start, span_end)
    return {"kind": [kind], "year": [str(year)] if year is not None else [], "country": list(dict.fromkeys(countries)),
            "regional": list(dict.fromkeys(regionales)), "partner": list(dict.fromkeys(str(p) for p in partner_ids)),
            "span": span, "spanlen": spanlen}


def stored_values(conn: Connection, ids: list[int]) -> list[Values]:
    """The values of stored activities (for subtracting them before a delete or a change)."""
    out: dict[int, Values] = {}
    a = activities.c
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        for aid, kind, year, start, end in conn.execute(select(a.id, a.kind, a.year, a.span_start, a.span_end)
                                                        .where(a.id.in_(chunk))):
            out[aid] = activity_values(kind, year, [], [], [], start, end)
        for table, dim, col in ((activity_countries, "country", activity_countries.c.code),
                                (activity_regionales, "regional", activity_regionales.c.code),
                                (activity_partners, "partner", activity_partners.c.partner_id)):
            for aid, value in conn.execute(select(table.c.activity_id, col).where(table.c.activity_id.in_(chunk))):
                vals = out[aid][dim]
                if str(value) not in vals:
                    vals.append(str(value))
    return list(out.values())


def count(values: Iterable[Values], sign: int = 1) -> Counter[tuple[str, str, str, str]]:
    """The pair counts of activities (negative with sign -1), to add up over a transaction and write once."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for vals in values:
        counts.update(pairs(vals))
    if sign < 0:
        return Counter({k: -n for k, n in counts.items()})
    return counts


def write(conn: Connection, counts: dict[tuple[str, str, str, str], int]) -> None:
    """Add the (net) counts to facet_counts; rows reaching zero go."""
    rows = [(*k, n) for k, n in counts.items() if n]
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join([mark] * 5)
    # Raw executemany: thousands of small rows per document, where building SQLAlchemy parameters would dominate.
    conn.exec_driver_sql(f"INSERT INTO facet_counts (dim, value, dim2, value2, n) VALUES ({marks}) "
                         "ON CONFLICT (dim, value, dim2, value2) DO UPDATE SET n = facet_counts.n + excluded.n", rows)
    gone = [r[:4] for r in rows if r[4] < 0]
    if gone:
        conn.exec_driver_sql(f"DELETE FROM facet_counts WHERE dim = {mark} AND value = {mark} AND dim2 = {mark} "
                             f"AND value2 = {mark} AND n <= 0", gone)


def apply(conn: Connection, values: Iterable[Values], sign: int) -> None:
    """Add (sign 1) or subtract (sign -1) activities' pairs."""
    write(conn, count(values, sign))


def _year_of(conn: Connection, col: str) -> str:
    if conn.dialect.name == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {col}) AS INTEGER)"
    return f"CAST(substr({col}, 1, 4) AS INTEGER)"   # SQLite keeps dates as ISO text


def recount(conn: Connection, into: str) -> None:
    """Fill the (existing, empty) table ``into`` (dim, value, dim2, value2, n) with the counts recomputed from
    the stored activities, in the same SQL whatever the store's size."""
    ys, ye = _year_of(conn, "span_start"), _year_of(conn, "span_end")
    closed = "span_start IS NOT NULL AND span_end IS NOT NULL"
    conn.exec_driver_sql("CREATE TEMP TABLE _years (y INTEGER PRIMARY KEY)")
    conn.exec_driver_sql("INSERT INTO _years (y) VALUES " + ", ".join(f"({y})" for y in range(SPAN_LO, SPAN_HI + 1)))
    av = ("SELECT id AS activity_id, 'kind' AS dim, kind AS value FROM activities"
          " UNION ALL SELECT id, 'year', CAST(year AS TEXT) FROM activities WHERE year IS NOT NULL"
          " UNION ALL SELECT DISTINCT activity_id, 'country', code FROM activity_countries"
          " UNION ALL SELECT DISTINCT activity_id, 'regional', code FROM activity_regionales"
          " UNION ALL SELECT DISTINCT activity_id, 'partner', CAST(partner_id AS TEXT) FROM activity_partners"
          f" UNION ALL SELECT a.id, 'span', CAST(y.y AS TEXT) FROM activities a JOIN _years y"
          f" ON y.y >= {ys.replace('span_start', 'a.span_start')} AND y.y <= {ye.replace('span_end', 'a.span_end')}"
          f" WHERE a.{closed.replace(' AND span_end', ' AND a.span_end')}"
          f" UNION ALL SELECT id, 'spanlen', CAST(CASE WHEN {ye} > {ys} THEN {ye} - {ys} ELSE 0 END AS TEXT)"
          f" FROM activities WHERE {closed}")
    filters = ", ".join(f"'{d}'" for d in FILTER_DIMS)
    facets = ", ".join(f"'{d}'" for d in FACET_DIMS)
    conn.exec_driver_sql(f"CREATE TEMP TABLE _av AS {av}")
    conn.exec_driver_sql("CREATE INDEX _av_id ON _av (activity_id)")
    conn.exec_driver_sql(f"INSERT INTO {into} (dim, value, dim2, value2, n) "
                         "SELECT '', '', '', '', count(*) FROM activities")
    conn.exec_driver_sql(f"INSERT INTO {into} (dim, value, dim2, value2, n) "
                         "SELECT dim, value, '', '', count(*) FROM _av GROUP BY dim, value")
    conn.exec_driver_sql(f"INSERT INTO {into} (dim, value, dim2, value2, n) "
                         "SELECT a.dim, a.value, b.dim, b.value, count(*) FROM _av a "
                         f"JOIN _av b ON b.activity_id = a.activity_id WHERE a.dim IN ({filters}) "
                         f"AND b.dim IN ({facets}) GROUP BY a.dim, a.value, b.dim, b.value")
    conn.exec_driver_sql("DROP TABLE _av")
    conn.exec_driver_sql("DROP TABLE _years")
    conn.exec_driver_sql(f"DELETE FROM {into} WHERE n <= 0")


def rebuild(conn: Connection) -> None:
    """Recount everything from the stored activities (migrations, bulk loads)."""
    conn.execute(delete(facet_counts))
    recount(conn, "facet_counts")


def differences(conn: Connection, limit: int = 20) -> list[str]:
    """Rows where facet_counts disagrees with a recount from the base tables (integrity check)."""
    conn.exec_driver_sql("CREATE TEMP TABLE _fc_expected (dim TEXT, value TEXT, dim2 TEXT, value2 TEXT, n INTEGER)")
    try:
        recount(conn, "_fc_expected")
        out = []
        for label, sql in (("stored", "SELECT dim, value, dim2, value2, n FROM facet_counts EXCEPT "
                                      "SELECT dim, value, dim2, value2, n FROM _fc_expected"),
                           ("expected", "SELECT dim, value, dim2, value2, n FROM _fc_expected EXCEPT "
                                        "SELECT dim, value, dim2, value2, n FROM facet_counts")):
            for r in conn.exec_driver_sql(f"{sql} ORDER BY 1, 2, 3, 4 LIMIT {int(limit)}"):
                out.append(f"facet_counts: {label} row {tuple(r[:4])} n={r[4]} has no equal on the other side")
        return out[:limit]
    finally:
        conn.exec_driver_sql("DROP TABLE _fc_expected")
