"""The store's tables (portable SQL: SQLite and PostgreSQL).

JSON columns keep values in the shape they are exported in; the link tables (activity_countries,
activity_regionales, activity_partners) exist so filters and facets run on indexed columns.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from extractor.model.activity import ACTIVITY_KINDS

_KINDS_SQL = ", ".join(f"'{k}'" for k in ACTIVITY_KINDS)


_MAX_ROW_ID = 2**31 - 1   # ids are INTEGER columns: SERIAL, 32 bits, on PostgreSQL (SQLite's reach further)


def row_id(ref: str | int) -> int | None:
    """A row id given by a user ("42"), or None when ``ref`` cannot be one: not plain ASCII digits ("²",
    "4 2", "-1") or beyond what an INTEGER id column holds (both databases raise on such a parameter)."""
    text = str(ref).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= _MAX_ROW_ID else None


def _json(nullable: bool = False) -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=nullable))


def _fk(target: str, *, index: bool = True) -> Any:
    return Field(sa_column=Column(Integer, ForeignKey(target, ondelete="CASCADE"), nullable=False, index=index))


class SchemaVersion(SQLModel, table=True):
    __tablename__ = "schema_version"
    id: int = Field(default=1, primary_key=True)
    version: int


# Ids are never reused (SQLite AUTOINCREMENT; PostgreSQL sequences never reuse), so an id someone noted
# for `extractor show ID` cannot come to mean another activity after a re-ingest.
_NO_REUSE = {"sqlite_autoincrement": True}


class DocumentRow(SQLModel, table=True):
    __tablename__ = "documents"
    __table_args__ = (_NO_REUSE,)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)          # basename as ingested
    path: str
    sha256: str | None = Field(default=None, unique=True)
    format: str | None = None
    reader: str | None = None
    title: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    pages: int | None = None
    pages_ocr: int = 0
    status: str = Field(default="ok", index=True)
    error: str | None = None
    last_error: str | None = None                       # a later failed re-read that kept this version
    warnings: list[str] = _json()
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    extractor_version: str | None = None
    ingested_at: datetime
    # The content generation of the last write to this document's activities (state.py): search indexes take
    # in again the documents stamped after their own generation.
    changed_generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class ActivityRow(SQLModel, table=True):
    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_KINDS_SQL})", name="ck_activities_kind"),
        Index("ix_activities_document_seq", "document_id", "seq"),
        Index("ix_activities_span", "span_start", "span_end"),
        Index("ix_activities_span_end", "span_end", "span_start"),   # spans with an unknown start, by end
        # A search's hits (kind/year facets, page order, date checks) read from this index, never the wide rows.
        Index("ix_activities_hits", "id", "kind", "year", "document_id", "seq", "span_start", "span_end"),
        _NO_REUSE,
    )
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = _fk("documents.id", index=False)
    seq: int                                             # order in the document
    kind: str = Field(index=True)
    title: str
    section: str | None = None
    countries: list[str] = _json()
    cities: list[str] = _json()
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str | None = None
    beneficiaries: int | None = Field(default=None, index=True)
    regionales: list[str] = _json()
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    evidence_page: int | None = None
    evidence_start: int
    evidence_end: int
    values: list[dict] = _json()
    # Derived at save time for date filters: the activity's own dates, else its document's period.
    # A null end is open on that side; both null means no date is known at all.
    span_start: date | None = None
    span_end: date | None = None
    year: int | None = Field(default=None, index=True)


class PartnerRow(SQLModel, table=True):
    __tablename__ = "partners"
    __table_args__ = (Index("ix_partners_entry_id", "entry_id", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    name: str                                            # canonical: the gazetteer's, a curated one, else first seen
    acronym: str | None = None
    country: str | None = None
    type: str | None = None
    key: str = Field(unique=True)                        # identity: normalised name at creation, never changes
    entry_id: str | None = None                          # gazetteer entry (models/gazetteer/organisations.json)


class PartnerAliasRow(SQLModel, table=True):
    __tablename__ = "partner_aliases"
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = _fk("partners.id")
    alias: str
    key: str = Field(unique=True)                        # normalised alias (names, written forms, acronyms)
    source: str | None = None                            # written, canonical, acronym, curated


class PartnerCurationRow(SQLModel, table=True):
    """An archivist's decision, keyed by a normalised alias so it outlives partner rows and re-ingests.

    ``merge``: mentions under ``key`` (an alias key, or ``entry:<gazetteer id>``) resolve to the partner whose
    identity key is ``value``; ``rename``/``country``: the partner with identity key ``key`` gets ``value``
    as its name / country ('' for none).
    """

    __tablename__ = "partner_curation"
    __table_args__ = (UniqueConstraint("key", "action", name="uq_partner_curation_key_action"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str
    action: str
    value: str = ""
    created_at: datetime


class ActivityPartnerRow(SQLModel, table=True):
    __tablename__ = "activity_partners"
    # Covering indexes: filters read (partner → activities), facets (activity → partners), no table rows.
    __table_args__ = (Index("ix_activity_partners_pair", "activity_id", "partner_id"),
                      Index("ix_activity_partners_partner_activity", "partner_id", "activity_id"))
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = _fk("activities.id")
    partner_id: int = _fk("partners.id")
    seq: int
    name_as_written: str
    acronym: str | None = None
    country: str | None = None
    evidence: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class ActivityCountryRow(SQLModel, table=True):
    __tablename__ = "activity_countries"
    __table_args__ = (UniqueConstraint("activity_id", "code"), Index("ix_activity_countries_code", "code", "activity_id"))
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = _fk("activities.id", index=False)
    code: str


class ActivityRegionalRow(SQLModel, table=True):
    __tablename__ = "activity_regionales"
    __table_args__ = (UniqueConstraint("activity_id", "code"),
                      Index("ix_activity_regionales_code", "code", "activity_id"))
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = _fk("activities.id", index=False)
    code: str


class ActivitySearchRow(SQLModel, table=True):
    """Portable text index (used where SQLite FTS5 is not available, e.g. PostgreSQL until a native one lands).

    ``folded`` is the searchable text lower-cased without accents, ``stems`` its Spanish stems, each padded
    with spaces so a word can be matched as ``% word %``.
    """

    __tablename__ = "activity_search"
    activity_id: int = Field(sa_column=Column(Integer, ForeignKey("activities.id", ondelete="CASCADE"),
                                              primary_key=True))
    folded: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    stems: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class StoreStateRow(SQLModel, table=True):
    """One row: ``registry_generation`` grows with every change to partners, aliases or curation, so a store
    can tell whether its in-memory registry is still current (registry.RegistryState); ``content_generation``
    grows with every write transaction, so an in-memory search index can tell whether it is still current
    (search_index.IndexedSearch); ``rewrite_generation`` is the content generation of the last write that
    changed more than documents' own rows (state.py)."""

    __tablename__ = "store_state"
    id: int = Field(default=1, primary_key=True)
    registry_generation: int = 0
    content_generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    rewrite_generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class FacetCountRow(SQLModel, table=True):
    """Maintained facet counts, for broad searches: activities with ``value`` on ``dim`` and ``value2`` on
    ``dim2`` (``dim2 = ''``: all activities with ``value`` on ``dim``; ``dim = ''``: all activities).

    Values are text: kind, ISO codes, the year, the partner id. Updated in the save and delete transactions.
    """

    __tablename__ = "facet_counts"
    dim: str = Field(primary_key=True)
    value: str = Field(primary_key=True)
    dim2: str = Field(primary_key=True)
    value2: str = Field(primary_key=True)
    n: int


documents = DocumentRow.__table__
activities = ActivityRow.__table__
partners = PartnerRow.__table__
partner_aliases = PartnerAliasRow.__table__
partner_curation = PartnerCurationRow.__table__
activity_partners = ActivityPartnerRow.__table__
activity_countries = ActivityCountryRow.__table__
activity_regionales = ActivityRegionalRow.__table__
activity_search = ActivitySearchRow.__table__
schema_version = SchemaVersion.__table__
store_state = StoreStateRow.__table__
facet_counts = FacetCountRow.__table__

STORE_TABLES = [schema_version, documents, activities, partners, partner_aliases, partner_curation,
                activity_partners, activity_countries, activity_regionales, activity_search, store_state, facet_counts]
