"""What the segmenter yields: sections (kind from the heading vocabulary) and activity items."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field as PydField

from extractor.model.document import Block


class Field(BaseModel):
    """A labelled field of an item ("Aliado: …", "Destino: …"); ``name`` is the canonical field."""

    name: str            # canonical: partner, place, destination, beneficiaries, regionales, date, country, …
    label: str           # as written ("Socio", "Lugar")
    value: str
    start: int           # offsets of ``value`` in the document text
    end: int


class Section(BaseModel):
    title: str
    kind: str            # an activity kind, or "other"
    start: int
    end: int
    page: int | None = None


class Item(BaseModel):
    title: str
    kind: str
    section: str | None = None
    title_start: int
    title_end: int
    start: int           # the whole item's span (heading included)
    end: int
    page: int | None = None
    blocks: list[Block] = PydField(default_factory=list)   # body blocks (heading excluded)
    fields: list[Field] = PydField(default_factory=list)

    def field(self, name: str) -> list[Field]:
        return [f for f in self.fields if f.name == name]


class SegmentedDocument(BaseModel):
    title: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    sections: list[Section] = PydField(default_factory=list)
    items: list[Item] = PydField(default_factory=list)
