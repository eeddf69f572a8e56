"""Maintained facet counts (table ``facet_counts``) so broad searches count facets in O(values), not O(rows).

For every activity, each (filter value, facet value) pair it has adds one to a row; ``dim2 = ''`` rows hold
the number of activities per value and the row ``('', '', '', '')`` the number of activities. The rows are
changed in the same transaction as the activities (save, delete, partner merge), so they are always exact.
Filter dimensions are those a search can restrict to one value (kind, country, regional, partner); facet
dimensions are all five. Values are text (a partner by its id, a year as digits).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Connection, delete, select

from extractor.store.tables import (activities, activity_countries, activity_partners, activity_regionales,
                                    facet_counts)

FILTER_DIMS = ("kind", "country", "regional", "partner")
FACET_DIMS = ("kind", "country", "partner", "regional", "year")
TOTAL = ("", "", "", "")
_CHUNK = 500

Values = dict[str, list[str]]   # dim → the activity's distinct values


def pairs(vals: Values) -> Iterable[tuple[str, str, str, str]]:
    """The facet_counts keys one activity adds one to."""
    yield TOTAL
    for dim in FACET_DIMS:
        for v in vals.get(dim, ()):
            yield dim, v, "", ""
    for dim in FILTER_DIMS:
        for v in vals.get(dim, ()):
            for dim2 in FACET_DIMS:
                for v2 in vals.get(dim2, ()):
                    yield dim, v, dim2, v2


def activity_values(kind: str, year: int | None, countries: list[str], regionales: list[str],
                    partner_ids: Iterable[int]) -> Values:
    return {"kind": [kind], "year": [str(year)] if year is not None else [], "country": list(dict.fromkeys(countries)),
            "regional": list(dict.fromkeys(regionales)), "partner": list(dict.fromkeys(str(p) for p in partner_ids))}


def stored_values(conn: Connection, ids: list[int]) -> list[Values]:
    """The values of stored activities (for subtracting them before a delete or a change)."""
    out: dict[int, Values] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        for aid, kind, year in conn.execute(select(activities.c.id, activities.c.kind, activities.c.year)
                                            .where(activities.c.id.in_(chunk))):
            out[aid] = activity_values(kind, year, [], [], [])
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


def rebuild(conn: Connection) -> None:
    """Recount everything from the stored activities (migrations, bulk loads)."""
    conn.execute(delete(facet_counts))
    av = ("SELECT id AS activity_id, 'kind' AS dim, kind AS value FROM activities"
          " UNION ALL SELECT id, 'year', CAST(year AS TEXT) FROM activities WHERE year IS NOT NULL"
          " UNION ALL SELECT DISTINCT activity_id, 'country', code FROM activity_countries"
          " UNION ALL SELECT DISTINCT activity_id, 'regional', code FROM activity_regionales"
          " UNION ALL SELECT DISTINCT activity_id, 'partner', CAST(partner_id AS TEXT) FROM activity_partners")
    filters = ", ".join(f"'{d}'" for d in FILTER_DIMS)
    conn.exec_driver_sql(f"CREATE TEMP TABLE _av AS {av}")
    conn.exec_driver_sql("CREATE INDEX _av_id ON _av (activity_id)")
    conn.exec_driver_sql("INSERT INTO facet_counts (dim, value, dim2, value2, n) "
                         "SELECT '', '', '', '', count(*) FROM activities")
    conn.exec_driver_sql("INSERT INTO facet_counts (dim, value, dim2, value2, n) "
                         "SELECT dim, value, '', '', count(*) FROM _av GROUP BY dim, value")
    conn.exec_driver_sql("INSERT INTO facet_counts (dim, value, dim2, value2, n) "
                         "SELECT a.dim, a.value, b.dim, b.value, count(*) FROM _av a "
                         f"JOIN _av b ON b.activity_id = a.activity_id WHERE a.dim IN ({filters}) "
                         "GROUP BY a.dim, a.value, b.dim, b.value")
    conn.exec_driver_sql("DROP TABLE _av")
    conn.exec_driver_sql("DELETE FROM facet_counts WHERE n <= 0")
