#!/usr/bin/env python3
"""Render the synthetic bulletins of corpus/build/content/ into corpus/<name>.<ext> + <name>.gold.json.

usage: make_corpus.py [--out DIR] [--only NAME ...]

Deterministic: fixed metadata and timestamps (reportlab invariant mode, fixed DOCX core properties and
zip entry dates, fixed PDF dates for the scanned bulletin, seeded noise). The legacy .doc comes from
LibreOffice, whose output may embed its own timestamps.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True   # keep corpus/build free of __pycache__
sys.path.insert(0, str(HERE))

from spec import Bulletin, Item, Section, gold_record, strip_marks  # noqa: E402

CORPUS = HERE.parent
FIXED_DT = datetime(2020, 1, 1, 0, 0, 0)
ZIP_DT = (2020, 1, 1, 0, 0, 0)
BOLD = re.compile(r"\*\*(.+?)\*\*")


# ---------------------------------------------------------------- content
def load_bulletins() -> list[Bulletin]:
    out = []
    for path in sorted((HERE / "content").glob("b*.py")):
        spec = importlib.util.spec_from_file_location(f"content_{path.stem}", path)
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        out.append(mod.BULLETIN)
    return out


def gold_json(bul: Bulletin) -> str:
    doc = {"document": bul.filename, "title": bul.title, "period_start": bul.period[0], "period_end": bul.period[1]}
    acts = [gold_record(sec, it) for sec in bul.sections for it in sec.items]
    lines = ["{", f'  "document": {json.dumps(doc, ensure_ascii=False)},', '  "activities": [']
    lines.append(",\n".join("    " + json.dumps(a, ensure_ascii=False) for a in acts))
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- DOCX
def _docx_runs(par, text: str, bold_all: bool = False, size=None) -> None:
    from docx.shared import Pt
    for i, chunk in enumerate(BOLD.split(text)):
        if not chunk:
            continue
        run = par.add_run(chunk)
        run.bold = bold_all or i % 2 == 1
        if size:
            run.font.size = Pt(size)


def _docx_fixed_meta(doc, title: str) -> None:
    cp = doc.core_properties
    cp.author = "Coordinación Nacional de Relaciones Internacionales"
    cp.last_modified_by = "SENA"
    cp.title = title
    cp.created = cp.modified = cp.last_printed = FIXED_DT
    cp.revision = 1


def normalise_zip(path: Path) -> None:
    """Rewrite a zip (DOCX) with fixed entry dates so identical content gives identical bytes."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zout:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DT)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)
    path.write_bytes(buf.getvalue())


