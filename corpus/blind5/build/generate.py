"""Render the fifth blind held-out set of bulletins from the content files in ``content/``.

usage: python generate.py [OUT_DIR]   (default: the parent folder, corpus/blind5)

Every ``content/*.json`` renders to one bulletin of the same stem, by its ``format``:

* ``magazine`` – a reportlab text PDF laid out as a magazine: a big masthead and three columns on page 1,
  two columns after, bold item titles, large italic pull quotes and "Foto: …" captions between
  paragraphs, a footer with the magazine's name and the page number;
* ``docxlist`` – a python-docx document: section titles in a custom paragraph style "Sección" (not a
  Heading style), each activity a "List Number" paragraph followed by a tab-separated field line and a
  prose paragraph;
* ``acta``     – a plain-text export of meeting minutes: ALL-CAPS section titles, numbered prose
  paragraphs hard-wrapped with a hanging indent, and an ASCII table with "+----+" borders;
* ``odtcards`` – a python-docx document (Title, Heading 1 sections, one two-column table per activity
  with bold labels on the left) converted to ODT by LibreOffice (``soffice --headless --convert-to
  odt``) and re-packed deterministically.

Output is byte-for-byte deterministic: fixed document metadata and ZIP timestamps, reportlab
``invariant``; for the ODT the LibreOffice RSIDs in ``settings.xml`` are fixed, ``meta.xml`` is rewritten
and the package is re-zipped with fixed timestamps (``mimetype`` first and stored). The ODT's bytes
depend on the installed LibreOffice (7.4 on the build machine); its text does not.
"""
from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True   # keep corpus/ free of __pycache__
if str(HERE.parents[1] / "build") not in sys.path:
    sys.path.insert(0, str(HERE.parents[1] / "build"))   # corpus/build: the shared deterministic helpers

from deterministic import (  # noqa: E402
    AUTHOR, ZIP_EPOCH, add_runs, markup, new_docx, pdf_metadata, render_set, save_docx, write_all)

CONTENT_DIR = HERE / "content"
DEFAULT_OUT = HERE.parent


# --------------------------------------------------------------------------- magazine PDF

def render_magazine(content: dict[str, Any]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Frame, FrameBreak, NextPageTemplate,
                                    PageTemplate, Paragraph, Spacer)

    width, height = A4
    margin, gutter = 1.5 * cm, 0.6 * cm
    top, bottom = height - 1.5 * cm, 1.9 * cm
    mast_h = 6.0 * cm

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9.2, leading=12, spaceAfter=5,
                          alignment=TA_JUSTIFY)
    item = ParagraphStyle("item", parent=body, fontName="Helvetica-Bold", fontSize=11, leading=13.5,
                          spaceBefore=6, spaceAfter=3, alignment=TA_LEFT)
    section = ParagraphStyle("section", parent=body, fontName="Times-Bold", fontSize=15, leading=18,
                             spaceBefore=10, spaceAfter=5, alignment=TA_LEFT,
                             textColor=colors.HexColor("#1f5f3a"))
    quote = ParagraphStyle("quote", parent=body, fontName="Times-Italic", fontSize=15, leading=18.5,
                           spaceBefore=6, spaceAfter=8, alignment=TA_LEFT, leftIndent=6, rightIndent=4,
                           textColor=colors.HexColor("#444444"))
    caption = ParagraphStyle("caption", parent=body, fontName="Helvetica-Oblique", fontSize=7.6,
                             leading=9.5, spaceAfter=7, alignment=TA_LEFT,
                             textColor=colors.HexColor("#555555"))
    mast_big = ParagraphStyle("mast_big", parent=body, fontName="Times-Bold", fontSize=54, leading=58,
                              alignment=TA_CENTER, spaceAfter=6, textColor=colors.HexColor("#1f5f3a"))
    mast = ParagraphStyle("mast", parent=body, fontName="Times-Italic", fontSize=14, leading=17,
                          alignment=TA_CENTER, spaceAfter=2)
    mast_small = ParagraphStyle("mast_small", parent=body, fontName="Helvetica", fontSize=9, leading=11,
                                alignment=TA_CENTER, spaceAfter=2)

    footer = content["footer"]

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setLineWidth(0.8)
        canvas.line(margin, 1.5 * cm, width - margin, 1.5 * cm)
        canvas.setFont("Helvetica", 7.5)
        canvas.drawCentredString(width / 2, 1.0 * cm, footer.format(page=doc.page))
        canvas.restoreState()

    col3 = (width - 2 * margin - 2 * gutter) / 3
    col2 = (width - 2 * margin - gutter) / 2
    body_h1 = top - mast_h - bottom - 0.3 * cm
    first = PageTemplate(id="first", onPage=decorate, frames=[
        Frame(margin, top - mast_h, width - 2 * margin, mast_h, id="mast")] + [
        Frame(margin + i * (col3 + gutter), bottom, col3, body_h1, id=f"c{i}") for i in range(3)])
    later = PageTemplate(id="later", onPage=decorate, frames=[
        Frame(margin + i * (col2 + gutter), bottom, col2, top - bottom, id=f"l{i}") for i in range(2)])
    m = content["masthead"]
    flow: list[Any] = [Paragraph(markup(m[0]), mast_big), Paragraph(markup(m[1]), mast)]
    flow += [Paragraph(markup(line), mast_small) for line in m[2:]]
    flow += [NextPageTemplate("later"), FrameBreak()]
    for kind, text in content["blocks"]:
        if kind == "section":
            flow += [CondPageBreak(3 * cm), Paragraph(markup(text), section)]
        elif kind == "item":
            flow += [CondPageBreak(2.5 * cm), Paragraph(markup(text), item)]
        elif kind == "quote":
            flow.append(Paragraph(markup(text), quote))
        elif kind == "caption":
            flow.append(Paragraph(markup(text), caption))
        elif kind == "space":
            flow.append(Spacer(1, 8))
        else:                                          # "para"
            flow.append(Paragraph(markup(text), body))
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, pageTemplates=[first, later], leftMargin=margin,
                          rightMargin=margin, topMargin=height - top, bottomMargin=bottom,
                          **pdf_metadata(content["core_title"]))
    doc.build(flow)
    return buf.getvalue()


