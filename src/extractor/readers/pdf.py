"""PDF bulletins, read from pypdfium2's characters, boxes and fonts.

Pipeline per document:
1. every page's characters become *fragments*: runs on one baseline without a wide gap, each character
   carrying its font's size and boldness (font info is looked up once per PDF text object, not per char);
2. running headers/footers (same text at the same height on most pages) and page numbers are dropped;
3. each page is ordered by a recursive XY-cut: a vertical white band through the body text is a column
   gutter; lines crossing it (a full-width heading) split the page into bands read top to bottom, and each
   band reads its left column fully, then the right;
4. lines group into blocks by vertical gap, font change, bullets and short last lines; blocks are
   classified (title, heading with level, list item, caption, paragraph) from sizes relative to the body
   font and weight; hyphenated line ends are repaired and a paragraph cut by a column or page break is
   rejoined.

A page without a text layer yields a warning; ``read_pdf(..., page_fallback=...)`` lets an OCR step supply
that page's lines instead (see ``PageFallback``).
"""

from __future__ import annotations

import ctypes
import re
import statistics
import time
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.model import BlockKind, DocumentBuilder, ParsedDocument
from extractor.readers.base import Reader, ReaderLimits, read_head
from extractor.readers.pdf_tables import PdfTable, has_rules, take_tables
from extractor.readers.errors import (CorruptDocument, EmptyDocument, EncryptedDocument, LimitExceeded,
                                      UnsupportedFormat)

# ---------------------------------------------------------------------------------------------- model


