"""Render the third blind held-out set of bulletins from the content files in ``content/``.

usage: python generate.py [OUT_DIR]   (default: the parent folder, corpus/blind3)

Every ``content/*.json`` renders to one bulletin of the same stem, by its ``format``:

* ``html``      – a CMS-exported web page (nav, breadcrumbs, aside, footer); activities as ``<article>``
  cards with an ``<h3>`` title, a ``<dl>`` of fields and prose; non-ASCII characters written as named
  entities, non-breaking spaces as ``&nbsp;``;
* ``pdftable``  – a reportlab text PDF whose activities are rows of one table spanning pages (header row
  repeated on every page, section bands spanning the row, multi-line cells), with a running header and
  footer;
* ``docxplain`` – a python-docx document with no heading styles: section titles are bold, all-caps,
  centred Normal paragraphs; each item is one paragraph opening with a bold title and a period;
* ``email``     – a plain-text e-mail newsletter (UTF-8, ``\\n`` line ends), written line by line.

Output is byte-for-byte deterministic (fixed document metadata and ZIP timestamps, reportlab
``invariant``).
"""
from __future__ import annotations

import html
import io
import re
import sys
from html.entities import codepoint2name
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


# --------------------------------------------------------------------------- HTML (CMS export)

def _ent(text: str) -> str:
    """Escape for HTML, every non-ASCII character with a name as a named entity (``&oacute;``,
    ``&nbsp;``…), and ``**bold**`` as <strong>."""
    out = []
    for ch in html.escape(text, quote=False):
        name = codepoint2name.get(ord(ch)) if ord(ch) > 127 else None
        out.append(f"&{name};" if name else ch)
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", "".join(out))


def _slug(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60]


