"""Render the fourth blind held-out set of bulletins from the content files in ``content/``.

usage: python generate.py [OUT_DIR]   (default: the parent folder, corpus/blind4)

Every ``content/*.json`` renders to one bulletin of the same stem, by its ``format``:

* ``scan2col``  – a two-column reportlab page layout (masthead on page 1, running header and page
  number on every page), rasterised page by page (pypdfium2, grayscale), slightly rotated, with seeded
  noise and dust, JPEG-compressed and re-wrapped as an image-only PDF (no text layer);
* ``docxcards`` – a python-docx document: Title, Heading 1 sections, each activity a one-cell bordered
  table ("card") with a bold title paragraph and label lines, and a closing two-column summary table;
* ``markdown``  – a Markdown file written line by line (pipe tables, ``###`` prose items, footnotes);
* ``digest``    – a single intranet HTML page: header, ``<h2>`` sections, each activity a ``<p>`` with a
  ``<strong>`` run-in title, a closing figures list, an ``<aside>`` of unrelated links and a footer.

Output is byte-for-byte deterministic (fixed document metadata and ZIP timestamps, reportlab
``invariant``, fixed numpy seeds and rotation angles for the scan).
"""
from __future__ import annotations

import html
import io
import sys
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True   # keep corpus/ free of __pycache__
if str(HERE.parents[1] / "build") not in sys.path:
    sys.path.insert(0, str(HERE.parents[1] / "build"))   # corpus/build: the shared deterministic helpers

from deterministic import (  # noqa: E402
    add_runs, markup, new_docx, pdf_metadata, render_set, save_docx, write_all)

CONTENT_DIR = HERE / "content"
DEFAULT_OUT = HERE.parent


# --------------------------------------------------------------------------- scanned two-column PDF