@dataclass(slots=True)
class Line:
    """A run of text on one baseline; coordinates in points from the page's top-left corner.

    ``bold`` has one flag per character of ``text`` (None: nothing bold). An OCR fallback builds these
    with ``Line(text, x0, top, x1, bottom, size)``.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: list[bool] | None = None
    italic: bool = False
    group: int | None = None      # an OCR block: its lines stay together and apart from other blocks
    _all_bold: bool | None = field(default=None, repr=False, compare=False)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    def bold_flags(self) -> list[bool]:
        return self.bold if self.bold is not None else [False] * len(self.text)

    @property
    def all_bold(self) -> bool:
        if self._all_bold is None:
            flags = self.bold
            self._all_bold = flags is not None and all(f for f, ch in zip(flags, self.text) if not ch.isspace())
        return self._all_bold


# Given the page (pypdfium2 object) and its 1-based number, return its lines, or None to give up on it.
# A fallback with a ``settle()`` method has it called once all pages are read (OCR evens out sizes there).
PageFallback = Callable[[pdfium.PdfPage, int], "list[Line] | None"]


@dataclass(slots=True)
class _Style:
    size: float
    bold: bool
    italic: bool


@dataclass
class _Draft:
    """A block under construction: its lines in reading order and what is known about them."""

    lines: list[Line]
    page: int
    flow_start: bool                 # first block of a column or page: may continue the previous one
    kind: BlockKind = BlockKind.paragraph
    level: int | None = None
    text: str = ""
    bold_mask: list[bool] = field(default_factory=list)
    size: float = 0.0

    @property
    def all_bold(self) -> bool:
        return all(line.all_bold for line in self.lines)


# ---------------------------------------------------------------------------------------------- constants

BULLET_GLYPHS = set("•◦▪▫■□●○◆◇►▸▶➢➤✓✔❖»·*")
DASH_BULLETS = set("-–—")
CAPTION = re.compile(r"^(?:foto(?:graf[ií]a)?|imagen|figura|fig\.|gr[aá]fico|photo|image)\s*\d*\s*[:.\-–]",
                     re.IGNORECASE)
PAGE_NUMBER = re.compile(
    r"^(?:(?:p[aá]gina|p[aá]g\.?|page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?"
    r"(?:\s*(?:de|of|/)\s*\d{1,4})?$", re.IGNORECASE)
ROMAN_PAGE = re.compile(r"^[ivxlc]{1,6}$", re.IGNORECASE)
SENTENCE_END = (".", ":", ";", "!", "?", "…")
HYPHENS = ("-", "\u00ad", "\u2010", "\x02", "\ufffe")
SOFT_HYPHENS = ("\u00ad", "\x02")
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                           "\ufb05": "st", "\ufb06": "st"})
_LIGATURE_CHARS = tuple(chr(c) for c in LIGATURES)
BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demibold", "demi", "extrabold", "ultrabold", "-bd", ",bd")
ITALIC_NAMES = ("italic", "oblique", "-it", ",it")

FIELD_START = re.compile(r"^\s*[A-ZÁÉÍÓÚÑ][\wáéíóúñ]*(?: [\wáéíóúñ]+){0,2}:\s")   # "Aliado: …", "Regionales impactadas: …"
FRAGMENT_GAP = 1.0        # a horizontal gap wider than this many line heights ends a fragment
BAND = 0.14               # running headers/footers live in this fraction of the page height, top or bottom
HEADING_RATIO = 1.08      # bigger than body by this much (and bold) is a heading; by TITLE_RATIO, even plain
BIG_RATIO = 1.25
TITLE_RATIO = 1.3
MAX_HEADING_CHARS = 200
OCR_RUNNING_SIMILARITY = 85   # OCR'd header/footer lines this similar (rapidfuzz ratio) count as the same text
OCR_RUNNING_SHIFT = 15        # and may sit this many points apart (pages straightened by different angles)

_FS_FLAG_ITALIC = 1 << 6
_FS_FLAG_FORCEBOLD = 1 << 18

# Copies of hot pdfium functions taking and returning plain ints: ctypes converts those fastest, and the
# text object's and font's handles double as cache keys for their style.
_get_text_object_id = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value)
_get_loose_box = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value)
_get_font_id = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)(
    ctypes.cast(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p).value)
# pdfium marks a hyphen that ends a line with U+FFFE and may glue the next line's word to it: a word ends
# after that mark, so each half keeps its own box.
_WORD = re.compile(r"[^\s\x00\ufffe]+\ufffe?|\ufffe")


# ---------------------------------------------------------------------------------------------- entry point


def read_pdf(path: Path, limits: ReaderLimits, *, page_fallback: PageFallback | None = None) -> ParsedDocument:
    """Read a PDF into ordered, classified blocks (format and reader "pdf")."""
    started = time.monotonic()
    name = str(path)
    _check_file(path, limits)
    pdf = _open(path)
    try:
        count = len(pdf)
        if count == 0:
            raise EmptyDocument(name, "the PDF has no pages")
        if count > limits.max_pages:
            raise LimitExceeded(name, f"{count} pages, over the limit of {limits.max_pages}")
        if page_fallback is None:
            # Scanned pages go through Tesseract; it is looked for only when a page needs it.
            from extractor.readers.ocr import OcrFallback
            ocr = OcrFallback(name, deadline=started + limits.seconds_per_document)
            page_fallback = ocr
        pages, warnings, pages_ocr, ruled = _read_pages(pdf, name, limits, started, page_fallback)
        warnings.extend(getattr(page_fallback, "warnings", []))
        settle = getattr(page_fallback, "settle", None)
        if pages_ocr and settle is not None:
            settle()        # OCR sizes made consistent across pages, now that all are read
    finally:
        pdf.close()

    # Tables may use what is left of the document's time; past it their pages read as running text.
    tables = take_tables(path, pages, ruled, warnings, deadline=started + limits.seconds_per_document) if ruled else []
    _drop_running_lines(pages)
    drafts = _layout(pages)
    builder = DocumentBuilder()
    body = 0.0
    if drafts:
        body = _body_size(drafts)
        for draft in drafts:
            _finish_text(draft)
        _classify(drafts, body)
        _after_tables(drafts, tables)
        drafts = _join_continuations(drafts)
    # Tables take their place among the blocks by page and height.
    waiting = sorted(tables, key=lambda t: (t.page, t.top))
    for draft in drafts:
        while waiting and (waiting[0].page, waiting[0].top) < (draft.page, draft.lines[0].top):
            _emit_table(builder, waiting.pop(0))
        _emit(builder, draft, body)
    for table in waiting:
        _emit_table(builder, table)
    return builder.build(path=name, name=path.name, format="pdf", reader="pdf", pages=count,
                         pages_ocr=pages_ocr, warnings=warnings)


def sniff_pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]


READER = Reader(name="pdf", extensions=(".pdf",), read=read_pdf, sniff=sniff_pdf, mime_hint=("application/pdf",))


# ---------------------------------------------------------------------------------------------- opening


def _check_file(path: Path, limits: ReaderLimits) -> None:
    name = str(path)
    head = read_head(path, limits, 1024)
    if not sniff_pdf(head):
        raise UnsupportedFormat(name, "not a PDF (no %PDF- header)")


def _open(path: Path) -> pdfium.PdfDocument:
    name = str(path)
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedDocument(name, "the PDF is encrypted with a password") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedDocument(name, "the PDF uses an unsupported security handler") from None
        raise CorruptDocument(name, f"damaged or truncated PDF ({str(exc).splitlines()[0]})") from None


def _needs_ocr(page: pdfium.PdfPage, lines: list[Line]) -> bool:
    from extractor.readers.scan import image_coverage, is_scanned_page
    chars = sum(len(line.text) for line in lines)
    if chars >= 400:          # plenty of text: never a scan, and no need to look at images
        return False
    coverage = image_coverage(page) if chars else None
    return is_scanned_page(chars, page.get_width() * page.get_height(), coverage)


def _read_pages(pdf: pdfium.PdfDocument, name: str, limits: ReaderLimits, started: float,
                page_fallback: PageFallback | None) -> tuple[list[list[Line]], list[str], int, list[int]]:
    """Each page's lines, warnings, how many pages were OCR'd, and the (0-based) text pages that draw rules."""
    pages: list[list[Line]] = []
    warnings: list[str] = []
    pages_ocr = 0
    ruled: list[int] = []
    for index in range(len(pdf)):
        if time.monotonic() - started > limits.seconds_per_document:
            raise LimitExceeded(name, f"reading took over {limits.seconds_per_document:g} s "
                                      f"(stopped at page {index + 1})")
        number = index + 1
        try:
            page = pdf[index]
        except pdfium.PdfiumError as exc:
            warnings.append(f"page {number}: cannot be loaded ({exc})")
            pages.append([])
            continue
        try:
            lines = page_lines(page)
            ocr_tried = False
            if page_fallback is not None and _needs_ocr(page, lines):
                ocr_tried = True
                fallback = page_fallback(page, number)
                if fallback:
                    lines = fallback
                    pages_ocr += 1
            if lines and not ocr_tried and has_rules(page):
                ruled.append(index)
            reports_own = ocr_tried and hasattr(page_fallback, "warnings")   # OCR says "found no text" itself
            if not lines and not reports_own:
                warnings.append(f"page {number}: no text layer")
            pages.append(lines)
        finally:
            page.close()
    if all(not p for p in pages) and any("cannot be loaded" in w for w in warnings):
        raise CorruptDocument(name, "no page could be loaded")
    return pages, warnings, pages_ocr, ruled


# ---------------------------------------------------------------------------------------------- characters


def page_lines(page: pdfium.PdfPage) -> list[Line]:
    """The page's text as fragments (parts of lines split at wide gaps), in content order."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        return _fragments(textpage, height)
    finally:
        textpage.close()


