"""Word (.docx) bulletins.

The package is vetted before any part is parsed (size, zip bomb, legacy or encrypted OLE files); only the
main document part and its styles part are parsed (no DTD or entities allowed), found through the package
relationships as python-docx finds them; then the body XML is walked in document order: paragraphs, tables, content controls
(``w:sdt``) and text boxes. Page headers and footers live in other parts and are never read.

Choices worth knowing downstream:
- Block kinds come from paragraph styles, following the ``basedOn`` chain: Title/Subtitle → ``title``;
  "Heading N" (or a localized name, or an outline level) → ``heading`` with ``level`` N; list styles or
  numbering → ``list_item``; Caption style or a "Foto:"-like prefix → ``caption``.
- Manual line breaks (``<w:br/>``) stay as ``"\\n"`` inside the block: authors use them to put several
  short facts ("131 beneficiarios | 32 regionales") under one paragraph. Tabs become a space.
- ``bold`` flags a block whose visible text is entirely bold (directly or through styles);
  ``bold_spans`` mark bold runs; ``font_size`` is the block's mean size relative to the body style.
- Tables with two or more columns yield one ``table_row`` block per row, cells joined by ``" | "``, with
  ``cells``/``cell_offsets``; data rows carry the table's ``header``; the header row itself is emitted
  too, with ``header == cells``. A vertically merged cell's text stays in its first row (later rows hold
  ``""``), a horizontally merged cell appears once. Single-column tables are layout boxes: their content
  is read as ordinary blocks. Nested tables are flattened into their cell's text.
- Tables of contents (TOC styles or a TOC content control) are skipped, they only repeat headings.
- DOCX has no reliable pages: ``page`` is None.
"""

from __future__ import annotations

import posixpath
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from lxml import etree

from extractor.model import BlockKind, DocumentBuilder, ParsedDocument
from extractor.readers.base import ReaderLimits, read_head
from extractor.readers.errors import (
    CorruptDocument, EmptyDocument, EncryptedDocument, LimitExceeded, ReadError, UnsupportedFormat,
)

# --- package limits (zip bombs) --------------------------------------------------------------------------
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100            # overall uncompressed / compressed, checked above RATIO_FLOOR
RATIO_FLOOR = 10 * 1024 * 1024
MAX_MEMBERS = 10_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
DTD_MARKERS = tuple(
    marker.encode(enc) for marker in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be")
)

# --- shared language hints (also used by the HTML reader) ------------------------------------------------
CAPTION_TEXT = re.compile(
    r"^(?:foto(?:grafía|grafia)?s?|imagen(?:es)?|figura|ilustraci[oó]n|gr[aá]fico|photo|picture|figure)"
    r"\s*\d*\s*[:.–-]",
    re.IGNORECASE,
)
CELL_SEPARATOR = " | "

# --- WordprocessingML ------------------------------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


P, R, T, TBL, TR, TC, SDT, SDT_CONTENT = (_w(t) for t in ("p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtContent"))
PPR, RPR, TCPR, TRPR = (_w(t) for t in ("pPr", "rPr", "tcPr", "trPr"))
TXBX_CONTENT, ALT_CHUNK = _w("txbxContent"), _w("altChunk")
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
VAL = _w("val")
VANISH, BOLD, SIZE = _w("vanish"), _w("b"), _w("sz")      # the run properties read
NUM_PR = _w("numPr")
# Inline containers whose runs are visible text; deleted/moved-away text is skipped.
RUN_CONTAINERS = {_w(t) for t in ("hyperlink", "ins", "smartTag", "customXml", "fldSimple", "moveTo", "dir", "bdo")}
BLOCK_CONTAINERS = {_w(t) for t in ("customXml", "ins", "moveTo")}
# A tab stays a tab: "Socio:\tX\tPaís:\tY" is a row of fields, and the segmenter splits fields at tabs.
RUN_TEXT = {_w("t"): None, _w("tab"): "\t", _w("ptab"): "\t", _w("cr"): "\n", _w("br"): "\n",
            _w("noBreakHyphen"): "-", _w("softHyphen"): ""}
FALSE_VALUES = {"0", "false", "off", "none"}

