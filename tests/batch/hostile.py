"""Builds, at test time, a batch of good bulletins and a corpus of hostile files (nothing is committed as a
binary blob). Run as a script to write both into a folder: ``python tests/batch/hostile.py OUT_DIR``.

``build_hostile(folder)`` returns, per file name, what a batch must say about it: ``("failed", words)``
with words the one-line reason must contain (lower case), ``("ok", None)`` for a file that looks hostile
but is a readable bulletin (other encodings, an odd name, a PDF with only an owner password), or
``("ignored", None)``. Files that have no outcome of their own (a folder link loop) map to None.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SEED_DIR = ROOT / "tests" / "data" / "seed"

# Readable corpus renditions that read fast (no OCR, no LibreOffice), for batches of good files.
GOOD_SOURCES = sorted([*CORPUS.glob("*.md"), *CORPUS.glob("*.html"), *CORPUS.glob("*.docx"),
                       CORPUS / "boletin_2024T2_internacional.pdf", CORPUS / "boletin_2025T1_cifras.pdf",
                       SEED_DIR / "boletin_2026T1_insumos.md", SEED_DIR / "boletin_2026T1_insumos.pdf"])

_MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"]
_QUARTERS = ["Primer", "Segundo", "Tercer", "Cuarto"]
_SECTIONS = [("Alianzas", ["Convenio de cooperación técnica con {org}", "Memorando de entendimiento con {org}"]),
             ("Movilidad internacional", ["Pasantía de instructores en {city}", "Misión técnica a {city}"]),
             ("Formación", ["Curso virtual de {topic}", "Taller de {topic} para aprendices"]),
             ("Eventos", ["Foro internacional de {topic}", "Seminario sobre {topic}"])]
_ORGS = ["la Agencia de Cooperación Internacional de Corea (KOICA)", "la Organización Internacional del Trabajo",
         "el Instituto Federal de Educación de Brasil", "la Universidad de Salamanca", "Fundación Telefónica",
         "el Ministerio de Educación de Chile", "la Cámara de Comercio de Lima"]
_CITIES = ["Madrid, España", "Santiago de Chile", "Seúl, Corea del Sur", "Ciudad de México", "Lima, Perú",
           "Quebec, Canadá", "Lisboa, Portugal"]
_TOPICS = ["energías renovables", "agricultura de precisión", "economía circular", "robótica educativa",
           "turismo sostenible", "bilingüismo", "ciberseguridad"]
_REGIONS = ["Antioquia", "Valle del Cauca", "Santander", "Boyacá", "Nariño", "Meta", "Caldas", "Huila"]


def bulletin_md(n: int) -> str:
    """A small, varied bulletin in Markdown (different year, quarter, items and wording per ``n``)."""
    rng = random.Random(n)
    year, q = 2015 + n % 12, n % 4
    lines = [f"# Boletín de Cooperación Internacional {n}", "",
             f"**{_QUARTERS[q]} trimestre {year}**", "",
             f"Durante el trimestre se gestionaron {rng.randint(5, 40)} acciones de cooperación.", ""]
    for s_index, (section, titles) in enumerate(rng.sample(_SECTIONS, k=rng.randint(2, 4)), start=1):
        lines += [f"## {s_index}. {section}", ""]
        for _ in range(rng.randint(1, 3)):
            title = rng.choice(titles).format(org=rng.choice(_ORGS), city=rng.choice(_CITIES),
                                              topic=rng.choice(_TOPICS))
            month = _MONTHS[q * 3 + rng.randint(0, 2)]
            lines += [f"### {title} ({n}-{rng.randint(1, 10**6)})", "",
                      f"El {rng.randint(1, 28)} de {month} de {year} participaron {rng.randint(2, 300)} aprendices "
                      f"de la regional {rng.choice(_REGIONS)} junto con {rng.choice(_ORGS)}.", ""]
    return "\n".join(lines)


def build_good(folder: Path, generated: int = 0, prefix: str = "") -> list[Path]:
    """Copies of the readable corpus files (renamed with ``prefix``) and ``generated`` Markdown bulletins."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for src in GOOD_SOURCES:
        target = folder / f"{prefix}{src.stem}_{src.parent.name}{src.suffix}"
        shutil.copyfile(src, target)
        out.append(target)
    for n in range(generated):
        target = folder / f"{prefix}generado_{n:03d}.md"
        target.write_text(bulletin_md(n), encoding="utf-8")
        out.append(target)
    return out


