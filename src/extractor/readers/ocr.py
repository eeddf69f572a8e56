"""OCR of scanned PDF pages with Tesseract (Spanish), as a per-page service for the PDF reader.

Per page: render (pypdfium2, grayscale, at the scan's own resolution) → straighten small skew
(projection-profile search) → Tesseract ``image_to_data`` → words grouped into lines by Tesseract's
block/paragraph/line numbers, each word's weight measured from its stem thickness against the page's body
text (Tesseract reports none; bulletins mark titles with bold at body size) → lines grouped into blocks
(paragraphs split at bullets, size and weight changes) → blocks classified (heading, list item, caption,
paragraph). A page read upside down or sideways (low confidence) is retried after Tesseract's
orientation detection (OSD). Coordinates are PDF points from the top-left of the *straightened* image.

Tesseract is an external program: ``require_tesseract`` raises ``MissingDependency`` when it (or its
Spanish data) is absent, so a scanned document never turns silently into an empty one.
``EXTRACTOR_TESSERACT_CMD`` overrides the binary.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from extractor.readers.errors import LimitExceeded, MissingDependency
from extractor.readers.scan import MIN_TEXT_CHARS, image_coverage, is_scanned_page  # noqa: F401 (re-exported)


def _import_pytesseract():
    """pytesseract imports pandas when it is installed (0.2 s) only for DataFrame output, never used here."""
    import sys
    if "pandas" in sys.modules:
        import pytesseract
        return pytesseract
    sys.modules["pandas"] = None        # type: ignore[assignment]  # "import pandas" fails: pytesseract skips it
    try:
        import pytesseract
    finally:
        if sys.modules.get("pandas", 0) is None:
            del sys.modules["pandas"]
    return pytesseract


pytesseract = _import_pytesseract()

if TYPE_CHECKING:
    import pypdfium2 as pdfium

    from extractor.readers.pdf import Line

# One thread per Tesseract process: OpenMP threads make it several times slower on small machines.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LANG = "spa"
CONFIG = "--psm 3 -c preserve_interword_spaces=1"
DEFAULT_DPI = 300              # pages with no scan image, and scans too coarse or too fine, are read at this
MIN_NATIVE_DPI = 150           # scans coarser than this are upscaled to DEFAULT_DPI: Tesseract misses small type
MAX_NATIVE_DPI = 400           # scans finer than this are read at DEFAULT_DPI: no accuracy gained, time x4
LOW_CONFIDENCE = 70.0          # mean word confidence (0–100) under which a page gets a warning
RETRY_CONFIDENCE = 55.0        # under this, try OSD rotation: the page may be sideways or upside down
MIN_LINE_CONFIDENCE = 25.0     # lines read with less are grain or pictures, not text: dropped
NOISY = 12.0                   # noise_level above which a page is smoothed and binarised before OCR: scanner
                               # grain up to that (sigma ~17) Tesseract reads better untouched, and smoothing it
                               # drops faint lines and thickens every stroke
SKEW_RANGE = 5.0               # degrees searched either way
SKEW_MIN = 0.3                 # smaller skew is left alone: Tesseract copes
HEADING_RATIO = 1.25           # a line this much taller than the body is a heading (size estimates jitter by
                               # ±10%: smaller steps, bold item titles, are told by weight instead)
STANDALONE_RATIO = 1.15        # a lone unpunctuated line this much taller than the body, before a paragraph
# A line box spans what its letters reach: ascender to descender (≈0.93 em in common faces) only when it has
# both. Boxes of lines lacking one are scaled up to that extent, so size compares across lines.
ASCENDING = (set("bdfhklt0123456789ÁÉÍÓÚÑÜáéíóúüñ¿¡!?/\\|\"'%&#@$")
             | {chr(c) for c in range(ord("A"), ord("Z") + 1)})
DESCENDING = set("gjpqyQç")
BOTH_WAYS = set("()[]{}|")
EXTENT_FACTOR = {(True, True): 1.0, (True, False): 1.3, (False, True): 1.27, (False, False): 1.75}
MAX_HEADING_WORDS = 15
BIG_BLOCK = 1.2                # a block this much taller than the body keeps its own size; others get the body's
SIZE_CLUSTER = 0.12            # bigger sizes this close (relative) across a document are one size
BOLD_STROKE = 1.3              # a line whose stems are this much thicker than the page's body text is bold
BOLD_WORD_MARGIN = 1.1         # a single word inside a plain line needs this much more
MIN_CONTRAST = 60              # grey levels between ink and paper under which a box holds no measurable ink

INSTALL_TESSERACT = "Tesseract OCR is not installed: apt-get install tesseract-ocr tesseract-ocr-spa"
INSTALL_SPANISH = "Tesseract Spanish data is not installed: apt-get install tesseract-ocr-spa"

BlockKindName = Literal["heading", "paragraph", "list_item", "caption"]
BBox = tuple[float, float, float, float]   # x0, top, x1, bottom

# Bullet glyphs as Tesseract reads them: true glyphs always count; look-alikes ("o", "e", "+", ".", "»")
# only when a capitalised word follows after a gap wider than a space. Two dashes ("—-") are one bullet.
TRUE_BULLETS = set("•◦▪▫■□●○◆◇►▸▶➢➤✓✔❖·*")
LOOKALIKE_BULLETS = set("-–—»oO0e+.®©°¢«>=")
CAPTION = re.compile(r"^(?:foto(?:graf[ií]a)?s?|imagen(?:es)?|figura|fig\.|gr[aá]fico|photo|image)\s*\d*\s*[:.\-–]",
                     re.IGNORECASE)
SENTENCE_END = (".", ":", ";", "!", "?", "…")


# ---------------------------------------------------------------------------------------------- results


@dataclass
class OcrLine:
    text: str                      # bullets normalised to "• "
    bbox: BBox
    height: float                  # approximate font size in points (box height, corrected for its letters)
    confidence: float              # mean word confidence, 0–100
    bullet: bool = False
    strokes: list[float] = field(default_factory=list)   # per word of ``text`` (bullet excluded), in pixels
    bold: list[bool] = field(default_factory=list)       # per word: strokes thick for the line's size


@dataclass
class OcrBlock:
    text: str                      # lines joined with spaces, end-of-line hyphenation repaired
    kind: BlockKindName
    bbox: BBox
    line_height: float             # mean approximate font size of its lines, points
    confidence: float
    lines: list[OcrLine] = field(default_factory=list)


@dataclass
class OcrPage:
    page_number: int
    width: float                   # points, of the straightened image
    height: float
    blocks: list[OcrBlock]
    confidence: float              # mean word confidence over the page (0 with no words)
    rotation: int = 0              # degrees (multiple of 90) turned to make it upright
    skew: float = 0.0              # degrees corrected
    body_height: float = 0.0       # median line size, points
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)

    @property
    def lines(self) -> list[OcrLine]:
        return [line for block in self.blocks for line in block.lines]


# ---------------------------------------------------------------------------------------------- availability

_checked: dict[str, str | None] = {}   # command → None (fine) or the reason it is unusable


def _tesseract_cmd() -> str:
    return os.environ.get("EXTRACTOR_TESSERACT_CMD") or "tesseract"


def _problem(cmd: str) -> str | None:
    if cmd not in _checked:
        if shutil.which(cmd) is None:
            _checked[cmd] = INSTALL_TESSERACT
        else:
            try:
                out = subprocess.run([cmd, "--list-langs"], capture_output=True, text=True, timeout=30)
                langs = set((out.stdout + out.stderr).split())
                _checked[cmd] = None if LANG in langs else INSTALL_SPANISH
            except (OSError, subprocess.SubprocessError):
                _checked[cmd] = INSTALL_TESSERACT
    return _checked[cmd]


def ocr_available() -> bool:
    return _problem(_tesseract_cmd()) is None


def require_tesseract(path: str) -> None:
    """Raise ``MissingDependency`` naming ``path`` unless Tesseract with Spanish data can run."""
    cmd = _tesseract_cmd()
    problem = _problem(cmd)
    if problem:
        raise MissingDependency(str(path), problem)
    pytesseract.pytesseract.tesseract_cmd = cmd


# ---------------------------------------------------------------------------------------------- entry points


def render_pdf_page(pdf_page: pdfium.PdfPage, dpi: int = DEFAULT_DPI) -> Image.Image:
    return pdf_page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")


def scan_dpi(pdf_page: pdfium.PdfPage) -> float | None:
    """Resolution of the page's scan: pixels per inch of the largest image, if it covers most of the page."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    page_area = pdf_page.get_width() * pdf_page.get_height()
    best: tuple[float, float] | None = None    # (area in points², dpi)
    for obj in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        area = (right - left) * (top - bottom)
        try:
            px_w, px_h = obj.get_px_size()
        except pypdfium2.PdfiumError:   # a damaged image has no usable size
            continue
        if area > 0 and px_w > 0 and px_h > 0 and (best is None or area > best[0]):
            # pixels over inches squared: the same whichever way the image is turned on the page
            best = (area, (px_w * px_h / (area / 72 ** 2)) ** 0.5)
    if best is None or page_area <= 0 or best[0] < 0.5 * page_area:
        return None
    return best[1]


