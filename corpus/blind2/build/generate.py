"""Render the second blind held-out set of bulletins from the content files in ``content/``.

usage: python generate.py [OUT_DIR]   (default: the parent folder, corpus/blind2)

Every ``content/*.json`` renders to one bulletin of the same stem, by its ``format``:

* ``pdf2col`` – a two-column reportlab PDF with a running header and footer on every page;
* ``scan``    – a one-column reportlab PDF, rasterised at 200 dpi in grayscale, with seeded noise and a
  small rotation, saved as an image-only PDF (no text layer);
* ``docx``    – a python-docx document whose activities sit in tables (plus prose items);
* ``doc``     – a python-docx document converted to legacy Word 97 ``.doc`` by LibreOffice
  (``soffice --headless --convert-to doc``).

Output is byte-for-byte deterministic (fixed document metadata and ZIP timestamps, reportlab
``invariant``, a fixed noise seed, fixed PDF dates); the ``.doc`` conversion is deterministic with the
LibreOffice on the build machine, but since that is outside our control the tests compare the ``.doc``'s
text rather than its bytes.
"""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True   # keep corpus/ free of __pycache__
if str(HERE.parents[1] / "build") not in sys.path:
    sys.path.insert(0, str(HERE.parents[1] / "build"))   # corpus/build: the shared deterministic helpers

from deterministic import (  # noqa: E402
    AUTHOR, add_runs, markup, new_docx, pdf_metadata, render_set, save_docx, write_all)

CONTENT_DIR = HERE / "content"
DEFAULT_OUT = HERE.parent
SCAN_DPI = 200


# --------------------------------------------------------------------------- PDF (two columns)

def render_pdf2col(content: dict[str, Any]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    green, navy = colors.HexColor("#39A900"), colors.HexColor("#00324D")
    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=12, leading=16, spaceAfter=6,
                          alignment=TA_JUSTIFY)
    styles = {
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=22, leading=26,
                                alignment=TA_LEFT, textColor=navy, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontName="Helvetica-Oblique", fontSize=9.5,
                                   leading=12, alignment=TA_LEFT, spaceAfter=12),
        "section": ParagraphStyle("section", parent=body, fontName="Helvetica-Bold", fontSize=12.5,
                                  leading=16, alignment=TA_LEFT, textColor=green, spaceBefore=10,
                                  spaceAfter=6),
        "sub": ParagraphStyle("sub", parent=body, fontName="Helvetica-Oblique", fontSize=10.5,
                              alignment=TA_LEFT, textColor=navy, spaceBefore=4),
        "item": ParagraphStyle("item", parent=body, fontName="Helvetica-Bold", fontSize=11.5, leading=14,
                               alignment=TA_LEFT, textColor=navy, spaceBefore=6, spaceAfter=3),
        "para": body,
    }
    header, footer = content["running_header"], content["footer"]
    width, height = A4
    margin, gutter = 2.4 * cm, 0.9 * cm
    col_w = (width - 2 * margin - gutter) / 2
    col_h = height - 2 * margin - 1.0 * cm
    frames = [Frame(margin + i * (col_w + gutter), margin + 0.4 * cm, col_w, col_h, id=f"col{i}",
                    leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0) for i in range(2)]

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(margin, height - 1.3 * cm, header)
        canvas.setStrokeColor(green)
        canvas.line(margin, height - 1.45 * cm, width - margin, height - 1.45 * cm)
        canvas.line(margin, 1.75 * cm, width - margin, 1.75 * cm)
        canvas.drawRightString(width - margin, 1.3 * cm, footer.format(page=doc.page))
        canvas.restoreState()

    flow = [Paragraph(markup(text.upper() if kind == "section" else text), styles[kind])
            for kind, text in content["blocks"]]
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, **pdf_metadata(content["core_title"]))
    doc.addPageTemplates([PageTemplate(id="twocol", frames=frames, onPage=decorate)])
    doc.build(flow)
    return buf.getvalue()


# --------------------------------------------------------------------------- scanned PDF

