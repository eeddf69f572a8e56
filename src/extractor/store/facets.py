"""Search facets (datasette style): each facet knows the column or join it counts and how to count it.

Every facet counts distinct activities over the whole matching set (given as a sub-select of activity ids),
never just the page shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, ColumnElement, Select, Table, func, select

from extractor.store.tables import activities, activity_countries, activity_partners, activity_regionales, partners


class Facet(Protocol):
    name: str

    def count(self, conn: Connection, ids: Select[Any], limit: int | None = None) -> dict[str, int]: ...


def _ordered(stmt: Select[Any], label: ColumnElement[Any], n: ColumnElement[Any], limit: int | None,
             conn: Connection) -> dict[str, int]:
    stmt = stmt.order_by(n.desc(), label)
    if limit is not None:
        stmt = stmt.limit(limit)
    return {str(value): int(count) for value, count in conn.execute(stmt) if value is not None}


@dataclass(frozen=True)
class ColumnFacet:
    """A value stored on the activity row itself (kind, year)."""

    name: str
    column: ColumnElement[Any]

    def count(self, conn: Connection, ids: Select[Any], limit: int | None = None) -> dict[str, int]:
        n = func.count()
        stmt = (select(self.column, n).where(activities.c.id.in_(ids), self.column.is_not(None))
                .group_by(self.column))
        return _ordered(stmt, self.column, n, limit, conn)


@dataclass(frozen=True)
class LinkFacet:
    """A multi-valued code kept in a link table (activity_id, code): countries, regionales."""

    name: str
    table: Table

    def count(self, conn: Connection, ids: Select[Any], limit: int | None = None) -> dict[str, int]:
        code = self.table.c.code
        n = func.count(self.table.c.activity_id.distinct())
        stmt = select(code, n).where(self.table.c.activity_id.in_(ids)).group_by(code)
        return _ordered(stmt, code, n, limit, conn)


@dataclass(frozen=True)
class PartnerFacet:
    """Partners counted by their registry (canonical) name, whatever name each item wrote."""

    name: str = "partner"

    def count(self, conn: Connection, ids: Select[Any], limit: int | None = None) -> dict[str, int]:
        ap = activity_partners
        n = func.count(ap.c.activity_id.distinct())
        stmt = (select(partners.c.name, n).join(partners, partners.c.id == ap.c.partner_id)
                .where(ap.c.activity_id.in_(ids)).group_by(partners.c.id, partners.c.name))
        return _ordered(stmt, partners.c.name, n, limit, conn)


FACETS: tuple[Facet, ...] = (
    ColumnFacet("kind", activities.c.kind),
    LinkFacet("country", activity_countries),
    PartnerFacet(),
    LinkFacet("regional", activity_regionales),
    ColumnFacet("year", activities.c.year),
)


def count_facets(conn: Connection, ids: Select[Any], limit: int | None = None,
                 facets: tuple[Facet, ...] = FACETS) -> dict[str, dict[str, int]]:
    return {f.name: f.count(conn, ids, limit) for f in facets}