HEADING_NAME = re.compile(
    r"^(?:heading|t[ií]tulo|titre|[üu]berschrift|titolo|kop|encabezado)\s*([1-9])$", re.IGNORECASE)
HEADING_ID = re.compile(r"^(?:heading|t[ií]?tulo|titre|berschrift|titolo|kop)([1-9])$", re.IGNORECASE)
TITLE_NAMES = {"title", "título", "titulo", "titre", "titel", "titolo"}
SUBTITLE_NAMES = {"subtitle", "subtítulo", "subtitulo", "sous-titre", "untertitel", "sottotitolo"}
CAPTION_NAMES = {"caption", "descripción", "descripcion", "epígrafe", "epigrafe", "légende", "legende",
                 "beschriftung", "didascalia"}
LIST_NAME = re.compile(r"^(?:list|lista|párrafo de lista|parrafo de lista|paragraphe de liste|listenabsatz|"
                       r"vi[ñn]eta)", re.IGNORECASE)
TOC_NAME = re.compile(r"^(?:toc|tdc|tm|verzeichnis|inhaltsverzeichnis)\s*\d$|^(?:toc heading|"
                      r"encabezado de tdc|título de tdc|en-tête de table des matières)$", re.IGNORECASE)


def _flag(element: etree._Element | None) -> bool | None:
    """A WordprocessingML on/off property: absent → None, present → True unless val says off."""
    if element is None:
        return None
    return (element.get(VAL) or "true").lower() not in FALSE_VALUES


def _val(parent: etree._Element | None, tag: str) -> str | None:
    if parent is None:
        return None
    child = parent.find(_w(tag))
    return None if child is None else child.get(VAL)


# --- styles ----------------------------------------------------------------------------------------------
@dataclass
class _Style:
    style_id: str
    name: str
    based_on: str | None
    rpr: etree._Element | None
    ppr: etree._Element | None