def render_docx(bul: Bulletin, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    styled = bul.style != "plain"
    doc = Document()
    _docx_fixed_meta(doc, bul.title)

    def para(text: str, style: str | None = None, bold: bool = False, size=None):
        par = doc.add_paragraph(style=style) if style else doc.add_paragraph()
        _docx_runs(par, text, bold_all=bold, size=size)
        return par

    def heading(text: str, level: int):
        if styled:
            return para(text, f"Heading {level}")
        return para(text, bold=True, size={0: 18, 1: 14, 2: 12}[level])

    for line in bul.masthead:
        para(line, bold=True)
    if styled:
        para(bul.title, "Title")
        if bul.subtitle:
            para(bul.subtitle, "Subtitle")
    else:
        heading(bul.title, 0)
        if bul.subtitle:
            para(bul.subtitle, bold=True)
    for text in bul.preface:
        para(text)
    for sec in bul.sections:
        heading(sec.heading, 1)
        for text in sec.intro:
            para(text)
        if sec.columns:
            table = doc.add_table(rows=1, cols=len(sec.columns))
            table.style = "Table Grid"
            for cell, label in zip(table.rows[0].cells, sec.columns):
                cell.text = ""
                _docx_runs(cell.paragraphs[0], label, bold_all=True)
            for it in sec.items:
                cells = table.add_row().cells
                for cell, value in zip(cells, it.row or []):
                    cell.text = ""
                    _docx_runs(cell.paragraphs[0], value)
        for it in sec.items:
            if it.row is not None:
                continue
            heading(it.title, 2)
            for blk in it.blocks:
                kind = blk[0]
                if kind == "field":
                    par = doc.add_paragraph()
                    par.add_run(f"{blk[1]}:").bold = True
                    par.add_run(f" {blk[2]}")
                elif kind == "bullet":
                    if styled:
                        para(blk[1], "List Bullet")
                    else:
                        para("• " + blk[1])
                elif kind == "caption":
                    if styled:
                        para(blk[1], "Caption")
                    else:
                        par = para(blk[1])
                        for run in par.runs:
                            run.italic = True
                            run.font.size = Pt(9)
                else:
                    para(blk[1])
        for text in sec.closing:
            para(text)
    for text in bul.closing:
        para(text)
    doc.save(path)
    normalise_zip(path)


def render_doc(bul: Bulletin, path: Path) -> None:
    """Legacy Word 97 .doc: render the DOCX, then convert it with LibreOffice."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{bul.name}.docx"
        render_docx(bul, src)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "doc", "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=180)
        shutil.copyfile(Path(tmp) / f"{bul.name}.doc", path)


# ---------------------------------------------------------------- PDF (reportlab)
def _rl_markup(text: str) -> str:
    return BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False))


def _pdf_styles(base_size: float):
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    lead = base_size * 1.3
    return {
        "mast": ParagraphStyle("mast", fontName="Helvetica-Bold", fontSize=base_size, leading=lead, spaceAfter=2),
        "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", fontName="Helvetica-Oblique", fontSize=12, leading=15, spaceAfter=10),
        "h1": ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=14, leading=17, spaceBefore=8, spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=base_size + 1.5, leading=lead + 2,
                             spaceBefore=6, spaceAfter=3),
        "body": ParagraphStyle("body", fontName="Helvetica", fontSize=base_size, leading=lead, spaceAfter=4,
                               alignment=TA_JUSTIFY),
        "bullet": ParagraphStyle("bullet", fontName="Helvetica", fontSize=base_size, leading=lead, leftIndent=12,
                                 bulletIndent=2, spaceAfter=2),
        "caption": ParagraphStyle("caption", fontName="Helvetica-Oblique", fontSize=base_size - 1.5,
                                  leading=lead - 1, spaceAfter=6, textColor="#444444"),
        "box_title": ParagraphStyle("box_title", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceAfter=4),
        "box": ParagraphStyle("box", fontName="Helvetica", fontSize=base_size, leading=lead),
    }


def _pdf_story(bul: Bulletin, st, *, front: bool = True) -> list:
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
    story: list = []
    if front:
        story += [Paragraph(_rl_markup(x), st["mast"]) for x in bul.masthead]
        story.append(Paragraph(_rl_markup(bul.title), st["title"]))
        if bul.subtitle:
            story.append(Paragraph(_rl_markup(bul.subtitle), st["subtitle"]))
        story += [Paragraph(_rl_markup(x), st["body"]) for x in bul.preface]
    if bul.totals:
        head, lines = bul.totals
        cell = [Paragraph(_rl_markup(head), st["box_title"])] + [Paragraph(_rl_markup(x), st["box"]) for x in lines]
        box = Table([[cell]], colWidths=[300])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, "#1f5f3a"),
                                 ("BACKGROUND", (0, 0), (-1, -1), "#e8f2ec"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 8),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        story += [Spacer(1, 6), box, Spacer(1, 10)]
    for sec in bul.sections:
        story.append(Paragraph(_rl_markup(sec.heading), st["h1"]))
        story += [Paragraph(_rl_markup(x), st["body"]) for x in sec.intro]
        for it in sec.items:
            story.append(Paragraph(_rl_markup(it.title), st["h2"]))
            for blk in it.blocks:
                if blk[0] == "field":
                    story.append(Paragraph(f"<b>{html.escape(blk[1])}:</b> {_rl_markup(blk[2])}", st["body"]))
                elif blk[0] == "bullet":
                    story.append(Paragraph(_rl_markup(blk[1]), st["bullet"], bulletText="•"))
                elif blk[0] == "caption":
                    story.append(Paragraph(_rl_markup(blk[1]), st["caption"]))
                else:
                    story.append(Paragraph(_rl_markup(blk[1]), st["body"]))
        story += [Paragraph(_rl_markup(x), st["body"]) for x in sec.closing]
    story += [Paragraph(_rl_markup(x), st["body"]) for x in bul.closing]
    return story


def _numbered_canvas(header: str, footer_fmt: str):
    """A canvas that knows the page count at save time, for 'Página N de M' footers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                w, h = A4
                self.setFont("Helvetica", 8)
                self.setFillColorRGB(0.3, 0.3, 0.3)
                if header:
                    self.drawString(50, h - 32, header)
                    self.line(50, h - 36, w - 50, h - 36)
                self.drawCentredString(w / 2, 26, footer_fmt.format(n=self._pageNumber, m=total))
                super().showPage()
            super().save()

    return NumberedCanvas


def render_pdf_two_columns(bul: Bulletin, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate, Paragraph

    w, h = A4
    margin, gutter, top, bottom = 50, 18, 48, 44
    col_w = (w - 2 * margin - gutter) / 2
    title_h = 120
    doc = BaseDocTemplate(str(path), pagesize=A4, title=bul.title, author="SENA", invariant=1,
                          creator="SENA", producer="SENA")
    first = PageTemplate("first", frames=[
        Frame(margin, h - top - title_h, w - 2 * margin, title_h, id="title"),
        Frame(margin, bottom, col_w, h - top - title_h - bottom, id="c1"),
        Frame(margin + col_w + gutter, bottom, col_w, h - top - title_h - bottom, id="c2")])
    later = PageTemplate("later", frames=[
        Frame(margin, bottom, col_w, h - top - bottom, id="c1"),
        Frame(margin + col_w + gutter, bottom, col_w, h - top - bottom, id="c2")])
    doc.addPageTemplates([first, later])
    st = _pdf_styles(9.0)
    front = [Paragraph(_rl_markup(x), st["mast"]) for x in bul.masthead]
    front += [Paragraph(_rl_markup(bul.title), st["title"]), Paragraph(_rl_markup(bul.subtitle), st["subtitle"])]
    story = front + [NextPageTemplate("later"), FrameBreak()]
    story += [Paragraph(_rl_markup(x), st["body"]) for x in bul.preface]
    story += _pdf_story(bul, st, front=False)
    doc.build(story, canvasmaker=_numbered_canvas(bul.running_header, "Página {n} de {m}"))


def render_pdf_one_column(bul: Bulletin, path: Path, base_size: float = 10.0) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    doc = SimpleDocTemplate(str(path), pagesize=A4, title=bul.title, author="SENA", invariant=1,
                            creator="SENA", producer="SENA", leftMargin=62, rightMargin=62,
                            topMargin=56, bottomMargin=50)
    doc.build(_pdf_story(bul, _pdf_styles(base_size)),
              canvasmaker=_numbered_canvas(bul.running_header, "SENA · Relaciones Internacionales · {n}"))


def render_pdf_scanned(bul: Bulletin, path: Path) -> None:
    """Image-only PDF: render, rasterise at 200 dpi grayscale, tilt one page, add light seeded noise."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(2020)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src.pdf"
        render_pdf_one_column(bul, src, base_size=12.5)
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(src), str(Path(tmp) / "pg")],
                       check=True, capture_output=True, timeout=120)
        pages = []
        for i, png in enumerate(sorted(Path(tmp).glob("pg-*.png"))):
            im = Image.open(png).convert("L")
            if i == 1:
                im = im.rotate(1.3, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
            arr = np.asarray(im, dtype=np.int16)
            arr = arr - 12 + rng.normal(0, 7, arr.shape).astype(np.int16)   # paper tone + sensor noise
            pages.append(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L"))
    if len(pages) > 4:
        raise RuntimeError(f"{bul.name}: scanned bulletin has {len(pages)} pages (max 4)")
    stamp = "D:20201015120000Z"
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=200.0, quality=60,
                  title=bul.title, author="SENA", producer="SENA scanner", creator="SENA scanner",
                  creationDate=stamp, modDate=stamp)


# ---------------------------------------------------------------- text formats
def render_txt(bul: Bulletin, path: Path) -> None:
    out: list[str] = []
    rule = "=" * 72
    out += [strip_marks(bul.title)] + [strip_marks(x) for x in bul.masthead] + [rule, ""]
    for text in bul.preface:
        out += [strip_marks(text), ""]
    for n, sec in enumerate(bul.sections, 1):
        out += [f"{n}. {sec.heading.upper()}", "-" * 40]
        for text in sec.intro:
            out += [strip_marks(text), ""]
        for m, it in enumerate(sec.items, 1):
            out.append(f"{n}.{m} {strip_marks(it.title)}")
            fields: list[str] = []
            for blk in it.blocks + [("end",)]:
                if blk[0] == "field":
                    fields.append(f"{blk[1]}: {strip_marks(blk[2])}")
                    continue
                if fields:
                    out.append(" | ".join(fields))
                    fields = []
                if blk[0] == "bullet":
                    out.append(f"  - {strip_marks(blk[1])}")
                elif blk[0] == "caption":
                    out.append(f"[{strip_marks(blk[1])}]")
                elif blk[0] == "p":
                    out.append(strip_marks(blk[1]))
            out.append("")
        for text in sec.closing:
            out += [strip_marks(text), ""]
    out.append(rule)
    out += [strip_marks(x) for x in bul.closing]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _h(text: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", html.escape(text, quote=False))


def render_html(bul: Bulletin, path: Path) -> None:
    o: list[str] = ['<!DOCTYPE html>', '<html lang="es">', '<head>', '<meta charset="utf-8">',
                    f'<title>{html.escape(bul.title)} | SENA</title>',
                    '<meta name="viewport" content="width=device-width, initial-scale=1">',
                    '<link rel="stylesheet" href="/static/css/portal.css">', '</head>', '<body>',
                    '<header class="site-header"><a class="logo" href="/">SENA</a>',
                    '<nav><ul><li><a href="/">Inicio</a></li><li><a href="/noticias">Sala de prensa</a></li>'
                    '<li><a href="/internacional">Relaciones internacionales</a></li>'
                    '<li><a href="/contacto">Contáctenos</a></li></ul></nav></header>',
                    '<nav class="breadcrumb">Inicio › Relaciones internacionales › Boletines</nav>',
                    '<main>', '<article class="boletin">']
    o += [f'<p class="kicker">{_h(x)}</p>' for x in bul.masthead]
    o.append(f"<h1>{_h(bul.title)}</h1>")
    if bul.subtitle:
        o.append(f'<p class="subtitle">{_h(bul.subtitle)}</p>')
    o += [f"<p>{_h(x)}</p>" for x in bul.preface]
    for sec in bul.sections:
        o.append('<section>')
        o.append(f"<h2>{_h(sec.heading)}</h2>")
        o += [f"<p>{_h(x)}</p>" for x in sec.intro]
        if sec.columns:
            o.append('<table class="tabla-boletin">')
            o.append("<thead><tr>" + "".join(f"<th>{_h(c)}</th>" for c in sec.columns) + "</tr></thead><tbody>")
            for it in sec.items:
                o.append("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in it.row or []) + "</tr>")
            o.append("</tbody></table>")
        for it in sec.items:
            if it.row is not None:
                continue
            o.append(f"<h3>{_h(it.title)}</h3>")
            bullets: list[str] = []
            for blk in it.blocks + [("end",)]:
                if blk[0] == "bullet":
                    bullets.append(f"<li>{_h(blk[1])}</li>")
                    continue
                if bullets:
                    o += ["<ul>"] + bullets + ["</ul>"]
                    bullets = []
                if blk[0] == "field":
                    o.append(f"<p><strong>{html.escape(blk[1])}:</strong> {_h(blk[2])}</p>")
                elif blk[0] == "caption":
                    o.append(f'<figure><img src="/media/boletin/{bul.name}-{len(o)}.jpg" alt="">'
                             f"<figcaption>{_h(blk[1])}</figcaption></figure>")
                elif blk[0] == "p":
                    o.append(f"<p>{_h(blk[1])}</p>")
        o += [f"<p>{_h(x)}</p>" for x in sec.closing]
        o.append('</section>')
    o += [f"<p>{_h(x)}</p>" for x in bul.closing]
    o += ['<div class="compartir">Compartir: <a href="#">Facebook</a> · <a href="#">X</a> · '
          '<a href="#">LinkedIn</a></div>', '</article>', '</main>',
          '<footer class="site-footer"><p>Servicio Nacional de Aprendizaje SENA – Calle 57 No. 8-69, '
          'Bogotá D.C. – Línea gratuita 018000 910270</p><p>© SENA. Todos los derechos reservados.</p></footer>',
          '</body>', '</html>']
    path.write_text("\n".join(o) + "\n", encoding="utf-8")

def render_md(bul: Bulletin, path: Path) -> None:
    """Markdown in a style unlike the seed: numbered ## sections, ### items, fields as a bullet list."""
    o: list[str] = [f"# {bul.title}", ""]
    if bul.subtitle:
        o += [f"**{bul.subtitle}**", ""]
    o += [f"_{x}_" for x in bul.masthead] + [""]
    for text in bul.preface:
        o += [text, ""]
    for n, sec in enumerate(bul.sections, 1):
        o += [f"## {n}. {sec.heading}", ""]
        for text in sec.intro:
            o += [text, ""]
        if sec.columns:
            o.append("| " + " | ".join(sec.columns) + " |")
            o.append("|" + "---|" * len(sec.columns))
            o += ["| " + " | ".join(it.row or []) + " |" for it in sec.items]
            o.append("")
        for it in sec.items:
            if it.row is not None:
                continue
            o += [f"### {it.title}", ""]
            prev = ""
            for blk in it.blocks:
                if blk[0] != "field" and prev == "field":
                    o.append("")
                if blk[0] == "field":
                    o.append(f"- **{blk[1]}:** {blk[2]}")
                elif blk[0] == "bullet":
                    o += [f"> {blk[1]}", ""]
                elif blk[0] == "caption":
                    o += [f"*{blk[1]}*", ""]
                else:
                    o += [blk[1], ""]
                prev = blk[0]
            if prev == "field":
                o.append("")
        for text in sec.closing:
            o += [text, ""]
    o += ["---", ""] + [x for x in bul.closing]
    path.write_text("\n".join(o).rstrip() + "\n", encoding="utf-8")


RENDERERS = {
    ("docx", "headings"): render_docx, ("docx", "plain"): render_docx, ("docx", "tables"): render_docx,
    ("doc", "headings"): render_doc,
    ("pdf", "two_columns"): render_pdf_two_columns, ("pdf", "one_column"): render_pdf_one_column,
    ("pdf", "scanned"): render_pdf_scanned,
    ("txt", "plain"): render_txt, ("md", "markdown"): render_md, ("html", "web"): render_html,
}


def build(out: Path, only: list[str] | None = None) -> list[Path]:
    from reportlab import rl_config
    rl_config.invariant = 1
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for bul in load_bulletins():
        if only and bul.name not in only:
            continue
        target = out / bul.filename
        RENDERERS[(bul.ext, bul.style)](bul, target)
        gold = out / f"{bul.name}.gold.json"
        gold.write_text(gold_json(bul), encoding="utf-8")
        written += [target, gold]
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=CORPUS)
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args(argv)
    for p in build(args.out, args.only):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
