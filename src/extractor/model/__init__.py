"""Typed records that flow between the pipeline stages (readers → segmenter → extraction → store)."""

from extractor.model.document import Block, BlockKind, ParsedDocument, DocumentBuilder
from extractor.model.segments import Field, Item, Section, SegmentedDocument
from extractor.model.activity import ACTIVITY_KINDS, Activity, DocumentRecord, Evidence, PartnerRef, Valued

__all__ = [
    "ACTIVITY_KINDS", "Activity", "DocumentRecord", "Block", "BlockKind", "DocumentBuilder", "Evidence", "Field", "Item",
    "ParsedDocument", "PartnerRef", "Section", "SegmentedDocument", "Valued",
]
