"""OCR of scanned pages: real image-only PDFs built at test time, read by the installed Tesseract."""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter
from rapidfuzz import fuzz
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractor.readers import ocr
from extractor.readers.base import ReaderLimits
from extractor.readers.errors import MissingDependency

pytestmark = pytest.mark.skipif(not ocr.ocr_available(), reason="Tesseract with Spanish data is not installed")

HEADING = "INTERCAMBIO TÉCNICO CON EUROPA"
PARAGRAPH = [
    "En el segundo trimestre se desarrolló un programa de formación dual",
    "con instituciones de los Países Bajos, orientado a fortalecer las compe-",
    "tencias de los aprendices en energías renovables y logística portuaria.",
]
FIELD = "Beneficiarios: 25 aprendices"
BULLETS = ["Visitas técnicas a cooperativas agrícolas.", "Talleres de innovación pedagógica.",
           "Certificación de instructores en idiomas."]
SECOND_HEADING = "Cooperación regional"
SECOND_PARAGRAPH = "Tres regionales recibieron asesoría para proyectos de emprendimiento rural."


def _bulletin_image(tmp: Path, dpi: int = 200) -> Image.Image:
    """Typeset a bulletin page with reportlab and rasterise it, as a scanner would."""
    src = tmp / "typeset.pdf"
    c = canvas.Canvas(str(src), pagesize=A4)
    y = A4[1] - 90
    c.setFont("Helvetica-Bold", 17)
    c.drawString(72, y, HEADING)
    y -= 38
    c.setFont("Helvetica", 11)
    for line in PARAGRAPH:
        c.drawString(72, y, line)
        y -= 15
    y -= 12
    c.drawString(72, y, FIELD)
    y -= 27
    for item in BULLETS:
        c.drawString(82, y, "•")
        c.drawString(96, y, item)
        y -= 16
    y -= 24
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, y, SECOND_HEADING)
    y -= 24
    c.setFont("Helvetica", 11)
    c.drawString(72, y, SECOND_PARAGRAPH)
    c.save()
    pdf = pdfium.PdfDocument(src)
    try:
        return pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def _save_scan(images: list[Image.Image], path: Path) -> Path:
    images[0].save(path, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return path


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("scans")
    straight = _bulletin_image(tmp)
    skewed = straight.rotate(1.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    pdf_path = _save_scan([straight, skewed], tmp / "scan.pdf")
    pages = {}
    timings = {}
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        ocr.require_tesseract(str(pdf_path))
        for index, name in enumerate(("straight", "skewed")):
            started = time.monotonic()
            pages[name] = ocr.ocr_pdf_page(pdf[index], index + 1)
            timings[name] = time.monotonic() - started
    finally:
        pdf.close()
    return {"path": pdf_path, "pages": pages, "timings": timings, "image": straight}


def _block_of(page: ocr.OcrPage, needle: str, threshold: float = 90) -> ocr.OcrBlock:
    best = max(page.blocks, key=lambda block: fuzz.partial_ratio(needle, block.text))
    assert fuzz.partial_ratio(needle, best.text) >= threshold, f"{needle!r} not read; page text:\n{page.text}"
    return best


def _paragraph_text() -> str:
    return " ".join(PARAGRAPH).replace("compe- tencias", "competencias")


@pytest.mark.parametrize("name", ["straight", "skewed"])
def test_scanned_page_is_read_with_structure(scans, name):
    page: ocr.OcrPage = scans["pages"][name]
    assert page.page_number == (1 if name == "straight" else 2)
    assert _block_of(page, HEADING).kind == "heading"
    assert _block_of(page, SECOND_HEADING).kind == "heading"
    paragraph = _block_of(page, _paragraph_text())
    assert paragraph.kind == "paragraph"
    # one block: lines joined with spaces, the hyphenated word across a line end repaired
    assert "competencias" in paragraph.text and "\n" not in paragraph.text
    for word in ("formación", "Países Bajos", "energías"):
        assert word in page.text
    field = _block_of(page, FIELD, 95)
    assert field.kind == "paragraph" and "25" in field.text
    items = [block for block in page.blocks if block.kind == "list_item"]
    assert len(items) == len(BULLETS)
    for item, expected in zip(items, BULLETS):
        assert item.text.startswith("• ")
        assert fuzz.ratio(item.text[2:], expected) >= 90
    assert _block_of(page, SECOND_PARAGRAPH).kind == "paragraph"
    assert page.confidence >= 80 and all(0 < block.confidence <= 100 for block in page.blocks)
    assert not page.warnings


def test_skew_is_detected_and_corrected(scans):
    straight, skewed = scans["pages"]["straight"], scans["pages"]["skewed"]
    assert straight.skew == 0.0
    assert skewed.skew == pytest.approx(-1.5, abs=0.3)
    assert fuzz.ratio(skewed.text, straight.text) >= 95
    assert ocr.estimate_skew(scans["image"].rotate(-2.5, expand=True, fillcolor=255)) == pytest.approx(2.5, abs=0.3)


def test_geometry_is_in_points_and_sizes_rank_headings(scans):
    page: ocr.OcrPage = scans["pages"]["straight"]
    assert page.width == pytest.approx(A4[0], abs=2) and page.height == pytest.approx(A4[1], abs=2)
    heading, paragraph = _block_of(page, HEADING), _block_of(page, _paragraph_text())
    assert heading.bbox[1] < paragraph.bbox[1] < paragraph.bbox[3] < page.height
    assert heading.bbox[0] == pytest.approx(72, abs=4)
    assert heading.line_height > 1.3 * paragraph.line_height
    assert paragraph.line_height == pytest.approx(page.body_height, rel=0.15)


def test_upside_down_page_is_turned(scans):
    page = ocr.ocr_page_image(scans["image"].rotate(180), 7, dpi=200)
    assert page.rotation == 180
    assert _block_of(page, HEADING).kind == "heading"
    assert fuzz.partial_ratio(_paragraph_text(), page.text) >= 90


def test_noisy_low_contrast_page_warns(scans):
    rng = np.random.default_rng(7)
    pixels = np.asarray(scans["image"].filter(ImageFilter.GaussianBlur(1.0)), dtype=np.float32)
    pixels = 128 + (pixels - 128) * 0.35 + rng.normal(0, 40, pixels.shape)
    page = ocr.ocr_page_image(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)), 3, dpi=200)
    assert page.warnings, page.text
    assert re.fullmatch(r"page 3: OCR (confidence low \(\d+%\)|found no text)", page.warnings[0])
    assert page.confidence < ocr.LOW_CONFIDENCE