def ocr_resolution(native: float | None) -> int:
    """The dpi to OCR at: the scan's own (no resampling, and Tesseract is told the truth), within limits."""
    if native is None or native < MIN_NATIVE_DPI or native > MAX_NATIVE_DPI:
        return DEFAULT_DPI
    return round(native)


def ocr_pdf_page(pdf_page: pdfium.PdfPage, page_number: int, *, dpi: int | None = None,
                 timeout: float | None = None, source: str = "") -> OcrPage:
    """OCR one pypdfium2 page (at ``dpi``, else at its scan's resolution). Call ``require_tesseract`` first."""
    image = None
    if dpi is None:
        dpi = ocr_resolution(scan_dpi(pdf_page))
        image = scan_image(pdf_page, dpi)
    if image is None:
        image = render_pdf_page(pdf_page, dpi)
    return ocr_page_image(image, page_number, dpi=dpi, timeout=timeout, source=source)


def scan_image(pdf_page: pdfium.PdfPage, dpi: int) -> Image.Image | None:
    """The page's scan itself, decoded without rendering (several times faster), when it is exactly what a
    render at ``dpi`` would give: one upright image filling the page at that resolution; else None."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    images = list(pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
    if len(images) != 1:
        return None
    obj = images[0]
    width, height = pdf_page.get_width(), pdf_page.get_height()
    left, bottom, right, top = obj.get_bounds()
    matrix = obj.get_matrix()
    if (matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0 or pdf_page.get_rotation()
            or max(abs(left), abs(bottom), abs(right - width), abs(top - height)) > 1.0):
        return None
    try:
        px_w, px_h = obj.get_px_size()
        if abs(px_w - width * dpi / 72) > 0.01 * px_w or abs(px_h - height * dpi / 72) > 0.01 * px_h:
            return None
        return obj.get_bitmap(render=False).to_pil().convert("L")
    except (pypdfium2.PdfiumError, ValueError, OSError):
        return None     # an image format PIL cannot take over: render the page instead


def ocr_page_image(image: Image.Image, page_number: int, *, dpi: int = DEFAULT_DPI,
                   timeout: float | None = None, source: str = "") -> OcrPage:
    """OCR a page image: straighten, read, group and classify. ``timeout`` (s) → ``LimitExceeded``."""
    pytesseract.pytesseract.tesseract_cmd = _tesseract_cmd()
    raw = ImageOps.exif_transpose(image).convert("L")
    gray = clean_noise(raw, dpi)
    # stroke weights are measured on the uncleaned page: smoothing thickens every stroke alike
    original = raw if gray is not raw else None
    page = _straighten_and_read(gray, 0, page_number, dpi, timeout, source, original)
    if page.confidence < RETRY_CONFIDENCE or not page.blocks or _sideways(page):
        turn = _osd_rotation(gray, timeout)
        if turn:
            turned = _straighten_and_read(gray, turn, page_number, dpi, timeout, source, original)
            if turned.confidence >= page.confidence or _sideways(page):
                page = turned
    if not page.blocks:
        page.warnings.append(f"page {page_number}: OCR found no text")
    elif page.confidence < LOW_CONFIDENCE:
        page.warnings.append(f"page {page_number}: OCR confidence low ({page.confidence:.0f}%)")
    return page


# ---------------------------------------------------------------------------------------------- cleaning


def noise_level(gray: Image.Image) -> float:
    """Mean distance of pixels from their 3x3 median on a central crop: ~0 for clean scans, 10+ for grainy."""
    w, h = gray.size
    side = min(512, w, h)
    crop = gray.crop(((w - side) // 2, (h - side) // 2, (w + side) // 2, (h + side) // 2))
    median = crop.filter(ImageFilter.MedianFilter(3))
    return float(np.mean(np.abs(np.asarray(crop, np.int16) - np.asarray(median, np.int16))))


def clean_noise(gray: Image.Image, dpi: int) -> Image.Image:
    """Smooth and binarise a grainy page: Tesseract's own global threshold turns heavy grain into no text."""
    if noise_level(gray) < NOISY:
        return gray
    pixels = np.asarray(gray.filter(ImageFilter.GaussianBlur(1.5 * dpi / 200)), dtype=np.uint8)
    return Image.fromarray(np.where(pixels < _otsu(pixels), 0, 255).astype(np.uint8))


