"""Bulletins published as HTML pages (.html, .htm).

Parsed with lxml.html (no network, no entity expansion). Page chrome is skipped: script/style, navigation,
and page-level header/footer (a ``<header>`` inside an ``<article>``/``<main>``/``<section>`` is content and
is kept). Block mapping: h1–h6 → ``heading`` (level), ``li`` → ``list_item``, ``figcaption``/``caption``
or a "Foto:"-like paragraph → ``caption``, other block elements (p, div, blockquote, dd…) → ``paragraph``.
``<b>``/``<strong>`` (or an inline bold font-weight) become ``bold_spans``; ``<br>`` stays ``"\\n"``.
Tables follow the DOCX reader's conventions: one ``table_row`` per row, cells joined by ``" | "``, the
header from ``<th>``/``<thead>`` (else a bold or label-like first row), rowspan continuations as ``""``.
"""

from __future__ import annotations

import codecs
import re
import time
from pathlib import Path
from typing import Iterator

import lxml.html
from lxml import etree

from extractor.model import BlockKind, DocumentBuilder, ParsedDocument
from extractor.readers.base import ReaderLimits
from extractor.readers.docx import (
    CAPTION_TEXT, LAYOUT_KINDS, BlockDraft, join_pieces, spans_from_segments, table_pieces,
)
from extractor.readers.errors import CorruptDocument, EmptyDocument, LimitExceeded

SKIP_TAGS = {"script", "style", "noscript", "template", "head", "nav", "svg", "math", "iframe", "object",
             "embed", "button", "select", "textarea", "input", "form", "map", "canvas", "audio", "video"}
CHROME_TAGS = {"header", "footer", "aside"}     # at page level: a sidebar's links are not the bulletin
CONTENT_ANCESTORS = {"article", "main", "section"}
CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "complementary"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCK_KINDS = {"p": BlockKind.paragraph, "li": BlockKind.list_item, "figcaption": BlockKind.caption,
               "caption": BlockKind.caption, "dt": BlockKind.paragraph, "dd": BlockKind.paragraph,
               "blockquote": BlockKind.paragraph, "pre": BlockKind.paragraph, "address": BlockKind.paragraph}
# Containers: their loose text becomes a paragraph, their block children keep their own kinds.
CONTAINERS = {"html", "body", "div", "section", "article", "main", "aside", "figure", "ul", "ol", "dl",
              "header", "footer", "center", "details", "summary", "fieldset", "hgroup", "menu", "td", "th"}