# --- hostile files ---------------------------------------------------------------------------------------

def _pdf(text_lines: list[str], *, encrypt: tuple[str, str] | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    enc = StandardEncryption(encrypt[0], ownerPassword=encrypt[1], canPrint=1) if encrypt else None
    c = canvas.Canvas(buf, pagesize=A4, encrypt=enc)
    y = 800
    for line in text_lines:
        level = len(line) - len(line.lstrip("#"))
        size = {1: 18, 2: 15, 3: 12}.get(level, 10)
        c.setFont("Helvetica-Bold" if level else "Helvetica", size)
        c.drawString(50, y, line.lstrip("# ").replace("**", ""))
        y -= size + (14 if level else 6)
        if y < 60:
            c.showPage()
            y = 800
    c.save()
    return buf.getvalue()


def _image_only_pdf() -> bytes:
    """A 'scanned' page: text drawn into an image, no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(bulletin_md(7).splitlines()[:40]):
        draw.text((60, 60 + i * 36), line, fill=0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawImage(ImageReader(img), 0, 0, width=595, height=842)
    c.save()
    return buf.getvalue()


def _many_pages_pdf(pages: int) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(200, 200)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    return buf.getvalue()


def _docx_from(seed_docx: Path, replace: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(seed_docx) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item.filename, replace.get(item.filename, src.read(item.filename)))
    return buf.getvalue()


def _zip_bomb_docx(seed_docx: Path) -> bytes:
    """A real DOCX whose document part expands ~1000:1 to 64 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(seed_docx) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename == "word/document.xml":
                with out.open(item.filename, "w") as part:
                    part.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>')
                    chunk = b" " * (1 << 20)
                    for _ in range(64):
                        part.write(chunk)
                    part.write(b"</w:body></w:document>")
            else:
                out.writestr(item.filename, src.read(item.filename))
    return buf.getvalue()


_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
           + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                     for i in range(1, 10))
           + "]>\n")