# --------------------------------------------------------------------------- DOCX with numbered items

def _section_style(doc: Any) -> Any:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    style = doc.styles.add_style("Sección", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.bold = True
    style.font.size = Pt(15)
    style.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    style.paragraph_format.space_before = Pt(14)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.keep_with_next = True
    return style


def render_docxlist(content: dict[str, Any]) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = new_docx(content["core_title"])
    _section_style(doc)
    section = doc.sections[0]
    section.footer.paragraphs[0].text = content["footer"]
    section.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    head = doc.add_paragraph()
    run = head.add_run(content["title"])
    run.bold, run.font.size = True, Pt(24)
    doc.add_paragraph(content["subtitle"]).runs[0].italic = True
    for sec in content["sections"]:
        doc.add_paragraph(sec["title"], style="Sección")
        for text in sec.get("paras", []):
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            add_runs(para, text)
        for item in sec.get("items", []):
            doc.add_paragraph(item["title"], style="List Number")
            fields = doc.add_paragraph()
            for i, (label, value) in enumerate(item["fields"]):
                fields.add_run(("\t" if i else "") + label + ":").bold = True
                fields.add_run("\t" + value)
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            add_runs(para, item["text"])
    return save_docx(doc)


# --------------------------------------------------------------------------- plain-text minutes

def _ascii_table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [rule]
    for i, row in enumerate(rows):
        out.append("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |")
        if i == 0:
            out.append(rule.replace("-", "="))
    out.append(rule)
    return out


def render_acta(content: dict[str, Any]) -> bytes:
    width = content["width"]
    out: list[str] = []
    for kind, *rest in content["blocks"]:
        if kind == "line":
            out.append(rest[0])
        elif kind == "blank":
            out.append("")
        elif kind == "heading":
            out += ["", rest[0], ""]
        elif kind == "para":
            out += textwrap.wrap(rest[0], width, break_long_words=False, break_on_hyphens=False) + [""]
        elif kind == "numbered":                     # [number, text]
            lead = f"{rest[0]}. "
            out += textwrap.wrap(rest[1], width, initial_indent=lead, subsequent_indent=" " * len(lead),
                                 break_long_words=False, break_on_hyphens=False) + [""]
        elif kind == "table":
            out += _ascii_table(rest[0]) + [""]
    text = "\n".join(out).rstrip("\n") + "\n"
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.encode("utf-8")


# --------------------------------------------------------------------------- ODT via LibreOffice

def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def odt_source_docx(content: dict[str, Any]) -> bytes:
    """The DOCX that LibreOffice converts to the ODT bulletin."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = new_docx(content["core_title"])
    doc.add_paragraph(content["title"], style="Title")
    doc.add_paragraph(content["subtitle"], style="Subtitle")
    for sec in content["sections"]:
        doc.add_paragraph(sec["heading"], style="Heading 1")
        for text in sec.get("paras", []):
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            add_runs(para, text)
        for rows in sec.get("tables", []):
            table = doc.add_table(rows=len(rows), cols=2)
            table.style = "Table Grid"
            for r, (label, value) in enumerate(rows):
                left, right = table.cell(r, 0), table.cell(r, 1)
                left.width, right.width = Cm(4.5), Cm(11.5)
                left.paragraphs[0].add_run(label).bold = True
                _shade(left, "E7EEF5")
                right.paragraphs[0].add_run(value)
            doc.add_paragraph()
        for text in sec.get("outro", []):
            para = doc.add_paragraph()
            add_runs(para, text)
    return save_docx(doc)


ODT_META = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta>'
            '<meta:initial-creator>{author}</meta:initial-creator><dc:creator>{author}</dc:creator>'
            '<dc:title>{title}</dc:title><meta:creation-date>2020-01-01T00:00:00</meta:creation-date>'
            '<dc:date>2020-01-01T00:00:00</dc:date><meta:editing-cycles>1</meta:editing-cycles>'
            '<meta:generator>{generator}</meta:generator></office:meta></office:document-meta>')


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(docx_bytes: bytes, target: str) -> bytes:
    """Convert DOCX bytes with LibreOffice headless (``--convert-to target``) in a private profile."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is needed to render the ODT bulletin")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bulletin.docx"
        src.write_bytes(docx_bytes)
        profile = Path(tmp, "profile").as_uri()
        env = dict(os.environ, HOME=tmp)
        subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                        "--outdir", str(Path(tmp) / "out"), str(src)],
                       check=True, capture_output=True, env=env, timeout=240)
        return (Path(tmp) / "out" / f"bulletin.{target}").read_bytes()


