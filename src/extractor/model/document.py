"""What every reader yields: ordered text blocks with style hints, pages and offsets.

The document's full text is the blocks' texts joined by blank lines; each block knows its
``start``/``end`` in that text, so evidence offsets found later always point into ``text``.
"""

from __future__ import annotations

from bisect import bisect_left
from enum import Enum
from typing import Callable

from pydantic import BaseModel, Field, PrivateAttr


class BlockKind(str, Enum):
    title = "title"            # the bulletin's own title lines
    heading = "heading"        # a section or item heading (``level`` 1 = section)
    paragraph = "paragraph"
    list_item = "list_item"
    table_row = "table_row"    # one row of a table; ``cells`` and ``header`` hold its structure
    caption = "caption"        # "Foto: …" and similar


class Block(BaseModel):
    kind: BlockKind = BlockKind.paragraph
    text: str
    start: int = 0
    end: int = 0
    page: int | None = None
    level: int | None = None           # heading level when known (1 = top)
    bold: bool = False                 # the whole block is bold (a heading hint)
    font_size: float | None = None     # relative size hint from PDF (1.0 = body)
    bold_spans: list[tuple[int, int]] = Field(default_factory=list)  # offsets inside ``text``
    cells: list[str] | None = None     # table row cells
    header: list[str] | None = None    # the table's header cells, for a data row
    cell_offsets: list[tuple[int, int]] | None = None  # each cell's offsets inside ``text``


class ParsedDocument(BaseModel):
    path: str
    name: str                          # the basename, as ingested
    format: str                        # "text", "docx", "pdf", …
    reader: str                        # the reader that produced it
    text: str
    blocks: list[Block]
    pages: int | None = None
    pages_ocr: int = 0
    warnings: list[str] = Field(default_factory=list)
    _finder: tuple[int, Callable[[int], int | None]] | None = PrivateAttr(default=None)

    def page_at(self, offset: int) -> int | None:
        """The page of the block holding ``offset`` (None for formats without pages)."""
        return self.page_finder()(offset)

    def page_finder(self) -> Callable[[int], int | None]:
        """``page_at`` as a function over the blocks as they are now: extraction asks it for every value's
        evidence, so the blocks' bounds and pages are read into plain lists once (cached per block count)."""
        cached = self._finder
        if cached is not None and cached[0] == len(self.blocks):
            return cached[1]
        blocks = self.blocks
        starts = [b.start for b in blocks]
        ends = [b.end for b in blocks]
        pages = [b.page for b in blocks]
        ordered = all(a <= b for a, b in zip(starts, ends)) and all(a <= b for a, b in zip(ends, ends[1:]))
        paged = any(p is not None for p in pages)
        count = len(blocks)
        last = pages[-1] if pages else None

        def find(offset: int) -> int | None:
            if not paged:
                return None     # no block has a page (DOCX, HTML, text): nothing to look up
            # Blocks ending before ``offset`` can hold no match: start the scan at the first that does not.
            for k in range(bisect_left(ends, offset) if ordered else 0, count):
                start, end = starts[k], ends[k]
                if start <= offset < end or offset == end == start or start > offset:
                    return pages[k]
            return last

        self._finder = (count, find)
        return find


class DocumentBuilder:
    """Accumulates blocks and computes their offsets into the joined full text."""

    SEPARATOR = "\n\n"

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []

    def add(self, text: str, kind: BlockKind = BlockKind.paragraph, **hints) -> Block | None:
        """Append a block; leading/trailing white space is dropped and inner offsets shifted to match."""
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if not text:
            return None
        for key in ("bold_spans", "cell_offsets"):
            spans = hints.get(key)
            if spans:
                hints[key] = [(max(0, a - lead), max(0, min(len(text), b - lead))) for a, b in spans]
        if self._parts:
            self._parts.append(self.SEPARATOR)
            self._length += len(self.SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        block = Block(kind=kind, text=text, start=start, end=self._length, **hints)
        self.blocks.append(block)
        return block

    def build(self, *, path: str, name: str, format: str, reader: str, pages: int | None = None,
              pages_ocr: int = 0, warnings: list[str] | None = None) -> ParsedDocument:
        return ParsedDocument(path=path, name=name, format=format, reader=reader, text="".join(self._parts),
                              blocks=self.blocks, pages=pages, pages_ocr=pages_ocr, warnings=warnings or [])