def _fragments(textpage: pdfium.PdfTextPage, page_height: float) -> list[Line]:
    """Walk the page word by word: two box look-ups and about one text-object look-up per word, not per character.

    A text object's characters are contiguous in the text page, so a word whose first and last characters
    share an object is in one font; only a word mixing fonts is looked at character by character. This
    loop runs for every word of every page: its bookkeeping is kept to plain locals (bold words as runs,
    sizes as a dict), which halves its cost against per-character lists and a Counter.
    """
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != n:   # surrogate pairs shift indices; rebuild one character per index
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp, i) or 0xFFFD) for i in range(n))
    ligatures = any(ch in text for ch in _LIGATURE_CHARS)
    tp_id = ctypes.cast(tp, ctypes.c_void_p).value
    rect = pdfium_c.FS_RECTF()
    rect_id = ctypes.addressof(rect)
    styles: dict[int | None, _Style] = {}
    fonts: dict[int, tuple[bool, bool]] = {}
    get_box, get_object = _get_loose_box, _get_text_object_id
    out: list[Line] = []

    parts: list[str] = []
    bold_runs: list[tuple[int, int]] = []    # bold character ranges of the line being built
    sizes: dict[float, int] = {}              # characters per font size, for the line's dominant size
    length = 0                                # characters in ``parts`` so far
    x0 = top = x1 = bottom = 0.0
    italic = False
    last_end = 0

    def flush() -> None:
        flags = None
        if bold_runs:
            flags = [False] * length
            for a, b in bold_runs:
                flags[a:b] = [True] * (b - a)
        size = next(iter(sizes)) if len(sizes) == 1 else max(sizes, key=sizes.__getitem__)
        out.append(Line("".join(parts), x0, top, x1, bottom, size, flags, italic))
        parts.clear(), bold_runs.clear(), sizes.clear()

    spans = [m.span() for m in _WORD.finditer(text)]
    spans.append((n, n))                      # a sentinel: the last word has no next word's object
    next_key = get_object(tp_id, spans[0][0]) if n > spans[0][0] else None
    for i in range(len(spans) - 1):
        start, end = spans[i]
        key = next_key
        following = spans[i + 1][0]
        next_key = get_object(tp_id, following) if following < n else None
        # Words are mostly one space apart; only another gap may hold the line break that ends a fragment.
        if parts and (start != last_end + 1 or text[last_end] != " "):
            gap = text[last_end:start]
            if "\n" in gap or "\r" in gap:
                flush()
        last_end = end
        get_box(tp_id, start, rect_id)
        left, w_top, w_bottom = rect.left, page_height - rect.top, page_height - rect.bottom
        if end - start > 1:
            get_box(tp_id, end - 1, rect_id)
        right = rect.right
        if parts:
            line_h = bottom - top
            mid = (w_top + w_bottom) / 2
            if (mid < top or mid > bottom or left < x1 - 0.5 * line_h
                    or left - x1 > FRAGMENT_GAP * (line_h if line_h > w_bottom - w_top else w_bottom - w_top)):
                flush()
        word = text[start:end]
        first = styles.get(key)
        if first is None:
            first = styles[key] = _char_style(tp, start, key, fonts)
        if parts:
            parts.append(" ")
            length += 1
            if right > x1:
                x1 = right
            if w_top < top:
                top = w_top
            if w_bottom > bottom:
                bottom = w_bottom
            italic = italic and first.italic
        else:
            x0, top, x1, bottom, italic, length = left, w_top, right, w_bottom, first.italic, 0
        # One object's characters are contiguous, so a word between two characters of its first character's
        # object is all in it; else (the object ends in or after the word) its last character is asked.
        if (end - start == 1 or (key == next_key and key is not None and text[end - 1] != "\ufffe")
                or key == get_object(tp_id, end - 1)):
            if ligatures:
                word = word.translate(LIGATURES)
            size = first.size
            sizes[size] = sizes.get(size, 0) + len(word)
            if first.bold:
                bold_runs.append((length, length + len(word)))
            length += len(word)
        else:
            pieces = []
            for k in range(start, end):
                obj = get_object(tp_id, k)
                style = styles.get(obj)
                if style is None:
                    style = styles[obj] = _char_style(tp, k, obj, fonts)
                piece = text[k].translate(LIGATURES) if ligatures else text[k]
                sizes[style.size] = sizes.get(style.size, 0) + len(piece)
                if style.bold:
                    bold_runs.append((length, length + len(piece)))
                length += len(piece)
                pieces.append(piece)
            word = "".join(pieces)
        parts.append(word)
    if parts:
        flush()
    return out