def test_mildly_grainy_page_is_cleaned_and_read(scans):
    rng = np.random.default_rng(11)
    pixels = np.asarray(scans["image"], dtype=np.float32)
    pixels = 128 + (pixels - 128) * 0.45 + rng.normal(0, 25, pixels.shape)
    grainy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    assert ocr.noise_level(grainy) > ocr.NOISY > ocr.noise_level(scans["image"])
    page = ocr.ocr_page_image(grainy, 1, dpi=200)
    assert fuzz.partial_ratio(HEADING, page.text) >= 90
    assert "Beneficiarios" in page.text


def test_blank_page_warns_instead_of_returning_nothing_silently():
    page = ocr.ocr_page_image(Image.new("L", (1654, 2339), 255), 4, dpi=200)
    assert page.blocks == [] and page.warnings == ["page 4: OCR found no text"]


def test_missing_tesseract_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("EXTRACTOR_TESSERACT_CMD", str(tmp_path / "no-such-tesseract"))
    assert not ocr.ocr_available()
    with pytest.raises(MissingDependency) as err:
        ocr.require_tesseract("boletin.pdf")
    assert str(err.value) == ("boletin.pdf: Tesseract OCR is not installed: "
                              "apt-get install tesseract-ocr tesseract-ocr-spa")


def test_missing_tesseract_fails_the_fallback(monkeypatch, scans):
    monkeypatch.setenv("EXTRACTOR_TESSERACT_CMD", "/nonexistent/tesseract")
    fallback = ocr.OcrFallback(str(scans["path"]))
    pdf = pdfium.PdfDocument(scans["path"])
    try:
        with pytest.raises(MissingDependency):
            fallback(pdf[0], 1)
    finally:
        pdf.close()


@pytest.mark.parametrize(("chars", "area", "coverage", "expected"), [
    (0, None, None, True),
    (19, None, None, True),
    (20, None, None, False),
    (1500, 595 * 842, 1.0, False),   # a searchable scan: the image carries an OCR text layer
    (60, 595 * 842, 0.95, True),     # a scan with only a stamped page number or a header
    (60, 595 * 842, 0.1, False),     # a short but real text page
])
def test_is_scanned_page(chars, area, coverage, expected):
    assert ocr.is_scanned_page(chars, area, coverage) is expected


