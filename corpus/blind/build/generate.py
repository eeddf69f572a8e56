"""Render the blind held-out bulletins from the content files in ``content/``.

usage: python generate.py [OUT_DIR]   (default: the parent folder, corpus/blind)

Every content file renders to one bulletin of the same stem: ``*.json`` carries its own
``format`` (docx, pdf or html); ``*.md.src`` is the Markdown bulletin, written as is (the
``.src`` suffix keeps a folder ingest of corpus/blind from reading it twice). Output is byte-for-byte
deterministic (fixed document metadata and ZIP timestamps), so the test suite can check
that the committed bulletins are exactly what this script produces.
"""
from __future__ import annotations

import html
import io
import json
import sys
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True   # keep corpus/ free of __pycache__
if str(HERE.parents[1] / "build") not in sys.path:
    sys.path.insert(0, str(HERE.parents[1] / "build"))   # corpus/build: the shared deterministic helpers

from deterministic import new_docx, pdf_metadata, save_docx, write_all  # noqa: E402

CONTENT_DIR = HERE / "content"
DEFAULT_OUT = HERE.parent


def render_docx(content: dict[str, Any]) -> bytes:
    doc = new_docx(content["core_title"])
    for style, text in content["blocks"]:
        if style.startswith("Heading "):
            doc.add_heading(text, level=int(style.split()[1]))
        elif style == "Title":
            doc.add_heading(text, level=0)
        else:
            doc.add_paragraph(text, style=None if style == "Normal" else style)
    return save_docx(doc)


def render_pdf(content: dict[str, Any]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=14, spaceAfter=6)
    # Headings deliberately at body size: only weight and colour set them apart.
    styles = {
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=17, leading=21,
                                alignment=TA_CENTER, textColor=colors.HexColor("#1F6F43")),
        "subtitle": ParagraphStyle("subtitle", parent=body, alignment=TA_CENTER, spaceAfter=14),
        "section": ParagraphStyle("section", parent=body, fontName="Helvetica-Bold",
                                  textColor=colors.HexColor("#1F6F43"), spaceBefore=10),
        "item": ParagraphStyle("item", parent=body, fontName="Helvetica-Bold",
                               textColor=colors.HexColor("#23395B"), spaceBefore=4, spaceAfter=3),
        "field": ParagraphStyle("field", parent=body, leftIndent=12, spaceAfter=1),
        "para": body,
    }
    header = content["running_header"]

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.grey)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 1.4 * cm, header)
        canvas.setFont("Helvetica", 9)
        canvas.drawCentredString(A4[0] / 2, 1.3 * cm, f"— {doc.page} —")
        canvas.restoreState()

    flow: list[Any] = []
    for kind, text in content["blocks"]:
        shown = text.upper() if kind == "section" else text
        flow.append(Paragraph(html.escape(shown, quote=False), styles[kind]))
        if kind == "subtitle":
            flow.append(Spacer(1, 4))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=3.2 * cm, rightMargin=3.2 * cm,
                            topMargin=2.4 * cm, bottomMargin=2.4 * cm, **pdf_metadata(content["core_title"]))
    doc.build(flow, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()


def render_html(content: dict[str, Any]) -> bytes:
    esc = html.escape
    out = ["<!DOCTYPE html>", '<html lang="es">', "<head>", '<meta charset="utf-8">',
           f"<title>{esc(content['core_title'])}</title>", "</head>", "<body>",
           '<header><nav><ul>' + "".join(f'<li><a href="#">{esc(n)}</a></li>' for n in content["nav"])
           + "</ul></nav></header>", "<main>", f"<h1>{esc(content['title'])}</h1>",
           f'<p class="lead">{esc(content["lead"])}</p>']
    for section in content["sections"]:
        out.append(f"<h2>{esc(section['heading'])}</h2>")
        out.append('<table border="1" cellpadding="4">')
        out.append("<thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in section["columns"]) + "</tr></thead>")
        out.append("<tbody>")
        for row in section["rows"]:
            out.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
        out.append("</tbody></table>")
    out.append(f"<h2>{esc(content['briefs_heading'])}</h2>")
    out.append("<ul>" + "".join(f"<li>{esc(b)}</li>" for b in content["briefs"]) + "</ul>")
    out += [f"<p>{esc(content['closing'])}</p>", "</main>", f"<footer><p>{esc(content['footer'])}</p></footer>",
            "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


RENDERERS: dict[str, tuple[str, Callable[[dict[str, Any]], bytes]]] = {
    "docx": (".docx", render_docx),
    "pdf": (".pdf", render_pdf),
    "html": (".html", render_html),
}


def render_all() -> dict[str, bytes]:
    """File name -> bytes of every bulletin described in ``content/``."""
    files: dict[str, bytes] = {}
    for path in sorted(CONTENT_DIR.iterdir()):
        if path.name.endswith(".md.src"):
            files[path.name.removesuffix(".src")] = path.read_bytes()
        elif path.suffix == ".json":
            content = json.loads(path.read_text(encoding="utf-8"))
            ext, render = RENDERERS[content["format"]]
            files[path.stem + ext] = render(content)
    return files


def main(argv: list[str]) -> int:
    return write_all(argv, DEFAULT_OUT, render_all)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