def _char_style(tp, index: int, obj_id: int | None, fonts: dict[int, tuple[bool, bool]]) -> _Style:
    """Size, boldness and slant of the text object holding character ``index`` (font facts cached per font)."""
    obj = ctypes.cast(obj_id, pdfium_c.FPDF_PAGEOBJECT) if obj_id else None
    font_id = _get_font_id(obj_id) if obj_id else None
    cached = fonts.get(font_id) if font_id else None
    if cached is None:
        cached = _font_face(tp, index)
        if font_id:
            fonts[font_id] = cached
    bold, italic = cached
    if not bold and obj is not None:
        # fill-and-stroke text is how word processors fake bold for fonts without a bold face
        bold = pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE
    size = pdfium_c.FPDFText_GetFontSize(tp, index)
    if not size or size < 1.5:   # a font scaled by the text matrix: fall back on the glyph box
        rect = pdfium_c.FS_RECTF()
        pdfium_c.FPDFText_GetLooseCharBox(tp, index, rect)
        size = max(1.0, (rect.top - rect.bottom) / 1.15)
    return _Style(round(size * 2) / 2, bold, italic)


def _font_face(tp, index: int) -> tuple[bool, bool]:
    """(bold, italic) from the font's name, weight and descriptor flags."""
    buf = _FONT_NAME
    flags = ctypes.c_int(0)
    pdfium_c.FPDFText_GetFontInfo(tp, index, buf, len(buf), ctypes.byref(flags))
    font = buf.value.decode("latin-1", "replace").lower()
    font = font.split("+", 1)[-1]          # drop a subset prefix ("ABCDEF+Arial-BoldMT")
    weight = pdfium_c.FPDFText_GetFontWeight(tp, index)
    bold = weight >= 600 or bool(flags.value & _FS_FLAG_FORCEBOLD) or any(k in font for k in BOLD_NAMES)
    italic = bool(flags.value & _FS_FLAG_ITALIC) or any(k in font for k in ITALIC_NAMES)
    return bold, italic


_FONT_NAME = ctypes.create_string_buffer(256)


# ---------------------------------------------------------------------------------------------- running lines


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().casefold()