def build_hostile(folder: Path) -> dict[str, tuple[str, str | None] | None]:
    """Write the hostile corpus into ``folder``; return the expected outcome per file name."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(5)
    docx = CORPUS / "boletin_2021T4_relaciones.docx"
    md = bulletin_md(101)
    pdf_lines = bulletin_md(102).splitlines()
    good_pdf = _pdf(pdf_lines)
    expected: dict[str, tuple[str, str | None] | None] = {}

    def put(name: str, data: bytes | str, outcome: tuple[str, str | None] | None) -> None:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[name] = outcome

    put("vacio.pdf", b"", ("failed", "empty"))
    put("vacio.md", b"", ("failed", "empty"))
    put("solo espacios.txt", "   \n\n\t  \n", ("failed", "no text"))
    put("truncado.pdf", good_pdf[: len(good_pdf) // 3], ("failed", "pdf"))
    put("cabecera sola.pdf", b"%PDF-1.7\n" + bytes(rng.getrandbits(8) for _ in range(3000)), ("failed", "pdf"))
    put("cifrado_con_clave.pdf", _pdf(pdf_lines, encrypt=("secreto", "dueño")), ("failed", "encrypted"))
    put("cifrado sin clave de usuario.pdf", _pdf(bulletin_md(103).splitlines(), encrypt=("", "dueño")),
        ("ok", None))
    put("pagina.html.pdf", "<!DOCTYPE html><html><body><h1>Boletín</h1><p>Hola</p></body></html>",
        ("failed", "content is html, not pdf"))
    put("archivo.docx", _zip_of({"notas.txt": b"hola", "datos.csv": b"a,b\n1,2\n"}),
        ("failed", "not a word document"))
    put("es_un_pdf.docx", good_pdf, ("failed", "content is a pdf, not docx"))
    put("heredado_ole.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.getrandbits(8) for _ in range(4000)),
        ("failed", "ole"))
    put("imagen.pdf", _png_bytes(), ("failed", "image"))
    put("bomba_zip.docx", _zip_bomb_docx(docx), ("failed", "zip bomb"))
    put("bomba_entidades.docx", _docx_from(docx, {"word/document.xml": (_LAUGHS + '<w:document xmlns:w="x">'
                                                                        "<w:body>&lol9;</w:body></w:document>")
                                                  .encode()}), ("failed", "entities"))
    put("bomba_entidades.html", _LAUGHS + "<html><body><p>&lol9;</p></body></html>", ("failed", None))
    put("miles_de_paginas.pdf", _many_pages_pdf(3000), ("failed", "pages, over the limit"))
    put("escaneado_sin_texto.pdf", _image_only_pdf(), ("failed", "tesseract"))
    put("aleatorio.pdf", bytes(rng.getrandbits(8) for _ in range(20000)), ("failed", "binary data"))
    put("aleatorio.docx", bytes(rng.getrandbits(8) for _ in range(20000)), ("failed", "binary data"))
    put("aleatorio.txt", bytes(rng.getrandbits(8) for _ in range(20000)), ("failed", "binary"))
    put("nulos.md", b"# T\x00\x01\x02" * 500, ("failed", "binary"))
    put("docx_truncado.docx", docx.read_bytes()[:5000], ("failed", "zip"))
    put("boletin_latin1.txt", bulletin_md(104).encode("latin-1", errors="replace"), ("ok", None))
    put("boletin_utf16.txt", bulletin_md(105).encode("utf-16"), ("ok", None))
    put("boletin_utf16_sin_bom.md", bulletin_md(106).encode("utf-16-le"), ("ok", None))
    put("Boletín de cooperación ñandú 2024 (copia).md", bulletin_md(107), ("ok", None))
    put("receta.txt", "Receta de arepas\n\nMezcle la harina con agua tibia y sal. Amase diez minutos.\n"
                      "Forme las arepas y áselas en un budare caliente.\n", ("failed", "not a bulletin"))
    put("no_es_boletin.pdf", _pdf(["Acta de reunión", "Se reunieron los vecinos para hablar del parque.",
                                   "No hubo más asuntos."]), ("failed", "not a bulletin"))
    put("demasiado_grande.txt", md + "\n" + ("relleno " * 200_000), ("failed", "size limit"))
    put("notas.json", '{"a": 1}', ("ignored", None))
    put("foto.png", _png_bytes(), ("ignored", None))
    os.mkfifo(folder / "tuberia.pdf")
    expected["tuberia.pdf"] = ("failed", "not a regular file")
    os.symlink(folder / "no_existe.pdf", folder / "enlace_roto.pdf")
    expected["enlace_roto.pdf"] = ("failed", "no such file")
    os.symlink("bucle.pdf", folder / "bucle.pdf")
    expected["bucle.pdf"] = ("failed", "symbolic links")
    (folder / "subcarpeta").mkdir()
    os.symlink("..", folder / "subcarpeta" / "arriba")       # a folder loop: must not be walked forever
    return expected


def _zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 10, 10)).save(buf, format="PNG")
    return buf.getvalue()


# Limits the hostile batch runs with: small enough that the oversized files trip them at once.
HOSTILE_LIMIT_ARGS = ["--max-file-mb", "1", "--max-pages", "500", "--timeout", "60"]
HOSTILE_ENV = {"EXTRACTOR_TESSERACT_CMD": "/nonexistent/tesseract"}


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile_batch")
    build_good(out / "good", generated=5)
    for name, outcome in sorted(build_hostile(out / "hostile").items()):
        print(f"{name}: {outcome}")
