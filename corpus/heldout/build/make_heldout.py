"""Render the held-out bulletins from build/content/*.toml.

Usage: python corpus/heldout/build/make_heldout.py [OUT_DIR]   (default: corpus/heldout)

Output is byte-for-byte deterministic: DOCX zips get fixed timestamps and core
properties, PDFs are written in reportlab's invariant mode. Gold files are NOT
generated here: they are written by hand next to the bulletins.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import sys
import textwrap
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
DEFAULT_OUT = HERE.parent
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)
ZIP_TIME = (2026, 1, 1, 0, 0, 0)

Spec = dict[str, Any]


# ---------------------------------------------------------------- DOCX helpers

def _new_docx(author: str) -> Any:
    doc = Document()
    props = doc.core_properties
    # Fixed metadata so that two runs give identical bytes.
    props.author = author
    props.last_modified_by = author
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    return doc


def _save_docx_deterministic(doc: Any, path: Path) -> None:
    """python-docx stamps zip entries with the current time; rewrite them fixed."""
    raw = io.BytesIO()
    doc.save(raw)
    raw.seek(0)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))


def render_docx_bold_lead(spec: Spec, path: Path) -> None:
    doc = _new_docx("Coordinación Nacional de Relaciones Internacionales")
    doc.add_paragraph(spec["issuer"]).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(spec["title"], style="Title")
    doc.add_paragraph(spec["subtitle"], style="Subtitle")
    for section in spec["sections"]:
        doc.add_heading(section["heading"], level=1)
        if section.get("intro"):
            doc.add_paragraph(section["intro"])
        for lead, rest in section["items"]:
            par = doc.add_paragraph()
            par.add_run(lead).bold = True
            par.add_run(rest)
        if section.get("closing"):
            doc.add_paragraph(section["closing"]).runs[0].italic = True
    _save_docx_deterministic(doc, path)


def render_docx_single_table(spec: Spec, path: Path) -> None:
    doc = _new_docx("Coordinación Nacional de Relaciones Internacionales")
    title = doc.add_paragraph()
    title.add_run(spec["title"]).bold = True
    title.runs[0].font.size = Pt(16)
    doc.add_paragraph(spec["subtitle"])
    doc.add_paragraph(spec["intro"])
    columns: list[str] = spec["columns"]
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, columns):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    for row in [*spec["rows"], spec["totals"]]:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)
    last = table.rows[-1].cells
    for cell in last:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    doc.add_paragraph(spec["note"]).runs[0].italic = True
    _save_docx_deterministic(doc, path)


# ----------------------------------------------------------------- PDF (2 cols)

def render_pdf_two_columns(spec: Spec, path: Path) -> None:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName="Helvetica",
                          fontSize=9, leading=11.5, spaceAfter=4)
    field = ParagraphStyle("field", parent=body, spaceAfter=1, leftIndent=6)
    item_title = ParagraphStyle("item", parent=body, fontName="Helvetica-Bold",
                                fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=3,
                                textColor=colors.HexColor("#1F4E79"))
    sec = ParagraphStyle("sec", parent=body, fontName="Helvetica-Bold", fontSize=13,
                         leading=16, spaceBefore=10, spaceAfter=4,
                         textColor=colors.HexColor("#39A900"))
    banner = ParagraphStyle("banner", parent=body, fontName="Helvetica-Bold", fontSize=22,
                            leading=26, alignment=TA_CENTER)
    banner_sub = ParagraphStyle("bsub", parent=body, fontSize=12, leading=15, alignment=TA_CENTER)
    side_title = ParagraphStyle("st", parent=body, fontName="Helvetica-Bold", fontSize=10)
    side = ParagraphStyle("side", parent=body, fontSize=8.5, leading=10.5, spaceAfter=2)

    width, height = A4
    margin, gutter, band = 1.8 * cm, 0.8 * cm, 3.2 * cm
    col_w = (width - 2 * margin - gutter) / 2
    col_h = height - 2 * margin - 1.0 * cm

    def frames(top_band: float) -> list[Frame]:
        h = col_h - top_band
        return [Frame(margin + i * (col_w + gutter), margin + 0.5 * cm, col_w, h,
                      id=f"col{i}{top_band:.0f}", showBoundary=0) for i in (0, 1)]

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(margin, height - margin + 0.2 * cm, spec["running_header"])
        canvas.drawString(margin, margin - 0.3 * cm, spec["running_footer"])
        canvas.drawRightString(width - margin, margin - 0.3 * cm, f"Página {doc.page}")
        canvas.restoreState()

    first_band = Frame(margin, height - margin - band, width - 2 * margin, band - 0.3 * cm,
                       id="banner", showBoundary=0)
    doc = BaseDocTemplate(str(path), pagesize=A4, invariant=True, title=spec["title"],
                          author="SENA", subject=spec["subtitle"], creator="heldout",
                          producer="heldout")
    doc.addPageTemplates([
        PageTemplate(id="first", frames=[first_band, *frames(band)], onPage=decorate),
        PageTemplate(id="rest", frames=frames(0), onPage=decorate),
    ])

    story: list[Any] = [Paragraph(spec["title"], banner), Paragraph(spec["subtitle"], banner_sub),
                        NextPageTemplate("rest"), FrameBreak()]
    box_rows = [[Paragraph(spec["sidebar_title"], side_title)]]
    box_rows += [[Paragraph("• " + html.escape(line), side)] for line in spec["sidebar"]]
    box = Table(box_rows, colWidths=[col_w - 0.2 * cm])
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#EAF4E0")),
        ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#39A900")),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ]))
    story += [box, Spacer(1, 6), Paragraph(html.escape(spec["intro"]), body)]
    for section in spec["sections"]:
        story.append(Paragraph(html.escape(section["heading"]), sec))
        for item in section["items"]:
            head = [Paragraph(html.escape(item["title"]), item_title)]
            head += [Paragraph(f"<b>{html.escape(k)}:</b> {html.escape(v)}", field)
                     for k, v in item.get("fields", [])]
            story.append(KeepTogether(head))
            story += [Paragraph(html.escape(p), body) for p in item["body"]]
    doc.build(story)


# ------------------------------------------------------------------ TXT e-mail

def render_txt_email(spec: Spec, path: Path) -> None:
    out: list[str] = [f"{k}: {v}" for k, v in spec["mail_headers"]]
    out += ["", spec["greeting"], ""]
    labels: list[str] = spec["labels"]
    for section in spec["sections"]:
        out += ["", section["heading"], "=" * len(section["heading"]), ""]
        for item in section["items"]:
            for label, value in zip(labels[:-1], item[:-1]):
                out.append(f"{label}: {value}")
            desc = f"{labels[-1]}: {item[-1]}"
            out += textwrap.wrap(desc, width=72, break_long_words=False)
            out.append("")
    out += ["", spec["signature"], ""]
    # E-mail exports keep CRLF line ends.
    path.write_bytes("\r\n".join(out).encode("utf-8"))


# ------------------------------------------------------------- HTML newsletter

CSS = """body{font-family:Arial,Helvetica,sans-serif;background:#f3f3f3;margin:0}
.wrap{max-width:760px;margin:auto;background:#fff}
header{background:#39a900;color:#fff;padding:24px}
.hero{display:flex;gap:12px;padding:16px}.hero div{flex:1;text-align:center}
.hero strong{display:block;font-size:28px;color:#39a900}
section{padding:0 24px}h2{color:#1f4e79;border-bottom:2px solid #39a900}
article{border:1px solid #ddd;border-radius:8px;padding:12px;margin:12px 0}
.tag{font-size:11px;text-transform:uppercase;color:#39a900}
dl{display:grid;grid-template-columns:160px 1fr;font-size:13px}dt{font-weight:bold}
aside{background:#eaf4e0;margin:16px 24px;padding:12px}
footer{font-size:11px;color:#777;padding:24px}"""


def render_html_cards(spec: Spec, path: Path) -> None:
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="es">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(spec['title'])}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           '<div class="wrap">', "<header>", f"<p>{e(spec['kicker'])}</p>",
           f"<h1>{e(spec['title'])}</h1>", "</header>", '<div class="hero">']
    out += [f"<div><strong>{e(n)}</strong>{e(label)}</div>" for n, label in spec["hero"]]
    out += ["</div>", f"<aside><h4>{e(spec['editorial_title'])}</h4><p>{e(spec['editorial'])}</p></aside>"]
    for section in spec["sections"]:
        out += ["<section>", f"<h2>{e(section['heading'])}</h2>"]
        for item in section["items"]:
            out += ['<article class="card">', f'<span class="tag">{e(item["tag"])}</span>',
                    f"<h3>{e(item['title'])}</h3>", f"<p>{e(item['text'])}</p>", "<dl>"]
            out += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in item["fields"]]
            out += ["</dl>", "</article>"]
        out.append("</section>")
    out += ["<footer><p>Servicio Nacional de Aprendizaje SENA · Dirección General · Bogotá</p>",
            '<p>Recibe este boletín porque está suscrito a las novedades internacionales del SENA. '
            '<a href="#">Cancelar suscripción</a></p></footer>', "</div>", "</body>", "</html>", ""]
    path.write_text("\n".join(out), encoding="utf-8")


RENDERERS: dict[str, Callable[[Spec, Path], None]] = {
    "docx_bold_lead": render_docx_bold_lead,
    "docx_single_table": render_docx_single_table,
    "pdf_two_columns": render_pdf_two_columns,
    "txt_email": render_txt_email,
    "html_cards": render_html_cards,
}


def load_specs() -> list[Spec]:
    return [tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(CONTENT.glob("*.toml"))]


def build(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in load_specs():
        target = out_dir / spec["output"]
        RENDERERS[spec["format"]](spec, target)
        written.append(target)
    return written


if __name__ == "__main__":
    for p in build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT):
        print(p)