def test_image_coverage_of_a_scan(scans, tmp_path):
    pdf = pdfium.PdfDocument(scans["path"])
    try:
        assert ocr.image_coverage(pdf[0]) == pytest.approx(1.0, abs=0.02)
    finally:
        pdf.close()
    text_pdf = tmp_path / "text.pdf"
    c = canvas.Canvas(str(text_pdf), pagesize=A4)
    c.drawString(72, 700, "Solo texto")
    c.save()
    pdf = pdfium.PdfDocument(text_pdf)
    try:
        assert ocr.image_coverage(pdf[0]) == 0.0
    finally:
        pdf.close()


@pytest.mark.parametrize(("lines", "expected"), [
    (["formación de instruc-", "tores en Europa"], "formación de instructores en Europa"),
    (["acuerdo franco-", "Colombiano"], "acuerdo franco- Colombiano"),   # capital after: a real hyphen
    (["primera línea", "segunda línea"], "primera línea segunda línea"),
    (["fin de la línea -", "sigue"], "fin de la línea - sigue"),
])
def test_join_lines(lines, expected):
    assert ocr.join_lines(lines) == expected


def test_pdf_reader_fallback_reads_a_scanned_document(scans):
    from extractor.readers.pdf import read_pdf

    fallback = ocr.OcrFallback(str(scans["path"]))
    doc = read_pdf(scans["path"], ReaderLimits(), page_fallback=fallback)
    assert doc.pages == 2 and doc.pages_ocr == 2
    assert len(fallback.pages) == 2 and not fallback.warnings
    assert fuzz.partial_ratio(FIELD, doc.text) >= 95
    assert "Países Bajos" in doc.text
    assert any(block.kind.value == "list_item" for block in doc.blocks)


def test_timings_are_reasonable(scans):
    # 300 dpi OCR of an A4 page takes about 1 s on a 2-core machine; 10 s means a regression (threads, PNG).
    assert max(scans["timings"].values()) < 10


# ---------------------------------------------------------------------------------------------- bold at body size

RUNNING = "Boletín de Cooperación SENA"
SECTION = "Alianzas"
ITEM_TITLES = ["Alianza con el Instituto Federal", "Memorando con Skills Development Scotland"]
BODY_LINES = [["El acuerdo impulsa la formación de aprendices en energías renovables y",
               "mecatrónica durante los próximos tres años con apoyo de la embajada."],
              ["La agencia escocesa compartirá metodologías de prospectiva laboral con",
               "los observatorios regionales y apoyará el diseño de nuevos programas."]]


def _bold_scan(tmp: Path, dpi: int) -> Path:
    """Two pages typeset with reportlab: a running header, a section heading and item titles in bold at body
    size (only their weight tells them apart), rasterised at ``dpi`` into an image-only PDF."""
    src = tmp / f"bold_{dpi}.pdf"
    c = canvas.Canvas(str(src), pagesize=A4)
    for page in range(2):
        c.setFont("Helvetica", 9)
        c.drawString(72, A4[1] - 40, RUNNING)
        y = A4[1] - 90
        if page == 0:
            c.setFont("Helvetica-Bold", 11)
            c.drawString(72, y, SECTION)
            y -= 20
        c.setFont("Helvetica-Bold", 11)
        c.drawString(72, y, ITEM_TITLES[page])
        y -= 18
        c.setFont("Helvetica", 11)
        for line in BODY_LINES[page]:
            c.drawString(72, y, line)
            y -= 15
        c.setFont("Helvetica", 9)
        c.drawString(A4[0] / 2, 40, f"Página {page + 1}")
        c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(src)
    try:
        images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(2)]
    finally:
        pdf.close()
    out = tmp / f"scan_{dpi}.pdf"
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out