def _one_column_pdf(content: dict[str, Any]) -> bytes:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    body = ParagraphStyle("body", fontName="Courier", fontSize=11, leading=14.5, spaceAfter=5)
    styles = {
        "title": ParagraphStyle("title", parent=body, fontName="Courier-Bold", fontSize=15, leading=19,
                                alignment=TA_CENTER, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=body, alignment=TA_CENTER, spaceAfter=12),
        "section": ParagraphStyle("section", parent=body, fontName="Courier-Bold", fontSize=12,
                                  spaceBefore=8, spaceAfter=4),
        "item": ParagraphStyle("item", parent=body, fontName="Courier-Bold", spaceBefore=4, spaceAfter=2),
        "field": ParagraphStyle("field", parent=body, leftIndent=1.0 * cm, spaceAfter=1),
        "para": body,
    }
    footer = content["footer"]

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Courier", 9)
        canvas.drawCentredString(letter[0] / 2, 1.2 * cm, footer.format(page=doc.page))
        canvas.restoreState()

    flow = [Paragraph(markup(text), styles[kind]) for kind, text in content["blocks"]]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=letter, leftMargin=2.3 * cm, rightMargin=2.3 * cm,
                            topMargin=2.0 * cm, bottomMargin=2.0 * cm, **pdf_metadata(content["core_title"]))
    doc.build(flow, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()


def scan_pages(content: dict[str, Any]) -> list[Any]:
    """The 'scanned' page images (PIL, mode L): rasterised, rotated a little, with seeded noise."""
    import numpy as np
    import pypdfium2
    from PIL import Image

    rng = np.random.default_rng(content["seed"])
    pdf = pypdfium2.PdfDocument(_one_column_pdf(content))
    pages = []
    try:
        for i, page in enumerate(pdf):
            img = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
            angle = content["angles"][i % len(content["angles"])]
            img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            arr = np.asarray(img, dtype=np.int16)
            arr = arr + rng.normal(0.0, 3.5, arr.shape).round().astype(np.int16)      # sensor noise
            specks = rng.random(arr.shape) < 0.0004                                   # dust
            arr[specks] = rng.integers(0, 120, int(specks.sum()))
            arr = np.clip(arr - 8, 0, 255).astype(np.uint8)                           # greyish paper
            pages.append(Image.fromarray(arr, mode="L"))
    finally:
        pdf.close()
    return pages


def render_scan(content: dict[str, Any]) -> bytes:
    pages = scan_pages(content)
    buf = io.BytesIO()
    stamp = dt.datetime(2016, 10, 14, 9, 30, 0).timetuple()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=SCAN_DPI, quality=55,
                  title=content["core_title"], author=AUTHOR, creator="Escáner", producer="Escáner",
                  creationDate=stamp, modDate=stamp)
    return buf.getvalue()


# --------------------------------------------------------------------------- DOCX (tables)

def _build_docx(content: dict[str, Any]) -> bytes:
    doc = new_docx(content["core_title"])
    for block in content["blocks"]:
        style = block[0]
        if style == "Title":
            doc.add_heading(block[1], level=0)
        elif style.startswith("Heading "):
            doc.add_heading(block[1], level=int(style.split()[1]))
        elif style == "table":                       # {"header": [...], "rows": [[...], ...]}
            spec = block[1]
            table = doc.add_table(rows=1, cols=len(spec["header"]))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, spec["header"]):
                cell.text = ""
                add_runs(cell.paragraphs[0], f"**{text}**")
            for row in spec["rows"]:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = text
            doc.add_paragraph("")
        elif style == "kv":                          # [[key, value], ...] – one activity per table
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for key, value in block[1]:
                cells = table.add_row().cells
                cells[0].text = ""
                add_runs(cells[0].paragraphs[0], f"**{key}**")
                cells[1].text = value
            doc.add_paragraph("")
        else:
            para = doc.add_paragraph(style=None if style == "Normal" else style)
            add_runs(para, block[1])
    return save_docx(doc)


def render_docx(content: dict[str, Any]) -> bytes:
    return _build_docx(content)


# --------------------------------------------------------------------------- legacy .doc

def render_doc(content: dict[str, Any]) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("LibreOffice (soffice) is needed to render the .doc bulletin")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bulletin.docx"
        src.write_bytes(_build_docx(content))
        profile = Path(tmp) / "profile"
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "doc",
                        "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=180)
        return (Path(tmp) / "bulletin.doc").read_bytes()


RENDERERS: dict[str, tuple[str, Callable[[dict[str, Any]], bytes]]] = {
    "pdf2col": (".pdf", render_pdf2col),
    "scan": (".pdf", render_scan),
    "docx": (".docx", render_docx),
    "doc": (".doc", render_doc),
}


def render_all() -> dict[str, bytes]:
    """File name -> bytes of every bulletin described in ``content/``."""
    return render_set(CONTENT_DIR, RENDERERS)


def main(argv: list[str]) -> int:
    return write_all(argv, DEFAULT_OUT, render_all)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