# ---------------------------------------------------------------------------------------------- orientation


def _straighten_and_read(gray: Image.Image, turn: int, page_number: int, dpi: int, timeout: float | None,
                         source: str, original: Image.Image | None = None) -> OcrPage:
    """``original``: the page before cleaning (same size), turned alike and used to measure stroke weight."""
    if turn:
        gray = gray.rotate(-turn, expand=True, fillcolor=255)
        original = original.rotate(-turn, expand=True, fillcolor=255) if original is not None else None
    skew = estimate_skew(gray)
    if skew:
        gray = gray.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        if original is not None:
            original = original.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    page = _read(gray, page_number, dpi, timeout, source, original)
    page.rotation, page.skew = turn, skew
    return page


def _sideways(page: OcrPage) -> bool:
    """Tesseract reads vertical text lines too, boxed in the unturned frame: most lines taller than wide."""
    lines = [line for line in page.lines if len(line.text) >= 8]
    tall = sum(1 for line in lines if line.bbox[3] - line.bbox[1] > line.bbox[2] - line.bbox[0])
    return bool(lines) and tall * 2 > len(lines)


def estimate_skew(gray: Image.Image, max_angle: float = SKEW_RANGE) -> float:
    """Degrees to rotate (counter-clockwise, PIL's sense) so text lines run horizontal.

    Projection profile: at the right angle, ink concentrates in few rows, so the variance of the row sums
    peaks. Searched coarse-to-fine on a downscaled, binarised copy (a few tens of milliseconds).
    """
    small = gray.copy()
    small.thumbnail((800, 800))
    ink = np.asarray(small, dtype=np.uint8) < _otsu(np.asarray(small, dtype=np.uint8))
    if ink.mean() < 0.002:
        return 0.0
    mask = Image.fromarray((ink * 255).astype(np.uint8))

    def score(angle: float) -> float:
        rows = np.asarray(mask.rotate(angle, resample=Image.Resampling.NEAREST, expand=True), dtype=np.float32)
        profile = rows.sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-max_angle, max_angle + 1e-9, 0.5), key=score)
    best = max(np.arange(best - 0.4, best + 0.4 + 1e-9, 0.1), key=score)
    return round(float(best), 2) if abs(best) >= SKEW_MIN else 0.0