BOLD_TAGS = {"b", "strong"}
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
DOCTYPE = re.compile(r"^\s*<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.IGNORECASE | re.DOTALL)  # with internal subset
WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")  # HTML white space; NBSP is kept as written


def decode_html(raw: bytes) -> str:
    """BOM, then the page's own ``<meta charset>``, then UTF-8, then Windows-1252."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    declared = META_CHARSET.search(raw[:8192])
    if declared:
        try:
            return raw.decode(codecs.lookup(declared.group(1).decode("ascii")).name, errors="replace")
        except LookupError:
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _is_skipped(element: etree._Element) -> bool:
    tag = _tag(element)
    if not tag or tag in SKIP_TAGS:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if HIDDEN_STYLE.search(element.get("style") or ""):
        return True
    if (element.get("role") or "").lower() in CHROME_ROLES:
        return True
    if tag in CHROME_TAGS:
        if tag == "header" and element.find(".//h1") is not None:
            return False          # a page header holding the bulletin's own title (its nav is skipped apart)
        return not any(_tag(a) in CONTENT_ANCESTORS for a in element.iterancestors())
    return False


def _is_bold(element: etree._Element) -> bool:
    return _tag(element) in BOLD_TAGS or bool(BOLD_STYLE.search(element.get("style") or ""))


class _HtmlWalker:
    """Walks the tree, gathering inline text into the current block and flushing at block boundaries."""

    def __init__(self, path: str, deadline: float) -> None:
        self.path = path
        self.deadline = deadline
        self.pieces: list[BlockDraft] = []
        self._segments: list[tuple[str, bool]] = []
        self._kinds: list[tuple[BlockKind, int | None]] = [(BlockKind.paragraph, None)]
        self._preformatted = 0

    def walk(self, element: etree._Element) -> None:
        self._content(element, bold=False)
        self._flush()

    def _text(self, text: str | None, bold: bool) -> None:
        if text:
            self._segments.append((text if self._preformatted else WHITESPACE.sub(" ", text), bold))

    def _flush(self) -> None:
        text, spans, all_bold = spans_from_segments(self._segments)
        self._segments = []
        if not text.strip():
            return
        kind, level = self._kinds[-1]
        if kind is BlockKind.paragraph and CAPTION_TEXT.match(text.lstrip()):
            kind = BlockKind.caption
        text, spans = _trim_lines(text, spans)
        self.pieces.append(BlockDraft(kind, text, spans, bold=all_bold, level=level))

    def _content(self, element: etree._Element, bold: bool) -> None:
        self._text(element.text, bold)
        for child in element:
            if not _is_skipped(child):
                self._element(child, bold)
            self._text(child.tail, bold)

    def _element(self, element: etree._Element, bold: bool) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(self.path, "reading took longer than the per-document time limit")
        tag = _tag(element)
        bold = bold or _is_bold(element) or tag in HEADINGS  # browsers render headings bold
        if tag == "br":
            self._segments.append(("\n", bold))
        elif tag == "table":
            self._flush()
            self._table(element)
        elif tag == "dl":
            self._flush()
            self._definitions(element)
        elif tag in HEADINGS or tag in BLOCK_KINDS or tag in CONTAINERS or tag in {"tr", "tbody", "thead"}:
            self._flush()
            kind = (BlockKind.heading, HEADINGS[tag]) if tag in HEADINGS else (
                (BLOCK_KINDS[tag], None) if tag in BLOCK_KINDS else self._kinds[-1])
            self._kinds.append(kind)
            self._preformatted += tag == "pre"
            self._content(element, bold)
            self._flush()
            self._preformatted -= tag == "pre"
            self._kinds.pop()
        else:  # inline element
            self._content(element, bold)

    def _table(self, table: etree._Element) -> None:
        for caption in table.iterchildren("caption"):
            self._element(caption, False)
        grid = [([self._cell(cell) for cell in cells], is_header) for cells, is_header in _rows(table)]
        cells_pieces = [pieces for row, _ in grid for pieces in row]
        width = max((len(row) for row, _ in grid), default=0)
        if width <= 1 or any(p.kind in LAYOUT_KINDS for pieces in cells_pieces for p in pieces):
            # A framed box or a layout grid holding headings: read its content as ordinary blocks.
            self.pieces += [p for pieces in cells_pieces for p in pieces]
            return
        rows = [([join_pieces(pieces) for pieces in row], is_header) for row, is_header in grid]
        self.pieces += table_pieces([(cells, h) for cells, h in rows if any(t.strip() for t, _ in cells)])

    def _definitions(self, dl: etree._Element) -> None:
        """<dt>País</dt><dd>Perú</dd> reads as the field line "País: Perú" (label bold, as bulletins print it)."""
        label: str | None = None
        used = False
        for child in dl:
            tag = None if _is_skipped(child) else _tag(child)
            if tag == "div":                      # <div><dt/><dd/></div> groups are allowed in HTML
                self._definitions(child)
                continue
            if tag not in ("dt", "dd"):
                continue
            text = " ".join(p.text for p in self._cell(child)).strip()
            if tag == "dt":
                if label and not used:            # a term without a definition still says something
                    self.pieces.append(BlockDraft(BlockKind.paragraph, label, [(0, len(label))], bold=True))
                label, used = text.rstrip(":").strip(), False
            elif text:
                line = f"{label}: {text}" if label else text
                self.pieces.append(BlockDraft(BlockKind.paragraph, line, [(0, len(label) + 1)] if label else []))
                used = True
        if label and not used:
            self.pieces.append(BlockDraft(BlockKind.paragraph, label, [(0, len(label))], bold=True))

    def _cell(self, cell: etree._Element | None) -> list[BlockDraft]:
        if cell is None:
            return []
        sub = _HtmlWalker(self.path, self.deadline)
        sub._content(cell, bold=_is_bold(cell) or _tag(cell) == "th")
        sub._flush()
        return sub.pieces


def _trim_lines(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Drop the spaces HTML layout leaves around ``<br>`` line breaks, keeping spans aligned."""
    keep = [True] * len(text)
    for match in re.finditer(r" *\n *", text):
        for i in range(match.start(), match.end()):
            keep[i] = text[i] == "\n"
    index_map, out = [], []
    for i, ch in enumerate(text):
        index_map.append(len(out))
        if keep[i]:
            out.append(ch)
    index_map.append(len(out))
    return "".join(out), [(index_map[a], index_map[b]) for a, b in spans if index_map[b] > index_map[a]]


def _rows(table: etree._Element) -> Iterator[tuple[list[etree._Element | None], bool]]:
    """Rows of this table (not of nested ones), with rowspan continuations as ``None`` placeholders."""
    carried: dict[int, int] = {}  # column → rows still covered by a rowspan from above
    for tr in _own_rows(table):
        cells = [c for c in tr if _tag(c) in {"td", "th"}]
        is_header = bool(cells) and (all(_tag(c) == "th" for c in cells) or _tag(tr.getparent()) == "thead")
        row: list[etree._Element | None] = []
        column = 0
        pending = list(cells)
        while pending or any(col >= column for col in carried):
            if carried.get(column, 0) > 0:
                carried[column] -= 1
                if not carried[column]:
                    del carried[column]
                row.append(None)
            elif pending:
                cell = pending.pop(0)
                span = _int_attr(cell, "rowspan")
                if span > 1:
                    carried[column] = span - 1
                row.append(cell)
            else:
                row.append(None)
            column += 1
        yield row, is_header


def _own_rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in {"thead", "tbody", "tfoot"}:
            yield from (tr for tr in child if _tag(tr) == "tr")


def _int_attr(element: etree._Element, name: str) -> int:
    try:
        return max(1, min(int(element.get(name, "1")), 1000))
    except ValueError:
        return 1


def read_html(path: Path, limits: ReaderLimits) -> ParsedDocument:
    path = Path(path)
    name = str(path)
    deadline = time.monotonic() + limits.seconds_per_document
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise LimitExceeded(name, f"file is {size} bytes, over the {limits.max_bytes}-byte limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise CorruptDocument(name, f"cannot open file: {exc.strerror or exc}") from None
    if not raw.strip():
        raise EmptyDocument(name, "empty file")
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CorruptDocument(name, "binary content, not an HTML page")
    # An internal DTD subset is never needed in HTML and the parser would show it as text: drop it.
    text = DOCTYPE.sub("<!DOCTYPE html>", decode_html(raw), count=1)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except etree.ParserError as exc:  # lxml's "Document is empty"
        raise EmptyDocument(name, f"no HTML content ({str(exc) or 'empty document'})") from None
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise CorruptDocument(name, f"cannot parse HTML: {str(exc).splitlines()[0] if str(exc) else 'unknown'}") \
            from None
    body = root.find("body")
    walker = _HtmlWalker(name, deadline)
    try:
        walker.walk(body if body is not None else root)
    except RecursionError:
        raise CorruptDocument(name, "HTML nested too deeply to read") from None
    builder = DocumentBuilder()
    for piece in walker.pieces:
        builder.add(piece.text, piece.kind, **piece.hints())
    if not builder.blocks:
        raise EmptyDocument(name, "no text in the page body")
    return builder.build(path=name, name=path.name, format="html", reader="html")


__all__ = ["read_html", "decode_html"]