def normalise_odt(blob: bytes, title: str) -> bytes:
    """Re-pack an ODT deterministically: fixed RSIDs, fixed meta.xml, fixed timestamps, no thumbnail."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    meta = src.read("meta.xml").decode("utf-8")
    gen = re.search(r"<meta:generator>(.*?)</meta:generator>", meta)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            name = info.filename
            if name.startswith("Thumbnails/"):
                continue
            data = src.read(name)
            if name == "settings.xml":
                data = re.sub(rb'(config:name="Rsid(?:Root)?" config:type="int">)\d+<', rb"\g<1>0<", data)
            elif name == "meta.xml":
                data = ODT_META.format(author=html.escape(AUTHOR), title=html.escape(title),
                                       generator=html.escape(gen.group(1) if gen else "LibreOffice")
                                       ).encode("utf-8")
            elif name == "META-INF/manifest.xml":
                data = re.sub(rb'\s*<manifest:file-entry manifest:full-path="Thumbnails/[^>]*/>', b"", data)
            fixed = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


def render_odtcards(content: dict[str, Any]) -> bytes:
    return normalise_odt(convert_with_libreoffice(odt_source_docx(content), "odt"), content["core_title"])


RENDERERS: dict[str, tuple[str, Callable[[dict[str, Any]], bytes]]] = {
    "magazine": (".pdf", render_magazine),
    "docxlist": (".docx", render_docxlist),
    "acta": (".txt", render_acta),
    "odtcards": (".odt", render_odtcards),
}


def render_all() -> dict[str, bytes]:
    """File name -> bytes of every bulletin described in ``content/``."""
    return render_set(CONTENT_DIR, RENDERERS)


def main(argv: list[str]) -> int:
    return write_all(argv, DEFAULT_OUT, render_all)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