def _otsu(pixels: np.ndarray) -> int:
    hist = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    weights = np.cumsum(hist)
    means = np.cumsum(hist * np.arange(256))
    between = (means[-1] * weights - means * total) ** 2 / np.maximum(weights * (total - weights), 1e-9)
    return int(np.argmax(between))


def _osd_rotation(gray: Image.Image, timeout: float | None) -> int:
    """Degrees (clockwise) Tesseract's OSD says the page is turned by; 0 when unsure or too little text."""
    try:
        osd = pytesseract.image_to_osd(gray, output_type=pytesseract.Output.DICT, timeout=timeout or 0)
    except (pytesseract.TesseractError, RuntimeError):
        return 0
    return int(osd.get("rotate", 0)) % 360 if float(osd.get("orientation_conf", 0)) >= 1.0 else 0


# ---------------------------------------------------------------------------------------------- reading


def _read(gray: Image.Image, page_number: int, dpi: int, timeout: float | None, source: str,
          original: Image.Image | None = None) -> OcrPage:
    gray.format = "BMP"  # pytesseract hands the image over as a file: BMP is written 15x faster than PNG
    try:
        data = pytesseract.image_to_data(gray, lang=LANG, config=f"{CONFIG} --dpi {dpi}",
                                         output_type=pytesseract.Output.DICT,
                                         timeout=timeout or 0)
    except RuntimeError as exc:  # pytesseract's timeout
        raise LimitExceeded(source or f"page {page_number}", f"OCR of page {page_number} took over {timeout:g} s") \
            from exc
    except pytesseract.TesseractNotFoundError:
        raise MissingDependency(source or f"page {page_number}", INSTALL_TESSERACT) from None
    scale = 72.0 / dpi
    lines = _lines(data, scale, np.asarray(original if original is not None else gray, dtype=np.uint8))
    words = [c for c, t in zip(data["conf"], data["text"]) if t.strip() and float(c) >= 0]
    confidence = float(statistics.fmean(float(c) for c in words)) if words else 0.0
    body = _body_height(lines)
    _mark_bold([line for _, line in lines], body)
    blocks = [_finish(group, body) for group in _split_blocks(lines, body)]
    _classify_standalone(blocks, body)
    return OcrPage(page_number=page_number, width=gray.width * scale, height=gray.height * scale, blocks=blocks,
                   confidence=confidence, body_height=body)