@pytest.mark.parametrize("dpi", [200, 300])
def test_bold_headings_at_body_size_survive_a_scan(tmp_path, dpi):
    from extractor.readers.pdf import read_pdf

    path = _bold_scan(tmp_path, dpi)
    pdf = pdfium.PdfDocument(path)
    try:
        assert ocr.scan_dpi(pdf[0]) == pytest.approx(dpi, rel=0.01)   # read at the scan's own resolution
        assert ocr.ocr_resolution(ocr.scan_dpi(pdf[0])) == dpi
    finally:
        pdf.close()
    doc = read_pdf(path, ReaderLimits(), page_fallback=ocr.OcrFallback(str(path)))
    assert doc.pages_ocr == 2
    headings = [b.text for b in doc.blocks if b.kind.value == "heading"]
    paragraphs = [b for b in doc.blocks if b.kind.value == "paragraph"]
    # the section and each item title stand alone as headings (not merged with each other)
    assert len(headings) == 3, [(b.kind.value, b.text) for b in doc.blocks]
    for heading, expected in zip(headings, [SECTION, *ITEM_TITLES]):
        assert fuzz.ratio(heading, expected) >= 90
    # body text stays plain and whole; the running header is gone from every page
    assert len(paragraphs) == 2 and all(not b.bold for b in paragraphs)
    for block, lines in zip(paragraphs, BODY_LINES):
        assert fuzz.ratio(block.text, " ".join(lines)) >= 90
    assert fuzz.partial_ratio(RUNNING, doc.text) < 80 and "Página" not in doc.text
    # one body size for the whole document: headings of one style share a level
    assert len({b.font_size for b in paragraphs}) == 1


def test_stroke_width_tells_bold_from_regular_in_any_colour(tmp_path):
    c = canvas.Canvas(str(tmp_path / "w.pdf"), pagesize=(300, 170))
    c.setFont("Helvetica-Bold", 12)
    c.setFillColorRGB(0.1, 0.3, 0.6)           # a coloured heading: mid grey once scanned in grayscale
    c.drawString(10, 130, "Cooperación")
    c.setFillColorRGB(0, 0, 0)
    c.drawString(10, 80, "Cooperación")
    c.setFont("Helvetica", 12)
    c.drawString(10, 30, "Cooperación")
    c.save()
    pdf = pdfium.PdfDocument(tmp_path / "w.pdf")
    try:
        gray = np.asarray(pdf[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L"))
    finally:
        pdf.close()

    def stroke(top: float) -> float:   # the word's band, from its top in points
        return ocr.stroke_width(gray[int(top * 200 / 72):int((top + 25) * 200 / 72)])

    coloured, black, regular = stroke(20), stroke(70), stroke(120)
    assert black > ocr.BOLD_STROKE * regular > 0
    assert coloured == pytest.approx(black, rel=0.1)
    assert ocr.stroke_width(np.full((30, 60), 240, np.uint8)) == 0.0   # blank paper: nothing to measure


def test_scan_image_is_the_page_as_rendered(scans):
    pdf = pdfium.PdfDocument(scans["path"])
    try:
        page = pdf[0]
        dpi = ocr.ocr_resolution(ocr.scan_dpi(page))
        direct, rendered = ocr.scan_image(page, dpi), ocr.render_pdf_page(page, dpi)
        assert dpi == 200 and direct is not None
        assert abs(direct.width - rendered.width) <= 1 and direct.height == rendered.height
        w = min(direct.width, rendered.width)
        diff = np.abs(np.asarray(direct, np.int16)[:, :w] - np.asarray(rendered, np.int16)[:, :w])
        assert float(diff.mean()) < 2
        assert ocr.scan_image(page, 300) is None      # not what a 300-dpi render would give
    finally:
        pdf.close()


def test_ocr_running_header_read_differently_on_each_page_is_dropped():
    from extractor.readers.pdf import Line, _drop_running_lines

    def page(header: str, top: float, body: str, last: str, group: int | None = 0) -> list[Line]:
        return [Line(header, 150, top, 450, top + 7, 9.0, group=group),
                Line(body, 72, 200, 520, 211, 11.0, group=group),
                Line(last, 72, 780, 520, 791, 11.0, group=group)]

    # misread letters and a page straightened by a degree (10 pt lower): still the running header
    pages = [page("SENA - Coordinación Nacional de Relaciones Internacionales", 40, "Primera página",
                  "con la OEI en doce regionales."),
             page("SENA — Coordinaci6n Nacional de Relaciones lnternacionales", 50, "Segunda página",
                  "Beneficiarios: 25 aprendices"),
             page("SENA - Coordinación Nacional de Relaciones Internacionales", 42, "Tercera página",
                  "Fechas: del 3 al 14 de junio")]
    _drop_running_lines(pages)
    assert all(len(lines) == 2 and "SENA" not in lines[0].text for lines in pages)
    # text lines (no OCR group) still need the exact text at the same height
    pages = [page("Boletín trimestral de cooperación", 40, "Uno", "Cierre uno", None),
             page("Boletín trimestral de cooperacion", 50, "Dos", "Final dos", None)]
    _drop_running_lines(pages)
    assert [len(lines) for lines in pages] == [3, 3]
