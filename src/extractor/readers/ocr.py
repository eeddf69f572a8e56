"""OCR of scanned PDF pages with Tesseract (Spanish), as a per-page service for the PDF reader.

Per page: render (pypdfium2, grayscale) → straighten small skew (projection-profile search) → Tesseract
``image_to_data`` → words grouped into lines by Tesseract's block/paragraph/line numbers → lines grouped
into blocks (paragraphs split at bullets and at size changes) → blocks classified (heading, list item,
caption, paragraph). A page read upside down or sideways (low confidence) is retried after Tesseract's
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
DEFAULT_DPI = 300
LOW_CONFIDENCE = 70.0          # mean word confidence (0–100) under which a page gets a warning
RETRY_CONFIDENCE = 55.0        # under this, try OSD rotation: the page may be sideways or upside down
MIN_LINE_CONFIDENCE = 25.0     # lines read with less are grain or pictures, not text: dropped
NOISY = 4.0                    # noise_level above which a page is smoothed and binarised before OCR
SKEW_RANGE = 5.0               # degrees searched either way
SKEW_MIN = 0.3                 # smaller skew is left alone: Tesseract copes
HEADING_RATIO = 1.15           # a line this much taller than the body is a heading
CAPS_SIZE_FACTOR = 1.3         # an all-caps line has no ascender/descender extent: its box underestimates size
MAX_HEADING_WORDS = 15

INSTALL_TESSERACT = "Tesseract OCR is not installed: apt-get install tesseract-ocr tesseract-ocr-spa"
INSTALL_SPANISH = "Tesseract Spanish data is not installed: apt-get install tesseract-ocr-spa"

BlockKindName = Literal["heading", "paragraph", "list_item", "caption"]
BBox = tuple[float, float, float, float]   # x0, top, x1, bottom

# Bullet glyphs as Tesseract reads them: true glyphs always count; look-alikes ("o", "e", "+", ".", "»")
# only when a capitalised word follows after a gap wider than a space.
TRUE_BULLETS = set("•◦▪▫■□●○◆◇►▸▶➢➤✓✔❖·*")
LOOKALIKE_BULLETS = set("-–—»oO0e+.®©°¢«>")
CAPTION = re.compile(r"^(?:foto(?:graf[ií]a)?s?|imagen(?:es)?|figura|fig\.|gr[aá]fico|photo|image)\s*\d*\s*[:.\-–]",
                     re.IGNORECASE)
SENTENCE_END = (".", ":", ";", "!", "?", "…")


# ---------------------------------------------------------------------------------------------- results


@dataclass
class OcrLine:
    text: str                      # bullets normalised to "• "
    bbox: BBox
    height: float                  # approximate font size in points (box height, corrected for all caps)
    confidence: float              # mean word confidence, 0–100
    bullet: bool = False


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


def ocr_pdf_page(pdf_page: pdfium.PdfPage, page_number: int, *, dpi: int = DEFAULT_DPI,
                 timeout: float | None = None, source: str = "") -> OcrPage:
    """OCR one pypdfium2 page. Call ``require_tesseract`` first (once per document)."""
    return ocr_page_image(render_pdf_page(pdf_page, dpi), page_number, dpi=dpi, timeout=timeout, source=source)


def ocr_page_image(image: Image.Image, page_number: int, *, dpi: int = DEFAULT_DPI,
                   timeout: float | None = None, source: str = "") -> OcrPage:
    """OCR a page image: straighten, read, group and classify. ``timeout`` (s) → ``LimitExceeded``."""
    pytesseract.pytesseract.tesseract_cmd = _tesseract_cmd()
    gray = clean_noise(ImageOps.exif_transpose(image).convert("L"), dpi)
    page = _straighten_and_read(gray, 0, page_number, dpi, timeout, source)
    if page.confidence < RETRY_CONFIDENCE or not page.blocks or _sideways(page):
        turn = _osd_rotation(gray, timeout)
        if turn:
            turned = _straighten_and_read(gray, turn, page_number, dpi, timeout, source)
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
                         source: str) -> OcrPage:
    if turn:
        gray = gray.rotate(-turn, expand=True, fillcolor=255)
    skew = estimate_skew(gray)
    if skew:
        gray = gray.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    page = _read(gray, page_number, dpi, timeout, source)
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


def _read(gray: Image.Image, page_number: int, dpi: int, timeout: float | None, source: str) -> OcrPage:
    gray.format = "BMP"  # pytesseract hands the image over as a file: BMP is written 15x faster than PNG
    try:
        data = pytesseract.image_to_data(gray, lang=LANG, config=CONFIG, output_type=pytesseract.Output.DICT,
                                         timeout=timeout or 0)
    except RuntimeError as exc:  # pytesseract's timeout
        raise LimitExceeded(source or f"page {page_number}", f"OCR of page {page_number} took over {timeout:g} s") \
            from exc
    except pytesseract.TesseractNotFoundError:
        raise MissingDependency(source or f"page {page_number}", INSTALL_TESSERACT) from None
    scale = 72.0 / dpi
    lines = _lines(data, scale)
    words = [c for c, t in zip(data["conf"], data["text"]) if t.strip() and float(c) >= 0]
    confidence = float(statistics.fmean(float(c) for c in words)) if words else 0.0
    body = _body_height(lines)
    blocks = [_finish(group, body) for group in _split_blocks(lines, body)]
    _classify_standalone(blocks, body)
    return OcrPage(page_number=page_number, width=gray.width * scale, height=gray.height * scale, blocks=blocks,
                   confidence=confidence, body_height=body)


@dataclass
class _RawLine:
    key: int                        # Tesseract's block_num (its paragraphs are unreliable: we split by gaps)
    words: list[tuple[str, BBox, float]]
    box: BBox


def _lines(data: dict, scale: float) -> list[tuple[int, OcrLine]]:
    """Words grouped into lines in Tesseract's reading order, each tagged with its block number."""
    raw: dict[tuple[int, int, int], _RawLine] = {}
    for i, text in enumerate(data["text"]):
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        box = (data["left"][i] * scale, data["top"][i] * scale, (data["left"][i] + data["width"][i]) * scale,
               (data["top"][i] + data["height"][i]) * scale)
        if data["level"][i] == 4:
            raw[key] = _RawLine(key[0], [], box)
        elif data["level"][i] == 5 and text.strip() and key in raw:
            raw[key].words.append((text.strip(), box, max(0.0, float(data["conf"][i]))))
    lines = [(r.key, _make_line(r)) for r in raw.values() if r.words]
    return [(key, line) for key, line in lines if line.confidence >= MIN_LINE_CONFIDENCE]


