"""Does a PDF page need OCR? Light checks, kept apart from ``ocr`` so that reading a text PDF never
imports the OCR stack (numpy, Pillow filters, pytesseract)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pypdfium2 as pdfium

MIN_TEXT_CHARS = 20            # a text layer shorter than this means the page is a scan


def is_scanned_page(text_chars: int, page_area: float | None = None, image_coverage: float | None = None) -> bool:
    """Whether a PDF page needs OCR: (almost) no text layer, or a page-filling image with only a stamp of text.

    ``image_coverage`` is the fraction of the page covered by images (0–1); ``page_area`` in square points
    scales the "stamp" allowance (about 200 characters on an A4 page).
    """
    if text_chars < MIN_TEXT_CHARS:
        return True
    if image_coverage is not None and image_coverage >= 0.7:
        allowance = 200 * (page_area / (595 * 842) if page_area else 1.0)
        return text_chars < allowance
    return False


def image_coverage(pdf_page: pdfium.PdfPage) -> float:
    """Fraction of the page's area covered by image objects (overlaps counted once per object, capped at 1)."""
    import pypdfium2.raw as pdfium_c

    width, height = pdf_page.get_width(), pdf_page.get_height()
    if width <= 0 or height <= 0:
        return 0.0
    covered = 0.0
    for obj in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        covered += max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0))
    return min(1.0, covered / (width * height))