def render_html(content: dict[str, Any]) -> bytes:
    e = _ent
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="es">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="generator" content="Joomla! - Open Source Content Management">',
        f"<title>{e(content['core_title'])} | {e(content['site'])}</title>",
        '<link rel="stylesheet" href="/templates/sena/css/template.css">',
        "</head>",
        '<body class="site com_content view-article">',
        '<header class="header">',
        f'<div class="brand"><a href="/"><img src="/images/logo-sena.png" alt="{e(content["site"])}"></a></div>',
        '<nav class="navigation" role="navigation"><ul class="nav menu">',
    ]
    out += [f'<li><a href="/{_slug(item)}">{e(item)}</a></li>' for item in content["nav"]]
    out += ["</ul></nav>", "</header>", '<ul class="breadcrumb">']
    crumbs = content["breadcrumbs"]
    for i, crumb in enumerate(crumbs):
        sep = '<span class="divider">&nbsp;&raquo;&nbsp;</span>' if i < len(crumbs) - 1 else ""
        link = f'<a href="/{_slug(crumb)}">{e(crumb)}</a>' if i < len(crumbs) - 1 else f"<span>{e(crumb)}</span>"
        out.append(f"<li>{link}{sep}</li>")
    out += ["</ul>", '<main id="content" role="main">', '<div class="item-page">',
            f'<h1 itemprop="headline">{e(content["h1"])}</h1>',
            f'<p class="article-info">{e(content["published"])}</p>']
    pres = content["presentation"]
    out.append('<section class="presentacion">')
    out.append(f"<h2>{e(pres['h2'])}</h2>")
    out += [f"<p>{e(p)}</p>" for p in pres["paras"]]
    out.append("</section>")
    for section in content["sections"]:
        out.append(f'<section class="bloque" id="{_slug(section["h2"])}">')
        out.append(f"<h2>{e(section['h2'])}</h2>")
        if section["intro"]:
            out.append(f'<p class="intro">{e(section["intro"])}</p>')
        for art in section["articles"]:
            out.append('<article class="card">')
            out.append(f"<h3>{e(art['h3'])}</h3>")
            out.append('<dl class="ficha">')
            for key, value in art["dl"]:
                out.append(f"<dt>{e(key)}</dt><dd>{e(value)}</dd>")
            out.append("</dl>")
            out += [f"<p>{e(p)}</p>" for p in art["paras"]]
            out.append("</article>")
        out.append("</section>")
    fig = content["figures"]
    out += ['<section class="cifras">', f"<h2>{e(fig['h2'])}</h2>", "<ul>"]
    out += [f"<li>{e(item)}</li>" for item in fig["items"]]
    out += ["</ul>", "</section>", "</div>", "</main>"]
    aside = content["aside"]
    out += ['<aside class="sidebar">', f"<h2>{e(aside['h2'])}</h2>", "<ul>"]
    out += [f'<li><a href="/{_slug(link)}">{e(link)}</a></li>' for link in aside["links"]]
    out += ["</ul>", "</aside>", '<footer class="footer">']
    out += [f"<p>{e(line)}</p>" for line in content["footer"]]
    out += ["</footer>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


# --------------------------------------------------------------------------- PDF (one table)

def _markup(text: str) -> str:
    """``markup`` with line breaks as <br/>."""
    return markup(text).replace("\n", "<br/>")


def render_pdftable(content: dict[str, Any]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    navy, green, pale = colors.HexColor("#00324D"), colors.HexColor("#39A900"), colors.HexColor("#E8F3E0")
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=6,
                          alignment=TA_JUSTIFY)
    title = ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=17, leading=21,
                           alignment=TA_LEFT, textColor=navy, spaceAfter=3)
    subtitle = ParagraphStyle("subtitle", parent=body, fontName="Helvetica-Oblique", fontSize=9.5,
                              alignment=TA_LEFT, spaceAfter=10)
    heading = ParagraphStyle("heading", parent=body, fontName="Helvetica-Bold", fontSize=11.5,
                             textColor=green, spaceBefore=6, spaceAfter=4, alignment=TA_LEFT)
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11.5, alignment=TA_LEFT)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold", fontSize=8.5, textColor=colors.white)
    band = ParagraphStyle("band", parent=cell, fontName="Helvetica-Bold", fontSize=9.5, textColor=navy)

    ncols = len(content["columns"])
    data: list[list[Any]] = [[Paragraph(_markup(c), head) for c in content["columns"]]]
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), navy),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#7F8C8D")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for row in content["rows"]:
        r = len(data)
        if "band" in row:
            data.append([Paragraph(_markup(row["band"].upper()), band)] + [""] * (ncols - 1))
            commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), pale)]
        else:
            data.append([Paragraph(_markup(text), cell) for text in row["cells"]])
    table = Table(data, colWidths=content["col_widths"], repeatRows=1)
    table.setStyle(TableStyle(commands))

    header, footer = content["running_header"], content["footer"]
    width, height = A4

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(1.6 * cm, height - 1.2 * cm, header)
        canvas.setStrokeColor(green)
        canvas.line(1.6 * cm, height - 1.35 * cm, width - 1.6 * cm, height - 1.35 * cm)
        canvas.line(1.6 * cm, 1.55 * cm, width - 1.6 * cm, 1.55 * cm)
        canvas.drawRightString(width - 1.6 * cm, 1.1 * cm, footer.format(page=doc.page))
        canvas.restoreState()

    flow: list[Any] = [Paragraph(_markup(content["title"]), title), Paragraph(_markup(content["subtitle"]), subtitle),
                       Paragraph(_markup(content["intro_heading"]), heading)]
    flow += [Paragraph(_markup(p), body) for p in content["intro"]]
    flow += [Spacer(1, 6), table, Spacer(1, 10), Paragraph(_markup(content["closing_heading"]), heading)]
    flow += [Paragraph(_markup(p), body) for p in content["closing"]]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=1.6 * cm, rightMargin=1.6 * cm, topMargin=2.0 * cm,
                            bottomMargin=2.0 * cm, **pdf_metadata(content["core_title"]))
    doc.build(flow, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()


# --------------------------------------------------------------------------- DOCX without heading styles

def render_docxplain(content: dict[str, Any]) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = new_docx(content["core_title"])
    section = doc.sections[0]
    section.header.paragraphs[0].text = content["header"]
    section.footer.paragraphs[0].text = content["footer"]
    section.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in content["blocks"]:
        para = doc.add_paragraph()
        if kind == "masthead":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(text)
            run.bold, run.font.size = True, Pt(15)
        elif kind == "dateline":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.add_run(text).italic = True
        elif kind == "section":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.space_before = Pt(12)
            run = para.add_run(text.upper())
            run.bold = True
        elif kind == "item":
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            add_runs(para, text)
        elif kind == "signature":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            para.add_run(text).italic = True
        else:                                            # "para"
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            add_runs(para, text)
    return save_docx(doc)


# --------------------------------------------------------------------------- plain-text e-mail

def render_email(content: dict[str, Any]) -> bytes:
    return ("\n".join(content["lines"]) + "\n").encode("utf-8")


RENDERERS: dict[str, tuple[str, Callable[[dict[str, Any]], bytes]]] = {
    "html": (".html", render_html),
    "pdftable": (".pdf", render_pdftable),
    "docxplain": (".docx", render_docxplain),
    "email": (".txt", render_email),
}


def render_all() -> dict[str, bytes]:
    """File name -> bytes of every bulletin described in ``content/``."""
    return render_set(CONTENT_DIR, RENDERERS)


def main(argv: list[str]) -> int:
    return write_all(argv, DEFAULT_OUT, render_all)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