def _make_line(raw: _RawLine) -> OcrLine:
    words = raw.words
    height = raw.box[3] - raw.box[1]
    texts = [w[0] for w in words]
    letters = [ch for ch in "".join(texts) if ch.isalpha()]
    if letters and not any(ch.islower() for ch in letters):
        height *= CAPS_SIZE_FACTOR
    bullet = False
    if len(words) > 1 and len(texts[0]) == 1:
        first, second = words[0], words[1]
        gap = second[1][0] - first[1][2]
        follows_capital = texts[1][:1].isupper() or texts[1][:1].isdigit()
        if texts[0] in TRUE_BULLETS or (texts[0] in LOOKALIKE_BULLETS and follows_capital
                                        and gap > 0.25 * (raw.box[3] - raw.box[1])):
            bullet, texts, words = True, texts[1:], words[1:]
    text = " ".join(texts)
    return OcrLine(text=("• " + text) if bullet else text, bbox=raw.box, height=height,
                   confidence=statistics.fmean(w[2] for w in words), bullet=bullet)


def _body_height(lines: list[tuple[int, OcrLine]]) -> float:
    """Median line size, weighted by characters so a few headings don't move it."""
    sizes = sorted((line.height, len(line.text)) for _, line in lines)
    if not sizes:
        return 0.0
    half, seen = sum(n for _, n in sizes) / 2, 0
    for size, n in sizes:
        seen += n
        if seen >= half:
            return size
    return sizes[-1][0]


def _split_blocks(lines: list[tuple[int, OcrLine]], body: float) -> list[list[OcrLine]]:
    """Tesseract's blocks (rejoined where stacked and aligned), split into paragraphs at wide line gaps, bullets, size jumps, captions and after a
    short line that ends a sentence (Tesseract's own paragraph numbers merge and split wrongly)."""
    pitch = _line_pitch(lines)
    groups: list[list[OcrLine]] = []
    last_key = None
    for key, line in lines:
        prev = groups[-1][-1] if groups and (key == last_key or _aligned(groups[-1][-1], line)) else None
        if (prev is None or line.bullet or _size_jump(prev, line, body) or _is_caption(line.text)
                or _wide_gap(prev, line, pitch) or _ends_short(prev, groups[-1])):
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
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 6 and not any(ch.islower() for ch in letters) and not text.endswith(SENTENCE_END[1:])


def _classify_standalone(blocks: list[OcrBlock], body: float) -> None:
    """A short one-line block, a bit larger than the body, unpunctuated, introducing a paragraph: a heading."""
    for block, following in zip(blocks, blocks[1:]):
        if (block.kind == "paragraph" and len(block.lines) == 1 and len(block.text.split()) <= MAX_HEADING_WORDS
                and following.kind in ("paragraph", "list_item") and block.text[:1].isupper()
                and not block.text.endswith(SENTENCE_END) and ":" not in block.text
                and body > 0 and block.line_height >= 1.05 * body):
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

    def __init__(self, source: str, *, dpi: int = DEFAULT_DPI, deadline: float | None = None) -> None:
        self.source = source
        self.dpi = dpi
        self.deadline = deadline          # time.monotonic() value after which OCR stops
        self.warnings: list[str] = []
        self.pages: list[OcrPage] = []

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
        # Box heights jitter with ascenders and descenders: body-like lines get the body size, so that only
        # real size changes (headings) break blocks. OCR's own heading judgement is passed on as bold, the
        # layout step's heading hint (Tesseract reports no font weight).
        lines = []
        body = page.body_height or 10.0
        for number, block in enumerate(page.blocks):
            heading = block.kind == "heading"
            for line in block.lines:
                size = round(line.height, 1) if line.height >= body * 1.2 else body
                lines.append(Line(line.text, line.bbox[0], line.bbox[1], line.bbox[2], line.bbox[3], size,
                                  bold=[True] * len(line.text) if heading else None, group=number))
        return lines or None


__all__ = ["OcrPage", "OcrBlock", "OcrLine", "OcrFallback", "ocr_available", "require_tesseract",
           "is_scanned_page", "image_coverage", "render_pdf_page", "ocr_pdf_page", "ocr_page_image",
           "estimate_skew", "join_lines"]