def two_column_pdf(content: dict[str, Any]) -> bytes:
    """The clean two-column text PDF that is then 'printed and scanned'."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Frame, FrameBreak, NextPageTemplate,
                                    PageTemplate, Paragraph, Spacer)

    width, height = A4
    margin, gutter = 1.7 * cm, 0.8 * cm
    col_w = (width - 2 * margin - gutter) / 2
    top, bottom = height - 2.1 * cm, 2.0 * cm
    mast_h = 4.2 * cm

    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=11.5, leading=14.6, spaceAfter=6,
                          alignment=TA_JUSTIFY)
    label = ParagraphStyle("label", parent=body, fontName="Times-Italic", spaceAfter=2, alignment=TA_LEFT)
    item = ParagraphStyle("item", parent=body, fontName="Times-Bold", fontSize=12, leading=14.5,
                          spaceBefore=5, spaceAfter=3, alignment=TA_LEFT)
    section = ParagraphStyle("section", parent=body, fontName="Helvetica-Bold", fontSize=12, leading=15,
                             spaceBefore=9, spaceAfter=5, alignment=TA_LEFT)
    subsection = ParagraphStyle("subsection", parent=body, fontName="Helvetica-Oblique", fontSize=10.5,
                                spaceBefore=4, spaceAfter=3, alignment=TA_LEFT)
    mast_big = ParagraphStyle("mast_big", parent=body, fontName="Times-Bold", fontSize=30, leading=34,
                              alignment=TA_CENTER, spaceAfter=4)
    mast = ParagraphStyle("mast", parent=body, fontName="Times-Roman", fontSize=13, leading=16,
                          alignment=TA_CENTER, spaceAfter=2)

    header, footer = content["running_header"], content["footer"]

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Times-Italic", 9)
        canvas.drawString(margin, height - 1.3 * cm, header)
        canvas.setLineWidth(0.6)
        canvas.line(margin, height - 1.45 * cm, width - margin, height - 1.45 * cm)
        canvas.line(margin, 1.6 * cm, width - margin, 1.6 * cm)
        canvas.setFont("Times-Roman", 10)
        canvas.drawCentredString(width / 2, 1.05 * cm, footer.format(page=doc.page))
        canvas.restoreState()

    first = PageTemplate(id="first", onPage=decorate, frames=[
        Frame(margin, top - mast_h, width - 2 * margin, mast_h, id="mast", showBoundary=0),
        Frame(margin, bottom, col_w, top - mast_h - bottom - 0.2 * cm, id="c1"),
        Frame(margin + col_w + gutter, bottom, col_w, top - mast_h - bottom - 0.2 * cm, id="c2"),
    ])
    later = PageTemplate(id="later", onPage=decorate, frames=[
        Frame(margin, bottom, col_w, top - bottom, id="l1"),
        Frame(margin + col_w + gutter, bottom, col_w, top - bottom, id="l2"),
    ])
    flow: list[Any] = [Paragraph(markup(content["masthead"][0]), mast_big)]
    flow += [Paragraph(markup(line), mast) for line in content["masthead"][1:]]
    flow += [NextPageTemplate("later"), FrameBreak()]
    for kind, text in content["blocks"]:
        if kind == "section":
            flow += [CondPageBreak(3 * cm), Paragraph(markup(text), section)]
        elif kind == "subsection":
            flow += [CondPageBreak(2.5 * cm), Paragraph(markup(text), subsection)]
        elif kind == "item":
            flow += [CondPageBreak(2 * cm), Paragraph(markup(text), item)]
        elif kind == "label":
            flow.append(Paragraph(markup(text), label))
        elif kind == "space":
            flow.append(Spacer(1, 6))
        else:                                          # "para"
            flow.append(Paragraph(markup(text), body))
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, pageTemplates=[first, later], leftMargin=margin,
                          rightMargin=margin, topMargin=height - top, bottomMargin=bottom,
                          **pdf_metadata(content["core_title"]))
    doc.build(flow)
    return buf.getvalue()


def scan_pages(content: dict[str, Any]) -> list[bytes]:
    """JPEG bytes of every page of the two-column PDF as a grayscale scan: rotated, noisy, dusty."""
    import numpy as np
    import pypdfium2
    from PIL import Image

    dpi = content["dpi"]
    pdf = pypdfium2.PdfDocument(two_column_pdf(content))
    pages: list[bytes] = []
    try:
        for number, page in enumerate(pdf):
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            angle = content["rotations"][number % len(content["rotations"])]
            image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            rng = np.random.default_rng(content["seed"] + number)
            pixels = np.asarray(image, dtype=np.float32)
            pixels = pixels * 0.93 + 8 + rng.normal(0.0, 4.5, pixels.shape)        # grey paper, grain
            h, w = pixels.shape
            for _ in range(content["dust"]):                                        # specks of dust
                y, x = int(rng.integers(0, h - 3)), int(rng.integers(0, w - 3))
                size = int(rng.integers(1, 4))
                pixels[y:y + size, x:x + size] = rng.uniform(30, 120)
            shade = np.linspace(0, 14, w, dtype=np.float32)[None, :]                # uneven lighting
            pixels = np.clip(pixels - shade, 0, 255).astype(np.uint8)
            out = io.BytesIO()
            Image.fromarray(pixels, mode="L").save(out, format="JPEG", quality=72, dpi=(dpi, dpi))
            pages.append(out.getvalue())
    finally:
        pdf.close()
    return pages


def render_scan2col(content: dict[str, Any]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdfcanvas

    width, height = A4
    buf = io.BytesIO()
    meta = pdf_metadata(content["core_title"])
    canvas = pdfcanvas.Canvas(buf, pagesize=A4, invariant=meta["invariant"])
    canvas.setTitle(meta["title"])
    canvas.setAuthor(meta["author"])
    canvas.setCreator(content["scanner"])
    for jpeg in scan_pages(content):
        canvas.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, width=width, height=height)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


# --------------------------------------------------------------------------- DOCX with card tables

def render_docxcards(content: dict[str, Any]) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = new_docx(content["core_title"])
    section = doc.sections[0]
    section.header.paragraphs[0].text = content["header"]
    section.footer.paragraphs[0].text = content["footer"]
    section.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(content["title"], style="Title")
    doc.add_paragraph(content["subtitle"], style="Subtitle")
    for sec in content["sections"]:
        doc.add_paragraph(sec["heading"], style="Heading 1")
        for text in sec.get("intro", []):
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            add_runs(para, text)
        for card in sec.get("cards", []):
            table = doc.add_table(rows=1, cols=1)
            table.style = "Table Grid"
            cell = table.cell(0, 0)
            cell.width = Cm(16)
            title = cell.paragraphs[0]
            run = title.add_run(card["title"])
            run.bold, run.font.size = True, Pt(12)
            for line in card["lines"]:
                para = cell.add_paragraph()
                key, sep, value = line.partition(": ")
                if sep:
                    para.add_run(key + ":").bold = True
                    para.add_run(" " + value)
                else:
                    add_runs(para, line)
            doc.add_paragraph()                      # air between cards
        if "table" in sec:
            rows = sec["table"]
            table = doc.add_table(rows=len(rows), cols=2)
            table.style = "Table Grid"
            for r, (left, right) in enumerate(rows):
                table.cell(r, 0).text, table.cell(r, 1).text = left, right
                if r == 0:
                    for c in (0, 1):
                        for run in table.cell(r, c).paragraphs[0].runs:
                            run.bold = True
        for text in sec.get("outro", []):
            para = doc.add_paragraph()
            add_runs(para, text)
    return save_docx(doc)


# --------------------------------------------------------------------------- Markdown

def render_markdown(content: dict[str, Any]) -> bytes:
    return ("\n".join(content["lines"]) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- intranet HTML digest

def _h(text: str) -> str:
    return html.escape(text, quote=False)


def render_digest(content: dict[str, Any]) -> bytes:
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="es">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(content['page_title'])}</title>",
        '<link rel="stylesheet" href="/intranet/static/digest.css">',
        "</head>",
        "<body>",
        '<header class="top">',
        f'<p class="site"><a href="/intranet/">{_h(content["site"])}</a></p>',
        "</header>",
        '<div class="layout">',
        '<main class="digest">',
        f"<h1>{_h(content['h1'])}</h1>",
        f'<p class="byline">{_h(content["byline"])}</p>',
    ]
    for section in content["sections"]:
        out.append(f"<h2>{_h(section['h2'])}</h2>")
        out += [f"<p>{_h(p)}</p>" for p in section.get("paras", [])]
        for item in section.get("items", []):
            out.append(f"<p><strong>{_h(item['title'])}.</strong> {_h(item['text'])}</p>")
    fig = content["figures"]
    out += [f"<h2>{_h(fig['h2'])}</h2>", "<ul>"]
    out += [f"<li>{_h(li)}</li>" for li in fig["items"]]
    out += ["</ul>", "</main>"]
    aside = content["aside"]
    out += ['<aside class="sidebar">', f"<h3>{_h(aside['h3'])}</h3>", "<ul>"]
    out += [f'<li><a href="{_h(href)}">{_h(text)}</a></li>' for text, href in aside["links"]]
    out += ["</ul>", "</aside>", "</div>", '<footer class="bottom">']
    out += [f"<p>{_h(line)}</p>" for line in content["footer"]]
    out += ["</footer>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


RENDERERS: dict[str, tuple[str, Callable[[dict[str, Any]], bytes]]] = {
    "scan2col": (".pdf", render_scan2col),
    "docxcards": (".docx", render_docxcards),
    "markdown": (".md", render_markdown),
    "digest": (".html", render_digest),
}


def render_all() -> dict[str, bytes]:
    """File name -> bytes of every bulletin described in ``content/``."""
    return render_set(CONTENT_DIR, RENDERERS)


def main(argv: list[str]) -> int:
    return write_all(argv, DEFAULT_OUT, render_all)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