class _StyleTable:
    """styles.xml, indexed once; inherited properties resolve through ``basedOn`` chains."""

    def __init__(self, styles_element: etree._Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_rpr: etree._Element | None = None
        # (property, character style, paragraph style) -> the inherited definition: runs repeat few styles.
        self._inherited: dict[tuple[str, str | None, str | None], etree._Element | None] = {}
        # Style elements by id; a _Style is made when a run or paragraph first uses it (a styles part
        # lists a hundred or more styles, a bulletin uses a handful).
        self._elements: dict[str, etree._Element] = {}
        self._toc: dict[str | None, bool] = {}
        self._kinds: dict[str | None, tuple[BlockKind, int | None] | None] = {}
        self._num_ids: dict[str | None, str | None] = {}
        if styles_element is None:
            return
        defaults = styles_element.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{RPR}")
        self.default_rpr = defaults
        style_id_attr, type_attr, default_attr = _w("styleId"), _w("type"), _w("default")
        for el in styles_element.iterfind(_w("style")):
            style_id = el.get(style_id_attr) or ""
            self._elements[style_id] = el           # a repeated id: the last definition wins
            if el.get(type_attr) == "paragraph" and (el.get(default_attr) or "").lower() in {"1", "true", "on"}:
                self.default_paragraph = style_id

    def _style(self, style_id: str) -> _Style | None:
        style = self.styles.get(style_id)
        if style is None and (el := self._elements.get(style_id)) is not None:
            style = self.styles[style_id] = _Style(style_id, (_val(el, "name") or style_id).strip(),
                                                   _val(el, "basedOn"), el.find(RPR), el.find(PPR))
        return style

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id not in seen and (style := self._style(style_id)) is not None:
            seen.add(style_id)
            yield style
            style_id = style.based_on

    def run_property(self, tag: str, rpr: etree._Element | None, char_style: str | None,
                     para_style: str | None) -> etree._Element | None:
        """The nearest definition of a run property (``tag`` qualified, e.g. ``BOLD``): direct, character
        style, paragraph style, defaults."""
        if rpr is not None and (found := rpr.find(tag)) is not None:
            return found
        key = (tag, char_style, para_style)
        if key not in self._inherited:
            self._inherited[key] = self._styled_property(tag, char_style, para_style)
        return self._inherited[key]

    def _styled_property(self, tag: str, char_style: str | None, para_style: str | None) -> etree._Element | None:
        candidates: list[etree._Element | None] = [s.rpr for s in self.chain(char_style)]
        candidates += [s.rpr for s in self.chain(para_style)]
        candidates.append(self.default_rpr)
        for props in candidates:
            if props is not None and (found := props.find(tag)) is not None:
                return found
        return None

    def kind_of(self, style_id: str | None) -> tuple[BlockKind, int | None] | None:
        """The block kind a paragraph style gives by its name, id or outline level (or the nearest style it
        is based on that gives one), or None. Cached: paragraphs repeat few styles."""
        if style_id not in self._kinds:
            self._kinds[style_id] = next(filter(None, map(_kind_by_style, self.chain(style_id))), None)
        return self._kinds[style_id]

    def num_id(self, style_id: str | None) -> str | None:
        """The list numbering id the style chain gives (the nearest one), or None."""
        if style_id not in self._num_ids:
            self._num_ids[style_id] = next((n for s in self.chain(style_id)
                                            if (n := _val(s.ppr.find(NUM_PR) if s.ppr is not None else None,
                                                          "numId")) is not None), None)
        return self._num_ids[style_id]

    def is_toc(self, style_id: str | None) -> bool:
        """Whether the paragraph style (or one it is based on) is a table-of-contents style."""
        if style_id not in self._toc:
            self._toc[style_id] = any(TOC_NAME.match(s.name) for s in self.chain(style_id))
        return self._toc[style_id]


def _kind_by_style(style: _Style) -> tuple[BlockKind, int | None] | None:
    """The block kind one style's name, id or outline level gives, or None (ask the style it is based on)."""
    name = style.name.lower()
    if name in TITLE_NAMES or name in SUBTITLE_NAMES:
        return BlockKind.title, None
    match = HEADING_NAME.match(name) or HEADING_ID.match(style.style_id)
    if match:
        return BlockKind.heading, int(match.group(1))
    outline = _val(style.ppr, "outlineLvl")
    if outline is not None and outline.isdigit():
        return (BlockKind.heading, int(outline) + 1) if int(outline) < 9 else (BlockKind.paragraph, None)
    if name in CAPTION_NAMES:
        return BlockKind.caption, None
    if LIST_NAME.match(name):
        return BlockKind.list_item, None
    return None


def _half_points(element: etree._Element | None) -> float | None:
    try:
        return float(element.get(VAL)) if element is not None else None
    except (TypeError, ValueError):
        return None


# --- collected text --------------------------------------------------------------------------------------
@dataclass
class BlockDraft:
    """One future block before offsets: text plus hints relative to it."""

    kind: BlockKind
    text: str
    bold_spans: list[tuple[int, int]] = field(default_factory=list)
    bold: bool = False
    level: int | None = None
    font_size: float | None = None
    cells: list[str] | None = None
    header: list[str] | None = None
    cell_offsets: list[tuple[int, int]] | None = None

    def hints(self) -> dict:
        hints: dict = {"bold": self.bold, "bold_spans": list(self.bold_spans)}
        for key in ("level", "font_size", "cells", "header", "cell_offsets"):
            if (value := getattr(self, key)) is not None:
                hints[key] = value
        return hints


def spans_from_segments(segments: Iterable[tuple[str, bool]]) -> tuple[str, list[tuple[int, int]], bool]:
    """Join (text, bold) segments; return the text, merged bold spans trimmed to non-space, all-bold flag."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for text, bold in segments:
        if not text:
            continue
        if bold:
            if spans and spans[-1][1] == length:
                spans[-1] = (spans[-1][0], length + len(text))
            else:
                spans.append((length, length + len(text)))
        parts.append(text)
        length += len(text)
    joined = "".join(parts)
    trimmed = []
    for start, end in spans:
        while start < end and joined[start].isspace():
            start += 1
        while end > start and joined[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append((start, end))
    visible = _visible(joined)
    in_bold = sum(_visible(joined[a:b]) for a, b in trimmed)
    return joined, trimmed, visible > 0 and in_bold == visible


def _visible(text: str) -> int:
    """Characters that are not white space (``str.split`` cuts at exactly the characters ``isspace`` names)."""
    return sum(map(len, text.split()))


def strip_with_spans(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    return stripped, [(max(0, a - lead), min(len(stripped), b - lead)) for a, b in spans if b - lead > 0]


def join_pieces(pieces: list[BlockDraft], separator: str = "\n") -> tuple[str, list[tuple[int, int]]]:
    """Flatten blocks (a table cell's content) into one text with shifted bold spans."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for piece in pieces:
        text, piece_spans = strip_with_spans(piece.text, piece.bold_spans)
        if not text:
            continue
        if parts:
            parts.append(separator)
            length += len(separator)
        spans += [(a + length, b + length) for a, b in piece_spans]
        parts.append(text)
        length += len(text)
    return "".join(parts), spans


def row_piece(cells: list[tuple[str, list[tuple[int, int]]]], header: list[str] | None) -> BlockDraft:
    """A table row: cells joined by " | " with each cell's offsets and bold spans inside the row text.

    Trailing empty cells add no separator (the row text would end in a dangling " | "); their offsets
    are the empty span at the end of the text.
    """
    stripped = [strip_with_spans(raw, cell_spans) for raw, cell_spans in cells]
    last = max((i for i, (text, _) in enumerate(stripped) if text), default=-1)
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for index, (text, cell_spans) in enumerate(stripped):
        if index > last:
            offsets.append((length, length))
            continue
        if index:
            parts.append(CELL_SEPARATOR)
            length += len(CELL_SEPARATOR)
        offsets.append((length, length + len(text)))
        spans += [(a + length, b + length) for a, b in cell_spans]
        parts.append(text)
        length += len(text)
    visible = [(a, b) for a, b in offsets if b > a]
    all_bold = bool(visible) and all(any(sa <= a and b <= sb for sa, sb in spans) for a, b in visible)
    return BlockDraft(BlockKind.table_row, "".join(parts), spans, bold=all_bold,
                      cells=[text for text, _ in stripped], header=header, cell_offsets=offsets)


def looks_like_header(cells: list[str], row_count: int) -> bool:
    """A first row reads as a header when the table has data rows under it and every cell is a short label."""
    return (row_count >= 2 and all(cells) and all(len(c) <= 80 and not c.rstrip().endswith(":") for c in cells)
            and not all(re.fullmatch(r"[\d\s.,%]+", c) for c in cells))


LAYOUT_KINDS = {BlockKind.heading, BlockKind.title}


def table_pieces(rows: list[tuple[list[tuple[str, list[tuple[int, int]]]], bool]]) -> list[BlockDraft]:
    """Rows of (cells, marked-as-header) → table_row drafts; the first row may become the header."""
    if not rows:
        return []
    first = row_piece(rows[0][0], None)
    header: list[str] | None = None
    drafts: list[BlockDraft] = []
    if rows[0][1] or (first.bold and len(rows) >= 2) or looks_like_header(first.cells or [], len(rows)):
        header = list(first.cells or [])
        first.header = header
        drafts.append(first)
        rows = rows[1:]
    return drafts + [row_piece(cells, header) for cells, _ in rows]


# --- the body walk ---------------------------------------------------------------------------------------
class _DocxWalker:
    def __init__(self, styles: _StyleTable, path: str, deadline: float, body_size: float) -> None:
        self.styles = styles
        self.path = path
        self.deadline = deadline
        self.body_size = body_size
        self.pieces: list[BlockDraft] = []
        self.skipped_toc = 0
        self.alt_chunks = 0  # embedded HTML/RTF/DOCX chunks: stored as separate parts, not read

    def child(self) -> _DocxWalker:
        return _DocxWalker(self.styles, self.path, self.deadline, self.body_size)

    def walk(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                self._paragraph(child)
            elif tag == TBL:
                self._table(child)
            elif tag == SDT:
                if _is_toc_control(child):
                    self.skipped_toc += 1
                elif (content := child.find(SDT_CONTENT)) is not None:
                    self.walk(content)
            elif tag in BLOCK_CONTAINERS:
                self.walk(child)
            elif tag == ALT_CHUNK:
                self.alt_chunks += 1

    # paragraphs
    def _paragraph(self, p: etree._Element) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(self.path, "reading took longer than the per-document time limit")
        ppr = p.find(PPR)
        style_id = _val(ppr, "pStyle") or self.styles.default_paragraph
        if self.styles.is_toc(style_id):
            self.skipped_toc += 1
            return
        segments: list[tuple[str, bool, float | None]] = []
        self._runs(p, style_id, segments)
        text, spans, all_bold = spans_from_segments((t, b) for t, b, _ in segments)
        kind, level = self._classify(ppr, style_id)
        if kind is BlockKind.paragraph and CAPTION_TEXT.match(text.lstrip()):
            kind = BlockKind.caption
        self.pieces.append(BlockDraft(kind, text, spans, bold=all_bold, level=level,
                                  font_size=self._relative_size(segments)))
        for box in _text_boxes(p):
            self.walk(box)

    def _runs(self, container: etree._Element, style_id: str | None,
              out: list[tuple[str, bool, float | None]]) -> None:
        for child in container:
            tag = child.tag
            if tag == R:
                self._run(child, style_id, out)
            elif tag in RUN_CONTAINERS:
                self._runs(child, style_id, out)
            elif tag == SDT and (content := child.find(SDT_CONTENT)) is not None:
                self._runs(content, style_id, out)

    def _run(self, r: etree._Element, style_id: str | None, out: list[tuple[str, bool, float | None]]) -> None:
        rpr = r.find(RPR)
        char_style = _val(rpr, "rStyle")
        prop = self.styles.run_property
        if _flag(prop(VANISH, rpr, char_style, style_id)):
            return
        bold = bool(_flag(prop(BOLD, rpr, char_style, style_id)))
        size = _half_points(prop(SIZE, rpr, char_style, style_id))
        for child in r:
            if child.tag in RUN_TEXT:
                text = RUN_TEXT[child.tag]
                out.append((child.text or "" if text is None else text, bold, size))

    def _classify(self, ppr: etree._Element | None, style_id: str | None) -> tuple[BlockKind, int | None]:
        by_style = self.styles.kind_of(style_id)
        if by_style is not None:
            return by_style
        outline = _val(ppr, "outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return BlockKind.heading, int(outline) + 1
        num_id = _val(ppr.find(NUM_PR) if ppr is not None else None, "numId")
        if num_id is None:
            num_id = self.styles.num_id(style_id)
        if num_id is not None:
            return (BlockKind.list_item, None) if num_id != "0" else (BlockKind.paragraph, None)
        return BlockKind.paragraph, None

    def _relative_size(self, segments: list[tuple[str, bool, float | None]]) -> float | None:
        weighted = [(len(t.strip()), s or self.body_size) for t, _, s in segments if t.strip()]
        total = sum(n for n, _ in weighted)
        if not total:
            return None
        return round(sum(n * s for n, s in weighted) / total / self.body_size, 2)

    # tables
    def _table(self, tbl: etree._Element) -> None:
        grid = [self._row_cells(tr) for tr in _iter_children(tbl, TR)]
        cells_pieces = [pieces for row, _ in grid for pieces in row]
        width = max((len(row) for row, _ in grid), default=0)
        if width <= 1 or any(p.kind in LAYOUT_KINDS for pieces in cells_pieces for p in pieces):
            # A framed box or a layout grid holding headings: read its content as ordinary blocks.
            self.pieces += [p for pieces in cells_pieces for p in pieces]
            return
        table = [([join_pieces(pieces) for pieces in row], marked) for row, marked in grid]
        table = [(cells, marked) for cells, marked in table if any(text.strip() for text, _ in cells)]
        self.pieces += table_pieces(table)

    def _row_cells(self, tr: etree._Element) -> tuple[list[list[BlockDraft]], bool]:
        """Each cell's content as drafts, and whether the row is marked as a repeating header row."""
        cells: list[list[BlockDraft]] = []
        before = _val(tr.find(TRPR), "gridBefore")
        if before and before.isdigit():
            cells += [[] for _ in range(min(int(before), 64))]
        for tc in _iter_children(tr, TC):
            vmerge = _find_path(tc, TCPR, _w("vMerge"))
            if vmerge is not None and (vmerge.get(VAL) or "continue") != "restart":
                cells.append([])  # the merged text stays in the row where the merge starts
                continue
            sub = self.child()
            sub.walk(tc)
            self.skipped_toc += sub.skipped_toc
            self.alt_chunks += sub.alt_chunks
            cells.append(sub.pieces)
        return cells, bool(_flag(_find_path(tr, TRPR, _w("tblHeader"))))


def _iter_children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == SDT and (content := child.find(SDT_CONTENT)) is not None:
            yield from _iter_children(content, tag)
        elif child.tag == _w("customXml"):
            yield from _iter_children(child, tag)


def _find_path(element: etree._Element, *tags: str) -> etree._Element | None:
    for tag in tags:
        if element is None:
            return None
        element = element.find(tag)
    return element


def _is_toc_control(sdt: etree._Element) -> bool:
    gallery = sdt.find(f"{_w('sdtPr')}/{_w('docPartObj')}/{_w('docPartGallery')}")
    return gallery is not None and "table of contents" in (gallery.get(VAL) or "").lower()


def _text_boxes(p: etree._Element) -> list[etree._Element]:
    """Outermost text-box contents anchored in a paragraph; VML fallbacks duplicate them and are skipped."""
    boxes = []
    for box in p.iter(TXBX_CONTENT):
        ancestors = list(box.iterancestors())
        inside = ancestors[: ancestors.index(p)] if p in ancestors else ancestors
        if any(a.tag == MC_FALLBACK or a.tag == TXBX_CONTENT for a in inside):
            continue
        boxes.append(box)
    return boxes


# --- vetting the package ---------------------------------------------------------------------------------
def _vet_file(path: Path, limits: ReaderLimits) -> None:
    name = str(path)
    head = read_head(path, limits, 8)
    if head.startswith(OLE_MAGIC):
        if _ole_is_encrypted_ooxml(path):
            raise EncryptedDocument(name, "password-protected (encrypted) Word document")
        raise UnsupportedFormat(name, "legacy Word 97-2003 (.doc) file, not DOCX; convert it to .docx")
    if head.startswith(b"{\\rtf"):
        raise UnsupportedFormat(name, "RTF file, not DOCX")
    if not head.startswith(ZIP_MAGIC):
        raise CorruptDocument(name, "not a DOCX file (no ZIP package signature)")


def _ole_is_encrypted_ooxml(path: Path) -> bool:
    # Encrypted OOXML is an OLE container holding "EncryptionInfo" and "EncryptedPackage" streams.
    with path.open("rb") as handle:
        data = handle.read(1024 * 1024)
    return "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data


def _vet_package(archive: zipfile.ZipFile, name: str) -> None:
    """Limits checked on the ZIP directory before anything is decompressed."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise LimitExceeded(name, f"ZIP package has {len(members)} entries (limit {MAX_MEMBERS})")
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > MAX_UNCOMPRESSED:
        raise LimitExceeded(name, f"ZIP package expands to {total} bytes (limit {MAX_UNCOMPRESSED}); "
                                  "possible zip bomb")
    if total > RATIO_FLOOR and total / packed > MAX_RATIO:
        raise LimitExceeded(name, f"ZIP compression ratio {total / packed:.0f}:1 (limit {MAX_RATIO}:1); "
                                  "possible zip bomb")
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise UnsupportedFormat(name, "ZIP archive but not a Word document (no word/ part)")
    if any(m.flag_bits & 0x1 for m in members):
        raise EncryptedDocument(name, "ZIP entries are encrypted")


# --- the parts read: package relationships → main document part, and its styles part -------------------
# Only these few parts are ever parsed (python-docx would load every part into its object model, which
# costs more than the whole walk here). Each is refused if it declares a DTD or entities, and parsed with
# entities unresolved and no network, with python-docx's own parser options.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False)
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}


def _part(archive: zipfile.ZipFile, part: str, name: str) -> etree._Element:
    try:
        data = archive.read(part)
    except KeyError:
        raise CorruptDocument(name, f"not a valid DOCX package: part {part} is missing") from None
    if any(marker in data for marker in DTD_MARKERS):
        raise CorruptDocument(name, f"XML part {part} declares a DTD/entities "
                                    "(not allowed in DOCX; possible entity-expansion attack)")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorruptDocument(name, f"malformed XML in DOCX: {part}: {str(exc).splitlines()[0]}") from None


def _related(archive: zipfile.ZipFile, source: str, kind: str, name: str) -> str | None:
    """The part that ``source`` (a part name, or "" for the package) points to with a relationship of
    ``kind`` (the type's last segment, the same in transitional and strict OOXML)."""
    folder, base = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels not in archive.NameToInfo:
        return None
    for rel in _part(archive, rels, name).iterfind(f"{{{REL_NS}}}Relationship"):
        if (rel.get("Type") or "").rsplit("/", 1)[-1] == kind and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    return None


def _content_type(archive: zipfile.ZipFile, part: str, name: str) -> str | None:
    types = _part(archive, "[Content_Types].xml", name)
    for override in types.iterfind(f"{{{CT_NS}}}Override"):
        if (override.get("PartName") or "").lstrip("/") == part:
            return override.get("ContentType")
    extension = part.rsplit(".", 1)[-1].lower()
    for default in types.iterfind(f"{{{CT_NS}}}Default"):
        if (default.get("Extension") or "").lower() == extension:
            return default.get("ContentType")
    return None


def _open_docx(path: Path) -> tuple[etree._Element, etree._Element | None]:
    """(the document's body element, the styles element or None), after vetting the package."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            _vet_package(archive, name)
            main = _related(archive, "", "officeDocument", name)
            if main is None or main not in archive.NameToInfo:
                raise CorruptDocument(name, "not a valid DOCX package (no main document part)")
            kind = _content_type(archive, main, name)
            if kind not in WORD_MAIN_TYPES:
                raise UnsupportedFormat(name, f"not a Word document (main part is {kind})")
            document = _part(archive, main, name)
            styles_part = _related(archive, main, "styles", name)
            styles = _part(archive, styles_part, name) if styles_part in archive.NameToInfo else None
    except ReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, ValueError) as exc:
        raise CorruptDocument(name, f"damaged ZIP package: {str(exc) or type(exc).__name__}") from None
    body = document.find(_w("body"))
    if body is None:
        raise CorruptDocument(name, "invalid DOCX: the main document part has no body")
    return body, styles


def _body_size(styles: _StyleTable) -> float:
    size = _half_points(styles.run_property(SIZE, None, None, styles.default_paragraph))
    return size or 20.0  # Word's implicit default is 10 pt (20 half-points)


def read_docx(path: Path, limits: ReaderLimits) -> ParsedDocument:
    path = Path(path)
    deadline = time.monotonic() + limits.seconds_per_document
    _vet_file(path, limits)
    body, styles_element = _open_docx(path)    # a package without a styles part still has readable text
    styles = _StyleTable(styles_element)
    walker = _DocxWalker(styles, str(path), deadline, _body_size(styles))
    walker.walk(body)

    builder = DocumentBuilder()
    for piece in walker.pieces:
        builder.add(piece.text, piece.kind, **piece.hints())
    if not builder.blocks:
        raise EmptyDocument(str(path), "no text in the document body (images only or blank)")
    warnings = []
    if walker.skipped_toc:
        warnings.append(f"skipped {walker.skipped_toc} table-of-contents entries")
    if walker.alt_chunks:
        warnings.append(f"{walker.alt_chunks} embedded document chunk(s) (altChunk) not read")
    return builder.build(path=str(path), name=path.name, format="docx", reader="docx", warnings=warnings)


__all__ = ["read_docx", "BlockDraft", "CAPTION_TEXT", "CELL_SEPARATOR", "LAYOUT_KINDS", "looks_like_header",
           "row_piece", "table_pieces", "join_pieces", "spans_from_segments", "strip_with_spans"]
