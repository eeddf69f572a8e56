"""Stored rows → the CONTRACT's records (§1 activities, §2 documents), and CSV writing."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import IO, Any

from sqlalchemy import Connection, func, select

from extractor.store.tables import activities, activity_partners, documents, partners

# §1 fields, in CSV column order; the extra fields follow them.
ACTIVITY_FIELDS = ("id", "document", "kind", "title", "partners", "countries", "cities", "date_start", "date_end",
                   "beneficiaries", "regionales", "evidence")
EXTRA_FIELDS = ("section", "date_precision")
DOCUMENT_FIELDS = ("document", "sha256", "title", "period_start", "period_end", "pages", "status", "activities")

_CHUNK = 500   # ids per IN (...) list: well under every backend's bound-parameter limit


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _partners_by_activity(conn: Connection, ids: Sequence[int], *, detailed: bool) -> dict[int, list[dict]]:
    ap, p = activity_partners, partners
    rows = conn.execute(
        select(ap.c.activity_id, ap.c.name_as_written, ap.c.acronym, ap.c.country, ap.c.evidence, ap.c.partner_id,
               p.c.name.label("canonical"), p.c.type)
        .join(p, p.c.id == ap.c.partner_id)
        .where(ap.c.activity_id.in_(ids))
        .order_by(ap.c.activity_id, ap.c.seq)
    )
    out: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        item: dict[str, Any] = {"name": r.name_as_written, "acronym": r.acronym, "country": r.country}
        if detailed:
            item.update(partner_id=r.partner_id, canonical=r.canonical, type=r.type, evidence=r.evidence)
        out[r.activity_id].append(item)
    return out


def activity_record(row: Any, document_name: str, partner_list: list[dict]) -> dict[str, Any]:
    """One §1 record (plus ``section`` and ``date_precision``) from an ``activities`` row."""
    return {
        "id": row.id,
        "document": document_name,
        "kind": row.kind,
        "title": row.title,
        "partners": partner_list,
        "countries": list(row.countries or []),
        "cities": list(row.cities or []),
        "date_start": iso(row.date_start),
        "date_end": iso(row.date_end),
        "beneficiaries": row.beneficiaries,
        "regionales": list(row.regionales or []),
        "evidence": {"page": row.evidence_page, "start": row.evidence_start, "end": row.evidence_end},
        "section": row.section,
        "date_precision": row.date_precision,
    }


# What activity_record reads: not the item's text nor its values' evidence (JSON, often the widest columns).
_RECORD_COLUMNS = [activities.c[name] for name in (
    "id", "kind", "title", "countries", "cities", "date_start", "date_end", "beneficiaries", "regionales",
    "evidence_page", "evidence_start", "evidence_end", "section", "date_precision")]


def load_records(conn: Connection, ids: Sequence[int], *, detailed: bool = False) -> list[dict[str, Any]]:
    """§1 records for ``ids``, in the order given (ids not found are left out)."""
    found: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i:i + _CHUNK])
        plist = _partners_by_activity(conn, chunk, detailed=detailed)
        rows = conn.execute(
            select(*_RECORD_COLUMNS, documents.c.name.label("document_name"))
            .join(documents, documents.c.id == activities.c.document_id)
            .where(activities.c.id.in_(chunk))
        )
        for r in rows:
            found[r.id] = activity_record(r, r.document_name, plist.get(r.id, []))
    return [found[i] for i in ids if i in found]


def iter_records(conn: Connection, ids: Iterable[int]) -> Iterator[dict[str, Any]]:
    """Stream §1 records for ``ids`` in chunks (for exports of a whole store)."""
    batch: list[int] = []
    for i in ids:
        batch.append(i)
        if len(batch) >= _CHUNK:
            yield from load_records(conn, batch)
            batch = []
    if batch:
        yield from load_records(conn, batch)


def document_records(conn: Connection, document_ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """§2 records (plus ``format`` and ``error``), ordered by name."""
    counts = (select(activities.c.document_id, func.count().label("n"))
              .group_by(activities.c.document_id).subquery())
    stmt = (select(documents.c.id, documents.c.name, documents.c.sha256, documents.c.title, documents.c.period_start,
                   documents.c.period_end, documents.c.pages, documents.c.status, documents.c.format,
                   documents.c.error, func.coalesce(counts.c.n, 0).label("n"))
            .outerjoin(counts, counts.c.document_id == documents.c.id)
            .order_by(documents.c.name))
    if document_ids is not None:
        stmt = stmt.where(documents.c.id.in_(list(document_ids)))
    return [{
        "document": r.name, "sha256": r.sha256, "title": r.title, "period_start": iso(r.period_start),
        "period_end": iso(r.period_end), "pages": r.pages, "status": r.status, "activities": r.n,
        "format": r.format, "error": r.error,
    } for r in conn.execute(stmt)]


# --- CSV -------------------------------------------------------------------------------------------------

def _cell(field: str, value: Any) -> Any:
    if value is None:
        return ""
    if field == "partners":
        return "; ".join(p["name"] for p in value)
    if field == "evidence":
        page = "" if value.get("page") is None else value["page"]
        return f"{page}:{value['start']}-{value['end']}"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def write_csv(records: Iterable[dict[str, Any]], stream: IO[str], fields: Sequence[str] | None = None) -> int:
    """Write records as CSV (lists joined with ``; ``, partners as their names); return the row count.

    ``evidence`` becomes ``page:start-end``; with the default columns (§1 fields, then ``section`` and
    ``date_precision``) the evidence is also split into ``evidence_page``, ``evidence_start``, ``evidence_end``.
    """
    split_evidence = fields is None
    columns = list(fields or (*ACTIVITY_FIELDS, *EXTRA_FIELDS))
    header = columns + (["evidence_page", "evidence_start", "evidence_end"] if split_evidence else [])
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    n = 0
    for rec in records:
        row = [_cell(f, rec.get(f)) for f in columns]
        if split_evidence:
            ev = rec.get("evidence") or {}
            row += [_cell("", ev.get("page")), _cell("", ev.get("start")), _cell("", ev.get("end"))]
        writer.writerow(row)
        n += 1
    return n
