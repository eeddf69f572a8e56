"""Ruled tables in text PDFs ("Fecha | Actividad | Cooperante | …" drawn with lines, rows over pages).

pypdfium2 gives the page's text lines; where a page also draws horizontal and vertical rules, pdfplumber
finds the table grid (its line strategy), and the page's own lines are put into the grid's cells. A cell
keeps its lines' bold runs apart ("**Convenio marco …**" then a note in plain text, on separate lines of
the cell text), a row that spans the table ("1. ALIANZAS Y CONVENIOS") is a heading, and the rest are
table rows with the first row as header when it reads as one (as the DOCX and HTML readers do).
"""

from __future__ import annotations

import ctypes
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2.raw as pdfium_c

from extractor.model import BlockKind
from extractor.readers.docx import BlockDraft, row_piece, table_pieces

if TYPE_CHECKING:
    import pypdfium2 as pdfium

    from extractor.readers.pdf import Line

RULE_THIN = 1.5          # points: a path this thin is a rule
MIN_RULES = (3, 2)       # horizontal and vertical rules that make a page worth a table search
HYPHENS = ("-", "\u00ad", "\ufffe")


@dataclass
class PdfTable:
    page: int                    # 1-based
    top: float                   # points from the page's top: where the table stands in reading order
    pieces: list[BlockDraft]


def has_rules(page: pdfium.PdfPage) -> bool:
    """Does the page draw enough straight rules to hold a ruled table? Top-level path objects' bounds,
    through pdfium's C calls: no Python wrapper per object, 30–100 µs a page."""
    raw = page.raw
    count = pdfium_c.FPDFPage_CountObjects(raw)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    corners = [ctypes.byref(v) for v in (left, bottom, right, top)]
    horizontal = vertical = 0
    for index in range(count):
        obj = pdfium_c.FPDFPage_GetObject(raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *corners):
            continue
        width, height = right.value - left.value, top.value - bottom.value
        if height < RULE_THIN and width > 20:
            horizontal += 1
        elif width < RULE_THIN and height > 8:
            vertical += 1
        if horizontal >= MIN_RULES[0] and vertical >= MIN_RULES[1]:
            return True
    return False


def take_tables(path: Path, pages: list[list[Line]], ruled: list[int], warnings: list[str],
                deadline: float | None = None) -> list[PdfTable]:
    """The ruled tables of the pages numbered in ``ruled`` (0-based), their lines taken out of ``pages``.
    Past ``deadline`` (a ``time.monotonic()`` value) the remaining pages are read as running text."""
    tables: list[PdfTable] = []
    try:
        import pdfplumber   # loaded only for a document that draws rules

        with pdfplumber.open(path) as document:
            for done, index in enumerate(ruled):
                if deadline is not None and time.monotonic() > deadline:
                    warnings.append(f"tables of {len(ruled) - done} page(s) not read (time limit); "
                                    "their text is read as running text")
                    break
                page = document.pages[index]
                try:
                    for found in page.find_tables():
                        table = _fill(found, pages, index)
                        if table is not None:
                            tables.append(table)
                finally:
                    page.close()    # pdfplumber keeps each page's layout until closed
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds; the text is still read as flow
        warnings.append(f"tables not read ({type(exc).__name__}: {exc}); their text is read as running text")
        return []
    return tables


def _fill(found, pages: list[list[Line]], index: int) -> PdfTable | None:
    """Put the page's lines into the grid's cells; None when the grid is not a table of text."""
    rows = [list(row.cells) for row in found.rows]
    width = max((len(r) for r in rows), default=0)
    if len(rows) < 2 or width < 2:
        return None
    x0, top, x1, bottom = found.bbox
    cell_lines: dict[tuple[int, int], list[Line]] = {}
    placed: set[int] = set()
    for line in pages[index]:
        if x0 - 1 <= (line.x0 + line.x1) / 2 <= x1 + 1 and top - 1 <= line.mid <= bottom + 1:
            spot = _cell_of(line, rows)
            if spot is not None:
                cell_lines.setdefault(spot, []).append(line)
                placed.add(id(line))
    if not placed:
        return None
    pages[index] = [line for line in pages[index] if id(line) not in placed]
    pieces: list[BlockDraft] = []
    header: list[str] | None = None
    started = False
    for r, row in enumerate(rows):
        cells = [_cell_text(cell_lines.get((r, c), [])) for c in range(len(row))]
        filled = [text for text, _ in cells if text]
        if not filled:
            continue
        if len(filled) == 1 and width >= 3 and sum(1 for cell in row if cell is not None) <= 1:
            # A band across the table ("1. ALIANZAS Y CONVENIOS"): a heading between its rows.
            text, spans = next((t, s) for t, s in cells if t)
            pieces.append(BlockDraft(BlockKind.heading, text, spans, bold=spans == [(0, len(text))]))
            continue
        if not started:
            # The first row is the header when it reads as one; every later row is read against it.
            first = table_pieces([(cells, False), (cells, False)])[0]
            header = first.header
            pieces.append(first if header else row_piece(cells, None))
            started = True
            continue
        pieces.append(row_piece(cells, header))
    return PdfTable(page=index + 1, top=top, pieces=pieces) if started else None


def _cell_of(line: Line, rows: list[list[tuple[float, float, float, float] | None]]) -> tuple[int, int] | None:
    """The (row, column) of the grid cell where ``line`` starts, if any."""
    return next(((r, c) for r, row in enumerate(rows) for c, cell in enumerate(row) if cell is not None
                 and cell[0] - 1 <= line.x0 < cell[2] and cell[1] - 1 <= line.mid <= cell[3] + 1), None)


def _cell_text(lines: list[Line]) -> tuple[str, list[tuple[int, int]]]:
    """A cell's lines as text: wrapped lines of one style joined by spaces, a change between bold and
    plain starting a new line (a bold title over a plain note); the bold spans inside it."""
    text, spans = "", []
    previous_bold: bool | None = None
    for line in sorted(lines, key=lambda l: (round(l.top), l.x0)):
        part = line.text.strip()
        if not part:
            continue
        bold = line.all_bold
        if text:
            if bold != previous_bold:
                text += "\n"
            elif text.endswith(HYPHENS) and part[:1].islower():
                text = text[:-1]
            else:
                text += " "
        if bold:
            if spans and spans[-1][1] >= len(text) - 1 and previous_bold:
                spans[-1] = (spans[-1][0], len(text) + len(part))
            else:
                spans.append((len(text), len(text) + len(part)))
        text += part
        previous_bold = bold
    return text, spans
