"""Statistics: activities and beneficiaries per value of one or more dimensions (and per pair of values).

Multi-valued dimensions (country, partner, regional) count an activity once under each of its values, so
per-value rows do not add up to the total; an activity without any value is counted under ``None``.
Beneficiaries are the sum of the known counts (an activity without one adds nothing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from itertools import product
from typing import Any

from sqlalchemy import Connection, Select, select

from extractor.store.search import SearchQuery, TextBackend, matching
from extractor.store.tables import activities, activity_countries, activity_partners, activity_regionales, partners

DIMENSIONS = ("country", "partner", "kind", "year", "quarter", "regional")
_CHUNK = 500


def _quarter(start: date | None, end: date | None) -> str | None:
    when = start or end
    return f"{when.year}-Q{(when.month - 1) // 3 + 1}" if when else None


def _links(conn: Connection, stmt: Select[Any], ids: list[int], column: Any) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for i in range(0, len(ids), _CHUNK):
        for aid, value in conn.execute(stmt.where(column.in_(ids[i:i + _CHUNK]))):
            if value not in out[aid]:
                out[aid].append(value)
    return out


def _values(conn: Connection, dim: str, ids: list[int], rows: dict[int, Any]) -> Callable[[int], list[Any]]:
    """A function giving an activity's values on ``dim`` (``[None]`` when it has none)."""
    single: dict[str, Callable[[Any], Any]] = {
        "kind": lambda r: r.kind, "year": lambda r: r.year, "quarter": lambda r: _quarter(r.span_start, r.span_end)}
    if dim in single:
        pick = single[dim]
        return lambda aid: [pick(rows[aid])]
    if dim == "country":
        t = activity_countries
        links = _links(conn, select(t.c.activity_id, t.c.code), ids, t.c.activity_id)
    elif dim == "regional":
        t = activity_regionales
        links = _links(conn, select(t.c.activity_id, t.c.code), ids, t.c.activity_id)
    elif dim == "partner":
        ap = activity_partners
        links = _links(conn, select(ap.c.activity_id, partners.c.name).join(partners, partners.c.id == ap.c.partner_id)
                       .order_by(ap.c.activity_id, ap.c.seq), ids, ap.c.activity_id)
    else:
        raise ValueError(f"unknown dimension {dim!r}; one of: {', '.join(DIMENSIONS)}")
    return lambda aid: links.get(aid) or [None]


def _sort_key(dims: list[str]) -> Callable[[dict[str, Any]], Any]:
    ordered = dims[0] in ("year", "quarter")

    def key(row: dict[str, Any]) -> Any:
        values = tuple((v is None, str(v) if v is not None else "") for v in (row[d] for d in dims))
        return values if ordered else (-row["activities"], values)
    return key


def compute_stats(conn: Connection, backend: TextBackend, dims: Iterable[str],
                  query: SearchQuery | None = None) -> list[dict[str, Any]]:
    """Rows ``{dim: value, …, "activities": n, "beneficiaries": sum}`` over the activities matching ``query``
    (all without one); by count, or chronologically when the first dimension is year or quarter."""
    dims = list(dict.fromkeys(dims))
    if not dims:
        raise ValueError(f"give at least one dimension: {', '.join(DIMENSIONS)}")
    for d in dims:
        if d not in DIMENSIONS:
            raise ValueError(f"unknown dimension {d!r}; one of: {', '.join(DIMENSIONS)}")
    a = activities.c
    stmt = select(a.id, a.kind, a.year, a.span_start, a.span_end, a.beneficiaries)
    if query is not None:
        ids_q, _ = matching(conn, backend, query)
        stmt = stmt.where(a.id.in_(select(ids_q.subquery("m").c.id)))
    rows = {r.id: r for r in conn.execute(stmt)}
    ids = sorted(rows)
    getters = [_values(conn, d, ids, rows) for d in dims]
    counts: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    for aid in ids:
        for combo in product(*(g(aid) for g in getters)):
            acc = counts[combo]
            acc[0] += 1
            acc[1] += rows[aid].beneficiaries or 0
    out = [{**dict(zip(dims, combo)), "activities": n, "beneficiaries": b} for combo, (n, b) in counts.items()]
    out.sort(key=_sort_key(dims))
    return out
