"""Extracted activity records: every value keeps the evidence of where it was found."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

ACTIVITY_KINDS = ("alliance", "mobility_out", "mobility_in", "training", "event", "delegation_visit", "other")


class Evidence(BaseModel):
    page: int | None = None
    start: int
    end: int


class Valued(BaseModel):
    """One extracted value with the passage it came from (``field`` names the activity field)."""

    field: str
    value: str
    evidence: Evidence


class PartnerRef(BaseModel):
    name: str
    acronym: str | None = None
    country: str | None = None
    type: str | None = None
    evidence: Evidence | None = None


class Activity(BaseModel):
    document: str
    kind: str
    title: str
    section: str | None = None
    partners: list[PartnerRef] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    cities: list[str] = Field(default_factory=list)
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str | None = None   # day, month, quarter, year (of the coarser end)
    beneficiaries: int | None = None
    regionales: list[str] = Field(default_factory=list)
    text: str = ""                       # the item's passage, for search and display
    evidence: Evidence
    values: list[Valued] = Field(default_factory=list)


class DocumentRecord(BaseModel):
    """A stored bulletin: what was read, what it reports on, and how the reading went."""

    document: str                        # basename as ingested
    path: str
    sha256: str
    format: str | None = None
    reader: str | None = None
    title: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    pages: int | None = None
    pages_ocr: int = 0
    status: str = "ok"                   # ok, partial, failed
    error: str | None = None
    warnings: list[str] = Field(default_factory=list)
    text: str = ""
    extractor_version: str | None = None