@dataclass
class _RawLine:
    key: int                        # Tesseract's block_num (its paragraphs are unreliable: we split by gaps)
    words: list[tuple[str, BBox, float, float]]    # text, box, confidence, stroke width (px)
    box: BBox


def _lines(data: dict, scale: float, pixels: np.ndarray) -> list[tuple[int, OcrLine]]:
    """Words grouped into lines in Tesseract's reading order, each tagged with its block number."""
    raw: dict[tuple[int, int, int], _RawLine] = {}
    for i, text in enumerate(data["text"]):
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        box = (data["left"][i] * scale, data["top"][i] * scale, (data["left"][i] + data["width"][i]) * scale,
               (data["top"][i] + data["height"][i]) * scale)
        if data["level"][i] == 4:
            raw[key] = _RawLine(key[0], [], box)
        elif data["level"][i] == 5 and text.strip() and key in raw:
            left, top = data["left"][i], data["top"][i]
            stroke = stroke_width(pixels[top:top + data["height"][i], left:left + data["width"][i]])
            raw[key].words.append((text.strip(), box, max(0.0, float(data["conf"][i])), stroke))
    lines = [(r.key, _make_line(r)) for r in raw.values() if r.words]
    return [(key, line) for key, line in lines if line.confidence >= MIN_LINE_CONFIDENCE]