def _drop_running_lines(pages: list[list[Line]]) -> None:
    """Remove page numbers and lines repeated at the same height on most pages, in the top/bottom bands."""
    heights = [_page_extent(lines) for lines in pages]
    seen: dict[str, list[tuple[int, float]]] = defaultdict(list)
    ocr_keys: list[str] = []
    for number, lines in enumerate(pages):
        for line in lines:
            if _in_band(line, heights[number]):
                key = _normal(line.text)
                if line.group is not None:      # an OCR line: misread letters differ from page to page
                    key = _ocr_key(key, ocr_keys)
                seen[key].append((number, line.top))
    with_text = sum(1 for lines in pages if lines)
    need = max(2, (with_text + 1) // 2)
    running: set[tuple[int, int]] = set()   # (page, id(line))
    for key, spots in seen.items():
        if len({p for p, _ in spots}) < need:
            continue
        middle = statistics.median(t for _, t in spots)
        # a straightened scan moves by a few points with the angle it was turned by
        close = [(p, t) for p, t in spots if abs(t - middle) <= (OCR_RUNNING_SHIFT if key in ocr_keys else 6)]
        if len({p for p, _ in close}) >= need:
            running.update((p, round(t * 10)) for p, t in close)
    for number, lines in enumerate(pages):
        extent = heights[number]
        pages[number] = [line for line in lines if not (
            _in_band(line, extent) and ((number, round(line.top * 10)) in running or _is_page_number(line.text)))]


def _ocr_key(key: str, known: list[str]) -> str:
    """An OCR'd band line's key: a known one it reads nearly the same as, else its own (then known)."""
    from rapidfuzz import fuzz

    for other in known:
        if len(key) >= 8 and fuzz.ratio(key, other) >= OCR_RUNNING_SIMILARITY:
            return other
    known.append(key)
    return key


def _page_extent(lines: list[Line]) -> tuple[float, float]:
    """The page's vertical span of text; the bands are measured on it (page sizes vary, margins too)."""
    if not lines:
        return (0.0, 0.0)
    return (min(line.top for line in lines), max(line.bottom for line in lines))


def _in_band(line: Line, extent: tuple[float, float]) -> bool:
    lo, hi = extent
    band = max(36.0, (hi - lo) * BAND)
    return line.bottom <= lo + band or line.top >= hi - band


def _is_page_number(text: str) -> bool:
    text = text.strip()
    return bool(PAGE_NUMBER.match(text) or ROMAN_PAGE.match(text))


# ---------------------------------------------------------------------------------------------- layout


def _layout(pages: list[list[Line]]) -> list[_Draft]:
    """Order every page's fragments into lines by XY-cut and group them into draft blocks."""
    leaves: list[tuple[int, list[Line]]] = []
    for number, frags in enumerate(pages, start=1):
        for leaf in _xy_cut(frags, depth=0):
            lines = _merge_lines(leaf)
            if lines:
                leaves.append((number, lines))
    gaps = _line_gaps(lines for _, lines in leaves)
    drafts: list[_Draft] = []
    for number, lines in leaves:
        drafts.extend(_group(lines, number, gaps))
    return drafts


def _line_gaps(leaves: Iterable[list[Line]]) -> dict[float, float]:
    """The usual white space between wrapped lines of each font size (the median over the document)."""
    seen: dict[float, list[float]] = defaultdict(list)
    for lines in leaves:
        for prev, line in zip(lines, lines[1:]):
            gap = line.top - prev.bottom
            if prev.size == line.size and -0.5 * line.size < gap < 1.5 * line.size:
                seen[line.size].append(gap)
    return {size: statistics.median(values) for size, values in seen.items()}


def _xy_cut(frags: list[Line], depth: int) -> list[list[Line]]:
    """Split fragments into reading-order leaves: regions with no column gutter inside."""
    if len(frags) < 4 or depth > 3:
        return [frags] if frags else []
    gutter = _find_gutter(frags)
    if gutter is None:
        return [frags]
    a, b = gutter

    def crosses(f: Line) -> bool:
        return f.x0 < b - 0.5 and f.x1 > a + 0.5

    spanning = sorted((f for f in frags if crosses(f)), key=lambda f: f.mid)
    others = [f for f in frags if not crosses(f)]
    # consecutive full-width fragments (no column text between them) form one leaf
    runs: list[list[Line]] = []
    for frag in spanning:
        if runs and not any(runs[-1][-1].mid < f.mid < frag.mid for f in others):
            runs[-1].append(frag)
        else:
            runs.append([frag])
    leaves: list[list[Line]] = []
    above = float("-inf")
    for run in [*runs, None]:
        below = run[0].mid if run else float("inf")
        band = [f for f in others if above < f.mid <= below]
        leaves.extend(_xy_cut([f for f in band if f.x1 <= a + 0.5], depth + 1))
        leaves.extend(_xy_cut([f for f in band if f.x0 >= b - 0.5], depth + 1))
        if run:
            leaves.append(run)
            above = run[-1].mid
    return [leaf for leaf in leaves if leaf]


def _find_gutter(frags: list[Line]) -> tuple[float, float] | None:
    """A vertical white band through the body text, with real column text on both sides."""
    left_edge = min(f.x0 for f in frags)
    right_edge = max(f.x1 for f in frags)
    width = right_edge - left_edge
    if width <= 0:
        return None
    sizes = sorted(f.size for f in frags)
    min_gap = max(6.0, 0.6 * sizes[len(sizes) // 2])
    lo, hi = left_edge + 0.15 * width, right_edge - 0.15 * width
    # coverage count on each elementary x-segment
    events = sorted({left_edge, right_edge, *(f.x0 for f in frags), *(f.x1 for f in frags)})
    starts, ends = sorted(f.x0 for f in frags), sorted(f.x1 for f in frags)
    segments = []
    for xa, xb in zip(events, events[1:]):
        if xb <= lo or xa >= hi:
            continue
        xa, xb = max(xa, lo), min(xb, hi)
        # fragments overlapping (xa, xb): started before xb, not ended by xa
        cover = bisect_left(starts, xb - 0.01) - bisect_right(ends, xa + 0.01)
        segments.append((xa, xb, cover))
    tolerance = max(1, int(0.25 * len(frags)))
    for allowed in range(0, tolerance + 1):
        best: tuple[float, float] | None = None
        start = None
        for k, (xa, xb, cover) in enumerate(segments + [(hi, hi, allowed + 1)]):
            if cover <= allowed:
                if start is None:
                    start = xa
                end = xb
            elif start is not None:
                if end - start >= min_gap and (best is None or end - start > best[1] - best[0]):
                    best = (start, end)
                start = None
        if best and _real_columns(frags, best, left_edge, right_edge):
            return best
    return None


def _real_columns(frags: list[Line], gutter: tuple[float, float], left_edge: float, right_edge: float) -> bool:
    """Both sides hold several lines that mostly fill their side (text columns, not a table or a form)."""
    a, b = gutter
    left = [f for f in frags if f.x1 <= a + 0.5]
    right = [f for f in frags if f.x0 >= b - 0.5]
    if len(left) < 3 or len(right) < 3:
        return False
    for side, span in ((left, a - left_edge), (right, right_edge - b)):
        widths = sorted(f.x1 - f.x0 for f in side)
        # A side of narrow lines is still columns when it splits into columns itself (three-column pages).
        if widths[len(widths) // 2] < 0.5 * span and _find_gutter(side) is None:
            return False
    return True


def _merge_lines(frags: list[Line]) -> list[Line]:
    """Fragments on the same baseline become one line (a bullet and its text, tab-separated parts)."""
    rows: list[list[Line]] = []
    for frag in sorted(frags, key=lambda f: (f.top, f.x0)):
        if rows:
            row = rows[-1]
            r_top = min(f.top for f in row)
            r_bottom = max(f.bottom for f in row)
            if r_top <= frag.mid <= r_bottom or (frag.top <= (r_top + r_bottom) / 2 <= frag.bottom):
                row.append(frag)
                continue
        rows.append([frag])
    return [_join_row(sorted(row, key=lambda f: f.x0)) for row in rows]


def _join_row(row: list[Line]) -> Line:
    if len(row) == 1:
        return row[0]
    text, flags = row[0].text, row[0].bold_flags().copy()
    sizes: Counter[float] = Counter({row[0].size: len(row[0].text)})
    for prev, frag in zip(row, row[1:]):
        if frag.x0 - prev.x1 > 0.1 * frag.size and not text.endswith(" "):
            text += " "
            flags.append(False)
        text += frag.text
        flags.extend(frag.bold_flags())
        sizes[frag.size] += len(frag.text)
    return Line(text, min(f.x0 for f in row), min(f.top for f in row), max(f.x1 for f in row),
                max(f.bottom for f in row), sizes.most_common(1)[0][0], flags if any(flags) else None,
                all(f.italic for f in row), row[0].group)


# ---------------------------------------------------------------------------------------------- blocks


def _bullet(line: Line) -> int:
    """Length of the bullet prefix (glyph and following space) or 0."""
    text = line.text
    if len(text) < 2:
        return 0
    first = text[0]
    is_glyph = first in BULLET_GLYPHS or 0xE000 <= ord(first) <= 0xF8FF   # symbol-font bullets (U+F0B7…)
    if not (is_glyph or first in DASH_BULLETS):
        return 0
    if first == "*" or first in DASH_BULLETS:
        if text[1] != " ":
            return 0
    rest = text[1:]
    return 1 + len(rest) - len(rest.lstrip())


def _starts_lower(line: Line) -> bool:
    for ch in line.text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def _group(lines: list[Line], page: int, gaps: dict[float, float]) -> list[_Draft]:
    """Split one leaf's lines into draft blocks."""
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    width = max(1.0, right - left)
    drafts: list[_Draft] = []
    current: _Draft | None = None
    for line in lines:
        if current is None or _breaks(current, line, left, right, width, gaps):
            current = _Draft([line], page, flow_start=not drafts)
            drafts.append(current)
        else:
            current.lines.append(line)
    return drafts


def _breaks(block: _Draft, line: Line, left: float, right: float, width: float,
            gaps: dict[float, float]) -> bool:
    prev = block.lines[-1]
    if line.group != prev.group:
        return True                              # OCR put them in different blocks
    size = max(prev.size, line.size)
    gap = line.top - prev.bottom
    usual = gaps.get(prev.size, 0.2 * prev.size) if prev.size == line.size else 0.2 * size
    if gap > max(usual, 0.0) + 0.35 * size:
        return True
    if abs(line.size - prev.size) > 0.08 * size:
        return True
    bullet = _bullet(line)
    if bullet:
        first = line.text[0]
        if first not in DASH_BULLETS:
            return True
        # "-" at a line start may be a wrapped dash: a list only after a finished line
        if prev.text.rstrip().endswith(SENTENCE_END) or prev.x1 < right - 0.15 * width or _bullet(block.lines[0]):
            return True
    if CAPTION.match(line.text) or FIELD_START.match(line.text):
        return True                              # "Foto: …", "Aliado: …" start their own line and block
    lower = _starts_lower(line)
    prev_text = prev.text.rstrip()
    if block.all_bold and not line.all_bold and not lower and not prev_text.endswith((",", *HYPHENS)):
        return True
    if not block.all_bold and line.all_bold and not lower and (
            prev_text.endswith(SENTENCE_END) or prev.x1 < right - 0.25 * width):
        return True
    first = block.lines[0]
    if _bullet(first):
        text_x = first.x0 + (first.x1 - first.x0) * _bullet(first) / max(1, len(first.text))
        if line.x0 < text_x - 0.5 * line.size and len(block.lines) >= 1 and line.x0 < first.x0 + 0.5 * line.size:
            # back at the bullet's margin without a bullet: the list item ended
            return not lower
        return False
    near_left = line.x0 <= left + line.size
    heading_wrap = block.all_bold and line.all_bold and line.size == prev.size
    if near_left and not lower and not heading_wrap and prev.x1 < right - 0.25 * width and prev.x0 <= left + 2 * line.size:
        return True   # the previous line stopped short: it ended a paragraph
    if line.x0 > left + line.size and prev.x0 <= left + 0.5 * line.size and len(block.lines) > 1 \
            and not block.all_bold:
        return True   # a first-line indent
    return False


def _finish_text(draft: _Draft) -> None:
    """Join the lines' text: repair end-of-line hyphens, otherwise one space."""
    text: list[str] = []
    mask: list[bool] = []
    sizes: Counter[float] = Counter()
    for line in draft.lines:
        sizes[line.size] += len(line.text)
        piece, flags = line.text.strip(), line.bold_flags()
        lead = len(line.text) - len(line.text.lstrip())
        flags = flags[lead:lead + len(piece)]
        if text:
            how = _line_join(text, piece)
            if how == "drop":
                del text[-1], mask[-1]
            elif how == "space":
                text.append(" ")
                mask.append(False)
        text.extend(piece)
        mask.extend(flags)
    draft.text = "".join(text).replace("\ufffe", "-")
    draft.bold_mask = mask
    draft.size = sizes.most_common(1)[0][0]


def _line_join(text: list[str] | str, following: str) -> str:
    """How the next line attaches: "drop" a hyphen that split a word, "glue" to a kept hyphen, or "space"."""
    if len(text) < 2 or text[-1] not in HYPHENS or not text[-2].isalpha():
        return "space"
    if text[-1] in SOFT_HYPHENS:
        return "drop"
    if not (following and following[0].isalpha()):
        return "space"
    if not following[0].islower():
        return "glue"   # "franco-\nAlemán": a compound, the hyphen stays
    # a reduplicated compound ("norte-norte") keeps its hyphen
    before = "".join(text[-40:-1]).split()[-1:] or [""]
    return "glue" if before[0].lower() == following.split()[0].strip(".,;:").lower() else "drop"


def _body_size(drafts: list[_Draft]) -> float:
    sizes: Counter[float] = Counter()
    for draft in drafts:
        for line in draft.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _classify(drafts: list[_Draft], body: float) -> None:
    for draft in drafts:
        if _bullet(draft.lines[0]):
            draft.kind = BlockKind.list_item
            cut = _bullet(draft.lines[0])
            draft.text, draft.bold_mask = draft.text[cut:], draft.bold_mask[cut:]
        elif CAPTION.match(draft.text):
            draft.kind = BlockKind.caption
        elif _heading_like(draft, body):
            draft.kind = BlockKind.heading
    title_run = _title_run(drafts, body)
    for draft in title_run:
        draft.kind, draft.level = BlockKind.title, None
    heading_sizes = sorted({d.size for d in drafts if d.kind == BlockKind.heading and d.size >= body * HEADING_RATIO},
                           reverse=True)
    for draft in drafts:
        if draft.kind == BlockKind.heading:
            rank = heading_sizes.index(draft.size) if draft.size in heading_sizes else len(heading_sizes)
            draft.level = min(rank + 1, 3)


def _heading_like(draft: _Draft, body: float) -> bool:
    text = draft.text
    if not text or len(text) > MAX_HEADING_CHARS or len(draft.lines) > 4:
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    ratio = draft.size / body
    if ratio >= BIG_RATIO:
        return True
    if not draft.all_bold:
        return False
    if ratio >= HEADING_RATIO:
        return True
    # body-size bold: a heading unless it reads like a sentence
    return not (text.endswith((".", ";", ",")) and len(text.split()) > 8)


def _title_run(drafts: list[_Draft], body: float) -> list[_Draft]:
    """The big lines at the top of page 1 (and the display lines right under them)."""
    first_page = [d for d in drafts[:8] if d.page == 1]
    start = next((k for k, d in enumerate(first_page[:3]) if d.size >= body * TITLE_RATIO and
                  d.kind in (BlockKind.heading, BlockKind.paragraph) and len(d.text) <= MAX_HEADING_CHARS), None)
    if start is None:
        return []
    run = [first_page[start]]
    styles = Counter((d.size, d.all_bold) for d in drafts if d.kind == BlockKind.heading)
    for draft in first_page[start + 1:]:
        display = draft.size >= body * HEADING_RATIO or draft.all_bold or all(line.italic for line in draft.lines)
        if (not display or draft.kind in (BlockKind.list_item, BlockKind.caption)
                or len(draft.text) > MAX_HEADING_CHARS or styles[(draft.size, draft.all_bold)] > 1):
            break
        run.append(draft)
    return run


def _after_tables(drafts: list[_Draft], tables: list[PdfTable]) -> None:
    """A block that a table precedes does not continue the text before the table."""
    spots = sorted((t.page, t.top) for t in tables)
    previous = (0, -1.0)
    for draft in drafts:
        here = (draft.page, draft.lines[0].top)
        if any(previous < spot < here for spot in spots):
            draft.flow_start = False
        previous = here


def _join_continuations(drafts: list[_Draft]) -> list[_Draft]:
    """Rejoin a paragraph or heading cut by a column or page break.

    A paragraph at the bottom of a column without closing punctuation continues at the top of the next one
    (whatever the case of its first letter: "… del Ministerio de Trabajo y Desarrollo" / "Laboral de Panamá");
    a heading cut the same way continues as a heading of the same size.
    """
    out: list[_Draft] = []
    for draft in drafts:
        target = None
        if draft.flow_start and out:
            previous = next((d for d in reversed(out[-3:]) if d.kind != BlockKind.caption), None)
            if previous is not None and previous.text and not previous.text.rstrip().endswith(SENTENCE_END):
                if draft.kind == BlockKind.paragraph and previous.kind in (BlockKind.paragraph, BlockKind.list_item):
                    target = previous
                elif (draft.kind == BlockKind.heading and previous.kind == BlockKind.heading
                      and previous.size == draft.size and previous is out[-1] and previous.page == draft.page):
                    target = previous
        if target is not None:
            how = _line_join(target.text, draft.text)
            if how == "drop":
                target.text, target.bold_mask = target.text[:-1], target.bold_mask[:-1]
            elif how == "space":
                target.text += " "
                target.bold_mask.append(False)
            target.text += draft.text
            target.bold_mask.extend(draft.bold_mask)
            target.lines.extend(draft.lines)
            continue
        out.append(draft)
    return out


def _spans(mask: list[bool], text: str) -> list[tuple[int, int]]:
    """Bold runs; runs separated only by white space merge, and each is trimmed to non-space."""
    spans: list[tuple[int, int]] = []
    start = None
    for k, flag in enumerate(mask + [False]):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            if spans and not text[spans[-1][1]:start].strip():
                spans[-1] = (spans[-1][0], k)
            else:
                spans.append((start, k))
            start = None
    return spans


def _emit_table(builder: DocumentBuilder, table: PdfTable) -> None:
    for piece in table.pieces:
        builder.add(piece.text, piece.kind, page=table.page, **piece.hints())


def _emit(builder: DocumentBuilder, draft: _Draft, body: float) -> None:
    spans = _spans(draft.bold_mask, draft.text)
    bold = spans == [(0, len(draft.text))]   # runs start and end on bold non-space characters
    builder.add(draft.text, draft.kind, page=draft.page, level=draft.level, bold=bold,
                font_size=round(draft.size / body, 2), bold_spans=spans)


__all__ = ["Line", "PageFallback", "READER", "page_lines", "read_pdf", "sniff_pdf"]