def _make_line(raw: _RawLine) -> OcrLine:
    words = raw.words
    texts = [w[0] for w in words]
    chars = set("".join(texts))
    up, down = bool(chars & (ASCENDING | BOTH_WAYS)), bool(chars & (DESCENDING | BOTH_WAYS))
    height = (raw.box[3] - raw.box[1]) * EXTENT_FACTOR[(up, down)]
    bullet = False
    glyph = texts[0]
    if len(words) > 1 and (len(glyph) == 1 or len(glyph) == 2 and not set(glyph) - (LOOKALIKE_BULLETS - set("oOe"))):
        first, second = words[0], words[1]
        gap = second[1][0] - first[1][2]
        follows_capital = texts[1][:1].isupper() or texts[1][:1].isdigit()
        line_height = raw.box[3] - raw.box[1]
        if glyph.isalpha():
            # "e" and "o" are also Spanish words, and justified lines stretch their spaces: the gap after a
            # letter read for a bullet must be wide, and wide for this line
            spaces = sorted(b[1][0] - a[1][2] for a, b in zip(words[1:], words[2:]))
            wide = gap > max(0.8 * line_height, 1.8 * (spaces[len(spaces) // 2] if spaces else 0.0))
        else:
            wide = gap > 0.25 * line_height
        if glyph in TRUE_BULLETS or (not set(glyph) - LOOKALIKE_BULLETS and follows_capital and wide):
            bullet, texts, words = True, texts[1:], words[1:]
    text = " ".join(texts)
    return OcrLine(text=("• " + text) if bullet else text, bbox=raw.box, height=height,
                   confidence=statistics.fmean(w[2] for w in words), bullet=bullet, strokes=[w[3] for w in words])


def stroke_width(gray: np.ndarray) -> float:
    """Typical stem thickness (px) in a word's box: the interquartile mean of horizontal ink run lengths.

    Ink is thresholded half way between the box's own darkest and paper levels, so coloured or grey type
    measures like black; runs along curves and bars fall in the tails the quartiles cut off.
    """
    if gray.size == 0:
        return 0.0
    counts = np.bincount(gray.ravel(), minlength=256).cumsum()      # percentiles of uint8, fast
    lo, hi = np.searchsorted(counts, (0.02 * counts[-1], 0.90 * counts[-1]))
    if hi - lo < MIN_CONTRAST:
        return 0.0
    ink = np.zeros((gray.shape[0], gray.shape[1] + 2), dtype=np.int8)
    ink[:, 1:-1] = gray < (int(lo) + int(hi)) / 2
    edges = np.diff(ink, axis=1).ravel()
    runs = np.sort(np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1))
    if runs.size < 4:
        return 0.0
    return float(runs[runs.size // 4: runs.size - runs.size // 4].mean())


def _mark_bold(lines: list[OcrLine], body: float) -> None:
    """Tesseract reports no font weight: a word is bold when its stems are clearly thicker than those of the
    page's body text (the character-weighted median). Stems grow with type size, so bigger lines need
    proportionally more. A line thick throughout is bold (one short word is too noisy to tell alone);
    otherwise single words may be (a bold label or name inside plain text)."""
    weighted = sorted((s, len(word)) for line in lines if body and line.height < 1.1 * body
                      for s, word in zip(line.strokes, _words(line)) if s > 0)
    if not weighted:
        return
    reference = _weighted_median(weighted)
    for line in lines:
        limit = BOLD_STROKE * reference * max(1.0, line.height / body)
        words = _words(line)
        measured = [(s, len(w)) for s, w in zip(line.strokes, words) if s > 0]
        # every word at least half way from body to bold, but one (a misread box) in a line of three or more
        thinnest = sorted(s for s, _ in measured)[:2]
        if (measured and sum(s * n for s, n in measured) / sum(n for _, n in measured) >= limit
                and thinnest[len(measured) >= 3] >= (limit + reference) / 2):
            line.bold = [True] * len(line.strokes)
        else:
            line.bold = [s >= limit * BOLD_WORD_MARGIN and len(w.strip(":.,;()")) >= 3
                         for s, w in zip(line.strokes, words)]


def _words(line: OcrLine) -> list[str]:
    return line.text.removeprefix("• ").split(" ")


def _body_height(lines: list[tuple[int, OcrLine]]) -> float:
    """Median line size, weighted by characters so a few headings don't move it."""
    sizes = sorted((line.height, len(line.text)) for _, line in lines)
    return _weighted_median(sizes) if sizes else 0.0


def _split_blocks(lines: list[tuple[int, OcrLine]], body: float) -> list[list[OcrLine]]:
    """Tesseract's blocks (rejoined where stacked and aligned), split into paragraphs at wide line gaps,
    bullets, size jumps, captions, weight changes, stacked headings and after a short line that ends a
    sentence (Tesseract's own paragraph numbers merge and split wrongly)."""
    pitch = _line_pitch(lines)
    groups: list[list[OcrLine]] = []
    last_key = None
    for key, line in lines:
        prev = groups[-1][-1] if groups and (key == last_key or _aligned(groups[-1][-1], line)) else None
        if (prev is None or line.bullet or _size_jump(prev, line, body) or _is_caption(line.text)
                or _wide_gap(prev, line, pitch) or _ends_short(prev, groups[-1])
                or _weight_change(groups[-1], line) or _stacked_heading(prev, line, lines)):
            groups.append([line])
        else:
            groups[-1].append(line)
        last_key = key
    return groups


def _line_pitch(lines: list[tuple[int, OcrLine]]) -> float:
    """Typical distance between the bottoms of consecutive lines of the same block."""
    steps = [b.bbox[3] - a.bbox[3] for (ka, a), (kb, b) in zip(lines, lines[1:])
             if ka == kb and b.bbox[3] > a.bbox[3]]
    return statistics.median(steps) if steps else 0.0


def _aligned(prev: OcrLine, line: OcrLine) -> bool:
    """Lines Tesseract put in different blocks that still read as one column: left edges close, stacked."""
    return abs(prev.bbox[0] - line.bbox[0]) <= 2 * max(prev.height, line.height) and line.bbox[1] >= prev.bbox[1]


def _wide_gap(prev: OcrLine, line: OcrLine, pitch: float) -> bool:
    step = line.bbox[3] - prev.bbox[3]
    return pitch > 0 and step > 1.4 * max(pitch, 1.1 * max(prev.height, line.height)) or step < 0


def _ends_short(prev: OcrLine, group: list[OcrLine]) -> bool:
    """A paragraph's last line ends a sentence and stops well short of the block's right edge."""
    right = max(line.bbox[2] for line in group)
    left = min(line.bbox[0] for line in group)
    return (len(group) > 1 and prev.text.rstrip().endswith(SENTENCE_END)
            and prev.bbox[2] < right - 0.3 * (right - left))


def _all_bold(line: OcrLine) -> bool:
    return bool(line.bold) and all(line.bold)


def _starts_lower(text: str) -> bool:
    letter = next((ch for ch in text.removeprefix("• ") if ch.isalnum()), "")
    return letter.islower()


def _weight_change(group: list[OcrLine], line: OcrLine) -> bool:
    """A heading ends (plain line after an all-bold block) or starts (bold line after a finished plain one);
    a bold name wrapping inside a paragraph is neither."""
    prev = group[-1]
    if _starts_lower(line.text) or prev.text.rstrip().endswith((",", "-")):
        return False
    if all(_all_bold(l) for l in group):
        return not _all_bold(line)
    if not _all_bold(line):
        return False
    right = max(l.bbox[2] for l in group)
    return prev.text.rstrip().endswith(SENTENCE_END) or prev.bbox[2] < right - 0.25 * (right - prev.bbox[0])


def _stacked_heading(prev: OcrLine, line: OcrLine, lines: list[tuple[int, OcrLine]]) -> bool:
    """Two bold lines where the second's first word would have fit at the end of the first: two headings
    (a section and its first item), not one heading wrapped."""
    if not (_all_bold(prev) and _all_bold(line)) or _starts_lower(line.text):
        return False
    size = max(prev.height, line.height)
    column = [l for _, l in lines
              if abs(l.bbox[0] - prev.bbox[0]) <= 2 * size and abs(l.bbox[1] - prev.bbox[1]) < 30 * size]
    edges = sorted(l.bbox[2] for l in column)
    right = edges[(3 * len(edges)) // 4]      # the column's edge, whatever a wide title above reaches
    text = line.text.removeprefix("• ")
    first_word = (line.bbox[2] - line.bbox[0]) * len(text.split(" ")[0]) / max(1, len(text))
    return prev.bbox[2] + 0.3 * size + first_word < right - 1.5 * size


def _size_jump(prev: OcrLine, line: OcrLine, body: float) -> bool:
    big = max(prev.height, line.height)
    return body > 0 and big >= HEADING_RATIO * body and big >= HEADING_RATIO * min(prev.height, line.height)


def _is_caption(text: str) -> bool:
    return bool(CAPTION.match(text))


def _finish(lines: list[OcrLine], body: float) -> OcrBlock:
    text = join_lines([line.text for line in lines])
    box = (min(l.bbox[0] for l in lines), min(l.bbox[1] for l in lines),
           max(l.bbox[2] for l in lines), max(l.bbox[3] for l in lines))
    height = statistics.fmean(l.height for l in lines)
    confidence = statistics.fmean(l.confidence for l in lines)
    kind: BlockKindName = "paragraph"
    if lines[0].bullet:
        kind = "list_item"
    elif _is_caption(text):
        kind = "caption"
    elif _heading_like(text, lines, height, body):
        kind = "heading"
    return OcrBlock(text=text, kind=kind, bbox=box, line_height=height, confidence=confidence, lines=lines)


def _heading_like(text: str, lines: list[OcrLine], height: float, body: float) -> bool:
    words = text.split()
    if len(lines) > 3 or len(words) > MAX_HEADING_WORDS or not any(ch.isalpha() for ch in text):
        return False
    if body > 0 and height >= HEADING_RATIO * body:
        return True
    if all(_all_bold(line) for line in lines):
        return not (text.endswith((".", ";", ",")) and len(words) > 8)
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 6 and not any(ch.islower() for ch in letters) and not text.endswith(SENTENCE_END[1:])


def _classify_standalone(blocks: list[OcrBlock], body: float) -> None:
    """A short one-line block, a bit larger than the body, unpunctuated, introducing a paragraph: a heading."""
    for block, following in zip(blocks, blocks[1:]):
        if (block.kind == "paragraph" and len(block.lines) == 1 and len(block.text.split()) <= MAX_HEADING_WORDS
                and following.kind in ("paragraph", "list_item") and block.text[:1].isupper()
                and not block.text.endswith(SENTENCE_END) and ":" not in block.text
                and body > 0 and block.line_height >= STANDALONE_RATIO * body):
            block.kind = "heading"


def join_lines(lines: list[str]) -> str:
    """Join a block's lines with spaces, repairing words hyphenated across a line end ("forma-" + "ción")."""
    out = ""
    for line in lines:
        line = line.strip()
        if not out:
            out = line
        elif re.search(r"\w[-\u00ad‐]$", out) and line[:1].islower():
            out = out[:-1] + line
        else:
            out = f"{out} {line}"
    return out


# ---------------------------------------------------------------------------------------------- PDF reader hook


class OcrFallback:
    """A ``pdf.PageFallback``: OCR a page that has no text layer and return it as ``pdf.Line`` objects.

    Tesseract is checked on the first page that needs it (``MissingDependency`` propagates); warnings
    (low confidence, nothing found) collect in ``warnings`` for the caller to add to the document.
    """

    def __init__(self, source: str, *, dpi: int | None = None, deadline: float | None = None) -> None:
        self.source = source
        self.dpi = dpi                    # None: each page at its scan's own resolution
        self.deadline = deadline          # time.monotonic() value after which OCR stops
        self.warnings: list[str] = []
        self.pages: list[OcrPage] = []
        self._made: list[tuple[Line, float | None]] = []   # every line returned; its size over its page's
                                                            # body size, None if it got the body size

    def __call__(self, pdf_page: pdfium.PdfPage, page_number: int) -> list[Line] | None:
        import time

        from extractor.readers.pdf import Line

        require_tesseract(self.source)
        timeout = None
        if self.deadline is not None:
            timeout = self.deadline - time.monotonic()
            if timeout <= 0:
                raise LimitExceeded(self.source, f"no time left to OCR page {page_number}")
        page = ocr_pdf_page(pdf_page, page_number, dpi=self.dpi, timeout=timeout, source=self.source)
        self.pages.append(page)
        self.warnings.extend(page.warnings)
        # Size estimates jitter by ±10%: body-like blocks get the body size, so that only real size changes
        # (headings) break blocks, and a block keeps one size; ``settle`` makes sizes agree across pages.
        # OCR's own heading judgement is passed on as bold, the layout step's heading hint.
        lines = []
        body = page.body_height or 10.0
        for number, block in enumerate(page.blocks):
            heading = block.kind == "heading"
            ratio = None if block.line_height < body * BIG_BLOCK else block.line_height / body
            size = body if ratio is None else round(block.line_height, 1)
            for line in block.lines:
                bold = [True] * len(line.text) if heading else _char_flags(line)
                made = Line(line.text, line.bbox[0], line.bbox[1], line.bbox[2], line.bbox[3], size,
                            bold=bold, group=number)
                lines.append(made)
                self._made.append((made, ratio))
        return lines or None

    def settle(self) -> None:
        """After the last page: one body size for the whole document (pages measure it a little apart), and
        bigger sizes, taken relative to their page's body (a cleaned or blurred page measures all lines
        bigger), within SIZE_CLUSTER of each other made equal, so one heading style ranks as one level."""
        if not self._made:
            return
        body_sizes = sorted((line.size, len(line.text)) for line, ratio in self._made if ratio is None)
        body = _weighted_median(body_sizes) if body_sizes else statistics.median(
            line.size / ratio for line, ratio in self._made if ratio)
        clusters: list[list[float]] = []
        for ratio in sorted({ratio for _, ratio in self._made if ratio is not None}):
            if clusters and ratio <= clusters[-1][0] * (1 + SIZE_CLUSTER):
                clusters[-1].append(ratio)
            else:
                clusters.append([ratio])
        settled = {ratio: round(body * statistics.median(group), 1) for group in clusters for ratio in group}
        for line, ratio in self._made:
            line.size = body if ratio is None else settled[ratio]


def _weighted_median(pairs: list[tuple[float, int]]) -> float:
    """Median of sorted (value, weight) pairs."""
    half, seen = sum(n for _, n in pairs) / 2, 0
    for value, n in pairs:
        seen += n
        if seen >= half:
            return value
    return pairs[-1][0]


def _char_flags(line: OcrLine) -> list[bool] | None:
    """The line's per-word weights as one flag per character of its text (spaces and bullet not bold)."""
    if not any(line.bold):
        return None
    flags = [False, False] if line.bullet else []
    for n, (word, bold) in enumerate(zip(line.text.removeprefix("• ").split(" "), line.bold)):
        flags += ([False] if n else []) + [bold] * len(word)
    return flags + [False] * (len(line.text) - len(flags))


__all__ = ["OcrPage", "OcrBlock", "OcrLine", "OcrFallback", "ocr_available", "require_tesseract",
           "is_scanned_page", "image_coverage", "render_pdf_page", "scan_dpi", "scan_image", "ocr_resolution",
           "ocr_pdf_page", "ocr_page_image", "estimate_skew", "stroke_width", "join_lines"]
